"""Views made by functions other than basic indexing, tracked like PyTorch's views.

Basic indexing (``x[1:, 0]``) gives views that remember ``(base, key)``: in-place changes
through the view are recorded on the base (``setitem``), and a view whose base changed is
re-recorded as ``base[key]``.  ``permute_dims`` (``.T``, ``.mT``, ``matrix_transpose``,
``moveaxis``), ``reshape`` (``expand_dims``, ``squeeze``), ``flip``, ``unstack`` and
``real``/``imag``, ``diagonal`` and ``broadcast_to`` may also return arrays that share the
input's memory; when the backend says they do (its ``shares_memory`` kernel) and the input
requires grad, the result becomes a tracked view the same way, with a :class:`ViewOf` in
place of the key.  The first ones cover their base one to one, so the base after an in-place
change of the view is the inverse function of the view (``permute_dims`` by the inverse
axes, ``reshape`` to the base's shape, ``flip`` again).  The others ("fixed") follow changes
of their base, and an in-place change through them is refused while recording: the rest of
the base (the other half of each complex element, the off-diagonal) would need a node of its
own, and a broadcast view writes each element several times.
"""

from __future__ import annotations

from typing import Any

from .._array import Array
from ..autograd.engine import record, record_x

__all__ = ["ViewOf", "link_view"]


class ViewOf:
    """How a view relates to its base: ``kind`` is "permute" (``arg``: the axes), "reshape",
    "flip" (``arg``: the axes) or "fixed" (``arg``: the function's name, and the name and
    arguments besides ``x`` it is recorded with)."""

    __slots__ = ("kind", "arg")

    def __init__(self, kind: str, arg: Any = None) -> None:
        self.kind = kind
        self.arg = arg

    @property
    def function(self) -> str:
        """The function that made the view, for messages."""
        return {"permute": "permute_dims", "fixed": self.arg[0]}.get(self.kind, self.kind)

    def refresh(self, base: Array, view: Array) -> None:
        """Record ``view`` as this function of the base's current history."""
        kind = self.kind
        if kind == "permute":
            record_x("permute_dims", view, base, {"axes": self.arg})
        elif kind == "reshape":
            record_x("reshape", view, base, {"shape": base.shape})
        elif kind == "flip":
            record("flip", view, {"x": base, "axis": self.arg})
        else:
            _, name, values = self.arg
            record(name, view, {"x": base, **values})

    def write_back(self, base: Array, view: Array) -> None:
        """Record the base as the inverse of the view (which covers it one to one), after an
        in-place change of the view that requires grad."""
        kind = self.kind
        if kind == "permute":
            inverse = [0] * len(self.arg)
            for i, a in enumerate(self.arg):
                inverse[a] = i
            record_x("permute_dims", base, view, {"axes": tuple(inverse)})
        elif kind == "reshape":
            record_x("reshape", base, view, {"shape": view.shape})
        elif kind == "flip":
            record("flip", base, {"x": view, "axis": self.arg})
        else:   # refused before the change (indexing.check_inplace)
            raise AssertionError(f"write_back of a {self.function} view")


def link_view(base: Array, out: Array, how: Any) -> None:
    """Make ``out``, just made from ``base`` (which requires grad) by a function that may
    return a view, a tracked view of it, if the backend says they share memory.  ``how`` is
    a :class:`ViewOf`, or a basic indexing key where ``out`` is ``base[key]`` (unstack)."""
    dev = base._device
    shares = dev.fns.get("shares_memory")
    if shares is None:
        shares = dev.fns["shares_memory"] = dev.backend.kernels.get("shares_memory", False)
    if not shares or not shares(base._native, out._native):
        return          # a copy, or a backend that cannot tell: an independent array
    vc = base._vc
    if vc is None:
        vc = base._vc = [0]
    out._vc = vc
    out._view = (base, how)
    ag = out._ag
    if ag is not None:
        ag.view_version = vc[0]
