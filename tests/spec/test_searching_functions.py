"""Searching functions (searching_functions.html): results and bad input."""

from __future__ import annotations

import pytest

import gradarray as xp
from tests.spec.helpers import Bad, check_bad, ids, one, raises_named

AXIS = (IndexError, ValueError)


def test_searching_results(backend):
    x = xp.asarray([[3.0, 1.0, 3.0], [0.0, 5.0, 5.0]])
    assert xp.argmax(x).item() == 4 and xp.argmax(x, axis=1).tolist() == [0, 1]
    assert xp.argmin(x, axis=0, keepdims=True).tolist() == [[1, 0, 0]]
    assert xp.count_nonzero(x).item() == 5 and xp.count_nonzero(x, axis=(0, 1)).item() == 5
    assert [a.tolist() for a in xp.nonzero(x == 5.0)] == [[1, 1], [1, 2]]
    assert xp.searchsorted(xp.asarray([1.0, 2.0, 3.0]), xp.asarray([2.0]),
                           side="right").tolist() == [2]
    assert xp.where(x > 2.0, x, 0.0).tolist() == [[3.0, 0.0, 3.0], [0.0, 5.0, 5.0]]
    assert xp.argmax(x).dtype is xp.int64 and xp.count_nonzero(x).dtype is xp.int64


def test_where_refuses_mismatched_shapes_and_devices(backend, two_devices):
    with raises_named(ValueError, "where", "condition, x1, x2", match=r"\(3,\).*\(2,\)"):
        xp.where(xp.asarray([True, False, True]), one("float64", (2,)), 1.0)
    a, b = two_devices
    with raises_named(ValueError, "where", "condition, x2", match=f"{a}.*{b}"):
        xp.where(xp.asarray([True], device=a), xp.ones(1, device=a), xp.ones(1, device=b))


CASES = [
    *[c for name in ("argmax", "argmin") for c in (
        Bad(name, lambda name=name: getattr(xp, name)(one("complex64")), TypeError, "x"),
        Bad(name, lambda name=name: getattr(xp, name)(one("bool")), TypeError, "x"),
        Bad(name, lambda name=name: getattr(xp, name)(xp.ones(0)), ValueError, "x", "empty"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), axis=1), AXIS, "axis"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), axis=(0,)), TypeError,
            "axis"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), keepdims=1), TypeError,
            "keepdims"),
        Bad(name, lambda name=name: getattr(xp, name)([1.0]), TypeError, "x"),
    )],
    Bad("count_nonzero", lambda: xp.count_nonzero(one("float64"), axis=2), AXIS, "axis"),
    Bad("count_nonzero", lambda: xp.count_nonzero(one("float64"), axis=(0, 0)), ValueError,
        "axis"),
    Bad("count_nonzero", lambda: xp.count_nonzero(one("float64"), keepdims="no"), TypeError,
        "keepdims"),
    Bad("count_nonzero", lambda: xp.count_nonzero([1]), TypeError, "x"),
    Bad("nonzero", lambda: xp.nonzero(xp.asarray(1.0)), ValueError, "x", "0-dimensional"),
    Bad("nonzero", lambda: xp.nonzero([1]), TypeError, "x"),
    Bad("searchsorted", lambda: xp.searchsorted(one("float64", (2, 2)), one("float64")),
        ValueError, "x1", "1-D"),
    Bad("searchsorted", lambda: xp.searchsorted(one("complex64"), one("complex64")), TypeError,
        "x1"),
    Bad("searchsorted", lambda: xp.searchsorted(one("float64"), one("int8")), TypeError,
        "x1, x2"),
    Bad("searchsorted", lambda: xp.searchsorted(one("float64"), one("float64"), side="middle"),
        ValueError, "side"),
    Bad("searchsorted", lambda: xp.searchsorted(one("float64"), one("float64"),
                                                side=one("bool")), TypeError, "side"),
    Bad("searchsorted", lambda: xp.searchsorted(one("float64"), one("float64"),
                                                sorter=one("float64")), TypeError, "sorter"),
    Bad("searchsorted", lambda: xp.searchsorted(one("float64"), one("float64"),
                                                sorter=xp.asarray([0])), ValueError, "sorter"),
    Bad("searchsorted", lambda: xp.searchsorted(one("float64"), [1.0]), TypeError, "x2"),
    Bad("where", lambda: xp.where(one("float64"), 1.0, 2.0), TypeError, "condition"),
    Bad("where", lambda: xp.where([True], one("float64"), 2.0), TypeError, "condition"),
    Bad("where", lambda: xp.where(one("bool"), one("int8"), one("float32")), TypeError,
        "x1, x2", "int8.*float32"),
    Bad("where", lambda: xp.where(one("bool"), one("int8"), "a"), TypeError, "x2"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_searching_function_bad_input(case, backend):
    check_bad(case)
