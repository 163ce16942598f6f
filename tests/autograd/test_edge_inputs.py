"""Every differentiable row of the two tables, on inputs at the edges of its domain: empty
and 0-d arrays, all zeros (singular matrices, the kinks of norms), infinities and NaNs.

The forward may refuse an input (with the standard's exception types); once it has given a
result that requires grad, ``backward()`` must give each input a gradient of its shape, with
NaN where the derivative is not a number (as PyTorch), never an exception: a LinAlgError
from a singular matrix in a rule, a division by zero in Python, a reshape of an empty array
that cannot infer -1.  The only exceptions are autograd's documented refusals (a loss that
depends on the phase of complex singular vectors or eigenvectors; ``qr`` in complete mode
with more rows than columns).
"""

from __future__ import annotations

import dataclasses
import random
import warnings
from collections.abc import Iterator
from typing import Any

import pytest

import gradarray as xp
from tests.autograd import linalg_fft_cases as LF
from tests.optable import CASES, Gen

STANDARD = (TypeError, ValueError, IndexError, OverflowError)
REFUSALS = ("specified up to multiplication by e^{i phi}", "is not differentiable when")


def _floating(a: Any) -> bool:
    return type(a) is xp.Array and a.dtype in (xp.float64, xp.complex128)


def _with_first(a: Any, value: float) -> Any:
    """``a`` with its first element set to ``value`` (NaN after an inf in the second)."""
    if not _floating(a) or a.size == 0:
        return a
    flat = xp.reshape(xp.asarray(a, copy=True), (-1,))
    flat[0] = value
    if value == float("inf") and flat.shape[0] > 1:
        flat[1] = float("nan")
    return xp.reshape(flat, a.shape)


def _edges(args: list[Any]) -> Iterator[tuple[str, list[Any]]]:
    yield "zeros", [xp.zeros_like(a) if _floating(a) else a for a in args]
    yield "inf and nan", [_with_first(a, float("inf")) for a in args]
    yield "nan", [_with_first(a, float("nan")) for a in args]


def _table_inputs() -> Iterator[tuple[str, Any, dict[str, Any], str, list[Any]]]:
    """(id, call, params, variant, args) for the element-wise/reduction/manipulation table,
    at other shapes too: () and (1, 1), and empty ones."""
    for case in CASES:
        for params, ident in zip(case.params, case.ids()):
            rng = random.Random(ident)
            base = [g(rng, False) if isinstance(g, Gen) else g for g in case.args]
            variants = [("as drawn", base), *_edges(base)]
            for shape in [(), (1, 1), (0,), (0, 3), (2, 0)]:
                gens = [dataclasses.replace(g, shape=shape)
                        if dataclasses.is_dataclass(g) and hasattr(g, "shape") else g
                        for g in case.args]
                try:
                    variants.append((f"shape {shape}", [g(rng, False) if isinstance(g, Gen)
                                                        else g for g in gens]))
                except STANDARD:    # a generator that cannot draw this shape (a fixed key)
                    continue
            for variant, args in variants:
                yield ident, case, params, variant, [
                    xp.asarray(a, requires_grad=True)
                    if i in case.differentiable_args and _floating(a) else a
                    for i, a in enumerate(args)]


def _linalg_inputs() -> Iterator[tuple[str, Any, str, list[Any]]]:
    """(id, fn, variant, args) for the linalg/fft table, with zero-size matrices and empty
    stacks too."""
    for case in LF.CASES:
        base = list(case.inputs())
        variants = [("as drawn", base), *_edges(base),
                    ("empty stack", [xp.zeros((0, *a.shape), dtype=a.dtype) if _floating(a)
                                     else a for a in base]),
                    ("zero-size", [xp.zeros((0,) * a.ndim, dtype=a.dtype) if _floating(a)
                                   else a for a in base])]
        for variant, args in variants:
            yield case.id, case.fn, variant, [xp.asarray(a, requires_grad=True)
                                              if _floating(a) else a for a in args]


