"""The engine against PyTorch's behaviour: backward, autograd.grad, accumulation into .grad,
graph metadata, grad mode, anomaly detection, higher-order derivatives."""

from __future__ import annotations

import threading

import pytest

import gradarray as xp
from gradarray.autograd import grad


def _eq(a, b) -> bool:
    return bool(xp.all(a == (b if isinstance(b, xp.Array) else xp.asarray(b, dtype=a.dtype))))


# ------------------------------------------------------------------ backward
def test_backward_scalar_without_gradient_seeds_one(backend):
    x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    xp.sum(x * x).backward()
    assert _eq(x.grad, [2.0, 4.0, 6.0])


def test_backward_non_scalar_without_gradient_is_an_error(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        (x * 2).backward()


def test_backward_complex_scalar_without_gradient_is_an_error(backend):
    z = xp.asarray(1 + 1j, requires_grad=True)
    with pytest.raises(RuntimeError, match="real scalar outputs"):
        (z * z).backward()


def test_backward_with_gradient_weights_the_outputs(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    (x * 3).backward(xp.asarray([1.0, 10.0]))
    assert _eq(x.grad, [3.0, 30.0])


def test_backward_gradient_of_wrong_shape_is_an_error(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    with pytest.raises(ValueError, match="shape"):
        (x * 3).backward(xp.ones(3))


def test_backward_on_array_without_grad_is_an_error(backend):
    with pytest.raises(RuntimeError, match="does not require grad"):
        xp.sum(xp.ones(3)).backward()


def test_backward_twice_without_retain_graph_says_retain_graph(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = xp.sum(x * x)
    y.backward()
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        y.backward()


def test_backward_twice_with_retain_graph_accumulates(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = xp.sum(x * x)
    y.backward(retain_graph=True)
    y.backward()
    assert _eq(x.grad, [4.0, 8.0])


def test_backward_inputs_restricts_accumulation(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    w = xp.asarray([3.0, 4.0], requires_grad=True)
    xp.sum(x * w).backward(inputs=[w])
    assert x.grad is None
    assert _eq(w.grad, [1.0, 2.0])


def test_backward_inputs_may_be_non_leaf(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    h = x * 2
    xp.sum(h * h).backward(inputs=[h])
    assert _eq(h.grad, [4.0, 8.0])
    assert x.grad is None


def test_backward_inputs_with_retain_grad_fills_the_grad_once(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    h = x * 2
    h.retain_grad()
    xp.sum(h * h).backward(inputs=[h])       # PyTorch: [4, 8], not twice that
    assert _eq(h.grad, [4.0, 8.0])


def test_backward_through_leaf_root_accumulates_the_gradient(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    x.backward(xp.asarray([5.0, 6.0]))
    assert _eq(x.grad, [5.0, 6.0])


def test_backward_through_shared_subgraph_sums_paths(backend):
    x = xp.asarray(3.0, requires_grad=True)
    a = x * x
    y = a + a * a          # dy/dx = 2x + 4x^3
    y.backward()
    assert float(x.grad) == 2 * 3 + 4 * 27


def test_backward_deep_chain_has_no_recursion_limit(backend):
    x = xp.asarray(1.0, requires_grad=True)
    y = x
    for _ in range(5000):
        y = y + 0.0
    y.backward()
    assert float(x.grad) == 1.0


def test_multi_output_function_gradients_reach_the_input(backend):
    x = xp.asarray([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    a, b = xp.unstack(x)
    xp.sum(a * 1.0 + b * 2.0).backward()
    assert _eq(x.grad, [[1.0, 1.0], [2.0, 2.0]])


# ------------------------------------------------------------------ accumulation
def test_grad_has_the_dtype_and_shape_of_the_leaf(backend):
    x = xp.asarray([1.0, 2.0], dtype=xp.float32, requires_grad=True)
    b = xp.asarray([[1.0, 2.0], [3.0, 4.0]], dtype=xp.float64, requires_grad=True)
    xp.sum(x * b).backward()          # promoted to float64, broadcast to (2, 2)
    assert x.grad.dtype == xp.float32 and x.grad.shape == (2,)
    assert _eq(x.grad, [4.0, 6.0])
    assert b.grad.dtype == xp.float64


def test_real_leaf_of_complex_computation_gets_real_gradient(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    z = x * (1 + 2j)
    xp.sum(xp.real(z * xp.conj(z))).backward()     # |z|^2 = 5 x^2
    assert x.grad.dtype == xp.float64
    assert _eq(x.grad, [10.0, 20.0])


def test_complex_gradient_is_conjugate_wirtinger(backend):
    z = xp.asarray(1.0 + 2.0j, requires_grad=True)
    xp.real(z * xp.conj(z)).backward()   # |z|^2: PyTorch gives 2z
    assert complex(z.grad) == 2 * (1 + 2j)


def test_grad_accumulates_in_place_across_backward_calls(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    xp.sum(x * 2).backward()
    first = x.grad
    xp.sum(x * 2).backward()
    assert x.grad is first                 # PyTorch adds into the same tensor
    assert _eq(x.grad, [4.0, 4.0])


def test_grad_never_aliases_the_seed_or_another_grad(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    w = xp.asarray([3.0, 4.0], requires_grad=True)
    seed = xp.asarray([1.0, 1.0])
    (x + w).backward(seed)
    assert x.grad is not seed and w.grad is not seed and x.grad is not w.grad
    with xp.no_grad():
        x.grad *= 0
    assert _eq(w.grad, [1.0, 1.0]) and _eq(seed, [1.0, 1.0])


def test_grad_of_view_input_does_not_alias(backend):
    x = xp.asarray([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    y = xp.asarray([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    (xp.reshape(x, (2, 2)) + y).backward(xp.ones((2, 2)))
    with xp.no_grad():
        y.grad *= 0
    assert _eq(x.grad, [1.0, 1.0, 1.0, 1.0])


def test_grad_can_be_set_to_none_and_checked(backend):
    x = xp.asarray([1.0], requires_grad=True)
    xp.sum(x).backward()
    x.grad = None
    assert x.grad is None
    with pytest.raises(ValueError, match="shape"):
        x.grad = xp.ones(2)


def test_unused_leaf_keeps_no_grad(backend):
    x = xp.asarray([1.0], requires_grad=True)
    w = xp.asarray([1.0], requires_grad=True)
    xp.sum(x * 2).backward()
    assert w.grad is None


# ------------------------------------------------------------------ autograd.grad
def test_grad_returns_gradients_without_touching_dot_grad(backend):
    x = xp.asarray(1.0, requires_grad=True)
    (g,) = grad(-(x * x), x)                      # the tutorial: -2 at 1
    assert float(g) == -2.0
    assert x.grad is None


def test_grad_unused_input_needs_allow_unused(backend):
    x = xp.asarray(1.0, requires_grad=True)
    w = xp.asarray(1.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="allow_unused=True"):
        grad(x * 2, [x, w])
    gx, gw = grad(x * 2, [x, w], allow_unused=True)
    assert float(gx) == 2.0 and gw is None
    gx, gw = grad(x * 2, [x, w], allow_unused=True, materialize_grads=True)
    assert float(gw) == 0.0


def test_grad_input_not_requiring_grad_is_an_error(backend):
    x = xp.asarray(1.0, requires_grad=True)
    with pytest.raises(RuntimeError, match="does not require grad"):
        grad(x * 2, [xp.asarray(1.0)])


def test_grad_grad_outputs_and_several_outputs(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    (g,) = grad([x * 2, x * x], x, grad_outputs=[xp.ones(2), xp.asarray([1.0, 10.0])])
    assert _eq(g, [2.0 + 2.0, 2.0 + 40.0])


def test_grad_with_respect_to_non_leaf(backend):
    x = xp.asarray(2.0, requires_grad=True)
    h = x * x
    (g,) = grad(h * 3, h)
    assert float(g) == 3.0


def test_grad_retain_graph_defaults_to_create_graph(backend):
    x = xp.asarray(2.0, requires_grad=True)
    y = x ** 3
    grad(y, x, create_graph=True)
    (g,) = grad(y, x)         # the graph was retained by create_graph=True
    assert float(g) == 12.0
    with pytest.raises(RuntimeError, match="retain_graph=True"):
        grad(y, x)


def test_higher_order_derivatives_via_create_graph(backend):
    x = xp.asarray(2.0, requires_grad=True)
    y = x ** 4
    (g1,) = grad(y, x, create_graph=True)
    (g2,) = grad(g1, x, create_graph=True)
    (g3,) = grad(g2, x)
    assert (g1.item(), g2.item(), g3.item()) == (32.0, 48.0, 48.0)


def test_backward_create_graph_makes_grad_differentiable(backend):
    x = xp.asarray(3.0, requires_grad=True)
    (x ** 3).backward(create_graph=True)
    g = x.grad
    assert g.requires_grad
    x.grad = None
    g.backward()
    assert float(x.grad) == 18.0


# ------------------------------------------------------------------ metadata
def test_grad_fn_names_and_next_functions(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    c = xp.asarray([3.0, 4.0])
    y = xp.sum(xp.exp(x) * c)
    assert y.grad_fn.name() == "SumBackward"
    mul = y.grad_fn.next_functions[0][0]
    assert mul.name() == "MultiplyBackward"
    assert mul.next_functions[1] == (None, 0)          # c does not require grad
    exp = mul.next_functions[0][0]
    assert exp.name() == "ExpBackward"
    acc = exp.next_functions[0][0]
    assert acc.name() == "AccumulateGrad" and acc.variable is x
    assert "MultiplyBackward" in repr(mul)
    assert "grad_fn=<SumBackward>" in repr(y)


def test_is_leaf_and_requires_grad(backend):
    x = xp.asarray([1.0], requires_grad=True)
    y = x * 2
    c = xp.asarray([1.0])
    assert x.is_leaf and not y.is_leaf and c.is_leaf
    assert x.requires_grad and y.requires_grad and not c.requires_grad
    assert x.grad_fn is None and y.grad_fn is not None


@pytest.mark.parametrize("dtype", ["int64", "int32", "bool", "uint8"])
def test_requires_grad_on_integer_or_bool_arrays_is_an_error(backend, dtype):
    a = xp.asarray([1, 0], dtype=getattr(xp, dtype))
    with pytest.raises(TypeError, match="floating-point and complex"):
        a.requires_grad_()
    with pytest.raises(TypeError, match="floating-point and complex"):
        xp.asarray([1, 0], dtype=getattr(xp, dtype), requires_grad=True)


def test_requires_grad_false_on_non_leaf_is_an_error(backend):
    y = xp.asarray([1.0], requires_grad=True) * 2
    with pytest.raises(RuntimeError, match="detach"):
        y.requires_grad_(False)


def test_integer_and_boolean_results_carry_no_graph(backend):
    x = xp.asarray([1.5, -2.0], requires_grad=True)
    assert not (x > 0).requires_grad
    assert not xp.argmax(x).requires_grad
    assert not xp.astype(x, xp.int64).requires_grad
    assert not xp.isnan(x).requires_grad


def test_detach_cuts_the_graph_and_shares_memory(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = x * 2
    d = y.detach()
    assert not d.requires_grad and d.is_leaf
    with xp.no_grad():
        d[0] = 10.0
    assert y[0].item() == 10.0


def test_creation_functions_take_requires_grad(backend):
    for a in (xp.zeros(2, requires_grad=True), xp.ones((2,), requires_grad=True),
              xp.full(2, 1.5, requires_grad=True), xp.eye(2, requires_grad=True),
              xp.linspace(0, 1, 3, requires_grad=True),
              xp.arange(0.0, 3.0, requires_grad=True),
              xp.zeros_like(xp.ones(2), requires_grad=True)):
        assert a.requires_grad and a.is_leaf


# ------------------------------------------------------------------ grad mode
def test_no_grad_records_nothing_and_restores(backend):
    x = xp.asarray([1.0], requires_grad=True)
    with xp.no_grad():
        y = x * 2
        assert not xp.is_grad_enabled()
        with xp.enable_grad():
            z = x * 2
    assert xp.is_grad_enabled()
    assert not y.requires_grad and z.requires_grad


def test_no_grad_as_decorator_and_set_grad_enabled(backend):
    x = xp.asarray([1.0], requires_grad=True)

    @xp.no_grad()
    def f(a):
        return a * 2
    assert not f(x).requires_grad
    with xp.set_grad_enabled(False):
        assert not (x * 2).requires_grad
    assert xp.is_grad_enabled()
    xp.set_grad_enabled(False)
    try:
        assert not xp.is_grad_enabled()
    finally:
        xp.set_grad_enabled(True)


def test_grad_mode_decorators_without_parentheses_and_on_generators(backend):
    @xp.no_grad
    def bare():
        return xp.is_grad_enabled()
    assert bare() is False and bare.__name__ == "bare"

    @xp.enable_grad
    def again():
        return xp.is_grad_enabled()
    with xp.no_grad():
        assert again() is True

    # a generator runs each step under the decorator's mode, the caller's mode in between
    @xp.no_grad()
    def steps():
        received = yield xp.is_grad_enabled()
        try:
            yield received, xp.is_grad_enabled()
        except KeyError:
            yield "thrown", xp.is_grad_enabled()
        return "done"
    g = steps()
    assert next(g) is False and xp.is_grad_enabled()
    assert g.send(7) == (7, False)
    assert g.throw(KeyError("k")) == ("thrown", False)
    with pytest.raises(StopIteration) as stop:
        next(g)
    assert stop.value.value == "done"

    @xp.set_grad_enabled(False)
    def lazy():
        yield xp.is_grad_enabled()
    assert list(lazy()) == [False] and xp.is_grad_enabled()
    with pytest.raises(TypeError, match="expected a function"):
        xp.no_grad(3)


def test_grad_mode_is_thread_local(backend):
    seen = []

    def worker():
        seen.append(xp.is_grad_enabled())
    with xp.no_grad():
        t = threading.Thread(target=worker)
        t.start()
        t.join()
    assert seen == [True]


def test_backward_runs_in_another_thread_than_forward(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = xp.sum(x * x)
    t = threading.Thread(target=y.backward)
    t.start()
    t.join()
    assert _eq(x.grad, [2.0, 4.0])


# ------------------------------------------------------------------ anomaly
@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_detect_anomaly_names_the_forward_operation(backend):
    x = xp.asarray([0.0, 1.0], requires_grad=True)
    with xp.autograd.detect_anomaly():
        y = xp.sum(xp.sqrt(x) * 0.0)    # d sqrt/dx at 0 is inf; 0 * inf is nan
        with pytest.raises(RuntimeError, match=r"SqrtBackward.*sqrt\(\)") as info:
            y.backward()
    assert "test_engine.py" in str(info.value)     # where the forward ran


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_without_anomaly_mode_nan_passes_silently(backend):
    x = xp.asarray([0.0], requires_grad=True)
    xp.sum(xp.sqrt(x) * 0.0).backward()
    assert bool(xp.isnan(x.grad[0]))


# ------------------------------------------------------------------ gradcheck
def test_gradcheck_reports_input_element_and_values(backend):
    class Wrong(xp.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 3 * x

    x = xp.asarray([1.0, 2.0], requires_grad=True)
    with pytest.raises(xp.autograd.GradcheckError, match=r"input 0, element \(0,\): analytic"):
        xp.autograd.gradcheck(Wrong.apply, [x])
    assert not xp.autograd.gradcheck(Wrong.apply, [x], raise_exception=False)
    assert not xp.autograd.gradcheck(Wrong.apply, [x], raise_exception=False, fast_mode=True)


def test_gradgradcheck_catches_a_rule_that_is_not_differentiable_again(backend):
    class Detached(xp.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            ctx.save_for_backward(x)
            return x * x

        @staticmethod
        def backward(ctx, g):
            (x,) = ctx.saved_tensors
            return g * 2 * x.detach()

    x = xp.asarray([1.0, 2.0], requires_grad=True)
    assert xp.autograd.gradcheck(Detached.apply, [x])
    with pytest.raises(xp.autograd.GradcheckError):
        xp.autograd.gradgradcheck(Detached.apply, [x])


def test_gradcheck_names_bad_arguments(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    check = xp.autograd.gradcheck
    with pytest.raises(TypeError, match=r"gradcheck\(fn\): expected a callable"):
        check(3, [x])
    with pytest.raises(TypeError, match=r"gradcheck\(fn\): fn returned int"):
        check(lambda a: 3, [x])
    with pytest.raises(ValueError, match=r"gradcheck\(eps\)"):
        check(xp.sin, [x], eps=0.0)
    with pytest.raises(ValueError, match=r"gradgradcheck\(grad_outputs\).*\(2,\).*\(3,\)"):
        xp.autograd.gradgradcheck(xp.sin, [x], [xp.ones(3)])
    # float32 is too coarse for finite differences: the report says so
    x32 = xp.asarray([1.0], dtype=xp.float32, requires_grad=True)
    with pytest.raises(xp.autograd.GradcheckError, match="float32, too coarse"):
        check(xp.sin, [x32])


def test_set_detect_anomaly_switches_and_restores(backend):
    assert not xp.autograd.is_anomaly_enabled()
    with xp.autograd.set_detect_anomaly(True):
        assert xp.autograd.is_anomaly_enabled()
    assert not xp.autograd.is_anomaly_enabled()


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("module", ["gradarray.func", "gradarray.autograd.gradcheck",
                                    "gradarray.autograd.grad_mode",
                                    "gradarray.autograd.function"])
def test_docstring_examples_run(module):
    import doctest
    import importlib
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0


def test_to_device_across_backends_is_differentiable():
    from gradarray._device import runtime
    names = [s.name for s in xp.backends() if s.available]
    if len(names) < 2:
        pytest.skip(f"only one backend is available here ({names}): nothing to move between")
    src, dst = runtime(names[0]).devices[0], runtime(names[1]).devices[0]
    x = xp.asarray([1.0, 2.0], device=src, requires_grad=True)
    y = x.to_device(dst)
    z = xp.sum(y * y)
    z.backward()
    assert x.grad.device == src
    assert x.grad.tolist() == [2.0, 4.0]
