"""Derivative rules of the linear algebra functions and the fft extension.

Every row of linalg_fft_cases.CASES is gradchecked (and most gradgradchecked) on every
backend; the tests below pin down what finite differences cannot see: PyTorch's conventions
at non-differentiable points (ties, zeros, singular matrices) and its errors for losses that
are not well defined.
"""

from __future__ import annotations

import math

import pytest

import gradarray as xp
from gradarray.autograd import gradcheck, gradgradcheck
from tests.autograd.linalg_fft_cases import CASES, DIFFERENTIABLE, NOT_DIFFERENTIABLE, rand

L = xp.linalg


def _leaves(case):
    return tuple(x.detach().requires_grad_() for x in case.inputs())


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.id)
def test_rule_matches_finite_differences(case, backend):
    assert gradcheck(case.fn, _leaves(case), eps=case.eps)


@pytest.mark.parametrize("case", [c for c in CASES if c.gradgrad], ids=lambda c: c.id)
def test_rule_second_derivative_matches_finite_differences(case, backend):
    assert gradgradcheck(case.fn, _leaves(case), eps=case.eps)


def test_every_differentiable_function_has_a_case():
    covered = {c.name for c in CASES}
    missing = sorted(set(DIFFERENTIABLE) - covered)
    assert not missing, f"no gradcheck case for {missing}"
    public = {f"linalg.{n}" for n in dir(L) if not n.startswith("_") and n[0].islower()}
    public |= {f"fft.{n}" for n in dir(xp.fft) if not n.startswith("_")}
    unaccounted = sorted(public - set(DIFFERENTIABLE) - set(NOT_DIFFERENTIABLE))
    assert not unaccounted, f"neither differentiable nor excused: {unaccounted}"


def _grad(f, x):
    x = x.detach().requires_grad_()
    out = f(x)
    (g,) = xp.autograd.grad(out, [x], grad_outputs=xp.ones_like(out))
    return g.tolist()


def _close(a, b, tol=1e-9):
    if isinstance(a, list):
        return len(a) == len(b) and all(_close(u, v, tol) for u, v in zip(a, b))
    return abs(a - b) <= tol


# ---------------------------------------------------------------- det
def test_det_singular_gradient_is_cofactor_matrix(backend):
    a = xp.asarray([[1.0, 2, 3], [2, 4, 6], [1, 0, 1]])
    # cofactors C_ij = (-1)^(i+j) M_ij of a, worked by hand
    cof = [[4.0, 4, -4], [-2, -2, 2], [0, 0, 0]]
    assert _close(_grad(L.det, a), cof)


def test_det_singular_gradient_in_a_mixed_batch(backend):
    singular = [[1.0, 2], [2, 4]]
    regular = [[2.0, 1], [1, 3]]
    g = _grad(L.det, xp.asarray([singular, regular]))
    # the 2x2 cofactor matrix is [[d, -c], [-b, a]]
    assert _close(g, [[[4.0, -2], [-2, 1]], [[3.0, -1], [-1, 2]]])


def test_det_rank_one_gradient_is_zero(backend):
    a = xp.asarray([[1.0, 2, 3], [2, 4, 6], [3, 6, 9]])
    assert _close(_grad(L.det, a), [[0.0] * 3] * 3)


# -------------------------------------------------------------- norms
@pytest.mark.parametrize("ord", [2, 1, 0, 3, 1.5, 0.5, -1, -2.5, math.inf, -math.inf])
@pytest.mark.parametrize("dtype", ["float64", "complex128"])
def test_vector_norm_zero_vector_gradient_is_zero(backend, ord, dtype):
    x = xp.zeros((2, 3), dtype=getattr(xp, dtype))
    g = xp.asarray(_grad(lambda a: L.vector_norm(a, ord=ord, axis=1), x))
    assert xp.all(g == 0)


@pytest.mark.parametrize("ord", [0.5, -1, -2.5])
def test_vector_norm_zero_element_gets_zero_gradient(backend, ord):
    # |x|^(ord-1) is infinite at 0: PyTorch masks it, so the gradient stays finite
    g = _grad(lambda a: L.vector_norm(a, ord=ord), xp.asarray([0.0, 1.0, -2.0]))
    assert g[0] == 0 and all(math.isfinite(v) for v in g)


def test_vector_norm_ord_zero_gradient_is_zero(backend):
    assert _grad(lambda a: L.vector_norm(a, ord=0), xp.asarray([0.0, 1.0, -2.0])) == [0, 0, 0]


