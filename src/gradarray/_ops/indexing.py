"""Indexing: ``x[key]``, ``x[key] = value``, take, take_along_axis.

https://data-apis.org/array-api/2025.12/API_specification/indexing.html
https://data-apis.org/array-api/2025.12/API_specification/indexing_functions.html

Keys are validated here, once, for every backend: integers (bounds-checked), slices,
``...``, ``None``, integer arrays (with integers, possibly beside slices as one contiguous
group) and a boolean array as the sole index.  Gradients of every kind of key go through
one scatter-add primitive, ``index_add``, which backends may accelerate (kernel
``"index_add"``).
"""

from __future__ import annotations

import operator
from typing import Any

from .. import _dtypes
from .._array import Array
from .._call import check_array, device_mismatch, scalar_dtype, without_head
from .._dtypes import INTEGER
from ..autograd.engine import record
from ..autograd.grad_mode import STATE
from ..autograd.rules import defvjp
from ._util import normalize_axis
from ._views import ViewOf

__all__ = ["getitem", "setitem", "take", "take_along_axis", "index_add"]

_new = Array._new


class _Key:
    """A validated key: the native key, and what kind of indexing it does."""

    __slots__ = ("native", "basic", "has_none")

    def __init__(self, native: Any, basic: bool, has_none: bool) -> None:
        self.native = native
        self.basic = basic          # ints, slices, ..., None only (no arrays)
        self.has_none = has_none


def _index_error(function: str, msg: str) -> IndexError:
    return IndexError(f"{function}(key): {msg}")


def parse_key(x: Array, key: Any, function: str) -> _Key:
    """Validate ``key`` for ``x`` as the standard says and build the native key."""
    entries = key if type(key) is tuple else (key,)
    shape = x.shape
    ndim = len(shape)
    out: list[Any] = []
    n_axes = 0          # single-axis expressions, counting a boolean array's dimensions
    ellipsis_at = -1
    has_none = False
    arrays: list[int] = []     # positions (in entries) of integer arrays
    ints: list[int] = []
    slices: list[int] = []
    mask = False
    for pos, e in enumerate(entries):
        t = type(e)
        if t is Array:
            if e._device is not x._device:
                raise device_mismatch(function, x._device, e._device, "self, key")
            if e._dtype is _dtypes.bool:
                if len(entries) != 1 and not (len(entries) == 2 and entries[1] is Ellipsis):
                    raise _index_error(function, "a boolean array must be the sole index")
                mshape = e.shape
                if e.ndim > ndim or any(m not in (d, 0) for m, d in zip(mshape, shape)):
                    raise _index_error(function, f"boolean index of shape {mshape} does not match "
                                       f"the indexed array of shape {shape}")
                n_axes += e.ndim
                mask = True
                out.append(e._native)
            elif e._dtype in INTEGER:
                arrays.append(pos)
                n_axes += 1
                out.append(e._native)
            else:
                raise _index_error(function, f"arrays used as indices must have an integer or "
                                   f"boolean dtype, got {e._dtype.name}")
        elif e is None:
            has_none = True
            out.append(None)
        elif e is Ellipsis:
            if ellipsis_at >= 0:
                raise _index_error(function, "an index can only have a single ellipsis ('...')")
            ellipsis_at = len(out)
            out.append(Ellipsis)
        elif t is slice:
            out.append(_check_slice(e, function))
            slices.append(pos)
            n_axes += 1
        elif t is bool:
            if len(entries) != 1:
                raise _index_error(function, "a Python bool index must be the sole index")
            mask = True
            out.append(x._device.ns.asarray(e, device=x._device.native))
        else:
            try:
                i = operator.index(e)
            except TypeError:
                raise _index_error(
                    function, f"only integers, slices (':'), ellipsis ('...'), None and integer "
                    f"or boolean arrays are valid indices, got {type(e).__name__}") from None
            ints.append(pos)
            out.append(i)
            n_axes += 1
    if n_axes > ndim:
        raise _index_error(function, f"too many indices for an array of {ndim} dimension"
                           f"{'s' if ndim != 1 else ''}: {n_axes} were given")
    # bounds of integer indices (a boolean mask is always the sole index, so never beside
    # one), and slices clipped to their axis: the standard leaves out-of-range slice bounds
    # unspecified (array-api-strict refuses them), Python clips them
    if ints or slices:
        axis = 0
        for pos, e in enumerate(out):
            if e is None:
                continue
            if e is Ellipsis:
                axis += ndim - n_axes
                continue
            if pos in ints:
                n = shape[axis]
                if n is not None and not -n <= e < n:
                    raise _index_error(function, f"index {e} is out of bounds for axis {axis} "
                                       f"with size {n}")
            elif pos in slices:
                n = shape[axis]
                if n is not None and not (_within(e.start, n) and _within(e.stop, n)):
                    out[pos] = _clip_slice(e, n)
            axis += 1
    if arrays:
        if has_none:
            raise _index_error(function, "integer array indices cannot be combined with None; "
                               "use expand_dims")
        group = sorted(arrays + ints)
        if group[-1] - group[0] + 1 != len(group):
            raise _index_error(function, "integer arrays and integers must form one contiguous "
                               "group of indices (use take or permute_dims for other layouts)")
    if ellipsis_at < 0 and not mask and not arrays:
        # keeps 0-d results arrays on every backend (NumPy gives scalars); not beside integer
        # arrays, which array-api-strict accepts only with integers
        out.append(Ellipsis)
    native = out[0] if len(out) == 1 and mask else tuple(out)
    return _Key(native, not arrays and not mask, has_none)


