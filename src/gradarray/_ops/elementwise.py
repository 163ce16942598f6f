"""Element-wise functions, each beside its derivative rule.

https://data-apis.org/array-api/2025.12/API_specification/elementwise_functions.html

Complex inputs follow PyTorch's convention: the gradient is the conjugate Wirtinger
derivative, so for a holomorphic ``f`` the rule is ``g * conj(f'(z))``.  At points where a
function is not differentiable the rules give what PyTorch gives (``abs'(0) = 0``, ties of
``maximum``/``minimum`` split the gradient evenly, rounding functions have zero gradient).
"""

from __future__ import annotations

import builtins
import cmath
import math
from collections.abc import Callable
from typing import Any

from .._array import Array, numpy_object_hint
from .._call import Op, backend_error, binary, check_array, device_mismatch, dtype_error, unary
from .._dtypes import (ALL, BOOL, COMPLEX_FLOATING, FLOATING, INTEGER, INTEGER_OR_BOOL, NUMERIC,
                       REAL_FLOATING, REAL_NUMERIC)
from ..autograd.engine import record, save_array
from ..autograd.grad_mode import STATE
from ..autograd.rules import OpRules, defvjp

__all__ = [
    "abs", "acos", "acosh", "add", "asin", "asinh", "atan", "atan2", "atanh", "bitwise_and",
    "bitwise_left_shift", "bitwise_invert", "bitwise_or", "bitwise_right_shift", "bitwise_xor",
    "ceil", "clip", "conj", "copysign", "cos", "cosh", "divide", "equal", "exp", "expm1",
    "floor", "floor_divide", "greater", "greater_equal", "hypot", "imag", "isfinite", "isinf",
    "isnan", "less", "less_equal", "log", "log1p", "log2", "log10", "logaddexp", "logical_and",
    "logical_not", "logical_or", "logical_xor", "maximum", "minimum", "multiply", "negative",
    "nextafter", "not_equal", "positive", "pow", "real", "reciprocal", "remainder", "round",
    "sign", "signbit", "sin", "sinh", "square", "sqrt", "subtract", "tan", "tanh", "trunc",
]

Scalar = int | float | complex | bool
_LN2 = math.log(2.0)
_LN10 = math.log(10.0)


def _cj(x: Any) -> Any:
    """conj(x) for complex arrays and scalars; x itself for real ones (no copy).  Rules of
    binary functions receive a Python scalar operand as it was given."""
    if type(x) is Array:
        return conj(x) if x._dtype.kind == "c" else x
    return x.conjugate() if type(x) is complex else x


def _zeros(g: Array) -> Array:
    return zeros_like(g)


# --------------------------------------------------------------------- unary
_ABS = Op("abs", NUMERIC, "real")


def abs(x: Array, /) -> Array:
    """The absolute value (the modulus for complex numbers) of each element."""
    return unary(_ABS, x)


def _abs_rule(g: Array, x: Array, *, out: Array) -> Array:
    if x._dtype.kind == "c":
        # g * sgn(x), with sgn(0) = 0 (PyTorch)
        return g * where(out == 0, 0.0, x / where(out == 0, 1.0, out))
    return g * sign(x)


defvjp("abs", x=_abs_rule)

_ACOS = Op("acos", FLOATING)


def acos(x: Array, /) -> Array:
    """The principal inverse cosine of each element."""
    return unary(_ACOS, x)


defvjp("acos", x=lambda g, x: -g * _cj(reciprocal(sqrt(1 - x * x))))

_ACOSH = Op("acosh", FLOATING)


def acosh(x: Array, /) -> Array:
    """The inverse hyperbolic cosine of each element."""
    return unary(_ACOSH, x)


# 1 / (sqrt(x - 1) sqrt(x + 1)), not 1 / sqrt(x^2 - 1): the two differ in sign where Re x < 0
# (the principal branches), and the second is wrong there for complex x
defvjp("acosh", x=lambda g, x: g * _cj(reciprocal(sqrt(x - 1) * sqrt(x + 1))))

_ASIN = Op("asin", FLOATING)


def asin(x: Array, /) -> Array:
    """The principal inverse sine of each element."""
    return unary(_ASIN, x)


defvjp("asin", x=lambda g, x: g * _cj(reciprocal(sqrt(1 - x * x))))

