"""The array object (array_object.html): attributes, conversions, printing, iteration,
``__array_namespace__``, and the ways out of the graph (design.md, "Interop")."""

from __future__ import annotations

import operator
import warnings

import numpy as np
import pytest

import gradarray as xp
from gradarray import GradientLossWarning
from tests.spec.helpers import ADDED_IN, PAGES, function, one, raises_named


# ------------------------------------------------------------------ attributes
def test_attributes_describe_the_array(backend):
    x = xp.ones((2, 3), dtype=xp.float32)
    assert x.dtype is xp.float32
    assert x.shape == (2, 3) and type(x.shape) is tuple
    assert x.ndim == 2 and x.size == 6
    assert x.device == xp.device(None)
    assert x.T.shape == (3, 2)
    assert xp.ones((4, 2, 3)).mT.shape == (4, 3, 2)


def test_transpose_attribute_needs_a_matrix(backend):
    with raises_named(ValueError, "T", "self", match="2-D"):
        _ = xp.ones((2, 3, 4)).T
    with raises_named(ValueError, "matrix_transpose", "x"):
        _ = xp.ones(3).mT


def test_array_cannot_be_constructed_directly():
    with pytest.raises(TypeError, match="asarray"):
        xp.Array([1, 2])


# ------------------------------------------------------------------ repr and str
def test_repr_shows_values_and_dtype(backend):
    assert repr(xp.asarray([1, 2], dtype=xp.int8)) == "Array([1, 2], dtype=int8)"
    assert repr(xp.asarray([True, False])) == "Array([ True, False], dtype=bool)"
    assert repr(xp.asarray([1.0, 2.5])) == "Array([1. , 2.5], dtype=float64)"      # NumPy's
    assert repr(xp.asarray(3.0, dtype=xp.float32)) == "Array(3., dtype=float32)"
    assert repr(xp.asarray([1 + 2j])) == "Array([1.+2.j], dtype=complex128)"
    assert repr(xp.zeros((0, 3))) == "Array([], shape=(0, 3), dtype=float64)"
    assert repr(xp.zeros((0,))) == "Array([], dtype=float64)"
    assert repr(xp.asarray([1.123456789, 2.0], dtype=xp.float32)) == \
        "Array([1.1234568, 2.       ], dtype=float32)"   # float32's own shortest digits


