"""``linear``, ``bilinear``, ``dropout`` and ``embedding``: the functional forms of the dense
layers."""

from __future__ import annotations

from typing import Any

from ... import _dtypes
from ..._array import Array
from ..._call import promote_arrays
from ..._ops.creation import arange, ones
from ..._ops.data_types import astype
from ..._ops.elementwise import logical_and
from ..._ops.indexing import take
from ..._ops.linalg import matmul, matrix_transpose, tensordot, vector_norm
from ..._ops.manipulation import expand_dims, reshape
from ..._ops.searching import where
from ..._ops.statistical import sum as _sum
from ...autograd.engine import record
from ...autograd.grad_mode import STATE, no_grad
from ...autograd.rules import defvjp
from ._util import check, check_float, same_device, wrap

__all__ = ["linear", "bilinear", "dropout", "dropout1d", "dropout2d", "alpha_dropout",
           "embedding", "one_hot"]

_new = Array._new


def _native(x: Array, dt: _dtypes.DType) -> Any:
    if x._dtype is dt:
        return x._native
    return x._device.ns.astype(x._native, x._device.to_native[dt])


def linear(input: Array, weight: Array, bias: Array | None = None) -> Array:
    """``input @ weight.T + bias`` for ``weight`` of shape (out_features, in_features)."""
    x = check_float(input, "linear")
    w = check_float(weight, "linear", "weight")
    b = check_float(bias, "linear", "bias") if bias is not None else None
    dev = same_device("linear", x, weight=w, bias=b)
    if w.ndim == 1:             # PyTorch accepts a vector of weights: x @ w
        out = matmul(x, w)
        return out + b if b is not None else out
    if w.ndim != 2:
        raise ValueError(f"linear(weight): expected a 2-D weight, got shape {w.shape}")
    if x.ndim == 0 or x.shape[-1] != w.shape[1]:
        raise ValueError(f"linear: input of shape {x.shape} does not match weight of shape "
                         f"{w.shape} (expected {w.shape[1]} input features)")
    if b is not None and b.shape not in ((w.shape[0],), ()):
        raise ValueError(f"linear(bias): expected shape ({w.shape[0]},), got {b.shape}")
    dt = promote_arrays("linear", x, w) if b is None else promote_arrays("linear", x, w, b)
    ns = dev.ns
    native = ns.matmul(_native(x, dt), ns.matrix_transpose(_native(w, dt)))
    if b is not None:
        # the product is a fresh array of the output's shape: add the bias into it (an
        # immutable backend array simply rebinds to the sum)
        native += _native(b, dt)
    out = _new(native, dt, dev)
    if STATE.enabled and (x._ag is not None or w._ag is not None or
                          (b is not None and b._ag is not None)):
        record("nn.linear", out, {"input": x, "weight": w, "bias": b})
    return out


# The rules take the backend's arrays directly in the usual backward (nothing recorded) and
# are written with gradarray functions under create_graph, so they differentiate again.
def _linear_input_grad(g: Array, weight: Array) -> Array:
    if STATE.enabled:
        return matmul(g, weight)
    ns = g._device.ns
    return wrap(ns.matmul(g._native, weight._native), g._device)


def _linear_weight_grad(g: Array, input: Array) -> Array:
    if STATE.enabled:
        if input.ndim == 1:
            return matmul(reshape(g, (-1, 1)), reshape(input, (1, -1)))
        if input.ndim > 2:
            g = reshape(g, (-1, g.shape[-1]))
            input = reshape(input, (-1, input.shape[-1]))
        return matmul(matrix_transpose(g), input)
    ns = g._device.ns
    gn, xn = g._native, input._native
    if input.ndim == 1:
        gn, xn = ns.reshape(gn, (1, -1)), ns.reshape(xn, (1, -1))
    elif input.ndim > 2:
        gn, xn = ns.reshape(gn, (-1, gn.shape[-1])), ns.reshape(xn, (-1, xn.shape[-1]))
    return wrap(ns.matmul(ns.matrix_transpose(gn), xn), g._device)


def _linear_bias_grad(g: Array) -> Array:
    if g.ndim <= 1:
        return g
    axes = tuple(range(g.ndim - 1))
    if STATE.enabled:
        return _sum(g, axis=axes)
    return Array._new(g._device.ns.sum(g._native, axis=axes), g._dtype, g._device)


