"""In-place operations under autograd: recorded, in the array's memory (views see them),
refused on leaves that require grad, and checked against saved values at backward()."""

from __future__ import annotations

import pytest

import gradarray as xp


def _eq(a, b) -> bool:
    return bool(xp.all(a == xp.asarray(b, dtype=a.dtype)))


def test_iadd_on_non_leaf_is_recorded(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    w = xp.asarray([3.0, 4.0], requires_grad=True)
    y = x * 2
    y += w * w
    assert y.grad_fn.name() == "AddBackward"
    xp.sum(y).backward()
    assert _eq(x.grad, [2.0, 2.0]) and _eq(w.grad, [6.0, 8.0])


def test_imul_keeps_the_original_value_for_the_other_gradient(backend):
    # PyTorch saves original_self: a *= b needs the old a for b's gradient
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    b = xp.asarray([3.0, 4.0], requires_grad=True)
    a = x * 1
    a *= b
    xp.sum(a).backward()
    assert _eq(x.grad, [3.0, 4.0]) and _eq(b.grad, [1.0, 2.0])


@pytest.mark.parametrize("op", ["__iadd__", "__isub__", "__imul__", "__itruediv__",
                                "__ipow__"])
def test_inplace_on_leaf_requiring_grad_is_an_error(backend, op):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf array that requires grad"):
        getattr(x, op)(2.0)


def test_setitem_on_leaf_requiring_grad_is_an_error(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf array that requires grad"):
        x[0] = 5.0


def test_inplace_on_view_of_leaf_requiring_grad_is_an_error(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    v = x[0:1]
    with pytest.raises(RuntimeError, match="view of a leaf"):
        v += 1.0


def test_inplace_on_leaf_inside_no_grad_is_allowed(backend):
    w = xp.asarray([1.0, 2.0], requires_grad=True)
    xp.sum(w * w).backward()
    with xp.no_grad():
        w -= 0.5 * w.grad
        w[0] = 7.0
    assert _eq(w, [7.0, 0.0]) and w.is_leaf and w.requires_grad


def test_setitem_records_value_and_masks_old_gradient(backend):
    x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    v = xp.asarray(5.0, requires_grad=True)
    y = x * 1
    y[1] = v * 2
    assert y.grad_fn.name() == "SetitemBackward"
    xp.sum(y * xp.asarray([1.0, 10.0, 100.0])).backward()
    assert _eq(x.grad, [1.0, 0.0, 100.0])
    assert v.grad.item() == 20.0


def test_setitem_into_buffer_without_grad_gives_it_a_history(backend):
    w = xp.asarray([1.0, 2.0], requires_grad=True)
    buf = xp.zeros(4)
    buf[1:3] = w * 3
    assert buf.requires_grad and not buf.is_leaf
    xp.sum(buf).backward()
    assert _eq(w.grad, [3.0, 3.0])


def test_buffer_filled_step_by_step_reading_previous_steps(backend):
    # out[t] = f(out[t-1]): reading a slice saves only shapes, so the buffer may change
    w = xp.asarray(2.0, requires_grad=True)
    out = xp.zeros(4)
    out[0] = w
    for t in range(1, 4):
        out[t] = out[t - 1] + w       # w, 2w, 3w, 4w
    xp.sum(out).backward()
    assert w.grad.item() == 10.0


def test_buffer_step_whose_rule_saved_an_overwritten_view_is_detected(backend):
    # PyTorch raises too: multiply saved out[t-1], a view whose buffer then changed
    w = xp.asarray(2.0, requires_grad=True)
    out = xp.zeros(3)
    out[0] = w
    for t in range(1, 3):
        out[t] = out[t - 1] * w
    with pytest.raises(RuntimeError, match="MultiplyBackward"):
        xp.sum(out).backward()


def test_modifying_a_saved_input_is_detected_naming_the_operation(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    a = x * 1
    b = a * a            # saves a
    a += 1
    with pytest.raises(RuntimeError, match=r"modified by an in-place operation.*"
                                           r"MultiplyBackward.*multiply\(\)"):
        xp.sum(b).backward()


def test_modifying_a_saved_output_under_no_grad_is_detected(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = xp.exp(x)        # saves its output
    with xp.no_grad():
        y += 1
    with pytest.raises(RuntimeError, match=r"ExpBackward.*version 1; expected version 0"):
        xp.sum(y).backward()


def test_writing_into_an_output_its_node_saved_is_recorded_with_the_right_gradient(backend):
    # library code does this (scikit-learn: scale = sqrt(var); scale[scale == 0] = 1): the
    # node that saved its output keeps a private copy, and the write is recorded (PyTorch
    # raises at backward here)
    x = xp.asarray([0.25, 4.0, 9.0], requires_grad=True)
    y = xp.sqrt(x)                 # saves its output
    y[y < 1.0] = 1.0               # recorded setitem into that output
    y *= 3.0                       # recorded in-place multiply into it
    xp.sum(y * y).backward()
    # y = 3 sqrt(x) where sqrt(x) >= 1, else 3: d sum(y^2)/dx = 9 where kept, else 0
    assert _eq(x.grad, [0.0, 9.0, 9.0])


def test_writing_through_a_view_into_a_saved_output_is_recorded(backend):
    x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    y = xp.exp(x)                  # saves its output
    v = y[:2]
    v[...] = 0.0                   # writes into y's memory
    xp.sum(y).backward()
    assert x.grad.tolist()[:2] == [0.0, 0.0]
    assert x.grad.tolist()[2] == pytest.approx(float(xp.exp(xp.asarray(3.0))))


def test_writing_into_one_output_of_a_multi_output_node_is_recorded(backend):
    # scikit-learn's svd_flip: u *= signs on the U that svd saved
    a = xp.asarray([[2.0, 1.0], [1.0, 3.0], [0.5, -1.0]], requires_grad=True)
    u, s, vt = xp.linalg.svd(a, full_matrices=False)
    u *= xp.asarray([-1.0, 1.0])
    xp.sum(u[:, 0] * s[0]).backward()
    b = a.detach()
    b.requires_grad_()
    u2, s2, _ = xp.linalg.svd(b, full_matrices=False)
    xp.sum(-u2[:, 0] * s2[0]).backward()
    assert bool(xp.all(xp.abs(a.grad - b.grad) < 1e-10))


def test_a_stale_saved_output_stays_reported_after_a_recorded_write(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = xp.exp(x)
    with xp.no_grad():
        y += 1                     # not recorded: the saved output is now stale
    y[0] = 5.0                     # a recorded write must not hide that
    with pytest.raises(RuntimeError, match=r"ExpBackward.*expected version 0"):
        xp.sum(y).backward()


def test_modifying_through_a_view_is_detected(backend):
    x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    a = x * 1
    b = xp.sin(a)        # saves a
    v = a[1:]
    with xp.no_grad():
        v *= 2
    with pytest.raises(RuntimeError, match="SinBackward"):
        xp.sum(b).backward()


def test_views_from_basic_indexing_share_the_version_counter(backend):
    a = xp.asarray([[1.0, 2.0], [3.0, 4.0]])
    v = a[0]
    w = v[1:]
    assert a._vc is v._vc is w._vc
    before = a._vc[0]
    w += 1
    assert a._vc[0] == before + 1
    assert a[0, 1].item() == 3.0


def test_inplace_on_base_is_seen_by_views_with_grad(backend):
    x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    a = x * 1
    v = a[1:]
    a *= 10
    assert _eq(v, [20.0, 30.0])              # the data, as without gradients
    xp.sum(v * v).backward()                 # v = 10 x[1:]: d/dx = 200 x
    assert _eq(x.grad, [0.0, 400.0, 600.0])


def test_inplace_on_view_updates_the_base_history(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    a = x * 1
    v = a[0:1]
    v *= 3
    assert _eq(a, [3.0, 2.0])
    xp.sum(a).backward()
    assert _eq(x.grad, [3.0, 1.0])           # PyTorch: CopySlices


def test_setitem_through_a_view_of_a_view(backend):
    x = xp.asarray([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)
    a = x * 1
    row = a[1]
    row[0] = row[0] * 5
    assert _eq(a, [[1.0, 2.0], [15.0, 4.0]])
    xp.sum(a).backward()
    assert _eq(x.grad, [[1.0, 1.0], [5.0, 1.0]])


def test_inplace_without_grad_still_mutates_memory(backend):
    a = xp.asarray([1.0, 2.0])
    v = a[:1]
    a += 1
    assert _eq(v, [2.0])


def test_inplace_dtype_change_is_an_error_when_recorded(backend):
    x = xp.asarray([1.0, 2.0], dtype=xp.float32, requires_grad=True)
    a = x * 1
    with pytest.raises(TypeError, match="dtype"):
        a += xp.asarray([1.0, 2.0], dtype=xp.float64)


def test_inplace_broadcast_to_larger_shape_is_an_error(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    a = x * 1
    with pytest.raises(ValueError, match="broadcast"):
        a += xp.ones((2, 2))


def test_second_order_through_inplace(backend):
    x = xp.asarray(3.0, requires_grad=True)
    a = x * x
    a *= x                        # x^3
    (g,) = xp.autograd.grad(a, x, create_graph=True)
    (h,) = xp.autograd.grad(g, x)
    assert (g.item(), h.item()) == (27.0, 18.0)


def test_augmented_assignment_on_items_and_slices(backend):
    # Python runs x[k] += v as: t = x[k]; t += v; x[k] = t (a view changed in place)
    x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    a = x * 1
    a[0] += 5
    a[1:] *= xp.asarray([2.0, 3.0])
    assert _eq(a, [6.0, 4.0, 9.0])
    xp.sum(a * a).backward()
    assert _eq(x.grad, [12.0, 16.0, 54.0])           # the values PyTorch gives


def test_augmented_assignment_on_item_of_leaf_is_an_error(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf"):
        x[0] += 1
