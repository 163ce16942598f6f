"""The single call path: check -> backend -> wrap -> record.

Everything the standard says about arguments of element-wise functions (Python scalars,
dtype categories, promotion, devices) is enforced here, once.  When no input requires grad,
recording costs one slot read per input.
"""

from __future__ import annotations

import re
from typing import Any

from . import _dtypes
from ._array import Array, numpy_object_hint
from ._device import Device
from ._dtypes import DType, describe
from .autograd.engine import record, record_binary, record_unary, saved_arrays
from .autograd.rules import RULES
from .autograd import engine as _engine

if not _engine._ARRAY:
    _engine._ARRAY.append(Array)
from .autograd.grad_mode import STATE

__all__ = ["Op", "unary", "binary", "wrap", "check_array", "needs_grad", "record",
           "SCALAR_TYPES", "scalar_dtype", "device_mismatch", "promote_arrays"]

SCALAR_TYPES = (bool, int, float, complex)
_MISSING: Any = object()
_new = Array._new


class Op:
    """An element-wise function: its name, the dtypes it accepts and what it returns.

    ``result`` is ``"same"`` (the promoted input dtype), ``"bool"``, ``"real"`` (the real dtype
    of a complex input) or ``"native"`` (whatever the backend returns).  The promotion table
    restricted to the accepted dtypes is precomputed: ``table[d1][d2]`` is the result dtype
    (None for ``"native"``), and a missing entry means the call is an error.
    """

    __slots__ = ("name", "dtypes", "result", "native", "table", "table1", "_rules")

    def __init__(self, name: str, dtypes: frozenset[DType], result: str = "same",
                 native: str | None = None) -> None:
        self.name = name
        self.dtypes = dtypes
        self.result = result
        self.native = native or name
        self.table: dict[DType, dict[DType, DType | None]] = {}
        self.table1: dict[DType, DType | None] = {}
        self._rules: Any = _MISSING
        for d1 in _dtypes.ALL_DTYPES:
            row = {}
            for d2 in _dtypes.ALL_DTYPES:
                p = d1._promote.get(d2)
                if p is not None and p in dtypes:
                    row[d2] = self._out(p)
            if row:
                self.table[d1] = row
            if d1 in dtypes:
                self.table1[d1] = self._out(d1)

    def _out(self, dt: DType) -> DType | None:
        r = self.result
        if r == "same":
            return dt
        if r == "bool":
            return _dtypes.bool
        if r == "real":
            return dt._real
        return None

    def rules(self) -> Any:
        """The derivative rules registered for this op (None: not differentiable)."""
        r = self._rules
        if r is _MISSING:
            r = self._rules = RULES.get(self.name)
        return r

    def fn(self, dev: Device) -> Any:
        """The backend's function for this op (cached on the device)."""
        f = dev.fns.get(self)
        if f is None:
            f = dev.fns[self] = getattr(dev.ns, self.native)
        return f

    def __repr__(self) -> str:
        return f"<Op {self.name}>"


def needs_grad(*xs: Any) -> bool:
    """Whether a call with these inputs must be recorded."""
    if not STATE.enabled:
        return False
    for x in xs:
        if getattr(x, "_ag", None) is not None:
            return True
    return False


def check_array(x: Any, function: str, argument: str = "x") -> Array:
    """``x`` if it is a gradarray Array, else a TypeError naming the function and argument."""
    if type(x) is Array:
        return x
    raise TypeError(f"{function}({argument}): expected a gradarray array, got "
                    f"{type(x).__name__}" + (
                        " (convert it with gradarray.asarray first)"
                        if hasattr(x, "__array_namespace__") or hasattr(x, "__array__") else ""))


def dtype_error(function: str, argument: str, allowed: frozenset[DType], got: DType) -> TypeError:
    return TypeError(f"{function}({argument}): expected {describe(allowed)}, got {got.name}")


def device_mismatch(function: str, a: Device, b: Device, args: str = "x1, x2") -> ValueError:
    return ValueError(f"{function}({args}): arrays are on different devices, {a} and {b}; "
                      f"move one with .to_device() first")


def wrap(native: Any, device: Device) -> Array:
    """Wrap a native result whose dtype is read off the native array."""
    return _new(native, device.from_native[native.dtype], device)


