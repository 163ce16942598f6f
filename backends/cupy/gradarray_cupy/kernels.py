"""CuPy fast paths for the frontend: scatter-add, the random generator, host transfers."""

from __future__ import annotations

from typing import Any

import cupy as cp
import cupyx

__all__ = ["KERNELS"]


def index_add(out: Any, axis: int, index: Any, values: Any) -> Any:
    """Add ``values`` into ``out`` at ``index`` along ``axis`` (atomic adds on the GPU)."""
    cupyx.scatter_add(out, (slice(None),) * axis + (index,), values)
    return out


def to_host(native: Any) -> Any:
    """A NumPy copy of a device array."""
    return cp.asnumpy(native)


def from_foreign(native: Any, device: Any) -> Any:
    """A device array from another backend's array (DLPack where it can, else via the host)."""
    with device:
        try:
            return cp.from_dlpack(native)
        except Exception:
            import numpy as np
            return cp.asarray(np.asarray(native))


class RNG:
    """gradarray.random's generator on a GPU: CuPy's Philox-based generator."""

    def __init__(self, seed: int, device: Any = None) -> None:
        self._device = device
        with device if device is not None else cp.cuda.Device():
            self._g = cp.random.default_rng(seed)

    def random(self, shape: tuple[int, ...], dtype: Any) -> Any:
        with self._device:
            return self._g.random(shape, dtype=dtype)

    def normal(self, shape: tuple[int, ...], dtype: Any) -> Any:
        with self._device:
            return self._g.standard_normal(shape, dtype=dtype)

    def integers(self, low: int, high: int, shape: tuple[int, ...], dtype: Any) -> Any:
        with self._device:
            return self._g.integers(low, high, shape, dtype=dtype)

    def permutation(self, n: int, dtype: Any) -> Any:
        with self._device:
            return self._g.permutation(n).astype(dtype, copy=False)


def shares_memory(a: Any, b: Any) -> bool:
    """Whether two arrays may share memory (their extents overlap)."""
    return bool(cp.may_share_memory(a, b))


KERNELS = {"index_add": index_add, "to_host": to_host, "from_foreign": from_foreign, "rng": RNG,
           "shares_memory": shares_memory}
