"""Hooks on arrays (leaf and non-leaf) and on nodes, removable; retain_grad."""

from __future__ import annotations

import pytest

import gradarray as xp


def _eq(a, b) -> bool:
    return bool(xp.all(a == xp.asarray(b, dtype=a.dtype)))


def test_leaf_hook_sees_and_replaces_the_gradient(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    seen = []

    def hook(g):
        seen.append(g)
        return g * 2
    x.register_hook(hook)
    xp.sum(x * 3).backward()
    assert _eq(seen[0], [3.0, 3.0])
    assert _eq(x.grad, [6.0, 6.0])


def test_hook_handle_removes_the_hook(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    handle = x.register_hook(lambda g: g * 2)
    handle.remove()
    handle.remove()                           # a second remove is harmless
    xp.sum(x * 3).backward()
    assert _eq(x.grad, [3.0, 3.0])


def test_hook_handle_as_context_manager(backend):
    x = xp.asarray([1.0], requires_grad=True)
    with x.register_hook(lambda g: g * 0):
        xp.sum(x).backward()
    assert _eq(x.grad, [0.0])
    xp.sum(x).backward()
    assert _eq(x.grad, [1.0])


def test_non_leaf_hook_changes_what_flows_upstream(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.register_hook(lambda g: g * 10)
    xp.sum(y).backward()
    assert _eq(x.grad, [20.0, 20.0])
    with pytest.warns(UserWarning, match="retain_grad"):
        assert y.grad is None                 # non-leaf: no .grad without retain_grad


def test_hooks_run_in_registration_order(backend):
    x = xp.asarray([1.0], requires_grad=True)
    y = x * 1
    order = []
    y.register_hook(lambda g: order.append("first"))
    y.register_hook(lambda g: order.append("second"))
    xp.sum(y).backward()
    assert order == ["first", "second"]


def test_leaf_hooks_run_for_autograd_grad_too(backend):
    x = xp.asarray(1.0, requires_grad=True)
    x.register_hook(lambda g: g * 5)
    (g,) = xp.autograd.grad(x * 2, x)
    assert g.item() == 10.0 and x.grad is None


def test_hook_on_array_without_grad_is_an_error(backend):
    with pytest.raises(RuntimeError, match="does not require grad"):
        xp.ones(2).register_hook(lambda g: g)


def test_retain_grad_keeps_non_leaf_gradient_after_all_hooks(backend):
    # PyTorch: the retained .grad is what flows after every hook, whatever the order
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    y.register_hook(lambda g: g * 10)
    xp.sum(y).backward()
    assert y.retains_grad
    assert _eq(y.grad, [10.0, 10.0])
    assert _eq(x.grad, [20.0, 20.0])


def test_retain_grad_accumulates_across_backward_calls(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    z = xp.sum(y * y)
    z.backward(retain_graph=True)
    first = y.grad
    z.backward()
    assert _eq(first, [4.0, 8.0]) and _eq(y.grad, [8.0, 16.0])


def test_retain_grad_on_leaf_is_a_no_op_and_without_grad_an_error(backend):
    x = xp.asarray([1.0], requires_grad=True)
    x.retain_grad()
    xp.sum(x).backward()
    assert _eq(x.grad, [1.0])
    with pytest.raises(RuntimeError):
        xp.ones(1).retain_grad()


def test_tutorial_retain_grad_and_grad_fn(backend):
    # ../shared/seeds/000: y = norm(x); y.retain_grad(); z = y*y; z.backward()
    x = xp.asarray([0.9, 0.7, 0.06], requires_grad=True)
    y = xp.linalg.vector_norm(x)
    y.retain_grad()
    z = y * y
    z.backward()
    assert z.grad_fn.name() == "MultiplyBackward"
    assert y.grad_fn is not None
    assert abs(y.grad.item() - 2 * y.item()) < 1e-12
    assert bool(xp.all(xp.abs(x.grad - 2 * x) < 1e-12))


def test_node_post_hook_sees_inputs_and_outputs_gradients(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = x * 3
    calls = []
    handle = y.grad_fn.register_hook(lambda gin, gout: calls.append((gin, gout)))
    xp.sum(y).backward(retain_graph=True)
    gin, gout = calls[0]
    assert _eq(gin[0], [3.0, 3.0]) and _eq(gout[0], [1.0, 1.0])
    handle.remove()
    xp.sum(y).backward()
    assert len(calls) == 1


def test_node_post_hook_may_replace_the_gradients_it_passes_on(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = x * 3
    y.grad_fn.register_hook(lambda gin, gout: (gin[0] * 10,))     # PyTorch's contract
    xp.sum(y).backward()
    assert _eq(x.grad, [30.0, 30.0])


@pytest.mark.parametrize("where", ["leaf", "non-leaf", "node prehook", "node hook"])
@pytest.mark.parametrize("bad, error", [
    (lambda g: xp.ones(3), ValueError),                       # another shape
    (lambda g: xp.astype(g, xp.float32), ValueError),         # another dtype
    (lambda g: 3.0, TypeError),                               # not an array
])
def test_a_hook_may_change_the_values_of_a_gradient_only(where, bad, error, backend):
    # a replacement of another shape or dtype would flow on as a wrong gradient (PyTorch
    # refuses it too)
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = x * 3
    if where == "leaf":
        x.register_hook(bad)
    elif where == "non-leaf":
        y.register_hook(bad)
    elif where == "node prehook":
        y.grad_fn.register_prehook(lambda go: (bad(go[0]),))
    else:
        y.grad_fn.register_hook(lambda gin, gout: (bad(gin[0]),))
    with pytest.raises(error, match="hook"):
        xp.sum(y).backward()


def test_backward_names_a_bad_gradient_argument(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    with pytest.raises(TypeError, match=r"backward\(gradient\).*float"):
        xp.sum(x * 2).backward(2.0)
    with pytest.raises(ValueError, match=r"backward\(gradient\): expected 1 gradient"):
        (x * 2).backward([xp.ones(2), xp.ones(2)])
    with pytest.raises(TypeError, match=r"backward\(grad_tensors\)"):
        xp.autograd.backward(x * 2, grad_tensors=1)
    with pytest.raises(RuntimeError, match=r"grad\(inputs\): expected a non-empty"):
        xp.autograd.grad(xp.sum(x), [])


def test_node_prehook_replaces_the_incoming_gradient(backend):
    x = xp.asarray([1.0], requires_grad=True)
    y = x * 3
    seen = []
    y.grad_fn.register_prehook(lambda go: seen.append(len(go)) or (go[0] * 2,))  # PyTorch's
    xp.sum(y).backward()
    assert _eq(x.grad, [6.0]) and seen == [1]


def test_node_prehook_runs_after_the_arrays_hooks_and_must_return_a_tuple(backend):
    x = xp.asarray([1.0], requires_grad=True)
    y = x * 3
    order = []
    y.grad_fn.register_prehook(lambda go: order.append("node"))
    y.register_hook(lambda g: order.append("array"))
    xp.sum(y).backward()
    assert order == ["array", "node"]
    z = x * 3
    z.grad_fn.register_prehook(lambda go: go[0] * 2)     # an array, not a tuple
    with pytest.raises(ValueError, match="prehook"):
        xp.sum(z).backward()
