"""Set functions (hash tables: linear time, plus one sort of the distinct values).

https://data-apis.org/array-api/2025.12/API_specification/set_functions.html

NaNs are distinct from each other (each is its own unique value); ``-0.0`` and ``+0.0`` are
one value.  Unique values come back sorted.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from . import _dtypes as D
from ._array import Array, new
from ._layout import from_values
from ._manipulation import check
from ._sorting import order

__all__ = ["isin", "unique_all", "unique_counts", "unique_inverse", "unique_values"]


class UniqueAllResult(NamedTuple):
    values: Array
    indices: Array
    inverse_indices: Array
    counts: Array


class UniqueCountsResult(NamedTuple):
    values: Array
    counts: Array


class UniqueInverseResult(NamedTuple):
    values: Array
    inverse_indices: Array


def _unique(x: Array, function: str) -> tuple[list[Any], list[int], list[int], list[int]]:
    """(sorted unique values, first index, inverse indices, counts)."""
    vals = x._vals()
    first: dict[Any, int] = {}
    count: dict[Any, int] = {}
    slot: list[Any] = []        # the key of each element (NaNs: their own index)
    nan_keys = []
    for i, v in enumerate(vals):
        if v != v:
            k: Any = ("nan", i)
            nan_keys.append(k)
            first[k] = i
            count[k] = 1
        elif v in first:
            k = v
            count[k] += 1
        else:
            k = v
            first[k] = i
            count[k] = 1
        slot.append(k)
    uvals = [k for k in first if type(k) is not tuple] if nan_keys else list(first)
    perm = order(uvals, x._dtype.kind, False)
    ordered = [uvals[i] for i in perm] + nan_keys
    position = {k: j for j, k in enumerate(ordered)}
    values = [k if type(k) is not tuple else vals[k[1]] for k in ordered]
    return (values, [first[k] for k in ordered], [position[k] for k in slot],
            [count[k] for k in ordered])


def unique_values(x: Array, /) -> Array:
    """The distinct elements of ``x``, sorted (each NaN counts once per occurrence)."""
    x = check(x, "unique_values")
    values, _, _, _ = _unique(x, "unique_values")
    return new(from_values(values, x._dtype), (len(values),), x._dtype)


def unique_counts(x: Array, /) -> UniqueCountsResult:
    """The distinct elements and how often each occurs."""
    x = check(x, "unique_counts")
    values, _, _, counts = _unique(x, "unique_counts")
    n = (len(values),)
    return UniqueCountsResult(new(from_values(values, x._dtype), n, x._dtype),
                              new(from_values(counts, D.int64), n, D.int64))


def unique_inverse(x: Array, /) -> UniqueInverseResult:
    """The distinct elements and, for each element of ``x``, the index of its value."""
    x = check(x, "unique_inverse")
    values, _, inverse, _ = _unique(x, "unique_inverse")
    return UniqueInverseResult(new(from_values(values, x._dtype), (len(values),), x._dtype),
                               new(from_values(inverse, D.int64), x._shape, D.int64))


def unique_all(x: Array, /) -> UniqueAllResult:
    """The distinct elements, their first indices, the inverse indices and the counts."""
    x = check(x, "unique_all")
    values, first, inverse, counts = _unique(x, "unique_all")
    n = (len(values),)
    return UniqueAllResult(new(from_values(values, x._dtype), n, x._dtype),
                           new(from_values(first, D.int64), n, D.int64),
                           new(from_values(inverse, D.int64), x._shape, D.int64),
                           new(from_values(counts, D.int64), n, D.int64))


def isin(x1: Array | int, x2: Array | int, /, *, invert: bool = False) -> Array:
    """Whether each element of ``x1`` occurs in ``x2`` (NaN never does)."""
    if type(invert) is not bool:
        raise TypeError(f"isin(invert): expected a bool, got {invert!r}")
    if type(x1) is not Array and type(x2) is not Array:
        raise TypeError("isin(x1, x2): expected at least one reference array")
    if type(x1) is Array:
        a = x1._vals()
        shape = x1._shape
    else:
        a = [x1]
        shape = ()
    b = set(x2._vals()) if type(x2) is Array else {x2}
    if invert:
        res = [v not in b or v != v for v in a]
    else:
        res = [v in b and v == v for v in a]
    return new(from_values(res, D.bool), shape, D.bool)
