"""Element-wise functions.

https://data-apis.org/array-api/2025.12/API_specification/elementwise_functions.html

Each function maps a Python function over the elements (C-speed ``map``) and stores the
results through the dtype's typed buffer, which rounds float32 results to float32 and wraps
integers around.  Where Python's ``math`` raises on a special value (``log(0)``), the
function maps the special-case-aware version from ``_scalar`` instead.  Binary functions
take Python scalars (2024.12 rules): the scalar is converted to the array's dtype first.
"""

from __future__ import annotations

import cmath
import math
import operator
from itertools import repeat
from math import prod
from typing import Any, Callable

from . import _scalar as S
from ._array import Array, new, view
from ._dtypes import (BY_NAME, COMPLEX, FLOATING, INTEGER, NUMERIC, REAL, REAL_FLOAT, DType,
                      bool as bool_, float32, float64)
from ._layout import bool_buffer, broadcast_shape, from_values

__all__ = """abs acos acosh add asin asinh atan atan2 atanh bitwise_and bitwise_left_shift
bitwise_invert bitwise_or bitwise_right_shift bitwise_xor ceil clip conj copysign cos cosh
divide equal exp expm1 floor floor_divide greater greater_equal hypot imag isfinite isinf
isnan less less_equal log log1p log2 log10 logaddexp logical_and logical_not logical_or
logical_xor maximum minimum multiply negative nextafter not_equal positive pow real
reciprocal remainder round sign signbit sin sinh square sqrt subtract tan tanh
trunc""".split()

_ERRORS = (ValueError, OverflowError, ZeroDivisionError)
_SCALARS = (bool, int, float, complex)
_ALL = frozenset(BY_NAME.values())
_BOOL = frozenset({bool_})
_INT = frozenset(INTEGER)
_INT_BOOL = _INT | _BOOL
_NUM = frozenset(NUMERIC)
_REAL = frozenset(REAL)
_RFLOAT = frozenset(REAL_FLOAT)
_FLOAT = frozenset(FLOATING)
_CPLX = frozenset(COMPLEX)

_KIND_NAMES = {_BOOL: "a boolean", _INT: "an integer", _INT_BOOL: "an integer or boolean",
               _NUM: "a numeric", _REAL: "a real-valued", _RFLOAT: "a real floating-point",
               _FLOAT: "a floating-point", _ALL: "any", _CPLX: "a complex"}


# ------------------------------------------------------------------ engine
def check(x: Any, function: str, argument: str = "x") -> Array:
    if type(x) is not Array:
        raise TypeError(f"{function}({argument}): expected a reference array, got "
                        f"{type(x).__name__}")
    return x


def _dtype_error(function: str, allowed: frozenset[DType], dt: DType) -> TypeError:
    return TypeError(f"{function}: expected {_KIND_NAMES.get(allowed, 'another')} dtype, got "
                     f"{dt.name}")


def map1(fast: Callable[[Any], Any], slow: Callable[[Any], Any], vals: list[Any]) -> list[Any]:
    """``fast`` over the values; ``slow`` (special-case aware) if ``fast`` raises."""
    try:
        return list(map(fast, vals))
    except _ERRORS:
        return list(map(slow, vals))


def _map2(fast: Callable[[Any, Any], Any], slow: Callable[[Any, Any], Any], a: Any, b: Any
          ) -> list[Any]:
    try:
        return list(map(fast, a, b))
    except _ERRORS:
        return list(map(slow, a, b))


def _wrap(vals: list[Any], shape: tuple[int, ...], dt: DType) -> Array:
    return new(from_values(vals, dt), shape, dt)