def _within(bound: int | None, n: int) -> bool:
    return bound is None or -n <= bound <= n


def _clip_slice(s: slice, n: int) -> slice:
    """The slice selecting what ``s`` selects on an axis of size ``n``, with in-range bounds."""
    start, stop, step = s.indices(n)
    if len(range(start, stop, step)) == 0:
        return slice(0, 0, step)
    if step < 0 and stop < 0:
        return slice(start, None, step)      # down to the first element
    return slice(start, stop, step)


def _backend_index_error(function: str, dev: Any, exc: IndexError) -> IndexError:
    return IndexError(f"{function}(key): the {dev.backend_name} backend refuses this key "
                      f"(integer arrays beside slices, or setting through integer arrays, are "
                      f"left to the library by the standard): {exc}")


def _check_slice(s: slice, function: str) -> slice:
    parts = []
    for name in ("start", "stop", "step"):
        v = getattr(s, name)
        if v is None:
            parts.append(None)
            continue
        if type(v) is bool:
            raise _index_error(function, f"slice {name} must be an integer or None, got {v!r}")
        try:
            parts.append(operator.index(v))
        except TypeError:
            raise _index_error(function, f"slice {name} must be an integer or None, got "
                               f"{type(v).__name__}") from None
    if parts[2] == 0:
        raise ValueError(f"{function}(key): slice step cannot be zero")
    return slice(*parts)


def _basic_key(x: Array, key: Any) -> Any:
    """The native key of the commonest keys (ints and slices of ints, at most one per axis),
    or None to take the general path."""
    entries = key if type(key) is tuple else (key,)
    shape = x._native.shape
    if len(entries) > len(shape):
        return None
    for e, n in zip(entries, shape):
        t = type(e)
        if t is int:
            if not -n <= e < n:
                return None
        elif t is slice:
            # in-range bounds only: the general path clips the others for every backend
            if not ((e.start is None or (type(e.start) is int and -n <= e.start <= n)) and
                    (e.stop is None or (type(e.stop) is int and -n <= e.stop <= n)) and
                    (e.step is None or (type(e.step) is int and e.step != 0))):
                return None
        else:
            return None
    return entries + (Ellipsis,)


def getitem(x: Array, key: Any) -> Array:
    """``x[key]`` (see the module docstring for the keys).

    With a basic key (integers, slices, ``...``, None) the result is a view: it shares
    ``x``'s memory and version counter, and in-place changes through it are recorded on
    ``x`` too (PyTorch's view semantics).
    """
    nkey = _basic_key(x, key)
    basic = True
    if nkey is None:
        k = parse_key(x, key, "__getitem__")
        nkey, basic = k.native, k.basic
    dev = x._device
    try:
        native = x._native[nkey]
    except IndexError as exc:   # what the standard leaves to the backend, and it refuses
        raise _backend_index_error("__getitem__", dev, exc) from exc
    out = _new(native, x._dtype, dev)
    if basic:
        vc = x._vc   # a view shares its base's version counter
        if vc is None:
            vc = x._vc = [0]
        out._vc = vc
        out._view = (x, key)
    if x._ag is not None and STATE.enabled:
        record("getitem", out, {"x": x, "key": key, "shape": x.shape, "basic": basic})
        if basic and out._ag is not None:
            out._ag.view_version = out._vc[0]
    return out


