"""Attention: scaled dot-product attention, MultiheadAttention and RMSNorm against their
closed forms written out here, their mask conventions (PyTorch's two), gradchecks in
float64, on every backend.  (Compared with PyTorch 2.13 when written: outputs, weights and
all gradients equal to 1e-15 over 18 MultiheadAttention configurations.)"""

from __future__ import annotations

import math

import pytest

import gradarray as xp
import gradarray.nn.functional as F
from gradarray import nn
from gradarray.autograd import gradcheck
from tests.nn._helpers import assert_close, rand


def _softmax(s):
    e = xp.exp(s - xp.max(s, axis=-1, keepdims=True))
    return e / xp.sum(e, axis=-1, keepdims=True)


def test_sdpa_is_the_softmax_of_scaled_scores_times_the_values(backend):
    q, k, v = rand(2, 3, 4, seed=1), rand(2, 5, 4, seed=2), rand(2, 5, 6, seed=3)
    expected = _softmax(q @ k.mT / 2.0) @ v                       # 1 / sqrt(4)
    assert_close(F.scaled_dot_product_attention(q, k, v), expected, 1e-12)
    assert_close(F.scaled_dot_product_attention(q, k, v, scale=0.3),
                 _softmax(q @ k.mT * 0.3) @ v, 1e-12)
    # a boolean mask says which keys take part; a float mask is added to the scores
    keep = xp.asarray([[True, False, True, True, False]] * 3)
    masked = xp.where(keep, q @ k.mT / 2.0, -math.inf)
    assert_close(F.scaled_dot_product_attention(q, k, v, attn_mask=keep),
                 _softmax(masked) @ v, 1e-12)
    bias = rand(3, 5, seed=4)
    assert_close(F.scaled_dot_product_attention(q, k, v, attn_mask=bias),
                 _softmax(q @ k.mT / 2.0 + bias) @ v, 1e-12)
    # causal: query i attends to keys 0..i
    out = F.scaled_dot_product_attention(q, k, v, is_causal=True)
    assert_close(out[:, 0], v[:, 0], 1e-12)
    tri = xp.tril(xp.ones((3, 5), dtype=xp.bool))
    assert_close(out, _softmax(xp.where(tri, q @ k.mT / 2.0, -math.inf)) @ v, 1e-12)


def test_sdpa_gradcheck_and_bad_input(backend):
    q, k, v = (rand(1, 3, 2, seed=s, requires_grad=True) for s in (5, 6, 7))
    assert gradcheck(lambda a, b, c: F.scaled_dot_product_attention(a, b, c, is_causal=True),
                     (q, k, v))
    with pytest.raises(ValueError, match="either attn_mask or is_causal"):
        F.scaled_dot_product_attention(q, k, v, attn_mask=xp.ones((3, 3), dtype=xp.bool),
                                       is_causal=True)
    with pytest.raises(ValueError, match="key must be"):
        F.scaled_dot_product_attention(q, rand(1, 3, 5), v)
    with pytest.raises(TypeError, match="one dtype"):
        F.scaled_dot_product_attention(q, xp.astype(k, xp.float32), v)
    with pytest.raises(TypeError, match="attn_mask"):
        F.scaled_dot_product_attention(q, k, v, attn_mask=xp.ones((3, 3), dtype=xp.int64))


def _by_hand(mha, q, k, v, mask=None):
    """Multi-head attention written out head by head from the module's own parameters."""
    e, h = mha.embed_dim, mha.num_heads
    hd = e // h
    w, b = mha.in_proj_weight, mha.in_proj_bias
    qs, ks, vs = (x @ w[i * e:(i + 1) * e].mT + b[i * e:(i + 1) * e]
                  for i, x in enumerate((q, k, v)))
    heads, weights = [], []
    for j in range(h):
        sl = slice(j * hd, (j + 1) * hd)
        s = qs[..., sl] @ ks[..., sl].mT / math.sqrt(hd)
        if mask is not None:
            s = xp.where(mask, -math.inf, s)
        a = _softmax(s)
        heads.append(a @ vs[..., sl])
        weights.append(a)
    out = xp.concat(heads, axis=-1) @ mha.out_proj.weight.mT + mha.out_proj.bias
    return out, sum(weights) / h


