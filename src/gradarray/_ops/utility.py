"""Utility functions: all, any, diff.

https://data-apis.org/array-api/2025.12/API_specification/utility_functions.html

``diff`` is composed from slicing and subtraction, so its gradient comes from the tape.
"""

from __future__ import annotations

import builtins

from .. import _dtypes
from .._array import Array
from .._call import check_array, device_mismatch
from .._dtypes import NUMERIC
from ._util import check_bool, check_dtype_in, check_int, normalize_axes, normalize_axis

__all__ = ["all", "any", "diff"]


def _logical(name: str, x: Array, axis: int | tuple[int, ...] | None, keepdims: bool) -> Array:
    x = check_array(x, name)
    check_bool(keepdims, name, "keepdims")
    axes = normalize_axes(axis, x.ndim, name)
    dev = x._device
    return Array._new(getattr(dev.ns, name)(x._native, axis=axes, keepdims=keepdims),
                      _dtypes.bool, dev)


def all(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
        keepdims: bool = False) -> Array:
    """Whether every element along ``axis`` is true (non-zero)."""
    return _logical("all", x, axis, keepdims)


def any(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
        keepdims: bool = False) -> Array:
    """Whether some element along ``axis`` is true (non-zero)."""
    return _logical("any", x, axis, keepdims)


def diff(x: Array, /, *, axis: int = -1, n: int = 1, prepend: Array | None = None,
         append: Array | None = None) -> Array:
    """The ``n``-th forward difference along ``axis`` (differentiable by composition)."""
    x = check_array(x, "diff")
    check_dtype_in(x, NUMERIC, "diff")
    if x.ndim == 0:
        raise ValueError("diff(x): expected an array with at least one dimension")
    ax = normalize_axis(axis, x.ndim, "diff")
    n = check_int(n, "diff", "n")
    if n < 0:
        raise ValueError(f"diff(n): expected a non-negative number of differences, got {n}")
    for name, extra in (("prepend", prepend), ("append", append)):
        if extra is None:
            continue
        extra = check_array(extra, "diff", name)
        if extra._device is not x._device:
            raise device_mismatch("diff", x._device, extra._device, f"x, {name}")
        if extra.ndim != x.ndim or builtins.any(extra.shape[i] != x.shape[i] for i in range(x.ndim) if i != ax):
            raise ValueError(f"diff({name}): expected the shape of x {x.shape} outside axis {ax}, "
                             f"got {extra.shape}")
        if extra._dtype is not x._dtype and x._dtype._promote.get(extra._dtype) is None:
            # the standard lets a library promote (or refuse) another dtype: we promote
            raise TypeError(f"diff({name}): cannot promote {extra._dtype.name} with x's "
                            f"{x._dtype.name} (mixed kinds are not defined by the standard)")
    seq = [a for a in (prepend, x, append) if a is not None]
    y = concat(seq, axis=ax) if len(seq) > 1 else x
    lo: list[object] = [slice(None)] * x.ndim
    hi: list[object] = [slice(None)] * x.ndim
    lo[ax] = slice(None, -1)
    hi[ax] = slice(1, None)
    for _ in range(n):
        if y.shape[ax] == 0:
            break
        y = y[tuple(hi)] - y[tuple(lo)]
    return y


# sibling modules' functions used at call time (imported last: the modules import each other)
from .manipulation import concat  # noqa: E402
