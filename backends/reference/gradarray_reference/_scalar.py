"""Element functions on Python numbers with the standard's special cases.

Each namespace function first maps Python's ``math``/``cmath`` (or an operator) over the
elements; these functions are the fallback it switches to when that raises (``math.log(0)``
raises where the standard wants ``-inf``) and the definitions where Python's answer differs
from the standard's (``inf // 2`` is NaN in Python, +inf in the standard).  Real functions
follow IEEE 754 / C99 Annex F, complex ones C99 Annex G as the standard lists them.
"""

from __future__ import annotations

import cmath
import math
import struct

inf = math.inf
nan = math.nan
pi = math.pi
_isnan = math.isnan
_isinf = math.isinf
_isfinite = math.isfinite
_copysign = math.copysign

_pack_f = struct.Struct("<f").pack
_unpack_f = struct.Struct("<f").unpack
_pack_I = struct.Struct("<I").pack
_unpack_I = struct.Struct("<I").unpack


def f32(v: float) -> float:
    """``v`` rounded to the nearest float32 (overflow to +-inf)."""
    try:
        return _unpack_f(_pack_f(v))[0]
    except OverflowError:
        return _copysign(inf, v)


# --------------------------------------------------------------- real, unary
def acos(v: float) -> float:
    return math.acos(v) if -1.0 <= v <= 1.0 else nan


def acosh(v: float) -> float:
    return math.acosh(v) if v >= 1.0 else nan


def asin(v: float) -> float:
    return math.asin(v) if -1.0 <= v <= 1.0 else nan


def atanh(v: float) -> float:
    if v == 1.0:
        return inf
    if v == -1.0:
        return -inf
    return math.atanh(v) if -1.0 < v < 1.0 else nan


def cos(v: float) -> float:
    return math.cos(v) if _isfinite(v) else nan


def sin(v: float) -> float:
    return math.sin(v) if _isfinite(v) else nan


def tan(v: float) -> float:
    return math.tan(v) if _isfinite(v) else nan


def cosh(v: float) -> float:
    try:
        return math.cosh(v)
    except OverflowError:
        return inf


def sinh(v: float) -> float:
    try:
        return math.sinh(v)
    except OverflowError:
        return _copysign(inf, v)


def exp(v: float) -> float:
    try:
        return math.exp(v)
    except OverflowError:
        return inf


def expm1(v: float) -> float:
    try:
        return math.expm1(v)
    except OverflowError:
        return inf


def _log_domain(v: float, f: object) -> float:
    if v == 0.0:
        return -inf
    if v < 0.0:
        return nan
    return f(v)  # type: ignore[operator]


def log(v: float) -> float:
    return _log_domain(v, math.log)


def log2(v: float) -> float:
    return _log_domain(v, math.log2)


def log10(v: float) -> float:
    return _log_domain(v, math.log10)


def log1p(v: float) -> float:
    if v == -1.0:
        return -inf
    if v < -1.0:
        return nan
    return math.log1p(v)


def sqrt(v: float) -> float:
    return math.sqrt(v) if v >= 0.0 else nan


def _integral(v: float) -> bool:
    """NaN, infinities and floats of magnitude >= 2**52 are their own rounding."""
    return not -4503599627370496.0 < v < 4503599627370496.0


def ceil(v: float) -> float:
    if v != v or _integral(v):
        return v
    return _copysign(float(math.ceil(v)), v)


def floor(v: float) -> float:
    if v != v or _integral(v):
        return v
    return _copysign(float(math.floor(v)), v)


def trunc(v: float) -> float:
    if v != v or _integral(v):
        return v
    return _copysign(float(math.trunc(v)), v)


def round_half_even(v: float) -> float:
    if v != v or _integral(v):
        return v
    return _copysign(float(round(v)), v)


def sign(v: float) -> float:
    if v > 0.0:
        return 1.0
    if v < 0.0:
        return -1.0
    return v + 0.0    # NaN stays NaN; -0 becomes +0 (the standard's sign(+-0) is 0)


