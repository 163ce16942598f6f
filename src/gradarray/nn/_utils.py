"""Gradient clipping and flat parameter vectors (``gradarray.nn.utils``)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Any

from .._array import Array
from ..autograd.grad_mode import no_grad

__all__ = ["clip_grad_norm_", "clip_grad_value_", "parameters_to_vector",
           "vector_to_parameters", "functional_call"]


def _params(parameters: Any) -> list[Array]:
    if type(parameters) is Array:
        return [parameters]
    return list(parameters)


def clip_grad_norm_(parameters: Iterable[Array] | Array, max_norm: float,
                    norm_type: float = 2.0, error_if_nonfinite: bool = False) -> Array:
    """Scale the gradients in place so that their joint ``norm_type``-norm is at most
    ``max_norm``; returns the norm before clipping."""
    from .._ops.creation import asarray
    from .._ops.elementwise import isfinite
    from .._ops.linalg import vector_norm
    from .._ops.manipulation import stack
    grads = [p.grad for p in _params(parameters) if p.grad is not None]
    if not grads:
        return asarray(0.0)
    with no_grad():
        norms = [vector_norm(g, ord=norm_type) for g in grads]
        total = vector_norm(stack([n.to_device(norms[0].device) for n in norms]), ord=norm_type)
        if error_if_nonfinite and not bool(isfinite(total)):
            raise RuntimeError(f"The total norm of order {norm_type} for gradients from "
                               f"`parameters` is non-finite, so it cannot be clipped. To disable "
                               f"this error and scale the gradients by the non-finite norm "
                               f"anyway, set `error_if_nonfinite=False`")
        coef = max_norm / (float(total) + 1e-6)
        if coef < 1 or math.isnan(coef):
            for g in grads:
                g *= coef
    return total


def clip_grad_value_(parameters: Iterable[Array] | Array, clip_value: float) -> None:
    """Clip every gradient element to ``[-clip_value, clip_value]`` in place."""
    from .._ops.elementwise import clip
    with no_grad():
        for p in _params(parameters):
            if p.grad is not None:
                p.grad[...] = clip(p.grad, min=-float(clip_value), max=float(clip_value))


def parameters_to_vector(parameters: Iterable[Array]) -> Array:
    """The parameters flattened and concatenated into one vector (differentiable)."""
    from .._ops.manipulation import concat, reshape
    return concat([reshape(p, (-1,)) for p in parameters])


def vector_to_parameters(vec: Array, parameters: Iterable[Array]) -> None:
    """Copy consecutive slices of ``vec`` into the parameters, in place."""
    from .._ops.manipulation import reshape
    if type(vec) is not Array or vec.ndim != 1:
        raise TypeError("vector_to_parameters(vec): expected a 1-D gradarray array")
    offset = 0
    with no_grad():
        for p in parameters:
            n = p.size
            p[...] = reshape(vec[offset:offset + n], p.shape)
            offset += n


def functional_call(module: Any, parameters_and_buffers: dict[str, Array], args: Any = (),
                    kwargs: dict[str, Any] | None = None) -> Any:
    """Call ``module`` with some of its parameters and buffers replaced by the given arrays
    (by dotted name), as PyTorch's ``torch.func.functional_call``; the module is left as it
    was.  Gradients then flow to the arrays passed in.
    """
    if not isinstance(args, tuple):
        args = (args,)
    swapped: list[tuple[Any, str, str, Any]] = []
    try:
        for name, value in parameters_and_buffers.items():
            path, _, leaf = name.rpartition(".")
            owner = module.get_submodule(path)
            for store in ("_parameters", "_buffers"):
                d = owner.__dict__[store]
                if leaf in d:
                    swapped.append((owner, store, leaf, d[leaf]))
                    d[leaf] = value
                    break
            else:
                raise KeyError(f"functional_call: {name!r} is not a parameter or buffer of "
                               f"{type(module).__name__}")
        return module(*args, **(kwargs or {}))
    finally:
        for owner, store, leaf, old in reversed(swapped):
            owner.__dict__[store][leaf] = old
