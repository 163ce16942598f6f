"""``gradarray.save`` and ``gradarray.load``: arrays and nested containers of them, in a
format that never executes code.

The file is a safetensors file: an 8-byte little-endian header length, a JSON header naming
each array's dtype, shape and byte range, then the raw little-endian bytes.  The structure
around the arrays (dicts with any scalar keys, lists, tuples, numbers, strings, None, dtypes)
is JSON in the header's ``__metadata__``, so loading only ever parses JSON and copies bytes;
any safetensors reader can read the arrays, and ``load`` reads plain safetensors files (as a
dict of arrays).  It works without NumPy (through Python's ``array`` module) on any backend.

Files are written atomically: to a temporary file beside the target, flushed to disk, then
renamed over it, so a crash never leaves a half-written file under the real name.  A
truncated or foreign file is reported as such, never half-loaded.
"""

from __future__ import annotations

import json
import math
import os
import struct
import sys
import tempfile
from array import array as _pyarray
from collections import OrderedDict
from typing import Any

from . import _dtypes
from ._array import Array

__all__ = ["save", "load", "SerializationError"]

_FORMAT = "gradarray"
_VERSION = "1"
_MAX_HEADER = 100 * 1024 * 1024

# safetensors' dtype names (C64 and C128 are gradarray's, for complex arrays)
_CODES = {"bool": "BOOL", "int8": "I8", "int16": "I16", "int32": "I32", "int64": "I64",
          "uint8": "U8", "uint16": "U16", "uint32": "U32", "uint64": "U64", "float32": "F32",
          "float64": "F64", "complex64": "C64", "complex128": "C128"}
_BY_CODE = {v: _dtypes.BY_NAME[k] for k, v in _CODES.items()}
# Python's array module: (typecode, elements per value) for each dtype
_TYPECODES = {"bool": ("B", 1), "int8": ("b", 1), "int16": ("h", 1), "int32": ("i", 1),
              "int64": ("q", 1), "uint8": ("B", 1), "uint16": ("H", 1), "uint32": ("I", 1),
              "uint64": ("Q", 1), "float32": ("f", 1), "float64": ("d", 1),
              "complex64": ("f", 2), "complex128": ("d", 2)}


class SerializationError(ValueError):
    """The file is truncated, corrupt or not a gradarray/safetensors file."""


# ------------------------------------------------------------------ encoding
class _Writer:
    def __init__(self) -> None:
        self.entries: dict[str, dict[str, Any]] = {}
        self.chunks: list[bytes] = []
        self.offset = 0
        self.memo: dict[int, str] = {}

    def array(self, x: Array) -> dict[str, Any]:
        name = self.memo.get(id(x))
        if name is None:
            name = str(len(self.entries))
            data = _to_bytes(x)
            self.entries[name] = {"dtype": _CODES[x.dtype.name], "shape": list(x.shape),
                                  "data_offsets": [self.offset, self.offset + len(data)]}
            self.chunks.append(data)
            self.offset += len(data)
            self.memo[id(x)] = name
        node: dict[str, Any] = {"__array__": name}
        if x.requires_grad:
            node["requires_grad"] = True
        return node

    def encode(self, obj: Any, path: str) -> Any:
        t = type(obj)
        if obj is None or t is bool or t is str:
            return obj
        if t is int:
            return obj if -(2**53) <= obj <= 2**53 else {"__int__": str(obj)}
        if t is float:
            return obj if math.isfinite(obj) else {"__float__": repr(obj)}
        if t is complex:
            return {"__complex__": [self.encode(obj.real, path), self.encode(obj.imag, path)]}
        if t is Array:
            return self.array(obj)
        if isinstance(obj, _dtypes.DType):
            return {"__dtype__": obj.name}
        if t is list:
            return [self.encode(v, f"{path}[{i}]") for i, v in enumerate(obj)]
        if t is tuple:
            return {"__tuple__": [self.encode(v, f"{path}[{i}]") for i, v in enumerate(obj)]}
        if isinstance(obj, dict):
            items = []
            for k, v in obj.items():
                if type(k) not in (str, int, float, bool, tuple) and k is not None:
                    raise TypeError(f"save: cannot store a dict key of type "
                                    f"{type(k).__name__} at {path}")
                items.append([self.encode(k, path), self.encode(v, f"{path}[{k!r}]")])
            tag = "__odict__" if isinstance(obj, OrderedDict) else "__dict__"
            return {tag: items}
        raise TypeError(f"save: cannot store an object of type {type(obj).__name__} at {path}; "
                        f"gradarray.save stores arrays, numbers, strings, None, dtypes and "
                        f"lists, tuples and dicts of them (never arbitrary objects, so that "
                        f"loading never runs code). Save module.state_dict(), not the module.")


