"""``Module``: the base class of every layer and network, as PyTorch's ``torch.nn.Module``.

Attributes that are Parameters, Modules or registered buffers are tracked in three ordered
dicts, so ``parameters()``, ``state_dict()``, ``to_device()`` and the repr find them in the
order they were assigned.  Nothing here knows the backend: a module's arrays may live on any
device, and ``to_device`` moves them there in place (the Parameter objects keep their
identity, so an optimizer built earlier keeps working).
"""

from __future__ import annotations

import itertools
from collections import OrderedDict
from collections.abc import Callable, Iterator, Mapping
from typing import Any, NamedTuple

from .._array import Array
from ..autograd.function import Function
from ..autograd.grad_mode import is_grad_enabled, no_grad
from ._parameter import Parameter, _register, is_parameter

__all__ = ["Module"]


class _IncompatibleKeys(NamedTuple):
    missing_keys: list[str]
    unexpected_keys: list[str]

    def __repr__(self) -> str:
        if not self.missing_keys and not self.unexpected_keys:
            return "<All keys matched successfully>"
        return (f"_IncompatibleKeys(missing_keys={self.missing_keys}, "
                f"unexpected_keys={self.unexpected_keys})")


class RemovableHandle:
    """Returned by ``register_*_hook``: ``handle.remove()`` takes the hook away."""

    _ids = itertools.count()

    def __init__(self, hooks: dict[int, Any]) -> None:
        self._hooks = hooks
        self.id = next(RemovableHandle._ids)

    def remove(self) -> None:
        self._hooks.pop(self.id, None)

    def __enter__(self) -> RemovableHandle:
        return self

    def __exit__(self, *exc: object) -> None:
        self.remove()


class _BackwardHooks:
    """One call of a module with full backward hooks: its array arguments and outputs pass
    through identity nodes; the outputs' node sees grad_output (and runs the pre-hooks), the
    inputs' node sees grad_input and runs the hooks (PyTorch's BackwardHook)."""

    def __init__(self, module: Module) -> None:
        self.module = module
        self.grad_output: tuple[Any, ...] | None = None
        self.needs: list[bool] = []      # per array argument: whether it requires grad

    def wrap_inputs(self, args: tuple[Any, ...]) -> tuple[Any, ...]:
        self.needs = [a.requires_grad for a in args if type(a) is Array]
        return self._through("in", args)

    def wrap_outputs(self, out: Any) -> Any:
        if type(out) is Array:
            return self._through("out", (out,))[0]
        return self._through("out", out) if isinstance(out, tuple) else out

    def _through(self, side: str, items: tuple[Any, ...]) -> tuple[Any, ...]:
        """``items`` with the arrays that require grad passed through one identity node."""
        at = [i for i, a in enumerate(items) if type(a) is Array and a.requires_grad]
        if not at:
            return items
        passed = _Identity.apply(self, side, *[items[i] for i in at])
        new = list(items)
        for i, a in zip(at, passed if isinstance(passed, tuple) else (passed,)):
            new[i] = a
        return tuple(new)

    def replace(self, res: Any, grads: tuple[Any, ...], what: str) -> tuple[Any, ...]:
        if res is None:
            return grads
        res = res if isinstance(res, tuple | list) else (res,)
        if len(res) != len(grads):
            raise ValueError(f"a backward hook of {type(self.module).__name__} returned "
                             f"{len(res)} gradient(s) for {len(grads)} {what}")
        return tuple(res)

    def run_hooks(self, grads: tuple[Any, ...]) -> tuple[Any, ...]:
        """The hooks on grad_input: one entry per array argument (None where it does not
        require grad); returns the gradients of those that do, as the hooks left them."""
        it = iter(grads)
        grad_input = tuple(next(it) if need else None for need in self.needs)
        for hook in list(self.module._backward_hooks.values()):
            grad_input = self.replace(hook(self.module, grad_input, self.grad_output),
                                      grad_input, "grad_input")
        return tuple(g for g, need in zip(grad_input, self.needs) if need)


