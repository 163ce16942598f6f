"""nn.functional: activations against closed forms, stability, and gradients checked by finite
differences on every backend; convolution and pooling through the backend kernel and the
generic fallback, checked against each other, against hand-computed values and by
gradcheck / gradgradcheck."""

from __future__ import annotations

import math
import sys

import pytest

import gradarray as xp
import gradarray.nn.functional as F
from gradarray.autograd import gradcheck, gradgradcheck
from gradarray.nn._functional.conv import kernels_disabled
from tests.nn._helpers import assert_close, distinct, flat, rand

POINTS = [-3.0, -1.2, -0.3, 0.4, 1.1, 2.5]


def _sigmoid(v: float) -> float:
    return 1 / (1 + math.exp(-v))


ACTIVATIONS = {
    "relu": (F.relu, lambda v: max(v, 0.0)),
    "relu6": (F.relu6, lambda v: min(max(v, 0.0), 6.0)),
    "leaky_relu": (lambda x: F.leaky_relu(x, 0.2), lambda v: v if v > 0 else 0.2 * v),
    "elu": (lambda x: F.elu(x, 1.5), lambda v: v if v > 0 else 1.5 * math.expm1(v)),
    "selu": (F.selu, lambda v: 1.0507009873554805 * (v if v > 0 else
                                                     1.6732632423543772 * math.expm1(v))),
    "celu": (lambda x: F.celu(x, 2.0), lambda v: v if v > 0 else 2.0 * math.expm1(v / 2)),
    "gelu": (F.gelu, lambda v: 0.5 * v * (1 + math.erf(v / math.sqrt(2)))),
    "gelu_tanh": (lambda x: F.gelu(x, approximate="tanh"),
                  lambda v: 0.5 * v * (1 + math.tanh(math.sqrt(2 / math.pi) *
                                                     (v + 0.044715 * v ** 3)))),
    "silu": (F.silu, lambda v: v * _sigmoid(v)),
    "mish": (F.mish, lambda v: v * math.tanh(math.log1p(math.exp(v)))),
    "sigmoid": (F.sigmoid, _sigmoid),
    "tanh": (F.tanh, math.tanh),
    "softplus": (lambda x: F.softplus(x, beta=2.0), lambda v: math.log1p(math.exp(2 * v)) / 2),
    "logsigmoid": (F.logsigmoid, lambda v: math.log(_sigmoid(v))),
    "softsign": (F.softsign, lambda v: v / (1 + abs(v))),
    "hardtanh": (F.hardtanh, lambda v: min(max(v, -1.0), 1.0)),
    "hardsigmoid": (F.hardsigmoid, lambda v: min(max(v / 6 + 0.5, 0.0), 1.0)),
    "hardswish": (F.hardswish, lambda v: v * min(max(v / 6 + 0.5, 0.0), 1.0)),
    "hardshrink": (F.hardshrink, lambda v: v if abs(v) > 0.5 else 0.0),
    "softshrink": (F.softshrink, lambda v: v - 0.5 if v > 0.5 else v + 0.5 if v < -0.5 else 0.0),
    "tanhshrink": (F.tanhshrink, lambda v: v - math.tanh(v)),
    "threshold": (lambda x: F.threshold(x, 0.5, -2.0), lambda v: v if v > 0.5 else -2.0),
}


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_values_match_closed_form(backend, name):
    fn, ref = ACTIVATIONS[name]
    x = xp.asarray(POINTS)
    assert_close(fn(x), [ref(v) for v in POINTS], 1e-12)


def test_gelu_erf_is_exact_to_float64(backend):
    # Cody's approximations: the same values as math.erf (PyTorch's float64 GELU) to 1e-15,
    # across the three ranges, their boundaries and the tails; no warnings from any branch
    import warnings
    pts = [-40.0, -26.0, -4.0, -3.99, -1.2, -0.46875, -0.1, 0.0, 1e-200, 0.3, 0.46876, 2.5,
           4.0, 4.01, 9.0, 30.0, math.inf]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = F.gelu(xp.asarray(pts) * math.sqrt(2.0)).tolist()
    for v, g in zip(pts, got):
        exp = 0.5 * v * math.sqrt(2.0) * (1 + math.erf(v))
        assert (math.isnan(g) if math.isnan(exp) else
                g == exp or abs(g - exp) <= 1e-15 * (1 + abs(exp))), (v, g, exp)


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_gradient_matches_finite_differences(backend, name):
    fn, _ = ACTIVATIONS[name]
    x = xp.asarray([-2.7, -0.8, 0.3, 1.7], requires_grad=True)   # away from every kink
    assert gradcheck(fn, (x,))


