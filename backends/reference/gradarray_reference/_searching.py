"""Searching functions.

https://data-apis.org/array-api/2025.12/API_specification/searching_functions.html
"""

from __future__ import annotations

import bisect
import builtins
import math
from itertools import repeat
from math import prod
from typing import Any, Literal

from . import _dtypes as D
from ._array import Array, new
from ._elementwise import broadcast_values, scalar_value, _scalar_dtype
from ._indexing import nonzero_lists
from ._layout import broadcast_shape, from_values
from ._manipulation import check
from ._reduce import groups, keepdims_arg, out_shape
from ._statistical import _has_nan

__all__ = ["argmax", "argmin", "count_nonzero", "nonzero", "searchsorted", "where"]


def _arg(x: Array, axis: Any, keepdims: bool, function: str, better: Any) -> Array:
    x = check(x, function)
    keepdims = keepdims_arg(keepdims, function)
    if x._dtype.kind == "c":
        raise TypeError(f"{function}(x): expected a real-valued dtype, got {x._dtype.name}")
    if axis is not None and type(axis) is not int:
        try:
            axis = int(axis.__index__())
        except AttributeError:
            raise TypeError(f"{function}(axis): expected an int or None, got {axis!r}") from None
    gs, axes, kept = groups(x, axis, function)
    pick = builtins.max if better is _gt else builtins.min
    is_float = x._dtype.kind == "f"
    res = []
    for g in gs:
        if not g:
            raise ValueError(f"{function}(x): an empty sequence has no {function[3:]}")
        if is_float and _has_nan(g):
            res.append(next(i for i, v in enumerate(g) if v != v))   # the first NaN wins
        else:
            res.append(g.index(pick(g)))                            # the first extreme wins
    shape = out_shape(x, axes, kept, keepdims)
    return new(from_values(res, D.int64), shape, D.int64)


def _gt(a: Any, b: Any) -> bool:
    return a > b


def _lt(a: Any, b: Any) -> bool:
    return a < b


def argmax(x: Array, /, *, axis: int | None = None, keepdims: bool = False) -> Array:
    """The index of the first largest element over ``axis`` (a NaN counts as largest)."""
    return _arg(x, axis, keepdims, "argmax", _gt)


def argmin(x: Array, /, *, axis: int | None = None, keepdims: bool = False) -> Array:
    """The index of the first smallest element over ``axis`` (a NaN counts as smallest)."""
    return _arg(x, axis, keepdims, "argmin", _lt)


def count_nonzero(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
                  keepdims: bool = False) -> Array:
    """The number of nonzero elements over ``axis``."""
    x = check(x, "count_nonzero")
    keepdims = keepdims_arg(keepdims, "count_nonzero")
    gs, axes, kept = groups(x, axis, "count_nonzero")
    res = [len(g) - g.count(0) for g in gs]
    return new(from_values(res, D.int64), out_shape(x, axes, kept, keepdims), D.int64)


def nonzero(x: Array, /) -> tuple[Array, ...]:
    """The indices of the nonzero elements, one int64 array per axis (C order)."""
    x = check(x, "nonzero")
    if not x._shape:
        raise ValueError("nonzero(x): a 0-dimensional array has no axes to index; use "
                         "expand_dims first")
    return tuple(new(from_values(c, D.int64), (len(c),), D.int64) for c in nonzero_lists(x))


def where(condition: Array, x1: Array | complex, x2: Array | complex, /) -> Array:
    """Elements of ``x1`` where ``condition`` is true, else of ``x2`` (broadcasting)."""
    condition = check(condition, "where", "condition")
    if condition._dtype.kind != "b":
        raise TypeError(f"where(condition): expected a boolean array, got "
                        f"{condition._dtype.name}")
    t1, t2 = type(x1), type(x2)
    if t1 is Array and t2 is Array:
        dt = D.promote(x1._dtype, x2._dtype)
        shape = broadcast_shape(broadcast_shape(condition._shape, x1._shape), x2._shape)
    elif t1 is Array:
        dt = _scalar_dtype(x1._dtype, x2, "where")
        shape = broadcast_shape(condition._shape, x1._shape)
    elif t2 is Array:
        dt = _scalar_dtype(x2._dtype, x1, "where")
        shape = broadcast_shape(condition._shape, x2._shape)
    else:
        raise TypeError("where(x1, x2): expected at least one of x1 and x2 to be an array")
    n = prod(shape)
    if n == 0:
        return new(from_values([], dt), shape, dt)

    def vals(v: Any) -> Any:
        if type(v) is Array:
            out = broadcast_values(v, shape)
            if v._dtype is not dt and dt.kind != v._dtype.kind:
                conv = complex if dt.kind == "c" else float
                out = [conv(e) for e in ([next(out)] * n if type(out) is repeat else out)]
            return out
        return repeat(scalar_value(v, dt, "where"))

    c = broadcast_values(condition, shape)
    a = vals(x1)
    b = vals(x2)
    if type(c) is repeat:
        c = [next(c)] * n
    res = [p if k else q for k, p, q in zip(c, a, b)]
    return new(from_values(res, dt), shape, dt)


def searchsorted(x1: Array, x2: Array | int | float, /, *,
                 side: Literal["left", "right"] = "left", sorter: Array | None = None) -> Array:
    """Indices that keep the 1-D ``x1`` sorted if each element of ``x2`` were inserted."""
    x1 = check(x1, "searchsorted", "x1")
    if len(x1._shape) != 1:
        raise ValueError(f"searchsorted(x1): expected a 1-D array, got shape {x1._shape}")
    if side not in ("left", "right"):
        raise ValueError(f"searchsorted(side): expected 'left' or 'right', got {side!r}")
    if x1._dtype.kind == "c":
        raise TypeError("searchsorted(x1): expected a real-valued dtype")
    a = x1._vals()
    if sorter is not None:
        s = check(sorter, "searchsorted", "sorter")._vals()
        a = [a[i] for i in s]
    if type(x2) is Array:
        b = x2._vals()
        shape = x2._shape
    else:
        b = [x2]
        shape = ()
    n = len(a)
    p = n
    if x1._dtype.kind == "f":
        p = next((i for i, v in enumerate(a) if math.isnan(v)), n)
    head = a[:p]
    find = bisect.bisect_left if side == "left" else bisect.bisect_right
    if x1._dtype.kind == "f" and builtins.any(map(math.isnan, b)):
        nan_at = p if side == "left" else n
        res = [nan_at if v != v else find(head, v) for v in b]
    else:
        res = list(map(find, repeat(head), b))
    return new(from_values(res, D.int64), shape, D.int64)
