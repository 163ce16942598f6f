"""Manipulation functions, each beside its derivative rule.

https://data-apis.org/array-api/2025.12/API_specification/manipulation_functions.html

Rules that only undo a reshape (expand_dims, squeeze, broadcast_to) return ``g`` as is: the
engine brings every gradient back to its input's shape, summing broadcast axes.
"""

from __future__ import annotations

from math import prod as _prod
from typing import Any

from .._array import Array
from .. import _dtypes
from .._call import backend_error, check_array, promote_arrays
from .._dtypes import INTEGER
from ..autograd.engine import record, record_x
from ..autograd.grad_mode import STATE
from ..autograd.rules import defvjp
from ._util import check_int, normalize_axes, normalize_axis, same_device
from ._views import ViewOf, link_view

_MAX_SIZE = 2 ** 63 - 1

__all__ = ["broadcast_arrays", "broadcast_shapes", "broadcast_to", "concat", "expand_dims",
           "flip", "moveaxis", "permute_dims", "repeat", "reshape", "roll", "squeeze", "stack",
           "tile", "unstack"]

_new = Array._new


def _grad(*xs: Any) -> bool:
    if not STATE.enabled:
        return False
    return any(getattr(x, "_ag", None) is not None for x in xs)


def _unchecked(name: str, x: Array, arg: tuple[int, ...]) -> Array:
    """``name(x, arg)`` for reshape, permute_dims and broadcast_to with an ``arg`` known to be
    valid for ``x`` (squeeze's shape, matrix_transpose's axes, the rules' inverses), recorded
    as that function: the public functions check, then come here."""
    dev = x._device
    f = dev.fns.get(name) or dev.function(name)
    out = _new(f(x._native, arg), x._dtype, dev)
    if x._ag is not None:
        _track(name, x, out, arg)
    return out


def _track(name: str, x: Array, out: Array, arg: tuple[int, ...]) -> None:
    """For an ``x`` that requires grad: record ``out = name(x, arg)`` (reshape, permute_dims
    or broadcast_to) while gradients are recorded, and make ``out`` a tracked view of ``x``
    where the backend gave one."""
    if STATE.enabled:
        # what each rule reads: reshape the input's shape, permute_dims the axes
        record_x(name, out, x, {"shape": x._native.shape} if name == "reshape" else
                 {"axes": arg} if name == "permute_dims" else {})
    link_view(x, out, _RESHAPED if name == "reshape" else _BROADCAST
              if name == "broadcast_to" else _PERMUTED.get(arg) or _permuted(arg))


_RESHAPED = ViewOf("reshape")
_BROADCAST = ViewOf("fixed", ("broadcast_to", "broadcast_to", {}))
_PERMUTED: dict[tuple[int, ...], ViewOf] = {}     # by axes: made once each


def _permuted(axes: tuple[int, ...]) -> ViewOf:
    how = _PERMUTED[axes] = ViewOf("permute", axes)
    return how


def broadcast_shapes(*shapes: tuple[int | None, ...]) -> tuple[int | None, ...]:
    """The shape that arrays of the given shapes broadcast to (None: unknown size)."""
    return broadcast_shapes_for("broadcast_shapes", "shapes", shapes)


def broadcast_shapes_for(function: str, argument: str, shapes: tuple[Any, ...]
                         ) -> tuple[int | None, ...]:
    """``broadcast_shapes(*shapes)``, with errors that name ``function(argument)``."""
    ndim = 0
    for i, s in enumerate(shapes):
        if not isinstance(s, tuple):
            raise TypeError(f"{function}({argument}[{i}]): expected a tuple of ints, got {s!r}")
        ndim = max(ndim, len(s))
    out: list[int | None] = [1] * ndim
    for s in shapes:
        off = ndim - len(s)
        for i, d in enumerate(s):
            if d is not None and (type(d) is bool or not isinstance(d, int)):
                raise TypeError(f"{function}({argument}): expected tuples of ints or None, "
                                f"got {s!r}")
            if d is not None and d < 0:
                raise ValueError(f"{function}({argument}): expected non-negative sizes, got "
                                 f"{s!r}")
            cur = out[off + i]
            if d == 1:
                continue
            if cur == 1:
                out[off + i] = d
            elif d is None or cur is None:
                out[off + i] = None if (d is None and cur is None) else (d if cur is None else cur)
            elif cur != d:
                raise ValueError(f"{function}({argument}): shapes "
                                 f"{', '.join(map(str, shapes))} are not broadcast compatible "
                                 f"(size {cur} against {d})")
    return tuple(out)


