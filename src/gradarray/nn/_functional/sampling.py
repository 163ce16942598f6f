"""Resampling: ``interpolate`` (nearest, nearest-exact, linear, bilinear) and
``pixel_shuffle`` / ``pixel_unshuffle``, as PyTorch's.

Interpolation is separable: each spatial axis is resampled in turn by gathering (``take``)
the source rows that PyTorch's index formulas name, and for the linear modes blending the two
neighbours, so the gradient is the scatter-add of ``take``'s rule on every backend.
"""

from __future__ import annotations

import math
from typing import Any

from ..._array import Array
from ..._ops.creation import asarray, zeros
from ..._ops.indexing import take
from ..._ops.manipulation import expand_dims, permute_dims, reshape, squeeze, stack
from ._util import check_float, tuple_n

__all__ = ["interpolate", "upsample", "pixel_shuffle", "pixel_unshuffle", "unfold", "fold"]

# the modes there are, with the number of spatial axes each needs (None: any)
_MODES = {"nearest": None, "nearest-exact": None, "linear": 1, "bilinear": 2}


def _sizes(x: Array, size: Any, scale_factor: Any, n: int, fn: str
           ) -> tuple[tuple[int, ...], tuple[float | None, ...]]:
    """The output sizes of the ``n`` spatial axes and the scale factors given (or None)."""
    spatial = x.shape[2:]
    if (size is None) == (scale_factor is None):
        raise ValueError(f"{fn}: give exactly one of size and scale_factor")
    if size is not None:
        sizes = tuple(size) if isinstance(size, tuple | list) else (size,) * n
        if len(sizes) != n or any(type(s) is not int or s < 1 for s in sizes):
            raise ValueError(f"{fn}(size): expected {n} positive ints for input of shape "
                             f"{x.shape}, got {size!r}")
        return sizes, (None,) * n
    scales = tuple(scale_factor) if isinstance(scale_factor, tuple | list) else \
        (scale_factor,) * n
    if len(scales) != n or any(type(s) not in (int, float) or not s > 0 for s in scales):
        raise ValueError(f"{fn}(scale_factor): expected {n} positive numbers for input of shape "
                         f"{x.shape}, got {scale_factor!r}")
    sizes = tuple(math.floor(d * s) for d, s in zip(spatial, scales))
    if any(s < 1 for s in sizes):
        raise ValueError(f"{fn}: scale_factor {scale_factor!r} leaves no output for input of "
                         f"shape {x.shape}")
    return sizes, tuple(float(s) for s in scales)


def _resample(x: Array, axis: int, n_out: int, scale: float | None, mode: str,
              align_corners: bool) -> Array:
    """``x`` resampled to ``n_out`` entries along ``axis`` (PyTorch's source-index rules)."""
    n_in = x.shape[axis]
    ratio = 1.0 / scale if scale is not None else n_in / n_out
    dev = x.device
    if mode in ("nearest", "nearest-exact"):
        shift = 0.5 if mode == "nearest-exact" else 0.0
        idx = [min(math.floor((i + shift) * ratio), n_in - 1) for i in range(n_out)]
        return take(x, asarray(idx, device=dev), axis=axis)
    if align_corners:
        ratio = (n_in - 1) / (n_out - 1) if n_out > 1 else 0.0
        src = [i * ratio for i in range(n_out)]
    else:
        src = [max((i + 0.5) * ratio - 0.5, 0.0) for i in range(n_out)]
    lo = [min(math.floor(s), n_in - 1) for s in src]
    hi = [min(i + 1, n_in - 1) for i in lo]
    lam = [s - i for s, i in zip(src, lo)]
    shape = [1] * x.ndim
    shape[axis] = n_out
    w = reshape(asarray(lam, dtype=x.dtype, device=dev), tuple(shape))
    a = take(x, asarray(lo, device=dev), axis=axis)
    b = take(x, asarray(hi, device=dev), axis=axis)
    return a + (b - a) * w


