"""An Array API 2025.12 namespace over CuPy: array-api-compat's, with the standard's names
only.  CuPy returns 0-d arrays (not scalars), so no wrapping is needed on the call path.

Run the official suite on it alone with ``ARRAY_API_TESTS_MODULE=gradarray_cupy.namespace``
on a machine with a GPU (docs/conformance.md records the result and the device).
"""

from __future__ import annotations

from types import ModuleType
from typing import Any

import array_api_compat.cupy as _compat
import cupy as cp

from gradarray._spec import DTYPES, FFT, FUNCTIONS, LINALG, finfo_from, finfo_object

__array_api_version__ = "2025.12"

e = cp.e
inf = cp.inf
nan = cp.nan
pi = cp.pi
newaxis = None
__array_namespace_info__ = _compat.__array_namespace_info__

_ns = globals()
for _name in DTYPES:
    _ns[_name] = getattr(_compat, _name)
for _name in FUNCTIONS:
    if _name != "finfo":
        _ns[_name] = getattr(_compat, _name)


def finfo(type: Any, /) -> finfo_object:
    """Machine limits as Python floats (CuPy, like NumPy, gives NumPy scalars)."""
    return finfo_from(_compat.finfo(type))


def _submodule(name: str, names: tuple[str, ...], source: Any) -> ModuleType:
    mod = ModuleType(f"{__name__}.{name}")
    for n in names:
        setattr(mod, n, getattr(source, n))
    return mod


linalg = _submodule("linalg", LINALG, _compat.linalg)
fft = _submodule("fft", FFT, _compat.fft)

__all__ = sorted(set(FUNCTIONS) | set(DTYPES) | {"e", "inf", "nan", "pi", "newaxis", "linalg",
                                                 "fft", "__array_namespace_info__",
                                                 "__array_api_version__"})
del _name, _ns
