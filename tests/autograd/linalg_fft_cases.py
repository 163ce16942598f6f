"""The differentiable cases of the linear algebra functions and the fft extension.

One row per (function, representative arguments): a callable of arrays and a builder of
well-conditioned float64 / complex128 inputs (SPD for cholesky, separated eigenvalues for
eigh and eig, separated singular values for svd), made on the default device so that every
backend runs the same rows.  Losses of singular vectors and eigenvectors are invariant under
their phase (or sign), as PyTorch requires.  ``gradgrad`` marks the rows whose second
derivatives are checked too.
"""

from __future__ import annotations

import math
import random
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import gradarray as xp

L = xp.linalg
F = xp.fft
INF = math.inf


@dataclass(frozen=True)
class Case:
    name: str                                  # the namespace function under test
    fn: Callable[..., Any]
    inputs: Callable[[], tuple[Any, ...]]      # fresh inputs on the default device
    label: str = ""
    gradgrad: bool = True
    eps: float = 1e-6                          # finite-difference step
    covers: tuple[str, ...] = ()               # other functions the row exercises (optable's)


    @property
    def id(self) -> str:
        return f"{self.name}[{self.label}]" if self.label else self.name


def _rng(key: str) -> random.Random:
    return random.Random(zlib.crc32(key.encode()))


def rand(shape: Sequence[int], complex_: bool = False, *, key: str = "", scale: float = 1.0
         ) -> Any:
    """Uniform values in [-scale, scale) (both parts for complex), as float64/complex128."""
    rng = _rng(f"{key}{tuple(shape)}{complex_}")
    n = math.prod(shape)
    if complex_:
        vals: list[Any] = [complex(rng.uniform(-scale, scale), rng.uniform(-scale, scale))
                           for _ in range(n)]
    else:
        vals = [rng.uniform(-scale, scale) for _ in range(n)]
    dt = xp.complex128 if complex_ else xp.float64
    return xp.reshape(xp.asarray(vals, dtype=dt), tuple(shape))


def diag(values: Sequence[float], rows: int | None = None, cols: int | None = None,
         complex_: bool = False) -> Any:
    """A (rows x cols) matrix with ``values`` on its diagonal."""
    rows = rows or len(values)
    cols = cols or len(values)
    vals = [[(values[i] if i == j and i < len(values) else 0.0) for j in range(cols)]
            for i in range(rows)]
    return xp.asarray(vals, dtype=xp.complex128 if complex_ else xp.float64)


def mH(a: Any) -> Any:
    t = L.matrix_transpose(a)
    return xp.conj(t) if xp.isdtype(a.dtype, "complex floating") else t


def hermitian(a: Any) -> Any:
    """A Hermitian matrix of ``a``: functions that read one triangle are checked through it."""
    return a + mH(a)


def spd(a: Any) -> Any:
    """A Hermitian positive-definite matrix of ``a``."""
    return a @ mH(a) + 2 * xp.eye(a.shape[-1], dtype=a.dtype)