def unary(x: Any, function: str, allowed: frozenset[DType], real: Callable[[Any], Any] | None,
          real_slow: Callable[[Any], Any] | None = None,
          cplx: Callable[[Any], Any] | None = None,
          cplx_slow: Callable[[Any], Any] | None = None, *,
          integer: Callable[[Any], Any] | None = None, out: DType | str | None = None
          ) -> Array:
    """Apply an element function chosen by the dtype's kind; ``out``: the result dtype
    (None: x's; ``"real"``: the real dtype of a complex x; a DType)."""
    if type(x) is not Array:
        raise TypeError(f"{function}(x): expected a reference array, got {type(x).__name__}")
    dt = x._dtype
    if dt not in allowed:
        raise _dtype_error(function, allowed, dt)
    k = dt.kind
    vals = x._seq()
    if k == "c":
        res = map1(cplx, cplx_slow or cplx, vals)  # type: ignore[arg-type]
    elif k == "f":
        res = map1(real, real_slow or real, vals)  # type: ignore[arg-type]
    else:
        f = integer or real
        res = list(map(f, vals))  # type: ignore[arg-type]
    if out is None:
        rdt = dt
    elif out == "real":
        rdt = dt.component
    else:
        rdt = out  # type: ignore[assignment]
    return new(from_values(res, rdt), x._shape, rdt)


def scalar_value(s: Any, dt: DType, function: str) -> Any:
    """A Python scalar as an element of dtype ``dt`` (float32 rounding, int range)."""
    k = dt.kind
    if k == "f":
        v = float(s)
        return S.f32(v) if dt is float32 else v
    if k == "c":
        v = complex(s)
        if dt.bits == 64:
            return complex(S.f32(v.real), S.f32(v.imag))
        return v
    if k == "b":
        return 1 if s else 0
    if not dt.min <= s <= dt.max:
        raise OverflowError(f"{function}: Python int {s} is out of bounds for {dt.name}")
    return s


def _scalar_dtype(dt: DType, s: Any, function: str) -> DType:
    t = type(s)
    k = dt.kind
    if t is bool:
        if k == "b":
            return dt
    elif t is int:
        if k != "b":
            return dt
    elif t is float:
        if k in "fc":
            return dt
    elif t is complex:
        if k in "fc":
            return dt.complex  # type: ignore[return-value]
    else:
        raise TypeError(f"{function}: expected a reference array or a Python scalar, got "
                        f"{t.__name__}")
    raise TypeError(f"{function}: a Python {t.__name__} cannot be combined with an array of "
                    f"dtype {dt.name}")


def broadcast_values(x: Array, shape: tuple[int, ...]) -> Any:
    """x's elements broadcast to ``shape`` in C order: a list, or ``repeat(v)`` for one
    element (callers map it beside a list of the full size)."""
    if x._shape == shape:
        return x._seq()
    if x._size == 1:
        return repeat(x._vals()[0])
    nd = len(shape)
    pad = nd - len(x._shape)
    strides = [0] * nd
    for i, (n, s) in enumerate(zip(x._shape, x._strides)):
        if n != 1:
            strides[pad + i] = s
    return view(x, shape, tuple(strides), x._offset)._vals()


def operands(x1: Any, x2: Any, function: str, allowed: frozenset[DType]
             ) -> tuple[DType, tuple[int, ...], Any, Any]:
    """The promoted dtype, the broadcast shape and both operands' element sequences."""
    t1 = type(x1)
    t2 = type(x2)
    if t1 is Array:
        d1 = x1._dtype
        if t2 is Array:
            d2 = x2._dtype
            if d1 is d2:
                dt = d1
            else:
                dt = d1._promote.get(d2)  # type: ignore[assignment]
                if dt is None:
                    raise TypeError(f"{function}: cannot promote {d1.name} with {d2.name} "
                                    f"(the standard defines no mixed-kind promotion)")
            if d1 not in allowed or d2 not in allowed:
                raise _dtype_error(function, allowed, d1 if d1 not in allowed else d2)
            s1, s2 = x1._shape, x2._shape
            if s1 == s2:
                return dt, s1, x1._seq(), x2._seq()
            shape = broadcast_shape(s1, s2)
            if x1._size == 0 or x2._size == 0:
                return dt, shape, [], []
            a = broadcast_values(x1, shape)
            b = broadcast_values(x2, shape)
            if type(a) is repeat and type(b) is repeat:     # a size-1 result
                a = [next(a)]
            return dt, shape, a, b
        dt = _scalar_dtype(d1, x2, function)
        if d1 not in allowed:
            raise _dtype_error(function, allowed, d1)
        return dt, x1._shape, x1._seq(), repeat(scalar_value(x2, dt, function))
    if t2 is Array:
        d2 = x2._dtype
        dt = _scalar_dtype(d2, x1, function)
        if d2 not in allowed:
            raise _dtype_error(function, allowed, d2)
        return dt, x2._shape, repeat(scalar_value(x1, dt, function)), x2._seq()
    raise TypeError(f"{function}(x1, x2): expected at least one reference array, got "
                    f"{t1.__name__} and {t2.__name__}")


