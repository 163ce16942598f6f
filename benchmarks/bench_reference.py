"""How far pure Python is from compiled code: the reference backend's namespace against
NumPy's, family by family, measured in one run.

    python benchmarks/bench_reference.py [--quick] [--markdown]

Both sides get the same values (the reference arrays are imported from NumPy's through
DLPack) and run the same Array API call on their own namespace: ``gradarray_numpy.namespace``
and ``gradarray_reference.namespace``.  Times are the best of several repeats; "ratio" is
reference / NumPy.  The summary gives the geometric mean ratio of each family.  NumPy's BLAS
runs on one thread (unless ``OPENBLAS_NUM_THREADS``/``OMP_NUM_THREADS`` say otherwise), as the
reference backend does, so that a busy machine does not distort the linalg rows.
"""

from __future__ import annotations

import argparse
import datetime
import math
import os
import platform
import sys
import timeit
from collections.abc import Callable
from typing import Any

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")     # before NumPy loads its BLAS

import numpy as np  # noqa: E402

import gradarray_numpy.namespace as N  # noqa: E402
import gradarray_reference.namespace as R  # noqa: E402


def best_time(fn: Callable[[], Any], budget: float) -> float:
    """The best time of one call, repeating within about ``budget`` seconds."""
    t = timeit.Timer(fn)
    once = t.timeit(number=1)
    number = max(1, int(budget / 5 / max(once, 1e-7)))
    repeat = 3 if once * number * 3 <= budget else 2
    return min([once] + [x / number for x in t.repeat(repeat=repeat, number=number)])


def fmt(t: float) -> str:
    if t < 1e-3:
        return f"{t * 1e6:.1f} µs"
    if t < 1.0:
        return f"{t * 1e3:.2f} ms"
    return f"{t:.2f} s"


