"""The docstring examples of nn, optim, data and saving run as written."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["gradarray.nn", "gradarray.nn.functional", "gradarray.nn.init",
           "gradarray.nn._module", "gradarray.nn._parameter", "gradarray.optim",
           "gradarray.optim.lr_scheduler", "gradarray.data", "gradarray.data._dataset",
           "gradarray.data._dataloader", "gradarray.serialization"]


@pytest.mark.parametrize("module", MODULES)
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