def test_multihead_attention_equals_the_heads_written_out(backend):
    xp.manual_seed(0)
    mha = nn.MultiheadAttention(6, 3, batch_first=True, dtype=xp.float64)
    with xp.no_grad():                       # make the biases count
        mha.in_proj_bias[...] = rand(18, seed=9)
        mha.out_proj.bias[...] = rand(6, seed=10)
    q, k, v = rand(2, 4, 6, seed=1), rand(2, 5, 6, seed=2), rand(2, 5, 6, seed=3)
    out, w = mha(q, k, v)
    exp_out, exp_w = _by_hand(mha, q, k, v)
    assert_close(out, exp_out, 1e-12)
    assert_close(w, exp_w, 1e-12)
    # (L, N, E) without batch_first is the same computation, transposed
    seq = nn.MultiheadAttention(6, 3, dtype=xp.float64)
    seq.load_state_dict(mha.state_dict())
    out2, w2 = seq(*(xp.permute_dims(t, (1, 0, 2)) for t in (q, k, v)))
    assert_close(xp.permute_dims(out2, (1, 0, 2)), out, 1e-12)
    assert_close(w2, w, 1e-12)
    # unbatched input, per-head weights, no weights
    out3, w3 = mha(q[0], k[0], v[0], average_attn_weights=False)
    assert_close(out3, out[0], 1e-12)
    assert w3.shape == (3, 4, 5)
    assert_close(xp.sum(w3, axis=-1), xp.ones((3, 4), dtype=xp.float64), 1e-12)
    assert mha(q, k, v, need_weights=False)[1] is None


def test_multihead_attention_masks_follow_pytorchs_convention(backend):
    mha = nn.MultiheadAttention(4, 2, batch_first=True, dtype=xp.float64)
    q, k, v = rand(1, 3, 4, seed=1), rand(1, 5, 4, seed=2), rand(1, 5, 4, seed=3)
    # key_padding_mask True leaves a key out: the same as not giving it at all
    pad = xp.asarray([[False, True, False, False, True]])
    kept = xp.asarray([0, 2, 3])
    out, w = mha(q, k, v, key_padding_mask=pad)
    short, _ = mha(q, xp.take(k, kept, axis=1), xp.take(v, kept, axis=1))
    assert_close(out, short, 1e-12)
    assert_close(w[..., 1], xp.zeros((1, 3), dtype=xp.float64), 0.0)
    # attn_mask True masks a key out for one query
    causal = xp.triu(xp.ones((3, 5), dtype=xp.bool), k=1)
    out, w = mha(q, k, v, attn_mask=causal)
    assert_close(out, _by_hand(mha, q, k, v, causal)[0], 1e-12)
    with pytest.raises(ValueError, match="attn_mask"):
        mha(q, k, v, attn_mask=xp.ones((2, 2), dtype=xp.bool))
    with pytest.raises(ValueError, match="give attn_mask too"):
        mha(q, k, v, is_causal=True)


def test_multihead_attention_parameters_and_gradients(backend):
    mha = nn.MultiheadAttention(4, 2, add_bias_kv=True, add_zero_attn=True, kdim=3, vdim=5)
    assert sorted(mha.state_dict()) == ["bias_k", "bias_v", "in_proj_bias", "k_proj_weight",
                                        "out_proj.bias", "out_proj.weight", "q_proj_weight",
                                        "v_proj_weight"]            # PyTorch's names
    assert mha.k_proj_weight.shape == (4, 3) and mha.in_proj_weight is None
    assert mha.in_proj_bias.dtype == xp.float32
    assert xp.all(mha.in_proj_bias == 0) and xp.all(mha.out_proj.bias == 0)
    small = nn.MultiheadAttention(2, 1, add_bias_kv=True, add_zero_attn=True,
                                  dtype=xp.float64)
    q = rand(2, 1, 2, seed=4, requires_grad=True)
    kv = rand(3, 1, 2, seed=5, requires_grad=True)
    assert gradcheck(lambda a, b: small(a, b, b)[0], (q, kv))
    for bad in (lambda: nn.MultiheadAttention(6, 4), lambda: nn.MultiheadAttention(0, 1),
                lambda: nn.MultiheadAttention(4, 2, dropout=1.5)):
        with pytest.raises(ValueError):
            bad()


