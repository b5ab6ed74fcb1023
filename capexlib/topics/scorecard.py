"""The scorecard: every verdict of the series in one table, each check beside its article and claim.

The rows are data (exact values, the Rate used, the verdict); `capexlib.report.exports` writes them as
scorecard.csv and schema.org ClaimReview JSON-LD, and `capexlib.report.present` for reading.
"""

from __future__ import annotations

import pandas as pd

from ..core.ledger import Ledger
from .rows import without_nan


def scorecard(ledger: Ledger, verdicts: pd.DataFrame) -> pd.DataFrame:
    """Every evaluated check (all columns of `capexlib.core.checks.evaluate_checks`: printed and computed
    values, percent off, bound, verdict, reason kind) with its article's outlet and date."""
    articles = ledger.records("articles")
    rows = []
    for raw in verdicts.to_dict("records"):
        r = without_nan(raw)
        art = articles[r["article_id"]]
        rows.append({**r, "outlet": art["outlet"], "published": art["published"]})
    return pd.DataFrame(rows, dtype=object)
