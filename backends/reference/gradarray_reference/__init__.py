"""The pure-Python reference backend of gradarray: a complete Array API 2025.12
implementation with no dependencies (``namespace.py``).

Registered under the entry point ``gradarray.backends: reference``; device ``reference``.
Arrays store their elements in typed ``array.array`` buffers, so float32 results are
rounded to float32 and integers wrap around exactly as the dtype says.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from types import ModuleType
from typing import Any

__all__ = ["ReferenceBackend", "backend"]


class ReferenceBackend:
    """Arrays in pure Python, available wherever Python runs."""

    name = "reference"
    device_type = "reference"

    def unavailable_reason(self) -> str | None:
        return None

    @cached_property
    def xp(self) -> ModuleType:
        from . import namespace
        return namespace

    @cached_property
    def kernels(self) -> dict[str, Callable[..., Any]]:
        from . import kernels
        return kernels.KERNELS

    def devices(self) -> tuple[Any, ...]:
        from ._array import DEVICE
        return (DEVICE,)

    def __repr__(self) -> str:
        return "<gradarray backend 'reference'>"


backend = ReferenceBackend()
