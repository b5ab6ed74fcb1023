"""Presentation: turn exact values into the strings a reader sees. Rounding happens here and only here.

Every table a notebook shows, every page, export and label is built from these helpers, so the same
figure is written the same way everywhere: Korean style and English style side by side for money
("3200억 달러 · $320.0B"), percentages with one decimal, rates with two decimals and their date.
"""

from __future__ import annotations

import decimal
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd

from ..core.checks import UNCHECKABLE
from ..core.fx import Rate
from ..core.money import format_amount
from ..core.numbers import CTX
from ..core.units import is_money
from ..topics.headline import RATE_SLOT, HeadlineFigure
from ..topics.hindsight import BASIS_WORDS

QUALIFIER_LABELS = {"approx": "약 (about)", "at_least": "이상 (at least)", "at_most": "최대 (at most)", None: ""}
MILLION = Decimal(10) ** 6
THOUSAND = Decimal(1000)


def _round(amount: Decimal, places: int) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)


def _none_for_nan(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (None if isinstance(v, float) and v != v else v) for k, v in row.items()}  # pandas NaN -> None


# --- Numbers ---------------------------------------------------------------------------------------


def money(amount: Decimal | None, currency: str, exact: bool = False) -> str:
    """'3200억 달러 · $320.0B': Korean style (exact for printed figures, else compact), then English style."""
    if amount is None:
        return ""
    korean = format_amount(amount, currency, "ko" if exact else "ko_compact")
    return f"{korean} · {format_amount(amount, currency, 'en')}"


def printed_money(amount: Decimal | None, currency: str, qualifier: str | None) -> str:
    """A money figure as an article printed it, with its qualifier: '최대 (at most) 650억 달러 · $65.0B'."""
    if amount is None:
        return ""
    return (QUALIFIER_LABELS[qualifier] + " " if qualifier else "") + money(amount, currency, exact=True)


def value(amount: Decimal | None, unit: str, exact: bool = False) -> str:
    """Any claim or reference value in its own unit, rounded for reading (money exact if asked)."""
    if amount is None:
        return ""
    if is_money(unit):
        return money(amount, unit, exact)
    if unit == "percent":
        return f"{_round(amount, 1)}%"
    if unit == "ratio":
        return f"{_round(amount, 3)} (1/{_round(CTX.divide(1, amount), 1)})" if amount else "0"
    if unit == "times":
        return f"{_round(amount, 2)}배 (×{_round(amount, 2)})"
    if unit == "count":
        return format_amount(amount, "count", "ko") + f" ({int(amount):,})" if amount == amount.to_integral() else str(amount)
    return f"{_round(amount, 3):,} {unit}" if amount.adjusted() < 15 else f"{amount:.3E} {unit}"


def pct(amount: Decimal | None, places: int = 2, signed: bool = True) -> str:
    if amount is None:
        return ""
    text = f"{_round(amount, places):f}"
    return (f"+{text}" if signed and amount > 0 else text) + "%"


def decimal_text(amount: Decimal | None, places: int) -> str:
    """A plain decimal for machine-readable exports ('-8.13'), as Decimal formats it."""
    return "" if amount is None else f"{amount:.{places}f}"


def rate_number(value: Decimal) -> str:
    """A rate for reading: two decimals ('1447.09'); below 1 (USD per KRW, 0.00069) four significant digits."""
    if value >= 1:
        return f"{value.quantize(Decimal('0.01'), rounding=decimal.ROUND_HALF_UP):f}"
    return f"{value:.4g}"


def rate_text(rate: Rate | None) -> str:
    """E.g. '1447.09 KRW per USD (ECB, 2025-02-07)'; a weekend request names the day asked for too."""
    if rate is None:
        return ""
    detail = {"ecb": "ECB", "fixed": "fixed", "article": "article"}.get(rate.source, rate.source)
    if rate.as_of is not None:
        detail += f", {rate.as_of.isoformat()}"
    if rate.requested is not None and rate.as_of is not None and rate.requested != rate.as_of:
        detail += f"; requested {rate.requested.isoformat()}"
    if rate.origin:  # a rate from the user's newer ECB file names that file and its last date
        detail += f"; {rate.origin}"
    return f"{rate_number(rate.rate)} {rate.quote} per {rate.base} ({detail})"


