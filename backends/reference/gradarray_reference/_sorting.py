"""Sorting functions (Python's sort: stable, O(n log n)).

https://data-apis.org/array-api/2025.12/API_specification/sorting_functions.html

NaNs sort after every number, in either direction's ascending order (as NumPy); complex
numbers sort by real part, then imaginary part.
"""

from __future__ import annotations

import math
from typing import Any

from . import _dtypes as D
from ._array import Array, new
from ._layout import from_values
from ._manipulation import check, moveaxis, normalize_axis
from ._reduce import groups

__all__ = ["argsort", "sort", "order"]


def _ckey(z: complex) -> tuple[float, float]:
    return (z.real, z.imag)


def order(g: list[Any], kind: str, descending: bool) -> list[int]:
    """The stable sorting permutation of ``g``."""
    n = len(g)
    if kind == "f":
        nans = [i for i, v in enumerate(g) if v != v]
        if nans:
            rest = [i for i, v in enumerate(g) if v == v]
            rest.sort(key=g.__getitem__, reverse=descending)
            return rest + nans
        return sorted(range(n), key=g.__getitem__, reverse=descending)
    if kind == "c":
        keys = [(math.isnan(v.real) or math.isnan(v.imag), v.real, v.imag) for v in g]
        return sorted(range(n), key=keys.__getitem__, reverse=descending)
    return sorted(range(n), key=g.__getitem__, reverse=descending)


def _sorted(x: Array, axis: int, descending: bool, stable: bool, function: str,
            indices: bool) -> Array:
    x = check(x, function)
    if type(descending) is not bool or type(stable) is not bool:
        raise TypeError(f"{function}(descending, stable): expected bools")
    if not x._shape:
        ax = None
    else:
        ax = normalize_axis(axis, len(x._shape), function)
    dt = x._dtype
    if ax is None:
        gs, kept = [x._vals()], ()
    else:
        gs, _, kept = groups(x, ax, function)
    res: list[Any] = []
    for g in gs:
        perm = order(g, dt.kind, descending)
        if indices:
            res.extend(perm)
        else:
            res.extend(g[i] for i in perm)
    rdt = D.int64 if indices else dt
    if ax is None:
        return new(from_values(res, rdt), (), rdt)
    shape_last = kept + (x._shape[ax],)
    out = new(from_values(res, rdt), shape_last, rdt)
    if ax == len(x._shape) - 1:
        return out
    moved = moveaxis(out, len(shape_last) - 1, ax)
    return new(moved._copy_buf(), moved._shape, rdt)


def sort(x: Array, /, *, axis: int = -1, descending: bool = False, stable: bool = True
         ) -> Array:
    """``x`` sorted along ``axis`` (stable)."""
    return _sorted(x, axis, descending, stable, "sort", False)


def argsort(x: Array, /, *, axis: int = -1, descending: bool = False, stable: bool = True
            ) -> Array:
    """The indices that sort ``x`` along ``axis`` (stable)."""
    return _sorted(x, axis, descending, stable, "argsort", True)
