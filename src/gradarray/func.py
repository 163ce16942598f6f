"""Function transforms on the same tape: ``grad``, ``value_and_grad``, ``vjp``, ``jvp``,
``jacrev``, ``jacfwd``, ``hessian`` (PyTorch's ``torch.func`` surface).

Each transform runs the function with the chosen arguments as fresh points of the graph
and asks ``autograd.grad`` for the derivatives.  When an argument already requires grad
(an outer transform, or a user's leaf) the derivatives are computed with
``create_graph=True`` and stay connected, so transforms nest: ``grad(grad(f))``,
``hessian = jacfwd(jacrev(f))``.  Forward mode is the double-vjp trick: ``J v`` is the
gradient, with respect to a dummy cotangent ``u``, of ``<J^T u, v>``; it needs no rule of
its own and works for every function with a reverse rule, on every backend.

>>> import gradarray as xp
>>> from gradarray.func import grad, hessian
>>> f = lambda x: xp.sum(x ** 3)
>>> grad(f)(xp.asarray([1.0, 2.0]))
Array([ 3., 12.], dtype=float64)
>>> hessian(f)(xp.asarray([1.0, 2.0]))
Array([[ 6.,  0.],
       [ 0., 12.]], dtype=float64)
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ._array import Array
from .autograd import grad as _autograd_grad
from .autograd.grad_mode import enable_grad

__all__ = ["grad", "value_and_grad", "vjp", "jvp", "jacrev", "jacfwd", "hessian"]


# ------------------------------------------------------------------ small pytrees
def _flatten(tree: Any) -> tuple[list[Any], Callable[[list[Any]], Any]]:
    """Leaves of nested tuples, lists and dicts, and the function that rebuilds the tree."""
    if isinstance(tree, (tuple, list)):
        parts = [_flatten(t) for t in tree]
        leaves = [leaf for p in parts for leaf in p[0]]
        sizes = [len(p[0]) for p in parts]

        def rebuild(vals: list[Any]) -> Any:
            out, i = [], 0
            for (_, r), n in zip(parts, sizes):
                out.append(r(vals[i:i + n]))
                i += n
            return type(tree)(out) if type(tree) in (tuple, list) else tree.__class__(*out)
        return leaves, rebuild
    if isinstance(tree, dict):
        keys = list(tree)
        leaves, rebuild_vals = _flatten([tree[k] for k in keys])
        return leaves, lambda vals: dict(zip(keys, rebuild_vals(vals)))
    return [tree], lambda vals: vals[0]


def _check_argnums(argnums: int | tuple[int, ...], n: int, function: str) -> tuple[int, ...]:
    if not isinstance(argnums, int | tuple):
        raise TypeError(f"{function}(argnums): expected an int or a tuple of ints, got "
                        f"{argnums!r}")
    nums = (argnums,) if isinstance(argnums, int) else argnums
    if not nums:
        raise ValueError(f"{function}(argnums): expected at least one argument number")
    for a in nums:
        if type(a) is not int:
            raise TypeError(f"{function}(argnums): expected an int or a tuple of ints, got "
                            f"{argnums!r}")
        if not -n <= a < n:
            raise ValueError(f"{function}(argnums): argument {a} is out of range for a call "
                             f"with {n} positional arguments")
    return tuple(a % n for a in nums)


def _point(x: Any, function: str) -> tuple[Any, bool]:
    """A fresh point of the graph for argument ``x``: a new leaf, or (when ``x`` is already
    traced) a recorded alias so that derivatives stay connected.  Returns (point, traced)."""
    if not isinstance(x, Array):
        raise TypeError(f"{function}: expected arrays in the differentiated arguments, got "
                        f"{type(x).__name__}")
    if x._dtype.kind not in "fc":
        raise TypeError(f"{function}: only floating-point and complex arrays can be "
                        f"differentiated, got dtype {x._dtype.name}")
    if x._ag is not None:
        from ._ops.elementwise import positive
        return positive(x), True
    return x.detach().requires_grad_(), False


class _Prepared:
    """The call's arguments with the differentiated ones replaced by points of the graph."""

    def __init__(self, args: Sequence[Any], argnums: tuple[int, ...], function: str) -> None:
        self.args = list(args)
        self.rebuild: list[Callable[[list[Any]], Any]] = []
        self.points: list[list[Any]] = []
        self.traced = False
        for a in argnums:
            leaves, rebuild = _flatten(args[a])
            pts = []
            for leaf in leaves:
                p, traced = _point(leaf, function)
                self.traced |= traced
                pts.append(p)
            self.points.append(pts)
            self.rebuild.append(rebuild)
            self.args[a] = rebuild(pts)

    @property
    def flat(self) -> list[Any]:
        return [p for pts in self.points for p in pts]

    def unflatten(self, grads: Sequence[Any]) -> list[Any]:
        out, i = [], 0
        for pts, rebuild in zip(self.points, self.rebuild):
            out.append(rebuild(list(grads[i:i + len(pts)])))
            i += len(pts)
        return out


