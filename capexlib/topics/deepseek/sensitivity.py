"""How far the famous figure rests on the assumed rental price: the cost and the Llama ratios over a range
of H800 prices, and the price at which each ratio would be exactly the printed one."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ...core.ledger import Ledger
from ...core.numbers import CTX, ratio
from .comparisons import gpu_hour_comparisons
from .report import exact_price, stage_rows

# Sensitivity range: from half to twice the run's H800 price, in this many steps (1 to 4 USD by 0.25 at 2).
SWEEP_LOW = Decimal("0.5")
SWEEP_HIGH = Decimal(2)
SWEEP_STEPS = 12


def price_grid(center: object) -> list[Decimal]:
    """H800 prices from SWEEP_LOW x to SWEEP_HIGH x the run's price, in SWEEP_STEPS equal steps."""
    c = exact_price(center, "h800_usd_per_gpu_hour")
    low, high = CTX.multiply(c, SWEEP_LOW), CTX.multiply(c, SWEEP_HIGH)
    step = CTX.divide(CTX.subtract(high, low), Decimal(SWEEP_STEPS))
    return [CTX.add(low, CTX.multiply(step, i)) for i in range(SWEEP_STEPS + 1)]


def sensitivity(ledger: Ledger, h800_prices: list[Decimal], h100_usd_per_gpu_hour: object) -> pd.DataFrame:
    """Per H800 price: DeepSeek-V3's cost and its cost ratio against each Llama reading (H100 price fixed)."""
    readings = gpu_hour_comparisons(ledger, 1, exact_price(h100_usd_per_gpu_hour, "h100_usd_per_gpu_hour"))
    _, total_row = stage_rows(ledger)
    rows = []
    for price in h800_prices:
        price = exact_price(price, "h800_usd_per_gpu_hour")
        cost = CTX.multiply(total_row["value"], price)
        for _, r in readings.iterrows():
            rows.append(
                {
                    "h800_usd_per_gpu_hour": price,
                    "dsv3_cost_usd": cost,
                    "check_id": r["check_id"],
                    "role": r["role"],
                    "against": r["denominator"],
                    "against_usd": r["denominator_usd"],
                    "cost_ratio": ratio(CTX.multiply(r["numerator_gpu_hours"], price), r["denominator_usd"]),
                    "printed": r["printed"],
                    "tolerance_pct": r["tolerance_pct"],
                }
            )
    return pd.DataFrame(rows, dtype=object)


def break_even_prices(ledger: Ledger, h100_usd_per_gpu_hour: object) -> pd.DataFrame:
    """The H800 price at which each Llama reading's cost ratio would be exactly the printed figure."""
    readings = gpu_hour_comparisons(ledger, 1, exact_price(h100_usd_per_gpu_hour, "h100_usd_per_gpu_hour"))
    rows = []
    for _, r in readings.iterrows():
        price = ratio(CTX.multiply(r["printed"], r["denominator_usd"]), r["numerator_gpu_hours"])
        rows.append(
            {
                "check_id": r["check_id"],
                "role": r["role"],
                "against": r["denominator"],
                "printed": r["printed"],
                "h800_price_for_printed_ratio": price,
            }
        )
    return pd.DataFrame(rows, dtype=object)
