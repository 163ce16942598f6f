"""Datasets and the DataLoader: order, batching, drop_last, collation, reproducible shuffling,
worker processes that keep the order, random_split; on every backend."""

from __future__ import annotations

from collections import namedtuple

import pytest

import gradarray as xp
from gradarray.data import (BatchSampler, ConcatDataset, DataLoader, Dataset, IterableDataset,
                            RandomSampler, SequentialSampler, Subset, TensorDataset,
                            WeightedRandomSampler, default_collate, get_worker_info, random_split)


def _ds(n=10):
    return TensorDataset(xp.reshape(xp.arange(2.0 * n), (n, 2)), xp.arange(n))


def _labels(loader):
    return [b[1].tolist() for b in loader]


def test_tensor_dataset_rows_and_errors(backend):
    ds = _ds(4)
    x, y = ds[2]
    assert x.tolist() == [4.0, 5.0] and y.item() == 2 and len(ds) == 4
    with pytest.raises(ValueError, match="Size mismatch"):
        TensorDataset(xp.zeros(3), xp.zeros(4))
    with pytest.raises(TypeError):
        TensorDataset([1, 2])


def test_dataloader_batches_in_order_with_and_without_drop_last(backend):
    assert _labels(DataLoader(_ds(), batch_size=4)) == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]
    assert _labels(DataLoader(_ds(), batch_size=4, drop_last=True)) == [[0, 1, 2, 3],
                                                                         [4, 5, 6, 7]]
    assert len(DataLoader(_ds(), batch_size=4)) == 3
    assert len(DataLoader(_ds(), batch_size=4, drop_last=True)) == 2
    xb, yb = next(iter(DataLoader(_ds(), batch_size=3)))
    assert xb.shape == (3, 2) and yb.dtype == xp.int64


def test_dataloader_shuffle_is_a_permutation_and_reproducible(backend):
    a = _labels(DataLoader(_ds(), batch_size=3, shuffle=True,
                           generator=xp.random.Generator(7)))
    b = _labels(DataLoader(_ds(), batch_size=3, shuffle=True,
                           generator=xp.random.Generator(7)))
    assert a == b
    assert sorted(v for batch in a for v in batch) == list(range(10))
    assert a != _labels(DataLoader(_ds(), batch_size=3))
    xp.manual_seed(3)
    c = _labels(DataLoader(_ds(), batch_size=5, shuffle=True))
    xp.manual_seed(3)
    assert c == _labels(DataLoader(_ds(), batch_size=5, shuffle=True))


def test_dataloader_draws_a_new_order_every_epoch(backend):
    loader = DataLoader(_ds(20), batch_size=20, shuffle=True, generator=xp.random.Generator(0))
    first, second = _labels(loader), _labels(loader)
    assert first != second and sorted(first[0]) == sorted(second[0])


def test_dataloader_with_workers_matches_the_single_process_order(backend):
    kwargs = dict(batch_size=3, shuffle=True)
    single = _labels(DataLoader(_ds(17), generator=xp.random.Generator(5), **kwargs))
    multi = _labels(DataLoader(_ds(17), generator=xp.random.Generator(5), num_workers=2,
                               **kwargs))
    assert multi == single


class _WhoLoads(Dataset):
    def __len__(self):
        return 6

    def __getitem__(self, i):
        info = get_worker_info()
        return i, -1 if info is None else info.id


def test_dataloader_workers_take_batches_round_robin():
    out = list(DataLoader(_WhoLoads(), batch_size=2, num_workers=2))
    assert [b[0].tolist() for b in out] == [[0, 1], [2, 3], [4, 5]]
    assert [b[1].tolist()[0] for b in out] == [0, 1, 0]
    assert get_worker_info() is None


class _Failing(Dataset):
    def __len__(self):
        return 4

    def __getitem__(self, i):
        if i == 2:
            raise KeyError("no item 2")
        return float(i)


def test_dataloader_worker_errors_reach_the_main_process():
    with pytest.raises(KeyError, match="worker process"):
        list(DataLoader(_Failing(), batch_size=1, num_workers=2))


def test_default_collate_follows_pytorchs_rules(backend):
    Point = namedtuple("Point", "x y")
    batch = [{"a": 1.0, "b": [1, 2], "s": "u", "p": Point(1, 2.0)},
             {"a": 2.0, "b": [3, 4], "s": "v", "p": Point(3, 4.0)}]
    out = default_collate(batch)
    assert out["a"].dtype == xp.float64 and out["a"].tolist() == [1.0, 2.0]
    assert [t.tolist() for t in out["b"]] == [[1, 3], [2, 4]]
    assert out["s"] == ["u", "v"]
    assert isinstance(out["p"], Point) and out["p"].x.dtype == xp.int64
    stacked = default_collate([xp.zeros(2), xp.ones(2)])
    assert stacked.shape == (2, 2)
    custom = DataLoader(_ds(4), batch_size=2, collate_fn=lambda b: len(b))
    assert list(custom) == [2, 2]