def _finish(x: Any, traced: bool) -> Any:
    """Results of a transform (values, derivatives, aux): detached unless an outer transform
    is tracing (torch.func's aux comes back unwrapped from the transform's level too)."""
    if traced or not isinstance(x, Array):
        return x
    return x.detach()


def _split_aux(res: Any, has_aux: bool, function: str) -> tuple[Any, Any]:
    if not has_aux:
        return res, None
    if not (isinstance(res, tuple) and len(res) == 2):
        raise ValueError(f"{function}(has_aux=True): the function must return a pair "
                         f"(output, aux), got {type(res).__name__}")
    return res


# ------------------------------------------------------------------ reverse mode
def value_and_grad(func: Callable[..., Any], argnums: int | tuple[int, ...] = 0,
                   has_aux: bool = False) -> Callable[..., Any]:
    """A function returning ``(func(*args), gradient)``; with ``has_aux``, func returns
    ``(output, aux)`` and the result is ``((output, aux), gradient)``.

    The output must be a real 0-d array; the gradient has the structure of the argument
    (a tuple of them for a tuple ``argnums``).
    """
    return _value_and_grad(func, argnums, has_aux, "value_and_grad")


def _value_and_grad(func: Callable[..., Any], argnums: int | tuple[int, ...], has_aux: bool,
                    name: str) -> Callable[..., Any]:
    """value_and_grad, whose errors name the transform the user called (``name``)."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nums = _check_argnums(argnums, len(args), name)
        with enable_grad():
            prep = _Prepared(args, nums, name)
            out, aux = _split_aux(func(*prep.args, **kwargs), has_aux, name)
            if not isinstance(out, Array) or out.ndim != 0 or out._dtype.kind != "f":
                raise RuntimeError(f"{name}: the function must return a real 0-d array, got "
                                   f"{_describe(out)}; use vjp or jacrev for other outputs")
            if out._ag is None:
                grads: Sequence[Any] = [_zeros_like(p) for p in prep.flat]
            else:
                grads = _autograd_grad(out, prep.flat, create_graph=prep.traced,
                                       allow_unused=True, materialize_grads=True)
        grads = [_finish(g, prep.traced) for g in grads]
        tree = prep.unflatten(grads)
        g_out = tree[0] if isinstance(argnums, int) else tuple(tree)
        value = _finish(out, prep.traced)
        if has_aux:
            return (value, _map(aux, lambda o: _finish(o, prep.traced))), g_out
        return value, g_out
    return wrapper


def grad(func: Callable[..., Any], argnums: int | tuple[int, ...] = 0,
         has_aux: bool = False) -> Callable[..., Any]:
    """The gradient of a function with a real 0-d output with respect to ``argnums``
    (``torch.func.grad``); with ``has_aux`` it returns ``(gradient, aux)``.

    >>> import gradarray as xp
    >>> from gradarray.func import grad
    >>> grad(lambda x, y: xp.sum(x * y), argnums=(0, 1))(xp.asarray([1.0]), xp.asarray([3.0]))
    (Array([3.], dtype=float64), Array([1.], dtype=float64))
    """
    vg = _value_and_grad(func, argnums, has_aux, "grad")

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        value, g = vg(*args, **kwargs)
        if has_aux:
            return g, value[1]
        return g
    return wrapper


def vjp(func: Callable[..., Any], *primals: Any, has_aux: bool = False) -> Any:
    """``(func(*primals), vjp_fn)``: ``vjp_fn(cotangents)`` gives the vector-Jacobian
    products, one per primal, as a tuple (``torch.func.vjp``); with ``has_aux`` also aux.
    ``vjp_fn`` may be called several times."""
    nums = tuple(range(len(primals)))
    with enable_grad():
        prep = _Prepared(primals, nums, "vjp")
        out, aux = _split_aux(func(*prep.args), has_aux, "vjp")
    outs, _ = _flatten(out)
    for o in outs:
        if not isinstance(o, Array):
            raise TypeError(f"vjp: the function must return arrays, got {_describe(o)}")

    def vjp_fn(cotangents: Any) -> tuple[Any, ...]:
        cts, _ = _flatten(cotangents)
        if len(cts) != len(outs):
            raise ValueError(f"vjp_fn(cotangents): expected {len(outs)} cotangents (one per "
                             f"output), got {len(cts)}")
        pairs = [(o, c) for o, c in zip(outs, cts) if o._ag is not None]
        with enable_grad():
            if pairs:
                grads = _autograd_grad([o for o, _ in pairs], prep.flat,
                                       grad_outputs=[c for _, c in pairs], retain_graph=True,
                                       create_graph=prep.traced or any(
                                           c._ag is not None for _, c in pairs),
                                       allow_unused=True, materialize_grads=True)
            else:
                grads = tuple(_zeros_like(p) for p in prep.flat)
        grads = [_finish(g, prep.traced or any(c._ag is not None for _, c in pairs))
                 for g in grads]
        return tuple(prep.unflatten(grads))

    value = _map(out, lambda o: _finish(o, prep.traced))
    if has_aux:
        return value, vjp_fn, _map(aux, lambda o: _finish(o, prep.traced))
    return value, vjp_fn


def jvp(func: Callable[..., Any], primals: Sequence[Any], tangents: Sequence[Any], *,
        has_aux: bool = False) -> Any:
    """``(func(*primals), J @ tangents)`` (``torch.func.jvp``), by the double-vjp trick on
    the reverse-mode rules; with ``has_aux`` also aux."""
    if not isinstance(primals, (tuple, list)) or not isinstance(tangents, (tuple, list)):
        raise TypeError("jvp(primals, tangents): expected tuples of arrays")
    if len(primals) != len(tangents):
        raise ValueError(f"jvp(tangents): expected {len(primals)} tangents, one per primal, "
                         f"got {len(tangents)}")
    from ._ops.creation import zeros_like
    nums = tuple(range(len(primals)))
    with enable_grad():
        prep = _Prepared(primals, nums, "jvp")
        out, aux = _split_aux(func(*prep.args), has_aux, "jvp")
        outs, rebuild = _flatten(out)
        tans, _ = _flatten(list(tangents))
        if len(tans) != len(prep.flat):
            raise ValueError("jvp(tangents): the tangents must have the structure of the "
                             "primals")
        for p, t in zip(prep.flat, tans):
            if not isinstance(t, Array) or t.shape != p.shape:
                raise ValueError(f"jvp(tangents): expected a tangent of shape {p.shape}, got "
                                 f"{_describe(t)}")
        live = [o for o in outs if isinstance(o, Array) and o._ag is not None]
        results: list[Any] = [zeros_like(o) for o in outs]
        if live:
            dummies = [zeros_like(o).requires_grad_() for o in live]
            vj = _autograd_grad(live, prep.flat, grad_outputs=dummies, create_graph=True,
                                allow_unused=True, materialize_grads=True)
            pairs = [(v, t) for v, t in zip(vj, tans) if v._ag is not None]
            if pairs:
                jv = _autograd_grad([v for v, _ in pairs], dummies,
                                    grad_outputs=[t for _, t in pairs],
                                    create_graph=prep.traced, allow_unused=True,
                                    materialize_grads=True)
                it = iter(jv)
                results = [next(it) if isinstance(o, Array) and o._ag is not None else r
                           for o, r in zip(outs, results)]
    traced = prep.traced or any(t._ag is not None for t in tans)
    value = _map(out, lambda o: _finish(o, prep.traced))
    tangent_out = rebuild([_finish(r, traced) for r in results])
    if has_aux:
        return value, tangent_out, _map(aux, lambda o: _finish(o, prep.traced))
    return value, tangent_out


# ------------------------------------------------------------------ Jacobians
def jacrev(func: Callable[..., Any], argnums: int | tuple[int, ...] = 0, *,
           has_aux: bool = False) -> Callable[..., Any]:
    """The Jacobian by reverse mode: one vjp per output element (``torch.func.jacrev``).
    Its shape is the output's shape followed by the argument's."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        nums = _check_argnums(argnums, len(args), "jacrev")

        def inner(*diff: Any) -> Any:
            full = list(args)
            for a, d in zip(nums, diff):
                full[a] = d
            return func(*full, **kwargs)

        _real_only("jacrev", [args[a] for a in nums], "input")
        res = vjp(inner, *[args[a] for a in nums], has_aux=has_aux)
        out, fn = res[0], res[1]
        outs, rebuild = _flatten(out)
        _real_only("jacrev", outs, "output")
        jacs_per_out = [_jacobian_rows(o, fn, len(outs), k) for k, o in enumerate(outs)]
        # jacs_per_out[k][i]: d out_k / d arg_i
        per_out = [j[0] if isinstance(argnums, int) else tuple(j) for j in jacs_per_out]
        jac = rebuild(per_out)
        return (jac, res[2]) if has_aux else jac
    return wrapper


