"""Creation functions.

https://data-apis.org/array-api/2025.12/API_specification/creation_functions.html
"""

from __future__ import annotations

import math
import operator
import sys
from array import array as _buffer
from typing import Any, Literal

from . import _dtypes as D
from ._array import Array, check_device, new, view
from ._dtypes import DType
from ._layout import filled, from_values, reserve

__all__ = ["arange", "asarray", "empty", "empty_like", "eye", "from_dlpack", "full",
           "full_like", "linspace", "meshgrid", "ones", "ones_like", "tril", "triu", "zeros",
           "zeros_like"]

_SCALARS = (bool, int, float, complex)


def dtype_arg(dtype: Any, function: str) -> DType | None:
    if dtype is None or type(dtype) is DType:
        return dtype
    raise TypeError(f"{function}(dtype): expected a reference dtype or None, got {dtype!r}")


def shape_arg(shape: Any, function: str) -> tuple[int, ...]:
    dims = shape if isinstance(shape, tuple | list) else (shape,)
    out = []
    for d in dims:
        if type(d) is bool:
            raise TypeError(f"{function}(shape): expected ints, got {shape!r}")
        try:
            n = operator.index(d)
        except TypeError:
            raise TypeError(f"{function}(shape): expected an int or a tuple of ints, got "
                            f"{shape!r}") from None
        if n < 0:
            raise ValueError(f"{function}(shape): negative dimension in {shape!r}")
        out.append(n)
    return tuple(out)


_MAX_BYTES = sys.maxsize // 2


def _check_size(n: int, dt: DType, function: str) -> None:
    """A ValueError (as NumPy's) for arrays larger than any buffer can be."""
    if n * dt.itemsize > _MAX_BYTES:
        raise ValueError(f"{function}: an array of {n} elements of {dt.name} is too large")


def _filled(shape: tuple[int, ...], value: Any, dt: DType) -> Array:
    n = math.prod(shape)
    _check_size(n, dt, "full")
    return new(filled(value, n, dt), shape, dt)


def _scalar_dtype(v: Any) -> DType:
    t = type(v)
    if t is bool:
        return D.bool
    if t is int:
        return D.default_int
    if t is float:
        return D.default_float
    return D.default_complex


def checked_values(vals: list[Any], dt: DType, function: str) -> _buffer:
    """``vals`` as a buffer of ``dt``, refusing what the dtype cannot hold (an int out of
    range, a complex for a real dtype) instead of wrapping."""
    k = dt.kind
    if k in "iu":
        try:
            return _buffer(dt.tc, vals)
        except OverflowError:
            raise OverflowError(f"{function}(obj): a Python int is out of bounds for "
                                f"{dt.name}") from None
        except TypeError:
            out = []
            for v in vals:
                if type(v) is complex:
                    raise TypeError(f"{function}(obj): cannot store a complex number in "
                                    f"{dt.name}") from None
                out.append(int(v))
            return checked_values(out, dt, function)
    if k == "f":
        try:
            return _buffer(dt.tc, vals)
        except TypeError:
            if any(type(v) is complex for v in vals):
                raise TypeError(f"{function}(obj): cannot store a complex number in "
                                f"{dt.name}") from None
            return _buffer(dt.tc, [float(v) for v in vals])
    if k == "b":
        return _buffer("B", [1 if v else 0 for v in vals])
    return from_values([complex(v) for v in vals], dt)


# ------------------------------------------------------------------ asarray
def _flatten(obj: Any, function: str) -> tuple[tuple[int, ...], list[Any]]:
    """The shape and the flat C-order elements of a nested sequence."""
    shape: list[int] = []
    level = [obj]
    while level:
        first = level[0]
        if type(first) is Array:
            level = [o.tolist() if type(o) is Array else o for o in level]
            first = level[0]
        if isinstance(first, list | tuple):
            n = len(first)
            for o in level:
                if not isinstance(o, list | tuple) or len(o) != n:
                    raise ValueError(f"{function}(obj): the nested sequence is ragged (its "
                                     f"sublists have different lengths or depths)")
            shape.append(n)
            level = [e for o in level for e in o]
        else:
            kinds = set(map(type, level))
            if not kinds <= _SCALAR_SET:
                if list in kinds or tuple in kinds or any(
                        isinstance(o, list | tuple) or (type(o) is Array and o._shape)
                        for o in level):
                    raise ValueError(f"{function}(obj): the nested sequence is ragged")
                level = [_as_scalar(o, function) for o in level]
            break
    return tuple(shape), level