def test_rms_norm(backend):
    x = rand(2, 3, 4, seed=1, requires_grad=True)
    rms = nn.RMSNorm((3, 4), dtype=xp.float64)
    eps = xp.finfo(xp.float64).eps
    expected = x / xp.sqrt(xp.mean(x * x, axis=(1, 2), keepdims=True) + eps)
    assert_close(rms(x), expected, 1e-12)
    assert_close(F.rms_norm(x, 4, eps=0.1), x / xp.sqrt(xp.mean(x * x, axis=-1,
                                                                keepdims=True) + 0.1), 1e-12)
    assert gradcheck(lambda a, w: F.rms_norm(a, (4,), w), (x, rand(4, seed=2,
                                                                  requires_grad=True)))
    assert repr(rms) == "RMSNorm((3, 4), eps=None, elementwise_affine=True)"
    assert nn.RMSNorm(4, elementwise_affine=False).weight is None
    with pytest.raises(ValueError, match="normalized_shape"):
        rms(rand(2, 4, 3))


ENCODER_KEYS = ["linear1.bias", "linear1.weight", "linear2.bias", "linear2.weight", "norm1.bias",
                "norm1.weight", "norm2.bias", "norm2.weight", "self_attn.in_proj_bias",
                "self_attn.in_proj_weight", "self_attn.out_proj.bias",
                "self_attn.out_proj.weight"]                   # PyTorch's, so weights carry over


@pytest.mark.parametrize("norm_first", [False, True])
def test_transformer_encoder_layer_is_its_blocks_composed(norm_first, backend):
    layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, norm_first=norm_first,
                                       activation="gelu", dtype=xp.float64)
    assert sorted(layer.state_dict()) == ENCODER_KEYS
    x = rand(3, 2, 4, seed=1)
    mask = xp.triu(xp.ones((3, 3), dtype=xp.bool), k=1)

    def sa(v):
        return layer.self_attn(v, v, v, attn_mask=mask, need_weights=False)[0]

    def ff(v):
        return layer.linear2(F.gelu(layer.linear1(v)))
    if norm_first:
        h = x + sa(layer.norm1(x))
        expected = h + ff(layer.norm2(h))
    else:
        h = layer.norm1(x + sa(x))
        expected = layer.norm2(h + ff(h))
    assert_close(layer(x, src_mask=mask), expected, 1e-12)


def test_transformer_decoder_layer_and_stacks(backend):
    dec = nn.TransformerDecoderLayer(4, 2, 8, dropout=0.0, dtype=xp.float64)
    assert sorted(dec.state_dict()) == sorted(
        ENCODER_KEYS + ["norm3.bias", "norm3.weight", "multihead_attn.in_proj_bias",
                        "multihead_attn.in_proj_weight", "multihead_attn.out_proj.bias",
                        "multihead_attn.out_proj.weight"])
    tgt, memory = rand(3, 2, 4, seed=1), rand(5, 2, 4, seed=2)
    h = dec.norm1(tgt + dec.self_attn(tgt, tgt, tgt, need_weights=False)[0])
    h = dec.norm2(h + dec.multihead_attn(h, memory, memory, need_weights=False)[0])
    assert_close(dec(tgt, memory), dec.norm3(h + dec.linear2(F.relu(dec.linear1(h)))), 1e-12)
    # a stack holds independent copies and applies them in turn, then its norm
    enc_layer = nn.TransformerEncoderLayer(4, 2, 8, dropout=0.0, dtype=xp.float64)
    stack = nn.TransformerEncoder(enc_layer, 2, norm=nn.LayerNorm(4, dtype=xp.float64))
    assert stack.layers[0].linear1.weight is not stack.layers[1].linear1.weight
    x = rand(3, 2, 4, seed=3)
    assert_close(stack(x), stack.norm(stack.layers[1](stack.layers[0](x))), 1e-12)
    decoder = nn.TransformerDecoder(dec, 2)
    assert_close(decoder(tgt, memory), decoder.layers[1](decoder.layers[0](tgt, memory), memory),
                 1e-12)
    small = nn.TransformerEncoderLayer(2, 1, 3, dropout=0.0, dtype=xp.float64)
    assert gradcheck(lambda v: small(v), (rand(2, 1, 2, seed=4, requires_grad=True),))
    with pytest.raises(ValueError, match="activation"):
        nn.TransformerEncoderLayer(4, 2, activation="swish")
    with pytest.raises(ValueError, match="num_layers"):
        nn.TransformerEncoder(enc_layer, 0)


