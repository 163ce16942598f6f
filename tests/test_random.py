"""gradarray.random: shapes, dtypes, devices, requires_grad, reproducibility on every backend,
the distributions' moments, and bad input."""

from __future__ import annotations

import math

import pytest

import gradarray as xp
from gradarray import random as xr
from tests.spec.helpers import Bad, check_bad, ids, raises_named

N = 20_000      # samples for the moment checks: standard errors of about 1 / sqrt(N)


def _moments(x: xp.Array) -> tuple[float, float]:
    x = xp.astype(xp.reshape(x, (-1,)), xp.float64)
    return xp.mean(x).item(), xp.var(x).item()


# ------------------------------------------------------------------ shapes
@pytest.mark.parametrize("fn", [xr.rand, xr.randn])
def test_shapes_as_varargs_or_a_tuple(fn, backend):
    assert fn(2, 3).shape == (2, 3)
    assert fn((2, 3)).shape == (2, 3)
    assert fn([4]).shape == (4,)
    assert fn().shape == ()
    assert fn(0, 5).shape == (0, 5)


@pytest.mark.parametrize("call", [
    lambda size: xr.uniform(0.0, 1.0, size), lambda size: xr.normal(0.0, 1.0, size),
    lambda size: xr.randint(0, 5, size), lambda size: xr.bernoulli(0.5, size)])
def test_size_as_an_int_or_a_tuple(call, backend):
    assert call(3).shape == (3,)
    assert call((2, 2)).shape == (2, 2)
    assert call(()).shape == ()


def test_default_and_chosen_dtypes(backend):
    assert xr.rand(2).dtype is xp.float64
    assert xr.randn(2, dtype=xp.float32).dtype is xp.float32
    assert xr.uniform(size=2, dtype=xp.float32).dtype is xp.float32
    assert xr.randint(0, 5, 3).dtype is xp.int64
    assert xr.randint(0, 5, 3, dtype=xp.uint8).dtype is xp.uint8
    assert xr.permutation(4).dtype is xp.int64
    assert xr.bernoulli(0.5, 3).dtype is xp.float64


def test_device_argument(two_devices):
    for dev in two_devices:
        for out in (xr.rand(3, device=dev), xr.randn(3, device=dev),
                    xr.uniform(size=3, device=dev), xr.normal(size=3, device=dev),
                    xr.randint(0, 4, 3, device=dev), xr.permutation(3, device=dev),
                    xr.bernoulli(0.5, 3, device=dev)):
            assert out.device is dev


def test_requires_grad_gives_leaves(backend):
    for out in (xr.rand(3, requires_grad=True), xr.randn(3, requires_grad=True),
                xr.uniform(0.0, 2.0, 3, requires_grad=True),
                xr.normal(1.0, 2.0, 3, requires_grad=True)):
        assert out.requires_grad and out.is_leaf and out.grad_fn is None
        xp.sum(out * out).backward()
        assert out.grad is not None and out.grad.shape == (3,)
    assert not xr.rand(3).requires_grad


# ------------------------------------------------------------------ reproducibility
def _draws(generator=None):
    kw = {} if generator is None else {"generator": generator}
    return [xr.rand(5, **kw).tolist(), xr.randn(5, **kw).tolist(),
            xr.randint(0, 100, 5, **kw).tolist(), xr.permutation(6, **kw).tolist(),
            xr.uniform(-1.0, 1.0, 5, **kw).tolist(), xr.normal(2.0, 3.0, 5, **kw).tolist(),
            xr.bernoulli(0.5, 5, **kw).tolist()]


def test_manual_seed_reproduces_the_numbers(backend):
    xr.manual_seed(1234)
    first = _draws()
    xr.manual_seed(1234)
    assert _draws() == first
    xr.manual_seed(1235)
    assert _draws() != first
    assert xp.manual_seed is xr.manual_seed
    assert xr.manual_seed(7) is xr.default_generator and xr.initial_seed() == 7


def test_generator_objects_are_independent(backend):
    g1, g2 = xr.Generator(42), xr.Generator(42)
    a = _draws(g1)
    xr.manual_seed(0)
    _draws()                     # the default generator advancing changes nothing for g2
    assert _draws(g2) == a
    assert _draws(g1) != a       # g1 moved on
    g1.manual_seed(42)
    assert _draws(g1) == a
    state = g2.get_state()
    b = _draws(g2)
    g2.set_state(state)
    assert _draws(g2) == b
    assert g1.initial_seed() == 42 and "seed=42" in repr(g1)


