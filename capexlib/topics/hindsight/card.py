"""The "how it aged" table: each claim's as-published verdict beside how it aged, never merged."""

from __future__ import annotations

import pandas as pd

from ...core.ledger import Ledger
from ..scorecard import scorecard
from .outcomes import PRIMARY


def card(ledger: Ledger, hindsight: pd.DataFrame) -> pd.DataFrame:
    """The evaluated hindsight checks beside their article (outlet, date), like the scorecard, with what
    they were judged against and the reason kind."""
    frame = scorecard(ledger, hindsight)
    frame["judged_against"] = list(hindsight["judged_against"])
    frame["reason_kind"] = list(hindsight["reason_kind"])
    return frame


def aged(ledger: Ledger, published: pd.DataFrame, hindsight: pd.DataFrame) -> pd.DataFrame:
    """For every claim with a primary hindsight check: its as-published verdict and how it aged (an outcome
    label, never a verdict), side by side."""
    before = published[published["role"] == PRIMARY].set_index("claim_id")
    rows = []
    for r in hindsight[hindsight["role"] == PRIMARY].to_dict("records"):
        then = before.loc[r["claim_id"]]
        rows.append(
            {
                "claim_id": r["claim_id"],
                "article_id": r["article_id"],
                "quote": r["quote"],
                "stated": r["stated"],
                "stated_high": r["stated_high"],
                "printed_as": r["printed_as"],
                "unit": r["unit"],
                "qualifier": r["qualifier"],
                "as_published_check": then["check_id"],
                "as_published": then["verdict"],
                "hindsight_check": r["check_id"],
                "later": r["computed"],
                "change_pct": r["change_pct"],
                "rate": r["rate"],
                "outcome": r["outcome"],
                "confidence": r["confidence"],
                "reason_kind": r["reason_kind"],
                "note": r["note"],
                "computed": r["computed"],
                "unconfirmed_input": r["unconfirmed_input"],
            }
        )
    return pd.DataFrame(rows, dtype=object)