def interpolate(input: Array, size: Any = None, scale_factor: Any = None,
                mode: str = "nearest", align_corners: bool | None = None,
                recompute_scale_factor: bool | None = None) -> Array:
    """Resize the spatial axes of (N, C, L) or (N, C, H, W) input to ``size`` or by
    ``scale_factor``: ``mode`` "nearest", "nearest-exact", "linear" (3-D input) or
    "bilinear" (4-D input), with PyTorch's index rules and ``align_corners``.

    >>> import gradarray as xp
    >>> import gradarray.nn.functional as F
    >>> F.interpolate(xp.reshape(xp.asarray([1.0, 2.0]), (1, 1, 2)), scale_factor=2)
    Array([[[1., 1., 2., 2.]]], dtype=float64)
    """
    fn = "interpolate"
    x = check_float(input, fn)
    if mode not in _MODES:
        raise ValueError(f"{fn}(mode): expected one of 'nearest', 'nearest-exact', 'linear', "
                         f"'bilinear', got {mode!r}")
    n = x.ndim - 2
    if n not in (1, 2):
        raise ValueError(f"{fn}: expected a 3-D or 4-D input (N, C, ...), got shape {x.shape}")
    if _MODES[mode] not in (None, n):
        raise ValueError(f"{fn}: mode {mode!r} needs a {2 + _MODES[mode]}-D input, got shape "
                         f"{x.shape}")
    if align_corners is not None and mode.startswith("nearest"):
        raise ValueError(f"{fn}(align_corners): only the linear modes take align_corners")
    sizes, scales = _sizes(x, size, scale_factor, n, fn)
    if recompute_scale_factor:
        scales = (None,) * n            # the ratio of the sizes, as PyTorch recomputes it
    for k in range(n):
        x = _resample(x, 2 + k, sizes[k], scales[k], mode, bool(align_corners))
    return x


def upsample(input: Array, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
             align_corners: bool | None = None) -> Array:
    """``interpolate`` under its older name."""
    return interpolate(input, size, scale_factor, mode, align_corners)


