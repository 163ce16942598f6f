"""The tape: nodes, saved arrays and the backward pass.

A node holds its rules, the edges to the nodes of its inputs, the arrays its rules asked
for (with their version at save time) and the shape and dtype of each input.  ``run_backward``
orders the graph iteratively by dependency counts, runs the rules (recording them only with
``create_graph=True``), reduces broadcast gradients to each input's shape and dtype, and
frees saved arrays unless ``retain_graph=True``.
"""

from __future__ import annotations

import traceback
import weakref
from collections.abc import Callable, Iterator, Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any

from .grad_mode import STATE
from .rules import RULES, OpRules

_object_new = object.__new__

# Whether any node has ever been given a hook or a retained output (register_hook,
# register_prehook, retain_grad): until then backward() need not look for them.
HOOKED = [False]

if TYPE_CHECKING:
    from .._array import Array

__all__ = ["Node", "AccumulateGrad", "OpNode", "AutogradMeta", "SavedArray", "save_array",
           "record", "run_backward", "RemovableHandle", "leaf_edge", "refresh_view"]

class AutogradMeta:
    """The autograd state of an array that requires grad (``x._ag``; None otherwise).

    ``view_version`` is set on views from basic indexing: the version of the shared counter
    at which ``grad_fn`` was made.  When the base (or a sibling view) is changed in place the
    counter moves on, and the view's history is rebuilt from its base on next use (PyTorch
    regenerates a view's grad_fn the same way).
    """

    __slots__ = ("grad_fn", "output_nr", "retains_grad", "hooks", "acc", "view_version")

    def __init__(self, grad_fn: Node | None = None, output_nr: int = 0) -> None:
        self.grad_fn = grad_fn
        self.output_nr = output_nr
        self.retains_grad = False
        self.hooks: list[Callable[[Any], Any]] | None = None
        self.acc: AccumulateGrad | None = None
        self.view_version: int | None = None


class RemovableHandle:
    """What ``register_hook`` returns: ``handle.remove()`` takes the hook off again (also
    usable as a context manager, as PyTorch's ``RemovableHandle``)."""

    __slots__ = ("_hooks", "_hook")

    def __init__(self, hooks: list[Any], hook: Any) -> None:
        self._hooks = hooks
        self._hook = hook

    def remove(self) -> None:
        hooks, self._hooks = self._hooks, None
        if hooks is not None:
            for i, h in enumerate(hooks):
                if h is self._hook:
                    del hooks[i]
                    break

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.remove()


class Node:
    """A step of the backward graph.  ``next`` holds one edge per input: (node, output_nr)."""

    __slots__ = ("next", "pre_hooks", "post_hooks", "n_outputs", "retained", "trace",
                 "__weakref__")

    def __init__(self, n_outputs: int = 1) -> None:
        self.next: list[tuple[Node, int] | None] = []
        self.pre_hooks: dict[int, list[Callable[[Any], Any]]] | None = None
        self.post_hooks: list[Callable[..., Any]] | None = None
        self.n_outputs = n_outputs
        self.retained: dict[int, weakref.ref[Any]] | None = None   # retain_grad() outputs
        self.trace: str | None = None      # the forward's stack, under detect_anomaly

    def name(self) -> str:
        return type(self).__name__

    def __repr__(self) -> str:
        return f"<{self.name()} object at {id(self):#x}>"

    @property
    def next_functions(self) -> tuple[tuple[Node | None, int], ...]:
        """The nodes of this node's inputs, as PyTorch's ``grad_fn.next_functions``."""
        return tuple(e if e is not None else (None, 0) for e in self.next)

    def register_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """Call ``hook(grad_inputs, grad_outputs)`` after this node has run; returns a handle
        whose ``remove()`` takes it off."""
        if self.post_hooks is None:
            self.post_hooks = []
            HOOKED[0] = True
        self.post_hooks.append(hook)
        return RemovableHandle(self.post_hooks, hook)

    def register_prehook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """Call ``hook(grad_outputs)`` with the tuple of the gradients of this node's outputs
        (None where none arrived) before it runs; a returned tuple replaces them (PyTorch's
        ``Node.register_prehook``).  Arrays' own hooks (``register_hook``) run first."""
        return self._add_pre_hook(_NODE_PREHOOK, hook)

    def _add_pre_hook(self, nr: int, hook: Callable[..., Any]) -> RemovableHandle:
        if self.pre_hooks is None:
            self.pre_hooks = {}
            HOOKED[0] = True
        hooks = self.pre_hooks.setdefault(nr, [])
        hooks.append(hook)
        return RemovableHandle(hooks, hook)

    def apply(self, grads: list[Any]) -> list[Any]:
        raise NotImplementedError  # every concrete node overrides apply


