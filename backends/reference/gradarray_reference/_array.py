"""The array object: a typed buffer viewed through shape, strides and offset.

https://data-apis.org/array-api/2025.12/API_specification/array_object.html

Slicing, transposes, broadcasting and reshapes of contiguous arrays are views sharing the
buffer; everything else produces a fresh C-contiguous array.  Operators map onto the
element-wise functions through one table at the bottom of this file.
"""

from __future__ import annotations

from array import array as _buffer
from math import prod
from typing import Any

from . import _layout
from ._dtypes import DType
from ._layout import c_strides

__all__ = ["Array", "Device", "DEVICE", "check_device", "new", "view", "is_c"]

_object_new = object.__new__
_SCALARS = (bool, int, float, complex)


class Device:
    """The one device of the reference backend: the Python heap."""

    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return f"Device({self.name!r})"

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Device):
            return self.name == other.name
        if isinstance(other, str):
            return other == self.name
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.name)

    def __reduce__(self) -> Any:
        return (Device, (self.name,))


DEVICE = Device("reference")


def check_device(device: Any, function: str) -> None:
    """Accept None, the device, or its name ``"reference"``; else a ValueError."""
    if device is None or device is DEVICE or device == DEVICE:
        return
    raise ValueError(f"{function}(device): the reference backend has only the device "
                     f"'reference', got {device!r}")


def is_c(shape: tuple[int, ...], strides: tuple[int, ...]) -> bool:
    """Whether a view with these strides lists its elements contiguously in C order."""
    expected = 1
    for i in range(len(shape) - 1, -1, -1):
        n = shape[i]
        if n == 0:
            return True
        if n != 1:
            if strides[i] != expected:
                return False
            expected *= n
    return True


def new(buf: _buffer, shape: tuple[int, ...], dtype: DType) -> Array:
    """A C-contiguous array owning ``buf`` (no checks)."""
    a = _object_new(Array)
    a._buf = buf
    a._shape = shape
    a._strides = c_strides(shape)
    a._offset = 0
    a._dtype = dtype
    a._size = prod(shape)
    a._c = True
    return a


def view(x: Array, shape: tuple[int, ...], strides: tuple[int, ...], offset: int) -> Array:
    """A view of ``x``'s buffer (no checks)."""
    a = _object_new(Array)
    a._buf = x._buf
    a._shape = shape
    a._strides = strides
    a._offset = offset
    a._dtype = x._dtype
    a._size = prod(shape)
    a._c = is_c(shape, strides)
    return a