class _Identity(Function):
    """The identity whose backward reports the gradients passing through to ``hooks``."""

    @staticmethod
    def forward(ctx: Any, hooks: _BackwardHooks, side: str, *arrays: Array) -> Any:
        ctx.hooks, ctx.side = hooks, side
        ctx.set_materialize_grads(False)
        return arrays[0] if len(arrays) == 1 else arrays

    @staticmethod
    def backward(ctx: Any, *grads: Any) -> Any:
        hooks = ctx.hooks
        module = hooks.module
        if ctx.side == "out":
            for hook in list(module._backward_pre_hooks.values()):
                grads = hooks.replace(hook(module, grads), grads, "grad_output")
            hooks.grad_output = grads
            if not any(hooks.needs):          # no input needs a gradient: report now
                hooks.run_hooks(())
        else:
            grads = hooks.run_hooks(grads)
        return (None, None, *grads)


def _addindent(s: str, spaces: int) -> str:
    lines = s.split("\n")
    if len(lines) == 1:
        return s
    first = lines.pop(0)
    return first + "\n" + "\n".join(" " * spaces + line for line in lines)


def _check_name(kind: str, name: Any, module: Module) -> None:
    if not isinstance(name, str):
        raise TypeError(f"{kind} name should be a string, got {type(name).__name__}")
    if name == "":
        raise KeyError(f'{kind} name can\'t be empty string ""')
    if "." in name:
        raise KeyError(f'{kind} name can\'t contain ".", got: {name}')


