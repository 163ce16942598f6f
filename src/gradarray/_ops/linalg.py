"""Linear algebra: the top-level functions (matmul, matrix_transpose, tensordot, vecdot) and
the ``linalg`` extension, each beside its derivative rule.

https://data-apis.org/array-api/2025.12/API_specification/linear_algebra_functions.html
https://data-apis.org/array-api/2025.12/extensions/linear_algebra_functions.html

Several functions are compositions when gradients are recorded (vecdot, outer, trace,
matrix_power, matrix_transpose), so the tape differentiates them without a rule.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any, Literal, NamedTuple

from .. import _dtypes
from .._array import Array
from .._call import check_array, device_mismatch, needs_grad, promote_arrays, wrap
from .._dtypes import FLOATING, NUMERIC, REAL_FLOATING, REAL_NUMERIC, DType
from ..autograd.engine import record
from ..autograd.grad_mode import STATE
from ..autograd.rules import defvjp
from ._util import (AxisError, check_bool, check_choice, check_dtype_in, clamp_offset, check_int, normalize_axes,
                    normalize_axis)

__all__ = [
    "matmul", "matrix_transpose", "tensordot", "vecdot",
    "cholesky", "cross", "det", "diagonal", "eig", "eigh", "eigvals", "eigvalsh", "inv",
    "matrix_norm", "matrix_power", "matrix_rank", "outer", "pinv", "qr", "slogdet", "solve",
    "svd", "svdvals", "trace", "vector_norm",
    "EighResult", "EigResult", "QRResult", "SlogdetResult", "SVDResult",
]

_new = Array._new


class EighResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


class EigResult(NamedTuple):
    eigenvalues: Array
    eigenvectors: Array


class QRResult(NamedTuple):
    Q: Array
    R: Array


class SlogdetResult(NamedTuple):
    sign: Array
    logabsdet: Array


class SVDResult(NamedTuple):
    U: Array
    S: Array
    Vh: Array


def _cj(x: Array) -> Array:
    from .elementwise import conj
    return conj(x) if x._dtype.kind == "c" else x


def _mT(x: Array) -> Array:
    return matrix_transpose(x)


def _pair(name: str, x1: Any, x2: Any, allowed: frozenset[DType] = NUMERIC
          ) -> tuple[Array, Array, DType]:
    x1 = check_array(x1, name, "x1")
    x2 = check_array(x2, name, "x2")
    if x1._device is not x2._device:
        raise device_mismatch(name, x1._device, x2._device)
    dt = promote_arrays(name, x1, x2)
    if dt not in allowed:
        raise TypeError(f"{name}(x1, x2): expected {_dtypes.describe(allowed)}, got "
                        f"{x1._dtype.name} and {x2._dtype.name}")
    return x1, x2, dt


def _cast(x: Array, dt: DType) -> Any:
    if x._dtype is dt:
        return x._native
    return x._device.ns.astype(x._native, x._device.to_native[dt])


def _square(name: str, x: Any, allowed: frozenset[DType] = FLOATING) -> Array:
    x = check_array(x, name)
    check_dtype_in(x, allowed, name)
    if x.ndim < 2:
        raise ValueError(f"{name}(x): expected a (stack of) matrices with at least 2 dimensions, "
                         f"got {x.ndim}-D")
    if x.shape[-1] != x.shape[-2]:
        raise ValueError(f"{name}(x): expected square matrices, got shape {x.shape}")
    return x


def _matrices(name: str, x: Any, allowed: frozenset[DType] = FLOATING) -> Array:
    x = check_array(x, name)
    check_dtype_in(x, allowed, name)
    if x.ndim < 2:
        raise ValueError(f"{name}(x): expected a (stack of) matrices with at least 2 dimensions, "
                         f"got {x.ndim}-D")
    return x


# ------------------------------------------------------------------ matmul
def matmul(x1: Array, x2: Array, /) -> Array:
    """The matrix product of ``x1`` and ``x2`` (1-D operands act as vectors; stacks broadcast)."""
    x1, x2, dt = _pair("matmul", x1, x2)
    if x1.ndim == 0 or x2.ndim == 0:
        raise ValueError(f"matmul(x1, x2): expected arrays with at least one dimension, got "
                         f"shapes {x1.shape} and {x2.shape}")
    k1 = x1.shape[-1]
    k2 = x2.shape[0] if x2.ndim == 1 else x2.shape[-2]
    if k1 != k2:
        raise ValueError(f"matmul(x1, x2): shapes {x1.shape} and {x2.shape} are not aligned "
                         f"({k1} != {k2})")
    if x1.ndim > 2 or x2.ndim > 2:   # the stacks must broadcast
        from .manipulation import broadcast_shapes_for
        broadcast_shapes_for("matmul", "x1, x2", (x1.shape[:-2], x2.shape[:-2]))
    dev = x1._device
    out = _new(dev.ns.matmul(_cast(x1, dt), _cast(x2, dt)), dt, dev)
    if STATE.enabled and (x1._ag is not None or x2._ag is not None):
        record("matmul", out, {"x1": x1, "x2": x2})
    return out


def _matmul_x1(g: Array, x1: Array, x2: Array) -> Array:
    from .manipulation import expand_dims, reshape
    if x2.ndim == 1:
        gm = expand_dims(g, axis=-1)                        # (..., n, 1)
        r = gm * _cj(x2)                                    # (..., n, k)
        return reshape(r, r.shape[:-2] + (x2.shape[0],)) if x1.ndim == 1 else r
    if x1.ndim == 1:
        # g: (..., m); x1 (k,) @ x2 (..., k, m) -> (..., m)
        return matmul(_cj(x2), expand_dims(g, axis=-1))[..., 0]
    return matmul(g, _mT(_cj(x2)))


def _matmul_x2(g: Array, x1: Array, x2: Array) -> Array:
    from .manipulation import expand_dims
    if x1.ndim == 1:
        gm = expand_dims(g, axis=-2)                        # (..., 1, m)
        r = expand_dims(_cj(x1), axis=-1) * gm              # (..., k, m)
        return r[..., 0] if x2.ndim == 1 else r
    if x2.ndim == 1:
        # x1 (..., n, k) @ x2 (k,) -> (..., n)
        return matmul(_mT(_cj(x1)), expand_dims(g, axis=-1))[..., 0]
    return matmul(_mT(_cj(x1)), g)


defvjp("matmul", x1=_matmul_x1, x2=_matmul_x2)


def matrix_transpose(x: Array, /) -> Array:
    """``x`` with its last two axes swapped."""
    x = check_array(x, "matrix_transpose")
    if x.ndim < 2:
        raise ValueError(f"matrix_transpose(x): expected at least 2 dimensions, got {x.ndim}-D")
    from .manipulation import permute_dims
    axes = tuple(range(x.ndim - 2)) + (x.ndim - 1, x.ndim - 2)
    return permute_dims(x, axes)


def tensordot(x1: Array, x2: Array, /, *,
              axes: int | tuple[Sequence[int], Sequence[int]] = 2) -> Array:
    """The sum of products of ``x1`` and ``x2`` over the given axes."""
    x1, x2, dt = _pair("tensordot", x1, x2)
    if isinstance(axes, tuple | list):
        if len(axes) != 2 or not all(isinstance(a, tuple | list) for a in axes):
            raise TypeError(f"tensordot(axes): expected an int or a pair of sequences of axes, "
                            f"got {axes!r}")
        a1 = tuple(normalize_axis(a, x1.ndim, "tensordot", "axes") for a in axes[0])
        a2 = tuple(normalize_axis(a, x2.ndim, "tensordot", "axes") for a in axes[1])
        if len(a1) != len(a2):
            raise ValueError(f"tensordot(axes): expected as many axes of x1 as of x2, got {axes}")
        if len(set(a1)) != len(a1) or len(set(a2)) != len(a2):
            raise ValueError(f"tensordot(axes): repeated axis in {axes}")
    else:
        n = check_int(axes, "tensordot", "axes")
        if n < 0 or n > min(x1.ndim, x2.ndim):
            raise ValueError(f"tensordot(axes): expected 0 <= axes <= {min(x1.ndim, x2.ndim)}, "
                             f"got {n}")
        a1 = tuple(range(x1.ndim - n, x1.ndim))
        a2 = tuple(range(n))
    for i, j in zip(a1, a2):
        if x1.shape[i] != x2.shape[j]:
            raise ValueError(f"tensordot(x1, x2): contracted axes differ in size: x1 axis {i} "
                             f"has {x1.shape[i]}, x2 axis {j} has {x2.shape[j]}")
    dev = x1._device
    out = _new(dev.ns.tensordot(_cast(x1, dt), _cast(x2, dt), axes=(a1, a2)), dt, dev)
    if STATE.enabled and (x1._ag is not None or x2._ag is not None):
        record("tensordot", out, {"x1": x1, "x2": x2, "axes": (a1, a2)})
    return out


def _tensordot_grad(g: Array, mine: Array, other: Array, my_axes: tuple[int, ...],
                    other_axes: tuple[int, ...], first: bool) -> Array:
    """Gradient of tensordot for one operand: contract g with the other's free axes."""
    from .manipulation import permute_dims
    my_free = [a for a in range(mine.ndim) if a not in my_axes]
    other_free = [a for a in range(other.ndim) if a not in other_axes]
    nf = len(my_free)
    # g's axes are x1's free axes then x2's; contract away the other operand's free axes
    g_other = tuple(range(nf, nf + len(other_free))) if first else tuple(range(len(other_free)))
    # r has axes: my free ones (in order), then the other's contracted ones (in its order)
    r = tensordot(g, _cj(other), axes=(g_other, tuple(other_free)))
    contracted_in_other_order = sorted(other_axes)
    pos = {}
    for k, a in enumerate(my_free):
        pos[a] = k
    for k, oa in enumerate(contracted_in_other_order):
        pos[my_axes[other_axes.index(oa)]] = nf + k
    return permute_dims(r, tuple(pos[a] for a in range(mine.ndim)))


