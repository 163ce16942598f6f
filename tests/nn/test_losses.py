"""Every loss of the tutorials' list (and a few more): values against hand computations in
plain Python, the three reductions, numerical stability at extreme inputs, the module forms,
and gradcheck, on every backend."""

from __future__ import annotations

import math

import pytest

import gradarray as xp
import gradarray.nn.functional as F
from gradarray import nn
from gradarray.autograd import gradcheck
from tests.nn._helpers import assert_close

X = [[0.2, -1.0, 0.5], [1.5, 0.3, -0.4]]
Y = [2, 0]


def _log_softmax(row):
    m = max(row)
    lse = m + math.log(sum(math.exp(v - m) for v in row))
    return [v - lse for v in row]


def _sig(v):
    return 1 / (1 + math.exp(-v))


# ------------------------------------------------------------------ cross-entropy family
def test_cross_entropy_values_and_reductions(backend):
    x, y = xp.asarray(X), xp.asarray(Y)
    nll = [-_log_softmax(r)[t] for r, t in zip(X, Y)]
    assert_close(F.cross_entropy(x, y), sum(nll) / 2, 1e-12)
    assert_close(F.cross_entropy(x, y, reduction="sum"), sum(nll), 1e-12)
    assert_close(F.cross_entropy(x, y, reduction="none"), nll, 1e-12)
    assert_close(nn.CrossEntropyLoss()(x, y), sum(nll) / 2, 1e-12)
    with pytest.raises(ValueError, match="reduction"):
        F.cross_entropy(x, y, reduction="avg")


@pytest.mark.parametrize("fn", [F.cross_entropy, F.nll_loss,
                                lambda x, y, **kw: F.cross_entropy(x, y, label_smoothing=0.2,
                                                                   **kw)])
@pytest.mark.parametrize("weighted", [False, True])
def test_every_target_ignored_gives_nan_loss_and_zero_gradient_as_pytorch(backend, fn,
                                                                          weighted):
    # a batch of padding only: the mean is 0/0, but the parameters must not become NaN
    import warnings
    x = xp.asarray([[0.0, 0.0, 1.0], [2.0, 3.0, 0.0]], requires_grad=True)
    weight = xp.asarray([1.0, 2.0, 3.0]) if weighted else None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        loss = fn(x, xp.asarray([1, 1]), weight=weight, ignore_index=1)
        loss.backward()
    assert math.isnan(loss.item())
    assert [v for row in x.grad.tolist() for v in row] == [0.0] * 6


def test_cross_entropy_weight_ignore_index_and_smoothing(backend):
    x = xp.asarray(X)
    w = [1.0, 2.0, 3.0]
    nll = [-_log_softmax(r)[t] for r, t in zip(X, Y)]
    weighted = (w[2] * nll[0] + w[0] * nll[1]) / (w[2] + w[0])
    assert_close(F.cross_entropy(x, xp.asarray(Y), weight=xp.asarray(w)), weighted, 1e-12)
    assert_close(F.cross_entropy(x, xp.asarray([2, -100])), nll[0], 1e-12)
    assert_close(F.cross_entropy(x, xp.asarray([2, 1]), ignore_index=1), nll[0], 1e-12)
    eps = 0.1
    smooth = [-sum(_log_softmax(r)) for r in X]
    expected = (1 - eps) * sum(nll) / 2 + eps / 3 * sum(smooth) / 2
    assert_close(F.cross_entropy(x, xp.asarray(Y), label_smoothing=eps), expected, 1e-12)
    smooth_w = [-sum(wi * v for wi, v in zip(w, _log_softmax(r))) for r in X]
    expected_w = (1 - eps) * weighted + eps / 3 * sum(smooth_w) / (w[2] + w[0])
    assert_close(F.cross_entropy(x, xp.asarray(Y), weight=xp.asarray(w), label_smoothing=eps),
                 expected_w, 1e-12)


def test_cross_entropy_with_probability_targets(backend):
    p = [[0.1, 0.2, 0.7], [0.5, 0.5, 0.0]]
    expected = sum(-sum(pi * li for pi, li in zip(pr, _log_softmax(r)))
                   for pr, r in zip(p, X)) / 2
    assert_close(F.cross_entropy(xp.asarray(X), xp.asarray(p)), expected, 1e-12)
    eps = 0.2
    ps = [[v * (1 - eps) + eps / 3 for v in row] for row in p]
    expected_s = sum(-sum(pi * li for pi, li in zip(pr, _log_softmax(r)))
                     for pr, r in zip(ps, X)) / 2
    assert_close(F.cross_entropy(xp.asarray(X), xp.asarray(p), label_smoothing=eps),
                 expected_s, 1e-12)


