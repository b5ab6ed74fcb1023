"""Benchmark: 10,000 KRW-per-USD scenarios over the ledger, vectorized vs a naive Decimal loop.

Run: python benchmarks/bench_fx.py   (or `make bench`); `--smoke` runs 100 scenarios once (make test does).

Goal: every scenario from 1000 to 2000 KRW per USD (step 0.1, 10,000 scenarios) applied to every
USD amount of the ledger in well under a second, so notebooks can sweep and chart freely.
The loop is timed on a subset of scenarios and scaled up: running all 10,000 would take minutes.
Each timing is the best of 5 runs with time.perf_counter. Nothing here asserts on timing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere, without installing

from capexlib.core import fx, sweep

LOOP_SUBSET = 100
REPEATS = 5


def ledger_usd_amounts() -> tuple[np.ndarray[Any, Any], str]:
    """Every money amount of the ledger, as USD at the ECB rate of its article's date."""
    from capexlib.core.fx import rate
    from capexlib.core.ledger import load_ledger

    ledger = load_ledger()
    amounts = []
    for claim in ledger.records("claims").values():
        if claim["currency"] in ("USD", "KRW", "CNY", "EUR"):
            usd = rate(claim["currency"], "USD", ledger.article_date(claim["article_id"])).rate
            amounts.append(float(claim["amount"] * usd))
    return np.array(amounts), f"the full ledger ({len(amounts)} money claims, in USD)"


def best_of(repeats: int, func: Callable[[], object]) -> float:
    """Best wall time: the least disturbed by other processes."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def naive_loop(amounts: list[Decimal], rates: list[Decimal]) -> list[list[Decimal]]:
    return [[amount * r for amount in amounts] for r in rates]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="100 scenarios, timed once: checks the script runs")
    args = parser.parse_args(argv)
    repeats, subset = (1, 10) if args.smoke else (REPEATS, LOOP_SUBSET)
    amounts, origin = ledger_usd_amounts()
    stop = "1009.9" if args.smoke else "1999.9"
    rates = fx.sweep_rates(1000, stop, "0.1")  # 10,000 scenarios, 1000.0 .. 1999.9 (smoke: 100)
    rates_f = np.array([float(r) for r in rates])
    amounts_d = [Decimal(str(a)) for a in amounts]

    vectorized = best_of(repeats, lambda: sweep.convert_many(amounts, rates_f))
    loop = best_of(repeats, lambda: naive_loop(amounts_d, rates[:subset]))
    loop_per_scenario = loop / subset
    loop_all_estimate = loop_per_scenario * len(rates)

    print(f"amounts:                 {origin}")
    print(f"n_amounts:               {len(amounts)}")
    print(f"n_scenarios:             {len(rates)}")
    print(f"vectorized (all):        {vectorized:.6f} s  (best of {repeats})")
    print(f"loop per scenario:       {loop_per_scenario * 1e6:.1f} us  (Decimal, {subset} scenarios, best of {repeats})")
    print(f"loop, all (estimated):   {loop_all_estimate:.3f} s")
    print(f"ratio loop/vectorized:   {loop_all_estimate / vectorized:.0f}x")
    verdict = "met" if vectorized < 0.1 else "NOT met"
    print(f"goal (all scenarios over the ledger well under 1 s, i.e. < 0.1 s): {verdict}")


if __name__ == "__main__":
    main()
