"""Baidu, Alibaba and Tencent (BAT): the article's H1 2024 figures, the growth claim, and the US comparison.

The one article on BAT (조선비즈, 2 Sep 2024) prints a combined figure for the first half of 2024
("500억위안 이상"), three company figures, and "2배 이상" growth on a year earlier, crediting the Global
Times; the reference has the same figures from the Financial Times (26 Aug 2024).

Which rows are BAT rows is read from the data (entity and period), never from a typed figure:

- `article_claims`: every CNY claim on the three companies or the three together, with the printed
  KRW conversion and the article's attribution;
- `parts_vs_total`: the three company figures against the printed combined total;
- `growth`: the combined reference figure for the latest half year against the one a year earlier;
- `in_currencies`: each figure in CNY, USD and KRW at the run's rates (ECB cross rates by default);
- `period_alignment`: the US four's 2024 actuals and 2025 plans against BAT's half year, annualized by
  each factor, with the ratio and whether the comparison is like for like;
- `scale_chart`: the comparison drawn on a log axis, with the ratios beside it.

Money stays Decimal here; only the chart converts to float.
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal

import matplotlib.pyplot as plt
from matplotlib.ticker import FuncFormatter
import pandas as pd

from . import totals
from .checks import article_rates
from .fx import FxScenario, Rate
from .ledger import Ledger

COMPANIES = ("Baidu", "Alibaba", "Tencent")
COMBINED = "Baidu, Alibaba, Tencent"  # how the ledger names the three together
TOPIC = "bat"
CURRENCY = "CNY"
# The annualization choices every run shows, whatever the parameter: none, and doubling a half year.
ANNUALIZATION_FACTORS = (Decimal(1), Decimal(2))
MONTHS_PER_YEAR = 12
US_BASIS = "calendar"  # data/capex_bases.csv basis: calendar-2024 actuals against the 2025 plans
BILLION = Decimal(10) ** 9

_CTX = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)


# --- The article's figures -----------------------------------------------------------------------

def _is_bat_amount(row: dict) -> bool:
    return (row["entity"] in COMPANIES or row["entity"] == COMBINED) and row["currency"] == CURRENCY


def article_claims(ledger: Ledger) -> pd.DataFrame:
    """Every CNY figure the articles print for BAT, with its printed KRW conversion and attribution.

    A KRW figure printed once for two companies ("각각 230억위안(약 4조3300억원)") is linked in the
    ledger to one of them; the other company gets it too (same quote, same CNY amount).
    """
    claims = ledger.records("claims")
    conversions = [c for c in claims.values() if c["converts_claim_id"] is not None]
    rows = []
    for c in claims.values():
        if not _is_bat_amount(c):
            continue
        krw = [k for k in conversions if k["converts_claim_id"] == c["claim_id"]]
        if not krw:  # the shared conversion: same article, same quote, converting the same amount
            krw = [k for k in conversions if k["article_id"] == c["article_id"] and k["quote"] == c["quote"]
                   and claims[k["converts_claim_id"]]["amount"] == c["amount"]]
        k = krw[0] if krw else None
        rows.append({
            "claim_id": c["claim_id"], "article_id": c["article_id"], "published": ledger.article_date(c["article_id"]),
            "entity": c["entity"], "combined": c["entity"] == COMBINED, "quote": c["quote"],
            "amount_cny": c["amount"], "qualifier": c["qualifier"], "period_as_stated": c["period_as_stated"],
            "period_start": c["period_start"], "period_end": c["period_end"],
            "printed_krw": k["amount"] if k else None, "printed_krw_claim": k["claim_id"] if k else None,
            "printed_krw_qualifier": k["qualifier"] if k else None, "attribution": c["attribution"],
        })
    if not rows:
        raise ValueError("no BAT claims in CNY in the ledger")
    return pd.DataFrame(rows, dtype=object)


def growth_claim(ledger: Ledger) -> dict:
    """The printed growth multiple for the three together ('2배 이상')."""
    found = [c for c in ledger.records("claims").values() if c["entity"] == COMBINED and c["currency"] == "times"]
    if len(found) != 1:
        raise ValueError(f"expected one growth claim for {COMBINED!r}, found {len(found)}")
    return found[0]


def parts_vs_total(ledger: Ledger) -> dict:
    """The company figures, their sum and the printed combined total, for each period printed."""
    claims = article_claims(ledger)
    totals_ = claims[claims["combined"]]
    if len(totals_) != 1:
        raise ValueError(f"expected one combined BAT figure, found {len(totals_)}")
    total = totals_.iloc[0]
    parts = claims[~claims["combined"] & (claims["period_start"] == total["period_start"])
                   & (claims["period_end"] == total["period_end"])]
    parts_sum = sum(parts["amount_cny"], Decimal(0))
    stated = total["amount_cny"]
    return {
        "parts": parts.reset_index(drop=True),
        "parts_sum_cny": parts_sum,
        "stated_total_cny": stated,
        "stated_qualifier": total["qualifier"],
        "total_claim_id": total["claim_id"],
        "difference_cny": parts_sum - stated,
        "difference_pct": _CTX.multiply(_CTX.divide(parts_sum - stated, stated), Decimal(100)),
        # '이상' (at least): the parts are consistent with the printed total when they reach it.
        "consistent": parts_sum >= stated if total["qualifier"] == "at_least" else parts_sum == stated,
    }


# --- The reference ------------------------------------------------------------------------------

def reference_rows(ledger: Ledger) -> pd.DataFrame:
    """The reference's BAT rows (CNY): per company and combined, with line item and source."""
    rows = [
        {"ref_id": r["ref_id"], "entity": r["entity"], "metric": r["metric"], "period": r["period_as_stated"],
         "period_start": r["period_start"], "period_end": r["period_end"], "value_cny": r["value"],
         "basis": r["line_item_or_basis"], "source_url": r["source_url"], "source_quote": r["source_quote"],
         "confidence": r["confidence"]}
        for r in ledger.records("reference").values()
        if r["topic"] == TOPIC and r["unit"] == CURRENCY
    ]
    return pd.DataFrame(rows, dtype=object)


