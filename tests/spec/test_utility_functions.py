"""Utility functions (utility_functions.html): results and bad input."""

from __future__ import annotations

import pytest

import gradarray as xp
from tests.spec.helpers import Bad, check_bad, ids, one, raises_named

AXIS = (IndexError, ValueError)


def test_all_any_diff(backend):
    x = xp.asarray([[1, 0], [2, 3]])
    assert xp.all(x).item() is False and xp.any(x, axis=1).tolist() == [True, True]
    assert xp.all(x, axis=(0, 1), keepdims=True).shape == (1, 1)
    assert xp.diff(xp.asarray([1.0, 4.0, 9.0])).tolist() == [3.0, 5.0]
    assert xp.diff(xp.asarray([1.0, 4.0, 9.0]), n=2).tolist() == [2.0]
    assert xp.diff(x, axis=0, prepend=xp.asarray([[0, 0]])).tolist() == [[1, 0], [1, 3]]


def test_diff_refuses_prepend_on_another_device(two_devices):
    a, b = two_devices
    with raises_named(ValueError, "diff", "x, prepend", match=f"{a}.*{b}"):
        xp.diff(xp.ones(3, device=a), prepend=xp.ones(1, device=b))


CASES = [
    *[c for name in ("all", "any") for c in (
        Bad(name, lambda name=name: getattr(xp, name)(one("bool"), axis=1), AXIS, "axis"),
        Bad(name, lambda name=name: getattr(xp, name)(one("bool"), axis=[0]), TypeError, "axis"),
        Bad(name, lambda name=name: getattr(xp, name)(one("bool"), keepdims=0), TypeError,
            "keepdims"),
        Bad(name, lambda name=name: getattr(xp, name)([True]), TypeError, "x"),
    )],
    Bad("diff", lambda: xp.diff(one("bool")), TypeError, "x"),
    Bad("diff", lambda: xp.diff(xp.asarray(1.0)), ValueError, "x"),
    Bad("diff", lambda: xp.diff(one("float64"), n=-1), ValueError, "n"),
    Bad("diff", lambda: xp.diff(one("float64"), n=1.0), TypeError, "n"),
    Bad("diff", lambda: xp.diff(one("float64"), axis=1), AXIS, "axis"),
    Bad("diff", lambda: xp.diff(one("float64", (2, 2)), prepend=one("float64", (3, 3))),
        ValueError, "prepend"),
    Bad("diff", lambda: xp.diff(one("float64"), append=[1.0]), TypeError, "append"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_utility_function_bad_input(case, backend):
    check_bad(case)
