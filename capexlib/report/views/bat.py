"""Notebook 03's views: Baidu, Alibaba and Tencent as printed, in three currencies and against the US four."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from ..language import _, data_words, words
from ..present import (
    confidence_words,
    entity_words,
    money,
    ordered,
    pct,
    period_words,
    printed_money,
    printed_text,
    rate_text,
    value,
    verdict_words,
)

# --- Notebook 03: Baidu, Alibaba and Tencent ---------------------------------------------------------


def bat_claims_view(printed: pd.DataFrame) -> pd.DataFrame:
    """Every yuan figure the articles print on BAT (`bat.article_claims`), with the won figure printed beside
    it and the period as stated and as normalized."""
    shown = printed.assign(
        entity=[entity_words(e) for e in printed["entity"]],
        printed_cny=[printed_money(v, "CNY", q) for q, v in zip(printed["qualifier"], printed["amount_cny"], strict=True)],
        printed_krw=[
            printed_money(v, "KRW", q) for q, v in zip(printed["printed_krw_qualifier"], printed["printed_krw"], strict=True)
        ],
        period=[
            period_words(p, a, b)
            for p, a, b in zip(printed["period_as_stated"], printed["period_start"], printed["period_end"], strict=True)
        ],
    )
    return ordered(shown, ["claim_id", "entity", "quote", "printed_cny", "printed_krw", "period"], "claim_id")


def attribution_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Whom each article credits for a BAT figure, and what the reference's source says (`bat.attribution`)."""
    shown = frame.assign(
        entity=[entity_words(e) for e in frame["entity"]],
        article_credits=[data_words(a, "claims", "attribution") for a in frame["article_credits"]],
        reference_basis=[data_words(b, "reference", "line_item_or_basis") for b in frame["reference_basis"]],
    )
    columns = ["claim_id", "entity", "article_credits", "ref_id", "reference_basis", "reference_source"]
    return ordered(shown, columns, "claim_id")


def bat_parts_view(parts: pd.DataFrame) -> pd.DataFrame:
    """Each article's printed total against the sum of the company figures it prints (`bat.parts_table`)."""
    shown = parts.assign(
        printed_total=[printed_money(v, "CNY", q) for v, q in zip(parts["stated_cny"], parts["qualifier"], strict=True)],
        parts=[
            " + ".join(f"{entity_words(e)} {money(v, 'CNY', exact=True)}" for e, v in p) or _("(none printed)")
            for p in parts["parts"]
        ],
        parts_sum=[money(v, "CNY", exact=True) if v is not None else "" for v in parts["parts_sum_cny"]],
        parts_minus_total=[
            f"{money(d, 'CNY', exact=True)} ({pct(p)})" if d is not None else ""
            for d, p in zip(parts["difference_cny"], parts["difference_pct"], strict=True)
        ],
        verdict=[verdict_words(v) for v in parts["verdict"]],
    )
    columns = ["claim_id", "article_id", "printed_total", "parts", "parts_sum", "parts_minus_total", "verdict"]
    return ordered(shown, columns, "claim_id")


def bat_growth_caption(growth: Any) -> str:
    """The reference's two half years and their ratio (a `bat.Growth`)."""
    halves = [
        f"{data_words(half.period, 'reference', 'period_as_stated')}: {money(half.cny, 'CNY', exact=True)} ({half.ref})"
        for half in (growth.current, growth.previous)
    ]
    ratio = _("ratio %(ratio)s, growth %(growth)s") % {"ratio": value(growth.ratio, "times"), "growth": pct(growth.growth_pct, 1)}
    return "\n".join([*halves, ratio])


def bat_growth_view(grown: pd.DataFrame) -> pd.DataFrame:
    """Every printed growth multiple against the reference's ratio (`bat.printed_growth`)."""
    shown = grown.assign(
        printed=[
            printed_text({"stated": v, "unit": "times", "qualifier": q})
            for v, q in zip(grown["stated"], grown["qualifier"], strict=True)
        ],
        reference_ratio=[value(r, "times") for r in grown["ratio"]],
        verdict=[verdict_words(v) for v in grown["verdict"]],
    )
    return ordered(shown, ["claim_id", "article_id", "quote", "printed", "reference_ratio", "verdict"], "claim_id")


