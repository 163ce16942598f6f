"""gradarray: the Python Array API standard (2025.12) with PyTorch-style autograd, over
interchangeable backends (NumPy, CuPy, a pure-Python reference, any compliant namespace).

>>> import gradarray as xp
>>> x = xp.asarray([1.0, 2.0, 3.0], requires_grad=True)
>>> y = xp.linalg.vector_norm(x)
>>> (y * y).backward()
>>> xp.all(x.grad == 2 * x).item()
True

The backend is chosen by ``GRADARRAY_BACKEND`` (``numpy`` by default; ``reference``,
``cupy``, or ``module:<namespace>`` for any compliant namespace).  The namespace below only
re-exports; each function lives in ``gradarray._ops.<spec page>`` beside its derivative rule.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"
__array_api_version__ = "2025.12"

from ._dtypes import (  # noqa: E402
    DType as DType,
    bool as bool,
    complex64 as complex64,
    complex128 as complex128,
    float32 as float32,
    float64 as float64,
    int8 as int8,
    int16 as int16,
    int32 as int32,
    int64 as int64,
    uint8 as uint8,
    uint16 as uint16,
    uint32 as uint32,
    uint64 as uint64,
)
from ._array import Array as Array, GradientLossWarning as GradientLossWarning  # noqa: E402
from ._device import (  # noqa: E402
    Device as Device,
    device as device,
    set_default_device as set_default_device,
)
from .backend import backends as backends  # noqa: E402
from .autograd.grad_mode import (  # noqa: E402
    enable_grad as enable_grad,
    is_grad_enabled as is_grad_enabled,
    no_grad as no_grad,
    set_grad_enabled as set_grad_enabled,
)
from ._constants import e as e, inf as inf, nan as nan, newaxis as newaxis, pi as pi  # noqa: E402
from ._ops.creation import (  # noqa: A004
    arange as arange,
    asarray as asarray,
    empty as empty,
    empty_like as empty_like,
    eye as eye,
    from_dlpack as from_dlpack,
    full as full,
    full_like as full_like,
    linspace as linspace,
    meshgrid as meshgrid,
    ones as ones,
    ones_like as ones_like,
    tril as tril,
    triu as triu,
    zeros as zeros,
    zeros_like as zeros_like,
)
from ._ops.data_types import (  # noqa: A004
    astype as astype,
    can_cast as can_cast,
    finfo as finfo,
    iinfo as iinfo,
    isdtype as isdtype,
    result_type as result_type,
)
from ._ops.elementwise import (  # noqa: A004
    abs as abs,
    acos as acos,
    acosh as acosh,
    add as add,
    asin as asin,
    asinh as asinh,
    atan as atan,
    atan2 as atan2,
    atanh as atanh,
    bitwise_and as bitwise_and,
    bitwise_left_shift as bitwise_left_shift,
    bitwise_invert as bitwise_invert,
    bitwise_or as bitwise_or,
    bitwise_right_shift as bitwise_right_shift,
    bitwise_xor as bitwise_xor,
    ceil as ceil,
    clip as clip,
    conj as conj,
    copysign as copysign,
    cos as cos,
    cosh as cosh,
    divide as divide,
    equal as equal,
    exp as exp,
    expm1 as expm1,
    floor as floor,
    floor_divide as floor_divide,
    greater as greater,
    greater_equal as greater_equal,
    hypot as hypot,
    imag as imag,
    isfinite as isfinite,
    isinf as isinf,
    isnan as isnan,
    less as less,
    less_equal as less_equal,
    log as log,
    log1p as log1p,
    log2 as log2,
    log10 as log10,
    logaddexp as logaddexp,
    logical_and as logical_and,
    logical_not as logical_not,
    logical_or as logical_or,
    logical_xor as logical_xor,
    maximum as maximum,
    minimum as minimum,
    multiply as multiply,
    negative as negative,
    nextafter as nextafter,
    not_equal as not_equal,
    positive as positive,
    pow as pow,
    real as real,
    reciprocal as reciprocal,
    remainder as remainder,
    round as round,
    sign as sign,
    signbit as signbit,
    sin as sin,
    sinh as sinh,
    square as square,
    sqrt as sqrt,
    subtract as subtract,
    tan as tan,
    tanh as tanh,
    trunc as trunc,
)
from ._ops.indexing import (  # noqa: A004
    take as take,
    take_along_axis as take_along_axis,
)
from ._ops.linalg import (  # noqa: A004
    matmul as matmul,
    matrix_transpose as matrix_transpose,
    tensordot as tensordot,
    vecdot as vecdot,
)
from ._ops.manipulation import (  # noqa: A004
    broadcast_arrays as broadcast_arrays,
    broadcast_shapes as broadcast_shapes,
    broadcast_to as broadcast_to,
    concat as concat,
    expand_dims as expand_dims,
    flip as flip,
    moveaxis as moveaxis,
    permute_dims as permute_dims,
    repeat as repeat,
    reshape as reshape,
    roll as roll,
    squeeze as squeeze,
    stack as stack,
    tile as tile,
    unstack as unstack,
)
from ._ops.searching import (  # noqa: A004
    argmax as argmax,
    argmin as argmin,
    count_nonzero as count_nonzero,
    nonzero as nonzero,
    searchsorted as searchsorted,
    where as where,
)
from ._ops.set_functions import (  # noqa: A004
    isin as isin,
    unique_all as unique_all,
    unique_counts as unique_counts,
    unique_inverse as unique_inverse,
    unique_values as unique_values,
)
from ._ops.sorting import (  # noqa: A004
    argsort as argsort,
    sort as sort,
)
from ._ops.statistical import (  # noqa: A004
    cumulative_prod as cumulative_prod,
    cumulative_sum as cumulative_sum,
    max as max,
    mean as mean,
    min as min,
    prod as prod,
    std as std,
    sum as sum,
    var as var,
)
from ._ops.utility import (  # noqa: A004
    all as all,
    any as any,
    diff as diff,
)
from ._ops.inspection import (  # noqa: A004
    __array_namespace_info__ as __array_namespace_info__,
)
# the heavy or optional parts load on first use, so `import gradarray` stays fast
_LAZY = {
    "linalg": ".linalg", "fft": ".fft", "random": ".random", "autograd": ".autograd",
    "func": ".func", "nn": ".nn", "optim": ".optim", "data": ".data", "cuda": ".cuda",
}
_LAZY_ATTRS = {
    "save": (".serialization", "save"),
    "load": (".serialization", "load"),
    "manual_seed": (".random", "manual_seed"),
}


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is not None:
        module = importlib.import_module(mod, __name__)
        globals()[name] = module
        return module
    attr = _LAZY_ATTRS.get(name)
    if attr is not None:
        value = getattr(importlib.import_module(attr[0], __name__), attr[1])
        globals()[name] = value
        return value
    raise AttributeError(f"module 'gradarray' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_LAZY_ATTRS))
