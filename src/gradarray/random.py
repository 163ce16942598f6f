"""Random numbers: ``manual_seed``, ``rand``, ``randn``, ``randint``, ``uniform``, ``normal``,
``permutation``, ``bernoulli`` and ``Generator``.

Shapes are given as a tuple or as separate ints (``rand(2, 3)`` and ``rand((2, 3))``).  A
backend draws with its own generator when it offers the ``"rng"`` kernel (NumPy's PCG64,
CuPy's on the GPU); otherwise numbers come from Python's generator on the host.  The same
seed gives the same numbers on the same backend.

>>> import gradarray as xp
>>> _ = xp.random.manual_seed(0)
>>> a = xp.random.rand(2, 3)
>>> _ = xp.random.manual_seed(0)
>>> bool(xp.all(a == xp.random.rand((2, 3))))
True
"""

from __future__ import annotations

import math
import operator
import random as _pyrandom
import sys
from typing import Any

from . import _dtypes
from ._array import Array
from ._device import Device, as_device
from ._dtypes import DType

__all__ = ["Generator", "manual_seed", "seed", "initial_seed", "default_generator", "rand",
           "randn", "randint", "uniform", "normal", "permutation", "bernoulli"]


class _HostRNG:
    """The generator of backends without an ``rng`` kernel: Python's Mersenne Twister."""

    def __init__(self, seed: int) -> None:
        self._r = _pyrandom.Random(seed)

    # the lists are allocated first, so that a size no memory holds fails at once
    def random(self, n: int) -> list[float]:
        out = [0.0] * n
        r = self._r.random
        for i in range(n):
            out[i] = r()
        return out

    def normal(self, n: int) -> list[float]:
        out = [0.0] * n
        gauss = self._r.gauss
        for i in range(n):
            out[i] = gauss(0.0, 1.0)
        return out

    def integers(self, low: int, high: int, n: int) -> list[int]:
        out = [0] * n
        r = self._r.randrange
        for i in range(n):
            out[i] = r(low, high)
        return out

    def permutation(self, n: int) -> list[int]:
        p = list(range(n))
        self._r.shuffle(p)
        return p


class Generator:
    """A source of random numbers with its own seed (PyTorch's ``torch.Generator``)."""

    def __init__(self, seed: int | None = None) -> None:
        self._seed = 0
        self._states: dict[str, Any] = {}
        self.manual_seed(seed if seed is not None else _pyrandom.SystemRandom().randrange(2**63))

    def manual_seed(self, seed: int) -> Generator:
        """Restart the sequence from ``seed``; returns self."""
        if type(seed) is bool:
            raise TypeError(f"manual_seed(seed): expected an int, got {seed!r}")
        try:
            s = operator.index(seed)
        except TypeError:
            raise TypeError(f"manual_seed(seed): expected an int, got {seed!r}") from None
        if not -2**63 <= s < 2**64:      # PyTorch's range: int64 or uint64 values
            raise ValueError(f"manual_seed(seed): expected a seed in [-2**63, 2**64), got {s}")
        self._seed = s % (2**64)
        self._states.clear()
        return self

    def initial_seed(self) -> int:
        """The seed this generator was last seeded with."""
        return self._seed

    def get_state(self) -> dict[str, Any]:
        """A copy of the state, for ``set_state``."""
        import copy
        return {"seed": self._seed, "states": copy.deepcopy(self._states)}

    def set_state(self, state: dict[str, Any]) -> None:
        """Restore a state that ``get_state`` returned."""
        import copy
        if type(state) is not dict or set(state) != {"seed", "states"} or \
                type(state["seed"]) is not int or not 0 <= state["seed"] < 2**64 or \
                type(state["states"]) is not dict:
            raise TypeError(f"set_state(state): expected what get_state() returns (a dict with "
                            f"an int 'seed' and a dict 'states'), got {state!r:.80}")
        self._seed = state["seed"]
        self._states = copy.deepcopy(state["states"])

    def _native(self, dev: Device) -> tuple[Any, bool]:
        key = dev.name
        st = self._states.get(key)
        kernel = dev.backend.kernels.get("rng")
        if st is None:
            st = kernel(self._seed, dev.native) if kernel is not None else _HostRNG(self._seed)
            self._states[key] = st
        return st, kernel is not None

    def __repr__(self) -> str:
        return f"<gradarray.random.Generator seed={self._seed}>"


