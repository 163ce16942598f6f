"""Indexing: ``x[key]``, ``x[key] = value``, take and take_along_axis.

https://data-apis.org/array-api/2025.12/API_specification/indexing.html
https://data-apis.org/array-api/2025.12/API_specification/indexing_functions.html

Integers, slices, ``...`` and ``None`` give views.  Integer arrays (with integers beside them
counting as 0-d arrays, as in NumPy) select by the broadcast of the arrays; when they are
adjacent in the key their axes replace the indexed ones in place, otherwise they come first.
A boolean array stands for the integer arrays of its ``nonzero()``.  Both build the list of
element offsets of the result directly, so the cost is linear in the result.
"""

from __future__ import annotations

import operator
from operator import itemgetter
from itertools import compress, repeat
from math import prod
from typing import Any

from ._array import Array, new, view
from ._dtypes import DType
from ._layout import broadcast_shape, c_strides, filled, from_values

__all__ = ["getitem", "setitem", "take", "take_along_axis", "nonzero_lists"]

_index = operator.index


def _err(msg: str) -> IndexError:
    return IndexError(f"__getitem__(key): {msg}")


def _int_key(x: Array, i: Any, axis: int) -> int:
    n = x._shape[axis]
    if not -n <= i < n:
        raise _err(f"index {i} is out of bounds for axis {axis} with size {n}")
    return i + n if i < 0 else i


