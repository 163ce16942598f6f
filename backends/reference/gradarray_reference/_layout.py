"""Strided storage: reading a view's elements in C order, writing into a view, and turning
Python values back into typed buffers (with the dtype's rounding and wraparound).

An array is a typed ``array.array`` buffer plus shape, strides and offset counted in
elements.  A complex element occupies two consecutive buffer slots, so in buffer units its
strides double and a trailing axis ``(2,)`` of stride 1 appears.  Reading walks the outer
axes and copies the innermost run with one slice (C speed); runs shorter than a few
elements are gathered through an index list instead.
"""

from __future__ import annotations

import struct
import sys
from array import array as _buffer
from functools import lru_cache
from operator import itemgetter
from typing import Any

from ._dtypes import DType, float32, float64

_REAL_OF = {"f": float32, "d": float64}

__all__ = ["c_strides", "gather", "values", "from_values", "bool_buffer", "scatter", "offsets",
           "broadcast_shape", "wrap_ints", "complex_buffer"]

_SHORT_RUN = 6


@lru_cache(maxsize=4096)
def c_strides(shape: tuple[int, ...]) -> tuple[int, ...]:
    """Element strides of a C-contiguous array of ``shape``."""
    strides = [0] * len(shape)
    s = 1
    for i in range(len(shape) - 1, -1, -1):
        strides[i] = s
        s *= shape[i] or 1
    return tuple(strides)


def _runs(shape: tuple[int, ...], strides: tuple[int, ...], offset: int, w: int
          ) -> tuple[list[int], int, int] | None:
    """The buffer layout of a view as (outer offsets, inner run length, inner stride).

    Axes of size 1 are dropped and adjacent axes that step evenly are merged, so a
    contiguous view is one run.  None for an empty view.
    """
    dims: list[tuple[int, int]] = []
    for n, s in zip(shape, strides):
        if n == 0:
            return None
        if n != 1:
            dims.append((n, s * w))
    if w == 2:
        dims.append((2, 1))
    merged: list[tuple[int, int]] = []
    for n, s in dims:
        if merged:
            pn, ps = merged[-1]
            if ps == n * s:
                merged[-1] = (pn * n, s)
                continue
        merged.append((n, s))
    base = offset * w
    if not merged:
        return [base], 1, 1
    offs = [base]
    for n, s in merged[:-1]:
        if len(offs) == 1:
            o = offs[0]
            offs = list(range(o, o + n * s, s)) if s else [o] * n
        else:
            steps = [k * s for k in range(n)]
            offs = [o + d for o in offs for d in steps]
    n, s = merged[-1]
    return offs, n, s


def offsets(shape: tuple[int, ...], strides: tuple[int, ...], offset: int) -> list[int]:
    """Element offsets of every element of a view, in C order."""
    offs = [offset]
    for n, s in zip(shape, strides):
        if n == 1:
            continue
        if len(offs) == 1:
            o = offs[0]
            offs = list(range(o, o + n * s, s)) if s else [o] * n
        else:
            steps = [k * s for k in range(n)]
            offs = [o + d for o in offs for d in steps]
    if 0 in shape:
        return []
    return offs


def gather(buf: _buffer, shape: tuple[int, ...], strides: tuple[int, ...], offset: int,
           w: int, contiguous: bool, size: int) -> _buffer:
    """A new contiguous buffer with the view's elements in C order."""
    if contiguous:
        start = offset * w
        return buf[start:start + size * w]
    runs = _runs(shape, strides, offset, w)
    if runs is None:
        return _buffer(buf.typecode)
    offs, n, s = runs
    if s == 0:
        out = _buffer(buf.typecode)
        for o in offs:
            out.extend(_buffer(buf.typecode, (buf[o],)) * n)
        return out
    if n < _SHORT_RUN and len(offs) > 1:
        steps = [k * s for k in range(n)]
        idx = [o + d for o in offs for d in steps] if n > 1 else offs
        if len(idx) == 1:
            return _buffer(buf.typecode, (buf[idx[0]],))
        return _buffer(buf.typecode, itemgetter(*idx)(buf))
    out = _buffer(buf.typecode)
    span = n * s
    if s > 0:
        for o in offs:
            out.extend(buf[o:o + span:s])
    else:
        for o in offs:
            stop = o + span
            out.extend(buf[o:stop if stop >= 0 else None:s])
    return out


def values(buf: _buffer, shape: tuple[int, ...], strides: tuple[int, ...], offset: int,
           dt: DType, contiguous: bool, size: int) -> list[Any]:
    """The view's elements as a flat list of Python numbers, in C order.

    Booleans come back as 0/1 ints (what the buffer holds); complex as Python complex.
    """
    w = dt.w
    if contiguous:
        if offset == 0 and size * w == len(buf):
            flat = buf.tolist()
        else:
            start = offset * w
            flat = buf[start:start + size * w].tolist()
    else:
        flat = gather(buf, shape, strides, offset, w, False, size).tolist()
    if w == 2:
        return list(map(complex, flat[0::2], flat[1::2]))
    return flat


def wrap_ints(vals: list[int], dt: DType) -> list[int]:
    """Integers reduced modulo 2**bits into the dtype's range (wraparound)."""
    mask = dt.mask
    if dt.kind == "u":
        return [v & mask for v in vals]
    lo = dt.min
    return [((v - lo) & mask) + lo for v in vals]


_LITTLE = sys.byteorder == "little"


