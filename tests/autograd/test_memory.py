"""What the graph keeps alive: saved arrays are freed after backward() without
retain_graph, and a training loop does not grow."""

from __future__ import annotations

import gc
import sys
import weakref

import gradarray as xp


def _forward(x):
    h = xp.exp(x)          # saved by exp (its output) and by multiply (its input)
    return h, xp.sum(h * h)


def test_saved_arrays_are_freed_after_backward(backend):
    x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    h, y = _forward(x)
    arr, native = weakref.ref(h), weakref.ref(h._native)
    del h
    gc.collect()
    assert arr() is not None           # the graph holds it until backward
    y.backward()
    gc.collect()
    assert arr() is None and native() is None


def test_relu_as_maximum_keeps_its_result_not_its_input(backend):
    # maximum(h, 0.0) without a tie needs only its result (as PyTorch's relu): the
    # pre-activation is freed once the forward is done with it; with a tie it is kept
    x = xp.asarray([1.0, 1.0, 1.0], requires_grad=True)
    for values, kept in (([1.0, -2.0, 3.0], False), ([1.0, 0.0, 3.0], True)):
        pre = x * xp.asarray(values)
        arr = weakref.ref(pre)
        y = xp.sum(xp.maximum(pre, 0.0) * 3.0)
        del pre
        gc.collect()
        assert (arr() is not None) is kept
        x.grad = None
        y.backward()
        assert x.grad.tolist() == [3.0, 0.0, 9.0]


def test_retain_graph_keeps_saved_arrays_until_the_graph_goes(backend):
    x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    h, y = _forward(x)
    arr = weakref.ref(h)
    del h
    y.backward(retain_graph=True)
    gc.collect()
    assert arr() is not None
    del y
    gc.collect()
    assert arr() is None


def test_autograd_grad_frees_saved_arrays(backend):
    x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    h, y = _forward(x)
    arr = weakref.ref(h)
    del h
    xp.autograd.grad(y, x)
    gc.collect()
    assert arr() is None


def test_reductions_and_reshapes_do_not_keep_their_input(backend):
    x = xp.asarray([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    h = x * 2
    y = xp.sum(xp.reshape(h, (4,)))      # rules that need only shapes save only shapes
    arr = weakref.ref(h)
    del h
    gc.collect()
    assert arr() is None
    y.backward()
    assert bool(xp.all(x.grad == 2.0))


def test_ten_thousand_training_steps_do_not_grow(backend):
    x = xp.asarray([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
    target = xp.asarray([1.0, 2.0])
    w = xp.zeros(3, requires_grad=True)

    def step():
        nonlocal w
        loss = xp.mean((xp.matmul(x, w) - target) ** 2)
        loss.backward()
        with xp.no_grad():
            w -= 0.01 * w.grad
        w.grad = None

    for _ in range(200):
        step()
    gc.collect()
    objects, blocks = len(gc.get_objects()), sys.getallocatedblocks()
    for _ in range(10_000):
        step()
    gc.collect()
    grown_objects = len(gc.get_objects()) - objects
    grown_blocks = sys.getallocatedblocks() - blocks
    assert grown_objects < 100, f"{grown_objects} more live objects after 10^4 steps"
    # Python's allocator blocks: a leak of one small object per step would show as 10^4
    assert grown_blocks < 1000, f"{grown_blocks} more allocated blocks after 10^4 steps"


def test_a_graph_dropped_without_backward_is_freed_without_the_cycle_collector(backend):
    # nothing in a graph refers back to itself (a node saving its own output keeps neither
    # the output nor its autograd meta), so reference counting alone frees it
    import gradarray.nn.functional as F
    x = xp.asarray([0.5, -1.0, 2.0], requires_grad=True)
    programs = [lambda: xp.exp(x), lambda: xp.sin(x) * x, lambda: xp.maximum(x * 2.0, 0.0),
                lambda: xp.sum(xp.tanh(x)), lambda: xp.max(x * x, axis=0),
                lambda: F.relu(x + 1.0), lambda: xp.sqrt(xp.abs(x)) / 2.0]
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for program in programs:
            y = program()
            node = weakref.ref(y.grad_fn)
            native = weakref.ref(y._native)
            del y
            assert node() is None and native() is None
    finally:
        if enabled:
            gc.enable()
