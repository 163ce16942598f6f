"""Searching functions: argmax, argmin, count_nonzero, nonzero, searchsorted, where.

https://data-apis.org/array-api/2025.12/API_specification/searching_functions.html

Only ``where`` is differentiable (in ``x1`` and ``x2``); the others return indices or counts.
"""

from __future__ import annotations

from typing import Literal

from .. import _dtypes
from .._array import Array
from .._call import (SCALAR_TYPES, _shapes_compatible, backend_error, broadcast_error,
                     check_array, device_mismatch, scalar_dtype, wrap)
from .._dtypes import REAL_NUMERIC
from ..autograd.engine import record
from ..autograd.grad_mode import STATE
from ..autograd.rules import defvjp
from ._util import check_bool, check_choice, check_dtype_in, normalize_axes, normalize_axis

__all__ = ["argmax", "argmin", "count_nonzero", "nonzero", "searchsorted", "where"]


def _arg_reduce(name: str, x: Array, axis: int | None, keepdims: bool) -> Array:
    x = check_array(x, name)
    check_dtype_in(x, REAL_NUMERIC, name)
    check_bool(keepdims, name, "keepdims")
    if axis is not None:
        axis = normalize_axis(axis, x.ndim, name)
    if x.size == 0:
        raise ValueError(f"{name}(x): attempt to get {name} of an empty array")
    dev = x._device
    return wrap(getattr(dev.ns, name)(x._native, axis=axis, keepdims=keepdims), dev)


def argmax(x: Array, /, *, axis: int | None = None, keepdims: bool = False) -> Array:
    """The index of the first maximum along ``axis`` (over the flattened array if None)."""
    return _arg_reduce("argmax", x, axis, keepdims)


def argmin(x: Array, /, *, axis: int | None = None, keepdims: bool = False) -> Array:
    """The index of the first minimum along ``axis`` (over the flattened array if None)."""
    return _arg_reduce("argmin", x, axis, keepdims)


def count_nonzero(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
                  keepdims: bool = False) -> Array:
    """The number of non-zero elements along ``axis``, with the default integer dtype."""
    x = check_array(x, "count_nonzero")
    check_bool(keepdims, "count_nonzero", "keepdims")
    axes = normalize_axes(axis, x.ndim, "count_nonzero")
    dev = x._device
    return wrap(dev.ns.count_nonzero(x._native, axis=axes, keepdims=keepdims), dev)


def nonzero(x: Array, /) -> tuple[Array, ...]:
    """The indices of the non-zero elements, one index array per axis."""
    x = check_array(x, "nonzero")
    if x.ndim == 0:
        raise ValueError("nonzero(x): expected an array with at least one dimension, got a "
                         "0-dimensional array")
    dev = x._device
    return tuple(wrap(n, dev) for n in dev.ns.nonzero(x._native))


def searchsorted(x1: Array, x2: Array | int | float, /, *,
                 side: Literal["left", "right"] = "left", sorter: Array | None = None) -> Array:
    """Where the elements of ``x2`` would be inserted into the sorted 1-D ``x1``."""
    x1 = check_array(x1, "searchsorted", "x1")
    check_dtype_in(x1, REAL_NUMERIC, "searchsorted", "x1")
    if x1.ndim != 1:
        raise ValueError(f"searchsorted(x1): expected a 1-D array, got {x1.ndim}-D")
    check_choice(side, ("left", "right"), "searchsorted", "side")
    dev = x1._device
    if type(x2) is Array:
        if x2._device is not dev:
            raise device_mismatch("searchsorted", dev, x2._device)
        if x1._dtype._promote.get(x2._dtype) is None:
            raise TypeError(f"searchsorted(x1, x2): cannot promote {x1._dtype.name} with "
                            f"{x2._dtype.name}")
        check_dtype_in(x2, REAL_NUMERIC, "searchsorted", "x2")   # real values are ordered
        n2 = x2._native
    elif type(x2) in SCALAR_TYPES and type(x2) is not complex:
        dt = scalar_dtype("searchsorted", "x2", x1._dtype, x2)
        n2 = dev.ns.asarray(x2, dtype=dev.to_native[dt], device=dev.native)
    else:
        raise TypeError(f"searchsorted(x2): expected an array or a Python int or float, "
                        f"got {type(x2).__name__}")
    ns_sorter = None
    if sorter is not None:
        sorter = check_array(sorter, "searchsorted", "sorter")
        if sorter._dtype not in _dtypes.INTEGER:
            raise TypeError(f"searchsorted(sorter): expected an integer array, got "
                            f"{sorter._dtype.name}")
        if sorter.shape != x1.shape:
            raise ValueError(f"searchsorted(sorter): expected shape {x1.shape}, got "
                             f"{sorter.shape}")
        if sorter._device is not dev:
            raise device_mismatch("searchsorted", dev, sorter._device, "x1, sorter")
        ns_sorter = sorter._native
    return wrap(dev.ns.searchsorted(x1._native, n2, side=side, sorter=ns_sorter), dev)


