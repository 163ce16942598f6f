"""``Upsample``, ``PixelShuffle``, ``PixelUnshuffle`` and the padding layers
(``ZeroPad1d/2d``, ``ConstantPad1d/2d``, ``ReflectionPad1d/2d``, ``ReplicationPad1d/2d``,
``CircularPad1d/2d``), as PyTorch's."""

from __future__ import annotations

from typing import Any

from ..._array import Array
from .._functional import conv as C, sampling as S
from .._functional._util import tuple_n
from .._module import Module

__all__ = ["Upsample", "PixelShuffle", "PixelUnshuffle", "Unfold", "Fold", "ZeroPad1d", "ZeroPad2d",
           "ConstantPad1d", "ConstantPad2d", "ReflectionPad1d", "ReflectionPad2d",
           "ReplicationPad1d", "ReplicationPad2d", "CircularPad1d", "CircularPad2d"]


class Upsample(Module):
    """``interpolate`` as a layer: to ``size`` or by ``scale_factor``, ``mode`` "nearest",
    "nearest-exact", "linear" or "bilinear"."""

    def __init__(self, size: Any = None, scale_factor: Any = None, mode: str = "nearest",
                 align_corners: bool | None = None,
                 recompute_scale_factor: bool | None = None) -> None:
        super().__init__()
        self.size = size
        self.scale_factor = float(scale_factor) if isinstance(scale_factor, int | float) \
            else scale_factor
        self.mode = mode
        self.align_corners = align_corners
        self.recompute_scale_factor = recompute_scale_factor

    def forward(self, input: Array) -> Array:
        return S.interpolate(input, self.size, self.scale_factor, self.mode,
                             self.align_corners, self.recompute_scale_factor)

    def extra_repr(self) -> str:
        what = f"scale_factor={self.scale_factor}" if self.scale_factor is not None \
            else f"size={self.size}"
        return f"{what}, mode='{self.mode}'"


class _Shuffle(Module):
    """A pixel (un)shuffle by a fixed factor, named as PyTorch's attribute (``_arg``)."""

    _arg = ""

    def __init__(self, factor: int) -> None:
        super().__init__()
        setattr(self, self._arg, factor)

    def forward(self, input: Array) -> Array:
        fn = S.pixel_shuffle if self._arg == "upscale_factor" else S.pixel_unshuffle
        return fn(input, getattr(self, self._arg))

    def extra_repr(self) -> str:
        return f"{self._arg}={getattr(self, self._arg)}"


class PixelShuffle(_Shuffle):
    """(*, C r^2, H, W) to (*, C, H r, W r)."""

    _arg = "upscale_factor"

    def __init__(self, upscale_factor: int) -> None:
        super().__init__(upscale_factor)


class PixelUnshuffle(_Shuffle):
    """(*, C, H r, W r) to (*, C r^2, H, W)."""

    _arg = "downscale_factor"

    def __init__(self, downscale_factor: int) -> None:
        super().__init__(downscale_factor)


class Unfold(Module):
    """``F.unfold``: the sliding windows of (N, C, H, W) input as columns."""

    def __init__(self, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
                 stride: Any = 1) -> None:
        super().__init__()
        self.kernel_size, self.dilation = kernel_size, dilation
        self.padding, self.stride = padding, stride

    def forward(self, input: Array) -> Array:
        return S.unfold(input, self.kernel_size, self.dilation, self.padding, self.stride)

    def extra_repr(self) -> str:
        return (f"kernel_size={self.kernel_size}, dilation={self.dilation}, "
                f"padding={self.padding}, stride={self.stride}")


class Fold(Unfold):
    """``F.fold``: columns summed back into (N, C, *output_size)."""

    def __init__(self, output_size: Any, kernel_size: Any, dilation: Any = 1, padding: Any = 0,
                 stride: Any = 1) -> None:
        super().__init__(kernel_size, dilation, padding, stride)
        self.output_size = output_size

    def forward(self, input: Array) -> Array:
        return S.fold(input, self.output_size, self.kernel_size, self.dilation, self.padding,
                      self.stride)

    def extra_repr(self) -> str:
        return f"output_size={self.output_size}, " + super().extra_repr()


class _Pad(Module):
    """``F.pad`` with a fixed ``padding``: an int (every side) or PyTorch's tuple, last axis
    first ((left, right) in 1-D, (left, right, top, bottom) in 2-D)."""

    _mode = "constant"
    _dims = 1

    def __init__(self, padding: Any, value: float = 0.0) -> None:
        super().__init__()
        self.padding = tuple_n(padding, 2 * self._dims, type(self).__name__, "padding",
                               minimum=-(1 << 62))
        self.value = value

    def forward(self, input: Array) -> Array:
        value = self.value if self._mode == "constant" else None
        return C.pad(input, self.padding, self._mode, value)

    def extra_repr(self) -> str:                 # as PyTorch prints each kind
        if type(self).__name__.startswith("Constant"):
            return f"padding={self.padding}, value={self.value}"
        return f"{self.padding}"


def _pad_layer(name: str, mode: str, dims: int, with_value: bool) -> type[_Pad]:
    doc = (f"Pad the last {dims} axes ({mode}" +
           (", with ``value``" if with_value else "") + "), as ``F.pad``.")
    if with_value:
        def init(self: _Pad, padding: Any, value: float) -> None:
            _Pad.__init__(self, padding, value)
    else:
        def init(self: _Pad, padding: Any) -> None:
            _Pad.__init__(self, padding)
    return type(name, (_Pad,), {"_mode": mode, "_dims": dims, "__init__": init, "__doc__": doc,
                                "__module__": __name__})


ZeroPad1d = _pad_layer("ZeroPad1d", "constant", 1, False)
ZeroPad2d = _pad_layer("ZeroPad2d", "constant", 2, False)
ConstantPad1d = _pad_layer("ConstantPad1d", "constant", 1, True)
ConstantPad2d = _pad_layer("ConstantPad2d", "constant", 2, True)
ReflectionPad1d = _pad_layer("ReflectionPad1d", "reflect", 1, False)
ReflectionPad2d = _pad_layer("ReflectionPad2d", "reflect", 2, False)
ReplicationPad1d = _pad_layer("ReplicationPad1d", "replicate", 1, False)
ReplicationPad2d = _pad_layer("ReplicationPad2d", "replicate", 2, False)
CircularPad1d = _pad_layer("CircularPad1d", "circular", 1, False)
CircularPad2d = _pad_layer("CircularPad2d", "circular", 2, False)
