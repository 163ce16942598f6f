"""Data types, the promotion table, and the data type functions.

https://data-apis.org/array-api/2025.12/API_specification/data_types.html
https://data-apis.org/array-api/2025.12/API_specification/type_promotion.html
https://data-apis.org/array-api/2025.12/API_specification/data_type_functions.html

Every dtype names the ``array`` module typecode its elements are stored with.  A complex
element is two consecutive floats of its component type (``w == 2``), which is also the
DLPack layout.
"""

from __future__ import annotations

from array import array as _buffer
from typing import Any, NamedTuple

__all__ = ["DType", "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
           "uint64", "float32", "float64", "complex64", "complex128", "ALL", "BY_NAME",
           "promote", "result_type", "can_cast", "finfo", "iinfo", "isdtype", "finfo_object",
           "iinfo_object", "default_int", "default_float", "default_complex", "dtype_of"]

_builtin_bool = bool


class DType:
    """A data type of the standard: its name, kind, size and storage typecode."""

    __slots__ = ("name", "kind", "bits", "tc", "w", "component", "complex", "min", "max",
                 "mask", "itemsize", "dl_code", "_promote")

    def __init__(self, name: str, kind: str, bits: int, tc: str, w: int = 1) -> None:
        self.name = name
        self.kind = kind            # 'b' bool, 'i' signed, 'u' unsigned, 'f' real, 'c' complex
        self.bits = bits
        self.tc = tc                # array-module typecode of one stored component
        self.w = w                  # stored components per element (2 for complex)
        self.itemsize = bits // 8
        self.component: DType = self   # complex: the real dtype of either part
        self.complex: DType | None = None
        self.min = self.max = self.mask = 0
        if kind == "i":
            half = 1 << (bits - 1)
            self.min, self.max, self.mask = -half, half - 1, (1 << bits) - 1
        elif kind == "u":
            self.min, self.max, self.mask = 0, (1 << bits) - 1, (1 << bits) - 1
        elif kind == "b":
            self.min, self.max, self.mask = 0, 1, 1
        self.dl_code = {"i": 0, "u": 1, "f": 2, "c": 5, "b": 6}[kind]
        self._promote: dict[DType, DType] = {}
        assert _buffer(tc).itemsize * 8 * w == bits or kind == "b", name

    def __repr__(self) -> str:
        return self.name

    def __reduce__(self) -> str:
        return self.name      # pickles as the module attribute of that name

    # identity equality (the default) is what the standard asks: a dtype equals itself


def _typecode(bits: int, signed: _builtin_bool) -> str:
    for tc in ("bhilq" if signed else "BHILQ"):
        if _buffer(tc).itemsize * 8 == bits:
            return tc
    raise RuntimeError(f"no array typecode holds {bits}-bit integers")


bool = DType("bool", "b", 8, "B")  # noqa: A001 (the standard's name)
int8 = DType("int8", "i", 8, _typecode(8, True))
int16 = DType("int16", "i", 16, _typecode(16, True))
int32 = DType("int32", "i", 32, _typecode(32, True))
int64 = DType("int64", "i", 64, _typecode(64, True))
uint8 = DType("uint8", "u", 8, _typecode(8, False))
uint16 = DType("uint16", "u", 16, _typecode(16, False))
uint32 = DType("uint32", "u", 32, _typecode(32, False))
uint64 = DType("uint64", "u", 64, _typecode(64, False))
float32 = DType("float32", "f", 32, "f")
float64 = DType("float64", "f", 64, "d")
complex64 = DType("complex64", "c", 64, "f", 2)
complex128 = DType("complex128", "c", 128, "d", 2)
complex64.component = float32
complex128.component = float64
float32.complex = complex64
float64.complex = complex128
complex64.complex = complex64
complex128.complex = complex128

ALL = (bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64,
       complex64, complex128)
BY_NAME = {d.name: d for d in ALL}
SIGNED = (int8, int16, int32, int64)
UNSIGNED = (uint8, uint16, uint32, uint64)
INTEGER = SIGNED + UNSIGNED
REAL_FLOAT = (float32, float64)
COMPLEX = (complex64, complex128)
FLOATING = REAL_FLOAT + COMPLEX
NUMERIC = INTEGER + FLOATING
REAL = INTEGER + REAL_FLOAT

default_int = int64
default_float = float64
default_complex = complex128
default_index = int64


# ----------------------------------------------------------------- promotion
def _build_promotion() -> None:
    def pair(a: DType, b: DType, r: DType) -> None:
        a._promote[b] = r
        b._promote[a] = r

    bool._promote[bool] = bool
    for group in (SIGNED, UNSIGNED, REAL_FLOAT):
        for a in group:
            for b in group:
                pair(a, b, a if a.bits >= b.bits else b)
    for u in UNSIGNED:
        for s in SIGNED:
            if u.bits < s.bits:
                pair(u, s, s)
            elif u.bits < 64:
                pair(u, s, {8: int16, 16: int32, 32: int64}[u.bits])
    for a in FLOATING:
        for b in FLOATING:
            if a.kind == "c" or b.kind == "c":
                bits = max(a.component.bits, b.component.bits)
                pair(a, b, complex64 if bits == 32 else complex128)


_build_promotion()


