"""The linalg extension (placeholder while it is written)."""
from ._linalg_core import matmul, matrix_transpose, tensordot, vecdot  # noqa: F401
