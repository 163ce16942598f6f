"""Sorting functions: argsort, sort.

https://data-apis.org/array-api/2025.12/API_specification/sorting_functions.html

``sort`` of an array that requires grad is ``take_along_axis(x, argsort(x))``, so its
gradient scatters back through the permutation (the tape needs no rule of its own).
"""

from __future__ import annotations

from .._array import Array
from .._call import check_array, needs_grad, wrap
from .._dtypes import REAL_NUMERIC
from ._util import check_bool, check_dtype_in, normalize_axis

__all__ = ["argsort", "sort"]


def _args(name: str, x: Array, axis: int, descending: bool, stable: bool) -> tuple[Array, int]:
    x = check_array(x, name)
    check_dtype_in(x, REAL_NUMERIC, name)
    check_bool(descending, name, "descending")
    check_bool(stable, name, "stable")
    if x.ndim == 0:
        raise ValueError(f"{name}(x): expected an array with at least one dimension")
    return x, normalize_axis(axis, x.ndim, name)


def argsort(x: Array, /, *, axis: int = -1, descending: bool = False,
            stable: bool = True) -> Array:
    """The indices that sort ``x`` along ``axis`` (stable by default)."""
    x, ax = _args("argsort", x, axis, descending, stable)
    dev = x._device
    return wrap(dev.ns.argsort(x._native, axis=ax, descending=descending, stable=stable), dev)


def sort(x: Array, /, *, axis: int = -1, descending: bool = False, stable: bool = True) -> Array:
    """``x`` sorted along ``axis`` (stable by default); differentiable in the values."""
    x, ax = _args("sort", x, axis, descending, stable)
    if needs_grad(x):
        return take_along_axis(x, argsort(x, axis=ax, descending=descending, stable=stable),
                               axis=ax)
    dev = x._device
    return Array._new(dev.ns.sort(x._native, axis=ax, descending=descending, stable=stable),
                      x._dtype, dev)


# sibling modules' functions used at call time (imported last: the modules import each other)
from .indexing import take_along_axis  # noqa: E402