def record_view(base: Array, key: Any, view: Array) -> None:
    """Record ``view`` as ``base[key]`` of the base's current history (a view's refresh),
    or as the function a :class:`ViewOf` key names."""
    if type(key) is ViewOf:
        key.refresh(base, view)
    else:
        record("getitem", view, {"x": base, "key": key, "shape": base.shape, "basic": True})


def _getitem_rule(g: Array, key: Any, shape: tuple[int, ...], basic: bool) -> Array:
    # only the shape of x is needed: x itself may change in place afterwards (a buffer
    # filled step by step) without making this gradient wrong
    if basic:
        z = zeros(shape, dtype=g._dtype, device=g._device)
        z[key] = g
        return z
    return _scatter_by_key(shape, key, g)


def _scatter_by_key(shape: tuple[int, ...], key: Any, g: Array) -> Array:
    """The gradient of ``x[key]`` for any key: add g at the linear positions key selects."""
    size = 1
    for d in shape:
        size *= d
    lin = reshape(arange(size, device=g._device), shape)
    sel = lin[key]
    flat = index_add((size,), 0, reshape(sel, (-1,)), reshape(g, (-1,)))
    return reshape(flat, shape)


defvjp("getitem", x=_getitem_rule)


# ------------------------------------------------------------------- in place
def _view_chain(x: Array) -> list[Array]:
    """The bases of ``x`` (innermost first), for views from basic indexing."""
    out = []
    v = x._view
    while v is not None:
        out.append(v[0])
        v = getattr(v[0], "_view", None)
    return out


def inplace_recorded(x: Array, other_grad: bool) -> bool:
    """Whether an in-place change of ``x`` must be recorded (grad mode is on and ``x``, the
    new value, or a base that ``x`` is a view of requires grad); raises where PyTorch does."""
    if not STATE.enabled:
        return False
    bases = _view_chain(x) if x._view is not None else []
    if not (other_grad or x._ag is not None or any(b._ag is not None for b in bases)):
        return False
    return True


def check_inplace(x: Array, function: str) -> None:
    """PyTorch's rule: no in-place change of a leaf that requires grad (or of a view of one)
    while gradients are recorded."""
    ag = x._ag
    if ag is not None and x.grad_fn is None:
        raise RuntimeError(f"{function}(self): a leaf array that requires grad cannot be "
                           f"modified in place outside gradarray.no_grad(); compute a new array "
                           f"instead, or do the update inside no_grad() (as optimizers do)")
    v = x
    for b in _view_chain(x):
        if b._ag is not None and b.grad_fn is None:
            raise RuntimeError(f"{function}(self): a view of a leaf array that requires grad is "
                               f"being modified in place; compute a new array instead, or do "
                               f"the update inside no_grad()")
        how = v._view[1]
        if type(how) is ViewOf and how.kind == "fixed":
            raise RuntimeError(f"{function}(self): the result of {how.function}(x) shares the "
                               f"memory of an array in a graph, and an in-place change of it "
                               f"is not differentiated; change a copy (asarray(v, copy=True)), "
                               f"or the array itself")
        v = b


def current_history(x: Array) -> None:
    """Before a recorded in-place change of ``x``: bring its history up to date.  A view
    whose base changed since is re-recorded from it (as reading ``grad_fn`` does), and so is
    a view with no history whose base requires grad (made under ``no_grad()``, or before its
    base required grad), so that the change is recorded on the base element by element."""
    if x._ag is not None:
        x.grad_fn         # noqa: B018  (refreshes a stale view)
    elif x._view is not None and any(b._ag is not None for b in _view_chain(x)):
        from ..autograd.engine import refresh_view
        refresh_view(x)


