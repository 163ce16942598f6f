"""The ``linalg`` extension (extensions/linear_algebra_functions.html): bad input for every
function (shapes, dtypes, argument types); the values are the official suite's business."""

from __future__ import annotations

import pytest

import gradarray as xp
from tests.spec.helpers import Bad, check_bad, ids, one

AXIS = (IndexError, ValueError)
la = xp.linalg


def sq(n: int = 2, dt: str = "float64") -> xp.Array:
    return xp.astype(xp.eye(n) * 2.0, getattr(xp, dt))


_SQUARE = ("cholesky", "det", "eig", "eigh", "eigvals", "eigvalsh", "inv", "slogdet")
_MATRICES = ("matrix_rank", "pinv", "qr", "svd", "svdvals")


def _cases() -> list[Bad]:
    cases: list[Bad] = []
    for name in _SQUARE:
        fn = getattr(la, name)
        cases += [
            Bad(f"linalg.{name}", lambda fn=fn: fn(one("float64")), ValueError, "x", "2 dim"),
            Bad(f"linalg.{name}", lambda fn=fn: fn(one("float64", (2, 3))), ValueError, "x",
                "square"),
            Bad(f"linalg.{name}", lambda fn=fn: fn(sq(2, "int64")), TypeError, "x", "int64"),
            Bad(f"linalg.{name}", lambda fn=fn: fn([[1.0]]), TypeError, "x"),
        ]
    for name in _MATRICES:
        fn = getattr(la, name)
        cases += [
            Bad(f"linalg.{name}", lambda fn=fn: fn(one("float64")), ValueError, "x"),
            Bad(f"linalg.{name}", lambda fn=fn: fn(sq(2, "bool")), TypeError, "x"),
        ]
    cases += [
        Bad("linalg.cholesky", lambda: la.cholesky(sq(), upper=1), TypeError, "upper"),
        Bad("linalg.cross", lambda: la.cross(one("float64", (2,)), one("float64", (2,))),
            ValueError, "x1, x2", "size 3"),
        Bad("linalg.cross", lambda: la.cross(one("float64", (3,)), one("float64", (3,)),
                                             axis=1), AXIS, "axis"),
        Bad("linalg.cross", lambda: la.cross(one("float64", (3,)), one("float64", (3,)),
                                             axis="0"), TypeError, "axis"),
        Bad("linalg.cross", lambda: la.cross(one("bool", (3,)), one("bool", (3,))), TypeError,
            "x1, x2"),
        Bad("linalg.cross", lambda: la.cross(one("float64", (2, 3)), one("float64", (4, 3))),
            ValueError, "x1, x2", "broadcast"),
        Bad("linalg.diagonal", lambda: la.diagonal(one("float64")), ValueError, "x"),
        Bad("linalg.diagonal", lambda: la.diagonal(sq(), offset=0.5), TypeError, "offset"),
        Bad("linalg.matmul", lambda: la.matmul(one("float64", (2, 3)), one("float64", (2, 3))),
            ValueError, "x1, x2"),
        Bad("linalg.matrix_norm", lambda: la.matrix_norm(sq(), ord=3), ValueError, "ord"),
        Bad("linalg.matrix_norm", lambda: la.matrix_norm(sq(), ord="max"), ValueError, "ord"),
        Bad("linalg.matrix_norm", lambda: la.matrix_norm(sq(), ord=sq()), TypeError, "ord"),
        Bad("linalg.matrix_norm", lambda: la.matrix_norm(sq(), keepdims=1), TypeError,
            "keepdims"),
        Bad("linalg.matrix_norm", lambda: la.matrix_norm(one("float64")), ValueError, "x"),
        Bad("linalg.matrix_norm", lambda: la.matrix_norm(sq(2, "int8")), TypeError, "x"),
        Bad("linalg.matrix_power", lambda: la.matrix_power(sq(), 1.5), TypeError, "n"),
        Bad("linalg.matrix_power", lambda: la.matrix_power(one("float64", (2, 3)), 2),
            ValueError, "x"),
        Bad("linalg.matrix_power", lambda: la.matrix_power(sq(2, "int64"), -1), TypeError, "x"),
        Bad("linalg.matrix_rank", lambda: la.matrix_rank(sq(), rtol="0.1"), TypeError, "rtol"),
        Bad("linalg.matrix_rank", lambda: la.matrix_rank(sq(), rtol=True), TypeError, "rtol"),
        Bad("linalg.matrix_transpose", lambda: la.matrix_transpose(one("float64")), ValueError,
            "x"),
        Bad("linalg.outer", lambda: la.outer(sq(), one("float64")), ValueError, "x1, x2"),
        Bad("linalg.outer", lambda: la.outer(one("int8"), one("float32")), TypeError, "x1, x2"),
        Bad("linalg.pinv", lambda: la.pinv(sq(), rtol=one("int8")), TypeError, "rtol"),
        Bad("linalg.qr", lambda: la.qr(sq(), mode="r"), ValueError, "mode"),
        Bad("linalg.qr", lambda: la.qr(sq(), mode=None), TypeError, "mode"),
        Bad("linalg.solve", lambda: la.solve(sq(), one("float64", (3,))), ValueError, "x1, x2"),
        Bad("linalg.solve", lambda: la.solve(sq(), xp.asarray(1.0)), ValueError, "x2"),
        Bad("linalg.solve", lambda: la.solve(one("float64", (2, 3)), one("float64", (2,))),
            ValueError, "x"),
        Bad("linalg.solve", lambda: la.solve(xp.stack([sq(), sq()]),
                                             one("float64", (3, 2, 1))), ValueError, "x1, x2",
            "broadcast"),
        Bad("linalg.solve", lambda: la.solve(sq(2, "int64"), sq(2, "int64")), TypeError,
            "x1, x2"),
        Bad("linalg.svd", lambda: la.svd(sq(), full_matrices="no"), TypeError, "full_matrices"),
        Bad("linalg.tensordot", lambda: la.tensordot(sq(), sq(), axes=3), ValueError, "axes"),
        Bad("linalg.trace", lambda: la.trace(one("float64")), ValueError, "x"),
        Bad("linalg.trace", lambda: la.trace(sq(), offset="1"), TypeError, "offset"),
        Bad("linalg.trace", lambda: la.trace(sq(), dtype="float32"), TypeError, "dtype"),
        Bad("linalg.trace", lambda: la.trace(sq(2, "bool")), TypeError, "x"),
        Bad("linalg.vecdot", lambda: la.vecdot(one("float64", (3,)), one("float64", (2,))),
            ValueError, "x1, x2"),
        Bad("linalg.vector_norm", lambda: la.vector_norm(one("float64"), ord="fro"), ValueError,
            "ord"),
        Bad("linalg.vector_norm", lambda: la.vector_norm(one("float64"), ord=None), TypeError,
            "ord"),
        Bad("linalg.vector_norm", lambda: la.vector_norm(one("float64"), axis=1), AXIS, "axis"),
        Bad("linalg.vector_norm", lambda: la.vector_norm(one("int64")), TypeError, "x"),
        Bad("linalg.vector_norm", lambda: la.vector_norm(one("float64"), keepdims=None),
            TypeError, "keepdims"),
    ]
    return cases


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_linalg_bad_input(case, backend):
    check_bad(case)


def test_linalg_results_have_the_standard_dtypes(backend):
    x = sq(2, "float32")
    assert la.det(x).dtype is xp.float32
    assert la.eigvalsh(xp.astype(x, xp.complex64)).dtype is xp.float32
    assert la.eigvals(x).dtype is xp.complex64
    assert la.svdvals(x).dtype is xp.float32
    assert la.matrix_rank(x).dtype is xp.int64
    assert la.vector_norm(xp.asarray([3j, 4.0])).item() == 5.0


@pytest.mark.parametrize("ord", [-1, -2, -0.5, -float("inf")])
def test_vector_norm_of_negative_order_over_zeros_is_zero_without_warnings(ord, backend):
    # the norm is 0 there with no division by zero in sight: a backend's internal 1/|x|
    # must not warn
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = xp.linalg.vector_norm(xp.asarray([0.0, 2.0]), ord=ord)
    assert out.item() == 0.0
