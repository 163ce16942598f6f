"""Normalisation: ``batch_norm``, ``layer_norm``, ``group_norm``, ``instance_norm`` (compositions
of standard functions; their gradients come from the tape)."""

from __future__ import annotations

from typing import Any

from ..._array import Array
from ..._ops.data_types import finfo
from ..._ops.elementwise import sqrt
from ..._ops.manipulation import reshape
from ..._ops.statistical import mean, var
from ...autograd.grad_mode import no_grad
from ._util import check_float, number

__all__ = ["batch_norm", "layer_norm", "rms_norm", "group_norm", "instance_norm"]


def _like(value: Array, buffer: Array) -> Array:
    """A batch statistic in the running buffer's dtype (the input may be wider)."""
    from ..._ops.data_types import astype
    value = value.detach()
    return value if value.dtype == buffer.dtype else astype(value, buffer.dtype)


def _channel_shape(x: Array) -> tuple[int, ...]:
    return (1, x.shape[1]) + (1,) * (x.ndim - 2)


def _affine(y: Array, weight: Array | None, bias: Array | None, shape: tuple[int, ...]) -> Array:
    if weight is not None:
        y = y * reshape(weight, shape)
    if bias is not None:
        y = y + reshape(bias, shape)
    return y


def batch_norm(input: Array, running_mean: Array | None, running_var: Array | None,
               weight: Array | None = None, bias: Array | None = None, training: bool = False,
               momentum: float = 0.1, eps: float = 1e-5) -> Array:
    """Normalise each channel (axis 1) by the batch statistics (``training``) or by the running
    ones; in training, the running statistics are updated in place (unbiased variance)."""
    x = check_float(input, "batch_norm")
    if x.ndim < 2:
        raise ValueError(f"batch_norm(input): expected at least 2-D input (N, C, ...), got "
                         f"shape {x.shape}")
    c = x.shape[1]
    for name, a in (("running_mean", running_mean), ("running_var", running_var),
                    ("weight", weight), ("bias", bias)):
        if a is not None and tuple(a.shape) != (c,):
            raise ValueError(f"batch_norm({name}): expected shape ({c},), got {a.shape}")
    axes = (0,) + tuple(range(2, x.ndim))
    shape = _channel_shape(x)
    if training:
        n = x.size // c if c else 0
        if n <= 1:
            raise ValueError(f"Expected more than 1 value per channel when training, got input "
                             f"size {tuple(x.shape)}")
        mu = mean(x, axis=axes, keepdims=True)
        sigma2 = var(x, axis=axes, keepdims=True)
        if running_mean is not None or running_var is not None:
            with no_grad():
                if running_mean is not None:
                    running_mean *= 1.0 - momentum
                    running_mean += _like(reshape(mu, (c,)), running_mean) * momentum
                if running_var is not None:
                    running_var *= 1.0 - momentum
                    running_var += _like(reshape(sigma2, (c,)), running_var) * (
                        momentum * n / (n - 1))
    else:
        if running_mean is None or running_var is None:
            raise ValueError("batch_norm: running_mean and running_var are required when not "
                             "training")
        mu = reshape(running_mean, shape)
        sigma2 = reshape(running_var, shape)
    y = (x - mu) / sqrt(sigma2 + eps)
    return _affine(y, weight, bias, shape)


def _normalized_axes(x: Array, normalized_shape: Any, function: str) -> tuple[int, ...]:
    ns = (normalized_shape,) if isinstance(normalized_shape, int) else tuple(normalized_shape)
    k = len(ns)
    if k == 0 or x.ndim < k or tuple(x.shape[x.ndim - k:]) != ns:
        raise ValueError(f"{function}: given normalized_shape={list(ns)}, expected input with "
                         f"shape [*, {', '.join(map(str, ns))}], but got input of size "
                         f"{list(x.shape)}")
    return tuple(range(x.ndim - k, x.ndim))


def layer_norm(input: Array, normalized_shape: Any, weight: Array | None = None,
               bias: Array | None = None, eps: float = 1e-5) -> Array:
    """Normalise over the trailing ``normalized_shape`` axes of each sample."""
    x = check_float(input, "layer_norm")
    axes = _normalized_axes(x, normalized_shape, "layer_norm")
    mu = mean(x, axis=axes, keepdims=True)
    sigma2 = var(x, axis=axes, keepdims=True)
    y = (x - mu) / sqrt(sigma2 + eps)
    if weight is not None:
        y = y * weight
    if bias is not None:
        y = y + bias
    return y


def rms_norm(input: Array, normalized_shape: Any, weight: Array | None = None,
             eps: float | None = None) -> Array:
    """Divide by the root mean square over the trailing ``normalized_shape`` axes (Zhang and
    Sennrich), then scale by ``weight``; ``eps`` defaults to the machine epsilon of the
    input's dtype, as in PyTorch."""
    x = check_float(input, "rms_norm")
    axes = _normalized_axes(x, normalized_shape, "rms_norm")
    e = finfo(x.dtype).eps if eps is None else number(eps, "rms_norm", "eps")
    y = x / sqrt(mean(x * x, axis=axes, keepdims=True) + e)
    return y * weight if weight is not None else y


def group_norm(input: Array, num_groups: int, weight: Array | None = None,
               bias: Array | None = None, eps: float = 1e-5) -> Array:
    """Normalise each group of ``C / num_groups`` channels of each sample."""
    x = check_float(input, "group_norm")
    if x.ndim < 2:
        raise ValueError(f"group_norm(input): expected at least 2-D input, got {x.shape}")
    n, c = x.shape[0], x.shape[1]
    if type(num_groups) is not int or num_groups < 1 or c % num_groups:
        raise ValueError(f"group_norm(num_groups): expected a divisor of the {c} channels, got "
                         f"{num_groups!r}")
    g = reshape(x, (n, num_groups, -1))
    mu = mean(g, axis=2, keepdims=True)
    sigma2 = var(g, axis=2, keepdims=True)
    y = reshape((g - mu) / sqrt(sigma2 + eps), x.shape)
    return _affine(y, weight, bias, _channel_shape(x))


def instance_norm(input: Array, running_mean: Array | None = None,
                  running_var: Array | None = None, weight: Array | None = None,
                  bias: Array | None = None, use_input_stats: bool = True,
                  momentum: float = 0.1, eps: float = 1e-5) -> Array:
    """Normalise each channel of each sample over its spatial axes."""
    x = check_float(input, "instance_norm")
    if x.ndim < 3:
        raise ValueError(f"instance_norm(input): expected (N, C, ...) with spatial axes, got "
                         f"{x.shape}")
    axes = tuple(range(2, x.ndim))
    shape = _channel_shape(x)
    if use_input_stats:
        mu = mean(x, axis=axes, keepdims=True)
        sigma2 = var(x, axis=axes, keepdims=True)
        if running_mean is not None and running_var is not None:
            n = 1
            for a in axes:
                n *= x.shape[a]
            with no_grad():
                running_mean *= 1.0 - momentum
                running_mean += _like(mean(reshape(mu, x.shape[:2]), axis=0),
                                      running_mean) * momentum
                running_var *= 1.0 - momentum
                running_var += _like(mean(reshape(sigma2, x.shape[:2]), axis=0), running_var) * (
                    momentum * n / max(n - 1, 1))
    else:
        if running_mean is None or running_var is None:
            raise ValueError("instance_norm: running statistics are required when "
                             "use_input_stats=False")
        mu = reshape(running_mean, shape)
        sigma2 = reshape(running_var, shape)
    y = (x - mu) / sqrt(sigma2 + eps)
    return _affine(y, weight, bias, shape)
