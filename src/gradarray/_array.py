"""The array object: a native array, its device and dtype, and its autograd state.

Every operator maps onto the namespace function of the standard through one table at the
bottom of this file, so ``a * b`` and ``multiply(a, b)`` share one code path.
"""

from __future__ import annotations

import sys
import warnings
from collections.abc import Callable, Iterator
from enum import IntEnum
from types import ModuleType
from typing import Any

from ._device import Device
from ._dtypes import DType
from .autograd import engine as _engine
from .autograd.engine import AutogradMeta, Node, RemovableHandle, refresh_view
from .autograd.grad_mode import STATE

__all__ = ["Array", "GradientLossWarning"]

_object_new = object.__new__


class GradientLossWarning(UserWarning):
    """A value left the autograd graph implicitly (``float(x)`` of an array that requires grad).

    Make every such cut an error with
    ``warnings.simplefilter("error", gradarray.GradientLossWarning)``.
    """


class DLDeviceType(IntEnum):
    """DLPack device types (``__dlpack_device__``)."""

    CPU = 1
    CUDA = 2
    CPU_PINNED = 3
    OPENCL = 4
    VULKAN = 7
    METAL = 8
    VPI = 9
    ROCM = 10
    CUDA_MANAGED = 13
    ONE_API = 14


class Array:
    """An n-dimensional array of the Python Array API standard, with autograd.

    Created by the namespace functions (``gradarray.asarray``, ``gradarray.zeros``...), never
    directly.  ``x._native`` is the backend's array; ``x.device`` says which backend.
    """

    # _vc: the version counter (a one-item list, shared with views; made lazily);
    # _view: (base, key) for views from basic indexing, so in-place changes reach the base
    __slots__ = ("_native", "_dtype", "_device", "_ag", "_vc", "_view", "_grad", "__weakref__")

    _native: Any
    _dtype: DType
    _device: Device
    _ag: AutogradMeta | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise TypeError("gradarray.Array cannot be created directly; use gradarray.asarray(obj) "
                        "or another creation function")

    @staticmethod
    def _new(native: Any, dtype: DType, device: Device) -> Array:
        a = _object_new(Array)
        a._native = native
        a._dtype = dtype
        a._device = device
        a._ag = None
        a._vc = None      # set, not left unset: reading an unset slot costs an exception
        a._view = None
        a._grad = None
        return a

    # ------------------------------------------------------------ attributes
    @property
    def dtype(self) -> DType:
        """The data type of the elements."""
        return self._dtype

    @property
    def device(self) -> Device:
        """Where the array lives (a backend and one of its devices)."""
        return self._device

    @property
    def shape(self) -> tuple[int | None, ...]:
        """The size of each axis (None where a lazy backend does not know it yet)."""
        s = self._native.shape
        return s if type(s) is tuple else tuple(s)

    @property
    def ndim(self) -> int:
        """The number of axes."""
        return self._native.ndim

    @property
    def size(self) -> int | None:
        """The number of elements (None where a lazy backend does not know it yet)."""
        n = 1
        for d in self.shape:
            if d is None:
                return None
            n *= d
        return n

    @property
    def T(self) -> Array:
        """The transpose of a 2-D array (``permute_dims(x, (1, 0))``)."""
        if self.ndim != 2:
            raise ValueError(f"T(self): expected a 2-D array, got {self.ndim}-D; use "
                             f"permute_dims or .mT for stacks of matrices")
        return _ops.manipulation.permute_dims(self, (1, 0))

    @property
    def mT(self) -> Array:
        """The transpose of the last two axes (a stack of matrices)."""
        return _ops.linalg.matrix_transpose(self)

    def __array_namespace__(self, /, *, api_version: str | None = None) -> ModuleType:
        """The gradarray namespace, at ``api_version`` (2023.12, 2024.12 or 2025.12)."""
        from ._versions import namespace
        return namespace(api_version, "__array_namespace__")

    def to_device(self, device: Any, /, *, stream: Any = None) -> Array:
        """This array on ``device`` (another backend too); differentiable."""
        return _ops.creation.to_device(self, device, stream=stream)

    # ------------------------------------------------------------ autograd
    @property
    def requires_grad(self) -> bool:
        """Whether gradients with respect to this array are computed."""
        return self._ag is not None

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self.requires_grad_(value)

    def requires_grad_(self, requires_grad: bool = True) -> Array:
        """Start (or stop) recording operations on this leaf; returns self."""
        if not isinstance(requires_grad, bool):
            raise TypeError(f"requires_grad_(requires_grad): expected a bool, got {requires_grad!r}")
        if requires_grad:
            if self._dtype.kind not in "fc":
                raise TypeError(f"requires_grad_(self): only floating-point and complex arrays can "
                                f"require gradients, got dtype {self._dtype.name}")
            if self._ag is None:
                self._ag = AutogradMeta()
        else:
            if self._ag is not None and self._ag.grad_fn is not None:
                raise RuntimeError("requires_grad_(False): can only change the requires_grad flag "
                                   "of leaf arrays; use .detach() for a non-leaf array")
            self._ag = None
        return self

    @property
    def grad(self) -> Array | None:
        """The gradient accumulated by ``backward()`` (leaves, and arrays that retain_grad).

        Reading it on a non-leaf that does not retain its gradient warns, as in PyTorch: it
        is never filled in.
        """
        g = self._grad
        if g is None:
            ag = self._ag
            if ag is not None and ag.grad_fn is not None and not ag.retains_grad:
                warnings.warn("the .grad of an array that is not a leaf is being read; "
                              "backward() does not fill it in. Call .retain_grad() on it "
                              "before backward() if you want it (or read the .grad of the "
                              "leaf arrays).", UserWarning, stacklevel=2)
        return g

    @grad.setter
    def grad(self, value: Array | None) -> None:
        if value is not None:
            if type(value) is not Array:
                raise TypeError(f"Array.grad: expected an Array or None, got {type(value).__name__}")
            if value.shape != self.shape or value._dtype is not self._dtype:
                raise ValueError(f"Array.grad: expected shape {self.shape} and dtype "
                                 f"{self._dtype.name}, got shape {value.shape} and dtype "
                                 f"{value._dtype.name}")
            if value._device is not self._device:
                raise ValueError(f"Array.grad: the gradient is on {value._device}, the array "
                                 f"on {self._device}")
        self._grad = value

    @property
    def grad_fn(self) -> Node | None:
        """The node that produced this array (None for leaves)."""
        ag = self._ag
        if ag is None:
            return None
        if ag.view_version is not None and ag.view_version != self._vc[0]:
            ag = refresh_view(self)
        return ag.grad_fn

    @property
    def is_leaf(self) -> bool:
        """True unless this array was produced by a recorded operation."""
        return self.grad_fn is None

    def retain_grad(self) -> None:
        """Keep ``.grad`` for this non-leaf array after ``backward()`` (it accumulates, and
        holds the gradient after every hook, as in PyTorch)."""
        ag = self._ag
        if ag is None:
            raise RuntimeError("retain_grad(): cannot retain the gradient of an array that does "
                               "not require grad")
        node = self.grad_fn
        if node is None or ag.retains_grad:
            return
        ag = self._ag
        assert ag is not None
        ag.retains_grad = True
        import weakref
        if node.retained is None:
            node.retained = {}
            _engine.HOOKED[0] = True
        node.retained[ag.output_nr] = weakref.ref(self)

    @property
    def retains_grad(self) -> bool:
        """Whether ``retain_grad()`` was called on this non-leaf array."""
        return self._ag is not None and self._ag.retains_grad

    def register_hook(self, hook: Callable[[Array], Array | None]) -> RemovableHandle:
        """Call ``hook(grad)`` when this array's gradient is computed; it may return a
        replacement.  Returns a handle whose ``remove()`` takes the hook off."""
        ag = self._ag
        if ag is None:
            raise RuntimeError("register_hook(): cannot register a hook on an array that does "
                               "not require grad")
        node = self.grad_fn
        ag = self._ag
        assert ag is not None
        if node is None:
            if ag.hooks is None:
                ag.hooks = []
            ag.hooks.append(hook)
            return RemovableHandle(ag.hooks, hook)
        return node._add_pre_hook(ag.output_nr, hook)

    def detach(self) -> Array:
        """The same data, cut from the graph (shares memory and the version counter, so an
        in-place change through it is still detected; does not require grad)."""
        out = Array._new(self._native, self._dtype, self._device)
        vc = self._vc
        if vc is None:
            vc = self._vc = [0]
        out._vc = vc
        return out

    def detach_(self) -> Array:
        """Cut this array from the graph in place; returns self."""
        if self._view is not None and self._ag is not None:
            raise RuntimeError("detach_(): cannot detach a view in place; use detach()")
        self._ag = None
        return self

    def _detached_copy(self) -> Array:
        ns = self._device.ns
        return Array._new(ns.asarray(self._native, copy=True), self._dtype, self._device)

    def backward(self, gradient: Array | None = None, retain_graph: bool | None = None,
                 create_graph: bool = False, inputs: Any = None) -> None:
        """Accumulate the gradient of this array into the ``.grad`` of the leaves."""
        if gradient is None and inputs is None and self._ag is not None and \
                self._native.ndim == 0 and self._dtype.kind == "f":
            # the commonest call, loss.backward(): seeded with a shared read-only 0-d one,
            # straight into the engine's plain loop where it applies
            seed = self._device.one(self._dtype)
            retain = create_graph if retain_graph is None else retain_graph
            if STATE.anomaly or not _engine._run_plain(self, seed, retain, create_graph):
                _engine.run_backward([self], [seed], retain_graph=retain,
                                     create_graph=create_graph)
            return
        from .autograd import _backward
        _backward(self, gradient, retain_graph, create_graph, inputs, "gradient")

    # ------------------------------------------------------------ conversions
    def _scalar(self, kind: str) -> Any:
        if self.ndim != 0:
            raise TypeError(f"__{kind}__(self): only 0-dimensional arrays can be converted to "
                            f"Python scalars, got shape {self.shape}; index it first (x[0]) "
                            f"or call x.item()")
        if self._ag is not None:
            warnings.warn(f"{kind}() of an array that requires grad returns a value outside the "
                          f"graph; no gradient flows through it. Call .detach() or .item() to "
                          f"say so explicitly.", GradientLossWarning, stacklevel=3)
        return self._item()

    def _item(self) -> Any:
        v = self._native
        item = getattr(v, "item", None)
        if item is not None:
            r = item()
        else:
            from ._format import _scalar_of
            r = _scalar_of(v)
        k = self._dtype.kind
        # backends return their own scalar types; the standard wants Python's
        if k == "b":
            return bool(r)
        if k in "iu":
            return int(r)
        if k == "f":
            return float(r)
        return complex(r)

    def __bool__(self) -> bool:
        if self.ndim != 0:
            raise TypeError(f"__bool__(self): the truth value of an array of shape {self.shape} "
                            f"is ambiguous; use gradarray.any() or gradarray.all()")
        return bool(self._item())

    def __int__(self) -> int:
        if self._dtype.kind == "c":
            raise TypeError("__int__(self): cannot convert a complex array to int; take "
                            "gradarray.real() or gradarray.imag() first")
        v = self._scalar("int")
        try:
            return int(v)
        except (ValueError, OverflowError) as exc:   # NaN and infinities, as Python says
            raise type(exc)(f"__int__(self): {exc}") from None

    def __float__(self) -> float:
        if self._dtype.kind == "c":
            raise TypeError("__float__(self): cannot convert a complex array to float; take "
                            "gradarray.real() or gradarray.imag() first")
        return float(self._scalar("float"))

    def __complex__(self) -> complex:
        return complex(self._scalar("complex"))

    def __index__(self) -> int:
        if self._dtype.kind not in "iu":
            raise TypeError(f"__index__(self): only integer arrays can be used as an index, "
                            f"got dtype {self._dtype.name}")
        return int(self._scalar("index"))

    def item(self) -> bool | int | float | complex:
        """The single element as a Python scalar (explicitly outside the graph)."""
        if self.size != 1:
            raise ValueError(f"item(self): only arrays with one element can be converted to a "
                             f"Python scalar, got shape {self.shape}")
        if self.ndim:
            return _ops.manipulation.reshape(self.detach(), ())._item()
        return self._item()

    def tolist(self) -> Any:
        """The elements as nested Python lists of Python scalars."""
        from ._format import to_list
        return to_list(self)

    def __len__(self) -> int:
        if self.ndim == 0:
            raise TypeError("__len__(self): len() of a 0-dimensional array is not defined")
        n = self.shape[0]
        if n is None:
            raise TypeError("__len__(self): the first axis has an unknown size")
        return n

    def __iter__(self) -> Iterator[Array]:
        # not a generator itself, so that iter(x) of a 0-d array raises at once
        if self.ndim == 0:
            raise TypeError("__iter__(self): iteration over a 0-dimensional array is not defined")
        return (self[i] for i in range(len(self)))

    def __repr__(self) -> str:
        from ._format import array_repr
        return array_repr(self)

    def __str__(self) -> str:
        from ._format import array_str
        return array_str(self)

    def __format__(self, format_spec: str) -> str:
        if type(format_spec) is not str:
            raise TypeError(f"__format__(format_spec): expected a str, got "
                            f"{type(format_spec).__name__}")
        if not format_spec:
            return str(self)
        if self._native.ndim == 0:       # a 0-d array formats its value (f"{loss:.3f}")
            try:
                return format(self._item(), format_spec)
            except ValueError as exc:
                raise ValueError(f"__format__(format_spec): {exc}") from None
        try:                             # others format their text (f"{x:>40}")
            return format(str(self), format_spec)
        except ValueError:
            raise TypeError(f"__format__(format_spec): {format_spec!r} formats a number, and "
                            f"this array has shape {self.shape}; only 0-d arrays format their "
                            f"value (index one element, or use a string spec such as '>40')"
                            ) from None

    # NumPy and other host libraries.  NumPy's operators and ufuncs defer to ours (and so
    # raise TypeError for what the standard does not define, such as np.float64(1) + x)
    # instead of silently turning the array into an ndarray.
    __array_ufunc__ = None

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> Any:
        from ._interop import to_numpy
        return to_numpy(self, dtype, copy)

    def __dlpack__(self, *, stream: Any = None, max_version: tuple[int, int] | None = None,
                   dl_device: tuple[Any, int] | None = None, copy: bool | None = None) -> Any:
        from ._interop import dlpack
        return dlpack(self, stream=stream, max_version=max_version, dl_device=dl_device, copy=copy)

    def __dlpack_device__(self) -> tuple[IntEnum, int]:
        from ._interop import dlpack_device
        return dlpack_device(self)

    def __copy__(self) -> Array:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> Array:
        out = self._detached_copy()
        if self._ag is not None and self._ag.grad_fn is None:
            out._ag = AutogradMeta()
        return out

    def __reduce__(self) -> Any:
        from ._interop import reduce_array
        return reduce_array(self)

    __hash__ = object.__hash__   # identity, as PyTorch tensors (sets of parameters)

    # ------------------------------------------------------------ indexing
    def __getitem__(self, key: Any, /) -> Array:
        return _ops.indexing.getitem(self, key)

    def __setitem__(self, key: Any, value: Any, /) -> None:
        _ops.indexing.setitem(self, key, value)


