"""The ``fft`` extension (extensions/fourier_transform_functions.html): bad input for every
function."""

from __future__ import annotations

import numpy as np
import pytest

import gradarray as xp
from tests.spec.helpers import Bad, check_bad, ids, one

AXIS = (IndexError, ValueError)
F = xp.fft
_COMPLEX_IN = ("fft", "ifft", "irfft", "hfft")
_REAL_IN = ("rfft", "ihfft")
_COMPLEX_IN_N = ("fftn", "ifftn", "irfftn")
_REAL_IN_N = ("rfftn",)


def c(*shape: int) -> xp.Array:
    return xp.ones(shape or (4,), dtype=xp.complex128)


def r(*shape: int) -> xp.Array:
    return xp.ones(shape or (4,), dtype=xp.float64)


def _cases() -> list[Bad]:
    cases: list[Bad] = []
    for name in _COMPLEX_IN + _REAL_IN:
        fn = getattr(F, name)
        good = c if name in _COMPLEX_IN else r
        wrong = "float64" if name in _COMPLEX_IN else "complex128"
        cases += [
            Bad(f"fft.{name}", lambda fn=fn, wrong=wrong: fn(one(wrong, (4,))), TypeError, "x",
                wrong),
            Bad(f"fft.{name}", lambda fn=fn: fn(one("int64", (4,))), TypeError, "x"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(), n=0), ValueError, "n"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(), n=2.0), TypeError, "n"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(), axis=1), AXIS, "axis"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(), norm="none"), ValueError,
                "norm"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(), norm=np.ones(2)), TypeError,
                "norm"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(xp.asarray(good()[0])), ValueError,
                "x"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(0)), ValueError, "x",
                "no points|at least 2 elements"),
        ]
    for name in _COMPLEX_IN_N + _REAL_IN_N:
        fn = getattr(F, name)
        good = c if name in _COMPLEX_IN_N else r
        cases += [
            Bad(f"fft.{name}", lambda fn=fn: fn(one("int64", (2, 2))), TypeError, "x"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(2, 2), axes=(0, 0)),
                ValueError, "axes"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(2, 2), axes=(2,)), AXIS,
                "axes"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(2, 2), axes=1), TypeError,
                "axes"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(2, 2), s=(2, 0)), ValueError,
                "s"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(2, 2), s=2), TypeError, "s"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(2, 2), s=(2,), axes=(0, 1)),
                ValueError, "s, axes"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(2, 2), norm="x"), ValueError,
                "norm"),
            Bad(f"fft.{name}", lambda fn=fn, good=good: fn(good(2, 0)), ValueError, "x",
                "no points|at least 2 elements"),
        ]
    for name in ("rfftn", "irfftn"):   # a half spectrum needs an axis
        fn = getattr(F, name)
        good = r if name == "rfftn" else c
        cases.append(Bad(f"fft.{name}", lambda fn=fn, good=good: fn(xp.asarray(good(1)[0])),
                         ValueError, "axes", "at least one axis"))
    for name in ("fftfreq", "rfftfreq"):
        fn = getattr(F, name)
        cases += [
            Bad(f"fft.{name}", lambda fn=fn: fn(0), ValueError, "n"),
            Bad(f"fft.{name}", lambda fn=fn: fn(4.0), TypeError, "n"),
            Bad(f"fft.{name}", lambda fn=fn: fn(4, d="1"), TypeError, "d"),
            Bad(f"fft.{name}", lambda fn=fn: fn(4, dtype=xp.complex64), TypeError, "dtype"),
            Bad(f"fft.{name}", lambda fn=fn: fn(4, dtype="float32"), TypeError, "dtype"),
            Bad(f"fft.{name}", lambda fn=fn: fn(4, device="nowhere:3"), ValueError, "device"),
        ]
    for name in ("fftshift", "ifftshift"):
        fn = getattr(F, name)
        cases += [
            Bad(f"fft.{name}", lambda fn=fn: fn(r(), axes=1), AXIS, "axes"),
            Bad(f"fft.{name}", lambda fn=fn: fn(r(), axes=1.0), TypeError, "axes"),
            Bad(f"fft.{name}", lambda fn=fn: fn(one("bool")), TypeError, "x"),
            Bad(f"fft.{name}", lambda fn=fn: fn([1.0]), TypeError, "x"),
        ]
    return cases


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_fft_bad_input(case, backend):
    check_bad(case)


def test_fft_results_have_the_standard_dtypes(backend):
    assert F.fft(c()).dtype is xp.complex128
    assert F.rfft(r()).shape == (3,) and F.rfft(r()).dtype is xp.complex128
    assert F.irfft(c(3)).shape == (4,) and F.irfft(c(3)).dtype is xp.float64
    assert F.fftfreq(4, dtype=xp.float32).dtype is xp.float32
    assert F.fftshift(xp.asarray([0.0, 1.0, 2.0, 3.0])).tolist() == [2.0, 3.0, 0.0, 1.0]
