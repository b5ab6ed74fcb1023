"""BAT in other currencies and against the US four: each figure in CNY, USD and KRW at the run's rates,
and the US:BAT ratios with the periods lined up (a half year annualized by each factor, against the US
four's actual year on the like-for-like basis or their plans)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pandas as pd

from ...core.conversions import rate_for_article
from ...core.fx import FxScenario, Rate
from ...core.ledger import Ledger
from ...core.numbers import CTX, Number, percent_off, ratio, to_decimal
from ...core.phrase import N_, DataText, phrase, word
from .. import totals
from .figures import CURRENCY, MONTHS_PER_YEAR, article_claims, latest_combined, parts_vs_totals, reporting_article

# The annualization choices every run shows, whatever the parameter: none, and doubling a half year.
ANNUALIZATION_FACTORS = (Decimal(1), Decimal(2))


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
                "claim_id": phrase(N_("(sum of the parts, %(article)s)"), article=check.parts.iloc[0]["article_id"]),
                "article_id": check.parts.iloc[0]["article_id"],
                "entity": word(N_("Sum of the three companies")),
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
            "comparand": phrase(N_("US four, 2024 actual (%(basis)s)"), basis=fair.label),
            "kind": "actual",
            "year": 2024,
            "usd": four.actual_2024_usd,
            "basis": fair,
        },
        {"comparand": word(N_("US four, 2025 plans")), "kind": "plan", "year": 2025, "usd": four.plan_2025_usd, "basis": fair},
    ]
    if alternatives:
        for alt in totals.alternative_bases(ledger):
            other = totals.four_total(totals.change_by_company(ledger, alt.basis_id))
            found.insert(
                -1,
                {
                    "comparand": phrase(N_("US four, 2024 actual (%(basis)s; alternative)"), basis=alt.label),
                    "kind": "actual",
                    "year": 2024,
                    "usd": other.actual_2024_usd,
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
    half = half_year_in_usd(ledger, fx)
    months = months_covered(half.period_start, half.period_end)
    bat_year = half.period_start.year
    rows = []
    for factor in sorted({to_decimal(f, "factor") for f in factors}):
        covered = CTX.multiply(Decimal(months), factor)
        bat_usd = CTX.multiply(half.usd, factor)
        for us in us_comparands(ledger, alternatives):
            basis = us["basis"]
            like = covered == MONTHS_PER_YEAR and us["kind"] == "actual" and us["year"] == bat_year and basis.like_for_like
            why = _why(like, covered, bat_year, us, basis)
            rows.append(
                {
                    "factor": factor,
                    "bat_months": covered,
                    "bat_label": _bat_label(half.period, factor),
                    "bat_cny": CTX.multiply(half.cny, factor),
                    "bat_usd": bat_usd,
                    "usd_rate": half.rate,
                    "comparand": us["comparand"],
                    "us_usd": us["usd"],
                    "ratio_us_to_bat": ratio(us["usd"], bat_usd),
                    "like_for_like": like,
                    "why": why,
                    "bat_ref": half.ref_id,
                }
            )
    return pd.DataFrame(rows, dtype=object)


def _why(like: bool, covered: Decimal, bat_year: int, us: dict[str, Any], basis: totals.Basis) -> str:
    """Why a US:BAT pairing is like for like or not, in words (a Phrase: the report translates it)."""
    if like:
        return phrase(
            N_(
                "a year against a year: %(year)s spending on both sides (the US four on %(basis)s; "
                "BAT's year estimated from its half year)"
            ),
            year=bat_year,
            basis=basis.label,
        )
    if covered != MONTHS_PER_YEAR:
        return phrase(N_("%(months)s months of BAT spending against a full US year"), months=f"{covered.normalize():f}")
    if us["kind"] != "actual":
        return phrase(N_("BAT %(year)s spending against US plans for %(plan_year)s"), year=bat_year, plan_year=us["year"])
    if basis.overlap:
        return phrase(N_("an alternative basis (%(basis)s): %(overlap)s"), basis=basis.label, overlap=basis.overlap)
    return phrase(N_("an alternative basis (%(basis)s)"), basis=basis.label)


def _bat_label(period: str, factor: Decimal) -> str:
    if factor == 1:
        return phrase(N_("BAT %(period)s (as reported)"), period=period)
    return phrase(N_("BAT %(period)s x %(factor)s (annualized)"), period=period, factor=f"{factor.normalize():f}")


def like_for_like(alignment: pd.DataFrame) -> pd.DataFrame:
    """The rows of `period_alignment` that compare the same kind of spending over the same year."""
    return alignment[alignment["like_for_like"].astype(bool)]


@dataclass(frozen=True)
class HalfYearInUsd:
    """The reference's latest combined BAT figure (its row, period and value in CNY) and its USD value at the
    run's CNY->USD rate for the article that reported it."""

    ref_id: str
    period: str  # as stated
    period_start: dt.date
    period_end: dt.date
    cny: Decimal
    rate: Rate
    usd: Decimal


def half_year_in_usd(ledger: Ledger, fx: FxScenario) -> HalfYearInUsd:
    """The reference's latest combined BAT figure, the run's CNY->USD rate for it, and its USD value."""
    current = latest_combined(ledger)
    usd_rate = rates_for(ledger, fx, reporting_article(ledger))["USD"]
    return HalfYearInUsd(
        current["ref_id"],
        DataText(current["period_as_stated"], "reference", "period_as_stated"),
        current["period_start"],
        current["period_end"],
        current["value"],
        usd_rate,
        CTX.multiply(current["value"], usd_rate.rate),
    )