class Module:
    """Base class of all layers and networks.

    Subclasses assign layers and Parameters as attributes in ``__init__`` (after calling
    ``super().__init__()``) and define ``forward``; calling the module runs ``forward``.

    >>> import gradarray as xp
    >>> from gradarray import nn
    >>> class Net(nn.Module):
    ...     def __init__(self):
    ...         super().__init__()
    ...         self.fc = nn.Linear(4, 2)
    ...     def forward(self, x):
    ...         return self.fc(x)
    >>> Net()
    Net(
      (fc): Linear(in_features=4, out_features=2, bias=True)
    )
    """

    training: bool
    _parameters: dict[str, Array | None]
    _buffers: dict[str, Array | None]
    _modules: dict[str, Module | None]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if args or kwargs:
            raise TypeError(f"{type(self).__name__}.__init__() got unexpected arguments; "
                            f"Module.__init__ takes none")
        setattr_ = object.__setattr__
        setattr_(self, "training", True)
        setattr_(self, "_parameters", {})
        setattr_(self, "_buffers", {})
        setattr_(self, "_non_persistent_buffers", set())
        setattr_(self, "_modules", {})
        setattr_(self, "_forward_pre_hooks", {})
        setattr_(self, "_forward_hooks", {})
        setattr_(self, "_backward_pre_hooks", {})
        setattr_(self, "_backward_hooks", {})

    # ------------------------------------------------------------------ call
    def forward(self, *args: Any, **kwargs: Any) -> Any:
        """The computation of this module; subclasses define it."""
        raise NotImplementedError(f'Module [{type(self).__name__}] is missing the required '
                                  f'"forward" function')

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if not (self._forward_pre_hooks or self._forward_hooks or self._backward_hooks
                or self._backward_pre_hooks):
            return self.forward(*args, **kwargs)
        for hook in list(self._forward_pre_hooks.values()):
            res = hook(self, args)
            if res is not None:
                args = res if isinstance(res, tuple) else (res,)
        seen = None
        if (self._backward_hooks or self._backward_pre_hooks) and is_grad_enabled():
            seen = _BackwardHooks(self)
            args = seen.wrap_inputs(args)
        out = self.forward(*args, **kwargs)
        if seen is not None:
            out = seen.wrap_outputs(out)
        for hook in list(self._forward_hooks.values()):
            res = hook(self, args, out)
            if res is not None:
                out = res
        return out

    def register_full_backward_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """Call ``hook(module, grad_input, grad_output)`` once the gradients with respect to
        the module's array arguments are computed (``grad_output``: those of its outputs);
        it may return a tuple that replaces ``grad_input``.  As PyTorch's hook, it sees the
        module's inputs and outputs only, whatever happens inside."""
        handle = RemovableHandle(self._backward_hooks)
        self._backward_hooks[handle.id] = hook
        return handle

    def register_full_backward_pre_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """Call ``hook(module, grad_output)`` when the gradients of the module's outputs
        arrive, before they flow into it; it may return a tuple that replaces them."""
        handle = RemovableHandle(self._backward_pre_hooks)
        self._backward_pre_hooks[handle.id] = hook
        return handle

    def register_forward_pre_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """Call ``hook(module, args)`` before ``forward``; it may return replacement args."""
        handle = RemovableHandle(self._forward_pre_hooks)
        self._forward_pre_hooks[handle.id] = hook
        return handle

    def register_forward_hook(self, hook: Callable[..., Any]) -> RemovableHandle:
        """Call ``hook(module, args, output)`` after ``forward``; it may return a new output."""
        handle = RemovableHandle(self._forward_hooks)
        self._forward_hooks[handle.id] = hook
        return handle

    # ------------------------------------------------------------ attributes
    def __setattr__(self, name: str, value: Any) -> None:
        params = self.__dict__.get("_parameters")
        if is_parameter(value):
            if params is None:
                raise AttributeError("cannot assign parameters before Module.__init__() call")
            self._discard(name)
            self.register_parameter(name, value)
            return
        if params is not None and name in params:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as parameter '{name}' "
                                f"(gradarray.nn.Parameter or None expected)")
            params[name] = None
            return
        if isinstance(value, Module):
            modules = self.__dict__.get("_modules")
            if modules is None:
                raise AttributeError("cannot assign module before Module.__init__() call")
            self._discard(name)
            modules[name] = value
            return
        modules = self.__dict__.get("_modules")
        if modules is not None and name in modules:
            if value is not None:
                raise TypeError(f"cannot assign '{type(value).__name__}' as child module "
                                f"'{name}' (gradarray.nn.Module or None expected)")
            modules[name] = None
            return
        buffers = self.__dict__.get("_buffers")
        if buffers is not None and name in buffers:
            if value is not None and type(value) is not Array:
                raise TypeError(f"cannot assign '{type(value).__name__}' as buffer '{name}' "
                                f"(gradarray array or None expected)")
            buffers[name] = value
            return
        object.__setattr__(self, name, value)

    def _discard(self, name: str) -> None:
        for d in (self.__dict__, self._parameters, self._buffers, self._modules):
            d.pop(name, None)
        self._non_persistent_buffers.discard(name)

    def __getattr__(self, name: str) -> Any:
        d = self.__dict__
        for store in ("_parameters", "_buffers", "_modules"):
            s = d.get(store)
            if s is not None and name in s:
                return s[name]
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __delattr__(self, name: str) -> None:
        for store in (self._parameters, self._buffers, self._modules):
            if name in store:
                del store[name]
                self._non_persistent_buffers.discard(name)
                return
        object.__delattr__(self, name)

    def __dir__(self) -> list[str]:
        keys = set(super().__dir__()) | set(self._parameters) | set(self._buffers) | \
            set(self._modules)
        return sorted(k for k in keys if not k[0].isdigit())

    def __setstate__(self, state: dict[str, Any]) -> None:
        # pickle and copy.deepcopy rebuild arrays; they are parameters again
        self.__dict__.update(state)
        for p in self._parameters.values():
            if p is not None:
                _register(p)

    # ------------------------------------------------------------ registration
    def register_parameter(self, name: str, param: Array | None) -> None:
        """Add ``param`` (a Parameter, or None) under ``name``."""
        if "_parameters" not in self.__dict__:
            raise AttributeError("cannot assign parameter before Module.__init__() call")
        _check_name("parameter", name, self)
        if hasattr(type(self), name) or (name in self.__dict__ and name not in self._parameters):
            raise KeyError(f"attribute '{name}' already exists")
        if param is not None and not is_parameter(param):
            raise TypeError(f"cannot assign '{type(param).__name__}' object to parameter "
                            f"'{name}' (gradarray.nn.Parameter or None required)")
        if param is not None and param.grad_fn is not None:
            raise ValueError(f"Cannot assign non-leaf array to parameter '{name}'; make it a "
                             f"leaf with nn.Parameter(x.detach())")
        self._buffers.pop(name, None)
        self._modules.pop(name, None)
        self._parameters[name] = param

    def register_buffer(self, name: str, tensor: Array | None, persistent: bool = True) -> None:
        """Add an array that is state but not a parameter (BatchNorm's running mean).

        Persistent buffers appear in ``state_dict()``; all buffers move with ``to_device``.
        """
        if "_buffers" not in self.__dict__:
            raise AttributeError("cannot assign buffer before Module.__init__() call")
        _check_name("buffer", name, self)
        if hasattr(type(self), name) or (name in self.__dict__ and name not in self._buffers):
            raise KeyError(f"attribute '{name}' already exists")
        if tensor is not None and type(tensor) is not Array:
            raise TypeError(f"cannot assign '{type(tensor).__name__}' object to buffer "
                            f"'{name}' (gradarray array or None required)")
        self._parameters.pop(name, None)
        self._modules.pop(name, None)
        self._buffers[name] = tensor
        if persistent:
            self._non_persistent_buffers.discard(name)
        else:
            self._non_persistent_buffers.add(name)

    def add_module(self, name: str, module: Module | None) -> None:
        """Add a child module under ``name``."""
        if module is not None and not isinstance(module, Module):
            raise TypeError(f"{type(module).__name__} is not a Module subclass")
        _check_name("module", name, self)
        if hasattr(type(self), name) and name not in self._modules:
            raise KeyError(f"attribute '{name}' already exists")
        self._parameters.pop(name, None)
        self._buffers.pop(name, None)
        self.__dict__.pop(name, None)
        self._modules[name] = module

    register_module = add_module

    def get_submodule(self, target: str) -> Module:
        """The module at the dotted path ``target`` (``""`` is self)."""
        mod: Module = self
        if target == "":
            return mod
        for item in target.split("."):
            child = mod._modules.get(item)
            if child is None:
                raise AttributeError(f"{mod._get_name()} has no attribute `{item}`")
            mod = child
        return mod

    def get_parameter(self, target: str) -> Array:
        """The parameter at the dotted path ``target``."""
        mod_path, _, name = target.rpartition(".")
        mod = self.get_submodule(mod_path)
        if name not in mod._parameters or mod._parameters[name] is None:
            raise AttributeError(f"`{name}` is not an nn.Parameter")
        return mod._parameters[name]  # type: ignore[return-value]

    def get_buffer(self, target: str) -> Array:
        """The buffer at the dotted path ``target``."""
        mod_path, _, name = target.rpartition(".")
        mod = self.get_submodule(mod_path)
        if name not in mod._buffers or mod._buffers[name] is None:
            raise AttributeError(f"`{name}` is not a buffer")
        return mod._buffers[name]  # type: ignore[return-value]

    # --------------------------------------------------------------- iteration
    def named_modules(self, memo: set[int] | None = None, prefix: str = "",
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Module]]:
        """``(name, module)`` for this module and every descendant, depth first."""
        if memo is None:
            memo = set()
        if remove_duplicate:
            if id(self) in memo:
                return
            memo.add(id(self))
        yield prefix, self
        for name, module in self._modules.items():
            if module is None:
                continue
            sub = prefix + ("." if prefix else "") + name
            yield from module.named_modules(memo, sub, remove_duplicate)

    def modules(self) -> Iterator[Module]:
        """This module and every descendant."""
        for _, m in self.named_modules():
            yield m

    def named_children(self) -> Iterator[tuple[str, Module]]:
        """``(name, module)`` for the direct children."""
        seen: set[int] = set()
        for name, m in self._modules.items():
            if m is not None and id(m) not in seen:
                seen.add(id(m))
                yield name, m

    def children(self) -> Iterator[Module]:
        """The direct children."""
        for _, m in self.named_children():
            yield m

    def _named_members(self, attr: str, prefix: str, recurse: bool,
                       remove_duplicate: bool = True) -> Iterator[tuple[str, Array]]:
        seen: set[int] = set()
        mods = self.named_modules(prefix=prefix, remove_duplicate=remove_duplicate) \
            if recurse else [(prefix, self)]
        for mod_prefix, mod in mods:
            for name, v in getattr(mod, attr).items():
                if v is None:
                    continue
                if remove_duplicate:
                    if id(v) in seen:
                        continue
                    seen.add(id(v))
                yield mod_prefix + ("." if mod_prefix else "") + name, v

    def named_parameters(self, prefix: str = "", recurse: bool = True,
                         remove_duplicate: bool = True) -> Iterator[tuple[str, Array]]:
        """``(dotted name, parameter)`` pairs; a shared parameter appears once."""
        return self._named_members("_parameters", prefix, recurse, remove_duplicate)

    def parameters(self, recurse: bool = True) -> Iterator[Array]:
        """The parameters of this module and (with ``recurse``) its descendants."""
        for _, p in self.named_parameters(recurse=recurse):
            yield p

    def named_buffers(self, prefix: str = "", recurse: bool = True,
                      remove_duplicate: bool = True) -> Iterator[tuple[str, Array]]:
        """``(dotted name, buffer)`` pairs."""
        return self._named_members("_buffers", prefix, recurse, remove_duplicate)

    def buffers(self, recurse: bool = True) -> Iterator[Array]:
        """The buffers of this module and (with ``recurse``) its descendants."""
        for _, b in self.named_buffers(recurse=recurse):
            yield b

    # ------------------------------------------------------------------ modes
    def train(self, mode: bool = True) -> Module:
        """Set training mode (Dropout drops, BatchNorm uses batch statistics); returns self."""
        if not isinstance(mode, bool):
            raise ValueError("training mode is expected to be boolean")
        for m in self.modules():
            object.__setattr__(m, "training", mode)
        return self

    def eval(self) -> Module:
        """Set evaluation mode (``train(False)``); returns self."""
        return self.train(False)

    def requires_grad_(self, requires_grad: bool = True) -> Module:
        """Turn gradient recording on or off for every parameter; returns self."""
        for p in self.parameters():
            p.requires_grad_(requires_grad)
        return self

    def zero_grad(self, set_to_none: bool = True) -> None:
        """Reset the gradients of all parameters (to None by default, as PyTorch)."""
        for p in self.parameters():
            _zero_grad(p, set_to_none)

    def apply(self, fn: Callable[[Module], Any]) -> Module:
        """Call ``fn`` on every descendant, then on self (for custom initialisation)."""
        for m in self.children():
            m.apply(fn)
        fn(self)
        return self

    # ---------------------------------------------------------------- devices
    def _convert(self, device: Any = None, dtype: Any = None) -> Module:
        from .._device import as_device
        dev = as_device(device, "Module.to_device") if device is not None else None
        for m in self.modules():
            for store in (m._parameters, m._buffers):
                for v in store.values():
                    if v is not None:
                        _move(v, dev, dtype)
        return self

    def to_device(self, device: Any) -> Module:
        """Move every parameter and buffer to ``device`` in place; returns self."""
        return self._convert(device=device)

    def to(self, device: Any = None, dtype: Any = None) -> Module:
        """Move to ``device`` and/or cast floating parameters and buffers to ``dtype``.

        As ``module.to("cuda")`` or ``module.to(dtype=gradarray.float64)``; in place.
        """
        from .. import _dtypes
        if device is not None and isinstance(device, _dtypes.DType):
            device, dtype = None, device
        if dtype is not None:
            dtype = _dtypes.as_dtype(dtype, "Module.to")
            if dtype.kind not in "fc":
                raise TypeError(f"Module.to(dtype): expected a floating-point or complex dtype, "
                                f"got {dtype.name}")
        return self._convert(device=device, dtype=dtype)

    def cpu(self) -> Module:
        """Move to the ``cpu`` device (NumPy)."""
        return self.to_device("cpu")

    def cuda(self, device: Any = None) -> Module:
        """Move to a ``cuda`` device (CuPy)."""
        if device is None:
            return self.to_device("cuda")
        return self.to_device(device if isinstance(device, str) else f"cuda:{int(device)}")

    def float(self) -> Module:
        """Cast floating parameters and buffers to float32."""
        from .._dtypes import float32
        return self.to(dtype=float32)

    def double(self) -> Module:
        """Cast floating parameters and buffers to float64."""
        from .._dtypes import float64
        return self.to(dtype=float64)

    # ------------------------------------------------------------- state dict
    def state_dict(self, destination: dict[str, Any] | None = None, prefix: str = "",
                   keep_vars: bool = False) -> dict[str, Any]:
        """Parameters and persistent buffers by dotted name, in registration order.

        The arrays share memory with the module's but are detached (``keep_vars=True``
        returns the parameters themselves).
        """
        if destination is None:
            destination = OrderedDict()
        for name, p in self._parameters.items():
            if p is not None:
                destination[prefix + name] = p if keep_vars else p.detach()
        for name, b in self._buffers.items():
            if b is not None and name not in self._non_persistent_buffers:
                destination[prefix + name] = b if keep_vars else b.detach()
        for name, m in self._modules.items():
            if m is not None:
                m.state_dict(destination=destination, prefix=prefix + name + ".",
                             keep_vars=keep_vars)
        return destination

    def load_state_dict(self, state_dict: Mapping[str, Any], strict: bool = True,
                        assign: bool = False) -> _IncompatibleKeys:
        """Copy parameters and buffers from ``state_dict`` into this module, in place.

        Values are cast to each parameter's dtype and moved to its device.  With ``strict``
        (the default) missing and unexpected keys are an error; a shape mismatch always is.
        Returns ``(missing_keys, unexpected_keys)``.
        """
        if not isinstance(state_dict, Mapping):
            raise TypeError(f"Expected state_dict to be dict-like, got {type(state_dict)}.")
        own = self.state_dict(keep_vars=True)
        missing = [k for k in own if k not in state_dict]
        unexpected = [k for k in state_dict if k not in own]
        errors: list[str] = []
        converted: dict[str, Array] = {}
        for key, target in own.items():
            if key not in state_dict:
                continue
            value = _as_value(state_dict[key], target, key)
            if tuple(value.shape) != tuple(target.shape):
                errors.append(f"size mismatch for {key}: copying a param with shape "
                              f"{tuple(value.shape)} from checkpoint, the shape in current model "
                              f"is {tuple(target.shape)}.")
                continue
            converted[key] = value
        if strict:
            if unexpected:
                errors.insert(0, "Unexpected key(s) in state_dict: " +
                              ", ".join(f'"{k}"' for k in unexpected) + ". ")
            if missing:
                errors.insert(0, "Missing key(s) in state_dict: " +
                              ", ".join(f'"{k}"' for k in missing) + ". ")
        if errors:
            raise RuntimeError(f"Error(s) in loading state_dict for {self._get_name()}:\n\t" +
                               "\n\t".join(errors))
        for key, value in converted.items():
            mod_path, _, name = key.rpartition(".")
            mod = self.get_submodule(mod_path)
            target = own[key]
            if assign:
                if name in mod._parameters:
                    mod._parameters[name] = Parameter(value, requires_grad=target.requires_grad)
                else:
                    mod._buffers[name] = value
            else:
                with no_grad():
                    target[...] = value
        return _IncompatibleKeys(missing, unexpected)

    # ------------------------------------------------------------------- repr
    def _get_name(self) -> str:
        return type(self).__name__

    def extra_repr(self) -> str:
        """The one-line description of this module's settings inside its repr."""
        return ""

    def __repr__(self) -> str:
        extra = self.extra_repr()
        extra_lines = extra.split("\n") if extra else []
        child_lines = [f"({key}): " + _addindent(repr(module), 2)
                       for key, module in self._modules.items()]
        lines = extra_lines + child_lines
        main = self._get_name() + "("
        if lines:
            if len(extra_lines) == 1 and not child_lines:
                main += extra_lines[0]
            else:
                main += "\n  " + "\n  ".join(lines) + "\n"
        return main + ")"


