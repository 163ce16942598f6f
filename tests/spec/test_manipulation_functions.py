"""Manipulation functions (manipulation_functions.html): ``reshape``'s ``copy=`` and bad
input (shapes, axes, types) for each function."""

from __future__ import annotations

import numpy as np
import pytest

import gradarray as xp
from tests.spec.helpers import Bad, check_bad, ids, raises_named

AXIS = (IndexError, ValueError)   # an axis out of range is both, as NumPy's AxisError


def m(*shape: int) -> xp.Array:
    return xp.reshape(xp.arange(int(np.prod(shape)), dtype=xp.float64), shape)


# ------------------------------------------------------------------ reshape and copy=
def test_reshape_copy_none_shares_memory_where_it_can(backend):
    x = m(3, 4)
    v = xp.reshape(x, (12,))
    x[0, 1] = 100.0
    assert v.tolist()[1] == 100.0
    assert xp.reshape(x, (3, 4)) is x


def test_reshape_copy_true_gives_new_memory(backend):
    x = m(3, 4)
    c = xp.reshape(x, (4, 3), copy=True)
    x[0, 0] = 100.0
    assert c.tolist()[0][0] == 0.0
    same_shape = xp.reshape(x, (3, 4), copy=True)
    assert same_shape is not x


def test_reshape_copy_false_shares_memory_or_refuses(backend):
    x = m(3, 4)
    v = xp.reshape(x, (2, 6), copy=False)
    x[1, 0] = -1.0
    assert v.tolist()[0][4] == -1.0
    assert xp.reshape(x, (3, 4), copy=False) is x
    with raises_named(ValueError, "reshape", "copy=False"):
        xp.reshape(x[:, :2], (6,), copy=False)
    with raises_named(ValueError, "reshape", "copy=False"):
        xp.reshape(xp.permute_dims(x, (1, 0)), (12,), copy=False)


def test_reshape_is_differentiable(backend):
    x = xp.asarray([1.0, 2.0, 3.0, 4.0], requires_grad=True)
    xp.sum(xp.reshape(x, (2, 2), copy=True) * m(2, 2)).backward()
    assert x.grad.tolist() == [0.0, 1.0, 2.0, 3.0]


def test_negative_one_infers_a_size(backend):
    assert xp.reshape(m(3, 4), (-1, 2)).shape == (6, 2)
    assert xp.reshape(xp.ones((0, 3)), (-1, 3)).shape == (0, 3)


