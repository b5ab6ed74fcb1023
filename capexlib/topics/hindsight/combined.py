"""The four together: the printed "3200억 달러" (and "이상") against what they spent, the following year's
guidance added up, and the collector's own sums (DERIVED rows) against ours."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pandas as pd

from ...core.confidence import confidence_level
from ...core.fx import Rate
from ...core.ledger import Ledger
from ...core.numbers import CTX, percent, percent_off, total
from .. import totals
from .outcomes import (
    ALTERNATIVE,
    PRIMARY,
    TOTALS,
    US4,
    checks_rows,
    one_value,
    operand_sum,
    printed_rows,
    records,
    us4_combined,
    written,
)


@dataclass(frozen=True)
class TotalAged:
    """The printed combined plan against what the four spent."""

    printed: pd.DataFrame  # each article's USD total: amount, qualifier, how it aged (outcome, change_pct)
    plan_usd: Decimal  # the four's guidance at publication, high end (the printed 3200억 달러)
    actual_usd: Decimal  # the four's 2025 spending on the articles' basis
    actual_operands: str
    calendar_usd: Decimal  # the same in calendar 2025 (Microsoft by quarters)
    calendar_operands: str
    calendar_unconfirmed: bool
    at_least: pd.DataFrame  # the "이상" claims: printed, and whether the spending reached it
    diff_usd: Decimal
    diff_krw: Decimal
    diff_pct: Decimal
    actual_krw: Decimal
    rate: Rate
    reported: pd.DataFrame  # the press's own combined figures (outcomes), e.g. "over $400 billion"


def total_aged(ledger: Ledger, hindsight: pd.DataFrame, rate: Rate) -> TotalAged:
    primary = checks_rows(hindsight, topic=TOTALS, role=PRIMARY, unit="USD")
    calendar = checks_rows(hindsight, topic=TOTALS, role=ALTERNATIVE, unit="USD")
    actual = one_value(primary, "computed", "actual total")
    calendar_usd = one_value(calendar, "computed", "calendar total")
    plan = totals.guidance_total(ledger, rate).set_index("bound").loc["high", "usd"]
    at_least = primary[primary["qualifier"] == "at_least"]
    diff = CTX.subtract(actual, plan)
    reported = [
        r for r in records(ledger).values() if us4_combined(r["entity"]) and r["kind"] == "actual" and r["period_end"] is not None
    ]
    return TotalAged(
        printed=printed_rows(ledger, primary),
        plan_usd=plan,
        actual_usd=actual,
        actual_operands=written(ledger, primary, "the actual total"),
        calendar_usd=calendar_usd,
        calendar_operands=written(ledger, calendar, "the calendar total"),
        calendar_unconfirmed=bool(calendar["unconfirmed_input"].any()),
        at_least=pd.DataFrame(
            [
                {"article_id": r["article_id"], "printed": r["stated"], "reached": r["computed"] >= r["stated"]}
                for r in at_least.to_dict("records")
            ],
            dtype=object,
        ),
        diff_usd=diff,
        diff_krw=CTX.multiply(diff, rate.rate),
        diff_pct=percent(diff, plan),
        actual_krw=CTX.multiply(actual, rate.rate),
        rate=rate,
        reported=pd.DataFrame(reported, dtype=object),
    )


def actual_total(ledger: Ledger) -> Decimal:
    """The four's actual spending on the articles' basis, from the operands of the primary total check
    (for headline figures: no verdict needed)."""
    return _total_from_checks(ledger, PRIMARY)


def calendar_total(ledger: Ledger) -> Decimal:
    return _total_from_checks(ledger, ALTERNATIVE)


def _total_from_checks(ledger: Ledger, role: str) -> Decimal:
    claims = ledger.records("claims")
    texts = {
        c["operands"]
        for c in ledger.records("hindsight_checks").values()
        if c["topic"] == TOTALS and c["role"] == role and claims[c["claim_id"]]["currency"] == "USD"
    }
    if len(texts) != 1:
        raise ValueError(f"expected one set of operands for the {role} total, found {len(texts)}")
    return operand_sum(ledger, texts.pop())


def next_year_guidance(ledger: Ledger, year: int) -> pd.DataFrame:
    """Each company's guidance for `year` in the outcomes, oldest first per company (the last is the latest)."""
    rows = [
        r
        for r in records(ledger).values()
        if r["kind"] == "guidance" and r["entity"] in US4 and r["period_end"] is not None and r["period_end"].year == year
    ]
    rows.sort(key=lambda r: (US4.index(r["entity"]), r["stated_on"] or dt.date.max))
    frame = pd.DataFrame(rows, dtype=object, columns=list(ledger.outcomes.columns))
    frame["latest"] = [i == len(frame) - 1 or frame.iloc[i + 1]["entity"] != e for i, e in enumerate(frame["entity"])]
    return frame


