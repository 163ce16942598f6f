"""DLPack: real capsules over the array module's buffers, through ctypes.

https://dmlc.github.io/dlpack/latest/ (the C structs below are its ``dlpack.h``, v1.0)

Export hands out the address of the array's buffer (``array.buffer_info``); a memoryview held
until the consumer calls the deleter pins the buffer so it can neither move nor be freed.
Import reads the producer's memory once into a new buffer and then calls the producer's
deleter, so imported arrays never alias foreign memory.
"""

from __future__ import annotations

import ctypes
from array import array as _buffer
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int32, c_int64, c_uint8,
                    c_uint16, c_uint32, c_uint64, c_void_p)
from typing import Any

from . import _dtypes as D
from ._array import Array, new, view
from ._dtypes import DType

__all__ = ["export", "import_dlpack"]

kDLCPU = 1
_FLAG_READ_ONLY = 1
_FLAG_IS_COPIED = 2


class DLDevice(Structure):
    _fields_ = [("device_type", c_int32), ("device_id", c_int32)]


class DLDataType(Structure):
    _fields_ = [("code", c_uint8), ("bits", c_uint8), ("lanes", c_uint16)]


class DLTensor(Structure):
    _fields_ = [("data", c_void_p), ("device", DLDevice), ("ndim", c_int32),
                ("dtype", DLDataType), ("shape", POINTER(c_int64)),
                ("strides", POINTER(c_int64)), ("byte_offset", c_uint64)]


_DELETER = CFUNCTYPE(None, c_void_p)


class DLManagedTensor(Structure):
    _fields_ = [("dl_tensor", DLTensor), ("manager_ctx", c_void_p), ("deleter", _DELETER)]


class DLPackVersion(Structure):
    _fields_ = [("major", c_uint32), ("minor", c_uint32)]


class DLManagedTensorVersioned(Structure):
    _fields_ = [("version", DLPackVersion), ("manager_ctx", c_void_p), ("deleter", _DELETER),
                ("flags", c_uint64), ("dl_tensor", DLTensor)]


_api = ctypes.pythonapi
_capsule_new = ctypes.PYFUNCTYPE(ctypes.py_object, c_void_p, c_char_p, c_void_p)(
    ("PyCapsule_New", _api))
_capsule_get = ctypes.PYFUNCTYPE(c_void_p, ctypes.py_object, c_char_p)(
    ("PyCapsule_GetPointer", _api))
_capsule_set_name = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.py_object, c_char_p)(
    ("PyCapsule_SetName", _api))
_capsule_is_valid = ctypes.PYFUNCTYPE(ctypes.c_int, ctypes.py_object, c_char_p)(
    ("PyCapsule_IsValid", _api))
# inside a capsule destructor the capsule is dying: pass it as a raw pointer, never as an object
_raw_is_valid = ctypes.CFUNCTYPE(ctypes.c_int, c_void_p, c_char_p)(("PyCapsule_IsValid", _api))
_raw_get = ctypes.CFUNCTYPE(c_void_p, c_void_p, c_char_p)(("PyCapsule_GetPointer", _api))

# what each exported tensor keeps alive, by the managed struct's address
_alive: dict[int, tuple[Any, ...]] = {}


@_DELETER
def _deleter(address: int | None) -> None:
    """The consumer is done with the tensor: release the buffer."""
    if address:
        _alive.pop(address, None)


@CFUNCTYPE(None, c_void_p)
def _capsule_destructor(capsule: int | None) -> None:
    """An unconsumed capsule died: release its tensor (consumers rename capsules they take)."""
    for name in (b"dltensor", b"dltensor_versioned"):
        if _raw_is_valid(capsule, name):
            address = _raw_get(capsule, name)
            if address:
                _alive.pop(address, None)
            return


_DESTRUCTOR_ADDRESS = ctypes.cast(_capsule_destructor, c_void_p).value


