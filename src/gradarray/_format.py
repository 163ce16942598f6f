"""Printing arrays (NumPy's layout: aligned columns, summarised when large) and ``tolist``."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from ._array import Array

__all__ = ["array_repr", "array_str", "to_list", "native_to_list"]

_THRESHOLD = 1000     # more elements than this: summarise
_EDGE = 3             # elements shown at each end of a summarised axis
_WIDTH = 75


def _python(v: Any, kind: str) -> Any:
    if kind == "b":
        return bool(v)
    if kind in "iu":
        return int(v)
    if kind == "f":
        return float(v)
    return complex(v)


def native_to_list(native: Any) -> Any:
    """Nested lists from any native array through indexing (for backends without tolist)."""
    if native.ndim == 0:
        item = getattr(native, "item", None)
        return item() if item is not None else _scalar_of(native)
    # the trailing ellipsis: the standard does not define indexing fewer axes than ndim
    return [native_to_list(native[i, ...]) for i in range(native.shape[0])]


def _scalar_of(native: Any) -> Any:
    """A 0-d native array as a Python scalar, through the standard's conversions only."""
    for convert in (bool, int, float, complex):
        name = convert.__name__
        if name in str(native.dtype):
            return convert(native)
    try:
        return float(native)
    except TypeError:
        return complex(native)


def to_list(x: Array) -> Any:
    """The elements of ``x`` as nested lists of Python scalars."""
    native = x._native
    tolist = getattr(native, "tolist", None)
    data = tolist() if tolist is not None else native_to_list(native)
    kind = x._dtype.kind

    def convert(v: Any) -> Any:
        if isinstance(v, list):
            return [convert(e) for e in v]
        return _python(v, kind)
    return convert(data)


def _summary(x: Array) -> Any:
    """Nested lists of the elements, with None standing for the elided middle of long axes."""
    size = x.size or 0
    if size <= _THRESHOLD:
        return to_list(x)
    return _edges(x.detach())


def _edges(x: Array) -> Any:
    if x.ndim == 0:
        return to_list(x)
    n = x.shape[0]
    if n > 2 * _EDGE:
        return [_edges(x[i]) for i in range(_EDGE)] + [None] + \
               [_edges(x[i]) for i in range(n - _EDGE, n)]
    return [_edges(x[i]) for i in range(n)]


def _flatten(data: Any) -> list[Any]:
    out: list[Any] = []
    stack = [data]
    while stack:
        d = stack.pop()
        if isinstance(d, list):
            stack.extend(d)
        elif d is not None:
            out.append(d)
    return out


def _fixed(v: float, single: bool) -> str:
    """``v`` with at most 8 decimals, as few as tell it apart in its dtype, trailing zeros
    dropped but not the point (NumPy's ``maxprec``): ``2.``, ``1.5``, ``0.1``."""
    if single:      # the shortest digits of the float32 (or float16) value, not the float64's
        return np.format_float_positional(np.float32(v), precision=8, unique=True, trim=".")
    return f"{v:.8f}".rstrip("0")


def _mantissa_digits(v: float, single: bool) -> int:
    if single:
        m = np.format_float_scientific(np.float32(v), precision=8, unique=True, trim="-")
    else:
        m = f"{v:.8e}"
    m = m.split("e")[0].rstrip("0")
    return len(m.split(".")[1]) if "." in m else 0


def _float_formatter(values: list[float], single: bool = False) -> Any:
    """NumPy's float format for these values: scientific notation when they span more than
    three decades or leave [1e-4, 1e8), its mantissas padded with zeros; else fixed, each
    value with its own decimals and the shorter ones padded with spaces so that the points
    line up (``[1.5 , 2.  , 3.25]``).  ``single``: the values are float32 (or float16)."""
    finite = [abs(v) for v in values if math.isfinite(v)]
    nonzero = [v for v in finite if v != 0]
    scientific = bool(nonzero) and (max(nonzero) >= 1e8 or min(nonzero) < 1e-4 or
                                    max(nonzero) / min(nonzero) > 1e3)
    if scientific:
        digits = max((_mantissa_digits(v, single) for v in finite), default=0)

        def fmt(v: float) -> str:
            if not math.isfinite(v):
                return _special(v)
            s = f"{v:.{digits}e}"
            mant, exp = s.split("e")
            if "." not in mant:
                mant += "."
            return f"{mant}e{exp[0]}{exp[1:].zfill(2)}"
        return fmt
    decimals = max((len(_fixed(v, single).split(".")[1]) for v in finite), default=0)

    def fmt_fixed(v: float) -> str:
        if not math.isfinite(v):
            return _special(v)
        s = _fixed(v, single)
        return s + " " * (decimals - len(s.split(".")[1]))
    return fmt_fixed


