"""The reference backend's Array API 2025.12 namespace: explicit re-exports only.

Run the official suite on it alone with ``ARRAY_API_TESTS_MODULE=gradarray_reference.namespace``.
"""

from __future__ import annotations

import math as _math

from . import fft as fft
from . import linalg as linalg
from ._array import Array as Array
from ._creation import arange as arange
from ._creation import asarray as asarray
from ._creation import empty as empty
from ._creation import empty_like as empty_like
from ._creation import eye as eye
from ._creation import from_dlpack as from_dlpack
from ._creation import full as full
from ._creation import full_like as full_like
from ._creation import linspace as linspace
from ._creation import meshgrid as meshgrid
from ._creation import ones as ones
from ._creation import ones_like as ones_like
from ._creation import tril as tril
from ._creation import triu as triu
from ._creation import zeros as zeros
from ._creation import zeros_like as zeros_like
from ._data_types import astype as astype
from ._dtypes import bool as bool  # noqa: A004
from ._dtypes import can_cast as can_cast
from ._dtypes import complex64 as complex64
from ._dtypes import complex128 as complex128
from ._dtypes import finfo as finfo
from ._dtypes import float32 as float32
from ._dtypes import float64 as float64
from ._dtypes import iinfo as iinfo
from ._dtypes import int8 as int8
from ._dtypes import int16 as int16
from ._dtypes import int32 as int32
from ._dtypes import int64 as int64
from ._dtypes import isdtype as isdtype
from ._dtypes import result_type as result_type
from ._dtypes import uint8 as uint8
from ._dtypes import uint16 as uint16
from ._dtypes import uint32 as uint32
from ._dtypes import uint64 as uint64
from ._elementwise import abs as abs  # noqa: A004
from ._elementwise import acos as acos
from ._elementwise import acosh as acosh
from ._elementwise import add as add
from ._elementwise import asin as asin
from ._elementwise import asinh as asinh
from ._elementwise import atan as atan
from ._elementwise import atan2 as atan2
from ._elementwise import atanh as atanh
from ._elementwise import bitwise_and as bitwise_and
from ._elementwise import bitwise_invert as bitwise_invert
from ._elementwise import bitwise_left_shift as bitwise_left_shift
from ._elementwise import bitwise_or as bitwise_or
from ._elementwise import bitwise_right_shift as bitwise_right_shift
from ._elementwise import bitwise_xor as bitwise_xor
from ._elementwise import ceil as ceil
from ._elementwise import clip as clip
from ._elementwise import conj as conj
from ._elementwise import copysign as copysign
from ._elementwise import cos as cos
from ._elementwise import cosh as cosh
from ._elementwise import divide as divide
from ._elementwise import equal as equal
from ._elementwise import exp as exp
from ._elementwise import expm1 as expm1
from ._elementwise import floor as floor
from ._elementwise import floor_divide as floor_divide
from ._elementwise import greater as greater
from ._elementwise import greater_equal as greater_equal
from ._elementwise import hypot as hypot
from ._elementwise import imag as imag
from ._elementwise import isfinite as isfinite
from ._elementwise import isinf as isinf
from ._elementwise import isnan as isnan
from ._elementwise import less as less
from ._elementwise import less_equal as less_equal
from ._elementwise import log as log
from ._elementwise import log10 as log10
from ._elementwise import log1p as log1p
from ._elementwise import log2 as log2
from ._elementwise import logaddexp as logaddexp
from ._elementwise import logical_and as logical_and
from ._elementwise import logical_not as logical_not
from ._elementwise import logical_or as logical_or
from ._elementwise import logical_xor as logical_xor
from ._elementwise import maximum as maximum
from ._elementwise import minimum as minimum
from ._elementwise import multiply as multiply
from ._elementwise import negative as negative
from ._elementwise import nextafter as nextafter
from ._elementwise import not_equal as not_equal
from ._elementwise import positive as positive
from ._elementwise import pow as pow  # noqa: A004
from ._elementwise import real as real
from ._elementwise import reciprocal as reciprocal
from ._elementwise import remainder as remainder
from ._elementwise import round as round  # noqa: A004
from ._elementwise import sign as sign
from ._elementwise import signbit as signbit
from ._elementwise import sin as sin
from ._elementwise import sinh as sinh
from ._elementwise import sqrt as sqrt
from ._elementwise import square as square
from ._elementwise import subtract as subtract
from ._elementwise import tan as tan
from ._elementwise import tanh as tanh
from ._elementwise import trunc as trunc
from ._indexing import take as take
from ._indexing import take_along_axis as take_along_axis
from ._info import __array_namespace_info__ as __array_namespace_info__
from ._linalg_core import matmul as matmul
from ._linalg_core import matrix_transpose as matrix_transpose
from ._linalg_core import tensordot as tensordot
from ._linalg_core import vecdot as vecdot
from ._manipulation import broadcast_arrays as broadcast_arrays
from ._manipulation import broadcast_shapes as broadcast_shapes
from ._manipulation import broadcast_to as broadcast_to
from ._manipulation import concat as concat
from ._manipulation import expand_dims as expand_dims
from ._manipulation import flip as flip
from ._manipulation import moveaxis as moveaxis
from ._manipulation import permute_dims as permute_dims
from ._manipulation import repeat as repeat
from ._manipulation import reshape as reshape
from ._manipulation import roll as roll
from ._manipulation import squeeze as squeeze
from ._manipulation import stack as stack
from ._manipulation import tile as tile
from ._manipulation import unstack as unstack
from ._searching import argmax as argmax
from ._searching import argmin as argmin
from ._searching import count_nonzero as count_nonzero
from ._searching import nonzero as nonzero
from ._searching import searchsorted as searchsorted
from ._searching import where as where
from ._sets import isin as isin
from ._sets import unique_all as unique_all
from ._sets import unique_counts as unique_counts
from ._sets import unique_inverse as unique_inverse
from ._sets import unique_values as unique_values
from ._sorting import argsort as argsort
from ._sorting import sort as sort
from ._statistical import cumulative_prod as cumulative_prod
from ._statistical import cumulative_sum as cumulative_sum
from ._statistical import max as max  # noqa: A004
from ._statistical import mean as mean
from ._statistical import min as min  # noqa: A004
from ._statistical import prod as prod
from ._statistical import std as std
from ._statistical import sum as sum  # noqa: A004
from ._statistical import var as var
from ._utility import all as all  # noqa: A004
from ._utility import any as any  # noqa: A004
from ._utility import diff as diff

