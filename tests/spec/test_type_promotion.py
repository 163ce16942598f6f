"""Type promotion and Python scalars (type_promotion.html), against an independent copy of the
standard's table (tests/spec/helpers.py)."""

from __future__ import annotations

import itertools
import operator

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gradarray as xp
from tests.spec.helpers import (ALL, BOOL, FLOATING, INT_BOUNDS, INTEGER, NUMERIC,
                                PROMOTION, REAL_FLOATING, REAL_NUMERIC, dtype, one,
                                raises_named)

# every binary element-wise function: the dtypes it accepts and whether it returns bool
BINARY = {
    "add": (NUMERIC, False), "subtract": (NUMERIC, False), "multiply": (NUMERIC, False),
    "divide": (NUMERIC, False), "pow": (NUMERIC, False),
    "atan2": (REAL_FLOATING, False), "copysign": (REAL_FLOATING, False),
    "hypot": (REAL_FLOATING, False), "logaddexp": (REAL_FLOATING, False),
    "nextafter": (REAL_FLOATING, False),
    "floor_divide": (REAL_NUMERIC, False), "remainder": (REAL_NUMERIC, False),
    "maximum": (REAL_NUMERIC, False), "minimum": (REAL_NUMERIC, False),
    "bitwise_and": (INTEGER + BOOL, False), "bitwise_or": (INTEGER + BOOL, False),
    "bitwise_xor": (INTEGER + BOOL, False),
    "bitwise_left_shift": (INTEGER, False), "bitwise_right_shift": (INTEGER, False),
    "logical_and": (BOOL, True), "logical_or": (BOOL, True), "logical_xor": (BOOL, True),
    "equal": (ALL, True), "not_equal": (ALL, True),
    "greater": (REAL_NUMERIC, True), "greater_equal": (REAL_NUMERIC, True),
    "less": (REAL_NUMERIC, True), "less_equal": (REAL_NUMERIC, True),
}

OPERATORS = {"add": operator.add, "subtract": operator.sub, "multiply": operator.mul,
             "divide": operator.truediv, "floor_divide": operator.floordiv,
             "remainder": operator.mod, "pow": operator.pow, "bitwise_and": operator.and_,
             "bitwise_or": operator.or_, "bitwise_xor": operator.xor,
             "bitwise_left_shift": operator.lshift, "bitwise_right_shift": operator.rshift,
             "less": operator.lt, "less_equal": operator.le, "greater": operator.gt,
             "greater_equal": operator.ge, "equal": operator.eq, "not_equal": operator.ne}


def test_promotion_table_is_symmetric_and_complete():
    # a check of the copy itself: 13 x 13 entries, symmetric, the diagonal is the identity
    assert len(PROMOTION) == 13 * 13
    for (a, b), r in PROMOTION.items():
        assert PROMOTION[b, a] == r
    for d in ALL:
        assert PROMOTION[d, d] == d


@pytest.mark.parametrize("d1, d2", list(itertools.product(ALL, ALL)))
def test_result_type_matches_the_standard_table(d1, d2):
    expected = PROMOTION[d1, d2]
    if expected is None:
        with raises_named(TypeError, "result_type", "arrays_and_dtypes", match=f"{d1}.*{d2}"):
            xp.result_type(dtype(d1), dtype(d2))
    else:
        assert xp.result_type(dtype(d1), dtype(d2)) is dtype(expected)


def test_result_type_of_arrays_and_dtypes_mixed(backend):
    assert xp.result_type(one("int8"), xp.int16, one("uint8")) is xp.int16
    assert xp.result_type(one("float32"), xp.complex64, xp.float64) is xp.complex128
    assert xp.result_type(xp.uint8) is xp.uint8