default_generator = Generator(0)


def manual_seed(seed: int) -> Generator:
    """Seed the default generator (on every backend); returns it."""
    return default_generator.manual_seed(seed)


def seed() -> int:
    """Seed the default generator from the operating system's entropy; returns the seed."""
    s = _pyrandom.SystemRandom().randrange(2**63)
    default_generator.manual_seed(s)
    return s


def initial_seed() -> int:
    """The seed of the default generator."""
    return default_generator.initial_seed()


# ------------------------------------------------------------------ helpers
def _size(size: tuple[Any, ...], function: str) -> tuple[int, ...]:
    if len(size) == 1 and isinstance(size[0], tuple | list):
        size = tuple(size[0])
    out = []
    for d in size:
        if type(d) is bool:
            raise TypeError(f"{function}(size): expected ints, got {d!r}")
        try:
            n = operator.index(d)
        except TypeError:
            raise TypeError(f"{function}(size): expected ints or a tuple of ints, got "
                            f"{d!r}") from None
        if n < 0:
            raise ValueError(f"{function}(size): negative dimensions are not allowed, got {n}")
        out.append(n)
    return tuple(out)


def _float_dtype(dtype: Any, dev: Device, function: str) -> DType:
    if dtype is None:
        return _dtypes.float64 if _dtypes.float64 in dev.to_native else _dtypes.float32
    dt = _dtypes.as_dtype(dtype, function)
    if dt not in _dtypes.REAL_FLOATING:
        raise TypeError(f"{function}(dtype): expected a real floating-point dtype, got {dt.name}")
    return dt


def _finish(native: Any, dt: DType, dev: Device, requires_grad: bool, function: str) -> Array:
    out = Array._new(native, dt, dev)
    if requires_grad is not False:
        if type(requires_grad) is not bool:
            raise TypeError(f"{function}(requires_grad): expected a bool, got "
                            f"{type(requires_grad).__name__}")
        if dt.kind not in "fc":
            raise TypeError(f"{function}(requires_grad=True): only floating-point arrays can "
                            f"require gradients, got {dt.name}")
        out.requires_grad_()
    return out


def _count(shape: tuple[int, ...]) -> int:
    return math.prod(shape)


