"""Devices: a backend and a place inside it.

``cpu`` is the NumPy backend, ``cuda``/``cuda:1`` the CuPy one, ``reference`` the pure-Python
one; any other backend's devices are named by its ``device_type`` (its name by default).
Device objects are interned, compare equal to their name (``x.device == "cpu"``) and carry
what the hot path needs: the backend namespace and the dtype maps.
"""

from __future__ import annotations

import threading
from typing import Any

from . import _dtypes
from ._backfill import backfill
from ._dtypes import DType
from .backend import BackendUnavailableError, default_backend_name, get_backend

__all__ = ["Device", "as_device", "default_device", "device", "set_default_device"]

# device types of the bundled backends, so that "cuda" finds CuPy without loading every plugin
_TYPE_ALIASES = {"cpu": "numpy", "cuda": "cupy", "gpu": "cupy"}


class Device:
    """A place where arrays live: a backend and one of its native devices."""

    __slots__ = ("backend", "native", "index", "type", "name", "ns", "to_native",
                 "from_native", "backend_name", "scalars", "inplace_unsafe", "fns", "_ones",
                 "__weakref__")

    backend: Any
    native: Any
    ns: Any

    def __init__(self, backend: Any, native: Any, index: int, type_: str, name: str,
                 ns: Any, to_native: dict[DType, Any], from_native: dict[Any, DType]) -> None:
        self.backend = backend
        self.backend_name: str = backend.name
        self.native = native
        self.index = index
        self.type = type_
        self.name = name
        self.ns = ns                    # the backend's Array API namespace
        self.to_native = to_native      # gradarray DType -> native dtype
        self.from_native = from_native  # native dtype (as on arrays) -> gradarray DType
        # 2024.12 namespaces take Python scalars in element-wise functions; older ones get 0-d arrays
        self.scalars: bool = str(getattr(ns, "__array_api_version__", "2021.12")) >= "2024.12"
        # element-wise functions whose native in-place operator deviates from the namespace's
        self.inplace_unsafe: frozenset[str] = frozenset(getattr(backend, "inplace_unsafe", ()))
        # the backend's functions on the hot paths, by element-wise Op or by name (function())
        self.fns: dict[Any, Any] = {}
        self._ones: dict[DType, Any] = {}

    def __repr__(self) -> str:
        return f"Device({self.name!r})"

    def __str__(self) -> str:
        return self.name

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Device):
            return self is other
        if isinstance(other, str):
            try:
                return as_device(other, "Device.__eq__") is self
            except (ValueError, BackendUnavailableError):
                return False
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.name)

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (as_device, (self.name, "pickle.load"))

    def function(self, name: str) -> Any:
        """The backend's function ``name``, cached in ``fns`` (callers read
        ``fns.get(name) or function(name)``): its kernel of that name where it offers one
        (the namespace function's positional form as a direct call, such as NumPy's
        ``ndarray.reshape``), else its namespace's."""
        f = self.fns[name] = self.backend.kernels.get(name) or getattr(self.ns, name)
        return f

    def one(self, dtype: DType) -> Any:
        """A 0-d array holding 1 (the seed of ``loss.backward()``): shared, never written to
        (the engine copies a seed before it becomes a ``.grad``)."""
        a = self._ones.get(dtype)
        if a is None:
            from ._array import Array
            native = self.ns.ones((), dtype=self.to_native[dtype], device=self.native)
            flags = getattr(native, "flags", None)
            if flags is not None:          # NumPy: a hook writing into it gets an error
                flags.writeable = False
            a = self._ones[dtype] = Array._new(native, dtype, self)
        return a

    def __enter__(self) -> Device:
        """``with gradarray.device("reference"):`` makes this the default device inside."""
        _stack.append(_default)
        set_default_device(self)
        return self

    def __exit__(self, *exc: object) -> None:
        global _default
        _default = _stack.pop()

    def dtype(self, native_dtype: Any) -> DType:
        """The gradarray dtype of a native dtype of this device's backend."""
        return self.from_native[native_dtype]


