"""Check derivative rules against central finite differences.

For a random cotangent ``u`` the rules give ``grad_x = vjp(u)``; for every element ``j`` of
every input that requires grad, the directional derivative of ``Re <u, f(x + t e_j)>`` at
``t = 0`` must equal ``Re grad_x[j]`` (and ``Im grad_x[j]`` along ``1j * e_j`` for complex
inputs), which is PyTorch's conjugate-Wirtinger convention.  A failure names the input, the
element, and both values.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from typing import Any

from .grad_mode import enable_grad, no_grad

__all__ = ["gradcheck", "gradgradcheck", "GradcheckError"]


class GradcheckError(RuntimeError):
    """A derivative rule disagrees with finite differences."""


def _arrays(inputs: Any) -> tuple[Any, ...]:
    from .._array import Array
    if isinstance(inputs, Array):
        return (inputs,)
    return tuple(inputs)


def _outputs(fn: Callable[..., Any], inputs: Sequence[Any], function: str = "gradcheck"
             ) -> list[Any]:
    from .._array import Array
    out = fn(*inputs)
    if isinstance(out, Array):
        return [out]
    if not isinstance(out, tuple | list):
        raise TypeError(f"{function}(fn): fn returned {type(out).__name__}; expected an array "
                        f"or a tuple of arrays")
    return [o for o in out if isinstance(o, Array)]


def _check_args(function: str, fn: Any, eps: Any, atol: Any, rtol: Any) -> None:
    if not callable(fn):
        raise TypeError(f"{function}(fn): expected a callable, got {type(fn).__name__}")
    for name, v, low in (("eps", eps, 0.0), ("atol", atol, -1.0), ("rtol", rtol, -1.0)):
        if type(v) not in (int, float) or not (v > low if name == "eps" else v >= 0):
            raise ValueError(f"{function}({name}): expected a "
                             f"{'positive' if name == 'eps' else 'non-negative'} number, "
                             f"got {v!r}")


def _random_like(x: Any, rng: random.Random) -> Any:
    from .._ops.creation import asarray
    from .._ops.manipulation import reshape
    n = x.size
    if x._dtype.kind == "c":
        vals: list[Any] = [complex(rng.uniform(-1, 1), rng.uniform(-1, 1)) for _ in range(n)]
    else:
        vals = [rng.uniform(-1, 1) for _ in range(n)]
    return reshape(asarray(vals, dtype=x._dtype, device=x._device), x.shape)


def _pairing(us: Sequence[Any], outs: Sequence[Any]) -> float:
    """Re <u, out> summed over the outputs, as a Python float."""
    from .._ops.elementwise import conj, real
    from .._ops.statistical import sum
    total = 0.0
    for u, o in zip(us, outs):
        if o._dtype.kind not in "fc":
            continue
        p = conj(u) * o if o._dtype.kind == "c" or u._dtype.kind == "c" else u * o
        total += float(sum(real(p) if p._dtype.kind == "c" else p))
    return total


def gradcheck(fn: Callable[..., Any], inputs: Any, *, eps: float = 1e-6, atol: float = 1e-5,
              rtol: float = 1e-3, raise_exception: bool = True, fast_mode: bool = False,
              seed: int = 0) -> bool:
    """Whether ``fn``'s gradients match central finite differences at ``inputs``.

    Inputs that require grad should be float64 or complex128.  Every element of every such
    input is perturbed (``fast_mode=True``: one random direction per input, checked with one
    pair of evaluations, falling back to elements to name a failure).  On a mismatch, raises
    GradcheckError naming the input, the element, the analytic and the numeric value (or
    returns False with ``raise_exception=False``).

    >>> import gradarray as xp
    >>> x = xp.asarray([0.5, 1.5], dtype=xp.float64, requires_grad=True)
    >>> xp.autograd.gradcheck(xp.sin, [x])
    True
    """
    from .._array import Array
    from . import grad
    _check_args("gradcheck", fn, eps, atol, rtol)
    rng = random.Random(seed)
    inputs = _arrays(inputs)
    diff = [i for i, x in enumerate(inputs) if isinstance(x, Array) and x.requires_grad]
    if not diff:
        raise ValueError("gradcheck(inputs): expected at least one input that requires grad")
    with enable_grad():
        outs = _outputs(fn, inputs)
    outs_f = [o for o in outs if o._dtype.kind in "fc"]
    us = [_random_like(o, rng) for o in outs_f]
    active = [o for o in outs_f if o.requires_grad]
    if active:
        with enable_grad():
            us_active = [u for u, o in zip(us, outs_f) if o.requires_grad]
            analytic = grad(active, [inputs[i] for i in diff], grad_outputs=us_active,
                            allow_unused=True, retain_graph=True)
    else:
        analytic = tuple(None for _ in diff)
    detached = [x.detach() if isinstance(x, Array) else x for x in inputs]

    def numeric(i: int, direction: Any) -> float:
        with no_grad():
            plus = list(detached)
            plus[i] = detached[i] + direction * eps
            minus = list(detached)
            minus[i] = detached[i] - direction * eps
            return (_pairing(us, _outputs(fn, plus)) -
                    _pairing(us, _outputs(fn, minus))) / (2 * eps)

    for k, i in enumerate(diff):
        x = detached[i]
        a = analytic[k]
        if fast_mode:
            v = _random_like(x, rng)
            num = numeric(i, v)
            ana = 0.0 if a is None else _real_inner(a, v)
            if abs(ana - num) <= atol + rtol * abs(num):
                continue
        a_vals = a.tolist() if a is not None else None
        flat_a = _flat(a_vals) if a_vals is not None else [0.0] * x.size
        steps: list[complex] = [1.0] if x._dtype.kind != "c" else [1.0, 1j]
        for j in range(x.size):
            for step in steps:
                num = numeric(i, _basis(x, j, step))
                av = flat_a[j]
                expected = complex(av).real if step == 1.0 else complex(av).imag
                if abs(expected - num) > atol + rtol * abs(num):
                    part = "" if x._dtype.kind != "c" else (" (real part)" if step == 1.0
                                                            else " (imaginary part)")
                    msg = (f"gradcheck: input {i}, element {_index(j, x.shape)}{part}: "
                           f"analytic {expected!r} != numeric {num!r} "
                           f"(atol={atol}, rtol={rtol})")
                    if x._dtype.name not in ("float64", "complex128"):
                        msg += (f"; input {i} is {x._dtype.name}, too coarse for finite "
                                f"differences: check in float64 or complex128")
                    if raise_exception:
                        raise GradcheckError(msg)
                    return False
    return True


def _real_inner(a: Any, v: Any) -> float:
    """Re <a, v> = sum(Re(conj(a) * v)): the directional derivative along v."""
    from .._ops.elementwise import conj, real
    from .._ops.statistical import sum
    p = conj(a) * v if a._dtype.kind == "c" else a * v
    return float(sum(real(p) if p._dtype.kind == "c" else p))


def _basis(x: Any, j: int, step: complex) -> Any:
    """The array of x's shape and dtype with ``step`` at flat position j, zeros elsewhere."""
    from .._ops.creation import zeros
    from .._ops.manipulation import reshape
    flat = zeros((x.size,), dtype=x._dtype, device=x._device)
    flat[j] = step
    return reshape(flat, x.shape)


