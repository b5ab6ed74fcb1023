"""Notebook 00's views: the implied-rate audit's caption and one amount converted differently."""

from __future__ import annotations

import pandas as pd

from ..present import (
    money,
    rate_number,
)

# --- Notebook 00: sources and exchange rates ------------------------------------------------------------


def audit_caption(audit: pd.DataFrame, window_days: object) -> str:
    """Below the implied-rate audit (`rates.implied_rate_audit`): how many printed conversions no ECB rate
    within the window explains, and the title of the table of each article's own rates."""
    unexplained = int((~audit["explained"].astype(bool)).sum())
    return (
        f"{len(audit)} printed conversions; {unexplained} not explained by any ECB rate within {window_days} days.\n"
        "Median implied rate per article and pair:"
    )


def same_amount_view(same: pd.DataFrame) -> pd.DataFrame:
    """One amount converted differently by different articles (`rates.same_amount_conversions`)."""
    return same.assign(
        amount=[money(a, c, exact=True) for a, c in zip(same["source_amount"], same["source_currency"], strict=True)],
        printed_krw=[money(a, c, exact=True) for a, c in zip(same["printed"], same["printed_currency"], strict=True)],
        implied_rate=[rate_number(r) for r in same["implied_rate"]],
    )[["amount", "article_id", "published", "claim_id", "printed_krw", "implied_rate"]]