def keep_saved(x: Array) -> None:
    """Before a recorded in-place change overwrites ``x``'s memory: the node that produced
    ``x`` (or a base ``x`` is a view of), if it saved that very value (the ``out`` of exp,
    sqrt, std, divide, max, svd...), keeps a private copy of it, so its gradient still uses
    what the forward pass saw.  PyTorch raises at backward here instead; library code does
    this all the time (scikit-learn's ``scale[scale == 0] = 1`` on the output of sqrt, SciPy's
    ``xpx.at(m, ~isfinite(m)).set(0)`` on the output of max), and the change itself is
    recorded, so the gradient is right.  Values saved by other consumers (``b = a * a`` saves
    ``a``) are still detected at backward, as is a change made under no_grad (not recorded).
    """
    for a in (x, *_view_chain(x)) if x._view is not None else (x,):
        ag = a._ag
        vc = a._vc
        if ag is not None and vc is not None:
            keep_current(ag.grad_fn, vc)


def keep_current(node: Any, vc: list[int]) -> None:
    """The values ``node`` saved of the array with version counter ``vc`` (or of its views)
    become private copies, before that array's memory is overwritten: only values still
    current, as a stale one stays stale (and is reported at backward)."""
    from ..autograd.engine import saved_arrays
    for s_ in saved_arrays(node):
        if s_.vc is vc and s_.version == vc[0]:
            s_.detach_copy()


def write_native(x: Array, native: Any, key: Any = Ellipsis) -> None:
    """Store ``native`` into ``x``'s memory at ``key`` and bump its version counter."""
    try:
        x._native[key] = native
    except TypeError:
        if key is not Ellipsis:
            raise
        x._native = native        # immutable native arrays: rebind (no views can exist)
    except IndexError as exc:     # what the standard leaves to the backend, and it refuses
        raise _backend_index_error("__setitem__", x._device, exc) from exc
    except ValueError as exc:
        if key is Ellipsis:
            raise
        # the value does not broadcast to what the key selects
        raise ValueError(f"__setitem__(value): {without_head(exc)}") from exc
    vc = x._vc
    if vc is None:
        vc = x._vc = [0]
    vc[0] += 1


def after_inplace(x: Array) -> None:
    """Make the bases of a view changed in place record the change (PyTorch's CopySlices):
    ``base = setitem(base, key, view)`` up the chain of views."""
    v = x
    while True:
        if v._ag is not None and v._view is not None:
            v._ag.view_version = v._vc[0]
        view = v._view
        if view is None:
            return
        base, key = view
        bag = base._ag
        if bag is not None:
            base.grad_fn      # refreshes a stale history first  # noqa: B018
        if type(key) is ViewOf and v._ag is not None:
            key.write_back(base, v)          # the view covers its base one to one
        else:
            old = _identity(base)
            if old is not None or v._ag is not None:
                record("setitem", base, {"x": old, "key": Ellipsis if type(key) is ViewOf
                                         else key, "value": v if v._ag else None})
        v = base


def _identity(x: Array) -> Array | None:
    """An array standing for ``x``'s current history (an input edge; never saved)."""
    ag = x._ag
    if ag is None:
        return None
    from ..autograd.engine import AutogradMeta
    old = _new(x._native, x._dtype, x._device)
    old._ag = AutogradMeta(ag.grad_fn, ag.output_nr)
    return old


