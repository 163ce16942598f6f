"""Statistical functions.

https://data-apis.org/array-api/2025.12/API_specification/statistical_functions.html

Floating-point sums are exact (``math.fsum``) and then rounded once to the result dtype;
integer sums and products wrap around the result dtype.
"""

from __future__ import annotations

import builtins
import math
from itertools import accumulate
from operator import add, mul
from typing import Any

from . import _dtypes as D
from ._array import Array, new
from ._dtypes import DType
from ._layout import from_values, wrap_ints
from ._scalar import f32
from ._manipulation import check, normalize_axis
from ._reduce import groups, keepdims_arg, out_shape

__all__ = ["cumulative_prod", "cumulative_sum", "max", "mean", "min", "prod", "std", "sum",
           "var", "fsum"]

_isnan = math.isnan


def fsum(vals: list[float]) -> float:
    """The sum of floats, correctly rounded (NaN and infinities as IEEE addition gives)."""
    try:
        return math.fsum(vals)
    except (ValueError, OverflowError):
        return builtins.sum(vals)


def fsum32(vals: list[float]) -> float:
    """The sum of floats correctly rounded to float32: ``fsum`` rounds the exact sum to
    float64, and where that lands exactly between two float32 values (the one case where
    rounding twice can differ from rounding once) the sign of the exact residual decides."""
    s = fsum(vals)
    r = f32(s)
    if r == s or not math.isfinite(s):
        return r
    other = f32(math.nextafter(s, math.inf if r < s else -math.inf))   # across s
    lo, hi = (r, other) if r < other else (other, r)
    if lo + (hi - lo) / 2 != s:
        return r                                    # not a tie: one rounding is exact
    try:
        residual = math.fsum(vals + [-s])           # the exact sum minus s, its sign exact
    except (ValueError, OverflowError):
        return r
    if residual > 0:
        return hi
    if residual < 0:
        return lo
    return r


def _csum(vals: list[complex]) -> complex:
    return complex(fsum([v.real for v in vals]), fsum([v.imag for v in vals]))


def _sum_dtype(x: Array, dtype: DType | None, function: str) -> DType:
    if dtype is not None:
        if type(dtype) is not DType:
            raise TypeError(f"{function}(dtype): expected a reference dtype, got {dtype!r}")
        return dtype
    dt = x._dtype
    if dt.kind in "ib":
        return D.int64
    if dt.kind == "u":
        return D.uint64
    return dt


def _convert(vals: list[Any], src: DType, dst: DType) -> list[Any]:
    if src is dst or src.kind == dst.kind:
        return vals
    if dst.kind == "f":
        return [float(v) for v in vals]
    if dst.kind == "c":
        return [complex(v) for v in vals]
    if dst.kind in "iu" and src.kind == "f":
        return [int(v) if math.isfinite(v) else 0 for v in vals]
    return vals


def _finish(res: list[Any], x: Array, axes: tuple[int, ...], kept: tuple[int, ...],
            keepdims: bool, dt: DType) -> Array:
    return new(from_values(res, dt), out_shape(x, axes, kept, keepdims), dt)


def sum(x: Array, /, *, axis: int | tuple[int, ...] | None = None,  # noqa: A001
        dtype: DType | None = None, keepdims: bool = False) -> Array:
    """The sum of the elements over ``axis`` (exact, then rounded once)."""
    x = check(x, "sum")
    keepdims = keepdims_arg(keepdims, "sum")
    if x._dtype not in D.NUMERIC and x._dtype.kind != "b":
        raise TypeError(f"sum(x): expected a numeric dtype, got {x._dtype.name}")
    dt = _sum_dtype(x, dtype, "sum")
    gs, axes, kept = groups(x, axis, "sum")
    src = x._dtype
    k = dt.kind
    if k == "f":
        add_up = fsum32 if dt is D.float32 else fsum
        res = [add_up(_convert(g, src, dt)) for g in gs]
    elif k == "c":
        res = [_csum(_convert(g, src, dt)) for g in gs]
    else:
        res = [builtins.sum(_convert(g, src, dt)) for g in gs]
    return _finish(res, x, axes, kept, keepdims, dt)