def _jacobian_rows(o: Array, fn: Callable[..., Any], n_out: int, k: int) -> list[Any]:
    from ._ops.creation import zeros, zeros_like
    from ._ops.manipulation import reshape, stack
    size = o.size or 0
    rows: list[Any] = []
    for j in range(size):
        e = zeros((size,), dtype=o._dtype, device=o._device)
        e[j] = 1
        cts = [zeros_like(o) if m != k else reshape(e, o.shape) for m in range(n_out)]
        rows.append(fn(cts if n_out > 1 else cts[0]))
    n_args = len(rows[0]) if rows else 0
    out = []
    for i in range(n_args):
        parts = [r[i] for r in rows]
        out.append(reshape(stack(parts, axis=0), o.shape + parts[0].shape))
    return out


def jacfwd(func: Callable[..., Any], argnums: int | tuple[int, ...] = 0, *,
           has_aux: bool = False) -> Callable[..., Any]:
    """The Jacobian by forward mode: one jvp per input element (``torch.func.jacfwd``).
    Its shape is the output's shape followed by the argument's."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ._ops.creation import zeros, zeros_like
        from ._ops.manipulation import reshape, stack
        nums = _check_argnums(argnums, len(args), "jacfwd")
        primals = [args[a] for a in nums]
        for p in primals:
            if not isinstance(p, Array):
                raise TypeError(f"jacfwd: expected arrays in the differentiated arguments, "
                                f"got {type(p).__name__}")
        _real_only("jacfwd", primals, "input")

        def inner(*diff: Any) -> Any:
            full = list(args)
            for a, d in zip(nums, diff):
                full[a] = d
            return func(*full, **kwargs)

        per_arg: list[Any] = []
        aux = None
        out = None
        for i, p in enumerate(primals):
            cols = []
            for j in range(p.size or 0):
                e = zeros((p.size,), dtype=p._dtype, device=p._device)
                e[j] = 1
                tans = [zeros_like(q) if m != i else reshape(e, p.shape)
                        for m, q in enumerate(primals)]
                res = jvp(inner, primals, tans, has_aux=has_aux)
                out, col = res[0], res[1]
                if has_aux:
                    aux = res[2]
                cols.append(col)
            outs_cols = [_flatten(c)[0] for c in cols]
            if out is None:
                res = jvp(inner, primals, [zeros_like(q) for q in primals], has_aux=has_aux)
                out = res[0]
            flat_out, rebuild = _flatten(out)
            _real_only("jacfwd", flat_out, "output")
            jac_k = []
            for k, o in enumerate(flat_out):
                parts = [oc[k] for oc in outs_cols]
                if parts:
                    jac_k.append(reshape(stack(parts, axis=-1), o.shape + p.shape))
                else:
                    jac_k.append(zeros(o.shape + p.shape, dtype=o._dtype, device=o._device))
            per_arg.append((jac_k, rebuild))
        n_out = len(per_arg[0][0])
        rebuild = per_arg[0][1]
        per_out = []
        for k in range(n_out):
            js = [pa[0][k] for pa in per_arg]
            per_out.append(js[0] if isinstance(argnums, int) else tuple(js))
        jac = rebuild(per_out)
        return (jac, aux) if has_aux else jac
    return wrapper


def hessian(func: Callable[..., Any], argnums: int | tuple[int, ...] = 0) -> Callable[..., Any]:
    """The Hessian, ``jacfwd(jacrev(func))`` (``torch.func.hessian``)."""
    return jacfwd(jacrev(func, argnums), argnums)


# ------------------------------------------------------------------ helpers
def _real_only(function: str, xs: Sequence[Any], what: str) -> None:
    """Jacobians are of real functions, as in torch.func: a complex one is a matrix only for
    holomorphic functions (reverse mode would give its conjugate, and a real input's rows
    would lose the imaginary parts)."""
    for i, x in enumerate(xs):
        if isinstance(x, Array) and x._dtype.kind == "c":
            raise TypeError(f"{function}: expected real {what}s, {what} {i} is "
                            f"{x._dtype.name}; differentiate the real and imaginary parts "
                            f"separately, or use vjp/jvp (conjugate Wirtinger convention)")


def _zeros_like(x: Array) -> Array:
    from ._ops.creation import zeros_like
    return zeros_like(x)


def _map(tree: Any, f: Callable[[Any], Any]) -> Any:
    leaves, rebuild = _flatten(tree)
    return rebuild([f(v) for v in leaves])


def _describe(x: Any) -> str:
    if isinstance(x, Array):
        return f"an array of shape {x.shape} and dtype {x._dtype.name}"
    return type(x).__name__
