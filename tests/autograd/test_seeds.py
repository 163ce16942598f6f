"""The autograd examples of the tutorials our users learned from (../shared/seeds/), in
gradarray's spelling."""

from __future__ import annotations

import pytest

import gradarray as xp


def test_squared_norm_gradient_is_2x(backend):
    # 000: x = torch.rand(3, requires_grad=True); y = torch.norm(x, 2); z = y*y
    x = xp.asarray([0.9164, 0.7058, 0.0632], requires_grad=True)
    y = xp.linalg.vector_norm(x)
    z = y * y
    z.backward()
    assert bool(xp.all(xp.abs(x.grad - 2 * x) < 1e-12))


def test_derivative_of_minus_x_squared_at_1_is_minus_2(backend):
    # 001: dgdx = torch.autograd.grad(g(u(x)), x)[0]
    x = xp.asarray(1.0, requires_grad=True)

    def u(x):
        return x * x

    def g(u):
        return -u
    dgdx = xp.autograd.grad(g(u(x)), x)[0]
    assert dgdx.item() == -2.0


def test_linear_function_gradients_are_2_1_1(backend):
    # 004: y = w * x + b with x = 1, w = 2, b = 3
    x = xp.asarray(1.0, requires_grad=True)
    w = xp.asarray(2.0, requires_grad=True)
    b = xp.asarray(3.0, requires_grad=True)
    y = w * x + b
    y.backward()
    assert (x.grad.item(), w.grad.item(), b.grad.item()) == (2.0, 1.0, 1.0)


def test_backward_twice_without_retain_graph_raises(backend):
    # 004: d.backward(retain_graph=True); e.backward(retain_graph=True); d.backward();
    # e.backward() -> error
    a = xp.asarray([[0.1, 0.2, 0.3, 0.4]], requires_grad=True)
    b = a ** 2
    c = b * 2
    d = xp.mean(c)
    e = xp.sum(c)
    d.backward(retain_graph=True)
    e.backward(retain_graph=True)
    d.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        e.backward()


def test_mean_of_3_y_squared_gradient_is_4_5(backend):
    # 002: x = ones(2, 2); y = x + 2; z = y * y * 3; out = z.mean(); out.backward()
    x = xp.ones((2, 2), requires_grad=True)
    y = x + 2
    assert y.grad_fn is not None
    out = xp.mean(y * y * 3)
    out.backward()
    assert bool(xp.all(x.grad == 4.5))


def test_requires_grad_underscore_and_sum_of_squares(backend):
    # 003: x = torch.Tensor([10, 12, 14, 16]).requires_grad_(); z = sum(x * x)
    x = xp.asarray([10.0, 12.0, 14.0, 16.0]).requires_grad_()
    z = xp.sum(x * x)
    z.backward()
    assert bool(xp.all(x.grad == 2 * x))


def test_backward_with_gradient_of_output_shape(backend):
    # 002: out.backward(torch.randn(1, 10)) on a non-scalar output
    w = xp.ones((3, 10), requires_grad=True)
    out = xp.matmul(xp.ones((1, 3)), w)
    out.backward(xp.ones((1, 10)))
    assert w.grad.shape == (3, 10) and bool(xp.all(w.grad == 1.0))


def test_curve_fitting_finds_the_coefficients(backend):
    # 001: fit w0 x^2 + w1 x + w2 to 5 x^2 + 3 with Adam (lr 0.1), here on fixed samples
    x = xp.linspace(-1.0, 1.0, 50)
    y = 5 * x * x + 3
    w = xp.zeros((3, 1), requires_grad=True)
    m = xp.zeros((3, 1))
    v = xp.zeros((3, 1))
    for t in range(1, 1001):
        f = xp.stack([x * x, x, xp.ones_like(x)], axis=1)
        yhat = xp.squeeze(f @ w, axis=1)
        loss = xp.mean((yhat - y) ** 2)
        w.grad = None
        loss.backward()
        with xp.no_grad():
            m = 0.9 * m + 0.1 * w.grad
            v = 0.999 * v + 0.001 * w.grad ** 2
            w -= 0.1 * (m / (1 - 0.9 ** t)) / (xp.sqrt(v / (1 - 0.999 ** t)) + 1e-8)
    assert bool(xp.all(xp.abs(w[:, 0] - xp.asarray([5.0, 0.0, 3.0])) < 0.05))
