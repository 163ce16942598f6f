"""The inspection API.

https://data-apis.org/array-api/2025.12/API_specification/inspection.html
"""

from __future__ import annotations

from typing import Any

from . import _dtypes as D
from ._array import DEVICE, Device, check_device

__all__ = ["__array_namespace_info__", "Info"]


class Info:
    """What the reference backend supports: capabilities, devices, default dtypes."""

    __module__ = "gradarray_reference"

    def capabilities(self) -> dict[str, Any]:
        """Boolean indexing and data-dependent shapes are supported; any number of axes."""
        return {"boolean indexing": True, "data-dependent shapes": True,
                "max dimensions": None}

    def default_device(self) -> Device:
        """The only device, ``'reference'``."""
        return DEVICE

    def devices(self) -> tuple[Device, ...]:
        """The devices arrays can live on: just ``'reference'``."""
        return (DEVICE,)

    def default_dtypes(self, *, device: Any = None) -> dict[str, Any]:
        """float64, complex128 and int64 (also for indexing)."""
        check_device(device, "default_dtypes")
        return {"real floating": D.default_float, "complex floating": D.default_complex,
                "integral": D.default_int, "indexing": D.default_index}

    def dtypes(self, *, device: Any = None, kind: str | tuple[str, ...] | None = None
               ) -> dict[str, Any]:
        """The dtypes of ``kind`` (all 13 when None), by name."""
        check_device(device, "dtypes")
        return D.kinds_dict(kind)


_INFO = Info()


def __array_namespace_info__() -> Info:
    """The inspection namespace of the reference backend."""
    return _INFO
