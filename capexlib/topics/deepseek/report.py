"""The DeepSeek-V3 technical report's own arithmetic: the stages' GPU-hours, their total, the rental price
it assumes and the cost it states, rebuilt at any price, and the report's words on what the cost leaves out."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ...core.ledger import Ledger
from ...core.numbers import CTX, Number, to_decimal, total
from ...core.phrase import N_, DataText, data, word

TOPIC = "deepseek"
COST_METRIC = "development cost"  # how the ledger names the printed cost figures
V3 = "DeepSeek-V3"
GPU_HOURS = "GPU-hours"  # units of GPU-hour rows end with this ("H800 GPU-hours")
# reference.csv kinds of the report's rows: the stages' GPU-hours (part) and their total, the rental price it
# assumes, the cost it states; and an outside analyst's estimate.
PART, TOTAL, ASSUMPTION, COST, ESTIMATE = "part", "total", "assumption", "cost", "estimate"
PRICE_PARAMS = {"H800": "h800_usd_per_gpu_hour", "H100": "h100_usd_per_gpu_hour"}  # GPU type -> run parameter


def exact_price(value: object, name: str) -> Decimal:
    """A price parameter made exact. Functions take prices as `Number`; the few the charts and the command
    line call with a run parameter as the run holds it (`sensitivity`, `break_even_prices`, `price_grid`,
    `v3_cost`) take any object and make it exact here first."""
    return to_decimal(value, name)


def _v3_refs(ledger: Ledger) -> list[dict[str, Any]]:
    return [r for r in ledger.records("reference").values() if r["topic"] == TOPIC and r["entity"] == V3]


def gpu_type(unit: str) -> str:
    """'H800 GPU-hours' -> 'H800'; 'H100-80GB GPU-hours' -> 'H100'."""
    for gpu in PRICE_PARAMS:
        if unit.startswith(gpu):
            return gpu
    raise ValueError(f"no rental-price parameter for GPU-hours in {unit!r}")


def _one(rows: list[dict[str, Any]], what: str) -> dict[str, Any]:
    if len(rows) != 1:
        raise ValueError(f"expected one {what} row for {V3}, found {len(rows)}")
    return rows[0]


def stage_rows(ledger: Ledger) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The report's per-stage GPU-hour rows (file order) and its total row."""
    rows = [r for r in _v3_refs(ledger) if r["unit"].endswith(GPU_HOURS)]
    total_row = _one([r for r in rows if r["kind"] == TOTAL], "total GPU-hours")
    return [r for r in rows if r["kind"] == PART], total_row


def report_price(ledger: Ledger) -> dict[str, Any]:
    """The report's assumed rental price row (USD per GPU-hour)."""
    return _one([r for r in _v3_refs(ledger) if r["kind"] == ASSUMPTION], "rental-price")


def report_cost(ledger: Ledger) -> dict[str, Any]:
    """The report's training cost row (USD)."""
    return _one([r for r in _v3_refs(ledger) if r["kind"] == COST and r["unit"] == "USD"], "training-cost")


def stage_name(metric: str) -> str:
    """A stage's name in the report's metric ('training GPU-hours (pre-training)' -> 'pre-training')."""
    return metric[metric.index("(") + 1 : metric.rindex(")")] if "(" in metric else metric


def stage_table(ledger: Ledger, usd_per_gpu_hour: Number) -> pd.DataFrame:
    """Stage by stage: GPU-hours, price, cost; then the sum of the stages and the report's totals."""
    price = exact_price(usd_per_gpu_hour, "h800_usd_per_gpu_hour")
    stages, total_row = stage_rows(ledger)
    rows = [
        {
            "stage": stage_name(r["metric"]),
            "metric": DataText(r["metric"], "reference", "metric"),
            "ref_id": r["ref_id"],
            "gpu_hours": r["value"],
            "usd_per_gpu_hour": price,
            "cost_usd": CTX.multiply(r["value"], price),
            "source_quote": r["source_quote"],
        }
        for r in stages
    ]
    stage_sum = total(r["gpu_hours"] for r in rows)
    rows.append(
        {
            "stage": word(N_("sum of the stages")),
            "metric": None,
            "ref_id": "",
            "gpu_hours": stage_sum,
            "usd_per_gpu_hour": price,
            "cost_usd": CTX.multiply(stage_sum, price),
            "source_quote": "",
        }
    )
    rows.append(
        {
            "stage": word(N_("report total")),
            "metric": None,
            "ref_id": total_row["ref_id"],
            "gpu_hours": total_row["value"],
            "usd_per_gpu_hour": price,
            "cost_usd": CTX.multiply(total_row["value"], price),
            "source_quote": total_row["source_quote"],
        }
    )
    cost = report_cost(ledger)
    rows.append(
        {
            "stage": word(N_("report's stated cost")),
            "metric": None,
            "ref_id": cost["ref_id"],
            "gpu_hours": None,
            "usd_per_gpu_hour": None,
            "cost_usd": cost["value"],
            "source_quote": cost["source_quote"],
        }
    )
    return pd.DataFrame(rows, dtype=object)


@dataclass(frozen=True)
class Reconciliation:
    """Do the stages sum to the total, and does total x price give the report's cost?"""

    stage_sum_gpu_hours: Decimal
    total_gpu_hours: Decimal
    stages_sum_to_total: bool
    price: Decimal
    rebuilt_cost_usd: Decimal
    report_cost_usd: Decimal
    report_price: Decimal
    report_price_basis: str
    rebuilt_at_report_price_usd: Decimal
    report_reproduced: bool
    rebuilt_matches_report: bool


def reconcile(ledger: Ledger, usd_per_gpu_hour: Number) -> Reconciliation:
    price = exact_price(usd_per_gpu_hour, "h800_usd_per_gpu_hour")
    stages, total_row = stage_rows(ledger)
    stage_sum = total(r["value"] for r in stages)
    assumed = report_price(ledger)
    cost = report_cost(ledger)
    rebuilt = CTX.multiply(total_row["value"], price)
    at_report_price = CTX.multiply(total_row["value"], assumed["value"])
    return Reconciliation(
        stage_sum,
        total_row["value"],
        stage_sum == total_row["value"],
        price,
        rebuilt,
        cost["value"],
        assumed["value"],
        DataText(assumed["line_item_or_basis"] or "", "reference", "line_item_or_basis"),
        at_report_price,
        at_report_price == cost["value"],
        rebuilt == cost["value"],
    )


def v3_cost(ledger: Ledger, usd_per_gpu_hour: object) -> Decimal:
    """DeepSeek-V3's final training run at a rental price: total H800 GPU-hours x price."""
    return reconcile(ledger, exact_price(usd_per_gpu_hour, "h800_usd_per_gpu_hour")).rebuilt_cost_usd


def caveats(ledger: Ledger) -> pd.DataFrame:
    """The report's own words on what its cost is: the price assumption and what it excludes."""
    rows = []
    for r in (report_price(ledger), report_cost(ledger)):
        rows.append(
            {
                "ref_id": r["ref_id"],
                "what": DataText(r["metric"], "reference", "metric"),
                "value": r["value"],
                "unit": r["unit"],
                "basis": data(r["line_item_or_basis"], "reference", "line_item_or_basis"),
                "source_quote": r["source_quote"],
                "source_url": r["source_url"],
            }
        )
    return pd.DataFrame(rows, dtype=object)
