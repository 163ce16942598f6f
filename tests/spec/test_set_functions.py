"""Set functions (set_functions.html): results and bad input."""

from __future__ import annotations

import pytest

import gradarray as xp
from tests.spec.helpers import Bad, check_bad, ids, one, raises_named


def test_unique_functions(backend):
    x = xp.asarray([3, 1, 3, 2, 1], dtype=xp.int16)
    r = xp.unique_all(x)
    assert sorted(r.values.tolist()) == [1, 2, 3] and sum(r.counts.tolist()) == 5
    assert xp.take(r.values, xp.reshape(r.inverse_indices, (-1,))).tolist() == x.tolist()
    assert xp.unique_counts(x).counts.dtype is xp.int64
    assert xp.unique_inverse(x).inverse_indices.shape == x.shape
    assert sorted(xp.unique_values(x).tolist()) == [1, 2, 3]
    assert r.values.dtype is xp.int16


def test_isin(backend):
    x = xp.asarray([1, 2, 3])
    assert xp.isin(x, xp.asarray([2, 5])).tolist() == [False, True, False]
    assert xp.isin(x, xp.asarray([2]), invert=True).tolist() == [True, False, True]


def test_isin_refuses_arrays_on_two_devices(two_devices):
    a, b = two_devices
    with raises_named(ValueError, "isin", match=f"{a}.*{b}"):
        xp.isin(xp.ones(2, device=a), xp.ones(2, device=b))


CASES = [
    *[Bad(name, lambda name=name: getattr(xp, name)([1, 2]), TypeError, "x")
      for name in ("unique_all", "unique_counts", "unique_inverse", "unique_values")],
    Bad("isin", lambda: xp.isin(one("int8"), one("int8"), invert=1), TypeError, "invert"),
    Bad("isin", lambda: xp.isin(one("int8"), [1]), TypeError, "x2"),
    Bad("isin", lambda: xp.isin(1.5, one("float64")), TypeError, "x1"),
    Bad("isin", lambda: xp.isin(1, 2), TypeError, "x1, x2"),
    Bad("isin", lambda: xp.isin(one("uint8"), -1), OverflowError, "x2"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_set_function_bad_input(case, backend):
    check_bad(case)
