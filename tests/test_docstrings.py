"""Every docstring example of gradarray runs as written (all modules, private ones too)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import gradarray


def _modules() -> list[str]:
    names = ["gradarray"]
    for info in pkgutil.walk_packages(gradarray.__path__, "gradarray."):
        names.append(info.name)
    return sorted(names)


# detect_anomaly's example makes a NaN on purpose (0 * inf), and NumPy says so
_NAN_ON_PURPOSE = pytest.mark.filterwarnings("ignore:invalid value:RuntimeWarning")
MODULES = [pytest.param(m, marks=_NAN_ON_PURPOSE) if m == "gradarray.autograd.grad_mode" else m
           for m in _modules()]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_the_user_facing_modules_have_examples():
    # the examples above are the ones users read first: they must not quietly disappear
    for module in ["gradarray", "gradarray.nn", "gradarray.optim", "gradarray.data",
                   "gradarray.autograd.gradcheck", "gradarray.func"]:
        tests = doctest.DocTestFinder().find(importlib.import_module(module))
        assert sum(len(t.examples) for t in tests) > 0, module