# ------------------------------------------------------------------ bad input
def _cases() -> list[Bad]:
    x = lambda: m(2, 3)  # noqa: E731
    return [
        Bad("broadcast_arrays", lambda: xp.broadcast_arrays(m(2, 3), m(4)), ValueError,
            "arrays", r"\(2, 3\).*\(4,\)"),
        Bad("broadcast_arrays", lambda: xp.broadcast_arrays(m(2), [1.0]), TypeError,
            "arrays[1]"),
        Bad("broadcast_shapes", lambda: xp.broadcast_shapes((2, 3), (4,)), ValueError,
            "shapes"),
        Bad("broadcast_shapes", lambda: xp.broadcast_shapes((2, 3), [3]), TypeError,
            "shapes[1]"),
        Bad("broadcast_shapes", lambda: xp.broadcast_shapes((2, 3.0)), TypeError, "shapes"),
        Bad("broadcast_shapes", lambda: xp.broadcast_shapes((2, -3)), ValueError, "shapes"),
        Bad("broadcast_to", lambda: xp.broadcast_to(x(), (3, 3)), ValueError, "x, shape"),
        Bad("broadcast_to", lambda: xp.broadcast_to(x(), (3,)), ValueError, "x, shape"),
        Bad("broadcast_to", lambda: xp.broadcast_to(x(), {2: 3}), TypeError, "shape"),
        Bad("broadcast_to", lambda: xp.broadcast_to(x(), (2, 3.0)), TypeError, "shape"),
        Bad("broadcast_to", lambda: xp.broadcast_to(x(), (-2, 3)), ValueError, "shape"),
        Bad("broadcast_to", lambda: xp.broadcast_to([1.0], (2,)), TypeError, "x"),
        Bad("concat", lambda: xp.concat(x()), TypeError, "arrays"),
        Bad("concat", lambda: xp.concat([]), ValueError, "arrays"),
        Bad("concat", lambda: xp.concat([x(), m(3, 2)]), ValueError, "arrays"),
        Bad("concat", lambda: xp.concat([x(), m(6)]), ValueError, "arrays"),
        Bad("concat", lambda: xp.concat([x(), x()], axis=2), AXIS, "axis"),
        Bad("concat", lambda: xp.concat([x(), x()], axis=1.0), TypeError, "axis"),
        Bad("concat", lambda: xp.concat([xp.asarray(1.0), xp.asarray(2.0)]), ValueError,
            "arrays"),
        Bad("concat", lambda: xp.concat([x(), np.ones((2, 3))]), TypeError, "arrays[1]"),
        Bad("expand_dims", lambda: xp.expand_dims(x(), axis=3), AXIS, "axis"),
        Bad("expand_dims", lambda: xp.expand_dims(x(), axis=-4), AXIS, "axis"),
        Bad("expand_dims", lambda: xp.expand_dims(x(), axis=(0, 0)), ValueError, "axis"),
        Bad("expand_dims", lambda: xp.expand_dims(x(), axis=0.0), TypeError, "axis"),
        Bad("flip", lambda: xp.flip(x(), axis=2), AXIS, "axis"),
        Bad("flip", lambda: xp.flip(x(), axis=[0]), TypeError, "axis"),
        Bad("flip", lambda: xp.flip(x(), axis=(0, -2)), ValueError, "axis"),
        Bad("moveaxis", lambda: xp.moveaxis(x(), 2, 0), AXIS, "source"),
        Bad("moveaxis", lambda: xp.moveaxis(x(), 0, -3), AXIS, "destination"),
        Bad("moveaxis", lambda: xp.moveaxis(x(), (0, 1), (0,)), ValueError,
            "source, destination"),
        Bad("moveaxis", lambda: xp.moveaxis(x(), (0, 0), (0, 1)), ValueError,
            "source, destination"),
        Bad("moveaxis", lambda: xp.moveaxis(x(), "0", 1), TypeError, "source"),
        Bad("permute_dims", lambda: xp.permute_dims(x(), (0, 0)), ValueError, "axes"),
        Bad("permute_dims", lambda: xp.permute_dims(x(), (0,)), ValueError, "axes"),
        Bad("permute_dims", lambda: xp.permute_dims(x(), (0, 2)), AXIS, "axes"),
        Bad("permute_dims", lambda: xp.permute_dims(x(), 1), TypeError, "axes"),
        Bad("repeat", lambda: xp.repeat(x(), -1), ValueError, "repeats"),
        Bad("repeat", lambda: xp.repeat(x(), 1.5), TypeError, "repeats"),
        Bad("repeat", lambda: xp.repeat(x(), xp.asarray([1.0, 2.0]), axis=0), TypeError,
            "repeats"),
        Bad("repeat", lambda: xp.repeat(x(), xp.asarray([1, 2, 3]), axis=0), ValueError,
            "repeats"),
        Bad("repeat", lambda: xp.repeat(x(), xp.asarray([1, -2]), axis=0), ValueError,
            "repeats"),
        Bad("repeat", lambda: xp.repeat(x(), 2, axis=2), AXIS, "axis"),
        Bad("reshape", lambda: xp.reshape(x(), (4,)), ValueError, "x, shape",
            r"\(2, 3\).*\(4,\)"),
        Bad("reshape", lambda: xp.reshape(x(), (-1, -1)), ValueError, "shape"),
        # beside a 0 the -1 has no size to infer (found by tests/spec/test_fuzz.py)
        Bad("reshape", lambda: xp.reshape(xp.ones((2, 0)), (3, 0, -1)), ValueError,
            "x, shape"),
        Bad("reshape", lambda: xp.reshape(x(), (-2, 3)), ValueError, "shape"),
        Bad("reshape", lambda: xp.reshape(x(), 6), TypeError, "shape"),
        Bad("reshape", lambda: xp.reshape(x(), (6.0,)), TypeError, "shape"),
        Bad("reshape", lambda: xp.reshape(x(), (6,), copy=1), TypeError, "copy"),
        Bad("reshape", lambda: xp.reshape([1.0], (1,)), TypeError, "x"),
        Bad("roll", lambda: xp.roll(x(), 1.5), TypeError, "shift"),
        Bad("roll", lambda: xp.roll(x(), (1, 2)), ValueError, "shift"),
        Bad("roll", lambda: xp.roll(x(), (1, 2), axis=(0,)), ValueError, "shift, axis"),
        Bad("roll", lambda: xp.roll(x(), 1, axis=2), AXIS, "axis"),
        Bad("roll", lambda: xp.roll(x(), (1,), axis=0), ValueError, "shift"),
        Bad("squeeze", lambda: xp.squeeze(x(), axis=0), ValueError, "axis", "size 2"),
        Bad("squeeze", lambda: xp.squeeze(x(), axis=2), AXIS, "axis"),
        Bad("squeeze", lambda: xp.squeeze(x(), axis=None), TypeError, "axis"),
        Bad("squeeze", lambda: xp.squeeze(xp.ones((1, 1)), axis=(0, 0)), ValueError, "axis"),
        Bad("stack", lambda: xp.stack([x(), m(3, 2)]), ValueError, "arrays"),
        Bad("stack", lambda: xp.stack([]), ValueError, "arrays"),
        Bad("stack", lambda: xp.stack([x(), x()], axis=3), AXIS, "axis"),
        Bad("stack", lambda: xp.stack(x()), TypeError, "arrays"),
        Bad("tile", lambda: xp.tile(x(), [2]), TypeError, "repetitions"),
        Bad("tile", lambda: xp.tile(x(), (2, -1)), ValueError, "repetitions"),
        Bad("tile", lambda: xp.tile(x(), (2.0,)), TypeError, "repetitions"),
        Bad("unstack", lambda: xp.unstack(xp.asarray(1.0)), ValueError, "x"),
        Bad("unstack", lambda: xp.unstack(x(), axis=2), AXIS, "axis"),
        Bad("unstack", lambda: xp.unstack(x(), axis=None), TypeError, "axis"),
    ]


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_manipulation_function_bad_input(case, backend):
    check_bad(case)


