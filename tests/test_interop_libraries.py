"""gradarray under array-API consumers: einops, SciPy, scikit-learn and array-api-compat
(design.md, "Interop: gradarray under other libraries"), on every backend.

What each test pins down:
- the libraries run on gradarray arrays and give NumPy's values;
- where a library stays inside the namespace, the result carries the graph and its gradient
  is the hand-computed one;
- where it leaves the namespace (``np.asarray``, ``float()``, compiled code) the user gets an
  error that says to call ``.detach()``, or a ``GradientLossWarning`` that
  ``warnings.simplefilter("error", GradientLossWarning)`` turns into an error: never a value
  that silently lost its gradient;
- in-place updates by library code are recorded, or refused at ``backward()`` with an error
  naming the operation: never a silently wrong gradient.

SciPy reads ``SCIPY_ARRAY_API`` once, when it is first imported: tests/conftest.py sets it.
"""

from __future__ import annotations

import math
import operator
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import gradarray as xp
from gradarray import GradientLossWarning
from gradarray.autograd import gradcheck

# NumPy's floating-point warnings (0/0 in StandardScaler's first partial_fit): SciPy and
# scikit-learn silence them with np.errstate for NumPy arrays only; gradarray's NumPy backend
# passes them on (np.errstate silences them there too)
pytestmark = pytest.mark.filterwarnings("ignore:invalid value encountered:RuntimeWarning")

RNG = np.random.default_rng(20251201)
X_NP = RNG.standard_normal((16, 3)) * np.array([1.0, 3.0, 0.5]) + np.array([0.0, 2.0, -1.0])
Y_NP = (X_NP[:, 0] + 0.5 * RNG.standard_normal(16) > 0).astype(np.int64)
W_NP = RNG.standard_normal((2, 3, 4))      # weights of the losses below
T_NP = RNG.permutation(24).reshape(2, 3, 4) / 7.0 - 1.5     # distinct values (max has one argmax)
INPLACE = r"modified by an in-place operation"


def arr(a: Any, requires_grad: bool = False) -> xp.Array:
    return xp.asarray(np.asarray(a, dtype=np.float64), requires_grad=requires_grad)


def host(a: Any) -> np.ndarray:
    """A result as a NumPy array, whatever the library returned."""
    if isinstance(a, xp.Array):
        return np.asarray(a.detach())
    return np.asarray(a)


def close(got: Any, want: Any, rtol: float = 1e-9, atol: float = 1e-12) -> None:
    np.testing.assert_allclose(host(got), np.asarray(want), rtol=rtol, atol=atol)


def weighted_loss(out: Any, w: np.ndarray) -> xp.Array:
    """sum(w * out): its gradient with respect to ``out`` is ``w``."""
    return xp.sum(out * xp.asarray(w, device=out.device))


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def einops_xp():
    return pytest.importorskip("einops.array_api", reason="einops is in the test extra; "
                               "einops.array_api needs einops >= 0.7")


def _version(module: Any) -> tuple[int, int]:
    major, minor = module.__version__.split(".")[:2]
    return int(major), int(minor)


@pytest.fixture(scope="module")
def scipy():
    scipy = pytest.importorskip("scipy", reason="SciPy is in the test extra (Python >= 3.11)")
    if _version(scipy) < (1, 16):
        pytest.skip(f"SciPy {scipy.__version__} runs several of these functions on NumPy "
                    f"only (softmax returns a NumPy array); array-API dispatch as tested "
                    f"here needs SciPy >= 1.16")
    import scipy.fft
    import scipy.signal
    import scipy.special
    import scipy.stats
    if not isinstance(scipy.special.logsumexp(xp.asarray([0.0])), xp.Array):
        pytest.skip("SciPy's array API support is off: it was imported before "
                    "SCIPY_ARRAY_API=1 was set")
    return scipy


@pytest.fixture
def sklearn(scipy):
    sklearn = pytest.importorskip("sklearn", reason="scikit-learn is in the test extra "
                                  "(Python >= 3.11)")
    if _version(sklearn) < (1, 8):
        pytest.skip(f"scikit-learn {sklearn.__version__} mixes NumPy dtypes and arrays into its "
                    f"array-API code paths (isdtype(np.float64), x == ndarray); needs >= 1.8")
    import sklearn.decomposition
    import sklearn.discriminant_analysis
    import sklearn.linear_model
    import sklearn.metrics
    import sklearn.preprocessing
    with sklearn.config_context(array_api_dispatch=True):
        yield sklearn


