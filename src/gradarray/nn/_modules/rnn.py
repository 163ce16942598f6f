"""Recurrent layers: ``RNN``, ``LSTM``, ``GRU`` and their single-step cells.

Parameters are named and shaped as PyTorch's (``weight_ih_l0``, ``bias_hh_l1_reverse``...,
gates in PyTorch's order: LSTM i, f, g, o; GRU r, z, n), so state dicts carry over.  The input
projection of every time step is one matrix product; the recurrence loops over time.
"""

from __future__ import annotations

import math
from typing import Any

from ..._array import Array
from ..._ops.creation import zeros
from ..._ops.elementwise import tanh
from ..._ops.manipulation import concat, expand_dims, permute_dims, squeeze, stack
from .. import _init as init
from .._functional.activation import relu, sigmoid
from .._functional.linear import dropout, linear
from .._module import Module
from ._factory import new_param

__all__ = ["RNN", "LSTM", "GRU", "RNNCell", "LSTMCell", "GRUCell"]

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


def _split(x: Array, n: int) -> list[Array]:
    h = x.shape[-1] // n
    return [x[..., i * h:(i + 1) * h] for i in range(n)]


def _rnn_step(mode: str, xw: Array, h: Array, c: Array | None, w_hh: Array,
              b_hh: Array | None, w_hr: Array | None = None) -> tuple[Array, Array | None]:
    """One time step given the input projection ``xw`` (bias included); ``w_hr`` projects
    an LSTM's hidden state (``proj_size``)."""
    hw = linear(h, w_hh, b_hh)
    if mode == "LSTM":
        i, f, g, o = _split(xw + hw, 4)
        assert c is not None
        c = sigmoid(f) * c + sigmoid(i) * tanh(g)
        h = sigmoid(o) * tanh(c)
        return (h if w_hr is None else linear(h, w_hr)), c
    if mode == "GRU":
        xr, xz, xn = _split(xw, 3)
        hr, hz, hn = _split(hw, 3)
        r = sigmoid(xr + hr)
        z = sigmoid(xz + hz)
        n = tanh(xn + r * hn)
        return (1.0 - z) * n + z * h, None
    pre = xw + hw
    return (tanh(pre) if mode == "RNN_TANH" else relu(pre)), None