_ASINH = Op("asinh", FLOATING)


def asinh(x: Array, /) -> Array:
    """The inverse hyperbolic sine of each element."""
    return unary(_ASINH, x)


defvjp("asinh", x=lambda g, x: g * _cj(reciprocal(sqrt(x * x + 1))))

_ATAN = Op("atan", FLOATING)


def atan(x: Array, /) -> Array:
    """The principal inverse tangent of each element."""
    return unary(_ATAN, x)


defvjp("atan", x=lambda g, x: g * _cj(reciprocal(1 + x * x)))

_ATANH = Op("atanh", FLOATING)


def atanh(x: Array, /) -> Array:
    """The inverse hyperbolic tangent of each element."""
    return unary(_ATANH, x)


defvjp("atanh", x=lambda g, x: g * _cj(reciprocal(1 - x * x)))

_BITWISE_INVERT = Op("bitwise_invert", INTEGER_OR_BOOL)


def bitwise_invert(x: Array, /) -> Array:
    """Invert the bits of each element (logical not for booleans)."""
    return unary(_BITWISE_INVERT, x)


_CEIL = Op("ceil", REAL_NUMERIC)


def ceil(x: Array, /) -> Array:
    """Round each element up to the nearest integer (same dtype); zero gradient."""
    return unary(_CEIL, x)


defvjp("ceil", x=lambda g: _zeros(g))

_CONJ = Op("conj", NUMERIC)


def conj(x: Array, /) -> Array:
    """The complex conjugate of each element (real arrays are returned unchanged)."""
    return unary(_CONJ, x)


defvjp("conj", x=lambda g: conj(g))

_COS = Op("cos", FLOATING)


def cos(x: Array, /) -> Array:
    """The cosine of each element, in radians."""
    return unary(_COS, x)


defvjp("cos", x=lambda g, x: -g * _cj(sin(x)))

_COSH = Op("cosh", FLOATING)


def cosh(x: Array, /) -> Array:
    """The hyperbolic cosine of each element."""
    return unary(_COSH, x)


defvjp("cosh", x=lambda g, x: g * _cj(sinh(x)))

_EXP = Op("exp", FLOATING)


def exp(x: Array, /) -> Array:
    """e raised to the power of each element."""
    return unary(_EXP, x)


defvjp("exp", x=lambda g, *, out: g * _cj(out))

_EXPM1 = Op("expm1", FLOATING)


def expm1(x: Array, /) -> Array:
    """``exp(x) - 1``, accurate for small ``x``."""
    return unary(_EXPM1, x)


defvjp("expm1", x=lambda g, *, out: g * _cj(out + 1))

_FLOOR = Op("floor", REAL_NUMERIC)


def floor(x: Array, /) -> Array:
    """Round each element down to the nearest integer (same dtype); zero gradient."""
    return unary(_FLOOR, x)


defvjp("floor", x=lambda g: _zeros(g))

_IMAG = Op("imag", COMPLEX_FLOATING, "real")


def imag(x: Array, /) -> Array:
    """The imaginary part of each complex element."""
    out = unary(_IMAG, x)
    if x._ag is not None:      # NumPy's is a view of x's memory
        link_view(x, out, _IMAG_PART)
    return out


defvjp("imag", x=lambda g: g * 1j)

_ISFINITE = Op("isfinite", NUMERIC, "bool")


def isfinite(x: Array, /) -> Array:
    """Whether each element is finite (neither infinite nor NaN)."""
    return unary(_ISFINITE, x)


_ISINF = Op("isinf", NUMERIC, "bool")


def isinf(x: Array, /) -> Array:
    """Whether each element is infinite (either component, for complex numbers)."""
    return unary(_ISINF, x)


_ISNAN = Op("isnan", NUMERIC, "bool")


def isnan(x: Array, /) -> Array:
    """Whether each element is NaN (either component, for complex numbers)."""
    return unary(_ISNAN, x)


_LOG = Op("log", FLOATING)


def log(x: Array, /) -> Array:
    """The natural logarithm of each element."""
    return unary(_LOG, x)


defvjp("log", x=lambda g, x: g / _cj(x))

_LOG1P = Op("log1p", FLOATING)


def log1p(x: Array, /) -> Array:
    """``log(1 + x)``, accurate for small ``x``."""
    return unary(_LOG1P, x)