class AccumulateGrad(Node):
    """The sink of a leaf: adds what arrives into ``leaf.grad``.

    The leaf holds its AccumulateGrad (``leaf._ag.acc``) and the node refers back weakly, so
    no cycle keeps either alive and recording finds the node with one attribute read.
    """

    __slots__ = ("_ref",)

    def __init__(self, variable: Array) -> None:
        super().__init__()
        self._ref = weakref.ref(variable)

    @property
    def variable(self) -> Array | None:
        """The leaf (None once it has been garbage collected)."""
        return self._ref()

    def apply(self, grads: list[Any]) -> list[Any]:
        return []


def leaf_edge(x: Array) -> tuple[Node, int]:
    """The (node, output_nr) that gradients for ``x`` flow into."""
    ag = x._ag
    assert ag is not None
    if ag.view_version is not None and ag.view_version != x._vc[0]:
        ag = refresh_view(x)
    if ag.grad_fn is not None:
        return (ag.grad_fn, ag.output_nr)
    acc = ag.acc
    if acc is None:
        acc = ag.acc = AccumulateGrad(x)
    return (acc, 0)


def refresh_view(x: Array) -> AutogradMeta:
    """Rebuild the history of a view whose base changed in place since it was made: the view
    is now ``base[key]`` of the base's current history."""
    from .. import _ops
    base, key = x._view  # type: ignore[attr-defined]
    bag = base._ag
    if bag is not None and bag.view_version is not None and bag.view_version != base._vc[0]:
        refresh_view(base)
    elif bag is None and base._view is not None:
        refresh_view(base)        # a view with no history yet whose own base may have one
    old = x._ag
    prev = STATE.enabled
    STATE.enabled = True
    try:
        if base._ag is not None:
            _ops.indexing.record_view(base, key, x)
        else:
            x._ag = None
    finally:
        STATE.enabled = prev
    ag = x._ag
    if ag is None:        # the base no longer requires grad: neither does the view
        return old if old is not None else AutogradMeta()
    ag.view_version = x._vc[0]
    if old is not None:
        ag.retains_grad = old.retains_grad
    return ag


class SavedArray:
    """An array a rule needs, with its version at save time to detect in-place changes.
    Made by ``save_array()`` (a function: this is built for most recorded operations)."""

    __slots__ = ("array", "ag", "native", "dtype", "device", "vc", "version", "output_of",
                 "output_nr")

    def unpack(self, node: Node, what: str) -> Array:
        if self.vc[0] != self.version:
            role = "an output" if self.output_of else "an input"
            raise RuntimeError(
                f"one of the arrays needed for gradient computation has been modified by an "
                f"in-place operation: {what!r}, {role} of {node.name()} (the backward of "
                f"{_forward_name(node)}), of shape {tuple(self.native.shape)} and dtype "
                f"{self.dtype.name}, is at version {self.vc[0]}; expected version "
                f"{self.version} instead. Do the in-place change on a copy, or after "
                f"backward(); detect_anomaly() shows where the forward operation ran.")
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

    def detach_copy(self) -> None:
        """Keep a private copy (the input of an in-place operation about to be overwritten)."""
        ns = self.device.ns
        self.native = ns.asarray(self.native, copy=True)
        self.vc = [0]
        self.version = 0
        x = self.array
        if x is not None:
            from .._array import Array
            c = Array._new(self.native, self.dtype, self.device)
            c._ag = x._ag
            c._vc = self.vc
            self.array = c


def save_array(x: Array, output_of: Node | None = None, output_nr: int = 0) -> SavedArray:
    """Save ``x`` for a rule: an input of the node, or with ``output_of`` its output number
    ``output_nr``."""
    s = _object_new(SavedArray)
    s.native = x._native
    s.dtype = x._dtype
    s.device = x._device
    vc = x._vc
    if vc is None:
        vc = x._vc = [0]
    s.vc = vc
    s.version = vc[0]
    s.output_nr = output_nr
    if output_of is None:
        s.array = x             # an input: keep it, with its graph, for create_graph
        s.ag = x._ag
        s.output_of = False
    else:
        s.array = None          # an output: holding it or its meta would make a cycle; the
        s.ag = None             # node that unpacks it recreates its autograd meta
        s.output_of = True
    return s


