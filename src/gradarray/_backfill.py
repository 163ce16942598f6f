"""The functions a backend's older namespace lacks, composed from the ones it has.

A backend may implement an older version of the standard (2023.12 is the oldest the protocol
accepts), or, like array-api-strict, be switched to one.  The frontend calls every function
of 2025.12 on ``device.ns``; for such a backend ``device.ns`` is this module's ``backfill(ns)``:
the backend namespace plus the functions added after its version, written with the older
functions (on native arrays), or on the host through NumPy where the older standard has no
way to express them (``nextafter``, ``linalg.eig``).  A namespace that is already 2025.12 is
used as it is, so the common case costs nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from types import ModuleType
from typing import Any

__all__ = ["backfill"]


def _version(ns: Any) -> str:
    try:
        return str(getattr(ns, "__array_api_version__", "2023.12"))
    except Exception:   # a namespace without the attribute
        return "2023.12"


# ------------------------------------------------------------------ composed functions
def _reciprocal(ns: Any, x: Any, /) -> Any:
    return ns.divide(ns.ones_like(x), x)


def _count_nonzero(ns: Any, x: Any, /, *, axis: Any = None, keepdims: bool = False) -> Any:
    return ns.sum(ns.astype(x != ns.zeros_like(x), ns.int64), axis=axis, keepdims=keepdims)


def _take_along_axis(ns: Any, x: Any, indices: Any, /, *, axis: int = -1) -> Any:
    nd = x.ndim
    axis = axis % nd
    n = x.shape[axis]
    idx = ns.where(indices < 0, indices + n, indices) if n else indices
    rest = _broadcast(tuple(s for i, s in enumerate(x.shape) if i != axis),
                      tuple(s for i, s in enumerate(idx.shape) if i != axis))
    xs = rest[:axis] + (n,) + rest[axis:]
    ishape = rest[:axis] + (idx.shape[axis],) + rest[axis:]
    bx = ns.broadcast_to(x, xs)
    bi = ns.broadcast_to(idx, ishape)
    linear = None
    stride = 1
    for d in range(nd - 1, -1, -1):
        if d == axis:
            coord = bi
        else:
            shape = [1] * nd
            shape[d] = xs[d]
            coord = ns.reshape(ns.arange(xs[d], dtype=idx.dtype, device=idx.device),
                               tuple(shape))
        term = coord * stride
        linear = term if linear is None else linear + term
        stride *= xs[d]
    linear = ns.broadcast_to(linear, ishape)
    flat = ns.take(ns.reshape(bx, (-1,)), ns.reshape(linear, (-1,)), axis=0)
    return ns.reshape(flat, ishape)


def _broadcast(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    n = max(len(a), len(b))
    a = (1,) * (n - len(a)) + a
    b = (1,) * (n - len(b)) + b
    return tuple(x if y == 1 else y for x, y in zip(a, b))


def _cumulative_prod(ns: Any, x: Any, /, *, axis: int | None = None, dtype: Any = None,
                     include_initial: bool = False) -> Any:
    if axis is None:
        axis = 0
    if dtype is None:    # the accumulator of sum: small integers widen to the default one
        dtype = ns.sum(ns.zeros((0,), dtype=x.dtype, device=x.device)).dtype
    if x.dtype != dtype:
        x = ns.astype(x, dtype)
    axis = axis % x.ndim
    outer = x.shape[:axis] + x.shape[axis + 1:]
    parts = []
    if include_initial:
        parts.append(ns.ones(outer, dtype=dtype, device=x.device))
    running = None
    for s in ns.unstack(x, axis=axis):
        running = s if running is None else running * s
        parts.append(running)
    if not parts:
        return ns.reshape(x, x.shape)
    return ns.stack(parts, axis=axis)


def _isin(ns: Any, x1: Any, x2: Any, /, *, invert: bool = False) -> Any:
    hit = ns.any(ns.reshape(x1, (-1, 1)) == ns.reshape(x2, (1, -1)), axis=1)
    hit = ns.reshape(hit, x1.shape)
    return ns.logical_not(hit) if invert else hit


def _to_numpy(x: Any) -> Any:
    import numpy as np
    try:
        return np.from_dlpack(x)
    except Exception:   # a producer NumPy cannot import: through the buffer protocol
        return np.asarray(x)


def _host(ns: Any, fn: Callable[..., Any], *arrays: Any) -> Any:
    """``fn`` on NumPy copies of the arrays; the result back on the first array's device."""
    device = getattr(arrays[0], "device", None)
    out = fn(*(_to_numpy(a) if hasattr(a, "shape") else a for a in arrays))
    if isinstance(out, tuple):
        return tuple(ns.asarray(o, device=device) for o in out)
    return ns.asarray(out, device=device)


def _nextafter(ns: Any, x1: Any, x2: Any, /) -> Any:
    import numpy as np
    return _host(ns, np.nextafter, x1, x2)


def _complex_of(a: Any) -> Any:
    import numpy as np
    return np.complex64 if a.dtype in (np.float32, np.complex64) else np.complex128


def _eig(ns: Any, x: Any, /) -> Any:
    import numpy as np

    def eig(a: Any) -> tuple[Any, Any]:
        w, v = np.linalg.eig(a)    # NumPy returns real arrays when all eigenvalues are real
        c = _complex_of(a)
        return w.astype(c), v.astype(c)
    return _host(ns, eig, x)


def _eigvals(ns: Any, x: Any, /) -> Any:
    import numpy as np
    return _host(ns, lambda a: np.linalg.eigvals(a).astype(_complex_of(a)), x)


_ADDED: dict[str, dict[str, Callable[..., Any]]] = {
    "2024.12": {"reciprocal": _reciprocal, "count_nonzero": _count_nonzero,
                "take_along_axis": _take_along_axis, "cumulative_prod": _cumulative_prod,
                "nextafter": _nextafter},
    "2025.12": {"isin": _isin, "linalg.eig": _eig, "linalg.eigvals": _eigvals},
}


# ------------------------------------------------------------------ the namespace
class _Namespace(ModuleType):
    """A namespace: the backend's own attributes, then the composed functions."""

    def __init__(self, name: str, base: Any, added: dict[str, Any]) -> None:
        super().__init__(name)
        self.__dict__["_base"] = base
        self.__dict__.update(added)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._base, name)
        if not name.startswith("__"):
            self.__dict__[name] = value     # found once; later lookups are plain
        return value


def backfill(ns: Any) -> Any:
    """``ns`` with the functions of the standard after its version composed in."""
    version = _version(ns)
    missing = {name: fn for v, fns in _ADDED.items() if version < v for name, fn in fns.items()}
    if not missing:
        return ns
    top = {n: functools.partial(f, ns) for n, f in missing.items() if "." not in n}
    sub = {n.split(".", 1)[1]: functools.partial(f, ns) for n, f in missing.items()
           if n.startswith("linalg.")}
    name = getattr(ns, "__name__", type(ns).__name__)
    if sub and hasattr(ns, "linalg"):
        top["linalg"] = _Namespace(f"{name}.linalg+backfill", ns.linalg, sub)
    return _Namespace(f"{name}+backfill", ns, top)
