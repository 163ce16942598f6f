"""Optimizers: each update against its closed form computed by hand, in place and unrecorded;
parameter groups, zero_grad, state dicts (also through gradarray.save/load); LBFGS with and
without the strong-Wolfe line search; on every backend."""

from __future__ import annotations

import math

import pytest

import gradarray as xp
from gradarray import nn
from tests.nn._helpers import assert_close, flat


def _param(values):
    return xp.asarray(values, requires_grad=True)


def _set_grad(p, values):
    p.grad = xp.asarray(values, dtype=p.dtype)


def test_sgd_plain_step_is_p_minus_lr_g(backend):
    p = _param([1.0, -2.0])
    opt = xp.optim.SGD([p], lr=0.1)
    _set_grad(p, [0.5, 1.0])
    identity = p
    opt.step()
    assert p is identity and p.is_leaf and p.requires_grad
    assert_close(p, [0.95, -2.1], 1e-12)


def test_sgd_momentum_dampening_nesterov_weight_decay(backend):
    p = _param([1.0])
    opt = xp.optim.SGD([p], lr=0.1, momentum=0.9, dampening=0.5, weight_decay=0.1)
    buf, val = None, 1.0
    for g in (1.0, 2.0, -1.0):
        _set_grad(p, [g])
        opt.step()
        d = g + 0.1 * val
        buf = d if buf is None else 0.9 * buf + 0.5 * d
        val -= 0.1 * buf
        assert_close(p, [val], 1e-12)
    q = _param([1.0])
    opt = xp.optim.SGD([q], lr=0.1, momentum=0.9, nesterov=True)
    buf, val = None, 1.0
    for g in (1.0, 2.0):
        _set_grad(q, [g])
        opt.step()
        buf = g if buf is None else 0.9 * buf + g
        val -= 0.1 * (g + 0.9 * buf)
        assert_close(q, [val], 1e-12)
    with pytest.raises(ValueError, match="Nesterov"):
        xp.optim.SGD([q], lr=0.1, nesterov=True)


def test_sgd_maximize_ascends(backend):
    p = _param([0.0])
    opt = xp.optim.SGD([p], lr=0.5, maximize=True)
    _set_grad(p, [1.0])
    opt.step()
    assert flat(p) == [0.5]


def _adam_reference(grads, lr, b1, b2, eps, wd=0.0, decoupled=False, amsgrad=False, p0=1.0):
    p, m, v, vmax = p0, 0.0, 0.0, 0.0
    out = []
    for t, g in enumerate(grads, 1):
        if wd and decoupled:
            p *= 1 - lr * wd
        elif wd:
            g = g + wd * p
        m = b1 * m + (1 - b1) * g
        v = b2 * v + (1 - b2) * g * g
        vmax = max(vmax, v)
        vv = vmax if amsgrad else v
        denom = math.sqrt(vv) / math.sqrt(1 - b2 ** t) + eps
        p -= lr / (1 - b1 ** t) * m / denom
        out.append(p)
    return out


@pytest.mark.parametrize("kind", ["adam", "adam_l2", "adam_amsgrad", "adamw", "adamw_amsgrad"])
def test_adam_family_matches_the_update_equations(backend, kind):
    grads = [0.5, -1.0, 2.0, 0.1]
    cfg = dict(lr=0.1, betas=(0.8, 0.9), eps=1e-6)
    if kind == "adam":
        opt_cls, extra, ref = xp.optim.Adam, {}, {}
    elif kind == "adam_l2":
        opt_cls, extra, ref = xp.optim.Adam, {"weight_decay": 0.3}, {"wd": 0.3}
    elif kind == "adam_amsgrad":
        opt_cls, extra, ref = xp.optim.Adam, {"amsgrad": True}, {"amsgrad": True}
    elif kind == "adamw":
        opt_cls, extra, ref = xp.optim.AdamW, {}, {"wd": 0.01, "decoupled": True}
    else:
        opt_cls, extra, ref = xp.optim.AdamW, {"amsgrad": True, "weight_decay": 0.2}, \
            {"wd": 0.2, "decoupled": True, "amsgrad": True}
    p = _param([1.0])
    opt = opt_cls([p], **cfg, **extra)
    expected = _adam_reference(grads, 0.1, 0.8, 0.9, 1e-6, **ref)
    for g, e in zip(grads, expected):
        _set_grad(p, [g])
        opt.step()
        assert_close(p, [e], 1e-12)
    assert opt.state[p]["step"] == len(grads)


