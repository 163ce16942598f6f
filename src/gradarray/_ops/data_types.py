"""Data type functions: astype, can_cast, finfo, iinfo, isdtype, result_type.

https://data-apis.org/array-api/2025.12/API_specification/data_type_functions.html
"""

from __future__ import annotations

from typing import Any

from .. import _dtypes
from .._array import Array
from .._call import check_array, scalar_dtype
from .._device import as_device
from .._dtypes import DType
from ..autograd.engine import record
from ..autograd.grad_mode import STATE
from ..autograd.rules import defvjp

__all__ = ["astype", "can_cast", "finfo", "iinfo", "isdtype", "result_type"]


def astype(x: Array, dtype: DType, /, *, copy: bool = True, device: Any = None) -> Array:
    """``x`` converted to ``dtype`` (and ``device``); differentiable between float dtypes.

    Casting complex to real is refused (the standard asks for an explicit real() or imag()).
    """
    x = check_array(x, "astype")
    dt = _dtypes.as_dtype(dtype, "astype")
    if type(copy) is not bool:
        raise TypeError(f"astype(copy): expected a bool, got {copy!r}")
    if x._dtype.kind == "c" and dt.kind != "c":
        raise TypeError(f"astype(x, dtype): casting complex {x._dtype.name} to real {dt.name} is "
                        f"not allowed; take gradarray.real(x) or gradarray.imag(x) first")
    if device is not None:
        dev = as_device(device, "astype")
        if dev is not x._device:
            x = to_device(x, dev)
            copy = False
    if dt is x._dtype and not copy:
        return x
    dev = x._device
    nd = dev.to_native.get(dt)
    if nd is None:
        raise ValueError(f"astype(dtype): the {dev} device does not support {dt.name}")
    out = Array._new(dev.ns.astype(x._native, nd, copy=copy), dt, dev)
    if x._ag is not None and STATE.enabled:
        record("astype", out, {"x": x})
    return out


defvjp("astype", x=lambda g: g)   # the engine casts g back to x's dtype


def _dtype_of(v: Any, function: str, argument: str) -> DType:
    if type(v) is DType:
        return v
    if type(v) is Array:
        return v._dtype
    raise TypeError(f"{function}({argument}): expected a gradarray dtype or array, got {v!r}")


def can_cast(from_: DType | Array, to: DType, /) -> bool:
    """Whether ``from_`` promotes to ``to`` under the standard's promotion rules."""
    f = _dtype_of(from_, "can_cast", "from_")
    t = _dtypes.as_dtype(to, "can_cast", "to")
    return f._promote.get(t) is t


def finfo(type: DType | Array, /) -> _dtypes.finfo_object:
    """The limits of a floating-point dtype (of the real component, for complex dtypes)."""
    dt = _dtype_of(type, "finfo", "type")
    info = _dtypes.FINFO.get(dt)
    if info is None:
        raise ValueError(f"finfo(type): expected a floating-point dtype, got {dt.name}")
    return info


def iinfo(type: DType | Array, /) -> _dtypes.iinfo_object:
    """The limits of an integer dtype."""
    dt = _dtype_of(type, "iinfo", "type")
    info = _dtypes.IINFO.get(dt)
    if info is None:
        raise ValueError(f"iinfo(type): expected an integer dtype, got {dt.name}")
    return info


def isdtype(dtype: DType, kind: DType | str | tuple[DType | str, ...]) -> bool:
    """Whether ``dtype`` is ``kind``, or of the kind it names (``'real floating'``...)."""
    dt = _dtypes.as_dtype(dtype, "isdtype")
    kinds = kind if isinstance(kind, tuple) else (kind,)
    found = False      # every kind is checked, so a bad one is an error wherever it stands
    for k in kinds:
        if type(k) is DType:
            found = found or k is dt
        elif isinstance(k, str):
            cat = _dtypes.KINDS.get(k)
            if cat is None:
                raise ValueError(f"isdtype(kind): unknown kind {k!r}; expected one of "
                                 f"{', '.join(map(repr, _dtypes.KINDS))} or a dtype")
            found = found or dt in cat
        else:
            raise TypeError(f"isdtype(kind): expected a dtype, a kind name or a tuple of them, "
                            f"got {k!r}")
    return found


def result_type(*arrays_and_dtypes: Array | DType | bool | int | float | complex) -> DType:
    """The dtype the standard's promotion rules give for these arrays, dtypes and scalars."""
    dt: DType | None = None
    scalars = []
    for i, a in enumerate(arrays_and_dtypes):
        if type(a) in (bool, int, float, complex):
            scalars.append((i, a))
            continue
        d = _dtype_of(a, "result_type", f"arrays_and_dtypes[{i}]")
        if dt is None:
            dt = d
        else:
            r = dt._promote.get(d)
            if r is None:
                raise TypeError(f"result_type(arrays_and_dtypes): cannot promote {dt.name} with "
                                f"{d.name} (mixed kinds are not defined by the standard)")
            dt = r
    if dt is None:
        raise ValueError("result_type(arrays_and_dtypes): expected at least one array or dtype")
    for i, s in scalars:
        dt = scalar_dtype("result_type", f"arrays_and_dtypes[{i}]", dt, s)
    return dt


# sibling modules' functions used at call time (imported last: the modules import each other)
from .creation import to_device  # noqa: E402
