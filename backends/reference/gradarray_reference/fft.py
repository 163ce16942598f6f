"""The fft extension (placeholder while it is written)."""