def broadcast_to(x: Array, /, shape: tuple[int, ...]) -> Array:
    """``x`` broadcast to ``shape`` (a read-only view where the backend can)."""
    if type(x) is not Array:
        x = check_array(x, "broadcast_to")
    if type(shape) is not tuple:
        # a list too, as reshape takes: einops' repeat passes one (array-api-strict,
        # NumPy and PyTorch accept it)
        if not isinstance(shape, tuple | list):
            raise TypeError(f"broadcast_to(shape): expected a tuple of ints, got {shape!r}")
        shape = tuple(shape)
    for d in shape:
        if type(d) is not int:
            shape = tuple(check_int(d, "broadcast_to", "shape") for d in shape)
            break
    for d in shape:
        if d < 0:
            raise ValueError(f"broadcast_to(shape): expected non-negative sizes, got {shape}")
    if _prod(shape) > _MAX_SIZE:    # the reference backend's views could hold it
        raise ValueError(f"broadcast_to(shape): {shape} has more elements than an array can "
                         f"index (2**63 - 1)")
    if len(shape) < x.ndim or not _broadcasts(x.shape, shape):
        raise ValueError(f"broadcast_to(x, shape): cannot broadcast shape {x.shape} to {shape}")
    try:
        return _unchecked("broadcast_to", x, shape)
    except (ValueError, OverflowError, MemoryError) as exc:   # too large for the backend
        raise ValueError(f"broadcast_to(shape): cannot broadcast to {shape}: "
                         f"{exc or type(exc).__name__}") from exc


def _broadcasts(src: tuple[Any, ...], dst: tuple[int, ...]) -> bool:
    """Whether ``src`` broadcasts to ``dst`` (trailing axes equal or 1)."""
    for i in range(1, len(src) + 1):
        if src[-i] not in (1, dst[-i], None):
            return False
    return True


defvjp("broadcast_to", x=lambda g: g)


def broadcast_arrays(*arrays: Array) -> tuple[Array, ...]:
    """The arrays broadcast against each other."""
    arrays = tuple(check_array(a, "broadcast_arrays", f"arrays[{i}]") for i, a in enumerate(arrays))
    if not arrays:
        return ()
    same_device("broadcast_arrays", list(arrays))
    shape = broadcast_shapes_for("broadcast_arrays", "arrays", tuple(a.shape for a in arrays))
    return tuple(a if a.shape == shape else broadcast_to(a, shape) for a in arrays)  # type: ignore[arg-type]


def concat(arrays: tuple[Array, ...] | list[Array], /, *, axis: int | None = 0) -> Array:
    """Join arrays along an existing axis (along the flattened arrays if ``axis`` is None)."""
    arrays = _sequence(arrays, "concat")
    dev = same_device("concat", arrays)
    dt = promote_arrays("concat", *arrays, args="arrays")
    nd = arrays[0].ndim
    if axis is None:
        parts = [reshape(a, (-1,)) for a in arrays]
        return concat(parts, axis=0)
    if nd == 0:
        raise ValueError("concat(arrays): cannot concatenate 0-dimensional arrays; use stack")
    ax = normalize_axis(axis, nd, "concat")
    for i, a in enumerate(arrays):
        if a.ndim != nd:
            raise ValueError(f"concat(arrays): expected arrays of {nd} dimensions, arrays[{i}] has "
                             f"{a.ndim}")
        for d in range(nd):
            if d != ax and a.shape[d] != arrays[0].shape[d]:
                raise ValueError(f"concat(arrays): shapes {arrays[0].shape} and {a.shape} differ "
                                 f"outside axis {ax}")
    natives = [a._native if a._dtype is dt else dev.ns.astype(a._native, dev.to_native[dt])
               for a in arrays]
    out = _new(dev.ns.concat(natives, axis=ax), dt, dev)
    if _grad(*arrays):
        record("concat", out, {"arrays": arrays, "axis": ax,
                               "sizes": [a.shape[ax] for a in arrays]})
    return out


