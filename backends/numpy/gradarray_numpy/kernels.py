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


# The columns of a convolution (every window of the input, the operand of one BLAS product)
# are laid out (C, kh, kw, N, Ho, Wo) when the output maps are large, and (C, kh, kw, Ho, Wo,
# N), batch last as cuda-convnet did, when they are small: either way the copies that gather
# the windows (im2col), scatter them back (col2im) and reorder the output move long
# contiguous runs rather than short rows.
def _batch_last(ho: int, wo: int) -> bool:
    return ho * wo < 256


def _mm(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A stack of matrix products; one plain 2-D product when the stack has one (groups=1),
    which NumPy runs faster than a batched matmul of one."""
    if a.shape[0] == 1:
        return (a[0] @ b[0])[None]
    return np.matmul(a, b)


def _im2col(x: np.ndarray, kh: int, kw: int, ho: int, wo: int, stride: tuple[int, int],
            padding: tuple[int, int, int, int], dilation: tuple[int, int], batch_last: bool
            ) -> np.ndarray:
    """(C * kh * kw, columns): every window of the padded input as a column."""
    n, c, h, w = x.shape
    pt, pb, pl, pr = padding
    if batch_last:
        xt = np.zeros((c, h + pt + pb, w + pl + pr, n), dtype=x.dtype)
        xt[:, pt:pt + h, pl:pl + w, :] = x.transpose(1, 2, 3, 0)
        t0, t1, t2, t3 = xt.strides
        win = as_strided(xt, (c, kh, kw, ho, wo, n),
                         (t0, t1 * dilation[0], t2 * dilation[1], t1 * stride[0],
                          t2 * stride[1], t3), writeable=False)
    else:
        xp = _pad(x, padding)
        s0, s1, s2, s3 = xp.strides
        win = as_strided(xp, (c, kh, kw, n, ho, wo),
                         (s1, s2 * dilation[0], s3 * dilation[1], s0, s2 * stride[0],
                          s3 * stride[1]), writeable=False)
    return np.ascontiguousarray(win).reshape(c * kh * kw, -1)


def _grad_columns(g: np.ndarray, groups: int, batch_last: bool) -> np.ndarray:
    """The output gradient (N, O, Ho, Wo) as (groups, O/groups, columns)."""
    n, o, ho, wo = g.shape
    order = (1, 2, 3, 0) if batch_last else (1, 0, 2, 3)
    return np.ascontiguousarray(g.transpose(order)).reshape(groups, o // groups, -1)


# The columns of a few images at a time stay in the core's cache between the copy that
# gathers them and the product that reads them: a batch is convolved in chunks whose columns
# take about this many bytes (on this project's machine a batch of 64 LeNet images ran 1.4x
# faster in chunks of 6-8 than in one piece).
_COLUMNS_BYTES = 512 * 1024


def _chunk(x: np.ndarray, kh: int, kw: int, ho: int, wo: int) -> int:
    """How many images of ``x`` to convolve at a time."""
    per_image = x.shape[1] * kh * kw * ho * wo * x.itemsize
    return max(1, _COLUMNS_BYTES // max(per_image, 1))


def conv2d(x: np.ndarray, w: np.ndarray, stride: tuple[int, int],
           padding: tuple[int, int, int, int], dilation: tuple[int, int], groups: int
           ) -> np.ndarray:
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    ho = _out(h, kh, stride[0], padding[0], padding[1], dilation[0])
    wo = _out(wd, kw, stride[1], padding[2], padding[3], dilation[1])
    step = _chunk(x, kh, kw, ho, wo)
    if step >= n:
        return _conv2d(x, w, ho, wo, stride, padding, dilation, groups)
    out = None
    for i in range(0, n, step):
        part = _conv2d(x[i:i + step], w, ho, wo, stride, padding, dilation, groups)
        if out is None:
            out = np.empty((n,) + part.shape[1:], dtype=part.dtype)
        out[i:i + step] = part
    return out


def _conv2d(x: np.ndarray, w: np.ndarray, ho: int, wo: int, stride: tuple[int, int],
            padding: tuple[int, int, int, int], dilation: tuple[int, int], groups: int
            ) -> np.ndarray:
    n = x.shape[0]
    o, cg, kh, kw = w.shape
    last = _batch_last(ho, wo)
    cols = _im2col(x, kh, kw, ho, wo, stride, padding, dilation, last).reshape(
        groups, cg * kh * kw, -1)
    # (groups, O/groups, C/groups*kh*kw) @ (groups, C/groups*kh*kw, columns): BLAS
    out = _mm(w.reshape(groups, o // groups, cg * kh * kw), cols)
    if last:
        return np.ascontiguousarray(out.reshape(o, ho, wo, n).transpose(3, 0, 1, 2))
    return np.ascontiguousarray(out.reshape(o, n, ho, wo).transpose(1, 0, 2, 3))


def conv2d_weight_grad(x: np.ndarray, g: np.ndarray, kernel_size: tuple[int, int],
                       stride: tuple[int, int], padding: tuple[int, int, int, int],
                       dilation: tuple[int, int], groups: int) -> np.ndarray:
    n, _, ho, wo = g.shape
    step = _chunk(x, kernel_size[0], kernel_size[1], ho, wo)
    dw = _conv2d_weight_grad(x[:step], g[:step], kernel_size, stride, padding, dilation, groups)
    for i in range(step, n, step):
        dw += _conv2d_weight_grad(x[i:i + step], g[i:i + step], kernel_size, stride, padding,
                                  dilation, groups)
    return dw


def _conv2d_weight_grad(x: np.ndarray, g: np.ndarray, kernel_size: tuple[int, int],
                        stride: tuple[int, int], padding: tuple[int, int, int, int],
                        dilation: tuple[int, int], groups: int) -> np.ndarray:
    n, o, ho, wo = g.shape
    kh, kw = kernel_size
    cg = x.shape[1] // groups
    last = _batch_last(ho, wo)
    cols = _im2col(x, kh, kw, ho, wo, stride, padding, dilation, last).reshape(
        groups, cg * kh * kw, -1)
    # (columns @ grad^T)^T: OpenBLAS runs this orientation faster for few output channels
    dw = _mm(cols, _grad_columns(g, groups, last).transpose(0, 2, 1))
    return np.ascontiguousarray(dw.transpose(0, 2, 1)).reshape(o, cg, kh, kw)


def conv2d_input_grad(g: np.ndarray, w: np.ndarray, input_size: tuple[int, int],
                      stride: tuple[int, int], padding: tuple[int, int, int, int],
                      dilation: tuple[int, int], groups: int) -> np.ndarray:
    n, o, ho, wo = g.shape
    _, cg, kh, kw = w.shape
    c = cg * groups
    h, wd = input_size
    pt, pb, pl, pr = padding
    last = _batch_last(ho, wo)
    wm = w.reshape(groups, o // groups, cg * kh * kw)
    # the gradient of every column, added back into its window (col2im)
    dcols = _mm(wm.transpose(0, 2, 1), _grad_columns(g, groups, last))
    sh, sw = stride
    dh, dw = dilation
    if last:
        dcols = dcols.reshape(c, kh, kw, ho, wo, n)
        dxp = np.zeros((c, h + pt + pb, wd + pl + pr, n), dtype=g.dtype)
        for i in range(kh):
            for j in range(kw):
                dxp[:, i * dh:i * dh + sh * (ho - 1) + 1:sh,
                    j * dw:j * dw + sw * (wo - 1) + 1:sw, :] += dcols[:, i, j]
        return np.ascontiguousarray(dxp[:, pt:pt + h, pl:pl + wd, :].transpose(3, 0, 1, 2))
    dcols = dcols.reshape(c, kh, kw, n, ho, wo)
    dxp = np.zeros((c, n, h + pt + pb, wd + pl + pr), dtype=g.dtype)
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
    sh, sw = stride
    dh, dw = dilation
    pt, pb, pl, pr = padding
    ho = _out(h, kh, sh, pt, pb, dh)
    wo = _out(w, kw, sw, pl, pr, dw)
    padded = bool(pt or pb or pl or pr)
    xp = _pad(x, padding, -np.inf)
    # every offset of the windows is a strided view (no copy); the maximum is a chain of
    # np.maximum (NaN propagates), and each window's first maximum is found by comparison
    # (numpy's argmax over a short last axis is slow)
    views = [xp[:, :, i * dh:i * dh + sh * (ho - 1) + 1:sh, j * dw:j * dw + sw * (wo - 1) + 1:sw]
             for i in range(kh) for j in range(kw)]
    out = views[0].copy()
    for v in views[1:]:
        np.maximum(out, v, out=out)
    valid = [_valid(k // kw, k % kw, ho, wo, h, w, stride, padding, dilation)
             for k in range(len(views))] if padded else None
    nan = np.isnan(out)
    has_nan = bool(nan.any())
    # which offset k of its window holds each window's first maximum, in a small integer type;
    # one gather turns it into the flat index (from the plane's start) at the end
    kdt = np.int8 if len(views) <= 127 else np.int32
    code = np.zeros(out.shape, dtype=kdt)
    term = np.empty(out.shape, dtype=kdt)
    remaining = np.ones(out.shape, dtype=bool)
    hit = np.empty(out.shape, dtype=bool)
    last = len(views) - 1
    for k, v in enumerate(views):
        if k == last and valid is None and not has_nan:
            hit = remaining              # the maximum is in the window: whatever remains
        else:
            np.equal(v, out, out=hit)    # never in a window whose maximum is NaN
            if valid is not None:        # a real element, even -inf, beats the padding
                hit &= valid[k]
            hit &= remaining
            remaining ^= hit             # remaining & ~hit, in place (hit is within it)
        if k:
            np.multiply(hit.view(np.int8), kdt(k), out=term, casting="unsafe")
            code += term
        if has_nan:                      # the last NaN of a window is its maximum (PyTorch)
            nan_here = np.isnan(v) & nan
            if valid is not None:
                nan_here &= valid[k]
            code[nan_here] = k
    deltas = np.array([(k // kw) * dh * w + (k % kw) * dw for k in range(len(views))],
                      dtype=np.int64)
    corner = (np.arange(ho, dtype=np.int64) * sh - pt)[:, None] * w + \
        (np.arange(wo, dtype=np.int64) * sw - pl)[None, :]
    offset = deltas.take(code)
    offset += corner
    return out, offset


def _valid(i: int, j: int, ho: int, wo: int, h: int, w: int, stride: tuple[int, int],
           padding: tuple[int, int, int, int], dilation: tuple[int, int]) -> np.ndarray:
    """Which windows read a real (not padding) element at offset (i, j): (Ho, Wo)."""
    r = np.arange(ho) * stride[0] - padding[0] + i * dilation[0]
    q = np.arange(wo) * stride[1] - padding[2] + j * dilation[1]
    return ((r >= 0) & (r < h))[:, None] & ((q >= 0) & (q < w))[None, :]


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


# reshape and permute_dims without copy=: ndarray's own methods, called without a Python frame
KERNELS = {"index_add": index_add, "to_host": to_host, "rng": RNG,
           "shares_memory": np.may_share_memory,
           "reshape": np.ndarray.reshape, "permute_dims": np.ndarray.transpose,
           "conv2d": conv2d, "conv2d_input_grad": conv2d_input_grad,
           "conv2d_weight_grad": conv2d_weight_grad, "max_pool2d": max_pool2d,
           "max_pool2d_input_grad": max_pool2d_input_grad}