# ================================================================== array-api-compat
def test_array_api_compat_helpers_on_gradarray_arrays(backend):
    aac = pytest.importorskip("array_api_compat")
    x = arr([[1.0, 2.0, 3.0]], requires_grad=True)
    assert aac.array_namespace(x) is xp and aac.get_namespace(x, x) is xp
    assert aac.is_array_api_obj(x) and not aac.is_array_api_obj(np.ones(1).tolist())
    assert not aac.is_numpy_array(x)         # whatever the backend holds, it is ours
    assert aac.is_writeable_array(x) and not aac.is_lazy_array(x)
    assert aac.device(x) == x.device and aac.device(x) is x.device
    assert aac.size(x) == 3 == x.size
    y = aac.to_device(x, aac.device(x))
    assert y.device is x.device and y.requires_grad
    # consumers rebuild arrays where the input lives
    assert xp.asarray(0.0, device=aac.device(x)).device is x.device


def test_array_api_compat_to_device_across_backends_keeps_the_gradient(backend):
    aac = pytest.importorskip("array_api_compat")
    other = "reference" if backend != "reference" else "cpu"
    try:
        target = xp.device(other)
    except ValueError as exc:   # a backend that cannot run here
        pytest.skip(f"no second backend to move to: {exc}")
    x = arr([1.0, 2.0, 3.0], requires_grad=True)
    y = aac.to_device(x, target)
    assert y.device is target and y.tolist() == [1.0, 2.0, 3.0]
    xp.sum(y * y).backward()
    assert x.grad.device is x.device and x.grad.tolist() == [2.0, 4.0, 6.0]


# ================================================================== what consumers do to arrays
def test_consumer_idioms_on_gradarray_arrays(backend):
    x = xp.asarray([[1.0, 2.0], [3.0, 4.0]], dtype=xp.float32, requires_grad=True)
    info = xp.__array_namespace_info__()
    assert x.device in info.devices()
    assert x.device == xp.asarray(0, device=x.device).device
    assert info.default_dtypes(device=x.device)["indexing"] in (xp.int32, xp.int64)
    assert set(info.dtypes(device=x.device, kind="real floating")) <= {"float32", "float64"}
    eps = xp.finfo(x.dtype).eps
    assert type(eps) is float and (x + eps).dtype is xp.float32
    assert xp.isdtype(x.dtype, ("real floating", "complex floating"))
    assert int(x.shape[0]) == 2 and math.prod(x.shape) == x.size == 4
    assert operator.index(xp.asarray(3)) == 3 and [10, 11, 12, 13][xp.asarray(2)] == 12
    assert x.mT.shape == (2, 2) and x.mT.requires_grad
    assert np.asarray(x.detach()).tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert x.detach().__array__().dtype == np.float32


def test_asarray_inside_the_namespace_keeps_the_graph(backend):
    # SciPy and scikit-learn re-asarray their inputs (to promote, cast or copy them); with
    # gradarray each of these stays on the tape (design.md: peers strip requires_grad here)
    x = arr([1.0, 2.0, 3.0], requires_grad=True)
    ns = x.__array_namespace__()
    ways: dict[str, Callable[[xp.Array], xp.Array]] = {
        "as is": lambda v: ns.asarray(v),
        "same device": lambda v: ns.asarray(v, device=v.device),
        "copy": lambda v: ns.asarray(v, copy=True),
        "cast": lambda v: ns.asarray(v, dtype=xp.float32),
        "list of 0-d arrays": lambda v: ns.asarray([v[0], v[1], v[2]]),
        "list mixing arrays and Python floats": lambda v: ns.asarray([v[0], 2.0, v[2]]),
    }
    for name, way in ways.items():
        x.grad = None
        y = way(x)
        assert y.requires_grad, name
        xp.sum(xp.astype(y, xp.float64) * xp.asarray([1.0, 10.0, 100.0])).backward()
        want = [1.0, 0.0 if "Python" in name else 10.0, 100.0]
        assert x.grad.tolist() == want, name
    assert ns.asarray(x) is x