def test_dataloader_without_batching_and_with_samplers(backend):
    ds = _ds(3)
    assert [s[1].item() for s in DataLoader(ds, batch_size=None)] == [0, 1, 2]
    bs = BatchSampler(SequentialSampler(ds), batch_size=2, drop_last=False)
    assert list(bs) == [[0, 1], [2]]
    assert _labels(DataLoader(ds, batch_sampler=bs)) == [[0, 1], [2]]
    rs = RandomSampler(ds, replacement=True, num_samples=7, generator=xp.random.Generator(0))
    draws = list(rs)
    assert len(draws) == 7 and all(0 <= d < 3 for d in draws)
    with pytest.raises(ValueError, match="mutually exclusive"):
        DataLoader(ds, sampler=SequentialSampler(ds), shuffle=True)


class _Stream(IterableDataset):
    def __iter__(self):
        return iter(float(i) for i in range(5))


def test_iterable_dataset_batches():
    assert [b.tolist() for b in DataLoader(_Stream(), batch_size=2)] == [[0.0, 1.0],
                                                                         [2.0, 3.0], [4.0]]


def test_random_split_lengths_fractions_and_reproducibility(backend):
    ds = _ds(10)
    a, b = random_split(ds, [7, 3], generator=xp.random.Generator(1))
    assert len(a) == 7 and len(b) == 3
    assert sorted(a.indices + b.indices) == list(range(10))
    c, d = random_split(ds, [0.75, 0.25], generator=xp.random.Generator(1))
    assert (len(c), len(d)) == (8, 2)
    again, _ = random_split(ds, [7, 3], generator=xp.random.Generator(1))
    assert again.indices == a.indices
    with pytest.raises(ValueError, match="Sum of input lengths"):
        random_split(ds, [5, 6])


def test_subset_and_concat(backend):
    ds = _ds(5)
    sub = Subset(ds, [4, 0])
    assert sub[0][1].item() == 4 and len(sub) == 2
    both = ConcatDataset([sub, ds])
    assert len(both) == 7 and both[2][1].item() == 0 and both[-1][1].item() == 4
    assert len(sub + ds) == 7


def test_dataloader_workers_started_by_spawn_keep_the_order(backend):
    from gradarray.backend import installed_backend_names
    if backend not in installed_backend_names():
        pytest.skip(f"backend {backend!r} is registered only in this process; a spawned worker "
                    f"cannot find it")
    kwargs = dict(batch_size=4, shuffle=True, generator=xp.random.Generator(2))
    single = _labels(DataLoader(_ds(9), **kwargs))
    kwargs["generator"] = xp.random.Generator(2)
    spawned = _labels(DataLoader(_ds(9), num_workers=2, multiprocessing_context="spawn",
                                 **kwargs))
    assert spawned == single


def test_weighted_random_sampler_draws_in_proportion_to_the_weights(backend):
    gen = xp.random.Generator(1)
    draws = list(WeightedRandomSampler([1.0, 3.0, 0.0, 6.0], 4000, generator=gen))
    assert len(draws) == 4000 and 2 not in draws            # weight 0: never drawn
    freq = [draws.count(i) / 4000 for i in range(4)]
    assert abs(freq[0] - 0.1) < 0.03 and abs(freq[1] - 0.3) < 0.04 and abs(freq[3] - 0.6) < 0.04
    # without replacement: distinct indices, the heavy one almost always among them
    picks = [sorted(WeightedRandomSampler([1.0, 1.0, 8.0], 2, replacement=False, generator=gen))
             for _ in range(300)]
    assert all(len(set(p)) == 2 for p in picks)
    assert sum(2 in p for p in picks) > 270                 # P = 1 - 2/90 * ... ~ 0.98
    # a seeded generator reproduces the order; an array of weights works too
    again = [list(WeightedRandomSampler(xp.asarray([1.0, 2.0, 3.0]), 6,
                                        generator=xp.random.Generator(5))) for _ in range(2)]
    assert again[0] == again[1]
    loader = DataLoader(list(range(4)), batch_size=2,
                        sampler=WeightedRandomSampler([0.0, 1.0, 1.0, 0.0], 4))
    assert all(v in (1, 2) for b in loader for v in b.tolist())


@pytest.mark.parametrize("args, kwargs, error", [
    (([1.0, -1.0], 2), {}, ValueError),
    (([0.0, 0.0], 2), {}, ValueError),
    (([1.0, float("nan")], 2), {}, ValueError),
    (([1.0, 0.0], 2), {"replacement": False}, ValueError),    # one index of positive weight
    (([1.0], 0), {}, ValueError),
    (([1.0], 2), {"replacement": 1}, ValueError),
    ((["a"], 1), {}, TypeError),
])
def test_weighted_random_sampler_refuses_bad_arguments(args, kwargs, error, backend):
    with pytest.raises(error):
        WeightedRandomSampler(*args, **kwargs)