defvjp("tensordot",
       x1=lambda g, x1, x2, axes: _tensordot_grad(g, x1, x2, axes[0], axes[1], True),
       x2=lambda g, x1, x2, axes: _tensordot_grad(g, x2, x1, axes[1], axes[0], False))


def vecdot(x1: Array, x2: Array, /, *, axis: int = -1) -> Array:
    """The dot product of vectors along ``axis``, conjugating ``x1`` (``sum(conj(x1) * x2)``)."""
    x1, x2, dt = _pair("vecdot", x1, x2)
    from .manipulation import broadcast_shapes_for
    n = max(x1.ndim, x2.ndim)
    if n == 0:
        raise ValueError("vecdot(x1, x2): expected arrays with at least one dimension")
    ax = normalize_axis(axis, n, "vecdot")
    neg = ax - n
    if -neg > x1.ndim or -neg > x2.ndim:
        raise AxisError(f"vecdot(axis): axis {axis} is out of range for shapes {x1.shape} and "
                         f"{x2.shape}")
    if x1.shape[neg] != x2.shape[neg]:
        raise ValueError(f"vecdot(x1, x2): sizes along axis {axis} differ: {x1.shape[neg]} and "
                         f"{x2.shape[neg]}")
    broadcast_shapes_for("vecdot", "x1, x2", (x1.shape, x2.shape))
    if needs_grad(x1, x2):
        from .statistical import sum
        return sum(_cj(x1) * x2, axis=neg)
    dev = x1._device
    return _new(dev.ns.vecdot(_cast(x1, dt), _cast(x2, dt), axis=neg), dt, dev)


