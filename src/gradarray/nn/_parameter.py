"""``Parameter``: an array that a Module registers as learnable.

gradarray has one array type, so a parameter *is* a ``gradarray.Array`` (every function of
the namespace accepts it unchanged); what makes it a parameter is membership in a registry
keyed by identity.  ``isinstance(p, nn.Parameter)`` answers from that registry, as PyTorch
users expect.
"""

from __future__ import annotations

import weakref
from typing import Any

from .._array import Array

__all__ = ["Parameter", "is_parameter"]

# id(array) -> weak reference; an entry dies with its array
_REGISTRY: dict[int, weakref.ref[Array]] = {}


def _forget(key: int) -> Any:
    def callback(ref: weakref.ref[Array]) -> None:
        if _REGISTRY.get(key) is ref:
            del _REGISTRY[key]
    return callback


def _register(x: Array) -> Array:
    key = id(x)
    _REGISTRY[key] = weakref.ref(x, _forget(key))
    return x


def is_parameter(x: Any) -> bool:
    """Whether ``x`` was made by ``nn.Parameter`` (or loaded into a Module as one)."""
    ref = _REGISTRY.get(id(x))
    return ref is not None and ref() is x


class _ParameterMeta(type):
    def __instancecheck__(cls, obj: Any) -> bool:
        return is_parameter(obj)


class Parameter(metaclass=_ParameterMeta):
    """Mark an array as a learnable parameter: ``nn.Parameter(data, requires_grad=True)``.

    Returns a ``gradarray.Array`` sharing ``data``'s memory, cut from any graph, that
    requires grad (unless ``requires_grad=False``).  Assigned as an attribute of a Module,
    it appears in ``module.parameters()``.

    >>> import gradarray as xp
    >>> p = xp.nn.Parameter(xp.zeros(3))
    >>> isinstance(p, xp.nn.Parameter), p.requires_grad
    (True, True)
    """

    def __new__(cls, data: Array | None = None, requires_grad: bool = True) -> Any:  # type: ignore[misc]
        if data is None:
            from .._dtypes import float32
            from .._ops.creation import empty
            data = empty((0,), dtype=float32)
        if type(data) is not Array:
            raise TypeError(f"Parameter(data): expected a gradarray array, got "
                            f"{type(data).__name__}")
        if type(requires_grad) is not bool:
            raise TypeError(f"Parameter(requires_grad): expected a bool, got {requires_grad!r}")
        p = data.detach()
        if requires_grad:
            p.requires_grad_(True)
        return _register(p)