def test_repr_shows_the_autograd_state(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    assert repr(x) == "Array([1., 2.], dtype=float64, requires_grad=True)"
    assert repr(x * 2) == "Array([2., 4.], dtype=float64, grad_fn=<MultiplyBackward>)"
    assert "grad" not in repr((x * 2).detach())


def test_repr_shows_the_device_only_when_not_the_default(backend, two_devices):
    here = xp.asarray([1.0, 2.0])
    assert "device" not in repr(here)
    there = xp.asarray([1.0, 2.0], device=two_devices[1])
    assert repr(there).endswith("dtype=float64, device='array_api_strict:1')")
    with two_devices[1]:
        assert "device" not in repr(there)
        assert f"device='{here.device}'" in repr(here)


def test_repr_summarises_large_arrays(backend):
    r = repr(xp.arange(2000))
    assert r == "Array([   0,    1,    2, ..., 1997, 1998, 1999],\n      shape=(2000,), dtype=int64)"
    r2 = repr(xp.reshape(xp.arange(4000), (40, 100)))
    assert r2.count("...") > 1 and len(r2) < 2500
    assert "3999" in r2 and "2000" not in r2


def test_repr_of_non_finite_values(backend):
    assert repr(xp.asarray([float("nan"), -float("inf")])) == "Array([ nan, -inf], dtype=float64)"


def test_repr_and_str_lay_out_values_as_numpy(backend):
    """Values, padding, wrapping and summaries as NumPy 2 prints them (gradarray always adds
    the dtype, which NumPy leaves out for its defaults)."""
    import numpy as np
    rng = np.random.default_rng(0)
    cases = [np.array([1.5, 2.0, 3.25]), np.array([100.5, 2.0]), np.array([1e-5, 1.0, 3.0]),
             np.array([1 + 2.5j, 1 + 2j]), np.array([[1.5, np.nan], [-np.inf, 2.0]]),
             np.array([-0.0, 0.0, 1.0]), rng.standard_normal((3, 4, 5)).astype(np.float32),
             rng.standard_normal(40), rng.standard_normal(2000), rng.integers(-9, 9, (30, 30)),
             np.array([0.1, 0.2], dtype=np.float32), np.array([1 / 3, 2 / 3])]
    for a in cases:
        x = xp.asarray(a)
        assert str(x) == str(a)
        ours = repr(x).rsplit("dtype=", 1)[0]
        theirs = np.array2string(a, separator=", ", prefix="Array(", suffix=")")
        assert ours.startswith("Array(" + theirs), (ours, theirs)


def test_str_shows_only_values(backend):
    assert str(xp.asarray([[1.0, 2.0], [3.0, 4.0]])) == "[[1. 2.]\n [3. 4.]]"       # NumPy's
    assert str(xp.asarray(2.0)) == "2.0" and str(xp.asarray(1 + 2j)) == "(1+2j)"
    assert f"{xp.asarray(2.5):.3f}" == "2.500"


# ------------------------------------------------------------------ Python values
@pytest.mark.parametrize("dt, value, kind", [("bool", True, bool), ("int8", -3, int),
                                             ("uint64", 2 ** 64 - 1, int),
                                             ("float32", 0.5, float),
                                             ("complex128", 1 - 2j, complex)])
def test_item_returns_the_python_scalar(dt, value, kind, backend):
    x = xp.asarray(value, dtype=getattr(xp, dt))
    assert type(x.item()) is kind and x.item() == value
    one_element = xp.reshape(x, (1, 1))
    assert one_element.item() == value


def test_item_of_several_elements_is_a_value_error(backend):
    with raises_named(ValueError, "item", "self", match=r"\(2,\)"):
        xp.ones(2).item()
    with raises_named(ValueError, "item", "self"):
        xp.ones((0,)).item()


def test_tolist_gives_nested_python_scalars(backend):
    x = xp.asarray([[1, 2], [3, 4]], dtype=xp.int16)
    assert x.tolist() == [[1, 2], [3, 4]]
    assert all(type(v) is int for row in x.tolist() for v in row)
    assert xp.asarray(1.5).tolist() == 1.5
    assert xp.asarray([1j]).tolist() == [1j]
    assert xp.zeros((2, 0)).tolist() == [[], []]
    g = xp.asarray([1.0], requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert g.tolist() == [1.0]          # the explicit way out: silent


def test_iteration_over_a_1d_array_gives_0d_arrays(backend):
    x = xp.asarray([1.0, 2.0, 3.0])
    items = list(x)
    assert len(items) == 3 and all(isinstance(i, xp.Array) and i.ndim == 0 for i in items)
    assert [float(i) for i in items] == [1.0, 2.0, 3.0]
    assert [i.tolist() for i in xp.ones((2, 3))] == [[1.0] * 3] * 2   # rows of a matrix


def test_iteration_keeps_gradients(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    total = None
    for v in x:
        total = v * v if total is None else total + v * v
    total.backward()
    assert x.grad.tolist() == [2.0, 4.0]


def test_len_is_the_first_axis(backend):
    assert len(xp.ones((3, 2))) == 3
    assert len(xp.ones(0)) == 0
    with raises_named(TypeError, "__len__", "self", match="0-dimensional"):
        len(xp.asarray(1.0))
    with raises_named(TypeError, "__iter__", "self", match="0-dimensional"):
        iter(xp.asarray(1.0)).__next__()


@pytest.mark.parametrize("convert, value, expected", [
    (bool, 0.0, False), (bool, float("nan"), True), (int, 2.9, 2), (int, -2.9, -2),
    (float, 3, 3.0), (complex, 1.5, 1.5 + 0j), (operator.index, 7, 7)])
def test_conversions_of_0d_arrays(convert, value, expected, backend):
    out = convert(xp.asarray(value))
    assert type(out) is type(expected) and out == expected


def test_conversions_refuse_what_python_cannot_represent(backend):
    with raises_named(TypeError, "__bool__", "self", match="ambiguous"):
        bool(xp.ones(2))
    with raises_named(TypeError, "__float__", "self", match="0-dimensional"):
        float(xp.ones((1,)))
    with raises_named(TypeError, "__int__", "self", match="complex"):
        int(xp.asarray(1j))
    with raises_named(TypeError, "__float__", "self", match="complex"):
        float(xp.asarray(1j))
    with raises_named(TypeError, "__index__", "self", match="float64"):
        operator.index(xp.asarray(1.0))
    with raises_named(TypeError, "__index__", "self"):
        [1, 2, 3][xp.asarray(True)]
    with raises_named(ValueError, "__int__", "self", match="NaN"):
        int(xp.asarray(float("nan")))
    with raises_named(OverflowError, "__int__", "self", match="infinity"):
        int(xp.asarray(float("inf")))


def test_format_of_arrays(backend):
    assert f"{xp.asarray(2.0):.3f}" == "2.000"          # a 0-d array formats its value
    x = xp.asarray([1.5, 2.0])
    assert f"{x}" == str(x)
    assert f"{x:>12}" == format(str(x), ">12")           # others format their text
    with raises_named(TypeError, "__format__", "format_spec", match=r"shape \(2,\)"):
        f"{x:.2f}"
    with raises_named(ValueError, "__format__", "format_spec"):
        f"{xp.asarray(2.0):q}"


@pytest.mark.parametrize("convert", [float, int, complex])
def test_implicit_conversion_of_a_grad_array_warns_gradient_loss(convert, backend):
    x = xp.asarray(2.0, requires_grad=True)
    with pytest.warns(GradientLossWarning, match=r"\.detach\(\).*\.item\(\)"):
        value = convert(x * 3)
    assert value == 6


def test_gradient_loss_warning_can_be_made_an_error(backend):
    x = xp.asarray(2.0, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", GradientLossWarning)
        with pytest.raises(GradientLossWarning):
            float(x)
        with pytest.raises(GradientLossWarning):
            int(x)
        with pytest.raises(GradientLossWarning):
            complex(x)
        assert bool(x) is True                 # bool() works, as design.md says
        assert x.item() == 2.0                 # the explicit ways out stay silent
        assert float(x.detach()) == 2.0


def test_operator_index_of_a_grad_array_is_refused_not_silent(backend):
    # only floating arrays can require grad, and those are no index: a TypeError, not a value
    x = xp.asarray(2.0, requires_grad=True)
    with raises_named(TypeError, "__index__", "self"):
        operator.index(x)


def test_numpy_conversion_refuses_grad_arrays(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match=r"requires grad.*x\.detach\(\)"):
        np.asarray(x)
    with pytest.raises(RuntimeError, match=r"detach\(\)"):
        np.asarray(x * 2)
    assert np.asarray(x.detach()).tolist() == [1.0, 2.0]


def test_dlpack_refuses_grad_arrays(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    with raises_named(RuntimeError, "x.__dlpack__", match=r"x\.detach\(\)"):
        x.__dlpack__()
    with pytest.raises(RuntimeError, match=r"detach\(\)"):
        np.from_dlpack(x)
    assert x.__dlpack_device__()[0] == 1  # the device is still reported (kDLCPU)


def test_numpy_operands_do_not_swallow_arrays(backend):
    # NumPy scalars are not Python scalars: refused instead of silently becoming ndarrays
    x = xp.asarray([1.0, 2.0])
    with pytest.raises(TypeError):
        np.float64(1.0) + x
    with pytest.raises(TypeError):
        np.ones(2) * x
    with pytest.raises(TypeError):
        np.add(np.ones(2), x)


def test_operators_refuse_unsupported_operands(backend):
    x = one("float64")
    for bad in ("a", None, [1.0], object()):
        with pytest.raises(TypeError):
            x + bad
        with pytest.raises(TypeError):
            bad * x
        with pytest.raises(TypeError):
            x < bad


def test_operators_with_devices_and_shapes(backend):
    with raises_named(ValueError, "add", "x1, x2", match=r"\(2,\).*\(3,\)"):
        one("float64", (2,)) + one("float64", (3,))
    x = one("float64", (2,))
    with raises_named(ValueError, "__iadd__", "self, other", match="broadcast"):
        x += one("float64", (2, 2))


def test_setitem_refuses_values_of_another_kind(backend):
    x = one("int16", (3,))
    with raises_named(TypeError, "__setitem__", "value", match="float"):
        x[0] = 1.5
    with raises_named(TypeError, "__setitem__", "value", match="float64"):
        x[0] = xp.asarray(1.0)
    with raises_named(OverflowError, "__setitem__", "value"):
        x[0] = 2 ** 20
    with raises_named(TypeError, "__setitem__", "value", match="list"):
        x[0] = [1]
    x[1] = 7
    assert x.tolist() == [1, 7, 1]


# ---------------------------------------------------------- __array_namespace__
@pytest.mark.parametrize("version", ["2023.12", "2024.12", "2025.12", None])
def test_array_namespace_at_each_version(version, backend):
    ns = one("float64").__array_namespace__(api_version=version)
    assert ns.__array_api_version__ == (version or "2025.12")
    later = [n for v, names in ADDED_IN.items() if version is not None and v > version
             for n in names]
    for name in later:
        owner, _, attr = name.rpartition(".")
        holder = getattr(ns, owner) if owner else ns
        assert not hasattr(holder, attr), f"{name} is absent from {version}"
        assert attr not in dir(holder)
    for names in PAGES.values():
        for name in names:
            if name in later:
                continue
            owner, _, attr = name.rpartition(".")
            holder = getattr(ns, owner) if owner else ns
            assert getattr(holder, attr) is function(name)
    # the namespace still works as a namespace
    assert ns.sum(ns.asarray([1.0, 2.0])).item() == 3.0
    assert ns.float32 is xp.float32


def test_array_namespace_of_the_newest_version_is_gradarray(backend):
    assert one("float64").__array_namespace__() is xp
    import array_api_compat
    assert array_api_compat.array_namespace(one("float64")) is xp


@pytest.mark.parametrize("version", ["2022.12", "2026.12", "latest", ""])
def test_array_namespace_of_an_unknown_version_is_a_value_error(version, backend):
    with raises_named(ValueError, "__array_namespace__", "api_version", match="2023.12"):
        one("float64").__array_namespace__(api_version=version)


def test_array_namespace_version_must_be_a_string(backend):
    with raises_named(TypeError, "__array_namespace__", "api_version"):
        one("float64").__array_namespace__(api_version=2024.12)
