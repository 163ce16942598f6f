"""The tape: nodes, saved arrays and the backward pass.

A node holds its rules, the edges to the nodes of its inputs, the arrays its rules asked
for (with their version at save time) and the shape and dtype of each input.  ``run_backward``
orders the graph iteratively by dependency counts, runs the rules (recording them only with
``create_graph=True``), reduces broadcast gradients to each input's shape and dtype, and
frees saved arrays unless ``retain_graph=True``.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from .grad_mode import STATE
from .rules import RULES, OpRules

if TYPE_CHECKING:
    from .._array import Array

__all__ = ["Node", "AccumulateGrad", "OpNode", "AutogradMeta", "SavedArray", "record",
           "run_backward"]

_seq = itertools.count()


class AutogradMeta:
    """The autograd state of an array that requires grad (``x._ag``; None otherwise)."""

    __slots__ = ("grad_fn", "output_nr", "retains_grad", "hooks", "acc")

    def __init__(self, grad_fn: Node | None = None, output_nr: int = 0) -> None:
        self.grad_fn = grad_fn
        self.output_nr = output_nr
        self.retains_grad = False
        self.hooks: list[Callable[[Any], Any]] | None = None
        self.acc: weakref.ref[AccumulateGrad] | None = None


class Node:
    """A step of the backward graph.  ``next`` holds one edge per input: (node, output_nr)."""

    __slots__ = ("next", "seq", "pre_hooks", "post_hooks", "n_outputs", "__weakref__")

    def __init__(self, n_outputs: int = 1) -> None:
        self.next: list[tuple[Node, int] | None] = []
        self.seq = next(_seq)
        self.pre_hooks: dict[int, list[Callable[[Any], Any]]] | None = None
        self.post_hooks: list[Callable[..., Any]] | None = None
        self.n_outputs = n_outputs

    def name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        return f"<{self.name()} object at {id(self):#x}>"

    @property
    def next_functions(self) -> tuple[tuple[Node | None, int], ...]:
        """The nodes of this node's inputs, as PyTorch's ``grad_fn.next_functions``."""
        return tuple(e if e is not None else (None, 0) for e in self.next)

    def register_hook(self, hook: Callable[..., Any]) -> None:
        """Call ``hook(grad_inputs, grad_outputs)`` after this node has run."""
        if self.post_hooks is None:
            self.post_hooks = []
        self.post_hooks.append(hook)

    def apply(self, grads: list[Any]) -> list[Any]:
        raise NotImplementedError  # every concrete node overrides apply


class AccumulateGrad(Node):
    """The sink of a leaf: adds what arrives into ``leaf.grad``."""

    __slots__ = ("variable",)

    def __init__(self, variable: Array) -> None:
        super().__init__()
        self.variable = variable

    def apply(self, grads: list[Any]) -> list[Any]:
        return []


def leaf_edge(x: Array) -> tuple[Node, int]:
    """The (node, output_nr) that gradients for ``x`` flow into."""
    ag = x._ag
    assert ag is not None
    if ag.grad_fn is not None:
        return (ag.grad_fn, ag.output_nr)
    acc = ag.acc() if ag.acc is not None else None
    if acc is None:
        acc = AccumulateGrad(x)
        ag.acc = weakref.ref(acc)
    return (acc, 0)


class SavedArray:
    """An array a rule needs, with its version at save time to detect in-place changes."""

    __slots__ = ("array", "ag", "native", "dtype", "device", "vc", "version", "output_of",
                 "output_nr")

    def __init__(self, x: Array, output_of: Node | None = None, output_nr: int = 0) -> None:
        self.native = x._native
        self.dtype = x._dtype
        self.device = x._device
        vc = getattr(x, "_vc", None)
        if vc is None:
            vc = x._vc = [0]
        self.vc = vc
        self.version = vc[0]
        self.ag = x._ag
        self.output_nr = output_nr
        if output_of is None:
            self.array: Array | None = x      # an input: keep it, with its graph, for create_graph
            self.output_of: weakref.ref[Node] | None = None
        else:
            self.array = None                  # an output: holding it would make a cycle
            self.output_of = weakref.ref(output_of)

    def unpack(self, node: Node, what: str) -> Array:
        if self.vc[0] != self.version:
            raise RuntimeError(
                f"one of the arrays needed for gradient computation has been modified by an "
                f"in-place operation: {what} of {node.name()} was at version {self.version} and "
                f"is now at version {self.vc[0]}. Compute on a copy, or do the in-place change "
                f"after backward().")
        x = self.array
        if x is not None and x._native is self.native:
            return x
        from .._array import Array
        out = Array._new(self.native, self.dtype, self.device)
        out._vc = self.vc
        if x is not None:
            out._ag = self.ag if STATE.enabled else None
        elif STATE.enabled:   # create_graph: the output carries the node that made it
            out._ag = AutogradMeta(node, self.output_nr)
        return out


class OpNode(Node):
    """The node of a gradarray function: its rules, saved values and input metadata."""

    __slots__ = ("op", "saved", "slots", "in_meta", "out_meta", "freed")

    def __init__(self, op: OpRules, n_outputs: int = 1) -> None:
        super().__init__(n_outputs)
        self.op = op
        self.saved: dict[str, Any] | None = None
        # per differentiable argument: (name, first edge index, count or -1 for a single array)
        self.slots: list[tuple[str, int, int]] = []
        self.in_meta: list[tuple[Any, Any, Any]] = []      # (shape, dtype, device) per edge
        self.out_meta: list[tuple[Any, Any, Any]] = []
        self.freed = False

    def name(self) -> str:
        return self.op.node_name

    def apply(self, grads: list[Any]) -> list[Any]:
        if self.freed:
            raise RuntimeError(
                f"Trying to backward through the graph a second time ({self.name()}): its saved "
                f"arrays were freed after the first backward(). Specify retain_graph=True on the "
                f"first backward() (or autograd.grad) to backward through it again.")
        saved = self.saved or {}
        values: dict[str, Any] = {}
        for k, v in saved.items():
            if type(v) is SavedArray:
                values[k] = v.unpack(self, repr(k))
            elif (type(v) is list or type(v) is tuple) and v and any(
                    type(s) is SavedArray for s in v):   # sequences, keys, a multi-output `out`
                values[k] = type(v)(s.unpack(self, repr(k)) if type(s) is SavedArray else s
                                    for s in v)
            else:
                values[k] = v
        g: Any = grads[0] if self.n_outputs == 1 else tuple(grads)
        if self.n_outputs == 1 and g is None:
            return [None] * len(self.next)
        out: list[Any] = [None] * len(self.next)
        for arg, start, count in self.slots:
            fn, names = self.op.rules[arg]
            res = fn(g, **{n: values[n] for n in names})
            if count < 0:
                out[start] = res
            else:
                for i in range(count):
                    out[start + i] = res[i] if res is not None else None
        return out

    def release(self) -> None:
        self.saved = None
        self.freed = True


def _needs(x: Any) -> bool:
    return getattr(x, "_ag", None) is not None


def record(name: str, outputs: Array | Sequence[Array], values: dict[str, Any]) -> None:
    """Record the call of ``name`` that produced ``outputs`` from the arguments ``values``.

    Called by the frontend only when grad mode is on and some input requires grad.  Gives
    each output its node; saves what the active rules ask for.
    """
    from .._array import Array
    op = RULES.get(name)
    if op is None:
        return        # a function without rules yields arrays that do not require grad
    single = isinstance(outputs, Array)
    outs: Sequence[Array] = (outputs,) if single else outputs  # type: ignore[assignment]
    if not any(o._dtype.kind in "fc" for o in outs):
        return        # integer and boolean results carry no graph
    node = OpNode(op, len(outs))
    needed: set[str] = set()
    for arg, (_, params) in op.rules.items():
        v = values.get(arg)
        if v is None:
            continue
        if arg in op.sequence_args:
            items = list(v)
            if not any(_needs(a) for a in items):
                continue
            start = len(node.next)
            for a in items:
                node.next.append(leaf_edge(a) if _needs(a) else None)
                node.in_meta.append((a.shape, a._dtype, a._device) if isinstance(a, Array)
                                    else None)
            node.slots.append((arg, start, len(items)))
        else:
            if not _needs(v):
                continue
            node.slots.append((arg, len(node.next), -1))
            node.next.append(leaf_edge(v))
            node.in_meta.append((v.shape, v._dtype, v._device))
        needed.update(params)
    if not node.slots:
        return
    saved: dict[str, Any] = {}
    for n in needed:
        if n == "out":
            saved[n] = (SavedArray(outs[0], node) if single
                        else tuple(SavedArray(o, node, i) for i, o in enumerate(outs)))
            continue
        v = values[n]
        if isinstance(v, Array):
            saved[n] = SavedArray(v)
        elif type(v) in (list, tuple) and v and isinstance(v[0], Array):
            # keep the container's type: a getitem key (idx, idx) must come back a tuple
            saved[n] = type(v)(SavedArray(a) if isinstance(a, Array) else a for a in v)
        else:
            saved[n] = v
    node.saved = saved
    for i, o in enumerate(outs):
        if o._dtype.kind in "fc":
            o._ag = AutogradMeta(node, i)
        node.out_meta.append((o.shape, o._dtype, o._device))


# ------------------------------------------------------------------ backward
def _reduce(g: Any, meta: tuple[Any, Any, Any] | None) -> Any:
    """Bring a gradient back to its input's shape (summing broadcast axes) and dtype."""
    if g is None or meta is None:
        return g
    from .. import _ops
    shape, dtype, _ = meta
    if g._dtype is not dtype:
        if g._dtype.kind == "c" and dtype.kind != "c":
            g = _ops.elementwise.real(g)   # a real input of a complex function (PyTorch)
        if g._dtype is not dtype:
            g = _ops.data_types.astype(g, dtype)
    gshape = g.shape
    if gshape != shape:
        lead = len(gshape) - len(shape)
        axes = tuple(range(lead)) + tuple(
            lead + i for i, n in enumerate(shape) if n == 1 and gshape[lead + i] != 1)
        if axes:
            g = _ops.statistical.sum(g, axis=axes, keepdims=True)
        if g.shape != shape:
            g = _ops.manipulation.reshape(g, shape)
    return g


