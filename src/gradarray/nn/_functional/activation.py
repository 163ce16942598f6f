"""Activation functions, softmax and friends.

``relu``, ``sigmoid``, ``softmax``, ``log_softmax`` (and the private ``erf`` under ``gelu``)
are primitives: computed once without recording, recorded as one node with a short rule.
The others are compositions of standard functions arranged so that no branch that
``where`` discards can overflow (which would turn the discarded gradient into NaN).
"""

from __future__ import annotations

import math
import warnings
from typing import Any

from ..._array import Array
from ..._ops.elementwise import (abs as _abs, clip, exp, expm1, log, logaddexp, masked_grad,
                                 stable_sigmoid, tanh, trunc)
from ..._ops.indexing import keep_current
from ..._ops.linalg import vector_norm
from ..._ops.manipulation import reshape
from ..._ops.searching import where
from ..._ops.statistical import max as _max, sum as _sum
from ...autograd.engine import record
from ...autograd.grad_mode import STATE, no_grad
from ...autograd.rules import defvjp
from ._util import check, check_float, number

__all__ = ["relu", "relu_", "relu6", "leaky_relu", "elu", "selu", "celu", "gelu", "silu",
           "mish", "sigmoid", "tanh", "softplus", "softsign", "logsigmoid", "hardtanh",
           "hardsigmoid", "hardswish", "hardshrink", "softshrink", "tanhshrink", "threshold",
           "prelu", "glu", "softmax", "log_softmax", "softmin", "normalize"]

_new = Array._new


def _scalar(x: Array, value: float) -> Any:
    """A Python number as the backend takes it next to ``x``'s native array."""
    dev = x._device
    if dev.scalars:
        return value
    return dev.ns.asarray(value, dtype=dev.to_native[x._dtype], device=dev.native)


def _inplace(x: Array, out: Array, function: str) -> Array:
    """Make ``x`` hold ``out`` (PyTorch's ``inplace=True``): written into x's memory, so a
    base that x is a view of changes too, and recorded as any in-place change is (x's
    version moves on; the bases' histories follow)."""
    if out._ag is not None and x._ag is not None and x._ag.grad_fn is None:
        raise RuntimeError(f"{function}(inplace=True): a leaf array that requires grad "
                           f"cannot be modified in place")
    if out._ag is None:
        with no_grad():
            x[...] = out
    else:
        _keep_saved_inputs(out, x)
        x[...] = out
    return x


def _keep_saved_inputs(out: Array, x: Array) -> None:
    """The nodes that made ``out`` from ``x`` and saved x's current value (elu, silu and
    hardtanh read their input) keep a private copy of it before x is overwritten, as
    PyTorch's in-place activations keep what their backward needs."""
    vc = x._vc
    if vc is None:          # nothing saved x (saving gives it a counter)
        return
    ag = x._ag
    stop = ag.grad_fn if ag is not None else None
    stack = [out._ag.grad_fn] if out._ag is not None else []
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if node is None or node is stop or id(node) in seen:
            continue
        seen.add(id(node))
        keep_current(node, vc)
        stack.extend(e[0] for e in node.next if e is not None)