def _install_operators() -> None:
    e = _ops.elementwise
    table: list[tuple[str, Callable[..., Any], bool, str | None]] = [
        # (dunder, function, reflected too, in-place native dunder)
        ("add", e.add, True, "__iadd__"),
        ("sub", e.subtract, True, "__isub__"),
        ("mul", e.multiply, True, "__imul__"),
        ("truediv", e.divide, True, "__itruediv__"),
        ("floordiv", e.floor_divide, True, "__ifloordiv__"),
        ("mod", e.remainder, True, "__imod__"),
        ("pow", e.pow, True, "__ipow__"),
        ("and", e.bitwise_and, True, "__iand__"),
        ("or", e.bitwise_or, True, "__ior__"),
        ("xor", e.bitwise_xor, True, "__ixor__"),
        ("lshift", e.bitwise_left_shift, True, "__ilshift__"),
        ("rshift", e.bitwise_right_shift, True, "__irshift__"),
        ("matmul", _ops.linalg.matmul, True, None),
        ("lt", e.less, False, None),
        ("le", e.less_equal, False, None),
        ("gt", e.greater, False, None),
        ("ge", e.greater_equal, False, None),
        ("eq", e.equal, False, None),
        ("ne", e.not_equal, False, None),
    ]
    for dunder, fn, reflected, native_inplace in table:
        setattr(Array, f"__{dunder}__", _forward(fn, dunder))
        if reflected:
            setattr(Array, f"__r{dunder}__", _reflect(fn, dunder))
            setattr(Array, f"__i{dunder}__", _make_inplace(fn, dunder, native_inplace))
    Array.__neg__ = lambda self: e.negative(self)      # type: ignore[method-assign]
    Array.__pos__ = lambda self: e.positive(self)      # type: ignore[method-assign]
    Array.__abs__ = lambda self: e.abs(self)           # type: ignore[method-assign]
    Array.__invert__ = lambda self: e.bitwise_invert(self)   # type: ignore[method-assign]
    # __hash__ must be restored after __eq__ is set (Python drops it otherwise)
    Array.__hash__ = object.__hash__  # type: ignore[method-assign]
    # indexing straight into the functions that implement it (one Python frame less than
    # the methods above, which document it)
    Array.__getitem__ = _ops.indexing.getitem  # type: ignore[method-assign,assignment]
    Array.__setitem__ = _ops.indexing.setitem  # type: ignore[method-assign,assignment]