def test_adam_first_step_moves_by_lr(backend):
    p = _param([3.0, -3.0])
    opt = xp.optim.Adam([p], lr=0.01, eps=0.0)
    _set_grad(p, [100.0, -0.001])
    opt.step()
    assert_close(p, [2.99, -2.99], 1e-12)


def test_rmsprop_plain_centered_and_momentum(backend):
    for centered, momentum in ((False, 0.0), (True, 0.0), (True, 0.5)):
        p = _param([1.0])
        opt = xp.optim.RMSprop([p], lr=0.01, alpha=0.9, eps=1e-8, centered=centered,
                               momentum=momentum)
        val, sq, ga, buf = 1.0, 0.0, 0.0, 0.0
        for g in (1.0, -0.5, 2.0):
            _set_grad(p, [g])
            opt.step()
            sq = 0.9 * sq + 0.1 * g * g
            ga = 0.9 * ga + 0.1 * g
            avg = math.sqrt(sq - ga * ga if centered else sq) + 1e-8
            if momentum:
                buf = momentum * buf + g / avg
                val -= 0.01 * buf
            else:
                val -= 0.01 * g / avg
            assert_close(p, [val], 1e-12)


def test_adagrad_with_lr_decay(backend):
    p = _param([1.0])
    opt = xp.optim.Adagrad([p], lr=0.1, lr_decay=0.5, initial_accumulator_value=0.2, eps=0.0)
    val, s = 1.0, 0.2
    for t, g in enumerate((1.0, -2.0, 0.5), 1):
        _set_grad(p, [g])
        opt.step()
        s += g * g
        val -= 0.1 / (1 + (t - 1) * 0.5) * g / math.sqrt(s)
        assert_close(p, [val], 1e-12)


def test_optimizer_step_records_nothing_and_keeps_leaves(backend):
    model = nn.Linear(3, 2)
    opt = xp.optim.Adam(model.parameters(), lr=0.1)
    loss = xp.sum(model(xp.ones((4, 3), dtype=xp.float32)) ** 2)
    loss.backward()
    before = [id(p) for p in model.parameters()]
    opt.step()
    assert [id(p) for p in model.parameters()] == before
    assert all(p.is_leaf and p.grad_fn is None for p in model.parameters())
    assert all(not s["exp_avg"].requires_grad for s in opt.state.values())


def test_param_groups_have_their_own_options(backend):
    a, b = _param([1.0]), _param([1.0])
    opt = xp.optim.SGD([{"params": [a]}, {"params": [b], "lr": 1.0}], lr=0.1)
    _set_grad(a, [1.0])
    _set_grad(b, [1.0])
    opt.step()
    assert_close(a, [0.9]) and assert_close(b, [0.0])
    assert opt.param_groups[1]["momentum"] == 0
    c = _param([2.0])
    opt.add_param_group({"params": c, "lr": 0.5})
    assert opt.param_groups[2]["lr"] == 0.5
    with pytest.raises(ValueError, match="more than one parameter group"):
        opt.add_param_group({"params": [a]})
    with pytest.raises(ValueError, match="empty parameter list"):
        xp.optim.SGD([], lr=0.1)


def test_zero_grad_defaults_to_none(backend):
    p = _param([1.0])
    opt = xp.optim.SGD([p], lr=0.1)
    _set_grad(p, [3.0])
    opt.zero_grad(set_to_none=False)
    assert flat(p.grad) == [0.0]
    opt.zero_grad()
    assert p.grad is None
    opt.step()                                 # parameters without gradients are skipped
    assert flat(p) == [1.0]


