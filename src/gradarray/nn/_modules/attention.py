"""``MultiheadAttention``, as PyTorch's (parameter names and initialisation included, so
state dicts carry over)."""

from __future__ import annotations

from typing import Any

from ..._array import Array
from ..._ops.manipulation import permute_dims
from .. import _init as init
from .._functional import attention as F
from .._module import Module
from ._factory import new_param
from .linear import Linear

__all__ = ["MultiheadAttention"]


class MultiheadAttention(Module):
    """Attention of ``num_heads`` heads of size ``embed_dim / num_heads`` (Vaswani et al.):
    query, key and value projected, attended per head, concatenated and projected again.

    Inputs are (L, N, E) (or (N, L, E) with ``batch_first=True``, or unbatched (L, E));
    ``forward`` returns ``(output, weights)`` as PyTorch's, the weights being None unless
    ``need_weights``.

    >>> import gradarray as xp
    >>> from gradarray import nn
    >>> mha = nn.MultiheadAttention(8, 2, batch_first=True)
    >>> x = xp.ones((3, 5, 8), dtype=xp.float32)
    >>> out, w = mha(x, x, x)
    >>> out.shape, w.shape
    ((3, 5, 8), (3, 5, 5))
    """

    def __init__(self, embed_dim: int, num_heads: int, dropout: float = 0.0, bias: bool = True,
                 add_bias_kv: bool = False, add_zero_attn: bool = False,
                 kdim: int | None = None, vdim: int | None = None, batch_first: bool = False,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__()
        name = "MultiheadAttention"
        for arg, v in (("embed_dim", embed_dim), ("num_heads", num_heads)):
            if type(v) is not int or v <= 0:
                raise ValueError(f"{name}({arg}): expected a positive int, got {v!r}")
        if embed_dim % num_heads:
            raise ValueError(f"{name}: embed_dim {embed_dim} must be divisible by num_heads "
                             f"{num_heads}")
        if type(dropout) not in (int, float) or not 0 <= dropout <= 1:
            raise ValueError(f"{name}(dropout): expected a probability in [0, 1], got "
                             f"{dropout!r}")
        self.embed_dim = embed_dim
        self.kdim = kdim if kdim is not None else embed_dim
        self.vdim = vdim if vdim is not None else embed_dim
        self._qkv_same_embed_dim = self.kdim == embed_dim and self.vdim == embed_dim
        self.num_heads = num_heads
        self.dropout = float(dropout)
        self.batch_first = batch_first
        self.head_dim = embed_dim // num_heads
        if self._qkv_same_embed_dim:
            self.in_proj_weight = new_param((3 * embed_dim, embed_dim), device, dtype, name)
            for n in ("q_proj_weight", "k_proj_weight", "v_proj_weight"):
                self.register_parameter(n, None)
        else:
            self.q_proj_weight = new_param((embed_dim, embed_dim), device, dtype, name)
            self.k_proj_weight = new_param((embed_dim, self.kdim), device, dtype, name)
            self.v_proj_weight = new_param((embed_dim, self.vdim), device, dtype, name)
            self.register_parameter("in_proj_weight", None)
        if bias:
            self.in_proj_bias = new_param((3 * embed_dim,), device, dtype, name)
        else:
            self.register_parameter("in_proj_bias", None)
        self.out_proj = Linear(embed_dim, embed_dim, bias=bias, device=device, dtype=dtype)
        if add_bias_kv:
            self.bias_k = new_param((1, 1, embed_dim), device, dtype, name)
            self.bias_v = new_param((1, 1, embed_dim), device, dtype, name)
        else:
            self.bias_k = self.bias_v = None
        self.add_zero_attn = add_zero_attn
        self._reset_parameters()

    def _reset_parameters(self) -> None:
        if self._qkv_same_embed_dim:
            init.xavier_uniform_(self.in_proj_weight)
        else:
            for w in (self.q_proj_weight, self.k_proj_weight, self.v_proj_weight):
                init.xavier_uniform_(w)
        if self.in_proj_bias is not None:
            init.zeros_(self.in_proj_bias)
            init.zeros_(self.out_proj.bias)
        if self.bias_k is not None:
            init.xavier_normal_(self.bias_k)
            init.xavier_normal_(self.bias_v)

    def forward(self, query: Array, key: Array, value: Array,
                key_padding_mask: Array | None = None, need_weights: bool = True,
                attn_mask: Array | None = None, average_attn_weights: bool = True,
                is_causal: bool = False) -> tuple[Array, Array | None]:
        batched = getattr(query, "ndim", 0) == 3
        if self.batch_first and batched:
            query, key, value = (permute_dims(t, (1, 0, 2)) for t in (query, key, value))
        out, weights = F.multi_head_attention_forward(
            query, key, value, self.embed_dim, self.num_heads, self.in_proj_weight,
            self.in_proj_bias, self.bias_k, self.bias_v, self.add_zero_attn, self.dropout,
            self.out_proj.weight, self.out_proj.bias, training=self.training,
            key_padding_mask=key_padding_mask, need_weights=need_weights, attn_mask=attn_mask,
            use_separate_proj_weight=not self._qkv_same_embed_dim,
            q_proj_weight=self.q_proj_weight, k_proj_weight=self.k_proj_weight,
            v_proj_weight=self.v_proj_weight, average_attn_weights=average_attn_weights,
            is_causal=is_causal)
        if self.batch_first and batched:
            out = permute_dims(out, (1, 0, 2))
        return out, weights