def signbit(v: float) -> bool:
    return _copysign(1.0, v) < 0.0


def reciprocal(v: float) -> float:
    try:
        return 1.0 / v
    except ZeroDivisionError:
        return _copysign(inf, v)


# -------------------------------------------------------------- real, binary
def divide(a: float, b: float) -> float:
    try:
        return a / b
    except ZeroDivisionError:
        if a != a or a == 0.0:
            return nan
        return inf if (a > 0.0) == (_copysign(1.0, b) > 0.0) else -inf


def floor_divide(a: float, b: float) -> float:
    """``floor(a / b)`` with the standard's special cases (not Python's NaN for inf // 2)."""
    if _isfinite(a) and _isfinite(b):
        if b == 0.0:
            return divide(a, b)
        return a // b
    if a != a or b != b:
        return nan
    if _isinf(a):
        if _isinf(b):
            return nan
        return a / b if b != 0.0 else divide(a, b)
    return a / b        # finite / +-inf: a signed zero


def remainder(a: float, b: float) -> float:
    """``a - floor(a / b) * b`` (the divisor's sign), as Python's ``%`` with NaN for b == 0."""
    try:
        return a % b
    except ZeroDivisionError:
        return nan


def pow_real(a: float, b: float) -> float:
    try:
        return math.pow(a, b)
    except OverflowError:
        # |a|**b overflowed: the sign is negative only for a negative base and odd b
        if a < 0.0 and b == math.floor(b) and math.fmod(b, 2.0) != 0.0:
            return -inf
        return inf
    except ValueError:
        if a == 0.0:
            # 0 ** negative: +inf, or -inf for -0 with an odd integer exponent
            if _copysign(1.0, a) < 0.0 and b == math.floor(b) and math.fmod(b, 2.0) != 0.0:
                return -inf
            return inf
        return nan      # negative finite base, non-integer exponent


def atan2(a: float, b: float) -> float:
    return math.atan2(a, b)


def hypot(a: float, b: float) -> float:
    return math.hypot(a, b)


def copysign(a: float, b: float) -> float:
    return _copysign(a, b)


def maximum(a: float, b: float) -> float:
    if a != a or b != b:
        return nan
    if a == b == 0.0:       # prefer +0 (as IEEE 754-2019 maximum)
        return a if _copysign(1.0, a) > 0.0 else b
    return a if a > b else b


def minimum(a: float, b: float) -> float:
    if a != a or b != b:
        return nan
    if a == b == 0.0:
        return a if _copysign(1.0, a) < 0.0 else b
    return a if a < b else b


def logaddexp(a: float, b: float) -> float:
    if a != a or b != b:
        return nan
    m = a if a > b else b
    if m == inf:
        return inf
    if m == -inf:
        return -inf
    return m + math.log1p(math.exp(-abs(a - b)))


def nextafter64(a: float, b: float) -> float:
    return math.nextafter(a, b)


def nextafter32(a: float, b: float) -> float:
    """The float32 after ``a`` in the direction of ``b`` (both float32 values)."""
    if a != a or b != b:
        return nan
    if a == b:
        return b
    if a == 0.0:
        tiny = 1.401298464324817e-45
        return tiny if b > 0.0 else -tiny
    bits = _unpack_I(_pack_f(a))[0]
    if (b > a) == (a > 0.0):
        bits += 1
    else:
        bits -= 1
    return _unpack_f(_pack_I(bits))[0]


# ------------------------------------------------------------------ integers
def int_floor_divide(a: int, b: int) -> int:
    return a // b if b else 0


def int_remainder(a: int, b: int) -> int:
    return a % b if b else 0


def int_divide(a: int, b: int) -> float:
    """True division of integers; by zero as IEEE float division."""
    try:
        return a / b
    except ZeroDivisionError:
        return divide(float(a), 0.0)
    except OverflowError:
        return divide(float(a), float(b))