def test_optimizer_state_dict_round_trip_continues_identically(backend, tmp_path):
    def make():
        xp.manual_seed(0)
        model = nn.Linear(2, 1)
        return model, xp.optim.Adam(model.parameters(), lr=0.05, amsgrad=True)

    def train(model, opt, steps):
        x = xp.reshape(xp.arange(6.0, dtype=xp.float32), (3, 2))
        for _ in range(steps):
            opt.zero_grad()
            xp.sum(model(x) ** 2).backward()
            opt.step()

    m1, o1 = make()
    train(m1, o1, 3)
    path = tmp_path / "ckpt.safetensors"
    xp.save({"model": m1.state_dict(), "optim": o1.state_dict()}, path)
    m2, o2 = make()
    ck = xp.load(path)
    m2.load_state_dict(ck["model"])
    o2.load_state_dict(ck["optim"])
    assert o2.param_groups[0]["betas"] == (0.9, 0.999)
    train(m1, o1, 2)
    train(m2, o2, 2)
    assert_close(m1.weight, m2.weight, 1e-7)
    assert o2.state[m2.weight]["step"] == 5
    sd = o1.state_dict()
    assert sorted(sd["state"]) == [0, 1] and sd["param_groups"][0]["params"] == [0, 1]
    with pytest.raises(ValueError, match="size of optimizer's group"):
        xp.optim.SGD([m1.weight], lr=0.1).load_state_dict(o1.state_dict())


def test_optimizer_repr_lists_groups():
    opt = xp.optim.SGD([_param([1.0])], lr=0.1)
    text = repr(opt)
    assert text.startswith("SGD (\nParameter Group 0\n") and "    lr: 0.1\n" in text


def _quadratic_closure(p, opt, a, b):
    def closure():
        opt.zero_grad()
        # f(p) = sum a_i (p_i - b_i)^2 / 2 + 0.1 (p_0 p_1)^2
        loss = xp.sum(a * (p - b) ** 2) / 2 + 0.1 * (p[0] * p[1]) ** 2
        loss.backward()
        return loss
    return closure


@pytest.mark.parametrize("line_search", [None, "strong_wolfe"])
def test_lbfgs_minimises_a_smooth_function(backend, line_search):
    p = _param([3.0, -2.0, 1.0])
    a = xp.asarray([1.0, 10.0, 3.0])
    b = xp.asarray([1.0, 2.0, -1.0])
    opt = xp.optim.LBFGS([p], lr=1 if line_search else 0.5, max_iter=50, history_size=5,
                         line_search_fn=line_search)
    closure = _quadratic_closure(p, opt, a, b)
    first = closure().item()
    for _ in range(5):
        opt.step(closure)
    final = closure()
    assert final.item() < first
    assert xp.max(xp.abs(p.grad)).item() < 1e-4


def test_lbfgs_rosenbrock_with_strong_wolfe(backend):
    p = _param([-1.5, 2.0])
    opt = xp.optim.LBFGS([p], lr=1, max_iter=200, line_search_fn="strong_wolfe")

    def closure():
        opt.zero_grad()
        loss = (1 - p[0]) ** 2 + 100 * (p[1] - p[0] ** 2) ** 2
        loss.backward()
        return loss
    opt.step(closure)
    assert_close(p, [1.0, 1.0], 1e-4)
    with pytest.raises(RuntimeError, match="closure"):
        opt.step()
    with pytest.raises(ValueError, match="strong_wolfe"):
        xp.optim.LBFGS([p], line_search_fn="armijo")


@pytest.mark.parametrize("line_search", [None, "strong_wolfe"])
def test_lbfgs_takes_complex_parameters_as_their_real_views(backend, line_search):
    # as PyTorch's LBFGS (view_as_real); the dot products of complex gradients raised before
    z = xp.asarray([0j, 0j], requires_grad=True)
    w = _param([3.0])
    target = xp.asarray([1 + 2j, -1 + 0.5j])
    opt = xp.optim.LBFGS([z, w], lr=1, line_search_fn=line_search)

    def closure():
        opt.zero_grad()
        loss = xp.sum(xp.real((z - target) * xp.conj(z - target))) + xp.sum((w - 2.0) ** 2)
        loss.backward()
        return loss
    for _ in range(5):
        opt.step(closure)
    assert all(abs(a - b) < 1e-6 for a, b in zip(z.tolist(), [1 + 2j, -1 + 0.5j]))
    assert_close(w, [2.0], 1e-6)


