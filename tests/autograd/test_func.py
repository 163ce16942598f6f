"""gradarray.func: grad, value_and_grad, vjp, jvp, jacrev, jacfwd, hessian."""

from __future__ import annotations

import pytest

import gradarray as xp
from gradarray.func import grad, hessian, jacfwd, jacrev, jvp, value_and_grad, vjp


def _close(a, b, tol: float = 1e-10) -> bool:
    b = b if isinstance(b, xp.Array) else xp.asarray(b, dtype=a.dtype)
    return a.shape == b.shape and bool(xp.all(xp.abs(a - b) <= tol))


def f(x, y):
    return xp.sum(xp.sin(x) * y)


def test_grad_argnums_int_and_tuple(backend):
    x = xp.asarray([0.5, 1.0])
    y = xp.asarray([2.0, 3.0])
    assert _close(grad(f)(x, y), xp.cos(x) * y)
    gx, gy = grad(f, argnums=(0, 1))(x, y)
    assert _close(gx, xp.cos(x) * y) and _close(gy, xp.sin(x))
    assert _close(grad(f, argnums=-1)(x, y), xp.sin(x))


def test_grad_leaves_inputs_untouched(backend):
    x = xp.asarray([0.5, 1.0])
    g = grad(lambda a: xp.sum(a * a))(x)
    assert not x.requires_grad and x.grad is None and not g.requires_grad


def test_grad_has_aux(backend):
    g, aux = grad(lambda x: (xp.sum(x * x), {"n": 2}), has_aux=True)(xp.asarray([3.0]))
    assert _close(g, [6.0]) and aux == {"n": 2}


def test_aux_arrays_come_back_detached_as_torch_func(backend):
    def f(x):
        y = xp.sum(x ** 3)
        return y, {"y": y, "h": [x * 2, "tag"]}
    x = xp.asarray([1.0, 2.0])
    _, aux = grad(f, has_aux=True)(x)
    (_, aux2), _ = value_and_grad(f, has_aux=True)(x)
    _, _, aux3 = vjp(f, x, has_aux=True)
    _, _, aux4 = jvp(f, (x,), (xp.ones(2),), has_aux=True)
    _, aux5 = jacrev(f, has_aux=True)(x)
    for a in (aux, aux2, aux3, aux4, aux5):
        assert not a["y"].requires_grad and not a["h"][0].requires_grad
        assert a["y"].item() == 9.0 and a["h"][1] == "tag"
    # inside an outer transform aux stays traced, so the outer one can differentiate it
    outer = grad(lambda x: grad(f, has_aux=True)(x)[1]["y"])(x)
    assert _close(outer, [3.0, 12.0])


def test_grad_of_pytree_argument(backend):
    params = {"w": xp.asarray([2.0]), "b": xp.asarray([1.0])}
    g = grad(lambda p, x: xp.sum(p["w"] * x + p["b"]))(params, xp.asarray([5.0]))
    assert set(g) == {"w", "b"} and _close(g["w"], [5.0]) and _close(g["b"], [1.0])


def test_grad_requires_real_scalar_output(backend):
    with pytest.raises(RuntimeError, match="real 0-d array"):
        grad(lambda x: x * 2)(xp.asarray([1.0, 2.0]))
    with pytest.raises(TypeError, match="floating-point"):
        grad(lambda x: xp.sum(x))(xp.asarray([1, 2]))


def test_grad_of_function_independent_of_input_is_zero(backend):
    assert _close(grad(lambda x: xp.asarray(3.0))(xp.asarray([1.0, 2.0])), [0.0, 0.0])


def test_value_and_grad(backend):
    (v, aux), g = value_and_grad(lambda x: (xp.sum(x ** 2), "aux"), has_aux=True)(
        xp.asarray([1.0, 2.0]))
    assert v.item() == 5.0 and aux == "aux" and _close(g, [2.0, 4.0])


def test_grad_of_grad_nests(backend):
    d3 = grad(grad(grad(lambda x: x ** 4)))
    assert d3(xp.asarray(2.0)).item() == 48.0


def test_grad_composes_with_backward(backend):
    x = xp.asarray([1.0, 2.0], requires_grad=True)
    g = grad(lambda a: xp.sum(a ** 3))(x)       # 3 x^2, still connected to x
    xp.sum(g).backward()
    assert _close(x.grad, [6.0, 12.0])


def test_vjp_called_twice(backend):
    x = xp.asarray([0.5, 1.0])
    out, fn = vjp(xp.sin, x)
    assert _close(out, xp.sin(x))
    (g1,) = fn(xp.ones(2))
    (g2,) = fn(xp.asarray([2.0, 0.0]))
    assert _close(g1, xp.cos(x)) and _close(g2, xp.asarray([2.0, 0.0]) * xp.cos(x))


