"""Sorting functions (sorting_functions.html): results and bad input."""

from __future__ import annotations

import pytest

import gradarray as xp
from tests.spec.helpers import Bad, check_bad, ids, one

AXIS = (IndexError, ValueError)


def test_sort_and_argsort(backend):
    x = xp.asarray([[3.0, 1.0, 2.0], [1.0, 1.0, 0.0]])
    assert xp.sort(x).tolist() == [[1.0, 2.0, 3.0], [0.0, 1.0, 1.0]]
    assert xp.sort(x, axis=0, descending=True).tolist() == [[3.0, 1.0, 2.0], [1.0, 1.0, 0.0]]
    assert xp.argsort(x, axis=1, stable=True).tolist() == [[1, 2, 0], [2, 0, 1]]
    assert xp.argsort(x, descending=True).tolist()[1] == [0, 1, 2]   # stable among ties


CASES = [
    *[c for name in ("sort", "argsort") for c in (
        Bad(name, lambda name=name: getattr(xp, name)(one("complex64")), TypeError, "x"),
        Bad(name, lambda name=name: getattr(xp, name)(xp.asarray(1.0)), ValueError, "x"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), axis=1), AXIS, "axis"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), axis=None), TypeError,
            "axis"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), descending=1), TypeError,
            "descending"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), stable=None), TypeError,
            "stable"),
        Bad(name, lambda name=name: getattr(xp, name)([2, 1]), TypeError, "x"),
    )],
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_sorting_function_bad_input(case, backend):
    check_bad(case)
