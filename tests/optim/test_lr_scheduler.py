"""Learning-rate schedules against their closed forms (the values PyTorch produces)."""

from __future__ import annotations

import math

import pytest

import gradarray as xp
from gradarray.optim import lr_scheduler as S


def _opt(lr=1.0, **kw):
    return xp.optim.SGD([xp.asarray([1.0], requires_grad=True)], lr=lr, **kw)


def _run(sched, opt, n):
    lrs = [opt.param_groups[0]["lr"]]
    for _ in range(n):
        opt.step()
        sched.step()
        lrs.append(opt.param_groups[0]["lr"])
    return lrs


def _close(a, b):
    assert len(a) == len(b) and all(math.isclose(x, y, rel_tol=1e-12, abs_tol=1e-15)
                                    for x, y in zip(a, b)), (a, b)


def test_step_and_multistep_lr():
    opt = _opt(0.5)
    _close(_run(S.StepLR(opt, step_size=3, gamma=0.1), opt, 7),
           [0.5 * 0.1 ** (e // 3) for e in range(8)])
    opt = _opt(1.0)
    _close(_run(S.MultiStepLR(opt, milestones=[2, 5, 5], gamma=0.5), opt, 6),
           [1.0, 1.0, 0.5, 0.5, 0.5, 0.125, 0.125])


def test_exponential_and_lambda_lr():
    opt = _opt(2.0)
    _close(_run(S.ExponentialLR(opt, gamma=0.9), opt, 4), [2.0 * 0.9 ** e for e in range(5)])
    opt = _opt(1.0)
    _close(_run(S.LambdaLR(opt, lambda e: 1 / (e + 1)), opt, 3), [1.0, 0.5, 1 / 3, 0.25])


def test_cosine_annealing_lr():
    opt = _opt(1.0)
    t_max, eta_min = 4, 0.1
    _close(_run(S.CosineAnnealingLR(opt, T_max=t_max, eta_min=eta_min), opt, 4),
           [eta_min + (1 - eta_min) * (1 + math.cos(math.pi * e / t_max)) / 2 for e in range(5)])


def test_one_cycle_lr_and_momentum():
    opt = _opt(0.1, momentum=0.9)
    sched = S.OneCycleLR(opt, max_lr=1.0, total_steps=10, pct_start=0.3)
    lrs, moms = [opt.param_groups[0]["lr"]], [opt.param_groups[0]["momentum"]]
    for _ in range(9):
        opt.step()
        sched.step()
        lrs.append(opt.param_groups[0]["lr"])
        moms.append(opt.param_groups[0]["momentum"])
    initial, final = 1.0 / 25, 1.0 / 25 / 1e4

    def cos(start, end, pct):
        return end + (start - end) / 2 * (math.cos(math.pi * pct) + 1)
    up_end = 0.3 * 10 - 1
    expected = [cos(initial, 1.0, s / up_end) if s <= up_end else
                cos(1.0, final, (s - up_end) / (9 - up_end)) for s in range(10)]
    _close(lrs, expected)
    assert moms[0] == 0.95 and min(moms) == pytest.approx(0.85) and moms[-1] == 0.95
    adam = xp.optim.Adam([xp.asarray([1.0], requires_grad=True)])
    S.OneCycleLR(adam, max_lr=0.01, epochs=2, steps_per_epoch=5)
    assert adam.param_groups[0]["betas"][0] == 0.95
    with pytest.raises(ValueError, match="total_steps"):
        S.OneCycleLR(_opt(), max_lr=1.0)


def test_reduce_lr_on_plateau():
    opt = _opt(1.0)
    sched = S.ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=1, cooldown=1,
                                min_lr=0.1)
    lrs = []
    for metric in [5, 4, 4, 4, 4, 4, 4, 4, 4, 4]:
        sched.step(metric)
        lrs.append(opt.param_groups[0]["lr"])
    assert lrs == [1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.125]
    sched.step(xp.asarray(1.0))                 # a 0-d array metric works too
    assert sched.best == 1.0
    up = _opt(1.0)
    s2 = S.ReduceLROnPlateau(up, mode="max", patience=0, factor=0.1)
    s2.step(1.0)
    s2.step(0.5)
    assert up.param_groups[0]["lr"] == pytest.approx(0.1)


def test_scheduler_state_dict_round_trip():
    opt = _opt(1.0)
    sched = S.StepLR(opt, step_size=2, gamma=0.5)
    _run(sched, opt, 3)
    state = sched.state_dict()
    opt2 = _opt(1.0)
    sched2 = S.StepLR(opt2, step_size=2, gamma=0.5)
    sched2.load_state_dict(state)
    opt2.param_groups[0]["lr"] = opt.param_groups[0]["lr"]
    assert _run(sched2, opt2, 2)[1:] == _run(sched, opt, 2)[1:]
    assert sched.get_last_lr() == [opt.param_groups[0]["lr"]]


def test_linear_constant_and_polynomial_lr():
    opt = _opt(1.0)
    _close(_run(S.LinearLR(opt, start_factor=0.2, end_factor=0.8, total_iters=4), opt, 6),
           [0.2 + 0.6 * min(e, 4) / 4 for e in range(7)])
    opt = _opt(2.0)
    _close(_run(S.ConstantLR(opt, factor=0.25, total_iters=3), opt, 4),
           [0.5, 0.5, 0.5, 2.0, 2.0])
    opt = _opt(1.0)
    _close(_run(S.PolynomialLR(opt, total_iters=4, power=2.0), opt, 5),
           [(1 - min(e, 4) / 4) ** 2 for e in range(6)])
    for bad in (lambda o: S.LinearLR(o, start_factor=0.0), lambda o: S.LinearLR(o, end_factor=2),
                lambda o: S.ConstantLR(o, factor=1.5), lambda o: S.PolynomialLR(o, total_iters=0),
                lambda o: S.LinearLR(o, total_iters=2.5)):
        with pytest.raises(ValueError):
            bad(_opt())


def test_cosine_annealing_warm_restarts():
    def expected(e, t0, mult, eta_min=0.0):
        t, period = e, t0
        while t >= period:
            t, period = t - period, period * mult
        return eta_min + (1 - eta_min) * (1 + math.cos(math.pi * t / period)) / 2
    opt = _opt(1.0)
    _close(_run(S.CosineAnnealingWarmRestarts(opt, T_0=3, eta_min=0.1), opt, 10),
           [expected(e, 3, 1, 0.1) for e in range(11)])
    opt = _opt(1.0)
    lrs = _run(S.CosineAnnealingWarmRestarts(opt, T_0=2, T_mult=2), opt, 14)
    _close(lrs, [expected(e, 2, 2) for e in range(15)])
    assert lrs[2] == lrs[6] == lrs[14] == 1.0               # restarts at 2, 2 + 4, 6 + 8
    with pytest.raises(ValueError, match="T_mult"):
        S.CosineAnnealingWarmRestarts(_opt(), T_0=2, T_mult=0)


def test_sequential_lr_runs_each_schedule_from_its_own_start():
    opt = _opt(1.0)
    warm = S.LinearLR(opt, start_factor=0.25, total_iters=3)
    decay = S.ExponentialLR(opt, gamma=0.5)
    sched = S.SequentialLR(opt, [warm, decay], milestones=[3])
    _close(_run(sched, opt, 6), [0.25, 0.5, 0.75, 1.0, 0.5, 0.25, 0.125])
    assert sched.get_last_lr() == [0.125]
    state = sched.state_dict()
    opt2 = _opt(1.0)
    again = S.SequentialLR(opt2, [S.LinearLR(opt2, start_factor=0.25, total_iters=3),
                                  S.ExponentialLR(opt2, gamma=0.5)], milestones=[3])
    again.load_state_dict(state)
    again.step()
    sched.step()
    assert again.get_last_lr() == sched.get_last_lr() == [0.0625]
    with pytest.raises(ValueError, match="one more than the number of milestone"):
        S.SequentialLR(opt, [warm, decay], milestones=[2, 4])
    with pytest.raises(ValueError, match="another optimizer"):
        S.SequentialLR(opt, [warm, S.ExponentialLR(_opt(), gamma=0.5)], milestones=[3])