def test_vector_norm_inf_ties_share_gradient(backend):
    g = _grad(lambda a: L.vector_norm(a, ord=math.inf), xp.asarray([2.0, -2.0, 1.0]))
    assert _close(g, [0.5, -0.5, 0.0])


@pytest.mark.parametrize("ord, rows, expected", [
    # column sums of |a| are 2, 2, 1: the two largest share
    (1, [[1.0, -1, 1], [1, 1, 0]], [[0.5, -0.5, 0], [0.5, 0.5, 0]]),
    # the smallest column sum is the last column's (and sign(0) = 0)
    (-1, [[1.0, -1, 1], [1, 1, 0]], [[0, 0, 1], [0, 0, 0]]),
    # row sums 2 and 2 tie
    (math.inf, [[1.0, -1, 0], [1, 1, 0]], [[0.5, -0.5, 0], [0.5, 0.5, 0]]),
    # row sums 3 and 2: the second row is the smallest
    (-math.inf, [[1.0, -1, 1], [1, 1, 0]], [[0, 0, 0], [1, 1, 0]]),
])
def test_matrix_norm_ties_share_gradient_evenly(backend, ord, rows, expected):
    assert _close(_grad(lambda x: L.matrix_norm(x, ord=ord), xp.asarray(rows)), expected)


def test_matrix_norm_two_with_repeated_singular_values_shares_gradient(backend):
    # identity: both singular values are the largest; U diag(1/2, 1/2) Vh
    g = _grad(lambda x: L.matrix_norm(x, ord=2), xp.eye(2, dtype=xp.float64))
    assert _close(g, [[0.5, 0.0], [0.0, 0.5]])


@pytest.mark.parametrize("ord", ["fro", "nuc", 1, -1, 2, math.inf])
def test_matrix_norm_zero_matrix_gradient_is_zero(backend, ord):
    g = xp.asarray(_grad(lambda x: L.matrix_norm(x, ord=ord), xp.zeros((2, 3))))
    assert xp.all(g == 0)


# ----------------------------------------------------- decompositions
def test_cholesky_gradient_is_hermitian(backend):
    a = xp.asarray([[4.0, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]])
    x = a.detach().requires_grad_()
    out = L.cholesky(x)
    (g,) = xp.autograd.grad(out, [x], grad_outputs=rand((3, 3), key="u"))
    assert xp.all(xp.abs(g - xp.matrix_transpose(g)) < 1e-12)


def test_svd_complex_phase_dependent_loss_raises(backend):
    x = rand((3, 3), True).requires_grad_()
    u = L.svd(x).U
    with pytest.raises(RuntimeError, match="depends on this phase"):
        xp.sum(xp.real(u)).backward()


def test_eigh_complex_phase_dependent_loss_raises(backend):
    a = rand((3, 3), True)
    x = (a + xp.conj(xp.matrix_transpose(a))).detach().requires_grad_()
    v = L.eigh(x).eigenvectors
    with pytest.raises(RuntimeError, match="linalg_eigh_backward"):
        xp.sum(xp.real(v)).backward()


def test_eig_phase_dependent_loss_raises(backend):
    x = rand((3, 3)).requires_grad_()
    v = L.eig(x).eigenvectors
    with pytest.raises(RuntimeError, match="linalg_eig_backward"):
        xp.sum(xp.imag(v)).backward()


def test_eig_of_real_matrix_has_real_gradient(backend):
    x = rand((3, 3)).requires_grad_()
    xp.sum(xp.real(L.eigvals(x))).backward()
    # the sum of the eigenvalues is the trace
    assert x.grad.dtype == xp.float64
    assert _close(x.grad.tolist(), [[1.0, 0, 0], [0, 1, 0], [0, 0, 1]], 1e-9)


def test_svd_full_matrices_extra_columns_get_no_gradient(backend):
    x = rand((4, 2)).requires_grad_()
    u = L.svd(x, full_matrices=True).U
    (g_extra,) = xp.autograd.grad(xp.sum(u[:, 2:]), [x], allow_unused=True)
    assert g_extra is None or bool(xp.all(g_extra == 0))


def test_qr_complete_of_tall_matrix_is_not_differentiable(backend):
    x = rand((4, 3)).requires_grad_()
    q, r = L.qr(x, mode="complete")
    with pytest.raises(RuntimeError, match="not differentiable when mode='complete'"):
        (xp.sum(q) + xp.sum(r)).backward()