def test_foreign_dtypes_and_numpy_scalars_are_refused_with_a_way_out(backend):
    # the standard defines Python scalars and the namespace's own dtypes; a NumPy scalar or
    # dtype is refused (it would otherwise turn the array into an ndarray, or compare unequal
    # silently), with a message that says how to convert it
    x = arr([1.0, 2.0])
    with pytest.raises(TypeError, match=r"asarray\(dtype\): expected a gradarray dtype"):
        xp.asarray([1.0], dtype=np.float64)
    for op in (lambda: x * np.float64(2.0), lambda: np.float64(2.0) * x,
               lambda: x + np.int64(1), lambda: x < np.float32(1.0),
               lambda: xp.multiply(x, np.float64(2.0))):
        with pytest.raises(TypeError, match=r"NumPy scalar \(numpy\.\w+\).*float\(\)"):
            op()
    with pytest.raises(TypeError, match=r"NumPy array.*gradarray\.asarray"):
        x + np.ones(2)
    with pytest.raises(TypeError, match=r"__iadd__\(other\).*NumPy scalar"):
        y = arr([1.0])
        y += np.float64(1.0)
    assert (x * float(np.float64(2.0))).tolist() == [2.0, 4.0]     # the way out


# ================================================================== einops
EINOPS_CASES: dict[str, tuple[str, str, dict[str, Any]]] = {
    # name: (function, pattern, keywords)
    "rearrange merge": ("rearrange", "a b c -> (a b) c", {}),
    "rearrange transpose": ("rearrange", "a b c -> c a b", {}),
    "rearrange split": ("rearrange", "a b (c two) -> a (b two) c", {"two": 2}),
    "reduce mean": ("reduce", "a b c -> a c", {"reduction": "mean"}),
    "reduce sum pooled": ("reduce", "a b (c two) -> a b c", {"reduction": "sum", "two": 2}),
    "reduce max": ("reduce", "a b c -> a b", {"reduction": "max"}),
    "reduce min": ("reduce", "a b c -> b", {"reduction": "min"}),
    "reduce prod": ("reduce", "a b c -> c", {"reduction": "prod"}),
    "repeat new axis": ("repeat", "a b c -> a b c r", {"r": 3}),
    "repeat tile": ("repeat", "a b c -> (r a) b c", {"r": 2}),
}


@pytest.mark.parametrize("name", sorted(EINOPS_CASES))
def test_einops_patterns_match_numpy_and_keep_gradients(name, backend, einops_xp):
    import einops  # its NumPy path gives the values to compare with
    fn, pattern, kw = EINOPS_CASES[name]
    x = arr(T_NP, requires_grad=True)
    out = getattr(einops_xp, fn)(x, pattern, **kw)
    want = getattr(einops, fn)(T_NP, pattern, **kw)
    assert isinstance(out, xp.Array) and out.device is x.device
    close(out, want)
    assert out.requires_grad
    assert gradcheck(lambda v: xp.sum(getattr(einops_xp, fn)(v, pattern, **kw) ** 2), (x,))


def test_einops_gradients_equal_the_hand_computed_ones(backend, einops_xp):
    x = arr(T_NP, requires_grad=True)
    a, b, c = T_NP.shape
    w = RNG.standard_normal((c, a * b))
    weighted_loss(einops_xp.rearrange(x, "a b c -> c (a b)"), w).backward()
    close(x.grad, w.T.reshape(a, b, c))                   # the inverse rearrangement of w

    x.grad = None
    w = RNG.standard_normal((a, c))
    weighted_loss(einops_xp.reduce(x, "a b c -> a c", "mean"), w).backward()
    close(x.grad, np.broadcast_to(w[:, None, :] / b, (a, b, c)))

    x.grad = None
    w = RNG.standard_normal((a, b))
    weighted_loss(einops_xp.reduce(x, "a b c -> a b", "max"), w).backward()
    want = np.zeros_like(T_NP)
    i, j = np.indices((a, b))
    want[i, j, T_NP.argmax(axis=-1)] = w            # only the largest element gets it
    close(x.grad, want)

    x.grad = None
    w = RNG.standard_normal((a, b, c, 3))
    weighted_loss(einops_xp.repeat(x, "a b c -> a b c r", r=3), w).backward()
    close(x.grad, w.sum(axis=-1))                   # the copies' gradients add up


