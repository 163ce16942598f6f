"""Reductions along axes: the groups of elements each output element reduces.

The reduced axes are moved last (a view), the view is read once in C order, and every
``m`` consecutive values form one group, so a reduction is one pass over the data.
"""

from __future__ import annotations

from math import prod
from typing import Any

from ._array import Array, view
from ._layout import reserve
from ._manipulation import normalize_axes

__all__ = ["groups", "out_shape"]


def groups(x: Array, axis: Any, function: str) -> tuple[list[list[Any]], tuple[int, ...],
                                                      tuple[int, ...]]:
    """(groups, reduced axes, kept shape) for reducing ``x`` over ``axis``."""
    nd = len(x._shape)
    axes = normalize_axes(axis, nd, function)
    keep = [i for i in range(nd) if i not in axes]
    order = keep + list(axes)
    shape = x._shape
    kept = tuple(shape[i] for i in keep)
    if order == list(range(nd)):
        vals = x._vals()
    else:
        vals = view(x, tuple(shape[i] for i in order), tuple(x._strides[i] for i in order),
                    x._offset)._vals()
    m = prod(shape[a] for a in axes)
    n_out = prod(kept)
    if m == 0:
        reserve(n_out, 8, function)     # 2**40 empty groups: fail at once, as NumPy does
        return [[] for _ in range(n_out)], axes, kept
    if n_out == 1:
        return [vals], axes, kept
    return [vals[i:i + m] for i in range(0, len(vals), m)], axes, kept


def out_shape(x: Array, axes: tuple[int, ...], kept: tuple[int, ...], keepdims: bool
              ) -> tuple[int, ...]:
    if not keepdims:
        return kept
    return tuple(1 if i in axes else n for i, n in enumerate(x._shape))


def keepdims_arg(keepdims: Any, function: str) -> bool:
    if type(keepdims) is not bool:
        raise TypeError(f"{function}(keepdims): expected a bool, got {keepdims!r}")
    return keepdims