def _as_scalar(o: Any, function: str) -> Any:
    t = type(o)
    if t in _SCALARS:
        return o
    if t is Array:
        return o._scalar()
    if isinstance(o, bool):
        return bool(o)
    for conv in (int, float, complex):
        if isinstance(o, conv):
            return conv(o)
    if hasattr(o, "__index__") and not hasattr(o, "__float__"):
        return operator.index(o)
    item = getattr(o, "item", None)     # NumPy scalars
    if item is not None:
        return item()
    raise TypeError(f"{function}(obj): expected nested sequences of Python numbers, got an "
                    f"element of type {t.__name__}")


_SCALAR_SET = frozenset(_SCALARS)


def _infer(vals: list[Any]) -> DType:
    return _infer_kinds(set(map(type, vals)))


def _infer_kinds(kinds: set[type]) -> DType:
    if not kinds:
        return D.default_float
    if complex in kinds:
        return D.default_complex
    if float in kinds:
        return D.default_float
    if int in kinds:
        return D.default_int
    return D.bool


def asarray(obj: Any, /, *, dtype: DType | None = None, device: Any = None,
            copy: bool | None = None) -> Array:
    """Convert an array, a Python scalar, a nested sequence, a DLPack or buffer object."""
    dt = dtype_arg(dtype, "asarray")
    check_device(device, "asarray")
    if copy is not None and type(copy) is not bool:
        raise TypeError(f"asarray(copy): expected True, False or None, got {copy!r}")
    t = type(obj)
    if t is Array:
        if dt is None or dt is obj._dtype:
            if copy:
                return new(obj._copy_buf(), obj._shape, obj._dtype)
            return obj
        if copy is False:
            raise ValueError("asarray(copy=False): casting needs a copy")
        from ._data_types import astype
        return astype(obj, dt)
    if t in _SCALARS:
        if copy is False:
            raise ValueError("asarray(copy=False): a Python scalar cannot be converted "
                             "without a copy")
        if dt is None:
            dt = _scalar_dtype(obj)
        return new(checked_values([obj], dt, "asarray"), (), dt)
    if t is list or t is tuple:
        if copy is False:
            raise ValueError("asarray(copy=False): a Python sequence cannot be converted "
                             "without a copy")
        kinds = set(map(type, obj))
        if kinds and kinds <= _SCALAR_SET:    # a flat sequence of Python numbers: no walk
            if dt is None:
                dt = _infer_kinds(kinds)
            return new(checked_values(list(obj), dt, "asarray"), (len(obj),), dt)
        shape, vals = _flatten(obj, "asarray")
        if dt is None:
            dt = _infer(vals)
        return new(checked_values(vals, dt, "asarray"), shape, dt)
    if hasattr(obj, "__dlpack__") and hasattr(obj, "__dlpack_device__"):
        from ._dlpack import import_dlpack
        try:
            out = import_dlpack(obj, copy=copy, function="asarray")
        except BufferError as exc:
            # asarray's errors are the standard's ValueError (copy=False needs a copy) or a
            # TypeError (data of a dtype the standard lacks, such as float16)
            raise (ValueError if copy is False else TypeError)(str(exc)) from exc
        if dt is not None and dt is not out._dtype:
            from ._data_types import astype
            out = astype(out, dt)
        return out
    try:
        mv = memoryview(obj)
    except TypeError:
        mv = None
    if mv is not None:
        if copy is False:
            raise ValueError("asarray(copy=False): a buffer is copied into a reference array")
        out = _from_buffer(mv)
        if dt is not None and dt is not out._dtype:
            from ._data_types import astype
            out = astype(out, dt)
        return out
    if isinstance(obj, range):
        return asarray(list(obj), dtype=dt, copy=copy)
    if isinstance(obj, _SCALARS) or hasattr(obj, "__index__") or hasattr(obj, "item"):
        return asarray(_as_scalar(obj, "asarray"), dtype=dt, copy=copy)
    raise TypeError(f"asarray(obj): cannot convert an object of type {t.__name__} to an array")


