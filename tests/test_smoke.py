"""The design document's first example, on every backend."""

import gradarray as xp


def test_design_example_gradient_of_squared_norm_is_2x(backend):
    x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
    y = xp.linalg.vector_norm(x)
    z = y * y
    z.backward()
    assert bool(xp.all(x.grad == 2 * x))
    assert x.grad.device == x.device
