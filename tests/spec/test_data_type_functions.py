"""Data type functions (data_type_functions.html): ``astype``'s ``copy=``, finfo/iinfo values,
isdtype's kinds, and bad input for each function (promotion itself is in
test_type_promotion.py)."""

from __future__ import annotations

import numpy as np
import pytest

import gradarray as xp
from tests.spec.helpers import (ALL, COMPLEX, FLOATING, INT_BOUNDS, INTEGER, NUMERIC, REAL_FLOATING,
                                SIGNED, UNSIGNED, Bad, check_bad, dtype, ids, one, raises_named)


# ------------------------------------------------------------------ astype and copy=
def test_astype_to_the_same_dtype_without_copy_is_the_input(backend):
    x = one("float32")
    assert xp.astype(x, xp.float32, copy=False) is x


def test_astype_copies_by_default(backend):
    x = xp.asarray([1.0, 2.0])
    y = xp.astype(x, xp.float64)
    assert y is not x
    x[0] = 9.0
    assert y.tolist() == [1.0, 2.0]


def test_astype_to_another_dtype_always_gives_a_new_array(backend):
    x = xp.asarray([1.5, -2.5])
    y = xp.astype(x, xp.int32, copy=False)
    assert y.dtype is xp.int32 and y.tolist() == [1, -2]
    x[0] = 9.0
    assert y.tolist() == [1, -2]


def test_astype_between_floats_is_differentiable(backend):
    x = xp.asarray([1.0, 2.0], dtype=xp.float32, requires_grad=True)
    y = xp.astype(x, xp.float64)
    xp.sum(y * y).backward()
    assert x.grad.dtype is xp.float32 and x.grad.tolist() == [2.0, 4.0]


@pytest.mark.parametrize("src", ALL)
def test_astype_reaches_every_dtype_except_complex_to_real(src, backend):
    x = one(src)
    for dst in ALL:
        if src in COMPLEX and dst not in COMPLEX:
            with raises_named(TypeError, "astype", "x, dtype", match=f"{src}.*{dst}"):
                xp.astype(x, dtype(dst))
        else:
            assert xp.astype(x, dtype(dst)).dtype is dtype(dst)


def test_astype_with_device_moves_the_array(two_devices):
    x = xp.asarray([1, 2], device=two_devices[0])
    y = xp.astype(x, xp.float32, device=two_devices[1])
    assert y.device == two_devices[1] and y.dtype is xp.float32


# ------------------------------------------------------------------ finfo, iinfo, isdtype
def test_finfo_values_are_the_ieee_ones(backend):
    f32 = xp.finfo(xp.float32)
    assert (f32.bits, f32.eps, f32.smallest_normal) == (32, 2.0 ** -23, 2.0 ** -126)
    assert f32.max == float(np.finfo(np.float32).max) and f32.min == -f32.max
    assert f32.dtype is xp.float32
    f64 = xp.finfo(one("float64"))
    assert (f64.bits, f64.eps) == (64, 2.0 ** -52)
    assert xp.finfo(xp.complex64).bits == 32 and xp.finfo(xp.complex128).eps == 2.0 ** -52
    assert all(type(v) is float for v in (f32.eps, f32.max, f32.min, f32.smallest_normal))


@pytest.mark.parametrize("dt", INTEGER)
def test_iinfo_values(dt, backend):
    info = xp.iinfo(dtype(dt))
    assert (info.min, info.max) == INT_BOUNDS[dt]
    assert info.bits == int(dt.lstrip("uint")) and info.dtype is dtype(dt)
    assert xp.iinfo(one(dt)).max == info.max


KINDS = {"bool": ("bool",), "signed integer": SIGNED, "unsigned integer": UNSIGNED,
         "integral": INTEGER, "real floating": REAL_FLOATING, "complex floating": COMPLEX,
         "numeric": NUMERIC}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_isdtype_kinds(kind, backend):
    for d in ALL:
        assert xp.isdtype(dtype(d), kind) is (d in KINDS[kind]), (d, kind)
    assert xp.isdtype(xp.float32, (kind, xp.float32))
    assert xp.isdtype(xp.int8, xp.int8) and not xp.isdtype(xp.int8, xp.int16)


def test_dtypes_compare_by_identity_and_print_their_names(backend):
    assert xp.float32 == xp.float32 and xp.float32 != xp.float64
    assert xp.float32 != "float32" and xp.float32 != np.float32
    assert str(xp.int8) == "int8" and repr(xp.int8) == "gradarray.int8"
    assert {xp.int8: 1}[xp.int8] == 1


# ------------------------------------------------------------------ bad input
CASES = [
    Bad("astype", lambda: xp.astype([1.0], xp.float32), TypeError, "x"),
    Bad("astype", lambda: xp.astype(one("float64"), "float32"), TypeError, "dtype"),
    Bad("astype", lambda: xp.astype(one("float64"), np.float32), TypeError, "dtype"),
    Bad("astype", lambda: xp.astype(one("complex64"), xp.float32), TypeError, "x, dtype"),
    Bad("astype", lambda: xp.astype(one("float64"), xp.float32, copy=None), TypeError, "copy"),
    Bad("astype", lambda: xp.astype(one("float64"), xp.float32, device="cpu:3"), ValueError,
        "device"),
    Bad("can_cast", lambda: xp.can_cast("int8", xp.int16), TypeError, "from_"),
    Bad("can_cast", lambda: xp.can_cast(xp.int8, "int16"), TypeError, "to"),
    Bad("can_cast", lambda: xp.can_cast(xp.int8, one("int16")), TypeError, "to"),
    Bad("finfo", lambda: xp.finfo(xp.int32), ValueError, "type", "int32"),
    Bad("finfo", lambda: xp.finfo(float), TypeError, "type"),
    Bad("finfo", lambda: xp.finfo(one("bool")), ValueError, "type"),
    Bad("iinfo", lambda: xp.iinfo(xp.float32), ValueError, "type", "float32"),
    Bad("iinfo", lambda: xp.iinfo("int8"), TypeError, "type"),
    Bad("iinfo", lambda: xp.iinfo(xp.bool), ValueError, "type"),
    Bad("isdtype", lambda: xp.isdtype("float32", "real floating"), TypeError, "dtype"),
    Bad("isdtype", lambda: xp.isdtype(one("float32"), "real floating"), TypeError, "dtype"),
    Bad("isdtype", lambda: xp.isdtype(xp.float32, "floating"), ValueError, "kind", "floating"),
    Bad("isdtype", lambda: xp.isdtype(xp.float32, 3), TypeError, "kind"),
    Bad("isdtype", lambda: xp.isdtype(xp.float32, ("numeric", None)), TypeError, "kind"),
    Bad("result_type", lambda: xp.result_type(), ValueError, "arrays_and_dtypes"),
    Bad("result_type", lambda: xp.result_type(xp.int8, xp.float16 if hasattr(xp, "float16")
                                               else "float16"), TypeError, "arrays_and_dtypes"),
    Bad("result_type", lambda: xp.result_type(xp.uint64, xp.int64), TypeError,
        "arrays_and_dtypes", "uint64.*int64"),
    Bad("result_type", lambda: xp.result_type(np.ones(2)), TypeError, "arrays_and_dtypes"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_data_type_function_bad_input(case, backend):
    check_bad(case)


def test_every_floating_dtype_has_finfo(backend):
    for d in FLOATING:
        assert xp.finfo(dtype(d)).eps > 0