def scalar_dtype(function: str, argument: str, dt: DType, s: Any) -> DType:
    """The dtype of ``array(dt) <op> s`` for a Python scalar ``s``, as the standard says."""
    t = type(s)
    k = dt.kind
    if t is bool:
        if k == "b":
            return dt
    elif t is int:
        if k in "iu":
            info = _dtypes.IINFO[dt]
            if not info.min <= s <= info.max:
                raise OverflowError(f"{function}({argument}): Python int {s} is out of bounds "
                                    f"for an array of dtype {dt.name}")
            return dt
        if k in "fc":
            return dt
    elif t is float:
        if k in "fc":
            return dt
    elif t is complex:
        if k == "c":
            return dt
        if k == "f":
            return dt._complex  # type: ignore[return-value]
    else:
        raise TypeError(f"{function}({argument}): expected a gradarray array or a Python scalar, "
                        f"got {numpy_object_hint(s) or t.__name__}")
    raise TypeError(f"{function}({argument}): a Python {t.__name__} cannot be combined with an "
                    f"array of dtype {dt.name} (the standard allows bool with bool arrays, int "
                    f"with integer and floating arrays, float with floating arrays and complex "
                    f"with floating arrays)")


def _promotion_error(function: str, d1: DType, d2: DType, args: str = "x1, x2") -> TypeError:
    return TypeError(f"{function}({args}): cannot promote {d1.name} with {d2.name} (mixed kinds "
                     f"are not defined by the standard; cast one with astype first)")


def promote_arrays(function: str, *xs: Array, args: str = "x1, x2") -> DType:
    """The promoted dtype of arrays (a TypeError naming the function and ``args`` when none
    is defined)."""
    dt = xs[0]._dtype
    for x in xs[1:]:
        d = x._dtype
        if d is not dt:
            r = dt._promote.get(d)
            if r is None:
                raise _promotion_error(function, dt, d, args)
            dt = r
    return dt


def _scalar_native(s: Any, dt: DType, dev: Device) -> Any:
    """A Python scalar operand as the backend receives it."""
    if dev.scalars:
        return s
    return dev.ns.asarray(s, dtype=dev.to_native[dt], device=dev.native)


_HEAD = re.compile(r"^[\w.]+\([^)]*\): ")
# the exception types the standard (and array-api-strict) use, most specific first
_STANDARD_ERRORS = (IndexError, OverflowError, ValueError, TypeError, BufferError)


def without_head(exc: BaseException) -> str:
    """The message of ``exc`` without the ``function(arguments): `` it may start with, to be
    given again under another function's name."""
    return _HEAD.sub("", str(exc))


def renamed(exc: Exception, head: str) -> Exception:
    """``exc`` told under ``head`` (``"solve(x1, x2)"``, the function the user called), its
    type kept where it can be rebuilt from a message (NumPy's LinAlgError), else the
    standard exception type it is."""
    message = f"{head}: {without_head(exc)}"
    try:
        new: Exception | None = type(exc)(message)
    except TypeError:    # a constructor that wants other arguments
        new = None
    if new is None or str(new) != message:
        new = next((b for b in _STANDARD_ERRORS if isinstance(exc, b)), ValueError)(message)
    return new


def backend_error(function: str, args: str, exc: Exception) -> Exception:
    """A backend's exception about an argument, re-raised under the function's name.

    Only the checks that need the data (or a broadcast the backend performs anyway) are
    left to the backend; its message is kept, prefixed so that it names our function.
    """
    for base in _STANDARD_ERRORS:
        if isinstance(exc, base):     # without the head the backend may have given it
            return base(f"{function}({args}): {without_head(exc)}")
    return exc


def broadcast_error(function: str, shapes: tuple[Any, ...], args: str = "x1, x2"
                    ) -> ValueError:
    return ValueError(f"{function}({args}): shapes {', '.join(map(str, shapes))} are not "
                      f"broadcast compatible")


def _shapes_compatible(*shapes: tuple[Any, ...]) -> bool:
    ndim = max(len(s) for s in shapes)
    for i in range(1, ndim + 1):
        sizes = {s[-i] for s in shapes if len(s) >= i and s[-i] != 1 and s[-i] is not None}
        if len(sizes) > 1:
            return False
    return True


def _int_as_float(function: str, argument: str, s: int) -> float:
    """A Python int operand of a floating-point array, as the float it is converted to (so
    that no backend meets an int too large for its integer types)."""
    try:
        return float(s)
    except OverflowError:
        raise OverflowError(f"{function}({argument}): Python int {s} is too large for a "
                            f"floating-point array") from None


