"""Notebook 04's views: DeepSeek's cost as printed, the report's table rebuilt, the comparisons and the scale."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..present import (
    gpu_hours_text,
    money,
    pct,
    price_text,
    printed_money,
    rate_number,
    rate_text,
    usd_text,
    value,
)

# --- Notebook 04: DeepSeek's training cost ------------------------------------------------------------


def cost_claims_view(cost: pd.DataFrame) -> pd.DataFrame:
    """The cost figure as each article prints it (`deepseek.cost_claims`): the model it names, whom it credits,
    the won figure it prints and the won value at the run's rate."""
    return cost.assign(
        usd=[money(v, "USD", exact=True) + f" ({usd_text(v)})" for v in cost["usd"]],
        printed_krw=[printed_money(v, "KRW", q) for q, v in zip(cost["printed_krw_qualifier"], cost["printed_krw"], strict=True)],
        krw_at_run_rate=[money(v, "KRW") for v in cost["krw_at_run_rate"]],
        rate=[rate_text(r) for r in cost["rate"]],
    )[
        ["claim_id", "article_id", "published", "model", "attribution", "usd", "printed_krw", "krw_at_run_rate", "rate", "note"]
    ].set_index("claim_id")


def krw_comparison_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Each printed won figure of the cost against the lowest (`deepseek.krw_comparison`): the gap, split into
    the part the rate explains and the part the dollar figure explains."""
    return frame.assign(
        usd=[usd_text(v) for v in frame["usd"]],
        implied_rate=[rate_number(v) + " KRW per USD" for v in frame["implied_rate"]],
        printed_krw=[money(v, "KRW", exact=True) for v in frame["printed_krw"]],
        gap=[money(v, "KRW", exact=True) for v in frame["gap_krw"]],
        from_the_rate=[money(v, "KRW") for v in frame["from_rate_krw"]],
        from_the_dollar_figure=[money(v, "KRW") for v in frame["from_usd_krw"]],
    )[
        [
            "claim_id",
            "article_id",
            "usd",
            "implied_rate",
            "printed_krw",
            "against",
            "gap",
            "from_the_rate",
            "from_the_dollar_figure",
        ]
    ].set_index("claim_id")


def stage_view(stages: pd.DataFrame) -> pd.DataFrame:
    """The report's cost table rebuilt (`deepseek.stage_table`): GPU-hours, price and cost per stage."""
    return stages.assign(
        gpu_hours=[gpu_hours_text(v) for v in stages["gpu_hours"]],
        usd_per_gpu_hour=[price_text(v) for v in stages["usd_per_gpu_hour"]],
        cost=[usd_text(v) for v in stages["cost_usd"]],
    )[["stage", "ref_id", "gpu_hours", "usd_per_gpu_hour", "cost", "source_quote"]].set_index("stage")


def reconciliation_text(rec: Any) -> str:
    """Whether the stages add up and total x price gives the report's cost (a `deepseek.Reconciliation`)."""
    lines = [
        f"stages sum to {gpu_hours_text(rec.stage_sum_gpu_hours)} GPU-hours; the report's total is "
        f"{gpu_hours_text(rec.total_gpu_hours)}: {'equal' if rec.stages_sum_to_total else 'NOT equal'}",
        f"{gpu_hours_text(rec.total_gpu_hours)} x the report's price of {price_text(rec.report_price)} per GPU-hour = "
        f"{usd_text(rec.rebuilt_at_report_price_usd)}; the report states {usd_text(rec.report_cost_usd)}: "
        f"{'reproduced exactly' if rec.report_reproduced else 'NOT reproduced'}",
        f"at this run's price ({price_text(rec.price)} per GPU-hour): {usd_text(rec.rebuilt_cost_usd)}",
        f"the price is {rec.report_price_basis}",
    ]
    return "\n".join(lines)