defvjp("nn.linear",
       input=_linear_input_grad,
       weight=_linear_weight_grad,
       bias=_linear_bias_grad)


def bilinear(input1: Array, input2: Array, weight: Array, bias: Array | None = None) -> Array:
    """``y_k = x1 @ weight[k] @ x2 + bias_k`` for ``weight`` (out, in1, in2)."""
    x1 = check_float(input1, "bilinear", "input1")
    x2 = check_float(input2, "bilinear", "input2")
    w = check_float(weight, "bilinear", "weight")
    if w.ndim != 3 or x1.shape[-1] != w.shape[1] or x2.shape[-1] != w.shape[2]:
        raise ValueError(f"bilinear: inputs {x1.shape} and {x2.shape} do not match weight "
                         f"{w.shape}")
    t = tensordot(x1, w, axes=([x1.ndim - 1], [1]))          # (..., out, in2)
    out = _sum(t * expand_dims(x2, axis=-2), axis=-1)
    return out + bias if bias is not None else out


# ------------------------------------------------------------------ dropout
def _check_p(p: Any, function: str, training: Any = True) -> float:
    if type(p) not in (int, float) or not 0 <= p <= 1:
        raise ValueError(f"{function}(p): dropout probability has to be between 0 and 1, but "
                         f"got {p!r}")
    if type(training) is not bool:
        raise TypeError(f"{function}(training): expected a bool, got {training!r}")
    return float(p)


def _mask(shape: tuple[int, ...], keep: float, x: Array, generator: Any) -> Array:
    from ...random import bernoulli
    m = bernoulli(keep, shape, dtype=x.dtype, device=x.device, generator=generator)
    return m * (1.0 / keep)


def dropout(input: Array, p: float = 0.5, training: bool = True, inplace: bool = False,
            generator: Any = None) -> Array:
    """Zero each element with probability ``p`` and scale the rest by ``1 / (1 - p)`` (only
    when ``training``).  Draws from ``gradarray.random`` (seed it with manual_seed)."""
    x = check_float(input, "dropout")
    p = _check_p(p, "dropout", training)
    if not training or p == 0:
        return x
    if p == 1:
        out = x * 0.0
    else:
        out = x * _mask(x.shape, 1.0 - p, x, generator)
    if inplace:
        from .activation import _inplace
        return _inplace(x, out, "dropout")
    return out


def _feature_dropout(x: Array, p: float, training: bool, inplace: bool, batched_ndim: int,
                     function: str, generator: Any) -> Array:
    p = _check_p(p, function, training)
    if not training or p == 0:
        return x
    if x.ndim not in (batched_ndim, batched_ndim - 1):
        raise ValueError(f"{function}(input): expected a {batched_ndim - 1}-D or "
                         f"{batched_ndim}-D input, got shape {x.shape}")
    lead = 2 if x.ndim == batched_ndim else 1
    shape = x.shape[:lead] + (1,) * (x.ndim - lead)
    out = x * 0.0 if p == 1 else x * _mask(shape, 1.0 - p, x, generator)
    if inplace:
        from .activation import _inplace
        return _inplace(x, out, function)
    return out


def dropout1d(input: Array, p: float = 0.5, training: bool = True, inplace: bool = False,
              generator: Any = None) -> Array:
    """Zero whole channels of (N, C, L) input with probability ``p``."""
    return _feature_dropout(check_float(input, "dropout1d"), p, training, inplace, 3,
                            "dropout1d", generator)


def dropout2d(input: Array, p: float = 0.5, training: bool = True, inplace: bool = False,
              generator: Any = None) -> Array:
    """Zero whole channels of (N, C, H, W) input with probability ``p``."""
    return _feature_dropout(check_float(input, "dropout2d"), p, training, inplace, 4,
                            "dropout2d", generator)


