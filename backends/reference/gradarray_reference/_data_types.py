"""Data type functions: astype (the others live beside the dtypes in ``_dtypes``).

https://data-apis.org/array-api/2025.12/API_specification/data_type_functions.html
"""

from __future__ import annotations

import math
from array import array as _buffer
from typing import Any

from ._array import Array, check_device, new
from ._dtypes import DType
from ._layout import from_values, wrap_ints

__all__ = ["astype", "int_to_float32"]

_TWO53 = 1 << 53


def int_to_float32(v: int) -> float:
    """``v`` correctly rounded to float32 (int -> float64 -> float32 could round twice)."""
    n = -v if v < 0 else v
    if n < _TWO53:
        return float(v)     # exact in float64; the float32 store rounds once
    shift = n.bit_length() - 24
    q, r = divmod(n, 1 << shift)
    half = 1 << (shift - 1)
    if r > half or (r == half and q & 1):
        q += 1
    f = float(q << shift)
    return -f if v < 0 else f


def _float_to_int(v: float) -> int:
    """Truncation toward zero; NaN and infinities (unspecified by the standard) give 0."""
    if math.isfinite(v):
        return int(v)
    return 0


def astype(x: Array, dtype: DType, /, *, copy: bool = True, device: Any = None) -> Array:
    """``x`` converted to ``dtype`` (complex to real is refused, as the standard advises)."""
    if type(x) is not Array:
        raise TypeError(f"astype(x): expected a reference array, got {type(x).__name__}")
    if type(dtype) is not DType:
        raise TypeError(f"astype(dtype): expected a reference dtype, got {dtype!r}")
    check_device(device, "astype")
    src = x._dtype
    if src is dtype:
        if copy:
            return new(x._copy_buf(), x._shape, dtype)
        return x
    sk, dk = src.kind, dtype.kind
    if sk == "c" and dk != "c" and dk != "b":
        raise TypeError(f"astype: casting {src.name} to {dtype.name} would drop the imaginary "
                        f"part; take real(x) or imag(x) first")
    shape = x._shape
    if dk == "b":
        return new(_buffer("B", [1 if v else 0 for v in x._vals()]), shape, dtype)
    if sk == "b" or (sk in "iu" and dk in "iu"):
        if dk in "iu":
            buf = x._cbuf()
            try:
                return new(_buffer(dtype.tc, buf), shape, dtype)
            except OverflowError:
                return new(_buffer(dtype.tc, wrap_ints(buf.tolist(), dtype)), shape, dtype)
    if dk in "iu":       # from floats
        return new(from_values([_float_to_int(v) for v in x._vals()], dtype), shape, dtype)
    if dk == "f":
        if sk in "iu" and dtype.bits == 32:
            vals = x._vals()
            if any(not -_TWO53 < v < _TWO53 for v in vals):
                vals = [int_to_float32(v) for v in vals]
            return new(_buffer("f", vals), shape, dtype)
        return new(_buffer(dtype.tc, x._cbuf()), shape, dtype)
    # to complex
    if sk == "c":
        return new(_buffer(dtype.tc, x._cbuf()), shape, dtype)
    vals = x._vals()
    if sk in "iu" and dtype.bits == 64:
        vals = [int_to_float32(v) for v in vals]
    return new(from_values([complex(v) for v in vals], dtype), shape, dtype)