def test_relu_gradient_at_zero_is_zero_as_pytorch(backend):
    x = xp.asarray([-1.0, 0.0, 2.0], requires_grad=True)
    xp.sum(F.relu(x)).backward()
    assert flat(x.grad) == [0.0, 0.0, 1.0]


@pytest.mark.parametrize("fn, x, grad", [
    (F.hardtanh, [-1.0, -0.5, 1.0, 2.0], [0.0, 1.0, 0.0, 0.0]),
    (F.relu6, [0.0, 3.0, 6.0, 7.0], [0.0, 1.0, 0.0, 0.0]),
    (F.hardsigmoid, [-3.0, 0.0, 3.0], [0.0, 1 / 6, 0.0]),
    (F.hardswish, [-3.0, 0.0, 3.0], [0.0, 0.5, 1.0])])
def test_hardtanh_family_gradient_is_zero_at_the_bounds_as_pytorch(backend, fn, x, grad):
    x = xp.asarray(x, requires_grad=True)
    xp.sum(fn(x)).backward()
    assert flat(x.grad) == pytest.approx(grad)
    (g,) = xp.autograd.grad(xp.sum(fn(x)), [x], create_graph=True)   # the recorded rule too
    assert flat(g) == pytest.approx(grad)


def test_activations_are_finite_at_extreme_inputs(backend):
    x = xp.asarray([-1000.0, -50.0, 50.0, 1000.0], requires_grad=True)
    for fn in (F.sigmoid, F.logsigmoid, F.softplus, F.silu, F.elu, F.mish, F.gelu):
        y = fn(x)
        xp.sum(y).backward()
        assert bool(xp.all(xp.isfinite(y))), fn
        assert bool(xp.all(xp.isfinite(x.grad))), fn
        x.grad = None
    assert_close(F.sigmoid(x), [0.0, math.exp(-50), 1.0, 1.0], 1e-12)
    assert_close(F.logsigmoid(x), [-1000.0, -50.0, -math.exp(-50), 0.0], 1e-12)


def test_relu_inplace_modifies_its_input(backend):
    x = xp.asarray([-1.0, 2.0])
    out = F.relu(x, inplace=True)
    assert out is x and flat(x) == [0.0, 2.0]


@pytest.mark.parametrize("view", ["slice", "transpose"])
@pytest.mark.parametrize("fn", [F.relu, F.elu, F.silu, F.hardtanh])
def test_inplace_activation_of_a_view_changes_the_base_when_recorded_too(backend, fn, view):
    # with grad the result used to be rebound to the view, leaving the base as it was (and
    # the gradient of the base's later uses wrong); without grad it was written through
    def run(grad):
        x = xp.asarray([[-0.5, 2.0], [0.3, -4.0]], requires_grad=grad)
        y = x * 1.0
        v = y[:, :1] if view == "slice" else y.T
        fn(v, inplace=True)
        return x, xp.sum(y * xp.asarray([[1.0, 2.0], [3.0, 4.0]]))
    with xp.no_grad():
        _, expected = run(False)
    x, loss = run(True)
    assert loss.item() == pytest.approx(expected.item())
    loss.backward()
    with xp.no_grad():
        x2 = xp.asarray([[-0.5, 2.0], [0.3, -4.0]]) * 1.0
        eps, num = 1e-6, []
        for i in range(2):
            for j in range(2):
                up, down = xp.asarray(x2, copy=True), xp.asarray(x2, copy=True)
                up[i, j] += eps
                down[i, j] -= eps
                f = []
                for a in (up, down):
                    y = a * 1.0
                    fn(y[:, :1] if view == "slice" else y.T, inplace=True)
                    f.append(xp.sum(y * xp.asarray([[1.0, 2.0], [3.0, 4.0]])).item())
                num.append((f[0] - f[1]) / (2 * eps))
    assert flat(x.grad) == pytest.approx(num, abs=1e-5)


