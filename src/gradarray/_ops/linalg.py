"""Linear algebra: the top-level functions (matmul, matrix_transpose, tensordot, vecdot) and
the ``linalg`` extension, each beside its derivative rule.

https://data-apis.org/array-api/2025.12/API_specification/linear_algebra_functions.html
https://data-apis.org/array-api/2025.12/extensions/linear_algebra_functions.html

The rules follow PyTorch (torch/csrc/autograd/FunctionsManual.cpp): the same formulas, the
same conventions where a derivative is not unique (the gauge of singular vectors and
eigenvectors, the symmetric gradient of cholesky and eigh, the cofactor matrix as the
gradient of det at singular matrices, ties of norms shared evenly) and the same errors where
PyTorch refuses (a loss that depends on the phase of complex singular vectors or eigenvectors,
``qr(mode="complete")`` of a tall matrix).  Rules are written with gradarray functions, so
``create_graph=True`` differentiates them again.

Several functions are compositions when gradients are recorded (vecdot, outer, trace,
matrix_power, matrix_transpose, and eigvals, eigvalsh, svdvals through the decomposition with
vectors, as PyTorch does), so the tape differentiates them without a rule of their own.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator, Sequence
from typing import Any, Literal, NamedTuple

from .. import _dtypes
from .._array import Array
from .._call import check_array, device_mismatch, needs_grad, promote_arrays, renamed, wrap
from .._dtypes import FLOATING, NUMERIC, REAL_FLOATING, REAL_NUMERIC, DType
from ..autograd.engine import record
from ..autograd.grad_mode import STATE, no_grad
from ..autograd.rules import defvjp
from . import creation as _cr
from . import data_types as _dt
from . import elementwise as _ew
from . import manipulation as _mp
from . import searching as _se
from . import statistical as _st
from . import utility as _ut
from ._views import ViewOf, link_view
from ._util import (AxisError, check_bool, check_choice, check_dtype_in, check_int, clamp_offset,
                    normalize_axes, normalize_axis)

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


# ------------------------------------------------------------ rule helpers
def _cj(x: Array) -> Array:
    return _ew.conj(x) if x._dtype.kind == "c" else x


def _mT(x: Array) -> Array:
    return matrix_transpose(x)


def _mH(x: Array) -> Array:
    """The conjugate transpose of (each) matrix."""
    return _cj(matrix_transpose(x))


def _eye(n: int, like: Array) -> Array:
    return _cr.eye(n, dtype=like._dtype, device=like._device)


def _col(v: Array) -> Array:
    """(..., n) -> (..., n, 1): scales the rows of a matrix."""
    return _mp.expand_dims(v, axis=-1)


def _row(v: Array) -> Array:
    """(..., n) -> (..., 1, n): scales the columns of a matrix."""
    return _mp.expand_dims(v, axis=-2)


def _diag_embed(v: Array) -> Array:
    """(..., n) -> (..., n, n) with ``v`` on the diagonal."""
    return _col(v) * _eye(v.shape[-1], v)


def _scalar_eye(c: Array, n: int) -> Array:
    """(...) -> (..., n, n): ``c`` times the identity."""
    return _col(_col(c)) * _eye(n, c)


def _off_diagonal(x: Array) -> Array:
    """``x`` with its diagonal set to zero."""
    return x * (1 - _eye(x.shape[-1], x))


def _solve_right(b: Array, a: Array) -> Array:
    """``b @ inv(a)``, by a solve: ``X a = b`` <=> ``a^H X^H = b^H`` (in rules)."""
    return _mH(_rule_solve(_mH(a), _mH(b)))


def _nan_where_failing(f: Any, x: Array, *rest: Array) -> Any:
    """``f(x, *rest)`` inside a backward rule (stacks of matrices): for each matrix of ``x``
    on which the decomposition fails (singular, not finite) the result is NaN, as in
    PyTorch's backward, where the forward ran and an error would come too late to help."""
    try:
        return f(x, *rest)
    except ValueError:      # LinAlgError; the shapes were right by construction
        pass
    batch = _mp.broadcast_shapes(x.shape[:-2], *(r.shape[:-2] for r in rest))
    xs = _mp.broadcast_to(x, batch + x.shape[-2:])
    rs = [_mp.broadcast_to(r, batch + r.shape[-2:]) for r in rest]
    with no_grad():         # which matrices fail, one at a time (a rare path)
        flat = [_mp.reshape(a, (-1,) + a.shape[-2:]) for a in (xs, *rs)]
        failed = []
        for i in range(flat[0].shape[0]):
            try:
                f(*(a[i] for a in flat))
                failed.append(False)
            except ValueError:
                failed.append(True)
        mask = _mp.reshape(_cr.asarray(failed, device=x._device), batch + (1, 1))
    # those matrices replaced by one with distinct nonzero singular values n, n-1, ...
    m, n = x.shape[-2:]
    standin = _cr.eye(m, n, dtype=x._dtype, device=x._device) * _row(
        _cr.arange(n, 0, -1, dtype=x._dtype._real, device=x._device))
    res = f(_se.where(mask, standin, xs), *rs)

    def nan_where_failed(o: Array) -> Array:
        return _se.where(_mp.reshape(mask, batch + (1,) * (o.ndim - len(batch))), math.nan, o)

    if isinstance(res, tuple):
        return type(res)(*(nan_where_failed(o) for o in res))
    return nan_where_failed(res)


def _rule_solve(a: Array, b: Array) -> Array:
    """``solve(a, b)`` in a rule: NaN for the singular matrices of ``a`` (PyTorch's)."""
    return _nan_where_failing(solve, a, b)


