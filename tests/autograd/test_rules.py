"""Every row of tests/optable.py against finite differences, on every backend; and the
coverage of the namespace by rules, rows and NOT_DIFFERENTIABLE."""

from __future__ import annotations

import importlib
import random
import types
from pathlib import Path

import pytest

import gradarray as xp
from gradarray.autograd import gradcheck, gradgradcheck
from gradarray.autograd.rules import RULES
from tests.optable import CASES, NOT_DIFFERENTIABLE, Case


def _rows(second_order: bool = False) -> list:
    out = []
    for case in CASES:
        if second_order and not case.second_order:
            continue
        kinds = (["float64"] if case.real else []) + (["complex128"] if case.complex else [])
        for params, ident in zip(case.params, case.ids()):
            for kind in kinds:
                out.append(pytest.param(case, params, kind == "complex128",
                                        id=f"{ident}-{kind}"))
    return out


def _inputs(case: Case, cplx: bool, seed: int = 0) -> list:
    rng = random.Random(f"{case.name}{case.label}{seed}")
    args = [g(rng, cplx) for g in case.args]
    for i in case.differentiable_args:
        args[i] = args[i].requires_grad_()
    return args


@pytest.mark.parametrize("case, params, cplx", _rows())
def test_rule_matches_finite_differences(backend, case, params, cplx):
    args = _inputs(case, cplx)
    assert gradcheck(lambda *a: case.call(*a, **params), args, atol=case.atol, rtol=case.rtol)


@pytest.mark.parametrize("case, params, cplx", _rows(second_order=True))
def test_rule_second_order_matches_finite_differences(backend, case, params, cplx):
    args = _inputs(case, cplx)
    assert gradgradcheck(lambda *a: case.call(*a, **params), args, atol=case.atol,
                         rtol=case.rtol)


# ------------------------------------------------------------------ coverage
def namespace_functions() -> dict[str, object]:
    """Every public function of the namespace and of its linalg and fft extensions."""
    import gradarray.fft
    import gradarray.linalg
    out: dict[str, object] = {}
    for mod, prefix in ((xp, ""), (gradarray.linalg, "linalg."), (gradarray.fft, "fft.")):
        for name, value in sorted(vars(mod).items()):
            # save/load/manual_seed are not array functions; they land in vars(xp) once used
            if not name.startswith("_") and isinstance(value, types.FunctionType) and \
                    not (mod is xp and name in xp._LAZY_ATTRS):
                out[prefix + name] = value
    return out


def _case_names(cases) -> set[str]:
    names = set()
    for c in cases:
        names.add(c.name)
        names.update(c.covers)
    return names


def _linalg_fft_file() -> tuple[bool, set[str] | None]:
    """Whether test_linalg_fft_rules.py exists and, if it has a CASES table, its names."""
    path = Path(__file__).with_name("test_linalg_fft_rules.py")
    if not path.exists():
        return False, None
    mod = importlib.import_module("tests.autograd.test_linalg_fft_rules")
    cases = getattr(mod, "CASES", None)
    return True, (_case_names(cases) if cases is not None else None)


def _missing(names: dict[str, object], covered: set[str]) -> list[str]:
    by_identity = {}
    for name, fn in names.items():
        by_identity.setdefault(id(fn), []).append(name)
    missing = []
    for name, fn in names.items():
        aliases = by_identity[id(fn)]    # linalg.matmul is matmul
        if not any(a in covered or a in NOT_DIFFERENTIABLE for a in aliases):
            missing.append(name)
    return missing


def test_every_differentiable_function_has_a_rule_or_a_case():
    funcs = namespace_functions()
    exists, theirs = _linalg_fft_file()
    covered = set(RULES) | _case_names(CASES)
    mine = {n: f for n, f in funcs.items() if not n.startswith(("linalg.", "fft."))}
    missing = _missing(mine, covered)
    assert not missing, f"no rule, no case and no NOT_DIFFERENTIABLE entry: {missing}"


def test_every_differentiable_function_has_a_case():
    """Stricter: a rule alone is not tested; each function needs a row in a table."""
    funcs = namespace_functions()
    mine = {n: f for n, f in funcs.items() if not n.startswith(("linalg.", "fft."))}
    missing = _missing(mine, _case_names(CASES))
    assert not missing, f"differentiable functions without a row in tests/optable.py: {missing}"


