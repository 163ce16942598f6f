"""Attention: ``scaled_dot_product_attention`` and the multi-head attention of Vaswani et
al., as PyTorch's ``F.scaled_dot_product_attention`` and ``F.multi_head_attention_forward``.

Compositions of standard functions (matmul, softmax, where), so they differentiate to any
order on every backend.  Masks come in PyTorch's two conventions: in
``scaled_dot_product_attention`` a boolean mask says which positions *take part*; in
multi-head attention (``attn_mask``, ``key_padding_mask``) ``True`` *masks a position out*.
A float mask is added to the scores in both.  A row whose every position is masked out
gives NaN, as the softmax of nothing.
"""

from __future__ import annotations

import math
from typing import Any

from ... import _dtypes
from ..._array import Array
from ..._ops.creation import ones, tril, zeros
from ..._ops.data_types import astype
from ..._ops.linalg import matmul, matrix_transpose
from ..._ops.manipulation import concat, expand_dims, permute_dims, reshape, squeeze
from ..._ops.searching import where
from ..._ops.statistical import mean
from ._util import check, check_float, number, same_device
from .activation import softmax
from .linear import dropout, linear

__all__ = ["scaled_dot_product_attention", "multi_head_attention_forward"]


def _additive(mask: Any, like: Array, function: str, argument: str, true_takes_part: bool
              ) -> Array:
    """A mask as the float array added to the scores (0 or -inf for a boolean one)."""
    m = check(mask, function, argument)
    same_device(function, like, **{argument: m})
    if m.dtype == _dtypes.bool:
        keep = m if true_takes_part else ~m
        return where(keep, zeros((), dtype=like.dtype, device=like.device), -math.inf)
    if m.dtype.kind != "f":
        raise TypeError(f"{function}({argument}): expected a boolean or floating-point mask, "
                        f"got {m.dtype.name}")
    return astype(m, like.dtype) if m.dtype != like.dtype else m


def scaled_dot_product_attention(query: Array, key: Array, value: Array,
                                 attn_mask: Array | None = None, dropout_p: float = 0.0,
                                 is_causal: bool = False, scale: float | None = None) -> Array:
    """``softmax(query @ key^T * scale + mask) @ value`` over the last two axes (any leading
    batch axes broadcast).  ``attn_mask``: boolean (True: the position takes part) or float
    (added); ``is_causal``: each query attends to the keys up to its own position.

    >>> import gradarray as xp
    >>> import gradarray.nn.functional as F
    >>> q = k = v = xp.reshape(xp.arange(6.0), (1, 3, 2))
    >>> F.scaled_dot_product_attention(q, k, v, is_causal=True)[0, 0]
    Array([0., 1.], dtype=float64)
    """
    fn = "scaled_dot_product_attention"
    q = check_float(query, fn, "query")
    k = check_float(key, fn, "key")
    v = check_float(value, fn, "value")
    same_device(fn, q, key=k, value=v)
    if q.ndim < 2 or k.ndim < 2 or v.ndim < 2:
        raise ValueError(f"{fn}: expected query, key and value with at least 2 dimensions "
                         f"(..., L, E), got shapes {q.shape}, {k.shape}, {v.shape}")
    if not q.dtype == k.dtype == v.dtype:
        raise TypeError(f"{fn}: expected query, key and value of one dtype, got "
                        f"{q.dtype.name}, {k.dtype.name}, {v.dtype.name}")
    n_q, e = q.shape[-2:]
    n_k = k.shape[-2]
    if k.shape[-1] != e or v.shape[-2] != n_k:
        raise ValueError(f"{fn}: key must be (..., S, {e}) and value (..., S, Ev) for query "
                         f"{q.shape}, got key {k.shape} and value {v.shape}")
    if type(is_causal) is not bool:
        raise TypeError(f"{fn}(is_causal): expected a bool, got {is_causal!r}")
    s = 1.0 / math.sqrt(e) if scale is None else number(scale, fn, "scale")
    scores = matmul(q, matrix_transpose(k)) * s
    if is_causal:
        if attn_mask is not None:
            raise ValueError(f"{fn}: give either attn_mask or is_causal=True, not both")
        causal = tril(ones((n_q, n_k), dtype=_dtypes.bool, device=q.device))
        scores = where(causal, scores, -math.inf)
    elif attn_mask is not None:
        scores = scores + _additive(attn_mask, q, fn, "attn_mask", true_takes_part=True)
    attn = softmax(scores, dim=-1)
    if number(dropout_p, fn, "dropout_p") > 0:
        attn = dropout(attn, dropout_p, training=True)
    return matmul(attn, v)


def _pad_last(m: Array | None) -> Array | None:
    """An additive mask with one more key position (a 0 column), for the extra key of
    ``add_bias_kv`` / ``add_zero_attn``."""
    if m is None:
        return None
    return concat([m, zeros(m.shape[:-1] + (1,), dtype=m.dtype, device=m.device)], axis=-1)