def int_pow(a: int, b: int, mod: int) -> int:
    """``a ** b`` modulo ``mod`` (2**bits); negative exponents truncate toward zero."""
    if b >= 0:
        return pow(a, b, mod)
    if a == 1:
        return 1
    if a == -1:
        return -1 if b & 1 else 1
    return 0


def int_sign(v: int) -> int:
    return (v > 0) - (v < 0)


# --------------------------------------------------------------------- complex
def cmul(a: complex, b: complex) -> complex:
    return a * b


def cdiv(a: complex, b: complex) -> complex:
    """Complex division; division by zero gives the IEEE componentwise infinities/NaN."""
    try:
        return a / b
    except ZeroDivisionError:
        return complex(divide(a.real, 0.0), divide(a.imag, 0.0))


def creciprocal(z: complex) -> complex:
    return cdiv(1 + 0j, z)


def csign(z: complex) -> complex:
    a, b = z.real, z.imag
    if a != a or b != b:
        return complex(nan, nan)
    if a == 0.0 and b == 0.0:
        return 0j
    if _isinf(a) or _isinf(b):
        if _isinf(a) and _isinf(b):
            return complex(nan, nan)
        return complex(0.0 if _isinf(b) else _copysign(1.0, a),
                       0.0 if _isinf(a) else _copysign(1.0, b))
    m = math.hypot(a, b)
    return complex(a / m, b / m)


def cabs(z: complex) -> float:
    return math.hypot(z.real, z.imag)


def cexp(z: complex) -> complex:
    try:
        return cmath.exp(z)
    except (ValueError, OverflowError):
        a, b = z.real, z.imag
        if not _isfinite(b):
            if a == inf:
                return complex(inf, nan)
            if a == -inf:
                return 0j
            return complex(nan, nan)
        # overflow of exp(a) with finite b: +inf * cis(b)
        if b == 0.0:
            return complex(inf, b)
        return complex(inf * math.cos(b), inf * math.sin(b))


def cexpm1(z: complex) -> complex:
    """``exp(z) - 1`` accurate near 0: ``expm1(a)cos(b) - 2 sin(b/2)**2 + i exp(a) sin(b)``."""
    a, b = z.real, z.imag
    if a != a:
        return complex(nan, b if b == 0.0 else nan)
    if not _isfinite(b):
        if a == inf:
            return complex(inf, nan)
        if a == -inf:
            return complex(-1.0, 0.0)
        return complex(nan, nan)
    if a == inf:
        if b == 0.0:
            return complex(inf, b)
        return complex(inf * math.cos(b), inf * math.sin(b))
    if a == -inf:
        return complex(-1.0 + 0.0 * math.cos(b), _copysign(0.0, math.sin(b)) if b else b)
    if b == 0.0:
        return complex(expm1(a) if a else 0.0, b)     # exp(+-0) - 1 is +0
    em1 = expm1(a)
    s = math.sin(b / 2.0)
    re = em1 * math.cos(b) - 2.0 * s * s
    ea = exp(a)
    im = ea * math.sin(b)
    return complex(re, im)


def clog(z: complex) -> complex:
    try:
        return cmath.log(z)
    except ValueError:      # +-0 +-0j
        return complex(-inf, math.atan2(z.imag, z.real))


def clog1p(z: complex) -> complex:
    a, b = z.real, z.imag
    if _isfinite(a) and _isfinite(b):
        if a == -1.0 and b == 0.0:
            return complex(-inf, b)
        if abs(a) < 0.5 and abs(b) < 0.5:
            # log(1+z) = log1p(a**2 + 2a + b**2)/2 + i atan2(b, 1+a), accurate near 0
            re = 0.5 * math.log1p(a * (2.0 + a) + b * b)
            return complex(re, math.atan2(b, 1.0 + a))
    return clog(complex(1.0 + a, b) if _isfinite(a) else complex(a, b))


def clog2(z: complex) -> complex:
    r = clog(z)
    return complex(r.real / math.log(2.0), r.imag / math.log(2.0))


def clog10(z: complex) -> complex:
    r = clog(z)
    return complex(r.real / math.log(10.0), r.imag / math.log(10.0))


