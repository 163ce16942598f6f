"""Parameter initialisation, as PyTorch's ``torch.nn.init``: every function fills an array in
place (without recording) and returns it.

>>> import gradarray as xp
>>> w = xp.empty((3, 4), dtype=xp.float32)
>>> _ = xp.nn.init.constant_(w, 0.5)
>>> float(w[0, 0])
0.5
"""

from ._init import (  # noqa: F401
    _calculate_fan_in_and_fan_out as _calculate_fan_in_and_fan_out,
    calculate_gain as calculate_gain,
    uniform_ as uniform_,
    normal_ as normal_,
    trunc_normal_ as trunc_normal_,
    constant_ as constant_,
    ones_ as ones_,
    zeros_ as zeros_,
    eye_ as eye_,
    dirac_ as dirac_,
    xavier_uniform_ as xavier_uniform_,
    xavier_normal_ as xavier_normal_,
    kaiming_uniform_ as kaiming_uniform_,
    kaiming_normal_ as kaiming_normal_,
    orthogonal_ as orthogonal_,
)
