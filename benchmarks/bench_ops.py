"""Per-op overhead: gradarray against the raw backend namespace (and PyTorch CPU when it is
installed), on tiny (4 elements) and large (10^6 elements) float32 arrays, measured in one run.

    python benchmarks/bench_ops.py [--backend numpy] [--quick] [--write]

Times are the best of several repeats, per call; "ratio" is gradarray / raw backend and
"vs torch" is gradarray / PyTorch.  Also measured: the cost of recording (inputs that require
grad) and a forward+backward step of ``sum(sin(x) * x)``.  ``--write`` records the tables
in docs/benchmarks.md (section "Per-op overhead").
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import sys
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from _harness import _git_commit, best_time as _best_time, fmt_time as fmt, write_section  # noqa: E402,E501

import gradarray as xp  # noqa: E402

try:
    import torch
except ImportError:   # optional: the comparison column is left out
    torch = None  # type: ignore[assignment]


def best_time(fn: Callable[[], Any], number: int) -> float:
    """The best time of one call, over 7 runs of ``number`` calls each."""
    return _best_time(fn, number, 7)


# each case: name -> (gradarray call, raw namespace call, torch call); all get (a, b)
def cases(ns: Any) -> dict[str, tuple[Callable[..., Any], Callable[..., Any],
                                       Callable[..., Any] | None]]:
    T = torch
    return {
        "add": (lambda a, b: a + b, lambda a, b: ns.add(a, b),
                (lambda a, b: a + b) if T else None),
        "multiply": (lambda a, b: xp.multiply(a, b), lambda a, b: ns.multiply(a, b),
                     (lambda a, b: T.mul(a, b)) if T else None),
        "exp": (lambda a, b: xp.exp(a), lambda a, b: ns.exp(a),
                (lambda a, b: T.exp(a)) if T else None),
        "sin": (lambda a, b: xp.sin(a), lambda a, b: ns.sin(a),
                (lambda a, b: T.sin(a)) if T else None),
        "maximum": (lambda a, b: xp.maximum(a, b), lambda a, b: ns.maximum(a, b),
                    (lambda a, b: T.maximum(a, b)) if T else None),
        "where": (lambda a, b: xp.where(a > b, a, b), lambda a, b: ns.where(a > b, a, b),
                  (lambda a, b: T.where(a > b, a, b)) if T else None),
        "sum": (lambda a, b: xp.sum(a), lambda a, b: ns.sum(a),
                (lambda a, b: T.sum(a)) if T else None),
        "mean(axis=0)": (lambda a, b: xp.mean(a, axis=0), lambda a, b: ns.mean(a, axis=0),
                         (lambda a, b: T.mean(a, dim=0)) if T else None),
        "reshape": (lambda a, b: xp.reshape(a, (-1, 2)), lambda a, b: ns.reshape(a, (-1, 2)),
                    (lambda a, b: T.reshape(a, (-1, 2))) if T else None),
        "getitem a[1:]": (lambda a, b: a[1:], lambda a, b: a[1:],
                          (lambda a, b: a[1:]) if T else None),
        "a * 2.0 (scalar)": (lambda a, b: a * 2.0, lambda a, b: ns.multiply(a, 2.0),
                             (lambda a, b: a * 2.0) if T else None),
    }


def run(backend: str, quick: bool) -> list[tuple[str, str, float, float, float | None]]:
    from gradarray._device import runtime
    dev = runtime(backend).devices[0]
    ns = dev.ns
    rows = []
    for size, number in ((4, 20000 if not quick else 2000), (10**6, 20 if not quick else 3)):
        a = xp.random.rand(size, dtype=xp.float32, device=dev)
        b = xp.random.rand(size, dtype=xp.float32, device=dev)
        na, nb = a._native, b._native
        ta = tb = None
        if torch is not None:
            ta = torch.rand(size, dtype=torch.float32)
            tb = torch.rand(size, dtype=torch.float32)
        for name, (g, r, tt) in cases(ns).items():
            tg = best_time(lambda: g(a, b), number)
            tr = best_time(lambda: r(na, nb), number)
            tt_ = best_time(lambda: tt(ta, tb), number) if tt is not None else None
            rows.append((f"{size:>7}", name, tg, tr, tt_))
    return rows


def run_autograd(backend: str, quick: bool) -> list[tuple[str, float, float | None]]:
    from gradarray._device import runtime
    dev = runtime(backend).devices[0]
    out = []
    n_tiny = 20000 if not quick else 2000
    a = xp.random.rand(4, dtype=xp.float32, device=dev, requires_grad=True)
    b = xp.random.rand(4, dtype=xp.float32, device=dev)
    t_rec = best_time(lambda: a * b, n_tiny)
    tt = None
    if torch is not None:
        ta = torch.rand(4, requires_grad=True)
        tb = torch.rand(4)
        tt = best_time(lambda: ta * tb, n_tiny)
    out.append(("multiply, input requires grad (4 elements)", t_rec, tt))
    for size, number in ((4, 5000 if not quick else 500), (10**6, 10 if not quick else 2)):
        x = xp.random.rand(size, dtype=xp.float32, device=dev, requires_grad=True)

        def step() -> None:
            x.grad = None
            xp.sum(xp.sin(x) * x).backward()
        tg = best_time(step, number)
        tt = None
        if torch is not None:
            tx = torch.rand(size, requires_grad=True)

            def tstep() -> None:
                tx.grad = None
                torch.sum(torch.sin(tx) * tx).backward()
            tt = best_time(tstep, number)
        out.append((f"forward+backward sum(sin(x)*x), {size} elements", tg, tt))
    return out


SECTION = "## Per-op overhead"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--backend", default=os.environ.get("GRADARRAY_BACKEND", "numpy"))
    p.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke run)")
    p.add_argument("--write", action="store_true",
                   help=f"record the tables in docs/benchmarks.md ({SECTION[3:]})")
    args = p.parse_args(argv)
    if torch is not None:
        torch.set_num_threads(1)
    load = ", ".join(f"{v:.2f}" for v in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    header = (f"backend {args.backend}, gradarray at git "
              f"{_git_commit(os.path.dirname(xp.__file__))}, {datetime.date.today()}, "
              f"{platform.machine()} "
              f"{os.cpu_count()} CPUs, load average {load} at the start, Python "
              f"{platform.python_version()}, NumPy {_numpy_version()}, "
              f"torch {getattr(torch, '__version__', 'not installed')} (1 thread)")
    lines = ["| elements | op | gradarray | raw backend | ratio | torch CPU | vs torch |",
             "|---:|---|---:|---:|---:|---:|---:|"]
    for size, name, tg, tr, tt in run(args.backend, args.quick):
        vs = f"{tg / tt:.2f}" if tt else "-"
        lines.append(f"| {size} | {name} | {fmt(tg)} | {fmt(tr)} | {tg / tr:.2f} | {fmt(tt)} "
                     f"| {vs} |")
    lines += ["", "| autograd | gradarray | torch CPU | vs torch |", "|---|---:|---:|---:|"]
    for name, tg, tt in run_autograd(args.backend, args.quick):
        vs = f"{tg / tt:.2f}" if tt else "-"
        lines.append(f"| {name} | {fmt(tg)} | {fmt(tt)} | {vs} |")
    tables = "\n".join(lines)
    print(f"# per-op overhead, {header}\n\n{tables}")
    if args.write:
        write_section(SECTION, f"""\
    python benchmarks/bench_ops.py --write

The time of one call, the best of 7 runs of many calls, float32, for gradarray (its frontend
over the backend), the raw backend namespace it calls, and PyTorch CPU eager on one thread, all
in one run: {header}. "ratio" is gradarray / raw backend; "vs torch" is gradarray / PyTorch
(below 1: gradarray is faster). The autograd rows time an operation whose input requires grad
(the graph is recorded) and a forward and backward pass. The core issue asks for tiny
operations no slower than PyTorch's and large ones within 5% of the raw backend.

{tables}
""")
    return 0


def _numpy_version() -> str:
    try:
        import numpy
    except ImportError:
        return "not installed"
    return numpy.__version__


if __name__ == "__main__":
    sys.exit(main())