_SCALAR_TYPES = (bool, int, float, complex)


def numpy_object_hint(obj: Any) -> str | None:
    """What to say about a NumPy scalar or array met where the standard wants an array of
    ours or a Python scalar (None for anything else; NumPy is not imported for this)."""
    np = sys.modules.get("numpy")
    if np is None:
        return None
    if isinstance(obj, np.generic):
        return (f"a NumPy scalar (numpy.{type(obj).__name__}); NumPy scalars are not Python "
                f"scalars: convert it with float(), int(), bool() or complex(), or with "
                f"gradarray.asarray()")
    if isinstance(obj, np.ndarray):
        return ("a NumPy array (numpy.ndarray); convert it with gradarray.asarray(a, "
                "device=x.device) first")
    return None


def _foreign_operand(other: Any, function: str, argument: str) -> Any:
    """An operator's answer to an operand that is neither an array of ours nor a Python
    scalar: NotImplemented (Python then asks the other operand), except for NumPy's scalars
    and arrays, whose reflected operators would fail with NumPy's message about ufuncs
    (``__array_ufunc__ = None``): they get ours, which says how to convert them."""
    hint = numpy_object_hint(other)
    if hint is None:
        return NotImplemented
    raise TypeError(f"{function}({argument}): expected a gradarray array or a Python scalar, "
                    f"got {hint}")


