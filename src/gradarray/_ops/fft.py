"""The ``fft`` extension.

https://data-apis.org/array-api/2025.12/extensions/fourier_transform_functions.html
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from .. import _dtypes
from .._array import Array
from .._call import check_array, wrap
from .._device import as_device
from .._dtypes import COMPLEX_FLOATING, FLOATING, REAL_FLOATING, DType
from ..autograd.engine import record
from ..autograd.grad_mode import STATE
from ._util import check_choice, check_dtype_in, check_int, normalize_axis

__all__ = ["fft", "ifft", "fftn", "ifftn", "rfft", "irfft", "rfftn", "irfftn", "hfft", "ihfft",
           "fftfreq", "rfftfreq", "fftshift", "ifftshift"]

Norm = Literal["backward", "ortho", "forward"]


def _norm(norm: Any, name: str) -> str:
    return check_choice(norm, ("backward", "ortho", "forward"), name, "norm")


def _check_length(name: str, x: Array, n: int | None, axis: int, half: bool) -> None:
    """The transform along ``axis`` must have at least one point (NumPy's ValueError, named).

    ``half``: the axis holds a Hermitian half-spectrum, giving ``2 * (m - 1)`` points.
    """
    if n is not None:
        return
    m = x.shape[axis]
    out = 2 * (m - 1) if half and m is not None else m
    if out is not None and out < 1:
        raise ValueError(f"{name}(x): axis {axis} of shape {x.shape} gives no points to "
                         f"transform; pass n (or s) to pad it")


def _n(n: Any, name: str) -> int | None:
    if n is None:
        return None
    n = check_int(n, name, "n")
    if n < 1:
        raise ValueError(f"{name}(n): expected a positive length, got {n}")
    return n


def _one(name: str, x: Array, n: Any, axis: int, norm: Any,
         allowed: frozenset[DType]) -> Array:
    x = check_array(x, name)
    check_dtype_in(x, allowed, name)
    if x.ndim == 0:
        raise ValueError(f"{name}(x): expected an array with at least one dimension")
    n = _n(n, name)
    ax = normalize_axis(axis, x.ndim, name)
    norm = _norm(norm, name)
    _check_length(name, x, n, ax, name in ("irfft", "hfft"))
    dev = x._device
    out = wrap(getattr(dev.ns.fft, name)(x._native, n=n, axis=ax, norm=norm), dev)
    if x._ag is not None and STATE.enabled:
        record(f"fft.{name}", out, {"x": x, "n": n, "axis": ax, "norm": norm})
    return out


def _many(name: str, x: Array, s: Any, axes: Any, norm: Any,
          allowed: frozenset[DType]) -> Array:
    x = check_array(x, name)
    check_dtype_in(x, allowed, name)
    norm = _norm(norm, name)
    if x.ndim == 0:
        raise ValueError(f"{name}(x): expected an array with at least one dimension")
    if axes is not None:
        if not isinstance(axes, Sequence) or isinstance(axes, str):
            raise TypeError(f"{name}(axes): expected a sequence of ints or None, got {axes!r}")
        ax = tuple(normalize_axis(a, x.ndim, name, "axes") for a in axes)
        if len(set(ax)) != len(ax):
            raise ValueError(f"{name}(axes): repeated axis in {tuple(axes)}")
    else:
        ax = None
    if s is not None:
        if not isinstance(s, Sequence) or isinstance(s, str):
            raise TypeError(f"{name}(s): expected a sequence of ints or None, got {s!r}")
        s = tuple(check_int(v, name, "s") for v in s)
        if any(v < 1 and v != -1 for v in s):
            raise ValueError(f"{name}(s): expected positive lengths (or -1), got {s}")
        if ax is None:
            if len(s) > x.ndim:
                raise ValueError(f"{name}(s): more lengths than x has axes")
            ax = tuple(range(x.ndim - len(s), x.ndim))
        elif len(s) != len(ax):
            raise ValueError(f"{name}(s, axes): expected as many lengths as axes")
        s = tuple(x.shape[a] if v == -1 else v for v, a in zip(s, ax))
    if ax is None:
        ax = tuple(range(x.ndim))
    if s is None:
        for i, a in enumerate(ax):
            _check_length(name, x, None, a, name == "irfftn" and i == len(ax) - 1)
    dev = x._device
    out = wrap(getattr(dev.ns.fft, name)(x._native, s=s, axes=ax, norm=norm), dev)
    if x._ag is not None and STATE.enabled:
        record(f"fft.{name}", out, {"x": x, "s": s, "axes": ax, "norm": norm})
    return out


def fft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """The one-dimensional discrete Fourier transform along ``axis``."""
    return _one("fft", x, n, axis, norm, COMPLEX_FLOATING)


def ifft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """The one-dimensional inverse discrete Fourier transform along ``axis``."""
    return _one("ifft", x, n, axis, norm, COMPLEX_FLOATING)


def fftn(x: Array, /, *, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
         norm: Norm = "backward") -> Array:
    """The n-dimensional discrete Fourier transform over ``axes``."""
    return _many("fftn", x, s, axes, norm, COMPLEX_FLOATING)


def ifftn(x: Array, /, *, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
          norm: Norm = "backward") -> Array:
    """The n-dimensional inverse discrete Fourier transform over ``axes``."""
    return _many("ifftn", x, s, axes, norm, COMPLEX_FLOATING)


def rfft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """The one-dimensional Fourier transform of real input (non-negative frequencies only)."""
    return _one("rfft", x, n, axis, norm, REAL_FLOATING)


def irfft(x: Array, /, *, n: int | None = None, axis: int = -1,
          norm: Norm = "backward") -> Array:
    """The inverse of ``rfft``: a real signal from its non-negative frequencies."""
    return _one("irfft", x, n, axis, norm, COMPLEX_FLOATING)


def rfftn(x: Array, /, *, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
          norm: Norm = "backward") -> Array:
    """The n-dimensional Fourier transform of real input."""
    return _many("rfftn", x, s, axes, norm, REAL_FLOATING)


def irfftn(x: Array, /, *, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
           norm: Norm = "backward") -> Array:
    """The inverse of ``rfftn``."""
    return _many("irfftn", x, s, axes, norm, COMPLEX_FLOATING)


def hfft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """The Fourier transform of a Hermitian-symmetric signal (a real spectrum)."""
    return _one("hfft", x, n, axis, norm, COMPLEX_FLOATING)


def ihfft(x: Array, /, *, n: int | None = None, axis: int = -1,
          norm: Norm = "backward") -> Array:
    """The inverse of ``hfft``: the Hermitian half-spectrum of a real signal."""
    return _one("ihfft", x, n, axis, norm, REAL_FLOATING)


def _freq(name: str, n: Any, d: Any, dtype: Any, device: Any) -> Array:
    n = check_int(n, name, "n")
    if n < 1:
        raise ValueError(f"{name}(n): expected a positive length, got {n}")
    if type(d) not in (int, float):
        raise TypeError(f"{name}(d): expected a float, got {d!r}")
    dev = as_device(device, name)
    if dtype is None:
        dt = _dtypes.float64 if _dtypes.float64 in dev.to_native else _dtypes.float32
    else:
        dt = _dtypes.as_dtype(dtype, name)
        if dt not in REAL_FLOATING:
            raise TypeError(f"{name}(dtype): expected a real floating-point dtype, got {dt.name}")
    native = getattr(dev.ns.fft, name)(n, d=d, dtype=dev.to_native[dt], device=dev.native)
    return Array._new(native, dt, dev)


def fftfreq(n: int, /, *, d: float = 1.0, dtype: DType | None = None,
            device: Any = None) -> Array:
    """The sample frequencies of ``fft`` for a signal of length ``n`` and spacing ``d``."""
    return _freq("fftfreq", n, d, dtype, device)


def rfftfreq(n: int, /, *, d: float = 1.0, dtype: DType | None = None,
             device: Any = None) -> Array:
    """The sample frequencies of ``rfft`` for a signal of length ``n`` and spacing ``d``."""
    return _freq("rfftfreq", n, d, dtype, device)


def _shift(name: str, x: Array, axes: Any) -> Array:
    from .manipulation import roll
    x = check_array(x, name)
    check_dtype_in(x, FLOATING | _dtypes.REAL_NUMERIC, name)
    if axes is None:
        ax = tuple(range(x.ndim))
    elif isinstance(axes, tuple | list):
        ax = tuple(normalize_axis(a, x.ndim, name, "axes") for a in axes)
    else:
        ax = (normalize_axis(axes, x.ndim, name, "axes"),)
    if not ax:
        return x
    shifts = tuple((x.shape[a] // 2) if name == "fftshift" else -(x.shape[a] // 2) for a in ax)
    return roll(x, shifts, axis=ax)


def fftshift(x: Array, /, *, axes: int | Sequence[int] | None = None) -> Array:
    """``x`` with the zero frequency moved to the centre of ``axes`` (a differentiable roll)."""
    return _shift("fftshift", x, axes)


def ifftshift(x: Array, /, *, axes: int | Sequence[int] | None = None) -> Array:
    """The inverse of ``fftshift``."""
    return _shift("ifftshift", x, axes)
