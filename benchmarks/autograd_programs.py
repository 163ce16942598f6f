"""The programs bench_autograd.py times, written once per library.

Each program exists for gradarray, for NumPy with a hand-written backward (the baseline),
PyTorch, MyGrad and HIPS autograd.  Every builder takes plain NumPy data (and copies it, so
that one implementation's in-place updates never reach another's), and returns a step
function plus what the caller needs to check that all implementations compute the same thing.
A library that is not installed has no builder: ``builders()`` leaves it out.

The programs:

- ``sin``: forward and backward of ``sum(sin(x) * x)``; the step returns the gradient.
- ``mlp``: a training step of a ReLU MLP with a numerically stable softmax cross-entropy
  (``z = logits - max(logits)``, ``loss = -sum(onehot * (z - log(sum(exp(z))))) / n``) and
  plain SGD (``p -= lr * p.grad``); the step returns the loss before the update.
- ``fit``: the tutorial's curve fit, ``f(x) = 5x^2 + 3`` by ``w . [x^2, x, 1]`` with a
  hand-written Adam; ``run(steps)`` starts from the initial ``w`` and returns the final one.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

# Adam's constants (PyTorch's defaults) and the tutorial's learning rate
ADAM_LR, BETA1, BETA2, EPS = 0.1, 0.9, 0.999, 1e-8


# ---------------------------------------------------------------- data, shared by everyone
def mlp_data(batch: int, sizes: tuple[int, ...] = (784, 256, 256, 10),
             seed: int = 0) -> tuple[list[np.ndarray], np.ndarray, np.ndarray]:
    """He-initialised float32 weights and biases, an MNIST-like batch and one-hot targets."""
    rng = np.random.default_rng(seed)
    params: list[np.ndarray] = []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        params.append((rng.standard_normal((fan_in, fan_out)) * math.sqrt(2 / fan_in))
                      .astype(np.float32))
        params.append(np.zeros(fan_out, dtype=np.float32))
    x = rng.random((batch, sizes[0]), dtype=np.float32)
    y = rng.integers(0, sizes[-1], batch)
    onehot = np.eye(sizes[-1], dtype=np.float32)[y]
    return params, x, onehot


def fit_data(steps: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """The initial ``w`` (3, 1) and ``steps`` batches of 100 points in [-10, 10), float32."""
    rng = np.random.default_rng(seed)
    w0 = rng.standard_normal((3, 1)).astype(np.float32)
    xs = (rng.random((steps, 100), dtype=np.float32) * 20 - 10).astype(np.float32)
    return w0, xs


# ---------------------------------------------------------------- NumPy, backward by hand
def numpy_sin(x: np.ndarray) -> Callable[[], Any]:
    x = x.copy()

    def step() -> np.ndarray:
        s = np.sin(x)
        float(np.sum(s * x))          # the forward value, as the others compute it
        g = np.cos(x)
        g *= x
        g += s
        return g
    return step


def numpy_mlp(params: list[np.ndarray], x: np.ndarray, onehot: np.ndarray,
              lr: float) -> Callable[[], Any]:
    """Forward and backward written out, float32 throughout, in place where natural."""
    W1, b1, W2, b2, W3, b3 = (p.copy() for p in params)
    n = x.shape[0]

    def step() -> np.float32:
        h1 = x @ W1
        h1 += b1
        np.maximum(h1, 0, out=h1)
        h2 = h1 @ W2
        h2 += b2
        np.maximum(h2, 0, out=h2)
        z = h2 @ W3
        z += b3
        z -= z.max(axis=1, keepdims=True)
        e = np.exp(z)
        s = e.sum(axis=1, keepdims=True)
        loss = (np.log(s).sum() - np.vdot(onehot, z)) / n
        # d loss / d logits = (softmax - onehot) / n
        e /= s
        e -= onehot
        e *= 1 / n
        gW3 = h2.T @ e
        gb3 = e.sum(axis=0)
        d2 = e @ W3.T
        d2 *= h2 > 0
        gW2 = h1.T @ d2
        gb2 = d2.sum(axis=0)
        d1 = d2 @ W2.T
        d1 *= h1 > 0
        gW1 = x.T @ d1
        gb1 = d1.sum(axis=0)
        for p, g in ((W1, gW1), (b1, gb1), (W2, gW2), (b2, gb2), (W3, gW3), (b3, gb3)):
            g *= lr
            p -= g
        return loss
    return step


def numpy_fit(w0: np.ndarray, xs: np.ndarray) -> Callable[[int], np.ndarray]:
    batches = [x.copy() for x in xs]

    def run(steps: int) -> np.ndarray:
        w = w0.copy()
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        for t in range(1, steps + 1):
            x = batches[t - 1]
            y = 5 * x * x + 3
            f = np.stack([x * x, x, np.ones_like(x)], axis=1)
            yhat = (f @ w)[:, 0]
            r = yhat - y
            float(np.mean(r * r))                 # the loss, as the others compute it
            r *= 2 / r.shape[0]
            g = (r @ f)[:, None]
            m *= BETA1
            m += (1 - BETA1) * g
            g *= g
            v *= BETA2
            v += (1 - BETA2) * g
            denom = np.sqrt(v / (1 - BETA2 ** t))
            denom += EPS
            w -= (ADAM_LR / (1 - BETA1 ** t)) * m / denom
        return w
    return run


# ---------------------------------------------------------------- gradarray
def gradarray_sin(x: np.ndarray, device: Any = None) -> Callable[[], Any]:
    import gradarray as xp
    xa = xp.asarray(x, copy=True, device=device, requires_grad=True)

    def step() -> Any:
        xa.grad = None
        xp.sum(xp.sin(xa) * xa).backward()
        return xa.grad
    return step


def gradarray_mlp(params: list[np.ndarray], x: np.ndarray, onehot: np.ndarray, lr: float,
                  device: Any = None) -> Callable[[], Any]:
    """Namespace functions only; the SGD update runs under no_grad()."""
    import gradarray as xp
    ps = [xp.asarray(p, copy=True, device=device, requires_grad=True) for p in params]
    W1, b1, W2, b2, W3, b3 = ps
    xa = xp.asarray(x, copy=True, device=device)
    oh = xp.asarray(onehot, copy=True, device=device)
    n = x.shape[0]

    def step() -> Any:
        h = xp.maximum(xp.matmul(xa, W1) + b1, 0.0)
        h = xp.maximum(xp.matmul(h, W2) + b2, 0.0)
        z = xp.matmul(h, W3) + b3
        z = z - xp.max(z, axis=1, keepdims=True)
        lse = xp.log(xp.sum(xp.exp(z), axis=1, keepdims=True))
        loss = -xp.sum(oh * (z - lse)) / n
        loss.backward()
        with xp.no_grad():
            for p in ps:
                p -= lr * p.grad
                p.grad = None
        return loss
    return step


def gradarray_mlp_fused(params: list[np.ndarray], x: np.ndarray, onehot: np.ndarray,
                        lr: float, device: Any = None) -> Callable[[], Any]:
    """gradarray as it is usually written, like PyTorch's fused row: ``nn.functional``'s
    linear, relu and cross_entropy (one node each) and ``optim.SGD``.  The weights are stored
    (out, in), as ``nn.Linear`` keeps them."""
    import gradarray as xp
    import gradarray.nn.functional as F
    ps = [xp.asarray(np.ascontiguousarray(p.T) if p.ndim == 2 else p, copy=True, device=device,
                     requires_grad=True)
          for p in params]
    W1, b1, W2, b2, W3, b3 = ps
    xa = xp.asarray(x, copy=True, device=device)
    target = xp.asarray(onehot.argmax(axis=1), device=device)
    opt = xp.optim.SGD(ps, lr=lr)

    def step() -> Any:
        h = F.relu(F.linear(xa, W1, b1))
        h = F.relu(F.linear(h, W2, b2))
        loss = F.cross_entropy(F.linear(h, W3, b3), target)
        loss.backward()
        opt.step()
        opt.zero_grad()
        return loss
    return step


def gradarray_fit(w0: np.ndarray, xs: np.ndarray,
                  device: Any = None) -> Callable[..., np.ndarray]:
    """``run(steps, after_step=None)``: ``after_step(t)`` is called after step t (memory checks)."""
    import gradarray as xp
    batches = [xp.asarray(x, copy=True, device=device) for x in xs]

    def run(steps: int, after_step: Callable[[int], None] | None = None) -> np.ndarray:
        w = xp.asarray(w0, copy=True, device=device, requires_grad=True)
        m = xp.zeros_like(w)
        v = xp.zeros_like(w)
        for t in range(1, steps + 1):
            x = batches[t - 1]
            y = 5 * x * x + 3
            f = xp.stack([x * x, x, xp.ones_like(x)], axis=1)
            yhat = xp.squeeze(xp.matmul(f, w), axis=1)
            loss = xp.mean((yhat - y) ** 2)
            w.grad = None
            loss.backward()
            with xp.no_grad():
                g = w.grad
                m *= BETA1
                m += (1 - BETA1) * g
                v *= BETA2
                v += (1 - BETA2) * (g * g)
                w -= (ADAM_LR / (1 - BETA1 ** t)) * m / (xp.sqrt(v / (1 - BETA2 ** t)) + EPS)
            if after_step is not None:
                after_step(t)
        return np.asarray(w.detach())
    return run


# ---------------------------------------------------------------- PyTorch
def torch_sin(x: np.ndarray) -> Callable[[], Any]:
    import torch
    xt = torch.from_numpy(x.copy()).requires_grad_()

    def step() -> Any:
        xt.grad = None
        torch.sum(torch.sin(xt) * xt).backward()
        return xt.grad
    return step


def torch_mlp(params: list[np.ndarray], x: np.ndarray, onehot: np.ndarray,
              lr: float) -> Callable[[], Any]:
    """The same program as gradarray's, operation for operation."""
    import torch
    ps = [torch.from_numpy(p.copy()).requires_grad_() for p in params]
    W1, b1, W2, b2, W3, b3 = ps
    xt = torch.from_numpy(x.copy())
    oh = torch.from_numpy(onehot.copy())
    zero = torch.zeros((), dtype=torch.float32)
    n = x.shape[0]

    def step() -> Any:
        h = torch.maximum(torch.matmul(xt, W1) + b1, zero)
        h = torch.maximum(torch.matmul(h, W2) + b2, zero)
        z = torch.matmul(h, W3) + b3
        z = z - torch.amax(z, dim=1, keepdim=True)
        lse = torch.log(torch.sum(torch.exp(z), dim=1, keepdim=True))
        loss = -torch.sum(oh * (z - lse)) / n
        loss.backward()
        with torch.no_grad():
            for p in ps:
                p -= lr * p.grad
                p.grad = None
        return loss
    return step


