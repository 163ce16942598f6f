"""An Array API 2025.12 namespace over NumPy: array-api-compat's, with NumPy's remaining
deviations fixed, one override per deviation.

Only the standard's names are exported.  Every function returns arrays, never NumPy
scalars (NumPy turns 0-d results into ``np.float64`` and friends, which lack
``__setitem__`` and ``__dlpack__``).  Run the official suite on this module alone with
``ARRAY_API_TESTS_MODULE=gradarray_numpy.namespace``.
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable
from types import ModuleType
from typing import Any

import array_api_compat.numpy as _compat
import numpy as np

__array_api_version__ = "2025.12"

_ndarray = np.ndarray
_generic = np.generic

from gradarray._spec import DTYPES as _DTYPES, FFT as _FFT, FUNCTIONS, LINALG as _LINALG
from gradarray._spec import finfo_from, finfo_object

_FUNCTIONS = [n for n in FUNCTIONS if n not in ("finfo",)]

e = np.e
inf = np.inf
nan = np.nan
pi = np.pi
newaxis = None
__array_namespace_info__ = _compat.__array_namespace_info__


def _as_array(r: Any) -> Any:
    """NumPy scalars (also inside tuples and named tuples) as 0-d arrays."""
    if type(r) is _ndarray:
        return r
    if isinstance(r, _generic):
        return np.asarray(r)
    if isinstance(r, tuple):
        items = [_as_array(v) for v in r]
        return type(r)(*items) if hasattr(r, "_fields") else tuple(items)
    if isinstance(r, list):
        return [_as_array(v) for v in r]
    return r


def _arrays_out(f: Callable[..., Any]) -> Callable[..., Any]:
    """``f`` returning arrays where NumPy would return scalars."""
    if isinstance(f, np.ufunc) and f.signature is None:   # element-wise, not gufuncs
        ufunc = f
        if f.nin == 1:
            def unary(x: Any, /) -> Any:
                return ufunc(x, out=...)   # NumPy >= 2.3 returns arrays for out=...
            wrapped: Callable[..., Any] = unary
        else:
            def binary(x1: Any, x2: Any, /) -> Any:
                return ufunc(x1, x2, out=...)
            wrapped = binary
        wrapped.__name__ = wrapped.__qualname__ = f.__name__
        wrapped.__doc__ = f"Array API ``{f.__name__}`` over NumPy's ufunc (0-d results are arrays)."
        return wrapped

    @functools.wraps(f)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return _as_array(f(*args, **kwargs))
    return wrapper


_ns = globals()
for _name in _DTYPES:
    _ns[_name] = getattr(_compat, _name)
for _name in _FUNCTIONS:
    _ns[_name] = _arrays_out(getattr(_compat, _name))

# --- the functions that cannot return NumPy scalars keep compat's own (no wrapper cost);
# not flip (``m[()]`` of a 0-d array) nor unstack (``x[i]`` of a 1-D one), which can.
# (asarray, reshape, permute_dims, broadcast_to, expand_dims, matrix_transpose and
# zeros_like are defined below, without compat's wrappers.)
for _name in ("empty", "empty_like", "zeros", "ones", "ones_like",
              "full", "full_like", "arange", "linspace", "eye", "meshgrid", "broadcast_arrays",
              "broadcast_shapes", "can_cast", "isdtype", "result_type", "iinfo", "from_dlpack",
              "squeeze", "moveaxis", "stack", "concat", "tile", "repeat",
              "nonzero", "sort", "argsort", "take",
              "take_along_axis", "unique_values", "unique_all", "unique_counts",
              "unique_inverse", "cumulative_sum", "cumulative_prod", "diff"):
    _ns[_name] = getattr(_compat, _name)


# --------------------------------------------------------------- deviations
def finfo(type: Any, /) -> finfo_object:
    """Machine limits as Python floats (NumPy gives NumPy scalars; suite: test_finfo)."""
    return finfo_from(_compat.finfo(type))


def floor_divide(x1: Any, x2: Any, /) -> Any:
    """NumPy gives NaN for ``±inf // finite`` and -1 for ``1 // -inf``; the standard wants
    ``±inf`` and ``-0`` (suite: test_special_cases floor_divide/__floordiv__)."""
    r = np.floor_divide(x1, x2, out=...)
    if r.dtype.kind == "f":
        a = np.asarray(x1)
        b = np.asarray(x2)
        inf_a = np.isinf(a)
        inf_b = np.isinf(b)
        if inf_a.any() or inf_b.any():
            with np.errstate(all="ignore"):
                q = np.divide(a, b)
                r = np.where(inf_a & np.isfinite(b) & (b != 0), q, r)
                r = np.where(np.isfinite(a) & inf_b, np.floor(q), r)
            r = np.asarray(r, dtype=np.result_type(x1, x2))
    return r


# NumPy 2's sign is the standard's for complex input (z / |z|, 0 at 0, and 1 + 0j at inf):
# compat's (written for NumPy 1) divides by |z| and warns at 0 and at infinities
sign = _arrays_out(np.sign)


def tril(x: Any, /, *, k: int = 0) -> Any:
    """NumPy builds an (n, m) mask from aranges of both sizes, even when the result is empty:
    ``tril`` of a (2**40, 0) array asked for 8 TiB."""
    return x.copy() if x.size == 0 else np.tril(x, k=k)


def triu(x: Any, /, *, k: int = 0) -> Any:
    """As ``tril``: an empty array needs no mask."""
    return x.copy() if x.size == 0 else np.triu(x, k=k)


def expm1(x: Any, /) -> Any:
    """NumPy's complex expm1 misses the standard's special cases (suite: test_special_cases
    expm1); complex values use expm1(a)cos(b) - 2sin(b/2)^2 + i exp(a)sin(b)."""
    if x.dtype.kind != "c":
        return np.expm1(x, out=...)
    a, b = x.real, x.imag
    with np.errstate(all="ignore"):
        re = np.expm1(a) * np.cos(b) - 2 * np.sin(b / 2) ** 2 + 0.0   # -0 -> +0
        im = np.exp(a) * np.sin(b)
        im = np.where(b == 0, b, im)
        neg_inf = np.isneginf(a)
        re = np.where(neg_inf, -1.0, re)
        im = np.where(neg_inf, 0.0, im)
        pos_inf_bad = np.isposinf(a) & ~np.isfinite(b)
        re = np.where(pos_inf_bad, np.inf, re)
        im = np.where(pos_inf_bad, np.nan, im)
    out = np.empty(x.shape, dtype=x.dtype)
    out.real = re
    out.imag = im
    return out


def tanh(x: Any, /) -> Any:
    """NumPy gives ``1 - 0j`` for ``tanh(+inf + bj)`` when ``sin(2b) < 0``; the suite checks
    the standard's ``1 + 0j`` for every positive finite ``b`` (test_special_cases tanh)."""
    r = np.tanh(x, out=...)
    if r.dtype.kind == "c":
        hit = np.isposinf(x.real) & np.isfinite(x.imag) & (x.imag > 0)
        if hit.any():
            r = np.where(hit, np.asarray(1 + 0j, dtype=r.dtype), r)
    return r


