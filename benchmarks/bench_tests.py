"""Benchmark: how long the test suite takes, whole and without the slow (notebook-executing) tests.

Run: python benchmarks/bench_tests.py   (part of `make bench`)

The goal, from the project's issues: the whole `make test` (lint, every test, nbval) under 60 s on the
2-core machine once the venv exists. Printed, never asserted: no test is timed.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr[-2000:]}")
    return time.perf_counter() - start


def main() -> None:
    lint = timed([str(BIN / "ruff"), "check", "."]) + timed([str(BIN / "ruff"), "format", "--check", "."])
    lint += timed([str(BIN / "mypy")])
    fast = timed([sys.executable, "-m", "pytest", "-q", "-m", "not slow", "tests"])
    suite = ["--nbval", "--nbval-current-env", "tests", "notebooks"]
    one = timed([sys.executable, "-m", "pytest", "-q", *suite])
    parallel = timed([sys.executable, "-m", "pytest", "-q", "-n", "auto", "--dist", "loadfile", *suite])
    print(f"lint (ruff, mypy; warm cache)       {lint:6.1f} s")
    print(f"tests without the slow ones         {fast:6.1f} s")
    print(f"every test and nbval, one process   {one:6.1f} s")
    print(f"every test and nbval, -n auto       {parallel:6.1f} s   ({os.cpu_count()} CPUs; what make test runs)")
    print(f"make test (lint + every test)       {lint + parallel:6.1f} s   (goal < 60 s)")


if __name__ == "__main__":
    main()