def alpha_dropout(input: Array, p: float = 0.5, training: bool = False,
                  generator: Any = None) -> Array:
    """Dropout that keeps SELU's zero mean and unit variance (Klambauer et al.)."""
    x = check_float(input, "alpha_dropout")
    p = _check_p(p, "alpha_dropout", training)
    if not training or p == 0:
        return x
    if p == 1:
        return x * 0.0
    from ...random import bernoulli
    alpha_p = -1.7580993408473766     # -selu_scale * selu_alpha
    keep = 1.0 - p
    a = (keep + alpha_p * alpha_p * keep * p) ** -0.5
    b = -a * alpha_p * p
    m = bernoulli(keep, x.shape, dtype=x.dtype, device=x.device, generator=generator)
    return (x * m + (1.0 - m) * alpha_p) * a + b


# ------------------------------------------------------------------ embedding
def embedding(input: Array, weight: Array, padding_idx: int | None = None,
              max_norm: float | None = None, norm_type: float = 2.0,
              scale_grad_by_freq: bool = False, sparse: bool = False) -> Array:
    """Rows of ``weight`` at the integer ``input`` (any shape); the row ``padding_idx``
    receives no gradient.  With ``max_norm``, looked-up rows are renormalised in place."""
    idx = check(input, "embedding")
    w = check_float(weight, "embedding", "weight")
    same_device("embedding", w, input=idx)
    if idx._dtype.kind not in "iu":
        raise TypeError(f"embedding(input): expected integer indices, got {idx._dtype.name}")
    if w.ndim != 2:
        raise ValueError(f"embedding(weight): expected a 2-D weight, got shape {w.shape}")
    if sparse:
        raise NotImplementedError("embedding(sparse=True): gradarray has no sparse gradients")
    n = w.shape[0]
    if padding_idx is not None:
        if not -n <= padding_idx < n:
            raise ValueError(f"embedding(padding_idx): must be within num_embeddings, got "
                             f"{padding_idx}")
        padding_idx %= n
    flat = reshape(idx, (-1,))
    if flat.shape[0]:
        from ..._ops.statistical import max as _max, min as _min
        lo, hi = int(_min(flat)), int(_max(flat))
        if lo < 0 or hi >= n:
            raise IndexError(f"embedding(input): index {lo if lo < 0 else hi} is out of range "
                             f"for {n} embeddings")
    if max_norm is not None:
        # renormalise the looked-up rows in place (PyTorch); integer-array assignment is not
        # in the standard, so every row gets a factor, 1 for the rows not looked up
        from ..._ops.indexing import index_add
        with no_grad():
            hits = index_add((n,), 0, flat, ones(flat.shape, dtype=w.dtype, device=w.device))
            norms = vector_norm(w, axis=1, keepdims=True, ord=norm_type)
            big = logical_and(expand_dims(hits > 0, axis=1), norms > max_norm)
            w[...] = w * where(big, max_norm / (norms + 1e-7), 1.0)
    out = take(w, flat, axis=0)
    if scale_grad_by_freq and w._ag is not None and STATE.enabled:
        from ..._ops.indexing import index_add
        counts = index_add((n,), 0, flat, ones(flat.shape, dtype=w.dtype, device=w.device))
        out = _scale_grad(out, 1.0 / take(counts, flat, axis=0))
    if padding_idx is not None and w._ag is not None and STATE.enabled:
        pad = expand_dims(flat == padding_idx, axis=1)
        out = where(pad, out.detach(), out)      # the padding row gets no gradient
    return reshape(out, idx.shape + (w.shape[1],))


def _scale_grad(x: Array, factor: Array) -> Array:
    """``x`` unchanged, but the gradient flowing back is multiplied by ``factor`` per row."""
    f = reshape(factor, (-1, 1))
    return x.detach() + (x - x.detach()) * f


def one_hot(tensor: Array, num_classes: int = -1) -> Array:
    """int64 one-hot rows of the integer ``tensor`` (a new last axis of ``num_classes``)."""
    x = check(tensor, "one_hot", "tensor")
    if x._dtype.kind not in "iu":
        raise TypeError(f"one_hot(tensor): expected an integer array, got {x._dtype.name}")
    if num_classes == -1:
        from ..._ops.statistical import max as _max
        num_classes = int(_max(x)) + 1 if x.size else 0
    classes = arange(num_classes, dtype=x.dtype, device=x.device)
    return astype(expand_dims(x, axis=-1) == classes, _dtypes.int64)
