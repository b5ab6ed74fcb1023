"""Baidu, Alibaba and Tencent (BAT): the article's H1 2024 figures, the growth claim, and the US comparison.

The seed article on BAT (조선비즈, 2 Sep 2024) prints a combined figure for the first half of 2024
("500억위안 이상"), three company figures, and "2배 이상" growth on a year earlier, crediting the Global
Times; the reference has the same figures from the Financial Times (26 Aug 2024). Any number of articles
may print such figures: each is judged and shown, one row per article.

Which rows are BAT rows is read from the data (entity and period), never from a typed figure:

- `article_claims`: every CNY claim on the three companies or the three together, with the printed
  KRW conversion and the article's attribution;
- `parts_vs_totals`: each article's company figures against the combined total it prints (any number of
  articles, one row each);
- `growth` and `printed_growth`: the combined reference figure for the latest half year against the one a
  year earlier, and every printed multiple against it;
- `in_currencies`: each figure in CNY, USD and KRW at the run's rates (ECB cross rates by default);
- `period_alignment`: the US four's 2024 actuals and 2025 plans against BAT's half year, annualized by
  each factor, with the ratio and whether the comparison is like for like.

Verdicts come from `capexlib.core.verdicts.judge`; the chart is drawn in `capexlib.report.charts`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ..core.conversions import printed_conversion, rate_for_article
from ..core.fx import FxScenario, Rate
from ..core.ledger import Ledger
from ..core.numbers import CTX, HUNDRED, ONE, ZERO, Number, percent_off, ratio, to_decimal, total
from ..core.verdicts import HOLDS, UNCHECKABLE, judge
from . import totals
from .rows import Source, pick, same

COMPANIES = ("Baidu", "Alibaba", "Tencent")
COMBINED = "Baidu, Alibaba, Tencent"  # how the ledger names the three together
TOPIC = "bat"
CURRENCY = "CNY"
# The annualization choices every run shows, whatever the parameter: none, and doubling a half year.
ANNUALIZATION_FACTORS = (Decimal(1), Decimal(2))
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


# --- Currencies ----------------------------------------------------------------------------------


def rates_for(ledger: Ledger, fx: FxScenario, article_id: str) -> dict[str, Rate]:
    """The run's CNY->USD and CNY->KRW rates for an article (by default ECB cross rates on its date)."""
    return {quote: rate_for_article(ledger, fx, article_id, CURRENCY, quote) for quote in ("USD", "KRW")}


def in_currencies(ledger: Ledger, fx: FxScenario) -> pd.DataFrame:
    """Each BAT figure, and each article's sum of the parts, in CNY, USD and KRW at the run's rates."""
    claims = article_claims(ledger)
    rows = [dict(r) for _, r in claims.iterrows()]
    for check in parts_vs_totals(ledger):
        if check.parts.empty:
            continue
        rows.append(
            {
                "claim_id": f"(sum of the parts, {check.parts.iloc[0]['article_id']})",
                "article_id": check.parts.iloc[0]["article_id"],
                "entity": "Sum of the three companies",
                "amount_cny": check.parts_sum_cny,
                "qualifier": None,
                "printed_krw": None,
            }
        )
    out = []
    for r in rows:
        rates = rates_for(ledger, fx, r["article_id"])
        usd, krw = rates["USD"], rates["KRW"]
        computed_krw = CTX.multiply(r["amount_cny"], krw.rate)
        out.append(
            {
                "claim_id": r["claim_id"],
                "article_id": r["article_id"],
                "entity": r["entity"],
                "amount_cny": r["amount_cny"],
                "qualifier": r["qualifier"],
                "usd": CTX.multiply(r["amount_cny"], usd.rate),
                "usd_rate": usd,
                "krw": computed_krw,
                "krw_rate": krw,
                "printed_krw": r["printed_krw"],
                "printed_vs_computed_krw_pct": None if r["printed_krw"] is None else percent_off(r["printed_krw"], computed_krw),
            }
        )
    return pd.DataFrame(out, dtype=object)


# --- Period alignment and the US comparison --------------------------------------------------------


