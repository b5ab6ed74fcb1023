"""Baidu, Alibaba and Tencent later: the twelve-month figures against the printed half year (missing facts
stay missing, never zero), their later quarters, and Alibaba's three-year plan against its pace."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ...core.ledger import Ledger
from ...core.numbers import CTX, Number, percent_off, ratio, to_decimal
from .. import bat
from .outcomes import MISSING, MONTHS_PER_YEAR, months_spanned, records

ALIBABA_PLAN = "alibaba-ai-cloud-plan-3y"


def bat_full_years(ledger: Ledger, factor: Number) -> pd.DataFrame:
    """Each company's H1 2024 figure (reference) against the twelve-month figures the outcomes give for
    a period overlapping 2024; a company with none (Baidu) keeps None. Where the twelve months are the
    calendar year of the half, the half x `factor` (the run's annualization) is set against it."""
    multiplier = to_decimal(factor, "bat_annualization_factor")
    halves: dict[str, Any] = {}
    for _, r in bat.reference_rows(ledger).sort_values("period_start").iterrows():
        halves[r["entity"]] = r  # the latest half year of each
    rows = []
    for entity in (*bat.COMPANIES, bat.COMBINED):
        half = halves.get(entity)
        years = [
            r
            for r in records(ledger).values()
            if r["entity"] == entity
            and r["kind"] == "actual"
            and r["unit"] == bat.CURRENCY
            and r["period_start"] is not None
            and half is not None
            and months_spanned(r["period_start"], r["period_end"]) == MONTHS_PER_YEAR
            and r["period_start"] <= half["period_end"]
            and r["period_end"] >= half["period_start"]
        ]
        year = years[0] if len(years) == 1 else None
        same_year = year is not None and year["period_basis"] == "calendar_year"
        annualized = None if half is None else CTX.multiply(half["value_cny"], multiplier)
        rows.append(
            {
                "entity": entity,
                "half_ref": None if half is None else half["ref_id"],
                "half_period": None if half is None else half["period"],
                "half_cny": None if half is None else half["value_cny"],
                "year_id": None if year is None else year["outcome_id"],
                "year_period": None if year is None else year["period_as_stated"],
                "year_cny": MISSING if year is None else year["value"],
                "same_calendar_year": same_year,
                "year_over_half": ratio(year["value"], half["value_cny"])
                if same_year and year is not None and half is not None
                else None,
                "half_annualized_cny": annualized,
                "annualized_short_of_year_pct": (
                    percent_off(annualized, year["value"]) if same_year and year is not None and annualized is not None else None
                ),
            }
        )
    return pd.DataFrame(rows, dtype=object)


def bat_later(ledger: Ledger) -> pd.DataFrame:
    """Tencent's and Alibaba's later capex in the outcomes (quarters, twelve months, guidance), oldest first."""
    rows = [r for r in records(ledger).values() if r["topic"] == "bat" and r["kind"] in ("actual", "guidance")]
    rows.sort(key=lambda r: (r["entity"], r["period_end"] or dt.date.max, r["outcome_id"]))
    return pd.DataFrame(rows, dtype=object)


@dataclass(frozen=True)
class AlibabaPlan:
    plan_id: str
    plan_cny: Decimal
    qualifier: str | None
    months: int
    per_year_cny: Decimal
    twelve_months_id: str | None  # the outcomes' latest twelve months on the plan's basis
    twelve_months_cny: Decimal | None
    twelve_months_period: str | None
    pace_ratio: Decimal | None  # twelve months spent / the plan's yearly pace


def alibaba_plan(ledger: Ledger) -> AlibabaPlan:
    plan = records(ledger)[ALIBABA_PLAN]
    months = months_spanned(plan["period_start"], plan["period_end"])
    per_year = CTX.divide(CTX.multiply(plan["value"], MONTHS_PER_YEAR), months)
    spans = [
        r
        for r in records(ledger).values()
        if r["entity"] == plan["entity"]
        and r["kind"] == "actual"
        and r["basis"] == plan["basis"]
        and r["period_start"] is not None
        and months_spanned(r["period_start"], r["period_end"]) == MONTHS_PER_YEAR
    ]
    span = max(spans, key=lambda r: r["period_end"]) if spans else None
    return AlibabaPlan(
        ALIBABA_PLAN,
        plan["value"],
        plan["qualifier"],
        months,
        per_year,
        None if span is None else span["outcome_id"],
        None if span is None else span["value"],
        None if span is None else span["period_as_stated"],
        None if span is None else ratio(span["value"], per_year),
    )
