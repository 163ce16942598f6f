"""nn.init: PyTorch's formulas (bounds, standard deviations, gains), in place, reproducible,
on every backend; and nn.utils (gradient clipping, flat parameter vectors)."""

from __future__ import annotations

import math

import pytest

import gradarray as xp
from gradarray import nn
from tests.nn._helpers import assert_close, flat


def test_calculate_gain_table():
    assert nn.init.calculate_gain("linear") == 1.0
    assert nn.init.calculate_gain("conv2d") == 1.0
    assert nn.init.calculate_gain("sigmoid") == 1.0
    assert nn.init.calculate_gain("tanh") == pytest.approx(5 / 3)
    assert nn.init.calculate_gain("relu") == pytest.approx(math.sqrt(2))
    assert nn.init.calculate_gain("leaky_relu") == pytest.approx(math.sqrt(2 / (1 + 0.01 ** 2)))
    assert nn.init.calculate_gain("leaky_relu", 0.2) == pytest.approx(math.sqrt(2 / 1.04))
    assert nn.init.calculate_gain("selu") == 0.75
    with pytest.raises(ValueError, match="Unsupported nonlinearity"):
        nn.init.calculate_gain("swish")


def test_uniform_bounds_of_xavier_and_kaiming(backend):
    w = xp.empty((64, 32), dtype=xp.float32)
    out = nn.init.xavier_uniform_(w, gain=2.0)
    assert out is w
    bound = 2.0 * math.sqrt(6 / (32 + 64))
    vals = flat(w)
    assert max(abs(v) for v in vals) <= bound and max(abs(v) for v in vals) > 0.8 * bound
    nn.init.kaiming_uniform_(w, mode="fan_out", nonlinearity="relu")
    bound = math.sqrt(2) * math.sqrt(3 / 64)
    assert max(abs(v) for v in flat(w)) <= bound + 1e-7


def test_normal_standard_deviations(backend):
    w = xp.empty((200, 100), dtype=xp.float64)
    nn.init.kaiming_normal_(w, nonlinearity="relu")
    assert xp.std(w).item() == pytest.approx(math.sqrt(2 / 100), rel=0.05)
    nn.init.xavier_normal_(w)
    assert xp.std(w).item() == pytest.approx(math.sqrt(2 / 300), rel=0.05)
    nn.init.normal_(w, mean=3.0, std=0.5)
    assert xp.mean(w).item() == pytest.approx(3.0, abs=0.02)


def test_trunc_normal_stays_inside_its_bounds(backend):
    w = xp.empty((500,), dtype=xp.float32)
    nn.init.trunc_normal_(w, std=1.0, a=-0.5, b=0.5)
    vals = flat(w)
    assert min(vals) >= -0.5 and max(vals) <= 0.5 and len(set(vals)) > 100


def test_constant_initialisers(backend):
    w = xp.empty((3, 3), dtype=xp.float32, requires_grad=True)
    nn.init.constant_(w, 0.25)
    assert flat(w) == [0.25] * 9 and w.requires_grad and w.grad_fn is None
    nn.init.eye_(w)
    assert_close(w, xp.eye(3))
    nn.init.zeros_(w)
    assert flat(w) == [0.0] * 9
    nn.init.ones_(w)
    assert flat(w) == [1.0] * 9
    conv = xp.empty((2, 2, 3, 3))
    nn.init.dirac_(conv)
    x = xp.reshape(xp.arange(32.0), (1, 2, 4, 4))
    assert_close(nn.functional.conv2d(x, conv, padding=1), x)


def test_orthogonal_gives_orthonormal_rows(backend):
    w = xp.empty((3, 5), dtype=xp.float64)
    nn.init.orthogonal_(w)
    assert_close(w @ w.T, xp.eye(3), 1e-10)
    tall = xp.empty((5, 3), dtype=xp.float64)
    nn.init.orthogonal_(tall, gain=2.0)
    assert_close(tall.T @ tall, 4 * xp.eye(3), 1e-10)


def test_initialisation_is_reproducible_with_a_seed_or_generator(backend):
    a, b = xp.empty((4, 4)), xp.empty((4, 4))
    nn.init.uniform_(a, generator=xp.random.Generator(3))
    nn.init.uniform_(b, generator=xp.random.Generator(3))
    assert flat(a) == flat(b)
    xp.manual_seed(7)
    first = nn.Linear(3, 3).weight.tolist()
    xp.manual_seed(7)
    assert nn.Linear(3, 3).weight.tolist() == first


def test_fans_need_two_dimensions():
    with pytest.raises(ValueError, match="fewer than 2 dimensions"):
        nn.init.xavier_uniform_(xp.empty((3,)))


def test_clip_grad_norm_and_value(backend):
    a = xp.asarray([3.0, 0.0], requires_grad=True)
    b = xp.asarray([[4.0]], requires_grad=True)
    a.grad = xp.asarray([3.0, 0.0])
    b.grad = xp.asarray([[4.0]])
    total = nn.utils.clip_grad_norm_([a, b], max_norm=1.0)
    assert total.item() == pytest.approx(5.0)
    assert_close(a.grad, [0.6, 0.0], 1e-5)
    assert_close(b.grad, [[0.8]], 1e-5)
    assert nn.utils.clip_grad_norm_([a, b], max_norm=10.0).item() == pytest.approx(1.0, rel=1e-5)
    nn.utils.clip_grad_value_([a, b], 0.7)
    assert_close(b.grad, [[0.7]], 1e-6)


def test_parameters_vector_round_trip(backend):
    model = nn.Linear(2, 3)
    vec = nn.utils.parameters_to_vector(model.parameters())
    assert vec.shape == (9,)
    nn.utils.vector_to_parameters(xp.zeros(9, dtype=xp.float32), model.parameters())
    assert flat(model.weight) == [0.0] * 6 and flat(model.bias) == [0.0] * 3