def _flat(v: Any) -> list[Any]:
    if isinstance(v, list):
        out: list[Any] = []
        for e in v:
            out.extend(_flat(e))
        return out
    return [v]


def _index(j: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    idx = []
    for n in reversed(shape):
        idx.append(j % n)
        j //= n
    return tuple(reversed(idx))


def gradgradcheck(fn: Callable[..., Any], inputs: Any, grad_outputs: Any = None, *,
                  eps: float = 1e-6, atol: float = 1e-5, rtol: float = 1e-3,
                  raise_exception: bool = True, fast_mode: bool = False, seed: int = 0) -> bool:
    """Whether the gradients of ``fn``'s gradients match finite differences (second order):
    ``gradcheck`` of the map (inputs, cotangents) -> vjp, built with ``create_graph=True``."""
    from .._array import Array
    from . import grad
    _check_args("gradgradcheck", fn, eps, atol, rtol)
    rng = random.Random(seed + 1)
    inputs = _arrays(inputs)
    diff = [i for i, x in enumerate(inputs) if isinstance(x, Array) and x.requires_grad]
    with enable_grad():
        outs = [o for o in _outputs(fn, inputs, "gradgradcheck")
                if o._dtype.kind in "fc" and o.requires_grad]
    if grad_outputs is None:
        gos = [_random_like(o, rng).requires_grad_() for o in outs]
    else:
        gos = list(_arrays(grad_outputs))
        if len(gos) != len(outs) or any(not isinstance(u, Array) or u.shape != o.shape
                                        for u, o in zip(gos, outs)):
            raise ValueError(f"gradgradcheck(grad_outputs): expected one array per output of "
                             f"fn that requires grad, of shapes "
                             f"{[o.shape for o in outs]}, got "
                             f"{[getattr(u, 'shape', type(u).__name__) for u in gos]}")
    n = len(inputs)

    def first_order(*args: Any) -> tuple[Any, ...]:
        xs = list(args[:n])
        us = list(args[n:])
        with enable_grad():
            for i in diff:        # finite-difference calls pass detached inputs
                if not xs[i].requires_grad:
                    xs[i] = xs[i].detach().requires_grad_()
            o = [o for o in _outputs(fn, xs) if o._dtype.kind in "fc" and o.requires_grad]
            return grad(o, [xs[i] for i in diff], grad_outputs=us, create_graph=True,
                        allow_unused=True, materialize_grads=True)

    return gradcheck(first_order, tuple(inputs) + tuple(gos), eps=eps, atol=atol, rtol=rtol,
                     raise_exception=raise_exception, fast_mode=fast_mode, seed=seed)
