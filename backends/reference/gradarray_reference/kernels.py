"""Fast paths the frontend uses when a backend offers them (the protocol's ``kernels``)."""

from __future__ import annotations

import random as _random
from array import array as _buffer
from math import prod
from operator import add
from typing import Any

from . import _dtypes as D
from ._array import Array, new
from ._layout import from_values

__all__ = ["KERNELS", "index_add", "RNG"]


def index_add(out: Array, axis: int, index: Array, values: Array) -> Array:
    """Add ``values`` into ``out`` at ``index`` along ``axis`` (repeated indices add up);
    ``out`` is updated in place and returned."""
    shape = out._shape
    n = shape[axis]
    idx = [i + n if i < 0 else i for i in index._vals()]
    m = len(idx)
    outer = prod(shape[:axis])
    inner = prod(shape[axis + 1:])
    acc = out._vals()
    vals = values._vals()
    if out._dtype is not values._dtype and out._dtype.kind == "c":
        vals = [complex(v) for v in vals]
    for o in range(outer):
        for j, i in enumerate(idx):
            a = (o * n + i) * inner
            b = (o * m + j) * inner
            acc[a:a + inner] = map(add, acc[a:a + inner], vals[b:b + inner])
    out._write(from_values(acc, out._dtype))
    return out


class RNG:
    """gradarray.random's generator on the reference backend: Python's Mersenne Twister,
    filling typed buffers directly."""

    def __init__(self, seed: int, device: Any = None) -> None:
        self._r = _random.Random(seed)

    def random(self, shape: tuple[int, ...], dtype: D.DType) -> Array:
        n = prod(shape)
        if dtype is D.float32:      # 24 random bits: exactly representable, never 1.0
            bits = self._r.getrandbits
            vals = [bits(24) * 5.9604644775390625e-08 for _ in range(n)]
        else:
            r = self._r.random
            vals = [r() for _ in range(n)]
        return new(_buffer(dtype.tc, vals), shape, dtype)

    def normal(self, shape: tuple[int, ...], dtype: D.DType) -> Array:
        g = self._r.gauss
        return new(_buffer(dtype.tc, [g(0.0, 1.0) for _ in range(prod(shape))]), shape, dtype)

    def integers(self, low: int, high: int, shape: tuple[int, ...], dtype: D.DType) -> Array:
        r = self._r.randrange
        return new(from_values([r(low, high) for _ in range(prod(shape))], dtype), shape, dtype)

    def permutation(self, n: int, dtype: D.DType) -> Array:
        p = list(range(n))
        self._r.shuffle(p)
        return new(from_values(p, dtype), (n,), dtype)


def shares_memory(a: Array, b: Array) -> bool:
    """Whether two arrays are views of one buffer (where in it is not looked at)."""
    return a._buf is b._buf


KERNELS = {"index_add": index_add, "rng": RNG, "shares_memory": shares_memory}
