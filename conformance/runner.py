"""Locate the pinned suite, run it in a subprocess, parse its JSON report, record the result."""

from __future__ import annotations

import datetime as _dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PINS = json.loads((HERE / "pins.json").read_text())
RESULTS = HERE / "results.json"
DOC = ROOT / "docs" / "conformance.md"


class SuiteUnavailable(RuntimeError):
    pass


def _how_to_provide() -> str:
    s, spec = PINS["suite"], PINS["spec"]
    return (f"Provide the suite with --suite PATH or ARRAY_API_TESTS_DIR=PATH, where PATH is a "
            f"checkout of {s['repository']} at {s['commit']} whose '{spec['path']}' submodule is "
            f"{spec['repository']} at {spec['commit']}:\n"
            f"  git clone {s['repository']} PATH && git -C PATH checkout {s['commit']} && "
            f"git -C PATH submodule update --init")


def locate_suite(path: str | None = None) -> Path:
    """The suite's directory: ``path``, ``$ARRAY_API_TESTS_DIR``, ``../shared/array-api-tests``
    beside the checkout, or a pinned clone in the user cache (made on first use)."""
    shared = ROOT.parent / "shared" / "array-api-tests"   # the copy beside every checkout here
    for candidate in (path, os.environ.get("ARRAY_API_TESTS_DIR"),
                      str(shared) if (shared / "array_api_tests").is_dir() else None):
        if candidate:
            p = Path(candidate).expanduser().resolve()
            if not (p / "array_api_tests").is_dir():
                raise SuiteUnavailable(f"{p} is not an array-api-tests checkout (no "
                                       f"array_api_tests/ inside).\n{_how_to_provide()}")
            return p
    cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "gradarray" / \
        f"array-api-tests-{PINS['suite']['commit'][:12]}"
    if (cache / "array_api_tests").is_dir() and (cache / PINS["spec"]["path"] / "src").is_dir():
        return cache
    git = shutil.which("git")
    if git is None:
        raise SuiteUnavailable(f"git is not installed, so the suite cannot be fetched.\n"
                               f"{_how_to_provide()}")
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        if not (cache / ".git").is_dir():
            subprocess.run([git, "clone", "--quiet", PINS["suite"]["repository"], str(cache)],
                           check=True)
        subprocess.run([git, "-C", str(cache), "checkout", "--quiet", PINS["suite"]["commit"]],
                       check=True)
        subprocess.run([git, "-C", str(cache), "submodule", "update", "--init", "--quiet"],
                       check=True)
        subprocess.run([git, "-C", str(cache / PINS["spec"]["path"]), "checkout", "--quiet",
                        PINS["spec"]["commit"]], check=True)
    except (subprocess.CalledProcessError, OSError) as exc:
        raise SuiteUnavailable(f"cloning the suite into {cache} failed ({exc}).\n"
                               f"{_how_to_provide()}") from exc
    return cache


@dataclass
class Result:
    backend: str
    target: str                   # "gradarray" (over the backend) or "namespace" (alone)
    module: str
    api_version: str
    suite_commit: str
    max_examples: int
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    xfailed: int = 0
    seconds: float = 0.0
    date: str = ""
    machine: str = ""
    failures: list[str] = field(default_factory=list)
    skips: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{self.backend} [{self.target}]: {self.passed} passed, {self.failed} failed, "
                f"{self.errors} errors, {self.skipped} skipped in {self.seconds:.0f} s")


def _machine() -> str:
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs, Python " \
           f"{platform.python_version()}"


def _module_for(backend: str, namespace: bool) -> str:
    if not namespace:
        return "gradarray"
    if backend.startswith("module:"):
        return backend[len("module:"):]
    from gradarray.backend import get_backend
    return get_backend(backend).xp.__name__


