"""SGD, Adam, AdamW, RMSprop, Adagrad: PyTorch's update rules, in place and unrecorded."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from .._array import Array
from .._ops.creation import asarray, full_like, zeros_like
from .._ops.elementwise import imag, maximum, real, sqrt
from ..autograd.grad_mode import no_grad
from ._optimizer import Optimizer, check_float, params_with_grad, required

__all__ = ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"]


def _copy(x: Array) -> Array:
    return asarray(x, copy=True)


# A complex parameter is optimized as PyTorch does it, as its real view: the real and the
# imaginary parts are two real parameters with their own statistics.  Linear updates are the
# same either way; the non-linear steps below (square, root, quotient, maximum, adding eps)
# apply to each part separately (g * g of a complex g would mix them).
def _parts(f: Callable[..., Array], *xs: Array) -> Array:
    """``f`` of real arrays, or of the real and imaginary parts of complex ones."""
    if xs[0]._dtype.kind != "c":
        return f(*xs)
    return f(*map(real, xs)) + f(*map(imag, xs)) * 1j


def _square(x: Array) -> Array:
    return _parts(lambda a: a * a, x)


def _root(x: Array, eps: float, scale: float = 1.0) -> Array:
    """``sqrt(x) * scale + eps``, part by part."""
    if scale == 1.0:
        return _parts(lambda a: sqrt(a) + eps, x)
    return _parts(lambda a: sqrt(a) * scale + eps, x)


def _ratio(x: Array, y: Array) -> Array:
    return _parts(lambda a, b: a / b, x, y)


class SGD(Optimizer):
    """Stochastic gradient descent, with momentum (and Nesterov), dampening, weight decay.

    ``buf = momentum * buf + (1 - dampening) * g``;  ``p -= lr * buf`` (or with Nesterov,
    ``p -= lr * (g + momentum * buf)``), where ``g`` includes ``weight_decay * p``.
    """

    def __init__(self, params: Iterable[Any], lr: float = 1e-3, momentum: float = 0,
                 dampening: float = 0, weight_decay: float = 0, nesterov: bool = False, *,
                 maximize: bool = False) -> None:
        if lr is not required:
            check_float(lr, "learning rate")
        check_float(momentum, "momentum value")
        check_float(weight_decay, "weight_decay value")
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError("Nesterov momentum requires a momentum and zero dampening")
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening,
                                      weight_decay=weight_decay, nesterov=nesterov,
                                      maximize=maximize))

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                lr = group["lr"]
                momentum = group["momentum"]
                dampening = group["dampening"]
                wd = group["weight_decay"]
                for p, g in params_with_grad(group):
                    if group["maximize"]:
                        g = -g
                    if wd:
                        g = g + p * wd
                    if momentum:
                        state = self.state.setdefault(p, {})
                        buf = state.get("momentum_buffer")
                        if buf is None:
                            buf = state["momentum_buffer"] = _copy(g)
                        else:
                            buf *= momentum
                            buf += g * (1 - dampening) if dampening else g
                        g = g + buf * momentum if group["nesterov"] else buf
                    p -= g * lr
        return loss


class Adam(Optimizer):
    """Adam (Kingma and Ba), with PyTorch's bias corrections, L2 ``weight_decay`` and
    ``amsgrad``."""

    _decoupled = False

    def __init__(self, params: Iterable[Any], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0, amsgrad: bool = False, *, maximize: bool = False
                 ) -> None:
        check_float(lr, "learning rate")
        check_float(eps, "epsilon value")
        if not isinstance(betas, tuple | list) or len(betas) != 2 or not all(
                isinstance(b, int | float) and not isinstance(b, bool) for b in betas):
            raise TypeError(f"Invalid betas: expected a pair of numbers, got {betas!r}")
        if not 0.0 <= betas[0] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 0: {betas[0]}")
        if not 0.0 <= betas[1] < 1.0:
            raise ValueError(f"Invalid beta parameter at index 1: {betas[1]}")
        check_float(weight_decay, "weight_decay value")
        super().__init__(params, dict(lr=lr, betas=tuple(betas), eps=eps,
                                      weight_decay=weight_decay, amsgrad=amsgrad,
                                      maximize=maximize))

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                lr = group["lr"]
                beta1, beta2 = group["betas"]
                eps = group["eps"]
                wd = group["weight_decay"]
                for p, g in params_with_grad(group):
                    if group["maximize"]:
                        g = -g
                    state = self.state.setdefault(p, {})
                    if not state:
                        state["step"] = 0
                        state["exp_avg"] = zeros_like(p)
                        state["exp_avg_sq"] = zeros_like(p)
                        if group["amsgrad"]:
                            state["max_exp_avg_sq"] = zeros_like(p)
                    state["step"] += 1
                    step = state["step"]
                    if wd:
                        if self._decoupled:
                            p *= 1 - lr * wd
                        else:
                            g = g + p * wd
                    m = state["exp_avg"]
                    v = state["exp_avg_sq"]
                    m *= beta1
                    m += g * (1 - beta1)
                    v *= beta2
                    v += _square(g) * (1 - beta2)
                    bc1 = 1 - beta1 ** step
                    bc2_sqrt = math.sqrt(1 - beta2 ** step)
                    if group["amsgrad"]:
                        v = state["max_exp_avg_sq"] = _parts(maximum, state["max_exp_avg_sq"], v)
                    denom = _root(v, eps, 1 / bc2_sqrt)
                    p -= _ratio(m, denom) * (lr / bc1)
        return loss


class AdamW(Adam):
    """Adam with decoupled weight decay (Loshchilov and Hutter): ``p *= 1 - lr * wd`` before
    the Adam step; ``weight_decay`` defaults to 1e-2."""

    _decoupled = True

    def __init__(self, params: Iterable[Any], lr: float = 1e-3,
                 betas: tuple[float, float] = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 1e-2, amsgrad: bool = False, *, maximize: bool = False
                 ) -> None:
        super().__init__(params, lr, betas, eps, weight_decay, amsgrad, maximize=maximize)


class RMSprop(Optimizer):
    """RMSprop (Hinton): divide by a running root-mean-square of the gradients; optional
    momentum and centring."""

    def __init__(self, params: Iterable[Any], lr: float = 1e-2, alpha: float = 0.99,
                 eps: float = 1e-8, weight_decay: float = 0, momentum: float = 0,
                 centered: bool = False, *, maximize: bool = False) -> None:
        check_float(lr, "learning rate")
        check_float(eps, "epsilon value")
        check_float(momentum, "momentum value")
        check_float(weight_decay, "weight_decay value")
        check_float(alpha, "alpha value")
        super().__init__(params, dict(lr=lr, alpha=alpha, eps=eps, weight_decay=weight_decay,
                                      momentum=momentum, centered=centered, maximize=maximize))

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                lr, alpha, eps = group["lr"], group["alpha"], group["eps"]
                wd, momentum = group["weight_decay"], group["momentum"]
                for p, g in params_with_grad(group):
                    if group["maximize"]:
                        g = -g
                    state = self.state.setdefault(p, {})
                    if not state:
                        state["step"] = 0
                        state["square_avg"] = zeros_like(p)
                        if momentum > 0:
                            state["momentum_buffer"] = zeros_like(p)
                        if group["centered"]:
                            state["grad_avg"] = zeros_like(p)
                    state["step"] += 1
                    if wd:
                        g = g + p * wd
                    sq = state["square_avg"]
                    sq *= alpha
                    sq += _square(g) * (1 - alpha)
                    if group["centered"]:
                        ga = state["grad_avg"]
                        ga *= alpha
                        ga += g * (1 - alpha)
                        avg = _root(sq - _square(ga), eps)
                    else:
                        avg = _root(sq, eps)
                    if momentum > 0:
                        buf = state["momentum_buffer"]
                        buf *= momentum
                        buf += _ratio(g, avg)
                        p -= buf * lr
                    else:
                        p -= _ratio(g, avg) * lr
        return loss


class Adagrad(Optimizer):
    """Adagrad (Duchi et al.): divide by the root of the summed squared gradients."""

    def __init__(self, params: Iterable[Any], lr: float = 1e-2, lr_decay: float = 0,
                 weight_decay: float = 0, initial_accumulator_value: float = 0,
                 eps: float = 1e-10, *, maximize: bool = False) -> None:
        check_float(lr, "learning rate")
        check_float(lr_decay, "lr_decay value")
        check_float(weight_decay, "weight_decay value")
        check_float(initial_accumulator_value, "initial_accumulator_value value")
        check_float(eps, "epsilon value")
        super().__init__(params, dict(lr=lr, lr_decay=lr_decay, eps=eps,
                                      weight_decay=weight_decay,
                                      initial_accumulator_value=initial_accumulator_value,
                                      maximize=maximize))
        for group in self.param_groups:
            for p in group["params"]:
                self.state[p] = {"step": 0, "sum": full_like(
                    p, float(group["initial_accumulator_value"]))}

    def step(self, closure: Callable[[], Any] | None = None) -> Any:
        loss = self._closure_loss(closure)
        with no_grad():
            for group in self.param_groups:
                for p, g in params_with_grad(group):
                    if group["maximize"]:
                        g = -g
                    state = self.state.setdefault(p, {"step": 0, "sum": zeros_like(p)})
                    state["step"] += 1
                    if group["weight_decay"]:
                        g = g + p * group["weight_decay"]
                    clr = group["lr"] / (1 + (state["step"] - 1) * group["lr_decay"])
                    s = state["sum"]
                    s += _square(g)
                    p -= _ratio(g, _root(s, group["eps"])) * clr
        return loss