class SavedSequence:
    """Saved values that hold arrays in a sequence (concat's ``arrays``, a getitem key of
    index arrays, a multi-output ``out``): unpacked into a container of the same type."""

    __slots__ = ("kind", "items")

    def __init__(self, kind: type, items: tuple[Any, ...]) -> None:
        self.kind = kind
        self.items = items

    def unpack(self, node: Node, what: str) -> Any:
        return self.kind(s.unpack(node, what) if type(s) is SavedArray else s
                         for s in self.items)


def saved_arrays(node: Node | None) -> Iterator[SavedArray]:
    """Every SavedArray that ``node`` holds, in sequences too."""
    saved = getattr(node, "saved", None)
    if saved:
        for v in saved.values():
            if type(v) is SavedArray:
                yield v
            elif type(v) is SavedSequence:
                yield from (s for s in v.items if type(s) is SavedArray)


def _forward_name(node: Node) -> str:
    op = getattr(node, "op", None)
    if op is not None:
        return f"{op.name}()"
    fn = getattr(node, "fn", None)
    return f"{fn.__name__}.forward()" if fn is not None else node.name()


class OpNode(Node):
    """The node of a gradarray function: its rules, saved values and input metadata."""

    __slots__ = ("op", "saved", "slots", "in_meta", "freed", "multi")

    def __init__(self, op: OpRules, n_outputs: int = 1) -> None:
        # Node.__init__ inlined: this runs once per recorded operation
        self.next: list[tuple[Node, int] | None] = []
        self.pre_hooks = None
        self.post_hooks = None
        self.n_outputs = n_outputs
        self.retained = None
        self.trace = None
        self.op = op
        self.saved: dict[str, Any] | None = None
        # per differentiable argument: (name, first edge index, count or -1 for a single array)
        self.slots: list[tuple[str, int, int]] = []
        self.in_meta: list[tuple[Any, Any, Any] | None] = []    # (shape, dtype, device) per edge
        self.freed = False
        self.multi = False        # a multi-output function: rules get a tuple g

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
            t = type(v)
            values[k] = v.unpack(self, k) if t is SavedArray or t is SavedSequence else v
        g: Any = tuple(grads) if self.multi else grads[0]
        if g is None or (self.multi and all(x is None for x in g)):
            return [None] * len(self.next)
        out: list[Any] = [None] * len(self.next)
        callers = self.op.callers
        for arg, start, count in self.slots:
            res = callers[arg](g, values)
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


_ARRAY: list[Any] = []      # the Array class, imported on first use (it imports this module)


def _array_type() -> Any:
    from .._array import Array
    _ARRAY.append(Array)
    return Array


def record(name: str, outputs: Array | Sequence[Array], values: dict[str, Any]) -> OpNode | None:
    """Record the call of ``name`` that produced ``outputs`` from the arguments ``values``.

    Called by the frontend only when grad mode is on and some input requires grad.  Gives
    each output its node; saves what the active rules ask for.  ``values`` may hold more than
    the forward's arguments (a shape, sizes) for rules that need no array.  This is the
    recording cost of every operation: keep it lean.
    """
    op = RULES.get(name)
    if op is None:
        return None   # a function without rules yields arrays that do not require grad
    A = _ARRAY[0] if _ARRAY else _array_type()
    single = type(outputs) is A
    if single:
        if outputs._dtype.kind not in "fc":  # type: ignore[union-attr]
            return None   # integer and boolean results carry no graph
        node = _op_node(op)
    else:
        outs: Sequence[Array] = outputs  # type: ignore[assignment]
        if not any(o._dtype.kind in "fc" for o in outs):
            return None
        node = OpNode(op, len(outs))
        node.multi = True
    nxt: list[Any] = []
    in_meta: list[Any] = []
    slots: list[Any] = []
    needed: tuple[str, ...] = ()
    for arg, params, seq in op.items:
        v = values.get(arg)
        if v is None:
            continue
        if seq:
            items = list(v)
            if not any(_needs(a) for a in items):
                continue
            start = len(nxt)
            for a in items:
                nxt.append(leaf_edge(a) if _needs(a) else None)
                in_meta.append((a._native.shape, a._dtype, a._device) if type(a) is A
                               else None)
            slots.append((arg, start, len(items)))
        else:
            ag = v._ag if type(v) is A else None
            if ag is None:
                if type(v) is A:      # PyTorch lists it: next_functions (None, 0)
                    nxt.append(None)
                    in_meta.append(None)
                continue
            slots.append((arg, len(nxt), -1))
            nxt.append(_edge(v, ag))
            in_meta.append((v._native.shape, v._dtype, v._device))
        if params:
            needed = params if not needed else needed + params
    if not slots:
        return None
    node.next = nxt
    node.in_meta = in_meta
    node.slots = slots
    if needed:
        saved: dict[str, Any] = {}
        for n in needed:
            if n in saved:
                continue
            if n == "out":
                saved[n] = (save_array(outputs, node) if single  # type: ignore[arg-type]
                            else SavedSequence(tuple, tuple(save_array(o, node, i)
                                                            for i, o in enumerate(outs))))
                continue
            v = values[n]
            if type(v) is A:
                saved[n] = save_array(v)
            elif (type(v) is list or type(v) is tuple) and v and type(v[0]) is A:
                # keep the container's type: a getitem key (idx, idx) must come back a tuple
                saved[n] = SavedSequence(type(v), tuple(save_array(a) if type(a) is A else a
                                                        for a in v))
            else:
                saved[n] = v
        node.saved = saved
    if single:
        outputs._ag = _out_meta(node, 0)  # type: ignore[union-attr]
    else:
        for i, o in enumerate(outs):
            if o._dtype.kind in "fc":
                o._ag = _out_meta(node, i)
    if STATE.anomaly:
        node.trace = "".join(traceback.format_stack()[:-2])
    return node


