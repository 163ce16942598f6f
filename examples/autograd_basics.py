"""Autograd basics: the tutorials' examples of gradients, graphs and retain_graph.

    python examples/autograd_basics.py
    GRADARRAY_BACKEND=reference python examples/autograd_basics.py

gradarray records the operations on arrays that require grad and differentiates them when
``backward()`` is called, as PyTorch does: ``requires_grad=True``, ``.grad``, ``.grad_fn``,
``retain_grad()``, ``autograd.grad``, ``no_grad()`` and ``retain_graph``.
"""

from __future__ import annotations

import argparse

import gradarray as xp


def close(a: xp.Array, b: xp.Array) -> bool:
    return bool(xp.all(xp.abs(a - b) <= 1e-12 + 1e-9 * xp.abs(b)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Autograd basics on any gradarray backend")
    ap.add_argument("--quick", action="store_true", help="accepted for symmetry with the "
                    "other examples (this one is quick anyway)")
    ap.parse_args(argv)
    xp.manual_seed(0)

    # 1. the gradient of the squared norm is 2x
    x = xp.random.rand(3, requires_grad=True)
    y = xp.linalg.vector_norm(x)          # torch.norm(x, 2)
    y.retain_grad()                       # keep the gradient of a non-leaf array
    z = y * y                             # z is the squared euclidean norm
    z.backward()                          # the backward pass
    print("x      =", x)
    print("x.grad =", x.grad)
    print("x.grad == 2 * x:", bool(xp.all(x.grad == 2 * x)))
    assert close(x.grad, 2 * x)
    print("z.grad_fn =", z.grad_fn)       # <MultiplyBackward ...>
    print("y.grad_fn =", y.grad_fn)       # <LinalgVectorNormBackward ...>
    print("y.grad (retained) =", y.grad, "(dz/dy = 2y =", (2 * y).item(), ")")
    assert abs(y.grad.item() - 2 * y.item()) < 1e-12
    print("x.is_leaf, z.is_leaf:", x.is_leaf, z.is_leaf, "\n")

    # 2. autograd.grad of a composite: g(u(x)) = -x^2 has derivative -2 at x = 1
    x1 = xp.asarray(1.0, requires_grad=True)

    def u(v: xp.Array) -> xp.Array:
        return v * v

    def g(v: xp.Array) -> xp.Array:
        return -v

    (dgdx,) = xp.autograd.grad(g(u(x1)), x1)
    print("d(-x^2)/dx at x = 1:", dgdx.item())
    assert dgdx.item() == -2.0

    # 3. y = w * x + b: the gradients are x, 1 and w
    x2 = xp.asarray(1.0, requires_grad=True)
    w = xp.asarray(2.0, requires_grad=True)
    b = xp.asarray(3.0, requires_grad=True)
    y2 = w * x2 + b                        # y = 2 * x + 3
    y2.backward()
    print(f"y = w*x + b: x.grad = {x2.grad.item()}, w.grad = {w.grad.item()}, "
          f"b.grad = {b.grad.item()}")
    assert (x2.grad.item(), w.grad.item(), b.grad.item()) == (2.0, 1.0, 1.0)

    # 4. the graph behind a mean: out = mean(3 (x + 2)^2), d out / dx = 1.5 (x + 2)
    xs = xp.ones((2, 2), requires_grad=True)
    ys = xs + 2
    print("\ny.grad_fn =", ys.grad_fn)
    zs = ys * ys * 3
    out = xp.mean(zs)
    out.backward()
    print("d out / dx =", xs.grad)
    assert close(xs.grad, xp.full((2, 2), 4.5))

    # 5. the graph is freed after backward() unless retain_graph=True
    a = xp.random.rand(1, 4, requires_grad=True)
    bb = a ** 2
    c = bb * 2
    d = xp.mean(c)
    e = xp.sum(c)
    d.backward(retain_graph=True)          # fine
    e.backward(retain_graph=True)          # fine
    d.backward()                           # also fine: frees the graph
    try:
        e.backward()                       # the graph is gone
    except RuntimeError as exc:
        print("\nsecond backward through a freed graph:", str(exc).split(".")[0] + ".")
    else:
        raise AssertionError("expected an error")
    # the three backward calls accumulated: d/da of (mean + sum + mean) of 2a^2
    assert close(a.grad, 4 * a * (0.25 + 1 + 0.25))

    # 6. no_grad and detach: values outside the graph
    with xp.no_grad():
        frozen = a * 2
    print("\nunder no_grad, requires_grad =", frozen.requires_grad)
    print("detach() requires_grad =", a.detach().requires_grad)
    assert not frozen.requires_grad

    print("\nautograd basics: all checks passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
