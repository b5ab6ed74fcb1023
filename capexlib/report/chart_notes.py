"""What the site says under each chart: the sources it rests on, named and linked, and its data (CSV).

A chart lists its sources as keys (capexlib.report.charts.Chart): data row ids, `article:ID`, `check:ID`
(the rows that check used), `ecb` and `checks`. Here each becomes a link a reader can follow: a data row to
its entry on the Sources page (one link per document), an article to the Articles page, the ECB rates to
the ECB, the series' checks to the claims page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from .citations import ECB_URL, Article, Source
from .i18n import Messages
from .notebooks import ChartFacts

# The two source keys that are not data rows, as capexlib.report.charts.base names them (tests/test_fast_paths.py
# checks that they agree). Not imported from there: importing the charts loads matplotlib.pyplot, about
# 0.3 s of CPU in the process that builds the site, which draws no chart (its notebooks did).
ECB = "ecb"
CHECKS = "checks"


@dataclass(frozen=True)
class NoteLink:
    href: str
    text: str
    external: bool = False
    cited: bool = False  # the text is a document's own title, as published (never translated)


@dataclass(frozen=True)
class ChartNote:
    number: int
    title: str
    csv: str  # the data file's name
    sources: tuple[NoteLink, ...]


def _check_rows(verdicts: pd.DataFrame) -> dict[str, list[str]]:
    return {str(c): str(s or "").split() for c, s in zip(verdicts["check_id"], verdicts["sources"], strict=True)}


def links(
    keys: Sequence[str],
    sources: Mapping[str, Source],
    articles: Mapping[str, Article],
    check_rows: Mapping[str, list[str]],
    messages: Messages,
) -> tuple[NoteLink, ...]:
    """The keys as links, in order, one per document or article."""
    found: dict[str, NoteLink] = {}
    rows: list[str] = []
    for key in keys:
        kind, colon, rest = key.partition(":")
        if not colon and key in sources:
            rows.append(key)
        elif kind == "check":
            rows += check_rows.get(rest, [])
        elif kind == "article" and rest in articles:
            found.setdefault(key, NoteLink(f"articles.html#article-{rest}", articles[rest].outlet))
        elif key == ECB:
            found.setdefault(key, NoteLink(ECB_URL, messages.gettext("ECB euro reference rates"), external=True))
        elif key == CHECKS:
            found.setdefault(key, NoteLink("claims.html", messages.gettext("this series' checks of every claim")))
    documents: dict[tuple[str, str], NoteLink] = {}
    for row_id in rows:
        if row_id in sources:
            s = sources[row_id]
            documents.setdefault((s.publisher, s.document), NoteLink(f"sources.html#{s.anchor}", s.title, cited=True))
    return (*documents.values(), *found.values())


def notes(
    stem: str,
    charts: Sequence[ChartFacts],
    sources: Mapping[str, Source],
    articles: Mapping[str, Article],
    verdicts: pd.DataFrame,
    messages: Messages,
) -> list[ChartNote]:
    check_rows = _check_rows(verdicts)
    return [
        ChartNote(c.number, c.title, c.csv_name(stem), links(c.sources, sources, articles, check_rows, messages)) for c in charts
    ]
