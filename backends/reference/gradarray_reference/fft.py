"""The fft extension: discrete Fourier transforms of any length.

https://data-apis.org/array-api/2025.12/extensions/fourier_transform_functions.html

One complex transform serves every function: mixed-radix Cooley-Tukey (decimation in time,
the smallest prime factor first) down to lengths whose largest prime factor is small, and
Bluestein's chirp-z algorithm (three power-of-two transforms) for lengths with a large prime
factor, so every length costs O(n log n).  Twiddle factors are cos/sin of exactly reduced
angles, cached per length.
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import repeat
from operator import add, mul, sub
from typing import Any, Literal, Sequence

from . import _dtypes as D
from ._array import Array, check_device, new
from ._dtypes import DType
from ._layout import from_values
from ._manipulation import check, moveaxis, normalize_axis, roll

__all__ = ["fft", "ifft", "fftn", "ifftn", "rfft", "irfft", "rfftn", "irfftn", "hfft", "ihfft",
           "fftfreq", "rfftfreq", "fftshift", "ifftshift", "transform"]

_DIRECT_MAX_PRIME = 13      # prime factors up to this are done by direct DFTs


def _root(k: int, n: int) -> complex:
    """``exp(-2 pi i k / n)`` with the angle reduced exactly (integer arithmetic) to at most
    pi/4 before cos/sin, so every factor is accurate to an ulp, also near the axes."""
    q, r = divmod(4 * (k % n), n)           # angle = (q + r / n) quarter turns
    if 2 * r <= n:
        phi = (math.pi / 2) * r / n
        c, s = math.cos(phi), math.sin(phi)
    else:                                   # the complement, also at most pi/4
        phi = (math.pi / 2) * (n - r) / n
        c, s = math.sin(phi), math.cos(phi)
    for _ in range(q):                      # back to the quadrant: rotate by pi/2
        c, s = -s, c
    return complex(c, -s)


@lru_cache(maxsize=256)
def _twiddles(n: int) -> tuple[complex, ...]:
    """``exp(-2 pi i k / n)`` for k in range(n)."""
    out = [_root(k, n) for k in range(n // 2 + 1)]
    out += [out[n - k].conjugate() for k in range(n // 2 + 1, n)]
    return tuple(out)


def _smallest_odd_factor(n: int) -> int:
    """The smallest odd prime factor of n (1 when n is a power of two)."""
    while n % 2 == 0:
        n //= 2
    if n == 1:
        return 1
    f = 3
    while f * f <= n:
        if n % f == 0:
            return f
        f += 2
    return n


def _largest_factor(n: int) -> int:
    big = 1
    f = 2
    while f * f <= n:
        while n % f == 0:
            big = f
            n //= f
        f += 1
    return max(big, n)


def _fft(x: list[complex]) -> list[complex]:
    """The forward DFT ``X[k] = sum_j x[j] exp(-2 pi i jk / n)``."""
    n = len(x)
    if n <= 1:
        return list(x)
    if _largest_factor(n) > _DIRECT_MAX_PRIME:
        return _bluestein(x)
    return _mixed(x, n)


@lru_cache(maxsize=64)
def _stage_twiddles(n: int) -> tuple[list[complex], ...]:
    """For each Stockham stage (sub-transform size ns = 1, 2, 4, ...), the twiddle factor
    ``exp(-2 pi i (j mod ns) / (2 ns))`` of each of the n/2 butterflies j."""
    w = _twiddles(n)
    half = n // 2
    stages = []
    ns = 1
    while ns < n:
        step = n // (2 * ns)
        stages.append([w[k * step] for k in range(ns)] * (half // ns))
        ns *= 2
    return tuple(stages)


def _fft_pow2(x: list[complex]) -> list[complex]:
    """Radix-2 Stockham autosort FFT: every stage is three C-speed passes over n/2
    butterflies (twiddle, sum, difference) and a few slice assignments, no bit reversal."""
    n = len(x)
    half = n // 2
    a = list(x)
    ns = 1
    for tw in _stage_twiddles(n):
        lo = a[:half]
        hi = list(map(mul, a[half:], tw))
        s = list(map(add, lo, hi))
        d = list(map(sub, lo, hi))
        out = [0j] * n
        blocks = half // ns
        two = 2 * ns
        if ns <= blocks:      # out[b*2ns + k] = s[b*ns + k], out[b*2ns + ns + k] = d[b*ns + k]
            for k in range(ns):
                out[k::two] = s[k::ns]
                out[ns + k::two] = d[k::ns]
        else:
            for b in range(blocks):
                o = b * two
                i = b * ns
                out[o:o + ns] = s[i:i + ns]
                out[o + ns:o + two] = d[i:i + ns]
        a = out
        ns = two
    return a


def _mixed(x: list[complex], n: int) -> list[complex]:
    """Decimation in time by the odd prime factors of n (vectorised over each block), down
    to power-of-two lengths for the Stockham kernel."""
    if n <= 1:
        return list(x)
    p = _smallest_odd_factor(n)
    if p == 1:
        return _fft_pow2(x)
    m = n // p
    w = _twiddles(n)
    subs = [_mixed(x[r::p], m) for r in range(p)]
    # t_r[k] = w^(r k) Y_r[k]; X[k + q m] = sum_r w^(r q m) t_r[k]
    ts = [subs[0]] + [list(map(mul, subs[r], [w[(r * k) % n] for k in range(m)]))
                      for r in range(1, p)]
    out: list[complex] = []
    for q in range(p):
        acc = ts[0]
        for r in range(1, p):
            c = w[(r * q * m) % n]
            acc = list(map(add, acc, map(mul, ts[r], repeat(c))))
        out.extend(acc)
    return out


def _bluestein(x: list[complex]) -> list[complex]:
    n = len(x)
    m = 1
    while m < 2 * n - 1:
        m *= 2
    # chirp w_k = exp(-i pi k^2 / n), with k^2 reduced modulo 2n for accuracy
    chirp = _chirp(n)
    a = list(map(mul, x, chirp)) + [0j] * (m - n)
    fa = _fft_pow2(a)
    fb = _chirp_spectrum(n, m)
    conv = _ifft_pow2(list(map(mul, fa, fb)))
    return list(map(mul, conv[:n], chirp))


@lru_cache(maxsize=32)
def _chirp(n: int) -> list[complex]:
    # exp(-i pi k^2 / n) = exp(-2 pi i (k^2 mod 2n) / 2n)
    return [_root((k * k) % (2 * n), 2 * n) for k in range(n)]


@lru_cache(maxsize=32)
def _chirp_spectrum(n: int, m: int) -> list[complex]:
    chirp = _chirp(n)
    b = [0j] * m
    b[0] = chirp[0].conjugate()
    for k in range(1, n):
        c = chirp[k].conjugate()
        b[k] = c
        b[m - k] = c
    return _fft_pow2(b)


def _ifft_pow2(x: list[complex]) -> list[complex]:
    n = len(x)
    y = _fft_pow2([v.conjugate() for v in x])
    inv = 1.0 / n
    return [v.conjugate() * inv for v in y]


def transform(vals: list[complex], inverse: bool) -> list[complex]:
    """The unnormalised DFT of one sequence (inverse: with ``exp(+2 pi i jk / n)``)."""
    if not inverse:
        return _fft(vals)
    y = _fft([v.conjugate() for v in vals])
    return [v.conjugate() for v in y]


# ------------------------------------------------------------------ plumbing
def _norm_factor(norm: str, n: int, inverse: bool) -> float:
    if norm == "backward":
        return 1.0 / n if inverse and n else 1.0
    if norm == "forward":
        return 1.0 if inverse else (1.0 / n if n else 1.0)
    if norm == "ortho":
        return 1.0 / math.sqrt(n) if n else 1.0
    raise ValueError(f"norm: expected 'backward', 'ortho' or 'forward', got {norm!r}")


def _lines(x: Array, axis: int) -> tuple[list[list[Any]], tuple[int, ...]]:
    """The 1-D lines of ``x`` along ``axis`` (axis moved last) and the moved shape."""
    moved = moveaxis(x, axis, -1)
    n = moved._shape[-1]
    vals = moved._vals()
    if n == 0:
        return [[] for _ in range(len(vals) and 0)], moved._shape
    return [vals[i:i + n] for i in range(0, len(vals), n)], moved._shape


def _from_lines(lines: list[list[Any]], moved_shape: tuple[int, ...], axis: int, dt: DType
                ) -> Array:
    flat = [v for line in lines for v in line]
    out = new(from_values(flat, dt), moved_shape, dt)
    res = moveaxis(out, -1, axis)
    return new(res._copy_buf(), res._shape, dt)


def _resize(line: list[Any], n: int, zero: Any) -> list[Any]:
    m = len(line)
    if m == n:
        return line
    if m > n:
        return line[:n]
    return line + [zero] * (n - m)


def _n_arg(n: Any, default: int, function: str) -> int:
    if n is None:
        return default
    if type(n) is bool or not isinstance(n, int):
        raise TypeError(f"{function}(n): expected an int or None, got {n!r}")
    if n < 1:
        raise ValueError(f"{function}(n): expected a positive length, got {n}")
    return n


def _c2c(x: Array, n: Any, axis: int, norm: str, inverse: bool, function: str) -> Array:
    x = check(x, function)
    if x._dtype.kind not in "fc":
        raise TypeError(f"{function}(x): expected a floating-point dtype, got {x._dtype.name}")
    if not x._shape:
        raise ValueError(f"{function}(x): expected at least one dimension")
    ax = normalize_axis(axis, len(x._shape), function)
    length = _n_arg(n, x._shape[ax], function)
    cdt = x._dtype.complex
    f = _norm_factor(norm, length, inverse)
    lines, shape = _lines(x, ax)
    out = []
    for line in lines:
        y = transform([complex(v) for v in _resize(line, length, 0j)], inverse)
        out.append([v * f for v in y] if f != 1.0 else y)
    return _from_lines(out, shape[:-1] + (length,), ax, cdt)


def fft(x: Array, /, *, n: int | None = None, axis: int = -1,
        norm: Literal["backward", "ortho", "forward"] = "backward") -> Array:
    """The one-dimensional discrete Fourier transform along ``axis``."""
    return _c2c(x, n, axis, norm, False, "fft")


def ifft(x: Array, /, *, n: int | None = None, axis: int = -1,
         norm: Literal["backward", "ortho", "forward"] = "backward") -> Array:
    """The one-dimensional inverse discrete Fourier transform along ``axis``."""
    return _c2c(x, n, axis, norm, True, "ifft")


def _axes_and_sizes(x: Array, s: Any, axes: Any, function: str
                    ) -> tuple[list[int], list[int]]:
    nd = len(x._shape)
    if axes is None:
        if s is None:
            ax = list(range(nd))
        else:
            ax = list(range(nd - len(s), nd))
    else:
        ax = [normalize_axis(a, nd, function) for a in axes]
        if len(set(ax)) != len(ax):
            raise ValueError(f"{function}(axes): repeated axis")
    if s is None:
        sizes = [x._shape[a] for a in ax]
    else:
        if len(s) != len(ax):
            raise ValueError(f"{function}(s, axes): expected one size per axis")
        sizes = [x._shape[a] if v == -1 else _n_arg(v, 0, function) for v, a in zip(s, ax)]
    return ax, sizes


def fftn(x: Array, /, *, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
         norm: Literal["backward", "ortho", "forward"] = "backward") -> Array:
    """The n-dimensional discrete Fourier transform over ``axes``."""
    x = check(x, "fftn")
    ax, sizes = _axes_and_sizes(x, s, axes, "fftn")
    out = x
    for a, n in zip(reversed(ax), reversed(sizes)):
        out = _c2c(out, n, a, norm, False, "fftn")
    if not ax:
        from ._data_types import astype
        return astype(out, x._dtype.complex)
    return out


def ifftn(x: Array, /, *, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
          norm: Literal["backward", "ortho", "forward"] = "backward") -> Array:
    """The n-dimensional inverse discrete Fourier transform over ``axes``."""
    x = check(x, "ifftn")
    ax, sizes = _axes_and_sizes(x, s, axes, "ifftn")
    out = x
    for a, n in zip(reversed(ax), reversed(sizes)):
        out = _c2c(out, n, a, norm, True, "ifftn")
    if not ax:
        from ._data_types import astype
        return astype(out, x._dtype.complex)
    return out


def _real_input(x: Any, function: str) -> Array:
    x = check(x, function)
    if x._dtype.kind != "f":
        raise TypeError(f"{function}(x): expected a real floating-point dtype, got "
                        f"{x._dtype.name}")
    if not x._shape:
        raise ValueError(f"{function}(x): expected at least one dimension")
    return x


def rfft(x: Array, /, *, n: int | None = None, axis: int = -1,
         norm: Literal["backward", "ortho", "forward"] = "backward") -> Array:
    """The discrete Fourier transform of real input: the ``n // 2 + 1`` non-negative
    frequencies."""
    x = _real_input(x, "rfft")
    ax = normalize_axis(axis, len(x._shape), "rfft")
    length = _n_arg(n, x._shape[ax], "rfft")
    f = _norm_factor(norm, length, False)
    lines, shape = _lines(x, ax)
    half = length // 2 + 1
    out = []
    for line in lines:
        y = transform([complex(v) for v in _resize(line, length, 0.0)], False)[:half]
        out.append([v * f for v in y] if f != 1.0 else y)
    return _from_lines(out, shape[:-1] + (half,), ax, x._dtype.complex)


def _hermitian_full(line: list[complex], n: int) -> list[complex]:
    """The full spectrum of a real signal of length n from its first n // 2 + 1 terms."""
    half = n // 2 + 1
    h = _resize(line, half, 0j)
    full = list(h)
    full[0] = complex(full[0].real, 0.0)
    if n % 2 == 0:
        full[-1] = complex(full[-1].real, 0.0)
    full += [h[k].conjugate() for k in range(n - half, 0, -1)]
    return full[:n]