def binary(x1: Any, x2: Any, function: str, allowed: frozenset[DType],
           real: Callable[[Any, Any], Any] | None,
           real_slow: Callable[[Any, Any], Any] | None = None,
           cplx: Callable[[Any, Any], Any] | None = None,
           cplx_slow: Callable[[Any, Any], Any] | None = None, *,
           integer: Callable[[Any, Any], Any] | None = None, boolean: bool = False) -> Array:
    """Apply a binary element function chosen by the promoted dtype's kind."""
    dt, shape, a, b = operands(x1, x2, function, allowed)
    k = dt.kind
    if k == "f":
        res = _map2(real, real_slow or real, a, b)  # type: ignore[arg-type]
    elif k == "c":
        res = _map2(cplx, cplx_slow or cplx, a, b)  # type: ignore[arg-type]
    else:
        res = list(map(integer or real, a, b))  # type: ignore[arg-type]
    if boolean:         # comparison results are Python bools
        return new(bool_buffer(res), shape, bool_)
    return new(from_values(res, dt), shape, dt)


# ------------------------------------------------------------------ unary
def abs(x: Array, /) -> Array:  # noqa: A001
    """The absolute value of each element (complex: the modulus)."""
    if type(x) is Array and x._dtype.kind == "c":
        return unary(x, "abs", _NUM, None, None, S.cabs, out="real")
    return unary(x, "abs", _NUM, operator.abs)


def acos(x: Array, /) -> Array:
    """The principal arc cosine of each element."""
    return unary(x, "acos", _FLOAT, math.acos, S.acos, cmath.acos, S.cacos)


def acosh(x: Array, /) -> Array:
    """The inverse hyperbolic cosine of each element."""
    return unary(x, "acosh", _FLOAT, math.acosh, S.acosh, S.cacosh, S.cacosh)


def asin(x: Array, /) -> Array:
    """The principal arc sine of each element."""
    return unary(x, "asin", _FLOAT, math.asin, S.asin, cmath.asin, S.casin)


def asinh(x: Array, /) -> Array:
    """The inverse hyperbolic sine of each element."""
    return unary(x, "asinh", _FLOAT, math.asinh, math.asinh, cmath.asinh, S.casinh)


def atan(x: Array, /) -> Array:
    """The principal arc tangent of each element."""
    return unary(x, "atan", _FLOAT, math.atan, math.atan, S.catan, S.catan)


def atanh(x: Array, /) -> Array:
    """The inverse hyperbolic tangent of each element."""
    return unary(x, "atanh", _FLOAT, math.atanh, S.atanh, S.catanh, S.catanh)


def bitwise_invert(x: Array, /) -> Array:
    """Bitwise NOT (logical NOT for booleans)."""
    if type(x) is Array and x._dtype is bool_:
        return unary(x, "bitwise_invert", _INT_BOOL, None, integer=_not)
    return unary(x, "bitwise_invert", _INT_BOOL, None, integer=operator.invert)


def _not(v: int) -> int:
    return 1 - v


def ceil(x: Array, /) -> Array:
    """The smallest integer-valued number not less than each element."""
    return unary(x, "ceil", _REAL, S.ceil, integer=_same)


def _same(v: Any) -> Any:
    return v