def promote(d1: DType, d2: DType) -> DType:
    """The promoted dtype of two dtypes (TypeError for pairs the standard leaves undefined)."""
    if d1 is d2:
        return d1
    r = d1._promote.get(d2)
    if r is None:
        raise TypeError(f"cannot promote {d1.name} with {d2.name}: the standard defines no "
                        f"promotion between these kinds (cast with astype first)")
    return r


def dtype_of(x: Any, function: str, argument: str = "x") -> DType:
    """The dtype of an array or a dtype argument."""
    if type(x) is DType:
        return x
    dt = getattr(x, "_dtype", None)
    if type(dt) is DType:
        return dt
    raise TypeError(f"{function}({argument}): expected a reference array or dtype, got "
                    f"{type(x).__name__}")


def _scalar_with(dt: DType, s: Any, function: str) -> DType:
    t = type(s)
    if t is _builtin_bool:
        if dt.kind == "b":
            return dt
    elif t is int:
        if dt.kind != "b":
            return dt
    elif t is float:
        if dt.kind in "fc":
            return dt
    elif t is complex:
        if dt.kind in "fc":
            return dt.complex  # type: ignore[return-value]
    raise TypeError(f"{function}: a Python {t.__name__} cannot be combined with dtype {dt.name}")


def result_type(*arrays_and_dtypes: Any) -> DType:
    """The dtype that promotion gives for arrays, dtypes and Python scalars."""
    dts = []
    scalars = []
    for a in arrays_and_dtypes:
        if type(a) in (_builtin_bool, int, float, complex):
            scalars.append(a)
        else:
            dts.append(dtype_of(a, "result_type", "arrays_and_dtypes"))
    if not dts:
        raise ValueError("result_type(arrays_and_dtypes): at least one array or dtype is needed")
    r = dts[0]
    for d in dts[1:]:
        r = promote(r, d)
    for s in scalars:
        r = _scalar_with(r, s, "result_type")
    return r


def can_cast(from_: Any, to: DType, /) -> _builtin_bool:
    """Whether promotion can turn ``from_`` (a dtype or an array's dtype) into ``to``."""
    f = dtype_of(from_, "can_cast", "from_")
    if type(to) is not DType:
        raise TypeError(f"can_cast(to): expected a dtype, got {to!r}")
    return f is to or f._promote.get(to) is to


# -------------------------------------------------------------- finfo/iinfo
class finfo_object(NamedTuple):
    bits: int
    eps: float
    max: float
    min: float
    smallest_normal: float
    dtype: DType


class iinfo_object(NamedTuple):
    bits: int
    max: int
    min: int
    dtype: DType


_F32_MAX = 3.4028234663852886e38
_FINFO = {
    float32: finfo_object(32, 2.0 ** -23, _F32_MAX, -_F32_MAX, 2.0 ** -126, float32),
    float64: finfo_object(64, 2.0 ** -52, 1.7976931348623157e308, -1.7976931348623157e308,
                          2.0 ** -1022, float64),
}


def finfo(type: Any, /) -> finfo_object:  # noqa: A002 (the standard's name)
    """Machine limits of a floating-point dtype (complex: of its components)."""
    dt = dtype_of(type, "finfo", "type")
    if dt.kind not in "fc":
        raise TypeError(f"finfo(type): expected a floating-point dtype, got {dt.name}")
    return _FINFO[dt.component]


def iinfo(type: Any, /) -> iinfo_object:  # noqa: A002
    """Machine limits of an integer dtype."""
    dt = dtype_of(type, "iinfo", "type")
    if dt.kind not in "iu":
        raise TypeError(f"iinfo(type): expected an integer dtype, got {dt.name}")
    return iinfo_object(dt.bits, dt.max, dt.min, dt)


_KINDS = {
    "bool": frozenset({bool}),
    "signed integer": frozenset(SIGNED),
    "unsigned integer": frozenset(UNSIGNED),
    "integral": frozenset(INTEGER),
    "real floating": frozenset(REAL_FLOAT),
    "complex floating": frozenset(COMPLEX),
    "numeric": frozenset(NUMERIC),
}


def isdtype(dtype: DType, kind: Any) -> _builtin_bool:
    """Whether ``dtype`` is ``kind`` (a dtype, a kind name, or a tuple of them)."""
    if type(dtype) is not DType:
        raise TypeError(f"isdtype(dtype): expected a dtype, got {dtype!r}")
    if type(kind) is tuple:
        return any(isdtype(dtype, k) for k in kind)
    if type(kind) is DType:
        return dtype is kind
    if isinstance(kind, str):
        members = _KINDS.get(kind)
        if members is None:
            raise ValueError(f"isdtype(kind): unknown kind {kind!r}; expected one of "
                             f"{', '.join(map(repr, _KINDS))}")
        return dtype in members
    raise TypeError(f"isdtype(kind): expected a dtype, a kind name or a tuple of them, got "
                    f"{kind!r}")


def kinds_dict(kind: Any) -> dict[str, DType]:
    """``{name: dtype}`` of the dtypes of ``kind`` (None: all), for the inspection API."""
    if kind is None:
        return {d.name: d for d in ALL}
    return {d.name: d for d in ALL if isdtype(d, kind)}
