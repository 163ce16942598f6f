"""Statistical functions, each beside its derivative rule.

https://data-apis.org/array-api/2025.12/API_specification/statistical_functions.html

``max``/``min`` share the gradient evenly among tied elements; ``prod`` and
``cumulative_prod`` are exact where the input holds zeros; ``std`` has zero gradient where
the standard deviation is zero (PyTorch).
"""

from __future__ import annotations

import math
from typing import Any

from .. import _dtypes
from .._array import Array
from .._call import check_array, wrap
from .._dtypes import DType, FLOATING, NUMERIC, REAL_FLOATING, REAL_NUMERIC
from ..autograd.engine import record, record_x
from ..autograd.grad_mode import STATE
from ..autograd.rules import defvjp
from ._util import check_bool, check_dtype_in, normalize_axes, normalize_axis

__all__ = ["cumulative_prod", "cumulative_sum", "max", "mean", "min", "prod", "std", "sum",
           "var"]

_new = Array._new


def _keepdims_shape(shape: tuple[int, ...], axes: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(1 if i in axes else d for i, d in enumerate(shape))


def _expand(g: Array, x: Any, axes: tuple[int, ...], keepdims: bool) -> Array:
    """A reduction's cotangent broadcast back to the input's shape (``x``: an array or its
    shape; rules that need no values save the shape only, so the input can be freed)."""
    shape = x if type(x) is tuple else x.shape
    if not keepdims and g.ndim:      # a 0-d g broadcasts as it is
        g = reshape(g, _keepdims_shape(shape, axes))
    return _unchecked("broadcast_to", g, shape)


def _count(x: Any, axes: tuple[int, ...]) -> int:
    shape = x if type(x) is tuple else x.shape
    n = 1
    for a in axes:
        n *= shape[a]
    return n


def _dtype_kw(dtype: Any, function: str, x: Array) -> Any:
    if dtype is None:
        return None
    dt = _dtypes.as_dtype(dtype, function)
    if x._dtype.kind == "c" and dt.kind != "c":
        raise TypeError(f"{function}(dtype): cannot accumulate complex {x._dtype.name} in real "
                        f"{dt.name}")
    nd = x._device.to_native.get(dt)
    if nd is None:
        raise ValueError(f"{function}(dtype): the {x._device} device does not support {dt.name}")
    return nd


_ALL_AXES = [tuple(range(n)) for n in range(8)]    # what axis=None reduces, by ndim


def _reduce(name: str, x: Array, axis: Any, keepdims: bool, allowed: frozenset[DType],
            dtype: Any = None, correction: Any = None) -> Array:
    if type(x) is not Array:
        x = check_array(x, name)
    if x._dtype not in allowed:
        check_dtype_in(x, allowed, name)
    if type(keepdims) is not bool:
        check_bool(keepdims, name, "keepdims")
    if axis is None:
        axes = None                    # all of them (the tuple is built only for recording)
    else:
        axes = normalize_axes(axis, x._native.ndim, name)
    dev = x._device
    f = dev.fns.get(name) or dev.function(name)
    dt = x._dtype
    if correction is not None:                         # var, std
        native = f(x._native, axis=axes, keepdims=keepdims, correction=correction)
        dt = dev.from_native[native.dtype]
    elif dtype is not None:
        native = f(x._native, axis=axes, keepdims=keepdims, dtype=_dtype_kw(dtype, name, x))
        dt = dev.from_native[native.dtype]
    else:
        # the standard's defaults need no keywords
        native = f(x._native) if axes is None and not keepdims else \
            f(x._native, axis=axes, keepdims=keepdims)
        if dt.kind not in "fc":                        # integer sums widen; floats keep x's
            dt = dev.from_native[native.dtype]
    out = _new(native, dt, dev)
    if x._ag is not None and STATE.enabled:
        if axes is None:
            ndim = x._native.ndim
            axes = _ALL_AXES[ndim] if ndim < 8 else tuple(range(ndim))
        opts = {"axis": axes, "keepdims": keepdims, "shape": x._native.shape}
        if correction is not None:
            opts["correction"] = correction
        record_x(name, out, x, opts)
    return out


def sum(x: Array, /, *, axis: int | tuple[int, ...] | None = None, dtype: DType | None = None,
        keepdims: bool = False) -> Array:
    """The sum of the elements along ``axis`` (all of them if None)."""
    if (axis is None and dtype is None and keepdims is False and type(x) is Array
            and x._ag is None and x._dtype.kind in "fc"):
        # the commonest call, all checks passed by construction: a floating sum of
        # everything keeps its dtype and records nothing
        dev = x._device
        f = dev.fns.get("sum")
        if f is not None:
            return _new(f(x._native), x._dtype, dev)
    return _reduce("sum", x, axis, keepdims, NUMERIC, dtype)


defvjp("sum", x=lambda g, shape, axis, keepdims: _expand(g, shape, axis, keepdims))


def prod(x: Array, /, *, axis: int | tuple[int, ...] | None = None, dtype: DType | None = None,
         keepdims: bool = False) -> Array:
    """The product of the elements along ``axis`` (all of them if None)."""
    return _reduce("prod", x, axis, keepdims, NUMERIC, dtype)


def _prod_rule(g: Array, x: Array, axis: tuple[int, ...], keepdims: bool) -> Array:
    """d prod / d x_j = product of the other elements, computed without dividing (zeros)."""
    rest = tuple(a for a in range(x.ndim) if a not in axis)
    perm = rest + axis
    y = permute_dims(x, perm)
    lead = y.shape[:len(rest)]
    y = reshape(y, lead + (math.prod(x.shape[a] for a in axis),))   # not -1: lead may hold 0
    left = cumulative_prod(y, axis=-1, include_initial=True)[..., :-1]
    right = flip(cumulative_prod(flip(y, axis=-1), axis=-1, include_initial=True)[..., :-1],
                 axis=-1)
    others = left * right
    if x._dtype.kind == "c":
        others = conj(others)
    grad = expand_dims(reshape(g, lead), axis=-1) * others   # g has the kept axes' size
    grad = reshape(grad, tuple(x.shape[a] for a in perm))
    inverse = [0] * len(perm)
    for i, a in enumerate(perm):
        inverse[a] = i
    return permute_dims(grad, tuple(inverse))


defvjp("prod", x=_prod_rule)


def mean(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
         keepdims: bool = False) -> Array:
    """The arithmetic mean along ``axis`` (all elements if None)."""
    return _reduce("mean", x, axis, keepdims, FLOATING)


defvjp("mean",    # divided before the broadcast: one division per output element, not input
       x=lambda g, shape, axis, keepdims: _expand(g / _count(shape, axis), shape, axis, keepdims))


def _extremum(name: str, x: Array, axis: Any, keepdims: bool) -> Array:
    x = check_array(x, name)
    check_dtype_in(x, REAL_NUMERIC, name)
    axes = normalize_axes(axis, x.ndim, name)
    if _count(x, axes) == 0 and x.size == 0:
        raise ValueError(f"{name}(x): zero-size reduction; the {name}imum of no elements is "
                         f"not defined")
    return _reduce(name, x, axis, keepdims, REAL_NUMERIC)


def max(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
        keepdims: bool = False) -> Array:
    """The largest element along ``axis``; ties share the gradient evenly."""
    return _extremum("max", x, axis, keepdims)


def min(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
        keepdims: bool = False) -> Array:
    """The smallest element along ``axis``; ties share the gradient evenly."""
    return _extremum("min", x, axis, keepdims)


def _extremum_rule(g: Array, x: Array, axis: tuple[int, ...], keepdims: bool, *,
                   out: Array) -> Array:
    # compared and divided in the reduced shape, so one full-size product remains
    if not keepdims:
        shape = _keepdims_shape(x.shape, axis)
        out = reshape(out, shape)
        g = reshape(g, shape)
    hit = astype(x == out, x._dtype)
    return hit * (g / sum(hit, axis=axis, keepdims=True))


defvjp("max", x=_extremum_rule)
defvjp("min", x=_extremum_rule)


def _check_correction(correction: Any, function: str) -> None:
    if type(correction) not in (int, float):
        raise TypeError(f"{function}(correction): expected an int or a float, got "
                        f"{correction!r}")
    if correction < 0:
        raise ValueError(f"{function}(correction): expected a non-negative correction, got "
                         f"{correction}")
    if type(correction) is int and correction > 2 ** 53:
        raise OverflowError(f"{function}(correction): {correction} is too large")


def var(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
        correction: int | float = 0.0, keepdims: bool = False) -> Array:
    """The variance along ``axis``, dividing by ``N - correction``."""
    _check_correction(correction, "var")
    return _reduce("var", x, axis, keepdims, REAL_FLOATING, correction=correction)


def _var_rule(g: Array, x: Array, axis: tuple[int, ...], keepdims: bool,
              correction: float) -> Array:
    centered = x - mean(x, axis=axis, keepdims=True)
    dof = _count(x, axis) - correction
    # no degrees of freedom: the forward divided by 0 too (PyTorch's factor: 2 / 0 = inf)
    return _expand(g, x, axis, keepdims) * centered * (2.0 / dof if dof else math.inf)


defvjp("var", x=_var_rule)


def std(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
        correction: int | float = 0.0, keepdims: bool = False) -> Array:
    """The standard deviation along ``axis``, dividing by ``N - correction``."""
    _check_correction(correction, "std")
    return _reduce("std", x, axis, keepdims, REAL_FLOATING, correction=correction)


def _std_rule(g: Array, x: Array, axis: tuple[int, ...], keepdims: bool, correction: float, *,
              out: Array) -> Array:
    centered = x - mean(x, axis=axis, keepdims=True)
    s = _expand(out, x, axis, keepdims)
    safe = where(s == 0, 1.0, s)
    grad = _expand(g, x, axis, keepdims) * centered / (safe * (_count(x, axis) - correction))
    return where(s == 0, 0.0, grad)


defvjp("std", x=_std_rule)


# ---------------------------------------------------------------- cumulative
def _cumulative(name: str, x: Array, axis: Any, dtype: Any, include_initial: bool) -> Array:
    x = check_array(x, name)
    check_dtype_in(x, NUMERIC, name)
    check_bool(include_initial, name, "include_initial")
    if axis is None:
        if x.ndim > 1:
            raise ValueError(f"{name}(axis): axis is required for a {x.ndim}-D array")
        if x.ndim == 0:
            raise ValueError(f"{name}(x): expected an array with at least one dimension")
        ax = 0
    else:
        ax = normalize_axis(axis, x.ndim, name)
    dev = x._device
    kw: dict[str, Any] = {"axis": ax, "include_initial": include_initial}
    if dtype is not None:
        kw["dtype"] = _dtype_kw(dtype, name, x)
    out = wrap(getattr(dev.ns, name)(x._native, **kw), dev)
    if x._ag is not None and STATE.enabled:
        record(name, out, {"x": x, "axis": ax, "include_initial": include_initial})
    return out


def cumulative_sum(x: Array, /, *, axis: int | None = None, dtype: DType | None = None,
                   include_initial: bool = False) -> Array:
    """The running sum along ``axis`` (starting with 0 when ``include_initial``)."""
    return _cumulative("cumulative_sum", x, axis, dtype, include_initial)


def _rev_cumsum(g: Array, axis: int) -> Array:
    return flip(cumulative_sum(flip(g, axis=axis), axis=axis), axis=axis)


def _cumsum_rule(g: Array, axis: int, include_initial: bool) -> Array:
    if include_initial:
        idx: list[Any] = [slice(None)] * g.ndim
        idx[axis] = slice(1, None)
        g = g[tuple(idx)]
    return _rev_cumsum(g, axis)


defvjp("cumulative_sum", x=_cumsum_rule)


def cumulative_prod(x: Array, /, *, axis: int | None = None, dtype: DType | None = None,
                    include_initial: bool = False) -> Array:
    """The running product along ``axis`` (starting with 1 when ``include_initial``)."""
    return _cumulative("cumulative_prod", x, axis, dtype, include_initial)


def _cumprod_rule(g: Array, x: Array, axis: int, include_initial: bool) -> Array:
    """grad_j = P_{<j} * S_j with S_j = g_j + x_{j+1} S_{j+1}: no division, exact at zeros."""
    if include_initial:
        idx: list[Any] = [slice(None)] * g.ndim
        idx[axis] = slice(1, None)
        g = g[tuple(idx)]
    cj = (lambda a: conj(a)) if x._dtype.kind == "c" else (lambda a: a)
    out = cumulative_prod(x, axis=axis)
    if not bool(any_(x == 0)):
        return _rev_cumsum(g * cj(out), axis) / cj(x)
    xs = moveaxis(x, axis, 0)
    gs = moveaxis(g, axis, 0)
    n = xs.shape[0]
    excl = cumulative_prod(xs, axis=0, include_initial=True)[:-1]
    s = [gs[n - 1]]
    for j in range(n - 2, -1, -1):
        s.append(gs[j] + cj(xs[j + 1]) * s[-1])
    s.reverse()
    grad = cj(excl) * stack(s, axis=0)
    return moveaxis(grad, 0, axis)


defvjp("cumulative_prod", x=_cumprod_rule)


# sibling modules' functions used at call time (imported last: the modules import each other)
from .data_types import astype  # noqa: E402
from .elementwise import conj  # noqa: E402
from .manipulation import _unchecked, expand_dims, flip, moveaxis, permute_dims, reshape, stack  # noqa: E402
from .searching import where  # noqa: E402
from .utility import any as any_  # noqa: E402
