"""Linear algebra functions of the main namespace: matmul, matrix_transpose, tensordot, vecdot.

https://data-apis.org/array-api/2025.12/API_specification/linear_algebra_functions.html

A matrix product computes each entry as ``sum(map(mul, row, column))`` over rows of the
left operand and columns of the right one (both read once into lists), so the inner loop
runs in C; float32 products are exact in float64 and the sum is rounded once.
"""

from __future__ import annotations

from math import prod
from operator import mul
from typing import Any, Sequence

from . import _dtypes as D
from ._array import Array, new, view
from ._dtypes import DType
from ._layout import broadcast_shape, from_values
from ._manipulation import check, normalize_axis, permute_dims, reshape

__all__ = ["matmul", "matrix_transpose", "tensordot", "vecdot", "matrices", "from_matrices"]

_NUMERIC = frozenset(D.NUMERIC)


def matrices(x: Array, batch: tuple[int, ...]) -> list[list[list[Any]]]:
    """The matrices of ``x`` (broadcast to the ``batch`` shape) as lists of rows."""
    m, n = x._shape[-2:]
    if x._shape[:-2] != batch:
        nd = len(batch) + 2
        pad = nd - len(x._shape)
        strides = [0] * nd
        for i, (d, s) in enumerate(zip(x._shape, x._strides)):
            if d != 1 or i >= len(x._shape) - 2:
                strides[pad + i] = s
        x = view(x, batch + (m, n), tuple(strides), x._offset)
    vals = x._vals()
    out = []
    size = m * n
    for b in range(0, len(vals), size) if size else range(prod(batch)):
        block = vals[b:b + size] if size else []
        out.append([block[i * n:(i + 1) * n] for i in range(m)])
    return out


def from_matrices(mats: list[list[list[Any]]], shape: tuple[int, ...], dt: DType) -> Array:
    """An array of ``shape`` from a list of matrices given as lists of rows."""
    flat = [v for mat in mats for row in mat for v in row]
    return new(from_values(flat, dt), shape, dt)


def _product(a: list[list[Any]], b_cols: list[list[Any]]) -> list[list[Any]]:
    return [[sum(map(mul, row, col)) for col in b_cols] for row in a]


def matmul(x1: Array, x2: Array, /) -> Array:
    """The matrix product of ``x1`` and ``x2`` (stacks broadcast; 1-D operands as vectors)."""
    x1 = check(x1, "matmul", "x1")
    x2 = check(x2, "matmul", "x2")
    dt = D.promote(x1._dtype, x2._dtype)
    if x1._dtype not in _NUMERIC or x2._dtype not in _NUMERIC:
        raise TypeError(f"matmul: expected numeric dtypes, got {x1._dtype.name} and "
                        f"{x2._dtype.name}")
    if not x1._shape or not x2._shape:
        raise ValueError("matmul: zero-dimensional operands are not allowed")
    v1 = len(x1._shape) == 1
    v2 = len(x2._shape) == 1
    a = reshape(x1, (1, x1._shape[0])) if v1 else x1
    b = reshape(x2, (x2._shape[0], 1)) if v2 else x2
    m, k = a._shape[-2:]
    k2, n = b._shape[-2:]
    if k != k2:
        raise ValueError(f"matmul: the contracted axes differ in size, {x1._shape} and "
                         f"{x2._shape}")
    batch = broadcast_shape(a._shape[:-2], b._shape[:-2])
    am = matrices(a, batch)
    bt = matrices(matrix_transpose(b), batch)
    if dt.kind != x1._dtype.kind or dt.kind != x2._dtype.kind:
        conv = complex if dt.kind == "c" else float
        am = [[[conv(v) for v in r] for r in mat] for mat in am]
        bt = [[[conv(v) for v in r] for r in mat] for mat in bt]
    if k == 0:
        zero = 0j if dt.kind == "c" else 0.0 if dt.kind == "f" else 0
        prods = [[[zero] * n for _ in range(m)] for _ in am]
    else:
        prods = [_product(p, q) for p, q in zip(am, bt)]
    shape = batch + (m, n)
    out = from_matrices(prods, shape, dt)
    if v1 and v2:
        return reshape(out, batch)
    if v1:
        return reshape(out, batch + (n,))
    if v2:
        return reshape(out, batch + (m,))
    return out


