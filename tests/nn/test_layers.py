"""The layers: PyTorch's defaults (shapes, dtypes, initialisation bounds, reprs), behaviour in
train and eval mode, recurrent cells against hand-written steps, and a gradcheck of every
layer (in float64) on every backend."""

from __future__ import annotations

import math

import pytest

import gradarray as xp
import gradarray.nn.functional as F
from gradarray import nn
from gradarray.autograd import gradcheck
from tests.nn._helpers import assert_close, flat, rand


def _within(a: xp.Array, bound: float) -> bool:
    return bool(xp.all(xp.abs(a) <= bound))


def test_linear_defaults_as_pytorch(backend):
    lin = nn.Linear(20, 7)
    assert lin.weight.shape == (7, 20) and lin.bias.shape == (7,)
    assert lin.weight.dtype == xp.float32 and lin.weight.device == xp.device(None)
    bound = 1 / math.sqrt(20)
    assert _within(lin.weight, bound) and _within(lin.bias, bound)
    assert xp.std(lin.weight).item() > bound / 3      # really spread over the interval
    assert nn.Linear(2, 2, bias=False).bias is None
    assert nn.Linear(2, 2, dtype=xp.float64).weight.dtype == xp.float64


def test_conv_defaults_as_pytorch(backend):
    conv = nn.Conv2d(3, 8, (3, 2), groups=1)
    fan_in = 3 * 3 * 2
    assert conv.weight.shape == (8, 3, 3, 2)
    assert _within(conv.weight, 1 / math.sqrt(fan_in)) and _within(conv.bias, 1 / math.sqrt(fan_in))
    assert repr(conv) == "Conv2d(3, 8, kernel_size=(3, 2), stride=(1, 1))"
    assert repr(nn.Conv2d(4, 4, 3, stride=2, padding=1, dilation=2, groups=2, bias=False,
                          padding_mode="reflect")) == (
        "Conv2d(4, 4, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(2, 2), "
        "groups=2, bias=False, padding_mode=reflect)")
    assert repr(nn.Conv1d(2, 3, 5, padding="same")) == \
        "Conv1d(2, 3, kernel_size=(5,), stride=(1,), padding=same)"
    with pytest.raises(ValueError, match="divisible by groups"):
        nn.Conv2d(3, 4, 3, groups=2)


def test_conv_padding_modes_pad_before_convolving(backend):
    conv = nn.Conv2d(1, 1, 3, padding=1, padding_mode="circular", bias=False)
    x = rand(1, 1, 4, 4, seed=1)
    expected = F.conv2d(F.pad(x, (1, 1, 1, 1), mode="circular"), conv.weight.detach())
    assert_close(conv(x).detach(), expected, 1e-6)
    same = nn.Conv1d(1, 1, 4, padding="same", padding_mode="replicate")
    assert same(rand(2, 1, 9, seed=2)).shape == (2, 1, 9)


def test_layer_output_shapes(backend):
    xp.manual_seed(0)
    x4 = xp.random.randn(2, 3, 8, 8, dtype=xp.float32)
    assert nn.Conv2d(3, 5, 3, stride=2, padding=1)(x4).shape == (2, 5, 4, 4)
    assert nn.ConvTranspose2d(3, 5, 3, stride=2, padding=1, output_padding=1)(x4).shape == \
        (2, 5, 16, 16)
    assert nn.MaxPool2d(2)(x4).shape == (2, 3, 4, 4)
    assert nn.MaxPool2d(3, stride=2, padding=1, ceil_mode=True)(x4).shape == (2, 3, 5, 5)
    assert nn.AvgPool2d(3, stride=1)(x4).shape == (2, 3, 6, 6)
    assert nn.AdaptiveAvgPool2d((1, 1))(x4).shape == (2, 3, 1, 1)
    assert nn.AdaptiveMaxPool2d(3)(x4).shape == (2, 3, 3, 3)
    assert nn.Flatten()(x4).shape == (2, 192)
    assert nn.Unflatten(1, (3, 64))(nn.Flatten()(x4)).shape == (2, 3, 64)
    for bad in (nn.Flatten(4), nn.Flatten(0, -5), nn.Unflatten(4, (1, 1))):   # as PyTorch
        with pytest.raises(IndexError, match="out of bounds"):
            bad(x4)
    with pytest.raises(ValueError, match=r"Unflatten: sizes \(5, -1\) .* size 192"):
        nn.Unflatten(1, (5, -1))(nn.Flatten()(x4))
    x3 = xp.random.randn(2, 3, 10, dtype=xp.float32)
    assert nn.Conv1d(3, 4, 3)(x3).shape == (2, 4, 8)
    assert nn.MaxPool1d(2)(x3).shape == (2, 3, 5)
    assert nn.AvgPool1d(2)(x3).shape == (2, 3, 5)
    assert nn.AdaptiveAvgPool1d(4)(x3).shape == (2, 3, 4)
    assert nn.Embedding(10, 4)(xp.asarray([[1, 2], [3, 9]])).shape == (2, 2, 4)
    assert nn.Bilinear(3, 4, 5)(xp.ones((2, 3), dtype=xp.float32),
                                xp.ones((2, 4), dtype=xp.float32)).shape == (2, 5)