def torch_mlp_fused(params: list[np.ndarray], x: np.ndarray, onehot: np.ndarray,
                    lr: float) -> Callable[[], Any]:
    """PyTorch as it is usually written: F.linear, F.relu, F.cross_entropy (fused kernels),
    the weights stored (out, in) as ``nn.Linear`` keeps them (as gradarray's row does)."""
    import torch
    import torch.nn.functional as F
    ps = [torch.from_numpy(np.ascontiguousarray(p.T) if p.ndim == 2 else p.copy())
          .requires_grad_() for p in params]
    W1, b1, W2, b2, W3, b3 = ps
    xt = torch.from_numpy(x.copy())
    target = torch.from_numpy(onehot.argmax(axis=1))

    def step() -> Any:
        h = F.relu(F.linear(xt, W1, b1))
        h = F.relu(F.linear(h, W2, b2))
        loss = F.cross_entropy(F.linear(h, W3, b3), target)
        loss.backward()
        with torch.no_grad():
            for p in ps:
                p.add_(p.grad, alpha=-lr)
                p.grad = None
        return loss
    return step


def torch_fit(w0: np.ndarray, xs: np.ndarray) -> Callable[[int], np.ndarray]:
    import torch
    batches = [torch.from_numpy(x.copy()) for x in xs]

    def run(steps: int) -> np.ndarray:
        w = torch.from_numpy(w0.copy()).requires_grad_()
        m = torch.zeros_like(w)
        v = torch.zeros_like(w)
        for t in range(1, steps + 1):
            x = batches[t - 1]
            y = 5 * x * x + 3
            f = torch.stack([x * x, x, torch.ones_like(x)], 1)
            yhat = torch.squeeze(f @ w, 1)
            loss = torch.mean((yhat - y) ** 2)
            w.grad = None
            loss.backward()
            with torch.no_grad():
                g = w.grad
                m *= BETA1
                m += (1 - BETA1) * g
                v *= BETA2
                v += (1 - BETA2) * (g * g)
                w -= (ADAM_LR / (1 - BETA1 ** t)) * m / (torch.sqrt(v / (1 - BETA2 ** t)) + EPS)
        return w.detach().numpy().copy()
    return run


