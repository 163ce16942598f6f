"""The tutorials' examples (examples/*.py) run on every backend, in their small settings, as a
user runs them: ``GRADARRAY_BACKEND=<backend> python examples/<name>.py --quick``."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys

import pytest

from gradarray.backend import installed_backend_names

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = ["tensor_basics", "autograd_basics", "curve_fit", "lenet_digits"]


def _run(script: str, backend: str, *args: str, timeout: float = 600) -> str:
    if backend not in installed_backend_names() and not backend.startswith("module:"):
        pytest.skip(f"backend {backend!r} is registered only inside this test process; a "
                    f"subprocess cannot select it with GRADARRAY_BACKEND")
    env = dict(os.environ, GRADARRAY_BACKEND=backend, MPLBACKEND="Agg")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [os.path.join(ROOT, "src"),
                                                      env.get("PYTHONPATH", "")]))
    proc = subprocess.run([sys.executable, os.path.join(ROOT, script), *args], env=env,
                          cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{script} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_runs_in_its_quick_setting(backend, name, tmp_path):
    args = ["--quick"]
    if name == "lenet_digits":
        if importlib.util.find_spec("sklearn") is None:
            pytest.skip("the LeNet example needs scikit-learn's digits: "
                        "pip install -e '.[examples]'")
        args += ["--plot", str(tmp_path / "curves.png"), "--quiet"]
    out = _run(f"examples/{name}.py", backend, *args)
    if name == "tensor_basics":
        assert "tensor basics: all checks passed" in out
    elif name == "autograd_basics":
        assert "x.grad == 2 * x: True" in out and "all checks passed" in out
    elif name == "curve_fit":
        assert "recovered the coefficients" in out
    else:
        assert "Net(\n  (conv1): Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1))" in out
        assert "test accuracy" in out
        if importlib.util.find_spec("matplotlib") is not None:
            assert (tmp_path / "curves.png").stat().st_size > 1000


def test_training_benchmark_runs_in_its_quick_setting():
    out = _run("benchmarks/bench_training.py", "numpy", "--quick", "--no-torch")
    assert "MLP 784-256-256-10" in out and "LeNet" in out
