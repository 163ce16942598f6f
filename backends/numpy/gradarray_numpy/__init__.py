"""The NumPy backend of gradarray: ``array_api_compat.numpy`` plus fixes of NumPy's
remaining deviations from the standard (see ``namespace.py``).

Registered under the entry point ``gradarray.backends: numpy``; device ``cpu``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from importlib.util import find_spec
from types import ModuleType
from typing import Any

__all__ = ["NumpyBackend", "backend"]


class NumpyBackend:
    """NumPy arrays on the CPU."""

    name = "numpy"
    device_type = "cpu"
    # ndarray's in-place floor division misses the standard's special cases (namespace.py)
    inplace_unsafe = frozenset({"floor_divide"})

    def unavailable_reason(self) -> str | None:
        if find_spec("numpy") is None:
            return "NumPy is not installed (pip install numpy)"
        if find_spec("array_api_compat") is None:
            return "array-api-compat is not installed (pip install array-api-compat)"
        return None

    @cached_property
    def xp(self) -> ModuleType:
        from . import _malloc, namespace
        _malloc.tune()      # large temporaries stop costing page faults (see _malloc.py)
        return namespace

    @cached_property
    def kernels(self) -> dict[str, Callable[..., Any]]:
        from . import kernels
        return kernels.KERNELS

    def devices(self) -> tuple[str, ...]:
        return ("cpu",)

    def __repr__(self) -> str:
        return "<gradarray backend 'numpy'>"


backend = NumpyBackend()