def _check_count(shape: tuple[int, ...], dt: DType, function: str) -> None:
    """A ValueError for a shape whose bytes exceed any address space (as NumPy's 'array is
    too big'), before any backend or host generator tries."""
    if _count(shape) * (dt.bits // 8) > sys.maxsize:
        raise ValueError(f"{function}(size): an array of shape {shape} and dtype {dt.name} is "
                         f"too large")


def _generator(generator: Any, function: str) -> Generator:
    if generator is None:
        return default_generator
    if not isinstance(generator, Generator):
        raise TypeError(f"{function}(generator): expected a gradarray.random.Generator or None, "
                        f"got {type(generator).__name__}")
    return generator


def _draw(kind: str, shape: tuple[int, ...], dt: DType, dev: Device,
          generator: Generator | None, function: str) -> Any:
    gen = _generator(generator, function)
    _check_count(shape, dt, function)
    rng, native = gen._native(dev)
    nd = dev.to_native[dt]
    if native:
        return getattr(rng, kind)(shape, nd)
    values = getattr(rng, kind)(_count(shape))
    return dev.ns.reshape(dev.ns.asarray(values, dtype=nd, device=dev.native), shape)


# ----------------------------------------------------------------- functions
def rand(*size: Any, dtype: DType | None = None, device: Any = None,
         requires_grad: bool = False, generator: Generator | None = None) -> Array:
    """Uniform samples from [0, 1)."""
    shape = _size(size, "rand")
    dev = as_device(device, "rand")
    dt = _float_dtype(dtype, dev, "rand")
    return _finish(_draw("random", shape, dt, dev, generator, "rand"), dt, dev, requires_grad,
                   "rand")


def randn(*size: Any, dtype: DType | None = None, device: Any = None,
          requires_grad: bool = False, generator: Generator | None = None) -> Array:
    """Samples from the standard normal distribution."""
    shape = _size(size, "randn")
    dev = as_device(device, "randn")
    dt = _float_dtype(dtype, dev, "randn")
    return _finish(_draw("normal", shape, dt, dev, generator, "randn"), dt, dev, requires_grad,
                   "randn")


def uniform(low: float = 0.0, high: float = 1.0, size: Any = (), *, dtype: DType | None = None,
            device: Any = None, requires_grad: bool = False,
            generator: Generator | None = None) -> Array:
    """Uniform samples from [low, high)."""
    for name, v in (("low", low), ("high", high)):
        if type(v) not in (int, float):
            raise TypeError(f"uniform({name}): expected a number, got {v!r}")
    if not high >= low:
        raise ValueError(f"uniform(low, high): expected low <= high, got {low} and {high}")
    shape = _size((size,) if not isinstance(size, tuple | list) else (tuple(size),), "uniform")
    dev = as_device(device, "uniform")
    dt = _float_dtype(dtype, dev, "uniform")
    top = dev.ns.finfo(dev.to_native[dt]).max
    if not (abs(low) <= top and abs(high) <= top and high - low <= top):
        raise ValueError(f"uniform(low, high): expected finite bounds whose difference fits in "
                         f"{dt.name}, got {low} and {high}")
    u = Array._new(_draw("random", shape, dt, dev, generator, "uniform"), dt, dev)
    out = u * (high - low) + low
    return _finish(out._native, dt, dev, requires_grad, "uniform")


def normal(mean: float = 0.0, std: float = 1.0, size: Any = (), *, dtype: DType | None = None,
           device: Any = None, requires_grad: bool = False,
           generator: Generator | None = None) -> Array:
    """Samples from the normal distribution with the given mean and standard deviation."""
    for name, v in (("mean", mean), ("std", std)):
        if type(v) not in (int, float):
            raise TypeError(f"normal({name}): expected a number, got {v!r}")
    if not std >= 0:                       # NaN too
        raise ValueError(f"normal(std): expected a non-negative standard deviation, got {std}")
    shape = _size((size,) if not isinstance(size, tuple | list) else (tuple(size),), "normal")
    dev = as_device(device, "normal")
    dt = _float_dtype(dtype, dev, "normal")
    z = Array._new(_draw("normal", shape, dt, dev, generator, "normal"), dt, dev)
    out = z * std + mean
    return _finish(out._native, dt, dev, requires_grad, "normal")


def randint(low: int, high: int | None = None, size: Any = (), *, dtype: DType | None = None,
            device: Any = None, generator: Generator | None = None) -> Array:
    """Integers drawn uniformly from [low, high) (from [0, low) if ``high`` is None)."""
    if high is None:
        low, high = 0, low
    for name, v in (("low", low), ("high", high)):
        if type(v) is not int:
            raise TypeError(f"randint({name}): expected an int, got {v!r}")
    if high <= low:
        raise ValueError(f"randint(low, high): expected low < high, got {low} and {high}")
    shape = _size((size,) if not isinstance(size, tuple | list) else (tuple(size),), "randint")
    dev = as_device(device, "randint")
    dt = _dtypes.int64 if dtype is None else _dtypes.as_dtype(dtype, "randint")
    if dt not in _dtypes.INTEGER:
        raise TypeError(f"randint(dtype): expected an integer dtype, got {dt.name}")
    info = _dtypes.IINFO[dt]
    if low < info.min or high - 1 > info.max:
        raise ValueError(f"randint(low, high): [{low}, {high}) does not fit in {dt.name}")
    gen = _generator(generator, "randint")
    _check_count(shape, dt, "randint")
    rng, native = gen._native(dev)
    nd = dev.to_native[dt]
    if native:
        out = rng.integers(low, high, shape, nd)
    else:
        out = dev.ns.reshape(dev.ns.asarray(rng.integers(low, high, _count(shape)), dtype=nd,
                                            device=dev.native), shape)
    return Array._new(out, dt, dev)


def permutation(x: int | Array, *, device: Any = None,
                generator: Generator | None = None) -> Array:
    """A random permutation of ``range(x)``, or of the first axis of the array ``x``."""
    gen = _generator(generator, "permutation")
    if isinstance(x, Array):
        if x.ndim == 0:
            raise ValueError("permutation(x): expected an array with at least one dimension, "
                             "got a 0-dimensional array")
        idx = permutation(x.shape[0], device=x.device, generator=gen)
        from ._ops.indexing import take
        return take(x, idx, axis=0)
    if type(x) is bool:
        raise TypeError(f"permutation(x): expected an int or an array, got {x!r}")
    try:
        n = operator.index(x)
    except TypeError:
        raise TypeError(f"permutation(x): expected an int or an array, got {x!r}") from None
    if n < 0:
        raise ValueError(f"permutation(x): expected a non-negative length, got {n}")
    _check_count((n,), _dtypes.int64, "permutation")
    dev = as_device(device, "permutation")
    rng, native = gen._native(dev)
    nd = dev.to_native[_dtypes.int64]
    if native:
        out = rng.permutation(n, nd)
    else:
        out = dev.ns.asarray(rng.permutation(n), dtype=nd, device=dev.native)
    return Array._new(out, _dtypes.int64, dev)


def bernoulli(p: float | Array, size: Any = None, *, dtype: DType | None = None,
              device: Any = None, generator: Generator | None = None) -> Array:
    """Samples that are 1 with probability ``p`` (a number, or an array of probabilities)."""
    _generator(generator, "bernoulli")
    if isinstance(p, Array):
        if p.dtype not in _dtypes.REAL_FLOATING:
            raise TypeError(f"bernoulli(p): expected real floating-point probabilities, got "
                            f"{p.dtype.name}")
        shape = p.shape if size is None else _size(
            (size,) if not isinstance(size, tuple | list) else (tuple(size),), "bernoulli")
        from ._ops.manipulation import _broadcasts
        if len(p.shape) > len(shape) or not _broadcasts(p.shape, shape):
            raise ValueError(f"bernoulli(p, size): probabilities of shape {p.shape} do not "
                             f"broadcast to size {shape}")
        dev = p.device
        dt = p.dtype if dtype is None else _float_dtype(dtype, dev, "bernoulli")
        from ._ops.utility import all as _all
        if not bool(_all((p >= 0.0) & (p <= 1.0))):     # NaN too
            raise ValueError("bernoulli(p): expected probabilities in [0, 1]; p has values "
                             "outside it (or NaN)")
        u = rand(shape, dtype=p.dtype, device=dev, generator=generator)
        from ._ops.data_types import astype
        return astype(u < p.detach(), dt)
    if type(p) not in (int, float):
        raise TypeError(f"bernoulli(p): expected a probability (a Python float or an array), "
                        f"got {type(p).__name__}")
    if not 0 <= p <= 1:
        raise ValueError(f"bernoulli(p): expected a probability in [0, 1], got {p!r}")
    shape = _size((size if size is not None else (),) if not isinstance(size, tuple | list)
                  else (tuple(size),), "bernoulli")
    dev = as_device(device, "bernoulli")
    dt = _float_dtype(dtype, dev, "bernoulli")
    u = rand(shape, dtype=dt, device=dev, generator=generator)
    from ._ops.data_types import astype
    return astype(u < p, dt)