# ------------------------------------------------ reductions (speed, not deviations)
# NumPy's sum/prod/mean/max/min go through Python wrappers costing ~1.5 us per call; the
# ufunc reductions below are the same computation (pairwise summation included) without it.
_SUM_DTYPE = {np.dtype(t): np.dtype(r) for t, r in (
    ("bool", "int64"), ("int8", "int64"), ("int16", "int64"), ("int32", "int64"),
    ("uint8", "uint64"), ("uint16", "uint64"), ("uint32", "uint64"))}
_add_reduce = np.add.reduce
_mul_reduce = np.multiply.reduce
_max_reduce = np.maximum.reduce
_min_reduce = np.minimum.reduce


def sum(x: Any, /, *, axis: Any = None, dtype: Any = None, keepdims: bool = False) -> Any:
    """Array API ``sum`` as ``np.add.reduce`` with the standard's accumulation dtypes."""
    if dtype is None:
        dtype = _SUM_DTYPE.get(x.dtype)
    return _add_reduce(x, axis=axis, dtype=dtype, keepdims=keepdims, out=...)


def prod(x: Any, /, *, axis: Any = None, dtype: Any = None, keepdims: bool = False) -> Any:
    """Array API ``prod`` as ``np.multiply.reduce`` with the standard's accumulation dtypes."""
    if dtype is None:
        dtype = _SUM_DTYPE.get(x.dtype)
    return _mul_reduce(x, axis=axis, dtype=dtype, keepdims=keepdims, out=...)


