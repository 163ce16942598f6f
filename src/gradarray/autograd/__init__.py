"""Reverse-mode automatic differentiation: PyTorch's ``torch.autograd`` surface.

``backward`` and ``grad`` walk the graph that gradarray functions record when an input
requires grad; ``Function`` adds custom rules; ``gradcheck`` compares rules with finite
differences.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .engine import Node as Node, RemovableHandle as RemovableHandle, run_backward
from .function import Function as Function, FunctionCtx as FunctionCtx
from .grad_mode import (
    detect_anomaly as detect_anomaly,
    enable_grad as enable_grad,
    is_anomaly_enabled as is_anomaly_enabled,
    is_grad_enabled as is_grad_enabled,
    no_grad as no_grad,
    set_detect_anomaly as set_detect_anomaly,
    set_grad_enabled as set_grad_enabled,
)
from .gradcheck import GradcheckError as GradcheckError, gradcheck as gradcheck, \
    gradgradcheck as gradgradcheck

__all__ = ["backward", "grad", "Function", "FunctionCtx", "Node", "RemovableHandle", "no_grad",
           "enable_grad", "set_grad_enabled", "is_grad_enabled", "detect_anomaly",
           "is_anomaly_enabled", "set_detect_anomaly", "gradcheck", "gradgradcheck",
           "GradcheckError"]


def _as_list(x: Any, name: str, function: str) -> list[Any]:
    from .._array import Array
    if isinstance(x, Array):
        return [x]
    if isinstance(x, Sequence):
        items = list(x)
        for i, a in enumerate(items):
            if not isinstance(a, Array):
                raise TypeError(f"{function}({name}): expected arrays, item {i} is "
                                f"{type(a).__name__}")
        return items
    raise TypeError(f"{function}({name}): expected an array or a sequence of arrays, got "
                    f"{type(x).__name__}")


def _seeds(outputs: list[Any], grads: Any, function: str, create_graph: bool,
           arg: str = "grad_outputs") -> list[Any]:
    from .._array import Array
    if grads is None:
        grads = [None] * len(outputs)
    elif isinstance(grads, Array):
        grads = [grads]
    elif isinstance(grads, Sequence):
        grads = list(grads)
    else:
        raise TypeError(f"{function}({arg}): expected an array, a sequence of arrays (one per "
                        f"output) or None, got {type(grads).__name__}")
    if len(grads) != len(outputs):
        raise ValueError(f"{function}({arg}): expected {len(outputs)} gradient(s), one per "
                         f"output, got {len(grads)}")
    seeds = []
    for i, (o, g) in enumerate(zip(outputs, grads)):
        if o._ag is None:
            raise RuntimeError(f"{function}: output {i} does not require grad and has no "
                               f"grad_fn; nothing to differentiate")
        if g is None:
            if o.ndim != 0:
                raise RuntimeError(f"{function}: grad can be implicitly created only for scalar "
                                   f"outputs; output {i} has shape {o.shape}, pass a gradient "
                                   f"of that shape")
            if o._dtype.kind == "c":
                raise RuntimeError(f"{function}: grad can be implicitly created only for real "
                                   f"scalar outputs, output {i} is {o._dtype.name}; pass a "
                                   f"gradient")
            dev = o._device      # the seed of a scalar output: a 0-d one, built directly
            g = Array._new(dev.ns.ones((), dtype=dev.to_native[o._dtype], device=dev.native),
                           o._dtype, dev)
        else:
            if not isinstance(g, Array):
                raise TypeError(f"{function}({arg}): expected arrays, got "
                                f"{type(g).__name__}")
            if g.shape != o.shape:
                raise ValueError(f"{function}({arg}): gradient {i} has shape {g.shape}, "
                                 f"the output has shape {o.shape}")
            if g._device is not o._device:
                raise ValueError(f"{function}({arg}): gradient {i} is on {g._device}, "
                                 f"the output on {o._device}")
            if (g._dtype.kind == "c") != (o._dtype.kind == "c"):
                raise TypeError(f"{function}({arg}): gradient {i} is {g._dtype.name}, "
                                f"the output is {o._dtype.name}; both must be real or both "
                                f"complex")
            if not create_graph:
                g = g.detach()
            if g._dtype is not o._dtype:
                from .._ops.data_types import astype
                g = astype(g, o._dtype)
        seeds.append(g)
    return seeds


def backward(tensors: Any, grad_tensors: Any = None, retain_graph: bool | None = None,
             create_graph: bool = False, inputs: Any = None) -> None:
    """Accumulate the gradients of ``tensors`` into the ``.grad`` of the leaves (or of
    ``inputs`` only)."""
    _backward(tensors, grad_tensors, retain_graph, create_graph, inputs, "grad_tensors")


def _backward(tensors: Any, grad_tensors: Any, retain_graph: bool | None, create_graph: bool,
              inputs: Any, arg: str) -> None:
    """backward(); ``arg`` names the gradients' argument in errors (``x.backward(gradient)``)."""
    outs = _as_list(tensors, "tensors", "backward")
    seeds = _seeds(outs, grad_tensors, "backward", create_graph, arg)
    ins = None if inputs is None else _as_list(inputs, "inputs", "backward")
    if ins is not None and not ins:
        raise RuntimeError("backward(inputs): expected a non-empty sequence of arrays")
    run_backward(outs, seeds, retain_graph=create_graph if retain_graph is None else retain_graph,
                 create_graph=create_graph, inputs=ins, accumulate=True)


def grad(outputs: Any, inputs: Any, grad_outputs: Any = None, retain_graph: bool | None = None,
         create_graph: bool = False, allow_unused: bool = False,
         materialize_grads: bool = False) -> tuple[Any, ...]:
    """The gradients of ``outputs`` with respect to ``inputs``, without touching ``.grad``."""
    outs = _as_list(outputs, "outputs", "grad")
    ins = _as_list(inputs, "inputs", "grad")
    if not ins:
        raise RuntimeError("grad(inputs): expected a non-empty sequence of arrays")
    seeds = _seeds(outs, grad_outputs, "grad", create_graph)
    res = run_backward(outs, seeds,
                       retain_graph=create_graph if retain_graph is None else retain_graph,
                       create_graph=create_graph, inputs=ins, accumulate=False)
    assert res is not None
    out = []
    for i, (x, g) in enumerate(zip(ins, res)):
        if g is None:
            if materialize_grads:
                from .._ops.creation import zeros_like
                g = zeros_like(x)
            elif not allow_unused:
                raise RuntimeError(f"grad: input {i} was not used to compute the outputs; pass "
                                   f"allow_unused=True to get None for it")
        out.append(g)
    return tuple(out)