# ---------------------------------------------------------------- MyGrad
def mygrad_sin(x: np.ndarray) -> Callable[[], Any]:
    import mygrad as mg
    xt = mg.tensor(x.copy())

    def step() -> Any:
        mg.sum(mg.sin(xt) * xt).backward()
        return xt.grad
    return step


def mygrad_mlp(params: list[np.ndarray], x: np.ndarray, onehot: np.ndarray,
               lr: float) -> Callable[[], Any]:
    import mygrad as mg
    ps = [mg.tensor(p.copy()) for p in params]
    W1, b1, W2, b2, W3, b3 = ps
    xc, oh = x.copy(), onehot.copy()
    n = x.shape[0]

    def step() -> Any:
        h = mg.maximum(mg.matmul(xc, W1) + b1, 0.0)
        h = mg.maximum(mg.matmul(h, W2) + b2, 0.0)
        z = mg.matmul(h, W3) + b3
        z = z - mg.max(z, axis=1, keepdims=True)
        lse = mg.log(mg.sum(mg.exp(z), axis=1, keepdims=True))
        loss = -mg.sum(oh * (z - lse)) / n
        loss.backward()
        for p in ps:              # backward() has cleared the graph: .data is writable again
            p.data -= lr * p.grad
        return loss
    return step


def mygrad_fit(w0: np.ndarray, xs: np.ndarray) -> Callable[[int], np.ndarray]:
    import mygrad as mg
    batches = [x.copy() for x in xs]

    def run(steps: int) -> np.ndarray:
        w = mg.tensor(w0.copy())
        m = np.zeros_like(w0)
        v = np.zeros_like(w0)
        for t in range(1, steps + 1):
            x = batches[t - 1]
            y = 5 * x * x + 3
            f = np.stack([x * x, x, np.ones_like(x)], axis=1)
            yhat = mg.squeeze(mg.matmul(f, w), axis=1)
            loss = mg.mean((yhat - y) ** 2)
            loss.backward()
            g = w.grad
            m *= BETA1
            m += (1 - BETA1) * g
            v *= BETA2
            v += (1 - BETA2) * (g * g)
            w.data -= (ADAM_LR / (1 - BETA1 ** t)) * m / (np.sqrt(v / (1 - BETA2 ** t)) + EPS)
        return w.data.copy()
    return run