def _int_prod(vals: list[int], dt: DType) -> int:
    p = 1
    mask = dt.mask
    for i in range(0, len(vals), 32):
        p = (p * math.prod(vals[i:i + 32])) & mask
    return p


def prod(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
         dtype: DType | None = None, keepdims: bool = False) -> Array:
    """The product of the elements over ``axis``."""
    x = check(x, "prod")
    keepdims = keepdims_arg(keepdims, "prod")
    if x._dtype not in D.NUMERIC and x._dtype.kind != "b":
        raise TypeError(f"prod(x): expected a numeric dtype, got {x._dtype.name}")
    dt = _sum_dtype(x, dtype, "prod")
    gs, axes, kept = groups(x, axis, "prod")
    src = x._dtype
    if dt.kind in "iu":
        res = [_int_prod(_convert(g, src, dt), dt) for g in gs]
    elif dt.kind == "c":
        res = [_cprod(_convert(g, src, dt)) for g in gs]
    else:
        res = [_fprod(_convert(g, src, dt)) for g in gs]
    return _finish(res, x, axes, kept, keepdims, dt)


def _fprod(vals: list[float]) -> float:
    try:
        return math.prod(vals)
    except OverflowError:
        p = 1.0
        for v in vals:
            p *= v
        return p


def _cprod(vals: list[complex]) -> complex:
    p = 1 + 0j
    for v in vals:
        p *= v
    return p


def _has_nan(g: list[float]) -> bool:
    """Whether a NaN is among the floats (a C-speed sum first: NaN only if it is NaN)."""
    s = builtins.sum(g)
    return s != s and builtins.any(map(_isnan, g))


def _extreme(x: Array, axis: Any, keepdims: bool, function: str, pick: Any) -> Array:
    x = check(x, function)
    keepdims = keepdims_arg(keepdims, function)
    dt = x._dtype
    if dt.kind == "c":
        raise TypeError(f"{function}(x): expected a real-valued dtype, got {dt.name}")
    gs, axes, kept = groups(x, axis, function)
    if any(not g for g in gs) or (not gs and x._size == 0 and not kept):
        raise ValueError(f"{function}(x): the reduction over a zero-size axis has no identity")
    if dt.kind == "f":
        res = [math.nan if _has_nan(g) else pick(g) for g in gs]
    else:
        res = [pick(g) for g in gs]
    return _finish(res, x, axes, kept, keepdims, dt)


def max(x: Array, /, *, axis: int | tuple[int, ...] | None = None,  # noqa: A001
        keepdims: bool = False) -> Array:
    """The largest element over ``axis`` (NaN propagates)."""
    return _extreme(x, axis, keepdims, "max", builtins.max)


def min(x: Array, /, *, axis: int | tuple[int, ...] | None = None,  # noqa: A001
        keepdims: bool = False) -> Array:
    """The smallest element over ``axis`` (NaN propagates)."""
    return _extreme(x, axis, keepdims, "min", builtins.min)


def mean(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
         keepdims: bool = False) -> Array:
    """The arithmetic mean over ``axis`` (NaN for an empty reduction)."""
    x = check(x, "mean")
    keepdims = keepdims_arg(keepdims, "mean")
    dt = x._dtype
    if dt.kind not in "fc":
        raise TypeError(f"mean(x): expected a floating-point dtype, got {dt.name}")
    gs, axes, kept = groups(x, axis, "mean")
    if dt.kind == "c":
        res: list[Any] = [(_csum(g) / len(g)) if g else complex(math.nan, math.nan)
                          for g in gs]
    else:
        res = [_fmean(g) for g in gs]
    return _finish(res, x, axes, kept, keepdims, dt)


def _fmean(g: list[float]) -> float:
    if not g:
        return math.nan
    s = fsum(g)
    if math.isinf(s) and all(map(math.isfinite, g)):
        return fsum([v / len(g) for v in g])      # the sum overflowed, the mean need not
    return s / len(g)