def test_vjp_several_primals_and_outputs(backend):
    x = xp.asarray([1.0, 2.0])
    y = xp.asarray([3.0, 4.0])
    out, fn = vjp(lambda a, b: (a * b, a + b), x, y)
    gx, gy = fn((xp.ones(2), xp.asarray([10.0, 10.0])))
    assert _close(gx, y + 10) and _close(gy, x + 10)


def test_jvp_matches_directional_derivative(backend):
    x = xp.asarray([0.5, 1.0])
    v = xp.asarray([1.0, -2.0])
    out, t = jvp(lambda a: xp.sin(a) * a, (x,), (v,))
    assert _close(out, xp.sin(x) * x)
    assert _close(t, (xp.cos(x) * x + xp.sin(x)) * v)


def test_jvp_of_linear_and_constant_functions(backend):
    x = xp.asarray([1.0, 2.0])
    _, t = jvp(lambda a: 3 * a, (x,), (xp.ones(2),))
    assert _close(t, [3.0, 3.0])
    _, t = jvp(lambda a: xp.ones(2), (x,), (xp.ones(2),))
    assert _close(t, [0.0, 0.0])


def test_jacrev_and_jacfwd_agree_on_shapes_and_values(backend):
    x = xp.asarray([[0.5, 1.0, -1.0], [2.0, 0.3, 0.1]])
    fn = lambda a: xp.sum(xp.exp(a) * a, axis=0)       # (3,) from (2, 3)
    jr = jacrev(fn)(x)
    jf = jacfwd(fn)(x)
    assert jr.shape == (3, 2, 3) and jf.shape == (3, 2, 3)
    assert _close(jr, jf, 1e-12)
    assert _close(jr[1, 0, 1], xp.exp(x[0, 1]) * (x[0, 1] + 1))
    assert _close(jr[1, 0, 0], 0.0)


def test_jacobians_with_argnums_tuple(backend):
    x = xp.asarray([1.0, 2.0])
    y = xp.asarray([3.0, 4.0])
    for jac in (jacrev, jacfwd):
        jx, jy = jac(lambda a, b: a * b, argnums=(0, 1))(x, y)
        assert _close(jx, [[3.0, 0.0], [0.0, 4.0]]) and _close(jy, [[1.0, 0.0], [0.0, 2.0]])


def test_hessian(backend):
    x = xp.asarray([1.0, 2.0])
    h = hessian(lambda a: xp.sum(a ** 3) + a[0] * a[1])(x)
    assert _close(h, [[6.0, 1.0], [1.0, 12.0]])


def test_hessian_of_quadratic_form(backend):
    a = xp.asarray([[2.0, 1.0], [0.0, 3.0]])
    h = hessian(lambda v: xp.vecdot(v, xp.matmul(a, v)))(xp.asarray([0.3, -0.7]))
    assert _close(h, a + xp.matrix_transpose(a))


def test_transforms_work_inside_no_grad(backend):
    with xp.no_grad():
        assert _close(grad(lambda a: xp.sum(a * a))(xp.asarray([1.0])), [2.0])


def test_jacobians_of_complex_functions_are_refused_as_in_torch_func(backend):
    # reverse mode would give the conjugate of forward mode's matrix, and the rows of a real
    # input would lose their imaginary parts: neither is "the Jacobian"
    rotate = lambda a: a * (1 + 1j)                                   # noqa: E731
    for jac in (jacrev, jacfwd):
        with pytest.raises(TypeError, match=f"{jac.__name__}: expected real outputs"):
            jac(rotate)(xp.asarray([1.0, 2.0]))
        with pytest.raises(TypeError, match=f"{jac.__name__}: expected real inputs"):
            jac(xp.real)(xp.asarray([1.0 + 0j]))
    with pytest.raises(TypeError, match="expected real inputs"):
        hessian(lambda z: xp.sum(xp.real(z * z)))(xp.asarray([1.0 + 0j]))
    # vjp and jvp keep PyTorch's complex convention
    (g,) = vjp(rotate, xp.asarray([1.0 + 1j]))[1](xp.ones(1, dtype=xp.complex128))
    assert g.tolist() == [1 - 1j]


def test_transforms_name_themselves_in_errors(backend):
    x = xp.ones(2)
    with pytest.raises(TypeError, match=r"^grad\(argnums\): expected an int or a tuple"):
        grad(lambda a: xp.sum(a), argnums=0.5)(x)
    with pytest.raises(TypeError, match=r"^value_and_grad\(argnums\)"):
        value_and_grad(lambda a: xp.sum(a), argnums=[0])(x)
    with pytest.raises(RuntimeError, match=r"^value_and_grad: the function must return"):
        value_and_grad(lambda a: a)(x)
    with pytest.raises(TypeError, match=r"^jacrev\(argnums\)"):
        jacrev(lambda a: a, argnums="0")(x)