def test_svdvals_gradient_is_u_vh(backend):
    # d sum(S) / dA = U Vh, for any shape
    x = rand((3, 2)).requires_grad_()
    xp.sum(L.svdvals(x)).backward()
    u, _, vh = L.svd(x.detach(), full_matrices=False)
    assert xp.all(xp.abs(x.grad - u @ vh) < 1e-12)


# --------------------------------------------------------- shapes, args
def test_solve_vector_x2_gradient_has_x2_shape(backend):
    a = (rand((2, 3, 3)) + 3 * xp.eye(3)).requires_grad_()
    b = rand((3,)).requires_grad_()
    xp.sum(L.solve(a, b)).backward()
    assert a.grad.shape == (2, 3, 3) and b.grad.shape == (3,)


def test_matmul_vector_vector_gradients(backend):
    a = xp.asarray([1.0, 2, 3], requires_grad=True)
    b = xp.asarray([4.0, 5, 6], requires_grad=True)
    (a @ b).backward()
    assert a.grad.tolist() == [4, 5, 6] and b.grad.tolist() == [1, 2, 3]


def test_matrix_power_zero_gradient_is_zero(backend):
    x = rand((3, 3)).requires_grad_()
    out = L.matrix_power(x, 0)
    assert out.requires_grad and out.grad_fn is not None     # as PyTorch's
    xp.sum(out).backward()
    assert xp.all(x.grad == 0)
    assert xp.all(out == xp.eye(3))


def test_cross_nonnegative_axis_with_different_ranks_is_an_error(backend):
    with pytest.raises(ValueError, match="negative axis"):
        L.cross(rand((2, 3)), rand((4, 2, 3)), axis=1)


def test_tensordot_repeated_axes_is_an_error(backend):
    with pytest.raises(ValueError, match="distinct axes"):
        xp.tensordot(rand((3, 3)), rand((3, 3)), axes=((0, 0), (0, 1)))


def test_vector_norm_nan_ord_is_an_error(backend):
    with pytest.raises(ValueError, match="vector_norm"):
        L.vector_norm(rand((3,)), ord=math.nan)


# ---------------------------------------------------------------- fft
def test_rfft_gradient_fills_the_missing_half(backend):
    # sum(real(rfft(x))) over bins 0..n/2 = sum_k sum_j x_j cos(2 pi jk/n); d/dx_j = sum_k ...
    n = 6
    x = rand((n,)).requires_grad_()
    xp.sum(xp.real(xp.fft.rfft(x))).backward()
    expected = [sum(math.cos(2 * math.pi * j * k / n) for k in range(n // 2 + 1))
                for j in range(n)]
    assert _close(x.grad.tolist(), expected, 1e-12)


def test_irfft_gradient_doubles_conjugate_pair_bins(backend):
    # irfft(X)[0] = (X_0 + 2 Re X_1 + ... + X_{n/2}) / n for even n
    n = 6
    x = rand((n // 2 + 1,), True).requires_grad_()
    xp.fft.irfft(x, n=n)[0].backward()
    assert _close(x.grad.tolist(), [1 / n, 2 / n, 2 / n, 1 / n], 1e-12)


@pytest.mark.parametrize("norm, scale", [("backward", 1.0), ("ortho", 0.5), ("forward", 0.25)])
def test_fft_gradient_follows_norm(backend, norm, scale):
    # d sum(real(fft(x)))/dx_0: every bin sees x_0 with weight 1, times the normalisation
    x = rand((4,), True).requires_grad_()
    xp.sum(xp.real(xp.fft.fft(x, norm=norm))).backward()
    assert abs(complex(x.grad[0]) - 4 * scale) < 1e-12


@pytest.mark.parametrize("name", ["irfft", "hfft"])
def test_half_spectrum_of_one_element_needs_n(backend, name):
    x = xp.ones((3, 1), dtype=xp.complex128)
    with pytest.raises(ValueError, match="at least 2 elements"):
        getattr(xp.fft, name)(x)
    assert getattr(xp.fft, name)(x, n=1).shape == (3, 1)


def test_rfftn_without_axes_is_an_error(backend):
    with pytest.raises(ValueError, match="at least one axis"):
        xp.fft.rfftn(xp.ones((), dtype=xp.float64))