def _rule_svd(x: Array, full_matrices: bool = True) -> SVDResult:
    """``svd(x)`` in a rule: NaN for the matrices of ``x`` it cannot decompose."""
    return _nan_where_failing(lambda a: svd(a, full_matrices=full_matrices), x)


def _check_gauge(deviation: Array, name: str, what: str) -> None:
    """PyTorch's check that a loss does not depend on the phase of complex vectors."""
    with no_grad():     # NaN (a non-finite input) says nothing: the gradient is NaN anyway
        bad = bool(_ut.any(_ew.abs(deviation) > 1e-2))
    if bad:
        raise RuntimeError(
            f"{name}: The {what} in the complex case are specified up to multiplication by "
            f"e^{{i phi}}. The specified loss function depends on this phase term, making it "
            f"ill-defined.")


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


def _square(name: str, x: Any, allowed: frozenset[DType] = FLOATING, arg: str = "x"
            ) -> Array:
    x = check_array(x, name, arg)
    check_dtype_in(x, allowed, name, arg)
    if x.ndim < 2:
        raise ValueError(f"{name}({arg}): expected a (stack of) matrices with at least 2 "
                         f"dimensions, got {x.ndim}-D")
    if x.shape[-1] != x.shape[-2]:
        raise ValueError(f"{name}({arg}): expected square matrices, got shape {x.shape}")
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
    if type(x1) is Array and type(x2) is Array:    # two matrices alike: checked inline
        dt = x1._dtype
        dev = x1._device
        s1 = x1._native.shape
        s2 = x2._native.shape
        if (dt is x2._dtype and dev is x2._device and dt in NUMERIC and len(s1) == 2
                and len(s2) == 2 and s1[1] == s2[0]):
            f = dev.fns.get("matmul") or dev.function("matmul")
            out = _new(f(x1._native, x2._native), dt, dev)
            if STATE.enabled and (x1._ag is not None or x2._ag is not None):
                record("matmul", out, {"x1": x1, "x2": x2})
            return out
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
        broadcast_shapes_for("matmul", "x1, x2", (x1.shape[:-2], x2.shape[:-2]))
    dev = x1._device
    out = _new(dev.ns.matmul(_cast(x1, dt), _cast(x2, dt)), dt, dev)
    if STATE.enabled and (x1._ag is not None or x2._ag is not None):
        record("matmul", out, {"x1": x1, "x2": x2})
    return out


def _as_matrix_grad(g: Array, x1: Array, x2: Array) -> Array:
    """``g`` with the axes that 1-D operands dropped put back: (..., n, m)."""
    if x2.ndim == 1:
        g = _col(g)
    if x1.ndim == 1:
        g = _row(g)
    return g


def _matmul_x1(g: Array, x1: Array, x2: Array) -> Array:
    gm = _as_matrix_grad(g, x1, x2)
    r = matmul(gm, _mH(_col(x2) if x2.ndim == 1 else x2))      # (..., n, k)
    return _mp.reshape(r, r.shape[:-2] + (r.shape[-1],)) if x1.ndim == 1 else r


def _matmul_x2(g: Array, x1: Array, x2: Array) -> Array:
    gm = _as_matrix_grad(g, x1, x2)
    r = matmul(_mH(_row(x1) if x1.ndim == 1 else x1), gm)      # (..., k, m)
    return _mp.reshape(r, r.shape[:-2] + (r.shape[-2],)) if x2.ndim == 1 else r


defvjp("matmul", x1=_matmul_x1, x2=_matmul_x2)


def matrix_transpose(x: Array, /) -> Array:
    """``x`` with its last two axes swapped."""
    if type(x) is not Array:
        x = check_array(x, "matrix_transpose")
    nd = x._native.ndim
    if nd < 2:
        raise ValueError(f"matrix_transpose(x): expected at least 2 dimensions, got {nd}-D")
    axes = (1, 0) if nd == 2 else tuple(range(nd - 2)) + (nd - 1, nd - 2)
    return _mp._unchecked("permute_dims", x, axes)


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
            raise ValueError(f"tensordot(axes): expected distinct axes, got {axes}")
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
    return _mp.permute_dims(r, tuple(pos[a] for a in range(mine.ndim)))


defvjp("tensordot",
       x1=lambda g, x1, x2, axes: _tensordot_grad(g, x1, x2, axes[0], axes[1], True),
       x2=lambda g, x1, x2, axes: _tensordot_grad(g, x2, x1, axes[1], axes[0], False))


def vecdot(x1: Array, x2: Array, /, *, axis: int = -1) -> Array:
    """The dot product of vectors along ``axis``, conjugating ``x1`` (``sum(conj(x1) * x2)``)."""
    x1, x2, dt = _pair("vecdot", x1, x2)
    n = max(x1.ndim, x2.ndim)
    if min(x1.ndim, x2.ndim) == 0:
        raise ValueError("vecdot(x1, x2): expected arrays with at least one dimension")
    ax = normalize_axis(axis, n, "vecdot")
    neg = ax - n
    if -neg > x1.ndim or -neg > x2.ndim:
        raise AxisError(f"vecdot(axis): axis {axis} is out of range for shapes {x1.shape} and "
                         f"{x2.shape}")
    if x1.shape[neg] != x2.shape[neg]:
        raise ValueError(f"vecdot(x1, x2): sizes along axis {axis} differ: {x1.shape[neg]} and "
                         f"{x2.shape[neg]}")
    _mp.broadcast_shapes_for("vecdot", "x1, x2", (x1.shape, x2.shape))
    if needs_grad(x1, x2):
        return _st.sum(_cj(x1) * x2, axis=neg)
    dev = x1._device
    return _new(dev.ns.vecdot(_cast(x1, dt), _cast(x2, dt), axis=neg), dt, dev)