def conj(x: Array, /) -> Array:
    """The complex conjugate of each element (real arrays: a copy)."""
    return unary(x, "conj", _NUM, _same, None, _conjugate, integer=_same)


def _conjugate(z: complex) -> complex:
    return z.conjugate()


def cos(x: Array, /) -> Array:
    """The cosine of each element (radians)."""
    return unary(x, "cos", _FLOAT, math.cos, S.cos, S.ccos, S.ccos)


def cosh(x: Array, /) -> Array:
    """The hyperbolic cosine of each element."""
    return unary(x, "cosh", _FLOAT, math.cosh, S.cosh, S.ccosh, S.ccosh)


def exp(x: Array, /) -> Array:
    """e raised to each element."""
    return unary(x, "exp", _FLOAT, math.exp, S.exp, cmath.exp, S.cexp)


def expm1(x: Array, /) -> Array:
    """``exp(x) - 1``, accurate for small elements."""
    return unary(x, "expm1", _FLOAT, math.expm1, S.expm1, S.cexpm1, S.cexpm1)


def floor(x: Array, /) -> Array:
    """The largest integer-valued number not greater than each element."""
    return unary(x, "floor", _REAL, S.floor, integer=_same)


def imag(x: Array, /) -> Array:
    """The imaginary part of each element (real arrays: zeros)."""
    return unary(x, "imag", _NUM, _zero, None, _imag_part, integer=_zero_int,
                 out="real")


def _imag_part(z: complex) -> float:
    return z.imag


def _zero(v: float) -> float:
    return 0.0


def _zero_int(v: int) -> int:
    return 0


def isfinite(x: Array, /) -> Array:
    """Whether each element is finite."""
    return unary(x, "isfinite", _NUM, math.isfinite, None, S.cisfinite, integer=_true,
                 out=bool_)


def isinf(x: Array, /) -> Array:
    """Whether each element is an infinity (either part, for complex)."""
    return unary(x, "isinf", _NUM, math.isinf, None, S.cisinf, integer=_false, out=bool_)


def isnan(x: Array, /) -> Array:
    """Whether each element is NaN (either part, for complex)."""
    return unary(x, "isnan", _NUM, math.isnan, None, S.cisnan, integer=_false, out=bool_)


def _true(v: Any) -> int:
    return 1


def _false(v: Any) -> int:
    return 0


def log(x: Array, /) -> Array:
    """The natural logarithm of each element."""
    return unary(x, "log", _FLOAT, math.log, S.log, cmath.log, S.clog)


def log1p(x: Array, /) -> Array:
    """``log(1 + x)``, accurate for small elements."""
    return unary(x, "log1p", _FLOAT, math.log1p, S.log1p, S.clog1p, S.clog1p)


def log2(x: Array, /) -> Array:
    """The base-2 logarithm of each element."""
    return unary(x, "log2", _FLOAT, math.log2, S.log2, S.clog2, S.clog2)


def log10(x: Array, /) -> Array:
    """The base-10 logarithm of each element."""
    return unary(x, "log10", _FLOAT, math.log10, S.log10, S.clog10, S.clog10)


def logical_not(x: Array, /) -> Array:
    """Logical NOT of each boolean element."""
    return unary(x, "logical_not", _BOOL, None, integer=_not)


def negative(x: Array, /) -> Array:
    """The numerical negative of each element (integers wrap around)."""
    return unary(x, "negative", _NUM, operator.neg, None, operator.neg, integer=operator.neg)


def positive(x: Array, /) -> Array:
    """A copy of ``x`` (the numerical positive)."""
    return unary(x, "positive", _NUM, _same, None, _same, integer=_same)


def real(x: Array, /) -> Array:
    """The real part of each element (real arrays: a copy)."""
    return unary(x, "real", _NUM, _same, None, _real_part, integer=_same, out="real")


def _real_part(z: complex) -> float:
    return z.real


def reciprocal(x: Array, /) -> Array:
    """``1 / x`` for each element."""
    return unary(x, "reciprocal", _FLOAT, _recip, S.reciprocal, S.creciprocal, S.creciprocal)