def _concat_rule(g: Array, axis: int, sizes: list[int]) -> list[Array]:
    out = []
    start = 0
    idx: list[Any] = [slice(None)] * g.ndim
    for n in sizes:
        idx[axis] = slice(start, start + n)
        out.append(g[tuple(idx)])
        start += n
    return out


defvjp("concat", sequence_args=("arrays",), arrays=_concat_rule)


def _sequence(arrays: Any, function: str) -> list[Array]:
    if not isinstance(arrays, list | tuple):
        raise TypeError(f"{function}(arrays): expected a tuple or list of arrays, got "
                        f"{type(arrays).__name__}")
    if not arrays:
        raise ValueError(f"{function}(arrays): expected at least one array")
    return [check_array(a, function, f"arrays[{i}]") for i, a in enumerate(arrays)]


def expand_dims(x: Array, /, axis: int | tuple[int, ...]) -> Array:
    """``x`` with new axes of size one at the positions ``axis`` (of the result)."""
    x = check_array(x, "expand_dims")
    axes = axis if isinstance(axis, tuple) else (axis,)
    n = x.ndim + len(axes)
    pos = sorted(normalize_axis(a, n, "expand_dims") for a in axes)
    if len(set(pos)) != len(pos):
        raise ValueError(f"expand_dims(axis): repeated axis in {axis}")
    shape = list(x.shape)
    for p in pos:
        shape.insert(p, 1)
    return _unchecked("reshape", x, tuple(shape))


def flip(x: Array, /, *, axis: int | tuple[int, ...] | None = None) -> Array:
    """``x`` with the order of elements reversed along ``axis`` (all axes if None)."""
    x = check_array(x, "flip")
    axes = normalize_axes(axis, x.ndim, "flip")
    dev = x._device
    out = _new(dev.ns.flip(x._native, axis=axes), x._dtype, dev)
    if x._ag is not None:
        if STATE.enabled:
            record("flip", out, {"x": x, "axis": axes})
        link_view(x, out, ViewOf("flip", axes))
    return out


defvjp("flip", x=lambda g, axis: flip(g, axis=axis))


