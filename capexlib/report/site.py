"""The reader's view of one run: each executed notebook as a self-contained HTML page, plus index.html.

Pages are rendered with nbconvert's HTMLExporter on the 'lab' template with the code hidden
(`exclude_input`) and images embedded, through our child template (templates/capex_reader.html.j2):

- no remote scripts: the stock template would load require.js, MathJax and mermaid from a CDN. The
  pages must open offline and load nothing from elsewhere, so those blocks are emptied (LaTeX in
  markdown then shows as its source text), and JavaScript/widget outputs are replaced by a note.
- alt text: a chart's alt text becomes the image's alt attribute; the stock template would write
  "No description has been provided".
- sanitized HTML: markdown cells and HTML outputs go through capexlib.report.sanitize (nh3), so a
  hostile string in the data (`<script>...`) shows as text.

index.html comes from templates/index.html.j2 with autoescape on. Everything here is deterministic:
the same notebook gives the same bytes (no timestamps, no uuids).
"""

from __future__ import annotations

import base64
import os
import re
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
import nbformat
import pandas as pd
from nbconvert import HTMLExporter

from ..core.checks import verdict_counts
from . import fonts
from .present import readable
from .sanitize import clean_html

TEMPLATES = Path(__file__).resolve().parent / "templates"
PAGE_TEMPLATE = "capex_reader.html.j2"
INDEX_TEMPLATE = "scenario_index.html.j2"  # not index.html.j2: that name is nbconvert's lab template

_REMOTE_SRC = re.compile(r"""<(?:script|link|iframe|img)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


_EXPORTER: HTMLExporter | None = None
# One exporter for the process, used by one thread at a time: loading the template costs ~0.4 s,
# and rendering is pure Python (the GIL would serialize parallel renders anyway).
_EXPORTER_LOCK = threading.Lock()


def _exporter() -> HTMLExporter:
    global _EXPORTER
    if _EXPORTER is None:
        _EXPORTER = HTMLExporter(
            template_name="lab",
            template_file=PAGE_TEMPLATE,
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
            embed_images=True,
            sanitize_html=True,
            extra_loaders=[jinja2.FileSystemLoader(str(TEMPLATES))],
            filters={"clean_html": clean_html},
        )
    return _EXPORTER


def remote_references(page: str) -> list[str]:
    """Tags in `page` that would load a script, stylesheet, frame or image from another host."""
    found: list[str] = _REMOTE_SRC.findall(page)
    return found


def notebook_html(nb: Any) -> str:
    """One executed notebook as a self-contained HTML page (code hidden)."""
    with _EXPORTER_LOCK:
        body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": _title(nb)}})
    found = remote_references(body)
    if found:  # the template changed under us: refuse to write a page that loads remote code
        raise ValueError(f"rendered page would load remote resources: {found[:3]}")
    page: str = body
    return page


def _title(nb: Any) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return str(line[2:].strip())
    return "capex notebook"


def render_notebook(nb: Any, out_path: str | os.PathLike[str]) -> Path:
    """Write `nb` (a notebook node or a path to one) as HTML to `out_path`."""
    if not hasattr(nb, "cells"):
        nb = nbformat.read(str(nb), as_version=4)
    out_path = Path(out_path)
    out_path.write_text(notebook_html(nb), encoding="utf-8")
    return out_path


# --------------------------------------------------------------------------------------------
# index.html
# --------------------------------------------------------------------------------------------

_INDEX_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, keep_trailing_newline=True)


def verdict_counts_from(scenario_dir: Path, verdicts_csv: str | os.PathLike[str] | None) -> pd.DataFrame | None:
    """Verdict counts from scorecard.csv in the scenario folder if present, else from the verdicts table."""
    source: Path | None = scenario_dir / "scorecard.csv"
    if source is None or not source.is_file():
        source = Path(verdicts_csv) if verdicts_csv else None
    if source is None or not source.is_file():
        return None
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    if not {"role", "verdict"} <= set(frame.columns):
        return None
    return verdict_counts(frame)


def render_index(
    scenario_dir: str | os.PathLike[str],
    params: Mapping[str, object],
    headline_df: pd.DataFrame | None,
    verdicts_csv_path: str | os.PathLike[str] | None,
    *,
    given: Mapping[str, object] | None = None,
    scenario: str | None = None,
    meanings: Mapping[str, str] | None = None,
    rates: str = "",
) -> Path:
    """Write index.html: parameters (with their meanings), the rates used (a sentence), headline figures,
    verdict counts, links to pages."""
    scenario_dir = Path(scenario_dir)
    given = given or {}
    names = sorted(params)
    meanings = meanings or {}
    counts = verdict_counts_from(scenario_dir, verdicts_csv_path)
    headline = None
    if headline_df is not None and not headline_df.empty:
        headline = [
            [r.get("label"), readable(r.get("value"), r.get("unit")), r.get("unit")] for r in headline_df.to_dict("records")
        ]
    text = _INDEX_ENV.get_template(INDEX_TEMPLATE).render(
        title=f"capex scenario: {scenario or scenario_dir.name}",
        given=bool(given),
        parameters=[[name, repr(params[name]), meanings.get(name, "(declared by a notebook)")] for name in names],
        parameter_classes=["given" if name in given else "" for name in names],
        rates=rates,
        headline=headline,
        verdicts=None if counts is None else [[v, int(n)] for v, n in zip(counts.index, counts.iloc[:, 0], strict=True)],
        pages=[p for p in sorted(scenario_dir.glob("*.html")) if p.name != "index.html"],
    )
    out = scenario_dir / "index.html"
    out.write_text(text, encoding="utf-8")
    return out


# --------------------------------------------------------------------------------------------
# Hangul everywhere: the install's NanumGothic, subset and embedded
# --------------------------------------------------------------------------------------------

FONT_FAMILY = "capex-hangul"
_FALLBACK_STACK = f'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif, "{FONT_FAMILY}"'


def embed_font(scenario_dir: str | os.PathLike[str]) -> None:
    """Give every page in `scenario_dir` an embedded subset of NanumGothic covering all its non-ASCII text.

    The font comes last in each font stack, so Latin text keeps the reader's usual font and only the
    characters no earlier font has (Hangul on a machine without Korean fonts) fall back to it.
    """
    pages = sorted(Path(scenario_dir).glob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    chars = {c for text in texts.values() for c in text if ord(c) > 127}
    if not chars:
        return
    data = base64.b64encode(fonts.subset(chars)).decode("ascii")
    style = (
        f'<style>@font-face {{ font-family: "{FONT_FAMILY}"; src: url(data:font/ttf;base64,{data}) format("truetype");'
        " font-display: block; }\n"
        f":root {{ --jp-content-font-family: {_FALLBACK_STACK}; --jp-ui-font-family: {_FALLBACK_STACK};"
        f' --jp-code-font-family: "Source Code Pro", Menlo, Consolas, monospace, "{FONT_FAMILY}"; }}\n'
        f"body {{ font-family: {_FALLBACK_STACK}; }}</style>"
    )
    for page, text in texts.items():
        head_end = text.find("</head>")
        if head_end < 0:
            continue
        page.write_text(text[:head_end] + style + text[head_end:], encoding="utf-8")
