"""The ``fft`` extension, each transform beside its derivative rule.

https://data-apis.org/array-api/2025.12/extensions/fourier_transform_functions.html

Every transform is linear, so its gradient is its adjoint applied to the cotangent: the
transform of the other direction with the other normalisation ("backward" <-> "forward",
"ortho" stays), then the adjoint of the cropping or zero-padding that ``n`` / ``s`` did (a
zero-padding or a cropping back to the input's length).  The real transforms follow PyTorch's
fft_r2c_backward / fft_c2r_backward: the gradient of ``rfft`` zero-fills the missing half of
the spectrum and keeps the real part; that of ``irfft`` is an ``rfft`` of the cotangent with
the bins that stand for two conjugate frequencies doubled.  ``hfft`` and ``ihfft`` are those
two with a conjugation (as NumPy defines them).  fftshift and ifftshift are rolls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from .. import _dtypes
from .._array import Array
from .._call import backend_error, check_array, wrap
from .._device import as_device
from .._dtypes import COMPLEX_FLOATING, FLOATING, REAL_FLOATING, DType
from ..autograd.engine import record
from ..autograd.grad_mode import STATE
from ..autograd.rules import defvjp
from . import creation as _cr
from . import elementwise as _ew
from . import manipulation as _mp
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
    if m is None:
        return
    if half and m < 2:
        raise ValueError(f"{name}(x): expected at least 2 elements along axis {axis} when n "
                         f"(or s) is None (the output has 2*(M-1) of them), got {m}")
    if m < 1:
        raise ValueError(f"{name}(x): axis {axis} of shape {x.shape} gives no points to "
                         f"transform; pass n (or s) to pad it")


# transforms whose input is a one-sided (Hermitian) spectrum, and those whose output is one
_HALF_INPUT = frozenset({"irfft", "hfft", "irfftn"})
_HALF_OUTPUT = frozenset({"rfft", "ihfft", "rfftn"})


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
    _check_length(name, x, n, ax, name in _HALF_INPUT)
    dev = x._device
    try:
        native = getattr(dev.ns.fft, name)(x._native, n=n, axis=ax, norm=norm)
    except (ValueError, TypeError, OverflowError) as exc:   # lengths beyond the backend's
        raise backend_error(name, "n", exc) from exc
    out = wrap(native, dev)
    if x._ag is not None and STATE.enabled:
        record(f"fft.{name}", out, {"x": x, "n": n, "axis": ax, "norm": norm,
                                    "shape": x.shape})
    return out


def _many(name: str, x: Array, s: Any, axes: Any, norm: Any,
          allowed: frozenset[DType]) -> Array:
    x = check_array(x, name)
    check_dtype_in(x, allowed, name)
    norm = _norm(norm, name)
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
    if (name in _HALF_INPUT or name in _HALF_OUTPUT) and not ax:
        raise ValueError(f"{name}(axes): expected at least one axis to transform")
    if s is None:
        for i, a in enumerate(ax):
            _check_length(name, x, None, a, name in _HALF_INPUT and i == len(ax) - 1)
    dev = x._device
    try:
        native = getattr(dev.ns.fft, name)(x._native, s=s, axes=ax, norm=norm)
    except (ValueError, TypeError, OverflowError) as exc:
        raise backend_error(name, "s", exc) from exc
    out = wrap(native, dev)
    if x._ag is not None and STATE.enabled:
        record(f"fft.{name}", out, {"x": x, "s": s, "axes": ax, "norm": norm,
                                    "shape": x.shape})
    return out


# ----------------------------------------------------------- rule helpers
# the adjoint of a transform with one normalisation is the other direction with this one
_ADJOINT = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


def _fit(a: Array, axis: int, size: int) -> Array:
    """``a`` cropped or zero-padded at the end of ``axis`` to ``size``."""
    have = a.shape[axis]
    if have == size:
        return a
    if have > size:
        key: list[Any] = [slice(None)] * a.ndim
        key[axis] = slice(0, size)
        return a[tuple(key)]
    pad = list(a.shape)
    pad[axis] = size - have
    return _mp.concat([a, _cr.zeros(tuple(pad), dtype=a._dtype, device=a._device)], axis=axis)


def _fit_all(a: Array, axes: Sequence[int], shape: tuple[int, ...]) -> Array:
    for ax in axes:
        a = _fit(a, ax, shape[ax])
    return a


def _twice(spectrum: Array, axis: int, n: int) -> Array:
    """``spectrum`` (a one-sided spectrum of a length-``n`` real signal) with the bins that
    stand for two conjugate frequencies doubled: 1 .. n - (n // 2 + 1)."""
    half = spectrum.shape[axis]
    weights = [2.0 if 1 <= i <= n - half else 1.0 for i in range(half)]
    w = _cr.asarray(weights, dtype=spectrum._dtype._real, device=spectrum._device)
    return spectrum * _mp.reshape(w, (half,) + (1,) * (spectrum.ndim - 1 - axis))


def _c2c_grad(transform: Any, g: Array, axis: int, norm: str, shape: tuple[int, ...]
              ) -> Array:
    return _fit(transform(g, axis=axis, norm=_ADJOINT[norm]), axis, shape[axis])


def _c2c_n_grad(transform: Any, g: Array, axes: tuple[int, ...], norm: str,
                shape: tuple[int, ...]) -> Array:
    return _fit_all(transform(g, axes=axes, norm=_ADJOINT[norm]), axes, shape)


def _r2c_grad(g: Array, size: int, axis: int, adjoint_norm: str, length: int) -> Array:
    # PyTorch's fft_r2c_backward: zero-fill the dropped half, inverse c2c, real part
    full = _fit(g, axis, size)
    return _fit(_ew.real(ifft(full, axis=axis, norm=adjoint_norm)), axis, length)


def _c2r_grad(g: Array, axis: int, adjoint_norm: str, length: int) -> Array:
    # PyTorch's fft_c2r_backward: r2c of the cotangent, doubling the conjugate-pair bins
    spectrum = rfft(g, axis=axis, norm=adjoint_norm)
    return _fit(_twice(spectrum, axis, g.shape[axis]), axis, length)


# ------------------------------------------------------------- transforms
def fft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """The one-dimensional discrete Fourier transform along ``axis``."""
    return _one("fft", x, n, axis, norm, COMPLEX_FLOATING)


defvjp("fft.fft", x=lambda g, axis, norm, shape: _c2c_grad(ifft, g, axis, norm, shape))


def ifft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """The one-dimensional inverse discrete Fourier transform along ``axis``."""
    return _one("ifft", x, n, axis, norm, COMPLEX_FLOATING)


defvjp("fft.ifft", x=lambda g, axis, norm, shape: _c2c_grad(fft, g, axis, norm, shape))


def fftn(x: Array, /, *, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
         norm: Norm = "backward") -> Array:
    """The n-dimensional discrete Fourier transform over ``axes``."""
    return _many("fftn", x, s, axes, norm, COMPLEX_FLOATING)


defvjp("fft.fftn", x=lambda g, axes, norm, shape: _c2c_n_grad(ifftn, g, axes, norm, shape))


def ifftn(x: Array, /, *, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
          norm: Norm = "backward") -> Array:
    """The n-dimensional inverse discrete Fourier transform over ``axes``."""
    return _many("ifftn", x, s, axes, norm, COMPLEX_FLOATING)


defvjp("fft.ifftn", x=lambda g, axes, norm, shape: _c2c_n_grad(fftn, g, axes, norm, shape))


def rfft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """The one-dimensional Fourier transform of real input (non-negative frequencies only)."""
    return _one("rfft", x, n, axis, norm, REAL_FLOATING)


defvjp("fft.rfft",
       x=lambda g, n, axis, norm, shape: _r2c_grad(
           g, shape[axis] if n is None else n, axis, _ADJOINT[norm], shape[axis]))


def irfft(x: Array, /, *, n: int | None = None, axis: int = -1,
          norm: Norm = "backward") -> Array:
    """The inverse of ``rfft``: a real signal from its non-negative frequencies.

    Like the transform, which reads the imaginary parts of the zero (and Nyquist) frequency
    as zero, the gradient is that of a function of Hermitian-symmetric spectra (PyTorch).
    """
    return _one("irfft", x, n, axis, norm, COMPLEX_FLOATING)


defvjp("fft.irfft",
       x=lambda g, axis, norm, shape: _c2r_grad(g, axis, _ADJOINT[norm], shape[axis]))


def rfftn(x: Array, /, *, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
          norm: Norm = "backward") -> Array:
    """The n-dimensional Fourier transform of real input."""
    return _many("rfftn", x, s, axes, norm, REAL_FLOATING)


def _rfftn_rule(g: Array, s: tuple[int, ...] | None, axes: tuple[int, ...], norm: str,
                shape: tuple[int, ...]) -> Array:
    last = axes[-1]
    full = _fit(g, last, shape[last] if s is None else s[-1])
    return _fit_all(_ew.real(ifftn(full, axes=axes, norm=_ADJOINT[norm])), axes, shape)


defvjp("fft.rfftn", x=_rfftn_rule)


def irfftn(x: Array, /, *, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
           norm: Norm = "backward") -> Array:
    """The inverse of ``rfftn``."""
    return _many("irfftn", x, s, axes, norm, COMPLEX_FLOATING)


def _irfftn_rule(g: Array, axes: tuple[int, ...], norm: str, shape: tuple[int, ...]) -> Array:
    last = axes[-1]
    spectrum = rfftn(g, axes=axes, norm=_ADJOINT[norm])
    return _fit_all(_twice(spectrum, last, g.shape[last]), axes, shape)


defvjp("fft.irfftn", x=_irfftn_rule)


def hfft(x: Array, /, *, n: int | None = None, axis: int = -1, norm: Norm = "backward") -> Array:
    """The Fourier transform of a Hermitian-symmetric signal (a real spectrum)."""
    return _one("hfft", x, n, axis, norm, COMPLEX_FLOATING)


# hfft(x, norm) = irfft(conj(x), norm=<the other direction>): irfft's rule, then conj's
defvjp("fft.hfft",
       x=lambda g, axis, norm, shape: _ew.conj(_c2r_grad(g, axis, norm, shape[axis])))


def ihfft(x: Array, /, *, n: int | None = None, axis: int = -1,
          norm: Norm = "backward") -> Array:
    """The inverse of ``hfft``: the Hermitian half-spectrum of a real signal."""
    return _one("ihfft", x, n, axis, norm, REAL_FLOATING)


# ihfft(x, norm) = conj(rfft(x, norm=<the other direction>)): conj's rule, then rfft's
defvjp("fft.ihfft",
       x=lambda g, n, axis, norm, shape: _r2c_grad(
           _ew.conj(g), shape[axis] if n is None else n, axis, norm, shape[axis]))


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
    try:
        native = getattr(dev.ns.fft, name)(n, d=d, dtype=dev.to_native[dt], device=dev.native)
    except (ValueError, TypeError, OverflowError) as exc:
        raise backend_error(name, "n", exc) from exc
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


# sibling modules' functions used at call time (imported last: the modules import each other)
from .manipulation import roll  # noqa: E402