def outer(x1: Array, x2: Array, /) -> Array:
    """The outer product of two vectors."""
    x1, x2, dt = _pair("outer", x1, x2)
    if x1.ndim != 1 or x2.ndim != 1:
        raise ValueError(f"outer(x1, x2): expected 1-D arrays, got shapes {x1.shape} and "
                         f"{x2.shape}")
    if needs_grad(x1, x2):
        from .manipulation import expand_dims
        return expand_dims(x1, axis=-1) * expand_dims(x2, axis=0)
    dev = x1._device
    return _new(dev.ns.linalg.outer(_cast(x1, dt), _cast(x2, dt)), dt, dev)


# ---------------------------------------------------------------- extension
def _unary_linalg(name: str, x: Array, **kw: Any) -> Any:
    dev = x._device
    return getattr(dev.ns.linalg, name)(x._native, **kw)


def cholesky(x: Array, /, *, upper: bool = False) -> Array:
    """The Cholesky factor of (each) Hermitian positive-definite matrix in ``x``."""
    x = _square("cholesky", x)
    check_bool(upper, "cholesky", "upper")
    out = _new(_unary_linalg("cholesky", x, upper=upper), x._dtype, x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.cholesky", out, {"x": x, "upper": upper})
    return out


def cross(x1: Array, x2: Array, /, *, axis: int = -1) -> Array:
    """The cross product of 3-element vectors along ``axis``."""
    x1, x2, dt = _pair("cross", x1, x2, REAL_NUMERIC | _dtypes.COMPLEX_FLOATING)
    if min(x1.ndim, x2.ndim) == 0:
        raise ValueError("cross(x1, x2): expected arrays with at least one dimension")
    axis = check_int(axis, "cross", "axis")
    if not -min(x1.ndim, x2.ndim) <= axis < min(x1.ndim, x2.ndim):
        raise AxisError(f"cross(axis): axis {axis} is out of bounds for shapes {x1.shape} and "
                         f"{x2.shape}")
    if x1.shape[axis] != 3 or x2.shape[axis] != 3:
        raise ValueError(f"cross(x1, x2): expected size 3 along axis {axis}, got shapes "
                         f"{x1.shape} and {x2.shape}")
    from .manipulation import broadcast_shapes_for
    broadcast_shapes_for("cross", "x1, x2", (x1.shape, x2.shape))
    dev = x1._device
    out = _new(dev.ns.linalg.cross(_cast(x1, dt), _cast(x2, dt), axis=axis), dt, dev)
    if STATE.enabled and (x1._ag is not None or x2._ag is not None):
        record("linalg.cross", out, {"x1": x1, "x2": x2, "axis": axis})
    return out


defvjp("linalg.cross",
       x1=lambda g, x2, axis: cross(_cj(x2), g, axis=axis),
       x2=lambda g, x1, axis: cross(g, _cj(x1), axis=axis))


def det(x: Array, /) -> Array:
    """The determinant of (each) square matrix in ``x``."""
    x = _square("det", x)
    out = _new(_unary_linalg("det", x), x._dtype, x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.det", out, {"x": x})
    return out


def diagonal(x: Array, /, *, offset: int = 0) -> Array:
    """The ``offset``-th diagonal of (each) matrix in ``x``."""
    x = check_array(x, "diagonal")
    offset = check_int(offset, "diagonal", "offset")
    if x.ndim < 2:
        raise ValueError(f"diagonal(x): expected at least 2 dimensions, got {x.ndim}-D")
    offset = clamp_offset(offset, x.shape[-2], x.shape[-1])
    out = _new(_unary_linalg("diagonal", x, offset=offset), x._dtype, x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.diagonal", out, {"x": x, "offset": offset})
    return out


def _diagonal_rule(g: Array, x: Array, offset: int) -> Array:
    from .creation import eye
    from .manipulation import expand_dims
    n, m = x.shape[-2], x.shape[-1]
    mask = eye(n, m, k=offset, dtype=g._dtype, device=g._device)
    # place g[..., i] at (i, i + offset) (or (i - offset, i)): broadcast along the other axis
    if offset >= 0:
        return mask * expand_dims(_pad_last(g, m, offset), axis=-2)
    return mask * expand_dims(_pad_last(g, n, -offset), axis=-1)


def _pad_last(g: Array, size: int, before: int) -> Array:
    """g along its last axis, shifted right by ``before`` and zero-padded to ``size``."""
    from .creation import zeros
    from .manipulation import concat
    k = g.shape[-1]
    after = size - before - k
    parts = []
    if before > 0:
        parts.append(zeros(g.shape[:-1] + (before,), dtype=g._dtype, device=g._device))
    parts.append(g)
    if after > 0:
        parts.append(zeros(g.shape[:-1] + (after,), dtype=g._dtype, device=g._device))
    return concat(parts, axis=-1) if len(parts) > 1 else g


defvjp("linalg.diagonal", x=_diagonal_rule)


def eigh(x: Array, /) -> EighResult:
    """The eigenvalues (ascending) and eigenvectors of (each) Hermitian matrix in ``x``."""
    x = _square("eigh", x)
    dev = x._device
    r = _unary_linalg("eigh", x)
    vals = _new(r[0], x._dtype._real, dev)
    vecs = _new(r[1], x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("linalg.eigh", (vals, vecs), {"x": x})
    return EighResult(vals, vecs)


def eigvalsh(x: Array, /) -> Array:
    """The eigenvalues (ascending) of (each) Hermitian matrix in ``x``."""
    x = _square("eigvalsh", x)
    out = _new(_unary_linalg("eigvalsh", x), x._dtype._real, x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.eigvalsh", out, {"x": x})
    return out


def eig(x: Array, /) -> EigResult:
    """The eigenvalues and eigenvectors of (each) square matrix in ``x``, as complex arrays."""
    x = _square("eig", x)
    dev = x._device
    r = _unary_linalg("eig", x)
    cdt = x._dtype if x._dtype.kind == "c" else x._dtype._complex
    vals, vecs = wrap(r[0], dev), wrap(r[1], dev)
    assert vals._dtype is cdt
    if x._ag is not None and STATE.enabled:
        record("linalg.eig", (vals, vecs), {"x": x})
    return EigResult(vals, vecs)


def eigvals(x: Array, /) -> Array:
    """The eigenvalues of (each) square matrix in ``x``, as a complex array."""
    x = _square("eigvals", x)
    out = wrap(_unary_linalg("eigvals", x), x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.eigvals", out, {"x": x})
    return out


def inv(x: Array, /) -> Array:
    """The inverse of (each) square matrix in ``x``."""
    x = _square("inv", x)
    out = _new(_unary_linalg("inv", x), x._dtype, x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.inv", out, {"x": x})
    return out


defvjp("linalg.inv", x=lambda g, *, out: -matmul(_mT(_cj(out)), matmul(g, _mT(_cj(out)))))


_MATRIX_ORDS = ("fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf)


def matrix_norm(x: Array, /, *, keepdims: bool = False,
                ord: int | float | Literal["fro", "nuc"] | None = "fro") -> Array:
    """A matrix norm of (each) matrix in ``x``: Frobenius, nuclear, 1, 2, inf (and negatives)."""
    x = _matrices("matrix_norm", x)
    check_bool(keepdims, "matrix_norm", "keepdims")
    check_choice(ord, _MATRIX_ORDS, "matrix_norm", "ord")
    out = _new(_unary_linalg("matrix_norm", x, keepdims=keepdims, ord=ord), x._dtype._real,
               x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.matrix_norm", out, {"x": x, "keepdims": keepdims, "ord": ord})
    return out


def matrix_power(x: Array, n: int, /) -> Array:
    """(Each) square matrix in ``x`` raised to the integer power ``n`` (inverse if negative)."""
    x = _square("matrix_power", x, NUMERIC)
    n = check_int(n, "matrix_power", "n")
    if n < 0 and x._dtype not in FLOATING:
        raise TypeError(f"matrix_power(x): a negative power needs a floating-point matrix, got "
                        f"{x._dtype.name}")
    if needs_grad(x):
        from .creation import eye
        from .manipulation import broadcast_to
        base = inv(x) if n < 0 else x
        result: Array | None = None
        k = abs(n)
        while k:
            if k & 1:
                result = base if result is None else matmul(result, base)
            k >>= 1
            if k:
                base = matmul(base, base)
        if result is None:
            return broadcast_to(eye(x.shape[-1], dtype=x._dtype, device=x._device), x.shape)
        return result
    return _new(x._device.ns.linalg.matrix_power(x._native, n), x._dtype, x._device)


def _rtol_native(rtol: Any, x: Array, name: str) -> Any:
    if rtol is None or type(rtol) in (int, float):
        if type(rtol) is bool:
            raise TypeError(f"{name}(rtol): expected a float, an array or None, got bool")
        return rtol
    rtol = check_array(rtol, name, "rtol")
    check_dtype_in(rtol, REAL_FLOATING, name, "rtol")
    return rtol._native


def matrix_rank(x: Array, /, *, rtol: float | Array | None = None) -> Array:
    """The rank of (each) matrix in ``x``: singular values above ``rtol * largest``."""
    x = _matrices("matrix_rank", x)
    return wrap(_unary_linalg("matrix_rank", x, rtol=_rtol_native(rtol, x, "matrix_rank")),
                x._device)


def pinv(x: Array, /, *, rtol: float | Array | None = None) -> Array:
    """The Moore-Penrose pseudo-inverse of (each) matrix in ``x``."""
    x = _matrices("pinv", x)
    out = _new(_unary_linalg("pinv", x, rtol=_rtol_native(rtol, x, "pinv")), x._dtype,
               x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.pinv", out, {"x": x})
    return out


def qr(x: Array, /, *, mode: Literal["reduced", "complete"] = "reduced") -> QRResult:
    """The QR decomposition of (each) matrix in ``x``."""
    x = _matrices("qr", x)
    check_choice(mode, ("reduced", "complete"), "qr", "mode")
    dev = x._device
    r = _unary_linalg("qr", x, mode=mode)
    q, rr = _new(r[0], x._dtype, dev), _new(r[1], x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("linalg.qr", (q, rr), {"x": x, "mode": mode})
    return QRResult(q, rr)


def slogdet(x: Array, /) -> SlogdetResult:
    """The sign and the log of the absolute value of the determinant of (each) matrix."""
    x = _square("slogdet", x)
    dev = x._device
    r = _unary_linalg("slogdet", x)
    sign, logabs = _new(r[0], x._dtype, dev), _new(r[1], x._dtype._real, dev)
    if x._ag is not None and STATE.enabled:
        record("linalg.slogdet", (sign, logabs), {"x": x})
    return SlogdetResult(sign, logabs)


def solve(x1: Array, x2: Array, /) -> Array:
    """The solution ``X`` of ``x1 @ X = x2`` for square ``x1`` (a vector ``x2`` if 1-D)."""
    x1, x2, dt = _pair("solve", x1, x2, FLOATING)
    _square("solve", x1)
    if x2.ndim == 0:
        raise ValueError("solve(x2): expected at least one dimension")
    n = x1.shape[-1]
    if (x2.ndim == 1 and x2.shape[0] != n) or (x2.ndim > 1 and x2.shape[-2] != n):
        raise ValueError(f"solve(x1, x2): shapes {x1.shape} and {x2.shape} do not match")
    if x2.ndim > 1:   # the stacks must broadcast
        from .manipulation import broadcast_shapes_for
        broadcast_shapes_for("solve", "x1, x2", (x1.shape[:-2], x2.shape[:-2]))
    dev = x1._device
    out = _new(dev.ns.linalg.solve(_cast(x1, dt), _cast(x2, dt)), dt, dev)
    if STATE.enabled and (x1._ag is not None or x2._ag is not None):
        record("linalg.solve", out, {"x1": x1, "x2": x2})
    return out


def _solve_x2(g: Array, x1: Array) -> Array:
    return solve(_mT(_cj(x1)), g)


def _solve_x1(g: Array, x1: Array, x2: Array, *, out: Array) -> Array:
    from .manipulation import expand_dims
    gb = solve(_mT(_cj(x1)), g)
    if x2.ndim == 1:
        return -expand_dims(gb, axis=-1) * expand_dims(_cj(out), axis=-2)
    return -matmul(gb, _mT(_cj(out)))


defvjp("linalg.solve", x1=_solve_x1, x2=_solve_x2)


def svd(x: Array, /, *, full_matrices: bool = True) -> SVDResult:
    """The singular value decomposition ``U @ diag(S) @ Vh`` of (each) matrix in ``x``."""
    x = _matrices("svd", x)
    check_bool(full_matrices, "svd", "full_matrices")
    dev = x._device
    r = _unary_linalg("svd", x, full_matrices=full_matrices)
    u, s, vh = (_new(r[0], x._dtype, dev), _new(r[1], x._dtype._real, dev),
                _new(r[2], x._dtype, dev))
    if x._ag is not None and STATE.enabled:
        record("linalg.svd", (u, s, vh), {"x": x, "full_matrices": full_matrices})
    return SVDResult(u, s, vh)


def svdvals(x: Array, /) -> Array:
    """The singular values of (each) matrix in ``x``, in descending order."""
    x = _matrices("svdvals", x)
    out = _new(_unary_linalg("svdvals", x), x._dtype._real, x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.svdvals", out, {"x": x})
    return out


def trace(x: Array, /, *, offset: int = 0, dtype: DType | None = None) -> Array:
    """The sum of the ``offset``-th diagonal of (each) matrix in ``x``."""
    x = _matrices("trace", x, NUMERIC)
    offset = clamp_offset(check_int(offset, "trace", "offset"), x.shape[-2], x.shape[-1])
    if needs_grad(x):
        from .statistical import sum
        return sum(diagonal(x, offset=offset), axis=-1, dtype=dtype)
    kw: dict[str, Any] = {"offset": offset}
    if dtype is not None:
        dt = _dtypes.as_dtype(dtype, "trace")
        kw["dtype"] = x._device.to_native[dt]
    return wrap(_unary_linalg("trace", x, **kw), x._device)


_VECTOR_ORDS_DOC = "any real number, inf or -inf"


def vector_norm(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
                keepdims: bool = False, ord: int | float = 2) -> Array:
    """The vector ``ord``-norm of ``x`` along ``axis`` (of all elements if None).

    Its gradient at the zero vector is zero (PyTorch).
    """
    x = check_array(x, "vector_norm")
    check_dtype_in(x, FLOATING, "vector_norm")
    check_bool(keepdims, "vector_norm", "keepdims")
    if type(ord) not in (int, float):
        raise (ValueError if type(ord) is str else TypeError)(
            f"vector_norm(ord): expected {_VECTOR_ORDS_DOC}, got {ord!r}")
    if type(ord) is int and not -2 ** 53 <= ord <= 2 ** 53:
        ord = float(ord)    # backends compute with floats; a huge int is that float
    axes = normalize_axes(axis, x.ndim, "vector_norm")
    dev = x._device
    out = _new(dev.ns.linalg.vector_norm(x._native, axis=axes, keepdims=keepdims, ord=ord),
               x._dtype._real, dev)
    if x._ag is not None and STATE.enabled:
        record("linalg.vector_norm", out, {"x": x, "axis": axes, "keepdims": keepdims,
                                           "ord": ord})
    return out


def _vector_norm_rule(g: Array, x: Array, axis: tuple[int, ...], keepdims: bool, ord: float, *,
                      out: Array) -> Array:
    from .elementwise import abs, sign
    from .searching import where
    from .statistical import _expand
    from .data_types import astype
    from .statistical import sum
    ge = _expand(g, x, axis, keepdims)
    ne = _expand(out, x, axis, keepdims)
    ax = abs(x)
    sgn = sign(x) if x._dtype.kind != "c" else where(ax == 0, 0.0, x / where(ax == 0, 1.0, ax))
    if ord == 0:
        from .creation import zeros_like
        return zeros_like(x)
    if ord in (math.inf, -math.inf):
        hit = astype(ax == ne, ax._dtype)
        return ge * sgn * hit / sum(hit, axis=axis, keepdims=True)
    if ord == 2:
        return ge * where(ne == 0, 0.0, x / where(ne == 0, 1.0, ne))
    if ord == 1:
        return ge * sgn
    safe = where(ne == 0, 1.0, ne)
    return where(ne == 0, 0.0, ge * sgn * ax ** (ord - 1) / safe ** (ord - 1))


defvjp("linalg.vector_norm", x=_vector_norm_rule)