def test_linalg_and_fft_are_covered_by_their_table():
    exists, theirs = _linalg_fft_file()
    if not exists:
        pytest.skip("linalg/fft rules are tested in tests/autograd/test_linalg_fft_rules.py, "
                    "which is not on this branch yet")
    funcs = {n: f for n, f in namespace_functions().items() if n.startswith(("linalg.", "fft."))}
    covered = set(RULES) | _case_names(CASES) | (theirs if theirs is not None else set(funcs))
    missing = _missing(funcs, covered)
    assert not missing, f"linalg/fft functions without a rule, case or reason: {missing}"


def test_not_differentiable_names_exist():
    funcs = namespace_functions()
    stale = [n for n in NOT_DIFFERENTIABLE if n not in funcs]
    assert not stale, f"NOT_DIFFERENTIABLE names no namespace function: {stale}"


def test_every_rule_is_exercised_by_a_case():
    exists, theirs = _linalg_fft_file()
    covered = _case_names(CASES) | (theirs or set())
    internal = {"index_add"}     # the scatter-add primitive behind getitem/take rules
    untested = [r for r in RULES if r not in covered and r not in internal
                and not r.startswith("nn.")     # gradarray.nn's primitives: tests/nn checks them
                and not (r.startswith(("linalg.", "fft.")) and (theirs is not None or exists))]
    if not exists:
        untested = [r for r in untested if not r.startswith(("linalg.", "fft."))]
    assert not untested, f"rules without a row in a table: {untested}"


# ------------------------------------------------------------------ PyTorch's values where
# the derivative is not defined (each row checked against torch 2.13 by hand)
def _g(f, *xs):
    arrays = [xp.asarray(x, dtype=xp.float64, requires_grad=True) for x in xs]
    xp.sum(f(*arrays)).backward()
    return [a.grad.tolist() for a in arrays]


NONDIFFERENTIABLE_POINTS = [
    ("abs at 0", xp.abs, ([0.0, -1.0],), [[0.0, -1.0]]),
    ("max ties share evenly", lambda x: xp.max(x, axis=1), ([[1.0, 3.0, 3.0], [2.0, 2.0, 2.0]],),
     [[[0.0, 0.5, 0.5], [1 / 3, 1 / 3, 1 / 3]]]),
    ("min ties share evenly", lambda x: xp.min(x), ([1.0, 1.0, 4.0],), [[0.5, 0.5, 0.0]]),
    ("maximum ties split", xp.maximum, ([1.0, 2.0], [1.0, 3.0]), [[0.5, 0.0], [0.5, 1.0]]),
    ("minimum ties split", xp.minimum, ([1.0, 2.0], [1.0, 3.0]), [[0.5, 1.0], [0.5, 0.0]]),
    ("maximum with a scalar (ReLU), a tie at 0", lambda x: xp.maximum(x, 0.0),
     ([-1.0, 0.0, 2.0],), [[0.0, 0.5, 1.0]]),
    ("maximum with a scalar, no tie", lambda x: xp.maximum(0.5, x), ([-1.0, 0.0, 2.0],),
     [[0.0, 0.0, 1.0]]),
    ("minimum with a scalar, a tie", lambda x: xp.minimum(x, 2.0), ([-1.0, 2.0, 3.0],),
     [[1.0, 0.5, 0.0]]),
    ("minimum with a scalar, no tie", lambda x: xp.minimum(x, 1.0), ([-1.0, 2.0, 3.0],),
     [[1.0, 0.0, 0.0]]),
    ("clip at the bounds passes the gradient", lambda x: xp.clip(x, -1.0, 1.0),
     ([-1.0, 1.0, 0.5, 2.0],), [[1.0, 1.0, 1.0, 0.0]]),
    ("clip with array bounds", xp.clip, ([-1.0, 1.0, 0.5], [-1.0, -1.0, -1.0], [1.0, 0.0, 1.0]),
     [[1.0, 0.0, 1.0], [0.0, 0.0, 0.0], [0.0, 1.0, 0.0]]),
    ("prod with one zero", xp.prod, ([0.0, 2.0, 3.0],), [[6.0, 0.0, 0.0]]),
    ("prod with two zeros", xp.prod, ([0.0, 2.0, 0.0],), [[0.0, 0.0, 0.0]]),
    ("cumulative_prod with a zero", xp.cumulative_prod, ([2.0, 0.0, 3.0],), [[1.0, 8.0, 0.0]]),
    ("pow at 0 with exponents 2 and 0", lambda a, b: a ** b, ([0.0, 0.0], [2.0, 0.0]),
     [[0.0, 0.0], [0.0, 0.0]]),
    ("sqrt at 0 is inf", xp.sqrt, ([0.0],), [[float("inf")]]),
    ("sign has zero gradient", xp.sign, ([2.0, 0.0],), [[0.0, 0.0]]),
    ("std of constant is 0", xp.std, ([1.0, 1.0, 1.0],), [[0.0, 0.0, 0.0]]),
    ("var without degrees of freedom is NaN", lambda x: xp.var(x, correction=1), ([2.0],),
     [[float("nan")]]),
    ("var of an empty array", xp.var, ([],), [[]]),
    ("vector_norm at 0 is 0", xp.linalg.vector_norm, ([0.0, 0.0],), [[0.0, 0.0]]),
    ("copysign at 0", xp.copysign, ([0.0, 2.0], [-1.0, -1.0]), [[0.0, -1.0], [0.0, 0.0]]),
    ("atan2 at the origin", xp.atan2, ([0.0], [0.0]), [[0.0], [0.0]]),
    ("sort with ties keeps the stable order", lambda x: xp.sort(x) * xp.asarray([1.0, 2.0, 3.0]),
     ([1.0, 1.0, 0.0],), [[2.0, 3.0, 1.0]]),
    ("floor, ceil, round, trunc have zero gradient",
     lambda x: xp.floor(x) + xp.ceil(x) + xp.round(x) + xp.trunc(x), ([1.5, -0.2],),
     [[0.0, 0.0]]),
    ("remainder", xp.remainder, ([5.0], [3.0]), [[1.0], [-1.0]]),
    ("logaddexp with one infinite operand", xp.logaddexp,
     ([float("inf"), 0.0, float("-inf")], [1.0, float("inf"), 2.0]),
     [[1.0, 0.0, 0.0], [0.0, 1.0, 1.0]]),
    ("logaddexp of equal huge values splits in halves", xp.logaddexp, ([1e20], [1e20]),
     [[0.5], [0.5]]),
]


