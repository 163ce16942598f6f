"""``DataLoader``: batches of a dataset, shuffled reproducibly, optionally loaded by worker
processes.

With ``num_workers > 0`` each worker process receives lists of indices round-robin, loads and
collates them, and sends the batch back; batches are handed out in sampler order whatever
order the workers finish in, so the result equals ``num_workers=0``'s.
"""

from __future__ import annotations

import multiprocessing
import queue
import traceback
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .._array import Array
from ._dataset import IterableDataset
from ._sampler import BatchSampler, RandomSampler, SequentialSampler

__all__ = ["DataLoader", "default_collate", "default_convert", "get_worker_info", "WorkerInfo"]


# ------------------------------------------------------------------ collation
def default_collate(batch: Sequence[Any]) -> Any:
    """Stack a list of samples into a batch, recursively (PyTorch's rules): arrays are
    stacked along a new first axis, Python floats and ints become float64 / int64 arrays,
    mappings and sequences are collated field by field, strings stay lists."""
    from .. import _dtypes
    from .._ops.creation import asarray
    from .._ops.manipulation import stack
    if not batch:
        raise ValueError("default_collate: an empty batch")
    elem = batch[0]
    if type(elem) is Array:
        dev = elem.device
        for b in batch:
            if type(b) is not Array or b.device != dev:
                raise TypeError("default_collate: expected arrays on one device in the batch")
        return stack(list(batch))
    if isinstance(elem, bool):
        return asarray(list(batch), dtype=_dtypes.bool)
    if isinstance(elem, float):
        return asarray(list(batch), dtype=_dtypes.float64)
    if isinstance(elem, int):
        return asarray(list(batch), dtype=_dtypes.int64)
    if isinstance(elem, str | bytes):
        return list(batch)
    if hasattr(elem, "__array__") or hasattr(elem, "__dlpack__"):   # NumPy arrays and friends
        return stack([asarray(b) for b in batch])
    if isinstance(elem, Mapping):
        return {k: default_collate([d[k] for d in batch]) for k in elem}
    if isinstance(elem, tuple) and hasattr(elem, "_fields"):      # a namedtuple
        return type(elem)(*(default_collate(list(s)) for s in zip(*batch)))
    if isinstance(elem, Sequence):
        n = len(elem)
        if any(len(b) != n for b in batch):
            raise RuntimeError("each element in list of batch should be of equal size")
        return [default_collate(list(s)) for s in zip(*batch)]
    raise TypeError(f"default_collate: batch must contain arrays, numbers, dicts or lists; "
                    f"found {type(elem).__name__}")


def default_convert(data: Any) -> Any:
    """What ``batch_size=None`` does to each sample: NumPy arrays become gradarray arrays."""
    from .._ops.creation import asarray
    if type(data) is Array or isinstance(data, str | bytes | int | float):
        return data
    if hasattr(data, "__array__"):
        return asarray(data)
    if isinstance(data, Mapping):
        return {k: default_convert(v) for k, v in data.items()}
    if isinstance(data, tuple) and hasattr(data, "_fields"):
        return type(data)(*(default_convert(d) for d in data))
    if isinstance(data, list | tuple):
        return [default_convert(d) for d in data]
    return data


# ------------------------------------------------------------------ workers
@dataclass(frozen=True)
class WorkerInfo:
    """What ``get_worker_info()`` returns inside a worker process."""

    id: int
    num_workers: int
    seed: int
    dataset: Any


_worker_info: WorkerInfo | None = None


def get_worker_info() -> WorkerInfo | None:
    """The worker's id, count, seed and dataset copy inside a worker process; None in the main
    process."""
    return _worker_info


class _WorkerError:
    """An exception raised in a worker, carried back to the main process."""

    def __init__(self, worker_id: int, exc: BaseException) -> None:
        self.text = (f"Caught {type(exc).__name__} in DataLoader worker process {worker_id}.\n"
                     f"Original {''.join(traceback.format_exception(exc))}")
        self.exc_type = type(exc)

    def reraise(self) -> None:
        try:
            err = self.exc_type(self.text)
        except Exception:
            err = RuntimeError(self.text)
        raise err