# ---------------------------------------------------------------- resampling and padding
def test_interpolate_nearest_and_linear_follow_pytorchs_index_rules(backend):
    x = xp.reshape(xp.asarray([0.0, 1.0, 2.0, 3.0]), (1, 1, 4))
    assert F.interpolate(x, scale_factor=2).tolist()[0][0] == [0, 0, 1, 1, 2, 2, 3, 3]
    assert F.interpolate(x, size=3).tolist()[0][0] == [0.0, 1.0, 2.0]      # floor(i * 4/3)
    assert F.interpolate(x, size=3, mode="nearest-exact").tolist()[0][0] == [0.0, 2.0, 3.0]
    # linear, align_corners=False: source (i + 0.5) * 4/8 - 0.5, clamped at 0
    assert_close(F.interpolate(x, scale_factor=2, mode="linear"),
                 [[[0.0, 0.25, 0.75, 1.25, 1.75, 2.25, 2.75, 3.0]]], 1e-15)
    assert_close(F.interpolate(x, size=7, mode="linear", align_corners=True),
                 [[[0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0]]], 1e-15)
    img = xp.reshape(xp.arange(4.0), (1, 1, 2, 2))
    up = F.interpolate(img, scale_factor=2, mode="bilinear", align_corners=True)
    assert_close(up[0, 0, 0], [0.0, 1 / 3, 2 / 3, 1.0], 1e-15)
    assert_close(up[0, 0, :, 0], [0.0, 2 / 3, 4 / 3, 2.0], 1e-15)
    assert nn.Upsample(size=(3, 5))(img).shape == (1, 1, 3, 5)
    assert gradcheck(lambda v: F.interpolate(v, size=(3, 5), mode="bilinear"),
                     (rand(1, 2, 2, 3, seed=1, requires_grad=True),))
    for bad in (lambda: F.interpolate(x, size=3, scale_factor=2),
                lambda: F.interpolate(x, size=3, mode="bilinear"),
                lambda: F.interpolate(x, size=3, mode="bicubic"),
                lambda: F.interpolate(x, scale_factor=0.1),
                lambda: F.interpolate(x, size=3, align_corners=True)):
        with pytest.raises(ValueError):
            bad()


def test_pixel_shuffle_rearranges_and_inverts(backend):
    x = xp.reshape(xp.arange(16.0), (1, 4, 2, 2))
    y = F.pixel_shuffle(x, 2)
    assert y.shape == (1, 1, 4, 4)
    # channel c * 4 + i * 2 + j goes to row 2h + i, column 2w + j
    assert y[0, 0, 0].tolist() == [0.0, 4.0, 1.0, 5.0]
    assert y[0, 0, 1].tolist() == [8.0, 12.0, 9.0, 13.0]
    assert F.pixel_unshuffle(y, 2).tolist() == x.tolist()
    assert nn.PixelShuffle(2)(x).tolist() == y.tolist()
    with pytest.raises(ValueError, match="pixel_shuffle"):
        F.pixel_shuffle(xp.ones((1, 3, 2, 2)), 2)


