"""Data types, their categories and THE type-promotion table of the standard.

https://data-apis.org/array-api/2025.12/API_specification/data_types.html
https://data-apis.org/array-api/2025.12/API_specification/type_promotion.html

DType objects are interned: there is exactly one ``float32`` and comparison is by
identity.  Every backend maps these objects onto its own native dtypes (``_device.py``).
"""

from __future__ import annotations

from typing import Any, Final

__all__ = [
    "DType", "bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32",
    "uint64", "float32", "float64", "complex64", "complex128",
]

_builtin_bool = bool


class DType:
    """A data type of the standard; ``gradarray.float32`` and friends are its instances."""

    __slots__ = ("name", "kind", "bits", "_promote", "_real", "_complex", "__weakref__")

    def __init__(self, name: str, kind: str, bits: int) -> None:
        self.name = name
        self.kind = kind            # "b", "i", "u", "f" or "c"
        self.bits = bits
        self._promote: dict[DType, DType] = {}
        self._real: DType = self     # the real dtype of a complex one (abs, real, imag)
        self._complex: DType | None = None  # the complex dtype of a real floating one

    def __repr__(self) -> str:
        return f"gradarray.{self.name}"

    def __str__(self) -> str:
        return self.name

    # equality and hashing are object identity (inherited, implemented in C: dtypes are
    # dictionary keys on every call's path); that is the standard's dtype.__eq__, as dtypes
    # are interned

    def __reduce__(self) -> str:
        # pickling a dtype gives back the interned object
        return self.name


bool = DType("bool", "b", 8)  # noqa: A001 - the standard names it so
int8 = DType("int8", "i", 8)
int16 = DType("int16", "i", 16)
int32 = DType("int32", "i", 32)
int64 = DType("int64", "i", 64)
uint8 = DType("uint8", "u", 8)
uint16 = DType("uint16", "u", 16)
uint32 = DType("uint32", "u", 32)
uint64 = DType("uint64", "u", 64)
float32 = DType("float32", "f", 32)
float64 = DType("float64", "f", 64)
complex64 = DType("complex64", "c", 64)
complex128 = DType("complex128", "c", 128)

ALL_DTYPES: Final = (bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
                     float32, float64, complex64, complex128)
BY_NAME: Final = {d.name: d for d in ALL_DTYPES}

complex64._real = float32
complex128._real = float64
float32._complex = complex64
float64._complex = complex128

# --- categories (https://data-apis.org/array-api/2025.12/API_specification/data_types.html#data-type-categories)
BOOL: Final = frozenset({bool})
SIGNED: Final = frozenset({int8, int16, int32, int64})
UNSIGNED: Final = frozenset({uint8, uint16, uint32, uint64})
INTEGER: Final = SIGNED | UNSIGNED
REAL_FLOATING: Final = frozenset({float32, float64})
COMPLEX_FLOATING: Final = frozenset({complex64, complex128})
FLOATING: Final = REAL_FLOATING | COMPLEX_FLOATING
REAL_NUMERIC: Final = INTEGER | REAL_FLOATING
NUMERIC: Final = REAL_NUMERIC | COMPLEX_FLOATING
INTEGER_OR_BOOL: Final = INTEGER | BOOL
ALL: Final = frozenset(ALL_DTYPES)

CATEGORY_NAMES: Final = {
    BOOL: "a boolean dtype",
    SIGNED: "a signed integer dtype",
    UNSIGNED: "an unsigned integer dtype",
    INTEGER: "an integer dtype",
    REAL_FLOATING: "a real floating-point dtype",
    COMPLEX_FLOATING: "a complex floating-point dtype",
    FLOATING: "a floating-point dtype",
    REAL_NUMERIC: "a real-valued numeric dtype",
    NUMERIC: "a numeric dtype",
    INTEGER_OR_BOOL: "an integer or boolean dtype",
    ALL: "any dtype",
}

# isdtype's kinds (https://data-apis.org/array-api/2025.12/API_specification/generated/array_api.isdtype.html)
KINDS: Final = {
    "bool": BOOL,
    "signed integer": SIGNED,
    "unsigned integer": UNSIGNED,
    "integral": INTEGER,
    "real floating": REAL_FLOATING,
    "complex floating": COMPLEX_FLOATING,
    "numeric": NUMERIC,
}