class RNNBase(Module):
    """What RNN, LSTM and GRU share: parameters, shapes and the loop over layers."""

    def __init__(self, mode: str, input_size: int, hidden_size: int, num_layers: int = 1,
                 bias: bool = True, batch_first: bool = False, dropout: float = 0.0,
                 bidirectional: bool = False, proj_size: int = 0, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        name = type(self).__name__
        if type(hidden_size) is not int or hidden_size <= 0:
            raise ValueError("hidden_size must be an integer greater than zero")
        if type(num_layers) is not int or num_layers <= 0:
            raise ValueError("num_layers must be an integer greater than zero")
        if not 0 <= dropout <= 1:
            raise ValueError("dropout should be a number in range [0, 1] representing the "
                             "probability of an element being zeroed")
        if type(proj_size) is not int or proj_size < 0:
            raise ValueError("proj_size should be a positive integer or zero to disable "
                             "projections")
        if proj_size and mode != "LSTM":
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if proj_size >= hidden_size:
            raise ValueError("proj_size has to be smaller than hidden_size")
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        # the size of h: the projection's with proj_size (c keeps hidden_size)
        self._h_size = proj_size or hidden_size
        gate = _GATES[mode] * hidden_size
        dirs = 2 if bidirectional else 1
        self._flat_names: list[str] = []
        for layer in range(num_layers):
            for d in range(dirs):
                layer_in = input_size if layer == 0 else self._h_size * dirs
                sfx = f"_l{layer}" + ("_reverse" if d == 1 else "")
                shapes = [("weight_ih", (gate, layer_in)), ("weight_hh", (gate, self._h_size))]
                if bias:
                    shapes += [("bias_ih", (gate,)), ("bias_hh", (gate,))]
                if proj_size:
                    shapes.append(("weight_hr", (proj_size, hidden_size)))
                for pname, shape in shapes:
                    setattr(self, pname + sfx, new_param(shape, device, dtype, name))
                    self._flat_names.append(pname + sfx)
        self.reset_parameters()

    def reset_parameters(self) -> None:
        stdv = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for p in self.parameters():
            init.uniform_(p, -stdv, stdv)

    def _weights(self, layer: int, d: int
                 ) -> tuple[Array, Array, Array | None, Array | None, Array | None]:
        sfx = f"_l{layer}" + ("_reverse" if d == 1 else "")
        g = self._parameters
        return (g["weight_ih" + sfx], g["weight_hh" + sfx],  # type: ignore[return-value]
                g.get("bias_ih" + sfx), g.get("bias_hh" + sfx), g.get("weight_hr" + sfx))

    def _run(self, x: Array, h0: Array, c0: Array | None) -> tuple[Array, Array, Array | None]:
        """``x`` (L, N, H_in), ``h0``/``c0`` (layers*dirs, N, H) -> output, h_n, c_n."""
        dirs = 2 if self.bidirectional else 1
        seq_len, batch = x.shape[0], x.shape[1]
        hn: list[Array] = []
        cn: list[Array] = []
        layer_input = x
        for layer in range(self.num_layers):
            outs = []
            for d in range(dirs):
                w_ih, w_hh, b_ih, b_hh, w_hr = self._weights(layer, d)
                k = layer * dirs + d
                h = h0[k]
                c = c0[k] if c0 is not None else None
                xw = linear(layer_input, w_ih, b_ih)          # every time step at once
                steps = []
                order = range(seq_len - 1, -1, -1) if d == 1 else range(seq_len)
                for t in order:
                    h, c = _rnn_step(self.mode, xw[t], h, c, w_hh, b_hh, w_hr)
                    steps.append(h)
                if d == 1:
                    steps.reverse()
                outs.append(stack(steps, axis=0) if steps else
                            zeros((0, batch, self._h_size), dtype=x.dtype, device=x.device))
                hn.append(h)
                if c is not None:
                    cn.append(c)
            layer_input = outs[0] if dirs == 1 else concat(outs, axis=2)
            if self.dropout and self.training and layer < self.num_layers - 1:
                layer_input = dropout(layer_input, self.dropout, True)
        return layer_input, stack(hn, axis=0), (stack(cn, axis=0) if cn else None)

    def _prepare(self, input: Array, hx: Any) -> tuple[Array, bool, Any]:
        if input.ndim not in (2, 3):
            raise ValueError(f"{type(self).__name__}: Expected input to be 2D or 3D, got "
                             f"{input.ndim}D instead")
        unbatched = input.ndim == 2
        x = expand_dims(input, axis=1) if unbatched else input
        if self.batch_first and not unbatched:
            x = permute_dims(x, (1, 0, 2))
        if x.shape[2] != self.input_size:
            raise ValueError(f"input.size(-1) must be equal to input_size. Expected "
                             f"{self.input_size}, got {x.shape[2]}")
        return x, unbatched, hx

    def _initial(self, hx: Array | None, x: Array, unbatched: bool, cell: bool = False) -> Array:
        """The initial h (or with ``cell`` an LSTM's c), given or zeros."""
        dirs = 2 if self.bidirectional else 1
        shape = (self.num_layers * dirs, x.shape[1], self.hidden_size if cell else self._h_size)
        if hx is None:
            return zeros(shape, dtype=self._parameters[self._flat_names[0]].dtype,  # type: ignore[union-attr]
                         device=x.device)
        h = expand_dims(hx, axis=1) if unbatched else hx
        if tuple(h.shape) != shape:
            raise ValueError(f"Expected hidden size {shape}, got {tuple(h.shape)}")
        return h

    def _finish(self, out: Array, unbatched: bool) -> Array:
        if unbatched:
            return squeeze(out, axis=1)
        if self.batch_first:
            return permute_dims(out, (1, 0, 2))
        return out

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s


class RNN(RNNBase):
    """Elman RNN: ``h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh)`` (or relu).

    ``forward(input, h0=None)`` returns ``(output, h_n)``; input (L, N, H_in), (N, L, H_in)
    with ``batch_first``, or unbatched (L, H_in).
    """

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1,
                 nonlinearity: str = "tanh", bias: bool = True, batch_first: bool = False,
                 dropout: float = 0.0, bidirectional: bool = False, device: Any = None,
                 dtype: Any = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or "
                             f"'relu'.")
        self.nonlinearity = nonlinearity
        super().__init__("RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU", input_size,
                         hidden_size, num_layers, bias, batch_first, dropout, bidirectional,
                         0, device, dtype)

    def forward(self, input: Array, hx: Array | None = None) -> tuple[Array, Array]:
        x, unbatched, _ = self._prepare(input, hx)
        h0 = self._initial(hx, x, unbatched)
        out, hn, _ = self._run(x, h0, None)
        return self._finish(out, unbatched), (squeeze(hn, axis=1) if unbatched else hn)

    def extra_repr(self) -> str:
        s = super().extra_repr()
        if self.nonlinearity != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s