def test_einops_pack_and_unpack_round_trip_with_gradients(backend, einops_xp):
    x = arr(T_NP, requires_grad=True)
    y = arr(T_NP[:, :1, :] * 2.0, requires_grad=True)
    packed, shapes = einops_xp.pack([x, y], "a * c")
    assert packed.shape == (2, 4, 4) and [tuple(s) for s in shapes] == [(3,), (1,)]
    u, v = einops_xp.unpack(packed, shapes, "a * c")
    close(u, T_NP)
    close(v, T_NP[:, :1, :] * 2.0)
    (xp.sum(u * 3.0) + xp.sum(v)).backward()
    close(x.grad, np.full(T_NP.shape, 3.0))
    close(y.grad, np.ones((2, 1, 4)))


def test_einops_framework_functions_point_to_einops_array_api(backend, einops_xp):
    # einops.rearrange dispatches on a fixed list of frameworks; array-API arrays go through
    # einops.array_api (docs/interop.md says so).  The framework path fails loudly.
    import einops
    with pytest.raises(RuntimeError, match="unknown to einops"):
        einops.rearrange(arr(T_NP), "a b c -> c b a")


# ================================================================== SciPy
def _scipy_cases(scipy: Any) -> dict[str, Callable[..., Any]]:
    sp, st, sf, ss = scipy.special, scipy.stats, scipy.fft, scipy.signal
    from scipy.cluster import vq
    return {
        "special.logsumexp": lambda v: sp.logsumexp(v, axis=-1),
        "special.softmax": lambda v: sp.softmax(v, axis=-1),
        "special.log_softmax": lambda v: sp.log_softmax(v, axis=-1),
        "special.xlogy": lambda v: sp.xlogy(v * v, v * v + 1.0),
        "special.rel_entr": lambda v: sp.rel_entr(v * v + 0.1, v * v + 1.0),
        "special.erf": lambda v: sp.erf(v),
        "special.expit": lambda v: sp.expit(v),
        "special.gammaln": lambda v: sp.gammaln(v * v + 1.0),
        "stats.zscore": lambda v: st.zscore(v, axis=-1),
        "stats.moment": lambda v: st.moment(v, order=3, axis=-1),
        "stats.skew": lambda v: st.skew(v, axis=-1),
        "stats.kurtosis": lambda v: st.kurtosis(v, axis=-1),
        "stats.variation": lambda v: st.variation(v + 5.0, axis=-1),
        "stats.gmean": lambda v: st.gmean(v * v + 1.0, axis=-1),
        "stats.hmean": lambda v: st.hmean(v * v + 1.0, axis=-1),
        "stats.pmean": lambda v: st.pmean(v * v + 1.0, 2.5, axis=-1),
        "stats.sem": lambda v: st.sem(v, axis=-1),
        "stats.entropy": lambda v: st.entropy(v * v + 1.0, axis=-1),
        "stats.circmean": lambda v: st.circmean(v, axis=-1),
        "fft.fft": lambda v: sf.fft(v),
        "fft.rfft": lambda v: sf.rfft(v),
        "fft.fftshift": lambda v: sf.fftshift(v, axes=-1),
        "fft.dct": lambda v: sf.dct(v),
        "signal.fftconvolve": lambda v: ss.fftconvolve(v[0, 0], v[1, 1]),
        "signal.convolve": lambda v: ss.convolve(v[0, 0], v[1, 1]),
        "signal.correlate": lambda v: ss.correlate(v[0, 0], v[1, 1]),
        "signal.convolve fft": lambda v: ss.convolve(v[0, 0], v[1, 1], method="fft"),
        "signal.correlate fft": lambda v: ss.correlate(v[0, 0], v[1, 1], method="fft"),
        "signal.detrend": lambda v: ss.detrend(v[0, 0]),
        "cluster.vq.whiten": lambda v: vq.whiten(v[0]),
    }


SCIPY_NAMES = [
    "special.logsumexp", "special.softmax", "special.log_softmax", "special.xlogy",
    "special.rel_entr", "special.erf", "special.expit", "special.gammaln", "stats.zscore",
    "stats.moment", "stats.skew", "stats.kurtosis", "stats.variation", "stats.gmean",
    "stats.hmean", "stats.pmean", "stats.sem", "stats.entropy", "stats.circmean", "fft.fft",
    "fft.rfft", "fft.fftshift", "fft.dct", "signal.fftconvolve", "signal.convolve",
    "signal.correlate", "signal.convolve fft", "signal.correlate fft", "signal.detrend",
    "cluster.vq.whiten",
]


