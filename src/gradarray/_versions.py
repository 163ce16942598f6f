"""``__array_namespace__(api_version=...)``: the namespace at 2023.12, 2024.12 or 2025.12.

An older version is the gradarray namespace without the functions a later version added,
so code written against it cannot use them by accident.
"""

from __future__ import annotations

import sys
from types import ModuleType

__all__ = ["namespace", "SUPPORTED_VERSIONS"]

SUPPORTED_VERSIONS = ("2023.12", "2024.12", "2025.12")

# what each version added, by the version that added it (from the standard's changelog)
_ADDED = {
    "2024.12": ("nextafter", "reciprocal", "take_along_axis", "count_nonzero",
                "cumulative_prod", "diff"),
    "2025.12": ("broadcast_shapes", "isin", "linalg.eig", "linalg.eigvals"),
}

_cache: dict[str, ModuleType] = {}


def namespace(api_version: str | None, function: str = "__array_namespace__") -> ModuleType:
    """The gradarray namespace at ``api_version`` (None: the newest, 2025.12)."""
    gradarray = sys.modules["gradarray"]
    if api_version is None or api_version == "2025.12":
        return gradarray
    if api_version not in SUPPORTED_VERSIONS:
        raise ValueError(f"{function}(api_version): expected one of "
                         f"{', '.join(SUPPORTED_VERSIONS)} or None, got {api_version!r}")
    ns = _cache.get(api_version)
    if ns is None:
        ns = _build(gradarray, api_version)
        _cache[api_version] = ns
    return ns


def _build(gradarray: ModuleType, version: str) -> ModuleType:
    removed = {name for v, names in _ADDED.items() if v > version for name in names}
    ns = ModuleType(f"gradarray[{version}]", gradarray.__doc__)
    for name in dir(gradarray):
        if name.startswith("_") and name not in ("__array_namespace_info__",):
            continue
        if name in removed:
            continue
        setattr(ns, name, getattr(gradarray, name))
    ns.__array_api_version__ = version  # type: ignore[attr-defined]
    linalg = ModuleType(f"gradarray[{version}].linalg")
    for name in dir(gradarray.linalg):
        if not name.startswith("_") and f"linalg.{name}" not in removed:
            setattr(linalg, name, getattr(gradarray.linalg, name))
    ns.linalg = linalg  # type: ignore[attr-defined]
    return ns
