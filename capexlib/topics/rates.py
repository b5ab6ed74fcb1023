"""The implied-rate audit: which exchange rate each printed conversion used.

For every claim that converts another (a KRW figure printed beside a USD, CNY or EUR amount) we
compute the rate the article implies, the band of rates that round to the printed figure (463조 is
any rate that gives 462.5조 to 463.5조), the ECB rate on the article's date, the deviation, and the
ECB publication days near that date whose rate explains the printed figure: a rate explains it when
it lies in the rounding band or within the tolerance of the implied rate. The audit flags the
conversions that no ECB rate within the window explains.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pandas as pd

from ..core.conversions import article_rates
from ..core.fx import FxError, Rate, implied_rate, rate
from ..core.ledger import Ledger
from ..core.numbers import CTX, percent_off, printed_unit, to_decimal


def _ecb_days(base: str, quote: str, around: dt.date, window_days: int) -> list[Rate]:
    """ECB rates published within `window_days` of `around` (each publication day once)."""
    seen, rates = set(), []
    for offset in range(-window_days, window_days + 1):
        try:
            r = rate(base, quote, around + dt.timedelta(days=offset))
        except FxError:
            continue
        if r.as_of not in seen and r.as_of is not None and abs((r.as_of - around).days) <= window_days:
            seen.add(r.as_of)
            rates.append(r)
    return rates


def _within(implied: Decimal, ecb: Decimal, tolerance_pct: Decimal) -> bool:
    off = percent_off(implied, ecb)
    return off is not None and abs(off) <= tolerance_pct


def implied_rate_audit(ledger: Ledger, tolerance_pct: Decimal | float = Decimal("0.5"), window_days: int = 7) -> pd.DataFrame:
    """One row per printed conversion: implied rate, ECB rate on the article date, and what explains it."""
    tolerance = to_decimal(tolerance_pct, "tolerance_pct")
    rows = []
    for row, source in ledger.conversions():
        base, quote = source["currency"], row["currency"]
        published = ledger.article_date(row["article_id"])
        implied = implied_rate(source["amount"], row["amount"])
        ecb = rate(base, quote, published)
        near = _ecb_days(base, quote, published, window_days)
        half = CTX.divide(printed_unit(row["amount"]), 2)
        band_low = CTX.divide(CTX.subtract(row["amount"], half), source["amount"])
        band_high = CTX.divide(CTX.add(row["amount"], half), source["amount"])
        explaining = [r for r in near if band_low <= r.rate <= band_high or _within(implied, r.rate, tolerance)]
        closest = min(near, key=lambda r: abs(implied - r.rate)) if near else None
        rows.append(
            {
                "claim_id": row["claim_id"],
                "article_id": row["article_id"],
                "published": published,
                "printed": row["amount"],
                "printed_currency": quote,
                "source_amount": source["amount"],
                "source_currency": base,
                "pair": f"{base}->{quote}",
                "implied_rate": implied,
                "rounding_band_low": band_low,
                "rounding_band_high": band_high,
                "ecb_rate": ecb.rate,
                "ecb_as_of": ecb.as_of,
                "deviation_pct": percent_off(implied, ecb.rate),
                "closest_ecb_rate": closest.rate if closest else None,
                "closest_ecb_date": closest.as_of if closest else None,
                "explaining_dates": ", ".join(r.as_of.isoformat() for r in explaining if r.as_of is not None),
                "explained": bool(explaining),
            }
        )
    frame = pd.DataFrame(rows, dtype=object)
    frame.index = frame["claim_id"].tolist()
    return frame


def article_rate_table(ledger: Ledger) -> pd.DataFrame:
    """The rate each article's own conversions imply, per currency pair (the median where several):
    the rates `fx_source=article` uses."""
    rows = [
        {"article_id": article, "pair": f"{base}->{quote}", "implied_rate": value}
        for article, pairs in sorted(article_rates(ledger).items())
        for (base, quote), value in sorted(pairs.items())
    ]
    return pd.DataFrame(rows, dtype=object).set_index(["article_id", "pair"])


def same_amount_conversions(ledger: Ledger) -> pd.DataFrame:
    """Conversions of the same printed amount and currency that different articles print differently."""
    groups: dict[tuple[Decimal, str, str], list[dict]] = {}
    for row, source in ledger.conversions():
        groups.setdefault((source["amount"], source["currency"], row["currency"]), []).append(row)
    rows = []
    for (amount, base, quote), members in groups.items():
        printed = {m["amount"] for m in members}
        if len({m["article_id"] for m in members}) < 2 or len(printed) < 2:
            continue
        for m in members:
            rows.append(
                {
                    "source_amount": amount,
                    "source_currency": base,
                    "claim_id": m["claim_id"],
                    "article_id": m["article_id"],
                    "published": ledger.article_date(m["article_id"]),
                    "printed": m["amount"],
                    "printed_currency": quote,
                    "implied_rate": implied_rate(amount, m["amount"]),
                }
            )
    return pd.DataFrame(rows, dtype=object)
