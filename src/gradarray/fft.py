"""The ``fft`` extension of the standard, with derivative rules for every transform.

https://data-apis.org/array-api/2025.12/extensions/fourier_transform_functions.html
"""

from ._ops.fft import (  # noqa: F401
    fft as fft,
    fftfreq as fftfreq,
    fftn as fftn,
    fftshift as fftshift,
    hfft as hfft,
    ifft as ifft,
    ifftn as ifftn,
    ifftshift as ifftshift,
    ihfft as ihfft,
    irfft as irfft,
    irfftn as irfftn,
    rfft as rfft,
    rfftfreq as rfftfreq,
    rfftn as rfftn,
)
