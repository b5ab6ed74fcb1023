"""Notebooks 01 and 02's views: the 2025 plans, the guidance and its range, the two won totals, Korea's
budget; 2024 against 2025 on each basis."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...core.fx import Rate
from ..language import N_, _, data_words, words
from ..present import (
    entity_words,
    money,
    number,
    ordered,
    pct,
    period_words,
    printed_money,
    rate_text,
    source_words,
)

BOUND_WORDS = {"low": N_("low"), "high": N_("high")}
ROLE_WORDS = {"like_for_like": N_("like for like"), "alternative": N_("alternative")}

# --- Notebook 01: the 2025 totals ----------------------------------------------------------------------


def plans_view(plans: pd.DataFrame) -> pd.DataFrame:
    """Each article's printed 2025 plan per company (`totals.plans_with_krw`): as printed, its period as stated
    and as normalized, and its won value at the run's rate; by company, then article."""
    shown = plans.sort_values(["entity", "article_id"]).assign(
        printed=lambda f: [printed_money(v, "USD", q) for q, v in zip(f["qualifier"], f["amount_usd"], strict=True)],
        period=lambda f: [
            period_words(p or _("(none printed)"), a, b, k)
            for p, a, b, k in zip(f["period_as_stated"], f["period_start"], f["period_end"], f["period_basis"], strict=True)
        ],
        krw=lambda f: [money(v, "KRW") for v in f["krw"]],
        rate=lambda f: [rate_text(r) for r in f["rate"]],
        entity=lambda f: [entity_words(e) for e in f["entity"]],
    )
    return ordered(shown, ["article_id", "entity", "claim_id", "printed", "period", "krw", "rate"], ["entity", "article_id"])


def rate_caption(rate: Rate) -> str:
    return _("Rate used: %(rate)s") % {"rate": rate_text(rate)}


def guidance_view(guide: pd.DataFrame) -> pd.DataFrame:
    """Each company's own guidance (`totals.guidance`): low and high, in USD and KRW, and its reference rows."""
    shown = guide.assign(
        entity=[entity_words(e) for e in guide["entity"]],
        period=[data_words(p, "reference", "period_as_stated") for p in guide["period"]],
        low=[money(v, "USD") for v in guide["low_usd"]],
        high=[money(v, "USD") for v in guide["high_usd"]],
        low_krw=[money(v, "KRW") for v in guide["low_krw"]],
        high_krw=[money(v, "KRW") for v in guide["high_krw"]],
    )
    return ordered(shown, ["entity", "period", "low", "high", "low_krw", "high_krw", "ref_ids"], "entity")


def guidance_total_view(total: pd.DataFrame) -> pd.DataFrame:
    """The guidance added up, low and high end (`totals.guidance_total`)."""
    shown = total.assign(
        bound=[_(BOUND_WORDS[b]) for b in total["bound"]],
        usd=[money(v, "USD") for v in total["usd"]],
        krw=[money(v, "KRW") for v in total["krw"]],
        rate=[rate_text(r) for r in total["rate"]],
    )
    return ordered(shown, ["bound", "usd", "krw", "rate"], "bound")


def krw_gap_text(gap: Any) -> str:
    """Why the two printed won totals differ (a `totals.KrwGap`): the same dollars times two rates."""
    return _(
        "%(high)s minus %(low)s: %(gap)s\n"
        "= %(usd)s x a rate %(rate_gap)s KRW per USD higher = %(from_rates)s: the whole gap is the rate."
    ) % {
        "high": gap.high_claim,
        "low": gap.low_claim,
        "gap": money(gap.gap_krw, "KRW", exact=True),
        "usd": money(gap.usd, "USD", exact=True),
        "rate_gap": number(gap.rate_gap, 3),
        "from_rates": money(gap.gap_from_rates_krw, "KRW"),
    }


def range_text(total: pd.DataFrame, positions: pd.DataFrame) -> str:
    """The guidance range and where each article's printed total sits in it (`totals.printed_against_range`)."""
    span = total.set_index("bound")["usd"]
    lines = [
        _("Low total: %(low)s; high total: %(high)s.") % {"low": money(span["low"], "USD"), "high": money(span["high"], "USD")}
    ]
    lines += [
        _("%(article)s prints %(printed)s: %(position)s.")
        % {
            "article": p["article_id"],
            "printed": printed_money(p["amount"], "USD", p["qualifier"]),
            "position": words(p["position"]),
        }
        for p in positions.to_dict("records")
    ]
    return "\n".join(lines)


def budget_share_view(share: pd.DataFrame) -> pd.DataFrame:
    """The high total in won as a share of each Korean budget figure (`totals.budget_share`)."""
    shown = share.assign(
        source=[source_words(s) for s in share["source"]],
        period=[words(p) for p in share["period"]],
        budget=[money(v, "KRW", exact=True) for v in share["budget_krw"]],
        share=[pct(v, 1, signed=False) for v in share["share_pct"]],
    )
    return ordered(shown, ["source", "period", "budget", "share"], "source")


# --- Notebook 02: 2024 against 2025 ----------------------------------------------------------------


def printed_2024_view(printed: pd.DataFrame) -> pd.DataFrame:
    """What the articles print for 2024 (`totals.printed_2024`), exactly as printed."""
    shown = printed.assign(
        entity=[entity_words(e) for e in printed["entity"]],
        printed=[money(v, "USD", exact=True) for v in printed["amount_usd"]],
    )
    return ordered(shown, ["article_id", "claim_id", "entity", "period", "printed"], "claim_id")


def change_caption(rate: Rate, basis_label: str) -> str:
    """Above the company-by-company change: the rate of its won figures and the basis it is on."""
    return _("Won figures at %(rate)s\nLike-for-like basis: %(basis)s") % {"rate": rate_text(rate), "basis": words(basis_label)}


def alternative_caption(label: str, overlap: str) -> str:
    """Above the change on an alternative basis: the basis and what it counts twice or leaves out."""
    return (_("Alternative basis: %(basis)s.") % {"basis": words(label)} + " " + words(overlap)).strip()


def _change(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.assign(
        actual_2024=[money(v, "USD") for v in frame["actual_2024_usd"]],
        plan_2025=[money(v, "USD") for v in frame["plan_2025_usd"]],
        change=[money(v, "USD") for v in frame["change_usd"]],
        change_krw=[money(v, "KRW") for v in frame["change_krw"]],
        growth=[pct(v, 1) for v in frame["growth_pct"]],
        overlap=[words(o) for o in frame["overlap"]],
    )


def change_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Company by company on one basis (`totals.change_by_company` with a rate): 2024, the 2025 plan, the
    change in USD and KRW, the growth, the line item and what the basis counts twice or leaves out."""
    shown = _change(frame).assign(
        entity=[entity_words(e) for e in frame["entity"]], line_item=[words(i) for i in frame["line_item"]]
    )
    return ordered(
        shown, ["entity", "actual_2024", "plan_2025", "change", "change_krw", "growth", "line_item", "overlap"], "entity"
    )


def basis_totals_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The four's totals on each basis (`totals.basis_totals` with a rate), the like-for-like one first."""
    shown = _change(frame).assign(
        basis=[words(b) for b in frame["basis"]], role=[_(ROLE_WORDS[r]) if r in ROLE_WORDS else r for r in frame["role"]]
    )
    return ordered(shown, ["basis", "role", "actual_2024", "plan_2025", "change", "change_krw", "growth", "overlap"], "basis")