def _to_bytes(x: Array) -> bytes:
    """The array's elements, C order, little-endian."""
    x = x.detach()
    try:
        import numpy as np
    except ImportError:
        np = None  # type: ignore[assignment]
    if np is not None:
        native = x._native
        if not isinstance(native, np.ndarray):
            from ._ops.creation import to_device
            try:
                native = to_device(x, "cpu")._native
            except Exception:
                native = None
        if native is not None:
            a = np.ascontiguousarray(native)
            if a.dtype.byteorder == ">" or (a.dtype.byteorder == "=" and sys.byteorder == "big"):
                a = a.astype(a.dtype.newbyteorder("<"))
            return a.tobytes()
    code, per = _TYPECODES[x.dtype.name]
    flat = _flatten(x.tolist())
    if per == 2:
        flat = [v for c in flat for v in (c.real, c.imag)]
    elif x.dtype.kind == "b":
        flat = [1 if v else 0 for v in flat]
    buf = _pyarray(code, flat)
    if sys.byteorder == "big":
        buf.byteswap()
    return buf.tobytes()


def _flatten(v: Any) -> list[Any]:
    if not isinstance(v, list):
        return [v]
    out: list[Any] = []
    stack = [iter(v)]
    while stack:
        for item in stack[-1]:
            if isinstance(item, list):
                stack.append(iter(item))
                break
            out.append(item)
        else:
            stack.pop()
    return out


def save(obj: Any, f: Any) -> None:
    """Write ``obj`` (an array, a state_dict, an optimizer state, or nested dicts, lists and
    tuples of arrays, numbers, strings and None) to the path or binary file ``f``.

    >>> import gradarray as xp, tempfile, os
    >>> path = os.path.join(tempfile.mkdtemp(), "w.safetensors")
    >>> xp.save({"w": xp.ones(2), "step": 3}, path)
    >>> xp.load(path)["step"]
    3
    """
    w = _Writer()
    tree = w.encode(obj, "obj")
    header: dict[str, Any] = {"__metadata__": {"format": _FORMAT, "version": _VERSION,
                                               "tree": json.dumps(tree, allow_nan=False,
                                                                  separators=(",", ":"))}}
    header.update(w.entries)
    raw = json.dumps(header, allow_nan=False, separators=(",", ":")).encode("utf-8")
    raw += b" " * (-(8 + len(raw)) % 8)          # the data starts 8-byte aligned
    parts = [struct.pack("<Q", len(raw)), raw, *w.chunks]
    if hasattr(f, "write"):
        for p in parts:
            f.write(p)
        return
    path = _path(f, "save")
    if os.path.isdir(path):
        raise IsADirectoryError(f"save(f): {path!r} is a directory; give the path of a file")
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(path) + ".", suffix=".tmp",
                               dir=folder)
    try:
        with os.fdopen(fd, "wb") as out:
            for p in parts:
                out.write(p)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


# ------------------------------------------------------------------ decoding
def _path(f: Any, function: str) -> str:
    try:
        return os.fspath(f)
    except TypeError:
        raise TypeError(f"{function}(f): expected a path (str or os.PathLike) or a binary file "
                        f"object, got {type(f).__name__}") from None


def _read(f: Any) -> tuple[bytes, str]:
    if hasattr(f, "read"):
        return f.read(), getattr(f, "name", "<file object>")
    path = _path(f, "load")
    with open(path, "rb") as fh:
        return fh.read(), path


