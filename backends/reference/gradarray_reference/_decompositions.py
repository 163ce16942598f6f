"""Dense matrix algorithms on Python lists (one matrix at a time, float64/complex128 math).

Matrices are lists of rows (``a[i][j]``) unless a function says it works on columns.
Inner loops are list comprehensions or ``sum(map(mul, ...))`` so they run at C speed.

- ``lu``: Gaussian elimination with partial pivoting (det, slogdet, solve, inv).
- ``householder_qr``: Householder reflections; R gets a real non-negative diagonal.
- ``jacobi_eigh``: cyclic Jacobi rotations for real symmetric / complex Hermitian matrices.
- ``jacobi_svd``: one-sided (Hestenes) Jacobi on the columns.
- ``schur``: Householder reduction to Hessenberg form, then shifted complex QR iteration
  (Wilkinson shifts, deflation, exceptional shifts); eigenvectors by back-substitution.
"""

from __future__ import annotations

import cmath
import math
from itertools import repeat
from operator import add, mul
from typing import Any

__all__ = ["lu", "solve_lu", "householder_qr", "jacobi_eigh", "jacobi_svd", "eig",
           "complete_basis", "SingularMatrixError"]

_EPS = 2.220446049250313e-16
_conj = complex.conjugate


class SingularMatrixError(ValueError):
    """The matrix is singular (an exact zero pivot)."""


def _cols(a: list[list[Any]]) -> list[list[Any]]:
    return [list(c) for c in zip(*a)] if a else []


def _norm2(v: list[Any]) -> float:
    """The Euclidean norm of a vector, without undue overflow."""
    if not v:
        return 0.0
    if type(v[0]) is complex:
        return math.hypot(*[abs(e) for e in v])
    return math.hypot(*v)


def _conjv(v: list[Any]) -> list[Any]:
    return [e.conjugate() for e in v] if v and type(v[0]) is complex else v


def _scaled(a: list[list[Any]]) -> tuple[list[list[Any]], float]:
    """``a`` divided by a power of two near its largest magnitude (exact), and that power,
    so that squares and products of entries can neither overflow nor underflow."""
    top = max((abs(e) for row in a for e in row), default=0.0)
    if top == 0.0 or not math.isfinite(top):
        return a, 1.0
    f = math.ldexp(1.0, math.frexp(top)[1])
    if f == 1.0:
        return a, 1.0
    return [[e / f for e in row] for row in a], f


def _dot(u: list[Any], v: list[Any]) -> Any:
    """``u^H v``."""
    return sum(map(mul, _conjv(u), v))


# ------------------------------------------------------------------------ LU
def lu(a: list[list[Any]]) -> tuple[list[list[Any]], list[int], int, bool]:
    """In-place LU of a square matrix with partial pivoting.

    Returns (LU packed in ``a``, row permutation, permutation sign, singular?).
    """
    n = len(a)
    perm = list(range(n))
    sign = 1
    singular = False
    for k in range(n):
        p = max(range(k, n), key=lambda i: abs(a[i][k]))
        if a[p][k] == 0:
            singular = True
            continue
        if p != k:
            a[k], a[p] = a[p], a[k]
            perm[k], perm[p] = perm[p], perm[k]
            sign = -sign
        rowk = a[k]
        pivot = rowk[k]
        tail = rowk[k + 1:]
        for i in range(k + 1, n):
            ai = a[i]
            f = ai[k] / pivot
            ai[k] = f
            if f:
                ai[k + 1:] = [x - f * y for x, y in zip(ai[k + 1:], tail)]
    return a, perm, sign, singular


def solve_lu(a: list[list[Any]], b: list[list[Any]]) -> list[list[Any]]:
    """Solve ``A X = B`` (B a list of rows, n x k) by elimination with partial pivoting."""
    n = len(a)
    lu_, perm, _, singular = lu([row[:] for row in a])
    if singular:
        raise SingularMatrixError("solve: the matrix is singular")
    x = [b[p][:] for p in perm]
    for i in range(n):               # forward: L y = P b (unit diagonal)
        li = lu_[i]
        xi = x[i]
        for j in range(i):
            f = li[j]
            if f:
                xj = x[j]
                xi = [u - f * v for u, v in zip(xi, xj)]
        x[i] = xi
    for i in range(n - 1, -1, -1):   # backward: U x = y
        ui = lu_[i]
        xi = x[i]
        for j in range(i + 1, n):
            f = ui[j]
            if f:
                xj = x[j]
                xi = [u - f * v for u, v in zip(xi, xj)]
        d = ui[i]
        x[i] = [u / d for u in xi]
    return x


