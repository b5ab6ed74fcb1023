"""Notebook 05: the verdicts counted per article or per topic."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from ...core.checks import APPROX, FAILS, HOLDS, UNCHECKABLE
from ..i18n import Messages
from ..language import N_, _, current
from ..present import VERDICT_KEYS
from .base import CHECKS, Chart, source_note

VERDICT_COLOURS = {HOLDS: "#2a9d8f", APPROX: "#8ab17d", FAILS: "#e76f51", UNCHECKABLE: "#bbbbbb"}
TITLES = {"article": N_("기사별 판정 (Verdicts by article)"), "topic": N_("주제별 판정 (Verdicts by topic)")}
PER_WORDS = {"article": N_("article"), "topic": N_("topic")}


def _labels(counts: pd.DataFrame) -> list[str]:
    """The rows' labels in words: a topic key becomes its words ('rates' -> 'won conversions')."""
    words = Messages(current())
    return [words.topic(str(i)) if counts.index.name == "topic" else str(i) for i in counts.index]


def verdict_bars_alt(counts: pd.DataFrame, per: str) -> str:
    """Per article or topic, its claims counted by verdict."""
    words = Messages(current())
    parts = []
    for label, row in zip(_labels(counts), counts.to_dict("records"), strict=True):
        shown = ", ".join(f"{words.verdict(verdict)} {int(n)}" for verdict, n in row.items() if int(n))
        parts.append(f"{label}: {shown}")
    per_words = _(PER_WORDS[per]) if per in PER_WORDS else per
    return _("Stacked bars, one per %(per)s, counting its claims by primary verdict: %(parts)s.") % {
        "per": per_words,
        "parts": "; ".join(parts),
    }


def verdict_bars(counts: pd.DataFrame, title: str | None = None, per: str = "article") -> Chart:
    """Stacked horizontal bars: verdict counts per row of `counts` (capexlib.core.checks.verdict_counts by
    article or topic; `per` names what a row is; the title is the one for `per` unless given). The legend
    goes beside the plot, where it cannot cover a bar."""
    words = Messages(current())
    title = title or _(TITLES[per])
    labels = _labels(counts)
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.45 * len(counts) + 1.2)))
    left = [0] * len(counts)
    for verdict in counts.columns:
        widths = [int(v) for v in counts[verdict]]
        ax.barh(labels, widths, left=left, color=VERDICT_COLOURS.get(verdict, "#777777"), label=words.verdict(verdict))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.invert_yaxis()
    ax.set_xlim(0, max(left) * 1.05 if max(left, default=0) else 1)
    ax.set_xlabel(_("claims (primary verdict of each)"))
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    source_note(fig, _("Source: this series' checks of the articles' figures against the cited filings and reports"))
    table = counts.rename(columns=VERDICT_KEYS)
    table.insert(0, per, labels)
    if counts.index.name == "topic":
        table.insert(1, "topic_key", [str(i) for i in counts.index])
    return Chart(fig, verdict_bars_alt(counts, per), title, table, [CHECKS])