def matrix_transpose(x: Array, /) -> Array:
    """The transpose of each matrix of ``x`` (a view)."""
    x = check(x, "matrix_transpose")
    if len(x._shape) < 2:
        raise ValueError(f"matrix_transpose(x): expected at least 2 dimensions, got "
                         f"{len(x._shape)}")
    return x.mT


def tensordot(x1: Array, x2: Array, /, *,
              axes: int | tuple[Sequence[int], Sequence[int]] = 2) -> Array:
    """The sum of products over the last ``axes`` axes of ``x1`` and the first of ``x2``
    (or over the given pairs of axes)."""
    x1 = check(x1, "tensordot", "x1")
    x2 = check(x2, "tensordot", "x2")
    n1, n2 = len(x1._shape), len(x2._shape)
    if isinstance(axes, int) and not isinstance(axes, bool):
        if axes < 0 or axes > min(n1, n2):
            raise ValueError(f"tensordot(axes): expected 0 <= axes <= {min(n1, n2)}, got {axes}")
        a1 = list(range(n1 - axes, n1))
        a2 = list(range(axes))
    else:
        try:
            s1, s2 = axes   # type: ignore[misc]
        except (TypeError, ValueError):
            raise ValueError(f"tensordot(axes): expected an int or two sequences, got "
                             f"{axes!r}") from None
        a1 = [normalize_axis(a, n1, "tensordot") for a in s1]
        a2 = [normalize_axis(a, n2, "tensordot") for a in s2]
        if len(a1) != len(a2):
            raise ValueError("tensordot(axes): expected as many axes for x1 as for x2")
    for p, q in zip(a1, a2):
        if x1._shape[p] != x2._shape[q]:
            raise ValueError(f"tensordot: axis {p} of x1 (size {x1._shape[p]}) and axis {q} of "
                             f"x2 (size {x2._shape[q]}) differ")
    free1 = [i for i in range(n1) if i not in a1]
    free2 = [i for i in range(n2) if i not in a2]
    kk = prod(x1._shape[i] for i in a1)
    p1 = permute_dims(x1, tuple(free1 + a1))
    p2 = permute_dims(x2, tuple(a2 + free2))
    f1 = tuple(x1._shape[i] for i in free1)
    f2 = tuple(x2._shape[i] for i in free2)
    m = reshape(p1, (prod(f1), kk))
    n = reshape(p2, (kk, prod(f2)))
    return reshape(matmul(m, n), f1 + f2)


def vecdot(x1: Array, x2: Array, /, *, axis: int = -1) -> Array:
    """The dot product ``sum(conj(x1) * x2)`` along ``axis`` (broadcasting the rest)."""
    x1 = check(x1, "vecdot", "x1")
    x2 = check(x2, "vecdot", "x2")
    dt = D.promote(x1._dtype, x2._dtype)
    if dt not in _NUMERIC:
        raise TypeError(f"vecdot: expected numeric dtypes, got {dt.name}")
    nd = min(len(x1._shape), len(x2._shape))
    if nd == 0:
        raise ValueError("vecdot: expected arrays with at least one dimension")
    if not -nd <= axis < 0 and not 0 <= axis < nd:
        raise IndexError(f"vecdot(axis): axis {axis} is out of bounds")
    ax1 = normalize_axis(axis if axis < 0 else axis - nd, len(x1._shape), "vecdot")
    ax2 = normalize_axis(axis if axis < 0 else axis - nd, len(x2._shape), "vecdot")
    if x1._shape[ax1] != x2._shape[ax2]:
        raise ValueError(f"vecdot: the contracted axes differ in size ({x1._shape[ax1]} and "
                         f"{x2._shape[ax2]})")
    from ._manipulation import moveaxis
    a = moveaxis(x1, ax1, -1)
    b = moveaxis(x2, ax2, -1)
    batch = broadcast_shape(a._shape[:-1], b._shape[:-1])
    k = a._shape[-1]
    from ._manipulation import broadcast_to
    av = broadcast_to(a, batch + (k,))._vals()
    bv = broadcast_to(b, batch + (k,))._vals()
    if dt.kind == "c":
        av = [complex(v).conjugate() for v in av]
    elif dt.kind == "f" and (x1._dtype.kind != "f" or x2._dtype.kind != "f"):
        av = [float(v) for v in av]
    if k:
        res = [sum(map(mul, av[i:i + k], bv[i:i + k])) for i in range(0, len(av), k)]
    else:
        res = [0] * prod(batch)
    return new(from_values(res, dt), batch, dt)
