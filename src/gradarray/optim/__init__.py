"""Optimizers, as PyTorch's ``torch.optim``: every update runs under ``no_grad`` and in place,
so parameters keep their identity.

>>> import gradarray as xp
>>> w = xp.asarray([1.0, -2.0], requires_grad=True)
>>> opt = xp.optim.SGD([w], lr=0.1)
>>> xp.sum(w * w).backward()
>>> opt.step()
>>> w.tolist()
[0.8, -1.6]

``lr_scheduler`` has the learning-rate schedules.
"""

from __future__ import annotations

from . import lr_scheduler as lr_scheduler
from ._algorithms import (
    SGD as SGD,
    Adagrad as Adagrad,
    Adam as Adam,
    AdamW as AdamW,
    RMSprop as RMSprop,
)
from ._lbfgs import LBFGS as LBFGS
from ._optimizer import Optimizer as Optimizer
