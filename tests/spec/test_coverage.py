"""Every function of the standard has bad-input cases in the page tables, and exists."""

from __future__ import annotations

import importlib

import pytest

from tests.spec.helpers import ALL_FUNCTIONS, function

PAGE_MODULES = ("creation_functions", "data_type_functions", "elementwise_functions",
                "indexing", "linear_algebra_functions", "manipulation_functions",
                "searching_functions", "set_functions", "sorting_functions",
                "statistical_functions", "utility_functions", "linalg", "fft")


def _covered() -> set[str]:
    names: set[str] = set()
    for page in PAGE_MODULES:
        module = importlib.import_module(f"tests.spec.test_{page}")
        names |= {case.function for case in module.CASES}
    return names


def test_every_standard_function_exists():
    missing = [n for n in ALL_FUNCTIONS if not callable(function(n))]
    assert not missing


def test_every_standard_function_has_bad_input_cases():
    missing = sorted(set(ALL_FUNCTIONS) - _covered())
    assert not missing, f"no bad-input case for: {', '.join(missing)}"


@pytest.mark.parametrize("page", PAGE_MODULES)
def test_bad_input_cases_name_real_functions(page):
    module = importlib.import_module(f"tests.spec.test_{page}")
    known = set(ALL_FUNCTIONS) | {"__getitem__", "__setitem__"}
    assert {c.function for c in module.CASES} <= known
