"""The linalg extension.

https://data-apis.org/array-api/2025.12/extensions/linear_algebra_functions.html

Each function reads every matrix of a stack into Python lists, runs one of the algorithms of
``_decompositions`` in float64/complex128 arithmetic, and stores the results in the result
dtype (float32 results are rounded once).  Singular systems raise ``LinAlgError``.
"""

from __future__ import annotations

import math
from math import prod
from operator import mul
from typing import Any, Literal, NamedTuple

from . import _dtypes as D
from ._array import Array, new, view
from ._decompositions import (SingularMatrixError, complete_basis, eig as _eig,
                              householder_qr, jacobi_eigh, jacobi_svd, lu, solve_lu)
from ._dtypes import DType
from ._layout import broadcast_shape, from_values
from ._linalg_core import matmul, matrices, matrix_transpose, tensordot, vecdot
from ._manipulation import check, normalize_axis
from ._statistical import fsum

__all__ = ["cholesky", "cross", "det", "diagonal", "eig", "eigh", "eigvals", "eigvalsh", "inv",
           "matmul", "matrix_norm", "matrix_power", "matrix_rank", "matrix_transpose", "outer",
           "pinv", "qr", "slogdet", "solve", "svd", "svdvals", "tensordot", "trace", "vecdot",
           "vector_norm", "LinAlgError"]


class LinAlgError(SingularMatrixError):
    """A linear-algebra function cannot compute its result (a singular or non positive
    definite matrix)."""


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


_FLOATING = frozenset(D.FLOATING)
_NUMERIC = frozenset(D.NUMERIC)


def _float_input(x: Any, function: str, square: bool = False, argument: str = "x") -> Array:
    x = check(x, function, argument)
    if x._dtype not in _FLOATING:
        raise TypeError(f"{function}({argument}): expected a floating-point dtype, got "
                        f"{x._dtype.name}")
    if len(x._shape) < 2:
        raise ValueError(f"{function}({argument}): expected at least 2 dimensions, got "
                         f"{len(x._shape)}")
    if square and x._shape[-1] != x._shape[-2]:
        raise ValueError(f"{function}({argument}): expected square matrices, got shape "
                         f"{x._shape}")
    return x


def _stack(x: Array) -> list[list[list[Any]]]:
    return matrices(x, x._shape[:-2])


def _build(mats: list[list[list[Any]]], shape: tuple[int, ...], dt: DType) -> Array:
    flat = [v for mat in mats for row in mat for v in row]
    return new(from_values(flat, dt), shape, dt)


def _vectors(values: list[list[Any]], shape: tuple[int, ...], dt: DType) -> Array:
    return new(from_values([v for vs in values for v in vs], dt), shape, dt)


def _eye(n: int, is_c: bool) -> list[list[Any]]:
    one: Any = 1 + 0j if is_c else 1.0
    zero: Any = 0j if is_c else 0.0
    return [[one if i == j else zero for j in range(n)] for i in range(n)]


# ---------------------------------------------------------------- products
def outer(x1: Array, x2: Array, /) -> Array:
    """The outer product of two vectors."""
    x1 = check(x1, "outer", "x1")
    x2 = check(x2, "outer", "x2")
    if len(x1._shape) != 1 or len(x2._shape) != 1:
        raise ValueError("outer(x1, x2): expected 1-D arrays")
    dt = D.promote(x1._dtype, x2._dtype)
    if dt not in _NUMERIC:
        raise TypeError(f"outer: expected numeric dtypes, got {dt.name}")
    a = x1._vals()
    b = x2._vals()
    return new(from_values([u * v for u in a for v in b], dt), (len(a), len(b)), dt)


