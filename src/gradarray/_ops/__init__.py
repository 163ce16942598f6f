"""One private module per page of the standard; the public namespace re-exports them."""

from . import (creation, data_types, elementwise, fft, indexing, inspection, linalg,  # noqa: F401
               manipulation, searching, set_functions, sorting, statistical, utility)