def _forward(fn: Callable[..., Any], dunder: str) -> Callable[[Array, Any], Any]:
    op = getattr(fn, "op", None)
    name = fn.__name__
    if op is not None:     # element-wise: straight into the call path, one Python call
        from ._call import binary

        def op_dunder(self: Array, other: Any, /) -> Any:
            if type(other) is not Array and type(other) not in _SCALAR_TYPES:
                # Python then tries other's reflected operator, or raises
                return _foreign_operand(other, name, "x2")
            return binary(op, self, other)
        f = op_dunder
    else:
        def fn_dunder(self: Array, other: Any, /) -> Any:
            if type(other) is not Array and type(other) not in _SCALAR_TYPES:
                return _foreign_operand(other, name, "x2")
            return fn(self, other)
        f = fn_dunder
    f.__name__ = f"__{dunder}__"
    f.__doc__ = f"``self {dunder} other``: {fn.__name__}(self, other)."
    return f


def _reflect(fn: Callable[..., Any], dunder: str) -> Callable[[Array, Any], Any]:
    op = getattr(fn, "op", None)
    name = fn.__name__
    if op is not None:
        from ._call import binary

        def op_dunder(self: Array, other: Any, /) -> Any:
            if type(other) is not Array and type(other) not in _SCALAR_TYPES:
                return _foreign_operand(other, name, "x1")
            return binary(op, other, self)
        f = op_dunder
    else:
        def fn_dunder(self: Array, other: Any, /) -> Any:
            if type(other) is not Array and type(other) not in _SCALAR_TYPES:
                return _foreign_operand(other, name, "x1")
            return fn(other, self)
        f = fn_dunder
    f.__name__ = f"__r{dunder}__"
    f.__doc__ = f"``other {dunder} self``: {fn.__name__}(other, self)."
    return f


def _make_inplace(fn: Callable[..., Any], dunder: str, native: str | None
                  ) -> Callable[[Array, Any], Any]:
    from ._call import binary, inplace
    name = f"__i{dunder}__"
    op_ = getattr(fn, "op", None)
    native_ = native or ""

    def op(self: Array, other: Any, /) -> Any:
        t = type(other)
        if t is not Array and t not in _SCALAR_TYPES:
            return _foreign_operand(other, name, "other")
        # the commonest case first: nothing recorded (optimizer steps under no_grad, plain
        # arrays), an element-wise op whose native in-place operator is exact
        if op_ is not None and native_ and (
                not STATE.enabled or (self._ag is None and self._view is None and
                                      (t is not Array or other._ag is None))) and \
                op_.name not in self._device.inplace_unsafe:
            return binary(op_, self, other, native_)
        return inplace(self, other, fn, name, native_)
    op.__name__ = name
    op.__doc__ = f"``self {dunder}= other``, recorded like {fn.__name__}."
    return op


from . import _ops  # noqa: E402  (the operator table needs the namespace functions)

_install_operators()
