"""Fixtures of the spec tests: a second backend (array_api_strict wrapped as one), whose
several devices let device errors be tested on any machine."""

from __future__ import annotations

import pytest

import gradarray as xp


@pytest.fixture(scope="session")
def strict_backend():
    """array_api_strict as a gradarray backend named ``array_api_strict``."""
    namespace = pytest.importorskip("array_api_strict", reason="array_api_strict is in the test "
                                    "extra (pip install -e '.[test]')")
    from gradarray.backend import from_namespace, register_backend
    from gradarray.backend import _loaded   # registered once per session
    if "array_api_strict" not in _loaded:
        register_backend(from_namespace(namespace))
    return _loaded["array_api_strict"]


@pytest.fixture
def two_devices(strict_backend):
    """Two devices of one backend (array_api_strict's default device and ``device1``)."""
    return xp.device("array_api_strict:0"), xp.device("array_api_strict:1")
