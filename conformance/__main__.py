"""``python -m conformance``: see the package docstring."""

from __future__ import annotations

import argparse
import sys

from .runner import run_and_record


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m conformance", description=__doc__)
    p.add_argument("--backend", action="append", default=None,
                   help="backend to test (repeatable; default: numpy)")
    p.add_argument("--namespace", action="store_true",
                   help="test the backend's own namespace instead of gradarray over it")
    p.add_argument("--suite", default=None,
                   help="path of array-api-tests (default: $ARRAY_API_TESTS_DIR, else a pinned "
                        "clone in the user cache)")
    p.add_argument("--max-examples", type=int, default=None,
                   help="hypothesis examples per test (suite default: 100)")
    p.add_argument("--no-write", action="store_true", help="do not update docs/conformance.md")
    p.add_argument("pytest_args", nargs="*", help="extra arguments for pytest (after --)")
    args = p.parse_args(argv)
    ok = True
    for backend in args.backend or ["numpy"]:
        result = run_and_record(backend, namespace=args.namespace, suite=args.suite,
                                max_examples=args.max_examples, write=not args.no_write,
                                extra=args.pytest_args)
        print(result.summary())
        ok = ok and result.failed == 0 and result.errors == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
