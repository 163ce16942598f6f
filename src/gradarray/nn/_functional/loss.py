"""Loss functions, with PyTorch's semantics and ``reduction="mean" | "sum" | "none"``.

Every loss is written to be numerically stable: log-probabilities come from ``log_softmax``
(shifted by the maximum), ``log(1 + exp(z))`` is ``logaddexp(z, 0)`` (whose derivative is
exact everywhere, unlike forms with ``abs`` or ``max``), logarithms are clamped the way
PyTorch clamps them, and masked-out branches never see arguments that overflow.
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from ... import _dtypes
from ..._array import Array
from ..._ops.creation import arange, asarray, full
from ..._ops.data_types import astype
from ..._ops.elementwise import abs as _abs, clip, exp, log, logaddexp, logical_and, \
    logical_not, logical_or, sqrt
from ..._ops.indexing import take, take_along_axis
from ..._ops.linalg import vector_norm
from ..._ops.manipulation import broadcast_to, concat, expand_dims, reshape, squeeze
from ..._ops.searching import where
from ..._ops.statistical import cumulative_prod, mean, sum as _sum
from ..._ops.utility import any as _any
from ...autograd.engine import record
from ...autograd.grad_mode import STATE, no_grad
from ...autograd.rules import defvjp
from ._util import check, check_float, check_reduction, reduce_loss, same_device
from .activation import log_softmax, softmax

__all__ = ["l1_loss", "mse_loss", "cross_entropy", "ctc_loss", "nll_loss", "poisson_nll_loss",
           "gaussian_nll_loss", "kl_div", "binary_cross_entropy",
           "binary_cross_entropy_with_logits", "margin_ranking_loss", "hinge_embedding_loss",
           "multilabel_margin_loss", "smooth_l1_loss", "huber_loss", "soft_margin_loss",
           "multilabel_soft_margin_loss", "cosine_embedding_loss", "multi_margin_loss",
           "triplet_margin_loss", "pairwise_distance", "cosine_similarity"]


def _pair(input: Any, target: Any, function: str, target_float: bool = True
          ) -> tuple[Array, Array]:
    x = check_float(input, function)
    y = check_float(target, function, "target") if target_float else check(target, function,
                                                                            "target")
    same_device(function, x, target=y)
    return x, y


def _warn_shape(x: Array, y: Array, function: str) -> None:
    if x.shape != y.shape:
        warnings.warn(f"{function}: using a target size ({tuple(y.shape)}) that is different to "
                      f"the input size ({tuple(x.shape)}). This will likely lead to incorrect "
                      f"results due to broadcasting. Please ensure they have the same size.",
                      UserWarning, stacklevel=3)


def _same_shape(x: Array, y: Array, function: str, what: str = "target") -> None:
    if x.shape != y.shape:
        raise ValueError(f"{function}: expected {what} of the input's shape {tuple(x.shape)}, "
                         f"got {tuple(y.shape)}")


# ------------------------------------------------------------------ regression
def l1_loss(input: Array, target: Array, reduction: str = "mean") -> Array:
    """``|input - target|``."""
    x, y = _pair(input, target, "l1_loss")
    _warn_shape(x, y, "l1_loss")
    return reduce_loss(_abs(x - y), reduction, "l1_loss")


def mse_loss(input: Array, target: Array, reduction: str = "mean") -> Array:
    """``(input - target) ** 2``."""
    x, y = _pair(input, target, "mse_loss")
    _warn_shape(x, y, "mse_loss")
    d = x - y
    return reduce_loss(d * d, reduction, "mse_loss")


def smooth_l1_loss(input: Array, target: Array, reduction: str = "mean",
                   beta: float = 1.0) -> Array:
    """Quadratic (``0.5 d**2 / beta``) below ``beta``, linear (``|d| - beta / 2``) above."""
    x, y = _pair(input, target, "smooth_l1_loss")
    _warn_shape(x, y, "smooth_l1_loss")
    if beta < 0:
        raise ValueError(f"smooth_l1_loss(beta): expected beta >= 0, got {beta}")
    d = _abs(x - y)
    if beta == 0:
        return reduce_loss(d, reduction, "smooth_l1_loss")
    return reduce_loss(where(d < beta, d * d * (0.5 / beta), d - 0.5 * beta), reduction,
                       "smooth_l1_loss")


def huber_loss(input: Array, target: Array, reduction: str = "mean", delta: float = 1.0
               ) -> Array:
    """Quadratic (``0.5 d**2``) below ``delta``, linear (``delta * (|d| - delta / 2)``) above."""
    x, y = _pair(input, target, "huber_loss")
    _warn_shape(x, y, "huber_loss")
    if delta <= 0:
        raise ValueError(f"huber_loss(delta): expected delta > 0, got {delta}")
    d = _abs(x - y)
    return reduce_loss(where(d < delta, d * d * 0.5, (d - 0.5 * delta) * delta), reduction,
                       "huber_loss")


def poisson_nll_loss(input: Array, target: Array, log_input: bool = True, full: bool = False,
                     eps: float = 1e-8, reduction: str = "mean") -> Array:
    """The negative log-likelihood of ``target ~ Poisson(rate)``, where ``input`` is the
    log-rate (``log_input``) or the rate; ``full`` adds Stirling's term for targets > 1."""
    x, y = _pair(input, target, "poisson_nll_loss")
    if log_input:
        loss = exp(x) - y * x
    else:
        loss = x - y * log(x + eps)
    if full:
        big = y > 1
        ys = where(big, y, 2.0)          # a safe argument where the term is masked out
        stirling = ys * log(ys) - ys + log(ys * (2 * math.pi)) * 0.5
        loss = loss + where(big, stirling, 0.0)
    return reduce_loss(loss, reduction, "poisson_nll_loss")