def test_prelu_and_glu_values(backend):
    x = xp.reshape(xp.asarray([-1.0, 2.0, -3.0, 4.0]), (1, 2, 2))
    w = xp.asarray([0.1, 0.5])
    assert_close(F.prelu(x, w), [-0.1, 2.0, -1.5, 4.0])
    v = xp.asarray([[1.0, 2.0, 0.0, -1.0]])
    assert_close(F.glu(v), [[1.0 * 0.5, 2.0 * _sigmoid(-1.0)]], 1e-12)


def test_softmax_and_log_softmax_are_stable_and_normalised(backend):
    x = xp.asarray([[1000.0, 1001.0, 1002.0], [-1000.0, 0.0, 1000.0]])
    s = F.softmax(x, dim=1)
    ls = F.log_softmax(x, dim=1)
    e = [math.exp(-2), math.exp(-1), 1.0]
    assert_close(s[0], [v / sum(e) for v in e], 1e-12)
    assert_close(xp.sum(s, axis=1), [1.0, 1.0], 1e-12)
    assert_close(ls[0], [math.log(v / sum(e)) for v in e], 1e-12)
    assert_close(ls[1], [-2000.0, -1000.0, 0.0], 1e-12)
    assert bool(xp.all(xp.isfinite(ls)))
    assert_close(F.softmin(x, dim=1)[0], list(reversed([v / sum(e) for v in e])), 1e-12)


def test_softmax_without_dim_warns_and_picks_pytorchs_axis():
    x = xp.ones((2, 3))
    with pytest.warns(UserWarning, match="Implicit dimension"):
        s = F.softmax(x)
    assert_close(s, [[1 / 3] * 3] * 2)


@pytest.mark.parametrize("fn", [F.softmax, F.log_softmax], ids=["softmax", "log_softmax"])
def test_softmax_family_second_derivatives(backend, fn):
    x = rand(2, 3, seed=1, requires_grad=True)
    assert gradcheck(lambda t: fn(t, dim=1), (x,))
    assert gradgradcheck(lambda t: fn(t, dim=1), (x,))


def test_primitive_activations_second_derivatives(backend):
    x = xp.asarray([-1.3, 0.2, 0.9], requires_grad=True)
    for fn in (F.sigmoid, F.gelu, F.relu):
        assert gradgradcheck(fn, (x,)), fn


def test_normalize_and_distances(backend):
    x = xp.asarray([[3.0, 4.0], [0.0, 0.0]])
    assert_close(F.normalize(x, dim=1), [[0.6, 0.8], [0.0, 0.0]])
    a, b = xp.asarray([[1.0, 0.0]]), xp.asarray([[0.0, 2.0]])
    assert_close(F.cosine_similarity(a, b), [0.0])
    assert_close(F.pairwise_distance(a, b, eps=0.0), [math.sqrt(5)])


# --------------------------------------------------------------------- linear
@pytest.mark.parametrize("shape", [(4,), (3, 4), (2, 3, 4)])
def test_linear_matches_matmul_and_gradchecks(backend, shape):
    x = rand(*shape, seed=1, requires_grad=True)
    w = rand(5, 4, seed=2, requires_grad=True)
    b = rand(5, seed=3, requires_grad=True)
    assert_close(F.linear(x, w, b), xp.matmul(x, w.T) + b, 1e-12)
    assert gradcheck(F.linear, (x, w, b))
    assert gradgradcheck(F.linear, (x, w, b))


def test_linear_shape_mismatch_is_a_clear_error():
    with pytest.raises(ValueError, match="expected 4 input features"):
        F.linear(xp.ones((2, 3)), xp.ones((5, 4)))


def test_bilinear_values(backend):
    x1, x2 = xp.asarray([[1.0, 2.0]]), xp.asarray([[3.0, 4.0, 5.0]])
    w = xp.reshape(xp.arange(6.0), (1, 2, 3))
    assert_close(F.bilinear(x1, x2, w, xp.asarray([1.0])), [[1 + 1 * (0 * 3 + 1 * 4 + 2 * 5) +
                                                            2 * (3 * 3 + 4 * 4 + 5 * 5)]])