def cross(x1: Array, x2: Array, /, *, axis: int = -1) -> Array:
    """The cross product of 3-element vectors along ``axis`` (broadcasting the rest)."""
    x1 = check(x1, "cross", "x1")
    x2 = check(x2, "cross", "x2")
    dt = D.promote(x1._dtype, x2._dtype)
    if dt not in _NUMERIC:
        raise TypeError(f"cross: expected numeric dtypes, got {dt.name}")
    nd = min(len(x1._shape), len(x2._shape))
    if nd == 0 or not -nd <= axis < 0:
        raise IndexError(f"cross(axis): expected a negative axis within both arrays' "
                         f"dimensions, got {axis}")
    ax = normalize_axis(axis, len(x1._shape), "cross")
    ax2 = normalize_axis(axis, len(x2._shape), "cross")
    if x1._shape[ax] != 3 or x2._shape[ax2] != 3:
        raise ValueError("cross(x1, x2): expected vectors of 3 elements along axis")
    from ._manipulation import broadcast_to, moveaxis
    a = moveaxis(x1, ax, -1)
    b = moveaxis(x2, ax2, -1)
    batch = broadcast_shape(a._shape[:-1], b._shape[:-1])
    av = broadcast_to(a, batch + (3,))._vals()
    bv = broadcast_to(b, batch + (3,))._vals()
    out = []
    for i in range(0, len(av), 3):
        a0, a1, a2 = av[i:i + 3]
        b0, b1, b2 = bv[i:i + 3]
        out += [a1 * b2 - a2 * b1, a2 * b0 - a0 * b2, a0 * b1 - a1 * b0]
    res = new(from_values(out, dt), batch + (3,), dt)
    return moveaxis(res, -1, len(batch) + 1 + axis)


def matrix_power(x: Array, n: int, /) -> Array:
    """``x`` multiplied by itself ``n`` times (``n < 0``: powers of the inverse)."""
    x = check(x, "matrix_power")
    if len(x._shape) < 2 or x._shape[-1] != x._shape[-2]:
        raise ValueError(f"matrix_power(x): expected square matrices, got shape {x._shape}")
    if type(n) is bool or not isinstance(n, int):
        raise TypeError(f"matrix_power(n): expected an int, got {n!r}")
    if n < 0:
        x = inv(x)
        n = -n
    m = x._shape[-1]
    if n == 0:
        is_c = x._dtype.kind == "c"
        eye = _eye(m, is_c)
        return _build([eye] * prod(x._shape[:-2]), x._shape, x._dtype)
    result = None
    base = x
    while n:
        if n & 1:
            result = base if result is None else matmul(result, base)
        n >>= 1
        if n:
            base = matmul(base, base)
    return result  # type: ignore[return-value]


# ---------------------------------------------------------------- structure
def diagonal(x: Array, /, *, offset: int = 0) -> Array:
    """The ``offset``-th diagonal of each matrix (a view)."""
    x = check(x, "diagonal")
    if len(x._shape) < 2:
        raise ValueError(f"diagonal(x): expected at least 2 dimensions, got {len(x._shape)}")
    m, n = x._shape[-2:]
    s0, s1 = x._strides[-2:]
    if offset >= 0:
        size = max(0, min(m, n - offset))
        start = offset * s1 if size else 0
    else:
        size = max(0, min(m + offset, n))
        start = -offset * s0 if size else 0
    return view(x, x._shape[:-2] + (size,), x._strides[:-2] + (s0 + s1,), x._offset + start)


def trace(x: Array, /, *, offset: int = 0, dtype: DType | None = None) -> Array:
    """The sum of the ``offset``-th diagonal of each matrix."""
    x = check(x, "trace")
    if x._dtype not in _NUMERIC:
        raise TypeError(f"trace(x): expected a numeric dtype, got {x._dtype.name}")
    from ._statistical import sum as _sum
    return _sum(diagonal(x, offset=offset), axis=-1, dtype=dtype)


# ---------------------------------------------------------------- LU family
def _lu_each(x: Array) -> list[tuple[list[list[Any]], int, bool]]:
    out = []
    for mat in _stack(x):
        packed, _, sign, singular = lu([row[:] for row in mat])
        out.append((packed, sign, singular))
    return out


def det(x: Array, /) -> Array:
    """The determinant of each square matrix (LU with partial pivoting)."""
    x = _float_input(x, "det", square=True)
    res = []
    for packed, sign, singular in _lu_each(x):
        if singular:
            res.append(0.0)
            continue
        d: Any = sign
        for i in range(len(packed)):
            d *= packed[i][i]
        res.append(d)
    return new(from_values(res, x._dtype), x._shape[:-2], x._dtype)