def _combined_refs(ledger: Ledger) -> list[dict]:
    refs = [r for r in ledger.records("reference").values()
            if r["topic"] == TOPIC and r["entity"] == COMBINED and r["unit"] == CURRENCY]
    return sorted(refs, key=lambda r: (r["period_start"], r["ref_id"]))


def growth(ledger: Ledger) -> dict:
    """The latest combined half year against the same half a year earlier (reference rows)."""
    refs = _combined_refs(ledger)
    current = refs[-1]
    earlier = [r for r in refs if r["period_start"] == _year_earlier(current["period_start"])
               and r["period_end"] == _year_earlier(current["period_end"])]
    if len(earlier) != 1:
        raise ValueError(f"no combined BAT reference row a year before {current['ref_id']}")
    previous = earlier[0]
    ratio = _CTX.divide(current["value"], previous["value"])
    claim = growth_claim(ledger)
    return {
        "current_ref": current["ref_id"], "current_period": current["period_as_stated"], "current_cny": current["value"],
        "previous_ref": previous["ref_id"], "previous_period": previous["period_as_stated"], "previous_cny": previous["value"],
        "ratio": ratio, "growth_pct": _CTX.multiply(ratio - 1, Decimal(100)),
        "claim_id": claim["claim_id"], "stated": claim["amount"], "stated_qualifier": claim["qualifier"],
        "holds": ratio >= claim["amount"] if claim["qualifier"] == "at_least" else ratio == claim["amount"],
    }


def _year_earlier(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1)


def attribution(ledger: Ledger) -> pd.DataFrame:
    """Whom the article credits for each BAT figure, and what the reference's source says."""
    refs = reference_rows(ledger)
    rows = []
    for _, c in article_claims(ledger).iterrows():
        match = refs[(refs["entity"] == c["entity"]) & (refs["period_start"] == c["period_start"])
                     & (refs["period_end"] == c["period_end"])]
        r = match.iloc[0] if len(match) else None
        rows.append({"claim_id": c["claim_id"], "entity": c["entity"], "article_credits": c["attribution"] or "",
                     "ref_id": r["ref_id"] if r is not None else "", "reference_basis": (r["basis"] or "") if r is not None else "",
                     "reference_source": r["source_url"] if r is not None else ""})
    return pd.DataFrame(rows, dtype=object)


# --- Currencies ----------------------------------------------------------------------------------

def rates_for(ledger: Ledger, fx: FxScenario, article_id: str) -> dict[str, Rate]:
    """The run's CNY->USD and CNY->KRW rates for an article (by default ECB cross rates on its date)."""
    day = ledger.article_date(article_id)
    own = article_rates(ledger).get(article_id, {})
    return {quote: fx.rate_for(CURRENCY, quote, day, own) for quote in ("USD", "KRW")}