def _recip(v: float) -> float:
    return 1.0 / v


def round(x: Array, /) -> Array:  # noqa: A001
    """Each element rounded to the nearest integer-valued number, ties to even."""
    return unary(x, "round", _NUM, S.round_half_even, None, _cround, integer=_same)


def _cround(z: complex) -> complex:
    return complex(S.round_half_even(z.real), S.round_half_even(z.imag))


def sign(x: Array, /) -> Array:
    """-1, 0 or 1 by the sign of each element (complex: ``x / |x|``)."""
    return unary(x, "sign", _NUM, S.sign, None, S.csign, integer=S.int_sign)


def signbit(x: Array, /) -> Array:
    """Whether the sign bit of each element is set."""
    return unary(x, "signbit", _RFLOAT, S.signbit, out=bool_)


def sin(x: Array, /) -> Array:
    """The sine of each element (radians)."""
    return unary(x, "sin", _FLOAT, math.sin, S.sin, S.csin, S.csin)


def sinh(x: Array, /) -> Array:
    """The hyperbolic sine of each element."""
    return unary(x, "sinh", _FLOAT, math.sinh, S.sinh, S.csinh, S.csinh)


def square(x: Array, /) -> Array:
    """Each element times itself."""
    return unary(x, "square", _NUM, _sq, None, _sq, integer=_sq)


def _sq(v: Any) -> Any:
    return v * v


def sqrt(x: Array, /) -> Array:
    """The principal square root of each element."""
    return unary(x, "sqrt", _FLOAT, math.sqrt, S.sqrt, cmath.sqrt, S.csqrt)


def tan(x: Array, /) -> Array:
    """The tangent of each element (radians)."""
    return unary(x, "tan", _FLOAT, math.tan, S.tan, S.ctan, S.ctan)


def tanh(x: Array, /) -> Array:
    """The hyperbolic tangent of each element."""
    return unary(x, "tanh", _FLOAT, math.tanh, math.tanh, S.ctanh, S.ctanh)


def trunc(x: Array, /) -> Array:
    """Each element rounded toward zero to an integer-valued number."""
    return unary(x, "trunc", _REAL, S.trunc, integer=_same)


# ------------------------------------------------------------------ binary
def add(x1: Array | complex, x2: Array | complex, /) -> Array:
    """The sum of each pair of elements."""
    return binary(x1, x2, "add", _NUM, operator.add, None, operator.add)


def atan2(x1: Array | float, x2: Array | float, /) -> Array:
    """The angle of the point ``(x2, x1)``, with the quadrant from both signs."""
    return binary(x1, x2, "atan2", _RFLOAT, math.atan2)


def bitwise_and(x1: Array | int, x2: Array | int, /) -> Array:
    """Bitwise AND (logical AND for booleans)."""
    return binary(x1, x2, "bitwise_and", _INT_BOOL, None, integer=operator.and_)


def bitwise_or(x1: Array | int, x2: Array | int, /) -> Array:
    """Bitwise OR (logical OR for booleans)."""
    return binary(x1, x2, "bitwise_or", _INT_BOOL, None, integer=operator.or_)


def bitwise_xor(x1: Array | int, x2: Array | int, /) -> Array:
    """Bitwise XOR (logical XOR for booleans)."""
    return binary(x1, x2, "bitwise_xor", _INT_BOOL, None, integer=operator.xor)


def bitwise_left_shift(x1: Array | int, x2: Array | int, /) -> Array:
    """``x1 << x2``; shifts past the width give 0 (then wrap around the dtype)."""
    return binary(x1, x2, "bitwise_left_shift", _INT, None, integer=_lshift)


def bitwise_right_shift(x1: Array | int, x2: Array | int, /) -> Array:
    """``x1 >> x2`` (arithmetic for signed integers)."""
    return binary(x1, x2, "bitwise_right_shift", _INT, None, integer=_rshift)


