"""Creation functions, plus moving arrays between devices.

https://data-apis.org/array-api/2025.12/API_specification/creation_functions.html

Every creation function takes ``requires_grad=`` (PyTorch's keyword) in addition to the
standard's arguments.  ``asarray`` of a gradarray array returns that array (a differentiable
copy with ``copy=True``), so code that re-``asarray``s its inputs stays differentiable.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from itertools import chain
from typing import Any, Literal

from .. import _dtypes
from .._array import Array, numpy_object_hint
from .._call import backend_error, check_array, record, renamed, without_head
from .._device import Device, as_device
from .._dtypes import DType
from ..autograd.grad_mode import STATE
from ..autograd.rules import defvjp
from ._util import check_choice, check_int, clamp_offset

__all__ = ["arange", "asarray", "empty", "empty_like", "eye", "from_dlpack", "full", "full_like",
           "linspace", "meshgrid", "ones", "ones_like", "tril", "triu", "zeros", "zeros_like",
           "to_device"]

_new = Array._new
_MAX_SIZE = 2 ** 63 - 1


def _dtype_arg(dtype: Any, function: str) -> DType | None:
    if dtype is None or type(dtype) is DType:
        return dtype
    raise TypeError(f"{function}(dtype): expected a gradarray dtype such as gradarray.float32 or "
                    f"None, got {dtype!r}")


def _shape_arg(shape: Any, function: str) -> tuple[int, ...]:
    if isinstance(shape, tuple | list):
        dims = shape
    else:
        dims = (shape,)
    out = []
    for d in dims:
        if type(d) is bool or isinstance(d, float):
            raise TypeError(f"{function}(shape): expected an int or a tuple of ints, got {shape!r}")
        try:
            n = operator.index(d)
        except TypeError:
            raise TypeError(f"{function}(shape): expected an int or a tuple of ints, got "
                            f"{shape!r}") from None
        if n > _MAX_SIZE:
            raise ValueError(f"{function}(shape): the size {n} is too large, got {shape!r}")
        if n < 0:
            raise ValueError(f"{function}(shape): negative dimensions are not allowed, got "
                             f"{shape!r}")
        out.append(n)
    return tuple(out)


def _finish(out: Array, requires_grad: bool, function: str) -> Array:
    if requires_grad is not False:
        if type(requires_grad) is not bool:
            raise TypeError(f"{function}(requires_grad): expected a bool, got "
                            f"{type(requires_grad).__name__}")
        if out._dtype.kind not in "fc":
            raise TypeError(f"{function}(requires_grad=True): only floating-point and complex "
                            f"arrays can require gradients, got dtype {out._dtype.name}")
        out.requires_grad_()
    return out


def _native_dtype(dev: Device, dt: DType | None, function: str) -> Any:
    if dt is None:
        return None
    nd = dev.to_native.get(dt)
    if nd is None:
        raise ValueError(f"{function}(dtype): the {dev} device does not support {dt.name}")
    return nd


def _default_float(dev: Device) -> DType:
    return _dtypes.float64 if _dtypes.float64 in dev.to_native else _dtypes.float32


def _default_int(dev: Device) -> DType:
    return _dtypes.int64 if _dtypes.int64 in dev.to_native else _dtypes.int32


def _default_complex(dev: Device) -> DType:
    return _dtypes.complex128 if _dtypes.complex128 in dev.to_native else _dtypes.complex64


# ------------------------------------------------------------------ asarray
def asarray(obj: Any, /, *, dtype: DType | None = None, device: Any = None,
            copy: bool | None = None, requires_grad: bool = False) -> Array:
    """Convert ``obj`` (an array, a nested sequence, a scalar, a buffer) to a gradarray array.

    A gradarray array comes back as itself when nothing needs to change, never detached:
    ``copy=True`` gives a differentiable copy, a new ``dtype`` a differentiable cast, another
    ``device`` a differentiable transfer.  Sequences that contain gradarray arrays are stacked
    (differentiably).
    """
    dt = _dtype_arg(dtype, "asarray")
    if copy is not None and type(copy) is not bool:
        raise TypeError(f"asarray(copy): expected True, False or None, got {copy!r}")
    if type(obj) is Array:
        return _finish(_asarray_array(obj, dt, device, copy), requires_grad, "asarray")
    dev = as_device(device, "asarray")
    if isinstance(obj, list | tuple) and _contains_array(obj):
        if copy is False:
            raise ValueError("asarray(copy=False): a sequence of arrays cannot be converted "
                             "without copying")
        # the arrays' device, unless device= names one (then they move there, differentiably)
        target = dev if device is not None else _first_array(obj)._device
        try:
            out = _stack_nested(obj, dt, target, device is not None)
        except (TypeError, ValueError, IndexError, OverflowError) as exc:
            raise renamed(exc, "asarray(obj): the items of obj do not form one array") from exc
        return _finish(out, requires_grad, "asarray")
    if type(obj) is bool or type(obj) is int or type(obj) is float or type(obj) is complex:
        if dt is None:
            dt = (_dtypes.bool if type(obj) is bool else _default_int(dev) if type(obj) is int
                  else _default_float(dev) if type(obj) is float else _default_complex(dev))
        if dt.kind in "iu" and type(obj) is int:
            info = _dtypes.IINFO[dt]
            if not info.min <= obj <= info.max:
                raise OverflowError(f"asarray(obj): Python int {obj} is out of bounds for "
                                    f"{dt.name}")
    elif isinstance(obj, list | tuple):
        inferred = _infer_sequence_dtype(obj, dev)    # also refuses str, None... inside
        if dt is None:
            dt = inferred
    if copy is False and isinstance(obj, list | tuple | bool | int | float | complex):
        raise ValueError("asarray(copy=False): a Python object cannot be converted without "
                         "copying; use copy=None")
    elif obj is None or isinstance(obj, str | bytes | dict | set):
        raise TypeError(f"asarray(obj): expected an array, a nested sequence of Python scalars, "
                        f"a Python scalar or a buffer, got {type(obj).__name__}")
    nd = _native_dtype(dev, dt, "asarray")
    try:
        native = dev.ns.asarray(obj, dtype=nd, device=dev.native, copy=copy)
    except OverflowError:
        raise OverflowError(f"asarray(obj): a Python int in obj is out of bounds for "
                            f"{(dt or _default_int(dev)).name}") from None
    except (ValueError, TypeError) as exc:
        arg = "copy=False" if copy is False and isinstance(exc, ValueError) else "obj"
        raise backend_error("asarray", arg, exc) from exc
    except BufferError as exc:   # a buffer the backend cannot import (a float16 one)
        if copy is False:
            raise ValueError(f"asarray(copy=False): {without_head(exc)}") from exc
        raise TypeError(f"asarray(obj): {without_head(exc)}") from exc
    got = dev.from_native.get(native.dtype)
    if got is None:
        raise TypeError(f"asarray(obj): the elements of obj give the {dev.backend_name} dtype "
                        f"{native.dtype}, which is not a dtype of the standard (expected bool, "
                        f"integers, floats or complex numbers)")
    return _finish(_new(native, got, dev), requires_grad, "asarray")


def _contains_array(obj: Sequence[Any]) -> bool:
    for o in obj:
        if type(o) is Array:
            return True
        if isinstance(o, list | tuple) and _contains_array(o):
            return True
    return False


def _first_array(obj: Sequence[Any]) -> Array:
    for o in obj:
        if type(o) is Array:
            return o
        if isinstance(o, list | tuple) and _contains_array(o):
            return _first_array(o)
    raise AssertionError("no array in obj")   # only called when _contains_array(obj)


def _stack_nested(obj: Sequence[Any], dt: DType | None, dev: Device, move: bool) -> Array:
    items = [(_stack_nested(o, dt, dev, move) if isinstance(o, list | tuple) else
              (to_device(o, dev) if move else o) if type(o) is Array else
              asarray(o, device=dev)) for o in obj]
    if not items:
        raise ValueError("an empty sequence among arrays")
    out = stack(items)
    if dt is not None and out._dtype is not dt:
        out = astype(out, dt)
    return out


_SCALAR_TYPES = frozenset((bool, int, float, complex))
_SEQUENCE_TYPES = frozenset((list, tuple))


def _element_types(obj: Sequence[Any]) -> set[type]:
    """The types of the elements of a nested list or tuple, read a nesting level at a time
    (``set(map(type, ...))``), so that it costs little next to the backend's conversion."""
    level: Any = obj
    types = set(map(type, level))
    while not types <= _SCALAR_TYPES:
        if not types <= _SEQUENCE_TYPES:
            # rows beside scalars, other types, subclasses of list or tuple: row by row
            out = {t for t in types if not issubclass(t, list | tuple)}
            for o in level:
                if isinstance(o, list | tuple):
                    out |= _element_types(o)
            return out
        level = list(chain.from_iterable(level))     # the next level of a regular nesting
        types = set(map(type, level))
    return types