def _edge(x: Array, ag: AutogradMeta) -> tuple[Node, int]:
    """leaf_edge for the common cases (not a stale view), inline."""
    if ag.view_version is None:
        fn = ag.grad_fn
        if fn is not None:
            return (fn, ag.output_nr)
        acc = ag.acc
        if acc is not None:
            return (acc, 0)
    return leaf_edge(x)


_SLOT_X = (("x", 0, -1),)      # shared, never mutated: OpNode.slots is only read
# in_meta of nodes whose inputs all have the output's shape and dtype (nothing to reduce)
_SAME1 = (None,)
_SAME2 = (None, None)


def _out_meta(node: Node, nr: int) -> AutogradMeta:
    """AutogradMeta(node, nr) without the cost of calling the class."""
    ag = _object_new(AutogradMeta)
    ag.grad_fn = node
    ag.output_nr = nr
    ag.retains_grad = False
    ag.hooks = None
    ag.acc = None
    ag.view_version = None
    return ag


def _op_node(op: OpRules, out: Array | None = None) -> OpNode:
    """An OpNode for a single-output function, without __init__'s generality; with ``out``,
    that output is given the node."""
    node = _object_new(OpNode)
    if out is not None:
        out._ag = _out_meta(node, 0)
    node.pre_hooks = None
    node.post_hooks = None
    node.n_outputs = 1
    node.retained = None
    node.trace = None
    node.op = op
    node.saved = None
    node.freed = False
    node.multi = False
    return node


def record_unary(op: OpRules | None, out: Array, x: Array) -> None:
    """record(name, out, {"x": x}) for element-wise functions of one array, made lean: this
    is the recording cost of most operations."""
    if op is None:
        return
    need = op.x
    if need is None or out._dtype.kind not in "fc":
        return
    node = _op_node(op, out)
    node.next = (_edge(x, x._ag),)
    node.slots = _SLOT_X
    shape = x._native.shape
    node.in_meta = (_SAME1 if shape == out._native.shape and x._dtype is out._dtype
                    else ((shape, x._dtype, x._device),))
    if need:
        if len(need) == 1:          # one value (exp saves out, sin x): no comprehension frame
            node.saved = {need[0]: save_array(x) if need[0] == "x" else save_array(out, node)}
        else:
            node.saved = {"x": save_array(x), "out": save_array(out, node)}
    if STATE.anomaly:
        node.trace = "".join(traceback.format_stack()[:-3])


def record_x(name: str, out: Array, x: Array, opts: dict[str, Any]) -> None:
    """record(name, out, {"x": x, **opts}) for functions of one array ``x`` whose other
    arguments (``opts``: axis, keepdims, shapes...) carry no gradient: reductions, reshapes.
    ``opts`` must be the caller's fresh dict: the node may keep it as its saved values."""
    op = RULES.get(name)
    if op is None:
        return
    need = op.x
    if need is None or out._dtype.kind not in "fc":
        return
    node = _op_node(op, out)
    node.next = (_edge(x, x._ag),)
    node.slots = _SLOT_X
    node.in_meta = ((x._native.shape, x._dtype, x._device),)
    if need:
        if op.x_arrays:
            saved: dict[str, Any] = {}
            for n in need:
                saved[n] = save_array(x) if n == "x" else (
                    save_array(out, node) if n == "out" else opts[n])
            node.saved = saved
        else:             # shapes and options only (sum, mean, reshape): the caller's own dict
            node.saved = opts
    if STATE.anomaly:
        node.trace = "".join(traceback.format_stack()[:-3])


