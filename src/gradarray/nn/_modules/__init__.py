"""The layers of ``gradarray.nn`` (one module per family, as PyTorch's ``torch.nn.modules``)."""
