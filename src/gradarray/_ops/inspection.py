"""The inspection API: ``__array_namespace_info__()``.

https://data-apis.org/array-api/2025.12/API_specification/inspection.html
"""

from __future__ import annotations

from typing import Any

from .. import _dtypes
from .._device import Device, as_device, default_device, runtime
from .._dtypes import DType

__all__ = ["__array_namespace_info__", "Info"]


class Info:
    """What ``__array_namespace_info__()`` returns: capabilities, devices and dtypes."""

    __slots__ = ()

    def capabilities(self) -> dict[str, Any]:
        """The library's capabilities (those of the default device's backend)."""
        dev = default_device()
        caps: dict[str, Any] = {"boolean indexing": True, "data-dependent shapes": True,
                                "max dimensions": None}
        try:
            native = dev.ns.__array_namespace_info__().capabilities()
            for k in caps:
                if k in native:
                    caps[k] = native[k]
        except AttributeError:
            pass
        return caps

    def default_device(self) -> Device:
        """The device arrays are created on when ``device=None``."""
        return default_device()

    def devices(self) -> tuple[Device, ...]:
        """The devices of the default backend."""
        return tuple(runtime(default_device().backend_name).devices)

    def default_dtypes(self, *, device: Any = None) -> dict[str, DType]:
        """The default floating, complex, integer and indexing dtypes on ``device``."""
        dev = as_device(device, "default_dtypes")
        f = _dtypes.float64 if _dtypes.float64 in dev.to_native else _dtypes.float32
        c = _dtypes.complex128 if _dtypes.complex128 in dev.to_native else _dtypes.complex64
        i = _dtypes.int64 if _dtypes.int64 in dev.to_native else _dtypes.int32
        return {"real floating": f, "complex floating": c, "integral": i, "indexing": i}

    def dtypes(self, *, device: Any = None,
               kind: str | tuple[str, ...] | None = None) -> dict[str, DType]:
        """The dtypes ``device`` supports, optionally only those of ``kind``."""
        dev = as_device(device, "dtypes")
        if kind is not None:
            kinds = kind if isinstance(kind, tuple) else (kind,)
            for k in kinds:
                if type(k) is not str and type(k) is not DType:
                    raise TypeError(f"dtypes(kind): expected a kind name, a dtype or a tuple of "
                                    f"them, got {k!r}")
                if type(k) is str and k not in _dtypes.KINDS:
                    raise ValueError(f"dtypes(kind): unknown kind {k!r}; expected one of "
                                     f"{', '.join(map(repr, _dtypes.KINDS))}")
        out = {}
        for d in _dtypes.ALL_DTYPES:
            if d in dev.to_native and (kind is None or isdtype(d, kind)):
                out[d.name] = d
        return out

    def __repr__(self) -> str:
        return "<gradarray namespace info>"


_INFO = Info()


def __array_namespace_info__() -> Info:
    """The inspection object of the gradarray namespace."""
    return _INFO


# sibling modules' functions used at call time (imported last: the modules import each other)
from .data_types import isdtype  # noqa: E402
