"""What the site needs from the executed notebooks, read as notebook data (JSON), never from a page:

- each notebook's title (its first '# ' heading),
- the checks and claims each verdict table shows (the output metadata of capexlib.report.verdict_frame),
  with the cell that shows them, so a claim card can link to its check in its notebook;
- each chart (capexlib.report.charts.Chart): its number on the page, title, sources and data (CSV).

The page renderer (capexlib.report.render) and the site (capexlib.report.site) number the charts with the
same function, `chart_outputs`, so a chart's slot on the page and its data file always agree.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import prose
from .i18n import DEFAULT_LANGUAGE
from .verdict_frame import METADATA_KEY

CHART_CSV = "text/csv"  # the mime type of a chart's data in its output (capexlib.report.charts.CHART_CSV)
CHART_KEY = "capexlib/chart"  # a chart's output metadata: title, sources, panels
DEVELOPER_TAG = "developer"  # a cell for developers (JSON-LD, command lines): kept in the notebook, not on the site


@dataclass(frozen=True)
class ChartFacts:
    number: int  # 1, 2, ... in page order
    title: str
    sources: tuple[str, ...]  # source keys: ref:ID, out:ID, check:ID, article:ID, ecb, checks
    csv: str  # the data the chart draws

    def csv_name(self, stem: str) -> str:
        return f"{stem}.chart-{self.number}.csv"


@dataclass(frozen=True)
class Shown:
    """A check shown in a verdict table: where, and for which claim."""

    check_id: str
    claim_id: str
    cell_id: str  # the notebook cell holding the table (its page anchor is `cell-id=<cell_id>`)


@dataclass(frozen=True)
class NotebookFacts:
    stem: str  # '02_change_2024_2025'
    title: str
    shown: tuple[Shown, ...]
    charts: tuple[ChartFacts, ...]

    @property
    def page(self) -> str:
        return f"{self.stem}.html"


def title(nb: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE, stem: str = "") -> str:
    """The notebook's first '# ' heading, in `lang` (`stem`: the notebook's name, for its prose catalogue)."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            text = text_of(cell.get("source", ""))
            if lang != DEFAULT_LANGUAGE:
                text = prose.translate(text, stem, lang)
            for line in text.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "capex notebook"


def text_of(value: object) -> str:
    """A cell's source (or an output's text) as one string, whether stored as a list of lines or not."""
    return "".join(value) if isinstance(value, list) else str(value)


def site_cells(nb: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The cells a reader's page shows: all but those tagged DEVELOPER_TAG."""
    for cell in nb.get("cells", []):
        if DEVELOPER_TAG not in cell.get("metadata", {}).get("tags", []):
            yield cell


def chart_outputs(nb: Mapping[str, Any]) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(number, output) of each chart with data on the reader's page, numbered from 1 in page order."""
    number = 0
    for cell in site_cells(nb):
        for output in cell.get("outputs", []):
            if CHART_CSV in output.get("data", {}):
                number += 1
                yield number, output


def facts(stem: str, nb: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> NotebookFacts:
    shown = []
    for cell in site_cells(nb):
        for output in cell.get("outputs", []):
            recorded = output.get("metadata", {}).get(METADATA_KEY)
            if not recorded:
                continue
            claims = _claims_of(recorded)
            shown += [
                Shown(check, claims[check], str(cell.get("id", ""))) for check in recorded.get("checks", []) if check in claims
            ]
    charts = []
    for number, output in chart_outputs(nb):
        meta = output.get("metadata", {}).get(CHART_KEY, {})
        charts.append(
            ChartFacts(number, str(meta.get("title", "")), tuple(meta.get("sources", [])), text_of(output["data"][CHART_CSV]))
        )
    return NotebookFacts(stem, title(nb, lang, stem), tuple(shown), tuple(charts))


def _claims_of(recorded: Mapping[str, Any]) -> dict[str, str]:
    """Check id -> claim id, from the parallel lists a verdict table records."""
    checks, claims = recorded.get("checks", []), recorded.get("claims", [])
    return {str(check): str(claim) for check, claim in zip(checks, claims, strict=False)}


def read(paths: Sequence[Path], lang: str = DEFAULT_LANGUAGE) -> list[NotebookFacts]:
    """The facts of each executed notebook, in series (file name) order, its title in `lang`."""
    return [facts(p.stem, json.loads(p.read_text(encoding="utf-8")), lang) for p in sorted(paths, key=lambda p: p.name)]


def homes(notebooks: Sequence[NotebookFacts]) -> dict[str, tuple[NotebookFacts, Shown]]:
    """Check id -> the first notebook (in series order) that shows it, and where: a topic's own page comes
    before the scorecard that lists every claim."""
    found: dict[str, tuple[NotebookFacts, Shown]] = {}
    for nb in notebooks:
        for shown in nb.shown:
            found.setdefault(shown.check_id, (nb, shown))
    return found