def _check(call: Any, args: list[Any]) -> list[str]:
    """Run ``call(*args)`` and backward through it; the problems found."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)     # inf and NaN in the arithmetic
        try:
            out = call(*args)
        except STANDARD:
            return []
        outs = [o for o in (out if isinstance(out, (tuple, list)) else [out])
                if type(o) is xp.Array and o.requires_grad]
        if not outs:
            return []
        loss = sum(xp.sum(xp.real(o)) if o.dtype == xp.complex128 else xp.sum(o)
                   for o in outs)
        try:
            loss.backward()
        except RuntimeError as exc:
            if any(r in str(exc) for r in REFUSALS):
                return []
            return [f"backward raised {type(exc).__name__}: {exc}"]
        except Exception as exc:  # noqa: BLE001  (any exception is the finding)
            return [f"backward raised {type(exc).__name__}: {exc}"]
    return [f"argument {i}: gradient of shape {a.grad.shape}, input {a.shape}"
            for i, a in enumerate(args)
            if type(a) is xp.Array and a.grad is not None and a.grad.shape != a.shape]


def test_backward_of_every_table_row_at_the_edges(backend):
    problems = []
    for ident, case, params, variant, args in _table_inputs():
        for p in _check(lambda *a: case.call(*a, **params), args):
            problems.append(f"{ident} ({variant}): {p}")
    assert not problems, "\n".join(problems)


def test_backward_of_every_linalg_and_fft_row_at_the_edges(backend):
    problems = []
    for ident, fn, variant, args in _linalg_inputs():
        for p in _check(fn, args):
            problems.append(f"{ident} ({variant}): {p}")
    assert not problems, "\n".join(problems)


# ------------------------------------------------------------------ the values, as PyTorch's
def _nan(a: Any) -> bool:
    return bool(xp.all(xp.isnan(a)))


def test_singular_matrix_in_a_batch_gets_nan_and_the_others_their_gradient(backend):
    x = xp.asarray([[[1.0, 2.0], [3.0, 4.0]], [[0.0, 0.0], [0.0, 0.0]]], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        xp.sum(xp.linalg.slogdet(x).logabsdet).backward()
    # d log|det A| / dA = A^{-T}
    assert xp.reshape(x.grad[0], (-1,)).tolist() == pytest.approx([-2.0, 1.5, 1.0, -0.5])
    assert _nan(x.grad[1])


@pytest.mark.parametrize("what", ["qr of zeros", "det with nan", "nuc norm with inf"])
def test_rules_give_nan_where_the_linear_algebra_fails(backend, what):
    call, value = {"qr of zeros": (lambda a: xp.linalg.qr(a).R, [[0.0, 0.0]] * 3),
                   "det with nan": (xp.linalg.det, [[float("nan"), 1.0], [2.0, 3.0]]),
                   "nuc norm with inf": (lambda a: xp.linalg.matrix_norm(a, ord="nuc"),
                                         [[float("inf"), 1.0], [2.0, 3.0]])}[what]
    x = xp.asarray(value, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        xp.sum(call(x)).backward()
    assert x.grad.shape == x.shape and bool(xp.any(xp.isnan(x.grad)))


def test_norm_of_a_zero_size_matrix_has_an_empty_gradient(backend):
    for ord in (1, 2, float("inf"), "fro", "nuc"):
        x = xp.zeros((0, 0), dtype=xp.float64, requires_grad=True)
        xp.linalg.matrix_norm(x, ord=ord).backward()
        assert x.grad.shape == (0, 0)


def test_prod_over_an_axis_of_an_empty_array(backend):
    x = xp.zeros((2, 0), dtype=xp.float64, requires_grad=True)
    xp.sum(xp.prod(x, axis=0)).backward()
    assert x.grad.shape == (2, 0)