def record_binary(op: OpRules | None, out: Array, x1: Any, x2: Any) -> None:
    """record(name, out, {"x1": x1, "x2": x2}) for element-wise functions of two operands
    (arrays or Python scalars, turned into 0-d arrays where a rule needs them).
    Unrolled by hand: this is the recording cost of most operations."""
    if op is None or out._dtype.kind not in "fc":
        return
    A = _ARRAY[0]
    shape = out._native.shape
    dt = out._dtype
    e1 = e2 = m1 = m2 = p1 = p2 = None
    a1 = type(x1) is A
    a2 = type(x2) is A
    if a1:
        ag = x1._ag
        if ag is not None:
            p1 = op.x1
            if p1 is not None:
                e1 = _edge(x1, ag)
                s = x1._native.shape
                if s != shape or x1._dtype is not dt:
                    m1 = (s, x1._dtype, x1._device)
    if a2:
        ag = x2._ag
        if ag is not None:
            p2 = op.x2
            if p2 is not None:
                e2 = _edge(x2, ag)
                s = x2._native.shape
                if s != shape or x2._dtype is not dt:
                    m2 = (s, x2._dtype, x2._device)
    if p1 is None and p2 is None:
        return
    node = _op_node(op, out)
    # one edge per array operand (PyTorch lists one without grad as (None, 0)); a Python
    # scalar has none, so x2's edge is first after a scalar x1
    if a1 and a2:
        node.next = (e1, e2)
        node.in_meta = _SAME2 if m1 is None and m2 is None else (m1, m2)
        node.slots = _SLOTS_X1 if p2 is None else _SLOTS_X2_1 if p1 is None else _SLOTS_BOTH
    elif a1:
        node.next = (e1,)
        node.in_meta = _SAME1 if m1 is None else (m1,)
        node.slots = _SLOTS_X1
    else:
        node.next = (e2,)
        node.in_meta = _SAME1 if m2 is None else (m2,)
        node.slots = _SLOTS_X2_0
    need = p1 if p2 is None else p2 if p1 is None else op.x12
    if need:
        saved: dict[str, Any] = {}
        for n in need:
            if n == "x2":      # a Python scalar operand is saved as it is (rules take both)
                saved[n] = save_array(x2) if a2 else x2
            elif n == "x1":
                saved[n] = save_array(x1) if a1 else x1
            else:
                saved[n] = save_array(out, node)
        node.saved = saved
    if STATE.anomaly:
        node.trace = "".join(traceback.format_stack()[:-3])


# the slots of binary nodes (shared, never mutated: OpNode.slots is only read)
_SLOTS_X1 = (("x1", 0, -1),)
_SLOTS_X2_0 = (("x2", 0, -1),)
_SLOTS_X2_1 = (("x2", 1, -1),)
_SLOTS_BOTH = (("x1", 0, -1), ("x2", 1, -1))


# ------------------------------------------------------------------ backward
def _reduce(g: Any, meta: tuple[Any, Any, Any] | None) -> Any:
    """Bring a gradient back to its input's shape (summing broadcast axes) and dtype."""
    if g is None or meta is None:
        return g
    shape, dtype, _ = meta
    if g._dtype is dtype and g._native.shape == shape:
        return g
    gshape = g._native.shape
    axes: tuple[int, ...] = ()
    if gshape != shape:
        lead = len(gshape) - len(shape)
        if lead < 0:
            raise RuntimeError(f"backward: a gradient of shape {gshape} cannot be reduced "
                               f"to its input's shape {shape}")
        summed = list(range(lead))        # (a loop: a generator's frame costs more here)
        for i, n in enumerate(shape):
            if n == 1 and gshape[lead + i] != 1:
                summed.append(lead + i)
        axes = tuple(summed)
    if not STATE.enabled:
        # a plain backward: the backend's functions on the natives, no checks or recording
        dev = g._device
        ns = dev.ns
        n = g._native
        if g._dtype is not dtype:
            if g._dtype.kind == "c" and dtype.kind != "c":
                n = ns.real(n)     # a real input of a complex function (PyTorch)
            n = ns.astype(n, dev.to_native[dtype])
        if axes:
            n = ns.sum(n, axis=axes, keepdims=True)
        if n.shape != shape:
            n = ns.reshape(n, shape)
        return _ARRAY[0]._new(n, dtype, dev)
    ops = _ops()
    if g._dtype is not dtype:
        if g._dtype.kind == "c" and dtype.kind != "c":
            g = ops.elementwise.real(g)
        if g._dtype is not dtype:
            g = ops.data_types.astype(g, dtype)
    if axes:
        g = ops.statistical.sum(g, axis=axes, keepdims=True)
    if g.shape != shape:
        g = ops.manipulation.reshape(g, shape)
    return g