def gpu_hours_text(amount: Decimal | None) -> str:
    """GPU-hours the way the report writes them: '2,664K' (thousands), or '30.84M' from a million up."""
    if amount is None:
        return ""
    if amount >= MILLION:
        return f"{CTX.divide(amount, MILLION).normalize():f}M"
    return f"{CTX.divide(amount, THOUSAND).normalize():f}K"


def usd_text(amount: Decimal | None) -> str:
    """USD in millions with the digits the sources use: '$5.576M', '$61.68M', '$1,600M'."""
    if amount is None:
        return ""
    v = CTX.divide(amount, MILLION).quantize(Decimal("0.001"), rounding=decimal.ROUND_HALF_UP).normalize()
    return f"${v:,f}M"


def price_text(amount: Decimal | None) -> str:
    """A price per GPU-hour for reading: '$2.00'."""
    return "" if amount is None else f"${price_number(amount)}"


def price_number(amount: Decimal) -> str:
    return f"{_round(amount, 2)}"


def number(amount: Decimal, places: int = 0, signed: bool = False, grouped: bool = False) -> str:
    """A plain number for chart labels and ticks: number(Decimal('17.81')) -> '18'; signed gives '+21'."""
    text = f"{_round(amount, places):,f}" if grouped else f"{_round(amount, places):f}"
    return f"+{text}" if signed and amount >= 0 else text


def billions(amount: Decimal, places: int = 1) -> str:
    """USD billions for chart labels: '$250.4B'."""
    return f"${_round(CTX.divide(amount, Decimal(10) ** 9), places):,}B"


def readable(text: object, unit: object) -> str:
    """A figure held as text (headline.csv) for reading: money in both styles, counts with separators."""
    try:
        amount = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return str(text)
    if not amount.is_finite():
        return str(text)
    if is_money(unit):
        return money(amount, str(unit))
    if unit == "percent":
        return f"{_round(amount, 1)}%"
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount.quantize(Decimal('0.001')).normalize():,f}"


def headline_frame(figures: Iterable[HeadlineFigure]) -> pd.DataFrame:
    """The headline figures as headline.csv holds them: id, label (rate written in), exact value, unit."""
    return pd.DataFrame(
        [
            {
                "id": f.id,
                "label": f.label.replace(RATE_SLOT, rate_text(f.rate)),
                "value": f"{f.value:f}",
                "unit": f.unit,
            }
            for f in figures
        ]
    )


# --- Verdicts --------------------------------------------------------------------------------------


def why(row: dict[str, Any]) -> str:
    """One sentence: the basis of the check, then the arithmetic's result."""
    note = row["note"].rstrip(".") + "."
    if row["verdict"] == UNCHECKABLE:
        return note
    computed = value(row["computed"], row["unit"])
    gap = pct(row["deviation_pct"]) if row["deviation_pct"] is not None else "n/a"
    via = f" at {rate_text(row['rate'])}" if row.get("rate") is not None else ""
    flag = " One input comes from an unconfirmed source." if row.get("unconfirmed_input") else ""
    return f"{note} Computed {computed}{via}; the printed figure is {gap} off it.{flag}"


