"""Every function of the standard, called with adversarial arguments (hypothesis).

Each function of the gradarray namespace (top level, ``linalg``, ``fft``, the inspection
API), the array object's methods, operators, conversions and indexing, and
``gradarray.random`` has a generator below that draws a valid call and then replaces some of
its arguments with something adversarial: a wrong type (None, str, bytes, list, dict, float,
complex, a bool where an int is expected, NumPy scalars and arrays), an array of a dtype the
function does not take, of an odd shape (0-d, empty, too few dimensions), on another
backend's device, or that requires grad, a value out of range (huge and negative ints,
nan/inf, axes out of range or repeated, negative sizes), an unexpected keyword, a missing
argument.  Every call must then either

- succeed, with a consistent result (an Array whose dtype, shape and device agree with its
  native array, on the device of its inputs; only floating arrays requiring grad), and only
  when nothing it was given is forbidden: neither an argument marked MUST below nor a call
  that array-api-strict refuses (the two libraries then also agree on the result's dtype and
  shape); or
- raise TypeError, ValueError (subclasses included), IndexError or OverflowError (BufferError
  for DLPack; RuntimeError only for autograd's documented refusals) whose message reads
  ``name(argument, ...): what was expected...``: the function called (or the one an operator
  is computed with), then arguments that function has.  When one forbidden thing alone is
  unusual in the call, the type is the one its kind calls for: TypeError for a value of the
  wrong type or dtype and for dtypes that do not promote, ValueError for a right type with a
  wrong value, shapes that do not broadcast and arrays on different devices, IndexError or
  ValueError for an axis out of range (TYPE, VALUE, AXIS below);

and never leak another exception (AttributeError, KeyError, RuntimeError, AssertionError,
ZeroDivisionError, RecursionError...), hang, or raise MemoryError for a small request.  On
the reference backend the same call is also made on its namespace alone (it must pass the
official suite by itself), which may only raise those types too.

Hypothesis is derandomized, so a run is reproducible; ``FUZZ_EXAMPLES`` sets the number of
calls per function (default 24).  ``python -m tests.tools.fuzz_explore`` draws many more and
lists every distinct problem.
"""

from __future__ import annotations

import contextlib
import math
import os
import random
import re
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gradarray as xp
from gradarray._device import Device, default_device, runtime
from tests.spec.helpers import (ALL, ALL_FUNCTIONS, BOOL, COMPLEX, FLOATING, INTEGER, NUMERIC,
                                PROMOTION, REAL_FLOATING, REAL_NUMERIC, SIGNED, UNSIGNED, dtype)
from tests.spec.test_elementwise_functions import UNARY
from tests.spec.test_type_promotion import BINARY

try:
    import array_api_strict as strict
except ImportError:   # the differential half is skipped; the rest still runs
    strict = None

if not sys.platform.startswith("linux"):
    # the harness caps memory (RLIMIT_AS, /proc/self/status) and time (SIGALRM) per call
    pytest.skip("the bad-input fuzzer's memory and time limits need Linux",
                allow_module_level=True)
import resource  # noqa: E402  (Unix only)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "24"))
SECONDS = 10.0           # one call longer than this is a hang

ALLOWED = (TypeError, ValueError, IndexError, OverflowError)
MUST = True              # the standard forbids this argument: the call has to raise
MAY = False              # unusual but possibly valid: raising or not, both are fine
# forbidden, and when it is the only unusual thing in a call, it must raise this type:
TYPE = TypeError                   # a value of the wrong type (array-api-strict's choice)
VALUE = ValueError                 # the right type, a wrong value
AXIS = (IndexError, ValueError)    # an axis out of range (NumPy's AxisError is both)

OMIT = object()          # an optional argument left out


def _other_backend(name: str) -> str:
    return "reference" if name != "reference" else "numpy"


# ------------------------------------------------------------------ the drawn call
@dataclass
class Call:
    """What to call: ``target`` (``"sum"``, ``"linalg.det"``, ``"Array.__add__"`` with self
    first, ``"info.dtypes"``, ``"random.rand"``), its arguments, and what the generator knows
    about the result."""

    target: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    names: tuple[str, ...] = ()          # names an error message may start with
    returns: Callable[[Any], bool] | None = None   # check of a non-array result
    dtype: Any = None                    # the expected result dtype (a name), if known
    shape: Any = None                    # the expected result shape, if known
    device: Any = None                   # the expected result device, if not the inputs'
    strict: bool = True                  # whether array-api-strict has this function
    runtime_ok: bool = False             # an autograd RuntimeError is documented here
    huge: bool = False                   # a huge request: MemoryError is an answer
    buffer_ok: bool = False              # BufferError is an answer (DLPack)
    params: tuple[str, ...] = ()         # argument names a message may give besides these


def brief(v: Any) -> str:
    if type(v) is xp.Array:
        grad = ", requires_grad" if v.requires_grad else ""
        return f"Array({v.dtype}, {v.shape}, {v.device}{grad})"
    if isinstance(v, np.ndarray):
        return f"np.ndarray({v.dtype}, {v.shape})"
    if isinstance(v, list | tuple) and len(v) > 4:
        return f"{type(v).__name__}[{', '.join(brief(e) for e in v[:4])}, ...]"
    if isinstance(v, tuple):
        return "(" + ", ".join(brief(e) for e in v) + ("," if len(v) == 1 else "") + ")"
    if isinstance(v, list):
        return "[" + ", ".join(brief(e) for e in v) + "]"
    r = repr(v)
    return r if len(r) < 60 else r[:57] + "..."


def describe(call: Call) -> str:
    args = [brief(a) for a in call.args] + [f"{k}={brief(v)}" for k, v in call.kwargs.items()]
    return f"{call.target}({', '.join(args)})"


# ------------------------------------------------------------------ values of arrays
_F32_MAX = 3.4e38


def _float_values(rng: random.Random, n: int, special: bool, f32: bool) -> list[float]:
    big = _F32_MAX if f32 else 1.7e308
    pool = [0.0, -0.0, 1.0, -1.0, 0.5, 2.0, math.nan, math.inf, -math.inf, big, -big,
            1e-40 if f32 else 5e-324, 1e10]
    if special:
        return [rng.choice(pool) for _ in range(n)]
    return [round(rng.uniform(-4, 4), 3) for _ in range(n)]


def _values(name: str, n: int, seed: int, special: bool) -> list[Any]:
    rng = random.Random(seed)
    if name == "bool":
        return [rng.random() < 0.5 for _ in range(n)]
    if name in INTEGER:
        bits = int(name.lstrip("uint"))
        lo, hi = (0, 2 ** bits - 1) if name in UNSIGNED else (-(2 ** (bits - 1)),
                                                               2 ** (bits - 1) - 1)
        if special:
            return [rng.choice([lo, hi, 0, 1, hi - 1, lo + 1]) for _ in range(n)]
        return [rng.randint(max(lo, -5), min(hi, 9)) for _ in range(n)]
    f32 = name in ("float32", "complex64")
    if name in COMPLEX:
        re_, im = _float_values(rng, n, special, f32), _float_values(rng, n, special, f32)
        return [complex(a, b) for a, b in zip(re_, im)]
    return _float_values(rng, n, special, f32)


def make_array(name: str, shape: tuple[int, ...], seed: int = 0, special: bool = False,
               device: Any = None, grad: bool = False, layout: str = "plain") -> xp.Array:
    """An array of dtype ``name`` and ``shape`` with reproducible values; ``layout`` makes it
    a view (``"strided"``: every other element of a larger array, ``"transposed"``)."""
    dt = dtype(name)
    if layout == "transposed" and len(shape) >= 2:
        base_shape = shape[:-2] + (shape[-1], shape[-2])
    elif layout == "strided" and len(shape) >= 1:
        base_shape = shape[:-1] + (2 * shape[-1],)
    else:
        layout, base_shape = "plain", shape
    n = math.prod(base_shape)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        flat = xp.asarray(_values(name, n, seed, special), dtype=dt, device=device)
    x = xp.reshape(flat, base_shape)
    if layout == "transposed":
        x = xp.matrix_transpose(x)
    elif layout == "strided":
        x = x[..., ::2]
    if grad:
        x = x.detach().requires_grad_()   # a leaf, as users make them
    return x


# ------------------------------------------------------------------ adversarial pools
class Opaque:
    def __repr__(self) -> str:
        return "<object>"


NOT_AN_ARRAY = [None, 1.5, 1, True, 1j, "x", b"x", [1.0, 2.0], (1.0,), {"a": 1}, Opaque(),
                np.float64(1.0), np.int64(1), np.ones(2), np.ones((2, 2), dtype=np.float32)]
HUGE = 2 ** 70


def bad_int(*, optional: bool = False, negative_ok: bool = True, size: bool = False
            ) -> list[tuple[Any, bool]]:
    """Wrong things for an int argument (``size``: a count, so huge values are huge
    requests)."""
    out = [(True, TYPE), (False, TYPE), (1.5, TYPE), (2.0, TYPE), ("1", TYPE), (1j, TYPE),
           ([1], TYPE), ((1,), TYPE), (np.float64(1.0), TYPE), (np.int64(1), MAY),
           (math.nan, TYPE), (math.inf, TYPE), (-1, MAY if negative_ok else VALUE),
           (-(2 ** 63), MAY if negative_ok else MUST), (-HUGE, MAY if negative_ok else MUST)]
    if not size:
        out += [(HUGE, MAY), (2 ** 63, MAY)]
    if not optional:
        out.append((None, TYPE))
    return out


def bad_axis(ndim: int, *, optional: bool = False, tuple_ok: bool = False,
             repeated: bool = MUST, list_ok: bool = MUST, int_ok: bool = True
             ) -> list[tuple[Any, bool]]:
    """Wrong things for an axis (``int_ok``: False where only sequences of axes are taken)."""
    out_of_range = AXIS if int_ok else TYPE
    out = [(ndim, out_of_range), (-ndim - 1, out_of_range), (HUGE, MUST), (-HUGE, MUST),
           (2 ** 63, MUST),
           (True, TYPE), (False, TYPE), (0.0, TYPE), ("0", TYPE), (1j, TYPE),
           ([0], list_ok if ndim else MUST),
           (np.int64(0), MAY), (math.nan, TYPE), (np.float64(0), TYPE)]
    if not tuple_ok:
        out.append(((0,), TYPE))
    else:
        out += [((0, 0), repeated if ndim else MUST), ((0, -ndim), repeated if ndim else MUST),
                ((ndim,), AXIS), ((0.0,), TYPE),
                ((True,), TYPE), ((), MAY), (("0",), TYPE), ((None,), TYPE), ((HUGE,), MUST)]
        if ndim == 0:
            out.append(((0,), AXIS))
    if not optional:
        out.append((None, TYPE))
    return out


def bad_bool(*, optional: bool = False) -> list[tuple[Any, bool]]:
    out = [(1, TYPE), (0, TYPE), ("True", TYPE), ("", TYPE), (1.0, TYPE), ([True], TYPE),
           (np.bool_(True), MAY), (Opaque(), TYPE), (2, TYPE)]
    if not optional:
        out.append((None, TYPE))
    return out


def bad_dtype(allowed: tuple[str, ...] = ALL, *, optional: bool = True
              ) -> list[tuple[Any, bool]]:
    out = [("float32", TYPE), ("int64", TYPE), (np.float32, TYPE), (np.dtype("float64"), TYPE),
           (float, TYPE), (int, TYPE), (bool, TYPE), (complex, TYPE), (1, TYPE),
           (Opaque(), TYPE), (xp.asarray(1.0), TYPE)]
    out += [(dtype(d), TYPE) for d in ALL if d not in allowed]
    if not optional:
        out.append((None, TYPE))
    return out


def bad_device() -> list[tuple[Any, bool]]:
    return [("nonsense", MUST), ("cpu:9", MUST), ("reference:7", MUST), ("", MUST),
            (":", MUST), ("cpu:x", MUST), (1.5, MUST), (7, MUST), (Opaque(), MUST),
            ([], MUST), (b"cpu", MUST), (xp.float32, MUST), (np.float64(0), MUST)]


def bad_shape(int_ok: bool = True) -> list[tuple[Any, bool]]:
    """Wrong things for a shape (``int_ok``: False where only a tuple is taken)."""
    return [(-1, VALUE if int_ok else TYPE), ((2, -1), VALUE), ((True,), TYPE), (True, TYPE),
            ((2.0,), TYPE), (2.0, TYPE), (None, TYPE), ("2", TYPE), (((2,),), TYPE),
            ((None,), TYPE), ((1j,), TYPE), ({2: 1}, TYPE), (np.float64(2), TYPE), (np.int64(2), MAY),
            ((np.int64(2), 1), MAY), ([2, 1], MAY), ((-HUGE,), VALUE)]


def huge_shapes() -> list[tuple[Any, bool]]:
    """Sizes no machine holds: they must fail at once (MemoryError included)."""
    return [((HUGE,), MUST), ((2 ** 63,), MUST), ((2 ** 40, 2 ** 40), MUST),
            ((2 ** 62,), MUST), ((2 ** 31, 2 ** 31, 2 ** 31), MUST)]


def bad_choice(choices: tuple[Any, ...], *, optional: bool = False) -> list[tuple[Any, bool]]:
    out = [("nonsense", VALUE), (1, MUST), (1.5, MUST), ([choices[0]], MUST), (b"x", MUST),
           (str(choices[0]).upper(), VALUE), (Opaque(), MUST)]
    if not optional:
        out.append((None, MUST))
    return out


def bad_real(*, optional: bool = False) -> list[tuple[Any, bool]]:
    out = [("1", TYPE), (1j, TYPE), ([1.0], TYPE), (Opaque(), TYPE), (math.nan, MAY),
           (math.inf, MAY), (-math.inf, MAY), (True, MAY), (np.float64(1.0), MAY),
           (-1.0, MAY), (HUGE, MAY), (1e308, MAY)]
    if not optional:
        out.append((None, TYPE))
    return out


def bad_scalar() -> list[tuple[Any, bool]]:
    """For an argument that is a Python scalar (fill values, scalar operands)."""
    return [(None, TYPE), ("1", TYPE), (b"1", TYPE), ([1], TYPE), ((1,), TYPE), ({}, TYPE),
            (Opaque(), TYPE), (np.float64(1.0), MAY), (np.int64(1), MAY),
            (np.bool_(True), MAY), (np.ones(2), TYPE), (HUGE, MAY), (-HUGE, MAY),
            (math.nan, MAY), (math.inf, MAY), (1j, MAY), (True, MAY), (2 ** 64, MAY)]


# ------------------------------------------------------------------ shapes
ANY_SHAPES = [(), (0,), (1,), (3,), (2, 3), (3, 1), (1, 3), (0, 3), (2, 0), (1, 2, 3),
              (2, 1, 1, 2)]
