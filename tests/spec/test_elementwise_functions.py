"""Element-wise functions (elementwise_functions.html): the dtypes each accepts and returns,
and bad input (wrong dtypes, shapes, devices, non-arrays) for every one of them.

The binary functions' promotion is in test_type_promotion.py."""

from __future__ import annotations

import numpy as np
import pytest

import gradarray as xp
from tests.spec.helpers import (ALL, BOOL, COMPLEX, FLOATING, INTEGER, NUMERIC, PAGES,
                                REAL_FLOATING, REAL_NUMERIC, Bad, check_bad, dtype, ids, one,
                                raises_named)
from tests.spec.test_type_promotion import BINARY

_FLOAT_UNARY = ("acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh", "exp",
                "expm1", "log", "log1p", "log2", "log10", "reciprocal", "sin", "sinh", "sqrt",
                "tan", "tanh")
# name -> (accepted dtypes, result: "same" | "bool" | "real")
UNARY = {
    **{n: (FLOATING, "same") for n in _FLOAT_UNARY},
    "abs": (NUMERIC, "real"), "bitwise_invert": (INTEGER + BOOL, "same"),
    "ceil": (REAL_NUMERIC, "same"), "floor": (REAL_NUMERIC, "same"),
    "trunc": (REAL_NUMERIC, "same"), "round": (NUMERIC, "same"), "conj": (NUMERIC, "same"),
    "imag": (COMPLEX, "real"), "real": (NUMERIC, "real"), "isfinite": (NUMERIC, "bool"),
    "isinf": (NUMERIC, "bool"), "isnan": (NUMERIC, "bool"), "logical_not": (BOOL, "bool"),
    "negative": (NUMERIC, "same"), "positive": (NUMERIC, "same"), "sign": (NUMERIC, "same"),
    "signbit": (REAL_FLOATING, "bool"), "square": (NUMERIC, "same"),
}
_REAL_OF = {"complex64": "float32", "complex128": "float64"}


def test_the_tables_cover_every_elementwise_function():
    assert set(UNARY) | set(BINARY) | {"clip"} == set(PAGES["elementwise_functions"])


@pytest.mark.filterwarnings("ignore::RuntimeWarning")   # atanh(1), acosh(1)...: values don't matter
@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_function_dtypes(name, backend):
    accepted, result = UNARY[name]
    fn = getattr(xp, name)
    for d in ALL:
        if d in accepted:
            out = fn(one(d))
            expected = {"same": d, "bool": "bool", "real": _REAL_OF.get(d, d)}[result]
            assert out.dtype is dtype(expected), (name, d)
        else:
            with raises_named(TypeError, name, "x", match=d):
                fn(one(d))


@pytest.mark.parametrize("name", sorted(UNARY))
def test_unary_function_refuses_non_arrays(name, backend):
    fn = getattr(xp, name)
    for bad in ([1.0], 1.0, np.ones(2), None):
        with raises_named(TypeError, name, "x"):
            fn(bad)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_function_refuses_incompatible_shapes(name, backend):
    accepted, _ = BINARY[name]
    d = accepted[-1]
    fn = getattr(xp, name)
    with raises_named(ValueError, name, "x1, x2", match=r"\(2, 3\).*\(2,\)"):
        fn(one(d, (2, 3)), one(d, (2,)))
    assert fn(one(d, (2, 3)), one(d, (3,))).shape == (2, 3)
    assert fn(one(d, (2, 1)), one(d, (1, 3))).shape == (2, 3)


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_function_refuses_arrays_on_two_devices(name, two_devices):
    accepted, _ = BINARY[name]
    d = accepted[-1]
    a, b = two_devices
    fn = getattr(xp, name)
    with raises_named(ValueError, name, "x1, x2", match=f"{a}.*{b}"):
        fn(one(d, device=a), one(d, device=b))


@pytest.mark.parametrize("name", sorted(BINARY))
def test_binary_function_refuses_non_arrays(name, backend):
    accepted, _ = BINARY[name]
    x = one(accepted[-1])
    fn = getattr(xp, name)
    for bad in ([1], np.ones(2), "1", None):
        with raises_named(TypeError, name, "x2"):
            fn(x, bad)
        with raises_named(TypeError, name, "x1"):
            fn(bad, x)


@pytest.mark.parametrize("name", ["bitwise_left_shift", "bitwise_right_shift"])
def test_shifts_refuse_negative_scalar_shifts(name, backend):
    with raises_named(ValueError, name, "x2", match="non-negative"):
        getattr(xp, name)(one("int8"), -1)


def test_clip_checks_bounds(backend, two_devices):
    x = one("float32", (3,))
    cases = [
        Bad("clip", lambda: xp.clip(one("complex64"), 0.0), TypeError, "x"),
        Bad("clip", lambda: xp.clip(one("bool"), True), TypeError, "x"),
        Bad("clip", lambda: xp.clip([1.0], 0.0), TypeError, "x"),
        Bad("clip", lambda: xp.clip(x, one("float64")), TypeError, "min", "float64"),
        Bad("clip", lambda: xp.clip(x, max=one("int8")), TypeError, "max"),
        Bad("clip", lambda: xp.clip(x, "0"), TypeError, "min"),
        Bad("clip", lambda: xp.clip(x, max=[1.0]), TypeError, "max"),
        Bad("clip", lambda: xp.clip(one("int8"), 0.5), TypeError, "min", "float"),
        Bad("clip", lambda: xp.clip(x, max=False), TypeError, "max"),
        Bad("clip", lambda: xp.clip(x, one("float32", (2,))), ValueError, "min", "broadcast"),
        Bad("clip", lambda: xp.clip(one("float32", device=two_devices[0]),
                                    one("float32", device=two_devices[1])), ValueError, "min",
            "array_api_strict:0.*array_api_strict:1"),
    ]
    for case in cases:
        check_bad(case)
    assert xp.clip(one("int8"), 2, 3).tolist() == [2, 2]
    assert xp.clip(x, max=0.5).tolist() == [0.5, 0.5, 0.5]


def _bad_cases() -> list[Bad]:
    """One representative bad call per element-wise function, for the coverage table."""
    cases = []
    for name, (accepted, _) in UNARY.items():
        wrong = next(d for d in ALL if d not in accepted)
        cases.append(Bad(name, lambda name=name, wrong=wrong: getattr(xp, name)(one(wrong)),
                         TypeError, "x", wrong))
    for name, (accepted, _) in BINARY.items():
        wrong = next((d for d in ALL if d not in accepted), None)
        good = accepted[-1]
        if wrong is None:   # equal and not_equal take every dtype
            cases.append(Bad(name, lambda name=name, good=good:
                             getattr(xp, name)(one(good), "a"), TypeError, "x2"))
        else:
            cases.append(Bad(name, lambda name=name, wrong=wrong, good=good:
                             getattr(xp, name)(one(good), one(wrong)), TypeError, "x"))
        cases.append(Bad(name, lambda name=name, good=good:
                         getattr(xp, name)(one(good, (3,)), one(good, (4,))), ValueError,
                         "x1, x2", label="shapes"))
    cases.append(Bad("clip", lambda: xp.clip(one("complex128"), 1.0), TypeError, "x"))
    return cases


CASES = _bad_cases()


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_elementwise_function_bad_input(case, backend):
    check_bad(case)