def bat_reference_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The reference's BAT rows (`bat.reference_rows`), each figure exactly as the source gives it."""
    shown = frame.assign(
        entity=[entity_words(e) for e in frame["entity"]],
        period=[data_words(p, "reference", "period_as_stated") for p in frame["period"]],
        value=[money(v, "CNY", exact=True) for v in frame["value_cny"]],
        basis=[data_words(b, "reference", "line_item_or_basis") for b in frame["basis"]],
        confidence=[confidence_words(c, "reference") for c in frame["confidence"]],
    )
    return ordered(shown, ["ref_id", "entity", "period", "value", "basis", "confidence"], "ref_id")


def bat_currencies_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Each BAT figure in yuan, dollars and won at the run's rates (`bat.in_currencies`), the rate beside each
    amount and the article's own won figure against the computed one."""
    shown = frame.assign(
        claim_id=[words(c) for c in frame["claim_id"]],
        entity=[entity_words(e) for e in frame["entity"]],
        cny=[money(v, "CNY", exact=True) for v in frame["amount_cny"]],
        usd=[money(v, "USD") for v in frame["usd"]],
        usd_rate=[rate_text(r) for r in frame["usd_rate"]],
        krw=[money(v, "KRW") for v in frame["krw"]],
        krw_rate=[rate_text(r) for r in frame["krw_rate"]],
        printed_krw=[money(v, "KRW", exact=True) if v is not None else "" for v in frame["printed_krw"]],
        printed_vs_computed=[pct(v) for v in frame["printed_vs_computed_krw_pct"]],
    )
    columns = ["claim_id", "entity", "cny", "usd", "usd_rate", "krw", "krw_rate", "printed_krw", "printed_vs_computed"]
    return ordered(shown, columns, "claim_id")


def alignment_caption(alignment: pd.DataFrame, period: str, full_year_factor: Decimal) -> str:
    """Above the period alignment: the rate BAT is converted at, and the factor that makes its period a year."""
    return _("BAT in USD at %(rate)s; the factor that turns %(period)s into a year is %(factor)s (from the period's months)") % {
        "rate": rate_text(alignment.iloc[0]["usd_rate"]),
        "period": data_words(period, "reference", "period_as_stated"),
        "factor": f"{full_year_factor.normalize():f}",
    }


def yes_no(flag: object) -> str:
    return _("yes") if flag else _("no")


def alignment_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Every US:BAT pairing (`bat.period_alignment`): the factor, the months it covers, both sides, the ratio
    and why the pairing is or is not like for like."""
    shown = frame.assign(
        factor=[_("x %(factor)s") % {"factor": f"{f.normalize():f}"} for f in frame["factor"]],
        bat_label=[words(b) for b in frame["bat_label"]],
        bat_months=[f"{m.normalize():f}" for m in frame["bat_months"]],
        bat=[money(v, "USD") for v in frame["bat_usd"]],
        comparand=[words(c) for c in frame["comparand"]],
        us=[money(v, "USD", exact=True) for v in frame["us_usd"]],
        us_to_bat=[value(r, "times") for r in frame["ratio_us_to_bat"]],
        like_for_like=[yes_no(x) for x in frame["like_for_like"]],
        why=[words(w) for w in frame["why"]],
    )
    return ordered(shown, ["factor", "bat_label", "bat_months", "bat", "comparand", "us", "us_to_bat", "like_for_like", "why"])


def like_for_like_text(fair: pd.DataFrame) -> str:
    """The like-for-like pairings (`bat.like_for_like`) in words, or why this run has none."""
    if fair.empty:
        return _(
            "This run's factor does not annualize BAT's half year, so none of its pairings is like for like; "
            "see the fixed table above."
        )
    template = _(
        "Like for like: the US four spent %(times)s what BAT spent in 2024 (%(comparand)s: %(us)s, against %(bat)s "
        "for BAT annualized)."
    )
    return "\n".join(
        template
        % {
            "times": value(row["ratio_us_to_bat"], "times"),
            "comparand": words(row["comparand"]),
            "us": money(row["us_usd"], "USD", exact=True),
            "bat": money(row["bat_usd"], "USD"),
        }
        for row in fair.to_dict("records")
    )