def in_currencies(ledger: Ledger, fx: FxScenario) -> pd.DataFrame:
    """Each BAT figure, and the sum of the parts, in CNY, USD and KRW at the run's rates."""
    claims = article_claims(ledger)
    check = parts_vs_total(ledger)
    rows = [dict(r) for _, r in claims.iterrows()]
    first = check["parts"].iloc[0]
    rows.append({"claim_id": "(sum of the parts)", "article_id": first["article_id"], "entity": "Sum of the three companies",
                 "amount_cny": check["parts_sum_cny"], "qualifier": None, "printed_krw": None})
    out = []
    for r in rows:
        rates = rates_for(ledger, fx, r["article_id"])
        usd, krw = rates["USD"], rates["KRW"]
        out.append({
            "claim_id": r["claim_id"], "entity": r["entity"], "amount_cny": r["amount_cny"], "qualifier": r["qualifier"],
            "usd": _CTX.multiply(r["amount_cny"], usd.rate), "usd_rate": usd,
            "krw": _CTX.multiply(r["amount_cny"], krw.rate), "krw_rate": krw,
            "printed_krw": r["printed_krw"],
            "printed_vs_computed_krw_pct": None if r["printed_krw"] is None else _CTX.multiply(
                _CTX.divide(r["printed_krw"] - _CTX.multiply(r["amount_cny"], krw.rate), _CTX.multiply(r["amount_cny"], krw.rate)),
                Decimal(100)),
        })
    return pd.DataFrame(out, dtype=object)


# --- Period alignment and the US comparison --------------------------------------------------------