def run_suite(backend: str, *, namespace: bool = False, suite: str | None = None,
              max_examples: int | None = None, extra: list[str] | None = None,
              quiet: bool = True) -> Result:
    """Run the pinned suite against gradarray (or the backend's namespace) on ``backend``."""
    path = locate_suite(suite)
    module = _module_for(backend, namespace)
    env = dict(os.environ)
    env["ARRAY_API_TESTS_MODULE"] = module
    env["ARRAY_API_TESTS_VERSION"] = PINS["api_version"]
    env["GRADARRAY_BACKEND"] = backend
    env.setdefault("PYTHONHASHSEED", "0")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        cmd = [sys.executable, "-m", "pytest", "array_api_tests", "--rootdir", str(path),
               "-p", "no:cacheprovider", "--hypothesis-derandomize", "-W", "ignore",
               "--json-report", f"--json-report-file={report}", "--json-report-omit",
               "collectors", "log", "keywords", "streams", "-q", "--tb=line"]
        if max_examples is not None:
            cmd += ["--max-examples", str(max_examples)]
        cmd += list(extra or [])
        start = time.monotonic()
        proc = subprocess.run(cmd, cwd=path, env=env, text=True,
                              stdout=subprocess.PIPE if quiet else None,
                              stderr=subprocess.STDOUT if quiet else None)
        seconds = time.monotonic() - start
        if not report.exists():
            tail = (proc.stdout or "")[-3000:]
            raise RuntimeError(f"the suite did not run (exit code {proc.returncode}):\n{tail}")
        data = json.loads(report.read_text())
    summary = data.get("summary", {})
    res = Result(backend=backend, target="namespace" if namespace else "gradarray",
                 module=module, api_version=PINS["api_version"],
                 suite_commit=PINS["suite"]["commit"],
                 max_examples=max_examples if max_examples is not None else 100,
                 passed=summary.get("passed", 0), failed=summary.get("failed", 0),
                 errors=summary.get("error", 0), skipped=summary.get("skipped", 0),
                 xfailed=summary.get("xfailed", 0), seconds=round(seconds, 1),
                 date=_dt.date.today().isoformat(), machine=_machine())
    skip_reasons: dict[str, int] = {}
    for t in data.get("tests", []):
        outcome = t.get("outcome")
        if outcome in ("failed", "error"):
            msg = ""
            for phase in ("setup", "call", "teardown"):
                info = t.get(phase) or {}
                if info.get("outcome") in ("failed", "error"):
                    crash = info.get("crash") or {}
                    msg = crash.get("message", "") or info.get("longrepr", "")[:300]
                    break
            res.failures.append(f"{t['nodeid']}: {msg.splitlines()[0] if msg else ''}"[:400])
        elif outcome == "skipped":
            reason = ""
            for phase in ("setup", "call"):
                info = t.get(phase) or {}
                lr = info.get("longrepr")
                if lr:
                    reason = str(lr)
                    break
            reason = reason.rsplit("Skipped: ", 1)[-1].strip(" ')\"") or "no reason given"
            key = f"{t['nodeid'].split('[')[0]}: {reason}"
            skip_reasons[key] = skip_reasons.get(key, 0) + 1
    res.skips = [f"{k} (x{n})" if n > 1 else k for k, n in sorted(skip_reasons.items())]
    return res


def _load_results() -> dict[str, dict[str, object]]:
    if RESULTS.exists():
        return json.loads(RESULTS.read_text())
    return {}


def record(res: Result) -> None:
    """Store ``res`` in conformance/results.json and rewrite docs/conformance.md from it."""
    rows = _load_results()
    key = f"{res.backend}/{res.target}"
    if res.max_examples != 100:            # the suite's default has the plain key
        key += f"/{res.max_examples}"
    rows[key] = asdict(res)
    RESULTS.write_text(json.dumps(rows, indent=2, sort_keys=True) + "\n")
    write_doc(rows)


def write_doc(rows: dict[str, dict[str, object]]) -> None:
    lines = [
        "# Conformance",
        "",
        "gradarray is checked against the official Array API conformance suite, "
        "[data-apis/array-api-tests](https://github.com/data-apis/array-api-tests), pinned at "
        f"`{PINS['suite']['commit']}` with its `array-api` submodule at "
        f"`{PINS['spec']['commit']}` (see `conformance/pins.json`). Every row below is the "
        "output of",
        "",
        "    python -m conformance --backend <backend> [--namespace] [--max-examples N]",
        "",
        "run derandomized (`--hypothesis-derandomize`) at API version "
        f"{PINS['api_version']}. *gradarray* rows test `import gradarray` with "
        "`GRADARRAY_BACKEND=<backend>`; *namespace* rows test the backend's own namespace "
        "alone. The suite's files are not part of this repository.",
        "",
        "| backend | target | API | examples | passed | failed | errors | skipped | time | "
        "date | machine | suite commit |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for key in sorted(rows):
        r = rows[key]
        lines.append(f"| {r['backend']} | {r['target']} | {r['api_version']} | "
                     f"{r['max_examples']} | {r['passed']} | {r['failed']} | {r['errors']} | "
                     f"{r['skipped']} | {r['seconds']:.0f} s | {r['date']} | {r['machine']} | "
                     f"`{str(r['suite_commit'])[:12]}` |")
    for key in sorted(rows):
        r = rows[key]
        lines += ["", f"## {r['backend']} ({r['target']}, {r['max_examples']} examples)", ""]
        failures = r.get("failures") or []
        if failures:
            lines.append(f"Failures ({len(failures)}):")
            lines.append("")
            lines += [f"- `{f}`" for f in failures]  # type: ignore[union-attr]
        else:
            lines.append("No failures.")
        skips = r.get("skips") or []
        if skips:
            lines += ["", "Skips (the suite's own reasons):", ""]
            lines += [f"- {s}" for s in skips]  # type: ignore[union-attr]
        notes = NOTES.get(str(r["target"]) + "/" + str(r["backend"]))
        if notes:
            lines += ["", notes]
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text("\n".join(lines) + "\n")


NOTES = {
    "namespace/numpy": (
        "The NumPy namespace fixes `floor_divide`'s special cases in the function, but the suite "
        "also applies `//` and `//=` to bare `numpy.ndarray` objects, whose operators a namespace "
        "cannot change: NumPy computes `inf // finite` through `divmod` and gets NaN "
        "(numpy/numpy#23860, open). array-api-compat lists the same cases in its "
        "`numpy-xfails.txt` (data-apis/array-api-tests#413). Through gradarray (the *gradarray* "
        "rows) the operators use the fixed function."),
}


def run_and_record(backend: str, *, namespace: bool = False, suite: str | None = None,
                   max_examples: int | None = None, write: bool = True,
                   extra: list[str] | None = None) -> Result:
    res = run_suite(backend, namespace=namespace, suite=suite, max_examples=max_examples,
                    extra=extra)
    if write:
        record(res)
    return res
