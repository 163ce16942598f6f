"""Shared helpers for the nn, optim and data tests (no test collected here)."""

from __future__ import annotations

import math
import random
from typing import Any

import gradarray as xp


def flat(v: Any) -> list[Any]:
    if isinstance(v, xp.Array):
        v = v.detach().tolist()
    if not isinstance(v, list):
        return [v]
    out: list[Any] = []
    for e in v:
        out.extend(flat(e))
    return out


def assert_close(actual: Any, expected: Any, tol: float = 1e-6) -> None:
    """Element-wise |a - e| <= tol * (1 + |e|), with NaN equal to NaN."""
    a, e = flat(actual), flat(expected)
    if isinstance(actual, xp.Array) and isinstance(expected, xp.Array):
        assert actual.shape == expected.shape, (actual.shape, expected.shape)
    assert len(a) == len(e), (len(a), len(e))
    for i, (x, y) in enumerate(zip(a, e)):
        if isinstance(y, float) and math.isnan(y):
            assert math.isnan(x), (i, x, y)
            continue
        assert abs(x - y) <= tol * (1 + abs(y)), f"element {i}: {x} != {y} (tol {tol})"


def rand(*shape: int, seed: int = 0, low: float = -1.0, high: float = 1.0,
         dtype: Any = None, requires_grad: bool = False) -> xp.Array:
    """Reproducible uniform values from Python's generator (the same on every backend)."""
    rng = random.Random(seed)
    n = math.prod(shape)
    vals = [rng.uniform(low, high) for _ in range(n)]
    a = xp.reshape(xp.asarray(vals, dtype=dtype or xp.float64), shape)
    if requires_grad:
        a.requires_grad_()
    return a


def distinct(*shape: int, seed: int = 0, requires_grad: bool = False) -> xp.Array:
    """A random permutation of well-separated values (no ties, for max pooling)."""
    rng = random.Random(seed)
    n = math.prod(shape)
    vals = [0.1 * v for v in range(n)]
    rng.shuffle(vals)
    a = xp.reshape(xp.asarray(vals, dtype=xp.float64), shape)
    if requires_grad:
        a.requires_grad_()
    return a