@pytest.mark.parametrize("name", SCIPY_NAMES)
def test_scipy_functions_run_on_gradarray_arrays_with_numpy_values(name, backend, scipy):
    f = _scipy_cases(scipy)[name]
    x = arr(T_NP)
    out = f(x)
    assert isinstance(out, xp.Array), f"{name} returned {type(out).__name__}"
    assert out.device is x.device
    close(out, f(T_NP), rtol=1e-7)


@pytest.mark.parametrize("name", SCIPY_NAMES)
def test_scipy_functions_keep_the_gradient_or_say_where_it_is_lost(name, backend, scipy):
    # never silent: with GradientLossWarning made an error, a SciPy function on an array that
    # requires grad either returns a result that carries a correct gradient, or raises
    f = _scipy_cases(scipy)[name]
    x = arr(T_NP, requires_grad=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error", GradientLossWarning)
        try:
            out = f(x)
        except GradientLossWarning as w:         # float()/int() of an array in the graph
            assert ".detach()" in str(w)
            return
        except RuntimeError as e:                # np.asarray of an array in the graph
            assert "detach()" in str(e), str(e)
            return
    assert out.requires_grad, f"{name}: the gradient was dropped silently"
    loss = (lambda v: xp.sum(xp.abs(f(v)) ** 2)) if out.dtype.kind == "c" else \
        (lambda v: xp.sum(f(v) ** 2))
    try:
        assert gradcheck(loss, (x,))
    except RuntimeError as e:                    # library code overwrote a saved input
        assert INPLACE in str(e), str(e)


def test_scipy_gradients_equal_the_closed_forms(backend, scipy):
    sp, st, sf, ss = scipy.special, scipy.stats, scipy.fft, scipy.signal
    v = T_NP                   # (2, 3, 4): reductions run over the last axis, n = 4
    n = v.shape[-1]
    sm = np.exp(v - v.max(-1, keepdims=True))
    sm /= sm.sum(-1, keepdims=True)

    def grad_of(f: Callable[[xp.Array], xp.Array], w: np.ndarray, data: np.ndarray = v
                ) -> xp.Array:
        x = arr(data, requires_grad=True)
        out = f(x)
        assert out.requires_grad
        weighted_loss(out, w).backward()
        return x.grad

    w = W_NP[..., 0]
    close(grad_of(lambda x: sp.logsumexp(x, axis=-1), w), w[..., None] * sm)
    w = W_NP
    close(grad_of(lambda x: sp.softmax(x, axis=-1), w),
          sm * (w - (w * sm).sum(-1, keepdims=True)))
    close(grad_of(lambda x: sp.log_softmax(x, axis=-1), w), w - sm * w.sum(-1, keepdims=True))
    c, pos = np.abs(v) + 0.5, v * v + 1.0
    close(grad_of(lambda x: sp.xlogy(xp.asarray(c, device=x.device), x), w, pos), w * c / pos)
    w = W_NP[..., 0]
    m = v.mean(-1, keepdims=True)
    close(grad_of(lambda x: st.moment(x, order=2, axis=-1), w),
          w[..., None] * 2.0 * (v - m) / n)
    g = np.exp(np.log(pos).mean(-1, keepdims=True))
    close(grad_of(lambda x: st.gmean(x, axis=-1), w, pos), w[..., None] * g / (n * pos))
    p = 2.5
    mp = (pos ** p).mean(-1, keepdims=True) ** (1.0 / p)
    close(grad_of(lambda x: st.pmean(x, p, axis=-1), w, pos),
          w[..., None] * mp ** (1.0 - p) * pos ** (p - 1.0) / n)
    w = W_NP
    s = v.std(-1, keepdims=True)
    z = (v - m) / s
    close(grad_of(lambda x: st.zscore(x, axis=-1), w),
          (w - w.mean(-1, keepdims=True) - z * (w * z).mean(-1, keepdims=True)) / s)
    # Parseval: sum |fft(x)|^2 = n sum x^2
    x = arr(v, requires_grad=True)
    xp.sum(xp.abs(sf.fft(x)) ** 2).backward()
    close(x.grad, 2.0 * n * v, rtol=1e-9, atol=1e-10)
    # d/da sum(w * (a * k)) = correlation of w with k
    a_np, k_np = v[0, 0], v[1, 1]
    w = RNG.standard_normal(a_np.size + k_np.size - 1)
    a = arr(a_np, requires_grad=True)
    weighted_loss(ss.fftconvolve(a, arr(k_np)), w).backward()
    close(a.grad, np.correlate(w, k_np, mode="valid"), rtol=1e-9, atol=1e-10)


def test_scipy_numpy_fallbacks_refuse_arrays_that_require_grad(backend, scipy):
    # scipy.special has no array-API implementation of erf: it computes on np.asarray(x),
    # which refuses an array in the graph (a gradient would be lost) and names the way out
    x = arr(T_NP, requires_grad=True)
    try:
        out = scipy.special.erf(x)
    except RuntimeError as e:
        assert "numpy.asarray(x)" in str(e) and "x.detach()" in str(e)
    else:   # a later SciPy computing erf in the namespace keeps the gradient instead
        assert out.requires_grad
        assert gradcheck(lambda v: xp.sum(scipy.special.erf(v)), (x,))
    close(scipy.special.erf(x.detach()), scipy.special.erf(T_NP))


def test_scipy_in_place_change_of_a_saved_input_is_refused_at_backward(backend, scipy):
    # logsumexp(b=...) takes max(a), then writes -inf into a at the maximum (xpx.at(...).set
    # with copy=None writes in place): the max node's saved input changed under it.  Where
    # this happens, backward() names the node instead of giving a wrong gradient.
    x = arr(T_NP, requires_grad=True)
    b = arr(np.abs(W_NP) + 0.1)
    out = scipy.special.logsumexp(x, axis=-1, b=b)
    close(out, scipy.special.logsumexp(T_NP, axis=-1, b=np.abs(W_NP) + 0.1))
    try:
        xp.sum(out).backward()
    except RuntimeError as e:
        assert INPLACE in str(e) and "MaxBackward" in str(e)
    else:   # a SciPy that copies first: then the gradient must be right
        close(x.grad, (np.abs(W_NP) + 0.1) * np.exp(T_NP) /
              ((np.abs(W_NP) + 0.1) * np.exp(T_NP)).sum(-1, keepdims=True))


def test_scipy_writes_into_its_own_results_stay_differentiable(backend, scipy):
    # log_softmax sets non-finite maxima to 0 in place (xpx.at(m, ~isfinite(m)).set(0)) on
    # the output of max, which max saved: the node keeps its own copy (indexing.keep_saved)
    # and the write is recorded, so the gradient is right (PyTorch would raise here)
    x = arr(T_NP, requires_grad=True)
    y = scipy.special.log_softmax(x, axis=-1)
    weighted_loss(y, W_NP).backward()
    sm = np.exp(T_NP) / np.exp(T_NP).sum(-1, keepdims=True)
    close(x.grad, W_NP - sm * W_NP.sum(-1, keepdims=True))


# ================================================================== scikit-learn
def _fitted(sklearn: Any, name: str, X: Any, y: Any) -> Any:
    pre, dec = sklearn.preprocessing, sklearn.decomposition
    lda = sklearn.discriminant_analysis.LinearDiscriminantAnalysis
    makers = {
        "StandardScaler": lambda: pre.StandardScaler(),
        "MinMaxScaler": lambda: pre.MinMaxScaler(),
        "MaxAbsScaler": lambda: pre.MaxAbsScaler(),
        "Normalizer": lambda: pre.Normalizer(),
        "PCA": lambda: dec.PCA(n_components=2, svd_solver="full"),
        "PCA covariance_eigh": lambda: dec.PCA(n_components=2, svd_solver="covariance_eigh"),
        "LinearDiscriminantAnalysis": lambda: lda(solver="svd"),
        "Ridge": lambda: sklearn.linear_model.Ridge(alpha=0.5, solver="svd"),
    }
    est = makers[name]()
    target = y if name == "LinearDiscriminantAnalysis" else (
        X[:, 0] * 2.0 - X[:, 1] if name == "Ridge" else None)
    return est.fit(X, target) if target is not None else est.fit(X)


SKLEARN_ESTIMATORS = ["StandardScaler", "MinMaxScaler", "MaxAbsScaler", "Normalizer", "PCA",
                      "PCA covariance_eigh", "LinearDiscriminantAnalysis", "Ridge"]


def _apply(est: Any, X: Any) -> Any:
    return est.predict(X) if hasattr(est, "coef_") and not hasattr(est, "transform") \
        else est.transform(X)


@pytest.mark.parametrize("name", SKLEARN_ESTIMATORS)
def test_sklearn_estimators_match_numpy(name, backend, sklearn):
    X, y = arr(X_NP), xp.asarray(Y_NP)
    est = _fitted(sklearn, name, X, y)
    out = _apply(est, X)
    assert isinstance(out, xp.Array) and out.device is X.device
    with sklearn.config_context(array_api_dispatch=False), np.errstate(all="ignore"):
        want = _apply(_fitted(sklearn, name, X_NP, Y_NP), X_NP)
    if name == "LinearDiscriminantAnalysis":
        # its scalings come from an SVD, whose signs the standard leaves open (scikit-learn
        # < 1.9 keeps the backend's): compare each component up to its sign
        out = host(out) * np.sign((host(out) * want).sum(axis=0))
    close(out, want, rtol=1e-8, atol=1e-10)
    if name == "LinearDiscriminantAnalysis":
        with sklearn.config_context(array_api_dispatch=False):
            ref = _fitted(sklearn, name, X_NP, Y_NP)
        assert est.predict(X).tolist() == ref.predict(X_NP).tolist()
        close(est.predict_proba(X), ref.predict_proba(X_NP), rtol=1e-8)
        close(est.decision_function(X), ref.decision_function(X_NP), rtol=1e-8)


def test_sklearn_transform_with_fixed_statistics_is_differentiable(backend, sklearn):
    # fit on data, then differentiate a loss through transform(): Z = (X - mean) / scale
    # and Z = (X - mean) @ components.T, so d sum(Z^2)/dX is 2 Z / scale and 2 Z @ components
    data = arr(X_NP)
    scaler = sklearn.preprocessing.StandardScaler().fit(data)
    X = arr(X_NP, requires_grad=True)
    Z = scaler.transform(X)
    xp.sum(Z * Z).backward()
    close(X.grad, 2.0 * host(Z) / host(scaler.scale_))

    pca = sklearn.decomposition.PCA(n_components=2, svd_solver="full").fit(data)
    X = arr(X_NP, requires_grad=True)
    Z = pca.transform(X)
    xp.sum(Z * Z).backward()
    close(X.grad, 2.0 * host(Z) @ host(pca.components_))


def _sklearn_functions(sklearn: Any) -> dict[str, Callable[[xp.Array], xp.Array]]:
    """Functions of X that scikit-learn computes; the estimators fitted on X itself."""
    y = xp.asarray(Y_NP)
    pw, pre = sklearn.metrics.pairwise, sklearn.preprocessing
    out: dict[str, Callable[[xp.Array], xp.Array]] = {
        f"fit {name}": (lambda v, name=name: _apply(_fitted(sklearn, name, v, y), v))
        for name in SKLEARN_ESTIMATORS}
    out.update({
        "normalize": lambda v: pre.normalize(v),
        "PolynomialFeatures": lambda v: pre.PolynomialFeatures(2).fit_transform(v),
        "euclidean_distances": lambda v: pw.euclidean_distances(v, v[:4] + 1.0),
        "rbf_kernel": lambda v: pw.rbf_kernel(v, gamma=0.3),
        "linear_kernel": lambda v: pw.linear_kernel(v),
        "polynomial_kernel": lambda v: pw.polynomial_kernel(v, degree=2, coef0=1.0),
        "sigmoid_kernel": lambda v: pw.sigmoid_kernel(v, gamma=0.1),
        "laplacian_kernel": lambda v: pw.laplacian_kernel(v, gamma=0.3),
        "manhattan_distances": lambda v: pw.manhattan_distances(v, v[:4] + 0.5),
        "additive_chi2_kernel": lambda v: pw.additive_chi2_kernel(v * v, v * v + 1.0),
        "cosine_similarity": lambda v: pw.cosine_similarity(v),
    })
    return out


SKLEARN_FUNCTIONS = [f"fit {n}" for n in SKLEARN_ESTIMATORS] + [
    "normalize", "PolynomialFeatures", "euclidean_distances", "rbf_kernel", "linear_kernel",
    "polynomial_kernel", "sigmoid_kernel", "laplacian_kernel", "manhattan_distances",
    "additive_chi2_kernel", "cosine_similarity"]
# write in place into an array that an earlier product saved (X /= norms after X * X; a
# buffer filled column by column from its own columns): refused at backward
SKLEARN_REFUSED = {"fit Normalizer", "normalize", "PolynomialFeatures", "cosine_similarity"}


@pytest.mark.parametrize("name", SKLEARN_FUNCTIONS)
def test_sklearn_on_arrays_that_require_grad_is_differentiable_or_refused(name, backend,
                                                                         sklearn):
    # fitting on X that requires grad puts the fitted statistics in the graph too.  Library
    # code writes into its intermediates (scale[scale == 0] = 1, u *= signs, X /= norms):
    # writes into a value its producer saved are recorded (gradcheck passes); writes into a
    # value another node saved are refused at backward, naming the node
    f = _sklearn_functions(sklearn)[name]
    X = arr(X_NP, requires_grad=True)
    if "LinearDiscriminant" not in name:     # (its signs: test_sklearn_estimators_match_numpy)
        with sklearn.config_context(array_api_dispatch=False), np.errstate(all="ignore"):
            want = f(X_NP)
        close(f(X), want, rtol=1e-8, atol=1e-10)
    with np.errstate(all="ignore"):
        try:
            assert gradcheck(lambda v: xp.sum(f(v) ** 2), (X,), atol=1e-5, rtol=1e-4)
        except RuntimeError as e:
            assert INPLACE in str(e), str(e)
            assert name in SKLEARN_REFUSED, f"{name} was refused: {e}"
        else:
            assert name not in SKLEARN_REFUSED, f"{name} is differentiable now: update the docs"


REGRESSION_METRICS = ["r2_score", "mean_squared_error", "mean_absolute_error",
                      "explained_variance_score", "mean_absolute_percentage_error",
                      "max_error", "mean_poisson_deviance"]
CLASSIFICATION_METRICS = ["accuracy_score", "zero_one_loss", "f1_score", "precision_score",
                          "recall_score", "confusion_matrix"]


def _metric_args(name: str, grad: bool = False) -> tuple[Any, Any, np.ndarray, np.ndarray]:
    if name in CLASSIFICATION_METRICS:
        pred = (X_NP[:, 1] > 2.0).astype(np.int64)
        return xp.asarray(Y_NP), xp.asarray(pred), Y_NP, pred
    t, p = np.abs(X_NP[:, 0]) + 0.5, np.abs(X_NP[:, 1]) + 0.5
    return arr(t), arr(p, requires_grad=grad), t, p


@pytest.mark.parametrize("name", REGRESSION_METRICS + CLASSIFICATION_METRICS)
def test_sklearn_metrics_match_numpy(name, backend, sklearn):
    metric = getattr(sklearn.metrics, name)
    a, b, a_np, b_np = _metric_args(name)
    got = metric(a, b)
    with sklearn.config_context(array_api_dispatch=False):
        want = metric(a_np, b_np)
    close(got, want, rtol=1e-9)


@pytest.mark.parametrize("name", REGRESSION_METRICS)
def test_sklearn_metrics_on_arrays_that_require_grad_warn_gradient_loss(name, backend,
                                                                      sklearn):
    # scikit-learn's metrics return float(...): the value leaves the graph, and says so
    metric = getattr(sklearn.metrics, name)
    a, b, a_np, b_np = _metric_args(name, grad=True)
    with pytest.warns(GradientLossWarning, match=r"\.detach\(\) or \.item\(\)"):
        got = metric(a, b)
    with sklearn.config_context(array_api_dispatch=False):
        assert got == pytest.approx(metric(a_np, b_np), rel=1e-9)
    with warnings.catch_warnings():
        warnings.simplefilter("error", GradientLossWarning)
        with pytest.raises(GradientLossWarning):
            metric(a, b)
    assert metric(a, b.detach()) == pytest.approx(got, rel=1e-12)    # no warning: explicit


def test_sklearn_roc_curve_matches_numpy_or_names_the_nonstandard_call(backend, sklearn):
    scores = arr(X_NP[:, 0] + 0.3 * X_NP[:, 1])
    try:
        fpr, tpr, thr = sklearn.metrics.roc_curve(xp.asarray(Y_NP), scores)
    except TypeError as e:
        # scikit-learn 1.9 calls xp.diff(fps, 2): the standard makes n keyword-only, and
        # gradarray keeps the standard's signature (as array-api-strict does)
        assert "diff()" in str(e)
        pytest.skip("scikit-learn's roc_curve calls xp.diff(x, 2) with n positional, which "
                    "the Array API standard makes keyword-only")
    with sklearn.config_context(array_api_dispatch=False):
        want = sklearn.metrics.roc_curve(Y_NP, X_NP[:, 0] + 0.3 * X_NP[:, 1])
    for got, w in zip((fpr, tpr, thr), want):
        close(got, w)
