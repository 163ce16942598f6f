"""Manipulation functions.

https://data-apis.org/array-api/2025.12/API_specification/manipulation_functions.html

Transposes, broadcasts, flips, dimension insertions and removals and reshapes of contiguous
arrays are views; the rest copy through slices of contiguous buffers or offset lists.
"""

from __future__ import annotations

import operator
from array import array as _buffer
from math import prod
from typing import Any

from ._array import Array, new, view
from ._dtypes import promote
from ._layout import broadcast_shape, c_strides, reserve

__all__ = ["broadcast_arrays", "broadcast_shapes", "broadcast_to", "concat", "expand_dims",
           "flip", "moveaxis", "permute_dims", "repeat", "reshape", "roll", "squeeze", "stack",
           "tile", "unstack", "gather_lists", "normalize_axis", "normalize_axes"]

_index = operator.index


def check(x: Any, function: str, argument: str = "x") -> Array:
    if type(x) is not Array:
        raise TypeError(f"{function}({argument}): expected a reference array, got "
                        f"{type(x).__name__}")
    return x


def normalize_axis(axis: Any, ndim: int, function: str) -> int:
    if type(axis) is bool:
        raise TypeError(f"{function}(axis): expected an int, got {axis!r}")
    a = _index(axis)
    if not -ndim <= a < ndim:
        raise IndexError(f"{function}(axis): axis {a} is out of bounds for an array of {ndim} "
                         f"dimensions")
    return a + ndim if a < 0 else a


