"""Creation functions (creation_functions.html): ``copy=`` of ``asarray``, ``device=``,
``from_dlpack`` of any producer, and bad input for each function."""

from __future__ import annotations

import array

import numpy as np
import pytest

import gradarray as xp
from tests.spec.helpers import Bad, check_bad, ids, one, raises_named

F64 = xp.float64


# ------------------------------------------------------------------ asarray and copy=
def test_asarray_of_an_array_is_that_array(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    assert xp.asarray(x) is x
    assert xp.asarray(x, dtype=F64, device=x.device, copy=None) is x
    assert xp.asarray(x, copy=False) is x


def test_asarray_copy_true_gives_new_memory_and_keeps_the_graph(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    y = xp.asarray(x, copy=True)
    assert y is not x and y.requires_grad and y.grad_fn is not None
    xp.sum(y * 3).backward()
    assert x.grad.tolist() == [3.0, 3.0]
    plain = xp.asarray([1.0, 2.0])
    copied = xp.asarray(plain, copy=True)
    plain[0] = 5.0
    assert copied.tolist() == [1.0, 2.0]


def test_asarray_copy_false_refuses_what_needs_a_copy(backend):
    x = one("float32")
    with raises_named(ValueError, "asarray", "copy=False", match="float32 to float64"):
        xp.asarray(x, dtype=F64, copy=False)
    with raises_named(ValueError, "asarray", "copy=False"):
        xp.asarray([1.0, 2.0], copy=False)
    with raises_named(ValueError, "asarray", "copy=False"):
        xp.asarray(1.0, copy=False)


def test_asarray_dtype_change_is_a_differentiable_cast(backend):
    x = xp.asarray([1.0, 2.0], dtype=xp.float32, requires_grad=True)
    y = xp.asarray(x, dtype=F64)
    assert y.dtype is F64 and y.requires_grad
    xp.sum(y).backward()
    assert x.grad.dtype is xp.float32


def test_asarray_of_numpy_shares_memory_unless_copied():
    # on the NumPy backend a NumPy array is the native array: no copy for copy=None/False
    with xp.device("cpu"):
        a = np.arange(3.0)
        shared = xp.asarray(a)
        kept = xp.asarray(a, copy=False)
        copied = xp.asarray(a, copy=True)
        a[0] = 7.0
        assert shared.tolist()[0] == 7.0 and kept.tolist()[0] == 7.0
        assert copied.tolist()[0] == 0.0
        with raises_named(ValueError, "asarray", "copy=False"):
            xp.asarray(a, dtype=xp.float32, copy=False)


def test_asarray_infers_the_standard_default_dtypes(backend):
    assert xp.asarray([1, 2]).dtype is xp.int64
    assert xp.asarray([1, 2.5]).dtype is F64
    assert xp.asarray([1, 1j]).dtype is xp.complex128
    assert xp.asarray([True]).dtype is xp.bool
    assert xp.asarray([]).dtype is F64
    assert xp.asarray([[xp.asarray(1.0), 2.0]]).shape == (1, 2)


@pytest.mark.parametrize("obj, dtype, values", [
    (b"ab", "uint8", [97, 98]),
    (bytearray(b"\x00\xff"), "uint8", [0, 255]),
    (array.array("h", [1, -2]), "int16", [1, -2]),
    (array.array("I", [7]), "uint32", [7]),
    (array.array("f", [1.5]), "float32", [1.5]),
    (array.array("d", [2.5, -1]), "float64", [2.5, -1.0]),
    (np.float32(1.5), "float32", 1.5),
    (np.int16(-3), "int16", -3),
    (range(2, 5), "int64", [2, 3, 4]),
], ids=["bytes", "bytearray", "array-h", "array-I", "array-f", "array-d", "np.float32",
        "np.int16", "range"])
def test_asarray_of_buffers_keeps_the_buffers_dtype(obj, dtype, values, backend):
    # the buffer's format names the dtype (as NumPy reads it); every backend agrees
    src = memoryview(obj) if isinstance(obj, bytes) else obj
    out = xp.asarray(src)
    assert out.dtype == getattr(xp, dtype)
    assert out.tolist() == values


def test_asarray_of_sequences_holding_grad_arrays_is_differentiable(backend):
    a = xp.asarray(2.0, requires_grad=True)
    y = xp.asarray([a, a * a])
    xp.sum(y).backward()
    assert a.grad.item() == 5.0


# ------------------------------------------------------------------ device=
CREATORS = {
    "arange": lambda d: xp.arange(3, device=d),
    "asarray": lambda d: xp.asarray([1.0, 2.0], device=d),
    "empty": lambda d: xp.empty((2,), device=d),
    "eye": lambda d: xp.eye(2, device=d),
    "full": lambda d: xp.full((2,), 3.0, device=d),
    "linspace": lambda d: xp.linspace(0, 1, 3, device=d),
    "ones": lambda d: xp.ones(2, device=d),
    "zeros": lambda d: xp.zeros(2, device=d),
    "empty_like": lambda d: xp.empty_like(xp.ones(2), device=d),
    "full_like": lambda d: xp.full_like(xp.ones(2), 4.0, device=d),
    "ones_like": lambda d: xp.ones_like(xp.ones(2), device=d),
    "zeros_like": lambda d: xp.zeros_like(xp.ones(2), device=d),
    "from_dlpack": lambda d: xp.from_dlpack(np.ones(2), device=d),
    "fft.fftfreq": lambda d: xp.fft.fftfreq(4, device=d),
    "fft.rfftfreq": lambda d: xp.fft.rfftfreq(4, device=d),
}


@pytest.mark.parametrize("name", sorted(CREATORS))
def test_every_creation_function_takes_device(name, two_devices):
    for dev in two_devices:
        out = CREATORS[name](dev)
        assert out.device == dev, name
    # a device name works as well as a Device
    assert CREATORS[name]("array_api_strict:1").device == two_devices[1]


@pytest.mark.parametrize("name", ["empty_like", "full_like", "ones_like", "zeros_like"])
def test_like_functions_default_to_the_device_of_x(name, two_devices):
    x = xp.ones(2, device=two_devices[1])
    out = getattr(xp, name)(x, **({"fill_value": 1.0} if name == "full_like" else {}))
    assert out.device == two_devices[1]


def test_device_accepts_none_a_device_and_a_name(backend):
    d = xp.device(None)
    assert xp.ones(2, device=None).device is d
    assert xp.ones(2, device=d).device is d
    assert xp.ones(2, device=str(d)).device is d


# ------------------------------------------------------------------ from_dlpack
class Producer:
    """A DLPack producer that is not an array library's own type."""

    def __init__(self, data: np.ndarray) -> None:
        self.data = data

    def __dlpack__(self, **kwargs):
        return self.data.__dlpack__(**kwargs)

    def __dlpack_device__(self):
        return self.data.__dlpack_device__()


def test_from_dlpack_of_numpy_shares_memory():
    with xp.device("cpu"):
        a = np.arange(4.0)
        x = xp.from_dlpack(a)
        a[1] = 10.0
        assert x.tolist() == [0.0, 10.0, 2.0, 3.0] and x.dtype is F64


def test_from_dlpack_of_any_producer(backend):
    a = np.arange(3, dtype=np.int32)
    x = xp.from_dlpack(Producer(a))
    assert x.dtype is xp.int32 and x.tolist() == [0, 1, 2]
    c = xp.from_dlpack(Producer(a), copy=True)
    a[0] = 5
    assert c.tolist() == [0, 1, 2]


def test_from_dlpack_of_another_array_library(backend):
    strict = pytest.importorskip("array_api_strict")
    x = xp.from_dlpack(strict.asarray([1.5, 2.5]))
    assert x.tolist() == [1.5, 2.5] and x.dtype is F64


def test_from_dlpack_of_a_gradarray_array_keeps_it(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    assert xp.from_dlpack(x) is x
    assert xp.from_dlpack(x.detach(), requires_grad=True).requires_grad


def test_from_dlpack_refuses_dtypes_outside_the_standard(backend):
    with raises_named(TypeError, "from_dlpack", "x", match="float16"):
        xp.from_dlpack(np.ones(2, dtype=np.float16), device="cpu")


# ------------------------------------------------------------------ bad input
def _cases() -> list[Bad]:
    cases = [
        # arange
        Bad("arange", lambda: xp.arange("3"), TypeError, "start"),
        Bad("arange", lambda: xp.arange(None), TypeError, "start"),
        Bad("arange", lambda: xp.arange(0, 3, 0), ValueError, "step"),
        Bad("arange", lambda: xp.arange(0, 3, 1j), TypeError, "step"),
        Bad("arange", lambda: xp.arange(3, dtype="int64"), TypeError, "dtype"),
        Bad("arange", lambda: xp.arange(3, device="nowhere"), ValueError, "device"),
        Bad("arange", lambda: xp.arange(0, 10 ** 30), ValueError, "start, stop, step"),
        # asarray
        Bad("asarray", lambda: xp.asarray(None), TypeError, "obj"),
        Bad("asarray", lambda: xp.asarray("abc"), TypeError, "obj"),
        Bad("asarray", lambda: xp.asarray(["a", "b"]), TypeError, "obj"),
        Bad("asarray", lambda: xp.asarray([[1.0], [1.0, 2.0]]), ValueError, "obj"),
        Bad("asarray", lambda: xp.asarray(2 ** 70), OverflowError, "obj"),
        Bad("asarray", lambda: xp.asarray(300, dtype=xp.int8), OverflowError, "obj"),
        Bad("asarray", lambda: xp.asarray([1.0], dtype=np.float64), TypeError, "dtype"),
        Bad("asarray", lambda: xp.asarray([1.0], copy=1), TypeError, "copy"),
        Bad("asarray", lambda: xp.asarray([1.0], copy=False), ValueError, "copy=False"),
        Bad("asarray", lambda: xp.asarray([1.0], device=3), ValueError, "device"),
        Bad("asarray", lambda: xp.asarray([1.0], requires_grad=np.ones(2)), TypeError,
            "requires_grad"),
        Bad("asarray", lambda: xp.asarray([1, 2], requires_grad=True), TypeError,
            "requires_grad", match="int64"),
        # empty / ones / zeros: shapes, dtypes, devices
        *[c for name in ("empty", "ones", "zeros") for c in (
            Bad(name, lambda name=name: getattr(xp, name)(-1), ValueError, "shape"),
            Bad(name, lambda name=name: getattr(xp, name)((2, -3)), ValueError, "shape"),
            Bad(name, lambda name=name: getattr(xp, name)(2.0), TypeError, "shape"),
            Bad(name, lambda name=name: getattr(xp, name)((2, None)), TypeError, "shape"),
            Bad(name, lambda name=name: getattr(xp, name)((True, 2)), TypeError, "shape"),
            Bad(name, lambda name=name: getattr(xp, name)("2"), TypeError, "shape"),
            Bad(name, lambda name=name: getattr(xp, name)((2 ** 70,)), ValueError, "shape"),
            Bad(name, lambda name=name: getattr(xp, name)(2, dtype=float), TypeError, "dtype"),
            Bad(name, lambda name=name: getattr(xp, name)(2, device="cpu:7"), ValueError,
                "device"),
            Bad(name, lambda name=name: getattr(xp, name)(2, dtype=xp.int8,
                                                          requires_grad=True),
                TypeError, "requires_grad"),
        )],
        # the *_like functions
        *[c for name in ("empty_like", "ones_like", "zeros_like") for c in (
            Bad(name, lambda name=name: getattr(xp, name)([1.0, 2.0]), TypeError, "x"),
            Bad(name, lambda name=name: getattr(xp, name)(np.ones(2)), TypeError, "x",
                match="asarray"),
            Bad(name, lambda name=name: getattr(xp, name)(one("float64"), dtype="f8"),
                TypeError, "dtype"),
            Bad(name, lambda name=name: getattr(xp, name)(one("float64"), device=object()),
                ValueError, "device"),
            Bad(name, lambda name=name: getattr(xp, name)(one("float64"), requires_grad=1),
                TypeError, "requires_grad"),
        )],
        # eye
        Bad("eye", lambda: xp.eye(-1), ValueError, "n_rows"),
        Bad("eye", lambda: xp.eye(2, -1), ValueError, "n_cols"),
        Bad("eye", lambda: xp.eye(2.0), TypeError, "n_rows"),
        Bad("eye", lambda: xp.eye(2, 2.5), TypeError, "n_cols"),
        Bad("eye", lambda: xp.eye(2, k=0.5), TypeError, "k"),
        Bad("eye", lambda: xp.eye(2, dtype="float32"), TypeError, "dtype"),
        # full and full_like
        Bad("full", lambda: xp.full(2, "x"), TypeError, "fill_value"),
        Bad("full", lambda: xp.full(2, np.float64(1.0)), TypeError, "fill_value"),
        Bad("full", lambda: xp.full(2, 1.5, dtype=xp.int8), TypeError, "fill_value"),
        Bad("full", lambda: xp.full(2, 1j, dtype=xp.float32), TypeError, "fill_value"),
        Bad("full", lambda: xp.full(2, 300, dtype=xp.int8), OverflowError, "fill_value"),
        Bad("full", lambda: xp.full(2, 10 ** 30), OverflowError, "fill_value"),
        Bad("full", lambda: xp.full(2, 1, dtype=xp.bool), TypeError, "fill_value"),
        Bad("full", lambda: xp.full(-2, 1.0), ValueError, "shape"),
        Bad("full_like", lambda: xp.full_like(one("int8"), 1.5), TypeError, "fill_value"),
        Bad("full_like", lambda: xp.full_like(one("uint8"), -1), OverflowError, "fill_value"),
        Bad("full_like", lambda: xp.full_like(one("bool"), 10 ** 30), TypeError, "fill_value"),
        Bad("full_like", lambda: xp.full_like([1.0], 1.0), TypeError, "x"),
        # linspace
        Bad("linspace", lambda: xp.linspace(0, 1, -1), ValueError, "num"),
        Bad("linspace", lambda: xp.linspace(0, 1, 2.0), TypeError, "num"),
        Bad("linspace", lambda: xp.linspace("0", 1, 2), TypeError, "start"),
        Bad("linspace", lambda: xp.linspace(0, None, 2), TypeError, "stop"),
        Bad("linspace", lambda: xp.linspace(0, 1, 3, dtype=xp.int32), TypeError, "dtype"),
        Bad("linspace", lambda: xp.linspace(0, 1j, 3, dtype=xp.float64), TypeError,
            "start, stop"),
        Bad("linspace", lambda: xp.linspace(0, 1, 3, endpoint=1), TypeError, "endpoint"),
        # meshgrid
        Bad("meshgrid", lambda: xp.meshgrid(one("float64", (2, 2))), ValueError, "arrays[0]"),
        Bad("meshgrid", lambda: xp.meshgrid(one("float64"), [1.0]), TypeError, "arrays[1]"),
        Bad("meshgrid", lambda: xp.meshgrid(one("float64"), one("float32")), TypeError,
            "arrays"),
        Bad("meshgrid", lambda: xp.meshgrid(one("float64"), indexing="ji"), ValueError,
            "indexing"),
        Bad("meshgrid", lambda: xp.meshgrid(one("float64"), indexing=np.ones(2)), TypeError,
            "indexing"),
        # tril / triu
        *[c for name in ("tril", "triu") for c in (
            Bad(name, lambda name=name: getattr(xp, name)(one("float64")), ValueError, "x"),
            Bad(name, lambda name=name: getattr(xp, name)([[1.0]]), TypeError, "x"),
            Bad(name, lambda name=name: getattr(xp, name)(one("float64", (2, 2)), k=1.0),
                TypeError, "k"),
        )],
        # from_dlpack
        Bad("from_dlpack", lambda: xp.from_dlpack([1.0]), TypeError, "x"),
        Bad("from_dlpack", lambda: xp.from_dlpack(np.ones(2), copy="yes"), TypeError, "copy"),
        Bad("from_dlpack", lambda: xp.from_dlpack(np.ones(2), device="gpu:9"), ValueError,
            "device"),
        Bad("from_dlpack", lambda: xp.from_dlpack(one("float64"), device=1.5), ValueError,
            "device"),
        Bad("from_dlpack", lambda: xp.from_dlpack(np.ones(2, dtype=np.int8),
                                                  requires_grad=True),
            TypeError, "requires_grad"),
    ]
    return cases


CASES = _cases()


@pytest.mark.parametrize("case", CASES, ids=ids(CASES))
def test_creation_function_bad_input(case, backend):
    check_bad(case)


def test_large_offsets_are_no_error(backend):
    # k beyond the matrix selects no diagonal: zeros, not an overflow deep in a backend
    assert xp.eye(2, k=2 ** 70).tolist() == [[0.0, 0.0], [0.0, 0.0]]
    assert xp.triu(xp.ones((2, 2)), k=-(2 ** 70)).tolist() == [[1.0, 1.0], [1.0, 1.0]]
