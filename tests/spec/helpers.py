"""What the spec tests share: the standard's names and dtype tables, written out here
independently of gradarray's own, and one way of checking an error.

Every error of gradarray reads ``"{function}({argument}): {what}"``; ``raises_named``
checks the exception type and that the head of the message names the function and the
argument.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

import gradarray as xp

# ------------------------------------------------------------------ the standard's names
# https://data-apis.org/array-api/2025.12/API_specification/index.html, page by page
PAGES: dict[str, tuple[str, ...]] = {
    "creation_functions": (
        "arange", "asarray", "empty", "empty_like", "eye", "from_dlpack", "full", "full_like",
        "linspace", "meshgrid", "ones", "ones_like", "tril", "triu", "zeros", "zeros_like"),
    "data_type_functions": ("astype", "can_cast", "finfo", "iinfo", "isdtype", "result_type"),
    "elementwise_functions": (
        "abs", "acos", "acosh", "add", "asin", "asinh", "atan", "atan2", "atanh", "bitwise_and",
        "bitwise_left_shift", "bitwise_invert", "bitwise_or", "bitwise_right_shift",
        "bitwise_xor", "ceil", "clip", "conj", "copysign", "cos", "cosh", "divide", "equal",
        "exp", "expm1", "floor", "floor_divide", "greater", "greater_equal", "hypot", "imag",
        "isfinite", "isinf", "isnan", "less", "less_equal", "log", "log1p", "log2", "log10",
        "logaddexp", "logical_and", "logical_not", "logical_or", "logical_xor", "maximum",
        "minimum", "multiply", "negative", "nextafter", "not_equal", "positive", "pow", "real",
        "reciprocal", "remainder", "round", "sign", "signbit", "sin", "sinh", "square", "sqrt",
        "subtract", "tan", "tanh", "trunc"),
    "indexing_functions": ("take", "take_along_axis"),
    "linear_algebra_functions": ("matmul", "matrix_transpose", "tensordot", "vecdot"),
    "manipulation_functions": (
        "broadcast_arrays", "broadcast_shapes", "broadcast_to", "concat", "expand_dims", "flip",
        "moveaxis", "permute_dims", "repeat", "reshape", "roll", "squeeze", "stack", "tile",
        "unstack"),
    "searching_functions": ("argmax", "argmin", "count_nonzero", "nonzero", "searchsorted",
                            "where"),
    "set_functions": ("isin", "unique_all", "unique_counts", "unique_inverse", "unique_values"),
    "sorting_functions": ("argsort", "sort"),
    "statistical_functions": ("cumulative_sum", "cumulative_prod", "max", "mean", "min", "prod",
                              "std", "sum", "var"),
    "utility_functions": ("all", "any", "diff"),
    "linalg": tuple("linalg." + n for n in (
        "cholesky", "cross", "det", "diagonal", "eig", "eigh", "eigvals", "eigvalsh", "inv",
        "matmul", "matrix_norm", "matrix_power", "matrix_rank", "matrix_transpose", "outer",
        "pinv", "qr", "slogdet", "solve", "svd", "svdvals", "tensordot", "trace", "vecdot",
        "vector_norm")),
    "fft": tuple("fft." + n for n in (
        "fft", "ifft", "fftn", "ifftn", "rfft", "irfft", "rfftn", "irfftn", "hfft", "ihfft",
        "fftfreq", "rfftfreq", "fftshift", "ifftshift")),
}
ALL_FUNCTIONS: tuple[str, ...] = tuple(n for names in PAGES.values() for n in names)
# what each version added (the standard's changelog)
ADDED_IN = {
    "2024.12": ("count_nonzero", "cumulative_prod", "diff", "nextafter", "reciprocal",
                "take_along_axis"),
    "2025.12": ("broadcast_shapes", "isin", "linalg.eig", "linalg.eigvals"),
}


def function(name: str) -> Callable[..., Any]:
    """``gradarray.<name>`` (``"linalg.inv"`` too)."""
    obj: Any = xp
    for part in name.split("."):
        obj = getattr(obj, part)
    return obj


# ------------------------------------------------------------------ dtypes, independently
BOOL = ("bool",)
SIGNED = ("int8", "int16", "int32", "int64")
UNSIGNED = ("uint8", "uint16", "uint32", "uint64")
INTEGER = SIGNED + UNSIGNED
REAL_FLOATING = ("float32", "float64")
COMPLEX = ("complex64", "complex128")
FLOATING = REAL_FLOATING + COMPLEX
REAL_NUMERIC = INTEGER + REAL_FLOATING
NUMERIC = REAL_NUMERIC + COMPLEX
ALL = BOOL + NUMERIC

_ABBREV = {"b": "bool", "i1": "int8", "i2": "int16", "i4": "int32", "i8": "int64",
           "u1": "uint8", "u2": "uint16", "u4": "uint32", "u8": "uint64", "f4": "float32",
           "f8": "float64", "c8": "complex64", "c16": "complex128"}

# The promotion table of the standard (type_promotion.html), as its tables print it: row
# dtype with column dtype; "." where the standard defines no promotion.
_TABLE = """
      b   i1  i2  i4  i8  u1  u2  u4  u8  f4  f8  c8  c16