class Array:
    """An n-dimensional array of the reference backend (create it with the namespace's
    creation functions, for example ``asarray``)."""

    __slots__ = ("_buf", "_shape", "_strides", "_offset", "_dtype", "_size", "_c",
                 "__weakref__")

    _buf: _buffer
    _shape: tuple[int, ...]
    _strides: tuple[int, ...]
    _offset: int
    _dtype: DType
    _size: int
    _c: bool

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("reference arrays are made by the namespace functions (asarray, "
                        "zeros, ...), not by calling the class")

    # ------------------------------------------------------------ storage
    def _vals(self) -> list[Any]:
        """The elements as a flat C-order list of Python numbers (bools as 0/1)."""
        return _layout.values(self._buf, self._shape, self._strides, self._offset,
                              self._dtype, self._c, self._size)

    def _seq(self) -> Any:
        """The elements in C order for reading only: the buffer itself when it holds
        exactly them (iterating it skips building a list), else a new list."""
        if self._c and self._dtype.w == 1 and self._offset == 0 and \
                self._size == len(self._buf):
            return self._buf
        return self._vals()

    def _cbuf(self) -> _buffer:
        """A contiguous buffer of the elements; the array's own when it already is one
        (callers must not write into it)."""
        if self._c and self._offset == 0 and self._size * self._dtype.w == len(self._buf):
            return self._buf
        return self._copy_buf()

    def _copy_buf(self) -> _buffer:
        """A new contiguous buffer holding the elements in C order."""
        return _layout.gather(self._buf, self._shape, self._strides, self._offset,
                              self._dtype.w, self._c, self._size)

    def _write(self, src: _buffer) -> None:
        """Overwrite every element with the contiguous buffer ``src`` (same dtype, size)."""
        _layout.scatter(self._buf, self._shape, self._strides, self._offset,
                        self._dtype.w, self._c, self._size, src)

    def _scalar(self) -> Any:
        """The first element as a Python number (bools as bool)."""
        if self._dtype.w == 2:
            o = 2 * self._offset
            return complex(self._buf[o], self._buf[o + 1])
        v = self._buf[self._offset]
        return bool(v) if self._dtype.kind == "b" else v

    # ------------------------------------------------------------ attributes
    @property
    def dtype(self) -> DType:
        """The data type of the elements."""
        return self._dtype

    @property
    def device(self) -> Device:
        """The device (always ``'reference'``)."""
        return DEVICE

    @property
    def shape(self) -> tuple[int, ...]:
        """The size of each axis."""
        return self._shape

    @property
    def ndim(self) -> int:
        """The number of axes."""
        return len(self._shape)

    @property
    def size(self) -> int:
        """The number of elements."""
        return self._size

    @property
    def T(self) -> Array:
        """The transpose of a 2-D array (a view)."""
        if len(self._shape) != 2:
            raise ValueError(f"Array.T: expected a 2-D array, got {len(self._shape)}-D; use "
                             f"permute_dims or .mT for other arrays")
        s0, s1 = self._shape
        t0, t1 = self._strides
        return view(self, (s1, s0), (t1, t0), self._offset)

    @property
    def mT(self) -> Array:
        """The transpose of the last two axes (a view)."""
        if len(self._shape) < 2:
            raise ValueError(f"Array.mT: expected an array with at least 2 dimensions, got "
                             f"{len(self._shape)}-D")
        sh, st = self._shape, self._strides
        return view(self, sh[:-2] + (sh[-1], sh[-2]), st[:-2] + (st[-1], st[-2]),
                    self._offset)

    def __array_namespace__(self, /, *, api_version: str | None = None) -> Any:
        """The reference namespace."""
        if api_version is not None and api_version not in ("2021.12", "2022.12", "2023.12",
                                                          "2024.12", "2025.12"):
            raise ValueError(f"__array_namespace__(api_version): unsupported version "
                             f"{api_version!r}; the reference backend implements 2025.12")
        from . import namespace
        return namespace

    def to_device(self, device: Any, /, *, stream: Any = None) -> Array:
        """This array on ``device`` (the only device, so the array itself)."""
        check_device(device, "to_device")
        if stream is not None:
            raise ValueError("to_device(stream): the reference device has no streams")
        return self

    # ------------------------------------------------------------ conversions
    def _check_0d(self, what: str) -> None:
        if self._shape:
            raise TypeError(f"Array.{what}: only 0-dimensional arrays convert to Python "
                            f"scalars, got shape {self._shape}")

    def __bool__(self) -> bool:
        self._check_0d("__bool__")
        return bool(self._scalar())

    def __int__(self) -> int:
        self._check_0d("__int__")
        if self._dtype.kind == "c":
            raise TypeError("Array.__int__: cannot convert a complex array to int")
        return int(self._scalar())

    def __float__(self) -> float:
        self._check_0d("__float__")
        if self._dtype.kind == "c":
            raise TypeError("Array.__float__: cannot convert a complex array to float")
        return float(self._scalar())

    def __complex__(self) -> complex:
        self._check_0d("__complex__")
        return complex(self._scalar())

    def __index__(self) -> int:
        self._check_0d("__index__")
        if self._dtype.kind not in "iu":
            raise TypeError(f"Array.__index__: only integer arrays can be used as an index, "
                            f"got dtype {self._dtype.name}")
        return self._scalar()

    def item(self) -> Any:
        """The single element as a Python scalar."""
        if self._size != 1:
            raise ValueError(f"Array.item(): expected one element, got shape {self._shape}")
        return self._scalar()     # the one element sits at the offset

    def tolist(self) -> Any:
        """The elements as nested lists of Python scalars."""
        vals = self._vals()
        if self._dtype.kind == "b":
            vals = list(map(bool, vals))
        shape = self._shape
        if not shape:
            return vals[0]
        if 0 in shape:
            return _nested_empty(shape)
        for n in reversed(shape[1:]):
            vals = [vals[i:i + n] for i in range(0, len(vals), n)]
        return vals

    def __len__(self) -> int:
        if not self._shape:
            raise TypeError("len() of a 0-dimensional array")
        return self._shape[0]

    def __iter__(self) -> Any:
        if not self._shape:
            raise TypeError("iteration over a 0-dimensional array")
        return (self[i] for i in range(self._shape[0]))

    def __repr__(self) -> str:
        body = repr(self.tolist()) if self._size <= 1000 else f"<{self._size} elements>"
        return f"Array({body}, shape={self._shape}, dtype={self._dtype.name})"

    __str__ = __repr__

    __hash__ = None  # type: ignore[assignment]  (mutable, like NumPy's arrays)

    def __copy__(self) -> Array:
        return new(self._copy_buf(), self._shape, self._dtype)

    def __deepcopy__(self, memo: dict[int, Any]) -> Array:
        return self.__copy__()

    def __reduce__(self) -> Any:
        from ._creation import _rebuild
        return (_rebuild, (self._copy_buf(), self._shape, self._dtype.name))

    # ------------------------------------------------------------ DLPack
    def __dlpack__(self, /, *, stream: Any = None, max_version: tuple[int, int] | None = None,
                   dl_device: tuple[Any, int] | None = None, copy: bool | None = None) -> Any:
        """A DLPack capsule over this array's buffer (``copy=True``: over a copy)."""
        from ._dlpack import export
        return export(self, stream=stream, max_version=max_version, dl_device=dl_device,
                      copy=copy)

    def __dlpack_device__(self) -> tuple[int, int]:
        """``(kDLCPU, 0)``: the buffer is host memory."""
        return (1, 0)

    # ------------------------------------------------------------ indexing
    # __getitem__ and __setitem__ are _indexing.getitem/setitem, installed by _install