def months_covered(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from `start` to `end` inclusive (H1 = 6)."""
    return (end.year - start.year) * MONTHS_PER_YEAR + end.month - start.month + 1


def full_year_factor(ledger: Ledger) -> Decimal:
    """The factor that turns BAT's reported period into a year (2 for a half year), from the data."""
    current = latest_combined(ledger)
    return ratio(Decimal(MONTHS_PER_YEAR), Decimal(months_covered(current["period_start"], current["period_end"])))


def table_factors(parameter: Number) -> tuple[Decimal, ...]:
    """The factors a run shows: none (1) and the run's parameter, sorted, without repeats."""
    return tuple(sorted({Decimal(1), to_decimal(parameter, "bat_annualization_factor")}))


def chart_factors(factor: Number) -> list[Decimal]:
    """The factors the chart draws: the fixed set and the run's parameter."""
    return sorted(set(ANNUALIZATION_FACTORS) | {to_decimal(factor, "bat_annualization_factor")})


def us_comparands(ledger: Ledger, alternatives: bool = False) -> list[dict[str, Any]]:
    """The US four's 2024 actual on the like-for-like basis (data/capex_bases.csv) and their 2025 plans,
    in USD; with `alternatives`, also the 2024 actual on each alternative basis, its overlap stated."""
    fair = totals.like_for_like_basis(ledger)
    four = totals.four_total(totals.change_by_company(ledger, fair.basis_id))
    found = [
        {
            "comparand": f"US four, 2024 actual ({fair.label})",
            "kind": "actual",
            "year": 2024,
            "usd": four["actual_2024_usd"],
            "basis": fair,
        },
        {"comparand": "US four, 2025 plans", "kind": "plan", "year": 2025, "usd": four["plan_2025_usd"], "basis": fair},
    ]
    if alternatives:
        for alt in totals.alternative_bases(ledger):
            other = totals.four_total(totals.change_by_company(ledger, alt.basis_id))
            found.insert(
                -1,
                {
                    "comparand": f"US four, 2024 actual ({alt.label}; alternative)",
                    "kind": "actual",
                    "year": 2024,
                    "usd": other["actual_2024_usd"],
                    "basis": alt,
                },
            )
    return found


def period_alignment(ledger: Ledger, fx: FxScenario, factors: Iterable[Number], alternatives: bool = False) -> pd.DataFrame:
    """US:BAT ratios for each annualization factor against the US four's 2024 actuals and 2025 plans.

    BAT is the reference's combined capex for its latest half year, converted to USD at the run's
    rate on the article's date and multiplied by the factor. A comparison is like for like when the
    annualized BAT figure covers a year and is set against the US four's actual spending in that
    same year on the like-for-like basis (data/capex_bases.csv); plans for a later year against actuals
    are not, and an alternative basis (`alternatives`) is shown with what it counts twice or leaves out.
    """
    current, usd_rate, half_usd = half_year_in_usd(ledger, fx)
    months = months_covered(current["period_start"], current["period_end"])
    bat_year = current["period_start"].year
    rows = []
    for factor in sorted({to_decimal(f, "factor") for f in factors}):
        covered = CTX.multiply(Decimal(months), factor)
        bat_usd = CTX.multiply(half_usd, factor)
        for us in us_comparands(ledger, alternatives):
            basis = us["basis"]
            like = covered == MONTHS_PER_YEAR and us["kind"] == "actual" and us["year"] == bat_year and basis.like_for_like
            if like:
                why = (
                    f"a year against a year: {bat_year} spending on both sides (the US four on {basis.label}; "
                    "BAT's year estimated from its half year)"
                )
            elif covered != MONTHS_PER_YEAR:
                why = f"{covered.normalize():f} months of BAT spending against a full US year"
            elif us["kind"] != "actual":
                why = f"BAT {bat_year} spending against US {us['kind']}s for {us['year']}"
            else:
                why = f"an alternative basis ({basis.label})" + (f": {basis.overlap}" if basis.overlap else "")
            rows.append(
                {
                    "factor": factor,
                    "bat_months": covered,
                    "bat_label": _bat_label(current["period_as_stated"], factor),
                    "bat_cny": CTX.multiply(current["value"], factor),
                    "bat_usd": bat_usd,
                    "usd_rate": usd_rate,
                    "comparand": us["comparand"],
                    "us_usd": us["usd"],
                    "ratio_us_to_bat": ratio(us["usd"], bat_usd),
                    "like_for_like": like,
                    "why": why,
                    "bat_ref": current["ref_id"],
                }
            )
    return pd.DataFrame(rows, dtype=object)


def _bat_label(period: str, factor: Decimal) -> str:
    if factor == 1:
        return f"BAT {period} (as reported)"
    return f"BAT {period} x {factor.normalize():f} (annualized)"


def like_for_like(alignment: pd.DataFrame) -> pd.DataFrame:
    """The rows of `period_alignment` that compare the same kind of spending over the same year."""
    return alignment[alignment["like_for_like"].astype(bool)]


def half_year_in_usd(ledger: Ledger, fx: FxScenario) -> tuple[dict[str, Any], Rate, Decimal]:
    """The reference's latest combined BAT figure, the run's CNY->USD rate for it, and its USD value."""
    current = latest_combined(ledger)
    usd_rate = rates_for(ledger, fx, reporting_article(ledger))["USD"]
    return current, usd_rate, CTX.multiply(current["value"], usd_rate.rate)
