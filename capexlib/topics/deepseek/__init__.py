"""DeepSeek's training cost: what the articles print, the report's own arithmetic, and the comparisons.

Two seed articles print the cost: 머니투데이 (mt) gives $5.576M for DeepSeek-V3 and "a tenth of Llama 3";
디지털데일리 (dd) gives $5.58M for DeepSeek-R1 and "a tenth of ChatGPT". Any number of articles may print
such figures: each is judged and shown, one row per article. The DeepSeek-V3 technical
report's figure is GPU-hours times an assumed rental price. This package rebuilds it and prices the
comparisons, all from data/ (rows chosen by entity, unit and the reference's declared kind, or through
data/checks.csv), one module per question (every name importable from `capexlib.topics.deepseek`):

- `printed.cost_claims`: each printed cost, the model it is attributed to, and its KRW at the run's rate;
- `printed.krw_audit` and `krw_comparison`: why the printed KRW figures differ (rate and dollar figure),
  one row per article that prints one;
- `report.stage_table` and `report.reconcile`: the report's stage GPU-hours, their sum, and GPU-hours x price;
- `comparisons.comparisons`: every ratio check on the topic, priced per GPU type (H800 for DeepSeek, H100 for Llama);
- `report.caveats` and `comparisons.scale`: what the figure leaves out and how small it is next to the US four's capex;
- `sensitivity.price_grid`, `sensitivity.sensitivity` and `sensitivity.break_even_prices`: the cost and the
  ratios over the H800 price.

Money is Decimal; the chart (capexlib.report.charts) alone uses floats.
"""

from __future__ import annotations

from .comparisons import comparisons, gpu_hour_comparisons, money_comparisons, scale
from .printed import cost_claims, krw_audit, krw_comparison
from .report import (
    COST_METRIC,
    GPU_HOURS,
    PRICE_PARAMS,
    TOPIC,
    V3,
    Reconciliation,
    caveats,
    exact_price,
    gpu_type,
    reconcile,
    report_cost,
    report_price,
    stage_name,
    stage_rows,
    stage_table,
    v3_cost,
)
from .sensitivity import SWEEP_HIGH, SWEEP_LOW, SWEEP_STEPS, break_even_prices, price_grid, sensitivity

__all__ = [
    "COST_METRIC",
    "GPU_HOURS",
    "PRICE_PARAMS",
    "SWEEP_HIGH",
    "SWEEP_LOW",
    "SWEEP_STEPS",
    "TOPIC",
    "V3",
    "Reconciliation",
    "break_even_prices",
    "caveats",
    "comparisons",
    "cost_claims",
    "exact_price",
    "gpu_hour_comparisons",
    "gpu_type",
    "krw_audit",
    "krw_comparison",
    "money_comparisons",
    "price_grid",
    "reconcile",
    "report_cost",
    "report_price",
    "scale",
    "sensitivity",
    "stage_name",
    "stage_rows",
    "stage_table",
    "v3_cost",
]