ACTIVATION_LAYERS = [nn.ReLU(), nn.ReLU6(), nn.LeakyReLU(0.1), nn.ELU(), nn.SELU(), nn.CELU(),
                     nn.GELU(), nn.GELU("tanh"), nn.SiLU(), nn.Mish(), nn.Sigmoid(), nn.Tanh(),
                     nn.Softplus(), nn.Softsign(), nn.LogSigmoid(), nn.Hardtanh(),
                     nn.Hardsigmoid(), nn.Hardswish(), nn.Hardshrink(), nn.Softshrink(),
                     nn.Tanhshrink(), nn.Threshold(0.1, 20.0), nn.Softmax(dim=1),
                     nn.LogSoftmax(dim=1), nn.Softmin(dim=1), nn.GLU()]


@pytest.mark.parametrize("layer", ACTIVATION_LAYERS, ids=lambda m: repr(m))
def test_activation_layers_call_their_function_and_gradcheck(backend, layer):
    x = xp.asarray([[-2.1, -0.7, 0.4, 1.3], [0.9, -1.6, 2.2, -0.2]], requires_grad=True)
    out = layer(x)
    assert out.shape == ((2, 2) if isinstance(layer, nn.GLU) else (2, 4))
    assert gradcheck(layer, (x,))


def test_prelu_learns_its_slopes(backend):
    layer = nn.PReLU(2).double()
    assert flat(layer.weight) == [0.25, 0.25]
    x = rand(3, 2, 4, seed=1, requires_grad=True)
    assert gradcheck(lambda x, w: F.prelu(x, w), (x, layer.weight))


PARAM_LAYERS = [
    ("Linear", lambda: nn.Linear(4, 3), (2, 4)),
    ("Bilinear", None, None),
    ("Conv1d", lambda: nn.Conv1d(2, 3, 3, padding=1), (2, 2, 5)),
    ("Conv2d", lambda: nn.Conv2d(2, 2, 2, stride=2, groups=2), (1, 2, 4, 4)),
    ("ConvTranspose2d", lambda: nn.ConvTranspose2d(2, 2, 2, stride=2), (1, 2, 2, 2)),
    ("ConvTranspose1d", lambda: nn.ConvTranspose1d(2, 1, 3), (1, 2, 3)),
    ("BatchNorm1d", lambda: nn.BatchNorm1d(3), (4, 3)),
    ("BatchNorm2d", lambda: nn.BatchNorm2d(2), (2, 2, 2, 2)),
    ("LayerNorm", lambda: nn.LayerNorm((2, 3)), (2, 2, 3)),
    ("GroupNorm", lambda: nn.GroupNorm(2, 4), (2, 4, 3)),
    ("InstanceNorm1d", lambda: nn.InstanceNorm1d(2, affine=True), (2, 2, 4)),
    ("PReLU", lambda: nn.PReLU(), (2, 3)),
]