def normalize_axes(axis: Any, ndim: int, function: str) -> tuple[int, ...]:
    """None, an int or a tuple of ints as sorted distinct non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    if type(axis) is tuple or type(axis) is list:
        axes = tuple(normalize_axis(a, ndim, function) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError(f"{function}(axis): repeated axis in {axis}")
        return tuple(sorted(axes))
    return (normalize_axis(axis, ndim, function),)


def gather_lists(x: Array, lists: list[list[int]]) -> Array:
    """The array whose element ``(i, j, ...)`` is ``x[lists[0][i], lists[1][j], ...]``."""
    from ._indexing import _gather_offsets
    reserve(prod(len(lst) for lst in lists), x._dtype.itemsize, "gather")
    offs = [x._offset]
    for lst, s in zip(lists, x._strides):
        d = [i * s for i in lst]
        if len(offs) == 1:
            o = offs[0]
            offs = [o + v for v in d]
        else:
            offs = [o + v for o in offs for v in d]
    shape = tuple(len(lst) for lst in lists)
    if 0 in shape:
        offs = []
    return _gather_offsets(x, offs, shape)


# ----------------------------------------------------------------- broadcast
def broadcast_shapes(*shapes: tuple[int | None, ...]) -> tuple[int | None, ...]:
    """The shape that all ``shapes`` broadcast to (ValueError when they do not)."""
    out: tuple[int, ...] = ()
    for s in shapes:
        out = broadcast_shape(out, tuple(s))  # type: ignore[arg-type]
    return out


def broadcast_to(x: Array, /, shape: tuple[int, ...]) -> Array:
    """A view of ``x`` broadcast to ``shape`` (stride 0 along broadcast axes)."""
    x = check(x, "broadcast_to")
    shape = tuple(_index(n) for n in shape)
    nd = len(shape)
    pad = nd - len(x._shape)
    if pad < 0:
        raise ValueError(f"broadcast_to(shape): cannot broadcast shape {x._shape} to {shape}")
    strides = [0] * nd
    for i, (n, s) in enumerate(zip(x._shape, x._strides)):
        target = shape[pad + i]
        if n == target:
            strides[pad + i] = s if n != 1 else 0
        elif n != 1:
            raise ValueError(f"broadcast_to(shape): cannot broadcast shape {x._shape} to "
                             f"{shape}")
    return view(x, shape, tuple(strides), x._offset)


def broadcast_arrays(*arrays: Array) -> tuple[Array, ...]:
    """The arrays broadcast against each other (views)."""
    shape = broadcast_shapes(*(check(a, "broadcast_arrays", "arrays")._shape for a in arrays))
    return tuple(a if a._shape == shape else broadcast_to(a, shape)  # type: ignore[arg-type]
                 for a in arrays)


# ----------------------------------------------------------------- views
def permute_dims(x: Array, /, axes: tuple[int, ...]) -> Array:
    """A view with the axes in the order ``axes``."""
    x = check(x, "permute_dims")
    nd = len(x._shape)
    ax = tuple(normalize_axis(a, nd, "permute_dims") for a in axes)
    if sorted(ax) != list(range(nd)):
        raise ValueError(f"permute_dims(axes): expected a permutation of range({nd}), got "
                         f"{axes}")
    return view(x, tuple(x._shape[a] for a in ax), tuple(x._strides[a] for a in ax),
                x._offset)


def moveaxis(x: Array, source: int | tuple[int, ...], destination: int | tuple[int, ...], /
             ) -> Array:
    """A view with the ``source`` axes moved to ``destination``."""
    x = check(x, "moveaxis")
    nd = len(x._shape)
    src = [normalize_axis(a, nd, "moveaxis") for a in
           (source if isinstance(source, tuple) else (source,))]
    dst = [normalize_axis(a, nd, "moveaxis") for a in
           (destination if isinstance(destination, tuple) else (destination,))]
    if len(src) != len(dst):
        raise ValueError("moveaxis(source, destination): expected as many destinations as "
                         "sources")
    if len(set(src)) != len(src) or len(set(dst)) != len(dst):
        raise ValueError("moveaxis(source, destination): repeated axis")
    order = [a for a in range(nd) if a not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return permute_dims(x, tuple(order))


def expand_dims(x: Array, /, axis: int | tuple[int, ...]) -> Array:
    """A view with new axes of size 1 at ``axis``."""
    x = check(x, "expand_dims")
    axes = axis if isinstance(axis, tuple) else (axis,)
    nd = len(x._shape) + len(axes)
    norm = sorted(normalize_axis(a, nd, "expand_dims") for a in axes)
    if len(set(norm)) != len(norm):
        raise ValueError(f"expand_dims(axis): repeated axis in {axis}")
    shape = list(x._shape)
    strides = list(x._strides)
    for a in norm:
        shape.insert(a, 1)
        strides.insert(a, 0)
    return view(x, tuple(shape), tuple(strides), x._offset)


def squeeze(x: Array, /, axis: int | tuple[int, ...]) -> Array:
    """A view without the size-1 axes ``axis``."""
    x = check(x, "squeeze")
    axes = normalize_axes(axis, len(x._shape), "squeeze")
    for a in axes:
        if x._shape[a] != 1:
            raise ValueError(f"squeeze(axis): axis {a} has size {x._shape[a]}, not 1")
    keep = [i for i in range(len(x._shape)) if i not in axes]
    return view(x, tuple(x._shape[i] for i in keep), tuple(x._strides[i] for i in keep),
                x._offset)


def flip(x: Array, /, *, axis: int | tuple[int, ...] | None = None) -> Array:
    """A view with the order of elements reversed along ``axis`` (all axes by default)."""
    x = check(x, "flip")
    axes = normalize_axes(axis, len(x._shape), "flip")
    strides = list(x._strides)
    offset = x._offset
    for a in axes:
        n = x._shape[a]
        if n > 0:
            offset += (n - 1) * strides[a]
        strides[a] = -strides[a]
    return view(x, x._shape, tuple(strides), offset)


def unstack(x: Array, /, *, axis: int = 0) -> tuple[Array, ...]:
    """Views of ``x`` along ``axis``."""
    x = check(x, "unstack")
    if not x._shape:
        raise ValueError("unstack(x): expected an array with at least one dimension")
    a = normalize_axis(axis, len(x._shape), "unstack")
    shape = x._shape[:a] + x._shape[a + 1:]
    strides = x._strides[:a] + x._strides[a + 1:]
    s = x._strides[a]
    return tuple(view(x, shape, strides, x._offset + i * s) for i in range(x._shape[a]))


def reshape(x: Array, /, shape: tuple[int, ...], *, copy: bool | None = None) -> Array:
    """``x`` with a new shape: a view when x is contiguous (unless ``copy``)."""
    x = check(x, "reshape")
    dims = [_index(n) for n in (shape if isinstance(shape, tuple | list) else (shape,))]
    unknown = [i for i, n in enumerate(dims) if n == -1]
    if len(unknown) > 1 or any(n < -1 for n in dims):
        raise ValueError(f"reshape(shape): invalid shape {shape}")
    if unknown:
        known = prod(n for n in dims if n != -1)
        if known == 0 or x._size % known:
            raise ValueError(f"reshape(shape): cannot reshape an array of size {x._size} into "
                             f"shape {shape}")
        dims[unknown[0]] = x._size // known
    new_shape = tuple(dims)
    if prod(new_shape) != x._size:
        raise ValueError(f"reshape(shape): cannot reshape an array of size {x._size} into "
                         f"shape {shape}")
    if x._c and not copy:
        return view(x, new_shape, c_strides(new_shape), x._offset)
    if copy is False:
        raise ValueError("reshape(copy=False): this array is not contiguous, so the reshape "
                         "needs a copy")
    return new(x._copy_buf(), new_shape, x._dtype)


# ----------------------------------------------------------------- copies
def _as_dtype(x: Array, dt: Any) -> Array:
    if x._dtype is dt:
        return x
    from ._data_types import astype
    return astype(x, dt)


def concat(arrays: tuple[Array, ...] | list[Array], /, *, axis: int | None = 0) -> Array:
    """The arrays joined along an existing axis (flattened first when ``axis`` is None)."""
    arrays = [check(a, "concat", "arrays") for a in arrays]
    if not arrays:
        raise ValueError("concat(arrays): expected at least one array")
    dt = arrays[0]._dtype
    for a in arrays[1:]:
        dt = promote(dt, a._dtype)
    arrays = [_as_dtype(a, dt) for a in arrays]
    if axis is None:
        arrays = [reshape(a, (-1,)) for a in arrays]
        axis = 0
    nd = len(arrays[0]._shape)
    if nd == 0:
        raise ValueError("concat(arrays): zero-dimensional arrays cannot be concatenated")
    ax = normalize_axis(axis, nd, "concat")
    base = arrays[0]._shape
    for a in arrays[1:]:
        if len(a._shape) != nd or any(a._shape[i] != base[i] for i in range(nd) if i != ax):
            raise ValueError(f"concat(arrays): shapes {base} and {a._shape} differ outside "
                             f"axis {ax}")
    total = sum(a._shape[ax] for a in arrays)
    out_shape = base[:ax] + (total,) + base[ax + 1:]
    outer = prod(base[:ax])
    w = dt.w
    bufs = []
    for a in arrays:
        chunk = prod(a._shape[ax:]) * w
        bufs.append((a._cbuf(), chunk))
    out = _buffer(dt.tc)
    if outer == 1:
        for b, _ in bufs:
            out.extend(b)
    else:
        for o in range(outer):
            for b, chunk in bufs:
                out.extend(b[o * chunk:(o + 1) * chunk])
    return new(out, out_shape, dt)


def stack(arrays: tuple[Array, ...] | list[Array], /, *, axis: int = 0) -> Array:
    """The arrays joined along a new axis."""
    arrays = [check(a, "stack", "arrays") for a in arrays]
    if not arrays:
        raise ValueError("stack(arrays): expected at least one array")
    shape = arrays[0]._shape
    for a in arrays[1:]:
        if a._shape != shape:
            raise ValueError(f"stack(arrays): expected arrays of one shape, got {shape} and "
                             f"{a._shape}")
    ax = normalize_axis(axis, len(shape) + 1, "stack")
    return concat([expand_dims(a, ax) for a in arrays], axis=ax)


def repeat(x: Array, repeats: int | Array, /, *, axis: int | None = None) -> Array:
    """Each element repeated ``repeats`` times (per element when ``repeats`` is an array)."""
    x = check(x, "repeat")
    if axis is None:
        x = reshape(x, (-1,))
        ax = 0
    else:
        ax = normalize_axis(axis, len(x._shape), "repeat")
    n = x._shape[ax]
    if type(repeats) is Array:
        if repeats._dtype.kind not in "iu":
            raise TypeError(f"repeat(repeats): expected an integer array, got "
                            f"{repeats._dtype.name}")
        reps = repeats._vals()
        if len(repeats._shape) > 1:
            raise ValueError("repeat(repeats): expected a 0-d or 1-D array")
        if len(reps) == 1 and n != 1:
            reps = reps * n
    else:
        if type(repeats) is bool:
            raise TypeError("repeat(repeats): expected an int or an integer array")
        reps = [_index(repeats)] * n
    if len(reps) != n:
        raise ValueError(f"repeat(repeats): expected {n} repeats, got {len(reps)}")
    if any(r < 0 for r in reps):
        raise ValueError("repeat(repeats): repeats must be non-negative")
    total = sum(reps)
    reserve(total * (prod(x._shape) // n if n else 0), x._dtype.itemsize, "repeat")
    lists = [list(range(m)) for m in x._shape]
    idx = [0] * total
    k = 0
    for i, r in enumerate(reps):
        idx[k:k + r] = [i] * r
        k += r
    lists[ax] = idx
    return gather_lists(x, lists)


def roll(x: Array, /, shift: int | tuple[int, ...], *,
         axis: int | tuple[int, ...] | None = None) -> Array:
    """Elements shifted along ``axis`` (wrapping around); the flattened array if None."""
    x = check(x, "roll")
    if axis is None:
        if isinstance(shift, tuple):
            shift = sum(_index(s) for s in shift)
        return reshape(roll(reshape(x, (-1,)), _index(shift), axis=0), x._shape)
    axes = axis if isinstance(axis, tuple) else (axis,)
    # one int shift is used for every axis (for none, with axis=())
    shifts = shift if isinstance(shift, tuple) else (shift,) * len(axes)
    if len(shifts) != len(axes):
        raise ValueError("roll(shift, axis): expected one shift per axis")
    total = [0] * len(x._shape)
    for s, a in zip(shifts, axes):
        total[normalize_axis(a, len(x._shape), "roll")] += _index(s)
    out = x
    for ax, s in enumerate(total):
        n = x._shape[ax]
        if not n or not s % n:
            continue
        s %= n
        lead = (slice(None),) * ax
        # the last s elements along the axis come first: two views joined by buffer slices
        out = concat([out[lead + (slice(n - s, None),)], out[lead + (slice(0, n - s),)]],
                     axis=ax)
    if out is x:
        return new(x._copy_buf(), x._shape, x._dtype)
    return out


def tile(x: Array, repetitions: tuple[int, ...], /) -> Array:
    """``x`` repeated ``repetitions[i]`` times along each axis."""
    x = check(x, "tile")
    reps = tuple(_index(r) for r in repetitions)
    if any(r < 0 for r in reps):
        raise ValueError("tile(repetitions): expected non-negative repetitions")
    nd = max(len(reps), len(x._shape))
    reps = (1,) * (nd - len(reps)) + reps
    if len(x._shape) < nd:
        x = reshape(x, (1,) * (nd - len(x._shape)) + x._shape)
    shape = tuple(n * r for n, r in zip(x._shape, reps))
    if 0 in shape:          # no element to gather: no index lists (of up to 2**40 entries)
        return new(_buffer(x._buf.typecode), shape, x._dtype)
    lists = [list(range(n)) * r for n, r in zip(x._shape, reps)]
    return gather_lists(x, lists)
