"""Fast paths the frontend uses when a backend offers them (the protocol's ``kernels``).

The convolution and pooling kernels follow the contract written in
``gradarray/nn/_functional/conv.py``: NCHW native arrays in, native arrays out, padding as
(top, bottom, left, right).  Windows are strided views of the (padded) input; a convolution
is one copy of them into columns (im2col) and one BLAS matrix product.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.lib.stride_tricks import as_strided

__all__ = ["KERNELS"]


def index_add(out: np.ndarray, axis: int, index: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Add ``values`` into ``out`` at ``index`` along ``axis``; repeated indices add up."""
    if axis == 0 and out.ndim == 1:
        n = out.shape[0]
        idx = np.where(index < 0, index + n, index)
        if np.issubdtype(out.dtype, np.floating):
            return np.bincount(idx, weights=values, minlength=n).astype(out.dtype, copy=False)
    np.add.at(out, (slice(None),) * axis + (index,), values)
    return out


def to_host(native: Any) -> np.ndarray:
    return native


class RNG:
    """gradarray.random's generator on NumPy: PCG64 seeded from the frontend's seed."""

    def __init__(self, seed: int, device: Any = None) -> None:
        self._g = np.random.Generator(np.random.PCG64(seed))

    def random(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        return self._g.random(shape, dtype=dtype)

    def normal(self, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        return self._g.standard_normal(shape, dtype=dtype)

    def integers(self, low: int, high: int, shape: tuple[int, ...], dtype: Any) -> np.ndarray:
        return np.asarray(self._g.integers(low, high, shape, dtype=dtype))

    def permutation(self, n: int, dtype: Any) -> np.ndarray:
        return self._g.permutation(n).astype(dtype, copy=False)


# ---------------------------------------------------------------- convolution and pooling
def _pad(x: np.ndarray, padding: tuple[int, int, int, int], value: Any = 0) -> np.ndarray:
    pt, pb, pl, pr = padding
    if not (pt or pb or pl or pr):
        return x
    n, c, h, w = x.shape
    out = np.full((n, c, h + pt + pb, w + pl + pr), value, dtype=x.dtype)
    out[:, :, pt:pt + h, pl:pl + w] = x
    return out


def _out(n: int, k: int, s: int, before: int, after: int, d: int) -> int:
    return (n + before + after - d * (k - 1) - 1) // s + 1


def _windows(xp: np.ndarray, kh: int, kw: int, ho: int, wo: int, stride: tuple[int, int],
             dilation: tuple[int, int]) -> np.ndarray:
    """A read-only view (N, C, kh, kw, Ho, Wo) of every window of the padded input."""
    n, c = xp.shape[:2]
    s0, s1, s2, s3 = xp.strides
    return as_strided(xp, (n, c, kh, kw, ho, wo),
                      (s0, s1, s2 * dilation[0], s3 * dilation[1], s2 * stride[0],
                       s3 * stride[1]), writeable=False)


def _im2col(x: np.ndarray, kh: int, kw: int, ho: int, wo: int, stride: tuple[int, int],
            padding: tuple[int, int, int, int], dilation: tuple[int, int]) -> np.ndarray:
    """Every window as a column: (C, kh, kw, N, Ho, Wo), contiguous (one copy)."""
    win = _windows(_pad(x, padding), kh, kw, ho, wo, stride, dilation)
    return np.ascontiguousarray(win.transpose(1, 2, 3, 0, 4, 5))


def conv2d(x: np.ndarray, w: np.ndarray, stride: tuple[int, int],
           padding: tuple[int, int, int, int], dilation: tuple[int, int], groups: int
           ) -> np.ndarray:
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    ho = _out(h, kh, stride[0], padding[0], padding[1], dilation[0])
    wo = _out(wd, kw, stride[1], padding[2], padding[3], dilation[1])
    cols = _im2col(x, kh, kw, ho, wo, stride, padding, dilation).reshape(
        groups, cg * kh * kw, n * ho * wo)
    # (groups, O/groups, C/groups*kh*kw) @ (groups, C/groups*kh*kw, N*Ho*Wo): BLAS
    out = np.matmul(w.reshape(groups, o // groups, cg * kh * kw), cols)
    return np.ascontiguousarray(out.reshape(o, n, ho, wo).transpose(1, 0, 2, 3))


def conv2d_weight_grad(x: np.ndarray, g: np.ndarray, kernel_size: tuple[int, int],
                       stride: tuple[int, int], padding: tuple[int, int, int, int],
                       dilation: tuple[int, int], groups: int) -> np.ndarray:
    n, o, ho, wo = g.shape
    c = x.shape[1]
    kh, kw = kernel_size
    cg = c // groups
    cols = _im2col(x, kh, kw, ho, wo, stride, padding, dilation).reshape(
        groups, cg * kh * kw, n * ho * wo)
    g2 = g.transpose(1, 0, 2, 3).reshape(groups, o // groups, n * ho * wo)
    return np.matmul(g2, cols.transpose(0, 2, 1)).reshape(o, cg, kh, kw)


def conv2d_input_grad(g: np.ndarray, w: np.ndarray, input_size: tuple[int, int],
                      stride: tuple[int, int], padding: tuple[int, int, int, int],
                      dilation: tuple[int, int], groups: int) -> np.ndarray:
    n, o, ho, wo = g.shape
    _, cg, kh, kw = w.shape
    c = cg * groups
    h, wd = input_size
    pt, pb, pl, pr = padding
    g2 = g.transpose(1, 0, 2, 3).reshape(groups, o // groups, n * ho * wo)
    wm = w.reshape(groups, o // groups, cg * kh * kw)
    # the gradient of every column, (C, kh, kw, N, Ho, Wo), added back into its window
    dcols = np.matmul(wm.transpose(0, 2, 1), g2).reshape(c, kh, kw, n, ho, wo)
    dxp = np.zeros((c, n, h + pt + pb, wd + pl + pr), dtype=g.dtype)
    sh, sw = stride
    dh, dw = dilation
    for i in range(kh):
        for j in range(kw):
            dxp[:, :, i * dh:i * dh + sh * (ho - 1) + 1:sh,
                j * dw:j * dw + sw * (wo - 1) + 1:sw] += dcols[:, i, j]
    return np.ascontiguousarray(dxp[:, :, pt:pt + h, pl:pl + wd].transpose(1, 0, 2, 3))


def max_pool2d(x: np.ndarray, kernel_size: tuple[int, int], stride: tuple[int, int],
               padding: tuple[int, int, int, int], dilation: tuple[int, int]
               ) -> tuple[np.ndarray, np.ndarray]:
    n, c, h, w = x.shape
    kh, kw = kernel_size
    pt, pb, pl, pr = padding
    ho = _out(h, kh, stride[0], pt, pb, dilation[0])
    wo = _out(w, kw, stride[1], pl, pr, dilation[1])
    padded = bool(pt or pb or pl or pr)
    if not padded and tuple(stride) == (kh, kw) and dilation == (1, 1) and ho * kh == h \
            and wo * kw == w:
        win = x.reshape(n, c, ho, kh, wo, kw).transpose(0, 1, 2, 4, 3, 5).reshape(
            n, c, ho, wo, kh * kw)
    else:
        xp = _pad(x, padding, -np.inf)
        win = _windows(xp, kh, kw, ho, wo, stride, dilation).transpose(
            0, 1, 4, 5, 2, 3).reshape(n, c, ho, wo, kh * kw)
    arg = win.argmax(axis=-1)           # the first maximum; NaN wins, as in PyTorch
    out = np.take_along_axis(win, arg[..., None], axis=-1)[..., 0]
    if padded:
        # a window whose maximum is -inf may have picked padding: take its first real element
        bad = out == -np.inf
        if bad.any():
            valid = _windows(_pad(np.ones((1, 1, h, w), dtype=bool), padding, False), kh, kw,
                             ho, wo, stride, dilation).transpose(0, 1, 4, 5, 2, 3).reshape(
                1, 1, ho, wo, kh * kw)
            first = np.broadcast_to(valid.argmax(axis=-1), arg.shape)
            arg = np.where(bad, first, arg)
    ki, kj = np.divmod(arg, kw)
    rows = (np.arange(ho) * stride[0] - pt)[:, None] + ki * dilation[0]
    cols = (np.arange(wo) * stride[1] - pl)[None, :] + kj * dilation[1]
    return np.ascontiguousarray(out), (rows * w + cols).astype(np.int64)


def max_pool2d_input_grad(g: np.ndarray, indices: np.ndarray, input_size: tuple[int, int],
                          kernel_size: tuple[int, int], stride: tuple[int, int],
                          padding: tuple[int, int, int, int], dilation: tuple[int, int]
                          ) -> np.ndarray:
    n, c, ho, wo = g.shape
    h, w = input_size
    planes = n * c
    gi = g.reshape(planes, ho * wo)
    ii = indices.reshape(planes, ho * wo)
    overlap = any(s < d * (k - 1) + 1 for s, k, d in zip(stride, kernel_size, dilation))
    if not overlap:        # every input position receives from at most one window
        out = np.zeros((planes, h * w), dtype=g.dtype)
        np.put_along_axis(out, ii, gi, axis=1)
        return out.reshape(n, c, h, w)
    flat = (ii + (np.arange(planes) * (h * w))[:, None]).ravel()
    out = np.bincount(flat, weights=gi.ravel(), minlength=planes * h * w)
    return out.astype(g.dtype, copy=False).reshape(n, c, h, w)


KERNELS = {"index_add": index_add, "to_host": to_host, "rng": RNG,
           "conv2d": conv2d, "conv2d_input_grad": conv2d_input_grad,
           "conv2d_weight_grad": conv2d_weight_grad, "max_pool2d": max_pool2d,
           "max_pool2d_input_grad": max_pool2d_input_grad}