def irfft(x: Array, /, *, n: int | None = None, axis: int = -1,
          norm: Literal["backward", "ortho", "forward"] = "backward") -> Array:
    """The inverse of rfft: a real signal of length ``n`` (default ``2 (m - 1)``)."""
    x = check(x, "irfft")
    if x._dtype.kind not in "fc":
        raise TypeError(f"irfft(x): expected a floating-point dtype, got {x._dtype.name}")
    if not x._shape:
        raise ValueError("irfft(x): expected at least one dimension")
    ax = normalize_axis(axis, len(x._shape), "irfft")
    length = _n_arg(n, 2 * (x._shape[ax] - 1), "irfft")
    f = _norm_factor(norm, length, True)
    lines, shape = _lines(x, ax)
    out = []
    for line in lines:
        y = transform(_hermitian_full([complex(v) for v in line], length), True)
        out.append([v.real * f for v in y])
    return _from_lines(out, shape[:-1] + (length,), ax, x._dtype.component)


def rfftn(x: Array, /, *, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
          norm: Literal["backward", "ortho", "forward"] = "backward") -> Array:
    """The n-dimensional transform of real input (the last axis halved)."""
    x = _real_input(x, "rfftn")
    ax, sizes = _axes_and_sizes(x, s, axes, "rfftn")
    if not ax:
        from ._data_types import astype
        return astype(x, x._dtype.complex)
    out = rfft(x, n=sizes[-1], axis=ax[-1], norm=norm)
    for a, n in zip(reversed(ax[:-1]), reversed(sizes[:-1])):
        out = _c2c(out, n, a, norm, False, "rfftn")
    return out