def test_cross_entropy_spatial_and_unbatched_inputs(backend):
    # (N, C, d) against (N, d): each position is a separate example
    x = xp.permute_dims(xp.asarray([X]), (0, 2, 1))          # (1, 3, 2)
    y = xp.asarray([Y])
    nll = [-_log_softmax(r)[t] for r, t in zip(X, Y)]
    assert_close(F.cross_entropy(x, y, reduction="none"), [nll], 1e-12)
    assert_close(F.cross_entropy(xp.asarray(X[0]), xp.asarray(2)), nll[0], 1e-12)


def test_cross_entropy_is_stable_for_huge_logits(backend):
    x = xp.asarray([[1e4, -1e4, 0.0]], requires_grad=True)
    loss = F.cross_entropy(x, xp.asarray([1]))
    loss.backward()
    assert_close(loss, 2e4, 1e-12)
    assert_close(x.grad, [[1.0, -1.0, 0.0]], 1e-12)


def test_cross_entropy_out_of_range_target_is_an_error():
    with pytest.raises(IndexError, match="Target 3 is out of bounds"):
        F.cross_entropy(xp.asarray(X), xp.asarray([3, 0]))


def test_nll_loss_values(backend):
    lp = xp.asarray([_log_softmax(r) for r in X])
    w = [0.5, 1.0, 2.0]
    expected = -(w[2] * lp[0, 2].item() + w[0] * lp[1, 0].item()) / (w[2] + w[0])
    assert_close(F.nll_loss(lp, xp.asarray(Y), weight=xp.asarray(w)), expected, 1e-12)
    assert_close(nn.NLLLoss(reduction="sum")(lp, xp.asarray(Y)),
                 -(lp[0, 2].item() + lp[1, 0].item()), 1e-12)


def test_binary_cross_entropy_values_and_clamping(backend):
    p, t = [0.2, 0.9, 0.5], [0.0, 1.0, 1.0]
    expected = [-(ti * math.log(pi) + (1 - ti) * math.log(1 - pi)) for pi, ti in zip(p, t)]
    assert_close(F.binary_cross_entropy(xp.asarray(p), xp.asarray(t), reduction="none"),
                 expected, 1e-12)
    w = [1.0, 2.0, 0.5]
    assert_close(nn.BCELoss(weight=xp.asarray(w))(xp.asarray(p), xp.asarray(t)),
                 sum(a * b for a, b in zip(w, expected)) / 3, 1e-12)
    edge = xp.asarray([0.0, 1.0], requires_grad=True)
    loss = F.binary_cross_entropy(edge, xp.asarray([1.0, 0.0]), reduction="sum")
    loss.backward()
    assert_close(loss, 200.0)                        # each log clamped at -100
    assert bool(xp.all(xp.isfinite(edge.grad)))
    with pytest.raises(ValueError, match="between 0 and 1"):
        F.binary_cross_entropy(xp.asarray([1.5]), xp.asarray([1.0]))