def _worker_loop(dataset: Any, collate_fn: Callable[[Any], Any], index_queue: Any,
                 result_queue: Any, worker_id: int, num_workers: int, seed: int,
                 worker_init_fn: Callable[[int], None] | None, device: str,
                 auto_collation: bool) -> None:
    global _worker_info
    import random as _random
    from .. import random as garandom
    from .._device import set_default_device
    try:
        set_default_device(device)
        _random.seed(seed)
        garandom.manual_seed(seed)
        _worker_info = WorkerInfo(worker_id, num_workers, seed, dataset)
        if worker_init_fn is not None:
            worker_init_fn(worker_id)
    except BaseException as exc:   # report, then serve errors so the main process sees it
        init_error: _WorkerError | None = _WorkerError(worker_id, exc)
    else:
        init_error = None
    while True:
        try:
            item = index_queue.get(timeout=5.0)
        except queue.Empty:
            continue
        if item is None:
            break
        idx, indices = item
        if init_error is not None:
            result_queue.put((idx, init_error))
            continue
        try:
            if auto_collation:
                data = collate_fn([dataset[i] for i in indices])
            else:
                data = collate_fn(dataset[indices])
        except BaseException as exc:
            data = _WorkerError(worker_id, exc)
        result_queue.put((idx, data))


class _MultiProcessIter:
    """Workers fed round-robin; results reordered to the sampler's order."""

    def __init__(self, loader: DataLoader) -> None:
        from .. import random
        from .._device import default_device
        ctx = loader.multiprocessing_context
        if ctx is None or isinstance(ctx, str):
            ctx = multiprocessing.get_context(ctx)
        self._timeout = loader.timeout if loader.timeout > 0 else None
        n = loader.num_workers
        self._n = n
        base_seed = random.randint(0, 2**62, (), device=default_device()).item()
        self._index_queues = [ctx.Queue() for _ in range(n)]
        self._result_queue = ctx.Queue()
        self._workers = []
        for i in range(n):
            w = ctx.Process(target=_worker_loop, daemon=True, args=(
                loader.dataset, loader.collate_fn, self._index_queues[i], self._result_queue, i,
                n, base_seed + i, loader.worker_init_fn, default_device().name,
                loader._auto_collation))
            w.start()
            self._workers.append(w)
        self._batches = iter(loader._index_sampler)
        self._sent = 0
        self._received = 0
        self._ready: dict[int, Any] = {}
        self._done = False
        for _ in range(loader.prefetch_factor * n):
            self._send()

    def _send(self) -> None:
        if self._done:
            return
        try:
            indices = next(self._batches)
        except StopIteration:
            self._done = True
            return
        self._index_queues[self._sent % self._n].put((self._sent, indices))
        self._sent += 1

    def __iter__(self) -> _MultiProcessIter:
        return self

    def __next__(self) -> Any:
        if self._received >= self._sent:
            self._shutdown()
            raise StopIteration
        waited = 0.0
        while self._received not in self._ready:
            try:
                idx, data = self._result_queue.get(timeout=1.0)
            except queue.Empty:
                waited += 1.0
                dead = [w for w in self._workers if not w.is_alive()]
                if dead:
                    self._shutdown()
                    raise RuntimeError(f"DataLoader worker (pid {dead[0].pid}) exited "
                                       f"unexpectedly with exit code {dead[0].exitcode}"
                                       ) from None
                if self._timeout is not None and waited >= self._timeout:
                    self._shutdown()
                    raise RuntimeError(f"DataLoader timed out after {self._timeout} seconds"
                                       ) from None
                continue
            self._ready[idx] = data
        data = self._ready.pop(self._received)
        self._received += 1
        self._send()
        if isinstance(data, _WorkerError):
            self._shutdown()
            data.reraise()
        return data

    def _shutdown(self) -> None:
        if not self._workers:
            return
        for q in self._index_queues:
            try:
                q.put(None)
            except Exception:
                pass
        for w in self._workers:
            w.join(timeout=5.0)
            if w.is_alive():
                w.terminate()
        for q in [*self._index_queues, self._result_queue]:
            q.cancel_join_thread()
            q.close()
        self._workers = []

    def __del__(self) -> None:
        try:
            self._shutdown()
        except Exception:
            pass


