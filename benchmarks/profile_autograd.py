"""Where gradarray's time goes in the programs of bench_autograd.py: cProfile of many steps.

    python benchmarks/profile_autograd.py [--program sin4|mlp|mlp_fused|fit|multiply|sum|all]
                                          [--steps N] [--top 25] [--sort tottime]

Prints, per program, the time per step without the profiler, then the functions with the
highest own time (``tottime``), as file:function with calls per step and microseconds per
step.  cProfile adds a cost to every Python call, so read the ranking, not the absolute sizes.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from collections.abc import Callable
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _harness import limit_threads


def programs() -> dict[str, tuple[Callable[[], Any], int]]:
    """Each program: (one step, default number of steps to profile)."""
    import autograd_programs as P
    import numpy as np

    import gradarray as xp
    a = xp.asarray(np.random.default_rng(1).random(4, dtype=np.float32), requires_grad=True)
    b = xp.asarray(np.random.default_rng(2).random(4, dtype=np.float32))
    x4 = np.random.default_rng(2).standard_normal(4).astype(np.float32)
    params, x, onehot = P.mlp_data(128)
    w0, xs = P.fit_data(1)
    fit = P.gradarray_fit(w0, xs)
    return {
        "multiply": (lambda: xp.multiply(a, b), 100000),
        "sum": (lambda: xp.sum(a), 100000),
        "sin4": (P.gradarray_sin(x4), 20000),
        "fit": (lambda: fit(1), 5000),
        "mlp": (P.gradarray_mlp(params, x, onehot, 0.01), 200),
        "mlp_fused": (P.gradarray_mlp_fused(params, x, onehot, 0.01), 200),
    }


def profile(name: str, step: Callable[[], Any], steps: int, top: int, sort: str) -> None:
    for _ in range(min(steps, 50)):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    plain = (time.perf_counter() - t0) / steps
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(steps):
        step()
    prof.disable()
    stats = pstats.Stats(prof)
    rows = []
    for (file, line, fn), (_, ncalls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{_short(file)}:{line}:{fn}"
        rows.append((tottime if sort == "tottime" else cumtime, ncalls, tottime, cumtime, where))
    rows.sort(reverse=True)
    total = sum(r[2] for r in rows)
    print(f"\n## {name}: {plain * 1e6:.1f} µs per step without the profiler, "
          f"{total / steps * 1e6:.1f} µs with it\n")
    print("| own µs/step | cum µs/step | calls/step | function |")
    print("|---:|---:|---:|---|")
    for _, ncalls, tt, ct, where in rows[:top]:
        print(f"| {tt / steps * 1e6:.2f} | {ct / steps * 1e6:.2f} | {ncalls / steps:.1f} | "
              f"{where} |")


def _short(file: str) -> str:
    for marker in ("/gradarray/", "/gradarray_numpy/", "/numpy/", "/array_api_compat/"):
        i = file.rfind(marker)
        if i >= 0:
            return file[i + 1:]
    return os.path.basename(file) if file != "~" else "builtin"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--program", default="all")
    p.add_argument("--steps", type=int, default=0, help="steps to profile (0: per program)")
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--sort", choices=("tottime", "cumtime"), default="tottime")
    args = p.parse_args(argv)
    limit_threads(1)
    progs = programs()
    names = list(progs) if args.program == "all" else args.program.split(",")
    for name in names:
        if name not in progs:
            p.error(f"--program: unknown {name!r}; choose from {', '.join(progs)} or all")
        step, steps = progs[name]
        profile(name, step, args.steps or steps, args.top, args.sort)
    return 0


if __name__ == "__main__":
    sys.exit(main())
