"""Sequence utilities, as PyTorch's ``torch.nn.utils.rnn``."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..._array import Array
from ..._ops.creation import full
from ..._ops.manipulation import concat, stack

__all__ = ["pad_sequence"]


def pad_sequence(sequences: Sequence[Array], batch_first: bool = False,
                 padding_value: float = 0.0, padding_side: str = "right") -> Array:
    """Stack arrays of shapes (L_i, *) into (max L, B, *) (or (B, max L, *) with
    ``batch_first``), filling the missing steps with ``padding_value`` after each sequence
    (or before it with ``padding_side="left"``).  Differentiable in every sequence.

    >>> import gradarray as xp
    >>> from gradarray.nn.utils.rnn import pad_sequence
    >>> pad_sequence([xp.asarray([1, 2, 3]), xp.asarray([4])], batch_first=True).tolist()
    [[1, 2, 3], [4, 0, 0]]
    """
    fn = "pad_sequence"
    if isinstance(sequences, Array) or not isinstance(sequences, Sequence) or not sequences:
        raise TypeError(f"{fn}(sequences): expected a non-empty list of arrays")
    for i, s in enumerate(sequences):
        if type(s) is not Array or s.ndim == 0:
            raise TypeError(f"{fn}(sequences): item {i} is not an array with a time axis")
    rest = sequences[0].shape[1:]
    if any(s.shape[1:] != rest for s in sequences):
        raise ValueError(f"{fn}(sequences): expected arrays (L_i, *{rest}), got shapes "
                         f"{[s.shape for s in sequences]}")
    if padding_side not in ("right", "left"):
        raise ValueError(f"{fn}(padding_side): expected 'right' or 'left', got "
                         f"{padding_side!r}")
    value: Any = padding_value
    kind = sequences[0].dtype.kind
    if kind in "iub" and isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"{fn}(padding_value): {value} cannot pad "
                             f"{sequences[0].dtype.name} sequences")
        value = int(value)                 # the default 0.0 pads integer sequences too
    if kind == "b":
        value = bool(value)
    longest = max(s.shape[0] for s in sequences)
    padded = []
    for s in sequences:
        missing = longest - s.shape[0]
        if missing:
            fill = full((missing, *rest), value, dtype=s.dtype, device=s.device)
            s = concat([s, fill] if padding_side == "right" else [fill, s], axis=0)
        padded.append(s)
    return stack(padded, axis=0 if batch_first else 1)