def setitem(x: Array, key: Any, value: Any) -> None:
    """``x[key] = value``, in ``x``'s memory; recorded when gradients flow (views of ``x``
    see the change, as they do without gradients)."""
    k = parse_key(x, key, "__setitem__")
    dev = x._device
    tv = type(value)
    if tv is Array:
        if value._device is not dev:
            raise device_mismatch("__setitem__", dev, value._device, "self, value")
        dt = x._dtype._promote.get(value._dtype)
        if dt is not x._dtype:
            raise TypeError(f"__setitem__(value): a value of dtype {value._dtype.name} cannot be "
                            f"stored in an array of dtype {x._dtype.name} without changing its "
                            f"dtype; cast it with astype first")
        nv = value._native if value._dtype is x._dtype else \
            dev.ns.astype(value._native, dev.to_native[x._dtype])
        vs = nv.shape
        if vs and vs[0] == 1:
            # NumPy also drops a value's leading 1s ((1, 2) into (2,)); the standard only
            # lets the value broadcast to what the key selects
            target = x._native[k.native].shape
            if len(vs) > len(target):
                raise ValueError(f"__setitem__(value): shape {vs} does not broadcast to the "
                                 f"indexed shape {target}")
    elif tv in (bool, int, float, complex):
        dt = scalar_dtype("__setitem__", "value", x._dtype, value)
        if dt is not x._dtype:
            raise TypeError(f"__setitem__(value): a Python {tv.__name__} cannot be stored in an "
                            f"array of dtype {x._dtype.name}")
        nv = value
    else:
        raise TypeError(f"__setitem__(value): expected an array or a Python scalar, got "
                        f"{tv.__name__}")
    value_grad = tv is Array and value._ag is not None
    if not inplace_recorded(x, value_grad):
        write_native(x, nv, k.native)
        return
    check_inplace(x, "__setitem__")
    current_history(x)
    old = _identity(x)
    keep_saved(x)
    write_native(x, nv, k.native)
    if old is not None or value_grad:
        record("setitem", x, {"x": old, "key": key, "value": value if value_grad else None})
    after_inplace(x)


def _setitem_x(g: Array, key: Any) -> Array:
    mask = zeros(g.shape, dtype=_dtypes.bool, device=g._device)
    mask[key] = True
    return where(mask, 0.0, g)


defvjp("setitem",
       x=_setitem_x,
       value=lambda g, key: g[key])