def _infer_sequence_dtype(obj: Sequence[Any], dev: Device) -> DType | None:
    """The standard's dtype for nested Python scalars (None: let the backend decide)."""
    kinds = _element_types(obj)
    if not kinds <= _SCALAR_TYPES:
        for t in kinds - _SCALAR_TYPES:
            if t is type(None) or issubclass(t, str | bytes | dict | set) or not (
                    hasattr(t, "__float__") or hasattr(t, "__index__") or
                    hasattr(t, "__array__") or hasattr(t, "__buffer__")):
                # the standard's sequences hold Python scalars; a backend would turn 'a'
                # into True for dtype=bool, None into nan, or make an object array
                raise TypeError(f"asarray(obj): expected a nested sequence of Python "
                                f"scalars, found {t.__name__}")
        return None    # NumPy scalars, buffers...: the backend infers
    if not kinds:
        return _default_float(dev)
    if complex in kinds:
        return _default_complex(dev)
    if float in kinds:
        return _default_float(dev)
    if int in kinds:
        return _default_int(dev)
    return _dtypes.bool


def _asarray_array(x: Array, dt: DType | None, device: Any, copy: bool | None,
                   function: str = "asarray") -> Array:
    out = x
    if device is not None:
        dev = as_device(device, function)
        if dev is not x._device:
            if copy is False:
                raise ValueError(f"{function}(copy=False): moving from {x._device} to {dev} "
                                 f"needs a copy")
            out = to_device(out, dev)
            copy = None if copy else copy
    if dt is not None and dt is not out._dtype:
        if copy is False:
            raise ValueError(f"{function}(copy=False): casting {out._dtype.name} to {dt.name} "
                             f"needs a copy")
        try:
            return astype(out, dt)
        except (TypeError, ValueError) as exc:    # complex to real, a dtype the device lacks
            raise renamed(exc, f"{function}(dtype)") from exc
    if copy and out is x:
        return _copy(x)
    return out