def slogdet(x: Array, /) -> SlogdetResult:
    """The sign and the log of the absolute value of each determinant."""
    x = _float_input(x, "slogdet", square=True)
    is_c = x._dtype.kind == "c"
    signs: list[Any] = []
    logs = []
    for packed, sign, singular in _lu_each(x):
        if singular:
            signs.append(0j if is_c else 0.0)
            logs.append(-math.inf)
            continue
        s: Any = complex(sign) if is_c else float(sign)
        total = []
        for i in range(len(packed)):
            d = packed[i][i]
            a = abs(d)
            s *= d / a
            total.append(math.log(a))
        if is_c:
            s /= abs(s)
        signs.append(s)
        logs.append(fsum(total))
    shape = x._shape[:-2]
    return SlogdetResult(new(from_values(signs, x._dtype), shape, x._dtype),
                         new(from_values(logs, x._dtype.component), shape, x._dtype.component))


def solve(x1: Array, x2: Array, /) -> Array:
    """The solution ``X`` of ``x1 @ X = x2`` for each square ``x1`` (``x2`` of shape
    ``(M,)`` is one right-hand side shared by the whole stack)."""
    x1 = _float_input(x1, "solve", square=True, argument="x1")
    x2 = check(x2, "solve", "x2")
    if x2._dtype not in _FLOATING:
        raise TypeError(f"solve(x2): expected a floating-point dtype, got {x2._dtype.name}")
    dt = D.promote(x1._dtype, x2._dtype)
    m = x1._shape[-1]
    from ._manipulation import reshape
    vector = len(x2._shape) == 1
    b = reshape(x2, (m, 1)) if vector else x2
    if b._shape[-2] != m:
        raise ValueError(f"solve(x1, x2): x2 of shape {x2._shape} does not match x1 of shape "
                         f"{x1._shape}")
    batch = broadcast_shape(x1._shape[:-2], b._shape[:-2])
    am = matrices(x1, batch)
    bm = matrices(b, batch)
    conv = complex if dt.kind == "c" else float
    out = []
    for a, bb in zip(am, bm):
        try:
            out.append(solve_lu([[conv(v) for v in r] for r in a],
                                [[conv(v) for v in r] for r in bb]))
        except SingularMatrixError:
            raise LinAlgError("solve(x1): a matrix of the stack is singular") from None
    k = b._shape[-1]
    res = _build(out, batch + (m, k), dt)
    if vector:
        return reshape(res, batch + (m,))
    return res


def inv(x: Array, /) -> Array:
    """The inverse of each square matrix."""
    x = _float_input(x, "inv", square=True)
    n = x._shape[-1]
    is_c = x._dtype.kind == "c"
    eye = _eye(n, is_c)
    out = []
    for a in _stack(x):
        try:
            out.append(solve_lu(a, eye))
        except SingularMatrixError:
            raise LinAlgError("inv(x): a matrix of the stack is singular") from None
    return _build(out, x._shape, x._dtype)


def cholesky(x: Array, /, *, upper: bool = False) -> Array:
    """The Cholesky factor ``L`` (``x = L L^H``) of each Hermitian positive-definite matrix
    (``upper``: ``U = L^H``)."""
    x = _float_input(x, "cholesky", square=True)
    n = x._shape[-1]
    is_c = x._dtype.kind == "c"
    zero: Any = 0j if is_c else 0.0
    out = []
    for a in _stack(x):
        L = [[zero] * n for _ in range(n)]
        for j in range(n):
            row = L[j]
            s = a[j][j] - sum(abs(v) ** 2 for v in row[:j])
            s = s.real if is_c else s
            if not s > 0:
                raise LinAlgError("cholesky(x): a matrix of the stack is not positive definite")
            d = math.sqrt(s)
            row[j] = complex(d) if is_c else d
            lj = [v.conjugate() for v in row[:j]] if is_c else row[:j]
            for i in range(j + 1, n):
                ri = L[i]
                ri[j] = (a[i][j] - sum(map(mul, ri[:j], lj))) / d
        if upper:
            L = [[L[j][i].conjugate() if is_c else L[j][i] for j in range(n)] for i in range(n)]
        out.append(L)
    return _build(out, x._shape, x._dtype)


