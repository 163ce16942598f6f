"""Autograd speed and memory: gradarray against NumPy with a hand-written backward, PyTorch CPU,
MyGrad and HIPS autograd, measured in one run and printed as markdown tables.

    python benchmarks/bench_autograd.py [--backend numpy] [--quick] [--threads 1]
                                        [--only recording,sin,mlp,fit,memory]

1. recording: the cost of one operation on 4 elements when its input requires grad (the graph
   is recorded), beside the same operation without gradients, against PyTorch.
2. sin: forward and backward of ``sum(sin(x) * x)`` on 4 and 10^6 elements.
3. mlp: one training step of a 784-256-256-10 ReLU MLP (batch 128, float32, softmax
   cross-entropy, SGD lr 0.1); the ratio is to the same program written with NumPy and a
   hand-written backward.  Every implementation must give the same loss before and after
   one step from the same weights (checked, so the comparison is of the same computation).
4. fit: the tutorial's curve fit (``5x^2 + 3`` by a quadratic, 1000 steps of a hand-written
   Adam with lr 0.1) on the same data; the final weights are checked to agree.
5. memory: the peak of one MLP step at batch 1024 (tracemalloc, which sees NumPy's array
   buffers) and the growth of memory over 10^4 training steps.

Times are the best of several repeats (timeit), taken round-robin across the libraries after
a warm-up, so that a burst of load on a shared machine hits all of them alike.  Libraries
that are not installed get "-" (``pip install -e ".[bench]"`` installs them).
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _harness import (
    best_time,
    environment,
    fmt_bytes,
    fmt_ratio,
    fmt_time,
    limit_threads,
    optional,
    table,
)

SECTIONS = ("recording", "sin", "mlp", "fit", "memory")
OTHERS = ("torch", "mygrad", "autograd")
NAMES = {"torch": "PyTorch", "mygrad": "MyGrad", "autograd": "HIPS autograd"}


@dataclass(frozen=True)
class Plan:
    """How much to repeat: the full run, or a smoke run (--quick)."""

    tiny: tuple[int, int]          # (calls per repeat, repeats) for one tiny op
    sin_tiny: tuple[int, int]
    sin_large: tuple[int, int]
    mlp: tuple[int, int]
    fit_steps: int
    fit_repeat: int
    peak_batch: int
    growth_steps: int
    growth_mark: int               # memory is read at this step and at growth_steps


FULL = Plan(tiny=(20000, 7), sin_tiny=(3000, 7), sin_large=(10, 7), mlp=(10, 7),
            fit_steps=1000, fit_repeat=5, peak_batch=1024, growth_steps=10000,
            growth_mark=1000)
QUICK = Plan(tiny=(300, 2), sin_tiny=(50, 2), sin_large=(1, 2), mlp=(1, 2),
             fit_steps=50, fit_repeat=1, peak_batch=1024, growth_steps=60, growth_mark=20)


def compare(fns: dict[str, Callable[[], Any] | None], number: int, repeat: int,
            warmup: int = 3) -> dict[str, float | None]:
    """The best time per call of each function, repeats interleaved across the functions."""
    live = {k: f for k, f in fns.items() if f is not None}
    for f in live.values():
        for _ in range(warmup):
            f()
    best: dict[str, float | None] = {k: None for k in fns}
    for _ in range(repeat):
        for k, f in live.items():
            t = best_time(f, number, 1)
            b = best[k]
            best[k] = t if b is None else min(b, t)
    return best


class Bench:
    def __init__(self, backend: str, plan: Plan, threads: int) -> None:
        import numpy as np

        import gradarray as xp
        from gradarray._device import runtime
        self.np = np
        self.xp = xp
        self.device = runtime(backend).devices[0]
        self.plan = plan
        self.missing: dict[str, str] = {}
        self.libs = {name: optional(name, self.missing) for name in OTHERS}
        self.threads = threads
        if self.libs["torch"] is not None:
            self.libs["torch"].set_num_threads(threads)

    def has(self, name: str) -> bool:
        return self.libs[name] is not None

    # ------------------------------------------------------------ 1. recording overhead
    def recording(self) -> str:
        np, xp, dev = self.np, self.xp, self.device
        torch = self.libs["torch"]
        rng = np.random.default_rng(1)
        a_np, b_np = rng.random(4, dtype=np.float32), rng.random(4, dtype=np.float32)
        a = xp.asarray(a_np, copy=True, device=dev, requires_grad=True)
        a0 = xp.asarray(a_np, copy=True, device=dev)
        b = xp.asarray(b_np, copy=True, device=dev)
        ops: dict[str, tuple[Callable[..., Any], Callable[..., Any] | None, Callable[..., Any]]] = {
            "multiply": (xp.multiply, torch.mul if torch else None, np.multiply),
            "add": (xp.add, torch.add if torch else None, np.add),
            "exp": (lambda u, v: xp.exp(u), (lambda u, v: torch.exp(u)) if torch else None,
                    lambda u, v: np.exp(u)),
            "sum": (lambda u, v: xp.sum(u), (lambda u, v: torch.sum(u)) if torch else None,
                    lambda u, v: np.sum(u)),
        }
        if torch is not None:
            ta = torch.from_numpy(a_np.copy()).requires_grad_()
            ta0 = torch.from_numpy(a_np.copy())
            tb = torch.from_numpy(b_np.copy())
        rows = []
        number, repeat = self.plan.tiny
        for name, (g, t, n) in ops.items():
            res = compare({
                "ga": lambda g=g: g(a, b), "ga0": lambda g=g: g(a0, b),
                "t": (lambda t=t: t(ta, tb)) if t is not None else None,
                "t0": (lambda t=t: t(ta0, tb)) if t is not None else None,
                "np": lambda n=n: n(a_np, b_np),
            }, number, repeat)
            rows.append([name, fmt_time(res["ga"]), fmt_time(res["t"]),
                         fmt_ratio(res["ga"], res["t"]), fmt_time(res["ga0"]), fmt_time(res["t0"]),
                         fmt_time(res["np"])])
        return ("### Recording overhead: one op on 4 float32 elements, the first input "
                "requires grad\n\n" + table(
                    ["op", "gradarray, recorded", "PyTorch, recorded", "gradarray / PyTorch",
                     "gradarray, no grad", "PyTorch, no grad", "raw NumPy"],
                    rows, [False] + [True] * 6))

    # ------------------------------------------------------------ 2. sum(sin(x) * x)
    def sin(self) -> str:
        import autograd_programs as P
        np = self.np
        rows = []
        for size, (number, repeat) in ((4, self.plan.sin_tiny), (10**6, self.plan.sin_large)):
            x = np.random.default_rng(2).standard_normal(size).astype(np.float32)
            fns = {
                "gradarray": P.gradarray_sin(x, self.device),
                "numpy": P.numpy_sin(x),
                "torch": P.torch_sin(x) if self.has("torch") else None,
                "mygrad": P.mygrad_sin(x) if self.has("mygrad") else None,
                "autograd": P.autograd_sin(x) if self.has("autograd") else None,
            }
            want = fns["numpy"]()  # type: ignore[misc]
            for k, f in fns.items():
                if f is not None:
                    got = P.to_numpy(f())
                    np.testing.assert_allclose(got, want, rtol=2e-5, atol=2e-6,
                                               err_msg=f"sum(sin(x)*x): {k}'s gradient differs")
            res = compare(fns, number, repeat)
            rows.append([f"{size:,}"] + [fmt_time(res[k]) for k in fns]
                        + [fmt_ratio(res["gradarray"], res["torch"]),
                           fmt_ratio(res["gradarray"], res["numpy"])])
        return ("### Forward and backward of `sum(sin(x) * x)`, float32 (gradients checked "
                "equal)\n\n" + table(
                    ["elements", "gradarray", "NumPy by hand", "PyTorch", "MyGrad",
                     "HIPS autograd", "gradarray / PyTorch", "gradarray / NumPy"],
                    rows, [True] * 8))

    # ------------------------------------------------------------ 3. MLP training step
    def mlp_builders(self) -> dict[str, Callable[..., Callable[[], Any]] | None]:
        import autograd_programs as P
        dev = self.device
        return {
            "NumPy, backward by hand": P.numpy_mlp,
            "gradarray": lambda *a: P.gradarray_mlp(*a, device=dev),
            "gradarray (nn.functional, optim.SGD)": lambda *a: P.gradarray_mlp_fused(*a, device=dev),
            "PyTorch (same program)": P.torch_mlp if self.has("torch") else None,
            "PyTorch (F.linear/relu/cross_entropy)": (P.torch_mlp_fused if self.has("torch")
                                                      else None),
            "MyGrad": P.mygrad_mlp if self.has("mygrad") else None,
            "HIPS autograd": P.autograd_mlp if self.has("autograd") else None,
        }

    def mlp(self) -> str:
        import autograd_programs as P
        np = self.np
        params, x, onehot = P.mlp_data(128)
        builders = self.mlp_builders()
        # the same loss before and after one step: same forward, same gradients
        ref: list[float] = []
        losses: dict[str, list[float]] = {}
        for k, b in builders.items():
            if b is None:
                continue
            step = b(params, x, onehot, 0.1)
            losses[k] = [float(P.to_numpy(step())) for _ in range(2)]
            if not ref:
                ref = losses[k]
            np.testing.assert_allclose(losses[k], ref, rtol=1e-4,
                                       err_msg=f"MLP: {k}'s losses differ from NumPy's")
        worst = max(abs(a / b - 1) for v in losses.values() for a, b in zip(v, ref))
        fns = {k: (b(params, x, onehot, 0.1) if b is not None else None)
               for k, b in builders.items()}
        number, repeat = self.plan.mlp
        res = compare(fns, number, repeat)
        base = res["NumPy, backward by hand"]
        rows = [[k, fmt_time(t), fmt_ratio(t, base)] for k, t in res.items()]
        return ("### MLP training step: 784-256-256-10 ReLU, batch 128, float32, softmax "
                "cross-entropy, SGD lr 0.1\n\n" + table(
                    ["implementation", "time per step", "vs NumPy by hand"], rows,
                    [False, True, True]) +
                f"\n\nEvery implementation gives the loss {ref[0]:.6f} before and {ref[1]:.6f} "
                f"after one step from the same weights and batch (largest relative difference "
                f"{worst:.1e}).")

    # ------------------------------------------------------------ 4. curve fit with Adam
    def fit(self) -> str:
        import autograd_programs as P
        np = self.np
        steps = self.plan.fit_steps
        w0, xs = P.fit_data(steps)
        builders: dict[str, Callable[..., Callable[[int], Any]] | None] = {
            "NumPy, backward by hand": P.numpy_fit,
            "gradarray": lambda w, d: P.gradarray_fit(w, d, device=self.device),
            "PyTorch": P.torch_fit if self.has("torch") else None,
            "MyGrad": P.mygrad_fit if self.has("mygrad") else None,
            "HIPS autograd": P.autograd_fit if self.has("autograd") else None,
        }
        runs = {k: (b(w0, xs) if b is not None else None) for k, b in builders.items()}
        finals: dict[str, Any] = {}
        ref10 = None
        for k, run in runs.items():
            if run is None:
                continue
            w10 = run(10)
            ref10 = w10 if ref10 is None else ref10
            np.testing.assert_allclose(w10, ref10, rtol=1e-4, atol=1e-5,
                                       err_msg=f"fit: {k}'s weights after 10 steps differ")
            finals[k] = run(steps).ravel()
        ref = finals["NumPy, backward by hand"]
        for k, w in finals.items():
            np.testing.assert_allclose(w, ref, atol=2e-2,
                                       err_msg=f"fit: {k}'s final weights differ from NumPy's")
        res = compare({k: ((lambda r=run: r(steps)) if run is not None else None)
                       for k, run in runs.items()}, 1, self.plan.fit_repeat, warmup=1)
        base = res["NumPy, backward by hand"]
        rows = [[k, fmt_time(t), fmt_time(t / steps if t is not None else None),
                 fmt_ratio(t, base)] for k, t in res.items()]
        return (f"### The tutorial's curve fit: {steps} steps of Adam (lr {P.ADAM_LR}) fitting "
                f"5x^2 + 3 by w . [x^2, x, 1], 100 points a step\n\n" + table(
                    ["implementation", f"{steps} steps", "per step", "vs NumPy by hand"], rows,
                    [False, True, True, True]) +
                f"\n\nEvery implementation ends at w = [{', '.join(f'{v:.4f}' for v in ref)}] "
                f"(weights after 10 steps equal to 1e-4; final weights to 2e-2).")

    # ------------------------------------------------------------ 5. memory
    def memory(self) -> str:
        import autograd_programs as P
        params, x, onehot = P.mlp_data(self.plan.peak_batch)
        rows = []
        base = None
        for k, b in self.mlp_builders().items():
            if b is None or "PyTorch" in k:
                continue   # PyTorch's allocator is invisible to tracemalloc
            peak, live = _traced_peak(b(params, x, onehot, 0.1))
            base = peak if base is None else base
            rows.append([k, fmt_bytes(peak), fmt_ratio(peak, base), fmt_bytes(live)])
        out = (f"### Peak memory of one MLP training step, batch {self.plan.peak_batch}\n\n"
               "Measured with tracemalloc (NumPy reports its array buffers to it): the highest "
               "traced memory during one step, above what was live before it (weights and data "
               "excluded); after two warm-up steps. PyTorch's allocator is not visible to "
               "tracemalloc and is left out.\n\n" + table(
                   ["implementation", "peak during a step", "vs NumPy by hand",
                    "live after the step"], rows, [False, True, True, True]))
        mark, total = self.plan.growth_mark, self.plan.growth_steps
        grows = []
        w0, xs = P.fit_data(total)
        params, x, onehot = P.mlp_data(32)
        programs: dict[str, Callable[[Callable[[int], None]], None]] = {
            "curve fit (Adam, 100 points)":
                lambda cb: P.gradarray_fit(w0, xs, device=self.device)(total, cb),
            "MLP 784-256-256-10, batch 32":
                lambda cb: _loop(P.gradarray_mlp(params, x, onehot, 0.01, device=self.device),
                                 total, cb),
        }
        for name, prog in programs.items():
            marks: dict[int, tuple[int, int | None]] = {}
            tracemalloc.start()
            try:
                prog(lambda t, marks=marks: _mark(t, (mark, total), marks))
            finally:
                tracemalloc.stop()
            (c1, r1), (c2, r2) = marks[mark], marks[total]
            grows.append([f"gradarray, {name}", fmt_bytes(c1), fmt_bytes(c2), fmt_bytes(c2 - c1),
                          fmt_bytes(r1), fmt_bytes(r2),
                          fmt_bytes(r2 - r1) if r1 is not None and r2 is not None else "-"])
        out += (f"\n\n### Memory over {total:,} training steps\n\n"
                f"Traced memory (tracemalloc, after gc.collect()) and resident set size at "
                f"step {mark:,} and at step {total:,}.\n\n" + table(
                    ["program", f"traced at {mark:,}", f"traced at {total:,}", "growth",
                     f"RSS at {mark:,}", f"RSS at {total:,}", "growth"],
                    grows, [False] + [True] * 6))
        return out

    def run(self, sections: list[str], backend: str) -> None:
        """Print the header, then each section's tables as soon as they are measured."""
        print(f"## Autograd benchmarks (backend {backend})\n")
        print(environment({NAMES[k]: v for k, v in self.libs.items()},
                          {NAMES[k]: v for k, v in self.missing.items()}, self.threads),
              flush=True)
        for s in sections:
            print("\n" + getattr(self, s)(), flush=True)


