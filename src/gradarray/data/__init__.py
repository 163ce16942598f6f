"""Datasets and batching, as PyTorch's ``torch.utils.data``.

>>> import gradarray as xp
>>> X, y = xp.reshape(xp.arange(12.0), (6, 2)), xp.arange(6)
>>> loader = xp.data.DataLoader(xp.data.TensorDataset(X, y), batch_size=4, shuffle=True,
...                             generator=xp.random.Generator(0))
>>> [tuple(xb.shape) for xb, yb in loader]
[(4, 2), (2, 2)]
"""

from __future__ import annotations

from ._dataloader import (
    DataLoader as DataLoader,
    WorkerInfo as WorkerInfo,
    default_collate as default_collate,
    default_convert as default_convert,
    get_worker_info as get_worker_info,
)
from ._dataset import (
    ConcatDataset as ConcatDataset,
    Dataset as Dataset,
    IterableDataset as IterableDataset,
    Subset as Subset,
    TensorDataset as TensorDataset,
    random_split as random_split,
)
from ._sampler import (
    BatchSampler as BatchSampler,
    RandomSampler as RandomSampler,
    Sampler as Sampler,
    SequentialSampler as SequentialSampler,
    SubsetRandomSampler as SubsetRandomSampler,
    WeightedRandomSampler as WeightedRandomSampler,
)