def _cases() -> list[Case]:
    out: list[Case] = []

    def add(name: str, fn: Callable[..., Any], inputs: Callable[[], tuple[Any, ...]],
            label: str = "", gradgrad: bool = True, eps: float = 1e-6) -> None:
        out.append(Case(name, fn, inputs, label, gradgrad, eps))

    # ------------------------------------------------ top-level linear algebra
    for s1, s2 in [((3,), (3,)), ((3,), (3, 4)), ((2, 3, 4), (4,)), ((4,), (2, 4, 3)),
                   ((2, 3), (3, 4)), ((2, 1, 3, 4), (3, 4, 2)), ((3, 4), (2, 4, 5))]:
        for c in (False, True):
            add("matmul", xp.matmul,
                lambda s1=s1, s2=s2, c=c: (rand(s1, c, key="a"), rand(s2, c, key="b")),
                f"{s1}@{s2}{' complex' if c else ''}")
    add("matmul", xp.matmul, lambda: (rand((2, 3), key="a"), rand((3, 2), True, key="b")),
        "real@complex")
    add("matrix_transpose", xp.matrix_transpose, lambda: (rand((2, 3, 4), True),), "batched")
    for s1, s2, axes in [((2, 3, 4), (3, 4, 5), 2), ((2, 3), (4, 5), 0), ((3,), (3,), 1),
                         ((2, 3, 4), (4, 2), ((0, 2), (1, 0))),
                         ((2, 3, 4), (4, 3, 2), ([-1, 1], [0, -2]))]:
        add("tensordot", lambda a, b, axes=axes: xp.tensordot(a, b, axes=axes),
            lambda s1=s1, s2=s2: (rand(s1, key="a"), rand(s2, True, key="b")), f"axes={axes}")
    add("vecdot", xp.vecdot, lambda: (rand((2, 3), True, key="a"), rand((4, 1, 3), True)),
        "broadcast complex")
    add("vecdot", lambda a, b: xp.vecdot(a, b, axis=0),
        lambda: (rand((3, 2), key="a"), rand((3, 2), key="b")), "axis=0")
    add("linalg.vecdot", L.vecdot, lambda: (rand((2, 3), key="a"), rand((3,), key="b")))
    add("linalg.outer", L.outer, lambda: (rand((3,), True, key="a"), rand((4,), key="b")))
    add("linalg.matmul", L.matmul, lambda: (rand((2, 3), key="a"), rand((3,), key="b")))
    add("linalg.matrix_transpose", L.matrix_transpose, lambda: (rand((3, 2)),))
    add("linalg.tensordot", lambda a, b: L.tensordot(a, b, axes=1),
        lambda: (rand((2, 3), key="a"), rand((3, 2), key="b")))

    # ------------------------------------------------------------ factorizations
    for c in (False, True):
        tag = " complex" if c else ""
        for upper in (False, True):
            add("linalg.cholesky", lambda a, upper=upper: L.cholesky(spd(a), upper=upper),
                lambda c=c: (rand((2, 3, 3), c),), f"upper={upper}{tag}")
        add("linalg.qr", lambda a: tuple(L.qr(a)), lambda c=c: (rand((4, 3), c),), f"tall{tag}")
        add("linalg.qr", lambda a: tuple(L.qr(a)), lambda c=c: (rand((2, 3, 4), c),),
            f"wide batched{tag}")
        add("linalg.qr", lambda a: tuple(L.qr(a, mode="complete")),
            lambda c=c: (rand((3, 3), c),), f"complete square{tag}")
        add("linalg.qr", lambda a: tuple(L.qr(a, mode="complete")),
            lambda c=c: (rand((2, 4), c),), f"complete wide{tag}")
        for shape in [(3, 3), (2, 4, 3), (3, 5)]:
            k = min(shape[-2:])

            def base(shape: tuple[int, ...] = shape, c: bool = c, k: int = k) -> tuple[Any]:
                # singular values near 3, 2, 1: well separated
                d = diag([3.0, 2.0, 1.0][:k], shape[-2], shape[-1], c)
                return (d + rand(shape, c, scale=0.2),)

            for full in (False, True):
                if c:
                    def f(a: Any, full: bool = full, k: int = k) -> tuple[Any, ...]:
                        u, s, vh = L.svd(a, full_matrices=full)
                        u, vh = u[..., :k], vh[..., :k, :]
                        return xp.abs(u), s, xp.abs(vh), u @ vh   # phase-invariant
                else:
                    def f(a: Any, full: bool = full, k: int = k) -> tuple[Any, ...]:
                        u, s, vh = L.svd(a, full_matrices=full)
                        return u[..., :k], s, vh[..., :k, :]     # the rest has no gradient
                add("linalg.svd", f, base, f"{shape} full_matrices={full}{tag}")
            add("linalg.svdvals", L.svdvals, base, f"{shape}{tag}")

        def herm_base(c: bool = c) -> tuple[Any]:
            # hermitian(base) has eigenvalues near 2, 4, 6
            return (diag([1.0, 2.0, 3.0], complex_=c) + rand((2, 3, 3), c, scale=0.2),)

        add("linalg.eigvalsh", lambda a: L.eigvalsh(hermitian(a)), herm_base, f"batched{tag}")
        if c:
            def eigh_loss(a: Any) -> tuple[Any, ...]:
                w, v = L.eigh(hermitian(a))
                return w, xp.abs(v), (v * xp.asarray([1.0, 2.0, 3.0])) @ mH(v)
        else:
            def eigh_loss(a: Any) -> tuple[Any, ...]:
                return tuple(L.eigh(hermitian(a)))
        add("linalg.eigh", eigh_loss, herm_base, f"batched{tag}")

        def eig_base(c: bool = c) -> tuple[Any]:
            # eigenvalues near 1 +- 2i and 3 (real input) or 1, 2i, -2 (complex input)
            if c:
                d = xp.asarray([[1.0, 0, 0], [0, 2j, 0], [0, 0, -2]], dtype=xp.complex128)
            else:
                d = xp.asarray([[1.0, -2, 0], [2, 1, 0], [0, 0, 3]])
            return (d + rand((2, 3, 3), c, scale=0.2),)

        def eig_loss(a: Any) -> tuple[Any, ...]:
            w, v = L.eig(a)
            return w, xp.abs(v)     # phase-invariant
        add("linalg.eig", eig_loss, eig_base, f"batched{tag}")
        add("linalg.eigvals", L.eigvals, eig_base, f"batched{tag}")
        add("linalg.eig", lambda a: L.eig(a).eigenvalues,
            lambda: (diag([1.0, 2.0, 4.0]) + rand((3, 3), scale=0.2),), "real spectrum")

        # ------------------------------------------------------- inverses, det
        def well(shape: tuple[int, ...], c: bool = c) -> Any:
            return rand(shape, c) + 3 * xp.eye(shape[-1], dtype=xp.complex128 if c
                                                else xp.float64)

        add("linalg.inv", L.inv, lambda c=c: (well((2, 3, 3), c),), f"batched{tag}")
        add("linalg.det", L.det, lambda c=c: (well((2, 3, 3), c),), f"batched{tag}")
        add("linalg.det", L.det, lambda c=c: (rand((1, 1), c),), f"1x1{tag}")
        add("linalg.slogdet", lambda a: tuple(L.slogdet(a)), lambda c=c: (well((2, 3, 3), c),),
            f"batched{tag}")
        add("linalg.solve", L.solve, lambda c=c: (well((2, 3, 3), c), rand((3,), c)),
            f"vector x2, batched x1{tag}")
        add("linalg.solve", L.solve, lambda c=c: (well((2, 3, 3), c), rand((4, 1, 3, 2), c)),
            f"broadcast x2{tag}")
        add("linalg.solve", L.solve, lambda c=c: (well((3, 3), c), rand((2, 3, 2), c)),
            f"broadcast x1{tag}")
        for shape in [(3, 3), (2, 4, 3), (3, 5)]:
            add("linalg.pinv", L.pinv, lambda shape=shape, c=c: (rand(shape, c),),
                f"{shape}{tag}")
        for n in (-3, -1, 0, 1, 2, 5):
            add("linalg.matrix_power", lambda a, n=n: L.matrix_power(a, n),
                lambda c=c: (rand((2, 3, 3), c, scale=0.5) + 2 * xp.eye(3),), f"n={n}{tag}")

    # determinants of singular matrices are polynomials too: the cofactor matrix.  Steps of
    # 1e-3 are exact for a cubic and keep the differences away from the ill-conditioned solve
    # of the nearby regular matrices
    add("linalg.det", L.det, lambda: (xp.asarray([[1.0, 2, 3], [2, 4, 6], [1, 0, 1]]),),
        "singular rank 2", eps=1e-3)
    add("linalg.det", L.det, lambda: (xp.asarray([[1.0, 2, 3], [2, 4, 6], [3, 6, 9]]),),
        "singular rank 1", gradgrad=False)   # two zero singular values: no second derivative
    add("linalg.det", L.det,
        lambda: (xp.stack([xp.asarray([[1.0, 2, 3], [2, 4, 6], [1, 0, 1]]),
                           rand((3, 3)) + 3 * xp.eye(3)]),), "batch of singular and regular",
        eps=1e-3)
    add("linalg.det", L.det,
        lambda: (xp.asarray([[1.0, 2j, 0], [1j, -2, 0], [1, 1, 1j]]),),
        "singular complex", gradgrad=False)

    # ------------------------------------------------------------------ norms
    for c in (False, True):
        tag = " complex" if c else ""
        for ord in ("fro", "nuc", 1, -1, 2, -2, INF, -INF):
            for keepdims in (False, True):
                add("linalg.matrix_norm",
                    lambda a, ord=ord, keepdims=keepdims: L.matrix_norm(a, ord=ord,
                                                                       keepdims=keepdims),
                    lambda c=c: (rand((2, 3, 4), c),), f"ord={ord} keepdims={keepdims}{tag}")
        for ord in (2, 1, 0, 3, 1.5, 0.5, -1, -2.5, INF, -INF):
            for axis in (None, 1, (0, 2)):
                add("linalg.vector_norm",
                    lambda a, ord=ord, axis=axis: L.vector_norm(a, ord=ord, axis=axis,
                                                                keepdims=axis == 1),
                    lambda c=c: (rand((2, 3, 4), c),), f"ord={ord} axis={axis}{tag}")

    # ------------------------------------------------------- other linalg
    for c in (False, True):
        tag = " complex" if c else ""
        add("linalg.cross", L.cross, lambda c=c: (rand((2, 3), c), rand((4, 1, 3), c)),
            f"broadcast{tag}")
        add("linalg.cross", lambda a, b: L.cross(a, b, axis=-2),
            lambda c=c: (rand((3, 2), c), rand((2, 3, 2), c)), f"axis=-2{tag}")
        for offset in (-3, -1, 0, 2, 4, 5):
            add("linalg.diagonal", lambda a, offset=offset: L.diagonal(a, offset=offset),
                lambda c=c: (rand((2, 3, 4), c),), f"offset={offset}{tag}")
            add("linalg.trace", lambda a, offset=offset: L.trace(a, offset=offset),
                lambda c=c: (rand((2, 3, 4), c),), f"offset={offset}{tag}")

    # -------------------------------------------------------------------- fft
    for norm in ("backward", "ortho", "forward"):
        for n in (None, 3, 8):
            for name, complex_in in (("fft", True), ("ifft", True), ("rfft", False),
                                     ("irfft", True), ("hfft", True), ("ihfft", False)):
                add(f"fft.{name}",
                    lambda a, name=name, n=n, norm=norm: getattr(F, name)(a, n=n, norm=norm),
                    lambda c=complex_in: (rand((2, 5), c),), f"n={n} norm={norm}")
        add("fft.fft", lambda a, norm=norm: F.fft(a, n=4, axis=0, norm=norm),
            lambda: (rand((3, 2), True),), f"axis=0 norm={norm}")
        add("fft.irfft", lambda a, norm=norm: F.irfft(a, n=5, axis=0, norm=norm),
            lambda: (rand((4, 2), True),), f"odd n axis=0 norm={norm}")
        for s, axes in [(None, None), ((3, 4), (1, 2)), (None, (0,)), ((5, 2), (2, 0)),
                        ((2, 6), (-1, 1))]:
            for name, complex_in in (("fftn", True), ("ifftn", True), ("rfftn", False),
                                     ("irfftn", True)):
                add(f"fft.{name}",
                    lambda a, name=name, s=s, axes=axes, norm=norm:
                        getattr(F, name)(a, s=s, axes=axes, norm=norm),
                    lambda c=complex_in: (rand((2, 3, 4), c),), f"s={s} axes={axes} norm={norm}")
    add("fft.fftshift", F.fftshift, lambda: (rand((3, 4)),))
    add("fft.ifftshift", lambda a: F.ifftshift(a, axes=1), lambda: (rand((3, 5), True),))
    return out


