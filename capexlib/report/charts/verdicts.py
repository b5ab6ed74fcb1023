"""Notebook 05: the verdicts counted per article or per topic."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ..i18n import TOPIC_WORDS
from .base import CHECKS, Chart, source_note

VERDICT_COLOURS = {
    "holds": "#2a9d8f",
    "holds approximately": "#8ab17d",
    "does not hold": "#e76f51",
    "cannot be checked from these sources": "#bbbbbb",
}


def _labels(counts: pd.DataFrame) -> list[str]:
    """The rows' labels in words: a topic key becomes its words ('rates' -> 'won conversions')."""
    return [TOPIC_WORDS.get(str(i), str(i)) if counts.index.name == "topic" else str(i) for i in counts.index]


def verdict_bars_alt(counts: pd.DataFrame, per: str) -> str:
    """Per article or topic, its claims counted by verdict."""
    parts = []
    for label, (_, row) in zip(_labels(counts), counts.iterrows(), strict=True):
        shown = ", ".join(f"{verdict} {int(n)}" for verdict, n in row.items() if int(n))
        parts.append(f"{label}: {shown}")
    return f"Stacked bars, one per {per}, counting its claims by primary verdict: " + "; ".join(parts) + "."


def verdict_bars(counts: pd.DataFrame, title: str, per: str) -> Chart:
    """Stacked horizontal bars: verdict counts per row of `counts` (capexlib.core.checks.verdict_counts by
    article or topic; `per` names what a row is). The legend goes beside the plot, where it cannot cover a bar."""
    labels = _labels(counts)
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.45 * len(counts) + 1.2)))
    left = [0] * len(counts)
    for verdict in counts.columns:
        widths = [int(v) for v in counts[verdict]]
        ax.barh(labels, widths, left=left, color=VERDICT_COLOURS.get(verdict, "#777777"), label=verdict)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.invert_yaxis()
    ax.set_xlim(0, max(left) * 1.05 if max(left, default=0) else 1)
    ax.set_xlabel("claims (primary verdict of each)")
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    source_note(fig, "Source: this series' checks of the articles' figures against the cited filings and reports")
    table = counts.copy()
    table.insert(0, per, labels)
    if counts.index.name == "topic":
        table.insert(1, "topic_key", [str(i) for i in counts.index])
    return Chart(fig, verdict_bars_alt(counts, per), title, table, [CHECKS])
