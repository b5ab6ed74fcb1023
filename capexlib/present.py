"""Presentation: turn exact values into the strings a reader sees. Rounding happens here and only here.

Every table a notebook shows is built from these helpers, so the same figure is written the same way
everywhere: Korean style and English style side by side for money ("3200억 달러 · $320.0B"),
percentages with one decimal, rates with two decimals and their date.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import pandas as pd

from .checks import UNCHECKABLE
from .fx import Rate
from .ledger import ISO_CURRENCIES
from .money import format_amount

QUALIFIER_WORDS = {"approx": "약 (about)", "at_least": "이상 (at least)", "at_most": "최대 (at most)", None: ""}


def money(amount: Decimal | None, currency: str, exact: bool = False) -> str:
    """'3200억 달러 · $320.0B': Korean style (exact for printed figures, else compact), then English style."""
    if amount is None:
        return ""
    korean = format_amount(amount, currency, "ko" if exact else "ko_compact")
    return f"{korean} · {format_amount(amount, currency, 'en')}"


def value(amount: Decimal | None, unit: str, exact: bool = False) -> str:
    """Any claim or reference value in its own unit, rounded for reading (money exact if asked)."""
    if amount is None:
        return ""
    if unit in ISO_CURRENCIES:
        return money(amount, unit, exact)
    if unit == "percent":
        return f"{_round(amount, 1)}%"
    if unit == "ratio":
        return f"{_round(amount, 3)} (1/{_round(1 / amount, 1)})" if amount else "0"
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


def rate(r: Rate | None) -> str:
    return "" if r is None else r.describe()


def _round(amount: Decimal, places: int) -> Decimal:
    return amount.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP)


def why(row: dict) -> str:
    """One sentence: the basis of the check, then the arithmetic's result."""
    note = row["note"].rstrip(".") + "."
    if row["verdict"] == UNCHECKABLE:
        return note
    computed = value(row["computed"], row["unit"])
    gap = pct(row["deviation_pct"]) if row["deviation_pct"] is not None else "n/a"
    via = f" at {row['rate'].describe()}" if row.get("rate") is not None else ""
    flag = " One input comes from an unconfirmed source." if row.get("unconfirmed_input") else ""
    return f"{note} Computed {computed}{via}; the printed figure is {gap} off it.{flag}"


def verdict_table(verdicts: pd.DataFrame, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The reader's view of evaluated checks: quote, printed, computed, deviation, verdict, why."""
    rows = []
    for _, r in verdicts.iterrows():
        r = r.to_dict()
        r = {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}  # pandas NaN -> None
        rows.append({
            "check": r["check_id"],
            "article": r["article_id"],
            "quote": r["quote"],
            "printed": (QUALIFIER_WORDS[r["qualifier"]] + " " if r["qualifier"] else "") + value(r["stated"], r["unit"], exact=True),
            "computed": value(r["computed"], r["unit"]),
            "deviation": pct(r["deviation_pct"]),
            "verdict": r["verdict"] + (" (alternative reading)" if r["role"] == "alternative" else ""),
            "why": why(r),
        })
    frame = pd.DataFrame(rows)
    return frame[list(columns)] if columns else frame


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """The ledger as a reader wants it: quote, what, period, printed value, qualifier, conversion link."""
    rows = []
    for _, c in claims.iterrows():
        c = {k: (None if isinstance(v, float) and v != v else v) for k, v in c.to_dict().items()}
        period = c["period_as_stated"] or ""
        if c["period_start"] and c["period_end"]:
            period = f"{period} → {c['period_start']}..{c['period_end']} ({c['period_basis']})".strip()
        printed = value(c["amount"], c["currency"], exact=True)
        if c["amount_high"] is not None:
            printed += f" to {value(c['amount_high'], c['currency'], exact=True)}"
        rows.append({
            "claim": c["claim_id"],
            "quote": c["quote"],
            "entity": c["entity"],
            "metric": c["metric"],
            "period": period,
            "printed": printed,
            "qualifier": QUALIFIER_WORDS[c["qualifier"]],
            "converts": c["converts_claim_id"] or "",
            "attribution": c["attribution"] or "",
        })
    return pd.DataFrame(rows)


def audit_table(audit: pd.DataFrame) -> pd.DataFrame:
    """The implied-rate audit for reading: printed figure, implied rate, rounding band, ECB rate, verdict."""
    rows = []
    for _, a in audit.iterrows():
        rows.append({
            "claim": a["claim_id"],
            "article": a["article_id"],
            "printed": f"{money(a['source_amount'], a['source_currency'], True)} → {money(a['printed'], a['printed_currency'], True)}",
            "implied rate": f"{_round(a['implied_rate'], 2)} {a['printed_currency']} per {a['source_currency']}",
            "rates that round to the print": f"{_round(a['rounding_band_low'], 2)} to {_round(a['rounding_band_high'], 2)}",
            "ECB on article date": f"{_round(a['ecb_rate'], 2)} ({a['ecb_as_of']})",
            "implied vs ECB": pct(a["deviation_pct"]),
            "ECB days that explain it": a["explaining_dates"] or "none in the window",
        })
    return pd.DataFrame(rows).set_index("claim")