def max(x: Any, /, *, axis: Any = None, keepdims: bool = False) -> Any:
    """Array API ``max`` as ``np.maximum.reduce`` (NaN propagates)."""
    return _max_reduce(x, axis=axis, keepdims=keepdims, out=...)


def min(x: Any, /, *, axis: Any = None, keepdims: bool = False) -> Any:
    """Array API ``min`` as ``np.minimum.reduce`` (NaN propagates)."""
    return _min_reduce(x, axis=axis, keepdims=keepdims, out=...)


_or_reduce = np.logical_or.reduce
_and_reduce = np.logical_and.reduce


def any(x: Any, /, *, axis: Any = None, keepdims: bool = False) -> Any:
    """Array API ``any`` as ``np.logical_or.reduce`` (``np.any``'s dispatch costs twice the
    reduction of a small array)."""
    return _or_reduce(x, axis=axis, dtype=np.bool_, keepdims=keepdims, out=...)


def all(x: Any, /, *, axis: Any = None, keepdims: bool = False) -> Any:
    """Array API ``all`` as ``np.logical_and.reduce``."""
    return _and_reduce(x, axis=axis, dtype=np.bool_, keepdims=keepdims, out=...)


def mean(x: Any, /, *, axis: Any = None, keepdims: bool = False) -> Any:
    """Array API ``mean``: the sum divided by the count (NaN for an empty reduction)."""
    if axis is None:
        n = x.size
    else:
        n = 1
        for a in (axis if isinstance(axis, tuple) else (axis,)):
            n *= x.shape[a]
    s = _add_reduce(x, axis=axis, keepdims=keepdims, out=...)
    if n == 0:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.true_divide(s, n, out=...)
    return np.true_divide(s, n, out=...)


# ------------------------------------- hot functions without array-api-compat's wrappers
_compat_asarray = _compat.asarray
_compat_reshape = _compat.reshape
_compat_astype = _compat.astype


def _check_device(device: Any, function: str) -> None:
    if device is not None and device != "cpu":
        raise ValueError(f"{function}(device): NumPy arrays live on 'cpu', got {device!r}")


def asarray(obj: Any, /, *, dtype: Any = None, device: Any = None, copy: Any = None,
            **kwargs: Any) -> Any:
    """Array API ``asarray``; an ndarray passes through untouched when nothing changes."""
    t = type(obj)
    if t is _ndarray and dtype is None and not kwargs and (copy is None or copy is True):
        _check_device(device, "asarray")
        return obj if copy is None else obj.copy(order="K")
    if (t is float or t is int or t is bool or t is complex) and copy is not False \
            and dtype is not None and not kwargs:
        _check_device(device, "asarray")
        return np.asarray(obj, dtype=dtype)    # a Python scalar of a given dtype: the quick way
    return _as_array(_compat_asarray(obj, dtype=dtype, device=device, copy=copy, **kwargs))


_compat_expand_dims = _compat.expand_dims
_compat_zeros_like = _compat.zeros_like