@pytest.mark.parametrize("name,make,shape", [p for p in PARAM_LAYERS if p[1] is not None],
                         ids=[p[0] for p in PARAM_LAYERS if p[1] is not None])
def test_layer_gradcheck_in_float64(backend, name, make, shape):
    xp.manual_seed(1)
    layer = make().double()
    for p in layer.parameters():      # affine norms start at ones/zeros: move off them
        with xp.no_grad():
            p += rand(*p.shape, seed=7) * 0.1
    x = rand(*shape, seed=2, requires_grad=True)
    names = [n for n, _ in layer.named_parameters()]
    params = [p for _, p in layer.named_parameters()]

    def fn(x, *ps):
        return nn.utils.functional_call(layer, dict(zip(names, ps)), (x,))
    assert gradcheck(fn, (x, *params))


def test_embedding_dropout_and_pooling_modules_gradcheck(backend):
    # (without padding_idx: its row deliberately gets no gradient, as in PyTorch)
    emb = nn.Embedding(5, 3).double()
    idx = xp.asarray([[0, 1], [4, 0]])
    assert gradcheck(lambda w: F.embedding(idx, w), (emb.weight,))

    def dropped(x):
        xp.manual_seed(0)           # the same mask at every evaluation
        return nn.Dropout(0.5)(x)
    assert gradcheck(dropped, (rand(10, seed=1, requires_grad=True),))
    img = xp.reshape(xp.asarray([0.1 * ((7 * i) % 37) for i in range(36)]), (1, 1, 6, 6))
    img.requires_grad_()
    for layer in (nn.MaxPool2d(2), nn.MaxPool2d(3, stride=2, padding=1), nn.AvgPool2d(3, 1, 1),
                  nn.AdaptiveAvgPool2d(4), nn.AdaptiveMaxPool2d(2), nn.Flatten(),
                  nn.Unflatten(3, (2, 3))):
        assert gradcheck(layer, (img,)), layer
    line = rand(1, 2, 7, seed=4, requires_grad=True)
    for layer in (nn.MaxPool1d(2), nn.AvgPool1d(3, 2), nn.AdaptiveAvgPool1d(3)):
        assert gradcheck(layer, (line,)), layer


def test_bilinear_gradcheck(backend):
    layer = nn.Bilinear(2, 3, 2).double()
    x1, x2 = rand(2, 2, seed=1, requires_grad=True), rand(2, 3, seed=2, requires_grad=True)
    assert gradcheck(lambda a, b, w, c: F.bilinear(a, b, w, c), (x1, x2, layer.weight,
                                                                  layer.bias))


def test_batchnorm_running_statistics_and_eval_mode(backend):
    bn = nn.BatchNorm1d(2, momentum=0.5)
    x = xp.asarray([[1.0, 2.0], [3.0, 6.0]], dtype=xp.float32)
    bn(x)
    assert_close(bn.running_mean, [1.0, 2.0])                 # 0.5 * 0 + 0.5 * mean
    assert_close(bn.running_var, [0.5 + 0.5 * 2.0, 0.5 + 0.5 * 8.0])   # unbiased variance
    assert bn.num_batches_tracked.item() == 1
    bn.eval()
    y = bn(x)
    sd = math.sqrt(1.5 + 1e-5)
    assert_close(y[:, 0], [(1.0 - 1.0) / sd, (3.0 - 1.0) / sd])
    cumulative = nn.BatchNorm1d(1, momentum=None)
    cumulative(xp.asarray([[0.0], [2.0]]))
    cumulative(xp.asarray([[4.0], [6.0]]))
    assert_close(cumulative.running_mean, [(1.0 + 5.0) / 2])
    no_stats = nn.BatchNorm1d(2, track_running_stats=False).eval()
    assert no_stats.running_mean is None
    assert_close(xp.mean(no_stats(x), axis=0), [0.0, 0.0], 1e-5)
    with pytest.raises(ValueError, match="more than 1 value"):
        nn.BatchNorm1d(2)(xp.ones((1, 2)))