def _buffer_dtype(fmt: str, itemsize: int) -> DType | None:
    """The dtype of a buffer's struct format (``'f'``, ``'<i4'``... as memoryview reports
    it), or None for formats that hold no dtype of the standard."""
    code = fmt.lstrip("@=<>!")
    if code == "?":
        return D.bool
    if code in ("Zf", "Zd"):
        return D.complex64 if code == "Zf" else D.complex128
    if len(code) != 1:
        return None
    if code in "fd":
        return D.float32 if code == "f" else D.float64
    kind = "i" if code in "bhilqn" else "u" if code in "BHILQN" else None
    if kind is None:
        return None
    for d in D.INTEGER:
        if d.kind == kind and d.itemsize == itemsize:
            return d
    return None


def _from_buffer(mv: memoryview) -> Array:
    """A copy of a buffer's elements, of the dtype its format names (as NumPy reads it:
    ``bytes`` are uint8, a float32 scalar's buffer float32)."""
    dt = _buffer_dtype(mv.format, mv.itemsize)
    if dt is None:
        raise TypeError(f"asarray(obj): a buffer of format {mv.format!r} holds no dtype of "
                        f"the standard")
    shape = tuple(mv.shape) if mv.shape is not None else ()
    buf = _buffer(dt.tc)
    buf.frombytes(mv.tobytes())        # C order, whatever the buffer's strides
    order = mv.format[:1]
    if order in (">", "!", "<") and (order == "<") != (sys.byteorder == "little"):
        buf.byteswap()                 # an explicit byte order other than this machine's
    if dt.kind == "b":                 # any nonzero byte is True
        buf = _buffer(dt.tc, [1 if v else 0 for v in buf])
    return new(buf, shape, dt)


def _rebuild(buf: _buffer, shape: tuple[int, ...], dtype: str) -> Array:
    """Unpickling."""
    return new(buf, shape, D.BY_NAME[dtype])


# ---------------------------------------------------------------- filled
def empty(shape: int | tuple[int, ...], *, dtype: DType | None = None,
          device: Any = None) -> Array:
    """An array of the given shape (zeros: the buffer is always initialised)."""
    return zeros(shape, dtype=dtype, device=device)


def zeros(shape: int | tuple[int, ...], *, dtype: DType | None = None,
          device: Any = None) -> Array:
    """An array of zeros."""
    dims = shape_arg(shape, "zeros")
    dt = dtype_arg(dtype, "zeros") or D.default_float
    check_device(device, "zeros")
    _check_size(math.prod(dims), dt, "zeros")
    n = math.prod(dims) * dt.w
    return new(_buffer(dt.tc, bytes(n * _buffer(dt.tc).itemsize)), dims, dt)


def ones(shape: int | tuple[int, ...], *, dtype: DType | None = None,
         device: Any = None) -> Array:
    """An array of ones."""
    dims = shape_arg(shape, "ones")
    dt = dtype_arg(dtype, "ones") or D.default_float
    check_device(device, "ones")
    return _filled(dims, True if dt.kind == "b" else 1, dt)


def _fill_dtype(fill_value: Any, dt: DType | None, function: str) -> tuple[Any, DType]:
    t = type(fill_value)
    if t not in _SCALARS:
        if type(fill_value) is Array and not fill_value._shape:
            fill_value = fill_value._scalar()
        else:
            fill_value = _as_scalar(fill_value, function)
        t = type(fill_value)
    if dt is None:
        return fill_value, _scalar_dtype(fill_value)
    k = dt.kind
    if t is complex and k != "c":
        raise TypeError(f"{function}(fill_value): a complex fill value needs a complex dtype, "
                        f"got {dt.name}")
    if t is float and k in "iub":
        raise TypeError(f"{function}(fill_value): a float fill value needs a floating-point "
                        f"dtype, got {dt.name}")
    if k in "iu" and not dt.min <= fill_value <= dt.max:
        raise OverflowError(f"{function}(fill_value): {fill_value} is out of bounds for "
                            f"{dt.name}")
    return fill_value, dt