def _loop(step: Callable[[], Any], steps: int, cb: Callable[[int], None]) -> None:
    for t in range(1, steps + 1):
        step()
        cb(t)


def _rss() -> int | None:
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


def _mark(t: int, at: tuple[int, ...], marks: dict[int, tuple[int, int | None]]) -> None:
    if t in at:
        gc.collect()
        marks[t] = (tracemalloc.get_traced_memory()[0], _rss())


def _traced_peak(step: Callable[[], Any]) -> tuple[int, int]:
    """The peak of traced memory during one step above the memory live before it."""
    tracemalloc.start()
    try:
        step()
        step()
        gc.collect()
        tracemalloc.reset_peak()
        before = tracemalloc.get_traced_memory()[0]
        out = step()
        peak = tracemalloc.get_traced_memory()[1] - before
        del out
        gc.collect()
        live = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    return peak, live


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--backend", default=os.environ.get("GRADARRAY_BACKEND", "numpy"))
    p.add_argument("--quick", action="store_true", help="few repetitions (a smoke run)")
    p.add_argument("--threads", type=int, default=1,
                   help="threads for BLAS and PyTorch (default 1: the machine is shared)")
    p.add_argument("--only", default=",".join(SECTIONS),
                   help=f"comma-separated sections to run, of {', '.join(SECTIONS)}")
    args = p.parse_args(argv)
    sections = [s.strip() for s in args.only.split(",") if s.strip()]
    bad = [s for s in sections if s not in SECTIONS]
    if bad:
        p.error(f"--only: unknown section(s) {', '.join(bad)}; choose from {', '.join(SECTIONS)}")
    limit_threads(args.threads)
    Bench(args.backend, QUICK if args.quick else FULL, args.threads).run(sections, args.backend)
    return 0


if __name__ == "__main__":
    sys.exit(main())
