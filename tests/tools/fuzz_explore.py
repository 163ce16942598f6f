"""Explore with the fuzzer of tests/spec/test_fuzz.py: many random calls per function, every
distinct problem printed once (the test stops at the first).

    python -m tests.tools.fuzz_explore [--backend numpy] [--n 300] [--seed 0] [name ...]
"""

from __future__ import annotations

import argparse
import collections
import faulthandler
import random
import re
import sys

from gradarray._device import runtime
from tests.spec import test_fuzz as fz


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", default="numpy")
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("names", nargs="*")
    a = ap.parse_args()
    names = a.names or sorted(fz.GENERATORS)
    names = [n for n in sorted(fz.GENERATORS) if any(re.fullmatch(p, n) for p in names)]
    seen: dict[str, tuple[str, int]] = {}
    counts: collections.Counter[str] = collections.Counter()
    with runtime(a.backend).devices[0], fz.memory_limit():
        for name in names:
            print(f"... {name}", file=sys.stderr, flush=True)
            faulthandler.dump_traceback_later(60, exit=True)
            rng = random.Random(f"{a.seed}-{name}")
            for _ in range(a.n):
                try:
                    call, problems = fz.draw_and_check(rng, name)
                except Exception as exc:  # noqa: BLE001  (the generator itself failed)
                    problems = [f"GENERATOR {type(exc).__name__}: {exc}"]
                    call = None
                for p in problems:
                    key = name + ": " + re.sub(r"\d+", "N", re.sub(r"\(.*?\)|'.*?'", "",
                                                                   p))[:120]
                    counts[key] += 1
                    if key not in seen:
                        seen[key] = (f"{fz.describe(call) if call else name}: {p}", 0)
                        print(seen[key][0] + "\n", flush=True)
    for key in seen:
        print(f"[{counts[key]}] {key}", file=sys.stderr)
    print(f"{len(seen)} distinct problems", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
