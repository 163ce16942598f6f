"""Argument checks shared by the namespace functions (axes, flags, dtypes, devices)."""

from __future__ import annotations

import operator
from typing import Any

from .._array import Array
from .._call import device_mismatch
from .._device import Device
from .._dtypes import DType, describe

__all__ = ["AxisError", "check_choice", "clamp_offset", "normalize_axis", "normalize_axes",
           "check_bool", "check_dtype_in", "same_device",
           "check_int", "check_keepdims"]


class AxisError(ValueError, IndexError):
    """An axis out of range: both a ValueError and an IndexError, as NumPy's ``AxisError``
    (array-api-strict raises that), so code catching either keeps working."""


_INT64_MAX = 2 ** 63 - 1


def check_int(value: Any, function: str, argument: str) -> int:
    """``value`` as an int (anything with ``__index__`` but bool), else a TypeError."""
    if type(value) is int:
        n = value
    elif type(value) is bool or isinstance(value, float):
        raise TypeError(f"{function}({argument}): expected an int, got {value!r}")
    else:
        try:
            n = operator.index(value)
        except TypeError:
            raise TypeError(f"{function}({argument}): expected an int, got "
                            f"{type(value).__name__}") from None
    return n


def clamp_offset(k: int, rows: Any, cols: Any) -> int:
    """A diagonal offset clamped to where it still selects the same (possibly no) diagonal,
    so that offsets beyond int64 reach no backend (``eye(3, k=2**70)`` is all zeros)."""
    lo = -(rows if rows is not None else _INT64_MAX) - 1
    hi = (cols if cols is not None else _INT64_MAX) + 1
    return lo if k < lo else hi if k > hi else k


def check_bool(value: Any, function: str, argument: str) -> bool:
    """``value`` if it is a bool, else a TypeError."""
    if type(value) is not bool:
        raise TypeError(f"{function}({argument}): expected a bool, got {value!r}")
    return value


check_keepdims = check_bool


def check_choice(value: Any, choices: tuple[Any, ...], function: str, argument: str) -> Any:
    """``value`` if it is one of ``choices`` (strings or numbers), else a ValueError (a
    TypeError when it is not even a string or a number, such as an array)."""
    t = type(value)
    if t is str or t is int or t is float:
        for c in choices:
            if type(c) is not str and t is str:
                continue
            if type(c) is str and t is not str:
                continue
            if value == c:
                return value
        raise ValueError(f"{function}({argument}): expected one of "
                         f"{', '.join(map(repr, choices))}, got {value!r}")
    raise TypeError(f"{function}({argument}): expected one of {', '.join(map(repr, choices))}, "
                    f"got {t.__name__}")


def normalize_axis(axis: Any, ndim: int, function: str, argument: str = "axis") -> int:
    """A single axis in ``[-ndim, ndim)`` as a non-negative int."""
    a = check_int(axis, function, argument)
    if not -ndim <= a < ndim:
        raise AxisError(f"{function}({argument}): axis {a} is out of bounds for an array of "
                         f"{ndim} dimension{'s' if ndim != 1 else ''}")
    return a + ndim if a < 0 else a


def normalize_axes(axis: Any, ndim: int, function: str, argument: str = "axis"
                   ) -> tuple[int, ...]:
    """``None``, an int or a tuple of ints as a sorted tuple of distinct non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, tuple):
        axes = tuple(normalize_axis(a, ndim, function, argument) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError(f"{function}({argument}): repeated axis in {axis}")
        return tuple(sorted(axes))
    if isinstance(axis, list):
        raise TypeError(f"{function}({argument}): expected an int, a tuple of ints or None, "
                        f"got a list")
    return (normalize_axis(axis, ndim, function, argument),)


def check_dtype_in(x: Array, allowed: frozenset[DType], function: str, argument: str = "x"
                   ) -> None:
    if x._dtype not in allowed:
        raise TypeError(f"{function}({argument}): expected {describe(allowed)}, got "
                        f"{x._dtype.name}")


def same_device(function: str, arrays: list[Array], names: str = "arrays") -> Device:
    """The common device of ``arrays``, else a ValueError naming both devices."""
    dev = arrays[0]._device
    for a in arrays[1:]:
        if a._device is not dev:
            raise device_mismatch(function, dev, a._device, names)
    return dev
