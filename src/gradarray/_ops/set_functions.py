"""Set functions: isin, unique_all, unique_counts, unique_inverse, unique_values.

https://data-apis.org/array-api/2025.12/API_specification/set_functions.html

Their results carry no graph (as PyTorch's ``unique``): they are values, indices and counts.
"""

from __future__ import annotations

from typing import NamedTuple

from .._array import Array
from .._call import check_array, device_mismatch, scalar_dtype, wrap
from ._util import check_bool

__all__ = ["isin", "unique_all", "unique_counts", "unique_inverse", "unique_values",
           "UniqueAllResult", "UniqueCountsResult", "UniqueInverseResult"]


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


def _detached(x: Array, name: str) -> Array:
    return check_array(x, name)


def unique_all(x: Array, /) -> UniqueAllResult:
    """The unique values of ``x``, the first index of each, the inverse indices and counts."""
    x = _detached(x, "unique_all")
    dev = x._device
    r = dev.ns.unique_all(x._native)
    return UniqueAllResult(*(wrap(a, dev) for a in (r.values, r.indices, r.inverse_indices,
                                                     r.counts)))


def unique_counts(x: Array, /) -> UniqueCountsResult:
    """The unique values of ``x`` and how often each occurs."""
    x = _detached(x, "unique_counts")
    dev = x._device
    r = dev.ns.unique_counts(x._native)
    return UniqueCountsResult(wrap(r.values, dev), wrap(r.counts, dev))


def unique_inverse(x: Array, /) -> UniqueInverseResult:
    """The unique values of ``x`` and, for each element, the index of its value."""
    x = _detached(x, "unique_inverse")
    dev = x._device
    r = dev.ns.unique_inverse(x._native)
    return UniqueInverseResult(wrap(r.values, dev), wrap(r.inverse_indices, dev))


def unique_values(x: Array, /) -> Array:
    """The unique values of ``x``, sorted where the backend sorts them."""
    x = _detached(x, "unique_values")
    dev = x._device
    return wrap(dev.ns.unique_values(x._native), dev)


def isin(x1: Array | int, x2: Array | int, /, *, invert: bool = False) -> Array:
    """Whether each element of ``x1`` occurs in ``x2`` (or does not, with ``invert``)."""
    check_bool(invert, "isin", "invert")
    t1, t2 = type(x1), type(x2)
    if t1 is not Array and t2 is not Array:
        raise TypeError("isin(x1, x2): expected at least one of x1 and x2 to be an array")
    dev = x1._device if t1 is Array else x2._device  # type: ignore[union-attr]
    natives = []
    for name, v, other in (("x1", x1, x2), ("x2", x2, x1)):
        if type(v) is Array:
            if v._device is not dev:
                raise device_mismatch("isin", dev, v._device)
            natives.append(v._native)
        elif type(v) is int:
            dt = scalar_dtype("isin", name, other._dtype, v)  # type: ignore[union-attr]
            natives.append(dev.ns.asarray(v, dtype=dev.to_native[dt], device=dev.native))
        else:
            raise TypeError(f"isin({name}): expected an array or a Python int, got "
                            f"{type(v).__name__}")
    return wrap(dev.ns.isin(natives[0], natives[1], invert=invert), dev)
