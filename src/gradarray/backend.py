"""The backend protocol, plugin discovery and ``GRADARRAY_BACKEND``.

A backend is a compliant Array API namespace for its native arrays plus a few facts the
frontend needs.  Plugins register under the entry-point group ``gradarray.backends``; the
bundled NumPy, CuPy and reference backends register exactly as a third-party plugin would.
See docs/backends.md for a worked example of writing one.
"""

from __future__ import annotations

import importlib
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Protocol, runtime_checkable

__all__ = [
    "Backend", "BackendStatus", "NamespaceBackend", "backends", "from_namespace",
    "get_backend", "default_backend_name", "BackendUnavailableError", "ENTRY_POINT_GROUP",
    "register_backend", "installed_backend_names",
]

ENTRY_POINT_GROUP = "gradarray.backends"
ENV_VAR = "GRADARRAY_BACKEND"
DEFAULT_BACKEND = "numpy"


@runtime_checkable
class Backend(Protocol):
    """What a backend plugin provides.

    ``xp`` is an Array API namespace (the standard's version 2023.12 or later) whose
    functions take and return the backend's native arrays; it should pass the official
    suite on its own.  ``devices()`` lists the native devices, the default one first.
    ``kernels`` maps optional fast paths (for example ``"conv2d"``) to callables; the
    frontend has a generic fallback for each.  ``unavailable_reason()`` returns None when
    the backend can run on this machine, else a sentence saying why not.
    """

    name: str
    kernels: Mapping[str, Callable[..., Any]]

    def unavailable_reason(self) -> str | None: ...

    @property
    def xp(self) -> ModuleType: ...

    def devices(self) -> Sequence[Any]: ...


class BackendUnavailableError(RuntimeError):
    """The backend asked for is unknown or cannot run on this machine."""


@dataclass(frozen=True)
class BackendStatus:
    """One row of ``gradarray.backends()``."""

    name: str
    available: bool
    reason: str | None

    def __str__(self) -> str:
        return f"{self.name}: " + ("available" if self.available else f"unavailable ({self.reason})")


class NamespaceBackend:
    """Wrap any compliant Array API namespace as a backend.

    >>> import array_api_strict
    >>> be = from_namespace(array_api_strict)
    >>> be.name
    'array_api_strict'

    Its devices are the namespace's ``__array_namespace_info__().devices()``.
    """

    def __init__(self, namespace: ModuleType, name: str | None = None,
                 device_type: str | None = None,
                 kernels: Mapping[str, Callable[..., Any]] | None = None) -> None:
        self._xp = namespace
        self.name = name or getattr(namespace, "__name__", type(namespace).__name__)
        self.device_type = device_type or self.name
        self.kernels = dict(kernels or {})

    def unavailable_reason(self) -> str | None:
        return None

    @property
    def xp(self) -> ModuleType:
        return self._xp

    def devices(self) -> Sequence[Any]:
        info = self._xp.__array_namespace_info__()
        default = info.default_device()
        rest = [d for d in info.devices() if d != default]
        return (default, *rest)

    def __repr__(self) -> str:
        return f"<gradarray backend {self.name!r} over {getattr(self._xp, '__name__', self._xp)!r}>"


def from_namespace(namespace: ModuleType | str, name: str | None = None) -> NamespaceBackend:
    """Return a backend over a compliant namespace (a module or its import name).

    This is what ``GRADARRAY_BACKEND=module:array_api_strict`` uses.
    """
    if isinstance(namespace, str):
        namespace = importlib.import_module(namespace)
    return NamespaceBackend(namespace, name=name)


# ---------------------------------------------------------------- discovery
_lock = threading.RLock()
_loaded: dict[str, Any] = {}        # name -> Backend object (loaded, maybe unavailable)


def _entry_points() -> dict[str, Any]:
    from importlib.metadata import entry_points
    return {ep.name: ep for ep in entry_points(group=ENTRY_POINT_GROUP)}


def installed_backend_names() -> list[str]:
    """Names of the backends registered under the ``gradarray.backends`` entry points."""
    return sorted(_entry_points())


def register_backend(backend: Any, name: str | None = None) -> Any:
    """Make ``backend`` (an object following the protocol) known under ``name``.

    Plugins normally register through entry points; this is for backends built at run
    time, for example ``register_backend(from_namespace(array_api_strict))``.
    """
    _check_protocol(backend)
    with _lock:
        _loaded[name or backend.name] = backend
    return backend


