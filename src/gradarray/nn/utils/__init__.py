"""Utilities for training, as PyTorch's ``torch.nn.utils``."""

from . import rnn as rnn  # noqa: F401
from .._utils import (  # noqa: F401
    clip_grad_norm_ as clip_grad_norm_,
    clip_grad_value_ as clip_grad_value_,
    functional_call as functional_call,
    parameters_to_vector as parameters_to_vector,
    vector_to_parameters as vector_to_parameters,
)