def pixel_shuffle(input: Array, upscale_factor: int) -> Array:
    """(*, C r^2, H, W) to (*, C, H r, W r): sub-pixel convolution's rearrangement."""
    x = check_float(input, "pixel_shuffle")
    r = _factor(upscale_factor, "pixel_shuffle", "upscale_factor")
    if x.ndim < 3 or x.shape[-3] % (r * r):
        raise ValueError(f"pixel_shuffle: expected (*, C * {r * r}, H, W) input, got shape "
                         f"{x.shape}")
    *lead, c, h, w = x.shape
    k = len(lead)
    y = reshape(x, (*lead, c // (r * r), r, r, h, w))
    y = permute_dims(y, (*range(k), k, k + 3, k + 1, k + 4, k + 2))
    return reshape(y, (*lead, c // (r * r), h * r, w * r))


def pixel_unshuffle(input: Array, downscale_factor: int) -> Array:
    """(*, C, H r, W r) to (*, C r^2, H, W): the inverse of ``pixel_shuffle``."""
    x = check_float(input, "pixel_unshuffle")
    r = _factor(downscale_factor, "pixel_unshuffle", "downscale_factor")
    if x.ndim < 3 or x.shape[-1] % r or x.shape[-2] % r:
        raise ValueError(f"pixel_unshuffle: expected (*, C, H, W) input with H and W "
                         f"divisible by {r}, got shape {x.shape}")
    *lead, c, h, w = x.shape
    k = len(lead)
    y = reshape(x, (*lead, c, h // r, r, w // r, r))
    y = permute_dims(y, (*range(k), k, k + 2, k + 4, k + 1, k + 3))
    return reshape(y, (*lead, c * r * r, h // r, w // r))


def _factor(value: Any, fn: str, argument: str) -> int:
    if type(value) is not int or value < 1:
        raise ValueError(f"{fn}({argument}): expected a positive int, got {value!r}")
    return value


def _batch(input: Any, ndim: int, fn: str) -> tuple[Array, bool]:
    """The input with its batch axis (added to an unbatched one), and whether it had one."""
    x = check_float(input, fn)
    if x.ndim not in (ndim - 1, ndim):
        raise ValueError(f"{fn}: expected a {ndim - 1}-D or {ndim}-D input, got shape {x.shape}")
    return (x, True) if x.ndim == ndim else (expand_dims(x, axis=0), False)


def _window(kernel_size: Any, dilation: Any, padding: Any, stride: Any, fn: str
            ) -> tuple[tuple[int, ...], ...]:
    return (tuple_n(kernel_size, 2, fn, "kernel_size", 1), tuple_n(dilation, 2, fn, "dilation", 1),
            tuple_n(padding, 2, fn, "padding", 0), tuple_n(stride, 2, fn, "stride", 1))


def _blocks(size: tuple[int, int], k: tuple[int, ...], d: tuple[int, ...], p: tuple[int, ...],
            s: tuple[int, ...], fn: str) -> tuple[int, int]:
    """The number of window positions along each spatial axis."""
    out = tuple((n + 2 * pi - di * (ki - 1) - 1) // si + 1
                for n, ki, di, pi, si in zip(size, k, d, p, s))
    if min(out) < 1:
        raise ValueError(f"{fn}: a {k} window (dilation {d}, padding {p}) does not fit the "
                         f"spatial size {size}")
    return out[0], out[1]


def _offsets(k: tuple[int, ...], d: tuple[int, ...], s: tuple[int, ...], blocks: tuple[int, int]
             ) -> list[tuple[slice, slice]]:
    """For each kernel offset (row-major), the strided slices of the padded input it reads."""
    return [(slice(i * d[0], i * d[0] + s[0] * (blocks[0] - 1) + 1, s[0]),
             slice(j * d[1], j * d[1] + s[1] * (blocks[1] - 1) + 1, s[1]))
            for i in range(k[0]) for j in range(k[1])]


def unfold(input: Array, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
           stride: Any = 1) -> Array:
    """The sliding windows of (N, C, H, W) input as columns, (N, C * kh * kw, L) (im2col;
    channel-major, as PyTorch's); unbatched (C, H, W) gives (C * kh * kw, L)."""
    fn = "unfold"
    x, batched = _batch(input, 4, fn)
    k, d, p, s = _window(kernel_size, dilation, padding, stride, fn)
    blocks = _blocks(x.shape[2:], k, d, p, s, fn)
    if p[0] or p[1]:
        from .conv import pad
        x = pad(x, (p[1], p[1], p[0], p[0]))
    n, c = x.shape[:2]
    cols = stack([x[:, :, r, q] for r, q in _offsets(k, d, s, blocks)], axis=2)
    out = reshape(cols, (n, c * k[0] * k[1], blocks[0] * blocks[1]))
    return out if batched else squeeze(out, axis=0)


def fold(input: Array, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
         stride: Any = 1) -> Array:
    """The inverse arrangement of ``unfold``: columns (N, C * kh * kw, L) summed back into
    (N, C, H, W) (col2im; overlapping windows add up); unbatched (C * kh * kw, L) too."""
    fn = "fold"
    x, batched = _batch(input, 3, fn)
    size = tuple_n(output_size, 2, fn, "output_size", 1)
    k, d, p, s = _window(kernel_size, dilation, padding, stride, fn)
    blocks = _blocks((size[0], size[1]), k, d, p, s, fn)
    n, ck, length = x.shape
    kk = k[0] * k[1]
    if ck % kk or length != blocks[0] * blocks[1]:
        raise ValueError(f"{fn}: expected (N, C * {kk}, {blocks[0] * blocks[1]}) input for a "
                         f"{k} window over {size}, got shape {x.shape}")
    cols = reshape(x, (n, ck // kk, kk, blocks[0], blocks[1]))
    out = zeros((n, ck // kk, size[0] + 2 * p[0], size[1] + 2 * p[1]), dtype=x.dtype,
                device=x.device)
    for o, (r, q) in enumerate(_offsets(k, d, s, blocks)):
        out[:, :, r, q] += cols[:, :, o]
    out = out[:, :, p[0]:p[0] + size[0], p[1]:p[1] + size[1]]
    return out if batched else squeeze(out, axis=0)