def test_seed_reproduces_on_a_namespace_backend(two_devices):
    # backends without an "rng" kernel draw on the host: reproducible as well
    a, b = two_devices
    g = xr.Generator(3)
    first = xr.randn(4, device=a, generator=g).tolist()
    g.manual_seed(3)
    assert xr.randn(4, device=a, generator=g).tolist() == first
    assert xr.randint(0, 10, 4, device=b, generator=xr.Generator(5)).tolist() == \
        xr.randint(0, 10, 4, device=b, generator=xr.Generator(5)).tolist()


# ------------------------------------------------------------------ distributions
def test_rand_and_uniform_moments(backend):
    xr.manual_seed(0)
    m, v = _moments(xr.rand(N))
    assert abs(m - 0.5) < 0.01 and abs(v - 1 / 12) < 0.005
    x = xr.uniform(2.0, 5.0, N)
    m, v = _moments(x)
    assert abs(m - 3.5) < 0.03 and abs(v - 0.75) < 0.04
    assert xp.min(x).item() >= 2.0 and xp.max(x).item() < 5.0
    r = xr.rand(N, dtype=xp.float32)
    assert 0.0 <= xp.min(r).item() and xp.max(r).item() < 1.0


def test_randn_and_normal_moments(backend):
    xr.manual_seed(1)
    m, v = _moments(xr.randn(N))
    assert abs(m) < 0.03 and abs(v - 1.0) < 0.05
    m, v = _moments(xr.normal(3.0, 2.0, N))
    assert abs(m - 3.0) < 0.06 and abs(v - 4.0) < 0.2
    z = xr.randn(N)
    inside = xp.mean(xp.astype(xp.abs(z) < 1.96, xp.float64)).item()
    assert abs(inside - 0.95) < 0.01


def test_randint_moments_and_range(backend):
    xr.manual_seed(2)
    x = xr.randint(0, 10, N)
    m, v = _moments(x)
    assert abs(m - 4.5) < 0.1 and abs(v - 8.25) < 0.3
    assert xp.min(x).item() == 0 and xp.max(x).item() == 9
    y = xr.randint(5, size=100)             # one bound: [0, 5)
    assert 0 <= xp.min(y).item() and xp.max(y).item() <= 4
    z = xr.randint(-128, 128, 1000, dtype=xp.int8)
    assert xp.min(z).item() >= -128 and xp.max(z).item() <= 127


def test_permutation_is_a_permutation(backend):
    xr.manual_seed(3)
    p = xr.permutation(50)
    assert sorted(p.tolist()) == list(range(50)) and p.tolist() != list(range(50))
    x = xp.reshape(xp.arange(12.0), (4, 3))
    rows = xr.permutation(x)
    assert sorted(r[0] for r in rows.tolist()) == [0.0, 3.0, 6.0, 9.0]
    assert xr.permutation(0).shape == (0,)


def test_bernoulli_frequency(backend):
    xr.manual_seed(4)
    m, _ = _moments(xr.bernoulli(0.3, N))
    assert abs(m - 0.3) < 0.015
    p = xp.asarray([0.0, 1.0, 0.5])
    draws = xr.bernoulli(xp.broadcast_to(p, (N, 3)))
    means = xp.mean(draws, axis=0).tolist()
    assert means[0] == 0.0 and means[1] == 1.0 and abs(means[2] - 0.5) < 0.015
    assert set(xr.bernoulli(0.5, 100).tolist()) <= {0.0, 1.0}


def test_variance_scales_with_std(backend):
    # a property: normal(0, s) / s has unit variance for any positive s
    xr.manual_seed(5)
    for s in (0.1, 1.0, 30.0):
        _, v = _moments(xr.normal(0.0, s, N) / s)
        assert math.isclose(v, 1.0, abs_tol=0.05)