ND_SHAPES = [s for s in ANY_SHAPES if s]                 # at least 1-D
MATRIX_SHAPES = [(2, 3), (3, 2), (1, 1), (2, 2), (3, 3), (0, 2), (2, 0), (0, 0), (2, 2, 3),
                 (1, 3, 2)]
SQUARE_SHAPES = [(0, 0), (1, 1), (2, 2), (3, 3), (2, 2, 2), (1, 3, 3), (0, 2, 2), (2, 0, 0)]
ODD_MATRICES = [(), (3,), (0,), (2, 3), (3, 2, 1), (1, 2)]   # not square (or not matrices)


def broadcastable_to(shape: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Shapes that broadcast with ``shape`` (for a second operand)."""
    out = {shape, tuple(1 for _ in shape), shape[1:], shape[-1:], ()}
    if shape:
        out.add((1,) + shape)
        out.add(shape[:-1] + (1,))
    return sorted(out)


def broadcast_ok(*shapes: tuple[int, ...]) -> bool:
    ndim = max(len(s) for s in shapes)
    for i in range(1, ndim + 1):
        sizes = {s[-i] for s in shapes if len(s) >= i and s[-i] != 1}
        if len(sizes) > 1:
            return False
    return True


# ------------------------------------------------------------------ the drawing helper
class Gen:
    """Draws one call: valid arguments, some of them replaced by adversarial ones.

    ``arg(label, valid, bad)`` returns ``valid`` or, one time in three, one of ``bad`` (pairs
    of a value and MUST/MAY); a MUST replacement is recorded in ``must``.  Everything drawn
    goes through hypothesis, so a failure shrinks to the simplest call."""

    def __init__(self, data: st.DataObject | random.Random) -> None:
        self.data = data
        self.dev: Device = default_device()
        self.other: Device = runtime(_other_backend(self.dev.backend_name)).devices[0]
        self.must: list[str] = []
        self.notes: list[str] = []
        self.expect: dict[str, Any] = {}   # a forbidden thing -> the exception type it gets
        self.unusual = 0                   # how many unusual things were drawn

    # -- primitive draws
    def int(self, lo: int, hi: int) -> int:
        if isinstance(self.data, random.Random):      # tests/tools/fuzz_explore.py
            return self.data.randint(lo, hi)
        return self.data.draw(st.integers(lo, hi))

    def pick(self, options: Any) -> Any:
        options = list(options)
        return options[self.int(0, len(options) - 1)]

    def chance(self, k: int = 3) -> bool:
        """True one time in ``k`` (shrinks to False)."""
        return self.int(0, k - 1) == k - 1

    def forbid(self, why: str, expect: Any = None) -> None:
        """Record something the standard forbids (``expect``: the exception type it must
        get when nothing else in the call is unusual)."""
        self.must.append(why)
        self.unusual += 1
        if expect is not None:
            self.expect[why] = expect

    def promoting(self, *arrays: Any) -> None:
        """Forbid arrays (other arguments are skipped) whose dtypes do not promote."""
        names = [a.dtype.name for a in arrays if type(a) is xp.Array]
        if any(PROMOTION[a, b] is None for a in names for b in names):
            self.forbid("no promotion", TYPE)

    def expected_error(self) -> Any:
        """The exception type the call must raise, if one forbidden thing alone is unusual."""
        if self.unusual == 1 and len(self.must) == 1:
            return self.expect.get(self.must[0])
        return None

    # -- arguments
    def arg(self, label: str, valid: Any, bad: list[tuple[Any, bool]], k: int = 3) -> Any:
        if bad and self.chance(k):
            value, must = self.pick(bad)
            self.notes.append(f"{label}={brief(value)}")
            if must:
                self.forbid(f"{label}={brief(value)}", None if must is True else must)
            else:
                self.unusual += 1
            return value
        return valid

    def opt(self, label: str, valid: Any, bad: list[tuple[Any, bool]]) -> Any:
        """An optional argument: left out one time in three."""
        if self.chance(3):
            return OMIT
        return self.arg(label, valid, bad)

    def array(self, cat: tuple[str, ...] = ALL, shapes: Any = ANY_SHAPES, label: str = "x", *,
              wrong_dtype: bool = True, grad: bool = True, other: bool = True,
              views: bool = True, special: bool = True) -> xp.Array:
        """A valid array (dtype in ``cat``, shape among ``shapes``) or, sometimes, one of
        another dtype (forbidden), on the other backend's device, requiring grad or a view."""
        if wrong_dtype and set(cat) != set(ALL) and self.chance(4):
            name = self.pick([d for d in ALL if d not in cat])
            self.forbid(f"{label}.dtype={name}", TYPE)
        else:
            name = self.pick(cat)
        shape = tuple(self.pick(shapes))
        seed = self.int(0, 1 << 16)
        spec = special and self.chance(3)
        dev = self.other if other and self.chance(8) else self.dev
        rg = grad and name in FLOATING and self.chance(4)
        layout = self.pick(("plain", "plain", "strided", "transposed")) if views else "plain"
        return make_array(name, shape, seed, spec, dev, rg, layout)

    def array_arg(self, label: str, cat: tuple[str, ...] = ALL, shapes: Any = ANY_SHAPES, *,
                  odd_shapes: Any = (), odd_must: bool = False, **kw: Any) -> Any:
        """An array argument, or something that is not an array (forbidden), or an array of
        an odd shape (``odd_must``: forbidden)."""
        x = self.array(cat, shapes, label, **kw)
        bad: list[tuple[Any, Any]] = [(v, TYPE) for v in NOT_AN_ARRAY]
        if odd_shapes and self.chance(4):
            shape = tuple(self.pick(odd_shapes))
            x = make_array(x.dtype.name, shape, 1, False, x.device)
            self.notes.append(f"{label}.shape={shape}")
            if odd_must:
                self.forbid(f"{label}.shape={shape}")
            else:
                self.unusual += 1
        return self.arg(label, x, bad, k=5)

    def dtype_kw(self, label: str, allowed: tuple[str, ...]) -> Any:
        valid = dtype(self.pick(allowed)) if not self.chance(3) else None
        return self.opt(label, valid, bad_dtype(allowed))

    def device_kw(self, label: str = "device") -> Any:
        valid = self.pick([None, self.dev, self.dev.name, self.other, self.other.name])
        return self.opt(label, valid, bad_device())

    def axis_kw(self, ndim: int, *, optional: bool = True, required: bool = False,
                label: str = "axis") -> Any:
        """An axis (``optional``: None is valid too; ``required``: leaving it out is not)."""
        valid = self.int(-ndim, ndim - 1) if ndim else (None if optional else 0)
        if ndim == 0 and not optional:
            self.forbid("axis of a 0-d array")
        bad = bad_axis(ndim, optional=optional)
        if required:     # None is of the right type, but says "no axis"
            bad = [(v, VALUE if v is None else m) for v, m in bad]
        axis = self.opt(label, valid, bad)
        if axis is OMIT and required:
            self.forbid(f"no {label}", VALUE)
        return axis

    def axes_kw(self, ndim: int, label: str = "axis", repeated: bool = MUST,
                list_ok: bool = MUST) -> Any:
        """``None``, an int or a tuple of distinct axes."""
        kind = self.int(0, 2)
        if kind == 0 or ndim == 0:
            valid: Any = None
        elif kind == 1:
            valid = self.int(-ndim, ndim - 1)
        else:
            axes = [a for a in range(ndim) if self.chance(2)]
            valid = tuple(a - ndim if self.chance(2) else a for a in axes)
        return self.opt(label, valid, bad_axis(ndim, optional=True, tuple_ok=True,
                                               repeated=repeated, list_ok=list_ok))

    def bool_kw(self, label: str) -> Any:
        return self.opt(label, self.chance(2), bad_bool())

    def scalar_for(self, name: str) -> Any:
        """A Python scalar that the standard lets an array of dtype ``name`` take."""
        if name == "bool":
            return self.chance(2)
        if name in INTEGER:
            return self.pick([0, 1, 3, -1 if name in SIGNED else 2])
        if name in REAL_FLOATING:
            return self.pick([0.5, -2.0, 1, math.inf, math.nan])
        return self.pick([0.5, 1j, 2, -1.5 + 0.5j])

    def call(self, target: str, *args: Any, **kwargs: Any) -> Call:
        for v in args:
            if v is OMIT:
                raise AssertionError("OMIT in positional arguments")
        kwargs = {k: v for k, v in kwargs.items() if v is not OMIT}
        return Call(target, args, kwargs)


def scalar_kind_ok(s: Any, name: str) -> bool:
    """Whether the standard lets a Python scalar ``s`` meet an array of dtype ``name``."""
    t = type(s)
    if t is bool:
        return name == "bool"
    if t is int:
        return name in INTEGER or name in FLOATING
    if t is float:
        return name in FLOATING
    if t is complex:
        return name in FLOATING
    return False


def scalar_result(s: Any, name: str) -> str:
    if type(s) is complex and name in REAL_FLOATING:
        return {"float32": "complex64", "float64": "complex128"}[name]
    return name


# ------------------------------------------------------------------ generators
GENERATORS: dict[str, Callable[[Gen], Call]] = {}


def generator(*names: str) -> Callable[[Callable[..., Call]], Callable[..., Call]]:
    def register(fn: Callable[..., Call]) -> Callable[..., Call]:
        for n in names:
            GENERATORS[n] = (lambda g, _n=n: fn(g, _n))
        return fn
    return register


_RESULT = {"same": None, "bool": "bool", "real": "real"}


def _real_of(name: str) -> str:
    return {"complex64": "float32", "complex128": "float64"}.get(name, name)


def _unary(g: Gen, name: str) -> Call:
    accepted, result = UNARY[name]
    x = g.array_arg("x", accepted)
    c = g.call(name, x)
    if type(x) is xp.Array and x.dtype.name in accepted:
        c.dtype = {"same": x.dtype.name, "bool": "bool", "real": _real_of(x.dtype.name)}[result]
        c.shape = x.shape
    return c


for _n in UNARY:
    generator(_n)(_unary)


def binary_operands(g: Gen, accepted: tuple[str, ...], labels: tuple[str, str] = ("x1", "x2"),
                    scalars: bool = True, broadcast: bool = True
                    ) -> tuple[Any, Any, str | None]:
    """Two operands of an element-wise function and their promoted dtype (None when the
    standard defines none: the call must then raise)."""
    l1, l2 = labels
    a = g.array(accepted, label=l1, wrong_dtype=False)
    mode = g.pick(["arrays", "arrays", "scalar", "scalar_first"]) if scalars else "arrays"
    if mode == "arrays":
        name = a.dtype.name if g.chance(2) else g.pick(ALL if g.chance(4) else accepted)
        b = g.array((name,), broadcastable_to(a.shape) if not g.chance(6) else ANY_SHAPES,
                    label=l2, wrong_dtype=False)
        other: Any = g.arg(l2, b, [(v, MUST) for v in NOT_AN_ARRAY if type(v) not in
                                    (bool, int, float, complex)] + [(np.float64(1.0), MUST)],
                           k=6)
        if type(other) is not xp.Array:
            return a, other, None
        result = PROMOTION[a.dtype.name, other.dtype.name]
        if broadcast and not broadcast_ok(a.shape, other.shape):
            g.forbid("shapes do not broadcast", VALUE)
        return a, other, result
    s = g.arg(l2, g.scalar_for(a.dtype.name), [
        (None, MUST), ("1", MUST), ([1], MUST), ((1,), MUST), (np.float64(1.0), MUST),
        (np.int64(1), MUST), (np.bool_(True), MUST), (np.ones(2), MUST), (Opaque(), MUST),
        (True, MAY), (1, MAY), (1.5, MAY), (1j, MAY), (HUGE, MAY), (-HUGE, MAY),
        (2 ** 64, MAY), (-1, MAY), (math.nan, MAY), (-math.inf, MAY), (0, MAY)])
    result = None
    if type(s) in (bool, int, float, complex) and scalar_kind_ok(s, a.dtype.name):
        result = scalar_result(s, a.dtype.name)
    if mode == "scalar_first":
        return s, a, result
    return a, s, result


def _binary(g: Gen, name: str) -> Call:
    accepted, boolean = BINARY[name]
    x1, x2, result = binary_operands(g, accepted)
    if result is None or result not in accepted:
        g.forbid("no promotion into the accepted dtypes", TYPE)
    c = g.call(name, x1, x2)
    if result in accepted and not (name == "divide" and result in INTEGER):
        c.dtype = "bool" if boolean else result
    return c


for _n in BINARY:
    generator(_n)(_binary)


@generator("clip")
def _clip(g: Gen, name: str) -> Call:
    x = g.array_arg("x", REAL_NUMERIC)
    ref = x if type(x) is xp.Array else xp.asarray(1.0)
    def bound(label: str) -> Any:
        kind = g.int(0, 2)
        if kind == 0:
            valid: Any = None
        elif kind == 1:
            valid = g.scalar_for(ref.dtype.name) if ref.dtype.name != "bool" else 1
        else:
            valid = g.array((ref.dtype.name,), broadcastable_to(ref.shape), label=label,
                            wrong_dtype=False)
        return g.opt(label, valid, [
            ("1", MUST), ([1], MUST), (np.ones(2), MUST), (Opaque(), MUST), (1j, MUST),
            (np.float64(1), MUST), (True, MUST), (1.5, MAY), (HUGE, MAY), (-HUGE, MAY),
            (math.nan, MAY), (xp.asarray(1, dtype=xp.int8), MAY),
            (xp.ones((5,)), MUST)])
    lo, hi = bound("min"), bound("max")
    c = g.call(name, x, min=lo, max=hi)
    for v in (lo, hi):
        if type(v) is float and type(x) is xp.Array and x.dtype.name in INTEGER:
            g.forbid("a float bound of an integer array")
    return c


@generator("where")
def _where(g: Gen, name: str) -> Call:
    cond = g.array_arg("condition", BOOL)
    x1, x2, result = binary_operands(g, ALL)
    if type(x1) is not xp.Array and type(x2) is not xp.Array:
        g.forbid("two scalars")
    if result is None:
        g.forbid("no promotion", TYPE)
    if type(cond) is xp.Array and type(x1) is xp.Array and type(x2) is xp.Array and \
            not broadcast_ok(cond.shape, x1.shape, x2.shape):
        g.forbid("shapes do not broadcast", VALUE)
    if g.chance(2):
        x1, x2 = x2, x1
    return g.call(name, cond, x1, x2)


# -- creation
@generator("arange")
def _arange(g: Gen, name: str) -> Call:
    kind = g.int(0, 2)
    nums = [0, 1, 5, -3, 2.5, 0.5, -1.5, 10]
    start = g.arg("start", g.pick(nums), bad_real() + [(HUGE, MAY), (2 ** 63, MAY)])
    stop = g.opt("stop", g.pick(nums) if kind else None, bad_real(optional=True))
    step = g.opt("step", g.pick([1, 2, -1, 0.5, 3]), bad_real() + [(0, MUST), (0.0, MUST),
                                                                   (1e-300, MAY)])
    for v, lbl in ((start, "start"), (stop, "stop"), (step, "step")):
        if type(v) is bool:
            g.forbid(f"{lbl} is a bool")
    c = g.call(name, start, stop=stop, step=step, dtype=g.dtype_kw("dtype", NUMERIC),
               device=g.device_kw())
    for v in (start, stop, step):
        if type(v) in (int, float) and math.isfinite(v) and abs(v) > 2 ** 40:
            c.huge = True
    if step is not OMIT and type(step) in (int, float) and 0 < abs(step) < 1e-10:
        c.huge = True
    return c


@generator("asarray")
def _asarray(g: Gen, name: str) -> Call:
    kind = g.int(0, 4)
    if kind == 0:
        obj: Any = g.array()
    elif kind == 1:
        obj = g.pick([1, 2.5, True, 1j, -3, math.nan])
    elif kind == 2:
        obj = g.pick([[1, 2], [[1.0, 2.0], [3.0, 4.0]], [True, False], [1j, 2], [], [[]],
                      (1, 2.5), [[1], [2]]])
    elif kind == 3:
        obj = g.pick([np.arange(3), np.ones((2, 2), dtype=np.float32), np.float64(2.0),
                      np.int8(3), np.array([True]), memoryview(b"abc"), bytearray(b"ab")])
    else:
        obj = [g.array(("float64",), [(2,)], other=False, label="obj[0]", wrong_dtype=False),
               g.array(FLOATING, [(2,)], other=False, label="obj[1]", wrong_dtype=False)]
    obj = g.arg("obj", obj, [
        (None, MUST), ("abc", MUST), (b"abc", MAY), ({"a": 1}, MUST), ({1, 2}, MUST),
        (Opaque(), MUST), ([[1, 2], [3]], MUST), ([1, "a"], MUST), ([None], MUST),
        (HUGE, MAY), ([HUGE], MAY), ([1, [2]], MUST), (np.array(["a"]), MUST),
        (np.array([1], dtype=object), MAY), (np.float16(1), MAY),
        (np.array([1.0], dtype=np.float16), MAY), ([xp.ones(2), 1.0], MAY),
        ([xp.ones(2), xp.ones(3)], MUST)])
    dt = g.dtype_kw("dtype", ALL)
    huge_int = (type(obj) is int and obj == HUGE) or (type(obj) is list and len(obj) == 1 and
                                                       type(obj[0]) is int and obj[0] == HUGE)
    # (a bool holds any int's truth value)
    if huge_int and not (isinstance(dt, xp.DType) and dt.name in FLOATING + ("bool",)):
        g.forbid("a Python int out of the integer dtype's range")
    c = g.call(name, obj, dtype=dt, device=g.device_kw(),
               copy=g.opt("copy", g.pick([None, True, False]), bad_bool(optional=True)))
    c.strict = kind != 4
    return c


def _shape_value(g: Gen) -> Any:
    shape = g.pick([(), (0,), (2,), (2, 3), 3, 0, (1, 0, 2), [2, 2]])
    return g.arg("shape", shape, bad_shape() + (huge_shapes() if g.chance(3) else []))


def _is_huge(shape: Any) -> bool:
    dims = shape if isinstance(shape, tuple | list) else (shape,)
    try:
        return math.prod(abs(int(d)) for d in dims) > 2 ** 30
    except (TypeError, ValueError, OverflowError):
        return False


@generator("empty", "zeros", "ones")
def _filled(g: Gen, name: str) -> Call:
    shape = _shape_value(g)
    c = g.call(name, shape, dtype=g.dtype_kw("dtype", ALL), device=g.device_kw(),
               requires_grad=g.opt("requires_grad", False, bad_bool()))
    c.huge = _is_huge(shape)
    c.strict = "requires_grad" not in c.kwargs
    return c


@generator("full")
def _full(g: Gen, name: str) -> Call:
    shape = _shape_value(g)
    dt = g.dtype_kw("dtype", ALL)
    fill = g.arg("fill_value", g.scalar_for(dt.name) if isinstance(dt, xp.DType) else 1.5,
                 bad_scalar())
    if isinstance(dt, xp.DType) and type(fill) in (bool, int, float, complex) and \
            not (type(fill) is int and dt.name in INTEGER + FLOATING) and \
            not (type(fill) is bool and dt.name == "bool") and \
            not (type(fill) is float and dt.name in FLOATING) and \
            not (type(fill) is complex and dt.name in COMPLEX):
        g.forbid("fill value of another kind")
    c = g.call(name, shape, fill, dtype=dt, device=g.device_kw())
    c.huge = _is_huge(shape)
    return c


@generator("empty_like", "zeros_like", "ones_like")
def _like(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    return g.call(name, x, dtype=g.dtype_kw("dtype", ALL), device=g.device_kw(),
                  requires_grad=g.opt("requires_grad", False, bad_bool()))


@generator("full_like")
def _full_like(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    dt = g.dtype_kw("dtype", ALL)
    target = dt.name if isinstance(dt, xp.DType) else (
        x.dtype.name if type(x) is xp.Array else "float64")
    fill = g.arg("fill_value", g.scalar_for(target), bad_scalar())
    if type(fill) in (bool, int, float, complex) and not (
            (type(fill) is int and target in INTEGER + FLOATING) or
            (type(fill) is bool and target == "bool") or
            (type(fill) is float and target in FLOATING) or
            (type(fill) is complex and target in COMPLEX)):
        g.forbid("fill value of another kind")
    c = g.call(name, x, fill, dtype=dt, device=g.device_kw())
    c.shape = x.shape if type(x) is xp.Array else None
    return c


@generator("eye")
def _eye(g: Gen, name: str) -> Call:
    n = g.arg("n_rows", g.int(0, 4), bad_int(negative_ok=False, size=True) +
              [(2 ** 40, MAY)])
    args: list[Any] = [n]
    if g.chance(2):
        args.append(g.arg("n_cols", g.pick([None, 0, 2, 3]),
                          bad_int(optional=True, negative_ok=False, size=True)))
    c = g.call(name, *args, k=g.opt("k", g.int(-3, 3), bad_int()),
               dtype=g.dtype_kw("dtype", ALL), device=g.device_kw())
    c.huge = any(type(a) is int and a >= 2 ** 20 for a in args)
    return c


@generator("linspace")
def _linspace(g: Gen, name: str) -> Call:
    complex_ok = [(v, m) for v, m in bad_real() if type(v) is not complex]
    start = g.arg("start", g.pick([0, 1.5, -2, 1j]), complex_ok + [(1j, MAY)])
    stop = g.arg("stop", g.pick([1, 3.0, 10]), complex_ok + [(2j, MAY)])
    num = g.arg("num", g.int(0, 5), bad_int(negative_ok=False, size=True) + [(2 ** 40, MUST)])
    c = g.call(name, start, stop, num, dtype=g.dtype_kw("dtype", FLOATING),
               device=g.device_kw(), endpoint=g.bool_kw("endpoint"))
    c.huge = type(num) is int and num >= 2 ** 20
    if type(start) is bool or type(stop) is bool:
        g.forbid("bool bounds")
    return c


@generator("meshgrid")
def _meshgrid(g: Gen, name: str) -> Call:
    n = g.int(0, 3)
    dt = g.pick(NUMERIC)
    dts = [dt] * n
    if n > 1 and g.chance(4):
        dts[-1] = g.pick(NUMERIC)
        if dts[-1] != dt:
            g.forbid("arrays of different dtypes")
    arrays = [g.array_arg(f"arrays[{i}]", (dts[i],), [(0,), (1,), (3,)],
                          odd_shapes=[(), (2, 2)], odd_must=True, wrong_dtype=False)
              for i in range(n)]
    return g.call(name, *arrays, indexing=g.opt("indexing", g.pick(["xy", "ij"]),
                                                bad_choice(("xy", "ij"))))


@generator("tril", "triu")
def _tri(g: Gen, name: str) -> Call:
    x = g.array_arg("x", ALL, MATRIX_SHAPES, odd_shapes=[(), (3,)], odd_must=True)
    return g.call(name, x, k=g.opt("k", g.int(-3, 3), bad_int()))


@generator("from_dlpack")
def _from_dlpack(g: Gen, name: str) -> Call:
    kind = g.int(0, 2)
    obj: Any = g.array(grad=False) if kind < 2 else np.arange(3.0)
    obj = g.arg("x", obj, [(None, MUST), ([1.0], MUST), (1.0, MUST), ("x", MUST),
                           (Opaque(), MUST), (memoryview(b"ab"), MUST),
                           (g.array(FLOATING, grad=False, wrong_dtype=False).detach()
                            .requires_grad_(), MAY)])
    c = g.call(name, obj, device=g.device_kw(),
               copy=g.opt("copy", g.pick([None, True, False]), bad_bool(optional=True)))
    c.buffer_ok = True
    c.runtime_ok = type(obj) is xp.Array and obj.requires_grad
    return c


# -- data types
@generator("astype")
def _astype(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    target = g.arg("dtype", dtype(g.pick(ALL)), bad_dtype(optional=False)[:-1] +
                   [(None, MUST)])
    if type(x) is xp.Array and isinstance(target, xp.DType) and \
            x.dtype.name in COMPLEX and target.name not in COMPLEX:
        g.forbid("complex to real")
    c = g.call(name, x, target, copy=g.opt("copy", g.chance(2), bad_bool()),
               device=g.device_kw())
    if isinstance(target, xp.DType):
        c.dtype = target.name
    return c


def _dtype_or_array(g: Gen, label: str, cat: tuple[str, ...] = ALL) -> Any:
    v = dtype(g.pick(cat)) if g.chance(2) else g.array(cat, label=label)
    return g.arg(label, v, [("float32", MUST), (np.float32, MUST), (float, MUST), (None, MUST),
                            (1, MUST), (np.ones(2), MUST), (Opaque(), MUST),
                            (np.dtype("float64"), MUST), (1.5, MUST)])


@generator("can_cast")
def _can_cast(g: Gen, name: str) -> Call:
    from_ = _dtype_or_array(g, "from_")
    to = g.arg("to", dtype(g.pick(ALL)), [(v, m) for v, m in bad_dtype(optional=False)
                                          if type(v) is not xp.DType])
    c = g.call(name, from_, to)
    c.returns = lambda r: type(r) is bool
    return c


@generator("finfo", "iinfo")
def _info(g: Gen, name: str) -> Call:
    cat = FLOATING if name == "finfo" else INTEGER
    v = _dtype_or_array(g, "type", ALL if g.chance(4) else cat)
    if (isinstance(v, xp.DType) and v.name not in cat) or \
            (type(v) is xp.Array and v.dtype.name not in cat):
        g.forbid("a dtype of another kind")
    c = g.call(name, v)
    c.returns = lambda r: r is not None and not isinstance(r, xp.Array)
    return c


_KINDS = ("bool", "signed integer", "unsigned integer", "integral", "real floating",
          "complex floating", "numeric")


@generator("isdtype")
def _isdtype(g: Gen, name: str) -> Call:
    dt = g.arg("dtype", dtype(g.pick(ALL)), [
        ("float32", MUST), (np.float32, MUST), (None, MUST), (xp.ones(2), MUST),
        (float, MUST), (1, MUST), (np.dtype("float32"), MUST)])
    kind = g.pick([g.pick(_KINDS), dtype(g.pick(ALL)), (g.pick(_KINDS), dtype(g.pick(ALL))),
                   ()])
    kind = g.arg("kind", kind, [("nonsense", MUST), ("floating", MUST), (None, MUST),
                                (1, MUST), (float, MUST), (["bool"], MUST),
                                (("bool", "nonsense"), MUST), (("bool", None), MUST),
                                ((("bool",),), MUST), (np.float32, MUST), ("Bool", MUST)])
    c = g.call(name, dt, kind)
    c.returns = lambda r: type(r) is bool
    return c


@generator("result_type")
def _result_type(g: Gen, name: str) -> Call:
    items: list[Any] = []
    for i in range(g.int(0, 3)):
        items.append(g.arg(f"arrays_and_dtypes[{i}]",
                           g.pick([dtype(g.pick(ALL)), g.array(label=f"[{i}]"), 1, 1.5, True,
                                   1j]),
                           [(None, MUST), ("float32", MUST), (np.float32, MUST),
                            (np.ones(2), MUST), (np.float64(1), MUST), ([1], MUST),
                            (Opaque(), MUST), (HUGE, MAY)]))
    if not any(isinstance(v, xp.DType | xp.Array) for v in items):
        g.forbid("no array or dtype")
    c = g.call(name, *items)
    c.returns = lambda r: isinstance(r, xp.DType)
    return c


# -- indexing functions
def _indices(g: Gen, n: int, shape: tuple[int, ...], label: str = "indices") -> Any:
    name = g.pick(INTEGER) if not g.chance(5) else g.pick(["float64", "bool"])
    if name not in INTEGER:
        g.forbid(f"{label} of dtype {name}")
    hi = max(n - 1, 0)
    values = [g.int(-n if name in SIGNED else 0, hi) if n else 0 for _ in range(math.prod(shape))]
    if n == 0 and values:
        g.forbid("indices into an empty axis")
    idx = xp.reshape(xp.asarray(values, dtype=dtype(name)), shape)
    bad = [(v, MUST) for v in NOT_AN_ARRAY] + [
        (xp.asarray([n], dtype=xp.int64), MAY), (xp.asarray([-n - 1], dtype=xp.int64), MAY),
        (xp.asarray([2 ** 62], dtype=xp.int64), MAY)]
    return g.arg(label, idx, bad)


@generator("take")
def _take(g: Gen, name: str) -> Call:
    x = g.array_arg("x", ALL, ND_SHAPES, odd_shapes=[()])
    ndim = x.ndim if type(x) is xp.Array else 1
    # a 0-d x "should" not be given: array-api-strict (NumPy) takes it with any axis
    axis = g.axis_kw(ndim, optional=ndim == 1, required=ndim > 1) if ndim else \
        g.opt("axis", 0, bad_int())
    ax = axis if type(axis) is int and -ndim <= axis < ndim else 0
    n = x.shape[ax] if type(x) is xp.Array and x.ndim else 1
    idx = _indices(g, n, g.pick([(0,), (2,), (1,)]) if not g.chance(6) else (2, 1))
    if type(idx) is xp.Array and idx.ndim != 1:
        g.forbid("indices not 1-D")
    return g.call(name, x, idx, axis=axis)


@generator("take_along_axis")
def _take_along_axis(g: Gen, name: str) -> Call:
    x = g.array_arg("x", ALL, ND_SHAPES, odd_shapes=[()])
    ndim = x.ndim if type(x) is xp.Array else 1
    axis = g.axis_kw(ndim)
    ax = axis if type(axis) is int and -ndim <= axis < ndim else -1
    shape = list(x.shape) if type(x) is xp.Array else [1]
    if shape:
        shape[ax] = g.int(0, 3)
    n = x.shape[ax] if type(x) is xp.Array and x.ndim else 1
    idx = _indices(g, n, tuple(shape) if not g.chance(6) else (2,))
    if type(idx) is xp.Array and type(x) is xp.Array and idx.ndim != x.ndim:
        g.forbid("indices of another number of dimensions", VALUE)
    return g.call(name, x, idx, axis=axis)


# -- linear algebra (main namespace and linalg)
def _matmul_pair(g: Gen) -> tuple[Any, Any]:
    dt = g.pick(NUMERIC)
    m, k, n = g.int(0, 3), g.int(0, 3), g.int(0, 3)
    batch = g.pick([(), (), (2,), (1,)])
    s1 = g.pick([batch + (m, k), (k,)])
    s2 = g.pick([batch + (k, n), (k,)])
    if g.chance(5):
        s2 = g.pick([(k + 1,), (k + 1, n), ()])
    a = g.array_arg("x1", NUMERIC, [s1], wrong_dtype=True)
    b = g.array_arg("x2", (dt,) if type(a) is not xp.Array or a.dtype.name not in NUMERIC
                    else (a.dtype.name if g.chance(2) else g.pick(NUMERIC),), [s2],
                    wrong_dtype=False)
    if type(a) is xp.Array and type(b) is xp.Array:
        if a.ndim == 0 or b.ndim == 0:
            g.forbid("0-d operand")
        elif a.shape[-1] != (b.shape[-2] if b.ndim > 1 else b.shape[-1]):
            g.forbid("inner dimensions differ")
        g.promoting(a, b)
    return a, b


@generator("matmul", "linalg.matmul")
def _matmul(g: Gen, name: str) -> Call:
    a, b = _matmul_pair(g)
    return g.call(name, a, b)


@generator("matrix_transpose", "linalg.matrix_transpose")
def _matrix_transpose(g: Gen, name: str) -> Call:
    x = g.array_arg("x", ALL, MATRIX_SHAPES, odd_shapes=[(), (3,)], odd_must=True)
    c = g.call(name, x)
    if type(x) is xp.Array and x.ndim >= 2:
        c.shape = x.shape[:-2] + (x.shape[-1], x.shape[-2])
    return c


@generator("tensordot", "linalg.tensordot")
def _tensordot(g: Gen, name: str) -> Call:
    a = g.array_arg("x1", NUMERIC, [(2, 3), (3,), (2, 3, 2), ()])
    b = g.array_arg("x2", NUMERIC, [(3, 2), (3,), (3, 2), (2,)], wrong_dtype=False)
    g.promoting(a, b)
    axes = g.pick([0, 1, 2, ((1,), (0,)), ((0,), (0,)), ((), ())])
    axes = g.opt("axes", axes, [(-1, MUST), (True, MUST), (1.5, MUST), ("1", MUST),
                                (((0, 0), (0, 0)), MAY), (((0,), (0, 1)), MUST),
                                (((5,), (0,)), MUST), (([0], [0]), MAY), (None, MUST),
                                ((1,), MUST), (((0,),), MUST), (HUGE, MUST),
                                (((0.5,), (0,)), MUST), (((0,), (0,), (0,)), MUST)])
    return g.call(name, a, b, axes=axes)


@generator("vecdot", "linalg.vecdot")
def _vecdot(g: Gen, name: str) -> Call:
    a = g.array_arg("x1", NUMERIC, [(3,), (2, 3), (0,), (1, 3)], odd_shapes=[()],
                    odd_must=True)
    shapes = broadcastable_to(a.shape) if type(a) is xp.Array and a.ndim else [(3,)]
    b = g.array_arg("x2", (a.dtype.name,) if type(a) is xp.Array and a.dtype.name in NUMERIC
                    else NUMERIC, [s for s in shapes if s] or [(3,)], wrong_dtype=False)
    ndim = max(getattr(a, "ndim", 1), getattr(b, "ndim", 1), 1)
    axis = g.opt("axis", g.int(-min(getattr(a, "ndim", 1), getattr(b, "ndim", 1), 1) or -1, -1),
                 bad_axis(ndim))
    return g.call(name, a, b, axis=axis)


def _linalg_x(g: Gen, cat: tuple[str, ...], shapes: Any = SQUARE_SHAPES,
              odd: Any = ODD_MATRICES) -> Any:
    return g.array_arg("x", cat, shapes, odd_shapes=odd, odd_must=True)


@generator("linalg.cholesky")
def _cholesky(g: Gen, name: str) -> Call:
    return g.call(name, _linalg_x(g, FLOATING), upper=g.bool_kw("upper"))


@generator("linalg.det", "linalg.eig", "linalg.eigh", "linalg.eigvals", "linalg.eigvalsh",
           "linalg.inv", "linalg.slogdet")
def _square(g: Gen, name: str) -> Call:
    c = g.call(name, _linalg_x(g, FLOATING))
    if name in ("linalg.eig", "linalg.eigvals"):
        c.strict = hasattr(strict, "linalg") and hasattr(strict.linalg, "eig") if strict else False
    return c


@generator("linalg.svd", "linalg.svdvals", "linalg.qr", "linalg.pinv", "linalg.matrix_rank",
           "linalg.matrix_norm")
def _rect(g: Gen, name: str) -> Call:
    x = _linalg_x(g, FLOATING, MATRIX_SHAPES + SQUARE_SHAPES, [(), (3,), (0,)])
    kw: dict[str, Any] = {}
    if name == "linalg.svd":
        kw["full_matrices"] = g.bool_kw("full_matrices")
    elif name == "linalg.qr":
        kw["mode"] = g.opt("mode", g.pick(["reduced", "complete"]),
                           bad_choice(("reduced", "complete")))
    elif name in ("linalg.pinv", "linalg.matrix_rank"):
        kw["rtol"] = g.opt("rtol", g.pick([None, 1e-3, 0.5, 0, xp.asarray(0.1)]),
                           [(v, m) for v, m in bad_real(optional=True) if type(v) is not bool] +
                           [(True, MUST), (xp.asarray([1]), MUST), (xp.ones((7,)), MAY),
                            (np.float64(0.1), MAY), (-1.0, MAY), (1j, MUST)])
    elif name == "linalg.matrix_norm":
        kw["keepdims"] = g.bool_kw("keepdims")
        kw["ord"] = g.opt("ord", g.pick(["fro", "nuc", 1, -1, 2, -2, math.inf, -math.inf]),
                          [("nonsense", MUST), (3, MUST), (0, MUST), (None, MAY),
                           (1.5, MUST), (True, MUST), ("FRO", MUST), (1j, MUST),
                           (math.nan, MUST), (Opaque(), MUST), (np.int64(1), MAY)])
    return g.call(name, x, **kw)


@generator("linalg.solve")
def _solve(g: Gen, name: str) -> Call:
    a = _linalg_x(g, FLOATING)
    n = a.shape[-1] if type(a) is xp.Array and a.ndim >= 2 else 2
    batch = a.shape[:-2] if type(a) is xp.Array and a.ndim >= 2 else ()
    dt = a.dtype.name if type(a) is xp.Array and a.dtype.name in FLOATING else "float64"
    b = g.array_arg("x2", (dt,) if g.chance(2) else FLOATING,
                    [batch + (n, g.int(0, 2)), (n,), batch + (n,)],
                    odd_shapes=[(), (n + 1,), (n + 1, 1)], wrong_dtype=False)
    g.promoting(a, b)
    return g.call(name, a, b)


@generator("linalg.cross")
def _cross(g: Gen, name: str) -> Call:
    dt = g.pick(NUMERIC)
    a = g.array_arg("x1", NUMERIC, [(3,), (2, 3), (3, 3)], odd_shapes=[(2,), (), (4,)],
                    odd_must=True)
    b = g.array_arg("x2", (a.dtype.name if type(a) is xp.Array and
                           a.dtype.name in NUMERIC else dt,), [(3,), (2, 3), (1, 3)],
                    wrong_dtype=False)
    ndim = max(getattr(a, "ndim", 1), getattr(b, "ndim", 1), 1)
    return g.call(name, a, b, axis=g.opt("axis", -1, bad_axis(ndim)))


@generator("linalg.diagonal", "linalg.trace")
def _diagonal(g: Gen, name: str) -> Call:
    cat = ALL if name == "linalg.diagonal" else NUMERIC
    x = _linalg_x(g, cat, MATRIX_SHAPES, [(), (3,)])
    kw: dict[str, Any] = {"offset": g.opt("offset", g.int(-3, 3), bad_int())}
    if name == "linalg.trace":
        kw["dtype"] = g.dtype_kw("dtype", ALL)
        if isinstance(kw["dtype"], xp.DType) and type(x) is xp.Array and \
                x.dtype.name in COMPLEX and kw["dtype"].name not in COMPLEX:
            g.forbid("a complex array summed in a real dtype")
    return g.call(name, x, **kw)


@generator("linalg.matrix_power")
def _matrix_power(g: Gen, name: str) -> Call:
    x = _linalg_x(g, NUMERIC)
    n = g.arg("n", g.int(-2, 3), bad_int() + [(HUGE, MAY), (-HUGE, MAY)])
    return g.call(name, x, n)


@generator("linalg.outer")
def _outer(g: Gen, name: str) -> Call:
    a = g.array_arg("x1", NUMERIC, [(0,), (2,), (3,)], odd_shapes=[(), (2, 2)], odd_must=True)
    b = g.array_arg("x2", (a.dtype.name if type(a) is xp.Array and a.dtype.name in NUMERIC
                           else "float64",) if g.chance(2) else NUMERIC, [(0,), (3,)],
                    odd_shapes=[(), (2, 2)], odd_must=True, wrong_dtype=False)
    g.promoting(a, b)
    return g.call(name, a, b)


@generator("linalg.vector_norm")
def _vector_norm(g: Gen, name: str) -> Call:
    x = g.array_arg("x", FLOATING)
    ndim = x.ndim if type(x) is xp.Array else 1
    return g.call(name, x, axis=g.axes_kw(ndim), keepdims=g.bool_kw("keepdims"),
                  ord=g.opt("ord", g.pick([2, 1, 0, -1, 3, math.inf, -math.inf, 0.5]),
                            [("fro", MUST), ("nuc", MUST), (None, MUST), (True, MUST),
                             (1j, MUST), ("2", MUST), (math.nan, MAY), (np.float64(2), MAY),
                             (Opaque(), MUST)]))


# -- manipulation
@generator("broadcast_arrays")
def _broadcast_arrays(g: Gen, name: str) -> Call:
    first = g.array(label="arrays[0]")
    arrays: list[Any] = [first]
    for i in range(1, g.int(0, 3) + 1):
        arrays.append(g.array_arg(f"arrays[{i}]", ALL, broadcastable_to(first.shape)
                                  if not g.chance(5) else ANY_SHAPES))
    if g.chance(6):
        arrays = []
        g.must = []
    shapes = [a.shape for a in arrays if type(a) is xp.Array]
    if shapes and not broadcast_ok(*shapes):
        g.forbid("shapes do not broadcast", VALUE)
    return g.call(name, *arrays)


@generator("broadcast_shapes")
def _broadcast_shapes(g: Gen, name: str) -> Call:
    shapes = [g.arg(f"shapes[{i}]", g.pick(ANY_SHAPES),
                    [(None, MUST), ((2.0,), MUST), ((True,), MUST), ((-1,), MUST), ("2", MUST),
                     (2, MAY), ([2, 3], MAY), (xp.ones(2), MUST), (((2,),), MUST),
                     ((HUGE,), MAY), ((np.int64(2),), MAY), ((None, 2), MAY)])
              for i in range(g.int(0, 3))]
    if all(isinstance(s, tuple) for s in shapes):
        try:
            ok = broadcast_ok(*[tuple(int(d) for d in s) for s in shapes]) if shapes else True
        except (TypeError, ValueError):
            ok = True
        if not ok:
            g.forbid("shapes do not broadcast", VALUE)
    c = g.call(name, *shapes)
    c.returns = lambda r: type(r) is tuple and all(type(d) is int or d is None for d in r)
    c.strict = hasattr(strict, "broadcast_shapes") if strict else False
    return c


@generator("broadcast_to")
def _broadcast_to(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    s = x.shape if type(x) is xp.Array else (2,)
    shape = g.pick([s, (2,) + s, (0,) + s, (3, 2), ()])
    # a broadcast is a view: only a size beyond what an index can count is refused
    shape = g.arg("shape", shape, bad_shape(int_ok=False) + [
        (v, MUST if math.prod(v) > 2 ** 63 - 1 else MAY) for v, _ in huge_shapes()])
    c = g.call(name, x, shape)
    c.huge = _is_huge(shape)
    return c


def _arrays_seq(g: Gen, label: str, same_shape: bool) -> list[Any]:
    dt = g.pick(ALL)
    shape = g.pick(ND_SHAPES)
    out: list[Any] = []
    for i in range(g.int(1, 3)):
        if same_shape or g.chance(2):
            s = shape
        else:
            s = tuple(shape)[:1] + (g.int(0, 2),) + tuple(shape)[2:] if len(shape) > 1 else \
                (g.int(0, 2),)
        out.append(g.array_arg(f"{label}[{i}]", (dt,) if not g.chance(5) else ALL, [s],
                               wrong_dtype=False))
    g.promoting(*out)
    return out


@generator("concat")
def _concat(g: Gen, name: str) -> Call:
    arrays = _arrays_seq(g, "arrays", same_shape=False)
    real = [a for a in arrays if type(a) is xp.Array]
    ndim = real[0].ndim if real else 1
    axis = g.opt("axis", g.pick([0, -1, None]) if ndim else None,
                 bad_axis(ndim, optional=True))
    ax = 0 if axis is OMIT else axis
    if type(ax) is int and -ndim <= ax < ndim and len({a.ndim for a in real}) == 1 and \
            len({a.shape[:ax % ndim] + a.shape[ax % ndim + 1:] for a in real}) > 1:
        g.forbid("shapes differ outside axis", VALUE)
    seq = g.arg("arrays", tuple(arrays) if g.chance(2) else arrays,
                [(None, MUST), (xp.ones(2), MUST), ((), MUST), ([], MUST), (1.0, MUST),
                 ("ab", MUST), (np.ones((2, 2)), MUST), ((np.ones(2), np.ones(2)), MUST),
                 (iter([xp.ones(2)]), MAY)], k=6)
    return g.call(name, seq, axis=axis)


@generator("stack")
def _stack(g: Gen, name: str) -> Call:
    arrays = _arrays_seq(g, "arrays", same_shape=True)
    real = [a for a in arrays if type(a) is xp.Array]
    ndim = (real[0].ndim if real else 1) + 1
    seq = g.arg("arrays", tuple(arrays) if g.chance(2) else arrays,
                [(None, MUST), (xp.ones(2), MUST), ((), MUST), ([], MUST), (1.0, MUST),
                 ((np.ones(2), np.ones(2)), MUST)], k=6)
    return g.call(name, seq, axis=g.axis_kw(ndim, optional=True))


@generator("expand_dims")
def _expand_dims(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    ndim = (x.ndim if type(x) is xp.Array else 1) + 1
    axis = g.pick([g.int(-ndim, ndim - 1), (0,), (0, -1)] if ndim > 1 else [0])
    bad = [(v, m) for v, m in bad_axis(ndim, tuple_ok=True)
           if not (type(v) is tuple and len(v) > 1)]
    bad += [((0, ndim + 1), MUST), ((0, 0), MUST), ((0, -ndim - 1), MUST), ((0, -ndim), MAY)]
    axis = g.arg("axis", axis, bad)
    return g.call(name, x, axis=axis)


@generator("flip")
def _flip(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    ndim = x.ndim if type(x) is xp.Array else 1
    c = g.call(name, x, axis=g.axes_kw(ndim))
    c.shape = x.shape if type(x) is xp.Array else None
    return c


@generator("moveaxis")
def _moveaxis(g: Gen, name: str) -> Call:
    x = g.array_arg("x", ALL, ND_SHAPES, odd_shapes=[()])
    ndim = x.ndim if type(x) is xp.Array else 1
    if ndim and g.chance(2):
        k = g.int(1, ndim)
        src: Any = tuple(range(k))
        dst: Any = tuple(reversed(range(ndim)))[:k]
    else:
        src, dst = g.int(-ndim, ndim - 1) if ndim else 0, g.int(-ndim, ndim - 1) if ndim else 0
        if ndim == 0:
            g.forbid("axis of a 0-d array")
    src = g.arg("source", src, bad_axis(ndim, tuple_ok=True))
    dst = g.arg("destination", dst, bad_axis(ndim, tuple_ok=True) + [((0, 1, 2, 3, 4), MUST)])
    lengths = {len(v) if type(v) is tuple else 1 for v in (src, dst)}
    if len(lengths) > 1:
        g.forbid("source and destination of different lengths", VALUE)
    return g.call(name, x, src, dst)


@generator("permute_dims")
def _permute_dims(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    ndim = x.ndim if type(x) is xp.Array else 1
    perm = list(range(ndim))
    random.Random(g.int(0, 99)).shuffle(perm)
    axes = g.arg("axes", tuple(perm), [
        (None, MUST), (0, MUST), ((0,) * (ndim + 1), MUST), (tuple(range(ndim + 1)), MUST),
        ((0, 0), MUST), ((1.0,), MUST), ((True,), MUST), ("01", MUST), (list(perm), MAY),
        (tuple(range(-ndim, 0)), MAY), ((HUGE,) * max(ndim, 1), MUST)])
    return g.call(name, x, axes)


@generator("repeat")
def _repeat(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    ndim = x.ndim if type(x) is xp.Array else 1
    axis = g.axis_kw(ndim, optional=True)
    n = x.shape[axis] if type(x) is xp.Array and type(axis) is int and -ndim <= axis < ndim \
        else (x.size if type(x) is xp.Array else 1)
    reps: Any = g.int(0, 3)
    if g.chance(2):
        reps = xp.asarray([g.int(0, 2) for _ in range(n)], dtype=xp.int64) if n else \
            xp.asarray([], dtype=xp.int64)
    reps = g.arg("repeats", reps, bad_int(negative_ok=False, size=True) + [
        (xp.asarray([1.0]), MUST),
        (xp.asarray([-1] * max(n, 1), dtype=xp.int64), MUST if n else MAY),
        (xp.asarray([True] * max(n, 1)), MAY), (xp.asarray([1, 2, 3, 4, 5, 6, 7]), MUST),
        (xp.ones((1, 1), dtype=xp.int64), MAY), (np.int64(2), MAY),
        # no memory holds 2**40 copies, unless there is nothing to copy
        (2 ** 40, MUST if type(x) is not xp.Array or x.size else MAY)])
    c = g.call(name, x, reps, axis=axis)
    c.huge = type(reps) is int and reps >= 2 ** 20
    return c


@generator("reshape")
def _reshape(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    size = x.size if type(x) is xp.Array else 2
    shape = g.pick([(size,), (-1,), (1, size), (size, 1, -1), ()] if size else
                   [(0,), (0, 3), (3, 0, -1), (2, 0)])
    if size != 1 and shape == () and type(x) is xp.Array:
        shape = (size,)     # () holds one element
    shape = g.arg("shape", shape, [(v, m) for v, m in bad_shape(int_ok=False)[:-1]
                                    if type(v) is not tuple or v != (2, -1)] +
                  huge_shapes() + [((2, -1), MUST if size % 2 else MAY),
        ((-1, -1), MUST), ((size + 1,), MUST if size + 1 != size else MAY), ((-2,), MUST),
        ((0, -1), MAY)])
    c = g.call(name, x, shape, copy=g.opt("copy", g.pick([None, True, False]),
                                          bad_bool(optional=True)))
    return c


@generator("roll")
def _roll(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    ndim = x.ndim if type(x) is xp.Array else 1
    axis = g.axes_kw(ndim, repeated=MAY)     # the standard says nothing of repeated axes
    shift: Any = g.int(-5, 5)
    if isinstance(axis, tuple) and g.chance(2):
        shift = tuple(g.int(-2, 2) for _ in axis)
    # a tuple is refused below unless it matches the axes
    shift = g.arg("shift", shift, [(v, MAY if type(v) is tuple else m) for v, m in bad_int()]
                  + [((1, 2, 3, 4, 5), MUST), ((1.5,), MUST)])
    if isinstance(shift, tuple) and not isinstance(axis, tuple) and (
            axis is None or axis is OMIT or len(shift) != 1):
        g.forbid("tuple shift without matching axes")
    if isinstance(shift, tuple) and isinstance(axis, tuple) and len(shift) != len(axis):
        g.forbid("shift and axis of different lengths")
    c = g.call(name, x, shift, axis=axis)
    c.shape = x.shape if type(x) is xp.Array else None
    return c


@generator("squeeze")
def _squeeze(g: Gen, name: str) -> Call:
    x = g.array_arg("x", ALL, [(1,), (1, 3), (2, 1, 1), (1, 0), ()])
    ndim = x.ndim if type(x) is xp.Array else 1
    ones = [i for i, s in enumerate(getattr(x, "shape", (1,))) if s == 1]
    axis: Any = g.pick(ones) if ones else ()
    if len(ones) > 1 and g.chance(2):
        axis = tuple(ones)
    axis = g.arg("axis", axis, bad_axis(ndim, tuple_ok=True) +
                 [(i, MUST) for i, s in enumerate(getattr(x, "shape", ())) if s != 1])
    return g.call(name, x, axis=axis)


@generator("tile")
def _tile(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    reps = g.pick([(2,), (1, 2), (), (0,), (2, 1, 1)])
    empty = type(x) is xp.Array and x.size == 0
    reps = g.arg("repetitions", reps, bad_shape(int_ok=False) + [((2 ** 40, 2 ** 40),
                                                      MAY if empty else MUST)])
    c = g.call(name, x, reps)
    c.huge = _is_huge(reps)
    return c


@generator("unstack")
def _unstack(g: Gen, name: str) -> Call:
    x = g.array_arg("x", ALL, ND_SHAPES, odd_shapes=[()], odd_must=True)
    ndim = x.ndim if type(x) is xp.Array else 1
    return g.call(name, x, axis=g.axis_kw(ndim, optional=True))


# -- searching, sorting, sets
@generator("argmax", "argmin")
def _argmax(g: Gen, name: str) -> Call:
    x = g.array_arg("x", REAL_NUMERIC)
    ndim = x.ndim if type(x) is xp.Array else 1
    c = g.call(name, x, axis=g.axis_kw(ndim, optional=True), keepdims=g.bool_kw("keepdims"))
    c.dtype = "int64"
    return c


@generator("count_nonzero")
def _count_nonzero(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    ndim = x.ndim if type(x) is xp.Array else 1
    return g.call(name, x, axis=g.axes_kw(ndim), keepdims=g.bool_kw("keepdims"))


@generator("nonzero")
def _nonzero(g: Gen, name: str) -> Call:
    x = g.array_arg("x", ALL, ND_SHAPES, odd_shapes=[()], odd_must=True)
    c = g.call(name, x)
    c.returns = lambda r: type(r) is tuple and all(type(a) is xp.Array for a in r)
    return c


@generator("searchsorted")
def _searchsorted(g: Gen, name: str) -> Call:
    x1 = g.array_arg("x1", REAL_NUMERIC, [(0,), (3,), (1,)], odd_shapes=[(), (2, 2)],
                     odd_must=True)
    dt = x1.dtype.name if type(x1) is xp.Array and x1.dtype.name in REAL_NUMERIC else "float64"
    x2: Any = g.array((dt,) if not g.chance(5) else REAL_NUMERIC, label="x2",
                      wrong_dtype=False) if not g.chance(4) else g.scalar_for(dt)
    x2 = g.arg("x2", x2, [(None, MUST), ("1", MUST), ([1], MUST), (np.float64(1), MUST),
                          (np.ones(2), MUST), (1j, TYPE), (True, MUST),
                          (xp.asarray([1j]), TYPE)], k=6)
    g.promoting(x1, x2)
    if type(x2) in (int, float) and not scalar_kind_ok(x2, dt):
        g.forbid("scalar of another kind")
    sorter = OMIT
    if g.chance(3) and type(x1) is xp.Array and x1.ndim == 1:
        sorter = xp.argsort(x1) if x1.dtype.name in REAL_NUMERIC and x1.device == g.dev \
            else xp.asarray(list(range(x1.shape[0])), dtype=xp.int64)
        sorter = g.arg("sorter", sorter, [(xp.asarray([0.5]), MUST), ([0], MUST),
                                          (xp.asarray([[0]]), MUST), (1, MUST)])
    return g.call(name, x1, x2, side=g.opt("side", g.pick(["left", "right"]),
                                           bad_choice(("left", "right"))), sorter=sorter)


@generator("argsort", "sort")
def _sort(g: Gen, name: str) -> Call:
    x = g.array_arg("x", REAL_NUMERIC, ND_SHAPES, odd_shapes=[()], odd_must=True)
    ndim = x.ndim if type(x) is xp.Array else 1
    c = g.call(name, x, axis=g.axis_kw(ndim, optional=False) if ndim else OMIT,
               descending=g.bool_kw("descending"), stable=g.bool_kw("stable"))
    if type(x) is xp.Array and x.dtype.name in REAL_NUMERIC:
        c.shape = x.shape
        c.dtype = "int64" if name == "argsort" else x.dtype.name
    return c


@generator("isin")
def _isin(g: Gen, name: str) -> Call:
    x1, x2, _ = binary_operands(g, REAL_NUMERIC, broadcast=False)
    if type(x1) is not xp.Array and type(x2) is not xp.Array:
        g.forbid("two scalars")
    c = g.call(name, x1, x2, invert=g.bool_kw("invert"))
    c.strict = hasattr(strict, "isin") if strict else False
    return c


@generator("unique_all", "unique_counts", "unique_inverse", "unique_values")
def _unique(g: Gen, name: str) -> Call:
    x = g.array_arg("x")
    c = g.call(name, x)
    if name != "unique_values":
        c.returns = lambda r: isinstance(r, tuple) and all(type(a) is xp.Array for a in r)
    return c


# -- statistical and utility
def _axes_of(axis: Any, ndim: int) -> set[int] | None:
    """The axes ``axis`` names (None: not valid axes)."""
    if axis is None or axis is OMIT:
        return set(range(ndim))
    axes = axis if type(axis) is tuple else (axis,)
    if not all(type(a) is int and -ndim <= a < ndim for a in axes):
        return None
    return {a % ndim for a in axes}


@generator("max", "min", "mean", "prod", "sum", "std", "var", "all", "any")
def _reduction(g: Gen, name: str) -> Call:
    cat = {"max": REAL_NUMERIC, "min": REAL_NUMERIC, "mean": FLOATING, "prod": NUMERIC,
           "sum": NUMERIC, "std": REAL_FLOATING, "var": REAL_FLOATING, "all": ALL,
           "any": ALL}[name]
    x = g.array_arg("x", cat)
    ndim = x.ndim if type(x) is xp.Array else 1
    kw: dict[str, Any] = {"axis": g.axes_kw(ndim), "keepdims": g.bool_kw("keepdims")}
    if name in ("sum", "prod"):
        kw["dtype"] = g.dtype_kw("dtype", ALL)
        if isinstance(kw["dtype"], xp.DType) and type(x) is xp.Array and \
                x.dtype.name in COMPLEX and kw["dtype"].name not in COMPLEX:
            g.forbid("a complex array summed in a real dtype")
    if name in ("std", "var"):
        kw["correction"] = g.opt("correction", g.pick([0, 1, 0.5, 1.0]),
                                 [("1", MUST), (None, MUST), (1j, MUST), ([1], MUST),
                                  (-1, MAY), (math.nan, MAY), (HUGE, MAY), (True, MAY),
                                  (np.float64(1), MAY)])
    if name in ("max", "min") and type(x) is xp.Array and not x.size:
        axes = _axes_of(kw["axis"], ndim)
        if axes is not None and not math.prod(x.shape[a] for a in axes) and \
                math.prod(d for i, d in enumerate(x.shape) if i not in axes):
            g.forbid(f"{name} of no elements", VALUE)    # it has no identity
    c = g.call(name, x, **kw)
    if name in ("all", "any"):
        c.dtype = "bool"
    elif name in ("max", "min") and type(x) is xp.Array and x.dtype.name in cat:
        c.dtype = x.dtype.name
    return c


@generator("cumulative_sum", "cumulative_prod")
def _cumulative(g: Gen, name: str) -> Call:
    x = g.array_arg("x", NUMERIC)
    ndim = x.ndim if type(x) is xp.Array else 1
    axis = g.axis_kw(ndim, optional=ndim <= 1, required=ndim > 1)
    if type(x) is xp.Array and x.ndim == 0:
        g.forbid("a 0-d array", VALUE)     # it has no axis to accumulate along
    dt = g.dtype_kw("dtype", ALL)
    if isinstance(dt, xp.DType) and type(x) is xp.Array and \
            x.dtype.name in COMPLEX and dt.name not in COMPLEX:
        g.forbid("a complex array summed in a real dtype")
    return g.call(name, x, axis=axis, dtype=dt,
                  include_initial=g.bool_kw("include_initial"))


@generator("diff")
def _diff(g: Gen, name: str) -> Call:
    x = g.array_arg("x", NUMERIC, ND_SHAPES, odd_shapes=[()], odd_must=True)
    ndim = x.ndim if type(x) is xp.Array else 1
    axis = g.axis_kw(ndim, optional=False) if ndim else OMIT
    n = g.opt("n", g.int(0, 3), bad_int(negative_ok=False))
    kw: dict[str, Any] = {"axis": axis, "n": n}
    for label in ("prepend", "append"):
        if type(x) is xp.Array and x.ndim and g.chance(3):
            shape = list(x.shape)
            ax = axis if type(axis) is int and -ndim <= axis < ndim else -1
            shape[ax] = g.int(0, 2)
            kw[label] = g.arg(label, make_array(x.dtype.name, tuple(shape), 3,
                                                device=x.device),
                              [(1.0, MAY), (None, MAY), ([1.0], MUST), (np.ones(2), MUST),
                               (xp.ones((7, 7, 7)), MUST), ("x", MUST),
                               (make_array("int8" if x.dtype.name != "int8" else "float32",
                                           tuple(shape)), MAY)])
    return g.call(name, x, **kw)


# -- fft
_NORMS = ("backward", "ortho", "forward")
_FFT_CAT = {"fft": COMPLEX, "ifft": COMPLEX, "fftn": COMPLEX, "ifftn": COMPLEX,
            "rfft": REAL_FLOATING, "rfftn": REAL_FLOATING, "irfft": COMPLEX, "irfftn": COMPLEX,
            "hfft": COMPLEX, "ihfft": REAL_FLOATING}


@generator(*("fft." + n for n in ("fft", "ifft", "rfft", "irfft", "hfft", "ihfft")))
def _fft1(g: Gen, name: str) -> Call:
    x = g.array_arg("x", _FFT_CAT[name[4:]], ND_SHAPES, odd_shapes=[()], odd_must=True)
    ndim = x.ndim if type(x) is xp.Array else 1
    axis = g.axis_kw(ndim, optional=False) if ndim else OMIT
    # 2**40 points along the axis are too many, unless no other axis holds a line
    lines, ax = 1, -1 if axis is OMIT else axis
    if type(x) is xp.Array and type(ax) is int and -ndim <= ax < ndim:
        lines = math.prod(d for i, d in enumerate(x.shape) if i != ax % ndim)
    n = g.opt("n", g.pick([None, 1, 2, 4, 5]),
              bad_int(optional=True, negative_ok=False, size=True) +
              [(0, MUST), (2 ** 40, MUST if lines else MAY)])
    c = g.call(name, x, n=n, axis=axis, norm=g.opt("norm", g.pick(_NORMS), bad_choice(_NORMS)))
    c.huge = type(n) is int and n >= 2 ** 20
    return c


@generator(*("fft." + n for n in ("fftn", "ifftn", "rfftn", "irfftn")))
def _fftn(g: Gen, name: str) -> Call:
    x = g.array_arg("x", _FFT_CAT[name[4:]], ND_SHAPES, odd_shapes=[()])
    ndim = x.ndim if type(x) is xp.Array else 1
    axes: Any = None
    if ndim and g.chance(2):
        axes = tuple(sorted({g.int(0, ndim - 1) for _ in range(g.int(1, ndim))}))
    s: Any = None
    if g.chance(2):
        s = tuple(g.int(1, 4) for _ in (axes if axes else range(ndim)))
    s = g.opt("s", s, [((0,) * max(ndim, 1), MUST), ((-1,) * max(ndim, 1), MAY),
                       ((1.5,), MUST), ((True,), MUST), (3, MAY), ("3", MUST),
                       ((2 ** 40,) * max(ndim, 1), MUST), (((2,),), MUST)])
    # axes and s are sequences: lists are fine
    axes = g.opt("axes", axes, bad_axis(ndim, optional=True, tuple_ok=True, list_ok=MAY,
                                                 int_ok=False))
    c = g.call(name, x, s=s, axes=axes, norm=g.opt("norm", g.pick(_NORMS), bad_choice(_NORMS)))
    c.huge = isinstance(s, tuple) and _is_huge(s)
    return c


@generator("fft.fftfreq", "fft.rfftfreq")
def _fftfreq(g: Gen, name: str) -> Call:
    n = g.arg("n", g.int(1, 5), bad_int(negative_ok=False, size=True) + [(0, MAY),
                                                                        (2 ** 40, MUST)])
    d = g.opt("d", g.pick([1.0, 0.5, 2, 1e-3]), bad_real() + [(0, MUST), (0.0, MUST)])
    c = g.call(name, n, d=d, dtype=g.dtype_kw("dtype", REAL_FLOATING), device=g.device_kw())
    c.huge = type(n) is int and n >= 2 ** 20
    return c


@generator("fft.fftshift", "fft.ifftshift")
def _fftshift(g: Gen, name: str) -> Call:
    x = g.array_arg("x", NUMERIC)
    ndim = x.ndim if type(x) is xp.Array else 1
    c = g.call(name, x, axes=g.axes_kw(ndim, label="axes", repeated=MAY, list_ok=MAY))
    c.shape = x.shape if type(x) is xp.Array else None
    return c


# -- the array object
_OPS = {"add": "add", "sub": "subtract", "mul": "multiply", "truediv": "divide",
        "floordiv": "floor_divide", "mod": "remainder", "pow": "pow", "and": "bitwise_and",
        "or": "bitwise_or", "xor": "bitwise_xor", "lshift": "bitwise_left_shift",
        "rshift": "bitwise_right_shift", "lt": "less", "le": "less_equal", "gt": "greater",
        "ge": "greater_equal", "eq": "equal", "ne": "not_equal"}
_REFLECTED = [n for n in _OPS if n not in ("lt", "le", "gt", "ge", "eq", "ne")]


def _operator(g: Gen, name: str) -> Call:
    dunder = name.split(".", 1)[1]
    base = dunder.strip("_")
    kind = "i" if base[0] == "i" and base[1:] in _REFLECTED else \
        "r" if base[0] == "r" and base[1:] in _REFLECTED else ""
    op = base[len(kind):]
    function = _OPS[op]
    accepted, boolean = BINARY[function]
    a, b, result = binary_operands(g, accepted, ("self", "other"), scalars=True)
    if type(a) is not xp.Array:
        a, b = b, a
    c = g.call(name, a, b)
    c.names = (dunder, function, f"__{op}__", f"__r{op}__")
    if _foreign(g, c, b):
        return c
    if result is None or result not in accepted:
        g.forbid("no promotion into the accepted dtypes", TYPE)
    if kind == "i":
        c.runtime_ok = True
        if result is not None and (result != a.dtype.name or
                                   function == "divide" and result in INTEGER):
            g.forbid("in place, the result dtype differs from self's", TYPE)
        if type(b) is xp.Array and broadcast_ok(a.shape, b.shape) and \
                np.broadcast_shapes(a.shape, b.shape) != a.shape:
            g.forbid("in place, other does not broadcast to self's shape", VALUE)
    elif result in accepted and not (function == "divide" and result in INTEGER):
        c.dtype = "bool" if boolean else result
    return c


for _n in _OPS:
    generator(f"Array.__{_n}__")(_operator)
for _n in _REFLECTED:
    generator(f"Array.__r{_n}__")(_operator)
    generator(f"Array.__i{_n}__")(_operator)


def _foreign(g: Gen, c: Call, other: Any) -> bool:
    """An operand that is neither an array nor a Python scalar: the dunder returns
    NotImplemented (Python then raises its TypeError), except for NumPy's scalars and arrays,
    which get our TypeError saying how to convert them."""
    if type(other) is xp.Array or type(other) in (bool, int, float, complex):
        return False
    g.must = []
    if isinstance(other, np.ndarray | np.generic):
        g.forbid("a NumPy operand")
    else:
        c.returns = lambda r: r is NotImplemented
    return True


@generator("Array.__matmul__", "Array.__rmatmul__", "Array.__imatmul__")
def _matmul_dunder(g: Gen, name: str) -> Call:
    a, b = _matmul_pair(g)
    if name == "Array.__rmatmul__":     # b.__rmatmul__(a) is a @ b
        a, b = b, a
    if type(a) is not xp.Array:
        a = xp.ones((2, 2))
        g.must = [m for m in g.must if not m.startswith(("x1", "x2"))]
        # a @ b for __matmul__, b @ a for __rmatmul__: b's inner axis meets a's 2
        inner = -1 if name == "Array.__rmatmul__" or (type(b) is xp.Array and b.ndim < 2) \
            else -2
        if type(b) is xp.Array and b.ndim and b.shape[inner] != 2:
            g.forbid("inner dimensions differ")
        g.promoting(a, b)
    c = g.call(name, a, b)
    c.names = ("__matmul__", "__rmatmul__", "__imatmul__", "matmul")
    c.runtime_ok = name.endswith("imatmul__")
    if type(b) in (bool, int, float, complex):
        g.forbid("a scalar operand of matmul")
    elif _foreign(g, c, b):
        return c
    if name.endswith("imatmul__") and type(b) is xp.Array and not g.must and \
            a.ndim >= 1 and b.ndim >= 1:
        try:
            out = np.broadcast_shapes(a.shape[:-2], b.shape[:-2]) + \
                a.shape[-2:-1] + b.shape[-1:] if b.ndim > 1 else a.shape[:-1]
        except ValueError:
            out = None
        if out != a.shape:
            g.forbid("in place, the shape changes")
    return c


@generator("Array.__neg__", "Array.__pos__", "Array.__abs__", "Array.__invert__")
def _unary_dunder(g: Gen, name: str) -> Call:
    function = {"neg": "negative", "pos": "positive", "abs": "abs",
                "invert": "bitwise_invert"}[name[8:-2]]
    accepted, _ = UNARY[function]
    x = g.array(accepted, label="self")
    c = g.call(name, x)
    c.names = (name[6:], function)
    return c


def _key(g: Gen, x: xp.Array) -> tuple[Any, bool]:
    """An index for ``x``: (key, whether it is one the standard allows)."""
    ndim, shape = x.ndim, x.shape
    parts: list[Any] = []
    kind = g.int(0, 4)
    if kind == 0:       # basic: ints, slices, ellipsis, None
        for i in range(g.int(0, ndim)):
            n = shape[i]
            parts.append(g.pick([slice(None), slice(1, None), slice(None, None, -1),
                                 slice(0, n, 2)] + ([g.int(-n, n - 1)] if n else [])))
        if g.chance(3):
            parts.insert(g.int(0, len(parts)), ...)
        if g.chance(4):
            parts.insert(g.int(0, len(parts)), None)
        key: Any = tuple(parts) if len(parts) != 1 or g.chance(2) else parts[0]
        return key, True
    if kind == 1 and ndim:        # a boolean mask of x's leading shape
        k = g.int(1, ndim)
        mask = make_array("bool", shape[:k], g.int(0, 99), device=x.device)
        return (mask if g.chance(2) else (mask, ...)), True
    if kind == 2 and ndim:        # integer arrays
        n = shape[0]
        name = g.pick(("int64", "int32", "int8", "uint8"))
        lo = 0 if name in UNSIGNED else -n
        idx = xp.asarray([g.int(lo, n - 1) for _ in range(g.int(0, 3))] if n else [],
                         dtype=dtype(name), device=x.device)
        rest = [g.int(-shape[i], shape[i] - 1) if shape[i] and g.chance(2) else
                xp.zeros(1, dtype=xp.int64, device=x.device) if shape[i] else slice(None)
                for i in range(1, ndim)]
        if any(s == 0 for s in shape[1:]) and any(type(r) is xp.Array for r in rest):
            rest = [slice(None)] * (ndim - 1)
        return (idx, *rest) if len(rest) + 1 == ndim else idx, True
    return (), True


_BAD_KEYS = [(1.5, MUST), ("a", MUST), (None, MAY), ((0, 0, 0, 0, 0), MUST),
             ((..., ...), MUST), (slice(0.5, None), MUST), (slice(None, None, 0), MUST),
             (slice("a", None), MUST), (HUGE, MUST), (-HUGE, MUST), (2 ** 63, MUST),
             ([0], MAY), ([[0]], MAY), ([True], MAY), (np.int64(0), MAY),
             (np.array([0]), MAY), (Opaque(), MUST), ({0: 1}, MUST), (1j, MUST),
             ((1.0,), MUST), (np.float64(0), MUST), (True, MAY), (False, MAY),
             (slice(np.int64(0), None), MAY), (slice(HUGE, None), MAY),
             (slice(None, -HUGE), MAY), (slice(None, None, HUGE), MAY),
             (slice(None, None, -HUGE), MAY), ((None, None, None, None, None), MAY)]


@generator("Array.__getitem__")
def _getitem(g: Gen, name: str) -> Call:
    x = g.array(label="self")
    key, _ = _key(g, x)
    bad = list(_BAD_KEYS) + [(x.ndim * (0,) + (0,), MUST), ((xp.asarray([0.5]),), MUST),
                             (xp.asarray([x.shape[0] if x.ndim else 1], dtype=xp.int64), MAY),
                             (make_array("bool", (7,)), MUST),
                             (xp.asarray(0, device=g.other), MAY)]
    if x.ndim:
        bad += [(x.shape[0], MUST), (-x.shape[0] - 1, MUST)]
    key = g.arg("key", key, bad, k=2)
    c = g.call(name, x, key)
    c.names = ("__getitem__",)
    return c


@generator("Array.__setitem__")
def _setitem(g: Gen, name: str) -> Call:
    x = g.array(label="self")
    key, _ = _key(g, x)
    bad = list(_BAD_KEYS)
    if x.ndim:
        bad += [(x.shape[0], MUST), (-x.shape[0] - 1, MUST)]
    key = g.arg("key", key, bad, k=3)
    try:
        target = x[key]
        shape: Any = target.shape
    except Exception:  # noqa: BLE001  (a bad key: the value's shape does not matter)
        shape = ()
    value: Any = g.scalar_for(x.dtype.name) if g.chance(2) else make_array(
        x.dtype.name, tuple(shape) if not g.chance(3) else (), 5, device=x.device,
        grad=x.dtype.name in FLOATING and g.chance(4))
    value = g.arg("value", value, [
        (None, MUST), ("1", MUST), ([1], MUST), (np.float64(1), MUST), (np.ones(2), MUST),
        (Opaque(), MUST), (xp.ones((7, 7), device=x.device), MUST),
        (make_array(x.dtype.name, (), 0, device=g.other if x.device is g.dev else g.dev), MUST),
        (1j, MUST if x.dtype.name not in FLOATING else MAY), (HUGE, MAY),
        (1.5, MUST if x.dtype.name not in FLOATING else MAY),
        (True, MUST if x.dtype.name != "bool" else MAY),
        (make_array("int8" if x.dtype.name != "int8" else "float32", ()), MAY)])
    c = g.call(name, x, key, value)
    c.names = ("__setitem__",)
    c.runtime_ok = True
    c.returns = lambda r: r is None
    return c


def _conversion(g: Gen, name: str) -> Call:
    x = g.array(label="self", shapes=[(), (), (), (1,), (2,), (0,)])
    c = g.call(name, x)
    c.names = (name[6:], name[8:-2], "int", "float", "complex", "bool", "index")
    kind = name[8:-2]
    if x.ndim != 0:
        g.forbid("not a 0-d array")
    if kind == "index" and x.dtype.name not in INTEGER:
        g.forbid("__index__ of a non-integer array")
    if kind in ("int", "float") and x.dtype.name in COMPLEX:
        g.forbid("complex to a real scalar")
    c.returns = {"bool": lambda r: type(r) is bool, "int": lambda r: type(r) is int,
                 "index": lambda r: type(r) is int, "float": lambda r: type(r) is float,
                 "complex": lambda r: type(r) is complex}[kind]
    return c


for _n in ("bool", "int", "float", "complex", "index"):
    generator(f"Array.__{_n}__")(_conversion)


@generator("Array.to_device")
def _to_device(g: Gen, name: str) -> Call:
    x = g.array(label="self")
    dev = g.arg("device", g.pick([g.dev, g.other, g.dev.name, g.other.name]), bad_device())
    c = g.call(name, x, dev, stream=g.opt("stream", None, [(1, MAY), ("x", MAY),
                                                           (Opaque(), MAY)]))
    c.shape, c.dtype = x.shape, x.dtype.name
    if isinstance(dev, Device) or dev in (g.dev.name, g.other.name):
        c.device = dev if isinstance(dev, Device) else xp.device(dev)
    c.strict = False
    return c


@generator("Array.__array_namespace__")
def _namespace(g: Gen, name: str) -> Call:
    x = g.array(label="self")
    v = g.opt("api_version", g.pick([None, "2025.12", "2024.12", "2023.12"]),
              [("2099.12", MUST), ("2021.12", MAY), (2023, MUST), (2023.12, MUST),
               ("", MUST), (b"2023.12", MUST), (Opaque(), MUST), ("2023.12 ", MUST)])
    c = g.call(name, x, api_version=v)
    c.names = ("__array_namespace__",)
    c.returns = lambda r: hasattr(r, "asarray")
    return c


@generator("Array.__dlpack__")
def _dlpack(g: Gen, name: str) -> Call:
    x = g.array(label="self")
    c = g.call(name, x, stream=g.opt("stream", None, [(1, MAY), ("x", MAY), (-1, MAY)]),
               max_version=g.opt("max_version", g.pick([None, (1, 0), (0, 8)]),
                                 [((1,), MAY), ("1.0", MAY), (1, MAY), ((1.5, 0), MAY),
                                  (Opaque(), MAY)]),
               dl_device=g.opt("dl_device", None, [((1, 0), MAY), ("cpu", MAY), (1, MAY),
                                                   ((99, 0), MAY)]),
               copy=g.opt("copy", g.pick([None, True, False]), bad_bool(optional=True)))
    c.names = ("__dlpack__", "x.__dlpack__")
    c.buffer_ok = c.runtime_ok = True
    c.returns = lambda r: r is not None
    c.strict = False
    return c


@generator("Array.__dlpack_device__", "Array.item", "Array.tolist", "Array.__len__",
           "Array.__iter__", "Array.__repr__", "Array.__str__", "Array.__array__",
           "Array.mT", "Array.T", "Array.__copy__", "Array.__deepcopy__",
           "Array.detach", "Array.requires_grad_", "Array.__format__")
def _methods(g: Gen, name: str) -> Call:
    x = g.array(label="self", shapes=ANY_SHAPES + [(1,), (1, 1), (3,)])
    method = name[6:]
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    c_returns: Any = lambda r: True
    if method == "item":
        if x.size != 1:
            g.forbid("item of an array of size other than 1")
    elif method == "__len__":
        if x.ndim == 0:
            g.forbid("len of a 0-d array")
        c_returns = lambda r: type(r) is int
    elif method == "__iter__":
        if x.ndim == 0:
            g.forbid("iteration over a 0-d array")
    elif method == "__array__":
        kwargs = {"dtype": g.opt("dtype", None, [(np.float32, MAY), ("f8", MAY),
                                                 ("nonsense", MUST), (xp.float32, MAY)]),
                  "copy": g.opt("copy", g.pick([None, True, False]), bad_bool(optional=True))}
    elif method in ("mT", "T"):
        if x.ndim < 2 or (method == "T" and x.ndim != 2):
            g.forbid("transpose of too few (or too many) dimensions")
    elif method == "requires_grad_":
        kwargs = {"requires_grad": g.opt("requires_grad", g.chance(2), bad_bool())}
        rg = kwargs["requires_grad"]
        if (rg is OMIT or rg is True) and x.dtype.name not in FLOATING:
            g.forbid("requires_grad_ on a non-floating array")
    elif method == "__format__":
        args = [g.arg("format_spec", g.pick(["", ".2f", ">10", "e"]),
                      [(1, TYPE), (None, TYPE), ("%q", MAY), (".2f", MAY)])]
    elif method == "__deepcopy__":
        args = [g.arg("memo", {}, [(None, MAY), (1, MAY)])]
    c = g.call(name, x, *args, **kwargs)
    c.names = (method, f"__{method}__", "numpy.asarray", "x.__array__", "__dlpack_device__",
               "matrix_transpose")
    c.strict = method not in ("__array__", "detach", "requires_grad_", "__repr__", "__str__",
                              "__format__", "__deepcopy__", "__copy__", "tolist", "item")
    c.runtime_ok = method in ("__array__", "requires_grad_")
    c.params = ("x",) if method == "__array__" else ()     # "numpy.asarray(x): ..."
    if method not in ("mT", "T", "__copy__", "__deepcopy__", "detach", "requires_grad_"):
        c.returns = c_returns
    return c


# -- the inspection API
@generator("info.capabilities", "info.default_device", "info.devices")
def _info_plain(g: Gen, name: str) -> Call:
    args = [] if not g.chance(4) else [1]
    if args:
        g.forbid("an unexpected argument")
    c = g.call(name, *args)
    c.returns = lambda r: r is not None
    return c


@generator("info.default_dtypes", "info.dtypes")
def _info_dtypes(g: Gen, name: str) -> Call:
    kw: dict[str, Any] = {"device": g.device_kw()}
    if name == "info.dtypes":
        kw["kind"] = g.opt("kind", g.pick([None, "bool", "numeric", ("integral", "bool"),
                                           xp.float32]),
                           [("nonsense", MUST), (1, MUST), (("bool", 1), MUST), (["bool"], MUST),
                            (np.float32, MUST), (float, MUST)])
    c = g.call(name, **kw)
    c.returns = lambda r: type(r) is dict
    return c


# -- gradarray.random
def _size_args(g: Gen, separate: bool = False) -> tuple[list[Any], bool]:
    size = g.pick([(), (2,), (2, 3), 3, 0])
    size = g.arg("size", size, [(v, m) for v, m in bad_shape() if v is not None] +
                 huge_shapes())
    if separate and isinstance(size, tuple) and \
            not any(isinstance(d, tuple | list) for d in size) and g.chance(3):
        return list(size), _is_huge(size)      # separate ints: rand(2, 3)
    return [size], _is_huge(size)


@generator("random.rand", "random.randn")
def _rand(g: Gen, name: str) -> Call:
    size, huge = _size_args(g, separate=True)
    c = g.call(name, *size, dtype=g.dtype_kw("dtype", REAL_FLOATING), device=g.device_kw(),
               requires_grad=g.opt("requires_grad", g.chance(2), bad_bool()),
               generator=g.opt("generator", g.pick([None, xp.random.Generator(1)]),
                               [(1, MUST), ("g", MUST), (Opaque(), MUST),
                                (np.random.default_rng(0), MUST)]))
    c.huge, c.strict = huge, False
    return c


@generator("random.uniform", "random.normal", "random.randint")
def _random_params(g: Gen, name: str) -> Call:
    if name == "random.randint":
        lo = g.arg("low", g.int(-3, 3), bad_int())
        hi = g.opt("high", g.pick([None, 5, 10]), bad_int(optional=True) + [(-10, MUST)])
        if type(lo) is int and ((hi is OMIT or hi is None) and lo <= 0 or
                                type(hi) is int and lo >= hi):
            g.forbid("an empty range", VALUE)
        cat = INTEGER
    else:
        lo = g.arg("low" if name == "random.uniform" else "mean", g.pick([0.0, -1.0, 2]),
                   bad_real())
        hi = g.opt("high" if name == "random.uniform" else "std", g.pick([1.0, 3, 0.5]),
                   bad_real())
        high = 1.0 if hi is OMIT else hi
        if name == "random.uniform" and type(lo) in (int, float) and \
                type(high) in (int, float) and lo > high:
            g.forbid("low above high", VALUE)
        cat = REAL_FLOATING
    size, huge = _size_args(g)
    kw = {"dtype": g.dtype_kw("dtype", cat), "device": g.device_kw(),
          "generator": g.opt("generator", None, [(1, MUST), (Opaque(), MUST)])}
    if hi is OMIT or g.chance(2):
        kw["size"] = size[0]
        c = g.call(name, lo, *([hi] if hi is not OMIT else []), **kw)
    else:
        c = g.call(name, lo, hi, *size, **kw)
    c.huge, c.strict = huge, False
    return c


@generator("random.permutation")
def _permutation(g: Gen, name: str) -> Call:
    x: Any = g.int(0, 5) if g.chance(2) else g.array(label="x")
    x = g.arg("x", x, bad_int(negative_ok=False, size=True) + [(2 ** 40, MUST)])
    c = g.call(name, x, device=g.device_kw() if type(x) is not xp.Array else OMIT,
               generator=g.opt("generator", None, [(1, MUST), (Opaque(), MUST)]))
    if type(x) is xp.Array and x.ndim == 0:
        g.forbid("a 0-d array")
    c.huge, c.strict = type(x) is int and x >= 2 ** 20, False
    return c


@generator("random.bernoulli")
def _bernoulli(g: Gen, name: str) -> Call:
    p: Any = g.pick([0.5, 0, 1, 0.25]) if g.chance(2) else g.array(REAL_FLOATING, label="p")
    p = g.arg("p", p, [(-0.5, MUST), (1.5, MUST), (math.nan, MUST), ("0.5", MUST),
                       (None, MUST), (True, MAY), (np.float64(0.5), MAY), (1j, MUST),
                       (xp.asarray([1, 0]), MUST), ([0.5], MUST)])
    size = g.opt("size", g.pick([None, (2,), 3]), [(v, m) for v, m in bad_shape()
                                                   if v is not None])
    if type(p) is xp.Array and size not in (None, OMIT) and (
            type(size) is int and size >= 0 or
            type(size) is tuple and all(type(d) is int and d >= 0 for d in size)):
        shape = (size,) if type(size) is int else size
        if p.ndim > len(shape) or not broadcast_ok(p.shape, shape) or \
                np.broadcast_shapes(p.shape, shape) != shape:
            g.forbid("p does not broadcast to size", VALUE)
    c = g.call(name, p, size=size, dtype=g.dtype_kw("dtype", REAL_FLOATING),
               device=g.device_kw() if type(p) is not xp.Array else OMIT)
    c.strict = False
    return c


@generator("random.manual_seed", "random.Generator", "random.Generator.manual_seed")
def _seed(g: Gen, name: str) -> Call:
    seed = g.arg("seed", g.pick([0, 1, 2 ** 40]), bad_int(optional=name == "random.Generator"))
    c = g.call(name, seed)
    c.names = ("manual_seed", "Generator", "Generator.__init__", "Generator.manual_seed")
    c.strict = False
    c.returns = lambda r: r is not None
    return c


@generator("random.Generator.set_state")
def _set_state(g: Gen, name: str) -> Call:
    state = xp.random.Generator(3).get_state()
    state = g.arg("state", state, [(None, MUST), ({}, MUST), ({"seed": "x"}, MUST),
                                   ({"seed": 1}, MUST), ([1], MUST), ("state", MUST),
                                   ({"seed": 1, "states": 5}, MUST),
                                   ({"seed": -1, "states": {}}, MUST),
                                   ({"seed": 1.5, "states": {}}, MUST)], k=2)
    c = g.call(name, state)
    c.names = ("set_state", "Generator.set_state")
    c.strict = False
    c.returns = lambda r: r is None
    return c


# ------------------------------------------------------------------ the oracle
# "function(argument, ...): what was expected, got what" (Python's own TypeError for a
# missing or unexpected argument reads "function() got ...")
_HEAD = re.compile(r"^(?P<name>[\w.]+)\((?P<args>[^)]*)\):? \S")


def _names(call: Call) -> set[str]:
    full = call.target.split(".", 1)[1] if call.target.startswith(("Array.", "info.",
                                                                   "random.")) else call.target
    names = {full, full.rsplit(".", 1)[-1], *call.names}
    return names


def _resolve(call: Call, namespace: Any, array_type: Any) -> tuple[Callable[..., Any],
                                                                   tuple[Any, ...]]:
    target = call.target
    if target.startswith("Array."):
        attr = target[6:]
        self_ = call.args[0]
        if attr in ("mT", "T"):
            return (lambda: getattr(self_, attr)), ()
        return getattr(self_, attr), call.args[1:]
    if target.startswith("info."):
        return getattr(namespace.__array_namespace_info__(), target[5:]), call.args
    if target.startswith("random.Generator."):
        return getattr(xp.random.Generator(7), target[17:]), call.args
    obj: Any = namespace
    for part in target.split("."):
        obj = getattr(obj, part)
    return obj, call.args


def _arrays_in(v: Any) -> Iterator[xp.Array]:
    if type(v) is xp.Array:
        yield v
    elif isinstance(v, list | tuple):
        for e in v:
            yield from _arrays_in(e)
    elif isinstance(v, dict):
        for e in v.values():
            yield from _arrays_in(e)


def _native_type(dev: Device) -> type:
    t = _NATIVE_TYPES.get(dev.name)
    if t is None:
        t = _NATIVE_TYPES[dev.name] = type(dev.ns.asarray(0.0, device=dev.native))
    return t


_NATIVE_TYPES: dict[str, type] = {}


def check_array_result(r: Any, where: str) -> list[str]:
    """What is inconsistent in an Array result."""
    if type(r) is not xp.Array:
        return [f"{where} is a {type(r).__name__}, not an Array"]
    problems = []
    n = r._native
    dev = r.device
    if type(dev) is not Device:
        problems.append(f"{where}.device is {dev!r}")
        return problems
    if type(n) is not _native_type(dev):
        problems.append(f"{where} wraps a {type(n).__name__}, not the {dev} backend's array")
        return problems
    if dev.from_native.get(n.dtype) is not r.dtype:
        problems.append(f"{where}.dtype is {r.dtype} but its data are {n.dtype}")
    shape = r.shape
    if tuple(n.shape) != shape or not all(type(s) is int and s >= 0 for s in shape):
        problems.append(f"{where}.shape {shape} disagrees with its data's {n.shape}")
    if r.requires_grad and r.dtype.name not in FLOATING:
        problems.append(f"{where} requires grad but is {r.dtype}")
    return problems


class Hang(BaseException):
    pass


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        raise Hang

    old = signal.signal(signal.SIGALRM, handler)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# -- array-api-strict, the other witness
def _to_strict(v: Any, dev: Device) -> Any:
    if type(v) is xp.Array:
        sdev = strict.Device() if v.device is dev else strict.Device("device1")
        return strict.asarray(np.asarray(v.detach()), device=sdev)
    if isinstance(v, xp.DType):
        return getattr(strict, v.name)
    if isinstance(v, Device):
        return strict.Device() if v is dev else strict.Device("device1")
    if isinstance(v, str) and v in (dev.name,):
        return strict.Device()
    if type(v) is list:
        return [_to_strict(e, dev) for e in v]
    if type(v) is tuple:
        return tuple(_to_strict(e, dev) for e in v)
    return v


def strict_outcome(call: Call, dev: Device) -> tuple[str, Any]:
    """("ok", result), ("raised", exception) or ("n/a", None) for array-api-strict."""
    if strict is None or not call.strict:
        return "n/a", None
    try:
        args = tuple(_to_strict(a, dev) for a in call.args)
        kwargs = {k: _to_strict(v, dev) for k, v in call.kwargs.items()
                  if k != "requires_grad"}
        fn, rest = _resolve(Call(call.target, args, kwargs), strict, strict.Array)
    except Exception:  # noqa: BLE001  (no counterpart in array-api-strict: no witness)
        return "n/a", None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with time_limit(SECONDS):
                return "ok", fn(*rest, **kwargs)
    except ALLOWED as exc:
        return "raised", exc
    except BaseException:   # noqa: BLE001  (array-api-strict's own leaks say nothing)
        return "n/a", None


# -- the reference backend's namespace alone (it must pass the official suite by itself, so
# its own checks must hold without the frontend's)
_NOT_IN_STANDARD = {"Array.__array__", "Array.detach", "Array.requires_grad_", "Array.item",
                    "Array.tolist", "Array.__len__", "Array.__iter__", "Array.__repr__",
                    "Array.__str__", "Array.__format__", "Array.__copy__",
                    "Array.__deepcopy__"}


def _to_native(v: Any, dev: Device) -> Any:
    if type(v) is xp.Array:
        # an array of the other backend reaches the namespace as that backend's array
        return v._native
    if isinstance(v, xp.DType):
        return dev.to_native[v]
    if isinstance(v, Device):
        return v.native if v is dev else v
    if type(v) is list:
        return [_to_native(e, dev) for e in v]
    if type(v) is tuple:
        return tuple(_to_native(e, dev) for e in v)
    return v


def namespace_problems(call: Call) -> list[str]:
    """What the reference backend's namespace does wrong with the same call, on its own
    arrays: an exception of a type the standard does not use, or a hang."""
    dev = default_device()
    if dev.backend_name != "reference" or call.target.startswith("random.") or \
            call.target in _NOT_IN_STANDARD or "requires_grad" in call.kwargs:
        return []
    if call.target.startswith("Array.") and call.args[0].device is not dev:
        return []      # a method of the other backend's array
    args = tuple(_to_native(a, dev) for a in call.args)
    kwargs = {k: _to_native(v, dev) for k, v in call.kwargs.items()}
    fn, rest = _resolve(Call(call.target, args, kwargs), dev.ns, None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with time_limit(SECONDS):
                fn(*rest, **kwargs)
        except Hang:
            return [f"the reference namespace alone did not return within {SECONDS} s"]
        except (*ALLOWED, BufferError):
            pass
        except MemoryError:
            if not call.huge:
                return ["the reference namespace alone raised MemoryError for a small request"]
        except Exception as exc:  # noqa: BLE001
            return [f"the reference namespace alone leaks {type(exc).__name__}: {exc}"]
    return []


def _strict_disagrees(res: Any, sres: Any) -> list[str]:
    """Where our result's dtype or shape differs from array-api-strict's."""
    ours = res if isinstance(res, tuple) else (res,)
    theirs = sres if isinstance(sres, tuple) else (sres,)
    if len(ours) != len(theirs):
        return [f"{len(ours)} results, array-api-strict gives {len(theirs)}"]
    out = []
    for i, (a, b) in enumerate(zip(ours, theirs)):
        if type(a) is xp.Array and isinstance(b, strict.Array):
            if a.dtype.name != str(b.dtype).rsplit(".", 1)[-1]:
                out.append(f"result[{i}] dtype {a.dtype}, array-api-strict's {b.dtype}")
            if a.shape != tuple(b.shape):
                out.append(f"result[{i}] shape {a.shape}, array-api-strict's {b.shape}")
    return out


# Where array-api-strict refuses a call that gradarray accepts on purpose (or the standard
# allows), as (target prefix, predicate on the call) -> why.
def _integer_x(call: Call) -> bool:
    x = call.args[0]
    return type(x) is xp.Array and x.dtype.name in INTEGER


STRICT_IS_STRICTER: list[tuple[str, Callable[[Call], bool], str]] = [
    ("fft.fftshift", _integer_x, "x 'should' be floating; a roll is defined for integers too"),
    ("fft.ifftshift", _integer_x, "x 'should' be floating; a roll is defined for integers"),
    ("linalg.matrix_power", _integer_x, ("x 'should' be floating; a non-negative power of an "
                                         "integer matrix is exact (NumPy and PyTorch allow it; "
                                         "negative powers are refused)")),
]


def _excused(call: Call) -> str | None:
    for prefix, pred, why in STRICT_IS_STRICTER:
        if call.target.startswith(prefix) and pred(call):
            return why
    return None


def outcome_problems(call: Call, must: list[str], expected: Any = None,
                     unusual: int = 0) -> list[str]:
    """Call it, and say what is wrong with the outcome (empty: nothing); ``expected``: the
    exception type it must raise, if known; ``unusual``: how many unusual things it holds."""
    dev = default_device()
    fn, args = _resolve(call, xp, xp.Array)
    arrays = list(_arrays_in(list(call.args) + list(call.kwargs.values())))
    devices = {a.device for a in arrays}
    if len(devices) > 1 and call.target not in ("asarray", "result_type") or \
            (call.target == "asarray" and len({a.device for a in _arrays_in(call.args)}) > 1):
        # the standard's (and array-api-strict's) ValueError, when nothing else is wrong
        expected = ValueError if not unusual else None
        must = must + ["arrays on different devices"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            with time_limit(SECONDS):
                res = fn(*args, **call.kwargs)
        except Hang:
            return [f"did not return within {SECONDS} s"]
        except ALLOWED as exc:
            if expected is not None and not isinstance(exc, expected):
                names = " or ".join(t.__name__ for t in (
                    expected if isinstance(expected, tuple) else (expected,)))
                return [(f"raised {type(exc).__name__} where {'; '.join(must)} calls for "
                         f"{names}: {exc}"), *_error_problems(call, exc)]
            return _error_problems(call, exc)
        except BufferError as exc:
            if call.buffer_ok:
                return _error_problems(call, exc)
            return [f"leaked BufferError: {exc}"]
        except MemoryError as exc:
            if call.huge:
                return []
            return [f"MemoryError for a small request: {exc}"]
        except RuntimeError as exc:
            if call.runtime_ok and type(exc) is RuntimeError:
                return _error_problems(call, exc)
            return [f"leaked {type(exc).__name__}: {exc}"]
        except Exception as exc:  # noqa: BLE001
            return [f"leaked {type(exc).__name__}: {exc}"]
    if must:
        return [f"accepted what the standard forbids ({'; '.join(must)}), returning {brief(res)}"]
    problems = _result_problems(call, res, devices)
    kind, sres = strict_outcome(call, dev)
    if kind == "raised" and not _excused(call):
        problems.append(f"accepted a call that array-api-strict refuses with "
                        f"{type(sres).__name__}: {sres}")
    elif kind == "ok" and not problems:
        problems += _strict_disagrees(res, sres)
    return problems


def _error_problems(call: Call, exc: BaseException) -> list[str]:
    message = str(exc)
    head = _HEAD.match(message)
    names = _names(call)
    if head is None or head["name"] not in names and \
            head["name"].rsplit(".", 1)[-1] not in names:
        starts = " or ".join(sorted(n + "(" for n in names))
        return [f"{type(exc).__name__} whose message does not start with {starts}: {message!r}"]
    # the arguments named, without values (copy=False) or items (arrays[1])
    args = [re.sub(r"\[.*", "", a.split("=", 1)[0]).strip()
            for a in head["args"].split(",") if a.strip()]
    params = _parameters(call, head["name"])
    if not args and not message.startswith(f"{head['name']}() "):
        return [f"{type(exc).__name__} whose message names no argument: {message!r}"]
    unknown = [a for a in args if params is not None and a not in params]
    if unknown:
        what = f"{', '.join(unknown)}, not an argument of {call.target}"
        return [f"{type(exc).__name__} whose message names {what}: {message!r}"]
    return []


def _parameters(call: Call, name: str) -> set[str] | None:
    """The names an error message of ``call`` that names the function ``name`` may give as
    arguments: the parameters of that function (an operator's message may name the function
    it is computed with, ``add(x1, x2)``) or, failing that, of the one called (None: any)."""
    import inspect
    fn: Any = None
    short = name.rsplit(".", 1)[-1]
    spaces = (xp.Array,) if short.startswith("__") else \
        (xp, xp.linalg, xp.fft, xp.random, xp.random.Generator, xp.Array)
    for space in spaces:
        fn = getattr(space, short, None)
        if callable(fn):
            break
    if not callable(fn):
        fn = _resolve(call, xp, xp.Array)[0]
    try:
        params = set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return None
    if call.target.startswith(("Array.", "random.Generator")):
        params.add("self")
    return params | set(call.params)


def _result_problems(call: Call, res: Any, devices: set[Device]) -> list[str]:
    if call.returns is not None:
        if not call.returns(res):
            return [f"returned {brief(res)} ({type(res).__name__})"]
        if type(res) is not xp.Array and not (isinstance(res, tuple) and res and
                                               all(type(a) is xp.Array for a in res)):
            return []
    results = res if isinstance(res, tuple) and type(res) is not xp.Array else (res,)
    if call.target in ("meshgrid", "broadcast_arrays", "nonzero", "unstack") and \
            not isinstance(res, tuple):
        return [f"returned a {type(res).__name__}, not a tuple"]
    problems: list[str] = []
    for i, r in enumerate(results):
        problems += check_array_result(r, f"result[{i}]" if len(results) > 1 else "result")
    if problems:
        return problems
    expected = call.device
    if expected is None and "device" in call.kwargs and call.kwargs["device"] is not None:
        d = call.kwargs["device"]
        expected = d if isinstance(d, Device) else xp.device(d)
    if expected is None and len(devices) == 1:
        expected = next(iter(devices))
    if expected is None and not devices:
        expected = default_device()
    for i, r in enumerate(results):
        if expected is not None and r.device is not expected:
            problems.append(f"result[{i}] is on {r.device}, expected {expected}")
    if len(results) == 1:
        r = results[0]
        if call.dtype is not None and r.dtype.name != call.dtype:
            problems.append(f"result dtype {r.dtype}, expected {call.dtype}")
        if call.shape is not None and r.shape != tuple(call.shape):
            problems.append(f"result shape {r.shape}, expected {call.shape}")
    return problems


# ------------------------------------------------------------------ the tests
def _surface() -> set[str]:
    """What the fuzzer must cover: every function of the standard, the array object's
    methods and operators, the inspection API and gradarray.random."""
    names = set(ALL_FUNCTIONS)
    names |= {f"Array.__{n}__" for n in _OPS}
    names |= {f"Array.__{k}{n}__" for n in _REFLECTED for k in ("r", "i")}
    names |= {f"Array.__{n}__" for n in ("matmul", "rmatmul", "imatmul", "neg", "pos", "abs",
                                         "invert", "getitem", "setitem", "bool", "int",
                                         "float", "complex", "index", "array_namespace",
                                         "dlpack", "dlpack_device")}
    names |= {"Array.to_device", "Array.mT", "Array.T"}
    names |= {f"info.{n}" for n in ("capabilities", "default_device", "devices",
                                    "default_dtypes", "dtypes")}
    names |= {f"random.{n}" for n in ("rand", "randn", "randint", "uniform", "normal",
                                      "permutation", "bernoulli", "manual_seed", "Generator")}
    return names


def test_fuzz_covers_the_whole_surface():
    missing = sorted(_surface() - set(GENERATORS))
    assert not missing, f"no fuzz generator for: {', '.join(missing)}"


@pytest.fixture(scope="module")
def memory_cap() -> Iterator[None]:
    with memory_limit():
        yield


@contextlib.contextmanager
def memory_limit() -> Iterator[None]:
    """A cap on the address space while fuzzing, so that a huge request fails at once with
    MemoryError instead of filling the machine's memory."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/status") as f:
        vm = next(int(line.split()[1]) * 1024 for line in f if line.startswith("VmSize"))
    cap = vm + 3 * 2 ** 30
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


_SETTINGS = settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
                     suppress_health_check=list(HealthCheck), print_blob=False)


def draw_and_check(data: st.DataObject | random.Random, name: str) -> tuple[Call, list[str]]:
    """One call of ``name`` and what is wrong with its outcome."""
    g = Gen(data)
    call = GENERATORS[name](g)
    # an unexpected keyword: Python's own TypeError names the function
    if g.chance(16) and not call.target.startswith("Array.__") and \
            call.target not in ("Array.mT", "Array.T"):
        call.kwargs["bogus_keyword"] = 1
        g.forbid("an unexpected keyword", TYPE)
    return call, (outcome_problems(call, g.must, g.expected_error(), g.unusual) +
                  namespace_problems(call))


def fuzz_once(data: st.DataObject, name: str) -> None:
    call, problems = draw_and_check(data, name)
    assert not problems, f"{describe(call)}: " + "; ".join(problems)


@pytest.mark.parametrize("name", sorted(GENERATORS))
def test_fuzz(name, backend, memory_cap):
    @_SETTINGS
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        fuzz_once(data, name)

    run()