def _ops() -> Any:
    """gradarray._ops (imported on first use: it imports this module)."""
    from .. import _ops as ops
    return ops


def _add(a: Any, b: Any) -> Any:
    if a is None:
        return b
    if b is None:
        return a
    return a + b


def _collect(roots: list[Node]) -> dict[Node, int]:
    """Dependency counts of every node reachable from the (distinct) roots, iteratively."""
    deps: dict[Node, int] = {}
    get = deps.get
    # a root reached from another root must not be visited twice (one root never is)
    roots_set = set(roots) if len(roots) > 1 else ()
    stack = list(roots)
    pop = stack.pop
    push = stack.append
    while stack:
        for e in pop().next:
            if e is not None:
                nxt = e[0]
                n = get(nxt)
                if n is None:
                    deps[nxt] = 1
                    if nxt not in roots_set:
                        push(nxt)      # first time seen: visit its inputs (roots already are)
                else:
                    deps[nxt] = n + 1
    return deps


def _needed(roots: list[Node], targets: set[Node]) -> set[Node]:
    """The nodes that must run for gradients to reach some target: those with an input
    edge leading to a target (a target itself runs only if another target is behind it)."""
    order: list[Node] = []
    seen: set[Node] = set()
    stack: list[tuple[Node, int]] = [(n, 0) for n in roots]
    while stack:                      # iterative post-order: inputs before their users
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
    reaches: set[Node] = set()
    run: set[Node] = set()
    for node in order:
        if any(e is not None and e[0] in reaches for e in node.next):
            run.add(node)
            reaches.add(node)
        elif node in targets:
            reaches.add(node)
    return run


# The natives already given out as gradients (seeds, stored .grad), by id (the values keep
# the ids unique): a leaf's .grad never aliases another array's gradient or a caller's array.
Handed = dict


def _hand(handed: Handed, g: Any) -> None:
    n = g._native
    handed[id(n)] = n


_NO_META = repeat(None)      # the input metadata of nodes that keep none


def _run_plain(root: Array, seed: Any, retain_graph: bool, create_graph: bool) -> bool:
    """backward() from one root when no node has hooks or retained gradients: the loop of
    run_backward without its general machinery.  Returns False (having done nothing) when
    the graph needs the general loop."""
    node0, nr0 = leaf_edge(root)
    deps = _collect([node0])
    if HOOKED[0]:
        for node in deps:
            if node.pre_hooks or node.retained or node.post_hooks:
                return False
        if node0.pre_hooks or node0.retained or node0.post_hooks:
            return False
    AccGrad = AccumulateGrad
    handed: Handed = {}
    _hand(handed, seed)
    buf0 = [None] * node0.n_outputs
    buf0[nr0] = seed
    buffers: dict[Node, list[Any]] = {node0: buf0}
    ready = [node0]
    prev = STATE.enabled
    STATE.enabled = create_graph
    try:
        while ready:
            node = ready.pop()
            gs = buffers.pop(node, None)
            if gs is None:
                gs = [None] * node.n_outputs
            if type(node) is AccGrad:
                leaf = node._ref()
                if leaf is not None:
                    ag = leaf._ag
                    g = gs[0]
                    if ag is not None and ag.hooks and g is not None:
                        for h in list(ag.hooks):
                            g = _hooked(h, g)
                    _accumulate(leaf, g, handed, create_graph)
                continue
            outs = node.apply(gs)
            for e, g, m in zip(node.next, outs, getattr(node, "in_meta", None) or _NO_META):
                if e is None:
                    continue
                nxt = e[0]
                if g is not None:
                    if m is not None and (g._dtype is not m[1] or g._native.shape != m[0]):
                        g = _reduce(g, m)
                    buf = buffers.get(nxt)
                    if buf is None:
                        buf = buffers[nxt] = [None] * nxt.n_outputs
                    nr = e[1]
                    old = buf[nr]
                    buf[nr] = g if old is None else old + g
                n = deps[nxt] - 1
                deps[nxt] = n
                if n == 0:
                    ready.append(nxt)
            if not retain_graph:
                node.release()  # type: ignore[attr-defined]
    finally:
        STATE.enabled = prev
    return True