defvjp("log1p", x=lambda g, x: g / _cj(x + 1))

_LOG2 = Op("log2", FLOATING)


def log2(x: Array, /) -> Array:
    """The base-2 logarithm of each element."""
    return unary(_LOG2, x)


defvjp("log2", x=lambda g, x: g / _cj(x * _LN2))

_LOG10 = Op("log10", FLOATING)


def log10(x: Array, /) -> Array:
    """The base-10 logarithm of each element."""
    return unary(_LOG10, x)


defvjp("log10", x=lambda g, x: g / _cj(x * _LN10))

_LOGICAL_NOT = Op("logical_not", BOOL)


def logical_not(x: Array, /) -> Array:
    """The logical negation of each boolean element."""
    return unary(_LOGICAL_NOT, x)


_NEGATIVE = Op("negative", NUMERIC)


def negative(x: Array, /) -> Array:
    """The numerical negative of each element."""
    return unary(_NEGATIVE, x)


defvjp("negative", x=lambda g: -g)

_POSITIVE = Op("positive", NUMERIC)


def positive(x: Array, /) -> Array:
    """Each element unchanged (``+x``), as a new array."""
    return unary(_POSITIVE, x)


defvjp("positive", x=lambda g: g)

_REAL = Op("real", NUMERIC, "real")


def real(x: Array, /) -> Array:
    """The real part of each element (real arrays are returned unchanged)."""
    out = unary(_REAL, x)
    if x._ag is not None:      # NumPy's is a view of x's memory (x itself for real x)
        link_view(x, out, _REAL_PART if x._dtype.kind == "c" else _SAME)
    return out


defvjp("real", x=lambda g: g)   # the engine casts g back to x's complex dtype

_RECIPROCAL = Op("reciprocal", FLOATING)


def reciprocal(x: Array, /) -> Array:
    """``1 / x`` for each element."""
    return unary(_RECIPROCAL, x)


defvjp("reciprocal", x=lambda g, *, out: -g * _cj(out * out))

_ROUND = Op("round", NUMERIC)


def round(x: Array, /) -> Array:
    """Round each element to the nearest integer, halves to even; zero gradient."""
    return unary(_ROUND, x)


defvjp("round", x=lambda g: _zeros(g))

_SIGN = Op("sign", NUMERIC)


def sign(x: Array, /) -> Array:
    """The sign of each element (``x / |x|`` for complex numbers, 0 at 0)."""
    return unary(_SIGN, x)


def _sign_rule(g: Array, x: Array, *, out: Array) -> Array:
    if x._dtype.kind != "c":
        return _zeros(g)
    # s = z/|z| is not holomorphic: grad = g conj(ds/dz) + conj(g) ds/dz*, ds/dz = 1/(2|z|),
    # ds/dz* = -s^2/(2|z|); zero at z = 0 (PyTorch's sgn backward)
    r = abs(x)
    safe = where(r == 0, 1.0, r)
    return where(r == 0, 0.0, (g - conj(g) * out * out) / (2 * safe))


defvjp("sign", x=_sign_rule)

_SIGNBIT = Op("signbit", REAL_FLOATING, "bool")


def signbit(x: Array, /) -> Array:
    """Whether the sign bit of each element is set (True for -0.0 too)."""
    return unary(_SIGNBIT, x)


_SIN = Op("sin", FLOATING)


def sin(x: Array, /) -> Array:
    """The sine of each element, in radians."""
    return unary(_SIN, x)


defvjp("sin", x=lambda g, x: g * _cj(cos(x)))

_SINH = Op("sinh", FLOATING)


def sinh(x: Array, /) -> Array:
    """The hyperbolic sine of each element."""
    return unary(_SINH, x)


defvjp("sinh", x=lambda g, x: g * _cj(cosh(x)))

_SQUARE = Op("square", NUMERIC)


def square(x: Array, /) -> Array:
    """Each element squared."""
    return unary(_SQUARE, x)


defvjp("square", x=lambda g, x: g * _cj(2 * x))

_SQRT = Op("sqrt", FLOATING)


def sqrt(x: Array, /) -> Array:
    """The principal square root of each element."""
    return unary(_SQRT, x)


defvjp("sqrt", x=lambda g, *, out: g / _cj(2 * out))

_TAN = Op("tan", FLOATING)


