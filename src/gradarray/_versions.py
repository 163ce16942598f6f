"""``__array_namespace__(api_version=...)``: the namespace at 2023.12, 2024.12 or 2025.12.

An older version is the gradarray namespace without the functions a later version added,
so code written against it cannot use them by accident.  Everything else (gradarray's own
additions such as ``random`` or ``no_grad``) is looked up in the gradarray module on use, so
building an older namespace imports nothing.
"""

from __future__ import annotations

import sys
from types import ModuleType
from typing import Any

__all__ = ["namespace", "SUPPORTED_VERSIONS"]

SUPPORTED_VERSIONS = ("2023.12", "2024.12", "2025.12")

# what each version added, by the version that added it (from the standard's changelog)
_ADDED = {
    "2024.12": ("nextafter", "reciprocal", "take_along_axis", "count_nonzero",
                "cumulative_prod", "diff"),
    "2025.12": ("broadcast_shapes", "isin", "linalg.eig", "linalg.eigvals"),
}

_cache: dict[str, ModuleType] = {}


class _Filtered(ModuleType):
    """A view of a module without some names; every other attribute is the module's own."""

    def __init__(self, name: str, doc: str | None, base: ModuleType, hidden: frozenset[str],
                 extra: dict[str, Any]) -> None:
        super().__init__(name, doc)
        self.__dict__["_base"] = base
        self.__dict__["_hidden"] = hidden
        self.__dict__.update(extra)

    def __getattr__(self, name: str) -> Any:
        if name in self._hidden or name.startswith("__") and name not in (
                "__array_namespace_info__",):
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}"
                                 + (" (added in a later version of the standard)"
                                    if name in self._hidden else ""))
        return getattr(self._base, name)

    def __dir__(self) -> list[str]:
        return sorted((set(dir(self._base)) | set(self.__dict__))
                      - self._hidden - {"_base", "_hidden"})


def namespace(api_version: str | None, function: str = "__array_namespace__") -> ModuleType:
    """The gradarray namespace at ``api_version`` (None: the newest, 2025.12)."""
    gradarray = sys.modules["gradarray"]
    if api_version is None or api_version == "2025.12":
        return gradarray
    if type(api_version) is not str:
        raise TypeError(f"{function}(api_version): expected a string such as '2024.12' or None, "
                        f"got {type(api_version).__name__}")
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
    top = frozenset(n for n in removed if "." not in n)
    linalg_hidden = frozenset(n.split(".", 1)[1] for n in removed if n.startswith("linalg."))
    linalg = _Filtered(f"gradarray[{version}].linalg", None, gradarray.linalg, linalg_hidden, {})
    return _Filtered(f"gradarray[{version}]", gradarray.__doc__, gradarray, top,
                     {"__array_api_version__": version, "linalg": linalg})