# --------------------------------------------------------------------- convolution
CONV_CASES = [
    # (N, C, H, W), (O, kh, kw), stride, padding, dilation, groups
    ((2, 3, 6, 5), (4, 3, 3), 1, 0, 1, 1),
    ((1, 4, 7, 6), (6, 3, 2), (2, 1), (1, 2), 1, 2),
    ((2, 2, 7, 7), (2, 3, 3), 2, 1, 2, 1),
    ((1, 3, 5, 5), (3, 1, 1), 1, 0, 1, 3),
    ((1, 2, 5, 6), (3, 2, 2), 1, "same", 1, 1),
]


def _conv_inputs(case, requires_grad=True):
    (n, c, h, w), (o, kh, kw), stride, padding, dilation, groups = case
    x = rand(n, c, h, w, seed=1, requires_grad=requires_grad)
    wt = rand(o, c // groups, kh, kw, seed=2, requires_grad=requires_grad)
    b = rand(o, seed=3, requires_grad=requires_grad)
    return x, wt, b, dict(stride=stride, padding=padding, dilation=dilation, groups=groups)


@pytest.mark.parametrize("case", CONV_CASES, ids=[str(i) for i in range(len(CONV_CASES))])
def test_conv2d_kernel_and_generic_paths_agree(backend, case):
    x, w, b, kw = _conv_inputs(case)
    out = F.conv2d(x, w, b, **kw)
    g = rand(*out.shape, seed=4)
    grads = xp.autograd.grad(out, (x, w, b), g)
    with kernels_disabled():
        out2 = F.conv2d(x, w, b, **kw)
        grads2 = xp.autograd.grad(out2, (x, w, b), g)
    assert_close(out, out2, 1e-12)
    for a, c in zip(grads, grads2):
        assert_close(a, c, 1e-12)


@pytest.mark.parametrize("case", CONV_CASES, ids=[str(i) for i in range(len(CONV_CASES))])
def test_conv2d_kernel_in_chunks_of_the_batch_agrees(backend, case, monkeypatch):
    # the NumPy kernel convolves a large batch a few images at a time (cache-sized columns):
    # with a budget of one byte, every image is a chunk of its own
    kernels = getattr(xp.ones(1).device.backend, "kernels", None) or {}
    module = sys.modules.get(getattr(kernels.get("conv2d"), "__module__", ""), None)
    if module is None or not hasattr(module, "_COLUMNS_BYTES"):
        pytest.skip(f"the {backend} backend has no chunked convolution kernel")
    x, w, b, kw = _conv_inputs(case)
    out = F.conv2d(x, w, b, **kw)
    g = rand(*out.shape, seed=4)
    grads = xp.autograd.grad(out, (x, w, b), g)
    monkeypatch.setattr(module, "_COLUMNS_BYTES", 1)
    out2 = F.conv2d(x, w, b, **kw)
    grads2 = xp.autograd.grad(out2, (x, w, b), g)
    assert_close(out, out2, 1e-12)
    for a, c in zip(grads, grads2):
        assert_close(a, c, 1e-12)


def test_conv2d_matches_hand_computed_window_sums(backend):
    x = xp.reshape(xp.arange(16.0), (1, 1, 4, 4))
    w = xp.ones((1, 1, 2, 2))
    out = F.conv2d(x, w, stride=2)
    assert_close(out, [[[[0 + 1 + 4 + 5, 2 + 3 + 6 + 7], [8 + 9 + 12 + 13, 10 + 11 + 14 + 15]]]])
    cross = F.conv2d(x, xp.reshape(xp.asarray([1.0, 0.0, 0.0, 0.0]), (1, 1, 2, 2)), padding=1)
    assert cross.shape == (1, 1, 5, 5) and cross[0, 0, 1, 1].item() == 0.0


@pytest.mark.parametrize("case", CONV_CASES[:3], ids=["plain", "groups", "dilated"])
def test_conv2d_gradcheck_and_second_derivatives(backend, case):
    x, w, b, kw = _conv_inputs(case)

    def fn(x, w, b):
        return F.conv2d(x, w, b, **kw)
    assert gradcheck(fn, (x, w, b))
    assert gradgradcheck(fn, (x, w, b))


def test_conv2d_generic_path_second_derivatives(backend):
    x, w, b, kw = _conv_inputs(CONV_CASES[1])
    with kernels_disabled():
        assert gradgradcheck(lambda x, w, b: F.conv2d(x, w, b, **kw), (x, w, b))


def test_conv1d_gradcheck_and_unbatched_input(backend):
    x = rand(2, 3, 7, seed=1, requires_grad=True)
    w = rand(4, 3, 3, seed=2, requires_grad=True)
    assert gradcheck(lambda x, w: F.conv1d(x, w, stride=2, padding=1), (x, w))
    out = F.conv1d(x, w)
    assert_close(F.conv1d(x[0], w), out[0], 1e-12)


def test_conv_transpose_is_the_adjoint_of_conv(backend):
    # <conv2d(x, w), y> == <x, conv_transpose2d(y, w)> for the same stride and padding
    x = rand(2, 3, 7, 6, seed=1)
    w = rand(4, 3, 3, 3, seed=2)
    y_shape = F.conv2d(x, w, stride=2, padding=1).shape
    y = rand(*y_shape, seed=3)
    lhs = xp.sum(F.conv2d(x, w, stride=2, padding=1) * y)
    back = F.conv_transpose2d(y, w, stride=2, padding=1, output_padding=(0, 1))
    assert back.shape == x.shape
    assert_close(lhs, xp.sum(x * back), 1e-10)


def test_conv_transpose_gradcheck(backend):
    y = rand(1, 2, 3, 3, seed=1, requires_grad=True)
    w = rand(2, 3, 2, 2, seed=2, requires_grad=True)
    assert gradcheck(lambda y, w: F.conv_transpose2d(y, w, stride=2), (y, w))
    z = rand(1, 2, 5, seed=3, requires_grad=True)
    w1 = rand(2, 1, 3, seed=4, requires_grad=True)
    assert gradcheck(lambda z, w: F.conv_transpose1d(z, w, stride=2, padding=1), (z, w1))


def test_conv2d_argument_errors():
    x = xp.ones((1, 3, 5, 5))
    with pytest.raises(ValueError, match="channels"):
        F.conv2d(x, xp.ones((2, 2, 3, 3)))
    with pytest.raises(ValueError, match="strided"):
        F.conv2d(x, xp.ones((2, 3, 3, 3)), stride=2, padding="same")
    with pytest.raises(ValueError, match="smaller than the kernel"):
        F.conv2d(xp.ones((1, 3, 2, 2)), xp.ones((2, 3, 3, 3)))


# --------------------------------------------------------------------- pooling
def test_max_pool2d_values_indices_and_gradient(backend):
    x = xp.asarray([[[[1.0, 5.0, 2.0, 0.0],
                      [3.0, 4.0, 8.0, 1.0],
                      [0.0, 2.0, 1.0, 1.0],
                      [7.0, 1.0, 3.0, 9.0]]]], requires_grad=True)
    out, idx = F.max_pool2d(x, 2, return_indices=True)
    assert flat(out) == [5.0, 8.0, 7.0, 9.0]
    assert flat(idx) == [1, 6, 12, 15]
    xp.sum(out * xp.asarray([[[[1.0, 2.0], [3.0, 4.0]]]])).backward()
    assert flat(x.grad) == [0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 4]


def test_max_pool2d_takes_an_int_or_a_tuple(backend):
    x = distinct(1, 2, 6, 6)
    assert_close(F.max_pool2d(x, (2, 2)), F.max_pool2d(x, 2))
    assert F.max_pool2d(x, (2, 3)).shape == (1, 2, 3, 2)


POOL_CASES = [(2, None, 0, 1, False), (3, 2, 1, 1, False), (3, 1, 1, 2, False),
              (3, 2, 1, 1, True), ((2, 3), (1, 2), (1, 1), 1, True)]


@pytest.mark.parametrize("case", POOL_CASES, ids=[str(i) for i in range(len(POOL_CASES))])
def test_max_pool2d_kernel_and_generic_paths_agree(backend, case):
    k, s, p, d, ceil = case
    x = distinct(2, 2, 7, 6, requires_grad=True)
    out, idx = F.max_pool2d(x, k, s, p, d, ceil, return_indices=True)
    g = rand(*out.shape, seed=5)
    (gx,) = xp.autograd.grad(out, x, g)
    with kernels_disabled():
        out2, idx2 = F.max_pool2d(x, k, s, p, d, ceil, return_indices=True)
        (gx2,) = xp.autograd.grad(out2, x, g)
    assert flat(idx) == flat(idx2)
    assert_close(out, out2, 0)
    assert_close(gx, gx2, 1e-12)


@pytest.mark.parametrize("case", POOL_CASES, ids=[str(i) for i in range(len(POOL_CASES))])
def test_max_pool2d_kernel_and_generic_paths_agree_on_ties_and_nan(backend, case):
    # few distinct values (ties in most windows) and some NaN: the first maximum, or the
    # first NaN, of each window wins on both paths
    import random
    k, s, p, d, ceil = case
    rng = random.Random(3)
    vals = [float(rng.randrange(3)) if rng.random() > 0.1 else math.nan for _ in range(168)]
    x = xp.reshape(xp.asarray(vals), (2, 2, 7, 6))
    out, idx = F.max_pool2d(x, k, s, p, d, ceil, return_indices=True)
    with kernels_disabled():
        out2, idx2 = F.max_pool2d(x, k, s, p, d, ceil, return_indices=True)
    assert flat(idx) == flat(idx2)
    assert [str(v) for v in flat(out)] == [str(v) for v in flat(out2)]


def test_max_pool2d_overlapping_windows_accumulate_and_gradcheck(backend):
    x = distinct(1, 1, 5, 5, requires_grad=True)
    assert gradcheck(lambda t: F.max_pool2d(t, 3, 1, 1), (x,))
    assert gradgradcheck(lambda t: F.max_pool2d(t, 3, 1, 1), (x,))
    with kernels_disabled():
        assert gradgradcheck(lambda t: F.max_pool2d(t, 3, 1, 1), (x,))


def test_max_pool2d_ties_send_the_gradient_to_the_first_maximum(backend):
    x = xp.ones((1, 1, 2, 2), requires_grad=True)
    xp.sum(F.max_pool2d(x, 2)).backward()
    assert flat(x.grad) == [1.0, 0.0, 0.0, 0.0]


def test_max_pool2d_ignores_padding_even_beside_minus_infinity(backend):
    x = xp.full((1, 1, 2, 2), -math.inf)
    for disabled in (False, True):
        if disabled:
            with kernels_disabled():
                out, idx = F.max_pool2d(x, 2, 1, 1, return_indices=True)
        else:
            out, idx = F.max_pool2d(x, 2, 1, 1, return_indices=True)
        assert all(0 <= i < 4 for i in flat(idx))


def test_max_pool1d_and_unpool(backend):
    x = xp.asarray([[[1.0, 3.0, 2.0, 5.0, 4.0, 0.0]]])
    assert flat(F.max_pool1d(x, 2)) == [3.0, 5.0, 4.0]
    img = distinct(1, 1, 4, 4)
    out, idx = F.max_pool2d(img, 2, return_indices=True)
    back = F.max_unpool2d(out, idx, 2)
    assert back.shape == img.shape
    assert_close(xp.sum(back), xp.sum(out), 1e-12)


def test_avg_pool2d_values_and_options(backend):
    x = xp.reshape(xp.arange(16.0), (1, 1, 4, 4))
    assert flat(F.avg_pool2d(x, 2)) == [2.5, 4.5, 10.5, 12.5]
    with_pad = F.avg_pool2d(x, 2, padding=1)
    assert with_pad.shape == (1, 1, 3, 3)
    assert with_pad[0, 0, 0, 0].item() == 0.0 / 4
    no_count = F.avg_pool2d(x, 2, padding=1, count_include_pad=False)
    assert no_count[0, 0, 0, 0].item() == 0.0 and no_count[0, 0, 0, 1].item() == 1.5
    assert flat(F.avg_pool2d(x, 2, divisor_override=1)) == [10.0, 18.0, 42.0, 50.0]
    ceil = F.avg_pool2d(xp.ones((1, 1, 5, 5)), 2, ceil_mode=True)
    assert ceil.shape == (1, 1, 3, 3) and bool(xp.all(ceil == 1.0))
    assert flat(F.avg_pool1d(xp.asarray([[[1.0, 3.0, 5.0, 7.0]]]), 2)) == [2.0, 6.0]


def test_avg_pool2d_gradcheck(backend):
    x = rand(1, 2, 5, 5, seed=1, requires_grad=True)
    assert gradcheck(lambda t: F.avg_pool2d(t, 3, 2, 1, count_include_pad=False), (x,))
    assert gradcheck(lambda t: F.avg_pool2d(t, 2), (x[:, :, :4, :4],))


def test_adaptive_pools_match_pytorchs_bins(backend):
    x = xp.reshape(xp.arange(15.0), (1, 1, 3, 5))
    # rows [0, 2) and [1, 3); columns [0, 3) and [2, 5)
    out = F.adaptive_avg_pool2d(x, (2, 2))
    assert_close(out, [[[[(0 + 1 + 2 + 5 + 6 + 7) / 6, (2 + 3 + 4 + 7 + 8 + 9) / 6],
                         [(5 + 6 + 7 + 10 + 11 + 12) / 6, (7 + 8 + 9 + 12 + 13 + 14) / 6]]]])
    assert flat(F.adaptive_max_pool2d(x, (1, 1))) == [14.0]
    assert F.adaptive_avg_pool2d(x, (None, 1)).shape == (1, 1, 3, 1)
    assert flat(F.adaptive_avg_pool1d(xp.asarray([[[1.0, 2.0, 3.0, 4.0]]]), 2)) == [1.5, 3.5]
    y = rand(1, 1, 4, 6, seed=2, requires_grad=True)
    assert gradcheck(lambda t: F.adaptive_avg_pool2d(t, (3, 4)), (y,))


@pytest.mark.parametrize("mode", ["constant", "reflect", "replicate", "circular"])
def test_pad_modes(backend, mode):
    x = xp.asarray([[[1.0, 2.0, 3.0]]], requires_grad=True)
    expected = {"constant": [0.0, 1.0, 2.0, 3.0, 0.0, 0.0],
                "reflect": [2.0, 1.0, 2.0, 3.0, 2.0, 1.0],
                "replicate": [1.0, 1.0, 2.0, 3.0, 3.0, 3.0],
                "circular": [3.0, 1.0, 2.0, 3.0, 1.0, 2.0]}[mode]
    assert flat(F.pad(x, (1, 2), mode=mode)) == expected
    assert gradcheck(lambda t: F.pad(t, (1, 2), mode=mode), (x,))


def test_pad_constant_value_and_cropping(backend):
    x = xp.ones((2, 2))
    assert flat(F.pad(x, (1, 0, 0, 1), value=5.0)) == [5.0, 1.0, 1.0, 5.0, 1.0, 1.0,
                                                       5.0, 5.0, 5.0]
    assert F.pad(x, (-1, 0)).shape == (2, 1)


# --------------------------------------------------------------------- other layers
def test_dropout_scales_kept_values_and_is_identity_in_eval(backend):
    xp.manual_seed(0)
    x = xp.ones((200,))
    y = F.dropout(x, 0.25)
    vals = set(flat(y))
    assert vals <= {0.0, 1 / 0.75}
    kept = sum(1 for v in flat(y) if v)
    assert 100 < kept < 190
    assert F.dropout(x, 0.25, training=False) is x
    assert flat(F.dropout(x, 1.0)) == [0.0] * 200
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.dropout(x, 1.5)


def test_dropout_gradient_is_the_mask(backend):
    xp.manual_seed(3)
    x = xp.ones((50,), requires_grad=True)
    y = F.dropout(x, 0.5)
    xp.sum(y).backward()
    assert flat(x.grad) == flat(y)


def test_dropout2d_zeros_whole_channels(backend):
    xp.manual_seed(1)
    y = F.dropout2d(xp.ones((4, 8, 3, 3)), 0.5)
    for n in range(4):
        for c in range(8):
            vals = set(flat(y[n, c]))
            assert len(vals) == 1


def test_batch_norm_normalises_and_updates_running_statistics(backend):
    x = xp.reshape(xp.asarray([1.0, 2.0, 3.0, 4.0, 5.0, 7.0]), (3, 2))
    rm, rv = xp.zeros(2), xp.ones(2)
    y = F.batch_norm(x, rm, rv, training=True, momentum=0.5, eps=0.0)
    assert_close(xp.mean(y, axis=0), [0.0, 0.0], 1e-12)
    assert_close(xp.var(y, axis=0), [1.0, 1.0], 1e-12)
    # mean (3, 13/3); unbiased variances 4 and 6.333...
    assert_close(rm, [0.5 * 3, 0.5 * 13 / 3], 1e-12)
    assert_close(rv, [0.5 + 0.5 * 4.0, 0.5 + 0.5 * 57 / 9], 1e-12)
    ev = F.batch_norm(x, rm, rv, training=False, eps=0.0)
    assert_close(ev[:, 0], [(v - 1.5) / math.sqrt(2.5) for v in (1.0, 3.0, 5.0)], 1e-12)


def test_normalisation_gradchecks(backend):
    x = rand(3, 2, 2, seed=1, requires_grad=True)
    w = rand(2, seed=2, requires_grad=True)
    b = rand(2, seed=3, requires_grad=True)
    assert gradcheck(lambda x, w, b: F.batch_norm(x, None, None, w, b, training=True),
                     (x, w, b))
    assert gradcheck(lambda x, w, b: F.layer_norm(x, (2,), w, b), (x, w, b))
    assert gradcheck(lambda x: F.group_norm(x, 1), (x,))
    assert gradcheck(lambda x: F.instance_norm(x), (rand(2, 2, 3, seed=4, requires_grad=True),))


def test_layer_norm_values(backend):
    x = xp.asarray([[1.0, 2.0, 3.0], [2.0, 2.0, 2.0]])
    y = F.layer_norm(x, (3,), eps=1e-12)
    s = math.sqrt(2 / 3)
    assert_close(y[0], [-1 / s, 0.0, 1 / s], 1e-9)
    assert_close(y[1], [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="normalized_shape"):
        F.layer_norm(x, (4,))


def test_embedding_lookup_padding_and_max_norm(backend):
    w = xp.asarray([[0.0, 0.0], [1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    idx = xp.asarray([[1, 0], [2, 1]])
    out = F.embedding(idx, w, padding_idx=0)
    assert out.shape == (2, 2, 2)
    assert flat(out[0, 0]) == [1.0, 2.0]
    xp.sum(out).backward()
    assert flat(w.grad) == [0.0, 0.0, 2.0, 2.0, 1.0, 1.0]
    w2 = xp.asarray([[3.0, 4.0], [0.3, 0.4]])
    F.embedding(xp.asarray([0, 1]), w2, max_norm=1.0)
    assert_close(w2[0], [0.6, 0.8], 1e-6)
    assert_close(w2[1], [0.3, 0.4])
    with pytest.raises(IndexError, match="out of range"):
        F.embedding(xp.asarray([3]), w2)


def test_one_hot(backend):
    oh = F.one_hot(xp.asarray([0, 2, 1]), 3)
    assert oh.dtype == xp.int64 and flat(oh) == [1, 0, 0, 0, 0, 1, 0, 1, 0]
    assert F.one_hot(xp.asarray([[1], [3]])).shape == (2, 1, 4)


@pytest.mark.parametrize("call, argument", [
    (lambda x: F.leaky_relu(x, "0.1"), "leaky_relu(negative_slope)"),
    (lambda x: F.elu(x, alpha=None), "elu(alpha)"),
    (lambda x: F.celu(x, alpha="1"), "celu(alpha)"),
    (lambda x: F.softplus(x, beta="2"), "softplus(beta)"),
    (lambda x: F.softplus(x, threshold=[20]), "softplus(threshold)"),
    (lambda x: F.hardtanh(x, "-1", 1.0), "hardtanh(min_val)"),
    (lambda x: F.hardshrink(x, None), "hardshrink(lambd)"),
    (lambda x: F.softshrink(x, "0.5"), "softshrink(lambd)"),
    (lambda x: F.threshold(x, 0.5, "0"), "threshold(value)"),
    (lambda x: F.normalize(x, p="fro"), "normalize(p)"),
    (lambda x: F.dropout(x, 0.5, training="yes"), "dropout(training)"),
], ids=lambda v: v if isinstance(v, str) else "")
def test_scalar_arguments_of_activations_are_named_when_not_numbers(call, argument, backend):
    # they reached the arithmetic (an Array's __index__, a str comparison) before
    x = xp.ones((2, 3))
    with pytest.raises(TypeError, match=argument.replace("(", r"\(").replace(")", r"\)")):
        call(x)
