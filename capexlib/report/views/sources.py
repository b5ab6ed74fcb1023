"""Notebook 00's views: the implied-rate audit's caption and one amount converted differently."""

from __future__ import annotations

import pandas as pd

from ..language import _, ngettext
from ..present import money, ordered, rate_number

# --- Notebook 00: sources and exchange rates ------------------------------------------------------------


def audit_caption(audit: pd.DataFrame, window_days: object) -> str:
    """Below the implied-rate audit (`rates.implied_rate_audit`): how many printed conversions no ECB rate
    within the window explains, and the title of the table of each article's own rates."""
    unexplained = int((~audit["explained"].astype(bool)).sum())
    first = ngettext(
        "%(num)d printed conversion; %(unexplained)d not explained by any ECB rate within %(days)s days.",
        "%(num)d printed conversions; %(unexplained)d not explained by any ECB rate within %(days)s days.",
        len(audit),
    ) % {"num": len(audit), "unexplained": unexplained, "days": window_days}
    return first + "\n" + _("Median implied rate per article and pair:")


def same_amount_view(same: pd.DataFrame) -> pd.DataFrame:
    """One amount converted differently by different articles (`rates.same_amount_conversions`)."""
    shown = same.assign(
        amount=[money(a, c, exact=True) for a, c in zip(same["source_amount"], same["source_currency"], strict=True)],
        printed_krw=[money(a, c, exact=True) for a, c in zip(same["printed"], same["printed_currency"], strict=True)],
        implied_rate=[rate_number(r) for r in same["implied_rate"]],
    )
    return ordered(shown, ["amount", "article_id", "published", "claim_id", "printed_krw", "implied_rate"])
