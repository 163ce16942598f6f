"""Statistical functions (statistical_functions.html): result dtypes, ``dtype=``, and bad
input for each function."""

from __future__ import annotations

import pytest

import gradarray as xp
from tests.spec.helpers import (ALL, FLOATING, NUMERIC, REAL_FLOATING, REAL_NUMERIC, Bad,
                                check_bad, ids, one, raises_named)

AXIS = (IndexError, ValueError)
ACCEPTS = {"sum": NUMERIC, "prod": NUMERIC, "cumulative_sum": NUMERIC,
           "cumulative_prod": NUMERIC, "max": REAL_NUMERIC, "min": REAL_NUMERIC,
           "mean": FLOATING, "std": REAL_FLOATING, "var": REAL_FLOATING}


@pytest.mark.parametrize("name", sorted(ACCEPTS))
def test_statistical_function_dtypes(name, backend):
    fn = getattr(xp, name)
    for d in ALL:
        if d in ACCEPTS[name]:
            assert isinstance(fn(one(d)), xp.Array)
        else:
            with raises_named(TypeError, name, "x", match=d):
                fn(one(d))


def test_sum_and_prod_dtypes_and_the_dtype_argument(backend):
    # small integers accumulate in the default integer dtype (or its unsigned twin);
    # floating dtypes are kept
    assert xp.sum(one("int8")).dtype is xp.int64
    assert xp.prod(one("uint16")).dtype is xp.uint64
    assert xp.sum(one("float32")).dtype is xp.float32
    assert xp.prod(one("complex64")).dtype is xp.complex64
    assert xp.sum(one("int8"), dtype=xp.int64).dtype is xp.int64
    assert xp.cumulative_sum(one("int8"), dtype=xp.int32).dtype is xp.int32
    assert xp.cumulative_sum(one("float64"), include_initial=True).tolist() == [0.0, 1.0, 2.0]


def test_reductions_over_axes_and_keepdims(backend):
    x = xp.reshape(xp.arange(6.0), (2, 3))
    assert xp.sum(x, axis=0).tolist() == [3.0, 5.0, 7.0]
    assert xp.max(x, axis=(0, 1), keepdims=True).shape == (1, 1)
    assert xp.mean(x, axis=-1).tolist() == [1.0, 4.0]
    assert xp.var(x, axis=1, correction=1).tolist() == [1.0, 1.0]
    assert xp.sum(x, axis=()).shape == (2, 3)


CASES = [
    *[c for name in sorted(ACCEPTS) for c in (
        Bad(name, lambda name=name: getattr(xp, name)([1.0]), TypeError, "x"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64", (2, 2)), axis=2), AXIS,
            "axis"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64", (2, 2)), axis=1.0),
            TypeError, "axis"),
    )],
    *[c for name in ("sum", "prod", "max", "min", "mean", "std", "var") for c in (
        Bad(name, lambda name=name: getattr(xp, name)(one("float64", (2, 2)), axis=(0, -2)),
            ValueError, "axis"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64", (2, 2)), axis=[0]),
            TypeError, "axis"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), keepdims=1), TypeError,
            "keepdims"),
    )],
    *[c for name in ("sum", "prod", "cumulative_sum", "cumulative_prod") for c in (
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), dtype="float32"),
            TypeError, "dtype"),
        Bad(name, lambda name=name: getattr(xp, name)(one("complex64"), dtype=xp.float32),
            TypeError, "dtype", "complex64"),
    )],
    *[c for name in ("cumulative_sum", "cumulative_prod") for c in (
        Bad(name, lambda name=name: getattr(xp, name)(one("float64", (2, 2))), ValueError,
            "axis", "required"),
        Bad(name, lambda name=name: getattr(xp, name)(xp.asarray(1.0)), ValueError, "x"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), include_initial=1),
            TypeError, "include_initial"),
    )],
    *[c for name in ("max", "min") for c in (
        Bad(name, lambda name=name: getattr(xp, name)(xp.ones(0)), ValueError, "x",
            "zero-size"),
    )],
    *[c for name in ("std", "var") for c in (
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), correction=-1),
            ValueError, "correction"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), correction="1"),
            TypeError, "correction"),
        Bad(name, lambda name=name: getattr(xp, name)(one("float64"), correction=2 ** 70),
            OverflowError, "correction"),
    )],
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_statistical_function_bad_input(case, backend):
    check_bad(case)