def irfftn(x: Array, /, *, s: Sequence[int] | None = None, axes: Sequence[int] | None = None,
           norm: Literal["backward", "ortho", "forward"] = "backward") -> Array:
    """The inverse of rfftn."""
    x = check(x, "irfftn")
    nd = len(x._shape)
    if axes is None and s is None:
        ax = list(range(nd))
        sizes = [x._shape[a] for a in ax]
        if ax:
            sizes[-1] = 2 * (x._shape[ax[-1]] - 1)
    else:
        ax, sizes = _axes_and_sizes(x, s, axes, "irfftn")
        if s is None and ax:
            sizes[-1] = 2 * (x._shape[ax[-1]] - 1)
    if not ax:
        from ._elementwise import real
        return real(x) if x._dtype.kind == "c" else x
    out = x
    for a, n in zip(ax[:-1], sizes[:-1]):
        out = _c2c(out, n, a, norm, True, "irfftn")
    return irfft(out, n=sizes[-1], axis=ax[-1], norm=norm)


_SWAP = {"backward": "forward", "forward": "backward", "ortho": "ortho"}


def hfft(x: Array, /, *, n: int | None = None, axis: int = -1,
         norm: Literal["backward", "ortho", "forward"] = "backward") -> Array:
    """The transform of a signal with Hermitian symmetry (given by its first half): real."""
    x = check(x, "hfft")
    if norm not in _SWAP:
        raise ValueError(f"hfft(norm): expected 'backward', 'ortho' or 'forward', got {norm!r}")
    from ._elementwise import conj
    return irfft(conj(x) if x._dtype.kind == "c" else x, n=n, axis=axis, norm=_SWAP[norm])