# (family, name, size description, setup -> (numpy args, function of (ns, *args)))
def cases(quick: bool) -> list[tuple[str, str, str, tuple[Any, ...], Callable[..., Any]]]:
    rng = np.random.default_rng(0)
    n = 10_000 if not quick else 1000
    side = 100 if not quick else 30
    m = 48 if not quick else 12
    v = rng.standard_normal(n)
    w = rng.standard_normal(n)
    f32 = v.astype(np.float32)
    i8 = rng.integers(-128, 127, n, dtype=np.int8)
    i64 = rng.integers(-10**6, 10**6, n)
    mat = rng.standard_normal((side, side))
    sq = rng.standard_normal((m, m)) + m * np.eye(m)
    spd = sq @ sq.T
    c = v + 1j * w
    mask = v > 0
    idx = rng.integers(0, n, n // 10)
    lst = v.tolist()
    sig = rng.standard_normal(4096 if not quick else 512)
    prime = rng.standard_normal(4099 if not quick else 509) + 0j
    img = rng.standard_normal((64, 64) if not quick else (16, 16))
    k = f"{n:,}"
    ms = f"{m}x{m}"
    out: list[tuple[str, str, str, tuple[Any, ...], Callable[..., Any]]] = [
        ("creation", "asarray(list)", k, (lst,), lambda ns, a: ns.asarray(a)),
        ("creation", "zeros", k, (n,), lambda ns, a: ns.zeros(a)),
        ("creation", "arange", k, (n,), lambda ns, a: ns.arange(a)),
        ("creation", "linspace", k, (n,), lambda ns, a: ns.linspace(0.0, 1.0, a)),
        ("elementwise", "add", k, (v, w), lambda ns, a, b: ns.add(a, b)),
        ("elementwise", "multiply float32", k, (f32, f32), lambda ns, a, b: a * b),
        ("elementwise", "x * 2.0 (scalar)", k, (v,), lambda ns, a: a * 2.0),
        ("elementwise", "add int8 (wraps)", k, (i8, i8), lambda ns, a, b: a + b),
        ("elementwise", "exp", k, (v,), lambda ns, a: ns.exp(a)),
        ("elementwise", "sin", k, (v,), lambda ns, a: ns.sin(a)),
        ("elementwise", "log (with NaNs)", k, (v,), lambda ns, a: ns.log(a)),
        ("elementwise", "divide", k, (v, w), lambda ns, a, b: a / b),
        ("elementwise", "less", k, (v, w), lambda ns, a, b: a < b),
        ("elementwise", "exp complex", k, (c,), lambda ns, a: ns.exp(a)),
        ("elementwise", "add broadcast", f"{side}x{side}", (mat, mat[0]),
         lambda ns, a, b: a + b),
        ("manipulation", "reshape (view)", f"{side}x{side}", (mat,),
         lambda ns, a: ns.reshape(a, (-1,))),
        ("manipulation", "transpose + copy", f"{side}x{side}", (mat,),
         lambda ns, a: ns.asarray(ns.permute_dims(a, (1, 0)), copy=True)),
        ("manipulation", "concat axis=1", f"{side}x{side}", (mat,),
         lambda ns, a: ns.concat([a, a], axis=1)),
        ("manipulation", "roll", k, (v,), lambda ns, a: ns.roll(a, 7)),
        ("manipulation", "stack", k, (v, w), lambda ns, a, b: ns.stack([a, b])),
        ("indexing", "x[1:-1:2] copy", k, (v,),
         lambda ns, a: ns.asarray(a[1:-1:2], copy=True)),
        ("indexing", "x[mask]", k, (v, mask), lambda ns, a, b: a[b]),
        ("indexing", "take", k, (v, idx), lambda ns, a, b: ns.take(a, b)),
        ("indexing", "x[mask] = 0", k, (v, mask), lambda ns, a, b: a.__setitem__(b, 0.0)),
        ("indexing", "x[i, j] (scalar)", f"{side}x{side}", (mat,), lambda ns, a: a[3, 4]),
        ("statistical", "sum", k, (v,), lambda ns, a: ns.sum(a)),
        ("statistical", "mean axis=0", f"{side}x{side}", (mat,),
         lambda ns, a: ns.mean(a, axis=0)),
        ("statistical", "var", k, (v,), lambda ns, a: ns.var(a)),
        ("statistical", "max", k, (v,), lambda ns, a: ns.max(a)),
        ("statistical", "cumulative_sum", k, (v,), lambda ns, a: ns.cumulative_sum(a)),
        ("statistical", "sum int64", k, (i64,), lambda ns, a: ns.sum(a)),
        ("searching", "argmax", k, (v,), lambda ns, a: ns.argmax(a)),
        ("searching", "where", k, (v, w), lambda ns, a, b: ns.where(a > b, a, b)),
        ("searching", "nonzero", k, (mask,), lambda ns, a: ns.nonzero(a)),
        ("searching", "searchsorted", k, (np.sort(v), w),
         lambda ns, a, b: ns.searchsorted(a, b)),
        ("sorting", "sort", k, (v,), lambda ns, a: ns.sort(a)),
        ("sorting", "argsort", k, (v,), lambda ns, a: ns.argsort(a)),
        ("sets", "unique_values", k, (i8,), lambda ns, a: ns.unique_values(a)),
        ("sets", "unique_all", k, (i8,), lambda ns, a: ns.unique_all(a)),
        ("sets", "isin", k, (i64, i64[:100]), lambda ns, a, b: ns.isin(a, b)),
        ("linalg", "matmul", f"{side}x{side}", (mat, mat), lambda ns, a, b: a @ b),
        ("linalg", "solve", ms, (sq, v[:m]), lambda ns, a, b: ns.linalg.solve(a, b)),
        ("linalg", "inv", ms, (sq,), lambda ns, a: ns.linalg.inv(a)),
        ("linalg", "det", ms, (sq,), lambda ns, a: ns.linalg.det(a)),
        ("linalg", "cholesky", ms, (spd,), lambda ns, a: ns.linalg.cholesky(a)),
        ("linalg", "qr", ms, (sq,), lambda ns, a: ns.linalg.qr(a)),
        ("linalg", "eigh", ms, (spd,), lambda ns, a: ns.linalg.eigh(a)),
        ("linalg", "svd", ms, (sq,), lambda ns, a: ns.linalg.svd(a)),
        ("linalg", "eig", ms, (sq,), lambda ns, a: ns.linalg.eig(a)),
        ("linalg", "vector_norm", k, (v,), lambda ns, a: ns.linalg.vector_norm(a)),
        ("fft", "fft 4096", str(len(sig)), (sig + 0j,), lambda ns, a: ns.fft.fft(a)),
        ("fft", "fft prime (Bluestein)", str(len(prime)), (prime,),
         lambda ns, a: ns.fft.fft(a)),
        ("fft", "rfft", str(len(sig)), (sig,), lambda ns, a: ns.fft.rfft(a)),
        ("fft", "fftn 2-D", "x".join(map(str, img.shape)), (img + 0j,),
         lambda ns, a: ns.fft.fftn(a)),
        ("dlpack", "numpy.from_dlpack(x)", k, (v,), None),
        ("dlpack", "from_dlpack(numpy)", k, (v,), None),
    ]
    return out


def _time_pair(name: str, fn: Callable[..., Any] | None, nat: tuple[Any, ...],
               refs: tuple[Any, ...], budget: float) -> tuple[float, float]:
    """(NumPy time, reference time) of one case."""
    if fn is None:      # DLPack in both directions
        if name.startswith("numpy"):
            return (best_time(lambda: np.from_dlpack(nat[0]), budget),
                    best_time(lambda: np.from_dlpack(refs[0]), budget))
        return (best_time(lambda: N.from_dlpack(nat[0]), budget),
                best_time(lambda: R.from_dlpack(nat[0]), budget))
    return (best_time(lambda: fn(N, *nat), budget), best_time(lambda: fn(R, *refs), budget))


def run(quick: bool) -> list[tuple[str, str, str, float, float]]:
    budget = 0.3 if quick else 1.0
    rows = []
    for family, name, size, args, fn in cases(quick):
        nat = tuple(N.asarray(a) if isinstance(a, np.ndarray) else a for a in args)
        refs = tuple(R.from_dlpack(a) if isinstance(a, np.ndarray) else a for a in args)
        tn, tr = _time_pair(name, fn, nat, refs, budget)
        rows.append((family, name, size, tn, tr))
        print(f"  {family:13s} {name:24s} {size:>8s}  numpy {fmt(tn):>10s}  reference "
              f"{fmt(tr):>10s}  x{tr / tn:,.0f}", file=sys.stderr)
    return rows


def table(rows: list[tuple[str, str, str, float, float]], markdown: bool) -> str:
    lines = []
    if markdown:
        lines += ["| family | operation | size | NumPy | reference | ratio |",
                  "|---|---|---|---:|---:|---:|"]
        for family, name, size, tn, tr in rows:
            lines.append(f"| {family} | {name} | {size} | {fmt(tn)} | {fmt(tr)} | "
                         f"{tr / tn:,.0f} |")
        lines += ["", "| family | geometric mean ratio |", "|---|---:|"]
    else:
        lines.append(f"{'family':13s} {'operation':24s} {'size':>8s} {'NumPy':>10s} "
                     f"{'reference':>10s} {'ratio':>8s}")
        for family, name, size, tn, tr in rows:
            lines.append(f"{family:13s} {name:24s} {size:>8s} {fmt(tn):>10s} {fmt(tr):>10s} "
                         f"{tr / tn:8,.0f}")
        lines.append("")
    families: dict[str, list[float]] = {}
    for family, _, _, tn, tr in rows:
        families.setdefault(family, []).append(tr / tn)
    for family, ratios in families.items():
        g = math.exp(sum(math.log(r) for r in ratios) / len(ratios))
        lines.append(f"| {family} | {g:,.0f} |" if markdown else f"{family:13s} {g:10,.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--quick", action="store_true", help="smaller sizes and budgets")
    p.add_argument("--markdown", action="store_true", help="print Markdown tables")
    args = p.parse_args(argv)
    rows = run(args.quick)
    print(f"Reference backend vs NumPy {np.__version__}, {datetime.date.today().isoformat()}, "
          f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python "
          f"{platform.python_version()}" + (" (--quick)" if args.quick else ""))
    print()
    print(table(rows, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