def csqrt(z: complex) -> complex:
    return cmath.sqrt(z)


def ccosh(z: complex) -> complex:
    try:
        return cmath.cosh(z)
    except (ValueError, OverflowError):
        a, b = z.real, z.imag
        if _isinf(b) or b != b:
            if a == 0.0:
                return complex(nan, 0.0)
            if _isinf(a):
                return complex(inf, nan)
            return complex(nan, nan)
        # overflow: inf * cis(b), with the sign of a in the imaginary part
        if b == 0.0:
            return complex(inf, b * _copysign(1.0, a))
        return complex(inf * math.cos(b), _copysign(inf, a) * math.sin(b))


def csinh(z: complex) -> complex:
    try:
        return cmath.sinh(z)
    except (ValueError, OverflowError):
        a, b = z.real, z.imag
        if _isinf(b) or b != b:
            if a == 0.0:
                return complex(a, nan)
            if _isinf(a):
                return complex(a, nan)
            return complex(nan, nan)
        if b == 0.0:
            return complex(_copysign(inf, a), b)
        return complex(_copysign(inf, a) * math.cos(b), inf * math.sin(b))


def ctanh(z: complex) -> complex:
    a, b = z.real, z.imag
    if a == inf:
        return complex(1.0, _copysign(0.0, b) if _isfinite(b) else 0.0)
    if a == -inf:
        return complex(-1.0, _copysign(0.0, b) if _isfinite(b) else 0.0)
    if a == 0.0 and b != b:
        return complex(a, nan)
    try:
        return cmath.tanh(z)
    except (ValueError, OverflowError):
        if _isinf(b) or b != b:
            if a == 0.0:
                return complex(a, nan)
            return complex(nan, nan)
        return complex(_copysign(1.0, a), _copysign(0.0, b))


def ccos(z: complex) -> complex:
    return ccosh(complex(-z.imag, z.real))


def csin(z: complex) -> complex:
    r = csinh(complex(-z.imag, z.real))
    return complex(r.imag, -r.real)


def ctan(z: complex) -> complex:
    r = ctanh(complex(-z.imag, z.real))
    return complex(r.imag, -r.real)


def cacos(z: complex) -> complex:
    return cmath.acos(z)


def cacosh(z: complex) -> complex:
    if z.real == 0.0 and z.imag != z.imag:     # C99 leaves this NaN + NaN j; the standard not
        return complex(nan, pi / 2)
    return cmath.acosh(z)


def casin(z: complex) -> complex:
    return cmath.asin(z)


def casinh(z: complex) -> complex:
    return cmath.asinh(z)


def catanh(z: complex) -> complex:
    try:
        return cmath.atanh(z)
    except ValueError:      # +-1 +-0j
        return complex(_copysign(inf, z.real), z.imag)


def catan(z: complex) -> complex:
    r = catanh(complex(-z.imag, z.real))
    return complex(r.imag, -r.real)


def csquare(z: complex) -> complex:
    return z * z


def cpow(a: complex, b: complex) -> complex:
    """``a ** b`` for complex operands (``exp(b log a)`` where Python refuses)."""
    if b == 0:
        return 1 + 0j
    if a == 0:      # 0 ** b: 0 for Re(b) > 0 (Python refuses complex powers of 0)
        if b.real > 0:
            return 0j
        return complex(inf, nan) if b.real < 0 and b.imag == 0 else complex(nan, nan)
    try:
        r = a ** b
    except ZeroDivisionError:
        return complex(nan, nan)
    except OverflowError:
        return cexp(b * clog(a))
    return r


def cequal(a: complex, b: complex) -> bool:
    return a == b


def cisnan(z: complex) -> bool:
    return z.real != z.real or z.imag != z.imag


def cisinf(z: complex) -> bool:
    return _isinf(z.real) or _isinf(z.imag)


def cisfinite(z: complex) -> bool:
    return _isfinite(z.real) and _isfinite(z.imag)
