"""gradarray under other libraries (design.md, "Interop"): array-api-compat finds the
namespace, array-api-extra's functions run on gradarray arrays and keep gradients, NumPy and
DLPack get the data without a copy, and nothing leaves the graph silently."""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pytest

import gradarray as xp
from gradarray.autograd import gradcheck

array_api_compat = pytest.importorskip("array_api_compat")
xpx = pytest.importorskip("array_api_extra", reason="array-api-extra is in the test extra")


def f64(data, requires_grad=False):
    return xp.asarray(data, dtype=xp.float64, requires_grad=requires_grad)


# ------------------------------------------------------------------ array-api-compat
def test_array_namespace_is_gradarray(backend):
    x = f64([1.0, 2.0])
    assert array_api_compat.array_namespace(x) is xp
    assert array_api_compat.array_namespace(x, x * 2) is xp
    older = array_api_compat.array_namespace(x, api_version="2023.12")
    assert older.__array_api_version__ == "2023.12" and not hasattr(older, "isin")


def test_array_api_compat_helpers_read_gradarray_arrays(backend, two_devices):
    x = f64([[1.0, 2.0, 3.0]])
    assert array_api_compat.is_array_api_obj(x)
    assert array_api_compat.device(x) == x.device
    assert array_api_compat.size(x) == 3
    y = array_api_compat.to_device(x, two_devices[1])
    assert y.device is two_devices[1] and y.tolist() == x.tolist()
    # consumers rebuild arrays where the input lives
    z = xp.asarray([0.0], device=array_api_compat.device(y))
    assert z.device is two_devices[1]


# ------------------------------------------------------------------ array-api-extra
EXTRA = {
    "cov": lambda a: xpx.cov(a),
    "kron": lambda a: xpx.kron(a, a),
    "pad": lambda a: xpx.pad(a, 1),
    "sinc": lambda a: xpx.sinc(a),
    "atleast_nd": lambda a: xpx.atleast_nd(a[0], ndim=3),
    "create_diagonal": lambda a: xpx.create_diagonal(a[0]),
    "at.set": lambda a: xpx.at(a)[0, 1].set(0.0, copy=True),
    "at.add": lambda a: xpx.at(a)[:, 0].add(a[:, 1], copy=True),
    "apply_where": lambda a: xpx.apply_where(a > 1.0, a, lambda v: v * v, fill_value=0.0),
    "nan_to_num": lambda a: xpx.nan_to_num(a / a),
}


@pytest.mark.parametrize("name", sorted(EXTRA))
def test_array_api_extra_functions_run_and_keep_gradients(name, backend):
    a = f64([[0.5, 1.5, -2.0], [3.0, 0.25, 1.25]], requires_grad=True)
    out = EXTRA[name](a)
    assert isinstance(out, xp.Array) and out.requires_grad, name
    assert gradcheck(lambda v: xp.sum(EXTRA[name](v) ** 2), (a,))


def test_array_api_extra_values_match_numpy(backend):
    data = np.array([[0.5, 1.5, -2.0], [3.0, 0.25, 1.25]])
    a = f64(data)
    np.testing.assert_allclose(xpx.cov(a).tolist(), np.cov(data))
    np.testing.assert_allclose(xpx.kron(a, a).tolist(), np.kron(data, data))
    np.testing.assert_allclose(xpx.sinc(a).tolist(), np.sinc(data))
    assert xpx.nunique(xp.asarray([1, 2, 2, 3])).item() == 3
    assert xpx.setdiff1d(xp.asarray([1, 2, 3]), xp.asarray([2])).tolist() == [1, 3]
    assert xpx.one_hot(xp.asarray([0, 2]), 3).tolist() == [[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]


def test_third_party_in_place_update_of_a_leaf_is_refused_not_silent(backend):
    # array-api-extra's at() with copy=None tries to write in place: on a leaf that
    # requires grad that is refused with a message, never a silently wrong gradient
    a = f64([1.0, 2.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="leaf array that requires grad"):
        xpx.at(a)[0].set(5.0)
    assert a.tolist() == [1.0, 2.0]


def test_third_party_in_place_update_of_a_non_leaf_is_recorded(backend):
    a = f64([1.0, 2.0, 3.0], requires_grad=True)
    b = a * 2.0
    c = xpx.at(b)[1].set(0.0)          # in place on b, recorded
    xp.sum(c * c).backward()
    assert a.grad.tolist() == [8.0, 0.0, 24.0]


# ------------------------------------------------------------------ NumPy and DLPack
def test_numpy_round_trip_shares_memory():
    with xp.device("cpu"):
        x = f64([1.0, 2.0, 3.0])
        a = np.asarray(x)
        assert np.shares_memory(a, np.asarray(x))
        a[0] = 10.0                           # the same memory
        assert x.tolist()[0] == 10.0
        back = xp.asarray(a)
        back[1] = 20.0
        assert x.tolist() == [10.0, 20.0, 3.0]
        assert np.from_dlpack(x).tolist() == [10.0, 20.0, 3.0]
        assert np.shares_memory(np.from_dlpack(x), a)


def test_numpy_conversion_copies_when_asked(backend):
    x = f64([1.0, 2.0])
    c = np.array(x, copy=True)
    c[0] = 5.0
    assert x.tolist() == [1.0, 2.0]
    assert np.asarray(x, dtype=np.float32).dtype == np.float32
    with pytest.raises(ValueError, match=r"copy=False"):
        np.asarray(x, dtype=np.float32, copy=False)


def test_numpy_reads_other_devices_through_dlpack(two_devices):
    x = xp.asarray([1.5, 2.5], device=two_devices[1])
    assert np.asarray(x).tolist() == [1.5, 2.5]


def test_grad_arrays_never_leave_silently(backend):
    a = f64([1.0, 2.0], requires_grad=True)
    for leave in (np.asarray, np.array, lambda v: np.from_dlpack(v), lambda v: v.__dlpack__()):
        with pytest.raises(RuntimeError, match=r"detach\(\)"):
            leave(a * 1.0)
    assert np.asarray(a.detach()).tolist() == [1.0, 2.0]
    with warnings.catch_warnings():
        warnings.simplefilter("error", xp.GradientLossWarning)
        with pytest.raises(xp.GradientLossWarning):
            float(xp.sum(a))


def test_asarray_inside_the_namespace_keeps_the_graph(backend):
    # consumers that re-asarray their inputs stay differentiable
    a = f64([1.0, 2.0], requires_grad=True)
    ns = array_api_compat.array_namespace(a)
    b = ns.asarray(a)
    assert b is a
    c = ns.asarray(a, copy=True)
    xp.sum(c * c).backward()
    assert a.grad.tolist() == [2.0, 4.0]


def test_pickle_keeps_values_dtype_device_and_requires_grad(backend):
    a = xp.asarray([1, 2], dtype=xp.int16)
    b = pickle.loads(pickle.dumps(a))
    assert b.tolist() == [1, 2] and b.dtype is xp.int16 and b.device is a.device
    leaf = f64([1.0], requires_grad=True)
    assert pickle.loads(pickle.dumps(leaf)).requires_grad
    with pytest.raises(RuntimeError, match=r"detach\(\)"):
        pickle.dumps(leaf * 2)
