"""The benchmarks keep working: each script imports, and the cheap modes run (`make bench` must not fail
at once because a module moved). Nothing here looks at a timing."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from capexlib.core.paths import PROJECT_ROOT

BENCHMARKS = PROJECT_ROOT / "benchmarks"


@pytest.mark.parametrize("script", sorted(p.name for p in BENCHMARKS.glob("bench_*.py")))
def test_every_benchmark_imports_and_has_a_main(script):
    spec = importlib.util.spec_from_file_location(script.removesuffix(".py"), BENCHMARKS / script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert callable(module.main)


def test_the_exchange_rate_benchmark_runs_in_its_smoke_mode():
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_fx.py"), "--smoke"], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert "n_scenarios:             100\n" in done.stdout
    assert "n_amounts:               " in done.stdout


@pytest.mark.slow
def test_the_run_benchmark_runs_once_without_the_peers():
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "bench_run.py"), "--repeat", "1", "--skip-peers"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    lines = ("fresh capex run (both editions)", "fresh capex run --lang en (one edition)", "render only (--site-url")
    lines += ("floor (in-process IPython, same -j)", "floor of both editions (each notebook twice)", "unchanged rerun (cached)")
    lines += ("fresh / floor    = ", "one edition / floor = ", "second edition   = +")
    for line in lines:
        assert line in done.stdout