def _comparison(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        numerator_gpu_hours=[gpu_hours_text(v) for v in frame["numerator_gpu_hours"]],
        denominator_gpu_hours=[gpu_hours_text(v) for v in frame["denominator_gpu_hours"]],
        numerator_cost=[usd_text(v) for v in frame["numerator_usd"]],
        denominator_cost=[usd_text(v) for v in frame["denominator_usd"]],
        gpu_hour_ratio=[value(v, "ratio") for v in frame["gpu_hour_ratio"]],
        cost_ratio=[value(v, "ratio") for v in frame["cost_ratio"]],
        printed=[value(v, "ratio") for v in frame["printed"]],
        tolerance=[pct(v, 0, False) if v is not None else "run default" for v in frame["tolerance_pct"]],
    )


def llama_comparison_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The "a tenth of Llama" readings (`deepseek.comparisons` with GPU-hours on both sides): GPU-hours and
    cost on each side, both ratios, the printed ratio and the check's tolerance."""
    return _comparison(frame)[
        [
            "check_id",
            "role",
            "numerator",
            "numerator_gpu_hours",
            "numerator_cost",
            "denominator",
            "denominator_gpu_hours",
            "denominator_cost",
            "gpu_hour_ratio",
            "cost_ratio",
            "printed",
            "tolerance",
        ]
    ].set_index("check_id")


def bound_comparison_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The comparisons against a cost known only as a bound (`deepseek.comparisons` without GPU-hours): the
    upper bound on the ratio a ratio check gives, and the reason of the rest."""
    return (
        _comparison(frame)
        .assign(
            upper_bound_on_ratio=lambda f: f["cost_ratio"].where(f["relation"] == "ratio", ""),
        )[
            [
                "check_id",
                "role",
                "relation",
                "numerator",
                "numerator_cost",
                "denominator",
                "denominator_cost",
                "denominator_basis",
                "upper_bound_on_ratio",
                "printed",
                "note",
            ]
        ]
        .set_index("check_id")
    )


def break_even_view(even: pd.DataFrame) -> pd.DataFrame:
    """The H800 price at which each Llama reading's ratio would be the printed one (`deepseek.break_even_prices`)."""
    return even.assign(
        printed=[value(v, "ratio") for v in even["printed"]],
        h800_price_for_printed_ratio=[price_text(v) + " per GPU-hour" for v in even["h800_price_for_printed_ratio"]],
    )[["check_id", "role", "against", "printed", "h800_price_for_printed_ratio"]].set_index("check_id")


def caveats_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The report's own words on its price assumption and what its cost leaves out (`deepseek.caveats`)."""
    return frame.assign(
        value=[
            usd_text(v) if u == "USD" else f"{price_text(v)} {u.replace('USD ', '')}"
            for v, u in zip(frame["value"], frame["unit"], strict=True)
        ],
    )[["ref_id", "what", "value", "basis", "source_quote", "source_url"]].set_index("ref_id")


def scale_caption(scale: pd.DataFrame) -> str:
    """Above the scale table: the US four's totals it is set against (`deepseek.scale`'s attrs)."""
    return (
        f"US four: 2025 plans {money(scale.attrs['us4_2025_plans_usd'], 'USD', exact=True)}, "
        f"2024 actual {money(scale.attrs['us4_2024_actual_usd'], 'USD', exact=True)} "
        f"({scale.attrs['us4_2024_basis']}, the like-for-like basis of notebook 02)"
    )


def scale_view(scale: pd.DataFrame) -> pd.DataFrame:
    """Each DeepSeek dollar figure as a multiple of the training run and a share of the US four's capex."""
    return scale.assign(
        usd=[usd_text(v) for v in scale["usd"]],
        times_the_training_run=[value(v, "times") for v in scale["training_run_times"]],
        share_of_us4_2025_plans=[pct(v, 4, False) for v in scale["share_of_us4_2025_plans_pct"]],
        share_of_us4_2024_actual=[pct(v, 4, False) for v in scale["share_of_us4_2024_actual_pct"]],
        us4_2025_plans_are=[value(v, "times") for v in scale["us4_2025_plans_times"]],
    )[
        [
            "ref_id",
            "entity",
            "what",
            "kind",
            "usd",
            "times_the_training_run",
            "share_of_us4_2025_plans",
            "share_of_us4_2024_actual",
            "us4_2025_plans_are",
            "basis",
        ]
    ].set_index("ref_id")