def load(f: Any, device: Any = None) -> Any:
    """Read what ``save`` wrote (or any safetensors file, as a dict of arrays), placing the
    arrays on ``device`` (the default device if None).  Only JSON is parsed and bytes copied:
    no code from the file runs."""
    from ._device import as_device
    dev = as_device(device, "load")
    data, name = _read(f)
    if len(data) < 8:
        raise SerializationError(f"load({name!r}): the file is {len(data)} bytes long, too "
                                 f"short for a gradarray (safetensors) file; it is truncated or "
                                 f"not such a file")
    (n,) = struct.unpack("<Q", data[:8])
    if n > _MAX_HEADER or 8 + n > len(data):
        raise SerializationError(
            f"load({name!r}): not a gradarray (safetensors) file, or a truncated one: the "
            f"header claims {n} bytes but the file holds {len(data) - 8} after the length field")
    try:
        header = json.loads(data[8:8 + n].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise SerializationError(f"load({name!r}): not a gradarray (safetensors) file: the "
                                 f"header is not JSON") from None
    if not isinstance(header, dict):
        raise SerializationError(f"load({name!r}): not a gradarray (safetensors) file: the "
                                 f"header is not a JSON object")
    meta = header.pop("__metadata__", None) or {}
    buffer = memoryview(data)[8 + n:]
    specs = {}
    for key, spec in header.items():
        specs[key] = _check_spec(key, spec, len(buffer), name)
    arrays: dict[str, Array] = {}

    def get(key: str) -> Array:
        a = arrays.get(key)
        if a is None:
            if key not in specs:
                raise SerializationError(f"load({name!r}): the structure refers to array {key!r}, "
                                         f"which the file does not hold")
            dt, shape, begin, end = specs[key]
            a = arrays[key] = _from_bytes(buffer[begin:end], dt, shape, dev)
        return a

    if not isinstance(meta, dict) or meta.get("format") != _FORMAT:
        # a plain safetensors file: its arrays by name, in file order
        order = sorted(specs, key=lambda k: specs[k][2])
        return {k: get(k) for k in order}
    try:
        tree = json.loads(meta["tree"])
    except (KeyError, TypeError, ValueError):
        raise SerializationError(f"load({name!r}): the file's structure record is missing or "
                                 f"corrupt") from None
    return _decode(tree, get, name)


def _check_spec(key: str, spec: Any, size: int, name: str) -> tuple[_dtypes.DType, tuple[int, ...],
                                                                     int, int]:
    bad = SerializationError(f"load({name!r}): array {key!r} has a malformed description "
                             f"{spec!r}")
    if not isinstance(spec, dict):
        raise bad
    dt = _BY_CODE.get(spec.get("dtype"))  # type: ignore[arg-type]
    if dt is None:
        raise SerializationError(f"load({name!r}): array {key!r} has dtype "
                                 f"{spec.get('dtype')!r}, which gradarray cannot hold")
    shape = spec.get("shape")
    offsets = spec.get("data_offsets")
    if (not isinstance(shape, list) or not all(type(s) is int and s >= 0 for s in shape) or
            not isinstance(offsets, list) or len(offsets) != 2 or
            not all(type(o) is int for o in offsets)):
        raise bad
    begin, end = offsets
    count = math.prod(shape)
    if not 0 <= begin <= end or end - begin != count * (dt.bits // 8):
        raise SerializationError(f"load({name!r}): array {key!r} of shape {tuple(shape)} and "
                                 f"dtype {dt.name} needs {count * (dt.bits // 8)} bytes, its "
                                 f"byte range is {offsets}")
    if end > size:
        raise SerializationError(f"load({name!r}): the file is truncated: array {key!r} needs "
                                 f"bytes {begin}..{end} of the data, which holds only {size}")
    return dt, tuple(shape), begin, end


def _from_bytes(raw: memoryview, dt: _dtypes.DType, shape: tuple[int, ...], dev: Any) -> Array:
    from ._ops.creation import asarray
    from ._ops.manipulation import reshape
    try:
        import numpy as np
    except ImportError:
        np = None  # type: ignore[assignment]
    if np is not None:
        a = np.frombuffer(raw, dtype=np.dtype(dt.name).newbyteorder("<")).astype(
            np.dtype(dt.name), copy=True).reshape(shape)
        if dev.backend_name == "numpy":
            return asarray(a, device=dev)
        try:
            return asarray(a, device="cpu").to_device(dev)
        except Exception:
            pass
    code, per = _TYPECODES[dt.name]
    buf = _pyarray(code)
    buf.frombytes(bytes(raw))
    if sys.byteorder == "big":
        buf.byteswap()
    values: list[Any] = buf.tolist()
    if per == 2:
        values = [complex(values[i], values[i + 1]) for i in range(0, len(values), 2)]
    elif dt.kind == "b":
        values = [bool(v) for v in values]
    return reshape(asarray(values, dtype=dt, device=dev), shape)


def _decode(node: Any, get: Any, name: str) -> Any:
    if node is None or type(node) in (bool, int, float, str):
        return node
    if type(node) is list:
        return [_decode(v, get, name) for v in node]
    if type(node) is dict and len(node) >= 1:
        if "__array__" in node:
            a = get(node["__array__"])
            if node.get("requires_grad") and not a.requires_grad:
                a.requires_grad_(True)
            return a
        if len(node) == 1:
            (tag, value), = node.items()
            if tag == "__tuple__":
                return tuple(_decode(v, get, name) for v in value)
            if tag in ("__dict__", "__odict__"):
                out = OrderedDict() if tag == "__odict__" else {}
                for k, v in value:
                    out[_key(_decode(k, get, name))] = _decode(v, get, name)
                return out
            if tag == "__float__":
                return float(value)
            if tag == "__int__":
                return int(value)
            if tag == "__complex__":
                return complex(_decode(value[0], get, name), _decode(value[1], get, name))
            if tag == "__dtype__":
                return _dtypes.BY_NAME[value]
    raise SerializationError(f"load({name!r}): the file's structure holds an unknown entry "
                             f"{str(node)[:80]!r}")


def _key(k: Any) -> Any:
    return tuple(k) if isinstance(k, list) else k
