"""Notebook 06's views: Alibaba's plan, DeepSeek-R1's own cost and R1's whole pipeline."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..language import _, data_words, words
from ..present import (
    gpu_hours_text,
    money,
    number,
    ordered,
    pct,
    price_text,
    printed_money,
    usd_text,
    value,
)
from .deepseek import role_words

# --- Notebook 06: hindsight ----------------------------------------------------------------------------------


def alibaba_plan_text(plan: Any) -> str:
    """Alibaba's three-year plan and the pace it spent at (a `hindsight.AlibabaPlan`)."""
    lines = [
        _("Alibaba's plan (%(row)s): %(plan)s over %(months)s months, %(per_year)s a year")
        % {
            "row": plan.plan_id,
            "plan": printed_money(plan.plan_cny, "CNY", plan.qualifier),  # its qualifier where the language puts it
            "months": plan.months,
            "per_year": money(plan.per_year_cny, "CNY"),
        }
    ]
    if plan.twelve_months_cny is not None:
        lines.append(
            _(
                "spent on AI and cloud infrastructure in %(period)s: %(spent)s (%(pace)s the plan's yearly pace; "
                "the source says 'about')"
            )
            % {
                "period": data_words(plan.twelve_months_period, "outcomes", "period_as_stated"),
                "spent": money(plan.twelve_months_cny, "CNY"),
                "pace": value(plan.pace_ratio, "times"),
            }
        )
    return "\n".join(lines)


def r1_cost_text(ds: Any) -> str:
    """DeepSeek-R1's own cost, rebuilt from the paper's figures (a `hindsight.DeepSeekAged`)."""
    return "\n".join(
        [
            _(
                "V3's final training run: %(v3)s; R1's own training: %(r1)s; R1's whole pipeline: %(pipeline)s "
                "(Nature puts the base at about %(base)s)"
            )
            % {
                "v3": usd_text(ds.v3_usd),
                "r1": usd_text(ds.r1_usd),
                "pipeline": usd_text(ds.pipeline_usd),
                "base": usd_text(ds.base_as_nature_puts_it_usd),
            },
            _(
                "%(gpus)s GPUs x (%(zero)s + %(hours)s hours) + %(sft)s GPU-hours of SFT data = %(rebuilt)s GPU-hours; "
                "the paper's table: %(table)s (an unconfirmed copy)"
            )
            % {
                "gpus": number(ds.gpus),
                "zero": number(ds.r1_zero_hours),
                "hours": number(ds.r1_hours),
                "sft": gpu_hours_text(ds.sft_gpu_hours),
                "rebuilt": gpu_hours_text(ds.rebuilt_gpu_hours),
                "table": gpu_hours_text(ds.table_gpu_hours),
            },
            _("%(table)s x %(price)s = %(cost)s; at this run's %(run_price)s per GPU-hour: %(at_run)s")
            % {
                "table": gpu_hours_text(ds.table_gpu_hours),
                "price": price_text(ds.table_price),
                "cost": usd_text(ds.table_cost_usd),
                "run_price": price_text(ds.run_price),
                "at_run": usd_text(ds.r1_at_run_price_usd),
            },
        ]
    )


def r1_printed_view(printed: pd.DataFrame) -> pd.DataFrame:
    """Each printed cost against V3's run, R1's own training and R1's whole pipeline (`DeepSeekAged.printed`)."""
    shown = printed.assign(
        model_printed=[data_words(m, "entities", "entity") for m in printed["model_printed"]],
        printed=[usd_text(v) for v in printed["printed_usd"]],
        against=[words(a) for a in printed["against"]],
        against_cost=[usd_text(v) for v in printed["against_usd"]],
        printed_vs=[pct(v) for v in printed["printed_vs_pct"]],
    )
    return ordered(
        shown, ["claim_id", "model_printed", "printed", "against", "against_cost", "printed_vs"], ["claim_id", "against"]
    )


def pipeline_view(frame: pd.DataFrame) -> pd.DataFrame:
    """R1's whole pipeline against each Llama reading (`hindsight.pipeline_share_of_llama`)."""
    shown = frame.assign(
        role=[role_words(r) for r in frame["role"]],
        against=[words(a) for a in frame["against"]],
        llama_gpu_hours=[gpu_hours_text(v) for v in frame["llama_gpu_hours"]],
        pipeline_gpu_hours=[gpu_hours_text(v) for v in frame["pipeline_gpu_hours"]],
        v3_ratio=[value(v, "ratio") for v in frame["v3_ratio"]],
        pipeline_ratio=[value(v, "ratio") for v in frame["pipeline_ratio"]],
        printed=[value(v, "ratio") for v in frame["printed"]],
    )
    columns = ["check_id", "role", "against", "llama_gpu_hours", "v3_ratio", "pipeline_gpu_hours", "pipeline_ratio", "printed"]
    return ordered(shown, columns, "check_id")
