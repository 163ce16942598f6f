"""The registry of derivative rules: ``defvjp(name, arg=rule, ...)``.

A rule is keyed by the forward function's parameter name (as in PyTorch's derivatives.yaml)
and receives the incoming cotangent ``g`` first, then, by name, whatever it declares: forward
arguments (``x``, ``x1``, ``axis``...) and ``out``, the forward result.  Registration reads
each rule's signature once, so a node saves only what the rules of its inputs that require
grad ask for.  Rules are written with gradarray functions, so they can be differentiated again.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from operator import itemgetter
from typing import Any

__all__ = ["defvjp", "RULES", "OpRules", "node_name"]


class OpRules:
    """The derivative rules of one forward function."""

    __slots__ = ("name", "node_name", "rules", "saves", "sequence_args", "items", "x", "x1", "x2",
                 "x12", "x_arrays", "callers")

    def __init__(self, name: str, rules: dict[str, tuple[Callable[..., Any], tuple[str, ...]]],
                 sequence_args: frozenset[str]) -> None:
        self.name = name
        self.node_name = node_name(name)
        self.rules = rules
        self.saves = {arg: names for arg, (_, names) in rules.items()}
        self.sequence_args = sequence_args
        # (argument, what its rule reads, whether it takes a sequence): record() loops on it
        self.items = tuple((arg, names, arg in sequence_args) for arg, (_, names) in rules.items())
        # what the element-wise recorders (engine.record_unary/record_binary) read directly
        self.x = self.saves.get("x")
        self.x1 = self.saves.get("x1")
        self.x2 = self.saves.get("x2")
        # what a binary node saves when both operands require grad (each name once)
        self.x12 = tuple(dict.fromkeys((self.x1 or ()) + (self.x2 or ())))
        # whether x's rule reads arrays (its input or the output), not only shapes and options
        self.x_arrays = bool(self.x) and ("x" in self.x or "out" in self.x)
        # per argument: call(g, values) -> the rule's result, with the arguments it declares
        self.callers = {arg: _caller(fn) for arg, (fn, _) in rules.items()}

    def __repr__(self) -> str:
        return f"<rules of {self.name}: {', '.join(self.rules)}>"


RULES: dict[str, OpRules] = {}


def node_name(name: str) -> str:
    """``multiply`` -> ``MultiplyBackward``; ``linalg.vector_norm`` ->
    ``LinalgVectorNormBackward``."""
    parts = name.replace(".", "_").split("_")
    return "".join(p[:1].upper() + p[1:] for p in parts if p) + "Backward"


def _caller(fn: Callable[..., Any]) -> Callable[[Any, dict[str, Any]], Any]:
    """``call(g, values)`` invoking the rule with the values it names, positionally where it
    can (no dictionary of keywords built per call for the common shapes of rules)."""
    params = list(inspect.signature(fn).parameters.values())[1:]
    pos = tuple(p.name for p in params if p.kind != inspect.Parameter.KEYWORD_ONLY)
    kw = tuple(p.name for p in params if p.kind == inspect.Parameter.KEYWORD_ONLY)
    if not kw:
        if not pos:
            return lambda g, v: fn(g)
        if len(pos) == 1:
            (a,) = pos
            return lambda g, v: fn(g, v[a])
        if len(pos) == 2:
            a, b = pos
            return lambda g, v: fn(g, v[a], v[b])
        get = itemgetter(*pos)        # a tuple of the values, gathered in C
        return lambda g, v: fn(g, *get(v))
    if kw == ("out",):
        if not pos:
            return lambda g, v: fn(g, out=v["out"])
        if len(pos) == 1:
            (a,) = pos
            return lambda g, v: fn(g, v[a], out=v["out"])
    return lambda g, v: fn(g, *[v[n] for n in pos], **{n: v[n] for n in kw})


def _params(fn: Callable[..., Any], name: str, arg: str) -> tuple[str, ...]:
    sig = inspect.signature(fn)
    params = list(sig.parameters.values())
    if not params or params[0].kind not in (inspect.Parameter.POSITIONAL_ONLY,
                                            inspect.Parameter.POSITIONAL_OR_KEYWORD):
        raise TypeError(f"defvjp({name!r}, {arg}=...): a rule takes the cotangent g first")
    return tuple(p.name for p in params[1:])


def defvjp(name: str, *, sequence_args: tuple[str, ...] = (), **rules: Callable[..., Any]) -> None:
    """Register the derivative rules of the forward function ``name``, one per input.

    ``sequence_args`` names the parameters that take a sequence of arrays (``concat``'s
    ``arrays``); their rule returns one gradient (or None) per array.
    """
    if name in RULES:
        raise ValueError(f"defvjp({name!r}): rules for {name!r} are already registered")
    table = {arg: (fn, _params(fn, name, arg)) for arg, fn in rules.items()}
    RULES[name] = OpRules(name, table, frozenset(sequence_args))