# ------------------------------------------------------------------------ QR
def householder_qr(a: list[list[Any]], complete: bool) -> tuple[list[list[Any]],
                                                                  list[list[Any]]]:
    """QR of an m x n matrix: (Q as rows, R as rows); reduced unless ``complete``."""
    m = len(a)
    n = len(a[0]) if m else 0
    cols = _cols(a) if m and n else [[] for _ in range(n)]
    is_c = any(type(v) is complex for c in cols for v in c)
    zero: Any = 0j if is_c else 0.0
    kmax = min(m, n)
    reflectors: list[tuple[int, list[Any], float] | None] = []
    for k in range(min(m - 1, n) if m > 0 else 0):
        x = cols[k][k:]
        alpha_abs = _norm2(x)
        if alpha_abs == 0.0 or all(v == 0 for v in x[1:]):
            reflectors.append(None)
            continue
        x0 = x[0]
        phase = x0 / abs(x0) if x0 != 0 else (1 + 0j if is_c else 1.0)
        alpha = -phase * alpha_abs
        v = x[:]
        v[0] = x0 - alpha
        vn = _norm2(v)
        if vn == 0.0:
            reflectors.append(None)
            continue
        v = [e / vn for e in v]          # unit vector: H = I - 2 v v^H, no squares to overflow
        vc = _conjv(v)
        for j in range(k, n):
            c = cols[j]
            tail = c[k:]
            f = 2.0 * sum(map(mul, vc, tail))
            if f:
                c[k:] = [t - f * w for t, w in zip(tail, v)]
        reflectors.append((k, v, 1.0))
    # Q = H_0 H_1 ... applied to the first columns of the identity
    qcols = m if complete else kmax
    q = [[(1.0 if i == j else 0.0) for i in range(m)] for j in range(qcols)]
    if is_c:
        q = [[complex(e) for e in c] for c in q]
    for ref in reversed(reflectors):
        if ref is None:
            continue
        k, v, _ = ref
        vc = _conjv(v)
        for c in q:
            tail = c[k:]
            f = 2.0 * sum(map(mul, vc, tail))
            if f:
                c[k:] = [t - f * w for t, w in zip(tail, v)]
    rrows = m if complete else kmax
    r = [[cols[j][i] if j >= i else zero for j in range(n)] for i in range(rrows)]
    # make the diagonal of R real and non-negative: R <- D^H R, Q <- Q D
    for i in range(min(rrows, n)):
        d = r[i][i]
        if d != 0 and (type(d) is complex or d < 0):
            ph = d / abs(d)
            cph = ph.conjugate() if is_c else ph
            r[i] = r[i][:i] + [e * cph for e in r[i][i:]]     # keep +0 below the diagonal
            r[i][i] = abs(d) if not is_c else complex(abs(d), 0.0)
            if i < len(q):
                q[i] = [e * ph for e in q[i]]
    qrows = [list(row) for row in zip(*q)] if q else [[] for _ in range(m)]
    return qrows, r


def complete_basis(cols: list[list[Any]], m: int, is_c: bool) -> list[list[Any]]:
    """Orthonormal columns extended to a basis of the m-dimensional space (Gram-Schmidt
    against the standard basis, twice for orthogonality)."""
    basis = [c[:] for c in cols]
    one = 1 + 0j if is_c else 1.0
    zero = 0j if is_c else 0.0
    j = 0
    while len(basis) < m and j < m:
        v = [zero] * m
        v[j] = one
        for _ in range(2):
            for b in basis:
                f = _dot(b, v)
                if f:
                    v = [x - f * y for x, y in zip(v, b)]
        nv = _norm2(v)
        if not nv <= 1e-8:      # also NaN (a non-finite matrix): NaN columns, not too few
            basis.append([x / nv for x in v])
        j += 1
    return basis


