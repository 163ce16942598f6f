"""The inspection API (inspection.html): ``__array_namespace_info__()``."""

from __future__ import annotations

import pytest

import gradarray as xp
from tests.spec.helpers import ALL, Bad, check_bad, ids


def test_info_describes_the_default_device(backend):
    info = xp.__array_namespace_info__()
    caps = info.capabilities()
    assert set(caps) >= {"boolean indexing", "data-dependent shapes", "max dimensions"}
    assert info.default_device() is xp.device(None)
    assert info.default_device() in info.devices()
    assert all(isinstance(d, xp.Device) for d in info.devices())
    defaults = info.default_dtypes()
    assert set(defaults) == {"real floating", "complex floating", "integral", "indexing"}
    assert defaults["indexing"] is xp.int64 and defaults["real floating"] is xp.float64
    dtypes = info.dtypes()
    assert set(dtypes) == set(ALL) and dtypes["int8"] is xp.int8
    assert set(info.dtypes(kind="real floating")) == {"float32", "float64"}
    assert set(info.dtypes(kind=("bool", "complex floating"))) == {"bool", "complex64",
                                                                    "complex128"}


def test_info_reports_what_a_device_supports(strict_backend):
    # array_api_strict's fourth device has no float64: its defaults and dtypes say so
    info = xp.__array_namespace_info__()
    dev = xp.device("array_api_strict:3")
    assert info.default_dtypes(device=dev)["real floating"] is xp.float32
    assert "float64" not in info.dtypes(device=dev)
    assert xp.ones(2, device=dev).dtype is xp.float32


CASES = [
    Bad("dtypes", lambda: xp.__array_namespace_info__().dtypes(kind="floating"), ValueError,
        "kind"),
    Bad("dtypes", lambda: xp.__array_namespace_info__().dtypes(kind=3), TypeError, "kind"),
    Bad("dtypes", lambda: xp.__array_namespace_info__().dtypes(device="nowhere:3"), ValueError,
        "device"),
    Bad("default_dtypes", lambda: xp.__array_namespace_info__().default_dtypes(device=1.5),
        ValueError, "device"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_inspection_bad_input(case, backend):
    check_bad(case)
