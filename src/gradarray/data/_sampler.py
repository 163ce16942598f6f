"""Samplers: the order in which a DataLoader visits a dataset."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sized
from typing import Any

__all__ = ["Sampler", "SequentialSampler", "RandomSampler", "SubsetRandomSampler",
           "WeightedRandomSampler", "BatchSampler"]


def _positive_int(value: Any, name: str) -> None:
    if type(value) is not int or value <= 0:
        raise ValueError(f"{name} should be a positive integer value, but got {name}={value}")


def _boolean(value: Any, name: str, error: type[Exception] = ValueError) -> None:
    """PyTorch's check (a TypeError in RandomSampler, a ValueError elsewhere)."""
    if not isinstance(value, bool):
        raise error(f"{name} should be a boolean value, but got {name}={value}")


class Sampler:
    """Base class: subclasses define ``__iter__`` (indices) and usually ``__len__``."""

    def __iter__(self) -> Iterator[Any]:
        raise NotImplementedError


class SequentialSampler(Sampler):
    """0, 1, ..., len(data_source) - 1."""

    def __init__(self, data_source: Sized) -> None:
        self.data_source = data_source

    def __iter__(self) -> Iterator[int]:
        return iter(range(len(self.data_source)))

    def __len__(self) -> int:
        return len(self.data_source)


def _generator(generator: Any) -> Any:
    """``generator``, or (as PyTorch) a fresh one seeded from the default generator, so that
    ``gradarray.manual_seed`` makes every epoch's order reproducible."""
    from .. import random
    if generator is not None:
        if not isinstance(generator, random.Generator):
            raise TypeError(f"generator: expected a gradarray.random.Generator, got "
                            f"{type(generator).__name__}")
        return generator
    seed = random.randint(0, 2**62, (), device=_host()).item()
    return random.Generator(seed)


def _host() -> Any:
    from .._device import default_device
    return default_device()


class RandomSampler(Sampler):
    """A random permutation of the indices (or ``num_samples`` draws with ``replacement``)."""

    def __init__(self, data_source: Sized, replacement: bool = False,
                 num_samples: int | None = None, generator: Any = None) -> None:
        _boolean(replacement, "replacement", TypeError)
        if num_samples is not None:
            _positive_int(num_samples, "num_samples")
        self.data_source = data_source
        self.replacement = replacement
        self._num_samples = num_samples
        self.generator = generator

    @property
    def num_samples(self) -> int:
        return len(self.data_source) if self._num_samples is None else self._num_samples

    def __iter__(self) -> Iterator[int]:
        from .. import random
        n = len(self.data_source)
        if n == 0:
            return iter(())
        gen = _generator(self.generator)
        dev = _host()
        if self.replacement:
            return iter(random.randint(0, n, (self.num_samples,), device=dev,
                                       generator=gen).tolist())
        out: list[int] = []
        while len(out) < self.num_samples:
            out += random.permutation(n, device=dev, generator=gen).tolist()
        return iter(out[:self.num_samples])

    def __len__(self) -> int:
        return self.num_samples


class SubsetRandomSampler(Sampler):
    """The given indices, in a random order."""

    def __init__(self, indices: Iterable[int], generator: Any = None) -> None:
        self.indices = list(indices)
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        from .. import random
        if not self.indices:
            return iter(())
        order = random.permutation(len(self.indices), device=_host(),
                                   generator=_generator(self.generator)).tolist()
        return iter([self.indices[i] for i in order])

    def __len__(self) -> int:
        return len(self.indices)


class WeightedRandomSampler(Sampler):
    """``num_samples`` indices drawn with probabilities proportional to ``weights`` (which
    need not sum to 1): with ``replacement``, independent draws; without, each index at most
    once (weighted sampling without replacement, Efraimidis and Spirakis's keys ``u**(1/w)``).

    >>> import gradarray as xp
    >>> from gradarray.data import WeightedRandomSampler
    >>> sorted(set(WeightedRandomSampler([0.0, 1.0, 0.0], 4, generator=xp.random.Generator(0))))
    [1]
    """

    def __init__(self, weights: Iterable[float], num_samples: int, replacement: bool = True,
                 generator: Any = None) -> None:
        _positive_int(num_samples, "num_samples")
        _boolean(replacement, "replacement")
        if hasattr(weights, "__array_namespace__"):
            if len(weights.shape) != 1:   # type: ignore[attr-defined]
                raise ValueError(f"weights should be a 1d sequence but given weights have "
                                 f"shape {tuple(weights.shape)}")  # type: ignore[attr-defined]
            weights = weights.tolist()    # type: ignore[attr-defined]
        try:
            w = [float(v) for v in weights]
        except (TypeError, ValueError):
            raise TypeError("weights should be a 1d sequence of numbers") from None
        if not all(0.0 <= v < float("inf") for v in w) or not sum(w) > 0:
            raise ValueError("weights should be finite and non-negative, and not all zero")
        positive = sum(1 for v in w if v > 0)
        if not replacement and num_samples > positive:
            raise ValueError(f"cannot draw {num_samples} samples without replacement from "
                             f"{positive} indices of positive weight")
        self.weights = w
        self.num_samples = num_samples
        self.replacement = replacement
        self.generator = generator

    def __iter__(self) -> Iterator[int]:
        from .. import random
        from .._ops.creation import asarray
        from .._ops.elementwise import log
        from .._ops.searching import searchsorted, where
        from .._ops.sorting import argsort
        from .._ops.statistical import cumulative_sum
        gen = _generator(self.generator)
        dev = _host()
        w = asarray(self.weights, device=dev)
        if self.replacement:
            cdf = cumulative_sum(w)
            u = random.rand(self.num_samples, device=dev, generator=gen) * float(cdf[-1])
            picks = searchsorted(cdf, u, side="right").tolist()
            last = len(self.weights) - 1
            return iter([min(i, last) for i in picks])
        u = random.rand(len(self.weights), device=dev, generator=gen)
        keys = where(w > 0, log(u) / where(w > 0, w, 1.0), -float("inf"))
        return iter(argsort(keys, descending=True, stable=True)[:self.num_samples].tolist())

    def __len__(self) -> int:
        return self.num_samples


class BatchSampler(Sampler):
    """Lists of ``batch_size`` indices from ``sampler`` (the last one shorter unless
    ``drop_last``)."""

    def __init__(self, sampler: Iterable[int], batch_size: int, drop_last: bool) -> None:
        _positive_int(batch_size, "batch_size")
        _boolean(drop_last, "drop_last")
        self.sampler = sampler
        self.batch_size = batch_size
        self.drop_last = drop_last

    def __iter__(self) -> Iterator[list[int]]:
        batch: list[int] = []
        for idx in self.sampler:
            batch.append(idx)
            if len(batch) == self.batch_size:
                yield batch
                batch = []
        if batch and not self.drop_last:
            yield batch

    def __len__(self) -> int:
        n = len(self.sampler)  # type: ignore[arg-type]
        if self.drop_last:
            return n // self.batch_size
        return (n + self.batch_size - 1) // self.batch_size