def test_dropout_layer_follows_train_and_eval(backend):
    xp.manual_seed(0)
    drop = nn.Dropout(0.5)
    x = xp.ones((100,))
    assert 0.0 in flat(drop(x))
    drop.eval()
    assert drop(x) is x
    assert repr(drop) == "Dropout(p=0.5, inplace=False)"


def test_embedding_defaults_and_padding_row(backend):
    xp.manual_seed(0)
    emb = nn.Embedding(50, 8, padding_idx=3)
    assert emb.weight.dtype == xp.float32
    assert flat(emb.weight[3]) == [0.0] * 8
    assert 0.5 < xp.std(emb.weight).item() < 1.5            # N(0, 1)
    out = emb(xp.asarray([3, 4]))
    xp.sum(out).backward()
    assert flat(emb.weight.grad[3]) == [0.0] * 8 and flat(emb.weight.grad[4]) == [1.0] * 8
    pre = nn.Embedding.from_pretrained(xp.eye(3, dtype=xp.float32))
    assert not pre.weight.requires_grad
    assert repr(emb) == "Embedding(50, 8, padding_idx=3)"


# --------------------------------------------------------------------- recurrent
def _sig(v):
    return 1 / (1 + xp.exp(-v))


def test_rnn_matches_a_hand_written_loop(backend):
    xp.manual_seed(0)
    rnn = nn.RNN(3, 4, num_layers=2).double()
    x = rand(5, 2, 3, seed=1)
    out, hn = rnn(x)
    assert out.shape == (5, 2, 4) and hn.shape == (2, 2, 4)
    layer_in = x
    for layer in range(2):
        w_ih, w_hh = getattr(rnn, f"weight_ih_l{layer}"), getattr(rnn, f"weight_hh_l{layer}")
        b_ih, b_hh = getattr(rnn, f"bias_ih_l{layer}"), getattr(rnn, f"bias_hh_l{layer}")
        h = xp.zeros((2, 4), dtype=xp.float64)
        steps = []
        for t in range(5):
            h = xp.tanh(layer_in[t] @ w_ih.T + b_ih + h @ w_hh.T + b_hh)
            steps.append(h)
        layer_in = xp.stack(steps)
        assert_close(hn[layer], h, 1e-12)
    assert_close(out, layer_in, 1e-12)


@pytest.mark.parametrize("proj_size", [0, 2])
def test_lstm_step_matches_the_equations(backend, proj_size):
    lstm = nn.LSTM(2, 3, proj_size=proj_size).double()
    x = rand(1, 1, 2, seed=2)
    h0, c0 = rand(1, 1, proj_size or 3, seed=3), rand(1, 1, 3, seed=4)
    out, (hn, cn) = lstm(x, (h0, c0))
    gates = x[0] @ lstm.weight_ih_l0.T + lstm.bias_ih_l0 + h0[0] @ lstm.weight_hh_l0.T + \
        lstm.bias_hh_l0
    i, f, g, o = (gates[:, k * 3:(k + 1) * 3] for k in range(4))
    c = _sig(f) * c0[0] + _sig(i) * xp.tanh(g)
    h = _sig(o) * xp.tanh(c)
    assert_close(cn[0], c, 1e-12)
    assert_close(hn[0], h @ lstm.weight_hr_l0.T if proj_size else h, 1e-12)
    assert_close(out[0], hn[0], 1e-12)


def test_lstm_with_projection_names_and_shapes(backend):
    lstm = nn.LSTM(2, 3, proj_size=2)
    assert [(n, p.shape) for n, p in lstm.named_parameters()] == [
        ("weight_ih_l0", (12, 2)), ("weight_hh_l0", (12, 2)), ("bias_ih_l0", (12,)),
        ("bias_hh_l0", (12,)), ("weight_hr_l0", (2, 3))]          # PyTorch's names and order
    deep = nn.LSTM(4, 5, num_layers=2, bidirectional=True, batch_first=True, proj_size=3)
    out, (hn, cn) = deep(xp.ones((2, 6, 4), dtype=xp.float32))
    assert out.shape == (2, 6, 6) and hn.shape == (4, 2, 3) and cn.shape == (4, 2, 5)
    assert deep.weight_ih_l1.shape == (20, 6) and deep.weight_hh_l1_reverse.shape == (20, 3)
    assert repr(deep) == ("LSTM(4, 5, proj_size=3, num_layers=2, batch_first=True, "
                          "bidirectional=True)")


