"""Indexing (indexing.html) and the indexing functions (indexing_functions.html): what keys
do, and every malformed or out-of-range key refused with an IndexError naming the key."""

from __future__ import annotations

import numpy as np
import pytest

import gradarray as xp
from tests.spec.helpers import Bad, check_bad, ids, raises_named

AXIS = (IndexError, ValueError)


def m(*shape: int) -> xp.Array:
    return xp.reshape(xp.arange(int(np.prod(shape)), dtype=xp.float64), shape)


# ------------------------------------------------------------------ what keys do
def test_integer_keys_give_0d_arrays(backend):
    x = m(2, 3)
    v = x[1, 2]
    assert isinstance(v, xp.Array) and v.shape == () and v.item() == 5.0
    assert x[-1, -3].item() == 3.0
    assert m(3)[()].shape == (3,)
    assert xp.asarray(4.0)[()].item() == 4.0
    assert x[xp.asarray(1)].tolist() == [3.0, 4.0, 5.0]        # a 0-d integer array


def test_slices_ellipsis_and_none(backend):
    x = m(2, 3, 4)
    assert x[:, 1:, ::2].shape == (2, 2, 2)
    assert x[..., 0].shape == (2, 3)
    assert x[None, 0, ..., None].shape == (1, 3, 4, 1)
    assert x[1:100].shape == (1, 3, 4)                      # slices clip, as Python's do
    assert x[::-1][0, 0, 0].item() == 12.0


def test_integer_array_and_boolean_keys(backend):
    x = m(3, 4)
    i = xp.asarray([2, 0])
    assert x[i, 1].tolist() == [9.0, 1.0]
    assert x[i, i].tolist() == [10.0, 0.0]
    assert x[x > 9.0].tolist() == [10.0, 11.0]
    assert x[xp.asarray(True)].shape == (1, 3, 4)


# ------------------------------------------------------------------ bad keys
def _key_cases(method: str) -> list[Bad]:
    # a key given as a function is built when the case runs, on the device under test
    if method == "__getitem__":
        def at(key):
            return lambda: m(2, 3)[key() if callable(key) else key]
    else:
        def at(key):
            def setter():
                x = m(2, 3)
                x[key() if callable(key) else key] = 0.0
            return setter
    f = method
    return [
        Bad(f, at(2), IndexError, "key", "index 2 is out of bounds for axis 0 with size 2",
            "int-high"),
        Bad(f, at(-3), IndexError, "key", "out of bounds", "int-low"),
        Bad(f, at((0, 3)), IndexError, "key", "axis 1", "int-axis1"),
        Bad(f, at((..., 5)), IndexError, "key", "axis 1", "ellipsis-int"),
        Bad(f, at(1.0), IndexError, "key", "float", "float"),
        Bad(f, at("a"), IndexError, "key", "str", "str"),
        Bad(f, at([0, 1]), IndexError, "key", "list", "list"),
        Bad(f, at(object()), IndexError, "key", "object", "object"),
        Bad(f, at((0, 0, 0)), IndexError, "key", "too many indices", "too-many"),
        Bad(f, at((..., 0, ...)), IndexError, "key", "single ellipsis", "two-ellipses"),
        Bad(f, at(slice(0.5, 2)), IndexError, "key", "slice start", "slice-float"),
        Bad(f, at(slice(0, 2, 0)), ValueError, "key", "step", "slice-step-0"),
        Bad(f, at((True, 0)), IndexError, "key", "sole index", "bool-not-sole"),
        Bad(f, at(lambda: xp.asarray([0.0])), IndexError, "key", "float64", "float-array"),
        Bad(f, at(lambda: xp.asarray([True, False, True])), IndexError, "key", "shape",
            "mask-shape"),
        Bad(f, at(lambda: (xp.asarray([0]), None)), IndexError, "key", "None",
            "array-and-none"),
        Bad(f, at(lambda: (xp.asarray([True, False]), 0)), IndexError, "key", "sole",
            "mask-and-int"),
    ]


def _key_cases_3d() -> list[Bad]:
    x = lambda: m(2, 3, 4)  # noqa: E731
    i = lambda: xp.asarray([0, 1])  # noqa: E731
    return [
        Bad("__getitem__", lambda: x()[i(), :, i()], IndexError, "key", "contiguous",
            "arrays-apart"),
        Bad("__getitem__", lambda: x()[0, :, 1:, 2], IndexError, "key", "too many",
            "too-many-3d"),
    ]