CASES = _cases()

# Every function of the linalg and fft extensions (and the top-level linear algebra
# functions) that takes differentiable input; the coverage test checks each has a case.
DIFFERENTIABLE = [
    "matmul", "matrix_transpose", "tensordot", "vecdot",
    "linalg.cholesky", "linalg.cross", "linalg.det", "linalg.diagonal", "linalg.eig",
    "linalg.eigh", "linalg.eigvals", "linalg.eigvalsh", "linalg.inv", "linalg.matmul",
    "linalg.matrix_norm", "linalg.matrix_power", "linalg.matrix_transpose", "linalg.outer",
    "linalg.pinv", "linalg.qr", "linalg.slogdet", "linalg.solve", "linalg.svd",
    "linalg.svdvals", "linalg.tensordot", "linalg.trace", "linalg.vecdot",
    "linalg.vector_norm",
    "fft.fft", "fft.ifft", "fft.fftn", "fft.ifftn", "fft.rfft", "fft.irfft", "fft.rfftn",
    "fft.irfftn", "fft.hfft", "fft.ihfft", "fft.fftshift", "fft.ifftshift",
]
NOT_DIFFERENTIABLE = {
    "linalg.matrix_rank": "integer output",
    "fft.fftfreq": "no array input",
    "fft.rfftfreq": "no array input",
}