def where(condition: Array, x1: Array | int | float | complex | bool,
          x2: Array | int | float | complex | bool, /) -> Array:
    """Elements of ``x1`` where ``condition`` is True, of ``x2`` elsewhere (broadcast).

    The gradient goes to ``x1`` where the condition holds and to ``x2`` elsewhere.
    """
    if type(condition) is not Array:
        condition = check_array(condition, "where", "condition")
    if condition._dtype is not _dtypes.bool:
        raise TypeError(f"where(condition): expected a boolean array, got "
                        f"{condition._dtype.name}")
    dev = condition._device
    t1, t2 = type(x1), type(x2)
    if t1 is Array and t2 is Array:
        if x1._device is not dev or x2._device is not dev:  # type: ignore[union-attr]
            name, a = ("x1", x1) if x1._device is not dev else ("x2", x2)  # type: ignore[union-attr]
            raise device_mismatch("where", dev, a._device, f"condition, {name}")  # type: ignore[union-attr]
        d1, d2 = x1._dtype, x2._dtype  # type: ignore[union-attr]
        dt = d1 if d1 is d2 else d1._promote.get(d2)
        if dt is None:
            raise TypeError(f"where(x1, x2): cannot promote {d1.name} with {d2.name}")
        n1, n2 = x1._native, x2._native  # type: ignore[union-attr]
    elif t1 is Array or t2 is Array:
        arr, s, sname = (x1, x2, "x2") if t1 is Array else (x2, x1, "x1")
        if arr._device is not dev:  # type: ignore[union-attr]
            raise device_mismatch("where", dev, arr._device,  # type: ignore[union-attr]
                                  f"condition, {'x1' if t1 is Array else 'x2'}")
        dt = scalar_dtype("where", sname, arr._dtype, s)  # type: ignore[union-attr]
        ns = s if dev.scalars else dev.ns.asarray(s, dtype=dev.to_native[dt], device=dev.native)
        if dt is not arr._dtype:  # a complex scalar with a real array
            arr_n = dev.ns.astype(arr._native, dev.to_native[dt])  # type: ignore[union-attr]
        else:
            arr_n = arr._native  # type: ignore[union-attr]
        n1, n2 = (arr_n, ns) if t1 is Array else (ns, arr_n)
    else:
        raise TypeError(f"where(x1, x2): expected at least one of x1 and x2 to be an array, got "
                        f"{t1.__name__} and {t2.__name__}")
    f = dev.fns.get("where") or dev.function("where")
    try:
        native = f(condition._native, n1, n2)
    except (ValueError, TypeError) as exc:
        shapes = tuple(getattr(a, "shape", ()) for a in (condition, x1, x2))
        if not _shapes_compatible(*shapes):
            raise broadcast_error("where", shapes, "condition, x1, x2") from None
        raise backend_error("where", "condition, x1, x2", exc) from exc
    out = Array._new(native, dt, dev)
    if STATE.enabled and ((t1 is Array and x1._ag is not None)  # type: ignore[union-attr]
                          or (t2 is Array and x2._ag is not None)):  # type: ignore[union-attr]
        record("where", out, {"condition": condition, "x1": x1, "x2": x2})
    return out


defvjp("where",
       x1=lambda g, condition: where(condition, g, 0),
       x2=lambda g, condition: where(condition, 0, g))