class _Runtime:
    """What the frontend derives once per backend: devices and dtype maps."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        ns = backfill(backend.xp)   # functions newer than the backend's version, composed
        self.ns = ns
        to_native: dict[DType, Any] = {}
        from_native: dict[Any, DType] = {}
        natives = list(backend.devices())
        for d in _dtypes.ALL_DTYPES:
            nd = getattr(ns, d.name, None)
            if nd is None:
                continue
            to_native[d] = nd
            from_native[nd] = d
            try:   # the dtype object as it appears on arrays may differ (np.float32 vs dtype)
                from_native[ns.empty((0,), dtype=nd).dtype] = d
            except Exception:  # a dtype the default device cannot hold is still mapped
                pass
        self.type: str = getattr(backend, "device_type", None) or backend.name
        indexed = getattr(backend, "indexed_devices", False) or len(natives) > 1
        index_of = getattr(backend, "device_index", None)
        self.devices: list[Device] = []
        for i, nat in enumerate(natives):
            idx = index_of(nat) if index_of is not None else i
            name = f"{self.type}:{idx}" if indexed else self.type
            self.devices.append(Device(backend, nat, idx, self.type, name, ns,
                                       _device_dtypes(ns, nat, to_native), from_native))
        self.by_index = {d.index: d for d in self.devices}

    def device_for_native(self, native: Any) -> Device:  # noqa: D102
        for d in self.devices:
            if d.native == native:
                return d
        return self.devices[0]


def _device_dtypes(ns: Any, native: Any, to_native: dict[DType, Any]) -> dict[DType, Any]:
    """The dtypes one device supports, as its namespace's inspection API reports them (a
    device may lack some, as array-api-strict's ``no_float64``); all of them if unknown."""
    try:
        names = set(ns.__array_namespace_info__().dtypes(device=native))
    except Exception:   # a namespace without the inspection API (older than 2023.12)
        return to_native
    if not names:
        return to_native
    return {d: nd for d, nd in to_native.items() if d.name in names}


_lock = threading.RLock()
_runtimes: dict[str, _Runtime] = {}
_by_name: dict[str, Device] = {}
_default: Device | None = None
_stack: list[Device | None] = []


def runtime(backend_name: str) -> _Runtime:
    rt = _runtimes.get(backend_name)
    if rt is None:
        with _lock:
            rt = _runtimes.get(backend_name)
            if rt is None:
                rt = _Runtime(get_backend(backend_name))
                _runtimes[backend_name] = rt
                for d in rt.devices:
                    _by_name[d.name] = d
    return rt


def default_device() -> Device:
    """The device ``GRADARRAY_BACKEND`` selects (the NumPy ``cpu`` device when unset)."""
    global _default
    if _default is None:
        _default = runtime(default_backend_name()).devices[0]
    return _default


def device(spec: Any) -> Device:
    """The Device named ``spec`` (``"cpu"``, ``"cuda:1"``, ``"reference"``), as ``torch.device``.

    >>> import gradarray as xp
    >>> xp.device("cpu")
    Device('cpu')
    """
    return as_device(spec, "device", "spec") if spec is not None else default_device()


def set_default_device(spec: Any) -> None:
    """Make ``spec`` the device that creation functions use when ``device=None``."""
    global _default
    _default = as_device(spec, "set_default_device", "device")


def _reset_default_device() -> None:
    """Forget the default device (tests change GRADARRAY_BACKEND)."""
    global _default
    _default = None


def as_device(device: Any, function: str, argument: str = "device") -> Device:
    """Resolve what a user passed as ``device=`` to a Device (None: the default device)."""
    if device is None:
        return default_device()
    if type(device) is Device:
        return device
    if isinstance(device, str):
        found = _by_name.get(device)
        if found is not None:
            return found
        type_, _, idx = device.partition(":")
        if idx and not idx.isdigit():
            raise ValueError(f"{function}({argument}): malformed device {device!r}; expected "
                             f"'<type>' or '<type>:<index>' such as 'cpu' or 'cuda:1'")
        rt = _runtime_for_type(type_, function, argument, device)
        if not idx:
            return rt.devices[0]
        dev = rt.by_index.get(int(idx))
        if dev is None:
            raise ValueError(f"{function}({argument}): no device {device!r} on this machine; "
                             f"available: {', '.join(d.name for d in rt.devices)}")
        return dev
    # a native device of the default backend (what consumers get from the native namespace)
    dflt = default_device()
    for d in runtime(dflt.backend_name).devices:
        try:
            if d.native == device:
                return d
        except Exception:
            pass
    raise ValueError(f"{function}({argument}): expected a gradarray device or a device name "
                     f"such as 'cpu', got {device!r}")


def _runtime_for_type(type_: str, function: str, argument: str, spec: str) -> _Runtime:
    for rt in list(_runtimes.values()):
        if rt.type == type_ or rt.backend.name == type_:
            return rt
    try:
        return runtime(_TYPE_ALIASES.get(type_, type_))
    except BackendUnavailableError as exc:
        raise ValueError(f"{function}({argument}): device {spec!r} is not available: "
                         f"{exc}") from exc


def device_of_native(native: Any, backend_name: str) -> Device:
    """The Device holding a native array of the given backend."""
    rt = runtime(backend_name)
    if len(rt.devices) == 1:
        return rt.devices[0]
    return rt.device_for_native(getattr(native, "device", None))