def _lshift(a: int, b: int) -> int:
    return a << b if 0 <= b < 64 else 0


def _rshift(a: int, b: int) -> int:
    if b < 0:
        return 0
    return a >> (b if b < 64 else 64)


def copysign(x1: Array | float, x2: Array | float, /) -> Array:
    """``|x1|`` with the sign of ``x2``."""
    return binary(x1, x2, "copysign", _RFLOAT, math.copysign)


def divide(x1: Array | complex, x2: Array | complex, /) -> Array:
    """``x1 / x2`` (true division; integer operands give float64, as NumPy)."""
    dt, shape, a, b = operands(x1, x2, "divide", _NUM)
    k = dt.kind
    if k == "c":
        res = _map2(operator.truediv, S.cdiv, a, b)
    else:
        # Python's int / int is the correctly rounded quotient; x / 0 as IEEE says
        res = _map2(operator.truediv, S.int_divide if k in "iu" else S.divide, a, b)
        if k in "iu":
            dt = float64
    return new(from_values(res, dt), shape, dt)


def equal(x1: Array | complex, x2: Array | complex, /) -> Array:
    """Whether each pair of elements is equal."""
    return binary(x1, x2, "equal", _ALL, operator.eq, None, operator.eq, integer=operator.eq,
                  boolean=True)


def not_equal(x1: Array | complex, x2: Array | complex, /) -> Array:
    """Whether each pair of elements differs."""
    return binary(x1, x2, "not_equal", _ALL, operator.ne, None, operator.ne,
                  integer=operator.ne, boolean=True)


def floor_divide(x1: Array | float, x2: Array | float, /) -> Array:
    """``floor(x1 / x2)``; integer division by zero gives 0."""
    return binary(x1, x2, "floor_divide", _REAL, S.floor_divide, integer=S.int_floor_divide)


def greater(x1: Array | float, x2: Array | float, /) -> Array:
    """Whether ``x1 > x2`` for each pair."""
    return binary(x1, x2, "greater", _REAL, operator.gt, boolean=True)


def greater_equal(x1: Array | float, x2: Array | float, /) -> Array:
    """Whether ``x1 >= x2`` for each pair."""
    return binary(x1, x2, "greater_equal", _REAL, operator.ge, boolean=True)


def less(x1: Array | float, x2: Array | float, /) -> Array:
    """Whether ``x1 < x2`` for each pair."""
    return binary(x1, x2, "less", _REAL, operator.lt, boolean=True)


def less_equal(x1: Array | float, x2: Array | float, /) -> Array:
    """Whether ``x1 <= x2`` for each pair."""
    return binary(x1, x2, "less_equal", _REAL, operator.le, boolean=True)


def hypot(x1: Array | float, x2: Array | float, /) -> Array:
    """``sqrt(x1**2 + x2**2)`` without undue overflow."""
    return binary(x1, x2, "hypot", _RFLOAT, math.hypot)


def logaddexp(x1: Array | float, x2: Array | float, /) -> Array:
    """``log(exp(x1) + exp(x2))`` without undue overflow."""
    return binary(x1, x2, "logaddexp", _RFLOAT, S.logaddexp)


def logical_and(x1: Array | bool, x2: Array | bool, /) -> Array:
    """Logical AND of boolean elements."""
    return binary(x1, x2, "logical_and", _BOOL, None, integer=operator.and_)


def logical_or(x1: Array | bool, x2: Array | bool, /) -> Array:
    """Logical OR of boolean elements."""
    return binary(x1, x2, "logical_or", _BOOL, None, integer=operator.or_)


def logical_xor(x1: Array | bool, x2: Array | bool, /) -> Array:
    """Logical XOR of boolean elements."""
    return binary(x1, x2, "logical_xor", _BOOL, None, integer=operator.xor)


def maximum(x1: Array | float, x2: Array | float, /) -> Array:
    """The larger of each pair (NaN if either is NaN)."""
    return binary(x1, x2, "maximum", _REAL, S.maximum, integer=max)


