"""The hindsight exports: hindsight.csv (every hindsight check, judged against later outcomes) and
hindsight_claimreview.jsonld (one schema.org ClaimReview per claim, its primary hindsight check), as text.

They stand beside the as-published scorecard.csv and claimreview.jsonld, which they never change: a
reader (or a fact-check aggregator) sees how a claim held when published and, separately, how it aged.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ..core.ledger import Ledger
from . import exports
from .csvsafe import csv_text
from .present import aged_why, decimal_text

HINDSIGHT_CSV = "hindsight.csv"
HINDSIGHT_JSONLD = "hindsight_claimreview.jsonld"
COLUMNS = (
    "check_id",
    "role",
    "topic",
    "claim_id",
    "article_id",
    "outlet",
    "published",
    "quote",
    "judged_against",
    "printed",
    "unit",
    "qualifier",
    "outcome",
    "deviation_pct",
    "rate",
    "verdict",
    "reason_kind",
    "why",
)


def hindsight_table(card: pd.DataFrame) -> pd.DataFrame:
    """hindsight.csv's rows: exact values as text, the rate and the reason in words."""
    rows = []
    for r in card.to_dict("records"):
        rows.append(
            {
                **exports.verdict_row_fields(r),
                "judged_against": r["judged_against"],
                "outcome": "" if r["computed"] is None else f"{r['computed']:f}",
                "deviation_pct": decimal_text(r["deviation_pct"], 2),
                "why": aged_why(r),
            }
        )
    return pd.DataFrame(rows, columns=list(COLUMNS))


def hindsight_csv(card: pd.DataFrame) -> str:
    return csv_text(hindsight_table(card))


def hindsight_reviews(ledger: Ledger, card: pd.DataFrame) -> list[dict[str, Any]]:
    """One ClaimReview per claim from its primary hindsight check; the review says it judges the claim
    against later outcomes and when those were gathered."""
    gathered = ledger.provenance["outcomes"]["date_accessed"]
    reviews = exports.claim_reviews(ledger, card)
    by_id = {r["check_id"]: r for r in card.to_dict("records")}
    for review in reviews:
        row = by_id[review["identifier"]]
        review["name"] = "How the claim aged"
        review["reviewBody"] = f"Judged against later outcomes (sources gathered by {gathered}): {aged_why(row)}"
    return reviews


def hindsight_exports(ledger: Ledger, card: pd.DataFrame) -> dict[str, str]:
    """{file name: text} for both hindsight exports."""
    return {HINDSIGHT_CSV: hindsight_csv(card), HINDSIGHT_JSONLD: exports.claimreview_jsonld(hindsight_reviews(ledger, card))}
