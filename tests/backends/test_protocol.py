"""The backend protocol (gradarray.backend.Backend) and plugin discovery.

Every installed plugin is checked against the protocol; array_api_strict, a namespace that
knows nothing of gradarray, is wrapped as a backend in a few lines and a smoke set (creation,
element-wise, reductions, indexing, linear algebra, a backward pass) runs through gradarray
on it, at each API version array_api_strict can be switched to."""

from __future__ import annotations

import inspect
import math
import os
import subprocess
import sys
import textwrap
from collections.abc import Mapping
from importlib.metadata import entry_points

import numpy as np
import pytest

import gradarray as xp
from gradarray.backend import (ENTRY_POINT_GROUP, Backend, BackendStatus, NamespaceBackend,
                               from_namespace, get_backend, register_backend)
from tests.spec.helpers import ALL_FUNCTIONS

PLUGINS = sorted(ep.name for ep in entry_points(group=ENTRY_POINT_GROUP))


def test_the_bundled_backends_register_as_plugins():
    assert "numpy" in PLUGINS
    ep = next(ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == "numpy")
    assert ep.value == "gradarray_numpy:backend"


@pytest.mark.parametrize("name", PLUGINS)
def test_every_plugin_follows_the_protocol(name):
    ep = next(ep for ep in entry_points(group=ENTRY_POINT_GROUP) if ep.name == name)
    be = ep.load()
    if callable(be) and not hasattr(be, "xp"):
        be = be()
    for attr in ("name", "kernels", "unavailable_reason", "xp", "devices"):
        # statically: reading kernels or xp may import the library, which may be missing
        inspect.getattr_static(be, attr)
    assert be.name == name, "the entry point's name is the backend's name"
    reason = be.unavailable_reason()
    if reason is not None:
        # an installed plugin that cannot run says why (and needs nothing else to do so)
        assert isinstance(reason, str) and reason
        pytest.skip(f"backend {name!r} is not available here: {reason}")
    assert isinstance(be, Backend)
    assert isinstance(be.kernels, Mapping)
    assert all(callable(k) for k in be.kernels.values())
    ns = be.xp
    assert str(ns.__array_api_version__) >= "2023.12"
    devices = list(be.devices())
    assert devices, "at least one device, the default first"
    info = ns.__array_namespace_info__()
    assert info.default_device() == devices[0]
    missing = []
    for fn in ALL_FUNCTIONS:
        holder = ns
        for part in fn.split("."):
            holder = getattr(holder, part, None)
        if holder is None:
            missing.append(fn)
    if str(ns.__array_api_version__) >= "2025.12":
        assert not missing, f"{name}'s namespace lacks {missing}"
    for dt in ("bool", "int8", "int64", "uint64", "float32", "float64", "complex128"):
        assert hasattr(ns, dt)


@pytest.mark.parametrize("name", PLUGINS)
def test_every_plugin_is_listed_with_its_availability(name):
    rows = {row.name: row for row in xp.backends()}
    assert isinstance(rows[name], BackendStatus)
    assert rows[name].available is (rows[name].reason is None)


def test_a_plugin_runs_the_namespace_through_gradarray(backend):
    be = get_backend(backend)
    dev = xp.device(None)
    assert dev.backend is be and dev.native == be.devices()[0]


def test_register_backend_refuses_objects_without_the_protocol():
    with pytest.raises(TypeError, match=r"register_backend\(backend\).*lacks.*xp"):
        register_backend(object())


# ------------------------------------------------------------------ array_api_strict
strict = pytest.importorskip("array_api_strict")


class StrictBackend:
    """array_api_strict as a gradarray backend: the whole plugin is these lines."""

    name = "strict"
    kernels: dict = {}
    xp = strict

    def unavailable_reason(self):
        return None

    def devices(self):
        return strict.__array_namespace_info__().devices()   # CPU_DEVICE first