def _moments(x: Array, axis: Any, correction: Any, keepdims: bool, function: str
             ) -> tuple[list[float], Array, tuple[int, ...], tuple[int, ...], bool]:
    x = check(x, function)
    keepdims = keepdims_arg(keepdims, function)
    if x._dtype.kind != "f":
        raise TypeError(f"{function}(x): expected a real floating-point dtype, got "
                        f"{x._dtype.name}")
    if type(correction) not in (int, float) or type(correction) is bool:
        raise TypeError(f"{function}(correction): expected an int or a float, got "
                        f"{correction!r}")
    gs, axes, kept = groups(x, axis, function)
    res = []
    for g in gs:
        n = len(g)
        dof = n - correction
        if dof <= 0 or n == 0:
            res.append(math.nan)
            continue
        m = _fmean(g)
        res.append(fsum([(v - m) * (v - m) for v in g]) / dof)
    return res, x, axes, kept, keepdims


def var(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
        correction: int | float = 0.0, keepdims: bool = False) -> Array:
    """The variance over ``axis`` with ``correction`` degrees of freedom removed."""
    res, x, axes, kept, keepdims = _moments(x, axis, correction, keepdims, "var")
    return _finish(res, x, axes, kept, keepdims, x._dtype)


def std(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
        correction: int | float = 0.0, keepdims: bool = False) -> Array:
    """The standard deviation over ``axis`` with ``correction`` degrees of freedom removed."""
    res, x, axes, kept, keepdims = _moments(x, axis, correction, keepdims, "std")
    return _finish([math.sqrt(v) if v == v else v for v in res], x, axes, kept, keepdims,
                   x._dtype)


def _cumulative(x: Array, axis: Any, dtype: Any, include_initial: Any, function: str,
                op: Any, initial: int) -> Array:
    x = check(x, function)
    if type(include_initial) is not bool:
        raise TypeError(f"{function}(include_initial): expected a bool, got "
                        f"{include_initial!r}")
    nd = len(x._shape)
    if axis is None:
        if nd > 1:
            raise ValueError(f"{function}(axis): axis is required for a {nd}-D array")
        if nd == 0:
            from ._manipulation import reshape
            x = reshape(x, (1,))
            nd = 1
        ax = 0
    else:
        ax = normalize_axis(axis, nd, function)
    dt = _sum_dtype(x, dtype, function)
    gs, axes, kept = groups(x, ax, function)
    src = x._dtype
    res: list[Any] = []
    mask = dt.mask if dt.kind in "iu" else 0
    one = complex(initial) if dt.kind == "c" else float(initial) if dt.kind == "f" else initial
    for g in gs:
        g = _convert(g, src, dt)
        if include_initial:
            res.append(one)
        if mask:
            res.extend(v & mask for v in accumulate(g, op))
        else:
            res.extend(accumulate(g, op))
    if mask:
        res = wrap_ints(res, dt)
    n = x._shape[ax] + (1 if include_initial else 0)
    # the groups were laid out with the axis last: move it back
    shape_last = kept + (n,)
    out = new(from_values(res, dt), shape_last, dt)
    from ._manipulation import moveaxis
    moved = moveaxis(out, len(shape_last) - 1, ax)
    return new(moved._copy_buf(), moved._shape, dt)


def cumulative_sum(x: Array, /, *, axis: int | None = None, dtype: DType | None = None,
                   include_initial: bool = False) -> Array:
    """Running sums along ``axis`` (with a leading 0 if ``include_initial``)."""
    return _cumulative(x, axis, dtype, include_initial, "cumulative_sum", add, 0)


def cumulative_prod(x: Array, /, *, axis: int | None = None, dtype: DType | None = None,
                    include_initial: bool = False) -> Array:
    """Running products along ``axis`` (with a leading 1 if ``include_initial``)."""
    return _cumulative(x, axis, dtype, include_initial, "cumulative_prod", mul, 1)