# ------------------------------------------------------------------ Jacobi eigh
def jacobi_eigh(a: list[list[Any]], vectors: bool = True) -> tuple[list[float],
                                                                    list[list[Any]]]:
    """Eigenvalues (ascending) and eigenvectors (V as a list of rows; its columns are the
    eigenvectors) of a Hermitian matrix, by cyclic Jacobi rotations.

    Each rotation ``U = D J`` (D scales coordinate q by ``conj(e)``, the phase of a_pq, so
    that the pivot is real; J is the real rotation that zeroes it) updates rows p and q of
    ``U^H A`` with two comprehensions, then mirrors them into columns p and q (A stays
    Hermitian), and rotates rows p and q of ``V^H``.
    """
    n = len(a)
    a, scale = _scaled([row[:] for row in a])
    is_c = any(type(v) is complex for row in a for v in row)
    if is_c:
        a = [[complex(v) for v in row] for row in a]
    one: Any = 1 + 0j if is_c else 1.0
    zero: Any = 0j if is_c else 0.0
    vt = [[one if i == j else zero for j in range(n)] for i in range(n)]   # rows: V^T
    total = math.fsum(abs(e) ** 2 for row in a for e in row)
    for _sweep in range(60):
        off = math.fsum(abs(a[p][q]) ** 2 for p in range(n) for q in range(p + 1, n))
        if off <= 1e-30 * total or off == 0.0 or off != off:
            break
        for p in range(n - 1):
            for q in range(p + 1, n):
                apq = a[p][q]
                mag = abs(apq)
                if mag == 0.0:
                    continue
                app = a[p][p].real
                aqq = a[q][q].real
                if mag < 1e-300 or (abs(app) + mag == abs(app) and abs(aqq) + mag == abs(aqq)
                                    and _sweep > 3):
                    a[p][q] = a[q][p] = zero
                    continue
                theta = (aqq - app) / (2.0 * mag)
                t = (1.0 if theta >= 0 else -1.0) / (abs(theta) + math.sqrt(theta * theta + 1.0))
                c = 1.0 / math.sqrt(t * t + 1.0)
                s = t * c
                e = apq / mag
                rp = a[p]
                rq = a[q]
                se = s * e
                ce = c * e
                np_ = [c * x - se * y for x, y in zip(rp, rq)]     # rows of U^H A
                nq = [s * x + ce * y for x, y in zip(rp, rq)]
                a[p] = np_
                a[q] = nq
                if is_c:                                          # columns: Hermitian mirror
                    for row, x, y in zip(a, np_, nq):
                        row[p] = x.conjugate()
                        row[q] = y.conjugate()
                else:
                    for row, x, y in zip(a, np_, nq):
                        row[p] = x
                        row[q] = y
                np_[q] = nq[p] = zero
                np_[p] = app - t * mag
                nq[q] = aqq + t * mag
                if vectors:                                       # V <- V U, as rows of V^T
                    vp = vt[p]
                    vq = vt[q]
                    sce = s * (e.conjugate() if is_c else e)
                    cce = c * (e.conjugate() if is_c else e)
                    vt[p] = [c * x - sce * y for x, y in zip(vp, vq)]
                    vt[q] = [s * x + cce * y for x, y in zip(vp, vq)]
    w = [a[i][i].real * scale for i in range(n)]
    order = sorted(range(n), key=w.__getitem__)
    w = [w[i] for i in order]
    v = [[vt[i][k] for i in order] for k in range(n)] if vectors else []
    return w, v


