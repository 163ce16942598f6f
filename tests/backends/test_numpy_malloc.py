"""The NumPy backend's allocator setting (backends/numpy/gradarray_numpy/_malloc.py)."""

from __future__ import annotations

import platform
import sys

import pytest

_malloc = pytest.importorskip("gradarray_numpy._malloc", reason="the NumPy backend is not "
                              "installed")

GLIBC = sys.platform.startswith("linux") and platform.libc_ver()[0] == "glibc"


def test_set_once_when_gradarray_uses_the_numpy_backend():
    from gradarray_numpy import backend
    backend.xp                          # what gradarray does on first use
    assert _malloc._state, "the NumPy backend did not set the allocator up"
    # a second call does nothing new and reports the first outcome
    assert _malloc.tune() is _malloc._state[0]


@pytest.mark.parametrize("env", [{"GRADARRAY_NUMPY_MALLOC": "default"},
                                 {"MALLOC_MMAP_THRESHOLD_": "131072"},
                                 {"MALLOC_TRIM_THRESHOLD_": "131072"}])
def test_left_alone_when_the_user_chose(monkeypatch, env):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    assert _malloc._tune() is False


@pytest.mark.skipif(not GLIBC, reason="glibc's mallopt exists only on Linux with glibc")
def test_sets_glibc_thresholds(monkeypatch):
    for k in ("GRADARRAY_NUMPY_MALLOC", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"):
        monkeypatch.delenv(k, raising=False)
    assert _malloc._tune() is True       # idempotent: the same values again
    assert _malloc.TRIM_THRESHOLD == 2 * _malloc.MMAP_THRESHOLD == 64 * 1024 * 1024


@pytest.mark.skipif(GLIBC, reason="this machine has glibc")
def test_does_nothing_without_glibc(monkeypatch):
    for k in ("GRADARRAY_NUMPY_MALLOC", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"):
        monkeypatch.delenv(k, raising=False)
    assert _malloc._tune() is False
