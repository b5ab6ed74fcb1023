"""One executed notebook as a self-contained HTML page, rendered as soon as the notebook has run.

Pages are rendered with nbconvert's HTMLExporter on the 'lab' template with the code hidden
(`exclude_input`) and images embedded, through our child template (templates/capex_reader.html.j2):

- no remote scripts: the template writes its own <head> (nbconvert's would load require.js, MathJax and
  mermaid from a CDN), so the pages open offline and load nothing from elsewhere (LaTeX in markdown then
  shows as its source text); JavaScript and widget outputs are replaced by a note;
- alt text: a chart's alt text becomes the image's alt attribute; a chart of panels side by side is
  shown panel by panel (a narrow screen stacks them);
- sanitized HTML: markdown cells and HTML outputs go through capexlib.report.sanitize (nh3), so a hostile
  string in the data (`<script>...`) shows as text; then URLs become links and amounts never break
  (capexlib.report.typography);
- developer cells (tagged `developer`: JSON-LD, command lines) stay in the notebook, off the page;
- the reader's language: in an edition other than English, each Markdown cell is shown with its paragraphs
  from the `notebooks` catalogue (capexlib.report.prose); the notebook itself stays the English source;
- places for what the site adds later (capexlib.report.slots): title, language, style, font, header,
  footer, and under each chart its sources and data link.

The same notebook gives the same bytes (no timestamps, no uuids).
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

import jinja2
import nbformat
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter
from nbformat import NotebookNode

from . import notebooks, prose
from .i18n import DEFAULT_LANGUAGE
from .sanitize import clean_html
from .templating import TEMPLATES
from .typography import reader_text

PAGE_TEMPLATE = "capex_reader.html.j2"
PAGE_KEY = "capexlib/page"  # set on a chart's output before rendering: its number on the page

_EXPORTER: HTMLExporter | None = None
# One exporter for the process, used by one thread at a time: loading the template costs ~0.4 s,
# and rendering is pure Python (the GIL would serialize parallel renders anyway).
_EXPORTER_LOCK = threading.Lock()


def _reader_html(element: object) -> str:
    return reader_text(clean_html(element))


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
            filters={"clean_html": _reader_html, "reader_text": reader_text},
        )
    return _EXPORTER


def for_the_page(nb: Any, lang: str = DEFAULT_LANGUAGE, stem: str = "") -> Any:
    """`nb` as its page shows it: without developer cells, each chart numbered, its prose in `lang` (`stem`:
    the notebook's name, the context of its prose in the catalogue). The given notebook is left as it is:
    only the cells and outputs that change are copied, shallowly; nbconvert copies the rest."""
    cells = []
    number = 0
    for cell in notebooks.site_cells(nb):
        if cell.get("cell_type") == "markdown" and lang != DEFAULT_LANGUAGE:
            cell = NotebookNode({**cell, "source": prose.translate(notebooks.text_of(cell.get("source", "")), stem, lang)})
        outputs = cell.get("outputs", [])
        if any(notebooks.CHART_CSV in o.get("data", {}) for o in outputs):
            numbered = []
            for output in outputs:
                if notebooks.CHART_CSV in output.get("data", {}):
                    number += 1
                    output = NotebookNode({**output, "metadata": {**output.get("metadata", {}), PAGE_KEY: {"chart": number}}})
                numbered.append(output)
            cell = NotebookNode({**cell, "outputs": numbered})
        cells.append(cell)
    return NotebookNode({**nb, "cells": cells})


def _html(nb: Any, resources: dict[str, Any]) -> str:
    """The page, as HTMLExporter.from_notebook_node renders it less its last step: that step parses the whole
    page again (with bs4) to add an alt text where an image has none and tabindex="0" to each output;
    our template writes both (every chart has its alt text), so the page is never read back (half the cost
    of rendering it)."""
    exporter = _exporter()
    language = nb.metadata.get("language_info", {})
    lexer = language.get("pygments_lexer", language.get("name"))
    resources = exporter._init_resources(resources)
    exporter.register_filter("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=exporter))
    data_types = WidgetsDataTypeFilter(notebook_metadata=exporter._nb_metadata, parent=exporter, resources=resources)
    exporter.register_filter("filter_data_type", data_types)
    page, _ = TemplateExporter.from_notebook_node(exporter, nb, resources)
    return str(page)


def notebook_html(nb: Any, lang: str = DEFAULT_LANGUAGE, stem: str = "") -> str:
    """One executed notebook as an HTML page with the site's places still open (code hidden), its prose in
    `lang` (`stem`: the notebook's name)."""
    shown = for_the_page(nb, lang, stem)
    with _EXPORTER_LOCK:
        return _html(shown, {"metadata": {"name": notebooks.title(shown)}})


def render_notebook(nb: Any, out_path: str | os.PathLike[str], lang: str = DEFAULT_LANGUAGE) -> Path:
    """Write `nb` (a notebook node, a notebook file's bytes, or a path to one) as HTML to `out_path` (named
    after the notebook: `02_change_2024_2025.html`), its prose in `lang`."""
    if isinstance(nb, bytes):
        nb = nbformat.reads(nb.decode("utf-8"), as_version=4)
    elif not hasattr(nb, "cells"):
        nb = nbformat.read(str(nb), as_version=4)
    out_path = Path(out_path)
    out_path.write_text(notebook_html(nb, lang, out_path.stem), encoding="utf-8")
    return out_path
