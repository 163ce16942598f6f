"""Curve fitting with Adam: recover f(x) = 5x^2 + 3 from samples, as in the tutorial.

    python examples/curve_fit.py
    GRADARRAY_BACKEND=reference python examples/curve_fit.py --quick

We model ``g(x, w) = w0 x^2 + w1 x + w2`` and minimise the mean squared error between g and
fresh samples of f at every step with Adam (learning rate 0.1), exactly the tutorial's
program with gradarray spellings.  After enough steps ``w`` is close to [5, 0, 3].
"""

from __future__ import annotations

import argparse

import gradarray as xp
import gradarray.nn.functional as F


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Fit 5x^2 + 3 with Adam on any backend")
    ap.add_argument("--steps", type=int, default=3000, help="optimizer steps (default 3000)")
    ap.add_argument("--samples", type=int, default=100, help="points per step (default 100)")
    ap.add_argument("--quick", action="store_true",
                    help="fewer steps and samples, a looser check (used by the tests)")
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    steps, samples, tol = args.steps, args.samples, 0.1
    if args.quick:
        steps, samples, tol = 1500, 20, 0.5
    xp.manual_seed(args.seed)

    # a vector of 3 coefficients, initialised with random noise
    w = xp.random.randn(3, 1, requires_grad=True)
    opt = xp.optim.Adam([w], lr=0.1)

    def model(x: xp.Array) -> xp.Array:
        f = xp.stack([x * x, x, xp.ones_like(x)], axis=1)   # (samples, 3)
        return xp.squeeze(f @ w, axis=1)

    def generate_data() -> tuple[xp.Array, xp.Array]:
        x = xp.random.rand(samples) * 20 - 10
        return x, 5 * x * x + 3

    loss = None
    for step in range(steps):
        x, y = generate_data()
        loss = F.mse_loss(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % max(1, steps // 5) == 0:
            print(f"step {step:5d}  loss {loss.item():12.4f}")

    found = xp.reshape(w.detach(), (-1,)).tolist()
    print("w =", [round(v, 4) for v in found], "(the true coefficients are [5, 0, 3])")
    err = max(abs(a - b) for a, b in zip(found, [5.0, 0.0, 3.0]))
    if err > tol:
        print(f"not converged: largest error {err:.3f} > {tol}")
        return 1
    print("curve fit: recovered the coefficients")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