def test_binary_cross_entropy_with_logits_values_and_stability(backend):
    x, t = [-2.0, 0.0, 3.0], [0.0, 1.0, 1.0]
    expected = [-(ti * math.log(_sig(v)) + (1 - ti) * math.log(1 - _sig(v)))
                for v, ti in zip(x, t)]
    assert_close(F.binary_cross_entropy_with_logits(xp.asarray(x), xp.asarray(t),
                                                    reduction="none"), expected, 1e-12)
    pw = 3.0
    expected_pw = [-(pw * ti * math.log(_sig(v)) + (1 - ti) * math.log(1 - _sig(v)))
                   for v, ti in zip(x, t)]
    assert_close(nn.BCEWithLogitsLoss(reduction="none", pos_weight=xp.asarray([pw]))(
        xp.asarray(x), xp.asarray(t)), expected_pw, 1e-12)
    big = xp.asarray([-1000.0, 1000.0, 0.0], requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(big, xp.asarray([1.0, 0.0, 1.0]),
                                              reduction="none")
    assert_close(loss, [1000.0, 1000.0, math.log(2)], 1e-12)
    xp.sum(loss).backward()
    assert_close(big.grad, [-1.0, 1.0, -0.5], 1e-12)        # sigmoid(x) - y, also at x = 0


def test_kl_div_values(backend):
    q = [0.2, 0.3, 0.5]
    t = [0.0, 0.4, 0.6]
    inp = xp.log(xp.asarray([q]))
    expected = [0.0 if ti == 0 else ti * (math.log(ti) - math.log(qi)) for qi, ti in zip(q, t)]
    assert_close(F.kl_div(inp, xp.asarray([t]), reduction="sum"), sum(expected), 1e-12)
    assert_close(nn.KLDivLoss(reduction="batchmean")(inp, xp.asarray([t])), sum(expected),
                 1e-12)
    logt = xp.log(xp.asarray([[0.1, 0.4, 0.5]]))
    expected_log = sum(ti * (math.log(ti) - math.log(qi)) for qi, ti in zip(q, [0.1, 0.4, 0.5]))
    assert_close(F.kl_div(inp, logt, reduction="sum", log_target=True), expected_log, 1e-12)


def test_poisson_and_gaussian_nll(backend):
    x, t = [0.5, -1.0, 2.0], [1.0, 0.0, 3.0]
    assert_close(F.poisson_nll_loss(xp.asarray(x), xp.asarray(t), reduction="none"),
                 [math.exp(v) - ti * v for v, ti in zip(x, t)], 1e-12)
    rates = [0.5, 1.0, 2.0]
    assert_close(F.poisson_nll_loss(xp.asarray(rates), xp.asarray(t), log_input=False,
                                    reduction="none"),
                 [r - ti * math.log(r + 1e-8) for r, ti in zip(rates, t)], 1e-12)
    full = F.poisson_nll_loss(xp.asarray(x), xp.asarray(t), full=True, reduction="none")
    stirling = 3 * math.log(3) - 3 + 0.5 * math.log(2 * math.pi * 3)
    assert_close(full[2], math.exp(2.0) - 6.0 + stirling, 1e-12)
    mu, y, var = [0.0, 1.0], [1.0, 3.0], [1.0, 4.0]
    g = [0.5 * (math.log(v) + (a - b) ** 2 / v) for a, b, v in zip(mu, y, var)]
    assert_close(F.gaussian_nll_loss(xp.asarray(mu), xp.asarray(y), xp.asarray(var)),
                 sum(g) / 2, 1e-12)
    assert_close(nn.GaussianNLLLoss(full=True, reduction="sum")(
        xp.asarray(mu), xp.asarray(y), xp.asarray(var)), sum(g) + math.log(2 * math.pi), 1e-12)


# ------------------------------------------------------------------ regression
def test_regression_losses(backend):
    a, b = [0.0, 1.0, 3.0, -2.5], [0.5, 1.0, 1.0, -2.0]
    d = [p - q for p, q in zip(a, b)]
    xa, xb = xp.asarray(a), xp.asarray(b)
    assert_close(F.l1_loss(xa, xb), sum(abs(v) for v in d) / 4, 1e-12)
    assert_close(nn.MSELoss(reduction="sum")(xa, xb), sum(v * v for v in d), 1e-12)

    def smooth(v, beta):
        return 0.5 * v * v / beta if abs(v) < beta else abs(v) - 0.5 * beta
    assert_close(F.smooth_l1_loss(xa, xb, reduction="none", beta=0.8),
                 [smooth(v, 0.8) for v in d], 1e-12)
    assert_close(F.smooth_l1_loss(xa, xb, beta=0.0), sum(abs(v) for v in d) / 4, 1e-12)

    def huber(v, delta):
        return 0.5 * v * v if abs(v) < delta else delta * (abs(v) - 0.5 * delta)
    assert_close(nn.HuberLoss(reduction="none", delta=1.5)(xa, xb), [huber(v, 1.5) for v in d],
                 1e-12)


def test_mse_loss_warns_when_broadcasting():
    with pytest.warns(UserWarning, match="target size"):
        F.mse_loss(xp.ones((3, 1)), xp.ones((3,)))


# ------------------------------------------------------------------ margin and embedding
def test_margin_losses(backend):
    x1, x2, y = [0.5, 1.0, -1.0], [0.0, 2.0, -0.5], [1.0, 1.0, -1.0]
    expected = [max(0.0, -t * (a - b) + 0.1) for a, b, t in zip(x1, x2, y)]
    assert_close(F.margin_ranking_loss(xp.asarray(x1), xp.asarray(x2), xp.asarray(y),
                                       margin=0.1, reduction="none"), expected, 1e-12)
    x, t = [0.3, 2.0, 0.4], [1, -1, -1]
    assert_close(nn.HingeEmbeddingLoss(margin=1.0, reduction="none")(xp.asarray(x),
                                                                      xp.asarray(t)),
                 [0.3, 0.0, 0.6], 1e-12)
    assert_close(F.soft_margin_loss(xp.asarray(x), xp.asarray([1.0, -1.0, -1.0]),
                                    reduction="none"),
                 [math.log1p(math.exp(-0.3)), math.log1p(math.exp(2.0)),
                  math.log1p(math.exp(0.4))], 1e-12)


def test_multilabel_losses(backend):
    # PyTorch's documented example: 0.25 * ((1-(0.1-0.2)) + (1-(0.1-0.4)) + (1-(0.8-0.2)) +
    # (1-(0.8-0.4))) = 0.85
    x = xp.asarray([[0.1, 0.2, 0.4, 0.8]])
    assert_close(F.multilabel_margin_loss(x, xp.asarray([[3, 0, -1, 1]])), 0.85, 1e-12)
    assert_close(nn.MultiLabelMarginLoss()(x[0], xp.asarray([3, 0, -1, 1])), 0.85, 1e-12)
    for bad in ([[5, 0, -1, 1]], [[3, 0, -1, 9]], [[3, -2, 0, 1]]):    # PyTorch refuses them too
        with pytest.raises(IndexError, match=r"multilabel_margin_loss\(target\): class index"):
            F.multilabel_margin_loss(x, xp.asarray(bad))
    t = [[1.0, 0.0, 1.0, 0.0]]
    vals = [0.1, 0.2, 0.4, 0.8]
    per = [-(ti * math.log(_sig(v)) + (1 - ti) * math.log(1 - _sig(v)))
           for v, ti in zip(vals, t[0])]
    assert_close(F.multilabel_soft_margin_loss(x, xp.asarray(t)), sum(per) / 4, 1e-12)
    w = [1.0, 2.0, 3.0, 4.0]
    assert_close(nn.MultiLabelSoftMarginLoss(weight=xp.asarray(w))(x, xp.asarray(t)),
                 sum(a * b for a, b in zip(w, per)) / 4, 1e-12)


def test_multi_margin_loss(backend):
    x = [0.1, 0.2, 0.4, 0.8]
    y = 3
    p1 = sum(max(0.0, 1 - x[y] + v) for i, v in enumerate(x) if i != y) / 4
    p2 = sum(max(0.0, 1 - x[y] + v) ** 2 for i, v in enumerate(x) if i != y) / 4
    xa, ya = xp.asarray([x]), xp.asarray([y])
    assert_close(F.multi_margin_loss(xa, ya), p1, 1e-12)
    assert_close(nn.MultiMarginLoss(p=2)(xa, ya), p2, 1e-12)
    assert_close(F.multi_margin_loss(xa, ya, weight=xp.asarray([1.0, 1.0, 1.0, 2.0])), 2 * p1,
                 1e-12)


def test_cosine_embedding_and_triplet_losses(backend):
    a, b = [1.0, 0.0], [1.0, 1.0]
    cos = 1 / math.sqrt(2)
    x1, x2 = xp.asarray([a, a]), xp.asarray([b, b])
    assert_close(F.cosine_embedding_loss(x1, x2, xp.asarray([1, -1]), margin=0.5,
                                         reduction="none"), [1 - cos, cos - 0.5], 1e-9)
    anc, pos, neg = xp.asarray([[0.0, 0.0]]), xp.asarray([[3.0, 4.0]]), xp.asarray([[1.0, 0.0]])
    d_ap = math.hypot(-3 + 1e-6, -4 + 1e-6)
    d_an = math.hypot(-1 + 1e-6, 1e-6)
    assert_close(F.triplet_margin_loss(anc, pos, neg), max(d_ap - d_an + 1.0, 0.0), 1e-9)
    d_pn = math.hypot(2 + 1e-6, 4 + 1e-6)
    assert_close(nn.TripletMarginLoss(margin=1.0, swap=True)(anc, pos, neg),
                 max(d_ap - min(d_an, d_pn) + 1.0, 0.0), 1e-9)


# ------------------------------------------------------------------ CTC
def test_ctc_loss_closed_forms(backend):
    probs = [[0.6, 0.4], [0.3, 0.7], [0.5, 0.5]]         # (T, C) with blank 0
    lp = xp.log(xp.asarray([probs]))                      # (1, T, C)
    lp = xp.permute_dims(lp, (1, 0, 2))                   # (T, N=1, C)
    # target [1] in 2 frames: paths 11, 10, 01
    p = probs[0][1] * probs[1][1] + probs[0][1] * probs[1][0] + probs[0][0] * probs[1][1]
    loss = F.ctc_loss(lp, xp.asarray([[1]]), [2], [1], reduction="sum")
    assert_close(loss, -math.log(p), 1e-12)
    # target [1, 1] in 3 frames: only 1, blank, 1
    p2 = probs[0][1] * probs[1][0] * probs[2][1]
    assert_close(F.ctc_loss(lp, xp.asarray([[1, 1]]), [3], [2], reduction="none"),
                 [-math.log(p2)], 1e-12)
    assert_close(nn.CTCLoss()(lp, xp.asarray([1, 1]), [3], [2]), -math.log(p2) / 2, 1e-12)
    # impossible: two repeated labels in two frames
    assert math.isinf(F.ctc_loss(lp[:2], xp.asarray([[1, 1]]), [2], [2]).item())
    assert F.ctc_loss(lp[:2], xp.asarray([[1, 1]]), [2], [2], zero_infinity=True).item() == 0.0


def test_ctc_loss_batch_with_lengths_and_gradcheck(backend):
    t, n, c = 4, 2, 3
    raw = xp.reshape(xp.asarray([0.1 * ((i * 7) % 11) for i in range(t * n * c)]), (t, n, c))
    lp = F.log_softmax(raw, dim=2)
    targets = xp.asarray([[1, 2], [2, 0]])
    loss = F.ctc_loss(lp, targets, xp.asarray([4, 3]), xp.asarray([2, 1]), reduction="none")
    # each element alone equals the batch's
    one = F.ctc_loss(lp[:3, 1:2], xp.asarray([[2]]), [3], [1], reduction="none")
    assert_close(loss[1], one[0], 1e-12)
    raw.requires_grad_()
    assert gradcheck(lambda r: F.ctc_loss(F.log_softmax(r, dim=2), targets, [4, 3], [2, 1]),
                     (raw,))


# ------------------------------------------------------------------ gradients of every loss
def _g(values, seed_shift=0.0):
    return xp.asarray(values, requires_grad=True)


LOSS_GRADCHECKS = {
    "l1": lambda: (F.l1_loss, [_g([0.3, -1.2]), xp.asarray([0.0, 1.0])]),
    "mse": lambda: (F.mse_loss, [_g([0.3, -1.2]), _g([0.1, 1.0])]),
    "smooth_l1": lambda: (lambda a, b: F.smooth_l1_loss(a, b, beta=0.5),
                          [_g([0.3, -1.2]), xp.asarray([0.0, 1.0])]),
    "huber": lambda: (F.huber_loss, [_g([0.3, -1.2]), xp.asarray([0.0, 1.0])]),
    "cross_entropy": lambda: (lambda a: F.cross_entropy(a, xp.asarray(Y),
                                                        weight=xp.asarray([1.0, 2.0, 3.0]),
                                                        label_smoothing=0.1), [_g(X)]),
    "cross_entropy_probs": lambda: (F.cross_entropy, [_g(X), _g([[0.2, 0.3, 0.5],
                                                                   [0.1, 0.1, 0.8]])]),
    "nll": lambda: (lambda a: F.nll_loss(a, xp.asarray(Y)), [_g(X)]),
    "bce": lambda: (F.binary_cross_entropy, [_g([0.2, 0.7]), _g([0.0, 1.0])]),
    "bce_logits": lambda: (lambda a, b: F.binary_cross_entropy_with_logits(
        a, b, pos_weight=xp.asarray([2.0, 0.5])), [_g([-0.4, 1.3]), _g([0.3, 1.0])]),
    "kl_div": lambda: (lambda a, b: F.kl_div(a, b, reduction="batchmean"),
                       [_g([[-1.2, -0.4]]), _g([[0.3, 0.7]])]),
    "kl_div_log": lambda: (lambda a, b: F.kl_div(a, b, reduction="sum", log_target=True),
                           [_g([[-1.2, -0.4]]), _g([[-0.9, -0.6]])]),
    "poisson": lambda: (lambda a: F.poisson_nll_loss(a, xp.asarray([1.0, 3.0]), full=True),
                        [_g([0.3, 1.1])]),
    "gaussian": lambda: (F.gaussian_nll_loss, [_g([0.3, 1.1]), _g([0.0, 1.0]),
                                               _g([0.5, 2.0])]),
    "margin_ranking": lambda: (lambda a, b: F.margin_ranking_loss(a, b, xp.asarray([1.0, -1.0]),
                                                                  margin=0.2),
                               [_g([0.3, 1.1]), _g([0.9, -0.4])]),
    "hinge": lambda: (lambda a: F.hinge_embedding_loss(a, xp.asarray([1, -1])),
                      [_g([0.3, 0.4])]),
    "soft_margin": lambda: (lambda a: F.soft_margin_loss(a, xp.asarray([1.0, -1.0])),
                            [_g([0.3, 1.1])]),
    "multilabel_margin": lambda: (lambda a: F.multilabel_margin_loss(
        a, xp.asarray([[3, 0, -1, 1]])), [_g([[0.1, 0.25, 0.4, 0.8]])]),
    "multilabel_soft_margin": lambda: (lambda a: F.multilabel_soft_margin_loss(
        a, xp.asarray([[1.0, 0.0, 1.0]])), [_g([[0.1, -0.7, 0.4]])]),
    "cosine_embedding": lambda: (lambda a, b: F.cosine_embedding_loss(
        a, b, xp.asarray([1, -1])), [_g([[1.0, 0.3], [0.2, 0.9]]), _g([[0.5, 1.0],
                                                                        [1.0, 0.1]])]),
    "multi_margin": lambda: (lambda a: F.multi_margin_loss(a, xp.asarray([1, 0]), p=2),
                             [_g([[0.1, 0.3, 0.45], [0.7, 0.2, 0.6]])]),
    "triplet": lambda: (lambda a, p, n: F.triplet_margin_loss(a, p, n, margin=2.0),
                        [_g([[0.1, 0.3]]), _g([[0.6, -0.2]]), _g([[1.0, 0.9]])]),
}


@pytest.mark.parametrize("name", sorted(LOSS_GRADCHECKS))
def test_loss_gradcheck(backend, name):
    fn, args = LOSS_GRADCHECKS[name]()
    assert gradcheck(fn, tuple(args))


LOSS_MODULES = [nn.L1Loss, nn.MSELoss, nn.CrossEntropyLoss, nn.CTCLoss, nn.NLLLoss,
                nn.PoissonNLLLoss, nn.KLDivLoss, nn.BCELoss, nn.BCEWithLogitsLoss,
                nn.MarginRankingLoss, nn.HingeEmbeddingLoss, nn.MultiLabelMarginLoss,
                nn.SmoothL1Loss, nn.SoftMarginLoss, nn.MultiLabelSoftMarginLoss,
                nn.CosineEmbeddingLoss, nn.MultiMarginLoss, nn.TripletMarginLoss]


@pytest.mark.parametrize("cls", LOSS_MODULES, ids=lambda c: c.__name__)
def test_every_tutorial_loss_is_a_module_with_reductions(cls):
    assert repr(cls()) == f"{cls.__name__}()"
    for reduction in ("mean", "sum", "none"):
        assert cls(reduction=reduction).reduction == reduction
    with pytest.raises(ValueError, match="reduction"):
        cls(reduction="average")


@pytest.mark.parametrize("name", sorted(LOSS_GRADCHECKS))
def test_loss_values_are_0d_arrays_for_the_host(backend, name):
    """A reduced loss is a 0-d array of the backend, never a NumPy scalar in disguise:
    NumPy's ``np.asarray`` of it (what plotting and logging code calls) gives its value."""
    fn, args = LOSS_GRADCHECKS[name]()
    out = fn(*args).detach()
    assert out.shape == ()
    if backend == "numpy":
        import numpy as np
        assert np.asarray(out).shape == ()
        assert float(np.asarray(out)) == float(out)