def _add(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _collect(roots: list[tuple[Node, int]]) -> dict[Node, int]:
    """Dependency counts of every node reachable from the roots (iteratively)."""
    deps: dict[Node, int] = {}
    seen: set[Node] = set()
    stack = list(dict.fromkeys(n for n, _ in roots))   # two outputs of one node: one root
    for n in stack:
        seen.add(n)
    while stack:
        node = stack.pop()
        for e in node.next:
            if e is None:
                continue
            nxt = e[0]
            deps[nxt] = deps.get(nxt, 0) + 1
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return deps


def _reaching(deps_roots: list[Node], targets: set[Node]) -> set[Node]:
    """Nodes from which some target can be reached (the only ones worth running)."""
    order: list[Node] = []
    seen: set[Node] = set()
    stack: list[tuple[Node, int]] = [(n, 0) for n in deps_roots]
    useful: set[Node] = set()
    # iterative post-order
    while stack:
        node, i = stack.pop()
        if i == 0:
            if node in seen:
                continue
            seen.add(node)
        if i < len(node.next):
            stack.append((node, i + 1))
            e = node.next[i]
            if e is not None and e[0] not in seen:
                stack.append((e[0], 0))
        else:
            order.append(node)
    for node in order:   # children come before parents in post-order
        if node in targets or any(e is not None and e[0] in useful for e in node.next):
            useful.add(node)
    return useful


def run_backward(roots: Sequence[Array], grads: Sequence[Any], *, retain_graph: bool,
                 create_graph: bool, inputs: Sequence[Array] | None = None,
                 accumulate: bool = True) -> list[Any] | None:
    """The backward pass from ``roots`` seeded with ``grads``.

    With ``accumulate`` (``backward()``), gradients are added into the ``.grad`` of leaves
    (only of ``inputs`` when given).  Without it (``autograd.grad``), the gradients reaching
    ``inputs`` are returned and no ``.grad`` changes.
    """
    from .grad_mode import is_anomaly_enabled
    root_edges = [leaf_edge(r) for r in roots]
    buffers: dict[Node, list[Any]] = {}
    for (node, nr), g in zip(root_edges, grads):
        buf = buffers.setdefault(node, [None] * node.n_outputs)
        buf[nr] = _add(buf[nr], g)
    deps = _collect(root_edges)

    capture: dict[tuple[Node, int], int] = {}
    useful: set[Node] | None = None
    if inputs is not None:
        for i, x in enumerate(inputs):
            if x._ag is None:
                raise RuntimeError(f"autograd: input {i} does not require grad and has no "
                                   f"grad_fn, so no gradient can flow to it")
            capture.setdefault(leaf_edge(x), i)
        useful = _reaching(list(dict.fromkeys(n for n, _ in root_edges)),
                           {n for n, _ in capture})
    results: list[Any] = [None] * (len(inputs) if inputs is not None else 0)
    handed: set[int] = {id(g) for g in grads}
    anomaly = is_anomaly_enabled()

    ready = [n for n in dict.fromkeys(n for n, _ in root_edges) if deps.get(n, 0) == 0]
    prev = STATE.enabled
    STATE.enabled = create_graph
    try:
        while ready:
            node = ready.pop()
            gs = buffers.pop(node, None) or [None] * node.n_outputs
            if node.pre_hooks:
                for nr, hooks in node.pre_hooks.items():
                    for h in hooks:
                        if gs[nr] is not None:
                            r = h(gs[nr])
                            if r is not None:
                                gs[nr] = r
            if capture:
                for nr in range(node.n_outputs):
                    idx = capture.get((node, nr))
                    if idx is not None:
                        results[idx] = gs[nr]
            run = useful is None or node in useful
            if type(node) is AccumulateGrad:
                if accumulate and run and (inputs is None or (node, 0) in capture):
                    _accumulate(node.variable, gs[0], handed, create_graph)
                outs: list[Any] = []
            elif run:
                outs = node.apply(gs)
                if anomaly:
                    _check_anomaly(node, outs)
                if node.post_hooks:
                    for h in node.post_hooks:
                        h(tuple(outs), tuple(gs))
                for k, meta in enumerate(node.in_meta if isinstance(node, OpNode) else ()):
                    outs[k] = _reduce(outs[k], meta)
                if not retain_graph and isinstance(node, (OpNode, FunctionNodeBase)):
                    node.release()
            else:
                outs = [None] * len(node.next)
            for e, g in zip(node.next, outs):
                if e is None:
                    continue
                nxt, nr = e
                if g is not None:
                    buf = buffers.get(nxt)
                    if buf is None:
                        buf = buffers[nxt] = [None] * nxt.n_outputs
                    buf[nr] = _add(buf[nr], g)
                deps[nxt] -= 1
                if deps[nxt] == 0:
                    ready.append(nxt)
    finally:
        STATE.enabled = prev
    return results if inputs is not None and not accumulate else None


def _accumulate(leaf: Array, g: Any, handed: set[int], create_graph: bool) -> None:
    if g is None:
        return
    ag = leaf._ag
    if ag is not None and ag.hooks:
        for h in ag.hooks:
            r = h(g)
            if r is not None:
                g = r
    old = getattr(leaf, "_grad", None)
    if old is None:
        if id(g) in handed or (not create_graph and g._ag is not None):
            g = g.__copy_detached__() if not create_graph else g + 0
        handed.add(id(g))
        leaf._grad = g
    else:
        leaf._grad = old + g
        handed.add(id(leaf._grad))


def _check_anomaly(node: Node, outs: list[Any]) -> None:
    from .. import _ops
    for k, g in enumerate(outs):
        if g is None:
            continue
        if g._dtype.kind in "fc" and bool(_ops.utility.any(_ops.elementwise.isnan(g))):
            raise RuntimeError(f"Function {node.name()!r} returned nan values in its "
                               f"{k}th output (detect_anomaly).")


class FunctionNodeBase(Node):
    """Base of nodes made by user ``autograd.Function`` subclasses (see function.py)."""

    __slots__ = ()

    def release(self) -> None:
        pass