def full(shape: int | tuple[int, ...], fill_value: bool | int | float | complex, *,
         dtype: DType | None = None, device: Any = None) -> Array:
    """An array filled with ``fill_value``."""
    dims = shape_arg(shape, "full")
    check_device(device, "full")
    v, dt = _fill_dtype(fill_value, dtype_arg(dtype, "full"), "full")
    return _filled(dims, v, dt)


def _check(x: Any, function: str) -> Array:
    if type(x) is not Array:
        raise TypeError(f"{function}(x): expected a reference array, got {type(x).__name__}")
    return x


def empty_like(x: Array, /, *, dtype: DType | None = None, device: Any = None) -> Array:
    """An array shaped like ``x`` (zeros)."""
    x = _check(x, "empty_like")
    return zeros(x._shape, dtype=dtype_arg(dtype, "empty_like") or x._dtype, device=device)


def zeros_like(x: Array, /, *, dtype: DType | None = None, device: Any = None) -> Array:
    """Zeros shaped like ``x``."""
    x = _check(x, "zeros_like")
    return zeros(x._shape, dtype=dtype_arg(dtype, "zeros_like") or x._dtype, device=device)


def ones_like(x: Array, /, *, dtype: DType | None = None, device: Any = None) -> Array:
    """Ones shaped like ``x``."""
    x = _check(x, "ones_like")
    return ones(x._shape, dtype=dtype_arg(dtype, "ones_like") or x._dtype, device=device)


def full_like(x: Array, /, fill_value: bool | int | float | complex, *,
              dtype: DType | None = None, device: Any = None) -> Array:
    """``fill_value`` in an array shaped like ``x``."""
    x = _check(x, "full_like")
    return full(x._shape, fill_value, dtype=dtype_arg(dtype, "full_like") or x._dtype,
                device=device)


