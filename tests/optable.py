"""THE table of differentiable cases: one row per way of calling a differentiable function.

``tests/autograd/test_rules.py`` runs ``gradcheck`` on every row, on every backend (and
``gradgradcheck`` on the element-wise, reduction and matmul rows); its coverage test checks
that every differentiable function of the namespace has a row here (or, for ``linalg.*`` and
``fft.*``, in ``tests/autograd/test_linalg_fft_rules.py``), or an entry in
``NOT_DIFFERENTIABLE`` with the reason.  ``python -m gradarray.autograd._table`` reads this
table to write the derivative-status table of docs/autograd.md.

A row:

    Case("log", [real(0.1, 10)], complex=True)

names the function (a namespace path; ``fn`` calls it differently: operators, keys,
sequences), gives one generator per positional argument, and says which arguments are
differentiable (every floating-point one unless ``diff`` says), what keyword variants to
try (``params``), whether the complex dtype is tried too, and the tolerances.  Generators
draw from a seeded ``random.Random`` inside their domain, so each row is reproducible; they
build arrays on the default device, which the ``backend`` fixture sets.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import gradarray as xp

__all__ = ["Case", "CASES", "NOT_DIFFERENTIABLE", "Gen", "real", "plane", "nonzero", "const", "boolean",
           "with_zeros", "integers"]


# ------------------------------------------------------------------ generators
class Gen:
    """Builds one argument: ``gen(rng, complex)`` -> Array (or any constant)."""

    differentiable = True

    def __call__(self, rng: random.Random, cplx: bool) -> Any:
        raise NotImplementedError


def _shaped(vals: list[Any], shape: tuple[int, ...], dtype: Any) -> Any:
    return xp.reshape(xp.asarray(vals, dtype=dtype), shape)


def _size(shape: tuple[int, ...]) -> int:
    return math.prod(shape)


@dataclass(frozen=True)
class real(Gen):
    """Uniform values in ``[lo, hi]`` (complex: the real part; the imaginary part in ``im``)."""

    lo: float = -2.0
    hi: float = 2.0
    shape: tuple[int, ...] = (2, 3)
    im: tuple[float, float] = (-0.5, 0.5)

    def __call__(self, rng: random.Random, cplx: bool) -> Any:
        n = _size(self.shape)
        if cplx:
            vals: list[Any] = [complex(rng.uniform(self.lo, self.hi), rng.uniform(*self.im))
                               for _ in range(n)]
            return _shaped(vals, self.shape, xp.complex128)
        return _shaped([rng.uniform(self.lo, self.hi) for _ in range(n)], self.shape, xp.float64)


@dataclass(frozen=True)
class plane(Gen):
    """Complex values in every quadrant, away from both axes (``lo <= |Re|, |Im| <= hi``):
    off the branch cuts of the inverse functions, log and sqrt, where a formula that is right
    in one half-plane can be wrong in the other."""

    lo: float = 0.3
    hi: float = 2.5
    shape: tuple[int, ...] = (2, 4)

    def __call__(self, rng: random.Random, cplx: bool) -> Any:
        def part() -> float:
            return rng.choice((-1.0, 1.0)) * rng.uniform(self.lo, self.hi)
        vals = [complex(part(), part()) for _ in range(_size(self.shape))]
        return _shaped(vals, self.shape, xp.complex128)


@dataclass(frozen=True)
class nonzero(Gen):
    """Values with ``lo <= |v| <= hi`` and a random sign (denominators, kinks avoided)."""

    lo: float = 0.5
    hi: float = 2.0
    shape: tuple[int, ...] = (2, 3)

    def __call__(self, rng: random.Random, cplx: bool) -> Any:
        n = _size(self.shape)
        vals: list[Any] = [rng.choice((-1, 1)) * rng.uniform(self.lo, self.hi) for _ in range(n)]
        if cplx:
            vals = [complex(v, rng.uniform(-0.5, 0.5)) for v in vals]
            return _shaped(vals, self.shape, xp.complex128)
        return _shaped(vals, self.shape, xp.float64)


@dataclass(frozen=True)
class with_zeros(Gen):
    """Uniform values in ``[-2, 2]`` with the elements at ``zeros`` (flat positions) set to 0."""

    zeros: tuple[int, ...] = (1,)
    shape: tuple[int, ...] = (2, 3)

    def __call__(self, rng: random.Random, cplx: bool) -> Any:
        n = _size(self.shape)
        vals: list[Any] = [rng.uniform(0.5, 2.0) * rng.choice((-1, 1)) for _ in range(n)]
        if cplx:
            vals = [complex(v, rng.uniform(-0.5, 0.5)) for v in vals]
        for z in self.zeros:
            vals[z] = 0.0
        return _shaped(vals, self.shape, xp.complex128 if cplx else xp.float64)


class const(Gen):
    """A non-differentiable argument: ``const(lambda: xp.asarray([0, 2]))`` or a value."""

    differentiable = False

    def __init__(self, make: Any) -> None:
        self.make = make

    def __call__(self, rng: random.Random, cplx: bool) -> Any:
        return self.make() if callable(self.make) else self.make

    def __repr__(self) -> str:
        return "const(...)"


@dataclass(frozen=True)
class boolean(Gen):
    """A random boolean array (a condition or a mask), never all True or all False."""

    shape: tuple[int, ...] = (2, 3)
    differentiable = False

    def __call__(self, rng: random.Random, cplx: bool) -> Any:
        n = _size(self.shape)
        vals = [rng.random() < 0.5 for _ in range(n)]
        vals[0], vals[-1] = True, False
        return _shaped(vals, self.shape, xp.bool)


@dataclass(frozen=True)
class integers(Gen):
    """Random integers in ``[lo, hi)`` (indices, repeats)."""

    lo: int = 0
    hi: int = 3
    shape: tuple[int, ...] = (4,)
    differentiable = False

    def __call__(self, rng: random.Random, cplx: bool) -> Any:
        return _shaped([rng.randrange(self.lo, self.hi) for _ in range(_size(self.shape))],
                       self.shape, xp.int64)


def spd(n: int = 3) -> Gen:
    """A symmetric positive-definite matrix ``a a^T + n I`` (for the linalg table)."""
    class _Spd(Gen):
        def __call__(self, rng: random.Random, cplx: bool) -> Any:
            a = real(-1, 1, (n, n))(rng, False)
            return xp.matmul(a, xp.matrix_transpose(a)) + n * xp.eye(n, dtype=xp.float64)
    return _Spd()


# ------------------------------------------------------------------ the row
ELEMENTWISE, REDUCTION, MANIPULATION, INDEXING, CREATION, LINALG, SEARCH = (
    "element-wise", "reduction", "manipulation", "indexing", "creation", "linear algebra",
    "searching and sorting")


@dataclass
class Case:
    """One differentiable call: see the module docstring."""

    name: str
    args: Sequence[Gen]
    params: Sequence[dict[str, Any]] = ({},)
    complex: bool = False
    real: bool = True              # False: complex inputs only (imag)
    fn: Callable[..., Any] | None = None
    diff: Sequence[int] | None = None
    atol: float = 1e-5
    rtol: float = 1e-3
    gradgrad: bool | None = None   # None: by family (element-wise, reductions, matmul)
    family: str = ELEMENTWISE
    note: str = ""
    label: str = ""
    covers: Sequence[str] = field(default_factory=tuple)   # other functions this row tests

    def call(self, *args: Any, **kw: Any) -> Any:
        if self.fn is not None:
            return self.fn(*args, **kw)
        obj: Any = xp
        for part in self.name.split("."):
            obj = getattr(obj, part)
        return obj(*args, **kw)

    @property
    def differentiable_args(self) -> tuple[int, ...]:
        if self.diff is not None:
            return tuple(self.diff)
        return tuple(i for i, g in enumerate(self.args) if g.differentiable)

    @property
    def second_order(self) -> bool:
        if self.gradgrad is not None:
            return self.gradgrad
        return self.family in (ELEMENTWISE, REDUCTION) or self.name in ("matmul", "vecdot",
                                                                        "tensordot")

    def ids(self) -> list[str]:
        out = []
        for i, p in enumerate(self.params):
            base = self.label or self.name
            tag = ",".join(f"{k}={v!r}" for k, v in p.items())
            out.append(f"{base}[{tag}]" if tag else (base if len(self.params) == 1
                                                     else f"{base}[{i}]"))
        return out


def _ew(name: str, *args: Gen, complex: bool = False, **kw: Any) -> Case:
    return Case(name, list(args), complex=complex, family=ELEMENTWISE, **kw)


_x = real()
_pos = real(0.1, 3.0)
_unit = real(-0.9, 0.9)
_nz = nonzero()
_row = real(shape=(3,))
_col = real(shape=(2, 1))
_axes = [{}, {"axis": 0}, {"axis": 1, "keepdims": True}, {"axis": (0, 1)}, {"axis": -1}]


def _inplace(op: str) -> Callable[[Any, Any], Any]:
    def f(a: Any, b: Any) -> Any:
        y = a * 1.0          # a non-leaf: in-place on a leaf that requires grad is an error
        getattr(y, op)(b)
        return y
    f.__name__ = op
    return f


def _setitem(key: Callable[[], Any]) -> Callable[[Any, Any], Any]:
    def f(a: Any, v: Any) -> Any:
        y = a * 1.0
        y[key()] = v
        return y
    return f


def _setitem_scalar(a: Any) -> Any:
    y = a * 1.0
    y[0, 1] = 3.0
    return y


def _idx(*vals: int) -> Callable[[], Any]:
    return lambda: xp.asarray(list(vals))


def _mask() -> Any:
    return xp.asarray([[True, False, True], [False, False, True]])


CASES: list[Case] = [
    # ------------------------------------------------------------ element-wise, unary
    _ew("abs", _nz, complex=True),
    _ew("acos", _unit, complex=True),
    _ew("acosh", real(1.2, 4.0), complex=True),
    _ew("asin", _unit, complex=True),
    _ew("asinh", _x, complex=True),
    _ew("atan", _x, complex=True),
    _ew("atanh", _unit, complex=True),
    _ew("ceil", real(0.1, 0.9), note="zero gradient"),
    _ew("conj", _x, complex=True),
    _ew("cos", _x, complex=True),
    _ew("cosh", _x, complex=True),
    _ew("exp", _x, complex=True),
    _ew("expm1", _x, complex=True),
    _ew("floor", real(0.1, 0.9), note="zero gradient"),
    Case("imag", [_x], complex=True, real=False, family=ELEMENTWISE),
    _ew("log", _pos, complex=True),
    _ew("log1p", real(-0.5, 3.0), complex=True),
    _ew("log2", _pos, complex=True),
    _ew("log10", _pos, complex=True),
    _ew("negative", _x, complex=True),
    _ew("positive", _x, complex=True),
    _ew("real", _x, complex=True),
    _ew("reciprocal", _nz, complex=True),
    _ew("round", real(0.1, 0.4), note="zero gradient"),
    _ew("sign", _nz, complex=True),
    _ew("sin", _x, complex=True),
    _ew("sinh", _x, complex=True),
    _ew("square", _x, complex=True),
    _ew("sqrt", _pos, complex=True),
    _ew("tan", real(-1.2, 1.2), complex=True),
    _ew("tanh", _x, complex=True),
    _ew("trunc", real(0.1, 0.9), note="zero gradient"),
    # the whole complex plane, off the branch cuts
    *[_ew(name, plane(), complex=True, real=False, label=f"{name} (complex plane)")
      for name in ("acos", "acosh", "asin", "asinh", "atan", "atanh", "log", "log1p", "log2",
                   "log10", "sqrt", "tan", "tanh", "reciprocal", "sign", "abs")],
    # ------------------------------------------------------------ element-wise, binary
    _ew("add", _x, _x, complex=True),
    _ew("add", _x, _row, complex=True, label="add (broadcast)"),
    _ew("atan2", _x, _nz),
    _ew("copysign", _nz, _nz),
    _ew("divide", _x, _nz, complex=True),
    _ew("divide", _col, _nz, complex=True, label="divide (broadcast)"),
    _ew("floor_divide", _x, _nz, note="zero gradient"),
    _ew("hypot", _x, _nz),
    _ew("logaddexp", _x, _row),
    _ew("maximum", _x, real(-2, 2, (2, 3))),
    _ew("minimum", _x, _col),
    _ew("multiply", _x, _x, complex=True),
    _ew("multiply", _x, _col, complex=True, label="multiply (broadcast)"),
    _ew("nextafter", _x, _x),
    _ew("pow", real(0.5, 2.0), real(-2.0, 2.0), complex=True),
    _ew("pow", plane(hi=1.5), plane(hi=1.5), complex=True, real=False,
        label="pow (complex plane)"),
    _ew("pow", real(0.5, 2.0), const(2.0), complex=True, label="pow (scalar exponent)",
        fn=lambda a, e: xp.pow(a, e)),
    _ew("remainder", real(0.1, 0.9), real(1.1, 2.0)),
    _ew("subtract", _x, _row, complex=True),
    # operators (the dunders map onto the functions above, through one table)
    _ew("__add__", _x, _x, complex=True, fn=lambda a, b: a + b, covers=("add",)),
    _ew("__radd__", _x, complex=True, fn=lambda a: 2.5 + a, covers=("add",)),
    _ew("__sub__", _x, _row, complex=True, fn=lambda a, b: a - b, covers=("subtract",)),
    _ew("__rsub__", _x, complex=True, fn=lambda a: 1.5 - a, covers=("subtract",)),
    _ew("__mul__", _x, _x, complex=True, fn=lambda a, b: a * b, covers=("multiply",)),
    _ew("__rmul__", _x, complex=True, fn=lambda a: 3.0 * a, covers=("multiply",)),
    _ew("__truediv__", _x, _nz, complex=True, fn=lambda a, b: a / b, covers=("divide",)),
    _ew("__rtruediv__", _nz, complex=True, fn=lambda a: 2.0 / a, covers=("divide",)),
    _ew("__floordiv__", _x, _nz, fn=lambda a, b: a // b, covers=("floor_divide",)),
    _ew("__mod__", real(0.1, 0.9), real(1.1, 2.0), fn=lambda a, b: a % b, covers=("remainder",)),
    _ew("__pow__", real(0.5, 2.0), _x, complex=True, fn=lambda a, b: a ** b, covers=("pow",)),
    _ew("__rpow__", _x, complex=True, fn=lambda a: 2.0 ** a, covers=("pow",)),
    _ew("__pow__ (int exponent)", _x, complex=True, fn=lambda a: a ** 3, covers=("pow",)),
    _ew("__neg__", _x, complex=True, fn=lambda a: -a, covers=("negative",)),
    _ew("__pos__", _x, complex=True, fn=lambda a: +a, covers=("positive",)),
    _ew("__abs__", _nz, complex=True, fn=lambda a: abs(a), covers=("abs",)),
    _ew("__iadd__", _x, _row, complex=True, fn=_inplace("__iadd__"), covers=("add",)),
    _ew("__isub__", _x, _x, complex=True, fn=_inplace("__isub__"), covers=("subtract",)),
    _ew("__imul__", _x, _col, complex=True, fn=_inplace("__imul__"), covers=("multiply",)),
    _ew("__itruediv__", _x, _nz, complex=True, fn=_inplace("__itruediv__"), covers=("divide",)),
    _ew("__ipow__", real(0.5, 2.0), _x, complex=True, fn=_inplace("__ipow__"), covers=("pow",)),
    # ------------------------------------------------------------ clip and where
    _ew("clip", _x, params=[{"min": -0.5, "max": 0.7}, {"min": -0.5}, {"max": 0.3}]),
    Case("clip", [_x, real(-1.5, -0.5), real(0.5, 1.5)], family=ELEMENTWISE,
         label="clip (array bounds)", fn=lambda x, lo, hi: xp.clip(x, lo, hi)),
    Case("clip", [_x, real(-1.5, -0.5, (3,))], family=ELEMENTWISE,
         label="clip (broadcast min)", fn=lambda x, lo: xp.clip(x, min=lo)),
    Case("where", [boolean(), _x, _x], complex=True, family=SEARCH),
    Case("where", [boolean(), _x, const(0.0)], family=SEARCH, label="where (scalar x2)"),
    Case("where", [boolean((2, 1)), _row, _x], family=SEARCH, label="where (broadcast)"),
    # ------------------------------------------------------------ reductions
    Case("sum", [_x], _axes, complex=True, family=REDUCTION),
    Case("prod", [_x], _axes, complex=True, family=REDUCTION),
    Case("prod", [with_zeros((1,))], _axes, complex=True, family=REDUCTION,
         label="prod (one zero)"),
    Case("prod", [with_zeros((1, 4))], _axes, family=REDUCTION, label="prod (two zeros)"),
    Case("mean", [_x], _axes, complex=True, family=REDUCTION),
    Case("var", [_x], [{}, {"correction": 1}, {"axis": 0, "correction": 1, "keepdims": True},
                      {"axis": 1, "correction": 0.5}], family=REDUCTION),
    Case("std", [_x], [{}, {"correction": 1}, {"axis": 0, "correction": 1, "keepdims": True},
                      {"axis": 1, "correction": 0.5}], family=REDUCTION),
    Case("max", [_x], _axes, family=REDUCTION, note="ties share the gradient evenly"),
    Case("min", [_x], _axes, family=REDUCTION, note="ties share the gradient evenly"),
    Case("cumulative_sum", [_x], [{"axis": 0}, {"axis": 1}, {"axis": 1, "include_initial": True}],
         complex=True, family=REDUCTION),
    Case("cumulative_sum", [_row], [{}, {"include_initial": True}], family=REDUCTION,
         label="cumulative_sum (1-D)"),
    Case("cumulative_prod", [_x], [{"axis": 0}, {"axis": 1},
                                   {"axis": 1, "include_initial": True}],
         complex=True, family=REDUCTION),
    Case("cumulative_prod", [with_zeros((1, 4))], [{"axis": 1}, {"axis": 0},
                                                   {"axis": 1, "include_initial": True}],
         complex=True, family=REDUCTION, label="cumulative_prod (zeros)"),
    Case("cumulative_prod", [with_zeros((0, 2), (4,))], [{}], family=REDUCTION,
         label="cumulative_prod (1-D, two zeros)"),
    # ------------------------------------------------------------ manipulation
    Case("reshape", [_x], [{"shape": (3, 2)}, {"shape": (-1,)}, {"shape": (1, 6, 1)}],
         complex=True, family=MANIPULATION),
    Case("permute_dims", [real(shape=(2, 3, 2))], [{"axes": (2, 0, 1)}], complex=True,
         family=MANIPULATION),
    Case("concat", [_x, real(shape=(1, 3))], family=MANIPULATION, complex=True,
         fn=lambda a, b: xp.concat([a, b], axis=0)),
    Case("concat", [_x, _x], family=MANIPULATION, label="concat (axis=None)",
         fn=lambda a, b: xp.concat((a, b), axis=None)),
    Case("stack", [_x, _x], family=MANIPULATION, complex=True,
         fn=lambda a, b: xp.stack([a, b], axis=1)),
    Case("unstack", [_x], [{}, {"axis": 1}], family=MANIPULATION),
    Case("flip", [_x], [{}, {"axis": 0}, {"axis": (0, 1)}], complex=True, family=MANIPULATION),
    Case("roll", [_x], [{"shift": 1}, {"shift": -2, "axis": 1}, {"shift": (1, 2), "axis": (0, 1)}],
         family=MANIPULATION),
    Case("squeeze", [real(shape=(2, 1, 3))], [{"axis": 1}], family=MANIPULATION),
    Case("expand_dims", [_x], [{"axis": 0}, {"axis": (0, 3)}], family=MANIPULATION),
    Case("broadcast_to", [_col], [{"shape": (4, 2, 3)}], complex=True, family=MANIPULATION),
    Case("broadcast_arrays", [_col, _row], family=MANIPULATION),
    Case("tile", [_x], [{"repetitions": (2, 1)}, {"repetitions": (2, 1, 2)}],
         family=MANIPULATION, fn=lambda x, repetitions: xp.tile(x, repetitions)),
    Case("repeat", [_x], [{"repeats": 2, "axis": 0}, {"repeats": 3}], family=MANIPULATION,
         fn=lambda x, repeats, **kw: xp.repeat(x, repeats, **kw)),
    Case("repeat", [_x, const(lambda: xp.asarray([2, 0, 1]))], [{"axis": 1}],
         family=MANIPULATION, label="repeat (array repeats)"),
    Case("moveaxis", [real(shape=(2, 3, 2))], [{}], family=MANIPULATION,
         fn=lambda x: xp.moveaxis(x, (0, 1), (2, 0))),
    Case("matrix_transpose", [real(shape=(2, 2, 3))], family=MANIPULATION),
    # ------------------------------------------------------------ indexing
    Case("__getitem__", [_x], family=INDEXING, label="getitem (slices)", complex=True,
         fn=lambda x: x[1:, ::2], covers=("getitem",)),
    Case("__getitem__", [_x], family=INDEXING, label="getitem (negative steps)",
         fn=lambda x: x[::-1, ::-2]),
    Case("__getitem__", [_x], family=INDEXING, label="getitem (ints, None, ellipsis)",
         fn=lambda x: x[None, ..., 1]),
    Case("__getitem__", [_x], family=INDEXING, label="getitem (integer array, repeats)",
         fn=lambda x: x[_idx(0, 0, 1, -1)()], complex=True),
    Case("__getitem__", [_x], family=INDEXING, label="getitem (integer arrays and slice)",
         fn=lambda x: x[:, _idx(2, 2, 0)()]),
    Case("__getitem__", [_x], family=INDEXING, label="getitem (boolean mask)",
         fn=lambda x: x[_mask()]),
    Case("__setitem__", [_x, real(shape=(2,))], family=INDEXING, label="setitem (slice)",
         complex=True,
         fn=_setitem(lambda: (slice(None), 1)), covers=("setitem",)),
    Case("__setitem__", [_x, real(shape=(1, 3))], family=INDEXING,
         label="setitem (integer array)", fn=_setitem(_idx(1))),
    Case("__setitem__", [_x, real(shape=(3,))], family=INDEXING,
         label="setitem (boolean mask)", fn=_setitem(_mask)),
    Case("__setitem__", [_x], family=INDEXING, label="setitem (scalar value)",
         fn=_setitem_scalar),
    Case("take", [_x, const(_idx(2, 0, 2, 1))], [{"axis": 1}, {"axis": -1}], complex=True,
         family=INDEXING),
    Case("take", [_x, const(_idx(1, 1, 0))], [{"axis": 0}], family=INDEXING,
         label="take (axis 0, repeats)"),
    Case("take", [_row, const(_idx(2, 2))], family=INDEXING, label="take (1-D, no axis)"),
    Case("take_along_axis", [_x, const(lambda: xp.asarray([[0, 2, 2], [1, 1, 0]]))],
         [{"axis": 1}, {"axis": -1}], family=INDEXING),
    Case("take_along_axis", [_x, const(lambda: xp.asarray([[1, 0, 1]]))], [{"axis": 0}],
         family=INDEXING, label="take_along_axis (broadcast indices)"),
    # ------------------------------------------------------------ searching and sorting
    Case("sort", [_x], [{}, {"axis": 0}, {"descending": True}], family=SEARCH),
    # ------------------------------------------------------------ creation and data types
    Case("asarray", [_x], [{"copy": True}], complex=True, family=CREATION),
    Case("to_device", [_x], family=CREATION, covers=("to_device",),
         fn=lambda x: x.to_device(x.device)),
    Case("astype", [_x], family=CREATION, fn=lambda x: xp.astype(x, xp.complex128),
         label="astype (float64 -> complex128)"),
    Case("astype", [_x], family=CREATION, complex=True, fn=lambda x: xp.astype(x, x.dtype),
         label="astype (same dtype, copy)"),
    Case("tril", [real(shape=(3, 3))], [{}, {"k": 1}, {"k": -1}], family=CREATION),
    Case("triu", [real(shape=(2, 3, 3))], [{}, {"k": 1}], family=CREATION),
    Case("meshgrid", [_row, real(shape=(2,))], [{}, {"indexing": "ij"}], family=CREATION),
    Case("diff", [_x], [{}, {"axis": 0}, {"n": 2}], family=CREATION),
    Case("diff", [_x, real(shape=(2, 1)), real(shape=(2, 2))], family=CREATION,
         label="diff (prepend, append)",
         fn=lambda x, p, a: xp.diff(x, prepend=p, append=a)),
    # ------------------------------------------------------------ top-level linear algebra
    Case("matmul", [_x, real(shape=(3, 2))], complex=True, family=LINALG),
    Case("matmul", [real(shape=(2, 1, 2, 3)), real(shape=(3, 3, 2))], family=LINALG,
         label="matmul (batched, broadcast)"),
    Case("matmul", [_row, real(shape=(3, 2))], family=LINALG, label="matmul (1-D @ 2-D)"),
    Case("matmul", [_x, _row], family=LINALG, label="matmul (2-D @ 1-D)"),
    Case("__matmul__", [_x, real(shape=(3, 2))], family=LINALG, fn=lambda a, b: a @ b,
         covers=("matmul",), gradgrad=True),
    Case("tensordot", [real(shape=(2, 3, 2)), real(shape=(3, 2, 2))],
         [{"axes": 2}, {"axes": ((1,), (0,))}], complex=True, family=LINALG),
    Case("vecdot", [_x, _row], [{}, {"axis": -1}], complex=True, family=LINALG),
    Case("vecdot", [_x, _col], [{"axis": 0}], family=LINALG, label="vecdot (axis 0)"),
]


# Functions of the namespace that have no gradient, and why (PyTorch gives none either).
NOT_DIFFERENTIABLE: dict[str, str] = {
    **{n: "boolean output" for n in (
        "equal", "not_equal", "greater", "greater_equal", "less", "less_equal", "isfinite",
        "isinf", "isnan", "signbit", "logical_and", "logical_or", "logical_not", "logical_xor",
        "all", "any", "isin")},
    **{n: "integer and boolean inputs only" for n in (
        "bitwise_and", "bitwise_or", "bitwise_xor", "bitwise_invert", "bitwise_left_shift",
        "bitwise_right_shift")},
    **{n: "index output" for n in (
        "argmax", "argmin", "argsort", "nonzero", "searchsorted", "count_nonzero")},
    **{n: "outputs do not depend differentiably on inputs (values, counts, indices)" for n in (
        "unique_all", "unique_counts", "unique_inverse", "unique_values")},
    **{n: "creates an array from shapes or Python values (requires_grad= makes a leaf)"
       for n in ("arange", "empty", "zeros", "ones", "full", "eye", "linspace")},
    **{n: "depends on the input's shape and dtype only (requires_grad= makes a leaf)"
       for n in ("empty_like", "zeros_like", "ones_like", "full_like")},
    "from_dlpack": "imports external memory as a new leaf (like torch.from_dlpack)",
    "broadcast_shapes": "works on shapes, not arrays",
    "can_cast": "works on dtypes", "finfo": "works on dtypes", "iinfo": "works on dtypes",
    "isdtype": "works on dtypes", "result_type": "works on dtypes",
    "backends": "not an array function", "device": "not an array function",
    "set_default_device": "not an array function", "is_grad_enabled": "not an array function",
    "linalg.matrix_rank": "integer output",
    "fft.fftfreq": "creates an array from Python values",
    "fft.rfftfreq": "creates an array from Python values",
}