@pytest.mark.parametrize("d1, d2", [(a, b) for a in ALL for b in ALL])
def test_can_cast_is_promotion_to_the_target(d1, d2):
    # can_cast(from, to) is True exactly when from promotes to `to` (to is the join)
    assert xp.can_cast(dtype(d1), dtype(d2)) is (PROMOTION[d1, d2] == d2)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_function_result_dtype_follows_the_table(name, backend):
    accepted, boolean = BINARY[name]
    fn = getattr(xp, name)
    for d1, d2 in itertools.product(ALL, ALL):
        x1, x2 = one(d1), one(d2)
        expected = PROMOTION[d1, d2]
        if d1 not in accepted or d2 not in accepted or expected is None:
            with raises_named(TypeError, name):
                fn(x1, x2)
            continue
        out = fn(x1, x2)
        if name == "divide" and expected in INTEGER:
            # the standard leaves integer division's dtype to the library: ours is floating
            assert xp.isdtype(out.dtype, "real floating"), (d1, d2)
            continue
        assert out.dtype is (xp.bool if boolean else dtype(expected)), (name, d1, d2)
        assert out.shape == (2,)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_mixed_kinds_are_a_type_error_naming_function_and_dtypes(name, backend):
    accepted, _ = BINARY[name]
    fn = getattr(xp, name)
    tried = 0
    for d1, d2 in itertools.product(accepted, accepted):
        if PROMOTION[d1, d2] is None:
            tried += 1
            with raises_named(TypeError, name, "x1, x2", match=f"{d1}.*{d2}"):
                fn(one(d1), one(d2))
    if len({d[0] for d in accepted}) > 1 or "uint64" in accepted:
        assert tried, "every category with two kinds has undefined pairs"


@pytest.mark.parametrize("name", sorted(OPERATORS))
def test_operators_promote_as_their_functions(name, backend):
    op = OPERATORS[name]
    accepted, boolean = BINARY[name]
    for d1, d2 in itertools.product(accepted, accepted):
        expected = PROMOTION[d1, d2]
        if expected is None:
            with raises_named(TypeError, name, match=f"{d1}.*{d2}"):
                op(one(d1), one(d2))
        elif not (name == "divide" and expected in INTEGER):
            assert op(one(d1), one(d2)).dtype is (xp.bool if boolean else dtype(expected))


def test_inplace_operator_refuses_a_result_of_another_dtype(backend):
    x = one("int8")
    with raises_named(TypeError, "__iadd__", "self, other", match="int16"):
        x += one("int16")
    y = one("float32")
    y += one("float32")
    y *= 2
    assert y.dtype is xp.float32


def test_matmul_promotes_and_refuses_mixed_kinds(backend):
    assert xp.matmul(one("int8", (2, 2)), one("uint8", (2, 2))).dtype is xp.int16
    assert (one("float32", (2, 2)) @ one("float64", (2,))).dtype is xp.float64
    with raises_named(TypeError, "matmul", "x1, x2", match="int8.*float32"):
        xp.matmul(one("int8", (2, 2)), one("float32", (2, 2)))


@pytest.mark.parametrize("name", ["concat", "stack"])
def test_joining_functions_promote_and_refuse_mixed_kinds(name, backend):
    fn = getattr(xp, name)
    assert fn([one("int8"), one("uint8"), one("int16")]).dtype is xp.int16
    with raises_named(TypeError, name, match="int8.*float32"):
        fn([one("int8"), one("float32")])


# ------------------------------------------------------------------ Python scalars
@pytest.mark.parametrize("dt", ALL)
def test_python_bool_pairs_only_with_bool_arrays(dt, backend):
    x = one(dt)
    if dt == "bool":
        assert xp.equal(x, True).dtype is xp.bool
        assert xp.logical_and(False, x).dtype is xp.bool
        assert (x & True).dtype is xp.bool
    else:
        with raises_named(TypeError, "equal", "x2", match=f"bool.*{dt}"):
            xp.equal(x, True)
        with raises_named(TypeError, "equal", "x1"):
            xp.equal(False, x)


@pytest.mark.parametrize("dt", INTEGER + FLOATING)
def test_python_int_keeps_the_array_dtype(dt, backend):
    x = one(dt)
    assert xp.add(x, 1).dtype is dtype(dt)
    assert xp.multiply(2, x).dtype is dtype(dt)
    assert (x - 1).dtype is dtype(dt)
    assert (3 * x).dtype is dtype(dt)