def nonzero_lists(m: Array) -> list[list[int]]:
    """The coordinates of the nonzero elements of ``m``, one list per axis (C order)."""
    vals = m._vals()
    shape = m._shape
    flat = list(compress(range(len(vals)), vals))
    out = []
    for n, s in zip(shape, c_strides(shape)):
        out.append([(i // s) % n for i in flat] if n != 1 else [0] * len(flat))
    return out


_BOOL_AXIS = object()     # a 0-d boolean index: a new axis of length 1 (True) or 0 (False)


class _Plan:
    """A parsed key: the basic view (shape, strides, offset) plus, for advanced keys,
    the offsets of the selected elements."""

    __slots__ = ("shape", "strides", "offset", "offsets", "empty")

    def __init__(self) -> None:
        self.offsets: list[int] | None = None
        self.empty = False


def _plan(x: Array, key: Any) -> _Plan:
    entries = list(key) if type(key) is tuple else [key]
    # 0-d arrays: integers stand for ints, booleans for a new axis of length 1 or 0
    bool_scalar = None
    has_array = False
    for i, e in enumerate(entries):
        t = type(e)
        if t is Array:
            if not e._shape:
                if e._dtype.kind in "iu":
                    entries[i] = e._scalar()
                elif e._dtype.kind == "b":
                    bool_scalar = (bool_scalar if bool_scalar is not None else True) and \
                        e._scalar()
                    entries[i] = _BOOL_AXIS
                else:
                    raise _err(f"arrays used as indices must be of integer or boolean dtype, "
                               f"got {e._dtype.name}")
            else:
                has_array = True
        elif t is bool:
            bool_scalar = (bool_scalar if bool_scalar is not None else True) and e
            entries[i] = _BOOL_AXIS
    if has_array:
        expanded: list[Any] = []
        for e in entries:
            if type(e) is Array and e._dtype.kind == "b":
                expanded.append(("mask", e))
            else:
                expanded.append(e)
        entries = expanded
    # expand the ellipsis
    consumed = 0
    ellipsis = -1
    for i, e in enumerate(entries):
        if e is Ellipsis:
            if ellipsis >= 0:
                raise _err("an index can only have a single ellipsis ('...')")
            ellipsis = i
        elif e is None or e is _BOOL_AXIS:
            continue
        elif type(e) is tuple:
            consumed += e[1].ndim          # a boolean mask consumes its dimensions
        else:
            consumed += 1
    ndim = len(x._shape)
    if consumed > ndim:
        raise _err(f"too many indices for an array of {ndim} dimensions: {consumed} given")
    fill = [slice(None)] * (ndim - consumed)
    if ellipsis >= 0:
        entries[ellipsis:ellipsis + 1] = fill
    else:
        entries.extend(fill)
    shape: list[int] = []
    strides: list[int] = []
    offset = x._offset
    axis = 0
    adv: list[tuple[int, Any]] = []       # (axis, index array or int)
    adv_pos: list[int] = []               # positions in the output dims list
    bool_dim = -1
    xs, xt = x._shape, x._strides
    for pos, e in enumerate(entries):
        t = type(e)
        if t is slice:
            n = xs[axis]
            start, stop, step = e.indices(n)
            length = len(range(start, stop, step))
            s = xt[axis]
            shape.append(length)
            strides.append(s * step)
            if length:
                offset += start * s
            axis += 1
        elif e is None:
            shape.append(1)
            strides.append(0)
        elif e is _BOOL_AXIS:
            bool_dim = len(shape)
            shape.append(1)
            strides.append(0)
        elif t is Array:
            if e._dtype.kind not in "iu":
                raise _err(f"arrays used as indices must be of integer or boolean dtype, got "
                           f"{e._dtype.name}")
            adv.append((axis, e))
            adv_pos.append(pos)
            axis += 1
        elif t is tuple:           # a boolean mask over the next m.ndim axes
            m = e[1]
            ms = m._shape
            for j, n in enumerate(ms):
                if n != xs[axis + j] and n != 0:      # a zero-length mask selects nothing
                    raise _err(f"boolean index of shape {ms} does not match the indexed array "
                               f"of shape {xs}")
            coords = nonzero_lists(m)
            for j, c in enumerate(coords):
                adv.append((axis + j, c))
                adv_pos.append(pos)
            axis += len(ms)
        else:
            try:
                i = _index(e)
            except TypeError:
                raise _err(f"only integers, slices, ellipsis, None and integer or boolean "
                           f"arrays are valid indices, got {t.__name__}") from None
            if has_array:
                adv.append((axis, _int_key(x, i, axis)))
                adv_pos.append(pos)
            else:
                offset += _int_key(x, i, axis) * xt[axis]
            axis += 1
    plan = _Plan()
    if not adv:
        plan.shape = tuple(shape)
        plan.strides = tuple(strides)
        plan.offset = offset
        if bool_scalar is False:
            plan.shape = plan.shape[:bool_dim] + (0,) + plan.shape[bool_dim + 1:]
        return plan
    if bool_scalar is not None:
        raise _err("a boolean scalar cannot be combined with integer or boolean arrays")
    # advanced: broadcast the index arrays; contiguous group stays in place
    idx_shapes = []
    for _, e in adv:
        if type(e) is int:
            idx_shapes.append(())
        elif type(e) is list:
            idx_shapes.append((len(e),))
        else:
            idx_shapes.append(e._shape)
    bshape: tuple[int, ...] = ()
    for s in idx_shapes:
        try:
            bshape = broadcast_shape(bshape, s)
        except ValueError:
            raise _err(f"shape mismatch: indexing arrays could not be broadcast together with "
                       f"shapes {idx_shapes}") from None
    bsize = prod(bshape)
    adv_offs = [0] * bsize if bsize else []
    for ax, e in adv:
        n = xs[ax]
        stride = xt[ax]
        if type(e) is int:
            if bsize:
                d = e * stride
                adv_offs = [o + d for o in adv_offs]
            continue
        if type(e) is list:
            vals = e
            arr_shape = (len(e),)
        else:
            vals = e._vals()
            arr_shape = e._shape
            for v in vals:
                if not -n <= v < n:
                    raise _err(f"index {v} is out of bounds for axis {ax} with size {n}")
            if any(v < 0 for v in vals):
                vals = [v + n if v < 0 else v for v in vals]
        if arr_shape != bshape:
            pad = len(bshape) - len(arr_shape)
            st = [0] * len(bshape)
            cs = c_strides(arr_shape)
            for j, (m, c) in enumerate(zip(arr_shape, cs)):
                if m != 1:
                    st[pad + j] = c
            from ._layout import offsets
            pick = offsets(bshape, tuple(st), 0)
            vals = [vals[p] for p in pick]
        adv_offs = [o + v * stride for o, v in zip(adv_offs, vals)]
    uniq = sorted(set(adv_pos))
    contiguous = uniq == list(range(uniq[0], uniq[0] + len(uniq)))
    if contiguous:
        # output dims: basic dims before the group, the broadcast dims, basic dims after
        first = adv_pos[0]
        before = sum(1 for p, e in enumerate(entries[:first]) if type(e) is slice or e is None)
    else:
        before = 0
    dims: list[tuple[int, int] | None] = [(n, s) for n, s in zip(shape, strides)]
    dims.insert(before, None)
    offs = [offset]
    out_shape: list[int] = []
    for d in dims:
        if d is None:
            offs = [o + a for o in offs for a in adv_offs]
            out_shape.extend(bshape)
        else:
            n, s = d
            steps = [k * s for k in range(n)]
            offs = [o + st for o in offs for st in steps]
            out_shape.append(n)
    plan.shape = tuple(out_shape)
    plan.offsets = offs
    return plan


def getitem(x: Array, key: Any, /) -> Array:
    """``x[key]``: a view for basic keys, a new array for advanced ones."""
    t = type(key)
    shape = x._shape
    if t is int:
        if not shape:
            raise _err("a 0-dimensional array cannot be indexed by an integer")
        n = shape[0]
        if not -n <= key < n:
            raise _err(f"index {key} is out of bounds for axis 0 with size {n}")
        if key < 0:
            key += n
        return view(x, shape[1:], x._strides[1:], x._offset + key * x._strides[0])
    if t is tuple and len(key) == len(shape):
        off = x._offset
        for i, n, s in zip(key, shape, x._strides):
            if type(i) is not int:
                break
            if not -n <= i < n:
                break
            off += (i + n if i < 0 else i) * s
        else:
            return view(x, (), (), off)
    elif t is Array and key._dtype.kind == "b" and key._shape == shape and shape:
        vals = x._vals()
        mask = key._vals()
        picked = [v for v, m in zip(vals, mask) if m]
        return new(from_values(picked, x._dtype), (len(picked),), x._dtype)
    plan = _plan(x, key)
    if plan.offsets is None:
        return view(x, plan.shape, plan.strides, plan.offset)
    return _gather_offsets(x, plan.offsets, plan.shape)


def _gather_offsets(x: Array, offs: list[int], shape: tuple[int, ...]) -> Array:
    buf = x._buf
    dt = x._dtype
    if not offs:
        return new(from_values([], dt), shape, dt)
    if dt.w == 1:
        return new(from_values([buf[o] for o in offs], dt), shape, dt)
    vals = [complex(buf[2 * o], buf[2 * o + 1]) for o in offs]
    return new(from_values(vals, dt), shape, dt)


def _value_buffer(x: Array, value: Any, shape: tuple[int, ...]) -> Any:
    """``value`` as a contiguous buffer of x's dtype, broadcast to ``shape``."""
    dt = x._dtype
    n = prod(shape)
    if type(value) is Array:
        vd = value._dtype
        if vd is not dt:
            if dt._promote.get(vd) is not dt:
                raise TypeError(f"__setitem__(value): a value of dtype {vd.name} cannot be "
                                f"stored in an array of dtype {dt.name}")
        try:
            b = broadcast_shape(shape, value._shape)
        except ValueError:
            b = None
        if b != shape:
            raise ValueError(f"__setitem__(value): shape {value._shape} does not broadcast to "
                             f"the indexed shape {shape}")
        if value._size == 1:
            return filled(_convert(value._vals()[0], vd, dt), n, dt)
        if value._shape == shape:
            vals = value._vals()
        else:
            from ._elementwise import broadcast_values
            vals = broadcast_values(value, shape)
        if vd is not dt:
            vals = [_convert(v, vd, dt) for v in vals]
        return from_values(vals, dt)
    from ._elementwise import _scalar_dtype, scalar_value
    if type(value) not in (bool, int, float, complex):
        raise TypeError(f"__setitem__(value): expected an array or a Python scalar, got "
                        f"{type(value).__name__}")
    if _scalar_dtype(dt, value, "__setitem__") is not dt:
        raise TypeError(f"__setitem__(value): a Python {type(value).__name__} cannot be stored "
                        f"in an array of dtype {dt.name}")
    return filled(scalar_value(value, dt, "__setitem__"), n, dt)


def _convert(v: Any, src: DType, dst: DType) -> Any:
    if dst.kind == "c":
        return complex(v)
    if dst.kind == "f":
        return float(v)
    return v


def setitem(x: Array, key: Any, value: Any, /) -> None:
    """``x[key] = value``, written into x's buffer (views see the change)."""
    if type(key) is Array and key._dtype.kind == "b" and key._shape == x._shape and x._shape:
        mask = key._vals()
        count = sum(mask)
        src = _value_buffer(x, value, (count,))
        from ._layout import offsets
        all_offs = offsets(x._shape, x._strides, x._offset)
        _write_offsets(x, [o for o, m in zip(all_offs, mask) if m], src)
        return
    plan = _plan(x, key)
    if plan.offsets is None:
        target = view(x, plan.shape, plan.strides, plan.offset)
        if target._size == 0:
            return
        target._write(_value_buffer(x, value, plan.shape))
        return
    _write_offsets(x, plan.offsets, _value_buffer(x, value, plan.shape))


def _write_offsets(x: Array, offs: list[int], src: Any) -> None:
    buf = x._buf
    if x._dtype.w == 1:
        for o, v in zip(offs, src):
            buf[o] = v
    else:
        for j, o in enumerate(offs):
            buf[2 * o] = src[2 * j]
            buf[2 * o + 1] = src[2 * j + 1]


# -------------------------------------------------------------- functions
def _check(x: Any, function: str, argument: str = "x") -> Array:
    if type(x) is not Array:
        raise TypeError(f"{function}({argument}): expected a reference array, got "
                        f"{type(x).__name__}")
    return x


def _axis(axis: Any, ndim: int, function: str) -> int:
    a = _index(axis)
    if not -ndim <= a < ndim:
        raise IndexError(f"{function}(axis): axis {a} is out of bounds for {ndim} dimensions")
    return a + ndim if a < 0 else a


def take(x: Array, indices: Array, /, *, axis: int | None = None) -> Array:
    """Elements of ``x`` at ``indices`` along ``axis``."""
    x = _check(x, "take")
    indices = _check(indices, "take", "indices")
    if indices._dtype.kind not in "iu":
        raise TypeError(f"take(indices): expected an integer array, got {indices._dtype.name}")
    if axis is None:
        if len(x._shape) != 1:
            raise ValueError(f"take(axis): axis is required for a {len(x._shape)}-D array")
        ax = 0
    else:
        ax = _axis(axis, len(x._shape), "take")
    if len(x._shape) == 1 and len(indices._shape) == 1 and x._dtype.w == 1:
        # one C-speed gather from the buffer
        n = x._shape[0]
        idx = indices._vals()
        if idx and (min(idx) < -n or max(idx) >= n):
            raise IndexError(f"take(indices): an index is out of bounds for size {n}")
        if idx and min(idx) < 0:
            idx = [i + n if i < 0 else i for i in idx]
        s, o = x._strides[0], x._offset
        if s != 1 or o:
            idx = [o + i * s for i in idx]
        if len(idx) > 1:
            got = list(itemgetter(*idx)(x._buf))
        else:
            got = [x._buf[i] for i in idx]
        return new(from_values(got, x._dtype), (len(idx),), x._dtype)
    key = (slice(None),) * ax + (indices,)
    return getitem(x, key)


def take_along_axis(x: Array, indices: Array, /, *, axis: int = -1) -> Array:
    """Elements of ``x`` at ``indices`` along ``axis``, other axes matched by position."""
    x = _check(x, "take_along_axis")
    indices = _check(indices, "take_along_axis", "indices")
    if indices._dtype.kind not in "iu":
        raise TypeError(f"take_along_axis(indices): expected an integer array, got "
                        f"{indices._dtype.name}")
    nd = len(x._shape)
    if len(indices._shape) != nd:
        raise ValueError(f"take_along_axis(indices): expected {nd} dimensions, got "
                         f"{len(indices._shape)}")
    ax = _axis(axis, nd, "take_along_axis")
    xs = list(x._shape)
    ishape = list(indices._shape)
    xs_rest = xs[:ax] + [1] + xs[ax + 1:]
    is_rest = ishape[:ax] + [1] + ishape[ax + 1:]
    rest = broadcast_shape(tuple(xs_rest), tuple(is_rest))
    out_shape = rest[:ax] + (ishape[ax],) + rest[ax + 1:]
    from ._elementwise import broadcast_values
    bi = view(indices, indices._shape, indices._strides, indices._offset)
    ivals = broadcast_values(bi, out_shape) if indices._shape != out_shape else indices._vals()
    if type(ivals) is repeat:
        ivals = [next(ivals)] * prod(out_shape)
    n = xs[ax]
    # x broadcast to the output shape, with its own axis kept whole
    st = list(x._strides)
    bx_shape = list(out_shape)
    bx_shape[ax] = n
    for i in range(nd):
        if i != ax and xs[i] == 1 and out_shape[i] != 1:
            st[i] = 0
    from ._layout import offsets
    ostrides = tuple(0 if i == ax else st[i] for i in range(nd))
    base = offsets(tuple(out_shape), ostrides, x._offset)
    s = st[ax]
    for v in ivals:
        if not -n <= v < n:
            raise IndexError(f"take_along_axis(indices): index {v} is out of bounds for axis "
                             f"{ax} with size {n}")
    offs = [b + (v + n if v < 0 else v) * s for b, v in zip(base, ivals)]
    return _gather_offsets(x, offs, tuple(out_shape))