def unary(op: Op, x: Any) -> Array:
    """Apply the element-wise ``op`` to one array."""
    if type(x) is not Array:
        raise TypeError(f"{op.name}(x): expected a gradarray array, got {type(x).__name__}")
    dev = x._device
    try:
        dt = op.table1[x._dtype]
    except KeyError:
        raise dtype_error(op.name, "x", op.dtypes, x._dtype) from None
    f = dev.fns.get(op)
    if f is None:
        f = op.fn(dev)
    try:
        res = f(x._native)
    except (ValueError, TypeError, OverflowError) as exc:
        raise backend_error(op.name, "x", exc) from exc
    out = _new(res, dt if dt is not None else dev.from_native[res.dtype], dev)
    if x._ag is not None and STATE.enabled:
        r = op._rules
        record_unary(r if r is not _MISSING else op.rules(), out, x)
    return out


def _operand_names(inplace: str | None) -> tuple[str, str]:
    """How errors name the operands: an in-place dunder's ``self, other``, else the spec's."""
    return ("self", "other") if inplace else ("x1", "x2")


def _binary_dtype_error(name: str, op: Op, d1: DType, d2: DType,
                        inplace: str | None = None) -> TypeError:
    a1, a2 = _operand_names(inplace)
    if d1._promote.get(d2) is None:
        return _promotion_error(name, d1, d2, f"{a1}, {a2}")
    first = d1 not in op.dtypes
    return dtype_error(name, a1 if first else a2, op.dtypes, d1 if first else d2)


def _scalar_category_error(name: str, op: Op, adt: DType, sdt: DType, aarg: str,
                           sarg: str) -> TypeError:
    if sdt is adt:
        return dtype_error(name, aarg, op.dtypes, adt)
    # a complex scalar made the result complex
    return TypeError(f"{name}({sarg}): a Python complex with an array of dtype {adt.name} gives "
                     f"{sdt.name}; {name} expects {describe(op.dtypes)}")


def binary(op: Op, x1: Any, x2: Any, inplace: str | None = None) -> Array:
    """Apply the element-wise ``op`` to two arrays, or an array and a Python scalar.

    With ``inplace`` (the native in-place dunder such as ``"__iadd__"``), ``x1`` is updated
    in its own memory after the same checks, and returned.
    """
    # errors name the in-place dunder (``__iadd__``) when there is one
    if type(x1) is Array:
        dev = x1._device
        if type(x2) is Array:
            if x2._device is not dev:
                raise device_mismatch(inplace or op.name, dev, x2._device,
                                      ", ".join(_operand_names(inplace)))
            try:
                dt = op.table[x1._dtype][x2._dtype]
            except KeyError:
                raise _binary_dtype_error(inplace or op.name, op, x1._dtype,
                                          x2._dtype, inplace) from None
            n2 = x2._native
        else:
            sdt = x1._dtype
            if type(x2) is not float or sdt.kind not in "fc":   # the commonest case, inline
                sdt = scalar_dtype(inplace or op.name, "other" if inplace else "x2", sdt, x2)
                if type(x2) is int and sdt.kind in "fc":
                    x2 = _int_as_float(inplace or op.name, "other" if inplace else "x2", x2)
            dt = op.table1.get(sdt, _MISSING)  # type: ignore[arg-type]
            if dt is _MISSING:
                raise _scalar_category_error(inplace or op.name, op, x1._dtype, sdt,
                                             *_operand_names(inplace))
            n2 = x2 if dev.scalars else _scalar_native(x2, sdt, dev)
        n1 = x1._native
    elif type(x2) is Array:
        dev = x2._device
        sdt = x2._dtype
        if type(x1) is not float or sdt.kind not in "fc":   # the commonest case, inline
            sdt = scalar_dtype(op.name, "x1", sdt, x1)
            if type(x1) is int and sdt.kind in "fc":
                x1 = _int_as_float(op.name, "x1", x1)
        dt = op.table1.get(sdt, _MISSING)  # type: ignore[arg-type]
        if dt is _MISSING:
            raise _scalar_category_error(op.name, op, x2._dtype, sdt, "x2", "x1")
        n1 = x1 if dev.scalars else _scalar_native(x1, sdt, dev)
        n2 = x2._native
    else:
        raise TypeError(f"{op.name}(x1, x2): expected at least one gradarray array, got "
                        f"{type(x1).__name__} and {type(x2).__name__}")
    if inplace is not None:
        if dt is None:   # a "native" result (true division): the promoted dtype, if floating
            dt = promote_operands(x1, x2)
            if dt.kind not in "fc":
                raise TypeError(f"{inplace}(self, other): the result of {op.name} on "
                                f"{dt.name} arrays is not {dt.name}; in-place operations cannot "
                                f"change self's dtype")
        return _inplace_native(op, x1, x2, n2, dt, inplace)
    f = dev.fns.get(op)
    if f is None:
        f = op.fn(dev)
    try:
        res = f(n1, n2)
    except (ValueError, TypeError, OverflowError) as exc:
        if type(x1) is Array and type(x2) is Array and not _shapes_compatible(x1.shape,
                                                                              x2.shape):
            raise broadcast_error(op.name, (x1.shape, x2.shape)) from None
        raise backend_error(op.name, "x1, x2", exc) from exc
    out = _new(res, dt if dt is not None else dev.from_native[res.dtype], dev)
    if ((type(x1) is Array and x1._ag is not None) or (type(x2) is Array and x2._ag is not None)) \
            and STATE.enabled:
        r = op._rules
        record_binary(r if r is not _MISSING else op.rules(), out, x1, x2)
    return out