CASES = _key_cases("__getitem__") + _key_cases("__setitem__") + _key_cases_3d() + [
    Bad("take", lambda: xp.take(m(3), xp.asarray([0.0])), TypeError, "indices", "float64"),
    Bad("take", lambda: xp.take(m(3), xp.asarray([[0]])), ValueError, "indices", "1-D"),
    Bad("take", lambda: xp.take(m(3), [0]), TypeError, "indices"),
    Bad("take", lambda: xp.take([0.0], xp.asarray([0])), TypeError, "x"),
    Bad("take", lambda: xp.take(m(2, 3), xp.asarray([0])), ValueError, "axis"),
    Bad("take", lambda: xp.take(m(2, 3), xp.asarray([0]), axis=2), AXIS, "axis"),
    Bad("take", lambda: xp.take(m(2, 3), xp.asarray([0]), axis=0.0), TypeError, "axis"),
    Bad("take", lambda: xp.take(m(3), xp.asarray([3])), IndexError, "indices", "out of bounds"),
    Bad("take_along_axis", lambda: xp.take_along_axis(m(2, 3), xp.asarray([[0.0]])), TypeError,
        "indices"),
    Bad("take_along_axis", lambda: xp.take_along_axis(m(2, 3), xp.asarray([0])), ValueError,
        "indices", "2 dimensions"),
    Bad("take_along_axis", lambda: xp.take_along_axis(m(2, 3), xp.asarray([[0]] * 3)),
        ValueError, "x, indices", "broadcast"),
    Bad("take_along_axis", lambda: xp.take_along_axis(m(2, 3), xp.asarray([[0]]), axis=2),
        AXIS, "axis"),
    Bad("take_along_axis", lambda: xp.take_along_axis(m(2, 3), xp.asarray([[7]])),
        IndexError, "indices", "out of bounds"),
    Bad("take_along_axis", lambda: xp.take_along_axis(m(2, 3), [[0]]), TypeError, "indices"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_indexing_bad_input(case, backend):
    check_bad(case)


def test_index_arrays_on_another_device_are_refused(two_devices):
    a, b = two_devices
    x = xp.ones((3,), device=a)
    with raises_named(ValueError, "__getitem__", "self, key", match=f"{a}.*{b}"):
        x[xp.asarray([0], device=b)]
    with raises_named(ValueError, "__setitem__", "self, value", match=f"{a}.*{b}"):
        x[0] = xp.asarray(1.0, device=b)
    with raises_named(ValueError, "take", "x, indices", match=f"{a}.*{b}"):
        xp.take(x, xp.asarray([0], device=b))


def test_setitem_value_must_broadcast_to_the_selection(backend):
    x = m(2, 3)
    with raises_named(ValueError, "__setitem__", "value", match="broadcast"):
        x[0] = xp.ones(2)
    with raises_named(ValueError, "__setitem__", "value"):
        x[xp.asarray([0, 1])] = xp.ones((3, 3))
    x[:, 1] = xp.asarray([7.0, 8.0])
    assert x.tolist() == [[0.0, 7.0, 2.0], [3.0, 8.0, 5.0]]
    # more dimensions than the selection, even of size 1 (NumPy drops leading 1s): refused
    with raises_named(ValueError, "__setitem__", "value", match=r"\(1, 3\).*\(3,\)"):
        x[0] = xp.ones((1, 3))
    with raises_named(ValueError, "__setitem__", "value"):
        x[xp.asarray([1])] = xp.ones((1, 1, 3))
    x[0:1] = xp.full((1, 3), 9.0)                      # (1, 3) selects (1, 3): fine
    assert x.tolist()[0] == [9.0, 9.0, 9.0]


def test_take_and_take_along_axis_select(backend):
    x = m(2, 3)
    assert xp.take(x, xp.asarray([2, 0]), axis=1).tolist() == [[2.0, 0.0], [5.0, 3.0]]
    assert xp.take(m(3), xp.asarray([-1])).tolist() == [2.0]
    idx = xp.asarray([[2], [0]])
    assert xp.take_along_axis(x, idx, axis=1).tolist() == [[2.0], [3.0]]