# ---------------------------------------------------------------- HIPS autograd
def autograd_sin(x: np.ndarray) -> Callable[[], Any]:
    import autograd.numpy as anp
    from autograd import grad
    xc = x.copy()
    g = grad(lambda v: anp.sum(anp.sin(v) * v))
    return lambda: g(xc)


def autograd_mlp(params: list[np.ndarray], x: np.ndarray, onehot: np.ndarray,
                 lr: float) -> Callable[[], Any]:
    import autograd.numpy as anp
    from autograd import value_and_grad
    ps = [p.copy() for p in params]
    xc, oh = x.copy(), onehot.copy()
    n = x.shape[0]

    def loss_fn(ps: list[Any]) -> Any:
        W1, b1, W2, b2, W3, b3 = ps
        h = anp.maximum(anp.matmul(xc, W1) + b1, 0.0)
        h = anp.maximum(anp.matmul(h, W2) + b2, 0.0)
        z = anp.matmul(h, W3) + b3
        z = z - anp.max(z, axis=1, keepdims=True)
        lse = anp.log(anp.sum(anp.exp(z), axis=1, keepdims=True))
        return -anp.sum(oh * (z - lse)) / n

    vg = value_and_grad(loss_fn)

    def step() -> Any:
        loss, gs = vg(ps)
        for p, g in zip(ps, gs):
            p -= lr * g
        return loss
    return step


def autograd_fit(w0: np.ndarray, xs: np.ndarray) -> Callable[[int], np.ndarray]:
    import autograd.numpy as anp
    from autograd import grad
    batches = [x.copy() for x in xs]

    def loss_fn(w: Any, x: np.ndarray) -> Any:
        y = 5 * x * x + 3
        f = anp.stack([x * x, x, anp.ones_like(x)], axis=1)
        yhat = anp.squeeze(anp.matmul(f, w), axis=1)
        return anp.mean((yhat - y) ** 2)

    gfn = grad(loss_fn)

    def run(steps: int) -> np.ndarray:
        w = w0.copy()
        m = np.zeros_like(w)
        v = np.zeros_like(w)
        for t in range(1, steps + 1):
            g = gfn(w, batches[t - 1])
            m *= BETA1
            m += (1 - BETA1) * g
            v *= BETA2
            v += (1 - BETA2) * (g * g)
            w -= (ADAM_LR / (1 - BETA1 ** t)) * m / (np.sqrt(v / (1 - BETA2 ** t)) + EPS)
        return w
    return run


# ---------------------------------------------------------------- conversions
def to_numpy(v: Any) -> np.ndarray:
    """A result of any of the libraries as a NumPy array (for the cross-checks)."""
    if hasattr(v, "detach"):          # gradarray, PyTorch
        v = v.detach()
        if hasattr(v, "numpy"):       # PyTorch
            return v.numpy()
    if hasattr(v, "data") and type(v).__module__.startswith("mygrad"):
        return np.asarray(v.data)
    return np.asarray(v)
