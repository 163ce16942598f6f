"""Custom rules with gradarray.autograd.Function (PyTorch's torch.autograd.Function)."""

from __future__ import annotations

import pytest

import gradarray as xp
from gradarray.autograd import Function, gradcheck, gradgradcheck


def _eq(a, b) -> bool:
    return bool(xp.all(a == xp.asarray(b, dtype=a.dtype)))


class Cube(Function):
    @staticmethod
    def forward(ctx, x):
        ctx.save_for_backward(x)
        return x ** 3

    @staticmethod
    def backward(ctx, g):
        (x,) = ctx.saved_tensors
        return 3 * x ** 2 * g


def test_function_forward_and_backward(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = Cube.apply(x)
    assert y.grad_fn.name() == "CubeBackward"
    xp.sum(y).backward()
    assert _eq(x.grad, [3.0, 12.0])


def test_function_is_checked_by_gradcheck_to_second_order(backend):
    x = xp.asarray([0.5, -1.5], requires_grad=True)
    assert gradcheck(Cube.apply, [x])
    assert gradgradcheck(Cube.apply, [x])


def test_function_without_grad_records_nothing(backend):
    y = Cube.apply(xp.asarray([2.0]))
    assert not y.requires_grad
    with xp.no_grad():
        assert not Cube.apply(xp.asarray([2.0], requires_grad=True)).requires_grad


class Scale(Function):
    @staticmethod
    def forward(ctx, x, factor, w):
        ctx.factor = factor
        ctx.save_for_backward(x, w)
        return x * factor * w

    @staticmethod
    def backward(ctx, g):
        x, w = ctx.saved_tensors
        seen.append(ctx.needs_input_grad)
        gx = g * ctx.factor * w if ctx.needs_input_grad[0] else None
        gw = g * ctx.factor * x if ctx.needs_input_grad[2] else None
        return gx, None, gw


seen: list = []


def test_needs_input_grad_and_non_array_arguments(backend):
    seen.clear()
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    w = xp.asarray([3.0, 4.0])
    xp.sum(Scale.apply(x, 2.0, w)).backward()
    assert seen == [(True, False, False)]
    assert _eq(x.grad, [6.0, 8.0])


def test_backward_with_wrong_number_of_gradients_is_an_error(backend):
    class Bad(Function):
        @staticmethod
        def forward(ctx, x, y):
            return x * y

        @staticmethod
        def backward(ctx, g):
            return g

    x = xp.asarray([1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="incorrect number of gradients"):
        xp.sum(Bad.apply(x, x)).backward()


class SplitAndIndex(Function):
    @staticmethod
    def forward(ctx, x):
        idx = xp.argmax(x)
        ctx.mark_non_differentiable(idx)
        return x * 2, x * 3, idx

    @staticmethod
    def backward(ctx, g2, g3, gidx):
        return g2 * 2 + g3 * 3


def test_multiple_outputs_and_mark_non_differentiable(backend):
    x = xp.asarray([1.0, 5.0], requires_grad=True)
    a, b, idx = SplitAndIndex.apply(x)
    assert a.requires_grad and b.requires_grad and not idx.requires_grad
    assert a.grad_fn is b.grad_fn
    xp.sum(a).backward()         # b unused: its gradient arrives as zeros
    assert _eq(x.grad, [2.0, 2.0])


def test_set_materialize_grads_false_passes_none(backend):
    got = []

    class Two(Function):
        @staticmethod
        def forward(ctx, x):
            ctx.set_materialize_grads(False)
            return x * 1, x * 1

        @staticmethod
        def backward(ctx, ga, gb):
            got.append((ga is None, gb is None))
            return ga if ga is not None else gb

    x = xp.asarray([1.0], requires_grad=True)
    a, b = Two.apply(x)
    xp.sum(a).backward()
    assert got == [(False, True)]


def test_saved_tensors_checked_for_in_place_changes(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    h = x * 1
    y = Cube.apply(h)
    h += 1
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        xp.sum(y).backward()


def test_saved_tensors_freed_after_backward(backend):
    x = xp.asarray([1.0], requires_grad=True)
    y = xp.sum(Cube.apply(x))
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_returning_an_input_makes_a_new_output(backend):
    class Identity(Function):
        @staticmethod
        def forward(ctx, x):
            return x

        @staticmethod
        def backward(ctx, g):
            return g * 7

    x = xp.asarray([1.0], requires_grad=True)
    y = Identity.apply(x)
    assert y is not x and x.is_leaf and not y.is_leaf
    xp.sum(y).backward()
    assert _eq(x.grad, [7.0])


def test_function_gradient_is_reduced_to_the_input_shape(backend):
    class Broadcasting(Function):
        @staticmethod
        def forward(ctx, x):
            return xp.broadcast_to(x, (3, 2)) * 1

        @staticmethod
        def backward(ctx, g):
            return g          # shape (3, 2): the engine sums it to x's (2,)

    x = xp.asarray([1.0, 2.0], requires_grad=True)
    xp.sum(Broadcasting.apply(x)).backward()
    assert _eq(x.grad, [3.0, 3.0])


def _function(forward, backward):
    return type("F", (Function,), {"forward": staticmethod(forward),
                                   "backward": staticmethod(backward)})


def test_function_misuse_is_named(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    # a gradient that does not broadcast from the input's shape cannot be summed back to it
    narrow = _function(lambda ctx, x: x * 2, lambda ctx, g: g[:1])
    with pytest.raises(ValueError, match=r"F.backward: gradient 0 has shape \(1,\).*\(2,\)"):
        xp.sum(narrow.apply(x)).backward()
    with pytest.raises(TypeError, match="F.forward returned int"):
        _function(lambda ctx, x: 3, lambda ctx, g: g).apply(x)
    with pytest.raises(TypeError, match="save_for_backward.*argument 1 is int"):
        _function(lambda ctx, x: ctx.save_for_backward(x, 3), lambda ctx, g: g).apply(x)
    saves_none = _function(lambda ctx, x: (ctx.save_for_backward(x, None), x * 2)[1],
                           lambda ctx, g: g * ctx.saved_tensors[0])
    xp.sum(saves_none.apply(x)).backward()            # None is kept, as PyTorch keeps it
    assert _eq(x.grad, [1.0, 2.0])