def outer(x1: Array, x2: Array, /) -> Array:
    """The outer product of two vectors."""
    x1, x2, dt = _pair("outer", x1, x2)
    if x1.ndim != 1 or x2.ndim != 1:
        raise ValueError(f"outer(x1, x2): expected 1-D arrays, got shapes {x1.shape} and "
                         f"{x2.shape}")
    if needs_grad(x1, x2):
        return _col(x1) * _row(x2)
    dev = x1._device
    return _new(dev.ns.linalg.outer(_cast(x1, dt), _cast(x2, dt)), dt, dev)


# ---------------------------------------------------------------- extension
def _unary_linalg(name: str, x: Array, **kw: Any) -> Any:
    dev = x._device
    try:
        return getattr(dev.ns.linalg, name)(x._native, **kw)
    except (ValueError, OverflowError) as exc:
        # a singular matrix, no convergence, NaN, overflow: the backend's own error (NumPy's
        # LinAlgError is a ValueError), its type kept and its message under our name
        raise renamed(exc, f"{name}(x)") from exc


@contextlib.contextmanager
def _named(head: str) -> Iterator[None]:
    """Errors of the decomposition a function is computed with (``eig`` for ``eigvals``)
    under the function's own name."""
    try:
        yield
    except (ValueError, OverflowError) as exc:
        raise renamed(exc, head) from exc