# ---------------------------------------------------------------- QR
def qr(x: Array, /, *, mode: Literal["reduced", "complete"] = "reduced") -> QRResult:
    """The QR decomposition (Householder reflections) of each matrix; R's diagonal is real
    and non-negative."""
    x = _float_input(x, "qr")
    if mode not in ("reduced", "complete"):
        raise ValueError(f"qr(mode): expected 'reduced' or 'complete', got {mode!r}")
    m, n = x._shape[-2:]
    k = min(m, n)
    complete = mode == "complete"
    batch = x._shape[:-2]
    is_c = x._dtype.kind == "c"
    qs, rs = [], []
    for a in _stack(x):
        if m == 0 or n == 0:
            qcols = m if complete else k
            qs.append(_eye(m, is_c) if complete else [[0.0] * qcols for _ in range(m)])
            rs.append([[0.0] * n for _ in range(m if complete else k)])
            continue
        q, r = householder_qr(a, complete)
        qs.append(q)
        rs.append(r)
    qshape = batch + ((m, m) if complete else (m, k))
    rshape = batch + ((m, n) if complete else (k, n))
    return QRResult(_build(qs, qshape, x._dtype), _build(rs, rshape, x._dtype))


# ---------------------------------------------------------------- eigen
def eigh(x: Array, /) -> EighResult:
    """Eigenvalues (ascending) and orthonormal eigenvectors of each Hermitian matrix
    (cyclic Jacobi)."""
    x = _float_input(x, "eigh", square=True)
    ws, vs = [], []
    for a in _stack(x):
        w, v = jacobi_eigh(a)
        ws.append(w)
        vs.append(v)
    return EighResult(_vectors(ws, x._shape[:-1], x._dtype.component),
                      _build(vs, x._shape, x._dtype))


def eigvalsh(x: Array, /) -> Array:
    """The eigenvalues (ascending) of each Hermitian matrix."""
    x = _float_input(x, "eigvalsh", square=True)
    ws = [jacobi_eigh(a, vectors=False)[0] for a in _stack(x)]
    return _vectors(ws, x._shape[:-1], x._dtype.component)


def eig(x: Array, /) -> EigResult:
    """Eigenvalues and unit-norm eigenvectors of each square matrix (Hessenberg reduction,
    shifted QR iteration, back-substitution); complex results."""
    x = _float_input(x, "eig", square=True)
    cdt = x._dtype.complex
    ws, vs = [], []
    for a in _stack(x):
        w, v = _eig(a)
        ws.append(w)
        vs.append(v)
    return EigResult(_vectors(ws, x._shape[:-1], cdt), _build(vs, x._shape, cdt))


def eigvals(x: Array, /) -> Array:
    """The eigenvalues of each square matrix (complex)."""
    x = _float_input(x, "eigvals", square=True)
    ws = [_eig(a, vectors=False)[0] for a in _stack(x)]
    return _vectors(ws, x._shape[:-1], x._dtype.complex)