def _copy(x: Array) -> Array:
    dev = x._device
    out = _new(dev.ns.asarray(x._native, copy=True), x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("asarray", out, {"obj": x})
    return out


defvjp("asarray", obj=lambda g: g)


# ---------------------------------------------------------------- to_device
def to_device(x: Array, device: Any, /, *, stream: Any = None) -> Array:
    """``x`` on ``device``; differentiable (the gradient flows back to ``x``'s device)."""
    x = check_array(x, "to_device")
    dev = as_device(device, "to_device")
    if dev is x._device:
        return x
    src = x._device
    if dev.backend is src.backend:
        native = x._native.to_device(dev.native, stream=stream) if stream is not None else \
            x._native.to_device(dev.native)
    else:
        native = _transfer(x._native, src, dev)
    out = _new(native, x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("to_device", out, {"x": x, "source": src})
    return out


def _transfer(native: Any, src: Device, dst: Device) -> Any:
    """Move a native array between backends: DLPack where both speak it, else via the host."""
    kernel = dst.backend.kernels.get("from_foreign")
    if kernel is not None:
        return kernel(native, dst.native)
    try:
        return dst.ns.from_dlpack(native, device=dst.native)
    except Exception:
        pass
    try:
        return dst.ns.from_dlpack(native)
    except Exception:
        pass
    host = src.backend.kernels.get("to_host")
    if host is not None:
        return dst.ns.asarray(host(native), device=dst.native)
    dt = src.from_native[native.dtype]
    return dst.ns.asarray(_native_tolist(native), dtype=dst.to_native[dt], device=dst.native)


def _native_tolist(native: Any) -> Any:
    tolist = getattr(native, "tolist", None)
    if tolist is not None:
        return tolist()
    from .._format import native_to_list
    return native_to_list(native)


defvjp("to_device", x=lambda g, source: to_device(g, source))


# --------------------------------------------------------------- from_dlpack
def from_dlpack(x: Any, /, *, device: Any = None, copy: bool | None = None,
                requires_grad: bool = False) -> Array:
    """Import an array from any DLPack producer (NumPy, CuPy, PyTorch, another gradarray array)."""
    if copy is not None and type(copy) is not bool:
        raise TypeError(f"from_dlpack(copy): expected True, False or None, got {copy!r}")
    if type(x) is Array:
        return _finish(_asarray_array(x, None, device, copy, "from_dlpack"), requires_grad,
                       "from_dlpack")
    if not hasattr(x, "__dlpack__") or not hasattr(x, "__dlpack_device__"):
        raise TypeError(f"from_dlpack(x): expected an object implementing __dlpack__ and "
                        f"__dlpack_device__, got {type(x).__name__}")
    if device is None:
        dev = _device_for_dlpack(x)
    else:
        dev = as_device(device, "from_dlpack")
    kwargs: dict[str, Any] = {}
    if copy is not None:
        kwargs["copy"] = copy
    if device is not None:
        kwargs["device"] = dev.native
    try:
        native = dev.ns.from_dlpack(x, **kwargs)
    except TypeError:
        if not kwargs:
            raise
        # a namespace older than 2023.12 takes no keywords: honour them here
        native = dev.ns.from_dlpack(x)
        if copy:
            native = dev.ns.asarray(native, copy=True)
    got = dev.from_native.get(native.dtype)
    if got is None:
        raise TypeError(f"from_dlpack(x): the {dev.backend_name} dtype {native.dtype} of x is not "
                        f"a dtype of the standard; convert it (e.g. to float32) before importing")
    return _finish(_new(native, got, dev), requires_grad, "from_dlpack")


def _device_for_dlpack(x: Any) -> Device:
    from .._device import default_device
    from .._interop import dlpack_device
    kind, index = x.__dlpack_device__()
    dflt = default_device()
    probe = Array._new(dflt.ns.empty((0,), device=dflt.native), _dtypes.float64, dflt)
    try:
        dk, _ = dlpack_device(probe)
    except Exception:
        dk = None
    if int(kind) == int(dk or -1):
        return dflt
    if int(kind) == 1:
        return as_device("cpu", "from_dlpack")
    if int(kind) in (2, 13):
        return as_device(f"cuda:{index}", "from_dlpack")
    raise BufferError(f"from_dlpack(x): no gradarray backend here handles DLPack device type "
                      f"{int(kind)}; pass device=")


# ------------------------------------------------------------- constructors
def arange(start: int | float, /, stop: int | float | None = None, step: int | float = 1, *,
           dtype: DType | None = None, device: Any = None, requires_grad: bool = False) -> Array:
    """Evenly spaced values in ``[start, stop)`` with spacing ``step``."""
    dt = _dtype_arg(dtype, "arange")
    if dt is _dtypes.bool:    # no numbers to count with (NumPy fails beyond 2, as PyTorch)
        raise TypeError("arange(dtype): expected a numeric dtype, got bool")
    for name, v in (("start", start), ("stop", stop), ("step", step)):
        if (v is not None or name != "stop") and type(v) not in (int, float):
            raise TypeError(f"arange({name}): expected an int or a float, got {v!r}")
    if step == 0:
        raise ValueError("arange(step): step must not be zero")
    dev = as_device(device, "arange")
    if dt is None:
        dt = (_default_float(dev) if any(type(v) is float for v in (start, stop, step))
              else _default_int(dev))
    nd = _native_dtype(dev, dt, "arange")
    try:
        native = dev.ns.arange(start, stop, step, dtype=nd, device=dev.native)
    except (ValueError, OverflowError, TypeError) as exc:
        raise backend_error("arange", "start, stop, step", exc) from exc
    return _finish(_new(native, dt, dev), requires_grad, "arange")


def _filled(name: str, shape: Any, dtype: Any, device: Any, requires_grad: bool) -> Array:
    dims = _shape_arg(shape, name)
    dt = _dtype_arg(dtype, name)
    dev = as_device(device, name)
    if dt is None:
        dt = _default_float(dev)
    nd = _native_dtype(dev, dt, name)
    try:
        native = getattr(dev.ns, name)(dims, dtype=nd, device=dev.native)
    except (ValueError, OverflowError) as exc:   # too large for this backend
        raise backend_error(name, "shape", exc) from exc
    return _finish(_new(native, dt, dev), requires_grad, name)


def empty(shape: int | tuple[int, ...], *, dtype: DType | None = None, device: Any = None,
          requires_grad: bool = False) -> Array:
    """An uninitialised array of the given shape."""
    return _filled("empty", shape, dtype, device, requires_grad)


def zeros(shape: int | tuple[int, ...], *, dtype: DType | None = None, device: Any = None,
          requires_grad: bool = False) -> Array:
    """An array of zeros."""
    return _filled("zeros", shape, dtype, device, requires_grad)


def ones(shape: int | tuple[int, ...], *, dtype: DType | None = None, device: Any = None,
         requires_grad: bool = False) -> Array:
    """An array of ones."""
    return _filled("ones", shape, dtype, device, requires_grad)


def _like(name: str, x: Any, dtype: Any, device: Any, requires_grad: bool,
          fill: Any = None) -> Array:
    x = check_array(x, name)
    dt = _dtype_arg(dtype, name) or x._dtype
    dev = x._device if device is None else as_device(device, name)
    nd = _native_dtype(dev, dt, name)
    shape = x.shape
    if fill is None:
        native = getattr(dev.ns, name[:-5])(shape, dtype=nd, device=dev.native)
    else:
        native = dev.ns.full(shape, fill, dtype=nd, device=dev.native)
    return _finish(_new(native, dt, dev), requires_grad, name)


def empty_like(x: Array, /, *, dtype: DType | None = None, device: Any = None,
               requires_grad: bool = False) -> Array:
    """An uninitialised array with the shape (and by default dtype and device) of ``x``."""
    return _like("empty_like", x, dtype, device, requires_grad)


def zeros_like(x: Array, /, *, dtype: DType | None = None, device: Any = None,
               requires_grad: bool = False) -> Array:
    """Zeros with the shape (and by default dtype and device) of ``x``."""
    return _like("zeros_like", x, dtype, device, requires_grad)


def ones_like(x: Array, /, *, dtype: DType | None = None, device: Any = None,
              requires_grad: bool = False) -> Array:
    """Ones with the shape (and by default dtype and device) of ``x``."""
    return _like("ones_like", x, dtype, device, requires_grad)


def _fill_dtype(fill_value: Any, dt: DType | None, dev: Device, function: str) -> DType:
    t = type(fill_value)
    if t not in (bool, int, float, complex):
        raise TypeError(f"{function}(fill_value): expected a Python bool, int, float or complex, "
                        f"got {numpy_object_hint(fill_value) or t.__name__}")
    if dt is None:
        dt = (_dtypes.bool if t is bool else _default_int(dev) if t is int
              else _default_float(dev) if t is float else _default_complex(dev))
    if (t is bool) != (dt.kind == "b"):
        raise TypeError(f"{function}(fill_value): a Python {t.__name__} cannot fill an array of "
                        f"dtype {dt.name} (bool goes with bool arrays only)")
    if t is complex and dt.kind != "c":
        raise TypeError(f"{function}(fill_value): a complex fill value needs a complex dtype, "
                        f"got {dt.name}")
    if t is float and dt.kind in "iub":
        raise TypeError(f"{function}(fill_value): a float fill value needs a floating-point "
                        f"dtype, got {dt.name}")
    if t is int and dt.kind in "iu":
        info = _dtypes.IINFO[dt]
        if not info.min <= fill_value <= info.max:
            raise OverflowError(f"{function}(fill_value): {fill_value} is out of bounds for "
                                f"{dt.name}")
    return dt


def full(shape: int | tuple[int, ...], fill_value: bool | int | float | complex, *,
         dtype: DType | None = None, device: Any = None, requires_grad: bool = False) -> Array:
    """An array filled with ``fill_value``."""
    dims = _shape_arg(shape, "full")
    dev = as_device(device, "full")
    dt = _fill_dtype(fill_value, _dtype_arg(dtype, "full"), dev, "full")
    nd = _native_dtype(dev, dt, "full")
    try:
        native = dev.ns.full(dims, fill_value, dtype=nd, device=dev.native)
    except (ValueError, OverflowError) as exc:
        raise backend_error("full", "shape", exc) from exc
    return _finish(_new(native, dt, dev), requires_grad, "full")


def full_like(x: Array, /, fill_value: bool | int | float | complex, *,
              dtype: DType | None = None, device: Any = None,
              requires_grad: bool = False) -> Array:
    """An array like ``x`` filled with ``fill_value``."""
    x = check_array(x, "full_like")
    dev = x._device if device is None else as_device(device, "full_like")
    dt = _fill_dtype(fill_value, _dtype_arg(dtype, "full_like") or x._dtype, dev, "full_like")
    return _like("full_like", x, dt, dev, requires_grad, fill=fill_value)


def eye(n_rows: int, n_cols: int | None = None, /, *, k: int = 0, dtype: DType | None = None,
        device: Any = None, requires_grad: bool = False) -> Array:
    """A 2-D array with ones on the ``k``-th diagonal and zeros elsewhere."""
    n_rows = check_int(n_rows, "eye", "n_rows")
    if n_cols is not None:
        n_cols = check_int(n_cols, "eye", "n_cols")
    k = check_int(k, "eye", "k")
    if n_rows < 0 or (n_cols is not None and n_cols < 0):
        raise ValueError(f"eye(n_rows, n_cols): expected non-negative sizes, got {n_rows}, "
                         f"{n_cols}")
    dt = _dtype_arg(dtype, "eye")
    dev = as_device(device, "eye")
    if dt is None:
        dt = _default_float(dev)
    nd = _native_dtype(dev, dt, "eye")
    k = clamp_offset(k, n_rows, n_rows if n_cols is None else n_cols)
    try:
        native = dev.ns.eye(n_rows, n_cols, k=k, dtype=nd, device=dev.native)
    except (ValueError, OverflowError) as exc:
        raise backend_error("eye", "n_rows, n_cols", exc) from exc
    return _finish(_new(native, dt, dev), requires_grad, "eye")


def linspace(start: int | float | complex, stop: int | float | complex, /, num: int, *,
             dtype: DType | None = None, device: Any = None, endpoint: bool = True,
             requires_grad: bool = False) -> Array:
    """``num`` evenly spaced values from ``start`` to ``stop``."""
    for name, v in (("start", start), ("stop", stop)):
        if type(v) not in (int, float, complex):
            raise TypeError(f"linspace({name}): expected a Python int, float or complex, got "
                            f"{v!r}")
    num = check_int(num, "linspace", "num")
    if num < 0:
        raise ValueError(f"linspace(num): expected a non-negative number of samples, got {num}")
    if type(endpoint) is not bool:
        raise TypeError(f"linspace(endpoint): expected a bool, got {endpoint!r}")
    dt = _dtype_arg(dtype, "linspace")
    dev = as_device(device, "linspace")
    if dt is None:
        dt = (_default_complex(dev) if complex in (type(start), type(stop))
              else _default_float(dev))
    elif dt.kind not in "fc":
        raise TypeError(f"linspace(dtype): expected a floating-point dtype, got {dt.name}")
    elif dt.kind == "f" and complex in (type(start), type(stop)):
        raise TypeError(f"linspace(start, stop): complex bounds need a complex dtype, got "
                        f"{dt.name}")
    try:
        # the bounds as the floats they become, so no backend meets an int beyond its own
        start, stop = (v if type(v) is not int else float(v) for v in (start, stop))
    except OverflowError:
        raise OverflowError(f"linspace(start, stop): {start}, {stop} is too large for "
                            f"{dt.name}") from None
    try:
        native = dev.ns.linspace(start, stop, num, dtype=_native_dtype(dev, dt, "linspace"),
                                 device=dev.native, endpoint=endpoint)
    except (ValueError, OverflowError) as exc:    # too many samples for this backend
        raise backend_error("linspace", "num", exc) from exc
    return _finish(_new(native, dt, dev), requires_grad, "linspace")


def meshgrid(*arrays: Array, indexing: Literal["xy", "ij"] = "xy") -> tuple[Array, ...]:
    """Coordinate matrices from 1-D coordinate vectors (differentiable)."""
    check_choice(indexing, ("xy", "ij"), "meshgrid", "indexing")
    arrays = tuple(check_array(a, "meshgrid", f"arrays[{i}]") for i, a in enumerate(arrays))
    if not arrays:
        return ()
    for i, a in enumerate(arrays):
        if a.ndim != 1:
            raise ValueError(f"meshgrid(arrays[{i}]): expected 1-D arrays, got {a.ndim}-D")
        if a._dtype is not arrays[0]._dtype:
            raise TypeError(f"meshgrid(arrays): expected arrays of one dtype, got "
                            f"{arrays[0]._dtype.name} and {a._dtype.name}")
        if a._device is not arrays[0]._device:
            from .._call import device_mismatch
            raise device_mismatch("meshgrid", arrays[0]._device, a._device, "arrays")
    n = len(arrays)
    sizes = [a.shape[0] for a in arrays]
    if indexing == "xy" and n > 1:
        sizes[0], sizes[1] = sizes[1], sizes[0]
    out = []
    for i, a in enumerate(arrays):
        pos = i
        if indexing == "xy" and n > 1 and i < 2:
            pos = 1 - i
        shape = [1] * n
        shape[pos] = a.shape[0]
        out.append(broadcast_to(reshape(a, tuple(shape)), tuple(sizes)))
    return tuple(out)


def _tri(name: str, x: Array, k: int) -> Array:
    x = check_array(x, name)
    k = check_int(k, name, "k")
    if x.ndim < 2:
        raise ValueError(f"{name}(x): expected an array with at least 2 dimensions, got "
                         f"{x.ndim}-D")
    dev = x._device
    out = _new(getattr(dev.ns, name)(x._native, k=clamp_offset(k, x.shape[-2], x.shape[-1])),
               x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record(name, out, {"x": x, "k": k})
    return out


def tril(x: Array, /, *, k: int = 0) -> Array:
    """The lower triangle of (each matrix in) ``x``, zeros above the ``k``-th diagonal."""
    return _tri("tril", x, k)


def triu(x: Array, /, *, k: int = 0) -> Array:
    """The upper triangle of (each matrix in) ``x``, zeros below the ``k``-th diagonal."""
    return _tri("triu", x, k)


defvjp("tril", x=lambda g, k: tril(g, k=k))
defvjp("triu", x=lambda g, k: triu(g, k=k))


# sibling modules' functions used at call time (imported last: the modules import each other)
from .data_types import astype  # noqa: E402
from .manipulation import broadcast_to, reshape, stack  # noqa: E402