def months_covered(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from `start` to `end` inclusive (H1 = 6)."""
    return (end.year - start.year) * MONTHS_PER_YEAR + end.month - start.month + 1


def full_year_factor(ledger: Ledger) -> Decimal:
    """The factor that turns BAT's reported period into a year (2 for a half year), from the data."""
    current = _combined_refs(ledger)[-1]
    return _CTX.divide(Decimal(MONTHS_PER_YEAR), Decimal(months_covered(current["period_start"], current["period_end"])))


def table_factors(parameter: float | Decimal) -> tuple[Decimal, ...]:
    """The factors a run shows: none (1) and the run's parameter, sorted, without repeats."""
    return tuple(sorted({Decimal(1), _as_decimal(parameter)}))


def _as_decimal(value: float | Decimal | int) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def us_comparands(ledger: Ledger) -> list[dict]:
    """The US four's calendar-2024 actual and 2025 plan totals (USD), from data/capex_bases.csv."""
    change = totals.change_by_company(ledger, US_BASIS)
    total = change[change["entity"] == "Total (four)"].iloc[0]
    return [
        {"comparand": "US four, 2024 actual (calendar year)", "kind": "actual", "year": 2024, "usd": total["actual_2024_usd"]},
        {"comparand": "US four, 2025 plans", "kind": "plan", "year": 2025, "usd": total["plan_2025_usd"]},
    ]


def period_alignment(ledger: Ledger, fx: FxScenario, factors) -> pd.DataFrame:
    """US:BAT ratios for each annualization factor against the US four's 2024 actuals and 2025 plans.

    BAT is the reference's combined capex for its latest half year, converted to USD at the run's
    rate on the article's date and multiplied by the factor. A comparison is like for like when the
    annualized BAT figure covers a year and is set against the US four's actual spending in that
    same year; plans for a later year against actuals are not.
    """
    current = _combined_refs(ledger)[-1]
    article_id = parts_vs_total(ledger)["parts"].iloc[0]["article_id"]
    usd_rate = rates_for(ledger, fx, article_id)["USD"]
    half_usd = _CTX.multiply(current["value"], usd_rate.rate)
    months = months_covered(current["period_start"], current["period_end"])
    bat_year = current["period_start"].year
    rows = []
    for factor in sorted({_as_decimal(f) for f in factors}):
        covered = _CTX.multiply(Decimal(months), factor)
        bat_usd = _CTX.multiply(half_usd, factor)
        for us in us_comparands(ledger):
            like = covered == MONTHS_PER_YEAR and us["kind"] == "actual" and us["year"] == bat_year
            if like:
                why = f"a year against a year: {bat_year} spending on both sides (BAT's year estimated from its half year)"
            elif covered != MONTHS_PER_YEAR:
                why = f"{covered.normalize():f} months of BAT spending against a full US year"
            else:
                why = f"BAT {bat_year} spending against US {us['kind']}s for {us['year']}"
            rows.append({
                "factor": factor, "bat_months": covered, "bat_label": _bat_label(current["period_as_stated"], factor),
                "bat_cny": _CTX.multiply(current["value"], factor), "bat_usd": bat_usd, "usd_rate": usd_rate,
                "comparand": us["comparand"], "us_usd": us["usd"], "ratio_us_to_bat": _CTX.divide(us["usd"], bat_usd),
                "like_for_like": like, "why": why, "bat_ref": current["ref_id"],
            })
    return pd.DataFrame(rows, dtype=object)


def _bat_label(period: str, factor: Decimal) -> str:
    if factor == 1:
        return f"BAT {period} (as reported)"
    return f"BAT {period} x {factor.normalize():f} (annualized)"


def like_for_like(alignment: pd.DataFrame) -> pd.DataFrame:
    """The rows of `period_alignment` that compare the same kind of spending over the same year."""
    return alignment[alignment["like_for_like"].astype(bool)]


# --- Chart ---------------------------------------------------------------------------------------

def chart_factors(factor: float | Decimal) -> list[Decimal]:
    """The factors the chart draws: the fixed set and the run's parameter."""
    return sorted(set(ANNUALIZATION_FACTORS) | {_as_decimal(factor)})


def scale_chart_alt(ledger: Ledger, fx: FxScenario, factor: float | Decimal) -> str:
    """The chart's alt text, built from the same numbers it draws (rounded for reading)."""
    from .present import money, value

    rows = period_alignment(ledger, fx, chart_factors(factor))
    bats = "; ".join(f"{r['bat_label']} {money(r['bat_usd'], 'USD')}" for _, r in rows.drop_duplicates("bat_label").iterrows())
    us = "; ".join(f"{r['comparand']} {money(r['us_usd'], 'USD')}" for _, r in rows.drop_duplicates("comparand").iterrows())
    ratios = "; ".join(f"{r['comparand']} / {r['bat_label']} = {value(r['ratio_us_to_bat'], 'times')}"
                       + (" (like for like)" if r["like_for_like"] else "") for _, r in rows.iterrows())
    return (f"Left: horizontal bars on a log scale, USD billion: {bats}; {us}. "
            f"Right: the US four as a multiple of BAT: {ratios}.")


def scale_chart(ledger: Ledger, fx: FxScenario, factor: float | Decimal):
    """Left: BAT (half year and annualized) and the US four on a log axis, USD billion.
    Right: the US:BAT ratio for each annualization factor shown, against actuals and plans."""
    from .charts import source_note

    factors = chart_factors(factor)
    alignment = period_alignment(ledger, fx, factors)
    bars: list[tuple[str, float, str]] = []
    for f in factors:
        row = alignment[alignment["factor"] == f].iloc[0]
        bars.append((row["bat_label"], float(row["bat_usd"] / BILLION), "#d62728" if f == 1 else "#ff9896"))
    for us in us_comparands(ledger):
        bars.append((us["comparand"], float(us["usd"] / BILLION), "#4c72b0" if us["kind"] == "actual" else "#aec7e8"))

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.6), gridspec_kw={"width_ratios": [3, 2]})
    labels = [b[0] for b in bars]
    values = [b[1] for b in bars]
    left.barh(labels, values, color=[b[2] for b in bars])
    left.set_xscale("log")
    left.invert_yaxis()
    for i, v in enumerate(values):
        left.annotate(f"${v:,.1f}B", (v, i), textcoords="offset points", xytext=(4, 0), va="center", fontsize=8)
    left.set_xlim(min(values) / 2, max(values) * 4)
    left.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
    left.grid(axis="x", which="major", color="#cccccc", linewidth=0.6)
    left.set_axisbelow(True)
    left.set_xlabel("USD billion, log scale (each gridline is 10 times the last)")
    left.set_title("설비투자 규모 (capex, USD billion)")
    rate = alignment.iloc[0]["usd_rate"]
    left.text(0, -0.2, f"BAT converted at {rate.describe()}", transform=left.transAxes, fontsize=7, color="#555555")

    comparands = [u["comparand"] for u in us_comparands(ledger)]
    width = 0.8 / len(factors)
    for j, f in enumerate(factors):
        sub = alignment[alignment["factor"] == f]
        xs = [i + (j - (len(factors) - 1) / 2) * width for i in range(len(comparands))]
        ratios = [float(sub[sub["comparand"] == c].iloc[0]["ratio_us_to_bat"]) for c in comparands]
        likes = [bool(sub[sub["comparand"] == c].iloc[0]["like_for_like"]) for c in comparands]
        right.bar(xs, ratios, width=width * 0.95, label="BAT as reported (half year)" if f == 1 else f"BAT annualized (x {f.normalize():f})", color="#ff9896" if f != 1 else "#d62728",
                  edgecolor=["black" if like else "none" for like in likes], linewidth=1.5)
        for x, r, like in zip(xs, ratios, likes):
            right.annotate(f"{r:.0f}x" + ("\n(like for like)" if like else ""), (x, r), textcoords="offset points",
                           xytext=(0, 3), ha="center", fontsize=7)
    right.set_xticks(range(len(comparands)), [c.replace("US four, ", "US ") for c in comparands], fontsize=8)
    right.set_ylabel("US four / BAT (times)")
    right.set_ylim(0, max(float(r) for r in alignment["ratio_us_to_bat"]) * 1.3)
    right.set_title("미국 4사 / BAT 배율 (ratio, times)")
    right.legend(fontsize=7, loc="upper left")
    source_note(left, "Sources: BAT - data/reference.csv (Financial Times via news.az, H1 capex, CNY); "
                      "US four - data/reference.csv via data/capex_bases.csv (calendar basis); ECB reference rates")
    fig.tight_layout()
    return fig
