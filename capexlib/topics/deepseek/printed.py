"""The cost figure as each article prints it: the model it is attributed to, its won conversion, and why the
printed won figures differ (the rate each article used, and the dollar figure it rounded)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from ...core.conversions import printed_conversion, rate_for_article
from ...core.fx import FxScenario
from ...core.ledger import Ledger
from ...core.numbers import CTX
from ..rates import implied_rate_audit
from .report import COST_METRIC


def _cost_claims(ledger: Ledger) -> list[dict[str, Any]]:
    return [
        c
        for c in ledger.records("claims").values()
        if c["entity"].startswith("DeepSeek") and c["metric"] == COST_METRIC and c["currency"] == "USD"
    ]


def cost_claims(ledger: Ledger, fx: FxScenario) -> pd.DataFrame:
    """Each printed training-cost figure: article, model it is attributed to, USD, printed KRW, KRW at the run's rate."""
    rows = []
    for c in _cost_claims(ledger):
        k = printed_conversion(ledger, c)
        rate = rate_for_article(ledger, fx, c["article_id"], "USD", "KRW")
        rows.append(
            {
                "claim_id": c["claim_id"],
                "article_id": c["article_id"],
                "published": ledger.article_date(c["article_id"]),
                "model": c["entity"],
                "quote": c["quote"],
                "usd": c["amount"],
                "attribution": c["attribution"] or "",
                "note": c["note"] or "",
                "printed_krw": k["amount"] if k else None,
                "printed_krw_claim": k["claim_id"] if k else None,
                "printed_krw_qualifier": k["qualifier"] if k else None,
                "krw_at_run_rate": CTX.multiply(c["amount"], rate.rate),
                "rate": rate,
            }
        )
    return pd.DataFrame(rows, dtype=object)


def krw_audit(ledger: Ledger, tolerance_pct: Decimal | float = Decimal("0.5"), window_days: int = 7) -> pd.DataFrame:
    """The implied-rate audit rows of the printed KRW conversions of the cost figures."""
    audit = implied_rate_audit(ledger, tolerance_pct, window_days)
    ids = {c["claim_id"] for c in _cost_claims(ledger)}
    claims = ledger.records("claims")
    return audit[[claims[cid]["converts_claim_id"] in ids for cid in audit["claim_id"]]]


def krw_comparison(ledger: Ledger) -> pd.DataFrame:
    """Every printed KRW figure of the cost (one row per article that prints one), each against the lowest:
    KRW - KRW_low = (USD - USD_low) x rate_low + USD x (rate - rate_low), each rate the article's own
    implied one (which reproduces its print exactly)."""
    audit = krw_audit(ledger).sort_values(["printed", "claim_id"])
    if audit.empty:
        raise ValueError("no printed KRW conversion of a DeepSeek cost figure in the ledger")
    low = audit.iloc[0]
    rows = []
    for _, a in audit.iterrows():
        from_usd = CTX.multiply(CTX.subtract(a["source_amount"], low["source_amount"]), low["implied_rate"])
        from_rate = CTX.multiply(a["source_amount"], CTX.subtract(a["implied_rate"], low["implied_rate"]))
        rows.append(
            {
                "claim_id": a["claim_id"],
                "article_id": a["article_id"],
                "usd": a["source_amount"],
                "implied_rate": a["implied_rate"],
                "printed_krw": a["printed"],
                "gap_krw": CTX.subtract(a["printed"], low["printed"]),
                "from_usd_krw": from_usd,
                "from_rate_krw": from_rate,
                "against": low["claim_id"],
            }
        )
    return pd.DataFrame(rows, dtype=object)