class LSTM(RNNBase):
    """Long short-term memory; ``forward(input, (h0, c0)=None)`` returns
    ``(output, (h_n, c_n))``.  With ``proj_size`` > 0 the hidden state is projected by
    ``weight_hr_l{k}`` to that size after each step (output and h have ``proj_size``
    features, c keeps ``hidden_size``), as PyTorch's."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 proj_size: int = 0, device: Any = None, dtype: Any = None) -> None:
        super().__init__("LSTM", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, proj_size, device, dtype)

    def forward(self, input: Array, hx: tuple[Array, Array] | None = None
                ) -> tuple[Array, tuple[Array, Array]]:
        x, unbatched, _ = self._prepare(input, hx)
        if hx is None:
            h0 = self._initial(None, x, unbatched)
            c0 = self._initial(None, x, unbatched, cell=True)
        else:
            if not isinstance(hx, tuple | list) or len(hx) != 2:
                raise TypeError("LSTM(hx): expected a tuple (h_0, c_0)")
            h0 = self._initial(hx[0], x, unbatched)
            c0 = self._initial(hx[1], x, unbatched, cell=True)
        out, hn, cn = self._run(x, h0, c0)
        assert cn is not None
        if unbatched:
            hn, cn = squeeze(hn, axis=1), squeeze(cn, axis=1)
        return self._finish(out, unbatched), (hn, cn)


class GRU(RNNBase):
    """Gated recurrent unit; ``forward(input, h0=None)`` returns ``(output, h_n)``."""

    def __init__(self, input_size: int, hidden_size: int, num_layers: int = 1, bias: bool = True,
                 batch_first: bool = False, dropout: float = 0.0, bidirectional: bool = False,
                 device: Any = None, dtype: Any = None) -> None:
        super().__init__("GRU", input_size, hidden_size, num_layers, bias, batch_first, dropout,
                         bidirectional, 0, device, dtype)

    def forward(self, input: Array, hx: Array | None = None) -> tuple[Array, Array]:
        x, unbatched, _ = self._prepare(input, hx)
        h0 = self._initial(hx, x, unbatched)
        out, hn, _ = self._run(x, h0, None)
        return self._finish(out, unbatched), (squeeze(hn, axis=1) if unbatched else hn)


class _CellBase(Module):
    _mode = "RNN_TANH"

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True, device: Any = None,
                 dtype: Any = None) -> None:
        super().__init__()
        name = type(self).__name__
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        gate = _GATES[self._mode] * hidden_size
        self.weight_ih = new_param((gate, input_size), device, dtype, name)
        self.weight_hh = new_param((gate, hidden_size), device, dtype, name)
        if bias:
            self.bias_ih = new_param((gate,), device, dtype, name)
            self.bias_hh = new_param((gate,), device, dtype, name)
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        stdv = 1.0 / math.sqrt(hidden_size) if hidden_size > 0 else 0
        for p in self.parameters():
            init.uniform_(p, -stdv, stdv)

    def _state(self, x: Array, hx: Array | None) -> Array:
        if hx is not None:
            return hx
        shape = (x.shape[0], self.hidden_size) if x.ndim == 2 else (self.hidden_size,)
        return zeros(shape, dtype=self.weight_ih.dtype, device=x.device)

    def _step(self, x: Array, h: Array, c: Array | None) -> tuple[Array, Array | None]:
        if x.ndim not in (1, 2):
            raise ValueError(f"{type(self).__name__}: Expected input to be 1D or 2D, got "
                             f"{x.ndim}D instead")
        xw = linear(x, self.weight_ih, self.bias_ih)
        return _rnn_step(self._mode, xw, h, c, self.weight_hh, self.bias_hh)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if not self.bias:
            s += ", bias=False"
        return s


class RNNCell(_CellBase):
    """One step of an Elman RNN: ``h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh)``."""

    def __init__(self, input_size: int, hidden_size: int, bias: bool = True,
                 nonlinearity: str = "tanh", device: Any = None, dtype: Any = None) -> None:
        if nonlinearity not in ("tanh", "relu"):
            raise ValueError(f"Unknown nonlinearity: {nonlinearity}")
        self.nonlinearity = nonlinearity
        self._mode = "RNN_TANH" if nonlinearity == "tanh" else "RNN_RELU"
        super().__init__(input_size, hidden_size, bias, device, dtype)

    def forward(self, input: Array, hx: Array | None = None) -> Array:
        return self._step(input, self._state(input, hx), None)[0]


class LSTMCell(_CellBase):
    """One LSTM step: ``forward(input, (h, c))`` returns ``(h', c')``."""

    _mode = "LSTM"

    def forward(self, input: Array, hx: tuple[Array, Array] | None = None
                ) -> tuple[Array, Array]:
        if hx is None:
            h = c = self._state(input, None)
        else:
            h, c = hx
        h2, c2 = self._step(input, h, c)
        assert c2 is not None
        return h2, c2


class GRUCell(_CellBase):
    """One GRU step: ``forward(input, h)`` returns ``h'``."""

    _mode = "GRU"

    def forward(self, input: Array, hx: Array | None = None) -> Array:
        return self._step(input, self._state(input, hx), None)[0]
