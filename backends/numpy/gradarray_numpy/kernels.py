"""Fast paths the frontend uses when a backend offers them (the protocol's ``kernels``)."""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["KERNELS"]


def index_add(out: np.ndarray, axis: int, index: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Add ``values`` into ``out`` at ``index`` along ``axis``; repeated indices add up."""
    if axis == 0 and out.ndim == 1:
        n = out.shape[0]
        idx = np.where(index < 0, index + n, index)
        if np.issubdtype(out.dtype, np.floating):
            return np.bincount(idx, weights=values, minlength=n).astype(out.dtype, copy=False)
    np.add.at(out, (slice(None),) * axis + (index,), values)
    return out


def to_host(native: Any) -> np.ndarray:
    return native


class RNG:
    """gradarray.random's generator on NumPy: PCG64 seeded from the frontend's seed."""

    def __init__(self, seed: int, device: Any = None) -> None:
        self._g = np.random.Generator(np.random.PCG64(seed))

    def random(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        return self._g.random(shape, dtype=dtype)

    def normal(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        return self._g.standard_normal(shape, dtype=dtype)

    def integers(self, low: int, high: int, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        return np.asarray(self._g.integers(low, high, shape, dtype=dtype))

    def permutation(self, n: int, dtype: Any) -> np.ndarray:
        return self._g.permutation(n).astype(dtype, copy=False)


KERNELS = {"index_add": index_add, "to_host": to_host, "rng": RNG}
