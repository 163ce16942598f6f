"""Convolution and pooling, through the backend's fast kernels or a generic fallback.

Everything is computed on 2-D spatial data in NCHW layout (1-D forms add a unit height).
Five primitives carry the work; each one asks the backend's ``kernels`` mapping (the
protocol's fast-kernel hook) for its native implementation and otherwise runs the generic
version written with standard functions (im2col by slicing and stacking, then matmul), so
that any compliant backend computes them.  The kernels take and return native arrays:

``conv2d(x, weight, stride, padding, dilation, groups) -> out``
    ``x`` (N, C, H, W), ``weight`` (O, C/groups, kh, kw); ``stride`` and ``dilation`` are
    ``(sh, sw)``, ``padding`` is ``(top, bottom, left, right)`` of zeros.
``conv2d_input_grad(grad, weight, input_size, stride, padding, dilation, groups) -> dx``
    the gradient with respect to ``x`` (of spatial size ``input_size``); also the
    transposed convolution.
``conv2d_weight_grad(x, grad, kernel_size, stride, padding, dilation, groups) -> dw``
``max_pool2d(x, kernel_size, stride, padding, dilation) -> (out, indices)``
    ``padding`` is filled with -inf; ``indices`` (int64) are flat positions in each input
    plane of H*W elements, as PyTorch's ``return_indices``.
``max_pool2d_input_grad(grad, indices, input_size, kernel_size, stride, padding, dilation)``
    adds each gradient into the input position its window's maximum came from.

The three convolution primitives are closed under differentiation (each one's derivative is
one of the others), so gradients of any order exist; max pooling's gradient is a scatter
whose own gradient is a gather (``take_along_axis``).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Iterator
from typing import Any

from ... import _dtypes
from ..._array import Array
from ..._call import promote_arrays
from ..._ops.creation import arange, full, ones, zeros
from ..._ops.data_types import astype
from ..._ops.elementwise import isnan, logical_and, logical_not, logical_or
from ..._ops.indexing import take_along_axis
from ..._ops.linalg import matmul, matrix_transpose
from ..._ops.manipulation import broadcast_to, concat, expand_dims, flip, reshape, squeeze, \
    stack
from ..._ops.searching import where
from ..._ops.statistical import max as _max, mean, sum as _sum
from ...autograd.engine import record
from ...autograd.grad_mode import STATE, no_grad
from ...autograd.rules import defvjp
from ._util import check, check_float, same_device, tuple_n

__all__ = ["conv1d", "conv2d", "conv_transpose1d", "conv_transpose2d", "max_pool1d",
           "max_pool2d", "avg_pool1d", "avg_pool2d", "adaptive_avg_pool1d",
           "adaptive_avg_pool2d", "adaptive_max_pool1d", "adaptive_max_pool2d", "pad",
           "max_unpool2d"]

_new = Array._new
_use_kernels = True


@contextlib.contextmanager
def kernels_disabled() -> Iterator[None]:
    """Run convolution and pooling through the generic fallback (for tests)."""
    global _use_kernels
    prev = _use_kernels
    _use_kernels = False
    try:
        yield
    finally:
        _use_kernels = prev


def _kernel(x: Array, name: str) -> Any:
    if not _use_kernels:
        return None
    kernels = getattr(x._device.backend, "kernels", None)
    return kernels.get(name) if kernels else None


def _cast(x: Array, dt: _dtypes.DType) -> Any:
    if x._dtype is dt:
        return x._native
    return x._device.ns.astype(x._native, x._device.to_native[dt])


def _out_size(n: int, k: int, s: int, before: int, after: int, d: int) -> int:
    return (n + before + after - d * (k - 1) - 1) // s + 1


def _window(i: int, j: int, ho: int, wo: int, stride: tuple[int, int],
            dilation: tuple[int, int]) -> tuple[slice, ...]:
    """The key of the strided slice that offset (i, j) of every window reads."""
    sh, sw = stride
    dh, dw = dilation
    return (slice(None), slice(None), slice(i * dh, i * dh + sh * (ho - 1) + 1, sh),
            slice(j * dw, j * dw + sw * (wo - 1) + 1, sw))


def _pad_fill(x: Array, padding: tuple[int, int, int, int], value: float) -> Array:
    pt, pb, pl, pr = padding
    if not (pt or pb or pl or pr):
        return x
    n, c, h, w = x.shape
    out = full((n, c, h + pt + pb, w + pl + pr), value, dtype=x.dtype, device=x.device)
    out[:, :, pt:pt + h, pl:pl + w] = x
    return out


# ===================================================================== convolution
def _conv2d_generic(x: Array, w: Array, stride: tuple[int, int], padding: tuple[int, ...],
                    dilation: tuple[int, int], groups: int) -> Array:
    n, c, h, wd = x.shape
    o, cg, kh, kw = w.shape
    ho = _out_size(h, kh, stride[0], padding[0], padding[1], dilation[0])
    wo = _out_size(wd, kw, stride[1], padding[2], padding[3], dilation[1])
    cols = _im2col(x, kh, kw, ho, wo, stride, padding, dilation, groups)
    wm = reshape(w, (groups, o // groups, cg * kh * kw))
    return reshape(matmul(wm, cols), (n, o, ho, wo))


def _im2col(x: Array, kh: int, kw: int, ho: int, wo: int, stride: tuple[int, int],
            padding: tuple[int, ...], dilation: tuple[int, int], groups: int) -> Array:
    """(N, groups, C/groups * kh * kw, Ho * Wo): every window as a column."""
    n, c = x.shape[0], x.shape[1]
    xp = _pad_fill(x, padding, 0.0)  # type: ignore[arg-type]
    cols = stack([xp[_window(i, j, ho, wo, stride, dilation)]
                  for i in range(kh) for j in range(kw)], axis=2)
    return reshape(cols, (n, groups, (c // groups) * kh * kw, ho * wo))


def _conv2d_weight_grad_generic(x: Array, g: Array, kernel_size: tuple[int, int],
                                stride: tuple[int, int], padding: tuple[int, ...],
                                dilation: tuple[int, int], groups: int) -> Array:
    n, o, ho, wo = g.shape
    c = x.shape[1]
    kh, kw = kernel_size
    cols = _im2col(x, kh, kw, ho, wo, stride, padding, dilation, groups)
    gm = reshape(g, (n, groups, o // groups, ho * wo))
    dw = _sum(matmul(gm, matrix_transpose(cols)), axis=0)
    return reshape(dw, (o, c // groups, kh, kw))


def _conv2d_input_grad_generic(g: Array, w: Array, input_size: tuple[int, int],
                               stride: tuple[int, int], padding: tuple[int, ...],
                               dilation: tuple[int, int], groups: int) -> Array:
    n, o, ho, wo = g.shape
    _, cg, kh, kw = w.shape
    c = cg * groups
    h, wd = input_size
    pt, pb, pl, pr = padding
    gm = reshape(g, (n, groups, o // groups, ho * wo))
    wm = reshape(w, (groups, o // groups, cg * kh * kw))
    dcols = reshape(matmul(matrix_transpose(wm), gm), (n, c, kh * kw, ho, wo))
    dxp = zeros((n, c, h + pt + pb, wd + pl + pr), dtype=g.dtype, device=g.device)
    for i in range(kh):
        for j in range(kw):
            key = _window(i, j, ho, wo, stride, dilation)
            dxp[key] = dxp[key] + dcols[:, :, i * kw + j]
    return dxp[:, :, pt:pt + h, pl:pl + wd]


def _conv2d(x: Array, w: Array, b: Array | None, stride: tuple[int, int],
            padding: tuple[int, int, int, int], dilation: tuple[int, int], groups: int) -> Array:
    """The convolution primitive (recorded as one node)."""
    dev = x._device
    dt = promote_arrays("conv2d", x, w) if b is None else promote_arrays("conv2d", x, w, b)
    kernel = _kernel(x, "conv2d")
    recording = STATE.enabled and (x._ag is not None or w._ag is not None or
                                   (b is not None and b._ag is not None))
    if kernel is not None:
        out = _new(kernel(_cast(x, dt), _cast(w, dt), stride, padding, dilation, groups), dt,
                   dev)
    else:
        with no_grad():
            out = _conv2d_generic(astype(x, dt, copy=False), astype(w, dt, copy=False), stride,
                                  padding, dilation, groups)
    if b is not None:
        ns = dev.ns
        native = out._native
        native += ns.reshape(_cast(b, dt), (1, -1, 1, 1))   # fresh output: add in place
        out = _new(native, dt, dev)
    if recording:
        record("nn.conv2d", out, {"input": x, "weight": w, "bias": b, "stride": stride,
                                  "padding": padding, "dilation": dilation, "groups": groups,
                                  "input_size": (x.shape[2], x.shape[3]),
                                  "kernel_size": (w.shape[2], w.shape[3])})
    return out


def _conv2d_input_grad(g: Array, w: Array, input_size: tuple[int, int], stride: tuple[int, int],
                       padding: tuple[int, int, int, int], dilation: tuple[int, int],
                       groups: int) -> Array:
    """The gradient of a convolution with respect to its input (a transposed convolution)."""
    dev = g._device
    dt = promote_arrays("conv2d_input_grad", g, w)
    kernel = _kernel(g, "conv2d_input_grad")
    if kernel is not None:
        out = _new(kernel(_cast(g, dt), _cast(w, dt), input_size, stride, padding, dilation,
                          groups), dt, dev)
    else:
        with no_grad():
            out = _conv2d_input_grad_generic(astype(g, dt, copy=False), astype(w, dt, copy=False),
                                             input_size, stride, padding, dilation, groups)
    if STATE.enabled and (g._ag is not None or w._ag is not None):
        record("nn.conv2d_input_grad", out, {
            "grad": g, "weight": w, "stride": stride, "padding": padding,
            "dilation": dilation, "groups": groups, "kernel_size": (w.shape[2], w.shape[3])})
    return out


def _conv2d_weight_grad(x: Array, g: Array, kernel_size: tuple[int, int],
                        stride: tuple[int, int], padding: tuple[int, int, int, int],
                        dilation: tuple[int, int], groups: int) -> Array:
    """The gradient of a convolution with respect to its weight."""
    dev = x._device
    dt = promote_arrays("conv2d_weight_grad", x, g)
    kernel = _kernel(x, "conv2d_weight_grad")
    if kernel is not None:
        out = _new(kernel(_cast(x, dt), _cast(g, dt), kernel_size, stride, padding, dilation,
                          groups), dt, dev)
    else:
        with no_grad():
            out = _conv2d_weight_grad_generic(astype(x, dt, copy=False), astype(g, dt, copy=False),
                                              kernel_size, stride, padding, dilation, groups)
    if STATE.enabled and (x._ag is not None or g._ag is not None):
        record("nn.conv2d_weight_grad", out, {
            "input": x, "grad": g, "stride": stride, "padding": padding,
            "dilation": dilation, "groups": groups, "input_size": (x.shape[2], x.shape[3])})
    return out


# the three are bilinear and adjoint to each other, so each one's rules are the others
defvjp("nn.conv2d",
       input=lambda g, weight, input_size, stride, padding, dilation, groups:
           _conv2d_input_grad(g, weight, input_size, stride, padding, dilation, groups),
       weight=lambda g, input, kernel_size, stride, padding, dilation, groups:
           _conv2d_weight_grad(input, g, kernel_size, stride, padding, dilation, groups),
       bias=lambda g: _bias_grad(g))


def _bias_grad(g: Array) -> Array:
    if STATE.enabled:
        return _sum(g, axis=(0, 2, 3))
    # one reduction over contiguous blocks, then a small one: faster than three axes at once
    ns = g._device.ns
    n, o = g.shape[0], g.shape[1]
    per_map = ns.sum(ns.reshape(g._native, (n, o, -1)), axis=2)
    return _new(ns.sum(per_map, axis=0), g._dtype, g._device)
defvjp("nn.conv2d_input_grad",
       grad=lambda h, weight, stride, padding, dilation, groups:
           _conv2d(h, weight, None, stride, padding, dilation, groups),
       weight=lambda h, grad, kernel_size, stride, padding, dilation, groups:
           _conv2d_weight_grad(h, grad, kernel_size, stride, padding, dilation, groups))
defvjp("nn.conv2d_weight_grad",
       input=lambda k, grad, input_size, stride, padding, dilation, groups:
           _conv2d_input_grad(grad, k, input_size, stride, padding, dilation, groups),
       grad=lambda k, input, stride, padding, dilation, groups:
           _conv2d(input, k, None, stride, padding, dilation, groups))


def _conv_padding(padding: Any, n: int, kernel: tuple[int, ...], stride: tuple[int, ...],
                  dilation: tuple[int, ...], function: str) -> tuple[int, ...]:
    """PyTorch's ``padding`` (ints, ``"valid"`` or ``"same"``) as (before, after) per axis."""
    if isinstance(padding, str):
        if padding == "valid":
            return (0,) * (2 * n)
        if padding == "same":
            if any(s != 1 for s in stride):
                raise ValueError(f"{function}(padding): padding='same' is not supported for "
                                 f"strided convolutions")
            out: list[int] = []
            for k, d in zip(kernel, dilation):
                total = d * (k - 1)
                out += [total // 2, total - total // 2]
            return tuple(out)
        raise ValueError(f"{function}(padding): expected an int, a tuple, 'valid' or 'same', "
                         f"got {padding!r}")
    p = tuple_n(padding, n, function, "padding")
    return tuple(v for q in p for v in (q, q))


def _check_conv(x: Array, w: Array, b: Array | None, groups: int, nd: int, function: str) -> None:
    if w.ndim != nd + 2:
        raise ValueError(f"{function}(weight): expected a {nd + 2}-D weight (out_channels, "
                         f"in_channels/groups, kernel...), got shape {w.shape}")
    if type(groups) is not int or groups < 1:
        raise ValueError(f"{function}(groups): expected a positive int, got {groups!r}")
    c = x.shape[1]
    if w.shape[1] * groups != c:
        raise ValueError(f"{function}: expected input with {w.shape[1] * groups} channels "
                         f"(weight {w.shape} with groups={groups}), got {c} channels (input "
                         f"shape {x.shape})")
    if w.shape[0] % groups:
        raise ValueError(f"{function}(weight): out_channels {w.shape[0]} is not divisible by "
                         f"groups={groups}")
    if b is not None and b.shape != (w.shape[0],):
        raise ValueError(f"{function}(bias): expected shape ({w.shape[0]},), got {b.shape}")


def _batched(x: Array, nd: int, function: str) -> tuple[Array, bool]:
    if x.ndim == nd + 2:
        return x, False
    if x.ndim == nd + 1:
        return expand_dims(x, axis=0), True
    raise ValueError(f"{function}(input): expected a {nd + 1}-D (unbatched) or {nd + 2}-D "
                     f"(batched) input, got shape {x.shape}")


def conv2d(input: Array, weight: Array, bias: Array | None = None, stride: Any = 1,
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Array:
    """2-D convolution (cross-correlation, as PyTorch) of (N, C, H, W) or (C, H, W) input."""
    x = check_float(input, "conv2d")
    w = check_float(weight, "conv2d", "weight")
    b = check_float(bias, "conv2d", "bias") if bias is not None else None
    same_device("conv2d", x, weight=w, bias=b)
    x, unbatched = _batched(x, 2, "conv2d")
    _check_conv(x, w, b, groups, 2, "conv2d")
    s = tuple_n(stride, 2, "conv2d", "stride", 1)
    d = tuple_n(dilation, 2, "conv2d", "dilation", 1)
    p = _conv_padding(padding, 2, w.shape[2:], s, d, "conv2d")
    _check_output(x.shape[2:], w.shape[2:], s, p, d, "conv2d")
    out = _conv2d(x, w, b, s, p, d, groups)  # type: ignore[arg-type]
    return squeeze(out, axis=0) if unbatched else out


def conv1d(input: Array, weight: Array, bias: Array | None = None, stride: Any = 1,
           padding: Any = 0, dilation: Any = 1, groups: int = 1) -> Array:
    """1-D convolution of (N, C, L) or (C, L) input (a 2-D convolution of unit height)."""
    x = check_float(input, "conv1d")
    w = check_float(weight, "conv1d", "weight")
    b = check_float(bias, "conv1d", "bias") if bias is not None else None
    same_device("conv1d", x, weight=w, bias=b)
    x, unbatched = _batched(x, 1, "conv1d")
    _check_conv(x, w, b, groups, 1, "conv1d")
    s = tuple_n(stride, 1, "conv1d", "stride", 1)
    d = tuple_n(dilation, 1, "conv1d", "dilation", 1)
    p = _conv_padding(padding, 1, w.shape[2:], s, d, "conv1d")
    _check_output(x.shape[2:], w.shape[2:], s, p, d, "conv1d")
    out = _conv2d(expand_dims(x, axis=2), expand_dims(w, axis=2), b, (1, s[0]),
                  (0, 0, p[0], p[1]), (1, d[0]), groups)
    out = squeeze(out, axis=2)
    return squeeze(out, axis=0) if unbatched else out


def _check_output(spatial: tuple[int, ...], kernel: tuple[int, ...], stride: tuple[int, ...],
                  padding: tuple[int, ...], dilation: tuple[int, ...], function: str) -> None:
    for i, (n, k) in enumerate(zip(spatial, kernel)):
        size = _out_size(n, k, stride[i], padding[2 * i], padding[2 * i + 1], dilation[i])
        if size < 1:
            raise ValueError(f"{function}: the input of spatial size {tuple(spatial)} (padded by "
                             f"{padding}) is smaller than the kernel {tuple(kernel)} with "
                             f"dilation {dilation}")


def conv_transpose2d(input: Array, weight: Array, bias: Array | None = None, stride: Any = 1,
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                     dilation: Any = 1) -> Array:
    """2-D transposed convolution; ``weight`` is (in_channels, out_channels/groups, kh, kw)."""
    x = check_float(input, "conv_transpose2d")
    w = check_float(weight, "conv_transpose2d", "weight")
    b = check_float(bias, "conv_transpose2d", "bias") if bias is not None else None
    same_device("conv_transpose2d", x, weight=w, bias=b)
    x, unbatched = _batched(x, 2, "conv_transpose2d")
    out = _conv_transpose(x, w, b, stride, padding, output_padding, groups, dilation, 2,
                          "conv_transpose2d")
    return squeeze(out, axis=0) if unbatched else out


def conv_transpose1d(input: Array, weight: Array, bias: Array | None = None, stride: Any = 1,
                     padding: Any = 0, output_padding: Any = 0, groups: int = 1,
                     dilation: Any = 1) -> Array:
    """1-D transposed convolution; ``weight`` is (in_channels, out_channels/groups, k)."""
    x = check_float(input, "conv_transpose1d")
    w = check_float(weight, "conv_transpose1d", "weight")
    b = check_float(bias, "conv_transpose1d", "bias") if bias is not None else None
    same_device("conv_transpose1d", x, weight=w, bias=b)
    x, unbatched = _batched(x, 1, "conv_transpose1d")
    s = tuple_n(stride, 1, "conv_transpose1d", "stride", 1)
    p = tuple_n(padding, 1, "conv_transpose1d", "padding")
    op = tuple_n(output_padding, 1, "conv_transpose1d", "output_padding")
    d = tuple_n(dilation, 1, "conv_transpose1d", "dilation", 1)
    out = _conv_transpose(expand_dims(x, axis=2), expand_dims(w, axis=2), b, (1, s[0]),
                          (0, p[0]), (0, op[0]), groups, (1, d[0]), 2, "conv_transpose1d")
    out = squeeze(out, axis=2)
    return squeeze(out, axis=0) if unbatched else out


def _conv_transpose(x: Array, w: Array, b: Array | None, stride: Any, padding: Any,
                    output_padding: Any, groups: int, dilation: Any, nd: int,
                    function: str) -> Array:
    if w.ndim != 4:
        raise ValueError(f"{function}(weight): expected (in_channels, out_channels/groups, "
                         f"kernel...), got shape {w.shape}")
    if w.shape[0] != x.shape[1]:
        raise ValueError(f"{function}: weight {w.shape} expects {w.shape[0]} input channels, "
                         f"got {x.shape[1]}")
    if type(groups) is not int or groups < 1 or w.shape[0] % groups:
        raise ValueError(f"{function}(groups): expected a positive divisor of in_channels, got "
                         f"{groups!r}")
    s = tuple_n(stride, 2, function, "stride", 1)
    p = tuple_n(padding, 2, function, "padding")
    op = tuple_n(output_padding, 2, function, "output_padding")
    d = tuple_n(dilation, 2, function, "dilation", 1)
    for i in range(2):
        if op[i] >= max(s[i], d[i]):
            raise ValueError(f"{function}(output_padding): must be smaller than stride or "
                             f"dilation, got {op}")
    size = tuple((x.shape[2 + i] - 1) * s[i] - 2 * p[i] + d[i] * (w.shape[2 + i] - 1) + op[i] + 1
                 for i in range(2))
    if min(size) < 1:
        raise ValueError(f"{function}: the output would be empty ({size})")
    # the forward convolution that this one transposes sees the output padded by p (plus
    # output_padding rows that no window reaches)
    out = _conv2d_input_grad(x, w, size, s, (p[0], p[0], p[1], p[1]), d, groups)  # type: ignore[arg-type]
    if b is not None:
        if b.shape != (w.shape[1] * groups,):
            raise ValueError(f"{function}(bias): expected shape ({w.shape[1] * groups},), got "
                             f"{b.shape}")
        out = out + reshape(b, (1, -1, 1, 1))
    return out


# ===================================================================== max pooling
def _max_pool2d_generic(x: Array, kernel_size: tuple[int, int], stride: tuple[int, int],
                        padding: tuple[int, int, int, int], dilation: tuple[int, int]
                        ) -> tuple[Array, Array]:
    n, c, h, wd = x.shape
    kh, kw = kernel_size
    pt, pb, pl, pr = padding
    ho = _out_size(h, kh, stride[0], pt, pb, dilation[0])
    wo = _out_size(wd, kw, stride[1], pl, pr, dilation[1])
    xp = _pad_fill(x, padding, -math.inf)
    padded = bool(pt or pb or pl or pr)
    rows = arange(ho, device=x.device) * stride[0] - pt
    cols = arange(wo, device=x.device) * stride[1] - pl
    best: Array | None = None
    arg: Array | None = None
    best_valid: Array | None = None
    for i in range(kh):
        r = reshape(rows + i * dilation[0], (ho, 1))
        for j in range(kw):
            cc = reshape(cols + j * dilation[1], (1, wo))
            v = xp[_window(i, j, ho, wo, stride, dilation)]
            pos = r * wd + cc
            valid = logical_and(logical_and(r >= 0, r < h), logical_and(cc >= 0, cc < wd)) \
                if padded else None
            if best is None:
                best, arg, best_valid = v, broadcast_to(pos, v.shape), valid
                continue
            take = logical_or(v > best, isnan(v))
            if padded:   # a real element beats the -inf of padding, even a real -inf
                take = logical_or(take, logical_and(valid, logical_not(best_valid)))
                best_valid = logical_or(best_valid, valid)
            best = where(take, v, best)
            arg = where(take, pos, arg)
    assert best is not None and arg is not None
    return best, arg


def _max_pool2d_input_grad_generic(g: Array, indices: Array, input_size: tuple[int, int],
                                   kernel_size: tuple[int, int], stride: tuple[int, int],
                                   padding: tuple[int, int, int, int],
                                   dilation: tuple[int, int]) -> Array:
    n, c, ho, wo = g.shape
    h, wd = input_size
    pt, pb, pl, pr = padding
    kh, kw = kernel_size
    rows = arange(ho, device=g.device) * stride[0] - pt
    cols = arange(wo, device=g.device) * stride[1] - pl
    dxp = zeros((n, c, h + pt + pb, wd + pl + pr), dtype=g.dtype, device=g.device)
    for i in range(kh):
        r = reshape(rows + i * dilation[0], (ho, 1))
        for j in range(kw):
            pos = r * wd + reshape(cols + j * dilation[1], (1, wo))
            key = _window(i, j, ho, wo, stride, dilation)
            dxp[key] = dxp[key] + where(indices == pos, g, 0.0)
    return dxp[:, :, pt:pt + h, pl:pl + wd]


def _gather_planes(h: Array, indices: Array) -> Array:
    """``h`` (N, C, H, W) read at the flat plane positions ``indices`` (N, C, Ho, Wo)."""
    n, c, hh, ww = h.shape
    flat = take_along_axis(reshape(h, (n, c, hh * ww)),
                           reshape(indices, (n, c, indices.shape[2] * indices.shape[3])), axis=2)
    return reshape(flat, indices.shape)


def _max_pool2d(x: Array, kernel_size: tuple[int, int], stride: tuple[int, int],
                padding: tuple[int, int, int, int], dilation: tuple[int, int]
                ) -> tuple[Array, Array]:
    dev = x._device
    kernel = _kernel(x, "max_pool2d")
    if kernel is not None:
        o, i = kernel(x._native, kernel_size, stride, padding, dilation)
        out, idx = _new(o, x._dtype, dev), _new(i, _dtypes.int64, dev)
    else:
        with no_grad():
            out, idx = _max_pool2d_generic(x, kernel_size, stride, padding, dilation)
    if x._ag is not None and STATE.enabled:
        record("nn.max_pool2d", out, {
            "input": x, "indices": idx, "input_size": (x.shape[2], x.shape[3]),
            "kernel_size": kernel_size, "stride": stride, "padding": padding,
            "dilation": dilation})
    return out, idx


def _max_pool2d_input_grad(g: Array, indices: Array, input_size: tuple[int, int],
                           kernel_size: tuple[int, int], stride: tuple[int, int],
                           padding: tuple[int, int, int, int], dilation: tuple[int, int]
                           ) -> Array:
    dev = g._device
    kernel = _kernel(g, "max_pool2d_input_grad")
    if kernel is not None:
        out = _new(kernel(g._native, indices._native, input_size, kernel_size, stride, padding,
                          dilation), g._dtype, dev)
    else:
        with no_grad():
            out = _max_pool2d_input_grad_generic(g, indices, input_size, kernel_size, stride,
                                                 padding, dilation)
    if g._ag is not None and STATE.enabled:
        record("nn.max_pool2d_input_grad", out, {"grad": g, "indices": indices})
    return out


defvjp("nn.max_pool2d",
       input=lambda g, indices, input_size, kernel_size, stride, padding, dilation:
           _max_pool2d_input_grad(g, indices, input_size, kernel_size, stride, padding,
                                  dilation))
defvjp("nn.max_pool2d_input_grad", grad=lambda h, indices: _gather_planes(h, indices))


def _pool_geometry(x: Array, kernel_size: Any, stride: Any, padding: Any, dilation: Any,
                   ceil_mode: bool, nd: int, function: str
                   ) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
    """Kernel, stride, (before, after) padding per axis (ceil_mode as extra after-padding),
    dilation; checks PyTorch's limits."""
    k = tuple_n(kernel_size, nd, function, "kernel_size", 1)
    s = k if stride is None or (isinstance(stride, tuple | list) and not stride) else \
        tuple_n(stride, nd, function, "stride", 1)
    p = tuple_n(padding, nd, function, "padding")
    d = tuple_n(dilation, nd, function, "dilation", 1)
    pads: list[int] = []
    for i in range(nd):
        if p[i] > k[i] // 2:
            raise ValueError(f"{function}(padding): pad should be at most half of effective "
                             f"kernel size, but got pad={p[i]}, kernel_size={k[i]}")
        n = x.shape[x.ndim - nd + i]
        span = d[i] * (k[i] - 1) + 1
        if ceil_mode:
            out = -(-(n + 2 * p[i] - span) // s[i]) + 1
            if (out - 1) * s[i] >= n + p[i]:
                out -= 1     # the last window must start inside the input or the left padding
        else:
            out = (n + 2 * p[i] - span) // s[i] + 1
        if out < 1:
            raise ValueError(f"{function}: the input of size {tuple(x.shape)} is too small for "
                             f"kernel_size={k}, padding={p}, dilation={d}")
        extra = max(0, (out - 1) * s[i] + span - (n + 2 * p[i]))
        pads += [p[i], p[i] + extra]
    return k, s, tuple(pads), d


def max_pool2d(input: Array, kernel_size: Any, stride: Any = None, padding: Any = 0,
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """2-D max pooling; ``kernel_size`` an int or a (kh, kw) tuple, ``stride`` defaulting to
    it.  With ``return_indices``, also the flat H*W position of each maximum."""
    x = check_float(input, "max_pool2d")
    x, unbatched = _batched(x, 2, "max_pool2d")
    k, s, p, d = _pool_geometry(x, kernel_size, stride, padding, dilation, ceil_mode, 2,
                                "max_pool2d")
    out, idx = _max_pool2d(x, k, s, p, d)  # type: ignore[arg-type]
    if unbatched:
        out, idx = squeeze(out, axis=0), squeeze(idx, axis=0)
    return (out, idx) if return_indices else out


def max_pool1d(input: Array, kernel_size: Any, stride: Any = None, padding: Any = 0,
               dilation: Any = 1, ceil_mode: bool = False, return_indices: bool = False) -> Any:
    """1-D max pooling of (N, C, L) or (C, L) input."""
    x = check_float(input, "max_pool1d")
    x, unbatched = _batched(x, 1, "max_pool1d")
    k, s, p, d = _pool_geometry(x, kernel_size, stride, padding, dilation, ceil_mode, 1,
                                "max_pool1d")
    out, idx = _max_pool2d(expand_dims(x, axis=2), (1, k[0]), (1, s[0]), (0, 0, p[0], p[1]),
                           (1, d[0]))
    out, idx = squeeze(out, axis=2), squeeze(idx, axis=2)
    if unbatched:
        out, idx = squeeze(out, axis=0), squeeze(idx, axis=0)
    return (out, idx) if return_indices else out


def max_unpool2d(input: Array, indices: Array, kernel_size: Any, stride: Any = None,
                 padding: Any = 0, output_size: Any = None) -> Array:
    """Place each value at the input position ``indices`` names (the inverse of max_pool2d
    with ``return_indices=True``); every other position is zero."""
    x = check_float(input, "max_unpool2d")
    idx = check(indices, "max_unpool2d", "indices")
    x, unbatched = _batched(x, 2, "max_unpool2d")
    if unbatched:
        idx = expand_dims(idx, axis=0)
    k = tuple_n(kernel_size, 2, "max_unpool2d", "kernel_size", 1)
    s = k if stride is None else tuple_n(stride, 2, "max_unpool2d", "stride", 1)
    p = tuple_n(padding, 2, "max_unpool2d", "padding")
    if output_size is None:
        size = tuple((x.shape[2 + i] - 1) * s[i] - 2 * p[i] + k[i] for i in range(2))
    else:
        size = tuple(output_size)[-2:]
    n, c, ho, wo = x.shape
    from ..._ops.indexing import index_add
    flat_idx = reshape(idx + reshape(arange(n * c, device=x.device) * (size[0] * size[1]),
                                     (n, c, 1, 1)), (-1,))
    out = index_add((n * c * size[0] * size[1],), 0, flat_idx, reshape(x, (-1,)))
    out = reshape(out, (n, c, size[0], size[1]))
    return squeeze(out, axis=0) if unbatched else out


# ===================================================================== average pooling
def _avg_pool(x: Array, k: tuple[int, ...], s: tuple[int, ...], p: tuple[int, ...],
              count_include_pad: bool, divisor_override: int | None) -> Array:
    """Average pooling of batched 4-D input; ``p`` is (before, after) per axis."""
    n, c, h, w = x.shape
    kh, kw = k
    sh, sw = s
    pt, pb, pl, pr = p
    if not any(p) and (sh, sw) == (kh, kw) and h % kh == 0 and w % kw == 0:
        if divisor_override is None:     # non-overlapping windows that tile the input
            return mean(reshape(x, (n, c, h // kh, kh, w // kw, kw)), axis=(3, 5))
    flat = reshape(x, (n * c, 1, h, w))
    wt = ones((1, 1, kh, kw), dtype=x.dtype, device=x.device)
    sums = _conv2d(flat, wt, None, (sh, sw), (pt, pb, pl, pr), (1, 1), 1)
    ho, wo = sums.shape[2], sums.shape[3]
    if divisor_override is not None:
        out = sums / divisor_override
    else:
        extra = (0, pb - pt, 0, pr - pl)     # what ceil_mode added after PyTorch's padding
        if count_include_pad and not any(extra):
            out = sums / (kh * kw)
        else:
            with no_grad():
                if count_include_pad:
                    mask = ones((1, 1, h + 2 * pt, w + 2 * pl), dtype=x.dtype, device=x.device)
                    div = _conv2d(mask, wt, None, (sh, sw), extra, (1, 1), 1)  # type: ignore[arg-type]
                else:
                    mask = ones((1, 1, h, w), dtype=x.dtype, device=x.device)
                    div = _conv2d(mask, wt, None, (sh, sw), (pt, pb, pl, pr), (1, 1), 1)
            out = sums / div
    return reshape(out, (n, c, ho, wo))


def avg_pool2d(input: Array, kernel_size: Any, stride: Any = None, padding: Any = 0,
               ceil_mode: bool = False, count_include_pad: bool = True,
               divisor_override: int | None = None) -> Array:
    """2-D average pooling (PyTorch's ``count_include_pad`` and ``divisor_override``)."""
    x = check_float(input, "avg_pool2d")
    x, unbatched = _batched(x, 2, "avg_pool2d")
    k, s, p, _ = _pool_geometry(x, kernel_size, stride, padding, 1, ceil_mode, 2, "avg_pool2d")
    if divisor_override is not None and (type(divisor_override) is not int or
                                         divisor_override == 0):
        raise ValueError(f"avg_pool2d(divisor_override): expected a non-zero int, got "
                         f"{divisor_override!r}")
    out = _avg_pool(x, k, s, p, count_include_pad, divisor_override)
    return squeeze(out, axis=0) if unbatched else out


def avg_pool1d(input: Array, kernel_size: Any, stride: Any = None, padding: Any = 0,
               ceil_mode: bool = False, count_include_pad: bool = True) -> Array:
    """1-D average pooling of (N, C, L) or (C, L) input."""
    x = check_float(input, "avg_pool1d")
    x, unbatched = _batched(x, 1, "avg_pool1d")
    k, s, p, _ = _pool_geometry(x, kernel_size, stride, padding, 1, ceil_mode, 1, "avg_pool1d")
    out = _avg_pool(expand_dims(x, axis=2), (1, k[0]), (1, s[0]), (0, 0, p[0], p[1]),
                    count_include_pad, None)
    out = squeeze(out, axis=2)
    return squeeze(out, axis=0) if unbatched else out


# ===================================================================== adaptive pooling
def _adaptive_bounds(n: int, out: int) -> list[tuple[int, int]]:
    # PyTorch: start = floor(i * n / out), end = ceil((i + 1) * n / out)
    return [((i * n) // out, -(-((i + 1) * n) // out)) for i in range(out)]


def _adaptive(x: Array, output_size: tuple[int, int], reduce: Any) -> Array:
    n, c, h, w = x.shape
    oh, ow = output_size
    if h % oh == 0 and w % ow == 0:
        return reduce(reshape(x, (n, c, oh, h // oh, ow, w // ow)), axis=(3, 5))
    rows = stack([reduce(x[:, :, a:b, :], axis=2) for a, b in _adaptive_bounds(h, oh)], axis=2)
    return stack([reduce(rows[:, :, :, a:b], axis=3) for a, b in _adaptive_bounds(w, ow)],
                 axis=3)


def _adaptive_size(x: Array, output_size: Any, nd: int, function: str) -> tuple[int, ...]:
    if isinstance(output_size, tuple | list):
        sizes = tuple(x.shape[x.ndim - nd + i] if v is None else v
                      for i, v in enumerate(output_size))
    else:
        sizes = (output_size,) * nd
    return tuple_n(sizes, nd, function, "output_size", 1)


def adaptive_avg_pool2d(input: Array, output_size: Any) -> Array:
    """Average pooling to a fixed output size (None keeps an axis' size)."""
    x = check_float(input, "adaptive_avg_pool2d")
    x, unbatched = _batched(x, 2, "adaptive_avg_pool2d")
    size = _adaptive_size(x, output_size, 2, "adaptive_avg_pool2d")
    out = _adaptive(x, size, mean)  # type: ignore[arg-type]
    return squeeze(out, axis=0) if unbatched else out


def adaptive_avg_pool1d(input: Array, output_size: Any) -> Array:
    """1-D average pooling to a fixed output length."""
    x = check_float(input, "adaptive_avg_pool1d")
    x, unbatched = _batched(x, 1, "adaptive_avg_pool1d")
    size = _adaptive_size(x, output_size, 1, "adaptive_avg_pool1d")
    out = squeeze(_adaptive(expand_dims(x, axis=2), (1, size[0]), mean), axis=2)
    return squeeze(out, axis=0) if unbatched else out


def adaptive_max_pool2d(input: Array, output_size: Any) -> Array:
    """Max pooling to a fixed output size (ties share the gradient, as gradarray.max)."""
    x = check_float(input, "adaptive_max_pool2d")
    x, unbatched = _batched(x, 2, "adaptive_max_pool2d")
    size = _adaptive_size(x, output_size, 2, "adaptive_max_pool2d")
    out = _adaptive(x, size, _max)  # type: ignore[arg-type]
    return squeeze(out, axis=0) if unbatched else out


def adaptive_max_pool1d(input: Array, output_size: Any) -> Array:
    """1-D max pooling to a fixed output length."""
    x = check_float(input, "adaptive_max_pool1d")
    x, unbatched = _batched(x, 1, "adaptive_max_pool1d")
    size = _adaptive_size(x, output_size, 1, "adaptive_max_pool1d")
    out = squeeze(_adaptive(expand_dims(x, axis=2), (1, size[0]), _max), axis=2)
    return squeeze(out, axis=0) if unbatched else out


# ===================================================================== padding
def pad(input: Array, pad: Any, mode: str = "constant", value: float | None = None) -> Array:
    """Pad the last ``len(pad) // 2`` axes: ``pad = (left, right, top, bottom, ...)``, last
    axis first, as PyTorch.  Modes: constant (negative pads crop), reflect, replicate,
    circular; differentiable in every mode."""
    x = check(input, "pad")
    if not isinstance(pad, tuple | list) or len(pad) % 2 or len(pad) // 2 > x.ndim:
        raise ValueError(f"pad(pad): expected an even number of ints, at most 2 per axis, got "
                         f"{pad!r}")
    widths = tuple_n(tuple(pad), len(pad), "pad", "pad", -(1 << 62)) if pad else ()
    if mode not in ("constant", "reflect", "replicate", "circular"):
        raise ValueError(f"pad(mode): expected 'constant', 'reflect', 'replicate' or "
                         f"'circular', got {mode!r}")
    if mode != "constant" and value:
        raise ValueError(f"pad(value): only mode='constant' takes a fill value, got mode={mode!r}")
    fill = 0.0 if value is None else value
    for k in range(len(widths) // 2):
        axis = x.ndim - 1 - k
        before, after = widths[2 * k], widths[2 * k + 1]
        x = _pad_axis(x, axis, before, after, mode, fill)
    return x


def _pad_axis(x: Array, axis: int, before: int, after: int, mode: str, fill: Any) -> Array:
    n = x.shape[axis]

    def part(a: int | None, b: int | None) -> Array:
        key = [slice(None)] * x.ndim
        key[axis] = slice(a, b)
        return x[tuple(key)]

    if mode == "constant":
        if before < 0:
            x = part(-before, None)
            before = 0
        if after < 0:
            x = part(None, x.shape[axis] + after)
            after = 0
        pieces = []
        for width in (before, None, after):
            if width is None:
                pieces.append(x)
            elif width:
                shape = list(x.shape)
                shape[axis] = width
                if type(fill) is float and x.dtype.kind not in "fc":
                    raise TypeError(f"pad(value): a float fill needs a floating-point input, "
                                    f"got {x.dtype.name}")
                pieces.append(full(tuple(shape), fill, dtype=x.dtype, device=x.device))
        return concat(pieces, axis=axis) if len(pieces) > 1 else x
    if before < 0 or after < 0:
        raise ValueError("pad: negative padding is only supported with mode='constant'")
    if mode == "reflect":
        if before >= n or after >= n:
            raise ValueError(f"pad: padding ({before}, {after}) should be smaller than the "
                             f"input's size {n} along axis {axis} for mode='reflect'")
        pieces = [flip(part(1, before + 1), axis=axis)] if before else []
        pieces.append(x)
        if after:
            pieces.append(flip(part(n - after - 1, n - 1), axis=axis))
    elif mode == "replicate":
        pieces = []
        if before:
            edge = part(0, 1)
            pieces.append(broadcast_to(edge, _with(edge.shape, axis, before)))
        pieces.append(x)
        if after:
            edge = part(n - 1, n)
            pieces.append(broadcast_to(edge, _with(edge.shape, axis, after)))
    else:  # circular
        if before > n or after > n:
            raise ValueError(f"pad: padding ({before}, {after}) should be at most the input's "
                             f"size {n} along axis {axis} for mode='circular'")
        pieces = ([part(n - before, n)] if before else []) + [x] + \
            ([part(0, after)] if after else [])
    return concat(pieces, axis=axis) if len(pieces) > 1 else x


def _with(shape: tuple[int, ...], axis: int, size: int) -> tuple[int, ...]:
    s = list(shape)
    s[axis] = size
    return tuple(s)