# ------------------------------------------------------------------ bad input
CASES = [
    Bad("rand", lambda: xr.rand(2.0), TypeError, "size"),
    Bad("rand", lambda: xr.rand(-1), ValueError, "size"),
    Bad("rand", lambda: xr.rand(True), TypeError, "size"),
    Bad("rand", lambda: xr.rand("2"), TypeError, "size"),
    Bad("rand", lambda: xr.rand((2, 3), 4), TypeError, "size"),
    Bad("rand", lambda: xr.rand(2, dtype=xp.int32), TypeError, "dtype"),
    Bad("rand", lambda: xr.rand(2, dtype="float32"), TypeError, "dtype"),
    Bad("rand", lambda: xr.rand(2, device="nowhere:0"), ValueError, "device"),
    Bad("rand", lambda: xr.rand(2, requires_grad="yes"), TypeError, "requires_grad"),
    Bad("rand", lambda: xr.rand(2, requires_grad=xp.ones(2)), TypeError, "requires_grad"),
    Bad("rand", lambda: xr.rand(2, generator=0), TypeError, "generator"),
    Bad("randn", lambda: xr.randn(2, dtype=xp.complex64), TypeError, "dtype"),
    Bad("randn", lambda: xr.randn((2, -2)), ValueError, "size"),
    Bad("uniform", lambda: xr.uniform("0", 1.0), TypeError, "low"),
    Bad("uniform", lambda: xr.uniform(0.0, None), TypeError, "high"),
    Bad("uniform", lambda: xr.uniform(2.0, 1.0), ValueError, "low, high"),
    Bad("uniform", lambda: xr.uniform(0.0, math.inf), ValueError, "low, high"),
    Bad("uniform", lambda: xr.uniform(math.nan, 1.0), ValueError, "low, high"),
    Bad("uniform", lambda: xr.uniform(-3e38, 3e38, dtype=xp.float32), ValueError, "low, high"),
    Bad("uniform", lambda: xr.uniform(0.0, 1.0, 2.5), TypeError, "size"),
    Bad("uniform", lambda: xr.uniform(0.0, 1.0, 2, generator="g"), TypeError, "generator"),
    Bad("normal", lambda: xr.normal(0.0, -1.0), ValueError, "std"),
    Bad("normal", lambda: xr.normal(0.0, math.nan), ValueError, "std"),
    Bad("normal", lambda: xr.normal([0.0], 1.0), TypeError, "mean"),
    Bad("normal", lambda: xr.normal(0.0, 1.0, 2, dtype=xp.int8), TypeError, "dtype"),
    Bad("randint", lambda: xr.randint(5, 5), ValueError, "low, high"),
    Bad("randint", lambda: xr.randint(0.0, 5), TypeError, "low"),
    Bad("randint", lambda: xr.randint(0, 5.0), TypeError, "high"),
    Bad("randint", lambda: xr.randint(0, 300, 2, dtype=xp.uint8), ValueError, "low, high"),
    Bad("randint", lambda: xr.randint(0, 5, 2, dtype=xp.float32), TypeError, "dtype"),
    Bad("randint", lambda: xr.randint(0, 5, -2), ValueError, "size"),
    Bad("randint", lambda: xr.randint(0, 5, 2, generator=1), TypeError, "generator"),
    Bad("permutation", lambda: xr.permutation(-1), ValueError, "x"),
    Bad("permutation", lambda: xr.permutation(2.5), TypeError, "x"),
    Bad("permutation", lambda: xr.permutation(True), TypeError, "x"),
    Bad("permutation", lambda: xr.permutation(xp.asarray(1.0)), ValueError, "x"),
    Bad("permutation", lambda: xr.permutation(3, generator=[]), TypeError, "generator"),
    Bad("bernoulli", lambda: xr.bernoulli(1.5), ValueError, "p"),
    Bad("bernoulli", lambda: xr.bernoulli(xp.asarray([0.5, 2.0])), ValueError, "p"),
    Bad("bernoulli", lambda: xr.bernoulli(xp.asarray([math.nan])), ValueError, "p"),
    Bad("bernoulli", lambda: xr.bernoulli("0.5"), TypeError, "p"),
    Bad("bernoulli", lambda: xr.bernoulli(xp.asarray([1, 0])), TypeError, "p"),
    Bad("bernoulli", lambda: xr.bernoulli(0.5, 2, dtype=xp.int8), TypeError, "dtype"),
    Bad("bernoulli", lambda: xr.bernoulli(0.5, 2, generator=2), TypeError, "generator"),
    Bad("manual_seed", lambda: xr.manual_seed("1"), TypeError, "seed"),
    Bad("manual_seed", lambda: xr.manual_seed(1.0), TypeError, "seed"),
    Bad("manual_seed", lambda: xr.manual_seed(2**64), ValueError, "seed"),
    Bad("manual_seed", lambda: xr.manual_seed(-2**63 - 1), ValueError, "seed"),
    Bad("manual_seed", lambda: xr.Generator(True), TypeError, "seed"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_random_bad_input(case, backend):
    check_bad(case)


def test_integer_samples_cannot_require_grad(backend):
    with pytest.raises(TypeError):
        xr.randint(0, 5, 3, requires_grad=True)
    with raises_named(TypeError, "rand", "requires_grad"):
        xr.rand(2, requires_grad=1)