def _smoke(device) -> None:
    """Creation, element-wise, reductions, indexing, linear algebra and a backward pass on
    ``device``, against NumPy on the same values."""
    a = np.array([[0.5, -1.0, 2.0], [3.0, 0.25, -0.75]])
    x = xp.asarray(a, device=device)
    assert x.device == device and x.dtype is xp.float64 and x.shape == (2, 3)
    # creation
    assert xp.zeros((2, 2), device=device).tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert xp.arange(4, device=device).tolist() == [0, 1, 2, 3]
    assert xp.linspace(0, 1, 3, device=device).tolist() == [0.0, 0.5, 1.0]
    assert xp.eye(2, dtype=xp.int8, device=device).tolist() == [[1, 0], [0, 1]]
    assert xp.full((2,), 7, device=device).dtype is xp.int64
    assert xp.ones_like(x).device == device
    # element-wise, with promotion and Python scalars
    np.testing.assert_allclose(xp.exp(x).tolist(), np.exp(a))
    np.testing.assert_allclose((x * 2 + 1).tolist(), a * 2 + 1)
    np.testing.assert_allclose(xp.where(x > 0, x, 0.0).tolist(), np.where(a > 0, a, 0.0))
    assert (xp.astype(x, xp.float32) + x).dtype is xp.float64
    assert (x + 1j).dtype is xp.complex128
    # reductions
    assert math.isclose(xp.sum(x).item(), a.sum())
    np.testing.assert_allclose(xp.mean(x, axis=0).tolist(), a.mean(axis=0))
    np.testing.assert_allclose(xp.std(x, axis=1, correction=1).tolist(), a.std(axis=1, ddof=1))
    assert xp.argmax(x).item() == int(np.argmax(a))
    assert xp.max(x, axis=1, keepdims=True).shape == (2, 1)
    # indexing
    assert x[1, 2].item() == -0.75 and x[:, ::2].tolist() == a[:, ::2].tolist()
    assert x[0, 1:10].tolist() == a[0, 1:10].tolist()          # out-of-range slice stop
    assert x[x > 1.0].tolist() == a[a > 1.0].tolist()
    idx = xp.asarray([1, 0], device=device)
    assert x[idx, 0].tolist() == [3.0, 0.5]
    assert xp.take(x, idx, axis=1).tolist() == a[:, [1, 0]].tolist()
    y = xp.asarray(a, device=device, copy=True)
    y[0, 0] = 9.0
    assert y[0, 0].item() == 9.0 and x[0, 0].item() == 0.5
    assert [v.item() for v in x[0]] == a[0].tolist()
    # linear algebra, sorting, manipulation
    np.testing.assert_allclose((x @ xp.matrix_transpose(x)).tolist(), a @ a.T)
    np.testing.assert_allclose(xp.linalg.inv(xp.eye(2, device=device) * 2).tolist(),
                               np.eye(2) / 2)
    assert xp.sort(x, axis=1).tolist() == np.sort(a, axis=1).tolist()
    assert xp.concat([x, x], axis=0).shape == (4, 3)
    assert xp.reshape(x, (3, 2)).tolist() == a.reshape(3, 2).tolist()
    # a backward pass through element-wise, reduction, indexing, matmul and sort
    w = xp.asarray(a, device=device, requires_grad=True)
    loss = xp.sum(xp.sin(w) * xp.take(w, idx, axis=0)) + xp.sum(xp.sort(w, axis=1)[:, -1]) \
        + xp.linalg.vector_norm(w @ xp.ones(3, device=device)) + w[idx, idx][0]
    loss.backward()
    rows = a[[1, 0], :]
    expected = np.cos(a) * rows
    expected[[1, 0], :] += np.sin(a)
    expected[np.arange(2), np.argmax(a, axis=1)] += 1.0
    v = a @ np.ones(3)
    expected += (v / np.linalg.norm(v))[:, None]
    expected[1, 1] += 1.0                                  # w[idx, idx][0] is w[1, 1]
    assert w.grad.device == device
    np.testing.assert_allclose(w.grad.tolist(), expected)


@pytest.fixture
def strict_plugin():
    from gradarray import backend as backend_module
    be = StrictBackend()
    register_backend(be)
    yield be
    backend_module._loaded.pop("strict", None)
    from gradarray import _device
    rt = _device._runtimes.pop("strict", None)
    if rt is not None:
        for d in rt.devices:
            _device._by_name.pop(d.name, None)


def test_array_api_strict_as_a_ten_line_plugin(strict_plugin):
    assert isinstance(strict_plugin, Backend)
    first = xp.device("strict")
    assert first.backend is strict_plugin and str(first) == "strict:0"
    _smoke(first)
    _smoke(xp.device("strict:1"))     # array_api_strict's second device


def test_array_api_strict_through_from_namespace():
    from gradarray import backend as backend_module
    if "array_api_strict" not in backend_module._loaded:
        register_backend(from_namespace(strict))
    be = get_backend("array_api_strict")
    assert isinstance(be, NamespaceBackend) and isinstance(be, Backend)
    _smoke(xp.device("array_api_strict:0"))


@pytest.mark.parametrize("version", ["2023.12", "2024.12", "2025.12"])
def test_array_api_strict_at_each_api_version(version):
    # array_api_strict can be switched to an older standard: the functions added since are
    # composed by gradarray (gradarray._backfill), so the whole namespace still works
    code = f"""
        import array_api_strict
        array_api_strict.set_array_api_strict_flags(api_version={version!r})
        import gradarray as xp
        from tests.backends.test_protocol import _smoke
        d = xp.device(None)
        assert str(d) == "array_api_strict:0", d
        assert d.scalars == ({version!r} >= "2024.12")
        _smoke(d)
        x = xp.asarray([3, 1, 2])
        assert xp.isin(x, xp.asarray([2, 5])).tolist() == [False, False, True]
        assert xp.count_nonzero(x > 1).item() == 2
        assert xp.cumulative_prod(x).tolist() == [3, 3, 6]
        assert xp.reciprocal(xp.asarray([2.0])).tolist() == [0.5]
        assert xp.take_along_axis(x, xp.asarray([2, 0])).tolist() == [2, 3]
        assert xp.nextafter(xp.asarray([1.0]), 2.0).item() > 1.0
        assert xp.linalg.eigvals(xp.eye(2) * 3.0).dtype is xp.complex128
        print("smoke ok")
    """
    env = dict(os.environ, GRADARRAY_BACKEND="module:array_api_strict")
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, text=True,
                          capture_output=True, timeout=300,
                          cwd=os.path.dirname(os.path.dirname(os.path.dirname(__file__))))
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "smoke ok" in proc.stdout