@settings(max_examples=60, deadline=None)
@given(dt=st.sampled_from(INTEGER), offset=st.integers(-3, 3), low=st.booleans())
def test_python_int_must_fit_the_integer_dtype(dt, offset, low):
    lo, hi = INT_BOUNDS[dt]
    value = (lo if low else hi) + offset
    x = one(dt)
    if lo <= value <= hi:
        assert xp.add(x, value).dtype is dtype(dt)
        assert xp.result_type(x, value) is dtype(dt)
    else:
        with raises_named(OverflowError, "add", "x2", match=str(value)):
            xp.add(x, value)
        with raises_named(OverflowError, "add", "x1", match=str(value)):
            xp.add(value, x)
        with raises_named(OverflowError, "result_type", "arrays_and_dtypes"):
            xp.result_type(x, value)


@pytest.mark.parametrize("dt", FLOATING)
def test_huge_python_int_with_a_floating_array_is_an_overflow_error(dt, backend):
    with raises_named(OverflowError, "floor_divide" if dt in REAL_FLOATING else "add", "x2"):
        if dt in REAL_FLOATING:
            xp.floor_divide(one(dt), 10 ** 400)
        else:
            xp.add(one(dt), 10 ** 400)
    # a large int that a float holds is fine, as the standard's conversion to the dtype
    assert xp.floor_divide(one("float64"), 10 ** 30).dtype is xp.float64


@pytest.mark.parametrize("dt", INTEGER + BOOL)
def test_python_float_needs_a_floating_array(dt, backend):
    with raises_named(TypeError, "multiply" if dt != "bool" else "equal", "x2",
                      match=f"float.*{dt}"):
        if dt == "bool":
            xp.equal(one(dt), 1.5)
        else:
            xp.multiply(one(dt), 1.5)
    if dt != "bool":
        with raises_named(TypeError, "add", "x1"):
            1.5 + one(dt)


@pytest.mark.parametrize("dt", FLOATING)
def test_python_float_keeps_the_floating_dtype(dt, backend):
    assert xp.add(one(dt), 0.5).dtype is dtype(dt)
    assert (0.5 / one(dt)).dtype is dtype(dt)


@pytest.mark.parametrize("dt, expected", [("float32", "complex64"), ("float64", "complex128"),
                                          ("complex64", "complex64"),
                                          ("complex128", "complex128")])
def test_python_complex_with_floating_arrays_gives_the_complex_dtype(dt, expected, backend):
    x = one(dt)
    out = xp.add(x, 1j)
    assert out.dtype is dtype(expected)
    assert xp.multiply(2 + 1j, x).dtype is dtype(expected)
    assert (x * 1j).dtype is dtype(expected)
    assert complex(out[0]) == 1 + 1j
    assert xp.result_type(x, 1j) is dtype(expected)


@pytest.mark.parametrize("dt", INTEGER + BOOL)
def test_python_complex_with_integer_or_bool_arrays_is_a_type_error(dt, backend):
    with raises_named(TypeError, "equal", "x2", match="complex"):
        xp.equal(one(dt), 1j)


def test_python_complex_in_a_real_only_function_is_a_type_error(backend):
    # atan2 takes real floating-point arrays: the complex result dtype is refused
    with raises_named(TypeError, "atan2", match="complex"):
        xp.atan2(one("float32"), 1j)


@pytest.mark.parametrize("scalar", [np.float64(1.0), np.int64(1), np.bool_(True), "1", None,
                                    [1.0], (1.0,)])
def test_only_python_scalars_mix_with_arrays(scalar, backend):
    with raises_named(TypeError, "add", "x2"):
        xp.add(one("float64"), scalar)
    with pytest.raises(TypeError):
        one("float64") + scalar


def test_two_python_scalars_are_a_type_error(backend):
    with raises_named(TypeError, "add", "x1, x2"):
        xp.add(1, 2)