def _nested_empty(shape: tuple[int, ...]) -> Any:
    if shape[0] == 0 or len(shape) == 1:
        return []
    return [_nested_empty(shape[1:]) for _ in range(shape[0])]


# ----------------------------------------------------------------- operators
def _forward(fn: Any, name: str) -> Any:
    def op(self: Array, other: Any, /) -> Any:
        if type(other) is not Array and type(other) not in _SCALARS:
            return NotImplemented
        return fn(self, other)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}``: the namespace's ``{fn.__name__}``."
    return op


def _reflected(fn: Any, name: str) -> Any:
    def op(self: Array, other: Any, /) -> Any:
        if type(other) is not Array and type(other) not in _SCALARS:
            return NotImplemented
        return fn(other, self)
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}``: the namespace's ``{fn.__name__}`` with operands swapped."
    return op


def _inplace(fn: Any, name: str) -> Any:
    def op(self: Array, other: Any, /) -> Any:
        if type(other) is not Array and type(other) not in _SCALARS:
            return NotImplemented
        res = fn(self, other)
        if res._dtype is not self._dtype:
            raise TypeError(f"{name}: the result dtype {res._dtype.name} differs from the "
                            f"array's dtype {self._dtype.name}")
        if res._shape != self._shape:
            raise ValueError(f"{name}: the result shape {res._shape} differs from the "
                             f"array's shape {self._shape}")
        self._write(res._cbuf())
        return self
    op.__name__ = op.__qualname__ = name
    op.__doc__ = f"``{name}``: ``{fn.__name__}`` written into this array's memory."
    return op


def _install() -> None:
    from . import _elementwise as e
    from ._indexing import getitem, setitem
    from ._linalg_core import matmul
    Array.__getitem__ = getitem  # type: ignore[method-assign]
    Array.__setitem__ = setitem  # type: ignore[method-assign]
    table = [
        ("add", e.add), ("sub", e.subtract), ("mul", e.multiply), ("truediv", e.divide),
        ("floordiv", e.floor_divide), ("mod", e.remainder), ("pow", e.pow),
        ("and", e.bitwise_and), ("or", e.bitwise_or), ("xor", e.bitwise_xor),
        ("lshift", e.bitwise_left_shift), ("rshift", e.bitwise_right_shift),
        ("matmul", matmul),
    ]
    for name, fn in table:
        setattr(Array, f"__{name}__", _forward(fn, f"__{name}__"))
        setattr(Array, f"__r{name}__", _reflected(fn, f"__r{name}__"))
        setattr(Array, f"__i{name}__", _inplace(fn, f"__i{name}__"))
    for name, fn in (("lt", e.less), ("le", e.less_equal), ("gt", e.greater),
                     ("ge", e.greater_equal), ("eq", e.equal), ("ne", e.not_equal)):
        setattr(Array, f"__{name}__", _forward(fn, f"__{name}__"))

    def __neg__(self: Array, /) -> Array:
        return e.negative(self)

    def __pos__(self: Array, /) -> Array:
        return e.positive(self)

    def __abs__(self: Array, /) -> Array:
        return e.abs(self)

    def __invert__(self: Array, /) -> Array:
        return e.bitwise_invert(self)

    for f in (__neg__, __pos__, __abs__, __invert__):
        setattr(Array, f.__name__, f)
    Array.__hash__ = None  # type: ignore[assignment]