# ---------------------------------------------------------------- SVD family
def _svd_one(a: list[list[Any]], m: int, n: int, vectors: bool, full: bool, is_c: bool
             ) -> tuple[list[list[Any]], list[float], list[list[Any]]]:
    """(U rows, S, Vh rows) of one m x n matrix."""
    if m == 0 or n == 0:
        k = min(m, n)
        ucols = m if full else k
        vrows = n if full else k
        return (_eye(m, is_c) if full else [[0.0] * ucols for _ in range(m)], [],
                _eye(n, is_c) if full else [[0.0] * n for _ in range(vrows)])
    wide = m < n
    if wide:        # work on A^H: A = (A^H)^H = V S U^H
        a = [[(a[i][j].conjugate() if is_c else a[i][j]) for i in range(m)] for j in range(n)]
        m, n = n, m
    ucols, s, vcols = jacobi_svd(a, vectors)
    if not vectors:
        return [], s, []
    k = n
    # complete U's columns where a singular value vanished, and to m columns when full
    nonzero = [any(c) for c in ucols]
    good = [c for c, ok in zip(ucols, nonzero) if ok]
    if len(good) < k or full:
        basis = complete_basis(good, m, is_c)
        extra = iter(basis[len(good):])
        ucols = [c if ok else next(extra) for c, ok in zip(ucols, nonzero)]
        if full:
            ucols = ucols + list(extra)
    if wide:
        # A = V S U^H: U_A = V (n x k, completed to n x n when full), Vh_A = U^H
        m, n = n, m
        vfull = vcols
        if full:
            vfull = complete_basis(vcols, m, is_c)
        u_rows = [list(r) for r in zip(*vfull)]
        vh_rows = [[(e.conjugate() if is_c else e) for e in c] for c in ucols]
        return u_rows, s, vh_rows
    vh_cols = vcols
    if full:
        vh_cols = complete_basis(vcols, n, is_c)
    u_rows = [list(r) for r in zip(*ucols)]
    vh_rows = [[(e.conjugate() if is_c else e) for e in c] for c in vh_cols]
    return u_rows, s, vh_rows


def svd(x: Array, /, *, full_matrices: bool = True) -> SVDResult:
    """The singular value decomposition of each matrix (one-sided Jacobi); singular values
    in descending order."""
    x = _float_input(x, "svd")
    m, n = x._shape[-2:]
    k = min(m, n)
    batch = x._shape[:-2]
    is_c = x._dtype.kind == "c"
    us, ss, vhs = [], [], []
    for a in _stack(x):
        u, s, vh = _svd_one(a, m, n, True, full_matrices, is_c)
        us.append(u)
        ss.append(s)
        vhs.append(vh)
    ushape = batch + ((m, m) if full_matrices else (m, k))
    vshape = batch + ((n, n) if full_matrices else (k, n))
    return SVDResult(_build(us, ushape, x._dtype), _vectors(ss, batch + (k,), x._dtype.component),
                     _build(vhs, vshape, x._dtype))


def svdvals(x: Array, /) -> Array:
    """The singular values of each matrix, descending."""
    x = _float_input(x, "svdvals")
    m, n = x._shape[-2:]
    is_c = x._dtype.kind == "c"
    ss = [_svd_one(a, m, n, False, False, is_c)[1] for a in _stack(x)]
    return _vectors(ss, x._shape[:-2] + (min(m, n),), x._dtype.component)


def _rtol_values(rtol: Any, x: Array, function: str) -> list[float]:
    batch = x._shape[:-2]
    count = prod(batch)
    m, n = x._shape[-2:]
    if rtol is None:
        eps = D.finfo(x._dtype).eps
        return [max(m, n) * eps] * count
    if type(rtol) is Array:
        from ._manipulation import broadcast_to
        return [float(v) for v in broadcast_to(rtol, batch)._vals()]
    if type(rtol) in (int, float):
        return [float(rtol)] * count
    raise TypeError(f"{function}(rtol): expected a float, an array or None, got {rtol!r}")


def matrix_rank(x: Array, /, *, rtol: float | Array | None = None) -> Array:
    """The number of singular values above ``rtol`` times the largest, per matrix."""
    x = _float_input(x, "matrix_rank")
    s = svdvals(x)
    k = s._shape[-1]
    vals = s._vals()
    tols = _rtol_values(rtol, x, "matrix_rank")
    res = []
    for i, tol in enumerate(tols):
        row = vals[i * k:(i + 1) * k]
        top = max(row) if row else 0.0
        res.append(sum(1 for v in row if v > tol * top))
    return new(from_values(res, D.int64), x._shape[:-2], D.int64)


