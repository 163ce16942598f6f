"""``TransformerEncoderLayer``, ``TransformerEncoder``, ``TransformerDecoderLayer`` and
``TransformerDecoder``, as PyTorch's (the same submodule names, so state dicts carry over):
compositions of ``MultiheadAttention``, ``Linear``, ``LayerNorm`` and ``Dropout``."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from ..._array import Array
from .._containers import ModuleList
from .._functional import activation as A
from .._module import Module
from .attention import MultiheadAttention
from .dropout import Dropout
from .linear import Linear
from .normalization import LayerNorm

__all__ = ["TransformerEncoderLayer", "TransformerEncoder", "TransformerDecoderLayer",
           "TransformerDecoder"]


def _activation(activation: str | Callable[[Array], Array], name: str
                ) -> Callable[[Array], Array]:
    if activation == "relu":
        return A.relu
    if activation == "gelu":
        return A.gelu
    if callable(activation):
        return activation
    raise ValueError(f"{name}(activation): expected 'relu', 'gelu' or a callable, got "
                     f"{activation!r}")


class _Block(Module):
    """What the encoder and decoder layers share: the feed-forward block and the options."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int, dropout: float,
                 activation: Any, layer_norm_eps: float, batch_first: bool, norm_first: bool,
                 bias: bool, device: Any, dtype: Any, norms: int) -> None:
        super().__init__()
        kw = {"device": device, "dtype": dtype}
        self.self_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                            batch_first=batch_first, **kw)
        self.linear1 = Linear(d_model, dim_feedforward, bias=bias, **kw)
        self.dropout = Dropout(dropout)
        self.linear2 = Linear(dim_feedforward, d_model, bias=bias, **kw)
        self.norm_first = norm_first
        for i in range(1, norms + 1):
            setattr(self, f"norm{i}", LayerNorm(d_model, eps=layer_norm_eps, bias=bias, **kw))
            setattr(self, f"dropout{i}", Dropout(dropout))
        self.activation = _activation(activation, type(self).__name__)

    def _sa_block(self, x: Array, mask: Any, key_padding_mask: Any, is_causal: bool) -> Array:
        x = self.self_attn(x, x, x, attn_mask=mask, key_padding_mask=key_padding_mask,
                           need_weights=False, is_causal=is_causal)[0]
        return self.dropout1(x)

    def _ff_block(self, x: Array, drop: Module) -> Array:
        return drop(self.linear2(self.dropout(self.activation(self.linear1(x)))))


class TransformerEncoderLayer(_Block):
    """Self-attention and a feed-forward network, each with a residual connection and
    LayerNorm (after each block, or before it with ``norm_first=True``)."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: Any = "relu", layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                         batch_first, norm_first, bias, device, dtype, norms=2)

    def forward(self, src: Array, src_mask: Array | None = None,
                src_key_padding_mask: Array | None = None, is_causal: bool = False) -> Array:
        x = src
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), src_mask, src_key_padding_mask, is_causal)
            return x + self._ff_block(self.norm2(x), self.dropout2)
        x = self.norm1(x + self._sa_block(x, src_mask, src_key_padding_mask, is_causal))
        return self.norm2(x + self._ff_block(x, self.dropout2))


class TransformerDecoderLayer(_Block):
    """Self-attention, attention over the encoder's output (``memory``) and a feed-forward
    network, each with a residual connection and LayerNorm."""

    def __init__(self, d_model: int, nhead: int, dim_feedforward: int = 2048,
                 dropout: float = 0.1, activation: Any = "relu", layer_norm_eps: float = 1e-5,
                 batch_first: bool = False, norm_first: bool = False, bias: bool = True,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__(d_model, nhead, dim_feedforward, dropout, activation, layer_norm_eps,
                         batch_first, norm_first, bias, device, dtype, norms=3)
        self.multihead_attn = MultiheadAttention(d_model, nhead, dropout=dropout, bias=bias,
                                                 batch_first=batch_first, device=device,
                                                 dtype=dtype)

    def _mha_block(self, x: Array, memory: Array, mask: Any, key_padding_mask: Any,
                   is_causal: bool) -> Array:
        x = self.multihead_attn(x, memory, memory, attn_mask=mask,
                                key_padding_mask=key_padding_mask, need_weights=False,
                                is_causal=is_causal)[0]
        return self.dropout2(x)

    def forward(self, tgt: Array, memory: Array, tgt_mask: Array | None = None,
                memory_mask: Array | None = None, tgt_key_padding_mask: Array | None = None,
                memory_key_padding_mask: Array | None = None, tgt_is_causal: bool = False,
                memory_is_causal: bool = False) -> Array:
        x = tgt
        if self.norm_first:
            x = x + self._sa_block(self.norm1(x), tgt_mask, tgt_key_padding_mask,
                                   tgt_is_causal)
            x = x + self._mha_block(self.norm2(x), memory, memory_mask,
                                    memory_key_padding_mask, memory_is_causal)
            return x + self._ff_block(self.norm3(x), self.dropout3)
        x = self.norm1(x + self._sa_block(x, tgt_mask, tgt_key_padding_mask, tgt_is_causal))
        x = self.norm2(x + self._mha_block(x, memory, memory_mask, memory_key_padding_mask,
                                           memory_is_causal))
        return self.norm3(x + self._ff_block(x, self.dropout3))


class _Stack(Module):
    """``num_layers`` copies of a layer (independent parameters), then ``norm``."""

    def __init__(self, layer: Module, num_layers: int, norm: Module | None) -> None:
        super().__init__()
        if type(num_layers) is not int or num_layers < 1:
            raise ValueError(f"{type(self).__name__}(num_layers): expected a positive int, got "
                             f"{num_layers!r}")
        self.layers = ModuleList([copy.deepcopy(layer) for _ in range(num_layers)])
        self.num_layers = num_layers
        self.norm = norm

    def _finish(self, x: Array) -> Array:
        return self.norm(x) if self.norm is not None else x


class TransformerEncoder(_Stack):
    """``num_layers`` copies of ``encoder_layer`` (independent parameters), then ``norm``."""

    def __init__(self, encoder_layer: TransformerEncoderLayer, num_layers: int,
                 norm: Module | None = None) -> None:
        super().__init__(encoder_layer, num_layers, norm)

    def forward(self, src: Array, mask: Array | None = None,
                src_key_padding_mask: Array | None = None, is_causal: bool | None = None
                ) -> Array:
        x = src
        for layer in self.layers:
            x = layer(x, src_mask=mask, src_key_padding_mask=src_key_padding_mask,
                      is_causal=bool(is_causal))
        return self._finish(x)


class TransformerDecoder(_Stack):
    """``num_layers`` copies of ``decoder_layer`` (independent parameters), then ``norm``."""

    def __init__(self, decoder_layer: TransformerDecoderLayer, num_layers: int,
                 norm: Module | None = None) -> None:
        super().__init__(decoder_layer, num_layers, norm)

    def forward(self, tgt: Array, memory: Array, tgt_mask: Array | None = None,
                memory_mask: Array | None = None, tgt_key_padding_mask: Array | None = None,
                memory_key_padding_mask: Array | None = None, tgt_is_causal: bool | None = None,
                memory_is_causal: bool = False) -> Array:
        x = tgt
        for layer in self.layers:
            x = layer(x, memory, tgt_mask=tgt_mask, memory_mask=memory_mask,
                      tgt_key_padding_mask=tgt_key_padding_mask,
                      memory_key_padding_mask=memory_key_padding_mask,
                      tgt_is_causal=bool(tgt_is_causal), memory_is_causal=memory_is_causal)
        return self._finish(x)