def export(x: Array, *, stream: Any = None, max_version: tuple[int, int] | None = None,
           dl_device: tuple[Any, int] | None = None, copy: bool | None = None) -> Any:
    """A DLPack capsule over ``x`` (versioned when the consumer accepts DLPack 1.x)."""
    if stream is not None:
        raise BufferError("__dlpack__(stream): the reference device has no streams; pass None")
    if dl_device is not None:
        kind, index = dl_device
        if int(kind) != kDLCPU or int(index) != 0:
            raise BufferError(f"__dlpack__(dl_device): the reference backend exports to the CPU "
                              f"(kDLCPU, 0) only, got {dl_device!r}")
    src = x
    copied = False
    if copy or any(s < 0 for s in x._strides):
        if copy is False:
            raise BufferError("__dlpack__(copy=False): arrays with negative strides are exported "
                              "through a copy")
        src = new(x._copy_buf(), x._shape, x._dtype)
        copied = True
    dt = src._dtype
    buf = src._buf
    if len(buf) == 0:
        buf = _buffer(dt.tc, bytes(_buffer(dt.tc).itemsize * dt.w))   # a valid address
        src = view(new(buf, (1,), dt), src._shape, src._strides, 0)
    pin = memoryview(buf)        # pins the buffer: array.array cannot resize while exported
    ndim = len(src._shape)
    shape = (c_int64 * max(ndim, 1))(*src._shape)
    strides = (c_int64 * max(ndim, 1))(*src._strides)
    tensor = DLTensor()
    tensor.data = buf.buffer_info()[0] + src._offset * dt.itemsize
    tensor.device = DLDevice(kDLCPU, 0)
    tensor.ndim = ndim
    tensor.dtype = DLDataType(dt.dl_code, dt.bits, 1)
    tensor.shape = shape
    tensor.strides = strides
    tensor.byte_offset = 0
    versioned = max_version is not None and int(max_version[0]) >= 1
    if versioned:
        managed: Any = DLManagedTensorVersioned()
        managed.version = DLPackVersion(1, 0)
        managed.flags = _FLAG_IS_COPIED if copied else 0
        name = b"dltensor_versioned"
    else:
        managed = DLManagedTensor()
        name = b"dltensor"
    managed.dl_tensor = tensor
    managed.manager_ctx = None
    managed.deleter = _deleter
    address = ctypes.addressof(managed)
    _alive[address] = (managed, shape, strides, buf, pin)
    return _capsule_new(address, name, _DESTRUCTOR_ADDRESS)


# ----------------------------------------------------------------- import
_BY_CODE = {(d.dl_code, d.bits): d for d in D.ALL}


def _dtype_of(code: int, bits: int, lanes: int) -> DType:
    dt = _BY_CODE.get((code, bits))
    if dt is None or lanes != 1:
        raise BufferError(f"from_dlpack(x): DLPack dtype (code {code}, {bits} bits, {lanes} "
                          f"lanes) has no reference dtype")
    return dt


def import_dlpack(x: Any, *, copy: bool | None = None, function: str = "from_dlpack"
                  ) -> Array:
    """A reference array with the values of a DLPack producer ``x`` (always a copy for
    foreign producers; ``copy=False`` therefore raises BufferError for them)."""
    if type(x) is Array:
        if copy:
            return new(x._copy_buf(), x._shape, x._dtype)
        return view(x, x._shape, x._strides, x._offset)
    if not hasattr(x, "__dlpack__"):
        raise TypeError(f"{function}(x): expected an object implementing __dlpack__, got "
                        f"{type(x).__name__}")
    kind, _ = x.__dlpack_device__()
    if int(kind) not in (kDLCPU, 3):       # CPU or CUDA-pinned host memory
        raise BufferError(f"{function}(x): DLPack device type {int(kind)} is not host memory; "
                          f"the reference backend reads only from the CPU")
    if copy is False:
        raise BufferError(f"{function}(x, copy=False): the reference backend stores elements "
                          f"in its own buffers, so importing foreign memory needs a copy")
    try:
        capsule = x.__dlpack__(max_version=(1, 0))
    except TypeError:
        capsule = x.__dlpack__()
    if _capsule_is_valid(capsule, b"dltensor_versioned"):
        address = _capsule_get(capsule, b"dltensor_versioned")
        managed: Any = DLManagedTensorVersioned.from_address(address)
        if managed.version.major > 1:
            raise BufferError(f"{function}(x): DLPack {managed.version.major}.x is newer than "
                              f"the reference backend understands")
        used = b"used_dltensor_versioned"
    else:
        address = _capsule_get(capsule, b"dltensor")
        managed = DLManagedTensor.from_address(address)
        used = b"used_dltensor"
    _capsule_set_name(capsule, used)
    try:
        return _read(managed.dl_tensor)
    finally:
        if managed.deleter:
            managed.deleter(address)


def _read(t: DLTensor) -> Array:
    dt = _dtype_of(t.dtype.code, t.dtype.bits, t.dtype.lanes)
    ndim = t.ndim
    shape = tuple(t.shape[i] for i in range(ndim))
    size = 1
    for n in shape:
        size *= n
    if size == 0:
        from ._creation import zeros
        return zeros(shape, dtype=dt)
    if t.strides:
        strides = tuple(t.strides[i] for i in range(ndim))
    else:
        from ._layout import c_strides
        strides = c_strides(shape)
    lo = sum(s * (n - 1) for s, n in zip(strides, shape) if s < 0)
    hi = sum(s * (n - 1) for s, n in zip(strides, shape) if s > 0)
    item = dt.itemsize
    base = (t.data or 0) + t.byte_offset + lo * item
    raw = ctypes.string_at(base, (hi - lo + 1) * item)
    buf = _buffer(dt.tc)
    buf.frombytes(raw)
    flat = new(buf, (len(buf) // dt.w,), dt)
    out = view(flat, shape, strides, -lo)
    if out._c and out._offset == 0 and out._size == flat._size:
        return new(buf, shape, dt)
    return new(out._copy_buf(), shape, dt)