b     b   .   .   .   .   .   .   .   .   .   .   .   .
i1    .   i1  i2  i4  i8  i2  i4  i8  .   .   .   .   .
i2    .   i2  i2  i4  i8  i2  i4  i8  .   .   .   .   .
i4    .   i4  i4  i4  i8  i4  i4  i8  .   .   .   .   .
i8    .   i8  i8  i8  i8  i8  i8  i8  .   .   .   .   .
u1    .   i2  i2  i4  i8  u1  u2  u4  u8  .   .   .   .
u2    .   i4  i4  i4  i8  u2  u2  u4  u8  .   .   .   .
u4    .   i8  i8  i8  i8  u4  u4  u4  u8  .   .   .   .
u8    .   .   .   .   .   u8  u8  u8  u8  .   .   .   .
f4    .   .   .   .   .   .   .   .   .   f4  f8  c8  c16
f8    .   .   .   .   .   .   .   .   .   f8  f8  c16 c16
c8    .   .   .   .   .   .   .   .   .   c8  c16 c8  c16
c16   .   .   .   .   .   .   .   .   .   c16 c16 c16 c16
"""


def _parse_table() -> dict[tuple[str, str], str | None]:
    lines = [ln.split() for ln in _TABLE.strip().splitlines()]
    cols = [_ABBREV[c] for c in lines[0]]
    table: dict[tuple[str, str], str | None] = {}
    for row in lines[1:]:
        r = _ABBREV[row[0]]
        for c, v in zip(cols, row[1:]):
            table[r, c] = None if v == "." else _ABBREV[v]
    return table


PROMOTION = _parse_table()

INT_BOUNDS = {d: ((-(2 ** (int(d[3:]) - 1)), 2 ** (int(d[3:]) - 1) - 1) if d in SIGNED
                  else (0, 2 ** int(d[4:]) - 1)) for d in INTEGER}


def dtype(name: str) -> xp.DType:
    return getattr(xp, name)


def one(name: str, shape: tuple[int, ...] = (2,), device: Any = None) -> xp.Array:
    """An array of ones (True for bool) of dtype ``name``."""
    return xp.ones(shape, dtype=dtype(name), device=device)


# ------------------------------------------------------------------ errors
_HEAD = re.compile(r"^(?P<function>[\w.]+)\((?P<arguments>[^)]*)\)")


@contextlib.contextmanager
def raises_named(exc: type[BaseException] | tuple[type[BaseException], ...], function: str,
                 argument: str | None = None, match: str | None = None) -> Iterator[Any]:
    """Expect ``exc`` whose message starts ``function(...)`` with ``argument`` among the
    names in the parentheses (and contains ``match``, a regular expression, if given)."""
    with pytest.raises(exc) as info:
        yield info
    message = str(info.value)
    head = _HEAD.match(message)
    assert head is not None, f"the message does not start with 'function(argument)': {message!r}"
    name = head["function"]
    short = function.rsplit(".", 1)[-1]
    assert name in (function, short), f"the message names {name!r}, not {function!r}: {message!r}"
    if argument is not None:
        assert argument in head["arguments"], (
            f"the message names ({head['arguments']}), not {argument!r}: {message!r}")
    if match is not None:
        assert re.search(match, message), f"{match!r} not in {message!r}"


@dataclass
class Bad:
    """One bad call of a function: ``call()`` must raise ``exc`` naming ``function`` and
    ``argument`` (and matching ``match``)."""

    function: str
    call: Callable[[], Any]
    exc: type[BaseException] | tuple[type[BaseException], ...]
    argument: str
    match: str | None = None
    label: str = field(default="")

    def __str__(self) -> str:
        return f"{self.function}-{self.label or self.argument}"


def check_bad(case: Bad) -> None:
    with raises_named(case.exc, case.function, case.argument, case.match):
        case.call()


def ids(cases: list[Bad]) -> list[str]:
    seen: dict[str, int] = {}
    out = []
    for c in cases:
        s = str(c)
        seen[s] = seen.get(s, 0) + 1
        out.append(s if seen[s] == 1 else f"{s}-{seen[s]}")
    return out