# ------------------------------------------------------------------- Jacobi SVD
def jacobi_svd(a: list[list[Any]], vectors: bool = True
               ) -> tuple[list[list[Any]], list[float], list[list[Any]]]:
    """SVD of an m x n matrix with m >= n by one-sided Jacobi.

    Returns (U columns (n of them, length m), singular values descending, V columns (n of
    length n)); columns for zero singular values are zero vectors (callers complete them).
    """
    m = len(a)
    n = len(a[0]) if m else 0
    a, scale = _scaled(a)
    cols = _cols(a)
    is_c = any(type(e) is complex for c in cols for e in c)
    one = 1 + 0j if is_c else 1.0
    zero = 0j if is_c else 0.0
    if not all(math.isfinite(abs(e)) for c in cols for e in c):
        nan = complex(math.nan, math.nan) if is_c else math.nan
        return ([[nan] * m for _ in range(n)], [math.nan] * n,
                [[nan] * n for _ in range(n)] if vectors else [])
    vcols = [[one if i == j else zero for i in range(n)] for j in range(n)] if vectors else []
    for _sweep in range(60):
        # squared column norms, exact at the start of each sweep, then updated per rotation
        norms = [_dot(c, c).real if is_c else sum(map(mul, c, c)) for c in cols]
        rotated = False
        for p in range(n - 1):
            for q in range(p + 1, n):
                alpha = norms[p]
                beta = norms[q]
                if alpha <= 0.0 or beta <= 0.0:
                    continue
                cp = cols[p]
                cq = cols[q]
                gamma = _dot(cp, cq)
                g = abs(gamma)
                if g <= 1e-15 * math.sqrt(alpha * beta) or g == 0.0:
                    continue
                rotated = True
                zeta = (beta - alpha) / (2.0 * g)
                t = (1.0 if zeta >= 0 else -1.0) / (abs(zeta) + math.sqrt(1.0 + zeta * zeta))
                c = 1.0 / math.sqrt(1.0 + t * t)
                s = c * t
                e = gamma / g
                ce = e.conjugate() if is_c else e
                # column q scaled by conj(e) (a real pivot), then rotated: scale folded in
                sce = s * ce
                cce = c * ce
                cols[p] = [c * x - sce * y for x, y in zip(cp, cq)]
                cols[q] = [s * x + cce * y for x, y in zip(cp, cq)]
                # the updated squares can round below 0 for a column being annihilated
                norms[p] = max(alpha - t * g, 0.0)
                norms[q] = beta + t * g
                if vectors:
                    vp = vcols[p]
                    vq = vcols[q]
                    vcols[p] = [c * x - sce * y for x, y in zip(vp, vq)]
                    vcols[q] = [s * x + cce * y for x, y in zip(vp, vq)]
        if not rotated:
            break
    sv = [_norm2(c) for c in cols]
    order = sorted(range(n), key=lambda i: -sv[i])
    sv = [sv[i] for i in order]
    # columns of (numerically) zero singular values carry no direction: callers complete them
    tiny = (sv[0] if sv else 0.0) * max(m, n) * _EPS
    ucols = []
    for i, s in zip(order, sv):
        ucols.append([x / s for x in cols[i]] if s > tiny and s > 0 else [zero] * m)
    vcols = [vcols[i] for i in order] if vectors else []
    return ucols, [v * scale for v in sv], vcols


# ------------------------------------------------------------------ eig
def _hessenberg(a: list[list[complex]]) -> tuple[list[list[complex]], list[list[complex]]]:
    """Householder reduction ``A = Q H Q^H`` with H upper Hessenberg; returns (H, Q) as rows."""
    n = len(a)
    h = [row[:] for row in a]
    q = [[complex(1.0 if i == j else 0.0) for j in range(n)] for i in range(n)]
    for k in range(n - 2):
        x = [h[i][k] for i in range(k + 1, n)]
        xn = _norm2(x)
        if xn == 0.0 or all(v == 0 for v in x[1:]):
            continue
        x0 = x[0]
        phase = x0 / abs(x0) if x0 != 0 else 1 + 0j
        alpha = -phase * xn
        v = x[:]
        v[0] = x0 - alpha
        vn = _norm2(v)
        v = [e / vn for e in v]
        vc = [e.conjugate() for e in v]
        # H <- P H  (rows k+1..n-1), P = I - 2 v v^H: s_j = 2 v^H h[:, j] for every j
        rows = h[k + 1:]
        acc = [0j] * n
        for vi, row in zip(vc, rows):
            if vi:
                acc = list(map(add, acc, map(mul, row, repeat(vi))))
        svec = [2.0 * e for e in acc]
        for i, vi in enumerate(v):
            if vi:
                h[k + 1 + i] = [x - sj * vi for x, sj in zip(h[k + 1 + i], svec)]
        # H <- H P  (columns k+1..n-1), Q <- Q P
        for mat in (h, q):
            for row in mat:
                tail = row[k + 1:]
                s = 2.0 * sum(map(mul, tail, v))
                if s:
                    row[k + 1:] = [t - s * w for t, w in zip(tail, vc)]
    for i in range(2, n):
        for j in range(i - 1):
            h[i][j] = 0j
    return h, q


def _givens(a: complex, b: complex) -> tuple[float, complex, complex]:
    """(c, s, r) with ``[[c, s], [-conj(s), c]] @ [a, b] = [r, 0]`` (c real)."""
    if b == 0:
        return 1.0, 0j, a
    if a == 0:
        return 0.0, b.conjugate() / abs(b), complex(abs(b))
    aa = abs(a)
    r = math.hypot(aa, abs(b))
    c = aa / r
    ph = a / aa
    s = ph * b.conjugate() / r
    return c, s, ph * r