def expand_dims(x: Any, /, axis: Any = 0) -> Any:
    """Array API ``expand_dims``: one new axis is a reshape (a view); other forms, and the
    errors, are array-api-compat's (``np.expand_dims`` costs ~1.3 us of Python)."""
    n = x.ndim
    if type(axis) is int and -n - 1 <= axis <= n:
        a = axis if axis >= 0 else axis + n + 1
        s = x.shape
        return x.reshape(s[:a] + (1,) + s[a:])
    return _compat_expand_dims(x, axis=axis)


def matrix_transpose(x: Any, /) -> Any:
    """Array API ``matrix_transpose`` (``ndarray.swapaxes``, without compat's wrapper)."""
    if x.ndim < 2:
        raise ValueError(f"matrix_transpose(x): expected at least 2 dimensions, got {x.ndim}")
    return x.swapaxes(-1, -2)


def zeros_like(x: Any, /, *, dtype: Any = None, device: Any = None) -> Any:
    """Array API ``zeros_like``; x's own dtype and device directly."""
    if dtype is None and (device is None or device == "cpu") and type(x) is _ndarray:
        return np.zeros(x.shape, dtype=x.dtype)
    return _compat_zeros_like(x, dtype=dtype, device=device)


def reshape(x: Any, /, shape: tuple[int, ...], *, copy: Any = None) -> Any:
    """Array API ``reshape`` (``ndarray.reshape`` when a view is acceptable)."""
    if copy is None:
        return x.reshape(shape)
    return _compat_reshape(x, shape, copy=copy)


def permute_dims(x: Any, /, axes: tuple[int, ...]) -> Any:
    """Array API ``permute_dims`` (``ndarray.transpose``)."""
    return x.transpose(axes)


def astype(x: Any, dtype: Any, /, *, copy: bool = True, device: Any = None) -> Any:
    """Array API ``astype`` (``ndarray.astype``)."""
    _check_device(device, "astype")
    return x.astype(dtype, copy=copy)


def matmul(x1: Any, x2: Any, /) -> Any:
    """Array API ``matmul``; a vector-vector product is a 0-d array, not a NumPy scalar."""
    r = np.matmul(x1, x2)
    return r if type(r) is _ndarray else np.asarray(r)


_broadcast_to = np.broadcast_to
_np_where = np.where
_SELECT_INT = {4: np.int32, 8: np.int64}


def where(condition: Any, x1: Any, x2: Any, /) -> Any:
    """Array API ``where``.  On large arrays it selects with bit masks: NumPy's ``where``
    branches per element, and an unpredictable mask (a ReLU's) makes it ~8x slower than a
    multiply; the bitwise select gives the identical bits (NaN payloads included)."""
    if type(condition) is _ndarray and condition.size >= 8192:
        dt = np.result_type(x1, x2)
        it = _SELECT_INT.get(dt.itemsize) if dt.kind in "fiu" else None
        if it is not None:
            a = np.asarray(x1, dtype=dt).view(it)
            b = np.asarray(x2, dtype=dt).view(it)
            m = np.negative(condition, dtype=it)       # all ones where True
            r = np.bitwise_and(a, m)
            r |= np.bitwise_and(b, np.invert(m, out=m))
            if r.shape == np.broadcast_shapes(condition.shape, a.shape, b.shape):
                return r.view(dt)
    return _np_where(condition, x1, x2)


def broadcast_to(x: Any, /, shape: tuple[int, ...]) -> Any:
    """Array API ``broadcast_to``: a read-only view, built directly for contiguous arrays
    (``np.broadcast_to`` costs ~2 us of Python per call)."""
    if type(x) is _ndarray and x.flags.c_contiguous and len(shape) >= x.ndim:
        if not x.ndim:           # a 0-d array (a reduction's cotangent): all strides 0
            r = _ndarray(shape, x.dtype, x, 0, (0,) * len(shape))
            r.flags.writeable = False
            return r
        lead = len(shape) - x.ndim
        strides = [0] * lead
        for d, st, n in zip(x.shape, x.strides, shape[lead:]):
            if d == n:
                strides.append(st)
            elif d == 1:
                strides.append(0)
            else:
                return _broadcast_to(x, shape)    # let NumPy raise its error
        r = _ndarray(shape, x.dtype, x, 0, tuple(strides))
        r.flags.writeable = False
        return r
    return _broadcast_to(x, shape)


