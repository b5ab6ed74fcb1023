"""Notebook 06's views: Alibaba's plan, DeepSeek-R1's own cost and R1's whole pipeline."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..present import (
    QUALIFIER_LABELS,
    gpu_hours_text,
    money,
    number,
    pct,
    price_text,
    usd_text,
    value,
)

# --- Notebook 06: hindsight ----------------------------------------------------------------------------------


def alibaba_plan_text(plan: Any) -> str:
    """Alibaba's three-year plan and the pace it spent at (a `hindsight.AlibabaPlan`)."""
    lines = [
        f"Alibaba's plan ({plan.plan_id}): {QUALIFIER_LABELS[plan.qualifier]} {money(plan.plan_cny, 'CNY', exact=True)} "
        f"over {plan.months} months, {money(plan.per_year_cny, 'CNY')} a year"
    ]
    if plan.twelve_months_cny is not None:
        lines.append(
            f"spent on AI and cloud infrastructure in {plan.twelve_months_period}: {money(plan.twelve_months_cny, 'CNY')} "
            f"({value(plan.pace_ratio, 'times')} the plan's yearly pace; the source says 'about')"
        )
    return "\n".join(lines)


def r1_cost_text(ds: Any) -> str:
    """DeepSeek-R1's own cost, rebuilt from the paper's figures (a `hindsight.DeepSeekAged`)."""
    return "\n".join(
        [
            f"V3's final training run: {usd_text(ds.v3_usd)}; R1's own training: {usd_text(ds.r1_usd)}; "
            f"R1's whole pipeline: {usd_text(ds.pipeline_usd)} (Nature puts the base at about "
            f"{usd_text(ds.base_as_nature_puts_it_usd)})",
            f"{number(ds.gpus)} GPUs x ({number(ds.r1_zero_hours)} + {number(ds.r1_hours)} hours) "
            f"+ {gpu_hours_text(ds.sft_gpu_hours)} GPU-hours of SFT data = {gpu_hours_text(ds.rebuilt_gpu_hours)} GPU-hours; "
            f"the paper's table: {gpu_hours_text(ds.table_gpu_hours)} (an unconfirmed copy)",
            f"{gpu_hours_text(ds.table_gpu_hours)} x {price_text(ds.table_price)} = {usd_text(ds.table_cost_usd)}; "
            f"at this run's {price_text(ds.run_price)} per GPU-hour: {usd_text(ds.r1_at_run_price_usd)}",
        ]
    )


def r1_printed_view(printed: pd.DataFrame) -> pd.DataFrame:
    """Each printed cost against V3's run, R1's own training and R1's whole pipeline (`DeepSeekAged.printed`)."""
    return printed.assign(
        printed=[usd_text(v) for v in printed["printed_usd"]],
        against_cost=[usd_text(v) for v in printed["against_usd"]],
        printed_vs=[pct(v) for v in printed["printed_vs_pct"]],
    )[["claim_id", "model_printed", "printed", "against", "against_cost", "printed_vs"]].set_index(["claim_id", "against"])


def pipeline_view(frame: pd.DataFrame) -> pd.DataFrame:
    """R1's whole pipeline against each Llama reading (`hindsight.pipeline_share_of_llama`)."""
    return frame.assign(
        llama_gpu_hours=[gpu_hours_text(v) for v in frame["llama_gpu_hours"]],
        pipeline_gpu_hours=[gpu_hours_text(v) for v in frame["pipeline_gpu_hours"]],
        v3_ratio=[value(v, "ratio") for v in frame["v3_ratio"]],
        pipeline_ratio=[value(v, "ratio") for v in frame["pipeline_ratio"]],
        printed=[value(v, "ratio") for v in frame["printed"]],
    )[
        ["check_id", "role", "against", "llama_gpu_hours", "v3_ratio", "pipeline_gpu_hours", "pipeline_ratio", "printed"]
    ].set_index("check_id")