def verdict_table(verdicts: pd.DataFrame, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The reader's view of evaluated checks: quote, printed, computed, deviation, verdict, why."""
    rows = []
    for _, raw in verdicts.iterrows():
        r = _none_for_nan(raw.to_dict())
        rows.append(
            {
                "check": r["check_id"],
                "article": r["article_id"],
                "quote": r["quote"],
                "printed": (QUALIFIER_LABELS[r["qualifier"]] + " " if r["qualifier"] else "")
                + value(r["stated"], r["unit"], exact=True),
                "computed": value(r["computed"], r["unit"]),
                "deviation": pct(r["deviation_pct"]),
                "verdict": r["verdict"] + (" (alternative reading)" if r["role"] == "alternative" else ""),
                "why": why(r),
            }
        )
    frame = pd.DataFrame(rows)
    return frame[list(columns)] if columns else frame


def scorecard_view(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard for reading: printed and computed values written out, the reason in words."""
    out = card.copy()
    out["printed"] = [value(p, u, exact=True) for p, u in zip(card["stated"], card["unit"], strict=True)]
    out["computed"] = [value(c, u) if c is not None else "" for c, u in zip(card["computed"], card["unit"], strict=True)]
    out["deviation_pct"] = [decimal_text(d, 2) for d in card["deviation_pct"]]
    out["why"] = [why(_none_for_nan(r)) for r in card.to_dict("records")]
    return out


# --- Tables ----------------------------------------------------------------------------------------


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """The ledger as a reader wants it: quote, what, period, printed value, qualifier, conversion link."""
    rows = []
    for _, raw in claims.iterrows():
        c = _none_for_nan(raw.to_dict())
        period = c["period_as_stated"] or ""
        if c["period_start"] and c["period_end"]:
            period = f"{period} → {c['period_start']}..{c['period_end']} ({c['period_basis']})".strip()
        printed = value(c["amount"], c["currency"], exact=True)
        if c["amount_high"] is not None:
            printed += f" to {value(c['amount_high'], c['currency'], exact=True)}"
        rows.append(
            {
                "claim": c["claim_id"],
                "quote": c["quote"],
                "entity": c["entity"],
                "metric": c["metric"],
                "period": period,
                "printed": printed,
                "qualifier": QUALIFIER_LABELS[c["qualifier"]],
                "converts": c["converts_claim_id"] or "",
                "attribution": c["attribution"] or "",
            }
        )
    return pd.DataFrame(rows)


def audit_table(audit: pd.DataFrame) -> pd.DataFrame:
    """The implied-rate audit for reading: printed figure, implied rate, rounding band, ECB rate, verdict."""
    rows = []
    for _, a in audit.iterrows():
        rows.append(
            {
                "claim": a["claim_id"],
                "article": a["article_id"],
                "printed": f"{money(a['source_amount'], a['source_currency'], True)} → "
                f"{money(a['printed'], a['printed_currency'], True)}",
                "implied rate": f"{_round(a['implied_rate'], 2)} {a['printed_currency']} per {a['source_currency']}",
                "rates that round to the print": f"{_round(a['rounding_band_low'], 2)} to {_round(a['rounding_band_high'], 2)}",
                "ECB on article date": f"{_round(a['ecb_rate'], 2)} ({a['ecb_as_of']})",
                "implied vs ECB": pct(a["deviation_pct"]),
                "ECB days that explain it": a["explaining_dates"] or "none in the window",
            }
        )
    return pd.DataFrame(rows).set_index("claim")


def article_rates_view(table: pd.DataFrame) -> pd.DataFrame:
    """capexlib.topics.rates.article_rate_table for reading: the rate with two decimals."""
    return table["implied_rate"].map(lambda r: f"{r:.2f}").to_frame("implied rate")


# --- Hindsight (notebook 06, hindsight.csv) --------------------------------------------------------


def aged_why(row: dict[str, Any]) -> str:
    """One sentence for a hindsight check: what the claim is set against, then the outcome and the gap."""
    note = row["note"].rstrip(".") + "."
    if row["verdict"] == UNCHECKABLE:
        return note
    via = f" at {rate_text(row['rate'])}" if row.get("rate") is not None else ""
    gap = pct(row["deviation_pct"]) if row["deviation_pct"] is not None else "n/a"
    flag = " One input comes from an unconfirmed source." if row.get("unconfirmed_input") else ""
    return f"{note} Outcome: {value(row['computed'], row['unit'])}{via}; the printed figure is {gap} off it.{flag}"


def hindsight_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Evaluated hindsight checks for reading: quote, printed, outcome, deviation, verdict, why."""
    rows = []
    for _, raw in frame.iterrows():
        r = _none_for_nan(raw.to_dict())
        rows.append(
            {
                "check": r["check_id"],
                "article": r["article_id"],
                "quote": r["quote"],
                "printed": (QUALIFIER_LABELS[r["qualifier"]] + " " if r["qualifier"] else "")
                + value(r["stated"], r["unit"], exact=True),
                "outcome": value(r["computed"], r["unit"]),
                "deviation": pct(r["deviation_pct"]),
                "verdict": r["verdict"] + (" (alternative reading)" if r["role"] == "alternative" else ""),
                "reason": r.get("reason_kind") or "",
                "judged against": r["judged_against"],
                "why": aged_why(r),
            }
        )
    return pd.DataFrame(rows)


def basis_text(key: str | None) -> str:
    """A capex basis key in words ('including finance leases'); empty for none."""
    if key is None:
        return ""
    return BASIS_WORDS.get(key, key)


def stated_on_text(day: Any, precision: str | None) -> str:
    """When a figure was given: '2026-02-04', or 'Oct 2025' when the source gives only the month."""
    if day is None:
        return ""
    return day.strftime("%b %Y") if precision == "month" else day.isoformat()


def money_range(low: Decimal | None, high: Decimal | None, currency: str) -> str:
    """'$91.0B to $93.0B' (English style, compact) for a range; one amount when there is no high end."""
    if low is None:
        return ""
    first = format_amount(low, currency, "en")
    return first if high is None or high == low else f"{first} to {format_amount(high, currency, 'en')}"


def revisions_text(revisions: pd.DataFrame | None) -> str:
    """Each dated revision of a guidance: 'Jul 2025: $85.0B; Oct 2025: $91.0B to $93.0B'; 'none in the sources'."""
    if revisions is None:
        return ""
    if revisions.empty:
        return "none in the sources"
    parts = []
    for _, r in revisions.iterrows():
        row = _none_for_nan(r.to_dict())
        amount = money_range(row["value"], row["value_high"], row["unit"]) if row["value"] is not None else "(in words only)"
        flag = " (unconfirmed)" if row["confidence"] == "unconfirmed" else ""
        parts.append(f"{stated_on_text(row['stated_on'], row['stated_on_precision'])}: {amount}{flag}")
    return "; ".join(parts)


def printed_list(printed: pd.DataFrame) -> str:
    """The articles' printed figures: 'mt 1000억 달러; ja 이상 1000억 달러 ...' (article ids, qualifier words)."""
    return "; ".join(
        f"{r['article_id']} {(QUALIFIER_LABELS[r['qualifier']].split(' ')[0] + ' ') if r['qualifier'] else ''}"
        f"{format_amount(r['amount'], 'USD', 'ko')}"
        for r in (_none_for_nan(x) for x in printed.to_dict("records"))
    )


def period_text(row: dict[str, Any]) -> str:
    """'FY2025 (Jul 2024-Jun 2025) → 2024-07-01..2025-06-30': the period as stated, then as normalized."""
    stated = row.get("period_as_stated") or ""
    if row.get("period_start") and row.get("period_end"):
        return f"{stated} → {row['period_start']}..{row['period_end']}".strip()
    return stated


def outcome_value(row: dict[str, Any]) -> str:
    """An outcome's figure for reading: money in both styles (a range as 'low to high'), other units as written."""
    if row["value"] is None:
        return "(in words only)"
    qualifier = QUALIFIER_LABELS[row["qualifier"]] + " " if row.get("qualifier") else ""
    if is_money(row["unit"]):
        if row.get("value_high") is not None:
            return qualifier + money_range(row["value"], row["value_high"], row["unit"])
        return qualifier + money(row["value"], row["unit"])
    return qualifier + value(row["value"], row["unit"])


def outcomes_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The outcome rows for reading: what, period, when given, figure, basis, kind, confidence."""
    rows = []
    for raw in frame.to_dict("records"):
        r = _none_for_nan(raw)
        rows.append(
            {
                "outcome": r["outcome_id"],
                "entity": r["entity"],
                "metric": r["metric"],
                "kind": r["kind"],
                "period": period_text(r),
                "given": stated_on_text(r["stated_on"], r["stated_on_precision"]),
                "figure": outcome_value(r),
                "basis": basis_text(r["basis"]),
                "confidence": r["confidence"],
            }
        )
    return pd.DataFrame(rows).set_index("outcome")


def plan_vs_actual_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Plans against outcomes, one row per company and the total, for reading."""
    rows = []
    for raw in frame.to_dict("records"):
        r = _none_for_nan(raw)
        rows.append(
            {
                "company": r["entity"],
                "period": f"{r['period_start']}..{r['period_end']}",
                "printed (articles)": printed_list(r["printed"]),
                "guidance then": money_range(r["guidance_low_usd"], r["guidance_high_usd"], "USD"),
                "revised in the sources": revisions_text(r["revisions"]),
                "actual": money(r["actual_usd"], "USD"),
                "basis": basis_text(r["basis"]) if r["basis"] != "mixed" else "each company's basis, as above",
                "beside": ""
                if r["beside_usd"] is None
                else f"{money(r['beside_usd'], 'USD')} ({_beside_words(r['beside_basis'])})",
                "actual - plan": money(r["diff_usd"], "USD"),
                "in KRW": money(r["diff_krw"], "KRW"),
                "in %": pct(r["diff_pct"], 1),
            }
        )
    return pd.DataFrame(rows).set_index("company")


def _beside_words(key: str | None) -> str:
    return "calendar year" if key == "calendar" else basis_text(key)


def cross_check_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The collector's DERIVED sums against the same sums computed here from their parts."""
    return pd.DataFrame(
        [
            {
                "derived row": r["outcome_id"],
                "what": r["metric"],
                "computed here from its parts": money(r["computed"], r["unit"]),
                "the collector's figure": money(r["collector"], r["unit"]),
                "difference": money(r["difference"], r["unit"]),
                "the collector's note": r["collector_note"],
            }
            for r in frame.to_dict("records")
        ]
    ).set_index("derived row")


def growth_view(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "company": r["entity"],
                "basis (both years)": basis_text(r["basis"]) if r["basis"] != "mixed" else "",
                "year before": money(r["earlier_usd"], "USD"),
                "year of the plan": money(r["later_usd"], "USD"),
                "change": money(r["change_usd"], "USD"),
                "growth": pct(r["growth_pct"], 1),
                "rows": f"{r['earlier_ids']} → {r['later_ids']}".strip(" →"),
            }
            for r in frame.to_dict("records")
        ]
    ).set_index("company")


