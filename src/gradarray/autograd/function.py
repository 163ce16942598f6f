"""Custom differentiable functions, as PyTorch's ``torch.autograd.Function``.

>>> import gradarray as xp
>>> class Cube(xp.autograd.Function):
...     @staticmethod
...     def forward(ctx, x):
...         ctx.save_for_backward(x)
...         return x ** 3
...     @staticmethod
...     def backward(ctx, g):
...         (x,) = ctx.saved_tensors
...         return 3 * x ** 2 * g
>>> x = xp.asarray(2.0, requires_grad=True)
>>> Cube.apply(x).backward()
>>> float(x.grad)
12.0
"""

from __future__ import annotations

from typing import Any

from .engine import AutogradMeta, FunctionNodeBase, SavedArray, leaf_edge, save_array
from .grad_mode import STATE, no_grad

__all__ = ["Function", "FunctionCtx"]


class FunctionCtx:
    """What ``forward`` and ``backward`` share: saved arrays and flags."""

    def __init__(self) -> None:
        self._saved: tuple[Any, ...] | None = ()
        self.needs_input_grad: tuple[bool, ...] = ()
        self.materialize_grads = True
        self._non_differentiable: set[int] = set()
        self._node: FunctionNode | None = None

    def save_for_backward(self, *arrays: Any) -> None:
        """Keep arrays for ``backward`` (checked there for in-place changes)."""
        from .._array import Array
        for i, a in enumerate(arrays):
            if a is not None and not isinstance(a, Array):
                raise TypeError(f"save_for_backward(*arrays): saves arrays or None, argument {i} "
                                f"is {type(a).__name__}; keep other values as attributes of "
                                f"ctx")
        self._saved = tuple(save_array(a) if isinstance(a, Array) else a for a in arrays)

    @property
    def saved_tensors(self) -> tuple[Any, ...]:
        """The arrays given to ``save_for_backward``."""
        if self._saved is None:
            raise RuntimeError("saved_tensors: the saved arrays were freed after the first "
                               "backward(); pass retain_graph=True to backward through it again")
        node = self._node
        return tuple(s.unpack(node, "saved_tensors") if isinstance(s, SavedArray) and
                     node is not None else s for s in self._saved)

    saved_arrays = saved_tensors

    def mark_non_differentiable(self, *arrays: Any) -> None:
        """Outputs that carry no gradient (indices, masks)."""
        self._non_differentiable.update(id(a) for a in arrays)

    def set_materialize_grads(self, value: bool) -> None:
        """Whether missing output gradients arrive as zeros (True) or None."""
        self.materialize_grads = value


class FunctionNode(FunctionNodeBase):
    __slots__ = ("fn", "ctx", "out_meta", "in_meta", "arg_slots", "n_args")

    def name(self) -> str:
        return f"{self.fn.__name__}Backward"

    def apply(self, grads: list[Any]) -> list[Any]:
        from .._ops.creation import zeros
        if self.ctx._saved is None:
            raise RuntimeError(f"Trying to backward through the graph a second time "
                               f"({self.name()}): specify retain_graph=True on the first "
                               f"backward()")
        if self.ctx.materialize_grads:
            grads = [g if g is not None or m is None else zeros(m[0], dtype=m[1], device=m[2])
                     for g, m in zip(grads, self.out_meta)]
        res = self.fn.backward(self.ctx, *grads)
        if not isinstance(res, tuple):
            res = (res,)
        if len(res) < self.n_args or any(r is not None for r in res[self.n_args:]):
            raise RuntimeError(f"{self.fn.__name__}.backward returned an incorrect number of "
                               f"gradients (expected {self.n_args}, one per argument of "
                               f"forward, got {len(res)})")
        from .._array import Array
        out: list[Any] = [None] * len(self.next)
        for edge_i, arg_i in enumerate(self.arg_slots):
            r = res[arg_i]
            if r is not None:
                if not isinstance(r, Array):
                    raise TypeError(f"{self.fn.__name__}.backward: gradient {arg_i} must be an "
                                    f"array or None, got {type(r).__name__}")
                shape = self.in_meta[edge_i][0]
                if not _expands_to(shape, r.shape):
                    raise ValueError(f"{self.fn.__name__}.backward: gradient {arg_i} has shape "
                                     f"{r.shape}; expected the shape of forward's argument "
                                     f"{arg_i}, {shape} (or a shape it broadcasts to)")
            out[edge_i] = r
        return out

    def release(self) -> None:
        self.ctx._saved = None


def _expands_to(shape: tuple[int, ...], target: tuple[int, ...]) -> bool:
    """Whether ``shape`` broadcasts to ``target`` (a gradient of that shape sums back)."""
    lead = len(target) - len(shape)
    return lead >= 0 and all(n == t or n == 1 for n, t in zip(shape, target[lead:]))


class Function:
    """Subclass with static ``forward(ctx, *args)`` and ``backward(ctx, *grads)``; call
    ``apply(*args)``.  ``backward`` returns one gradient (or None) per argument of forward."""

    @staticmethod
    def forward(ctx: FunctionCtx, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("subclasses of gradarray.autograd.Function define forward")

    @staticmethod
    def backward(ctx: FunctionCtx, *grad_outputs: Any) -> Any:
        raise NotImplementedError("subclasses of gradarray.autograd.Function define backward")

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        from .._array import Array
        ctx = FunctionCtx()
        ctx.needs_input_grad = tuple(isinstance(a, Array) and a._ag is not None for a in args)
        with no_grad():
            outputs = cls.forward(ctx, *args, **kwargs)
        if not (STATE.enabled and any(ctx.needs_input_grad)):
            return outputs
        single = isinstance(outputs, Array)
        if not single and not isinstance(outputs, tuple | list):
            raise TypeError(f"{cls.__name__}.forward returned {type(outputs).__name__}: expected "
                            f"an array or a tuple of outputs")
        outs = (outputs,) if single else tuple(outputs)
        node = FunctionNode(len(outs))
        node.fn = cls
        node.ctx = ctx
        ctx._node = node
        node.arg_slots = []
        node.in_meta = []
        node.n_args = len(args)
        for i, a in enumerate(args):
            if isinstance(a, Array) and a._ag is not None:
                node.next.append(leaf_edge(a))
                node.arg_slots.append(i)
                node.in_meta.append((a.shape, a._dtype, a._device))
        node.out_meta = [(o.shape, o._dtype, o._device) if isinstance(o, Array) else None
                         for o in outs]
        results = []
        for i, o in enumerate(outs):
            if isinstance(o, Array) and id(o) not in ctx._non_differentiable and \
                    o._dtype.kind in "fc":
                if o._ag is not None or any(o is a for a in args):
                    o = o.detach()     # an input returned as is: a new output array
                o._ag = AutogradMeta(node, i)
            results.append(o)
        return results[0] if single else tuple(results)