__array_api_version__ = "2025.12"

_ELEMENTWISE = """
abs acos acosh add asin asinh atan atan2 atanh bitwise_and bitwise_invert bitwise_left_shift
bitwise_or bitwise_right_shift bitwise_xor ceil clip conj copysign cos cosh divide equal exp
expm1 floor floor_divide greater greater_equal hypot imag isfinite isinf isnan less
less_equal log log10 log1p log2 logaddexp logical_and logical_not logical_or logical_xor
maximum minimum multiply negative nextafter not_equal positive pow real reciprocal remainder
round sign signbit sin sinh sqrt square subtract tan tanh trunc""".split()

e = _math.e
inf = _math.inf
nan = _math.nan
pi = _math.pi
newaxis = None

__all__ = sorted({
    "fft", "linalg", "arange", "asarray", "empty", "empty_like", "eye", "from_dlpack", "full",
    "full_like", "linspace", "meshgrid", "ones", "ones_like", "tril", "triu", "zeros",
    "zeros_like", "astype", "bool", "can_cast", "complex64", "complex128", "finfo", "float32",
    "float64", "iinfo", "int8", "int16", "int32", "int64", "isdtype", "result_type", "uint8",
    "uint16", "uint32", "uint64", "take", "take_along_axis", "__array_namespace_info__",
    "matmul", "matrix_transpose", "tensordot", "vecdot", "broadcast_arrays",
    "broadcast_shapes", "broadcast_to", "concat", "expand_dims", "flip", "moveaxis",
    "permute_dims", "repeat", "reshape", "roll", "squeeze", "stack", "tile", "unstack",
    "argmax", "argmin", "count_nonzero", "nonzero", "searchsorted", "where", "isin",
    "unique_all", "unique_counts", "unique_inverse", "unique_values", "argsort", "sort",
    "cumulative_prod", "cumulative_sum", "max", "mean", "min", "prod", "std", "sum", "var",
    "all", "any", "diff", "e", "inf", "nan", "pi", "newaxis", "__array_api_version__",
    *_ELEMENTWISE,
})

from ._array import _install as _install_operators  # noqa: E402

_install_operators()
del _install_operators
