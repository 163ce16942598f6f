"""Run the official Array API conformance suite (data-apis/array-api-tests, pinned in
``pins.json``) against gradarray on a backend, and record the result in docs/conformance.md.

    python -m conformance --backend numpy            # gradarray over the NumPy backend
    python -m conformance --backend numpy --namespace   # the backend's namespace alone
"""
