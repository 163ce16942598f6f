"""The benchmark scripts run and print their tables (a smoke test: no timing is asserted).

They run in a subprocess, as a user runs them, on the NumPy backend: the benchmarks compare
gradarray with NumPy-based programs, and the pure-Python backend would take hours at these
sizes.  The comparison libraries (PyTorch, MyGrad, HIPS autograd) are optional.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks"
COMPARED = ("torch", "mygrad", "autograd")


def _run(*args: str, hide: tuple[str, ...] = ()) -> str:
    """Run a script with ``--quick``; the modules in ``hide`` fail to import, as if missing."""
    code = ("import runpy, sys\n"
            f"for name in {hide!r}:\n"
            "    sys.modules[name] = None   # `import name` now raises ImportError\n"
            f"sys.argv = {[str(BENCH / args[0]), *args[1:]]!r}\n"
            "runpy.run_path(sys.argv[0], run_name='__main__')\n")
    env = dict(os.environ, GRADARRAY_BACKEND="numpy")
    done = subprocess.run([sys.executable, "-c", code], check=False, capture_output=True, text=True,
                          timeout=600, env=env)
    assert done.returncode == 0, f"{args[0]} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def _tables(out: str) -> list[list[str]]:
    """The markdown tables of an output, each as its lines."""
    tables: list[list[str]] = []
    current: list[str] = []
    for line in out.splitlines() + [""]:
        if line.startswith("|"):
            current.append(line)
        elif current:
            tables.append(current)
            current = []
    return tables


def test_bench_autograd_quick_prints_every_section_as_a_table():
    out = _run("bench_autograd.py", "--quick")
    for title in ("Recording overhead", "sum(sin(x) * x)", "MLP training step",
                  "curve fit", "Peak memory", "Memory over"):
        assert title in out, f"section {title!r} missing from:\n{out}"
    tables = _tables(out)
    assert len(tables) == 6, out
    for t in tables:
        assert t[1].startswith("|---") and len(t) > 2, t
    assert "- date: " in out and "- machine: " in out and "NumPy " in out


def test_bench_autograd_without_comparison_libraries_prints_dashes():
    out = _run("bench_autograd.py", "--quick", "--only", "recording,sin,mlp,fit",
               hide=COMPARED)
    assert "PyTorch not available" in out and "MyGrad not available" in out
    sin_rows = [r for r in _tables(out)[1][2:]]
    for row in sin_rows:   # elements | gradarray | NumPy | PyTorch | MyGrad | HIPS | ratios
        cells = [c.strip() for c in row.strip("|").split("|")]
        assert cells[1] != "-" and cells[2] != "-", row
        assert cells[3:6] == ["-", "-", "-"], row
    mlp = "\n".join(_tables(out)[2])
    assert "| gradarray |" in mlp and "| MyGrad | - | - |" in mlp


def test_bench_autograd_rejects_an_unknown_section():
    done = subprocess.run([sys.executable, str(BENCH / "bench_autograd.py"), "--only", "nope"],
                          check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert "unknown section(s) nope" in done.stderr


def test_bench_ops_quick_prints_its_tables():
    out = _run("bench_ops.py", "--quick")
    tables = _tables(out)
    assert len(tables) == 2, out
    assert any("multiply" in line for line in tables[0])
