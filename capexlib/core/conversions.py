"""The articles' own conversions, and the one rate lookup every figure goes through.

An article that prints "3200억달러(약 463조원)" tells us the rate its writer used. `article_rates`
collects those implied rates per article and currency pair (the median where an article converts
the same pair several times), and `rate_for_article` hands them to the run's `FxScenario`, so that
`fx_source=article` means the same thing for a check, a total, a BAT figure and a headline figure.
`printed_conversion` finds the won figure an article prints beside an amount.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .fx import FxScenario, Rate, implied_rate
from .ledger import Ledger
from .numbers import median

Pair = tuple[str, str]


def article_rates(ledger: Ledger) -> dict[str, dict[Pair, Decimal]]:
    """Per article, the median rate its own printed conversions imply, per (base, quote) pair."""

    def build() -> dict[str, dict[Pair, Decimal]]:
        found: dict[str, dict[Pair, list[Decimal]]] = {}
        for row, source in ledger.conversions():
            pair = (source["currency"], row["currency"])
            found.setdefault(row["article_id"], {}).setdefault(pair, []).append(implied_rate(source["amount"], row["amount"]))
        return {article: {pair: median(values) for pair, values in pairs.items()} for article, pairs in found.items()}

    rates: dict[str, dict[Pair, Decimal]] = ledger.memo("article_rates", build)
    return rates


def rate_for_article(ledger: Ledger, fx: FxScenario, article_id: str, base: str, quote: str) -> Rate:
    """The run's rate for one article's figures: its date, and its own implied rates when asked for."""
    return fx.rate_for(base, quote, ledger.article_date(article_id), article_rates(ledger).get(article_id, {}))


def printed_conversion(ledger: Ledger, claim: dict[str, Any]) -> dict[str, Any] | None:
    """The converted figure an article prints for `claim` (e.g. its won value), or None.

    A figure printed once for two amounts ("각각 230억위안(약 4조3300억원)") is linked in the ledger
    to one of them; the other amount (same article, same quote, same value) shares it.
    """
    claims = ledger.records("claims")
    conversions = [row for row, _ in ledger.conversions()]
    direct = [k for k in conversions if k["converts_claim_id"] == claim["claim_id"]]
    if direct:
        return direct[0]
    shared = [
        k
        for k in conversions
        if k["article_id"] == claim["article_id"]
        and k["quote"] == claim["quote"]
        and claims[k["converts_claim_id"]]["amount"] == claim["amount"]
        and claims[k["converts_claim_id"]]["currency"] == claim["currency"]
    ]
    return shared[0] if shared else None