def gaussian_nll_loss(input: Array, target: Array, var: Array, full: bool = False,
                      eps: float = 1e-6, reduction: str = "mean") -> Array:
    """The negative log-likelihood of ``target ~ N(input, var)`` (``var`` clamped at ``eps``
    without blocking its gradient, as PyTorch)."""
    x, y = _pair(input, target, "gaussian_nll_loss")
    v = check_float(var, "gaussian_nll_loss", "var")
    if v.shape != x.shape:
        if v.ndim == x.ndim - 1 and v.shape == x.shape[:-1]:
            v = expand_dims(v, axis=-1)
        elif not (v.ndim == x.ndim and v.shape[:-1] == x.shape[:-1] and v.shape[-1] == 1):
            raise ValueError(f"gaussian_nll_loss(var): shape {v.shape} does not match the "
                             f"input {x.shape}")
    if bool(_any(v.detach() < 0)):
        raise ValueError("gaussian_nll_loss(var): var has negative entry/entries")
    v = v + (clip(v, min=eps) - v).detach()
    d = x - y
    loss = (log(v) + d * d / v) * 0.5
    if full:
        loss = loss + 0.5 * math.log(2 * math.pi)
    return reduce_loss(loss, reduction, "gaussian_nll_loss")


# ------------------------------------------------------------------ classification
def _class_target(x: Array, y: Array, function: str) -> tuple[Array, Array, bool]:
    """Batched (N, C, ...) input and (N, ...) integer target; whether it was unbatched."""
    if y._dtype.kind not in "iu":
        raise TypeError(f"{function}(target): expected integer class indices, got "
                        f"{y._dtype.name}")
    if x.ndim == 1:
        if y.ndim != 0:
            raise ValueError(f"{function}: a 1-D input (C,) expects a 0-D target, got shape "
                             f"{y.shape}")
        return expand_dims(x, axis=0), reshape(y, (1,)), True
    if x.ndim < 1 or y.shape != (x.shape[0],) + x.shape[2:]:
        raise ValueError(f"{function}: expected target of shape "
                         f"{(x.shape[0],) + tuple(x.shape[2:])} for input of shape "
                         f"{tuple(x.shape)}, got {tuple(y.shape)}")
    return x, y, False


def nll_loss(input: Array, target: Array, weight: Array | None = None, ignore_index: int = -100,
             reduction: str = "mean") -> Array:
    """``-weight[y] * input[y]`` for log-probabilities ``input`` (N, C, ...) and class indices
    ``target`` (N, ...); ``mean`` divides by the summed weights of non-ignored targets."""
    x = check_float(input, "nll_loss")
    y = check(target, "nll_loss", "target")
    same_device("nll_loss", x, target=y, weight=weight)
    check_reduction(reduction, "nll_loss")
    return _indexed_nll(x, y, weight, ignore_index, reduction, False, "nll_loss")


