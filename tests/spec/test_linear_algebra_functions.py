"""Linear algebra functions of the main namespace (linear_algebra_functions.html): results
and bad input."""

from __future__ import annotations

import pytest

import gradarray as xp
from tests.spec.helpers import Bad, check_bad, ids, one

AXIS = (IndexError, ValueError)


def test_linear_algebra_results(backend):
    a = xp.reshape(xp.arange(6.0), (2, 3))
    assert xp.matmul(a, xp.ones(3)).tolist() == [3.0, 12.0]
    assert (xp.ones(2) @ a).tolist() == [3.0, 5.0, 7.0]
    assert xp.matrix_transpose(a).shape == (3, 2)
    assert xp.tensordot(a, a, axes=([1], [1])).tolist() == [[5.0, 14.0], [14.0, 50.0]]
    assert xp.tensordot(a, xp.ones((3, 4)), axes=1).shape == (2, 4)
    assert xp.vecdot(a, a).tolist() == [5.0, 50.0]
    assert xp.vecdot(xp.asarray([1j]), xp.asarray([1j])).item() == 1   # conjugates x1


@pytest.mark.parametrize("call", [
    lambda a, b: xp.matmul(a, b), lambda a, b: xp.tensordot(a, b, axes=1),
    lambda a, b: xp.vecdot(a, b)])
def test_linear_algebra_refuses_two_devices(call, two_devices):
    a, b = two_devices
    with pytest.raises(ValueError, match=f"{a}.*{b}"):
        call(xp.ones((2, 2), device=a), xp.ones((2, 2), device=b))


CASES = [
    Bad("matmul", lambda: xp.matmul(one("float64", (2, 3)), one("float64", (2, 3))), ValueError,
        "x1, x2", r"\(2, 3\).*\(2, 3\)"),
    Bad("matmul", lambda: xp.matmul(xp.asarray(1.0), one("float64")), ValueError, "x1, x2"),
    Bad("matmul", lambda: xp.matmul(one("bool", (2, 2)), one("bool", (2, 2))), TypeError,
        "x1, x2"),
    Bad("matmul", lambda: xp.matmul(one("float64", (2, 2)), [[1.0]]), TypeError, "x2"),
    Bad("matmul", lambda: xp.matmul(one("float64", (2, 2, 2)), one("float64", (3, 2, 2))),
        ValueError, "x1, x2", "broadcast"),
    Bad("matrix_transpose", lambda: xp.matrix_transpose(one("float64")), ValueError, "x"),
    Bad("matrix_transpose", lambda: xp.matrix_transpose([[1.0]]), TypeError, "x"),
    Bad("tensordot", lambda: xp.tensordot(one("float64", (2, 3)), one("float64", (3, 2))),
        ValueError, "x1, x2", "differ in size"),
    Bad("tensordot", lambda: xp.tensordot(one("float64", (2, 3)), one("float64", (2, 3)),
                                          axes=1), ValueError, "x1, x2"),
    Bad("tensordot", lambda: xp.tensordot(one("float64", (2, 3)), one("float64", (3, 2)),
                                          axes=-1), ValueError, "axes"),
    Bad("tensordot", lambda: xp.tensordot(one("float64", (2, 3)), one("float64", (3, 2)),
                                          axes=[1.0, 0.0]), TypeError, "axes"),
    Bad("tensordot", lambda: xp.tensordot(one("float64", (2, 3)), one("float64", (3, 2)),
                                          axes=((1,), (0, 1))), ValueError, "axes"),
    Bad("tensordot", lambda: xp.tensordot(one("float64", (2, 3)), one("float64", (3, 2)),
                                          axes=((5,), (0,))), AXIS, "axes"),
    Bad("tensordot", lambda: xp.tensordot(one("float64", (2, 2)), one("float64", (2, 2)),
                                          axes=((0, 0), (0, 1))), ValueError, "axes", "distinct"),
    Bad("tensordot", lambda: xp.tensordot(one("int8", (2, 2)), one("float32", (2, 2))),
        TypeError, "x1, x2"),
    Bad("vecdot", lambda: xp.vecdot(one("float64", (2, 3)), one("float64", (2, 2))),
        ValueError, "x1, x2"),
    Bad("vecdot", lambda: xp.vecdot(one("float64", (2, 3)), one("float64", (2, 3)), axis=2),
        AXIS, "axis"),
    Bad("vecdot", lambda: xp.vecdot(xp.asarray(1.0), xp.asarray(1.0)), ValueError, "x1, x2"),
    Bad("vecdot", lambda: xp.vecdot(one("float64", (2, 3)), one("float64", (4, 3))),
        ValueError, "x1, x2", "broadcast"),
    Bad("vecdot", lambda: xp.vecdot(one("bool"), one("bool")), TypeError, "x1, x2"),
]


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_linear_algebra_function_bad_input(case, backend):
    check_bad(case)