def pinv(x: Array, /, *, rtol: float | Array | None = None) -> Array:
    """The Moore-Penrose pseudo-inverse of each matrix (through its SVD)."""
    x = _float_input(x, "pinv")
    m, n = x._shape[-2:]
    is_c = x._dtype.kind == "c"
    tols = _rtol_values(rtol, x, "pinv")
    out = []
    for a, tol in zip(_stack(x), tols):
        u, s, vh = _svd_one(a, m, n, True, False, is_c)
        top = max(s) if s else 0.0
        inv_s = [1.0 / v if v > tol * top and v > 0 else 0.0 for v in s]
        # pinv = V diag(1/s) U^H: entry (i, j) = sum_k conj(vh[k][i]) inv_s[k] conj(u[j][k])
        vcols = [[(vh[kk][i].conjugate() if is_c else vh[kk][i]) * inv_s[kk]
                  for kk in range(len(s))] for i in range(n)]
        urows = [[(e.conjugate() if is_c else e) for e in row] for row in u]
        out.append([[sum(map(mul, vi, uj)) for uj in urows] for vi in vcols])
    return _build(out, x._shape[:-2] + (n, m), x._dtype)


# ---------------------------------------------------------------- norms
def vector_norm(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
                keepdims: bool = False, ord: int | float = 2) -> Array:  # noqa: A002
    """The ``ord``-norm of the vectors along ``axis`` (all axes by default)."""
    x = check(x, "vector_norm")
    if x._dtype not in _FLOATING:
        raise TypeError(f"vector_norm(x): expected a floating-point dtype, got {x._dtype.name}")
    if type(ord) not in (int, float) or type(ord) is bool:
        raise TypeError(f"vector_norm(ord): expected an int or a float, got {ord!r}")
    from ._reduce import groups, out_shape
    gs, axes, kept = groups(x, axis, "vector_norm")
    rdt = x._dtype.component
    res = [_vnorm([abs(v) for v in g], ord) for g in gs]
    return new(from_values(res, rdt), out_shape(x, axes, kept, keepdims), rdt)


def _vnorm(a: list[float], ord: float) -> float:  # noqa: A002
    if not a:
        return 0.0 if ord > 0 or ord == 0 else math.inf
    if any(v != v for v in a):
        return math.nan
    if ord == 2:
        return math.hypot(*a)
    if ord == math.inf:
        return max(a)
    if ord == -math.inf:
        return min(a)
    if ord == 0:
        return float(sum(1 for v in a if v != 0))
    if ord == 1:
        return fsum(a)
    if ord < 0:
        low = min(a)
        if low == 0.0 or math.isinf(low):
            return low
        # scaled by the smallest magnitude: every term is at most 1 and one term is 1
        return low * fsum([(v / low) ** ord for v in a]) ** (1.0 / ord)
    top = max(a)
    if top == 0.0 or math.isinf(top):
        return top
    return top * fsum([(v / top) ** ord for v in a]) ** (1.0 / ord)


def matrix_norm(x: Array, /, *, keepdims: bool = False,
                ord: int | float | Literal["fro", "nuc"] | None = "fro") -> Array:  # noqa: A002
    """The ``ord`` norm of each matrix (Frobenius by default)."""
    x = _float_input(x, "matrix_norm")
    m, n = x._shape[-2:]
    rdt = x._dtype.component
    res = []
    for a in _stack(x):
        absa = [[abs(v) for v in row] for row in a]
        if ord == "fro" or ord is None:
            res.append(math.hypot(*[v for row in absa for v in row]))
        elif ord == "nuc" or ord in (2, -2):
            s = _svd_one(a, m, n, False, False, x._dtype.kind == "c")[1]
            if ord == "nuc":
                res.append(fsum(s))
            elif not s:
                res.append(0.0)
            else:
                res.append(s[0] if ord == 2 else s[-1])
        elif ord in (1, -1):
            sums = [fsum(list(c)) for c in zip(*absa)] if m else [0.0] * n
            res.append((max if ord == 1 else min)(sums) if sums else 0.0)
        elif ord in (math.inf, -math.inf):
            sums = [fsum(row) for row in absa]
            res.append((max if ord > 0 else min)(sums) if sums else 0.0)
        else:
            raise ValueError(f"matrix_norm(ord): unsupported order {ord!r}")
    shape = x._shape[:-2] + ((1, 1) if keepdims else ())
    return new(from_values(res, rdt), shape, rdt)
