"""Start glibc's allocator where its own heuristic ends, so that training loops stop paying
page faults for every large temporary.

NumPy takes the memory of arrays from ``malloc``.  glibc serves a request of 128 KiB or more
with a fresh ``mmap`` and returns it to the system when it is freed; every page of such an
array is then faulted in again on first write.  glibc raises that threshold by itself, up to
32 MiB (and the heap's trim threshold to twice it), but only to the size of the largest
mapped block freed so far: a step that frees a few megabyte-sized arrays at once (a weight
gradient and its update, activations) keeps trimming the heap and faulting the same memory
back in, step after step.  On this project's 2-core machine that doubled the time of the
weight-gradient product of an MLP step (benchmarks/bench_training.py).

``tune()`` sets the two thresholds to the values glibc's heuristic would reach at most: arrays
up to 32 MiB come from the heap, and up to 64 MiB of freed memory stays in the process for the
next step, as a caching allocator keeps it.  It is called when gradarray first uses the NumPy
backend, does nothing elsewhere than on glibc, and leaves the allocator alone when the user has
chosen (``MALLOC_MMAP_THRESHOLD_`` / ``MALLOC_TRIM_THRESHOLD_`` set) or opts out with
``GRADARRAY_NUMPY_MALLOC=default``.
"""

from __future__ import annotations

import ctypes
import os
import sys

__all__ = ["tune", "MMAP_THRESHOLD", "TRIM_THRESHOLD"]

# glibc's malloc.h: mallopt parameters
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3

MMAP_THRESHOLD = 32 * 1024 * 1024     # glibc's DEFAULT_MMAP_THRESHOLD_MAX on 64-bit systems
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD   # what glibc's heuristic pairs with it

_state: list[bool] = []               # the outcome of the first call


def tune() -> bool:
    """Set glibc's mmap and trim thresholds once per process; True where they were set."""
    if _state:
        return _state[0]
    _state.append(_tune())
    return _state[0]


def _tune() -> bool:
    if os.environ.get("GRADARRAY_NUMPY_MALLOC", "").strip().lower() == "default":
        return False
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or "MALLOC_TRIM_THRESHOLD_" in os.environ:
        return False
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None)
        libc.gnu_get_libc_version       # glibc only: musl's mallopt does nothing
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and \
        bool(mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD))