def tan(x: Array, /) -> Array:
    """The tangent of each element, in radians."""
    return unary(_TAN, x)


defvjp("tan", x=lambda g, *, out: g * _cj(1 + out * out))

_TANH = Op("tanh", FLOATING)


def tanh(x: Array, /) -> Array:
    """The hyperbolic tangent of each element."""
    return unary(_TANH, x)


defvjp("tanh", x=lambda g, *, out: g * _cj(1 - out * out))

_TRUNC = Op("trunc", REAL_NUMERIC)


def trunc(x: Array, /) -> Array:
    """Round each element toward zero (same dtype); zero gradient."""
    return unary(_TRUNC, x)


defvjp("trunc", x=lambda g: _zeros(g))


# -------------------------------------------------------------------- binary
_ADD = Op("add", NUMERIC)


def add(x1: Array | Scalar, x2: Array | Scalar, /) -> Array:
    """Add ``x2`` to ``x1`` element-wise, broadcasting both."""
    return binary(_ADD, x1, x2)


add.op = _ADD  # type: ignore[attr-defined]
defvjp("add", x1=lambda g: g, x2=lambda g: g)

_ATAN2 = Op("atan2", REAL_FLOATING)


def atan2(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """The angle of the point (x2, x1), in radians, element-wise."""
    return binary(_ATAN2, x1, x2)


atan2.op = _ATAN2  # type: ignore[attr-defined]
def _atan2_denominator(x1: Array, x2: Array) -> Array:
    # x1^2 + x2^2, with 1 where both are 0: PyTorch gives a zero gradient at the origin
    d = x1 * x1 + x2 * x2
    return where(d == 0, 1.0, d)


defvjp("atan2",
       x1=lambda g, x1, x2: g * x2 / _atan2_denominator(x1, x2),
       x2=lambda g, x1, x2: -g * x1 / _atan2_denominator(x1, x2))

_BITWISE_AND = Op("bitwise_and", INTEGER_OR_BOOL)


def bitwise_and(x1: Array | int | bool, x2: Array | int | bool, /) -> Array:
    """The bitwise AND of integer or boolean elements."""
    return binary(_BITWISE_AND, x1, x2)


bitwise_and.op = _BITWISE_AND  # type: ignore[attr-defined]

_BITWISE_LEFT_SHIFT = Op("bitwise_left_shift", INTEGER)


def bitwise_left_shift(x1: Array | int, x2: Array | int, /) -> Array:
    """Shift the bits of ``x1`` left by ``x2`` (which must not be negative)."""
    _check_shift(x2, "bitwise_left_shift")
    return binary(_BITWISE_LEFT_SHIFT, x1, x2)


bitwise_left_shift.op = _BITWISE_LEFT_SHIFT  # type: ignore[attr-defined]

_BITWISE_OR = Op("bitwise_or", INTEGER_OR_BOOL)


def bitwise_or(x1: Array | int | bool, x2: Array | int | bool, /) -> Array:
    """The bitwise OR of integer or boolean elements."""
    return binary(_BITWISE_OR, x1, x2)


bitwise_or.op = _BITWISE_OR  # type: ignore[attr-defined]

_BITWISE_RIGHT_SHIFT = Op("bitwise_right_shift", INTEGER)


def bitwise_right_shift(x1: Array | int, x2: Array | int, /) -> Array:
    """Shift the bits of ``x1`` right by ``x2`` (which must not be negative)."""
    _check_shift(x2, "bitwise_right_shift")
    return binary(_BITWISE_RIGHT_SHIFT, x1, x2)


bitwise_right_shift.op = _BITWISE_RIGHT_SHIFT  # type: ignore[attr-defined]


def _check_shift(x2: Any, function: str) -> None:
    # the standard requires x2 >= 0; NumPy gives junk for negative shifts
    if type(x2) is int and x2 < 0:
        raise ValueError(f"{function}(x2): expected a non-negative shift, got {x2}")


_BITWISE_XOR = Op("bitwise_xor", INTEGER_OR_BOOL)


def bitwise_xor(x1: Array | int | bool, x2: Array | int | bool, /) -> Array:
    """The bitwise XOR of integer or boolean elements."""
    return binary(_BITWISE_XOR, x1, x2)


bitwise_xor.op = _BITWISE_XOR  # type: ignore[attr-defined]

_COPYSIGN = Op("copysign", REAL_FLOATING)


def copysign(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """The magnitude of ``x1`` with the sign of ``x2``, element-wise."""
    return binary(_COPYSIGN, x1, x2)


copysign.op = _COPYSIGN  # type: ignore[attr-defined]
defvjp("copysign",
       x1=lambda g, x1, *, out: g * where(x1 == 0, 0.0, out / where(x1 == 0, 1.0, x1)),
       x2=lambda g, x2: _zeros(g * x2))

_DIVIDE = Op("divide", NUMERIC, "native")


def divide(x1: Array | Scalar, x2: Array | Scalar, /) -> Array:
    """Divide ``x1`` by ``x2`` element-wise (true division)."""
    return binary(_DIVIDE, x1, x2)


divide.op = _DIVIDE  # type: ignore[attr-defined]
defvjp("divide",
       x1=lambda g, x2: g / _cj(x2),
       x2=lambda g, x2, *, out: -g * _cj(out / x2))

_EQUAL = Op("equal", ALL, "bool")


def equal(x1: Array | Scalar, x2: Array | Scalar, /) -> Array:
    """Whether ``x1 == x2`` element-wise."""
    return binary(_EQUAL, x1, x2)


equal.op = _EQUAL  # type: ignore[attr-defined]

_FLOOR_DIVIDE = Op("floor_divide", REAL_NUMERIC)


def floor_divide(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """``floor(x1 / x2)`` element-wise; zero gradient."""
    return binary(_FLOOR_DIVIDE, x1, x2)


floor_divide.op = _FLOOR_DIVIDE  # type: ignore[attr-defined]
defvjp("floor_divide", x1=lambda g, x1: _zeros(g * x1), x2=lambda g, x2: _zeros(g * x2))

_GREATER = Op("greater", REAL_NUMERIC, "bool")


def greater(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """Whether ``x1 > x2`` element-wise."""
    return binary(_GREATER, x1, x2)


greater.op = _GREATER  # type: ignore[attr-defined]

_GREATER_EQUAL = Op("greater_equal", REAL_NUMERIC, "bool")


def greater_equal(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """Whether ``x1 >= x2`` element-wise."""
    return binary(_GREATER_EQUAL, x1, x2)


greater_equal.op = _GREATER_EQUAL  # type: ignore[attr-defined]

_HYPOT = Op("hypot", REAL_FLOATING)


def hypot(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """``sqrt(x1**2 + x2**2)`` element-wise, without undue overflow."""
    return binary(_HYPOT, x1, x2)


hypot.op = _HYPOT  # type: ignore[attr-defined]
defvjp("hypot",
       x1=lambda g, x1, *, out: g * where(out == 0, 0.0, x1 / where(out == 0, 1.0, out)),
       x2=lambda g, x2, *, out: g * where(out == 0, 0.0, x2 / where(out == 0, 1.0, out)))

_LESS = Op("less", REAL_NUMERIC, "bool")


def less(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """Whether ``x1 < x2`` element-wise."""
    return binary(_LESS, x1, x2)


less.op = _LESS  # type: ignore[attr-defined]

_LESS_EQUAL = Op("less_equal", REAL_NUMERIC, "bool")


def less_equal(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """Whether ``x1 <= x2`` element-wise."""
    return binary(_LESS_EQUAL, x1, x2)


less_equal.op = _LESS_EQUAL  # type: ignore[attr-defined]

_LOGADDEXP = Op("logaddexp", REAL_FLOATING)


def logaddexp(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """``log(exp(x1) + exp(x2))`` element-wise, without overflow."""
    return binary(_LOGADDEXP, x1, x2)


logaddexp.op = _LOGADDEXP  # type: ignore[attr-defined]


def stable_sigmoid(d: Array) -> Array:
    """``1 / (1 + exp(-d))`` for any ``d``, without overflow: ``exp`` only sees ``-|d|``."""
    e = exp(-abs(d))
    p = 1.0 / (e + 1.0)
    return where(d >= 0, p, e * p)


# The weights are sigmoid(x1 - x2) and sigmoid(x2 - x1), as PyTorch's: exp(x1 - out) is NaN
# where x1 is infinite and x2 is not (the weight is 1 there), and 1 for both operands of
# logaddexp(1e20, 1e20), where out rounds to x1 (the weights are 1/2).
defvjp("logaddexp",
       x1=lambda g, x1, x2: g * stable_sigmoid(x1 - x2),
       x2=lambda g, x1, x2: g * stable_sigmoid(x2 - x1))

_LOGICAL_AND = Op("logical_and", BOOL)


def logical_and(x1: Array | bool, x2: Array | bool, /) -> Array:
    """The logical AND of boolean elements."""
    return binary(_LOGICAL_AND, x1, x2)


logical_and.op = _LOGICAL_AND  # type: ignore[attr-defined]

_LOGICAL_OR = Op("logical_or", BOOL)


def logical_or(x1: Array | bool, x2: Array | bool, /) -> Array:
    """The logical OR of boolean elements."""
    return binary(_LOGICAL_OR, x1, x2)


logical_or.op = _LOGICAL_OR  # type: ignore[attr-defined]

_LOGICAL_XOR = Op("logical_xor", BOOL)


def logical_xor(x1: Array | bool, x2: Array | bool, /) -> Array:
    """The logical XOR of boolean elements."""
    return binary(_LOGICAL_XOR, x1, x2)


logical_xor.op = _LOGICAL_XOR  # type: ignore[attr-defined]

_MAXIMUM = Op("maximum", REAL_NUMERIC)


def maximum(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """The larger of ``x1`` and ``x2`` element-wise (NaN if either is NaN).

    Where the two are equal, each receives half the gradient (PyTorch).
    """
    out = binary(_MAXIMUM, x1, x2)
    if out._ag is not None and (type(x1) is not Array or type(x2) is not Array):
        _save_result_unless_tied(out, x1, x2, _MAXIMUM_UNTIED)
    return out


maximum.op = _MAXIMUM  # type: ignore[attr-defined]
defvjp("maximum",
       x1=lambda g, x1, x2: _tie_share(g, x1 > x2, x1, x2),
       x2=lambda g, x1, x2: _tie_share(g, x2 > x1, x1, x2))


def _tie_share(g: Array, wins: Array, x1: Any, x2: Any) -> Array:
    """g where an input wins, g/2 where both are equal, 0 elsewhere (PyTorch's split).
    The half shares are added only when a tie exists (one comparison and a check)."""
    real_dt = g._dtype._real if g._dtype.kind == "c" else g._dtype
    share = astype(wins, real_dt)
    ties = x1 == x2
    if bool(any_(ties)):
        share = share + 0.5 * astype(ties, real_dt)
    return g * share


def _save_result_unless_tied(out: Array, x1: Any, x2: Any, untied: OpRules) -> None:
    """maximum/minimum of an array and a Python scalar ``c`` (``maximum(x, 0.0)``, ReLU):
    where no element of the array equals ``c``, the result alone says where the array won,
    so the node keeps the result (which the next operation usually saves too) and lets go of
    the input, as PyTorch's ``relu`` does.  With a tie, the input is kept for the half shares."""
    node = out._ag.grad_fn
    x, c = (x1, x2) if type(x1) is Array else (x2, x1)
    if bool(x._device.ns.any(x._native == c)):   # on the natives: this runs on every ReLU
        return
    node.op = untied
    node.saved = {"out": save_array(out, node), "c": c}


def masked_grad(g: Array, mask: Callable[[Any], Any], x: Array) -> Array:
    """``g`` times the 0/1 mask ``mask(x)`` (a comparison that works on arrays and natives
    alike): the rule of ReLU-like functions.  In a plain backward (nothing recorded) it runs
    on the natives and multiplies into the fresh mask, the rule's one allocation."""
    real_dt = g._dtype._real if g._dtype.kind == "c" else g._dtype
    if STATE.enabled:             # create_graph: recorded like any gradarray function
        return g * astype(mask(x), real_dt)
    dev = g._device
    m = dev.ns.astype(mask(x._native), dev.to_native[real_dt])
    if g._dtype is real_dt and m.shape == g._native.shape:
        m *= g._native
    else:
        m = g._native * m
    return Array._new(m, g._dtype, dev)


def _untied(name: str, wins: Callable[[Any, Any], Any]) -> OpRules:
    """The rules of ``name`` on (array, scalar) without ties: ``g`` where ``wins(out, c)``."""
    def rule(g: Array, out: Array, c: Any) -> Array:
        return masked_grad(g, lambda o: wins(o, c), out)
    return OpRules(name, {arg: (rule, ("out", "c")) for arg in ("x1", "x2")}, frozenset())


_MAXIMUM_UNTIED = _untied("maximum", lambda out, c: out > c)


_MINIMUM = Op("minimum", REAL_NUMERIC)


def minimum(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """The smaller of ``x1`` and ``x2`` element-wise (NaN if either is NaN).

    Where the two are equal, each receives half the gradient (PyTorch).
    """
    out = binary(_MINIMUM, x1, x2)
    if out._ag is not None and (type(x1) is not Array or type(x2) is not Array):
        _save_result_unless_tied(out, x1, x2, _MINIMUM_UNTIED)
    return out


minimum.op = _MINIMUM  # type: ignore[attr-defined]
defvjp("minimum",
       x1=lambda g, x1, x2: _tie_share(g, x1 < x2, x1, x2),
       x2=lambda g, x1, x2: _tie_share(g, x2 < x1, x1, x2))
_MINIMUM_UNTIED = _untied("minimum", lambda out, c: out < c)

_MULTIPLY = Op("multiply", NUMERIC)


def multiply(x1: Array | Scalar, x2: Array | Scalar, /) -> Array:
    """Multiply ``x1`` by ``x2`` element-wise, broadcasting both."""
    return binary(_MULTIPLY, x1, x2)


multiply.op = _MULTIPLY  # type: ignore[attr-defined]
defvjp("multiply",
       x1=lambda g, x2: g * _cj(x2),
       x2=lambda g, x1: g * _cj(x1))

_NEXTAFTER = Op("nextafter", REAL_FLOATING)


def nextafter(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """The next representable value after ``x1`` toward ``x2``, element-wise.

    Its gradient is 1 for ``x1`` and 0 for ``x2`` (the step is below resolution).
    """
    return binary(_NEXTAFTER, x1, x2)


nextafter.op = _NEXTAFTER  # type: ignore[attr-defined]
defvjp("nextafter", x1=lambda g: g, x2=lambda g: _zeros(g))

_NOT_EQUAL = Op("not_equal", ALL, "bool")


def not_equal(x1: Array | Scalar, x2: Array | Scalar, /) -> Array:
    """Whether ``x1 != x2`` element-wise."""
    return binary(_NOT_EQUAL, x1, x2)


not_equal.op = _NOT_EQUAL  # type: ignore[attr-defined]

_POW = Op("pow", NUMERIC)


def pow(x1: Array | Scalar, x2: Array | Scalar, /) -> Array:
    """``x1`` raised to the power ``x2`` element-wise."""
    return binary(_POW, x1, x2)


pow.op = _POW  # type: ignore[attr-defined]


def _pow_base(g: Array, x1: Array, x2: Any) -> Array:
    # d/dx1 x1**x2 = x2 * x1**(x2-1), taken as 0 where x2 == 0 (PyTorch)
    if type(x2) is not Array:          # a Python exponent (x ** 2): branch on it, as PyTorch
        if x2 == 0:
            return _zeros(g)
        if x2 == 1:
            return g
        if x2 == 2:
            return g * _cj(2 * x1)
        return g * _cj(x2 * x1 ** (x2 - 1))
    return where(x2 == 0, 0.0, g * _cj(x2 * x1 ** where(x2 == 0, 1.0, x2 - 1)))


def _pow_exponent(g: Array, x1: Any, x2: Array, *, out: Array) -> Array:
    # d/dx2 x1**x2 = x1**x2 * log(x1), taken as 0 where x1 == 0 and x2 >= 0 (PyTorch)
    if type(x1) is not Array:          # a Python base (2.0 ** x)
        if x1 == 0:                    # log(0) = -inf, masked where the exponent >= 0
            nonneg = real(x2) >= 0 if x2._dtype.kind == "c" else x2 >= 0
            return where(nonneg, 0.0, g * _cj(out * -math.inf))
        log_x1 = cmath.log(x1) if type(x1) is complex or x1 < 0 else math.log(x1)
        return g * _cj(out * log_x1)
    if x1._dtype.kind == "c" or x2._dtype.kind == "c":
        return where((x1 == 0) & (real(x2) >= 0), 0.0, g * _cj(out * log(x1)))
    return where((x1 == 0) & (x2 >= 0), 0.0, g * out * log(x1))


defvjp("pow", x1=_pow_base, x2=_pow_exponent)

_REMAINDER = Op("remainder", REAL_NUMERIC)


def remainder(x1: Array | int | float, x2: Array | int | float, /) -> Array:
    """The remainder of ``x1 / x2`` with the sign of ``x2`` (Python's ``%``)."""
    return binary(_REMAINDER, x1, x2)


remainder.op = _REMAINDER  # type: ignore[attr-defined]
defvjp("remainder",
       x1=lambda g: g,
       x2=lambda g, x1, x2: -g * floor_divide(x1, x2))

_SUBTRACT = Op("subtract", NUMERIC)


def subtract(x1: Array | Scalar, x2: Array | Scalar, /) -> Array:
    """Subtract ``x2`` from ``x1`` element-wise, broadcasting both."""
    return binary(_SUBTRACT, x1, x2)


subtract.op = _SUBTRACT  # type: ignore[attr-defined]
defvjp("subtract", x1=lambda g: g, x2=lambda g: -g)


# ---------------------------------------------------------------------- clip
def clip(x: Array, /, min: int | float | Array | None = None,
         max: int | float | Array | None = None) -> Array:
    """Clamp each element of ``x`` to ``[min, max]``.

    The gradient flows to ``x`` where it lies inside the bounds (inclusive, as PyTorch's
    ``clamp``) and to an array bound where that bound is the result.
    """
    x = check_array(x, "clip")
    dt = x._dtype
    if dt not in REAL_NUMERIC:
        raise dtype_error("clip", "x", REAL_NUMERIC, dt)
    dev = x._device
    natives: dict[str, Any] = {}
    for name, b in (("min", min), ("max", max)):
        if b is None:
            natives[name] = None
        elif type(b) is Array:
            if b._device is not dev:
                raise device_mismatch("clip", dev, b._device, f"x, {name}")
            if b._dtype is not dt:
                raise TypeError(f"clip({name}): expected an array of x's dtype {dt.name}, got "
                                f"{b._dtype.name}")
            natives[name] = b._native
        elif type(b) in (int, float, bool):
            if type(b) is bool:
                raise TypeError(f"clip({name}): expected a number or an array, got bool")
            if type(b) is float and dt.kind in "iu":
                raise TypeError(f"clip({name}): a Python float bound needs a floating-point x, "
                                f"got {dt.name}")
            if type(b) is int and dt.kind in "iu":
                from .._dtypes import IINFO
                info = IINFO[dt]
                b = builtins.max(info.min, builtins.min(info.max, b))
            natives[name] = b
        else:
            raise TypeError(f"clip({name}): expected a Python int or float, an array or None, "
                            f"got {numpy_object_hint(b) or type(b).__name__}")
    try:
        out_native = dev.ns.clip(x._native, min=natives["min"], max=natives["max"])
    except (ValueError, TypeError) as exc:   # bounds that do not broadcast against x
        raise backend_error("clip", "x, min, max", exc) from exc
    out = Array._new(out_native, dt, dev)
    if STATE.enabled and (x._ag is not None or getattr(min, "_ag", None) is not None
                          or getattr(max, "_ag", None) is not None):
        record("clip", out, {"x": x, "min": min, "max": max})
    return out


def _clip_x(g: Array, x: Array, min: Any, max: Any) -> Array:
    keep = None
    if min is not None:
        keep = x >= min
    if max is not None:
        below = x <= max
        keep = below if keep is None else keep & below
    return g if keep is None else where(keep, g, 0.0)


defvjp("clip",
       x=_clip_x,
       min=lambda g, x, min: where(x < min, g, 0.0),
       max=lambda g, x, max: where(x > max, g, 0.0))

# `where` lives on the searching page; the rules above use it
from .searching import where  # noqa: E402
from ._views import ViewOf, link_view  # noqa: E402

_REAL_PART = ViewOf("fixed", ("real", "real", {}))
_IMAG_PART = ViewOf("fixed", ("imag", "imag", {}))
_SAME = ViewOf("reshape")


# sibling modules' functions used at call time (imported last: the modules import each other)
from .creation import zeros_like  # noqa: E402
from .data_types import astype  # noqa: E402
from .utility import any as any_  # noqa: E402