@pytest.mark.parametrize("layer, mode", [
    (nn.ZeroPad2d((1, 2, 0, 1)), "constant"), (nn.ConstantPad1d(2, 3.5), "constant"),
    (nn.ReflectionPad2d(1), "reflect"), (nn.ReplicationPad1d((2, 1)), "replicate"),
    (nn.CircularPad2d((1, 0, 2, 1)), "circular")])
def test_padding_layers_are_f_pad_with_their_padding(layer, mode, backend):
    x = rand(1, 2, 3, 4, seed=2) if "2d" in type(layer).__name__ else rand(1, 2, 5, seed=2)
    value = layer.value if type(layer).__name__.startswith("Constant") else None
    assert_close(layer(x), F.pad(x, layer.padding, mode, value), 0.0)


def test_pad_sequence(backend):
    from gradarray.nn.utils.rnn import pad_sequence
    a = xp.asarray([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]], requires_grad=True)
    b = xp.asarray([[7.0, 8.0]], requires_grad=True)
    out = pad_sequence([a, b])                                   # (max L, B, *)
    assert out.shape == (3, 2, 2)
    assert out[:, 1].tolist() == [[7.0, 8.0], [0.0, 0.0], [0.0, 0.0]]
    left = pad_sequence([a, b], batch_first=True, padding_value=-1.0, padding_side="left")
    assert left[1].tolist() == [[-1.0, -1.0], [-1.0, -1.0], [7.0, 8.0]]
    xp.sum(out * 2.0).backward()
    assert b.grad.tolist() == [[2.0, 2.0]] and a.grad.tolist() == [[2.0, 2.0]] * 3
    ints = pad_sequence([xp.asarray([1, 2]), xp.asarray([3])], batch_first=True)
    assert ints.dtype == xp.int64 and ints.tolist() == [[1, 2], [3, 0]]
    for bad, error in ((lambda: pad_sequence([]), TypeError),
                       (lambda: pad_sequence([a, xp.ones((1, 3))]), ValueError),
                       (lambda: pad_sequence([a], padding_side="middle"), ValueError),
                       (lambda: pad_sequence([xp.asarray([1])], padding_value=0.5), ValueError)):
        with pytest.raises(error, match="pad_sequence"):
            bad()


def test_unfold_and_fold_are_im2col_and_col2im(backend):
    x = xp.reshape(xp.arange(12.0), (1, 1, 3, 4))
    cols = F.unfold(x, kernel_size=2)
    assert cols.shape == (1, 4, 6)
    # column 0 is the top-left window, rows are its (0,0), (0,1), (1,0), (1,1) entries
    assert cols[0, :, 0].tolist() == [0.0, 1.0, 4.0, 5.0]
    assert cols[0, :, 5].tolist() == [6.0, 7.0, 10.0, 11.0]
    # fold sums overlapping windows back: every pixel counted as often as windows cover it
    covered = F.fold(F.unfold(xp.ones((1, 1, 3, 4)), 2), (3, 4), 2)
    assert covered[0, 0].tolist() == [[1.0, 2.0, 2.0, 1.0], [2.0, 4.0, 4.0, 2.0],
                                      [1.0, 2.0, 2.0, 1.0]]
    padded = nn.Unfold((2, 3), dilation=(2, 1), padding=1, stride=(1, 2))
    img = rand(2, 3, 5, 6, seed=3, requires_grad=True)
    assert gradcheck(lambda v: padded(v), (img,))
    refold = nn.Fold((5, 6), (2, 3), dilation=(2, 1), padding=1, stride=(1, 2))
    assert gradcheck(lambda c: refold(c), (padded(img).detach().requires_grad_(),))
    with pytest.raises(ValueError, match="fold"):
        F.fold(xp.ones((1, 5, 6)), (3, 4), 2)
    with pytest.raises(ValueError, match="does not fit"):
        F.unfold(xp.ones((1, 1, 2, 2)), 3)