# -------------------------------------------------------------- functions
def take(x: Array, indices: Array, /, *, axis: int | None = None) -> Array:
    """Elements of ``x`` at the 1-D integer ``indices`` along ``axis``."""
    x = check_array(x, "take")
    indices = check_array(indices, "take", "indices")
    if indices._dtype not in INTEGER:
        raise TypeError(f"take(indices): expected an integer array, got {indices._dtype.name}")
    if indices.ndim != 1:
        raise ValueError(f"take(indices): expected a 1-D array, got {indices.ndim}-D")
    if indices._device is not x._device:
        raise device_mismatch("take", x._device, indices._device, "x, indices")
    if axis is None:
        if x.ndim != 1:
            raise ValueError(f"take(axis): axis is required for a {x.ndim}-D array")
        ax = 0
    else:
        # a 0-d x is taken from as the 1-element 1-D array it holds (NumPy and
        # array-api-strict do so): axis 0 or -1
        ax = normalize_axis(axis, max(x.ndim, 1), "take")
    dev = x._device
    try:
        native = dev.ns.take(x._native, indices._native, axis=ax)
    except IndexError as exc:   # bounds need the data: the backend checks them
        raise IndexError(f"take(indices): {exc}") from exc
    out = _new(native, x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("take", out, {"x": x, "indices": indices, "axis": ax, "shape": x.shape})
    return out


# the shape of x only: x may change in place afterwards without making this gradient wrong
defvjp("take", x=lambda g, shape, indices, axis: index_add(shape, axis, indices, g))


def take_along_axis(x: Array, indices: Array, /, *, axis: int = -1) -> Array:
    """Elements of ``x`` at ``indices`` along ``axis``, matching the other axes by position."""
    x = check_array(x, "take_along_axis")
    indices = check_array(indices, "take_along_axis", "indices")
    if indices._dtype not in INTEGER:
        raise TypeError(f"take_along_axis(indices): expected an integer array, got "
                        f"{indices._dtype.name}")
    if indices.ndim != x.ndim:
        raise ValueError(f"take_along_axis(indices): expected {x.ndim} dimensions like x, got "
                         f"{indices.ndim}")
    if indices._device is not x._device:
        raise device_mismatch("take_along_axis", x._device, indices._device, "x, indices")
    ax = normalize_axis(axis, x.ndim, "take_along_axis")
    xs = x.shape[:ax] + x.shape[ax + 1:]
    is_ = indices.shape[:ax] + indices.shape[ax + 1:]
    try:
        broadcast_shapes(xs, is_)
    except ValueError:
        raise ValueError(f"take_along_axis(x, indices): shapes {x.shape} and {indices.shape} "
                         f"are not broadcast compatible outside axis {ax}") from None
    dev = x._device
    try:
        native = dev.ns.take_along_axis(x._native, indices._native, axis=ax)
    except IndexError as exc:   # bounds need the data: the backend checks them
        raise IndexError(f"take_along_axis(indices): {exc}") from exc
    out = _new(native, x._dtype, dev)
    if x._ag is not None and STATE.enabled:
        record("take_along_axis", out, {"x": x, "indices": indices, "axis": ax,
                                        "shape": x.shape})
    return out


def _take_along_axis_rule(g: Array, shape: tuple[int, ...], indices: Array, axis: int) -> Array:
    # x as broadcast against indices (outside axis); the engine sums back to x's shape
    rest = broadcast_shapes(shape[:axis] + shape[axis + 1:],
                            indices.shape[:axis] + indices.shape[axis + 1:])
    bx = rest[:axis] + (shape[axis],) + rest[axis:]
    bi = rest[:axis] + (indices.shape[axis],) + rest[axis:]
    size = 1
    for d in bx:
        size *= d  # type: ignore[operator]
    lin = reshape(arange(size, device=g._device), bx)  # type: ignore[arg-type]
    sel = take_along_axis(lin, broadcast_to(indices, bi), axis=axis)  # type: ignore[arg-type]
    flat = index_add((size,), 0, reshape(sel, (-1,)), reshape(g, (-1,)))
    return reshape(flat, bx)  # type: ignore[arg-type]


defvjp("take_along_axis", x=_take_along_axis_rule)


# ------------------------------------------------------ scatter-add primitive
def index_add(shape: tuple[int, ...], axis: int, index: Array, values: Array) -> Array:
    """Zeros of ``shape`` with ``values`` added at ``index`` along ``axis`` (repeats add up).

    The transpose of ``take``; differentiable in ``values``.  Backends may provide a fast
    kernel ``"index_add"(out, axis, index, values)`` that adds into ``out`` and returns it.
    """
    dev = values._device
    dt = values._dtype
    kernel = dev.backend.kernels.get("index_add")
    if kernel is not None:
        base = dev.ns.zeros(shape, dtype=dev.to_native[dt], device=dev.native)
        out = _new(kernel(base, axis, index._native, values._native), dt, dev)
    else:
        from ..autograd.grad_mode import no_grad
        with no_grad():   # recorded below as one node, not as its parts
            out = _index_add_generic(shape, axis, index, values)
    if values._ag is not None and STATE.enabled:
        record("index_add", out, {"values": values, "index": index, "axis": axis})
    return out


def _index_add_generic(shape: tuple[int, ...], axis: int, index: Array, values: Array) -> Array:
    """index_add from standard functions: a one-hot matrix product, in chunks of indices.

    Exact (each sum is an ordinary sum) and bounded in memory; backends with a scatter-add
    of their own provide the ``index_add`` kernel instead.
    """
    n = shape[axis]
    rest = tuple(d for i, d in enumerate(shape) if i != axis)
    v = reshape(moveaxis(values, axis, 0), (index.shape[0], -1))
    m = index.shape[0]
    out = zeros((n, v.shape[1]), dtype=values._dtype, device=values._device)
    rows = reshape(arange(n, dtype=index._dtype, device=index._device), (n, 1))
    idx = index % n if n else index           # negative indices count from the end
    chunk = max(1, (1 << 22) // max(n, 1))
    for start in range(0, m, chunk):
        part = idx[start:start + chunk]
        onehot = astype(rows == reshape(part, (1, -1)), values._dtype)
        out = out + matmul(onehot, v[start:start + chunk])
    return moveaxis(reshape(out, (n,) + rest), 0, axis)


defvjp("index_add", values=lambda g, index, axis: take(g, index, axis=axis))


# sibling modules' functions used at call time (imported last: the modules import each other)
from .creation import arange, zeros  # noqa: E402
from .data_types import astype  # noqa: E402
from .linalg import matmul  # noqa: E402
from .manipulation import broadcast_shapes, broadcast_to, moveaxis, reshape  # noqa: E402
from .searching import where  # noqa: E402
