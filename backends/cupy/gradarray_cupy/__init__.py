"""The CuPy backend of gradarray: arrays on NVIDIA GPUs (devices ``cuda:0``, ``cuda:1``...).

``array_api_compat.cupy`` plus fixes (``namespace.py``) and fast kernels (``kernels.py``).
Install with the CuPy wheel matching the CUDA driver, e.g. ``pip install "gradarray[cupy]"``
(``cupy-cuda12x``; use ``cupy-cuda11x`` for CUDA 11).  Where CuPy or a GPU is missing the
backend reports why, and everything else keeps working.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from importlib.util import find_spec
from types import ModuleType
from typing import Any

__all__ = ["CupyBackend", "backend"]


class CupyBackend:
    """CuPy arrays on CUDA devices."""

    name = "cupy"
    device_type = "cuda"
    indexed_devices = True          # devices are named cuda:0, cuda:1, ... like PyTorch's

    def __init__(self) -> None:
        self._reason: str | None = None
        self._checked = False

    def unavailable_reason(self) -> str | None:
        if self._checked:
            return self._reason
        self._checked = True
        if find_spec("cupy") is None:
            self._reason = ("CuPy is not installed (pip install 'gradarray[cupy]', or the "
                            "cupy-cuda1Nx wheel matching your CUDA driver)")
            return self._reason
        try:
            import cupy
            n = cupy.cuda.runtime.getDeviceCount()
        except Exception as exc:  # ImportError, CUDARuntimeError, driver errors: all reported
            self._reason = f"CuPy cannot reach a CUDA device ({type(exc).__name__}: {exc})"
            return self._reason
        if n == 0:
            self._reason = "CuPy found no CUDA device on this machine"
        elif find_spec("array_api_compat") is None:
            self._reason = "array-api-compat is not installed (pip install array-api-compat)"
        return self._reason

    @cached_property
    def xp(self) -> ModuleType:
        from . import namespace
        return namespace

    @cached_property
    def kernels(self) -> dict[str, Callable[..., Any]]:
        from . import kernels
        return kernels.KERNELS

    def devices(self) -> tuple[Any, ...]:
        import cupy
        current = cupy.cuda.Device()
        others = [cupy.cuda.Device(i) for i in range(cupy.cuda.runtime.getDeviceCount())
                  if i != current.id]
        return (current, *others)

    def device_index(self, native: Any) -> int:
        return int(native.id)

    def __repr__(self) -> str:
        return "<gradarray backend 'cupy'>"


backend = CupyBackend()