def test_matmul_refuses_python_scalars(backend):
    with raises_named(TypeError, "matmul", "x2"):
        one("float64", (2, 2)) @ 2
    with raises_named(TypeError, "matmul", "x1"):
        2 @ one("float64", (2, 2))


def test_inplace_operator_with_a_scalar_keeps_the_dtype_or_refuses(backend):
    x = one("int16")
    x += 3
    assert x.dtype is xp.int16 and x.tolist() == [4, 4]
    with raises_named(TypeError, "__iadd__", "other", match="float"):
        x += 1.5
    y = one("float32")
    with raises_named(TypeError, "__imul__", "self, other", match="complex64"):
        y *= 1j


# ------------------------------------------------------ scalars in other functions
def test_where_takes_scalars_by_the_same_rules(backend):
    cond = xp.asarray([True, False])
    assert xp.where(cond, one("int8"), 5).dtype is xp.int8
    assert xp.where(cond, 0.5, one("float32")).dtype is xp.float32
    assert xp.where(cond, one("float32"), 1j).dtype is xp.complex64
    assert xp.where(cond, one("bool"), False).dtype is xp.bool
    with raises_named(TypeError, "where", "x2", match="float"):
        xp.where(cond, one("int8"), 0.5)
    with raises_named(OverflowError, "where", "x1", match="300"):
        xp.where(cond, 300, one("int8"))
    with raises_named(TypeError, "where", "x1, x2"):
        xp.where(cond, 1.0, 2.0)


def test_clip_takes_scalars_by_the_same_rules(backend):
    assert xp.clip(one("float32"), 0, 0.5).dtype is xp.float32
    assert xp.clip(one("int16"), -3, 3).dtype is xp.int16
    with raises_named(TypeError, "clip", "min", match="float"):
        xp.clip(one("int16"), 0.5)
    with raises_named(TypeError, "clip", "max", match="bool"):
        xp.clip(one("float64"), max=True)
    with raises_named(TypeError, "clip", "min"):
        xp.clip(one("float64"), np.float64(0.0))


def test_searchsorted_takes_a_scalar_x2(backend):
    x1 = xp.asarray([1, 3, 5], dtype=xp.int8)
    assert xp.searchsorted(x1, 4).tolist() == 2
    assert xp.searchsorted(xp.asarray([0.5, 1.5]), 1).tolist() == 1
    with raises_named(TypeError, "searchsorted", "x2", match="float"):
        xp.searchsorted(x1, 4.5)
    with raises_named(OverflowError, "searchsorted", "x2"):
        xp.searchsorted(x1, 1000)


def test_isin_takes_python_ints_only(backend):
    x = xp.asarray([1, 2, 3], dtype=xp.int16)
    assert xp.isin(x, 2).tolist() == [False, True, False]
    assert xp.isin(2, x).tolist() is True
    with raises_named(TypeError, "isin", "x2"):
        xp.isin(x, 2.0)
    with raises_named(OverflowError, "isin", "x2"):
        xp.isin(x, 2 ** 20)
    with raises_named(TypeError, "isin", "x1, x2"):
        xp.isin(1, 2)


def test_result_type_takes_scalars(backend):
    assert xp.result_type(xp.int8, 1) is xp.int8
    assert xp.result_type(xp.float32, 1, 2.5) is xp.float32
    assert xp.result_type(True, xp.bool) is xp.bool
    assert xp.result_type(xp.float64, 1j) is xp.complex128
    with raises_named(TypeError, "result_type", "arrays_and_dtypes", match="float.*int8"):
        xp.result_type(xp.int8, 1.5)
    with raises_named(TypeError, "result_type", "arrays_and_dtypes"):
        xp.result_type(xp.int8, True)
    with raises_named(ValueError, "result_type", "arrays_and_dtypes"):
        xp.result_type(1, 2.0)
    with raises_named(TypeError, "result_type", "arrays_and_dtypes"):
        xp.result_type(xp.int8, "int16")
