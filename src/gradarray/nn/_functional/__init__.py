"""The implementations behind ``gradarray.nn.functional`` (one module per family)."""
