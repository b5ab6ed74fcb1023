"""What the articles print on Baidu, Alibaba and Tencent, and the reference that checks it: each
article's parts against its total, the growth multiple against the reference's two half years, and whom
each figure is credited to. Which rows are BAT rows is read from the data (entity and period)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ...core.conversions import printed_conversion
from ...core.ledger import Ledger
from ...core.numbers import CTX, HUNDRED, ONE, ZERO, percent_off, ratio, total
from ...core.verdicts import HOLDS, UNCHECKABLE, judge
from ..rows import Source, pick, same

COMPANIES = ("Baidu", "Alibaba", "Tencent")
COMBINED = "Baidu, Alibaba, Tencent"  # how the ledger names the three together
TOPIC = "bat"
CURRENCY = "CNY"
MONTHS_PER_YEAR = 12


# --- The article's figures -----------------------------------------------------------------------


def _is_bat_amount(row: dict[str, Any]) -> bool:
    return (row["entity"] in COMPANIES or row["entity"] == COMBINED) and row["currency"] == CURRENCY


def article_claims(ledger: Ledger) -> pd.DataFrame:
    """Every CNY figure the articles print for BAT, with its printed KRW conversion and attribution."""
    rows = []
    for c in ledger.records("claims").values():
        if not _is_bat_amount(c):
            continue
        k = printed_conversion(ledger, c)
        rows.append(
            {
                "claim_id": c["claim_id"],
                "article_id": c["article_id"],
                "published": ledger.article_date(c["article_id"]),
                "entity": c["entity"],
                "combined": c["entity"] == COMBINED,
                "quote": c["quote"],
                "amount_cny": c["amount"],
                "qualifier": c["qualifier"],
                "period_as_stated": c["period_as_stated"],
                "period_start": c["period_start"],
                "period_end": c["period_end"],
                "printed_krw": k["amount"] if k else None,
                "printed_krw_claim": k["claim_id"] if k else None,
                "printed_krw_qualifier": k["qualifier"] if k else None,
                "attribution": c["attribution"],
            }
        )
    if not rows:
        raise ValueError("no BAT claims in CNY in the ledger")
    return pd.DataFrame(rows, dtype=object)


def growth_claims(ledger: Ledger) -> list[dict[str, Any]]:
    """Every printed growth multiple for the three together ('2배 이상'), one per article that prints one."""
    return [c for c in ledger.records("claims").values() if c["entity"] == COMBINED and c["currency"] == "times"]


@dataclass(frozen=True)
class PartsVsTotal:
    """The company figures, their sum and the printed combined total for the same period."""

    parts: pd.DataFrame
    parts_sum_cny: Decimal
    stated_total_cny: Decimal
    stated_qualifier: str | None
    total_claim_id: str
    difference_cny: Decimal
    difference_pct: Decimal | None
    verdict: str  # the printed total judged against the sum of the parts

    @property
    def consistent(self) -> bool:
        return self.verdict == HOLDS


def parts_vs_totals(ledger: Ledger, tolerance_pct: Decimal = ZERO) -> list[PartsVsTotal]:
    """Each printed combined figure against the company figures the same article prints for the same
    period, one per combined figure (any number of articles); in article date order."""
    claims = article_claims(ledger)
    combined = claims[claims["combined"]].sort_values(["published", "article_id", "claim_id"])
    if combined.empty:
        raise ValueError(f"no combined {COMBINED!r} figure in CNY in the ledger")
    found = []
    for _, row in combined.iterrows():
        parts = claims[
            ~claims["combined"]
            & (claims["article_id"] == row["article_id"])
            & (claims["period_start"] == row["period_start"])
            & (claims["period_end"] == row["period_end"])
        ]
        parts_sum = total(parts["amount_cny"])
        stated = row["amount_cny"]
        if parts.empty:
            verdict, difference, difference_pct = UNCHECKABLE, ZERO, None
        else:
            verdict = judge(stated, parts_sum, row["qualifier"], tolerance_pct).verdict
            difference, difference_pct = CTX.subtract(parts_sum, stated), percent_off(parts_sum, stated)
        found.append(
            PartsVsTotal(
                parts.reset_index(drop=True),
                parts_sum,
                stated,
                row["qualifier"],
                row["claim_id"],
                difference,
                difference_pct,
                verdict,
            )
        )
    return found


def parts_table(ledger: Ledger, tolerance_pct: Decimal = ZERO) -> pd.DataFrame:
    """`parts_vs_totals` as one row per article's combined figure: the printed total, its parts and their sum."""
    claims = ledger.records("claims")
    rows = []
    for p in parts_vs_totals(ledger, tolerance_pct):
        rows.append(
            {
                "claim_id": p.total_claim_id,
                "article_id": claims[p.total_claim_id]["article_id"],
                "stated_cny": p.stated_total_cny,
                "qualifier": p.stated_qualifier,
                "parts": list(zip(p.parts["entity"], p.parts["amount_cny"], strict=True)),
                "parts_sum_cny": p.parts_sum_cny if len(p.parts) else None,
                "difference_cny": p.difference_cny if len(p.parts) else None,
                "difference_pct": p.difference_pct,
                "verdict": p.verdict,
            }
        )
    return pd.DataFrame(rows, dtype=object)


