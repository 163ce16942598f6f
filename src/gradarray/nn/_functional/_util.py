"""Helpers shared by the functional forms: argument checks and the primitive pattern.

A *primitive* here is an nn function computed without recording (through the backend's fast
kernel when it has one, else from standard functions) and then recorded as one node whose
rule is written with gradarray functions (so ``create_graph=True`` differentiates it again).
That costs one node instead of the dozen a composition would record; compositions are kept
wherever speed does not matter.
"""

from __future__ import annotations

import operator
from typing import Any

from ... import _dtypes
from ..._array import Array
from ..._device import Device

__all__ = ["check", "check_float", "number", "same_device", "tuple_n", "reduce_loss",
           "REDUCTIONS", "wrap"]

REDUCTIONS = ("none", "mean", "sum")


def check(x: Any, function: str, argument: str = "input") -> Array:
    """``x`` if it is a gradarray array, else a TypeError naming the function and argument."""
    if type(x) is Array:
        return x
    raise TypeError(f"{function}({argument}): expected a gradarray array, got "
                    f"{type(x).__name__}")


def check_float(x: Any, function: str, argument: str = "input") -> Array:
    """A real floating-point gradarray array."""
    x = check(x, function, argument)
    if x._dtype.kind != "f":
        raise TypeError(f"{function}({argument}): expected a real floating-point array, got "
                        f"{x._dtype.name}")
    return x


def number(value: Any, function: str, argument: str) -> float:
    """A real Python number argument (a slope, a bound, a threshold) as a float."""
    if type(value) is bool or not isinstance(value, int | float):
        raise TypeError(f"{function}({argument}): expected a real number, got {value!r}")
    return float(value)


def same_device(function: str, first: Array, **others: Any) -> Device:
    """The device of ``first``; a ValueError naming both when another array is elsewhere."""
    dev = first._device
    for name, a in others.items():
        if a is not None and type(a) is Array and a._device is not dev:
            raise ValueError(f"{function}: {name} is on {a._device}, the input on {dev}; move "
                             f"it with .to_device() first")
    return dev


def tuple_n(value: Any, n: int, function: str, argument: str, minimum: int = 0) -> tuple[int, ...]:
    """An int or a sequence of ``n`` ints, as a tuple of ``n`` ints >= ``minimum``."""
    if isinstance(value, tuple | list):
        if len(value) == 1:
            value = tuple(value) * n
        if len(value) != n:
            raise ValueError(f"{function}({argument}): expected an int or {n} ints, got "
                             f"{tuple(value)}")
        items = tuple(value)
    else:
        items = (value,) * n
    out = []
    for v in items:
        if type(v) is bool:
            raise TypeError(f"{function}({argument}): expected ints, got {v!r}")
        try:
            i = operator.index(v)
        except TypeError:
            raise TypeError(f"{function}({argument}): expected ints, got {v!r}") from None
        if i < minimum:
            raise ValueError(f"{function}({argument}): expected values >= {minimum}, got "
                             f"{tuple(items)}")
        out.append(i)
    return tuple(out)


def reduce_loss(loss: Array, reduction: str, function: str) -> Array:
    """Apply ``reduction`` ("mean", "sum" or "none") to an element-wise loss."""
    from ..._ops.statistical import mean, sum
    if reduction == "mean":
        return mean(loss)
    if reduction == "sum":
        return sum(loss)
    if reduction == "none":
        return loss
    raise ValueError(f"{function}(reduction): expected 'mean', 'sum' or 'none', got "
                     f"{reduction!r}")


def check_reduction(reduction: Any, function: str, allowed: tuple[str, ...] = REDUCTIONS
                    ) -> str:
    if reduction not in allowed:
        raise ValueError(f"{function}(reduction): expected one of "
                         f"{', '.join(repr(r) for r in allowed)}, got {reduction!r}")
    return reduction  # type: ignore[no-any-return]


def wrap(native: Any, dev: Device) -> Array:
    """A native result as an array, its dtype read off the native array."""
    return Array._new(native, dev.from_native[native.dtype], dev)


def float_dtype(x: Array) -> _dtypes.DType:
    return x._dtype if x._dtype.kind in "fc" else _dtypes.float32