def _zero_grad(p: Array, set_to_none: bool) -> None:
    g = p.grad
    if g is None:
        return
    if set_to_none:
        p.grad = None
        return
    if g.requires_grad:          # a gradient made with create_graph=True
        g = g.detach()
        p.grad = g
    with no_grad():
        g[...] = 0


def _as_value(value: Any, target: Array, key: str) -> Array:
    """A state_dict entry as an array of ``target``'s dtype on ``target``'s device."""
    from .._ops.creation import asarray
    from .._ops.data_types import astype
    if type(value) is not Array:
        try:
            value = asarray(value, device=target.device)
        except Exception as exc:
            raise TypeError(f"load_state_dict: the value of {key!r} is not an array "
                            f"({type(value).__name__}): {exc}") from None
    value = value.detach()
    if value.device != target.device:
        value = value.to_device(target.device)
    if value.dtype != target.dtype:
        value = astype(value, target.dtype)
    return value


def _move(x: Array, device: Any, dtype: Any) -> None:
    """Move or cast ``x`` in place, keeping the Array object (and its gradient)."""
    from .._ops.data_types import astype
    new = x.detach()
    if dtype is not None and new.dtype.kind == "f" and new.dtype is not dtype:
        new = astype(new, dtype)
    if device is not None and new.device is not device:
        new = new.to_device(device)
    if new._native is x._native:
        return
    x._native = new._native
    x._device = new._device
    x._dtype = new._dtype
    g = x.grad
    if g is not None:
        _move(g, device, dtype)