def _special(v: float) -> str:
    if math.isnan(v):
        return "nan"
    return "inf" if v > 0 else "-inf"


def _formatter(values: list[Any], kind: str, single: bool) -> Any:
    if kind == "b":
        return lambda v: "True" if v else "False"
    if kind in "iu":
        return str
    if kind == "f":
        return _float_formatter(values, single)
    re_fmt = _float_formatter([v.real for v in values], single)
    im_fmt = _float_formatter([abs(v.imag) for v in values], single)

    def fmt_complex(v: complex) -> str:
        im = im_fmt(abs(v.imag)) if not math.isnan(v.imag) else "nan"
        core = im.rstrip(" ")          # NumPy pads the imaginary part after its j
        sign = "-" if (v.imag < 0 or (v.imag == 0 and math.copysign(1, v.imag) < 0)) else "+"
        return f"{re_fmt(v.real)}{sign}{core}j{' ' * (len(im) - len(core))}"
    return fmt_complex


def _layout(data: Any, fmt: Any, width: int, indent: int, ndim: int, comma: str,
            depth: int = 0) -> str:
    """Nested brackets as NumPy lays them out; ``comma`` is "," for repr, "" for str.  A row
    wraps where NumPy's does: before an element that would reach the last column (the
    closing brackets of ``depth`` enclosing levels and its own kept free)."""
    if ndim == 0:
        return fmt(data).rjust(width)
    if ndim == 1:
        items = ["..." if v is None else fmt(v).rjust(width) for v in data]
        # NumPy keeps the closing brackets free, and in repr the closing parenthesis too
        limit = _WIDTH - 1 - depth - (1 if comma else 0)
        lines: list[str] = []
        line = ""
        for i, item in enumerate(items):
            if line and indent + 1 + len(line) + len(item) > limit:
                lines.append(line.rstrip())
                line = ""
            line += item + (comma + " " if i < len(items) - 1 else "")
        lines.append(line)
        return "[" + ("\n" + " " * (indent + 1)).join(lines) + "]"
    sep = comma + "\n" * (ndim - 1) + " " * (indent + 1)
    parts = ["..." if v is None else _layout(v, fmt, width, indent + 1, ndim - 1, comma,
                                             depth + 1)
             for v in data]
    return "[" + sep.join(parts) + "]"


def _body(x: Array, indent: int, comma: str) -> str:
    if x.ndim and (x.size or 0) == 0:
        return "[]"                    # the shape is told beside it (NumPy)
    data = _summary(x)
    values = _flatten(data)
    kind = x._dtype.kind
    fmt = _formatter(values, kind, x._dtype.name in ("float32", "float16", "complex64"))
    width = max((len(fmt(v)) for v in values), default=0)
    return _layout(data, fmt, width, indent, x.ndim, comma)


def array_repr(x: Array) -> str:
    """``Array([1., 2.], dtype=float64)``, with the device when not the default one and the
    autograd state (``requires_grad=True`` or ``grad_fn=<MulBackward>``)."""
    from ._device import default_device
    prefix = "Array("
    body = _body(x, len(prefix), ",")
    extras = [f"dtype={x._dtype.name}"]     # always: the default dtype depends on the device
    size = x.size or 0
    if (size == 0 and x.shape != (0,)) or size > _THRESHOLD:   # where NumPy 2 shows it
        extras.insert(0, f"shape={x.shape}")
    try:
        if x._device is not default_device():
            extras.append(f"device='{x._device}'")
    except Exception:
        extras.append(f"device='{x._device}'")
    if x._ag is not None:
        if x._ag.grad_fn is not None:
            extras.append(f"grad_fn=<{x._ag.grad_fn.name()}>")
        else:
            extras.append("requires_grad=True")
    tail = ", ".join(extras)
    last = body.rsplit("\n", 1)[-1]
    if "\n" not in body:
        last = prefix + last
    sep = ", " if len(last) + len(tail) + 3 <= _WIDTH else ",\n" + " " * len(prefix)
    return f"{prefix}{body}{sep}{tail})"


def array_str(x: Array) -> str:
    """The values alone, as NumPy's ``str`` shows them (no commas; a 0-d array as its
    scalar: ``2.0``, ``(1+2j)``)."""
    if x.ndim == 0:
        v = to_list(x)
        if x._dtype.name == "float32":
            return str(np.float32(v))
        if x._dtype.name == "complex64":
            return str(np.complex64(v))
        return str(v)
    return _body(x, 0, "")