def cholesky(x: Array, /, *, upper: bool = False) -> Array:
    """The Cholesky factor of (each) Hermitian positive-definite matrix in ``x``.

    Only the lower triangle of ``x`` is read, but the gradient is the Hermitian one
    (PyTorch's convention), as for a function of Hermitian matrices.
    """
    x = _square("cholesky", x)
    check_bool(upper, "cholesky", "upper")
    out = _new(_unary_linalg("cholesky", x, upper=upper), x._dtype, x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.cholesky", out, {"x": x, "upper": upper})
    return out


def _cholesky_rule(g: Array, upper: bool, *, out: Array) -> Array:
    # Murray (2016), arXiv:1602.07527, as PyTorch's cholesky_backward:
    # gA = L^{-H} Phi(L^H gL) L^{-1}, Phi = lower triangle with the diagonal halved, made Hermitian
    L, gL = (_mH(out), _mH(g)) if upper else (out, g)
    phi = _cr.tril(matmul(_mH(L), gL))
    phi = 0.5 * (phi + _mH(_cr.tril(phi, k=-1)))
    return _solve_right(_rule_solve(_mH(L), phi), L)


defvjp("linalg.cholesky", x=_cholesky_rule)


def cross(x1: Array, x2: Array, /, *, axis: int = -1) -> Array:
    """The cross product of 3-element vectors along ``axis``."""
    x1, x2, dt = _pair("cross", x1, x2, REAL_NUMERIC | _dtypes.COMPLEX_FLOATING)
    axis = check_int(axis, "cross", "axis")
    nmin = min(x1.ndim, x2.ndim)
    if nmin == 0:
        raise ValueError("cross(x1, x2): expected arrays with at least one dimension")
    if not -nmin <= axis < nmin:
        raise AxisError(f"cross(axis): axis {axis} is out of bounds for shapes {x1.shape} and "
                        f"{x2.shape}")
    if axis >= 0:
        if x1.ndim != x2.ndim:
            # the standard counts the axis from the end ([-N, -1]); a non-negative one is
            # ambiguous when the ranks differ
            raise ValueError(f"cross(axis): expected a negative axis for arrays of different "
                             f"ranks, got {axis} for shapes {x1.shape} and {x2.shape}")
        axis -= x1.ndim
    if x1.shape[axis] != 3 or x2.shape[axis] != 3:
        raise ValueError(f"cross(x1, x2): expected size 3 along axis {axis}, got shapes "
                         f"{x1.shape} and {x2.shape}")
    _mp.broadcast_shapes_for("cross", "x1, x2", (x1.shape, x2.shape))
    dev = x1._device
    out = _new(dev.ns.linalg.cross(_cast(x1, dt), _cast(x2, dt), axis=axis), dt, dev)
    if STATE.enabled and (x1._ag is not None or x2._ag is not None):
        record("linalg.cross", out, {"x1": x1, "x2": x2, "axis": axis})
    return out


defvjp("linalg.cross",
       x1=lambda g, x2, axis: cross(_cj(x2), g, axis=axis),
       x2=lambda g, x1, axis: cross(g, _cj(x1), axis=axis))


def det(x: Array, /) -> Array:
    """The determinant of (each) square matrix in ``x``.

    At a singular matrix the gradient is the (conjugate) cofactor matrix, computed through
    the SVD, as PyTorch does when it differentiates there.
    """
    x = _square("det", x)
    out = _new(_unary_linalg("det", x), x._dtype, x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.det", out, {"x": x})
    return out


def _prod_others(s: Array) -> Array:
    """For each i the product of s[..., j] over j != i, without dividing (zeros)."""
    left = _st.cumulative_prod(s, axis=-1, include_initial=True)[..., :-1]
    rev = _mp.flip(s, axis=-1)
    right = _mp.flip(_st.cumulative_prod(rev, axis=-1, include_initial=True)[..., :-1], axis=-1)
    return left * right


def _det_nonsingular(x: Array, d: Array) -> Array:
    # d(det A) = det A tr(A^{-1} dA): the gradient g conj(det A) A^{-H}, by one solve
    return _rule_solve(_mH(x), _scalar_eye(d, x.shape[-1]))


def _det_singular(x: Array, g: Array) -> Array:
    # the adjugate through A = U diag(S) Vh, whose product rule needs no division
    u, s, vh = _rule_svd(x)
    alpha = _cj(det(u) * det(vh)) * g
    return matmul(u * _row(_col(alpha) * _prod_others(s)), vh)


def _det_rule(g: Array, x: Array, *, out: Array) -> Array:
    n = x.shape[-1]
    if x.size == 0:
        return _cr.zeros_like(x)
    if n == 1:
        return _mp.broadcast_to(_col(_col(g)), x.shape)
    d = g * _cj(out)
    eps = _dt.finfo(x._dtype).eps
    with no_grad():
        singular = _ew.abs(out) < 100 * eps     # PyTorch's threshold (linalg_det_backward)
        some, every = bool(_ut.any(singular)), bool(_ut.all(singular))
    if not some:
        return _det_nonsingular(x, d)
    if every:
        return _det_singular(x, g)
    # a batch with both kinds: each formula on safe stand-ins for the other kind's matrices
    mask = _col(_col(singular))
    eye = _eye(n, x)
    distinct = _diag_embed(_cr.arange(n, 0, -1, dtype=x._dtype._real, device=x._device))
    sing = _det_singular(_se.where(mask, x, distinct), g)
    nonsing = _det_nonsingular(_se.where(mask, eye, x), d)
    return _se.where(mask, sing, nonsing)


defvjp("linalg.det", x=_det_rule)


def diagonal(x: Array, /, *, offset: int = 0) -> Array:
    """The ``offset``-th diagonal of (each) matrix in ``x``."""
    x = check_array(x, "diagonal")
    offset = check_int(offset, "diagonal", "offset")
    if x.ndim < 2:
        raise ValueError(f"diagonal(x): expected at least 2 dimensions, got {x.ndim}-D")
    offset = clamp_offset(offset, x.shape[-2], x.shape[-1])
    out = _new(_unary_linalg("diagonal", x, offset=offset), x._dtype, x._device)
    if x._ag is not None:
        if STATE.enabled:
            record("linalg.diagonal", out, {"x": x, "offset": offset, "shape": x.shape})
        link_view(x, out, ViewOf("fixed", ("diagonal", "linalg.diagonal",
                                           {"offset": offset, "shape": x.shape})))
    return out


def _diagonal_rule(g: Array, offset: int, shape: tuple[int, ...]) -> Array:
    n, m = shape[-2], shape[-1]
    k = g.shape[-1]
    if k == 0:
        return _cr.zeros(shape, dtype=g._dtype, device=g._device)
    mask = _cr.eye(n, m, k=offset, dtype=g._dtype, device=g._device)
    # place g[..., i] at (i, i + offset) (or (i - offset, i)): broadcast along the other axis
    if offset >= 0:
        return mask * _row(_pad_last(g, m, offset))
    return mask * _col(_pad_last(g, n, -offset))


def _pad_last(g: Array, size: int, before: int) -> Array:
    """g along its last axis, shifted right by ``before`` and zero-padded to ``size``."""
    k = g.shape[-1]
    after = size - before - k
    parts = []
    if before > 0:
        parts.append(_cr.zeros(g.shape[:-1] + (before,), dtype=g._dtype, device=g._device))
    parts.append(g)
    if after > 0:
        parts.append(_cr.zeros(g.shape[:-1] + (after,), dtype=g._dtype, device=g._device))
    return _mp.concat(parts, axis=-1) if len(parts) > 1 else g


defvjp("linalg.diagonal", x=_diagonal_rule)


def eigh(x: Array, /) -> EighResult:
    """The eigenvalues (ascending) and eigenvectors of (each) Hermitian matrix in ``x``.

    Only the lower triangle of ``x`` is read; the gradient is the Hermitian one (PyTorch).
    For complex input a loss must not depend on the phase of the eigenvectors (PyTorch
    raises at ``backward()`` otherwise).
    """
    x = _square("eigh", x)
    dev = x._device
    r = _unary_linalg("eigh", x)
    vals = _new(r[0], x._dtype._real, dev)
    vecs = _new(r[1], x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("linalg.eigh", (vals, vecs), {"x": x})
    return EighResult(vals, vecs)


def _eig_grad(gl: Array | None, gv: Array | None, vals: Array, vecs: Array,
              hermitian: bool) -> Array | None:
    """PyTorch's linalg_eig_backward (Giles 2008; arXiv:1701.00392 eq. 4.77, with unit-norm
    eigenvectors): gA = V^{-H} (diag(gL) + (V^H gV - V^H V Re diag(V^H gV)) / conj(E)) V^H."""
    name = "linalg_eigh_backward" if hermitian else "linalg_eig_backward"
    vh = _mH(vecs)
    if gv is None:
        if gl is None:
            return None
        if hermitian:
            return matmul(vecs * _row(gl), vh)
        return _rule_solve(vh, _col(gl) * vh)
    vhgv = matmul(vh, gv)
    if vecs._dtype.kind == "c":
        _check_gauge(_ew.imag(diagonal(vhgv)), name, "eigenvectors")
    if hermitian:
        vhgv = 0.5 * (vhgv - _mH(vhgv))     # onto the skew-Hermitian matrices
    else:
        vhgv = vhgv - matmul(vh, vecs * _row(_ew.real(diagonal(vhgv))))
    lc = _cj(vals)
    e = _row(lc) - _col(lc) + _eye(vals.shape[-1], lc)
    ga = vhgv / e
    if gl is not None:
        ga = _off_diagonal(ga) + _diag_embed(gl)
    if hermitian:
        return matmul(vecs, matmul(ga, vh))
    return _rule_solve(vh, matmul(ga, vh))


defvjp("linalg.eigh", x=lambda g, *, out: _eig_grad(g[0], g[1], out[0], out[1], True))


def eigvalsh(x: Array, /) -> Array:
    """The eigenvalues (ascending) of (each) Hermitian matrix in ``x``."""
    x = _square("eigvalsh", x)
    if needs_grad(x):
        # the rule needs the eigenvectors (PyTorch does so too)
        with _named("eigvalsh(x)"):
            return eigh(x).eigenvalues
    return _new(_unary_linalg("eigvalsh", x), x._dtype._real, x._device)


def eig(x: Array, /) -> EigResult:
    """The eigenvalues and eigenvectors of (each) square matrix in ``x``, as complex arrays.

    A loss must not depend on the phase of the eigenvectors (PyTorch raises at
    ``backward()`` otherwise); the gradient of a real ``x`` is the real part (PyTorch).
    """
    x = _square("eig", x)
    dev = x._device
    r = _unary_linalg("eig", x)
    cdt = x._dtype if x._dtype.kind == "c" else x._dtype._complex
    vals, vecs = wrap(r[0], dev), wrap(r[1], dev)
    assert vals._dtype is cdt
    if x._ag is not None and STATE.enabled:
        record("linalg.eig", (vals, vecs), {"x": x})
    return EigResult(vals, vecs)


defvjp("linalg.eig", x=lambda g, *, out: _eig_grad(g[0], g[1], out[0], out[1], False))


def eigvals(x: Array, /) -> Array:
    """The eigenvalues of (each) square matrix in ``x``, as a complex array."""
    x = _square("eigvals", x)
    if needs_grad(x):
        with _named("eigvals(x)"):       # the rule needs the eigenvectors (as PyTorch's)
            return eig(x).eigenvalues
    return wrap(_unary_linalg("eigvals", x), x._device)


def inv(x: Array, /) -> Array:
    """The inverse of (each) square matrix in ``x``."""
    x = _square("inv", x)
    out = _new(_unary_linalg("inv", x), x._dtype, x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.inv", out, {"x": x})
    return out


defvjp("linalg.inv", x=lambda g, *, out: -matmul(_mH(out), matmul(g, _mH(out))))


_MATRIX_ORDS = ("fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf)


def matrix_norm(x: Array, /, *, keepdims: bool = False,
                ord: int | float | Literal["fro", "nuc"] | None = "fro") -> Array:
    """A matrix norm of (each) matrix in ``x``: Frobenius, nuclear, 1, 2, inf (and negatives).

    Where the norm is a maximum (or minimum) over tied columns, rows or singular values, the
    gradient is shared evenly between them (PyTorch); at the zero matrix it is zero for every
    ``ord`` (PyTorch too, except for ``"nuc"`` and ``2``/``-2``, where it returns ``U @ Vh``
    of whatever singular vectors its SVD gives for the zero matrix).
    """
    x = _matrices("matrix_norm", x)
    check_bool(keepdims, "matrix_norm", "keepdims")
    check_choice(ord, _MATRIX_ORDS, "matrix_norm", "ord")
    out = _new(_unary_linalg("matrix_norm", x, keepdims=keepdims, ord=ord), x._dtype._real,
               x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.matrix_norm", out, {"x": x, "keepdims": keepdims, "ord": ord})
    return out


def _share(values: Array, largest: bool) -> Array:
    """Weights that split a gradient evenly between the ties of the max (min) on the last axis."""
    ext = (_st.max if largest else _st.min)(values, axis=-1, keepdims=True)
    hit = _dt.astype(values == ext, values._dtype)
    return hit / _st.sum(hit, axis=-1, keepdims=True)


def _matrix_norm_rule(g: Array, x: Array, keepdims: bool, ord: Any, *, out: Array) -> Array:
    if x.size == 0:     # a norm of no elements (0): nothing to differentiate
        return _cr.zeros_like(x)
    if not keepdims:
        g, out = _col(_col(g)), _col(_col(out))
    if ord == "fro":
        # as vector_norm(ord=2) over both axes: x / norm, zero at the zero matrix
        zero = out == 0
        return g * _se.where(zero, 0.0, x / _se.where(zero, 1.0, out))
    if ord in ("nuc", 2, -2):
        # the singular values' gradient U diag(gS) Vh (svdvals' rule)
        u, s, vh = _rule_svd(x, full_matrices=False)
        with no_grad():
            weights = _cr.ones_like(s) if ord == "nuc" else _share(s, ord == 2)
            # zero at the zero matrix, whose singular vectors are arbitrary (PyTorch returns
            # the U Vh that its SVD happens to give there)
            weights = _se.where(s[..., :1] == 0, 0.0, weights)
        gs = g[..., 0] * weights
        return matmul(u * _row(gs), vh)
    # 1 / -1: max (min) over columns of the column sums of |x|; inf / -inf: over rows
    columns = ord in (1, -1)
    with no_grad():
        sums = _st.sum(_ew.abs(x), axis=-2 if columns else -1)
        weights = _share(sums, ord > 0)
    return g * _ew.sign(x) * (_row(weights) if columns else _col(weights))


defvjp("linalg.matrix_norm", x=_matrix_norm_rule)


def matrix_power(x: Array, n: int, /) -> Array:
    """(Each) square matrix in ``x`` raised to the integer power ``n`` (inverse if negative)."""
    x = _square("matrix_power", x, NUMERIC)
    n = check_int(n, "matrix_power", "n")
    if n < 0 and x._dtype not in FLOATING:
        raise TypeError(f"matrix_power(x): a negative power needs a floating-point matrix, got "
                        f"{x._dtype.name}")
    if needs_grad(x) and n != 0:
        # repeated squaring on the tape (of the inverse for n < 0): no rule needed
        with _named("matrix_power(x)"):      # a singular x
            base = inv(x) if n < 0 else x
        result: Array | None = None
        k = abs(n)
        while k:
            if k & 1:
                result = base if result is None else matmul(result, base)
            k >>= 1
            if k:
                base = matmul(base, base)
        return result  # type: ignore[return-value]  (n != 0: at least one factor)
    with _named("matrix_power(x)"):          # a singular x for n < 0
        native = x._device.ns.linalg.matrix_power(x._native, n)
    out = _new(native, x._dtype, x._device)
    if n == 0 and needs_grad(x):
        # identity matrices, a function of x all the same: zero gradient (PyTorch's output
        # requires grad too)
        record("linalg.matrix_power", out, {"x": x})
    return out


defvjp("linalg.matrix_power", x=lambda g: _cr.zeros_like(g))


def _rtol_native(rtol: Any, x: Array, name: str) -> Any:
    if rtol is None or type(rtol) in (int, float):
        if type(rtol) is bool:
            raise TypeError(f"{name}(rtol): expected a float, an array or None, got bool")
        return rtol
    rtol = check_array(rtol, name, "rtol")
    check_dtype_in(rtol, REAL_FLOATING, name, "rtol")
    if rtol._device is not x._device:
        raise device_mismatch(name, x._device, rtol._device, "x, rtol")
    return rtol._native


def matrix_rank(x: Array, /, *, rtol: float | Array | None = None) -> Array:
    """The rank of (each) matrix in ``x``: singular values above ``rtol * largest``."""
    x = _matrices("matrix_rank", x)
    return wrap(_unary_linalg("matrix_rank", x, rtol=_rtol_native(rtol, x, "matrix_rank")),
                x._device)


def pinv(x: Array, /, *, rtol: float | Array | None = None) -> Array:
    """The Moore-Penrose pseudo-inverse of (each) matrix in ``x``.

    Differentiable where the rank is constant, as PyTorch; ``rtol`` gets no gradient.
    """
    x = _matrices("pinv", x)
    out = _new(_unary_linalg("pinv", x, rtol=_rtol_native(rtol, x, "pinv")), x._dtype,
               x._device)
    if x._ag is not None and STATE.enabled:
        record("linalg.pinv", out, {"x": x})
    return out


def _pinv_rule(g: Array, x: Array, *, out: Array) -> Array:
    # PyTorch's pinv_backward (Golub & Pereyra 1973), arranged for the smaller products
    p, ph, gh = out, _mH(out), _mH(g)
    m, n = x.shape[-2], x.shape[-1]
    if m <= n:
        k = matmul(gh, p)
        kph = matmul(k, ph)
        return (-_mH(matmul(p, k)) + kph - matmul(matmul(x, p), kph)
                + matmul(matmul(ph, p), gh - matmul(k, x)))
    k = matmul(p, gh)
    phk = matmul(ph, k)
    return (-_mH(matmul(k, p)) + matmul(matmul(gh - matmul(x, k), p), ph) + phk
            - matmul(matmul(phk, p), x))


defvjp("linalg.pinv", x=_pinv_rule)


def qr(x: Array, /, *, mode: Literal["reduced", "complete"] = "reduced") -> QRResult:
    """The QR decomposition of (each) matrix in ``x``.

    As in PyTorch, ``mode="complete"`` of a matrix with more rows than columns is not
    differentiable: ``backward()`` raises.
    """
    x = _matrices("qr", x)
    check_choice(mode, ("reduced", "complete"), "qr", "mode")
    dev = x._device
    r = _unary_linalg("qr", x, mode=mode)
    q, rr = _new(r[0], x._dtype, dev), _new(r[1], x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("linalg.qr", (q, rr), {"x": x, "mode": mode})
    return QRResult(q, rr)


def _qr_rule(g: tuple[Array | None, Array | None], mode: str, *,
             out: tuple[Array, Array]) -> Array | None:
    # PyTorch's linalg_qr_backward
    gq, gr = g
    q, r = out
    m, n = q.shape[-2], r.shape[-1]
    if mode == "complete" and m > n:
        raise RuntimeError("linalg.qr: The QR decomposition is not differentiable when "
                           "mode='complete' and nrows > ncols.")
    if gq is None and gr is None:
        return None
    if gq is None:
        ga = matmul(gr, _mH(r))                                      # type: ignore[arg-type]
    elif gr is None:
        ga = -matmul(_mH(q), gq)
    else:
        ga = matmul(gr, _mH(r)) - matmul(_mH(q), gq)
    if m >= n:
        t = _cr.triu(ga)
        t = t + _mH(t) - _diag_embed(_ew.real(diagonal(t)))          # syminv's adjoint
        ga = matmul(q, t)
        if gq is not None:
            ga = ga + gq
        return _solve_right(ga, _mH(r))                              # ga R^{-H}
    x = -ga
    t = _cr.tril(x - _mH(x))                                         # trilIminv's adjoint
    if x._dtype.kind == "c":
        t = t - 1j * _diag_embed(_ew.imag(diagonal(x)))
    ga = _solve_right(matmul(q, t), _mH(r[..., :m]))
    ga = _mp.concat([ga, _cr.zeros(ga.shape[:-1] + (n - m,), dtype=ga._dtype,
                                   device=ga._device)], axis=-1)
    if gr is not None:
        ga = ga + matmul(q, gr)
    return ga


defvjp("linalg.qr", x=_qr_rule)


def slogdet(x: Array, /) -> SlogdetResult:
    """The sign and the log of the absolute value of the determinant of (each) matrix."""
    x = _square("slogdet", x)
    dev = x._device
    r = _unary_linalg("slogdet", x)
    sign, logabs = _new(r[0], x._dtype, dev), _new(r[1], x._dtype._real, dev)
    if x._ag is not None and STATE.enabled:
        record("linalg.slogdet", (sign, logabs), {"x": x})
    return SlogdetResult(sign, logabs)


def _slogdet_rule(g: tuple[Array | None, Array | None], x: Array, *,
                  out: tuple[Array, Array]) -> Array | None:
    # PyTorch's slogdet_backward: (g_logabs - i Im(conj(g_sign) sign)) A^{-H}; the sign of a
    # real matrix is locally constant
    g_sign, g_log = g
    if x._dtype.kind != "c" or g_sign is None:
        if g_log is None:
            return None
        c: Array = g_log
    else:
        c = -1j * _ew.imag(_ew.conj(g_sign) * out[0])
        if g_log is not None:
            c = g_log + c
    return _rule_solve(_mH(x), _scalar_eye(c, x.shape[-1]))


defvjp("linalg.slogdet", x=_slogdet_rule)


def solve(x1: Array, x2: Array, /) -> Array:
    """The solution ``X`` of ``x1 @ X = x2`` for square ``x1`` (a vector ``x2`` if 1-D)."""
    x1, x2, dt = _pair("solve", x1, x2, FLOATING)
    _square("solve", x1, FLOATING, "x1")
    if x2.ndim == 0:
        raise ValueError("solve(x2): expected at least one dimension")
    n = x1.shape[-1]
    if (x2.ndim == 1 and x2.shape[0] != n) or (x2.ndim > 1 and x2.shape[-2] != n):
        raise ValueError(f"solve(x1, x2): shapes {x1.shape} and {x2.shape} do not match")
    if x2.ndim > 1:   # the stacks must broadcast
        _mp.broadcast_shapes_for("solve", "x1, x2", (x1.shape[:-2], x2.shape[:-2]))
    dev = x1._device
    try:
        native = dev.ns.linalg.solve(_cast(x1, dt), _cast(x2, dt))
    except (ValueError, OverflowError) as exc:    # a singular x1
        raise renamed(exc, "solve(x1, x2)") from exc
    out = _new(native, dt, dev)
    if STATE.enabled and (x1._ag is not None or x2._ag is not None):
        record("linalg.solve", out, {"x1": x1, "x2": x2, "vector": x2.ndim == 1})
    return out


def _solve_x2(g: Array, x1: Array, vector: bool) -> Array:
    # gB = A^{-H} gX (a 1-D x2 is one column for every matrix of the stack)
    if vector:
        return _rule_solve(_mH(x1), _col(g))[..., 0]
    return _rule_solve(_mH(x1), g)


def _solve_x1(g: Array, x1: Array, vector: bool, *, out: Array) -> Array:
    # gA = -gB X^H
    if vector:
        return -_col(_solve_x2(g, x1, vector)) * _row(_cj(out))
    return -matmul(_solve_x2(g, x1, vector), _mH(out))


defvjp("linalg.solve", x1=_solve_x1, x2=_solve_x2)


def svd(x: Array, /, *, full_matrices: bool = True) -> SVDResult:
    """The singular value decomposition ``U @ diag(S) @ Vh`` of (each) matrix in ``x``.

    As in PyTorch, gradients assume distinct singular values (and full rank when ``U`` or
    ``Vh`` is used); with ``full_matrices=True`` the columns beyond ``min(M, N)`` get no
    gradient; for complex input a loss must not depend on the phase of the singular vectors
    (``backward()`` raises otherwise).
    """
    x = _matrices("svd", x)
    check_bool(full_matrices, "svd", "full_matrices")
    dev = x._device
    r = _unary_linalg("svd", x, full_matrices=full_matrices)
    u, s, vh = (_new(r[0], x._dtype, dev), _new(r[1], x._dtype._real, dev),
                _new(r[2], x._dtype, dev))
    if x._ag is not None and STATE.enabled:
        record("linalg.svd", (u, s, vh), {"x": x, "full_matrices": full_matrices})
    return SVDResult(u, s, vh)


def _svd_rule(g: tuple[Array | None, Array | None, Array | None], full_matrices: bool, *,
              out: tuple[Array, Array, Array]) -> Array | None:
    # PyTorch's svd_backward (the real case: Townsend 2016; the complex one with its gauge)
    gu, gs, gvh = g
    u, s, vh = out
    k = s.shape[-1]
    if full_matrices:
        u, vh = u[..., :k], vh[..., :k, :]
        gu = gu[..., :k] if gu is not None else None
        gvh = gvh[..., :k, :] if gvh is not None else None
    m, n = u.shape[-2], vh.shape[-1]
    if gu is None and gvh is None:
        if gs is None:
            return None
        return matmul(u * _row(gs), vh)                 # svdvals: U diag(gS) Vh
    is_complex = u._dtype.kind == "c"
    uhgu = vhgv = None
    if gu is not None:
        a = matmul(_mH(u), gu)
        uhgu = a - _mH(a)
    if gvh is not None:
        b = matmul(vh, _mH(gvh))
        vhgv = b - _mH(b)
    if is_complex:
        zero = _cr.zeros_like(s)
        im_u = _ew.imag(diagonal(uhgu)) if uhgu is not None else zero
        im_v = _ew.imag(diagonal(vhgv)) if vhgv is not None else zero
        _check_gauge(im_u + im_v, "svd_backward", "singular vectors")
    s2 = s * s
    e = _row(s2) - _col(s2) + _eye(k, s)
    if uhgu is not None and vhgv is not None:
        ga = (uhgu * _row(s) + _col(s) * vhgv) / e
    elif uhgu is not None:
        ga = (uhgu / e) * _row(s)
    else:
        ga = _col(s) * (vhgv / e)                               # type: ignore[operator]
    if gs is not None:
        ga = ga + _diag_embed(gs)
    if is_complex and uhgu is not None and vhgv is not None:
        ga = ga + _diag_embed(diagonal(uhgu) / (2 * s))
    if m > n and gu is not None:
        ga = matmul(u, ga)
        gu_sinv = gu / _row(s)
        ga = ga + gu_sinv - matmul(u, matmul(_mH(u), gu_sinv))
        return matmul(ga, vh)
    if m < n and gvh is not None:
        ga = matmul(ga, vh)
        sinv_gvh = gvh / _col(s)
        ga = ga + sinv_gvh - matmul(matmul(sinv_gvh, _mH(vh)), vh)
        return matmul(u, ga)
    return matmul(u, matmul(ga, vh))


defvjp("linalg.svd", x=_svd_rule)


def svdvals(x: Array, /) -> Array:
    """The singular values of (each) matrix in ``x``, in descending order."""
    x = _matrices("svdvals", x)
    if needs_grad(x):
        with _named("svdvals(x)"):       # the rule needs U and Vh (PyTorch does so too)
            return svd(x, full_matrices=False).S
    return _new(_unary_linalg("svdvals", x), x._dtype._real, x._device)


def trace(x: Array, /, *, offset: int = 0, dtype: DType | None = None) -> Array:
    """The sum of the ``offset``-th diagonal of (each) matrix in ``x``."""
    x = _matrices("trace", x, NUMERIC)
    offset = clamp_offset(check_int(offset, "trace", "offset"), x.shape[-2], x.shape[-1])
    native_dtype = _st._dtype_kw(dtype, "trace", x)    # as sum's (complex to real refused)
    if needs_grad(x):
        return _st.sum(diagonal(x, offset=offset), axis=-1, dtype=dtype)
    kw: dict[str, Any] = {"offset": offset}
    if native_dtype is not None:
        kw["dtype"] = native_dtype
    return wrap(_unary_linalg("trace", x, **kw), x._device)


_VECTOR_ORDS_DOC = "any real number, inf or -inf"


def vector_norm(x: Array, /, *, axis: int | tuple[int, ...] | None = None,
                keepdims: bool = False, ord: int | float = 2) -> Array:
    """The vector ``ord``-norm of ``x`` along ``axis`` (of all elements if None).

    As in PyTorch, its gradient at the zero vector is zero, the gradient of ``ord=0`` is
    zero, and ties of ``ord=inf`` (``-inf``) share the gradient evenly.
    """
    x = check_array(x, "vector_norm")
    check_dtype_in(x, FLOATING, "vector_norm")
    check_bool(keepdims, "vector_norm", "keepdims")
    if type(ord) not in (int, float) or (type(ord) is float and math.isnan(ord)):
        raise (TypeError if type(ord) not in (int, float, str) else ValueError)(
            f"vector_norm(ord): expected {_VECTOR_ORDS_DOC}, got {ord!r}")
    if type(ord) is int and not -2 ** 53 <= ord <= 2 ** 53:
        ord = float(ord)    # backends compute with floats; a huge int is that float
    axes = normalize_axes(axis, x.ndim, "vector_norm")
    dev = x._device
    try:
        native = dev.ns.linalg.vector_norm(x._native, axis=axes, keepdims=keepdims, ord=ord)
    except (ValueError, OverflowError) as exc:    # ord=-inf of no elements (no identity)
        raise renamed(exc, "vector_norm(x, ord)") from exc
    out = _new(native, x._dtype._real, dev)
    if x._ag is not None and STATE.enabled:
        record("linalg.vector_norm", out, {"x": x, "axis": axes, "keepdims": keepdims,
                                           "ord": ord})
    return out


def _vector_norm_rule(g: Array, x: Array, axis: tuple[int, ...], keepdims: bool, ord: float, *,
                      out: Array) -> Array:
    # PyTorch's norm_backward; every division and power runs on safe stand-ins, so that the
    # masked-out branches stay finite under create_graph too
    if ord == 0:
        return _cr.zeros_like(x)
    ge = _st._expand(g, x, axis, keepdims)
    ne = _st._expand(out, x, axis, keepdims)
    sgn = _ew.sign(x)                       # x / |x| for complex x, 0 at 0
    if ord == 1:
        return ge * sgn
    ax = _ew.abs(x)
    if math.isinf(ord):
        hit = _dt.astype(_ew.logical_or(ax == ne, _ew.isnan(ax)), ax._dtype)
        return ge * sgn * hit / _st.sum(hit, axis=axis, keepdims=True)
    zero_norm = ne == 0
    safe_norm = _se.where(zero_norm, 1.0, ne)
    if ord == 2:
        return ge * _se.where(zero_norm, 0.0, x / safe_norm)
    if ord < 1:
        # |x|^(ord-1) is infinite at 0: those elements get 0; norm^(1-ord) is finite
        zero_x = ax == 0
        scaled = _se.where(zero_x, 0.0, sgn * _se.where(zero_x, 1.0, ax) ** (ord - 1))
        return scaled * ge * ne ** (1 - ord)
    scaled = sgn * ax ** (ord - 1)
    return _se.where(zero_norm, 0.0, scaled * ge / safe_norm ** (ord - 1))


defvjp("linalg.vector_norm", x=_vector_norm_rule)


# sibling modules' functions used at call time (imported last: the modules import each other)
from .manipulation import broadcast_shapes_for  # noqa: E402