def minimum(x1: Array | float, x2: Array | float, /) -> Array:
    """The smaller of each pair (NaN if either is NaN)."""
    return binary(x1, x2, "minimum", _REAL, S.minimum, integer=min)


def multiply(x1: Array | complex, x2: Array | complex, /) -> Array:
    """The product of each pair of elements."""
    return binary(x1, x2, "multiply", _NUM, operator.mul, None, operator.mul)


def nextafter(x1: Array | float, x2: Array | float, /) -> Array:
    """The next representable value after ``x1`` toward ``x2``."""
    dt, shape, a, b = operands(x1, x2, "nextafter", _RFLOAT)
    res = list(map(S.nextafter32 if dt is float32 else S.nextafter64, a, b))
    return _wrap(res, shape, dt)


def pow(x1: Array | complex, x2: Array | complex, /) -> Array:  # noqa: A001
    """``x1`` raised to ``x2`` (integers: modulo 2**bits)."""
    dt, shape, a, b = operands(x1, x2, "pow", _NUM)
    k = dt.kind
    if k == "f":
        res = _map2(math.pow, S.pow_real, a, b)
    elif k == "c":
        res = list(map(S.cpow, a, b))
    else:
        mod = 1 << dt.bits
        res = list(map(S.int_pow, a, b, repeat(mod)))
    return _wrap(res, shape, dt)


def remainder(x1: Array | float, x2: Array | float, /) -> Array:
    """``x1 - floor(x1 / x2) * x2`` (the sign of the divisor)."""
    return binary(x1, x2, "remainder", _REAL, operator.mod, S.remainder,
                  integer=S.int_remainder)


def subtract(x1: Array | complex, x2: Array | complex, /) -> Array:
    """The difference of each pair of elements."""
    return binary(x1, x2, "subtract", _NUM, operator.sub, None, operator.sub)


# ------------------------------------------------------------------ clip
def clip(x: Array, /, min: Array | int | float | None = None,  # noqa: A002
         max: Array | int | float | None = None) -> Array:  # noqa: A002
    """Each element clamped to ``[min, max]`` (NaN anywhere gives NaN); the result has the
    broadcast shape of ``x``, ``min`` and ``max``."""
    x = check(x, "clip")
    dt = x._dtype
    if dt not in _REAL:
        raise _dtype_error("clip", _REAL, dt)
    shape = x._shape
    for bound in (min, max):
        if type(bound) is Array:
            shape = broadcast_shape(shape, bound._shape)
    n = prod(shape)
    vals = broadcast_values(x, shape) if n else []
    if type(vals) is repeat:
        vals = [next(vals)] * n
    for bound, name in ((min, "min"), (max, "max")):
        if bound is None or not n:
            continue
        if type(bound) is Array:
            if bound._dtype.kind in "fc" and dt.kind in "iu" or bound._dtype.kind == "b":
                raise TypeError(f"clip({name}): dtype {bound._dtype.name} does not match "
                                f"x's dtype {dt.name}")
            bv = broadcast_values(bound, shape)
        elif type(bound) in (int, float):
            if dt.kind in "iu":
                if type(bound) is float:
                    raise TypeError(f"clip({name}): a float bound needs a floating-point x")
                bv = repeat(bound)
            else:
                bv = repeat(scalar_value(bound, dt, "clip"))
        else:
            raise TypeError(f"clip({name}): expected an array, a Python int or float, or None, "
                            f"got {type(bound).__name__}")
        if dt.kind == "f":
            f = S.maximum if name == "min" else S.minimum
        elif name == "min":
            f = _int_max
        else:
            f = _int_min
        vals = list(map(f, vals, bv))
    if dt.kind in "iu":
        lo, hi = dt.min, dt.max
        vals = [lo if v < lo else hi if v > hi else v for v in vals]
    return _wrap(vals, shape, dt)


def _int_max(a: int, b: Any) -> Any:
    return b if b > a else a


def _int_min(a: int, b: Any) -> Any:
    return b if b < a else a

