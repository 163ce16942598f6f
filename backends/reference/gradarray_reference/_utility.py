"""Utility functions.

https://data-apis.org/array-api/2025.12/API_specification/utility_functions.html
"""

from __future__ import annotations

import builtins
from typing import Any

from . import _dtypes as D
from ._array import Array, new
from ._layout import from_values
from ._manipulation import check, concat, normalize_axis
from ._reduce import groups, keepdims_arg, out_shape

__all__ = ["all", "any", "diff"]


def _logical(x: Array, axis: Any, keepdims: bool, function: str, fn: Any) -> Array:
    x = check(x, function)
    keepdims = keepdims_arg(keepdims, function)
    gs, axes, kept = groups(x, axis, function)
    res = [fn(g) for g in gs]
    return new(from_values(res, D.bool), out_shape(x, axes, kept, keepdims), D.bool)


def all(x: Array, /, *, axis: int | tuple[int, ...] | None = None,  # noqa: A001
        keepdims: bool = False) -> Array:
    """Whether every element over ``axis`` is true (nonzero)."""
    return _logical(x, axis, keepdims, "all", builtins.all)


def any(x: Array, /, *, axis: int | tuple[int, ...] | None = None,  # noqa: A001
        keepdims: bool = False) -> Array:
    """Whether some element over ``axis`` is true (nonzero)."""
    return _logical(x, axis, keepdims, "any", builtins.any)


def diff(x: Array, /, *, axis: int = -1, n: int = 1, prepend: Array | None = None,
         append: Array | None = None) -> Array:
    """The ``n``-th discrete difference along ``axis``."""
    x = check(x, "diff")
    if not x._shape:
        raise ValueError("diff(x): expected an array with at least one dimension")
    if type(n) is not int or n < 0:
        raise ValueError(f"diff(n): expected a non-negative int, got {n!r}")
    ax = normalize_axis(axis, len(x._shape), "diff")
    parts = [p for p in (prepend, x, append) if p is not None]
    if len(parts) > 1:
        x = concat(parts, axis=ax)
    from ._elementwise import logical_xor, subtract
    from ._indexing import getitem
    for _ in range(n):
        m = x._shape[ax]
        lead = (slice(None),) * ax
        hi = getitem(x, lead + (slice(1, None),))
        lo = getitem(x, lead + (slice(0, max(m - 1, 0)),))
        x = logical_xor(hi, lo) if x._dtype.kind == "b" else subtract(hi, lo)
    return x