# --- The reference ------------------------------------------------------------------------------


def reference_rows(ledger: Ledger) -> pd.DataFrame:
    """The reference's BAT rows (CNY): per company and combined, with line item and source."""
    return pick(
        (r for r in ledger.records("reference").values() if r["topic"] == TOPIC and r["unit"] == CURRENCY),
        {
            **same("ref_id", "entity", "metric"),
            "period": "period_as_stated",
            **same("period_start", "period_end"),
            "value_cny": "value",
            "basis": "line_item_or_basis",
            **same("source_url", "source_quote", "confidence"),
        },
    )


def _combined_refs(ledger: Ledger) -> list[dict[str, Any]]:
    refs = [
        r
        for r in ledger.records("reference").values()
        if r["topic"] == TOPIC and r["entity"] == COMBINED and r["unit"] == CURRENCY
    ]
    return sorted(refs, key=lambda r: (r["period_start"], r["ref_id"]))


def latest_combined(ledger: Ledger) -> dict[str, Any]:
    """The reference's combined BAT figure for the latest period it has."""
    refs = _combined_refs(ledger)
    if not refs:
        raise ValueError(f"no combined {COMBINED!r} row in the reference")
    return refs[-1]


def reporting_article(ledger: Ledger) -> str:
    """The article whose date (and own rates) convert the reference's BAT figures: the first to print a
    combined BAT figure, the nearest to when the figures were reported (later articles do not move it)."""
    claims = article_claims(ledger)
    combined = claims[claims["combined"]].sort_values(["published", "article_id"])
    if combined.empty:
        raise ValueError(f"no combined {COMBINED!r} figure in CNY in the ledger")
    first: str = combined.iloc[0]["article_id"]
    return first


@dataclass(frozen=True)
class HalfYear:
    """One combined half-year figure of the reference: its row, period as stated, and value in CNY."""

    ref: str
    period: str
    cny: Decimal

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> HalfYear:
        return cls(row["ref_id"], row["period_as_stated"], row["value"])


@dataclass(frozen=True)
class Growth:
    """The latest combined half year against the same half a year earlier (the reference)."""

    current: HalfYear
    previous: HalfYear
    ratio: Decimal
    growth_pct: Decimal


def growth(ledger: Ledger) -> Growth:
    current = latest_combined(ledger)
    earlier = [
        r
        for r in _combined_refs(ledger)
        if r["period_start"] == _year_earlier(current["period_start"]) and r["period_end"] == _year_earlier(current["period_end"])
    ]
    if len(earlier) != 1:
        raise ValueError(f"no combined BAT reference row a year before {current['ref_id']}")
    previous = earlier[0]
    multiple = ratio(current["value"], previous["value"])
    return Growth(HalfYear.of(current), HalfYear.of(previous), multiple, CTX.multiply(CTX.subtract(multiple, ONE), HUNDRED))


def printed_growth(ledger: Ledger, tolerance_pct: Decimal = ZERO) -> pd.DataFrame:
    """Every printed growth multiple (one row per article that prints one) against the reference's ratio."""
    g = growth(ledger)
    columns: dict[str, Source] = {
        **same("claim_id", "article_id"),
        "published": lambda c: ledger.article_date(c["article_id"]),
        "quote": "quote",
        "stated": "amount",
        "qualifier": "qualifier",
        "ratio": lambda _c: g.ratio,
        "verdict": lambda c: judge(c["amount"], g.ratio, c["qualifier"], tolerance_pct).verdict,
    }
    return pick(growth_claims(ledger), columns).sort_values(["published", "article_id"]).reset_index(drop=True)


def _year_earlier(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1)


def attribution(ledger: Ledger) -> pd.DataFrame:
    """Whom the article credits for each BAT figure, and what the reference's source says."""
    refs = reference_rows(ledger)
    rows = []
    for _, c in article_claims(ledger).iterrows():
        match = refs[
            (refs["entity"] == c["entity"])
            & (refs["period_start"] == c["period_start"])
            & (refs["period_end"] == c["period_end"])
        ]
        r = match.iloc[0] if len(match) else None
        rows.append(
            {
                "claim_id": c["claim_id"],
                "entity": c["entity"],
                "article_credits": c["attribution"] or "",
                "ref_id": r["ref_id"] if r is not None else "",
                "reference_basis": (r["basis"] or "") if r is not None else "",
                "reference_source": r["source_url"] if r is not None else "",
            }
        )
    return pd.DataFrame(rows, dtype=object)
