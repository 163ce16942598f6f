"""The ``backend`` fixture: every test that takes it runs once per installed backend, with
that backend's default device as gradarray's default.  An unavailable backend (CuPy without
a GPU) is skipped with the reason it gives.  ``GRADARRAY_TEST_BACKENDS=numpy,reference``
restricts the run."""

from __future__ import annotations

import os

# SciPy reads this once, at its first import: tests/test_interop_libraries.py runs SciPy's
# array-API dispatch on gradarray arrays (and scikit-learn's dispatch needs it)
os.environ.setdefault("SCIPY_ARRAY_API", "1")

import pytest

import gradarray as xp
from gradarray.backend import backends as _backends


def _selected() -> list[tuple[str, bool, str | None]]:
    rows = [(s.name, s.available, s.reason) for s in _backends()]
    only = os.environ.get("GRADARRAY_TEST_BACKENDS")
    if only:
        wanted = [n.strip() for n in only.split(",") if n.strip()]
        rows = [r for r in rows if r[0] in wanted]
    return rows


BACKENDS = _selected()


@pytest.fixture(params=[r[0] for r in BACKENDS], ids=[r[0] for r in BACKENDS])
def backend(request: pytest.FixtureRequest):
    """The name of the backend under test; its default device is the default inside."""
    name = request.param
    row = next(r for r in BACKENDS if r[0] == name)
    if not row[1]:
        pytest.skip(f"backend {name!r} is not available here: {row[2]}")
    from gradarray._device import runtime
    dev = runtime(name).devices[0]
    with dev:
        yield name


@pytest.fixture(scope="session")
def strict_backend():
    """array_api_strict wrapped as a gradarray backend named ``array_api_strict``: a second
    backend with several devices, so device errors are tested on any machine."""
    namespace = pytest.importorskip("array_api_strict", reason="array_api_strict is in the "
                                    "test extra (pip install -e '.[test]')")
    from gradarray.backend import _loaded, from_namespace, register_backend
    if "array_api_strict" not in _loaded:
        register_backend(from_namespace(namespace))
    return _loaded["array_api_strict"]


@pytest.fixture
def two_devices(strict_backend):
    """Two devices of one backend (array_api_strict's default device and ``device1``)."""
    return xp.device("array_api_strict:0"), xp.device("array_api_strict:1")