def _schur(h: list[list[complex]], zt: list[list[complex]] | None) -> list[list[complex]]:
    """Complex Schur form of a Hessenberg matrix by shifted QR (in place); ``zt`` holds the
    accumulated unitary factor transposed (its rows are Z's columns) and is updated."""
    n = len(h)
    hi = n - 1
    iters = 0
    while hi > 0:
        # find the active block [lo, hi]
        lo = hi
        while lo > 0:
            s = abs(h[lo - 1][lo - 1]) + abs(h[lo][lo])
            if s == 0.0:
                s = max(abs(e) for row in h for e in row) or 1.0
            if abs(h[lo][lo - 1]) <= _EPS * s:
                h[lo][lo - 1] = 0j
                break
            lo -= 1
        if lo == hi:
            hi -= 1
            iters = 0
            continue
        iters += 1
        if iters > 300:
            break
        # Wilkinson shift from the trailing 2x2 block
        a, b = h[hi - 1][hi - 1], h[hi - 1][hi]
        c, d = h[hi][hi - 1], h[hi][hi]
        if iters % 11 == 10:          # exceptional shift
            mu = d + abs(h[hi][hi - 1]) * (0.75 + 0.5j)
        else:
            tr = a + d
            det = a * d - b * c
            disc = cmath.sqrt(tr * tr / 4.0 - det)
            l1 = tr / 2.0 + disc
            l2 = tr / 2.0 - disc
            mu = l1 if abs(l1 - d) < abs(l2 - d) else l2
        # QR step on the block by Givens rotations: H - mu I = Q R, H <- R Q + mu I
        for i in range(lo, hi + 1):
            h[i][i] -= mu
        rots = []
        for k in range(lo, hi):
            cc, ss, r = _givens(h[k][k], h[k + 1][k])
            rots.append((cc, ss))
            rk = h[k]
            rk1 = h[k + 1]
            ssc = -ss.conjugate()
            tk, tk1 = rk[k:], rk1[k:]
            rk[k:] = [cc * x + ss * y for x, y in zip(tk, tk1)]
            rk1[k:] = [ssc * x + cc * y for x, y in zip(tk, tk1)]
            rk1[k] = 0j
        # right rotations act on columns: work on the transpose, where they are row ops
        ht = [list(col) for col in zip(*h)]
        for idx, k in enumerate(range(lo, hi)):
            cc, ss = rots[idx]
            ssc = ss.conjugate()
            mss = -ss
            top = min(k + 2, hi) + 1
            ck, ck1 = ht[k][:top], ht[k + 1][:top]
            ht[k][:top] = [cc * x + ssc * y for x, y in zip(ck, ck1)]
            ht[k + 1][:top] = [mss * x + cc * y for x, y in zip(ck, ck1)]
            if zt is not None:
                zk, zk1 = zt[k], zt[k + 1]
                zt[k] = [cc * x + ssc * y for x, y in zip(zk, zk1)]
                zt[k + 1] = [mss * x + cc * y for x, y in zip(zk, zk1)]
        h[:] = [list(row) for row in zip(*ht)]
        for i in range(lo, hi + 1):
            h[i][i] += mu
    return h


def eig(a: list[list[Any]], vectors: bool = True) -> tuple[list[complex], list[list[complex]]]:
    """Eigenvalues and (unit-norm) eigenvectors (as rows of V) of a general square matrix."""
    n = len(a)
    if n == 0:
        return [], []
    ac, scale = _scaled([[complex(v) for v in row] for row in a])
    if not all(math.isfinite(abs(e)) for row in ac for e in row):
        nan = complex(math.nan, math.nan)
        return [nan] * n, ([[nan] * n for _ in range(n)] if vectors else [])
    h, q = _hessenberg(ac)
    qt = [list(col) for col in zip(*q)] if vectors else None
    t = _schur(h, qt)
    if qt is not None:
        q = [list(row) for row in zip(*qt)]
    w = [t[i][i] for i in range(n)]
    if not vectors:
        return [v * scale for v in w], []
    tnorm = max((abs(e) for row in t for e in row), default=0.0) or 1.0
    small = _EPS * tnorm
    ycols = []
    for k in range(n):
        y = [0j] * n
        y[k] = 1 + 0j
        lam = w[k]
        for j in range(k - 1, -1, -1):
            s = sum(t[j][i] * y[i] for i in range(j + 1, k + 1))
            d = t[j][j] - lam
            if abs(d) < small:
                d = small
            y[j] = -s / d
        ycols.append(y)
    vcols = []
    for y in ycols:
        v = [sum(map(mul, row, y)) for row in q]
        nv = _norm2(v)
        vcols.append([e / nv for e in v] if nv > 0 else v)
    vrows = [list(r) for r in zip(*vcols)]
    return [v * scale for v in w], vrows