def bat_years_view(frame: pd.DataFrame, currency: str) -> pd.DataFrame:
    """H1 2024 against the twelve-month figures that exist; a missing figure says so."""
    missing = "not in these sources"
    rows = []
    for raw in frame.to_dict("records"):
        r = _none_for_nan(raw)
        rows.append(
            {
                "company": r["entity"],
                "first half": f"{money(r['half_cny'], currency, exact=True)} ({r['half_period']})",
                "twelve months": missing
                if r["year_cny"] is None
                else f"{money(r['year_cny'], currency, exact=True)} ({r['year_period']})",
                "year / half": "" if r["year_over_half"] is None else value(r["year_over_half"], "times"),
                "half annualized (run's factor)": money(r["half_annualized_cny"], currency),
                "annualized vs the year": pct(r["annualized_short_of_year_pct"], 1)
                if r["annualized_short_of_year_pct"] is not None
                else ("not the same period" if r["year_cny"] is not None else missing),
            }
        )
    return pd.DataFrame(rows).set_index("company")


def budget_view(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "source": r["source"],
                "period": r["period"],
                "given": "" if r["stated_on"] is None else r["stated_on"].isoformat(),
                "budget": money(r["budget_krw"], "KRW", exact=True) + (" (a supplementary step)" if r["step"] else ""),
                "the four's actual spending, share": ""
                if r["actual_share_pct"] is None
                else pct(r["actual_share_pct"], 1, signed=False),
            }
            for r in (_none_for_nan(x) for x in frame.to_dict("records"))
        ]
    ).set_index("source")


def aged_view(frame: pd.DataFrame) -> pd.DataFrame:
    """How each claim aged, beside its as-published verdict (the two never mixed: two columns)."""
    return pd.DataFrame(
        [
            {
                "claim": r["claim_id"],
                "article": r["article_id"],
                "quote": r["quote"],
                "printed": (QUALIFIER_LABELS[r["qualifier"]] + " " if r["qualifier"] else "")
                + value(r["stated"], r["unit"], exact=True),
                "as published (knowledge then)": r["as_published"],
                "how it aged (later outcomes)": r["aged"] + (f" ({r['reason_kind']})" if r["reason_kind"] else ""),
                "outcome": value(r["outcome"], r["unit"]),
            }
            for r in (_none_for_nan(x) for x in frame.to_dict("records"))
        ]
    ).set_index("claim")