# ------------------------------------------------------------------ relu
def relu(input: Array, inplace: bool = False) -> Array:
    """``max(x, 0)``; the gradient at 0 is 0 (PyTorch)."""
    x = check(input, "relu")
    dev = x._device
    out = _new(dev.ns.maximum(x._native, _scalar(x, 0)), x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("nn.relu", out, {"input": x})
    return _inplace(x, out, "relu") if inplace else out


# g * (out > 0): a cast and a product run several times faster than where() in NumPy
defvjp("nn.relu", input=lambda g, *, out: masked_grad(g, _positive, out))


def _positive(x: Any) -> Any:
    return x > 0


def relu_(input: Array) -> Array:
    """``relu`` in place."""
    return relu(input, inplace=True)


def leaky_relu(input: Array, negative_slope: float = 0.01, inplace: bool = False) -> Array:
    """``x`` where positive, ``negative_slope * x`` elsewhere."""
    x = check_float(input, "leaky_relu")
    out = where(x > 0, x, x * number(negative_slope, "leaky_relu", "negative_slope"))
    return _inplace(x, out, "leaky_relu") if inplace else out


def relu6(input: Array, inplace: bool = False) -> Array:
    """``min(max(x, 0), 6)``."""
    return hardtanh(input, 0.0, 6.0, inplace)


def elu(input: Array, alpha: float = 1.0, inplace: bool = False) -> Array:
    """``x`` where positive, ``alpha * (exp(x) - 1)`` elsewhere."""
    x = check_float(input, "elu")
    alpha = number(alpha, "elu", "alpha")
    out = where(x > 0, x, expm1(clip(x, max=0.0)) * alpha)
    return _inplace(x, out, "elu") if inplace else out


_SELU_ALPHA = 1.6732632423543772848170429916717
_SELU_SCALE = 1.0507009873554804934193349852946


def selu(input: Array, inplace: bool = False) -> Array:
    """The self-normalising ELU, ``scale * elu(x, alpha)`` with Klambauer et al.'s constants."""
    x = check_float(input, "selu")
    out = elu(x, _SELU_ALPHA) * _SELU_SCALE
    return _inplace(x, out, "selu") if inplace else out


def celu(input: Array, alpha: float = 1.0, inplace: bool = False) -> Array:
    """``x`` where positive, ``alpha * (exp(x / alpha) - 1)`` elsewhere."""
    x = check_float(input, "celu")
    if number(alpha, "celu", "alpha") == 0:
        raise ValueError("celu(alpha): ZeroDivisionError, alpha cannot be 0")
    out = where(x > 0, x, expm1(clip(x, max=0.0) / alpha) * alpha)
    return _inplace(x, out, "celu") if inplace else out


# ------------------------------------------------------------------ erf and gelu
# W. J. Cody's rational approximations of erf and erfc (Math. Comp. 23, 1969; netlib
# specfun CALERF): a relative error below 5e-16 in float64 on the three ranges
# |x| <= 0.46875, 0.46875 < |x| <= 4 and |x| > 4.
_ERF_A = (3.16112374387056560e00, 1.13864154151050156e02, 3.77485237685302021e02,
          3.20937758913846947e03, 1.85777706184603153e-1)
_ERF_B = (2.36012909523441209e01, 2.44024637934444173e02, 1.28261652607737228e03,
          2.84423683343917062e03)
_ERF_C = (5.64188496988670089e-1, 8.88314979438837594e00, 6.61191906371416295e01,
          2.98635138197400131e02, 8.81952221241769090e02, 1.71204761263407058e03,
          2.05107837782607147e03, 1.23033935479799725e03, 2.15311535474403846e-8)
_ERF_D = (1.57449261107098347e01, 1.17693950891312499e02, 5.37181101862009858e02,
          1.62138957456669019e03, 3.29079923573345963e03, 4.36261909014324716e03,
          3.43936767414372164e03, 1.23033935480374942e03)
_ERF_P = (3.05326634961232344e-1, 3.60344899949804439e-1, 1.25781726111229246e-1,
          1.60837851487422766e-2, 6.58749161529837803e-4, 1.63153871373020978e-2)
_ERF_Q = (2.56852019228982242e00, 1.87295284992346725e00, 5.27905102951428412e-1,
          6.05183413124413191e-2, 2.33520497626869185e-3)


def _ratio(v: Array, num: tuple[float, ...], den: tuple[float, ...], n: int) -> Array:
    """Cody's nested evaluation: (((num[-1] v + num[0]) v + ...) + num[n]) over the same
    with ``den`` (whose leading coefficient is 1)."""
    xnum = v * num[-1]
    xden = v
    for i in range(n):
        xnum = (xnum + num[i]) * v
        xden = (xden + den[i]) * v
    return (xnum + num[n]) / (xden + den[n])


def _erf(x: Array) -> Array:
    """The error function to float64 accuracy (Cody's approximations, each range computed
    on values kept inside it so that no branch overflows); its gradient is exact.  The
    standard has no erf, and GELU needs one."""
    with no_grad():
        y = _abs(x)
        small = y <= 0.46875
        ys = where(small, y, 0.0)
        erf_small = x * _ratio(ys * ys, _ERF_A, _ERF_B, 3)
        ym = clip(y, min=0.46875, max=4.0)
        mid = _ratio(ym, _ERF_C, _ERF_D, 7)
        yl = clip(y, min=4.0, max=30.0)            # erfc(30) underflows to 0 anyway
        inv = 1.0 / (yl * yl)
        large = (0.56418958354775628695 - inv * _ratio(inv, _ERF_P, _ERF_Q, 4)) / yl
        yc = clip(y, max=30.0)
        split = trunc(yc * 16.0) / 16.0            # exp(-y^2) in two exact-ish factors
        erfc = exp(-(split * split)) * exp(-((yc - split) * (yc + split))) * \
            where(y <= 4.0, mid, large)
        out = where(small, erf_small, where(x >= 0, 1.0 - erfc, erfc - 1.0))
    if x._ag is not None and STATE.enabled:
        record("nn.erf", out, {"x": x})
    return out


defvjp("nn.erf", x=lambda g, x: g * (2.0 / math.sqrt(math.pi)) * exp(-(x * x)))


def gelu(input: Array, approximate: str = "none") -> Array:
    """``x * Phi(x)``; ``approximate="tanh"`` uses Hendrycks and Gimpel's tanh form."""
    x = check_float(input, "gelu")
    if approximate == "none":
        return x * (_erf(x * (1 / math.sqrt(2.0))) + 1.0) * 0.5
    if approximate == "tanh":
        inner = (x + x * x * x * 0.044715) * math.sqrt(2.0 / math.pi)
        return x * (tanh(inner) + 1.0) * 0.5
    raise ValueError(f"gelu(approximate): expected 'none' or 'tanh', got {approximate!r}")


# ------------------------------------------------------------------ sigmoid family
def sigmoid(input: Array) -> Array:
    """``1 / (1 + exp(-x))``, computed without overflow for any x."""
    x = check_float(input, "sigmoid")
    with no_grad():
        out = stable_sigmoid(x)
    if x._ag is not None and STATE.enabled:
        record("nn.sigmoid", out, {"input": x})
    return out


defvjp("nn.sigmoid", input=lambda g, *, out: g * out * (1.0 - out))


def silu(input: Array, inplace: bool = False) -> Array:
    """``x * sigmoid(x)`` (swish)."""
    x = check_float(input, "silu")
    out = x * sigmoid(x)
    return _inplace(x, out, "silu") if inplace else out


def softplus(input: Array, beta: float = 1.0, threshold: float = 20.0) -> Array:
    """``log(1 + exp(beta * x)) / beta``, linear where ``beta * x > threshold``."""
    x = check_float(input, "softplus")
    beta = number(beta, "softplus", "beta")
    threshold = number(threshold, "softplus", "threshold")
    bx = x * beta if beta != 1 else x
    soft = logaddexp(bx, 0.0)
    if beta != 1:
        soft = soft / beta
    return where(bx > threshold, x, soft)


def mish(input: Array, inplace: bool = False) -> Array:
    """``x * tanh(softplus(x))``."""
    x = check_float(input, "mish")
    out = x * tanh(softplus(x))
    return _inplace(x, out, "mish") if inplace else out


def logsigmoid(input: Array) -> Array:
    """``log(sigmoid(x))`` without overflow or log(0)."""
    x = check_float(input, "logsigmoid")
    return -logaddexp(-x, 0.0)


def softsign(input: Array) -> Array:
    """``x / (1 + |x|)``."""
    x = check_float(input, "softsign")
    return x / (_abs(x) + 1.0)


def hardtanh(input: Array, min_val: float = -1.0, max_val: float = 1.0,
             inplace: bool = False) -> Array:
    """``x`` clipped to ``[min_val, max_val]``."""
    x = check_float(input, "hardtanh")
    lo, hi = number(min_val, "hardtanh", "min_val"), number(max_val, "hardtanh", "max_val")
    if hi < lo:
        raise ValueError("hardtanh(max_val): max_val cannot be less than min_val")
    with no_grad():
        out = clip(x, min=lo, max=hi)
    if x._ag is not None and STATE.enabled:
        record("nn.hardtanh", out, {"input": x, "min_val": lo, "max_val": hi})
    return _inplace(x, out, "hardtanh") if inplace else out


# the gradient passes strictly inside the bounds (PyTorch; clip's rule passes it at them)
defvjp("nn.hardtanh", input=lambda g, input, min_val, max_val: masked_grad(
    g, lambda v: (v > min_val) & (v < max_val), input))


def hardsigmoid(input: Array, inplace: bool = False) -> Array:
    """``relu6(x + 3) / 6``."""
    x = check_float(input, "hardsigmoid")
    out = hardtanh(x / 6.0 + 0.5, 0.0, 1.0)
    return _inplace(x, out, "hardsigmoid") if inplace else out


def hardswish(input: Array, inplace: bool = False) -> Array:
    """``x * relu6(x + 3) / 6``."""
    x = check_float(input, "hardswish")
    out = x * hardsigmoid(x)
    return _inplace(x, out, "hardswish") if inplace else out


def hardshrink(input: Array, lambd: float = 0.5) -> Array:
    """``x`` where ``|x| > lambd``, else 0."""
    x = check_float(input, "hardshrink")
    return where(_abs(x) > number(lambd, "hardshrink", "lambd"), x, 0.0)


def softshrink(input: Array, lambd: float = 0.5) -> Array:
    """``x`` moved towards 0 by ``lambd``, 0 inside ``[-lambd, lambd]``."""
    x = check_float(input, "softshrink")
    if number(lambd, "softshrink", "lambd") < 0:
        raise ValueError(f"softshrink(lambd): expected lambd >= 0, got {lambd}")
    return where(x > lambd, x - lambd, where(x < -lambd, x + lambd, 0.0))


def tanhshrink(input: Array) -> Array:
    """``x - tanh(x)``."""
    x = check_float(input, "tanhshrink")
    return x - tanh(x)


def threshold(input: Array, threshold: float, value: float, inplace: bool = False) -> Array:
    """``x`` where ``x > threshold``, else ``value``."""
    x = check_float(input, "threshold")
    out = where(x > number(threshold, "threshold", "threshold"), x,
                number(value, "threshold", "value"))
    return _inplace(x, out, "threshold") if inplace else out


def prelu(input: Array, weight: Array) -> Array:
    """``x`` where positive, ``weight * x`` elsewhere; ``weight`` has 1 or C (axis 1) values."""
    x = check_float(input, "prelu")
    w = check_float(weight, "prelu", "weight")
    if w.ndim != 1:
        raise ValueError(f"prelu(weight): expected a 1-D weight, got shape {w.shape}")
    if w.shape[0] != 1:
        if x.ndim < 2 or x.shape[1] != w.shape[0]:
            raise ValueError(f"prelu(weight): {w.shape[0]} parameters do not match the "
                             f"{x.shape[1] if x.ndim > 1 else 1} channels of input {x.shape}")
        w = reshape(w, (1, w.shape[0]) + (1,) * (x.ndim - 2))
    return where(x > 0, x, w * x)


def glu(input: Array, dim: int = -1) -> Array:
    """The gated linear unit: the first half of ``dim`` times sigmoid of the second."""
    x = check_float(input, "glu")
    n = x.shape[dim]
    if n % 2:
        raise ValueError(f"glu: halving dimension must be even, but dimension {dim} is size {n}")
    key_a = [slice(None)] * x.ndim
    key_b = [slice(None)] * x.ndim
    key_a[dim] = slice(0, n // 2)
    key_b[dim] = slice(n // 2, n)
    return x[tuple(key_a)] * sigmoid(x[tuple(key_b)])


# ------------------------------------------------------------------ softmax family
def _softmax_dim(x: Array, dim: int | None, function: str) -> int:
    if dim is None:
        warnings.warn(f"Implicit dimension choice for {function} has been deprecated. Change "
                      f"the call to include dim=X as an argument.", UserWarning, stacklevel=3)
        return 0 if x.ndim in (0, 1, 3) else 1
    if type(dim) is not int:
        raise TypeError(f"{function}(dim): expected an int, got {dim!r}")
    if not -max(x.ndim, 1) <= dim < max(x.ndim, 1):
        raise IndexError(f"{function}(dim): dimension {dim} is out of range for a "
                         f"{x.ndim}-D input")
    return dim % max(x.ndim, 1)


def _prepare(input: Any, dim: int | None, dtype: Any, function: str) -> tuple[Array, int, bool]:
    x = check_float(input, function)
    if dtype is not None:
        from ..._ops.data_types import astype
        x = astype(x, dtype)
    d = _softmax_dim(x, dim, function)
    scalar = x.ndim == 0
    if scalar:
        x = reshape(x, (1,))
    return x, d, scalar


def softmax(input: Array, dim: int | None = None, dtype: Any = None) -> Array:
    """``exp(x) / sum(exp(x))`` along ``dim``, shifted by the maximum (no overflow)."""
    x, d, scalar = _prepare(input, dim, dtype, "softmax")
    with no_grad():
        e = exp(x - _max(x, axis=d, keepdims=True))
        out = e / _sum(e, axis=d, keepdims=True)
    if x._ag is not None and STATE.enabled:
        record("nn.softmax", out, {"input": x, "dim": d})
    return reshape(out, ()) if scalar else out


defvjp("nn.softmax",
       input=lambda g, dim, *, out: out * (g - _sum(g * out, axis=dim, keepdims=True)))


def log_softmax(input: Array, dim: int | None = None, dtype: Any = None) -> Array:
    """``x - logsumexp(x)`` along ``dim``, computed stably."""
    x, d, scalar = _prepare(input, dim, dtype, "log_softmax")
    with no_grad():
        z = x - _max(x, axis=d, keepdims=True)
        out = z - log(_sum(exp(z), axis=d, keepdims=True))
    if x._ag is not None and STATE.enabled:
        record("nn.log_softmax", out, {"input": x, "dim": d})
    return reshape(out, ()) if scalar else out


defvjp("nn.log_softmax",
       input=lambda g, dim, *, out: g - exp(out) * _sum(g, axis=dim, keepdims=True))


def softmin(input: Array, dim: int | None = None, dtype: Any = None) -> Array:
    """``softmax(-x)``."""
    x = check_float(input, "softmin")
    return softmax(-x, _softmax_dim(x, dim, "softmin") if dim is None else dim, dtype)


def normalize(input: Array, p: float = 2.0, dim: int = 1, eps: float = 1e-12) -> Array:
    """``x`` divided by its ``p``-norm along ``dim`` (at least ``eps``)."""
    x = check_float(input, "normalize")
    p = number(p, "normalize", "p")
    eps = number(eps, "normalize", "eps")
    norm = vector_norm(x, axis=dim, keepdims=True, ord=p)
    return x / clip(norm, min=eps)