def _wrapped_buffer(vals: list[int], dt: DType) -> _buffer:
    """A buffer of ``vals`` wrapped around the dtype: through int64's two's complement
    bytes, keeping each element's low bytes (C speed), when the values fit in 64 bits."""
    if _LITTLE:
        for wide in ("q", "Q"):
            try:
                raw = _buffer(wide, vals).tobytes()
            except OverflowError:
                continue
            size = dt.itemsize
            if size != 8:
                low = bytearray(len(vals) * size)
                for j in range(size):
                    low[j::size] = raw[j::8]
                raw = bytes(low)
            out = _buffer(dt.tc)
            out.frombytes(raw)
            return out
    return _buffer(dt.tc, wrap_ints(vals, dt))


def bool_buffer(vals: list[Any]) -> _buffer:
    """A bool buffer of Python bools (or 0/1 ints), through ``bytes`` (C speed)."""
    out = _buffer("B")
    out.frombytes(bytes(vals))
    return out


def complex_buffer(vals: list[Any], tc: str) -> _buffer:
    """Interleaved (real, imag) components of complex values."""
    n = len(vals)
    out = _buffer(tc, bytes(_buffer(tc).itemsize * 2 * n))
    real = _REAL_OF[tc]
    out[0::2] = from_values([v.real for v in vals], real)
    out[1::2] = from_values([v.imag for v in vals], real)
    return out


@lru_cache(maxsize=512)
def _packer(tc: str, n: int) -> struct.Struct:
    return struct.Struct(f"{n}{tc}")


_PACK_ERRORS = (struct.error, OverflowError, TypeError)


def from_values(vals: list[Any], dt: DType) -> _buffer:
    """A typed buffer of ``vals`` in the dtype: float32 rounds, integers wrap around.

    Long lists go through ``struct`` (several times faster than ``array(tc, list)``); a
    value it refuses (a float32 overflow, an integer out of range) falls back to the
    array constructor, which gives infinities, and to wraparound for integers.
    """
    k = dt.kind
    if k == "c":
        return complex_buffer(vals, dt.tc)
    if k == "b":
        out = _buffer("B")
        try:
            out.frombytes(bytes(vals))
            if not out or max(out) <= 1:
                return out
        except (TypeError, ValueError):
            pass
        return _buffer("B", [1 if v else 0 for v in vals])
    n = len(vals)
    if n >= 8:
        try:
            out = _buffer(dt.tc)
            out.frombytes(_packer(dt.tc, n).pack(*vals))
            return out
        except _PACK_ERRORS:
            if k in "iu":       # out of range (wrap around) or not ints at all
                try:
                    return _wrapped_buffer(vals, dt)
                except TypeError:
                    return _wrapped_buffer([int(v) for v in vals], dt)
    try:
        return _buffer(dt.tc, vals)
    except OverflowError:
        if k in "iu":
            return _wrapped_buffer(vals, dt)
        raise
    except TypeError:
        if k in "iu":
            return _wrapped_buffer([int(v) for v in vals], dt)
        raise


def scatter(buf: _buffer, shape: tuple[int, ...], strides: tuple[int, ...], offset: int,
            w: int, contiguous: bool, size: int, src: _buffer) -> None:
    """Write the contiguous buffer ``src`` (C order, the view's size) into the view."""
    if contiguous:
        start = offset * w
        buf[start:start + size * w] = src
        return
    runs = _runs(shape, strides, offset, w)
    if runs is None:
        return
    offs, n, s = runs
    if s == 0 or (n < _SHORT_RUN and len(offs) > 1):
        steps = [k * s for k in range(n)]
        idx = [o + d for o in offs for d in steps]
        for i, v in zip(idx, src):
            buf[i] = v
        return
    span = n * s
    j = 0
    for o in offs:
        stop = o + span
        buf[o:stop if stop >= 0 else None:s] = src[j:j + n]
        j += n


def broadcast_shape(s1: tuple[int, ...], s2: tuple[int, ...]) -> tuple[int, ...]:
    """The broadcast of two shapes (ValueError when they do not broadcast)."""
    if s1 == s2:
        return s1
    n1, n2 = len(s1), len(s2)
    n = max(n1, n2)
    out = []
    for i in range(n):
        a = s1[i - n + n1] if i >= n - n1 else 1
        b = s2[i - n + n2] if i >= n - n2 else 1
        if a == b or b == 1:
            out.append(a)
        elif a == 1:
            out.append(b)
        else:
            raise ValueError(f"shapes {s1} and {s2} cannot be broadcast together")
    return tuple(out)


def filled(value: Any, n: int, dt: DType) -> _buffer:
    """A buffer of ``n`` copies of one value of the dtype."""
    one = from_values([value], dt)
    return one * n


def reserve(n: int, itemsize: int, function: str) -> None:
    """Fail at once, with the MemoryError (or NumPy's ValueError) a buffer allocation gives,
    for a result of ``n`` elements that no memory holds, before the element-by-element work
    that would otherwise run until memory is exhausted."""
    if n * itemsize > sys.maxsize // 2:
        raise ValueError(f"{function}: an array of {n} elements is too large")
    if n > 1 << 20:
        try:
            [0] * n    # one allocation as large as the offsets list the caller builds
        except MemoryError:
            raise MemoryError(f"{function}: unable to allocate an array of {n} elements "
                              f"({n * itemsize} bytes)") from None