# ------------------------------------------------------------------ the loader
class DataLoader:
    """Iterate over ``dataset`` in batches, as PyTorch's ``torch.utils.data.DataLoader``.

    ``shuffle=True`` draws a new order every epoch from ``generator`` (a
    ``gradarray.random.Generator``) or from the default generator, so
    ``gradarray.manual_seed(s)`` makes the order reproducible.  ``num_workers > 0`` loads
    batches in that many processes, handing them out in the same order as without workers.

    >>> import gradarray as xp
    >>> ds = xp.data.TensorDataset(xp.arange(5.0), xp.arange(5))
    >>> [y.tolist() for _, y in xp.data.DataLoader(ds, batch_size=2)]
    [[0, 1], [2, 3], [4]]
    """

    def __init__(self, dataset: Any, batch_size: int | None = 1, shuffle: bool | None = None,
                 sampler: Any = None, batch_sampler: Any = None, num_workers: int = 0,
                 collate_fn: Callable[[Any], Any] | None = None, pin_memory: bool = False,
                 drop_last: bool = False, timeout: float = 0,
                 worker_init_fn: Callable[[int], None] | None = None,
                 multiprocessing_context: Any = None, generator: Any = None, *,
                 prefetch_factor: int | None = None, persistent_workers: bool = False) -> None:
        if type(num_workers) is not int or num_workers < 0:
            raise ValueError("num_workers option should be non-negative; use num_workers=0 to "
                             "disable multiprocessing.")
        if timeout < 0:
            raise ValueError("timeout option should be non-negative")
        if num_workers == 0 and prefetch_factor is not None:
            raise ValueError("prefetch_factor option could only be specified in "
                             "multiprocessing. let num_workers > 0 to enable multiprocessing")
        if isinstance(dataset, IterableDataset):
            if shuffle or sampler is not None or batch_sampler is not None:
                raise ValueError("DataLoader with IterableDataset: expected unspecified "
                                 "shuffle, sampler and batch_sampler options")
        if sampler is not None and shuffle:
            raise ValueError("sampler option is mutually exclusive with shuffle")
        if batch_sampler is not None:
            if batch_size != 1 or shuffle or sampler is not None or drop_last:
                raise ValueError("batch_sampler option is mutually exclusive with batch_size, "
                                 "shuffle, sampler, and drop_last")
            batch_size = None
            drop_last = False
        elif batch_size is None and drop_last:
            raise ValueError("batch_size=None option disables auto-batching and is mutually "
                             "exclusive with drop_last")
        self.dataset = dataset
        self.num_workers = num_workers
        self.prefetch_factor = prefetch_factor if prefetch_factor is not None else 2
        self.pin_memory = pin_memory
        self.timeout = timeout
        self.worker_init_fn = worker_init_fn
        self.multiprocessing_context = multiprocessing_context
        self.generator = generator
        self.persistent_workers = persistent_workers
        self.batch_size = batch_size
        self.drop_last = drop_last
        self._iterable = isinstance(dataset, IterableDataset)
        if self._iterable:
            if num_workers:
                raise NotImplementedError("DataLoader: worker processes with an IterableDataset "
                                          "are not supported; use num_workers=0")
            self.sampler = None
        elif sampler is None:
            sampler = RandomSampler(dataset, generator=generator) if shuffle else \
                SequentialSampler(dataset)
            self.sampler = sampler
        else:
            self.sampler = sampler
        if batch_size is not None and batch_sampler is None and not self._iterable:
            batch_sampler = BatchSampler(self.sampler, batch_size, drop_last)
        self.batch_sampler = batch_sampler
        self._auto_collation = batch_sampler is not None or (self._iterable and
                                                            batch_size is not None)
        if collate_fn is None:
            collate_fn = default_collate if self._auto_collation else default_convert
        self.collate_fn = collate_fn

    @property
    def _index_sampler(self) -> Any:
        return self.batch_sampler if self._auto_collation else self.sampler

    def __iter__(self) -> Iterator[Any]:
        if self._iterable:
            return self._iter_iterable()
        if self.num_workers > 0:
            return _MultiProcessIter(self)
        return self._iter_single()

    def _iter_single(self) -> Iterator[Any]:
        dataset = self.dataset
        collate = self.collate_fn
        if self._auto_collation:
            for indices in self.batch_sampler:
                yield collate([dataset[i] for i in indices])
        else:
            for i in self.sampler:  # type: ignore[union-attr]
                yield collate(dataset[i])

    def _iter_iterable(self) -> Iterator[Any]:
        it = iter(self.dataset)
        if not self._auto_collation:
            for sample in it:
                yield self.collate_fn(sample)
            return
        assert self.batch_size is not None
        batch: list[Any] = []
        for sample in it:
            batch.append(sample)
            if len(batch) == self.batch_size:
                yield self.collate_fn(batch)
                batch = []
        if batch and not self.drop_last:
            yield self.collate_fn(batch)

    def __len__(self) -> int:
        if self._iterable:
            n = len(self.dataset)
            if self.batch_size is None:
                return n
            return n // self.batch_size if self.drop_last else -(-n // self.batch_size)
        return len(self._index_sampler)