def test_optimizers_train_a_small_network(backend):
    xp.manual_seed(0)
    x = xp.reshape(xp.asarray([0.0, 0.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0], dtype=xp.float32),
                   (4, 2))
    y = xp.asarray([0, 1, 1, 0])
    for make in (lambda p: xp.optim.Adam(p, lr=0.05), lambda p: xp.optim.RMSprop(p, lr=0.01),
                 lambda p: xp.optim.SGD(p, lr=0.5, momentum=0.9),
                 lambda p: xp.optim.Adagrad(p, lr=0.3)):
        xp.manual_seed(1)
        model = nn.Sequential(nn.Linear(2, 8), nn.Tanh(), nn.Linear(8, 2))
        opt = make(model.parameters())
        for _ in range(150):
            opt.zero_grad()
            loss = nn.functional.cross_entropy(model(x), y)
            loss.backward()
            opt.step()
        assert loss.item() < 0.1, (opt, loss.item())


@pytest.mark.parametrize("make", [
    lambda ps: xp.optim.SGD(ps, lr=0.1, momentum=0.9, nesterov=True, weight_decay=0.1),
    lambda ps: xp.optim.Adam(ps, lr=0.1),
    lambda ps: xp.optim.AdamW(ps, lr=0.1, amsgrad=True),
    lambda ps: xp.optim.RMSprop(ps, lr=0.01, momentum=0.5, centered=True, weight_decay=0.1),
    lambda ps: xp.optim.Adagrad(ps, lr=0.1, lr_decay=0.01),
], ids=["SGD", "Adam", "AdamW-amsgrad", "RMSprop-centered", "Adagrad"])
def test_a_complex_parameter_is_optimized_as_its_real_and_imaginary_parts(make, backend):
    # PyTorch's convention (view_as_real): two real parameters with their own statistics.
    # Squaring a complex gradient instead mixed the parts (Adam moved the imaginary part by
    # 1e-9 where it should move by lr)
    z = xp.asarray([1.0 + 0.5j, -2.0 + 0.0j], requires_grad=True)
    parts = xp.asarray([1.0, -2.0, 0.5, 0.0], requires_grad=True)
    oz, op = make([z]), make([parts])
    grads = [[1 + 2j, -0.5 + 0.1j], [0.3 - 1j, 2 + 0j], [-1 + 0.5j, 0.2 - 0.2j]]
    for g in grads:
        z.grad = xp.asarray(g)
        parts.grad = xp.asarray([v.real for v in g] + [v.imag for v in g])
        oz.step()
        op.step()
    expected = [complex(a, b) for a, b in zip(flat(parts)[:2], flat(parts)[2:])]
    for got, want in zip(z.tolist(), expected):
        assert abs(got - want) < 1e-12


@pytest.mark.parametrize("call, error, match", [
    (lambda p: xp.optim.SGD(p, lr=-1.0), ValueError, "Invalid learning rate: -1"),
    (lambda p: xp.optim.SGD(p, lr=xp.asarray(0.1)), TypeError, r"float\(x\)"),
    (lambda p: xp.optim.Adam(p, lr="0.1"), TypeError, "learning rate: expected a Python number"),
    (lambda p: xp.optim.Adam(p, eps=-1e-8), ValueError, "Invalid epsilon value: -1e-08"),
    (lambda p: xp.optim.Adam(p, betas=0.9), TypeError, "Invalid betas"),
    (lambda p: xp.optim.Adam(p, betas=(0.9, 1.0)), ValueError, "beta parameter at index 1"),
    (lambda p: xp.optim.RMSprop(p, alpha=float("nan")), ValueError, "Invalid alpha value: nan"),
    (lambda p: xp.optim.Adagrad(p, lr_decay=-1), ValueError, "Invalid lr_decay value: -1"),
])
def test_bad_hyperparameters_are_named(call, error, match, backend):
    with pytest.raises(error, match=match):
        call([_param([1.0])])