def ihfft(x: Array, /, *, n: int | None = None, axis: int = -1,
          norm: Literal["backward", "ortho", "forward"] = "backward") -> Array:
    """The inverse of hfft: the first half of a Hermitian spectrum of a real signal."""
    x = _real_input(x, "ihfft")
    if norm not in _SWAP:
        raise ValueError(f"ihfft(norm): expected 'backward', 'ortho' or 'forward', got "
                         f"{norm!r}")
    from ._elementwise import conj
    return conj(rfft(x, n=n, axis=axis, norm=_SWAP[norm]))


def _freq_dtype(dtype: Any, function: str) -> DType:
    if dtype is None:
        return D.default_float
    if type(dtype) is not DType or dtype.kind != "f":
        raise TypeError(f"{function}(dtype): expected a real floating-point dtype, got "
                        f"{dtype!r}")
    return dtype


def fftfreq(n: int, /, *, d: float = 1.0, dtype: DType | None = None,
            device: Any = None) -> Array:
    """The sample frequencies of an ``n``-point transform with sample spacing ``d``."""
    check_device(device, "fftfreq")
    dt = _freq_dtype(dtype, "fftfreq")
    if type(n) is bool or not isinstance(n, int) or n < 1:
        raise ValueError(f"fftfreq(n): expected a positive int, got {n!r}")
    scale = 1.0 / (n * d)
    vals = [(k if k < (n + 1) // 2 else k - n) * scale for k in range(n)]
    return new(from_values(vals, dt), (n,), dt)


def rfftfreq(n: int, /, *, d: float = 1.0, dtype: DType | None = None,
             device: Any = None) -> Array:
    """The non-negative sample frequencies of an ``n``-point real transform."""
    check_device(device, "rfftfreq")
    dt = _freq_dtype(dtype, "rfftfreq")
    if type(n) is bool or not isinstance(n, int) or n < 1:
        raise ValueError(f"rfftfreq(n): expected a positive int, got {n!r}")
    scale = 1.0 / (n * d)
    vals = [k * scale for k in range(n // 2 + 1)]
    return new(from_values(vals, dt), (n // 2 + 1,), dt)


def _shift(x: Array, axes: Any, function: str, inverse: bool) -> Array:
    x = check(x, function)
    nd = len(x._shape)
    if axes is None:
        ax = list(range(nd))
    elif isinstance(axes, int):
        ax = [normalize_axis(axes, nd, function)]
    else:
        ax = [normalize_axis(a, nd, function) for a in axes]
    if not ax:
        return x
    shifts = tuple((-(x._shape[a] // 2)) if inverse else x._shape[a] // 2 for a in ax)
    return roll(x, shifts, axis=tuple(ax))


def fftshift(x: Array, /, *, axes: int | Sequence[int] | None = None) -> Array:
    """``x`` with the zero frequency moved to the centre of ``axes``."""
    return _shift(x, axes, "fftshift", False)


def ifftshift(x: Array, /, *, axes: int | Sequence[int] | None = None) -> Array:
    """The inverse of fftshift."""
    return _shift(x, axes, "ifftshift", True)
