"""What every benchmark script shares: timing, optional libraries, the header and tables.

Kept free of gradarray imports so that a script can fix the BLAS thread count (which has to
happen before NumPy is imported) and then import everything else.
"""

from __future__ import annotations

import datetime
import importlib
import importlib.metadata
import os
import platform
import subprocess
import sys
import timeit
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def limit_threads(n: int) -> None:
    """Ask the BLAS libraries for ``n`` threads; must run before NumPy or PyTorch is imported."""
    for var in _THREAD_VARS:
        os.environ[var] = str(n)


def best_time(fn: Callable[[], Any], number: int, repeat: int) -> float:
    """The best time of one call of ``fn``: ``repeat`` runs of ``number`` calls each (timeit)."""
    t = timeit.Timer(fn)
    return min(t.repeat(repeat=repeat, number=number)) / number


def optional(name: str, missing: dict[str, str]) -> ModuleType | None:
    """Import the comparison library ``name``, or record why it cannot be used and give None."""
    try:
        return importlib.import_module(name)
    except Exception as e:   # not installed, or broken against this NumPy: the column says "-"
        missing[name] = f"{type(e).__name__}: {e}".splitlines()[0]
        return None


def fmt_time(t: float | None) -> str:
    if t is None:
        return "-"
    if t < 1e-3:
        return f"{t * 1e6:.2f} µs"
    if t < 1.0:
        return f"{t * 1e3:.2f} ms"
    return f"{t:.2f} s"


def fmt_bytes(n: float | None) -> str:
    if n is None:
        return "-"
    sign = "-" if n < 0 else ""
    n = abs(n)
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{sign}{n:.0f} {unit}" if unit == "B" else f"{sign}{n:.2f} {unit}"
        n /= 1024
    raise AssertionError("unreachable")


def fmt_ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.2f}" if a is not None and b else "-"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], right: Sequence[bool]) -> str:
    """A markdown table; ``right`` says which columns are right-aligned (numbers)."""
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---:" if r else "---" for r in right) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _git_commit(here: str) -> str:
    """The commit of the checkout that holds ``here`` ("(modified)" with uncommitted changes)."""
    try:
        out = subprocess.run(["git", "-C", here, "rev-parse", "--short", "HEAD"],
                             check=False, capture_output=True, text=True, timeout=10)
        dirty = subprocess.run(["git", "-C", here, "status", "--porcelain", "--untracked-files=no"],
                               check=False, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    if out.returncode != 0:
        return "unknown"
    return out.stdout.strip() + (" (modified)" if dirty.stdout.strip() else "")


def version(module: ModuleType) -> str:
    """A library's version: its ``__version__``, else its distribution's (HIPS autograd)."""
    v = getattr(module, "__version__", None)
    if v is None:
        try:
            v = importlib.metadata.version(module.__name__)
        except importlib.metadata.PackageNotFoundError:
            v = "?"
    return str(v)


def environment(libraries: dict[str, ModuleType | None], missing: dict[str, str],
                threads: int) -> str:
    """Date, machine, load and library versions, as a markdown list."""
    import numpy as np

    import gradarray
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    versions = [f"gradarray {getattr(gradarray, '__version__', '?')} "
                f"(git {_git_commit(os.path.dirname(gradarray.__file__))}, "
                f"{os.path.dirname(gradarray.__file__)})",
                f"NumPy {np.__version__}"]
    for name, mod in libraries.items():
        versions.append(f"{name} {version(mod)}" if mod is not None
                        else f"{name} not available ({missing.get(name, 'not installed')})")
    return "\n".join([
        f"- date: {datetime.datetime.now().isoformat(timespec='seconds')}",
        f"- machine: {_cpu_model()}, {os.cpu_count()} CPUs, {platform.system()} "
        f"{platform.release()}; load average at start {load}",
        f"- Python {platform.python_version()} ({sys.executable})",
        f"- libraries: {', '.join(versions)}",
        f"- threads: {threads} for every library (BLAS via {'/'.join(_THREAD_VARS)}, "
        f"PyTorch via torch.set_num_threads)",
    ])


DOC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "docs",
                   "benchmarks.md")


def write_section(heading: str, body: str, doc: str = DOC) -> None:
    """Put ``heading`` (a ``## `` line) and ``body`` into ``doc``, replacing the section of that
    heading if there is one (up to the next ``## ``), else appending it."""
    text = ""
    if os.path.exists(doc):
        with open(doc) as fh:
            text = fh.read()
    section = f"{heading}\n\n{body.strip(chr(10))}\n"
    if heading + "\n" in text:
        start = text.index(heading + "\n")
        nxt = text.find("\n## ", start + len(heading))
        text = text[:start] + section + ("\n" + text[nxt + 1:] if nxt != -1 else "")
    else:
        text = (text.rstrip("\n") + "\n\n" if text else "# Benchmarks\n\n") + section
    os.makedirs(os.path.dirname(doc), exist_ok=True)
    with open(doc, "w") as fh:
        fh.write(text)
    print(f"wrote {doc}")
