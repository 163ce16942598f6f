"""``Optimizer``: parameter groups, per-parameter state, ``zero_grad`` and state dicts.

Updates happen under ``no_grad`` and in place, so parameters keep their identity (modules
and other optimizers holding them see the new values) and nothing is recorded.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable
from typing import Any

from .._array import Array

__all__ = ["Optimizer", "required"]


class _Required:
    def __repr__(self) -> str:
        return "<required parameter>"


required: Any = _Required()


class Optimizer:
    """Base class of the optimizers: subclasses define ``step``.

    ``params`` is an iterable of arrays, or of dicts (parameter groups) holding ``"params"``
    and any option to override for that group.
    """

    def __init__(self, params: Iterable[Any], defaults: dict[str, Any]) -> None:
        self.defaults = defaults
        self.state: dict[Array, dict[str, Any]] = {}
        self.param_groups: list[dict[str, Any]] = []
        if type(params) is Array:
            raise TypeError("params argument given to the optimizer should be an iterable of "
                            "arrays or dicts, but got a single gradarray array")
        groups = list(params)
        if not groups:
            raise ValueError("optimizer got an empty parameter list")
        if not isinstance(groups[0], dict):
            groups = [{"params": groups}]
        for g in groups:
            self.add_param_group(g)

    def add_param_group(self, param_group: dict[str, Any]) -> None:
        """Add a group of parameters with its own options (others from the defaults)."""
        if not isinstance(param_group, dict):
            raise TypeError(f"param_group must be a dict, but got {type(param_group).__name__}")
        params = param_group["params"]
        params = [params] if type(params) is Array else list(params)
        for p in params:
            if type(p) is not Array:
                raise TypeError(f"optimizer can only optimize gradarray arrays, but one of the "
                                f"params is {type(p).__name__}")
            if not p.is_leaf:
                raise ValueError("can't optimize a non-leaf array")
        group = dict(param_group)
        group["params"] = params
        for name, default in self.defaults.items():
            if default is required and name not in group:
                raise ValueError(f"parameter group didn't specify a value of required "
                                 f"optimization parameter {name}")
            group.setdefault(name, default)
        seen = {id(p) for g in self.param_groups for p in g["params"]}
        if any(id(p) in seen for p in params) or len({id(p) for p in params}) != len(params):
            raise ValueError("some parameters appear in more than one parameter group")
        self.param_groups.append(group)

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of every parameter (to None by default, as PyTorch)."""
        from ..nn._module import _zero_grad
        for group in self.param_groups:
            for p in group["params"]:
                _zero_grad(p, set_to_none)

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        """Update the parameters once (``closure`` re-evaluates the loss where needed)."""
        raise NotImplementedError

    def _closure_loss(self, closure: Callable[[], Any] | None) -> Any:
        if closure is None:
            return None
        from ..autograd.grad_mode import enable_grad
        with enable_grad():
            return closure()

    # ------------------------------------------------------------- state dicts
    def state_dict(self) -> dict[str, Any]:
        """``{"state": {index: {...}}, "param_groups": [{..., "params": [indices]}]}``: the
        parameters appear as their positions, as in PyTorch, so the dict can be saved."""
        index: dict[int, int] = {}
        groups = []
        for g in self.param_groups:
            packed = {k: v for k, v in g.items() if k != "params"}
            ids = []
            for p in g["params"]:
                index.setdefault(id(p), len(index))
                ids.append(index[id(p)])
            packed["params"] = ids
            groups.append(packed)
        state = {index[id(p)]: dict(s) for p, s in self.state.items() if id(p) in index}
        return {"state": state, "param_groups": groups}

    def load_state_dict(self, state_dict: dict[str, Any]) -> None:
        """Restore options and state saved by ``state_dict`` (arrays are moved and cast to
        each parameter's device and floating dtype)."""
        state_dict = copy.copy(state_dict)
        groups = state_dict.get("param_groups")
        if groups is None or "state" not in state_dict:
            raise ValueError("load_state_dict: expected a dict with 'state' and 'param_groups'")
        if len(groups) != len(self.param_groups):
            raise ValueError("loaded state dict has a different number of parameter groups")
        for mine, theirs in zip(self.param_groups, groups):
            if len(mine["params"]) != len(theirs["params"]):
                raise ValueError("loaded state dict contains a parameter group that doesn't "
                                 "match the size of optimizer's group")
        id_map = {}
        for mine, theirs in zip(self.param_groups, groups):
            for p, i in zip(mine["params"], theirs["params"]):
                id_map[int(i)] = p
        self.state = {}
        for key, values in state_dict["state"].items():
            p = id_map.get(int(key))
            if p is None:
                continue
            self.state[p] = {k: _cast_state(k, v, p) for k, v in values.items()}
        new_groups = []
        for mine, theirs in zip(self.param_groups, groups):
            g = {k: v for k, v in theirs.items() if k != "params"}
            for k, v in g.items():     # a tuple saved as a list (JSON-like formats) comes back
                if isinstance(mine.get(k), tuple) and isinstance(v, list):
                    g[k] = tuple(v)
            g["params"] = mine["params"]
            new_groups.append(g)
        self.param_groups = new_groups

    def __getstate__(self) -> dict[str, Any]:
        return {"defaults": self.defaults, "state": self.state,
                "param_groups": self.param_groups}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)

    def __repr__(self) -> str:
        s = type(self).__name__ + " ("
        for i, group in enumerate(self.param_groups):
            s += f"\nParameter Group {i}\n"
            for key in sorted(group):
                if key != "params":
                    s += f"    {key}: {group[key]}\n"
        return s + ")"


def _cast_state(key: str, value: Any, p: Array) -> Any:
    if type(value) is not Array:
        return value
    from .._ops.data_types import astype
    v = value
    if v.device != p.device:
        v = v.to_device(p.device)
    if key != "step" and v.dtype.kind in "fc" and v.dtype is not p.dtype:
        v = astype(v, p.dtype)
    elif v is value:
        from .._ops.creation import asarray
        v = asarray(v, copy=True)
    return v


def params_with_grad(group: dict[str, Any]) -> list[tuple[Array, Array]]:
    return [(p, p.grad) for p in group["params"] if p.grad is not None]


def check_float(value: Any, name: str, minimum: float = 0.0) -> None:
    """A hyperparameter: a Python number >= ``minimum`` (``name`` as PyTorch's messages say
    it: "learning rate", "epsilon value")."""
    if not isinstance(value, int | float) or isinstance(value, bool):
        hint = " (for an array, pass float(x))" if hasattr(value, "__array_namespace__") else ""
        raise TypeError(f"Invalid {name}: expected a Python number, got "
                        f"{type(value).__name__}{hint}")
    if not value >= minimum:                 # NaN too
        raise ValueError(f"Invalid {name}: {value}")