def run_backward(roots: Sequence[Array], grads: Sequence[Any], *, retain_graph: bool,
                 create_graph: bool, inputs: Sequence[Array] | None = None,
                 accumulate: bool = True) -> list[Any] | None:
    """The backward pass from ``roots`` seeded with ``grads``.

    With ``accumulate`` (``backward()``), gradients are added into the ``.grad`` of leaves
    (only of ``inputs`` when given, leaves or not).  Without it (``autograd.grad``), the
    gradients reaching ``inputs`` are returned and no ``.grad`` changes.
    """
    if inputs is None and not STATE.anomaly and len(roots) == 1:
        done = _run_plain(roots[0], grads[0], retain_graph, create_graph)
        if done:
            return None
    root_edges = [leaf_edge(r) for r in roots]
    buffers: dict[Node, list[Any]] = {}
    handed: Handed = {}
    for (node, nr), g in zip(root_edges, grads):
        buf = buffers.setdefault(node, [None] * node.n_outputs)
        buf[nr] = _add(buf[nr], g)
        _hand(handed, g)
    root_nodes = list(dict.fromkeys(n for n, _ in root_edges))
    deps = _collect(root_nodes)

    capture: dict[tuple[Node, int], list[int]] = {}
    run_only: set[Node] | None = None
    if inputs is not None:
        for i, x in enumerate(inputs):
            if x._ag is None:
                raise RuntimeError(f"autograd: input {i} does not require grad and has no "
                                   f"grad_fn, so no gradient can flow to it")
            capture.setdefault(leaf_edge(x), []).append(i)
        run_only = _needed(root_nodes, {n for n, _ in capture})
    results: list[Any] = [None] * (len(inputs) if inputs is not None else 0)
    anomaly = STATE.anomaly

    ready = [n for n in root_nodes if deps.get(n, 0) == 0]
    prev = STATE.enabled
    STATE.enabled = create_graph
    try:
        while ready:
            node = ready.pop()
            gs = buffers.pop(node, None) or [None] * node.n_outputs
            if node.pre_hooks:
                _run_pre_hooks(node, gs)
            if node.retained:
                _retain(node, gs, handed)
            is_acc = type(node) is AccumulateGrad
            if is_acc:
                leaf = node.variable
                leaf_ag = leaf._ag if leaf is not None else None
                if leaf_ag is not None and leaf_ag.hooks and gs[0] is not None:
                    for h in list(leaf_ag.hooks):
                        gs[0] = _hooked(h, gs[0])
            if capture:
                for nr in range(node.n_outputs):
                    idxs = capture.get((node, nr))
                    if idxs is None:
                        continue
                    for idx in idxs:
                        results[idx] = gs[nr]
                    if accumulate and not is_acc and gs[nr] is not None:
                        assert inputs is not None
                        x = inputs[idxs[0]]
                        ref = node.retained.get(nr) if node.retained else None
                        if ref is None or ref() is not x:   # retain_grad() filled it already
                            _accumulate(x, gs[nr], handed, create_graph)
            if is_acc:
                if accumulate and leaf is not None and (inputs is None or (node, 0) in capture):
                    _accumulate(leaf, gs[0], handed, create_graph)
                continue
            if run_only is None or node in run_only:
                outs = node.apply(gs)
                if node.post_hooks:
                    for h in list(node.post_hooks):
                        r = h(tuple(outs), tuple(gs))
                        if r is not None:
                            outs = _hooked_tuple(h, outs, r, node, "grad_inputs")
                in_meta = getattr(node, "in_meta", None)
                if in_meta:
                    for k, meta in enumerate(in_meta):
                        outs[k] = _reduce(outs[k], meta)
                if anomaly:
                    _check_anomaly(node, outs)
                if not retain_graph:
                    node.release()  # type: ignore[attr-defined]
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


# the key in Node.pre_hooks of the node's own hooks (the others: an output's number)
_NODE_PREHOOK = -1


def _run_pre_hooks(node: Node, gs: list[Any]) -> None:
    """The hooks of the arrays a node made (``x.register_hook``), output by output, then
    the node's own (``grad_fn.register_prehook``) on all its gradients: PyTorch's order."""
    assert node.pre_hooks is not None
    for nr, hooks in node.pre_hooks.items():
        if nr == _NODE_PREHOOK:
            continue
        for h in list(hooks):
            if gs[nr] is not None:
                gs[nr] = _hooked(h, gs[nr])
    for h in list(node.pre_hooks.get(_NODE_PREHOOK, ())):
        r = h(tuple(gs))
        if r is not None:
            gs[:] = _hooked_tuple(h, gs, r, node, "grad_outputs")


