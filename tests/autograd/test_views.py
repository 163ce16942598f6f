"""Views made by functions other than basic indexing (``permute_dims``, ``.T``, ``.mT``,
``reshape``, ``expand_dims``, ``squeeze``, ``moveaxis``, ``flip``, ``unstack``, ``real``)
are tracked like PyTorch's: an in-place change through the view reaches its base's history,
and a change of the base reaches the view's.  Each program below is differentiated and
checked against central finite differences of the whole program, in-place change included.
"""

from __future__ import annotations

import itertools

import pytest

import gradarray as xp

C = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]

VIEWS = {
    "matrix_transpose": lambda y: xp.matrix_transpose(y),
    ".mT": lambda y: y.mT,
    ".T": lambda y: y.T,
    "permute_dims": lambda y: xp.permute_dims(y, (1, 0)),
    "reshape": lambda y: xp.reshape(y, (3, 2)),
    "reshape copy=False": lambda y: xp.reshape(y, (6,), copy=False),
    "reshape of a transpose (a copy)": lambda y: xp.reshape(y.T, (6,)),
    "expand_dims": lambda y: xp.expand_dims(y, axis=0),
    "squeeze": lambda y: xp.squeeze(xp.expand_dims(y, axis=0), axis=0),
    "moveaxis": lambda y: xp.moveaxis(y, 0, 1),
    "flip": lambda y: xp.flip(y),
    "flip axis=1": lambda y: xp.flip(y, axis=1),
    "unstack": lambda y: xp.unstack(y)[0],
    "unstack axis=1": lambda y: xp.unstack(y, axis=1)[2],
    "real of a real array": lambda y: xp.real(y),
    "transpose of a slice": lambda y: y[:, 1:].T,
    "slice of a transpose": lambda y: y.T[1:],
    "reshape of a reshape": lambda y: xp.reshape(xp.reshape(y, (3, 2)), (6,)),
}


def _program(values, view, grad, change):
    """x -> y = 2x -> v = view(y) -> an in-place change of v (or of y) -> a loss."""
    x = xp.asarray(values, dtype=xp.float64, requires_grad=grad)
    y = x * 2.0
    v = view(y)
    if change == "view":
        if grad:
            v *= 3.0
        else:
            with xp.no_grad():
                v *= 3.0
        loss = xp.sum(y * y * xp.asarray(C))
    else:
        y *= xp.asarray(C)
        loss = xp.sum(xp.reshape(v, (-1,)) ** 2)
    return x, loss


def _numeric(view, change, eps=1e-6):
    out = []
    for i, j in itertools.product(range(2), range(3)):
        def at(d, i=i, j=j):
            vals = [row[:] for row in C]
            vals[i][j] += d
            return float(_program(vals, view, False, change)[1])
        out.append((at(eps) - at(-eps)) / (2 * eps))
    return out


@pytest.mark.parametrize("change", ["view", "base"])
@pytest.mark.parametrize("name", sorted(VIEWS))
def test_in_place_change_through_a_view_is_differentiated(backend, name, change):
    x, loss = _program(C, VIEWS[name], True, change)
    loss.backward()
    got = [v for row in x.grad.tolist() for v in row]
    assert got == pytest.approx(_numeric(VIEWS[name], change), rel=1e-6, abs=1e-6)


def test_view_of_a_leaf_cannot_change_in_place_outside_no_grad(backend):
    w = xp.ones((2, 3), requires_grad=True)
    with pytest.raises(RuntimeError, match="view of a leaf"):
        w.T[0, 0] = 5.0
    with xp.no_grad():          # as an optimizer would
        w.mT[0, 1] = 5.0
    assert w[1, 0].item() == 5.0


def test_change_of_a_saved_value_through_a_view_is_reported(backend):
    y = xp.ones((2, 3), requires_grad=True) * 1.0
    s = xp.sum(xp.sin(y))          # sin saves y
    with xp.no_grad():
        xp.reshape(y, (6,))[0] = 2.0
    with pytest.raises(RuntimeError, match="modified by an in-place operation"):
        s.backward()


def test_take_keeps_only_the_shape_so_a_later_change_is_harmless(backend):
    # scikit-learn's svd_flip: take from a reshape of u, then u *= signs
    x = xp.asarray([[1.0, -2.0], [3.0, 4.0]], requires_grad=True)
    u = x * 1.0
    signs = xp.sign(xp.take(xp.reshape(u, (-1,)), xp.asarray([1, 2])))
    u *= xp.reshape(signs, (1, 2))
    xp.sum(u).backward()
    assert x.grad.tolist() == [[-1.0, 1.0], [-1.0, 1.0]]


@pytest.mark.parametrize("name", ["real", "imag", "diagonal", "broadcast_to"])
def test_in_place_change_of_an_untracked_part_is_refused_or_independent(backend, name):
    """Views that do not cover their base one to one are refused while recording; on a
    backend that returns copies they are independent arrays, and the gradient is right."""
    complex_ = name in ("real", "imag")
    x = xp.asarray([[1 + 2j, 3 - 1j], [0.5j, 2.0]] if complex_ else [[1.0, 2.0], [3.0, 4.0]],
                   requires_grad=True)
    y = x * 1.0
    v = {"real": xp.real, "imag": xp.imag, "diagonal": xp.linalg.diagonal,
         "broadcast_to": lambda a: xp.broadcast_to(a, (2, 2, 2))}[name](y)
    try:
        v *= 3.0
    except RuntimeError as exc:
        assert "is not differentiated" in str(exc)
        return
    except ValueError as exc:       # NumPy's read-only views
        assert "read-only" in str(exc)
        return
    # an independent copy: y is unchanged, so d sum(|y|^2) / dx = 2 conj... = 2x
    xp.sum(xp.real(y * xp.conj(y))).backward()
    assert xp.all(x.grad == 2 * x)


@pytest.mark.parametrize("make", [lambda y: y[0:2], lambda y: xp.flip(y),
                                  lambda y: xp.reshape(y, (3, 1))[:2]],
                         ids=["slice", "flip", "slice of a reshape"])
def test_a_view_made_under_no_grad_changed_with_grad_updates_its_base(backend, make):
    """PyTorch refuses this; gradarray re-records the view from its base first, so only the
    element written loses its gradient."""
    x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    y = x * 1.0
    with xp.no_grad():
        v = make(y)
    v[0] = 5.0
    xp.sum(y * xp.asarray([1.0, 2.0, 3.0])).backward()
    changed = 2 if make(xp.asarray([0.0, 1.0, 2.0]))[0].item() == 2.0 else 0
    assert x.grad.tolist() == [0.0 if i == changed else float(i + 1) for i in range(3)]


def test_a_view_made_before_its_base_required_grad(backend):
    w = xp.asarray(7.0, requires_grad=True)
    y = xp.zeros(3)
    v = y[0:2]
    y[0] = w            # y requires grad from here on
    v[1] = 5.0          # through the view made before: w's gradient must survive
    xp.sum(y * xp.asarray([1.0, 2.0, 3.0])).backward()
    assert w.grad.item() == 1.0 and y.tolist() == [7.0, 5.0, 0.0]