def _build_promotion_table() -> None:
    """Fill every dtype's ``_promote`` map with the standard's promotion lattice."""
    signed = [int8, int16, int32, int64]
    unsigned = [uint8, uint16, uint32, uint64]
    by_bits_signed = {d.bits: d for d in signed}
    pairs: dict[tuple[DType, DType], DType] = {(bool, bool): bool}
    for family in (signed, unsigned, [float32, float64], [complex64, complex128]):
        for a in family:
            for b in family:
                pairs[a, b] = a if a.bits >= b.bits else b
    for u in unsigned:
        for i in signed:
            # mixed signedness: the smallest signed type holding both; uint64 has none
            bits = max(2 * u.bits, i.bits)
            if bits <= 64:
                pairs[u, i] = pairs[i, u] = by_bits_signed[bits]
    for f in (float32, float64):
        for c in (complex64, complex128):
            pairs[f, c] = pairs[c, f] = complex128 if max(2 * f.bits, c.bits) == 128 else complex64
    for (a, b), r in pairs.items():
        a._promote[b] = r


_build_promotion_table()


def promote(d1: DType, d2: DType) -> DType | None:
    """The promoted dtype of ``d1`` and ``d2``, or None when the standard defines none."""
    return d1._promote.get(d2)


def describe(category: frozenset[DType]) -> str:
    """Words for a dtype category, for error messages."""
    name = CATEGORY_NAMES.get(category)
    if name is None:
        name = "one of " + ", ".join(sorted(d.name for d in category))
    return name


def as_dtype(value: object, function: str, argument: str = "dtype") -> DType:
    """Return ``value`` as a gradarray DType, or raise a TypeError naming the caller."""
    if type(value) is DType:
        return value  # type: ignore[return-value]
    raise TypeError(f"{function}({argument}): expected a gradarray dtype such as "
                    f"gradarray.float32, got {value!r}")


# the standard's finfo/iinfo values, independent of any backend
class finfo_object:
    """What ``finfo`` returns: the limits of a floating-point dtype, as Python floats (its
    ``dtype`` a gradarray DType; in the NumPy and CuPy backends' namespaces, theirs)."""

    __slots__ = ("bits", "eps", "max", "min", "smallest_normal", "dtype")

    def __init__(self, bits: int, eps: float, max: float, min: float,
                 smallest_normal: float, dtype: Any) -> None:
        self.bits, self.eps, self.max, self.min = bits, eps, max, min
        self.smallest_normal, self.dtype = smallest_normal, dtype

    def __repr__(self) -> str:
        return (f"finfo(bits={self.bits}, eps={self.eps!r}, max={self.max!r}, min={self.min!r}, "
                f"smallest_normal={self.smallest_normal!r}, dtype={self.dtype.name})")


class iinfo_object:
    """What ``iinfo`` returns: the limits of an integer dtype, as Python ints."""

    __slots__ = ("bits", "max", "min", "dtype")

    def __init__(self, bits: int, max: int, min: int, dtype: DType) -> None:
        self.bits, self.max, self.min, self.dtype = bits, max, min, dtype

    def __repr__(self) -> str:
        return f"iinfo(bits={self.bits}, max={self.max}, min={self.min}, dtype={self.dtype.name})"


FINFO: Final = {
    float32: finfo_object(32, 2.0 ** -23, (2 - 2.0 ** -23) * 2.0 ** 127,
                          -(2 - 2.0 ** -23) * 2.0 ** 127, 2.0 ** -126, float32),
    float64: finfo_object(64, 2.0 ** -52, 1.7976931348623157e308, -1.7976931348623157e308,
                          2.0 ** -1022, float64),
}
FINFO[complex64] = FINFO[float32]
FINFO[complex128] = FINFO[float64]

IINFO: Final = {
    d: iinfo_object(d.bits, (2 ** (d.bits - 1) - 1) if d.kind == "i" else (2 ** d.bits - 1),
                    -(2 ** (d.bits - 1)) if d.kind == "i" else 0, d)
    for d in INTEGER
}
