"""Handing gradarray arrays to other libraries: NumPy (``__array__``), DLPack, pickle.

An array that requires grad never leaves the graph silently: like PyTorch's ``.numpy()``,
these conversions raise and say to call ``.detach()`` first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._array import Array

__all__ = ["to_numpy", "dlpack", "dlpack_device", "reduce_array"]


def _refuse_grad(x: Array, what: str) -> None:
    if x._ag is not None:
        raise RuntimeError(f"{what}: the array requires grad, and the result would not carry "
                           f"its gradient; call x.detach() first (as with PyTorch's .numpy())")


def to_numpy(x: Array, dtype: Any = None, copy: bool | None = None) -> Any:
    """The array as a NumPy array (no copy where the data is already NumPy's)."""
    import numpy as np
    _refuse_grad(x, "numpy.asarray(x)")
    native = x._native
    copied = False     # whether getting the data to NumPy already copied it
    if isinstance(native, np.ndarray):
        out = native
    else:
        host = x._device.backend.kernels.get("to_host")
        if host is not None:
            out = host(native)
            copied = out is not native    # a device-to-host transfer
        else:
            try:
                out = np.from_dlpack(native)
            except (TypeError, BufferError, RuntimeError, AttributeError, ValueError) as exc:
                raise TypeError(f"numpy.asarray(x): the array is on device {x._device}, which "
                                f"NumPy cannot read ({exc}); move it with "
                                f"x.to_device('cpu') first") from exc
    if copy is False and (copied or (dtype is not None and out.dtype != dtype)):
        # NumPy's __array__ protocol: copy=False must not copy, so it is an error here
        raise ValueError(f"numpy.asarray(x, copy=False): the array cannot be given to NumPy "
                         f"without a copy ({'a dtype change' if not copied else 'it lives on '}"
                         f"{'' if not copied else x._device}); use copy=None")
    if dtype is not None and out.dtype != dtype:
        return out.astype(dtype)
    if copy and not copied:
        return out.copy()
    return out


def dlpack(x: Array, *, stream: Any = None, max_version: Any = None, dl_device: Any = None,
           copy: bool | None = None) -> Any:
    _refuse_grad(x, "x.__dlpack__()")
    kw = {k: v for k, v in (("stream", stream), ("max_version", max_version),
                            ("dl_device", dl_device), ("copy", copy)) if v is not None}
    try:
        return x._native.__dlpack__(**kw)
    except TypeError:
        if "max_version" in kw and len(kw) == 1:   # an older producer: capsule of version 0.x
            return x._native.__dlpack__()
        raise


def dlpack_device(x: Array) -> tuple[Any, int]:
    from ._array import DLDeviceType
    kind, index = x._native.__dlpack_device__()
    return (DLDeviceType(int(kind)), int(index))


def reduce_array(x: Array) -> tuple[Any, tuple[Any, ...]]:
    """Pickle support: the values on the host, the dtype, the device and requires_grad."""
    if x._ag is not None and x._ag.grad_fn is not None:
        raise RuntimeError("pickling an array that is part of a graph would lose its grad_fn; "
                           "call x.detach() first")
    from ._format import to_list
    try:
        import numpy as np
        data: Any = np.asarray(x.detach()) if x._device.type != "reference" else to_list(x)
    except ImportError:
        data = to_list(x)
    return (_rebuild, (data, x._dtype.name, x._device.name, x._ag is not None))


def _rebuild(data: Any, dtype: str, device: str, requires_grad: bool) -> Array:
    from . import _dtypes
    from ._ops.creation import asarray
    return asarray(data, dtype=_dtypes.BY_NAME[dtype], device=device, copy=True,
                   requires_grad=requires_grad)