def test_repeat_of_an_empty_array_does_not_loop_over_the_repetitions(backend):
    # NumPy's repeat walks every repetition even with nothing to copy: 2**40 took minutes
    x = xp.zeros((2, 0), dtype=xp.int32)
    assert xp.repeat(x, 2 ** 40, axis=0).shape == (2 ** 41, 0)
    assert xp.repeat(x, xp.asarray([3, 4]), axis=0).shape == (7, 0)
    assert xp.repeat(x, xp.asarray([5]), axis=0).shape == (10, 0)
    with pytest.raises(ValueError, match=r"^repeat\(repeats\): [^(]*$"):   # one head
        xp.repeat(x, xp.asarray([-1, 2]), axis=0)


def test_tril_triu_and_tile_of_empty_arrays_with_huge_sides_are_immediate(backend):
    # NumPy's tril built an (n, m) mask from an arange of 2**40 (8 TiB); the reference
    # backend looped over the rows, and its tile built index lists of 2**40 entries
    assert xp.tril(xp.zeros((2 ** 40, 0))).shape == (2 ** 40, 0)
    assert xp.triu(xp.zeros((0, 2 ** 40)), k=3).shape == (0, 2 ** 40)
    assert xp.tile(xp.zeros((2, 0)), (2 ** 40, 1)).shape == (2 ** 41, 0)
