"""Hindsight: how the printed plans aged, from what happened after the articles (data/outcomes.csv).

The articles (September 2024, February 2025) printed plans; the companies then spent, revised their
guidance and reported. This package sets each printed figure against what followed, as data (frames and
dataclasses; `capexlib.report` draws and writes them), one module per question:

    outcomes   reading data/outcomes.csv and the evaluated hindsight checks; line items in words
    companies  `plan_vs_actual`: company by company, on the basis of each plan (the figure the hindsight
               checks judge the plan against), the other basis beside it, the guidance at publication,
               each dated revision, and the difference in USD, KRW (the run's rate) and percent; then
               the total. `growth`: each company's spending over the year before, on one line item
    combined   `total_aged`: the printed "3200억 달러" (and "이상") against the four's spending;
               `next_year_total`: the following year's guidance added up; `cross_checks`: the
               collector's DERIVED sums against ours, computed from their parts
    china      `bat_full_years`, `bat_later`, `alibaba_plan`: Baidu, Alibaba and Tencent (missing facts
               stay None, never zero)
    training   `deepseek_aged`, `pipeline_share_of_llama`: DeepSeek-R1's own cost
    budget     `budget_aged`: Korea's budgets as passed
    card       `card` and `aged`: the "how it aged" table beside the as-published verdicts

Which outcome judges which claim is data (data/hindsight_checks.csv, evaluated by capexlib.core.checks,
passed in here as `hindsight`); this package reads the evaluated rows and the tables, never decides a
verdict. Every name is importable from `capexlib.topics.hindsight` itself, as the notebooks do.
"""

from __future__ import annotations

from .budget import KR_BUDGET_PASSED, KR_BUDGETS, KR_SUPPLEMENTARY, budget_aged, budget_share_of_actual
from .card import aged, card
from .china import ALIBABA_PLAN, AlibabaPlan, alibaba_plan, bat_full_years, bat_later
from .combined import (
    GuidanceSum,
    TotalAged,
    actual_total,
    calendar_total,
    cross_checks,
    next_year_guidance,
    next_year_total,
    plan_year,
    total_aged,
)
from .companies import growth, guidance_revisions, plan_vs_actual
from .outcomes import (
    ALTERNATIVE,
    BASIS_WORDS,
    CHANGE,
    MISSING,
    PLANS,
    PRIMARY,
    TOTAL_ROW,
    TOTALS,
    US4,
    BasisError,
    basis_of,
    not_found,
    operand_sum,
    outcome_table,
    traps,
)
from .training import (
    R1_BASE_AS_NATURE_PUTS_IT,
    R1_COST,
    R1_GPUS,
    R1_HOURS,
    R1_PRICE,
    R1_SFT_GPU_HOURS,
    R1_TABLE_GPU_HOURS,
    R1_ZERO_HOURS,
    DeepSeekAged,
    deepseek_aged,
    pipeline_share_of_llama,
)

__all__ = [
    "ALIBABA_PLAN",
    "ALTERNATIVE",
    "BASIS_WORDS",
    "CHANGE",
    "KR_BUDGETS",
    "KR_BUDGET_PASSED",
    "KR_SUPPLEMENTARY",
    "MISSING",
    "PLANS",
    "PRIMARY",
    "R1_BASE_AS_NATURE_PUTS_IT",
    "R1_COST",
    "R1_GPUS",
    "R1_HOURS",
    "R1_PRICE",
    "R1_SFT_GPU_HOURS",
    "R1_TABLE_GPU_HOURS",
    "R1_ZERO_HOURS",
    "TOTALS",
    "TOTAL_ROW",
    "US4",
    "AlibabaPlan",
    "BasisError",
    "DeepSeekAged",
    "GuidanceSum",
    "TotalAged",
    "actual_total",
    "aged",
    "alibaba_plan",
    "basis_of",
    "bat_full_years",
    "bat_later",
    "budget_aged",
    "budget_share_of_actual",
    "calendar_total",
    "card",
    "cross_checks",
    "deepseek_aged",
    "growth",
    "guidance_revisions",
    "next_year_guidance",
    "next_year_total",
    "not_found",
    "operand_sum",
    "outcome_table",
    "pipeline_share_of_llama",
    "plan_vs_actual",
    "plan_year",
    "total_aged",
    "traps",
]
