"""The functional forms of ``gradarray.nn``, as PyTorch's ``torch.nn.functional``.

>>> import gradarray as xp
>>> import gradarray.nn.functional as F
>>> F.relu(xp.asarray([-1.0, 2.0]))
Array([0., 2.], dtype=float64)

Every function takes and returns gradarray arrays on any backend and is differentiable;
activations, convolution, pooling, normalisation, dropout, embeddings and every loss.
"""

from __future__ import annotations

from .._ops.elementwise import tanh as tanh
from ._functional.sampling import (
    fold as fold,
    interpolate as interpolate,
    pixel_shuffle as pixel_shuffle,
    pixel_unshuffle as pixel_unshuffle,
    unfold as unfold,
    upsample as upsample,
)
from ._functional.attention import (
    multi_head_attention_forward as multi_head_attention_forward,
    scaled_dot_product_attention as scaled_dot_product_attention,
)
from ._functional.activation import (  # noqa: A004
    celu as celu,
    elu as elu,
    gelu as gelu,
    glu as glu,
    hardshrink as hardshrink,
    hardsigmoid as hardsigmoid,
    hardswish as hardswish,
    hardtanh as hardtanh,
    leaky_relu as leaky_relu,
    log_softmax as log_softmax,
    logsigmoid as logsigmoid,
    mish as mish,
    normalize as normalize,
    prelu as prelu,
    relu as relu,
    relu6 as relu6,
    relu_ as relu_,
    selu as selu,
    sigmoid as sigmoid,
    silu as silu,
    softmax as softmax,
    softmin as softmin,
    softplus as softplus,
    softshrink as softshrink,
    softsign as softsign,
    tanhshrink as tanhshrink,
    threshold as threshold,
)
from ._functional.linear import (  # noqa: A004
    alpha_dropout as alpha_dropout,
    bilinear as bilinear,
    dropout as dropout,
    dropout1d as dropout1d,
    dropout2d as dropout2d,
    embedding as embedding,
    linear as linear,
    one_hot as one_hot,
)
from ._functional.conv import (  # noqa: A004
    adaptive_avg_pool1d as adaptive_avg_pool1d,
    adaptive_avg_pool2d as adaptive_avg_pool2d,
    adaptive_max_pool1d as adaptive_max_pool1d,
    adaptive_max_pool2d as adaptive_max_pool2d,
    avg_pool1d as avg_pool1d,
    avg_pool2d as avg_pool2d,
    conv1d as conv1d,
    conv2d as conv2d,
    conv_transpose1d as conv_transpose1d,
    conv_transpose2d as conv_transpose2d,
    max_pool1d as max_pool1d,
    max_pool2d as max_pool2d,
    max_unpool2d as max_unpool2d,
    pad as pad,
)
from ._functional.normalization import (  # noqa: A004
    batch_norm as batch_norm,
    group_norm as group_norm,
    instance_norm as instance_norm,
    layer_norm as layer_norm,
    rms_norm as rms_norm,
)
from ._functional.loss import (  # noqa: A004
    binary_cross_entropy as binary_cross_entropy,
    binary_cross_entropy_with_logits as binary_cross_entropy_with_logits,
    cosine_embedding_loss as cosine_embedding_loss,
    cosine_similarity as cosine_similarity,
    cross_entropy as cross_entropy,
    ctc_loss as ctc_loss,
    gaussian_nll_loss as gaussian_nll_loss,
    hinge_embedding_loss as hinge_embedding_loss,
    huber_loss as huber_loss,
    kl_div as kl_div,
    l1_loss as l1_loss,
    margin_ranking_loss as margin_ranking_loss,
    mse_loss as mse_loss,
    multi_margin_loss as multi_margin_loss,
    multilabel_margin_loss as multilabel_margin_loss,
    multilabel_soft_margin_loss as multilabel_soft_margin_loss,
    nll_loss as nll_loss,
    pairwise_distance as pairwise_distance,
    poisson_nll_loss as poisson_nll_loss,
    smooth_l1_loss as smooth_l1_loss,
    soft_margin_loss as soft_margin_loss,
    triplet_margin_loss as triplet_margin_loss,
)
