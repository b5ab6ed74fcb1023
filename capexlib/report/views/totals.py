"""Notebooks 01 and 02's views: the 2025 plans, the guidance and its range, the two won totals, Korea's
budget; 2024 against 2025 on each basis."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...core.fx import Rate
from ..present import (
    money,
    number,
    pct,
    printed_money,
    rate_text,
)

# --- Notebook 01: the 2025 totals ----------------------------------------------------------------------


def plans_view(plans: pd.DataFrame) -> pd.DataFrame:
    """Each article's printed 2025 plan per company (`totals.plans_with_krw`): as printed, its period as stated
    and as normalized, and its won value at the run's rate; by company, then article."""
    return (
        plans.assign(
            printed=[printed_money(v, "USD", q) for q, v in zip(plans["qualifier"], plans["amount_usd"], strict=True)],
            period=[
                f"{p or '(none printed)'} → {a}..{b} ({k})"
                for p, a, b, k in zip(
                    plans["period_as_stated"], plans["period_start"], plans["period_end"], plans["period_basis"], strict=True
                )
            ],
            krw=[money(v, "KRW") for v in plans["krw"]],
            rate=[rate_text(r) for r in plans["rate"]],
        )[["article_id", "entity", "claim_id", "printed", "period", "krw", "rate"]]
        .sort_values(["entity", "article_id"])
        .set_index(["entity", "article_id"])
    )


def rate_caption(rate: Rate) -> str:
    return f"Rate used: {rate_text(rate)}"


def guidance_view(guide: pd.DataFrame) -> pd.DataFrame:
    """Each company's own guidance (`totals.guidance`): low and high, in USD and KRW, and its reference rows."""
    return guide.assign(
        low=[money(v, "USD") for v in guide["low_usd"]],
        high=[money(v, "USD") for v in guide["high_usd"]],
        low_krw=[money(v, "KRW") for v in guide["low_krw"]],
        high_krw=[money(v, "KRW") for v in guide["high_krw"]],
    )[["entity", "period", "low", "high", "low_krw", "high_krw", "ref_ids"]].set_index("entity")


def guidance_total_view(total: pd.DataFrame) -> pd.DataFrame:
    """The guidance added up, low and high end (`totals.guidance_total`)."""
    return total.assign(
        usd=[money(v, "USD") for v in total["usd"]],
        krw=[money(v, "KRW") for v in total["krw"]],
        rate=[rate_text(r) for r in total["rate"]],
    ).set_index("bound")


def krw_gap_text(gap: Any) -> str:
    """Why the two printed won totals differ (a `totals.KrwGap`): the same dollars times two rates."""
    return (
        f"{gap.high_claim} minus {gap.low_claim}: {money(gap.gap_krw, 'KRW', exact=True)}\n"
        f"= {money(gap.usd, 'USD', exact=True)} x a rate {number(gap.rate_gap, 3)} KRW per USD higher "
        f"= {money(gap.gap_from_rates_krw, 'KRW')}: the whole gap is the rate."
    )


def range_text(total: pd.DataFrame, positions: pd.DataFrame) -> str:
    """The guidance range and where each article's printed total sits in it (`totals.printed_against_range`)."""
    span = total.set_index("bound")["usd"]
    lines = [f"Low total: {money(span['low'], 'USD')}; high total: {money(span['high'], 'USD')}."]
    lines += [
        f"{p['article_id']} prints {printed_money(p['amount'], 'USD', p['qualifier'])}: {p['position']}."
        for p in positions.to_dict("records")
    ]
    return "\n".join(lines)


def budget_share_view(share: pd.DataFrame) -> pd.DataFrame:
    """The high total in won as a share of each Korean budget figure (`totals.budget_share`)."""
    return share.assign(
        budget=[money(v, "KRW", exact=True) for v in share["budget_krw"]],
        share=[pct(v, 1, signed=False) for v in share["share_pct"]],
    )[["source", "period", "budget", "share"]].set_index("source")


# --- Notebook 02: 2024 against 2025 ----------------------------------------------------------------


def printed_2024_view(printed: pd.DataFrame) -> pd.DataFrame:
    """What the articles print for 2024 (`totals.printed_2024`), exactly as printed."""
    return printed.assign(printed=[money(v, "USD", exact=True) for v in printed["amount_usd"]])[
        ["article_id", "claim_id", "entity", "period", "printed"]
    ].set_index("claim_id")


def change_caption(rate: Rate, basis_label: str) -> str:
    """Above the company-by-company change: the rate of its won figures and the basis it is on."""
    return f"Won figures at {rate_text(rate)}\nLike-for-like basis: {basis_label}"


def alternative_caption(label: str, overlap: str) -> str:
    """Above the change on an alternative basis: the basis and what it counts twice or leaves out."""
    return f"Alternative basis: {label}. {overlap}".strip()


def change_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Company by company on one basis (`totals.change_by_company` with a rate): 2024, the 2025 plan, the
    change in USD and KRW, the growth, the line item and what the basis counts twice or leaves out."""
    return frame.assign(
        actual_2024=[money(v, "USD") for v in frame["actual_2024_usd"]],
        plan_2025=[money(v, "USD") for v in frame["plan_2025_usd"]],
        change=[money(v, "USD") for v in frame["change_usd"]],
        change_krw=[money(v, "KRW") for v in frame["change_krw"]],
        growth=[pct(v, 1) for v in frame["growth_pct"]],
    )[["entity", "actual_2024", "plan_2025", "change", "change_krw", "growth", "line_item", "overlap"]].set_index("entity")


def basis_totals_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The four's totals on each basis (`totals.basis_totals` with a rate), the like-for-like one first."""
    return frame.assign(
        actual_2024=[money(v, "USD") for v in frame["actual_2024_usd"]],
        plan_2025=[money(v, "USD") for v in frame["plan_2025_usd"]],
        change=[money(v, "USD") for v in frame["change_usd"]],
        change_krw=[money(v, "KRW") for v in frame["change_krw"]],
        growth=[pct(v, 1) for v in frame["growth_pct"]],
    )[["basis", "role", "actual_2024", "plan_2025", "change", "change_krw", "growth", "overlap"]].set_index("basis")
