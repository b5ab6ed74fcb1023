"""The scorecard: every verdict of the series in one table, each check beside its article and claim.

The rows are data (exact values, the Rate used, the verdict); `capexlib.report.exports` writes them as
scorecard.csv and schema.org ClaimReview JSON-LD, and `capexlib.report.present` for reading.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..core.ledger import Ledger


def _none_for_nan(value: Any) -> Any:
    return None if isinstance(value, float) and value != value else value


def scorecard(ledger: Ledger, verdicts: pd.DataFrame) -> pd.DataFrame:
    """Every check with its article (outlet, date), claim, printed and computed values and verdict."""
    articles = ledger.records("articles")
    rows = []
    for raw in verdicts.to_dict("records"):
        r = {k: _none_for_nan(v) for k, v in raw.items()}
        art = articles[r["article_id"]]
        rows.append(
            {
                "check_id": r["check_id"],
                "role": r["role"],
                "topic": r["topic"],
                "article_id": r["article_id"],
                "outlet": art["outlet"],
                "published": art["published"],
                "claim_id": r["claim_id"],
                "quote": r["quote"],
                "entity": r["entity"],
                "metric": r["metric"],
                "stated": r["stated"],
                "unit": r["unit"],
                "qualifier": r["qualifier"],
                "computed": r["computed"],
                "deviation_pct": r["deviation_pct"],
                "tolerance_pct": r["tolerance_pct"],
                "rate": r["rate"],
                "verdict": r["verdict"],
                "note": r["note"],
                "unconfirmed_input": r["unconfirmed_input"],
            }
        )
    return pd.DataFrame(rows, dtype=object)
