"""Training-step benchmark: gradarray's nn/optim against PyTorch CPU, in the same run.

Two models, each timed as one full training step (forward, loss, zero_grad, backward,
optimizer step):

* MLP: 784-256-256-10 with ReLU, batch 128, float32, softmax cross-entropy, SGD;
* LeNet: the tutorial's network (conv 5x5 -> 6, max-pool 2, conv 5x5 -> 16, max-pool 2,
  120-84-10), batch 64 of 1x32x32 images, float32, cross-entropy, SGD.

The two libraries run interleaved (a block of gradarray steps, then a block of PyTorch steps,
repeated) so that load from other processes hits both alike; the reported time per step is
the median over blocks, with the fastest block beside it.  PyTorch is optional: without it
only gradarray's times are printed.

    python benchmarks/bench_training.py                # GRADARRAY_BACKEND picks the backend
    python benchmarks/bench_training.py --threads 1    # both libraries on one thread
    python benchmarks/bench_training.py --write        # both settings, into docs/benchmarks.md
    python benchmarks/bench_training.py --quick        # a few steps, for tests
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import gradarray as xp
import gradarray.nn.functional as F
from gradarray import nn

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOC = os.path.join(ROOT, "docs", "benchmarks.md")
SECTION = "## Training steps"


# ------------------------------------------------------------------ models
class MLP(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.fc1 = nn.Linear(784, 256)
        self.fc2 = nn.Linear(256, 256)
        self.fc3 = nn.Linear(256, 10)

    def forward(self, x: Any) -> Any:
        return self.fc3(F.relu(self.fc2(F.relu(self.fc1(x)))))


class LeNet(nn.Module):
    def __init__(self) -> None:
        super().__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)
        self.conv2 = nn.Conv2d(6, 16, 5)
        self.fc1 = nn.Linear(16 * 5 * 5, 120)
        self.fc2 = nn.Linear(120, 84)
        self.fc3 = nn.Linear(84, 10)

    def forward(self, x: Any) -> Any:
        x = F.max_pool2d(F.relu(self.conv1(x)), (2, 2))
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = xp.reshape(x, (x.shape[0], -1))
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


def gradarray_step(model_cls: type, shape: tuple[int, ...]) -> Callable[[], Any]:
    xp.manual_seed(0)
    model = model_cls()
    opt = xp.optim.SGD(model.parameters(), lr=0.01)
    x = xp.random.randn(*shape, dtype=xp.float32)
    y = xp.random.randint(0, 10, (shape[0],))

    def step() -> Any:
        loss = F.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss
    return step


def torch_step(torch: Any, kind: str, shape: tuple[int, ...]) -> Callable[[], Any]:
    tnn = torch.nn
    tF = torch.nn.functional
    torch.manual_seed(0)
    if kind == "mlp":
        model = tnn.Sequential(tnn.Linear(784, 256), tnn.ReLU(), tnn.Linear(256, 256),
                               tnn.ReLU(), tnn.Linear(256, 10))
    else:
        class TLeNet(tnn.Module):
            def __init__(self) -> None:
                super().__init__()
                self.conv1 = tnn.Conv2d(1, 6, 5)
                self.conv2 = tnn.Conv2d(6, 16, 5)
                self.fc1 = tnn.Linear(400, 120)
                self.fc2 = tnn.Linear(120, 84)
                self.fc3 = tnn.Linear(84, 10)

            def forward(self, x: Any) -> Any:
                x = tF.max_pool2d(tF.relu(self.conv1(x)), (2, 2))
                x = tF.max_pool2d(tF.relu(self.conv2(x)), 2)
                x = x.view(x.shape[0], -1)
                return self.fc3(tF.relu(self.fc2(tF.relu(self.fc1(x)))))
        model = TLeNet()
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    x = torch.randn(*shape)
    y = torch.randint(0, 10, (shape[0],))

    def step() -> Any:
        loss = tF.cross_entropy(model(x), y)
        opt.zero_grad()
        loss.backward()
        opt.step()
        return loss
    return step


# ------------------------------------------------------------------ timing
def timed_blocks(steps: dict[str, Callable[[], Any]], block: int, blocks: int
                 ) -> dict[str, list[float]]:
    """Seconds per step of each block, the contenders taking turns block by block."""
    out: dict[str, list[float]] = {k: [] for k in steps}
    for fn in steps.values():       # warm up (allocations, first-call imports)
        for _ in range(max(3, block // 4)):
            fn()
    for _ in range(blocks):
        for name, fn in steps.items():
            t0 = time.perf_counter()
            for _ in range(block):
                fn()
            out[name].append((time.perf_counter() - t0) / block)
    return out


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}"


def versions(torch: Any) -> str:
    import numpy
    v = f"Python {platform.python_version()}, NumPy {numpy.__version__}"
    if torch is not None:
        v += f", PyTorch {torch.__version__} ({torch.get_num_threads()} threads)"
    return v


def measure(args: argparse.Namespace, torch: Any) -> list[dict[str, Any]]:
    rows = []
    for kind, cls, shape in (("mlp", MLP, (128, 784)), ("lenet", LeNet, (64, 1, 32, 32))):
        steps = {"gradarray": gradarray_step(cls, shape)}
        if torch is not None:
            steps["torch"] = torch_step(torch, kind, shape)
        res = timed_blocks(steps, args.block, args.blocks)
        g = res["gradarray"]
        row: dict[str, Any] = {"model": kind, "g_med": statistics.median(g), "g_min": min(g)}
        if torch is not None:
            t = res["torch"]
            row.update(t_med=statistics.median(t), t_min=min(t))
            row["ratio"] = row["g_med"] / row["t_med"]
        rows.append(row)
    return rows


NAMES = {"mlp": "MLP 784-256-256-10, batch 128", "lenet": "LeNet 1x32x32, batch 64"}


def table(rows: list[dict[str, Any]], backend: str) -> str:
    lines = [f"| model | gradarray ({backend}) ms/step | PyTorch CPU ms/step | ratio |",
             "|---|---|---|---|"]
    for r in rows:
        g = f"{r['g_med'] * 1e3:.2f} (min {r['g_min'] * 1e3:.2f})"
        if "t_med" in r:
            t = f"{r['t_med'] * 1e3:.2f} (min {r['t_min'] * 1e3:.2f})"
            ratio = f"{r['ratio']:.2f}x"
        else:
            t, ratio = "not installed", "-"
        lines.append(f"| {NAMES[r['model']]} | {g} | {t} | {ratio} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a few steps only (for tests)")
    ap.add_argument("--block", type=int, default=20, help="steps per timed block")
    ap.add_argument("--blocks", type=int, default=15, help="timed blocks per contender")
    ap.add_argument("--threads", type=int, default=None,
                    help="threads for both libraries (BLAS and PyTorch); they must be set "
                         "before NumPy loads, so the run moves to a fresh process")
    ap.add_argument("--no-torch", action="store_true", help="skip PyTorch even if installed")
    ap.add_argument("--json", action="store_true", help="print the raw results as JSON")
    ap.add_argument("--write", action="store_true",
                    help=f"run with the default threads and with one thread, and record both "
                         f"tables in {os.path.relpath(DOC, ROOT)}")
    args = ap.parse_args(argv)
    if args.quick:
        args.block, args.blocks = 2, 2
    if args.write and not args.quick:
        return _write_both(args)
    if args.threads is not None and \
            os.environ.get("GRADARRAY_BENCH_THREADS") != str(args.threads):
        return _rerun(args.threads, sys.argv[1:] if argv is None else argv)
    torch = None
    if not args.no_torch:
        try:
            import torch as _torch
            torch = _torch
            if args.threads is not None:
                torch.set_num_threads(args.threads)
        except ImportError:
            pass
    backend = xp.device(None).backend_name
    rows = measure(args, torch)
    if args.json:
        import json
        print(json.dumps({"rows": rows, "backend": backend, "versions": versions(torch)}))
    else:
        print(table(rows, backend))
    return 0


def _env(threads: int) -> dict[str, str]:
    env = dict(os.environ, GRADARRAY_BENCH_THREADS=str(threads))
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = str(threads)
    return env


def _rerun(threads: int, argv: list[str]) -> int:
    import subprocess
    return subprocess.call([sys.executable, os.path.abspath(__file__), *argv], env=_env(threads))


def _write_both(args: argparse.Namespace) -> int:
    import json
    import subprocess
    tables = []
    common = ["--json", "--block", str(args.block), "--blocks", str(args.blocks)]
    if args.no_torch:
        common.append("--no-torch")
    for label, threads in (("Default threads (two here: OpenBLAS and PyTorch each use both "
                            "cores)", None), ("One thread each", 1)):
        cmd = [sys.executable, os.path.abspath(__file__), *common]
        env = dict(os.environ)
        if threads is not None:
            cmd += ["--threads", str(threads)]
            env = _env(threads)
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
        res = json.loads(out.strip().splitlines()[-1])
        tables.append((label, table(res["rows"], res["backend"]), res))
        print(f"{label}:\n{tables[-1][1]}\n")
    _write(tables, args)
    return 0


def _write(tables: list[tuple[str, str, dict[str, Any]]], args: argparse.Namespace) -> None:
    today = datetime.date.today().isoformat()
    res = tables[0][2]
    body = (f"{SECTION}\n\n"
            f"One training step (forward, cross-entropy, zero_grad, backward, SGD step), float32, "
            f"median over {args.blocks} blocks of {args.block} steps with the two libraries "
            f"taking turns block by block (fastest block in brackets); ratio = gradarray / "
            f"PyTorch medians, below 1 is faster.\n\n"
            f"Recorded {today} on {machine()}; {res['versions']}; backend "
            f"`{res['backend']}`. The machine is shared: other processes load its two cores, "
            f"so medians move between runs and the fastest blocks are the steadier figures.\n"
            f"Command: `python benchmarks/bench_training.py --write`.\n")
    for label, tab, _ in tables:
        body += f"\n{label}:\n\n{tab}\n"
    text = ""
    if os.path.exists(DOC):
        with open(DOC) as fh:
            text = fh.read()
    if SECTION in text:
        start = text.index(SECTION)
        nxt = text.find("\n## ", start + len(SECTION))
        text = text[:start] + body + ("\n" + text[nxt + 1:] if nxt != -1 else "")
    else:
        if not text:
            text = "# Benchmarks\n"
        text = text.rstrip("\n") + "\n\n" + body
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    with open(DOC, "w") as fh:
        fh.write(text)
    print(f"wrote {os.path.relpath(DOC, ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
