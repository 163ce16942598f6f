"""``python -m gradarray``: list the backends and run a short computation on the default one.

The computation fits y = 3x - 2 by gradient descent with autograd, then checks a gradient
against its closed form: a smoke test of the namespace, a backend and the engine together.
"""

from __future__ import annotations

import sys
import time

import gradarray as xp


def main() -> int:
    print(f"gradarray {xp.__version__} (Array API {xp.__array_api_version__})")
    print("backends:")
    for status in xp.backends():
        print(f"  {status}")
    try:
        dev = xp.device(None)
    except Exception as exc:   # an unknown or unavailable GRADARRAY_BACKEND
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"default device: {dev} (backend {dev.backend_name}; set GRADARRAY_BACKEND to change)")

    start = time.perf_counter()
    xp.random.manual_seed(0)
    x = xp.linspace(-1.0, 1.0, 64)
    y = 3.0 * x - 2.0 + 0.01 * xp.random.randn(64)
    w = xp.zeros((), requires_grad=True)
    b = xp.zeros((), requires_grad=True)
    for _ in range(200):
        loss = xp.mean((w * x + b - y) ** 2)
        loss.backward()
        with xp.no_grad():
            w -= 0.5 * w.grad
            b -= 0.5 * b.grad
        w.grad = None
        b.grad = None
    print(f"fit y = 3x - 2: w = {w.item():.4f}, b = {b.item():.4f}, loss = {loss.item():.2e}")

    v = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    (xp.linalg.vector_norm(v) ** 2).backward()
    ok = bool(xp.all(v.grad == 2 * v))
    print(f"d|v|^2/dv = {v.grad.tolist()} (2v: {'ok' if ok else 'WRONG'})")
    print(f"done in {time.perf_counter() - start:.2f} s")
    return 0 if ok and abs(w.item() - 3) < 0.05 and abs(b.item() + 2) < 0.05 else 1


if __name__ == "__main__":
    sys.exit(main())