def moveaxis(x: Array, source: int | tuple[int, ...], destination: int | tuple[int, ...], /
             ) -> Array:
    """``x`` with the axes ``source`` moved to the positions ``destination``."""
    x = check_array(x, "moveaxis")
    src = source if isinstance(source, tuple) else (source,)
    dst = destination if isinstance(destination, tuple) else (destination,)
    if len(src) != len(dst):
        raise ValueError(f"moveaxis(source, destination): expected as many source as destination "
                         f"axes, got {len(src)} and {len(dst)}")
    src = tuple(normalize_axis(a, x.ndim, "moveaxis", "source") for a in src)
    dst = tuple(normalize_axis(a, x.ndim, "moveaxis", "destination") for a in dst)
    if len(set(src)) != len(src) or len(set(dst)) != len(dst):
        raise ValueError("moveaxis(source, destination): repeated axis")
    order = [a for a in range(x.ndim) if a not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return permute_dims(x, tuple(order))


def permute_dims(x: Array, /, axes: tuple[int, ...]) -> Array:
    """``x`` with its axes permuted."""
    x = check_array(x, "permute_dims")
    if not isinstance(axes, tuple | list):
        raise TypeError(f"permute_dims(axes): expected a tuple of ints, got {axes!r}")
    norm = tuple(normalize_axis(a, x.ndim, "permute_dims", "axes") for a in axes)
    if len(norm) != x.ndim or sorted(norm) != list(range(x.ndim)):
        raise ValueError(f"permute_dims(axes): expected a permutation of {x.ndim} axes, got "
                         f"{tuple(axes)}")
    return _unchecked("permute_dims", x, norm)


def _permute_rule(g: Array, axes: tuple[int, ...]) -> Array:
    inverse = [0] * len(axes)
    for i, a in enumerate(axes):
        inverse[a] = i
    return _unchecked("permute_dims", g, tuple(inverse))


defvjp("permute_dims", x=_permute_rule)


def repeat(x: Array, repeats: int | Array, /, *, axis: int | None = None) -> Array:
    """Repeat each element of ``x`` ``repeats`` times along ``axis`` (the flattened x if None)."""
    x = check_array(x, "repeat")
    if axis is None:
        x = reshape(x, (-1,))
        ax = 0
    else:
        ax = normalize_axis(axis, x.ndim, "repeat")
    dev = x._device
    n = x.shape[ax]
    if type(repeats) is Array:
        if repeats._dtype not in INTEGER:
            raise TypeError(f"repeat(repeats): expected an integer array, got "
                            f"{repeats._dtype.name}")
        if repeats._device is not dev:
            from .._call import device_mismatch
            raise device_mismatch("repeat", dev, repeats._device, "x, repeats")
        if repeats.ndim != 1 or repeats.shape[0] not in (1, n):
            raise ValueError(f"repeat(repeats): expected a 1-D array of size 1 or {n}, got "
                             f"shape {repeats.shape}")
        nrep: Any = repeats._native
        if repeats._dtype.name == "uint64":   # NumPy cannot cast uint64 counts safely
            nrep = dev.ns.astype(nrep, dev.to_native[_dtypes.int64])
    else:
        nrep = check_int(repeats, "repeat", "repeats")
    if (type(nrep) is int and nrep < 0):
        raise ValueError(f"repeat(repeats): expected non-negative repetitions, got {nrep}")
    if x.size == 0 and (type(nrep) is int or not bool(dev.ns.any(nrep < 0))):
        # nothing to copy: NumPy would still loop over every repetition (minutes for 2**40)
        total = nrep * n if type(nrep) is int else (
            int(dev.ns.sum(nrep)) * (n if repeats.shape[0] == 1 else 1))  # type: ignore[union-attr]
        shape = x.shape[:ax] + (total,) + x.shape[ax + 1:]
        native = dev.ns.zeros(shape, dtype=dev.to_native[x._dtype], device=dev.native)
    else:
        try:
            native = dev.ns.repeat(x._native, nrep, axis=ax)
        except (ValueError, TypeError, OverflowError) as exc:   # negative counts in an array
            raise backend_error("repeat", "repeats", exc) from exc
    out = _new(native, x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("repeat", out, {"x": x, "repeats": repeats, "axis": ax, "shape": x.shape})
    return out


def _repeat_rule(g: Array, shape: tuple[int, ...], repeats: Any, axis: int) -> Array:
    if type(repeats) is int:
        split = list(shape)
        split.insert(axis + 1, repeats)
        return sum(reshape(g, tuple(split)), axis=axis + 1)
    n = shape[axis]
    idx = repeat(arange(n, device=g._device), repeats if repeats.shape[0] == n else
                 broadcast_to(repeats, (n,)))
    return index_add(shape, axis, idx, g)


defvjp("repeat", x=_repeat_rule)


def reshape(x: Array, /, shape: tuple[int, ...], *, copy: bool | None = None) -> Array:
    """``x`` with a new shape of the same size (one axis may be -1)."""
    if type(x) is not Array:
        x = check_array(x, "reshape")
    if copy is not None and type(copy) is not bool:
        raise TypeError(f"reshape(copy): expected True, False or None, got {copy!r}")
    if type(shape) is not tuple:
        if not isinstance(shape, list):
            raise TypeError(f"reshape(shape): expected a tuple of ints, got {shape!r}")
        shape = tuple(shape)
    known = 1
    unknown = 0
    for d in shape:                  # one pass: the types, the -1 and the product
        if type(d) is not int:
            shape = tuple(check_int(v, "reshape", "shape") for v in shape)
            return reshape(x, shape, copy=copy)
        if d >= 0:
            known *= d
        elif d == -1:
            unknown += 1
        else:
            unknown = 2
    if unknown > 1:
        raise ValueError(f"reshape(shape): invalid shape {shape}: at most one -1 and no other "
                         f"negative sizes")
    native = x._native
    xshape = native.shape
    try:
        size = _prod(xshape)
    except TypeError:                # a dimension of unknown size (None)
        size = None
    # (with -1 beside a 0, the size of the -1 axis is undefined: NumPy refuses it too)
    if size is not None and (size != known if not unknown else not known or size % known):
        raise ValueError(f"reshape(x, shape): cannot reshape an array of shape {xshape} "
                         f"(size {size}) into {shape}")
    if xshape == shape and not copy:
        return x
    if copy is None:            # _unchecked("reshape", x, shape), inline: the hottest view
        dev = x._device
        f = dev.fns.get("reshape") or dev.function("reshape")
        out = _new(f(native, shape), x._dtype, dev)
        if x._ag is not None:
            _track("reshape", x, out, shape)
        return out
    dev = x._device
    try:
        native = dev.ns.reshape(native, shape, copy=copy)
    except ValueError as exc:    # copy=False where the layout needs a copy
        raise ValueError(f"reshape(copy={copy}): {exc}") from exc
    out = _new(native, x._dtype, dev)
    if x._ag is not None:
        _track("reshape", x, out, shape)
    return out


defvjp("reshape", x=lambda g, shape: reshape(g, shape))


def roll(x: Array, /, shift: int | tuple[int, ...], *,
         axis: int | tuple[int, ...] | None = None) -> Array:
    """``x`` with elements shifted by ``shift`` along ``axis`` (the flattened array if None)."""
    x = check_array(x, "roll")
    if isinstance(shift, tuple):
        shift = tuple(check_int(s, "roll", "shift") for s in shift)
    else:
        shift = check_int(shift, "roll", "shift")
    if axis is None:
        if isinstance(shift, tuple):
            raise ValueError("roll(shift): a tuple of shifts needs a tuple of axes")
        ax: Any = None
    elif isinstance(axis, tuple):
        ax = tuple(normalize_axis(a, x.ndim, "roll") for a in axis)
        if not isinstance(shift, tuple) or len(shift) != len(ax):
            if isinstance(shift, tuple):
                raise ValueError(f"roll(shift, axis): expected as many shifts as axes, got "
                                 f"{len(shift)} and {len(ax)}")
    else:
        ax = normalize_axis(axis, x.ndim, "roll")
        if isinstance(shift, tuple):
            raise ValueError("roll(shift): a tuple of shifts needs a tuple of axes")
    dev = x._device
    out = _new(dev.ns.roll(x._native, shift, axis=ax), x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("roll", out, {"x": x, "shift": shift, "axis": ax})
    return out


def _roll_rule(g: Array, shift: Any, axis: Any) -> Array:
    neg = tuple(-s for s in shift) if isinstance(shift, tuple) else -shift
    return roll(g, neg, axis=axis)


defvjp("roll", x=_roll_rule)


def squeeze(x: Array, /, axis: int | tuple[int, ...]) -> Array:
    """``x`` without the axes ``axis``, which must have size one."""
    if type(x) is not Array:
        x = check_array(x, "squeeze")
    if axis is None:   # the standard names the axes; squeezing all is NumPy's extension
        raise TypeError("squeeze(axis): expected an int or a tuple of ints, got None")
    shape = x._native.shape
    if type(axis) is int and -len(shape) <= axis < len(shape):   # the common call, inline
        axes: tuple[int, ...] = (axis % len(shape),)
    else:
        axes = normalize_axes(axis, len(shape), "squeeze")
    for a in axes:
        if shape[a] != 1:
            raise ValueError(f"squeeze(axis): axis {a} has size {shape[a]}, not 1")
    return _unchecked("reshape", x, tuple(d for i, d in enumerate(shape) if i not in axes))


def stack(arrays: tuple[Array, ...] | list[Array], /, *, axis: int = 0) -> Array:
    """Join arrays of one shape along a new axis."""
    arrays = _sequence(arrays, "stack")
    dev = same_device("stack", arrays)
    dt = promote_arrays("stack", *arrays, args="arrays")
    shape = arrays[0].shape
    for i, a in enumerate(arrays):
        if a.shape != shape:
            raise ValueError(f"stack(arrays): expected arrays of one shape, got {shape} and "
                             f"{a.shape} (arrays[{i}])")
    ax = normalize_axis(axis, len(shape) + 1, "stack")
    natives = [a._native if a._dtype is dt else dev.ns.astype(a._native, dev.to_native[dt])
               for a in arrays]
    out = _new(dev.ns.stack(natives, axis=ax), dt, dev)
    if _grad(*arrays):
        record("stack", out, {"arrays": arrays, "axis": ax})
    return out


defvjp("stack", sequence_args=("arrays",), arrays=lambda g, axis: unstack(g, axis=axis))


def tile(x: Array, repetitions: tuple[int, ...], /) -> Array:
    """``x`` repeated ``repetitions[i]`` times along each axis."""
    x = check_array(x, "tile")
    if not isinstance(repetitions, tuple):
        raise TypeError(f"tile(repetitions): expected a tuple of ints, got {repetitions!r}")
    reps = tuple(check_int(r, "tile", "repetitions") for r in repetitions)
    if any(r < 0 for r in reps):
        raise ValueError(f"tile(repetitions): expected non-negative repetitions, got {reps}")
    dev = x._device
    out = _new(dev.ns.tile(x._native, reps), x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("tile", out, {"x": x, "repetitions": reps, "shape": x.shape})
    return out


def _tile_rule(g: Array, shape: tuple[int, ...], repetitions: tuple[int, ...]) -> Array:
    xshape = shape
    n = max(len(repetitions), len(xshape))
    reps = (1,) * (n - len(repetitions)) + repetitions
    shape = (1,) * (n - len(xshape)) + xshape
    split: list[int] = []
    for r, s in zip(reps, shape):
        split += [r, s]   # type: ignore[list-item]
    return reshape(sum(reshape(g, tuple(split)), axis=tuple(range(0, 2 * n, 2))), xshape)


defvjp("tile", x=_tile_rule)


def unstack(x: Array, /, *, axis: int = 0) -> tuple[Array, ...]:
    """The arrays obtained by splitting ``x`` along ``axis``."""
    x = check_array(x, "unstack")
    if x.ndim == 0:
        raise ValueError("unstack(x): expected an array with at least one dimension")
    ax = normalize_axis(axis, x.ndim, "unstack")
    dev = x._device
    outs = tuple(_new(n, x._dtype, dev) for n in dev.ns.unstack(x._native, axis=ax))
    if x._ag is not None:
        if STATE.enabled:
            record("unstack", outs, {"x": x, "axis": ax, "shape": x.shape})
        # each is x[..., i] of a basic key: a view like one from indexing
        lead = (slice(None),) * ax
        for i, o in enumerate(outs):
            link_view(x, o, lead + (i,))
    return outs


def _unstack_rule(g: tuple[Array | None, ...], shape: tuple[int, ...], axis: int) -> Array:
    part = shape[:axis] + shape[axis + 1:]
    some = next(gi for gi in g if gi is not None)
    parts = [gi if gi is not None else zeros(part, dtype=some._dtype, device=some._device)
             for gi in g]
    return stack(parts, axis=axis)


defvjp("unstack", x=_unstack_rule)


# sibling modules' functions used at call time (imported last: the modules import each other)
from .creation import arange, zeros  # noqa: E402
from .indexing import index_add  # noqa: E402
from .statistical import sum  # noqa: E402