@dataclass(frozen=True)
class GuidanceSum:
    year: int
    low_usd: Decimal
    high_usd: Decimal
    companies: tuple[str, ...]
    latest: pd.DataFrame
    tallies: pd.DataFrame  # the press's combined figure for the year (outcomes), as a cross-check
    unconfirmed: tuple[str, ...] = ()  # the latest guidance rows that are unconfirmed (flagged wherever shown)
    confirmed_low_usd: Decimal | None = None  # the same sum from each company's latest confirmed guidance
    confirmed_high_usd: Decimal | None = None


def _range_sum(rows: pd.DataFrame) -> tuple[Decimal, Decimal]:
    low = total(rows["value"])
    high = total(h if h is not None else v for v, h in zip(rows["value"], rows["value_high"], strict=True))
    return low, high


def next_year_total(ledger: Ledger, year: int) -> GuidanceSum:
    """The latest guidance of each company for `year`, added up (a range where a company gave one). When a
    latest figure is unconfirmed, the sum is flagged and the same sum from each company's latest confirmed
    guidance stands beside it."""
    frame = next_year_guidance(ledger, year)
    frame = frame[frame["value"].notna()]
    latest = frame[frame["latest"]]
    low, high = _range_sum(latest)
    levels = [
        confidence_level(c, k) for c, k in zip(frame["confidence"], frame.get("source_kind", [None] * len(frame)), strict=True)
    ]
    sure = frame[[level != "unconfirmed" for level in levels]]
    unconfirmed = tuple(
        i
        for i, level in zip(frame["outcome_id"], levels, strict=True)
        if level == "unconfirmed" and i in set(latest["outcome_id"])
    )
    confirmed = sure.groupby("entity", sort=False).tail(1)  # each company's latest confirmed row (oldest first)
    confirmed_low, confirmed_high = _range_sum(confirmed) if unconfirmed else (None, None)
    tallies = [
        r
        for r in records(ledger).values()
        if us4_combined(r["entity"]) and r["kind"] == "guidance" and r["period_end"] is not None and r["period_end"].year == year
    ]
    return GuidanceSum(
        year,
        low,
        high,
        tuple(latest["entity"]),
        latest.reset_index(drop=True),
        pd.DataFrame(tallies, dtype=object),
        unconfirmed,
        confirmed_low,
        confirmed_high,
    )


def plan_year(ledger: Ledger) -> int:
    """The year of the printed plans: where the printed combined totals' periods end (the articles' '올해')."""
    years = {ledger.claim(claim_id)["period_end"].year for claim_id in totals.printed_totals(ledger)["claim_id"]}
    if len(years) != 1:
        raise ValueError(f"the printed totals end in several years: {sorted(years)}")
    return years.pop()


def cross_checks(ledger: Ledger) -> pd.DataFrame:
    """Each DERIVED row of the outcomes against the same sum computed here from its parts."""
    rows = []
    for r in records(ledger).values():
        if r["kind"] != "derived":
            continue
        ours = operand_sum(ledger, r["parts"])
        rows.append(
            {
                "outcome_id": r["outcome_id"],
                "entity": r["entity"],
                "metric": r["metric"],
                "parts": r["parts"],
                "computed": ours,
                "collector": r["value"],
                "difference": CTX.subtract(r["value"], ours),
                "difference_pct": percent_off(r["value"], ours),
                "collector_note": r["line_item_or_basis"],
                "unit": r["unit"],
            }
        )
    return pd.DataFrame(rows, dtype=object)