def promote_operands(x1: Any, x2: Any) -> DType:
    """The promoted dtype of two operands, at least one an array (no checks: done before)."""
    if type(x1) is Array and type(x2) is Array:
        return x1._dtype._promote[x2._dtype]
    arr, s = (x1, x2) if type(x1) is Array else (x2, x1)
    return scalar_dtype("", "", arr._dtype, s)


def _dtype_change_error(name: str, result: DType, self_dtype: DType) -> TypeError:
    """The refusal of ``self <op>= other`` whose result has another dtype than ``self``."""
    return TypeError(f"{name}(self, other): the result dtype {result.name} differs from "
                     f"self's dtype {self_dtype.name}; in-place operations cannot change it")


def _inplace_native(op: Op, x1: Array, x2: Any, n2: Any, dt: DType, dunder: str) -> Array:
    if dt is not x1._dtype:
        raise _dtype_change_error(dunder, dt, x1._dtype)
    if type(x2) is Array:
        s1, s2 = x1._native.shape, x2._native.shape
        if s1 != s2:
            from ._ops.manipulation import _broadcasts
            if len(s2) > len(s1) or not _broadcasts(s2, s1):
                raise ValueError(f"{dunder}(self, other): other of shape {s2} does not broadcast "
                                 f"to self's shape {s1}")
    native = x1._native
    method = getattr(native, dunder, None)
    try:
        res = method(n2) if method is not None else NotImplemented
        if res is NotImplemented:   # immutable native arrays: rebind to the new value
            res = getattr(x1._device.ns, op.native)(native, n2)
    except (ValueError, TypeError, OverflowError) as exc:   # int ** negative int in NumPy
        raise backend_error(dunder, "self, other", exc) from exc
    if res is not native:
        x1._native = res
    vc = x1._vc
    if vc is not None:
        vc[0] += 1
    return x1


def _check_inplace_result(self: Array, other: Any, res: Array, name: str) -> None:
    """The standard's refusals for ``self <op>= other`` whose result ``res`` does not fit in
    ``self``: another dtype (TypeError), another shape (ValueError)."""
    if res._dtype is not self._dtype:
        raise _dtype_change_error(name, res._dtype, self._dtype)
    if res.shape != self.shape:
        raise ValueError(f"{name}(self, other): other of shape {getattr(other, 'shape', ())} "
                         f"does not broadcast to self's shape {self.shape}")


def inplace(self: Array, other: Any, fn: Any, name: str, native_op: str) -> Array:
    """``self <op>= other`` in ``self``'s memory (views see it); recorded when gradients flow.

    The recorded node takes ``self``'s history as its input; if its rule saved ``self``
    (``x *= y`` needs the old ``x`` for ``y``'s gradient) that value is copied first, as
    PyTorch keeps ``original_self``.  Views and bases of ``self`` get their history updated.
    """
    op = getattr(fn, "op", None)
    other_grad = getattr(other, "_ag", None) is not None
    if STATE.enabled and (self._ag is not None or other_grad or
                          self._view is not None):
        from ._ops import indexing
        if indexing.inplace_recorded(self, other_grad):
            indexing.check_inplace(self, name)
            indexing.current_history(self)
            res = fn(self, other)
            _check_inplace_result(self, other, res, name)
            for s_ in saved_arrays(res.grad_fn):
                if s_.native is self._native:
                    s_.detach_copy()
            indexing.keep_saved(self)
            indexing.write_native(self, res._native)
            self._ag = res._ag
            indexing.after_inplace(self)
            return self
    if native_op and op is not None and op.name not in self._device.inplace_unsafe:
        return binary(op, self, other, native_op)
    res = fn(self, other)
    _check_inplace_result(self, other, res, name)
    self._native = res._native
    vc = self._vc
    if vc is not None:
        vc[0] += 1
    return self