def _indexed_nll(x: Array, y: Array, weight: Array | None, ignore_index: int, reduction: str,
                 logits: bool, function: str) -> Array:
    """The negative log-likelihood of class indices as one recorded node: of log-probabilities
    (``nll_loss``) or, with ``logits``, of scores through a stable log-softmax (the fused
    ``cross_entropy``, whose gradient is ``softmax - one_hot``)."""
    x, y, unbatched = _class_target(x, y, function)
    c = x.shape[1]
    if weight is not None:
        weight = check_float(weight, function, "weight")
        if weight.shape != (c,):
            raise ValueError(f"{function}(weight): expected shape ({c},), got {weight.shape}")
    # computed on the backend's arrays directly: this is the hot loss of every classifier
    dev = x._device
    ns = dev.ns
    dt = x._dtype
    xn, yn = x._native, y._native
    valid = yn != ignore_index
    safe = ns.where(valid, yn, ns.zeros_like(yn))
    if y.size and bool(ns.any((safe < 0) | (safe >= c))):
        bad = Array._new(safe, y._dtype, dev)[Array._new((safe < 0) | (safe >= c),
                                                         _dtypes.bool, dev)].tolist()[0]
        raise IndexError(f"{function}(target): Target {bad} is out of bounds for {c} classes.")
    index = ns.expand_dims(safe, axis=1)
    probs = None
    if logits:
        z = xn - ns.max(xn, axis=1, keepdims=True)
        e = ns.exp(z)
        total = ns.sum(e, axis=1, keepdims=True)
        nll = ns.squeeze(ns.log(total) - ns.take_along_axis(z, index, axis=1), axis=1)
        probs = Array._new(e / total, dt, dev)
    else:
        nll = -ns.squeeze(ns.take_along_axis(xn, index, axis=1), axis=1)
    nd = dev.to_native[dt]
    if weight is not None:
        wn = weight._native if weight._dtype is dt else ns.astype(weight._native, nd)
        picked_w = ns.reshape(ns.take(wn, ns.reshape(safe, (-1,))), safe.shape)
        w = ns.where(valid, picked_w, ns.zeros_like(picked_w))
    else:
        w = ns.astype(valid, nd)
    loss = nll * w
    if reduction == "none":
        out_n, coef_n = loss, w
    elif reduction == "sum":
        out_n, coef_n = ns.sum(loss), w
    else:
        denom = ns.sum(w)
        # ns.divide, not ``/``: NumPy's operator turns two 0-d arrays into a scalar.  Every
        # target ignored: the loss is NaN (0 / 0) and the gradient 0, as PyTorch's (a batch
        # of padding must not poison the parameters)
        out_n = ns.divide(ns.sum(loss), denom)
        coef_n = w / denom if bool(denom != 0) else w
    out = Array._new(out_n, dt, dev)
    coef = Array._new(coef_n, dt, dev)
    safe = Array._new(safe, y._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("nn.cross_entropy" if logits else "nn.nll_loss", out,
               {"input": x, "target": safe, "coef": coef, "probs": probs})
    if unbatched and reduction == "none":
        return squeeze(out, axis=0)
    return out


def _one_hot_of(target: Array, like: Array) -> Array:
    """(N, C, ...) one-hot rows of ``target`` (N, ...) in ``like``'s dtype."""
    c = like.shape[1]
    classes = reshape(arange(c, dtype=target.dtype, device=target.device),
                      (1, c) + (1,) * (like.ndim - 2))
    return astype(expand_dims(target, axis=1) == classes, like.dtype)


def _cross_entropy_rule(g: Array, input: Array, target: Array, coef: Array, probs: Array
                        ) -> Array:
    if STATE.enabled:
        # create_graph: written with gradarray functions, the softmax recomputed from the input
        p = softmax(input, dim=1)
        return (p - _one_hot_of(target, input)) * expand_dims(coef * g, axis=1)
    # the usual backward: the forward's probabilities, on the backend's arrays
    dev = g._device
    ns = dev.ns
    c = input.shape[1]
    tn = target._native
    classes = ns.reshape(ns.arange(c, dtype=tn.dtype, device=dev.native),
                         (1, c) + (1,) * (input.ndim - 2))
    pn = probs._native
    onehot = ns.astype(ns.expand_dims(tn, axis=1) == classes, pn.dtype)
    scale = ns.expand_dims(coef._native * g._native, axis=1)
    return Array._new((pn - onehot) * scale, probs._dtype, dev)


defvjp("nn.cross_entropy", input=_cross_entropy_rule)
defvjp("nn.nll_loss",
       input=lambda g, input, target, coef: _one_hot_of(target, input) *
       expand_dims(-(coef * g), axis=1))


def cross_entropy(input: Array, target: Array, weight: Array | None = None,
                  ignore_index: int = -100, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Array:
    """``nll_loss(log_softmax(input, 1), target)``; ``target`` holds class indices (N, ...) or
    class probabilities shaped like ``input``.  ``label_smoothing`` mixes the target with the
    uniform distribution, as PyTorch."""
    x = check_float(input, "cross_entropy")
    y = check(target, "cross_entropy", "target")
    same_device("cross_entropy", x, target=y, weight=weight)
    check_reduction(reduction, "cross_entropy")
    if not 0.0 <= label_smoothing <= 1.0:
        raise ValueError(f"cross_entropy(label_smoothing): expected a value in [0, 1], got "
                         f"{label_smoothing}")
    class_dim = 0 if x.ndim == 1 else 1
    c = x.shape[class_dim]
    if y._dtype.kind != "f" and label_smoothing == 0:
        # the fused form: one node whose gradient is softmax - one_hot
        return _indexed_nll(x, y, weight, ignore_index, reduction, True, "cross_entropy")
    logp = log_softmax(x, dim=class_dim)
    wshape = (c,) + (1,) * (x.ndim - class_dim - 1)
    if y._dtype.kind == "f":          # class probabilities
        _same_shape(x, y, "cross_entropy")
        if label_smoothing > 0:
            y = y * (1.0 - label_smoothing) + label_smoothing / c
        prod = logp * y
        if weight is not None:
            prod = prod * reshape(weight, wshape)
        loss = -_sum(prod, axis=class_dim)
        if reduction == "none":
            return loss
        if reduction == "sum":
            return _sum(loss)
        return _sum(loss) / (x.size // c if c else 1)
    nll = nll_loss(logp, y, weight, ignore_index, reduction)
    xb, yb, unbatched = _class_target(logp, y, "cross_entropy")
    ignored = yb == ignore_index
    if weight is not None:
        smooth = -_sum(xb * reshape(weight, (c,) + (1,) * (xb.ndim - 2)), axis=1)
    else:
        smooth = -_sum(xb, axis=1)
    smooth = where(ignored, 0.0, smooth)
    if reduction == "none":
        smooth = squeeze(smooth, axis=0) if unbatched else smooth
    elif reduction == "sum":
        smooth = _sum(smooth)
    else:
        if weight is not None:
            safe = where(ignored, 0, yb)
            w = where(ignored, 0.0, reshape(take(weight, reshape(safe, (-1,)), axis=0),
                                            safe.shape))
            smooth = _sum(smooth) / _sum(w)
        else:
            smooth = _sum(smooth) / _sum(astype(logical_not(ignored), x.dtype))
    return nll * (1.0 - label_smoothing) + smooth * (label_smoothing / c)


def _bce(g: Array, input: Array, target: Array) -> Array:
    # PyTorch's formula, with the denominator clamped at 1e-12
    return g * (input - target) / clip((1.0 - input) * input, min=1e-12)


def binary_cross_entropy(input: Array, target: Array, weight: Array | None = None,
                         reduction: str = "mean") -> Array:
    """``-w * (y log x + (1 - y) log(1 - x))`` for probabilities ``x``; each log is clamped
    at -100 (PyTorch), so x = 0 or 1 gives a finite loss and gradient."""
    x, y = _pair(input, target, "binary_cross_entropy")
    check_reduction(reduction, "binary_cross_entropy")
    if x.shape != y.shape:
        raise ValueError(f"binary_cross_entropy: using a target size ({tuple(y.shape)}) that is "
                         f"different to the input size ({tuple(x.shape)}) is not supported; "
                         f"please ensure they have the same size")
    if x.size and bool(_any(logical_or(x.detach() < 0, x.detach() > 1))):
        raise ValueError("binary_cross_entropy(input): all elements of input should be between "
                         "0 and 1")
    with no_grad():
        loss = -(y * _log100(x) + (1.0 - y) * _log100(1.0 - x))
    if STATE.enabled and (x._ag is not None or y._ag is not None):
        record("nn.binary_cross_entropy", loss, {"input": x, "target": y})
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, reduction, "binary_cross_entropy")


defvjp("nn.binary_cross_entropy",
       input=_bce,
       target=lambda g, input: g * (_log100(1.0 - input) - _log100(input)))


def _log100(p: Array) -> Array:
    """``max(log(p), -100)`` (PyTorch's clamp) without evaluating log(0): the argument is
    first raised to the smallest subnormal, whose log is below -100 in both precisions."""
    tiny = 1e-45 if p.dtype == _dtypes.float32 else 5e-324
    return clip(log(clip(p, min=tiny)), min=-100.0)


def binary_cross_entropy_with_logits(input: Array, target: Array, weight: Array | None = None,
                                     reduction: str = "mean", pos_weight: Array | None = None
                                     ) -> Array:
    """Sigmoid and binary cross-entropy in one stable expression:
    ``(1 - y) x + (1 + (pos_weight - 1) y) * log(1 + exp(-x))``."""
    x, y = _pair(input, target, "binary_cross_entropy_with_logits")
    check_reduction(reduction, "binary_cross_entropy_with_logits")
    if x.shape != y.shape:
        raise ValueError(f"binary_cross_entropy_with_logits: target size ({tuple(y.shape)}) "
                         f"must be the same as input size ({tuple(x.shape)})")
    softplus_neg = logaddexp(-x, 0.0)            # log(1 + exp(-x)), exact gradient everywhere
    if pos_weight is not None:
        lw = (pos_weight - 1.0) * y + 1.0
        loss = (1.0 - y) * x + lw * softplus_neg
    else:
        loss = (1.0 - y) * x + softplus_neg
    if weight is not None:
        loss = loss * weight
    return reduce_loss(loss, reduction, "binary_cross_entropy_with_logits")


def kl_div(input: Array, target: Array, reduction: str = "mean", log_target: bool = False
           ) -> Array:
    """``target * (log(target) - input)`` for log-probabilities ``input`` (0 where target is 0);
    ``reduction="batchmean"`` divides the sum by the batch size (the true KL divergence)."""
    x, y = _pair(input, target, "kl_div")
    check_reduction(reduction, "kl_div", ("none", "mean", "sum", "batchmean"))
    if log_target:
        loss = exp(y) * (y - x)
    else:
        pos = y > 0
        loss = where(pos, y * log(where(pos, y, 1.0)), 0.0) - y * x
    if reduction == "batchmean":
        return _sum(loss) / (x.shape[0] if x.ndim else 1)
    if reduction == "mean":
        warnings.warn("kl_div: reduction='mean' divides the total loss by both the batch size "
                      "and the support size; 'batchmean' divides only by the batch size and "
                      "aligns with the KL math definition.", UserWarning, stacklevel=2)
    return reduce_loss(loss, reduction, "kl_div")


def soft_margin_loss(input: Array, target: Array, reduction: str = "mean") -> Array:
    """``log(1 + exp(-y x))`` for targets of +1 / -1."""
    x, y = _pair(input, target, "soft_margin_loss")
    return reduce_loss(logaddexp(-(y * x), 0.0), reduction, "soft_margin_loss")


def multilabel_soft_margin_loss(input: Array, target: Array, weight: Array | None = None,
                                reduction: str = "mean") -> Array:
    """One-versus-all logistic loss, averaged over the C classes of each sample."""
    x, y = _pair(input, target, "multilabel_soft_margin_loss")
    loss = y * logaddexp(-x, 0.0) + (1.0 - y) * logaddexp(x, 0.0)
    if weight is not None:
        loss = loss * weight
    c = x.shape[-1] if x.ndim else 1
    loss = _sum(loss, axis=-1) / c if x.ndim else loss
    return reduce_loss(loss, reduction, "multilabel_soft_margin_loss")


def margin_ranking_loss(input1: Array, input2: Array, target: Array, margin: float = 0.0,
                        reduction: str = "mean") -> Array:
    """``max(0, -y (x1 - x2) + margin)``: rank x1 above x2 where y = 1, below where y = -1."""
    x1 = check_float(input1, "margin_ranking_loss", "input1")
    x2 = check_float(input2, "margin_ranking_loss", "input2")
    y = check(target, "margin_ranking_loss", "target")
    same_device("margin_ranking_loss", x1, input2=x2, target=y)
    loss = clip(-y * (x1 - x2) + margin, min=0.0)
    return reduce_loss(loss, reduction, "margin_ranking_loss")


def hinge_embedding_loss(input: Array, target: Array, margin: float = 1.0,
                         reduction: str = "mean") -> Array:
    """``x`` where y = 1, ``max(0, margin - x)`` where y = -1."""
    x, y = _pair(input, target, "hinge_embedding_loss", target_float=False)
    loss = where(y != 1, clip(margin - x, min=0.0), 0.0) + where(y != -1, x, 0.0)
    return reduce_loss(loss, reduction, "hinge_embedding_loss")


def cosine_similarity(x1: Array, x2: Array, dim: int = 1, eps: float = 1e-8) -> Array:
    """The cosine of the angle between ``x1`` and ``x2`` along ``dim`` (norms clamped at eps)."""
    a = check_float(x1, "cosine_similarity", "x1")
    b = check_float(x2, "cosine_similarity", "x2")
    na = clip(vector_norm(a, axis=dim, keepdims=True), min=eps)
    nb = clip(vector_norm(b, axis=dim, keepdims=True), min=eps)
    return _sum((a / na) * (b / nb), axis=dim)


def pairwise_distance(x1: Array, x2: Array, p: float = 2.0, eps: float = 1e-6,
                      keepdim: bool = False) -> Array:
    """``||x1 - x2 + eps||_p`` along the last axis."""
    a = check_float(x1, "pairwise_distance", "x1")
    b = check_float(x2, "pairwise_distance", "x2")
    return vector_norm(a - b + eps, axis=-1, keepdims=keepdim, ord=p)


def cosine_embedding_loss(input1: Array, input2: Array, target: Array, margin: float = 0.0,
                          reduction: str = "mean") -> Array:
    """``1 - cos(x1, x2)`` where y = 1, ``max(0, cos(x1, x2) - margin)`` where y = -1."""
    x1 = check_float(input1, "cosine_embedding_loss", "input1")
    x2 = check_float(input2, "cosine_embedding_loss", "input2")
    y = check(target, "cosine_embedding_loss", "target")
    same_device("cosine_embedding_loss", x1, input2=x2, target=y)
    eps = 1e-12
    prod = _sum(x1 * x2, axis=-1)
    m1 = _sum(x1 * x1, axis=-1) + eps
    m2 = _sum(x2 * x2, axis=-1) + eps
    cos = prod / sqrt(m1 * m2)
    loss = where(y == 1, 1.0 - cos, 0.0) + where(y == -1, clip(cos - margin, min=0.0), 0.0)
    return reduce_loss(loss, reduction, "cosine_embedding_loss")


def multi_margin_loss(input: Array, target: Array, p: int = 1, margin: float = 1.0,
                      weight: Array | None = None, reduction: str = "mean") -> Array:
    """The multi-class hinge loss ``sum_{i != y} max(0, margin - x[y] + x[i]) ** p / C``."""
    x = check_float(input, "multi_margin_loss")
    y = check(target, "multi_margin_loss", "target")
    if p not in (1, 2):
        raise ValueError(f"multi_margin_loss(p): only p == 1 and p == 2 supported, got {p!r}")
    x, y, unbatched = _class_target(x, y, "multi_margin_loss")
    if x.ndim != 2:
        raise ValueError(f"multi_margin_loss(input): expected 1-D or 2-D input, got {x.shape}")
    c = x.shape[1]
    yy = expand_dims(y, axis=1)
    xy = take_along_axis(x, yy, axis=1)
    m = clip(x - xy + margin, min=0.0)
    if p == 2:
        m = m * m
    if weight is not None:
        m = m * expand_dims(take(weight, y, axis=0), axis=1)
    is_y = yy == arange(c, dtype=y.dtype, device=y.device)
    loss = _sum(where(is_y, 0.0, m), axis=1) / c
    if unbatched and reduction == "none":
        loss = squeeze(loss, axis=0)
    return reduce_loss(loss, reduction, "multi_margin_loss")


def multilabel_margin_loss(input: Array, target: Array, reduction: str = "mean") -> Array:
    """The multi-label hinge loss: every target class j (the indices in ``target`` before the
    first -1) should beat every non-target class i by 1: ``sum max(0, 1 - (x[j] - x[i])) / C``."""
    x = check_float(input, "multilabel_margin_loss")
    y = check(target, "multilabel_margin_loss", "target")
    same_device("multilabel_margin_loss", x, target=y)
    if y._dtype.kind not in "iu" or y.shape != x.shape:
        raise ValueError(f"multilabel_margin_loss(target): expected integer class indices of "
                         f"the input's shape {x.shape}, got {y.dtype} {y.shape}")
    unbatched = x.ndim == 1
    if unbatched:
        x, y = expand_dims(x, axis=0), expand_dims(y, axis=0)
    c = x.shape[1]
    valid = cumulative_prod(astype(y >= 0, _dtypes.int64), axis=1) > 0      # before the first -1
    out_of_range = logical_or(y < -1, y >= c)          # after a -1 too, as PyTorch checks
    if y.size and bool(_any(out_of_range)):
        bad = y[out_of_range].tolist()[0]
        raise IndexError(f"multilabel_margin_loss(target): class index {bad} is out of bounds "
                         f"for {c} classes (indices are in [0, {c}), -1 ends a sample's list)")
    safe = where(valid, y, 0)
    classes = arange(c, dtype=y.dtype, device=y.device)
    is_target = _any(logical_and(expand_dims(valid, axis=2),
                                 expand_dims(safe, axis=2) == classes), axis=1)   # (N, C)
    xt = take_along_axis(x, safe, axis=1)                                        # (N, C)
    margins = clip(1.0 - (expand_dims(xt, axis=2) - expand_dims(x, axis=1)), min=0.0)
    mask = logical_and(expand_dims(valid, axis=2), expand_dims(logical_not(is_target), axis=1))
    loss = _sum(where(mask, margins, 0.0), axis=(1, 2)) / c
    if unbatched and reduction == "none":
        loss = squeeze(loss, axis=0)
    return reduce_loss(loss, reduction, "multilabel_margin_loss")


def triplet_margin_loss(anchor: Array, positive: Array, negative: Array, margin: float = 1.0,
                        p: float = 2, eps: float = 1e-6, swap: bool = False,
                        reduction: str = "mean") -> Array:
    """``max(0, d(a, p) - d(a, n) + margin)`` with ``d`` the p-norm distance; ``swap`` uses
    the closer of d(a, n) and d(p, n)."""
    a = check_float(anchor, "triplet_margin_loss", "anchor")
    pp = check_float(positive, "triplet_margin_loss", "positive")
    n = check_float(negative, "triplet_margin_loss", "negative")
    same_device("triplet_margin_loss", a, positive=pp, negative=n)
    d_ap = pairwise_distance(a, pp, p, eps)
    d_an = pairwise_distance(a, n, p, eps)
    if swap:
        d_pn = pairwise_distance(pp, n, p, eps)
        d_an = where(d_pn < d_an, d_pn, d_an)
    return reduce_loss(clip(d_ap - d_an + margin, min=0.0), reduction, "triplet_margin_loss")


# ------------------------------------------------------------------ CTC
_NEG = -1e30     # "log 0" that stays finite, so masked paths never produce NaN gradients


def _lengths(v: Any, n: int, function: str, argument: str) -> list[int]:
    if type(v) is Array:
        vals = v.tolist()
        vals = [vals] if isinstance(vals, int) else vals
    elif isinstance(v, int):
        vals = [v]
    else:
        vals = list(v)
    vals = [int(x) for x in vals]
    if len(vals) != n:
        raise ValueError(f"{function}({argument}): expected {n} lengths, got {len(vals)}")
    if any(x < 0 for x in vals):
        raise ValueError(f"{function}({argument}): lengths must be non-negative, got {vals}")
    return vals


def _lse3(a: Array, b: Array, c: Array) -> Array:
    with no_grad():
        from ..._ops.elementwise import maximum
        m = maximum(maximum(a, b), c)
    return log(exp(a - m) + exp(b - m) + exp(c - m)) + m


def ctc_loss(log_probs: Array, targets: Array, input_lengths: Any, target_lengths: Any,
             blank: int = 0, reduction: str = "mean", zero_infinity: bool = False) -> Array:
    """The Connectionist Temporal Classification loss (Graves et al.), by the forward algorithm
    in log space.

    ``log_probs`` (T, N, C) or (T, C) are log-probabilities; ``targets`` are (N, S) padded or
    the concatenation of all targets; ``mean`` divides each loss by its target length, then
    averages.  Impossible alignments give ``inf`` (0 with ``zero_infinity``) and a zero
    gradient either way (PyTorch's is NaN without ``zero_infinity``).  The gradient is
    the true derivative with respect to ``log_probs`` (PyTorch's differs from it by a term
    that a preceding ``log_softmax`` cancels, so gradients reaching logits agree).
    """
    lp = check_float(log_probs, "ctc_loss", "log_probs")
    tg = check(targets, "ctc_loss", "targets")
    check_reduction(reduction, "ctc_loss")
    unbatched = lp.ndim == 2
    if unbatched:
        lp = expand_dims(lp, axis=1)
    if lp.ndim != 3:
        raise ValueError(f"ctc_loss(log_probs): expected (T, N, C) or (T, C), got {lp.shape}")
    t_max, n, c = lp.shape
    if not 0 <= blank < c:
        raise ValueError(f"ctc_loss(blank): blank must be in label range, got {blank} for {c} "
                         f"classes")
    in_len = _lengths(input_lengths, n, "ctc_loss", "input_lengths")
    tl = _lengths(target_lengths, n, "ctc_loss", "target_lengths")
    if any(x > t_max for x in in_len):
        raise ValueError(f"ctc_loss(input_lengths): lengths must be at most T={t_max}, got "
                         f"{in_len}")
    if tg._dtype.kind not in "iu":
        raise TypeError(f"ctc_loss(targets): expected integer labels, got {tg._dtype.name}")
    if unbatched:
        flat = tg.tolist()
        flat = [flat] if tg.ndim == 0 else flat[0] if tg.ndim == 2 else flat
        rows = [flat[:tl[0]]]
    elif tg.ndim == 2:
        rows = [r[:k] for r, k in zip(tg.tolist(), tl)]
    elif tg.ndim == 1:
        flat = tg.tolist()
        if sum(tl) > len(flat):
            raise ValueError(f"ctc_loss(targets): concatenated targets hold {len(flat)} labels, "
                             f"target_lengths sum to {sum(tl)}")
        rows, start = [], 0
        for k in tl:
            rows.append(flat[start:start + k])
            start += k
    else:
        raise ValueError(f"ctc_loss(targets): expected (N, S) or concatenated 1-D targets, got "
                         f"shape {tg.shape}")
    if any(len(r) < k for r, k in zip(rows, tl)):
        raise ValueError("ctc_loss(targets): a target is shorter than its target_length")
    s_max = max(tl) if tl else 0
    width = 2 * s_max + 1
    ext = [[blank if s % 2 == 0 or (s - 1) // 2 >= len(r) else r[(s - 1) // 2]
            for s in range(width)] for r in rows]
    for r in rows:
        for lab in r:
            if not 0 <= lab < c or lab == blank:
                raise ValueError(f"ctc_loss(targets): label {lab} is out of range or the blank "
                                 f"({blank})")
    skip = [[s >= 2 and s % 2 == 1 and e[s] != e[s - 2] for s in range(width)] for e in ext]
    first = [[s == 0 or (s == 1 and k > 0) for s in range(width)] for k in tl]
    dev = lp.device
    ext_a = asarray(ext, dtype=_dtypes.int64, device=dev)
    skip_a = asarray(skip, dtype=_dtypes.bool, device=dev)
    lpe = take_along_axis(lp, broadcast_to(reshape(ext_a, (1, n, width)), (t_max, n, width)),
                          axis=2)                                              # (T, N, 2S+1)
    alpha = where(asarray(first, dtype=_dtypes.bool, device=dev), lpe[0], _NEG)
    neg1 = full((n, 1), _NEG, dtype=lp.dtype, device=dev)
    neg2 = full((n, 2), _NEG, dtype=lp.dtype, device=dev)
    in_len_a = reshape(asarray(in_len, dtype=_dtypes.int64, device=dev), (n, 1))
    for t in range(1, t_max):
        a1 = concat([neg1, alpha[:, :width - 1]], axis=1)[:, :width]
        a2 = where(skip_a, concat([neg2, alpha[:, :max(width - 2, 0)]], axis=1)[:, :width], _NEG)
        new = _lse3(alpha, a1, a2) + lpe[t]
        alpha = where(in_len_a > t, new, alpha)
    last = reshape(asarray([2 * k for k in tl], dtype=_dtypes.int64, device=dev), (n, 1))
    prev = reshape(asarray([max(2 * k - 1, 0) for k in tl], dtype=_dtypes.int64, device=dev),
                   (n, 1))
    has = reshape(asarray([k > 0 for k in tl], dtype=_dtypes.bool, device=dev), (n, 1))
    a_last = take_along_axis(alpha, last, axis=1)
    a_prev = where(has, take_along_axis(alpha, prev, axis=1), _NEG)
    nll = -reshape(logaddexp(a_last, a_prev), (n,))
    empty_input = asarray([k == 0 for k in in_len], dtype=_dtypes.bool, device=dev)
    with no_grad():
        impossible = logical_or(nll > -_NEG / 10, logical_and(empty_input,
                                                               asarray([k > 0 for k in tl],
                                                                       dtype=_dtypes.bool,
                                                                       device=dev)))
    nll = where(empty_input, 0.0, nll)                  # no frames, no labels: probability 1
    nll = where(impossible, 0.0 if zero_infinity else math.inf, nll)
    if unbatched and reduction == "none":
        return reshape(nll, ())
    if reduction == "mean":
        tl_a = asarray([max(k, 1) for k in tl], dtype=lp.dtype, device=dev)
        return mean(nll / tl_a)
    return reduce_loss(nll, reduction, "ctc_loss")