@pytest.mark.parametrize("f, args, expected",
                         [pytest.param(f, a, e, id=name)
                          for name, f, a, e in NONDIFFERENTIABLE_POINTS])
def test_rule_at_nondifferentiable_points_follows_pytorch(backend, f, args, expected):
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)   # inf/nan in masked branches
        got = _g(f, *args)
    assert _flat(got) == pytest.approx(_flat(expected), rel=1e-12, abs=1e-12, nan_ok=True)


def test_logaddexp_gradient_of_distant_operands_is_exact_and_silent(backend):
    # float32's exp overflows past 88: the rule must not (a warning in backward() that the
    # forward did not give, and an inf weight)
    import warnings
    x = xp.asarray([0.0, 200.0], dtype=xp.float32, requires_grad=True)
    y = xp.asarray([200.0, 0.0], dtype=xp.float32, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        xp.sum(xp.logaddexp(x, y)).backward()
    assert x.grad.tolist() == [0.0, 1.0] and y.grad.tolist() == [1.0, 0.0]


def _flat(v):
    return [e for item in v for e in _flat(item)] if isinstance(v, list) else [v]


def test_docs_table_is_generated_from_this_table():
    from tests.tools import autograd_table
    assert autograd_table.main(["--check"]) == 0, (
        "docs/autograd.md is out of date: run python -m tests.tools.autograd_table")


# ------------------------------------------------------------------ broadcasting, by hypothesis
_BINARY = ["add", "subtract", "multiply", "divide", "maximum", "atan2", "hypot", "logaddexp",
           "pow"]


@pytest.mark.parametrize("name", _BINARY)
def test_binary_rule_reduces_broadcast_gradients(backend, name):
    from hypothesis import given, settings, strategies as st
    from hypothesis.extra.array_api import make_strategies_namespace

    xps = make_strategies_namespace(xp)

    @settings(max_examples=15, deadline=None, derandomize=True)
    @given(shapes=xps.mutually_broadcastable_shapes(2, min_dims=0, max_dims=3, max_side=3),
           seed=st.integers(0, 2 ** 16))
    def check(shapes, seed):
        rng = random.Random(seed)
        args = []
        for shape in shapes.input_shapes:
            n = 1
            for d in shape:
                n *= d
            vals = [rng.choice((-1, 1)) * rng.uniform(0.5, 2.0) for _ in range(n)]
            if name == "pow" and not args:
                vals = [abs(v) for v in vals]
            args.append(xp.reshape(xp.asarray(vals, dtype=xp.float64), shape)
                        .requires_grad_())
        assert gradcheck(getattr(xp, name), args, fast_mode=True)

    check()