# ---------------------------------------------------------------- ranges
def arange(start: int | float, /, stop: int | float | None = None, step: int | float = 1, *,
           dtype: DType | None = None, device: Any = None) -> Array:
    """Values from ``start`` (inclusive) to ``stop`` (exclusive) spaced by ``step``."""
    dt = dtype_arg(dtype, "arange")
    check_device(device, "arange")
    if stop is None:
        start, stop = 0, start
    for name, v in (("start", start), ("stop", stop), ("step", step)):
        if type(v) not in (int, float):
            if isinstance(v, bool) or not isinstance(v, int | float):
                raise TypeError(f"arange({name}): expected an int or a float, got {v!r}")
    if step == 0:
        raise ValueError("arange(step): step must not be zero")
    all_int = type(start) is int and type(stop) is int and type(step) is int
    if dt is None:
        dt = D.default_int if all_int else D.default_float
    if all_int:
        n = max(0, -((start - stop) // step))     # type: ignore[operator]
    else:
        n = math.ceil((stop - start) / step)
        n = n if n > 0 else 0
    _check_size(n, dt, "arange")
    if all_int and dt.kind in "iu":
        vals: list[Any] = list(range(start, stop, step))   # type: ignore[arg-type]
    else:
        if dt.kind in "iu":
            vals = [int(start + i * step) for i in range(n)]
        else:
            vals = [start + i * step for i in range(n)]
    return new(from_values(vals, dt) if dt.kind in "fc" else checked_values(vals, dt, "arange"),
               (len(vals),), dt)


def linspace(start: int | float | complex, stop: int | float | complex, /, num: int, *,
             dtype: DType | None = None, device: Any = None, endpoint: bool = True) -> Array:
    """``num`` evenly spaced values from ``start`` to ``stop``."""
    dt = dtype_arg(dtype, "linspace")
    check_device(device, "linspace")
    num = operator.index(num)
    if num < 0:
        raise ValueError(f"linspace(num): expected a non-negative number, got {num}")
    reserve(num, 8, "linspace")
    for name, v in (("start", start), ("stop", stop)):
        if type(v) not in (int, float, complex):     # bool is not a number here
            raise TypeError(f"linspace({name}): expected an int, a float or a complex, got "
                            f"{type(v).__name__}")
    is_complex = type(start) is complex or type(stop) is complex
    if dt is None:
        dt = D.default_complex if is_complex else D.default_float
    elif is_complex and dt.kind != "c":
        raise TypeError(f"linspace(dtype): complex bounds need a complex dtype, got {dt.name}")
    div = (num - 1) if endpoint else num
    if dt.kind != "c":
        start, stop = float(start), float(stop)  # type: ignore[arg-type]
    if div > 0:
        delta = stop - start
        step = delta / div
        if step == 0 or not math.isfinite(abs(step)):
            vals = [start + (i / div) * delta for i in range(num)]
        else:
            vals = [start + i * step for i in range(num)]
    else:
        vals = [start] * num
    if endpoint and num > 1:
        vals[-1] = stop
    if dt.kind in "iu":
        vals = [int(v) for v in vals]
    return new(from_values(vals, dt), (num,), dt)


def eye(n_rows: int, n_cols: int | None = None, /, *, k: int = 0, dtype: DType | None = None,
        device: Any = None) -> Array:
    """Ones on the ``k``-th diagonal, zeros elsewhere."""
    dt = dtype_arg(dtype, "eye") or D.default_float
    check_device(device, "eye")
    n_rows = operator.index(n_rows)
    n_cols = n_rows if n_cols is None else operator.index(n_cols)
    out = zeros((n_rows, n_cols), dtype=dt)
    one = from_values([True if dt.kind == "b" else 1], dt)
    w = dt.w
    for i in range(max(0, -k), min(n_rows, n_cols - k)):
        p = (i * n_cols + i + k) * w
        out._buf[p:p + w] = one
    return out


def meshgrid(*arrays: Array, indexing: Literal["xy", "ij"] = "xy") -> tuple[Array, ...]:
    """Coordinate arrays from 1-D coordinate vectors (broadcast views)."""
    if indexing not in ("xy", "ij"):
        raise ValueError(f"meshgrid(indexing): expected 'xy' or 'ij', got {indexing!r}")
    for a in arrays:
        _check(a, "meshgrid")
        if len(a._shape) != 1:
            raise ValueError(f"meshgrid(arrays): expected 1-D arrays, got shape {a._shape}")
    if arrays and any(a._dtype is not arrays[0]._dtype for a in arrays):
        raise TypeError("meshgrid(arrays): expected arrays of one dtype")
    n = len(arrays)
    sizes = [a._shape[0] for a in arrays]
    if indexing == "xy" and n > 1:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    out = []
    for i, a in enumerate(arrays):
        pos = (1 - i if i < 2 else i) if indexing == "xy" and n > 1 else i
        strides = [0] * n
        strides[pos] = a._strides[0]
        out.append(view(a, tuple(sizes), tuple(strides), a._offset))
    return tuple(out)


def _tri(x: Array, k: int, function: str, lower: bool) -> Array:
    x = _check(x, function)
    k = operator.index(k)
    if len(x._shape) < 2:
        raise ValueError(f"{function}(x): expected at least 2 dimensions, got {len(x._shape)}")
    m, n = x._shape[-2:]
    if x._size == 0:        # nothing to mask (and m * n may be 2**40 * 0)
        return new(from_values([], x._dtype), x._shape, x._dtype)
    vals = x._vals()
    zero = 0j if x._dtype.kind == "c" else 0
    if lower:
        keep = [j - i <= k for i in range(m) for j in range(n)]
    else:
        keep = [j - i >= k for i in range(m) for j in range(n)]
    mn = m * n
    if mn:
        keep = keep * (len(vals) // mn)
    out = [v if kp else zero for v, kp in zip(vals, keep)]
    return new(from_values(out, x._dtype), x._shape, x._dtype)


def tril(x: Array, /, *, k: int = 0) -> Array:
    """The lower triangle of (each matrix of) ``x``; zeros above diagonal ``k``."""
    return _tri(x, k, "tril", True)


def triu(x: Array, /, *, k: int = 0) -> Array:
    """The upper triangle of (each matrix of) ``x``; zeros below diagonal ``k``."""
    return _tri(x, k, "triu", False)


def from_dlpack(x: Any, /, *, device: Any = None, copy: bool | None = None) -> Array:
    """Import an array from any DLPack producer (NumPy, PyTorch, another reference array)."""
    check_device(device, "from_dlpack")
    from ._dlpack import import_dlpack
    return import_dlpack(x, copy=copy, function="from_dlpack")