def _hook_name(h: Any) -> str:
    return getattr(h, "__qualname__", None) or type(h).__name__


def _hooked(h: Any, g: Any) -> Any:
    """``h(g)``, or ``g`` where the hook returns None; a replacement must be an array of
    ``g``'s shape, dtype and device (PyTorch's check), so that no wrong gradient flows on."""
    r = h(g)
    if r is None:
        return g
    _check_hook_result(h, g, r)
    return r


def _check_hook_result(h: Any, g: Any, r: Any) -> None:
    if type(r) is not type(g):
        raise TypeError(f"hook {_hook_name(h)!r} returned {type(r).__name__}: expected None or "
                        f"an array that replaces the gradient")
    if r._native.shape != g._native.shape or r._dtype is not g._dtype or \
            r._device is not g._device:
        raise ValueError(f"hook {_hook_name(h)!r} changed the gradient from shape "
                         f"{g.shape}, {g._dtype.name} on {g._device} to shape {r.shape}, "
                         f"{r._dtype.name} on {r._device}; a hook may change the values only")


def _hooked_tuple(h: Any, gs: list[Any], r: Any, node: Node, what: str) -> list[Any]:
    """A node hook's replacement of its ``gs``, checked: one gradient (or None) for each."""
    if not isinstance(r, (tuple, list)) or len(r) != len(gs):
        kind = "prehook" if what == "grad_outputs" else "hook"
        raise ValueError(f"{kind} {_hook_name(h)!r} of {node.name()} returned {r!r}: expected "
                         f"None or a tuple of {len(gs)} gradient(s), one for each of its "
                         f"{what}")
    for g, new in zip(gs, r):
        if g is not None and new is not None:
            _check_hook_result(h, g, new)
        elif new is not None and type(new) is not _ARRAY[0]:
            raise TypeError(f"hook {_hook_name(h)!r} of {node.name()} returned "
                            f"{type(new).__name__} in its tuple: expected arrays or None")
    return list(r)


def _retain(node: Node, gs: list[Any], handed: Handed) -> None:
    """retain_grad(): the non-leaf's .grad receives (accumulates) its gradient."""
    assert node.retained is not None
    for nr, ref in node.retained.items():
        x = ref()
        g = gs[nr]
        if x is None or g is None:
            continue
        old = x._grad
        if old is None:
            g = g.detach() if g._ag is not None and not STATE.enabled else g
            x._grad = _private(g, handed)
        else:
            x._grad = old + g
        _hand(handed, x._grad)


def _private(g: Any, handed: Handed) -> Any:
    """``g``, or a copy of it where its memory is already given out or not its own."""
    if id(g._native) in handed or getattr(g._native, "base", 0) is not None:
        if STATE.enabled:
            from .._ops.elementwise import positive
            return positive(g)          # create_graph: a recorded copy
        return g._detached_copy()
    return g


def _accumulate(leaf: Array, g: Any, handed: Handed, create_graph: bool) -> None:
    """Add ``g`` into ``leaf.grad`` as PyTorch's AccumulateGrad: the first gradient is
    stored (copied where it is shared), later ones are added in place (out of place when
    the graph of the gradient is recorded)."""
    if g is None:
        return
    if not create_graph and g._ag is not None:
        g = g.detach()
    if g._dtype is not leaf._dtype:
        g = _reduce(g, (leaf._native.shape, leaf._dtype, leaf._device))
    old = leaf._grad
    if old is None:
        g = _private(g, handed)
        leaf._grad = g
        _hand(handed, g)
    elif create_graph or old._ag is not None or g.shape != old.shape:
        leaf._grad = old + g
        _hand(handed, leaf._grad)
    else:
        old += g


def _check_anomaly(node: Node, outs: list[Any]) -> None:
    from .. import _ops
    for k, g in enumerate(outs):
        if g is None:
            continue
        if g._dtype.kind in "fc" and bool(_ops.utility.any(_ops.elementwise.isnan(g))):
            where = (f"\nThe forward operation ran at:\n{node.trace}" if node.trace else
                     "\n(run the forward pass inside detect_anomaly() too to see where it "
                     "ran)")
            raise RuntimeError(f"Function {node.name()!r} returned nan values in its {k}th "
                               f"output: the backward of {_forward_name(node)} produced NaN "
                               f"(detect_anomaly).{where}")


class FunctionNodeBase(Node):
    """Base of nodes made by user ``autograd.Function`` subclasses (see function.py)."""

    __slots__ = ()

    def release(self) -> None:
        pass
