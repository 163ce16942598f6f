"""Parameter initialisation (``gradarray.nn.init``), with PyTorch's formulas and defaults.

Every function fills its array in place, without recording, from ``gradarray.random`` (seed
it with ``gradarray.manual_seed`` or pass a ``generator``) and returns it.
"""

from __future__ import annotations

import math
from typing import Any

from ._functional._util import check
from .._array import Array
from ..autograd.grad_mode import no_grad

__all__ = ["calculate_gain", "uniform_", "normal_", "trunc_normal_", "constant_", "ones_",
           "zeros_", "eye_", "dirac_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_",
           "kaiming_normal_", "orthogonal_"]

_LINEAR = ("linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d",
           "conv_transpose3d")


def calculate_gain(nonlinearity: str, param: float | None = None) -> float:
    """The recommended gain for an activation (PyTorch's table): linear and sigmoid 1, tanh 5/3,
    relu sqrt(2), leaky_relu sqrt(2 / (1 + slope^2)), selu 3/4."""
    if nonlinearity in _LINEAR or nonlinearity == "sigmoid":
        return 1.0
    if nonlinearity == "tanh":
        return 5.0 / 3
    if nonlinearity == "relu":
        return math.sqrt(2.0)
    if nonlinearity == "leaky_relu":
        if param is None:
            slope = 0.01
        elif type(param) in (int, float):
            slope = float(param)
        else:
            raise ValueError(f"negative_slope {param} not a valid number")
        return math.sqrt(2.0 / (1 + slope ** 2))
    if nonlinearity == "selu":
        return 3.0 / 4
    raise ValueError(f"Unsupported nonlinearity {nonlinearity}")


def _fill(tensor: Array, values: Any) -> Array:
    with no_grad():
        tensor[...] = values
    return tensor


def _float(tensor: Any, function: str) -> Array:
    t = check(tensor, function, "tensor")
    if t.dtype.kind not in "fc":
        raise TypeError(f"{function}(tensor): expected a floating-point array, got {t.dtype}")
    return t


def uniform_(tensor: Array, a: float = 0.0, b: float = 1.0, generator: Any = None) -> Array:
    """Fill with samples of U(a, b)."""
    from .. import random
    t = _float(tensor, "uniform_")
    return _fill(t, random.uniform(a, b, t.shape, dtype=t.dtype, device=t.device,
                                   generator=generator))


def normal_(tensor: Array, mean: float = 0.0, std: float = 1.0, generator: Any = None) -> Array:
    """Fill with samples of N(mean, std^2)."""
    from .. import random
    t = _float(tensor, "normal_")
    return _fill(t, random.normal(float(mean), float(std), t.shape, dtype=t.dtype,
                                  device=t.device, generator=generator))


def trunc_normal_(tensor: Array, mean: float = 0.0, std: float = 1.0, a: float = -2.0,
                  b: float = 2.0, generator: Any = None) -> Array:
    """Fill with samples of N(mean, std^2) restricted to [a, b] (redrawing those outside)."""
    from .. import random
    from .._ops.searching import where
    from .._ops.utility import any as any_
    t = _float(tensor, "trunc_normal_")
    if not a < b:
        raise ValueError(f"trunc_normal_(a, b): expected a < b, got {a} and {b}")
    with no_grad():
        vals = random.normal(float(mean), float(std), t.shape, dtype=t.dtype, device=t.device,
                             generator=generator)
        for _ in range(1000):
            bad = (vals < a) | (vals > b)
            if not bool(any_(bad)):
                break
            fresh = random.normal(float(mean), float(std), t.shape, dtype=t.dtype,
                                  device=t.device, generator=generator)
            vals = where(bad, fresh, vals)
        else:
            from .._ops.elementwise import clip
            vals = clip(vals, min=float(a), max=float(b))
    return _fill(t, vals)


def constant_(tensor: Array, val: float) -> Array:
    """Fill with ``val``."""
    t = check(tensor, "constant_", "tensor")
    return _fill(t, val if t.dtype.kind in "fc" or type(val) is not float else val)


def ones_(tensor: Array) -> Array:
    """Fill with ones."""
    return _fill(check(tensor, "ones_", "tensor"), 1)


def zeros_(tensor: Array) -> Array:
    """Fill with zeros."""
    return _fill(check(tensor, "zeros_", "tensor"), 0)


def eye_(tensor: Array) -> Array:
    """Fill a 2-D array with the identity (ones on the diagonal)."""
    from .._ops.creation import eye
    t = check(tensor, "eye_", "tensor")
    if t.ndim != 2:
        raise ValueError("Only tensors with 2 dimensions are supported")
    return _fill(t, eye(t.shape[0], t.shape[1], dtype=t.dtype, device=t.device))