_compat_roll = _compat.roll


def roll(x: Any, /, shift: Any, *, axis: Any = None) -> Any:
    """Array API ``roll``; with ``axis=()`` a 0-d array is returned as it is (NumPy's roll
    unpacks a shape that a 0-d array lacks)."""
    if axis == () and x.ndim == 0:
        return x.copy()
    return _compat_roll(x, shift, axis=axis)


def _filled(f: Any) -> Any:
    def creator(shape: Any, *, dtype: Any = None, device: Any = None) -> Any:
        _check_device(device, f.__name__)
        return f(shape, dtype=dtype if dtype is not None else np.float64)
    creator.__name__ = creator.__qualname__ = f.__name__
    creator.__doc__ = f"Array API ``{f.__name__}`` (NumPy's, float64 by default)."
    return creator


zeros = _filled(np.zeros)
ones = _filled(np.ones)
empty = _filled(np.empty)


# ---------------------------------------------------------------- extensions
def _submodule(name: str, names: list[str], source: Any) -> ModuleType:
    mod = ModuleType(f"{__name__}.{name}")
    for n in names:
        setattr(mod, n, _arrays_out(getattr(source, n)))
    return mod


linalg = _submodule("linalg", _LINALG, _compat.linalg)


def _finite_svd(f: Callable[..., Any]) -> Callable[..., Any]:
    """``f`` refusing infinite input: LAPACK's divide-and-conquer SVD (gesdd, through
    OpenBLAS) can fail to return for a matrix holding inf when it computes singular vectors,
    so ``svd`` and ``pinv`` would hang the interpreter.  NaN often raises LinAlgError there
    already; now every non-finite input does."""
    @functools.wraps(f)
    def guarded(x: Any, /, **kwargs: Any) -> Any:
        a = np.asarray(x)
        if a.dtype.kind in "fc" and a.size and not np.isfinite(a).all():
            raise np.linalg.LinAlgError("SVD did not converge (the input contains "
                                        "infinities or NaNs)")
        return f(x, **kwargs)
    return guarded


def _matrix_power(x: Any, n: int, /) -> Any:
    """NumPy's matrix_power, taking a negative power as a positive power of the inverse
    itself: NumPy returns None for n = -2**63 (its binary decomposition loop never runs)."""
    if n < 0:
        return np.linalg.matrix_power(np.linalg.inv(x), -operator.index(n))
    return np.linalg.matrix_power(x, n)


def _quiet_norm(f: Callable[..., Any]) -> Callable[..., Any]:
    """``f`` without NumPy's warning for a negative ``ord`` over zeros: it takes 1/|x|
    inside, where the norm itself is 0 without any division by zero."""
    @functools.wraps(f)
    def quiet(x: Any, /, **kwargs: Any) -> Any:
        with np.errstate(divide="ignore"):
            return f(x, **kwargs)
    return quiet


linalg.vector_norm = _quiet_norm(linalg.vector_norm)
linalg.matrix_power = _arrays_out(_matrix_power)
linalg.matrix_power.__name__ = "matrix_power"
linalg.svd = _finite_svd(linalg.svd)
linalg.pinv = _finite_svd(linalg.pinv)
fft = _submodule("fft", _FFT, _compat.fft)

__all__ = sorted(set(_FUNCTIONS) | set(_DTYPES) | {"e", "inf", "nan", "pi", "newaxis",
                                                    "finfo", "linalg", "fft",
                                                    "__array_namespace_info__",
                                                    "__array_api_version__"})
del _name, _ns
