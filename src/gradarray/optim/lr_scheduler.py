"""Learning-rate schedules, as PyTorch's ``torch.optim.lr_scheduler``.

>>> import gradarray as xp
>>> w = xp.asarray([1.0], requires_grad=True)
>>> opt = xp.optim.SGD([w], lr=1.0)
>>> sched = xp.optim.lr_scheduler.StepLR(opt, step_size=2, gamma=0.5)
>>> for _ in range(3):
...     opt.step()
...     sched.step()
>>> sched.get_last_lr()
[0.5]
"""

from ._lr_scheduler import (  # noqa: F401
    ConstantLR as ConstantLR,
    CosineAnnealingLR as CosineAnnealingLR,
    CosineAnnealingWarmRestarts as CosineAnnealingWarmRestarts,
    ExponentialLR as ExponentialLR,
    LambdaLR as LambdaLR,
    LinearLR as LinearLR,
    LRScheduler as LRScheduler,
    MultiStepLR as MultiStepLR,
    OneCycleLR as OneCycleLR,
    PolynomialLR as PolynomialLR,
    ReduceLROnPlateau as ReduceLROnPlateau,
    SequentialLR as SequentialLR,
    StepLR as StepLR,
)
