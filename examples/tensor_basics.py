"""Tensor basics, the gradarray way: the tutorials' tour of tensors, run on any backend.

    python examples/tensor_basics.py                       # NumPy (the default backend)
    GRADARRAY_BACKEND=reference python examples/tensor_basics.py

gradarray arrays are the tutorials' tensors: the same creation functions, dtypes, shapes,
operators, indexing and broadcasting, spelled as in the Python Array API standard
(``xp.reshape(x, ...)`` where PyTorch writes ``x.view(...)``).  Every step prints what it
computed and checks it.
"""

from __future__ import annotations

import argparse
import math

import gradarray as xp


def show(title: str, value: object) -> None:
    print(f"{title}:\n{value}\n")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Tensor basics on any gradarray backend")
    ap.add_argument("--quick", action="store_true", help="smaller arrays (used by the tests)")
    args = ap.parse_args(argv)
    n = 4 if args.quick else 10
    print(f"backend: {xp.device(None).backend_name}, default device: {xp.device(None)}\n")
    xp.manual_seed(0)                      # torch.manual_seed(seed)

    # --- creating arrays (torch.tensor, torch.zeros, torch.arange ...)
    a = xp.asarray(3)                      # a scalar (0-D array)
    b = xp.asarray([1, 2])                 # a vector
    c = xp.zeros((2, 2))                   # a matrix
    d = xp.random.rand(2, 2, 2)            # any number of dimensions
    x = xp.asarray([1, 2, 3], dtype=xp.float32)     # torch.tensor([1,2,3], dtype=torch.float)
    show("a scalar", a)
    show("a vector", b)
    show("zeros((2, 2))", c)
    show("rand(2, 2, 2) has shape", d.shape)
    show("asarray([1, 2, 3], dtype=float32)", x)
    assert x.dtype == xp.float32 and a.ndim == 0 and c.shape == (2, 2)

    t = xp.reshape(xp.arange(n), (2, -1))   # arange(10).reshape(-1, 5): -1 is inferred
    show(f"reshape(arange({n}), (2, -1))", t)
    assert t.shape == (2, n // 2)
    show("full((2, 3), 15)", xp.full((2, 3), 15))
    show("ones((2, 3)) of dtype int8", xp.ones((2, 3), dtype=xp.int8))
    show("arange(10).dtype (the default integer, int64 like torch.long)", xp.arange(10).dtype)
    show("astype to float32 (tensor.type(torch.float32))", xp.astype(xp.arange(3), xp.float32))

    # --- operations: element-wise, matrix product, reductions
    t1 = xp.asarray([0.0, 1.0, 2.0, 3.0])
    t2 = xp.asarray([4.0, 5.0, 6.0, 7.0])
    show("t1 * t2 (element-wise, the Hadamard product)", t1 * t2)
    show("t1 + t2", t1 + t2)
    show("asarray([1, 2, 3]) * 4", xp.asarray([1, 2, 3]) * 4)
    m1 = xp.random.randn(3, 5)
    m2 = xp.random.randn(5, 4)
    z = m1 @ m2                            # torch.mm / @
    show("(3x5) @ (5x4) has shape", z.shape)
    assert z.shape == (3, 4)
    show("transpose .T", xp.asarray([[1, 2, 3], [4, 5, 6]]).T)
    v = xp.asarray([1.0, 2.0, 3.0])
    show("sum, mean", (xp.sum(v).item(), xp.mean(v).item()))
    assert xp.sum(v).item() == 6 and xp.mean(v).item() == 2
    show("abs([-1, -2, 3])", xp.abs(xp.asarray([-1, -2, 3])))
    norm = xp.linalg.vector_norm(xp.asarray([-1.0, -2.0, 3.0]))      # torch.norm
    show("norm([-1, -2, 3]) == sqrt(14)", norm.item())
    assert math.isclose(norm.item(), math.sqrt(14))
    show("dot of two vectors (torch.dot)", xp.vecdot(xp.asarray([5.0, 6.0]),
                                                     xp.asarray([7.0, 8.0])).item())
    mm = xp.asarray([[1.0, 2.0], [3.0, 4.0]])
    show("matrix-vector product (a.mv(b))", mm @ xp.asarray([5.0, 6.0]))

    # --- broadcasting: (1, 5) * (2, 5)
    row = xp.asarray([[1, 2, 3, 4, 5]])
    rows = xp.asarray([[1, 2, 3, 4, 5], [4, 5, 6, 7, 8]])
    show("(1, 5) * (2, 5) broadcasts to", row * rows)
    assert (row * rows).shape == (2, 5)

    # --- indexing, slicing and assignment
    m = xp.asarray([[1, 2, 3], [4, 5, 6], [7, 8, 9]])
    show("m[0] (first row)", m[0])
    show("m[-1] (last row)", m[-1])
    show("m[0:2] (first two rows)", m[0:2])
    show("m[:, 0:2] (first two columns)", m[:, 0:2])
    m[:, 0:2] = 4                          # assignment into a slice
    show("after m[:, 0:2] = 4", m)
    assert m[0, 0].item() == 4 and m[0, 2].item() == 3
    show("m[m > 5] (boolean mask)", m[m > 5])

    # --- joining and splitting (torch.cat, torch.stack, torch.chunk)
    show("concat", xp.concat([xp.zeros(2), xp.ones(3)]))
    show("stack", xp.stack([xp.zeros(2), xp.ones(2)]))
    show("unstack of a 2x2 matrix", xp.unstack(xp.eye(2)))

    # --- Python numbers and lists (t.item(), t.tolist())
    show("item() of a 0-D array", xp.asarray(5.0).item())
    show("tolist()", xp.reshape(xp.arange(4), (2, 2)).tolist())

    # --- the NumPy bridge (torch.from_numpy / t.numpy())
    try:
        import numpy as np
    except ImportError:
        print("NumPy is not installed: skipping the NumPy bridge\n")
    else:
        arr = np.array([1.0, 2.0, 3.0])
        g = xp.asarray(arr)                # shares memory on the NumPy backend, like from_numpy
        show("asarray(numpy array)", g)
        back = np.asarray(g)               # like tensor.numpy()
        show("numpy.asarray(gradarray array)", back)
        assert back.tolist() == [1.0, 2.0, 3.0]

    # --- devices: "cpu" is NumPy, "cuda" is CuPy, "reference" is pure Python
    print("installed backends:")
    for status in xp.backends():
        print(f"  {status}")
    here = xp.device(None)
    y = xp.ones(3)
    show("y.device", y.device)
    gpu = next((s for s in xp.backends() if s.name == "cupy" and s.available), None)
    if gpu is not None:
        yg = y.to_device("cuda")           # tensor.cuda() / .to("cuda")
        show("moved to", yg.device)
        try:
            yg + y                         # mixing devices is an error that names both
        except ValueError as exc:
            print(f"as expected: {exc}\n")
    else:
        print("no GPU here: arrays stay on", here, "\n")
    print("tensor basics: all checks passed")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
