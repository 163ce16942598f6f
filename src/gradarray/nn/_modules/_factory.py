"""Creating parameters as PyTorch does: float32 unless ``dtype=`` says otherwise, on the
default device unless ``device=`` says otherwise."""

from __future__ import annotations

from typing import Any

from ... import _dtypes
from ..._array import Array
from ..._ops.creation import empty, ones, zeros
from .._parameter import Parameter


def param_dtype(dtype: Any, function: str) -> _dtypes.DType:
    if dtype is None:
        return _dtypes.float32
    dt = _dtypes.as_dtype(dtype, function)
    if dt.kind not in "fc":
        raise TypeError(f"{function}(dtype): parameters need a floating-point dtype, got "
                        f"{dt.name}")
    return dt


def new_param(shape: tuple[int, ...], device: Any, dtype: Any, function: str) -> Array:
    """An uninitialised parameter (layers then run their ``reset_parameters``)."""
    return Parameter(empty(shape, dtype=param_dtype(dtype, function), device=device))


def new_buffer(shape: tuple[int, ...], fill: int, device: Any, dtype: Any, function: str
               ) -> Array:
    make = ones if fill else zeros
    return make(shape, dtype=param_dtype(dtype, function), device=device)
