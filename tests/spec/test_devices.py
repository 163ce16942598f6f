"""Devices (design.md, "Devices"; the standard's device_support.html): Device objects,
``x.device``, ``to_device`` (differentiable), ``with gradarray.device(...)``, errors that name
both devices, and ``GRADARRAY_BACKEND``.

A second device comes from array_api_strict wrapped as a backend (conftest.py): it has
several devices, so device errors are tested on any machine."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import gradarray as xp
from gradarray.backend import BackendUnavailableError
from tests.spec.helpers import raises_named


# ------------------------------------------------------------------ Device objects
def test_device_objects_name_a_backend_and_a_place(backend):
    d = xp.device(None)
    assert isinstance(d, xp.Device)
    assert xp.device(str(d)) is d and xp.device(d) is d
    assert repr(d) == f"Device({str(d)!r})"
    assert d == str(d) and d != "no-such-device" and d != 3
    assert hash(d) == hash(str(d))
    assert pickle.loads(pickle.dumps(d)) is d
    assert d.backend_name == backend


def test_numpy_device_is_cpu():
    cpu = xp.device("cpu")
    assert str(cpu) == "cpu" and cpu.backend_name == "numpy" and cpu.type == "cpu"
    assert xp.device("cpu:0") is cpu


def test_strict_devices_are_indexed(two_devices):
    a, b = two_devices
    assert a != b and str(a) == "array_api_strict:0" and str(b) == "array_api_strict:1"
    assert xp.device("array_api_strict") is a           # the type alone: the first device
    assert b.native != a.native                          # distinct native devices


def test_array_device_is_where_it_was_made(two_devices):
    a, b = two_devices
    x = xp.ones(2, device=b)
    assert x.device is b
    assert (x + 1).device is b and xp.sum(x).device is b and x[0].device is b


@pytest.mark.parametrize("spec, match", [
    ("cpu:x", "malformed"), ("cpu:5", "no device 'cpu:5'.*available: cpu"),
    ("nonexistent", "not available.*Installed backends"),
    ("cuda:0", "not available.*Installed backends"), (3.5, "got 3.5"), ([0], "got")])
def test_bad_device_names_are_value_errors(spec, match, backend):
    with raises_named(ValueError, "device", "spec", match=match):
        xp.device(spec)
    with raises_named(ValueError, "zeros", "device", match=match):
        xp.zeros(2, device=spec)


# ------------------------------------------------------------------ to_device
def test_to_device_moves_between_devices_of_one_backend(two_devices):
    a, b = two_devices
    x = xp.asarray([1.0, 2.0], device=a)
    y = x.to_device(b)
    assert y.device is b and y.tolist() == [1.0, 2.0]
    assert x.to_device(a) is x
    assert y.to_device("array_api_strict:0").device is a


def test_to_device_moves_between_backends(backend, two_devices):
    x = xp.asarray([[1, 2], [3, 4]], dtype=xp.int16)
    y = x.to_device(two_devices[1])
    assert y.device is two_devices[1] and y.dtype is xp.int16 and y.tolist() == x.tolist()
    back = y.to_device(x.device)
    assert back.device is x.device and back.tolist() == x.tolist()


def test_to_device_is_differentiable(backend, two_devices):
    x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    y = x.to_device(two_devices[1])
    z = xp.sum(y * y)
    assert z.device is two_devices[1]
    z.backward()
    assert x.grad.device is x.device and x.grad.tolist() == [2.0, 4.0, 6.0]


def test_to_device_refuses_unknown_devices(backend):
    with raises_named(ValueError, "to_device", "device"):
        xp.ones(2).to_device("nowhere:1")
    from gradarray._ops.creation import to_device
    with raises_named(TypeError, "to_device", "x"):
        to_device(np.ones(2), "cpu")


# ------------------------------------------------------------------ default device
def test_with_device_sets_the_default_inside(two_devices):
    a, b = two_devices
    outer = xp.device(None)
    with b as d:
        assert d is b
        assert xp.ones(2).device is b and xp.__array_namespace_info__().default_device() is b
        with a:
            assert xp.arange(3).device is a
        assert xp.asarray([1.0]).device is b
    assert xp.device(None) is outer


def test_with_device_restores_after_an_error(two_devices):
    outer = xp.device(None)
    with pytest.raises(ZeroDivisionError):
        with two_devices[1]:
            1 / 0
    assert xp.device(None) is outer


def test_set_default_device(two_devices):
    outer = xp.device(None)
    try:
        xp.set_default_device("array_api_strict:1")
        assert xp.zeros(1).device is two_devices[1]
    finally:
        xp.set_default_device(outer)
    with raises_named(ValueError, "set_default_device", "device"):
        xp.set_default_device("nowhere:0")


# ------------------------------------------------------------------ two devices at once
def _combiners():
    o = lambda d, shape=(3,): xp.ones(shape, device=d)  # noqa: E731
    i = lambda d: xp.asarray([0, 1], device=d)  # noqa: E731

    def setitem(a, b):
        x = o(a)
        x[0] = xp.asarray(5.0, device=b)

    def iadd(a, b):
        x = o(a)
        x += o(b)

    return {
        "add": lambda a, b: xp.add(o(a), o(b)),
        "__mul__": lambda a, b: o(a) * o(b),
        "__iadd__": iadd,
        "where": lambda a, b: xp.where(o(a) > 0, o(a), o(b)),
        "clip": lambda a, b: xp.clip(o(a), o(b)),
        "concat": lambda a, b: xp.concat([o(a), o(b)]),
        "stack": lambda a, b: xp.stack([o(a), o(b)]),
        "broadcast_arrays": lambda a, b: xp.broadcast_arrays(o(a), o(b)),
        "meshgrid": lambda a, b: xp.meshgrid(o(a), o(b)),
        "matmul": lambda a, b: xp.matmul(o(a), o(b)),
        "tensordot": lambda a, b: xp.tensordot(o(a), o(b), axes=1),
        "vecdot": lambda a, b: xp.vecdot(o(a), o(b)),
        "linalg.cross": lambda a, b: xp.linalg.cross(o(a), o(b)),
        "linalg.outer": lambda a, b: xp.linalg.outer(o(a), o(b)),
        "linalg.solve": lambda a, b: xp.linalg.solve(xp.eye(3, device=a), o(b)),
        "searchsorted": lambda a, b: xp.searchsorted(o(a), o(b)),
        "isin": lambda a, b: xp.isin(i(a), i(b)),
        "take": lambda a, b: xp.take(o(a), i(b)),
        "take_along_axis": lambda a, b: xp.take_along_axis(o(a), i(b)),
        "repeat": lambda a, b: xp.repeat(o(a), xp.asarray([1, 1, 1], device=b)),
        "diff": lambda a, b: xp.diff(o(a), append=o(b)),
        "__getitem__": lambda a, b: o(a)[i(b)],
        "__setitem__": setitem,
        "asarray": lambda a, b: xp.asarray([o(a), o(b)]),
    }


COMBINERS = _combiners()


@pytest.mark.parametrize("name", sorted(COMBINERS))
def test_combining_two_devices_names_both(name, two_devices):
    a, b = two_devices
    with pytest.raises(ValueError) as info:
        COMBINERS[name](a, b)
    message = str(info.value)
    assert str(a) in message and str(b) in message, message
    assert "to_device" in message
    head = name.split(".")[-1] if not name.startswith("__mul") else "multiply"
    if name == "asarray":
        head = "stack"
    assert message.startswith(f"{head}("), message


def test_combining_backends_names_both(backend, two_devices):
    here = xp.ones(2)
    there = xp.ones(2, device=two_devices[0])
    with raises_named(ValueError, "add", "x1, x2", match=f"{here.device}.*{there.device}"):
        here + there


# ------------------------------------------------------------------ GRADARRAY_BACKEND
def _run(code: str, backend: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GRADARRAY_BACKEND=backend)
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], env=env, text=True,
                          capture_output=True, timeout=120)


def test_unknown_gradarray_backend_names_the_installed_ones():
    proc = _run("import gradarray as xp; xp.ones(2)", "no_such_backend")
    assert proc.returncode != 0
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("gradarray.backend.BackendUnavailableError")
    assert "'no_such_backend'" in last and "Installed backends:" in last
    assert "numpy (available)" in last
    assert "module:<name>" in last


def test_unimportable_module_backend_says_why_it_cannot_run():
    proc = _run("import gradarray as xp; xp.ones(2)", "module:no_such_namespace")
    last = proc.stderr.strip().splitlines()[-1]
    assert "cannot run here" in last and "No module named 'no_such_namespace'" in last
    assert "Installed backends:" in last and "numpy (available)" in last


def test_a_module_that_is_no_array_namespace_is_refused():
    proc = _run("import gradarray as xp; xp.ones(2)", "module:json")
    last = proc.stderr.strip().splitlines()[-1]
    assert "'json' is not an Array API namespace" in last


def test_gradarray_backend_selects_the_default_device():
    proc = _run("""
        import gradarray as xp
        x = xp.ones(2)
        print(x.device, x.device.backend_name, xp.__array_namespace_info__().default_device())
    """, "module:array_api_strict")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["array_api_strict:0", "module:array_api_strict",
                                   "array_api_strict:0"]


class _Unavailable:
    name = "imaginary"
    kernels: dict = {}
    xp = np

    def unavailable_reason(self):
        return "the imaginary accelerator is not plugged in"

    def devices(self):
        return ()


def test_unavailable_backend_says_why_and_lists_the_others(monkeypatch):
    from gradarray import backend as backend_module
    monkeypatch.setitem(backend_module._loaded, "imaginary", _Unavailable())
    rows = {s.name: s for s in xp.backends()}
    assert rows["imaginary"].available is False
    assert rows["imaginary"].reason == "the imaginary accelerator is not plugged in"
    assert rows["numpy"].available is True
    assert str(rows["imaginary"]) == ("imaginary: unavailable (the imaginary accelerator is "
                                      "not plugged in)")
    with pytest.raises(BackendUnavailableError, match="not plugged in.*numpy \\(available\\)"):
        backend_module.get_backend("imaginary")
    with raises_named(ValueError, "device", "spec", match="not plugged in"):
        xp.device("imaginary")