def multi_head_attention_forward(
        query: Array, key: Array, value: Array, embed_dim_to_check: int, num_heads: int,
        in_proj_weight: Array | None, in_proj_bias: Array | None, bias_k: Array | None,
        bias_v: Array | None, add_zero_attn: bool, dropout_p: float, out_proj_weight: Array,
        out_proj_bias: Array | None, training: bool = True,
        key_padding_mask: Array | None = None, need_weights: bool = True,
        attn_mask: Array | None = None, use_separate_proj_weight: bool = False,
        q_proj_weight: Array | None = None, k_proj_weight: Array | None = None,
        v_proj_weight: Array | None = None, average_attn_weights: bool = True,
        is_causal: bool = False) -> tuple[Array, Array | None]:
    """Multi-head attention on (L, N, E) query and (S, N, E) key/value (or unbatched (L, E),
    (S, E)); returns the output (L, N, E) and, with ``need_weights``, the attention weights
    (N, L, S), averaged over the heads unless ``average_attn_weights=False`` (N, H, L, S).
    ``attn_mask`` (L, S) or (N * H, L, S) and ``key_padding_mask`` (N, S): boolean (True
    masks out) or float (added)."""
    fn = "multi_head_attention_forward"
    q_in = check_float(query, fn, "query")
    k_in = check_float(key, fn, "key")
    v_in = check_float(value, fn, "value")
    batched = q_in.ndim == 3
    if q_in.ndim not in (2, 3) or k_in.ndim != q_in.ndim or v_in.ndim != q_in.ndim:
        raise ValueError(f"{fn}: expected query, key and value all 3-D (L, N, E) or all 2-D "
                         f"(L, E), got shapes {q_in.shape}, {k_in.shape}, {v_in.shape}")
    if not batched:
        q_in, k_in, v_in = (expand_dims(t, axis=1) for t in (q_in, k_in, v_in))
        if key_padding_mask is not None:
            key_padding_mask = expand_dims(check(key_padding_mask, fn, "key_padding_mask"),
                                           axis=0)
    n_q, n, e = q_in.shape
    n_k = k_in.shape[0]
    if e != embed_dim_to_check:
        raise ValueError(f"{fn}: the query has embedding size {e}, the module "
                         f"{embed_dim_to_check}")
    if k_in.shape[:2] != v_in.shape[:2] or k_in.shape[1] != n:
        raise ValueError(f"{fn}: key {k_in.shape} and value {v_in.shape} must share (S, N) "
                         f"with N = {n} of the query {q_in.shape}")
    h = num_heads
    hd = e // h
    if use_separate_proj_weight:
        b = [None] * 3 if in_proj_bias is None else [in_proj_bias[i * e:(i + 1) * e]
                                                     for i in range(3)]
        q = linear(q_in, q_proj_weight, b[0])                   # type: ignore[arg-type]
        k = linear(k_in, k_proj_weight, b[1])                   # type: ignore[arg-type]
        v = linear(v_in, v_proj_weight, b[2])                   # type: ignore[arg-type]
    else:
        assert in_proj_weight is not None
        w = [in_proj_weight[i * e:(i + 1) * e] for i in range(3)]
        b = [None] * 3 if in_proj_bias is None else [in_proj_bias[i * e:(i + 1) * e]
                                                     for i in range(3)]
        q, k, v = (linear(t, wi, bi) for t, wi, bi in zip((q_in, k_in, v_in), w, b))
    if is_causal and attn_mask is None:
        raise ValueError(f"{fn}: is_causal is a hint that attn_mask is the causal mask; give "
                         f"attn_mask too")
    mask = None
    if attn_mask is not None:
        mask = _additive(attn_mask, q, fn, "attn_mask", true_takes_part=False)
        if mask.ndim == 2:
            if mask.shape != (n_q, n_k):
                raise ValueError(f"{fn}(attn_mask): expected shape {(n_q, n_k)}, got "
                                 f"{mask.shape}")
            mask = expand_dims(mask, axis=0)
        elif mask.shape != (n * h, n_q, n_k):
            raise ValueError(f"{fn}(attn_mask): expected shape {(n_q, n_k)} or "
                             f"{(n * h, n_q, n_k)}, got {mask.shape}")
    pad = None
    if key_padding_mask is not None:
        pad = _additive(key_padding_mask, q, fn, "key_padding_mask", true_takes_part=False)
        if pad.shape != (n, n_k):
            raise ValueError(f"{fn}(key_padding_mask): expected shape {(n, n_k)}, got "
                             f"{pad.shape}")
    if bias_k is not None and bias_v is not None:
        k = concat([k, bias_k * ones((1, n, 1), dtype=k.dtype, device=k.device)], axis=0)
        v = concat([v, bias_v * ones((1, n, 1), dtype=v.dtype, device=v.device)], axis=0)
        mask, pad = _pad_last(mask), _pad_last(pad)
    # (L, N, E) -> (N * H, L, hd): the heads become batch entries
    q, k, v = (permute_dims(reshape(t, (t.shape[0], n * h, hd)), (1, 0, 2)) for t in (q, k, v))
    if add_zero_attn:
        z = zeros((n * h, 1, hd), dtype=k.dtype, device=k.device)
        k, v = concat([k, z], axis=1), concat([v, z], axis=1)
        mask, pad = _pad_last(mask), _pad_last(pad)
    n_kk = k.shape[1]
    if pad is not None:
        pad = reshape(expand_dims(pad, axis=1) * ones((1, h, 1), dtype=pad.dtype,
                                                      device=pad.device), (n * h, 1, n_kk))
        mask = pad if mask is None else mask + pad
    scores = matmul(q * math.sqrt(1.0 / hd), matrix_transpose(k))
    if mask is not None:
        scores = scores + mask
    weights = softmax(scores, dim=-1)
    p = number(dropout_p, fn, "dropout_p")
    if training and p > 0:
        weights = dropout(weights, p, training=True)
    out = matmul(weights, v)                                          # (N * H, L, hd)
    out = reshape(permute_dims(out, (1, 0, 2)), (n_q, n, e))
    out = linear(out, out_proj_weight, out_proj_bias)
    kept = None
    if need_weights:
        kept = reshape(weights, (n, h, n_q, n_kk))
        if average_attn_weights:
            kept = mean(kept, axis=1)
    if not batched:
        out = squeeze(out, axis=1)
        if kept is not None:
            kept = squeeze(kept, axis=0)
    return out, kept