def dirac_(tensor: Array, groups: int = 1) -> Array:
    """Fill a 3-, 4- or 5-D convolution weight so the convolution is the identity (per group)."""
    from .._ops.creation import zeros
    t = check(tensor, "dirac_", "tensor")
    if t.ndim not in (3, 4, 5):
        raise ValueError("Only tensors with 3, 4, or 5 dimensions are supported")
    out_per = t.shape[0] // groups
    min_dim = min(out_per, t.shape[1])
    w = zeros(t.shape, dtype=t.dtype, device=t.device)
    centre = tuple(s // 2 for s in t.shape[2:])
    for g in range(groups):
        for d in range(min_dim):
            w[(g * out_per + d, d) + centre] = 1
    return _fill(t, w)


def _fans(t: Array, function: str) -> tuple[int, int]:
    if t.ndim < 2:
        raise ValueError(f"{function}: Fan in and fan out can not be computed for tensor with "
                         f"fewer than 2 dimensions")
    receptive = 1
    for s in t.shape[2:]:
        receptive *= s
    return t.shape[1] * receptive, t.shape[0] * receptive


def _calculate_fan_in_and_fan_out(tensor: Array) -> tuple[int, int]:
    return _fans(check(tensor, "_calculate_fan_in_and_fan_out", "tensor"),
                 "_calculate_fan_in_and_fan_out")


def xavier_uniform_(tensor: Array, gain: float = 1.0, generator: Any = None) -> Array:
    """Glorot and Bengio: U(-a, a) with ``a = gain * sqrt(6 / (fan_in + fan_out))``."""
    t = _float(tensor, "xavier_uniform_")
    fan_in, fan_out = _fans(t, "xavier_uniform_")
    a = gain * math.sqrt(6.0 / float(fan_in + fan_out))
    return uniform_(t, -a, a, generator)


def xavier_normal_(tensor: Array, gain: float = 1.0, generator: Any = None) -> Array:
    """Glorot and Bengio: N(0, std^2) with ``std = gain * sqrt(2 / (fan_in + fan_out))``."""
    t = _float(tensor, "xavier_normal_")
    fan_in, fan_out = _fans(t, "xavier_normal_")
    return normal_(t, 0.0, gain * math.sqrt(2.0 / float(fan_in + fan_out)), generator)


def _kaiming_std(t: Array, a: float, mode: str, nonlinearity: str, function: str) -> float:
    if mode not in ("fan_in", "fan_out"):
        raise ValueError(f"Mode {mode} not supported, please use one of fan_in, fan_out")
    fan_in, fan_out = _fans(t, function)
    fan = fan_in if mode == "fan_in" else fan_out
    if fan == 0:
        return 0.0
    return calculate_gain(nonlinearity, a) / math.sqrt(fan)


def kaiming_uniform_(tensor: Array, a: float = 0, mode: str = "fan_in",
                     nonlinearity: str = "leaky_relu", generator: Any = None) -> Array:
    """He et al.: U(-b, b) with ``b = gain * sqrt(3 / fan)``."""
    t = _float(tensor, "kaiming_uniform_")
    if 0 in t.shape:
        return t
    bound = math.sqrt(3.0) * _kaiming_std(t, a, mode, nonlinearity, "kaiming_uniform_")
    return uniform_(t, -bound, bound, generator)


def kaiming_normal_(tensor: Array, a: float = 0, mode: str = "fan_in",
                    nonlinearity: str = "leaky_relu", generator: Any = None) -> Array:
    """He et al.: N(0, std^2) with ``std = gain / sqrt(fan)``."""
    t = _float(tensor, "kaiming_normal_")
    if 0 in t.shape:
        return t
    return normal_(t, 0.0, _kaiming_std(t, a, mode, nonlinearity, "kaiming_normal_"), generator)


def orthogonal_(tensor: Array, gain: float = 1.0, generator: Any = None) -> Array:
    """A (semi-)orthogonal matrix (Saxe et al.), from the QR decomposition of a normal sample."""
    from .. import linalg, random
    from .._ops.elementwise import sign
    from .._ops.manipulation import reshape
    t = _float(tensor, "orthogonal_")
    if t.ndim < 2:
        raise ValueError("Only tensors with 2 or more dimensions are supported")
    if t.size == 0:
        return t
    rows = t.shape[0]
    cols = t.size // rows
    with no_grad():
        flat = random.normal(0.0, 1.0, (rows, cols), dtype=t.dtype, device=t.device,
                             generator=generator)
        if rows < cols:
            flat = flat.T
        q, r = linalg.qr(flat)
        d = sign(linalg.diagonal(r))
        q = q * reshape(d, (1, -1))
        if rows < cols:
            q = q.T
        return _fill(t, reshape(q, t.shape) * gain)