@pytest.mark.parametrize("proj_size, error", [(5, "smaller than hidden_size"),
                                              (-1, "positive integer or zero"),
                                              (1.5, "positive integer or zero")])
def test_lstm_projection_size_is_checked(backend, proj_size, error):
    with pytest.raises(ValueError, match=error):
        nn.LSTM(3, 5, proj_size=proj_size)


def test_gru_step_matches_the_equations(backend):
    gru = nn.GRU(2, 3).double()
    x = rand(1, 1, 2, seed=2)
    h0 = rand(1, 1, 3, seed=3)
    _, hn = gru(x, h0)
    gi = x[0] @ gru.weight_ih_l0.T + gru.bias_ih_l0
    gh = h0[0] @ gru.weight_hh_l0.T + gru.bias_hh_l0
    r = _sig(gi[:, :3] + gh[:, :3])
    z = _sig(gi[:, 3:6] + gh[:, 3:6])
    n = xp.tanh(gi[:, 6:] + r * gh[:, 6:])
    assert_close(hn[0], (1 - z) * n + z * h0[0], 1e-12)


def test_recurrent_layers_shapes_names_and_options(backend):
    lstm = nn.LSTM(4, 5, num_layers=2, batch_first=True, bidirectional=True)
    names = [n for n, _ in lstm.named_parameters()]
    assert names[:4] == ["weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"]
    assert "weight_ih_l1_reverse" in names and lstm.weight_ih_l1.shape == (20, 10)
    out, (hn, cn) = lstm(xp.ones((3, 6, 4), dtype=xp.float32))
    assert out.shape == (3, 6, 10) and hn.shape == (4, 3, 5) and cn.shape == (4, 3, 5)
    gru = nn.GRU(4, 5)
    out, hn = gru(xp.ones((6, 4), dtype=xp.float32))          # unbatched
    assert out.shape == (6, 5) and hn.shape == (1, 5)
    assert repr(lstm) == "LSTM(4, 5, num_layers=2, batch_first=True, bidirectional=True)"
    assert repr(nn.RNN(2, 3, nonlinearity="relu")) == "RNN(2, 3, nonlinearity=relu)"
    bound = 1 / math.sqrt(5)
    assert all(_within(p, bound) for p in lstm.parameters())


def test_recurrent_cells(backend):
    cell = nn.LSTMCell(3, 2).double()
    x = rand(4, 3, seed=1)
    h, c = cell(x)
    assert h.shape == (4, 2) and c.shape == (4, 2)
    lstm = nn.LSTM(3, 2).double()
    lstm.load_state_dict({k + "_l0": v for k, v in cell.state_dict().items()})
    out, (hn, cn) = lstm(xp.expand_dims(x, axis=0))
    assert_close(hn[0], h, 1e-12)
    assert nn.GRUCell(3, 2)(xp.ones((3,), dtype=xp.float32)).shape == (2,)
    assert nn.RNNCell(3, 2, nonlinearity="relu")(xp.ones((1, 3), dtype=xp.float32)).shape == (1, 2)


@pytest.mark.parametrize("cls", [nn.RNN, nn.LSTM, nn.GRU], ids=["RNN", "LSTM", "GRU"])
def test_recurrent_gradcheck(backend, cls):
    layer = cls(2, 2, bidirectional=True).double()
    if cls is nn.LSTM:
        layer = cls(2, 3, bidirectional=True, proj_size=2).double()
    x = rand(3, 1, 2, seed=5, requires_grad=True)
    names = [n for n, _ in layer.named_parameters()]
    params = [p for _, p in layer.named_parameters()]

    def fn(x, *ps):
        return nn.utils.functional_call(layer, dict(zip(names, ps)), (x,))[0]
    assert gradcheck(fn, (x, *params))