def _check_protocol(backend: Any) -> None:
    missing = [a for a in ("name", "kernels", "unavailable_reason", "xp", "devices")
               if not hasattr(type(backend), a) and not hasattr(backend, a)]
    if missing:
        raise TypeError(f"register_backend(backend): expected an object following "
                        f"gradarray.backend.Backend, {backend!r} lacks {', '.join(missing)}")


def _load(name: str) -> Any:
    """The backend object called ``name``, loading only that entry point."""
    with _lock:
        be = _loaded.get(name)
        if be is not None:
            return be
        if name.startswith("module:"):
            modname = name[len("module:"):]
            try:
                module = importlib.import_module(modname)
            except ImportError as exc:
                raise BackendUnavailableError(
                    f"gradarray backend {name!r} cannot run here: importing the namespace "
                    f"{modname!r} failed ({exc}). {_installed_sentence()}") from exc
            if not hasattr(module, "__array_namespace_info__"):
                raise BackendUnavailableError(
                    f"gradarray backend {name!r} cannot run here: {modname!r} is not an Array "
                    f"API namespace (it has no __array_namespace_info__; wrap NumPy, CuPy or "
                    f"PyTorch through array_api_compat, e.g. "
                    f"'module:array_api_compat.numpy'). {_installed_sentence()}")
            # devices are named after the module ('array_api_strict:1'), not 'module:...'
            be = NamespaceBackend(module, name=name, device_type=modname)
            _loaded[name] = be
            return be
        eps = _entry_points()
        ep = eps.get(name)
        if ep is None:
            raise BackendUnavailableError(
                f"unknown gradarray backend {name!r}. {_installed_sentence()}")
        try:
            be = ep.load()
            if callable(be) and not hasattr(be, "xp"):
                be = be()            # an entry point may name a factory
            _check_protocol(be)
        except Exception as exc:
            raise BackendUnavailableError(
                f"gradarray backend {name!r} cannot run here: its plugin "
                f"({ep.value}) failed to load: {type(exc).__name__}: {exc}. "
                f"{_installed_sentence()}") from exc
        _loaded[name] = be
        return be


def _installed_sentence() -> str:
    """'Installed backends: numpy (available), cupy (unavailable: no GPU).' and how to wrap."""
    names = sorted(set(_entry_points()) | set(_loaded))
    rows = []
    eps = _entry_points()
    for n in names:
        try:
            be = _loaded.get(n)
            if be is None:
                be = eps[n].load()
                if callable(be) and not hasattr(be, "xp"):
                    be = be()
            reason = be.unavailable_reason()
        except Exception as exc:   # a broken plugin is described, not raised
            reason = f"failed to load: {type(exc).__name__}: {exc}"
        rows.append(f"{n} ({'available' if reason is None else 'unavailable: ' + reason})")
    return (f"Installed backends: {', '.join(rows) or 'none'}; or 'module:<name>' to wrap any "
            f"Array API namespace (set with the {ENV_VAR} environment variable)")


def get_backend(name: str) -> Any:
    """Return the usable backend ``name``, or raise BackendUnavailableError saying why not."""
    if type(name) is not str:
        raise TypeError(f"get_backend(name): expected a backend name, got {type(name).__name__}")
    be = _load(name)
    reason = be.unavailable_reason()
    if reason is not None:
        raise BackendUnavailableError(f"gradarray backend {name!r} cannot run here: {reason}. "
                                      f"{_installed_sentence()}")
    return be


def backends() -> tuple[BackendStatus, ...]:
    """Every installed backend, with whether it can run here and, if not, why."""
    out = []
    names = sorted(set(_entry_points()) | set(_loaded))
    for name in names:
        try:
            be = _load(name)
            reason = be.unavailable_reason()
        except Exception as exc:  # a broken plugin is reported, not raised
            reason = f"failed to load: {type(exc).__name__}: {exc}"
        out.append(BackendStatus(name, reason is None, reason))
    return tuple(out)


def default_backend_name() -> str:
    """The backend ``GRADARRAY_BACKEND`` names, ``numpy`` when it is unset."""
    return os.environ.get(ENV_VAR, "").strip() or DEFAULT_BACKEND
