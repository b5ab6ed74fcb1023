"""The reader's view of one run: each executed notebook as a self-contained HTML page, plus index.html.

Pages are rendered with nbconvert's HTMLExporter on the 'lab' template with the code hidden
(`exclude_input`) and images embedded. Two things are changed from the stock template, and why:

- no remote scripts: the template would load require.js, MathJax and mermaid from a CDN. The pages
  must open offline and load nothing from elsewhere, so those blocks are emptied (LaTeX in markdown
  then shows as its source text), and JavaScript/widget outputs are replaced by a note.
- alt text: a chart's alt text (its output metadata, set by capexlib.charts.Chart) becomes the
  image's alt attribute; the stock template would write "No description has been provided".
- sanitized HTML: markdown cells and HTML outputs go through bleach with an allowlist wide enough
  for markdown and pandas tables, so a hostile string in the data (`<script>...`) shows as text.

Everything here is deterministic: the same notebook gives the same bytes (no timestamps, no uuids).
"""

from __future__ import annotations

import html
import os
import re
import threading
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Mapping

import bleach
import jinja2
import nbformat
import pandas as pd
from bleach.css_sanitizer import CSSSanitizer
from nbconvert import HTMLExporter

TEMPLATE_NAME = "capex_reader.html.j2"
# A child of the lab template: the blocks that pull remote scripts are emptied.
_TEMPLATE = """{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block data_javascript scoped -%}
<div class="jp-OutputArea-output">(script output not shown)</div>
{%- endblock data_javascript -%}
{%- block data_png scoped -%}
{%- set alt = output | get_metadata('alt', 'image/png') -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}"
{%- if alt %} alt="{{ alt | escape_html }}"{% endif %}>
</div>
{%- endblock data_png -%}
{%- block data_widget_view scoped -%}
<div class="jp-OutputArea-output">(interactive widget not shown)</div>
{%- endblock data_widget_view -%}
"""

_ALLOWED_TAGS = frozenset(bleach.ALLOWED_TAGS) | {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "div", "span", "pre", "code", "kbd", "samp",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "colgroup", "col",
    "img", "sub", "sup", "del", "s", "u", "mark", "small", "dl", "dt", "dd", "details", "summary",
    "figure", "figcaption", "style",  # <style>: pandas tables carry their own CSS; CSS cannot run scripts
}
_COMMON_ATTRIBUTES = {"class", "id", "title", "style", "align", "colspan", "rowspan", "border"}


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    """Which attributes survive: common layout ones; link targets; only embedded (data:) image sources.

    A remote image would make the page load something from elsewhere, so its src is dropped (the alt
    text stays); a data: URL is fine for an image but never for a link.
    """
    if name in _COMMON_ATTRIBUTES:
        return True
    if tag == "a":
        return name in {"title", "name"} or (name == "href" and not value.strip().lower().startswith("data:"))
    if tag == "img":
        return name in {"alt", "width", "height"} or (name == "src" and value.strip().lower().startswith("data:image/"))
    if tag == "style":
        return name in {"type", "scoped"}
    return False
_REMOTE_SRC = re.compile(r"""<(?:script|link|iframe|img)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def clean_html(element) -> str:
    """HTML from a notebook, with anything that could run script escaped (not silently dropped)."""
    text = element.decode() if isinstance(element, bytes) else str(element)
    return bleach.clean(
        text, tags=_ALLOWED_TAGS, attributes=_allowed_attribute,
        protocols={"http", "https", "mailto", "data"}, css_sanitizer=_CSS, strip=False,
    )


_CSS = CSSSanitizer()
_EXPORTER: HTMLExporter | None = None
# One exporter for the process, used by one thread at a time: loading the template costs ~0.4 s,
# and rendering is pure Python (the GIL would serialize parallel renders anyway).
_EXPORTER_LOCK = threading.Lock()


def _exporter() -> HTMLExporter:
    global _EXPORTER
    if _EXPORTER is None:
        _EXPORTER = HTMLExporter(
            template_name="lab", template_file=TEMPLATE_NAME, exclude_input=True, exclude_input_prompt=True,
            exclude_output_prompt=True, embed_images=True, sanitize_html=True,
            extra_loaders=[jinja2.DictLoader({TEMPLATE_NAME: _TEMPLATE})],
            filters={"clean_html": clean_html},
        )
    return _EXPORTER


def remote_references(page: str) -> list[str]:
    """Tags in `page` that would load a script, stylesheet, frame or image from another host."""
    return _REMOTE_SRC.findall(page)


def notebook_html(nb) -> str:
    """One executed notebook as a self-contained HTML page (code hidden)."""
    with _EXPORTER_LOCK:
        body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": _title(nb)}})
    found = remote_references(body)
    if found:  # the template changed under us: refuse to write a page that loads remote code
        raise ValueError(f"rendered page would load remote resources: {found[:3]}")
    return body


def _title(nb) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return "capex notebook"


def render_notebook(nb, out_path: str | os.PathLike) -> Path:
    """Write `nb` (a notebook node or a path to one) as HTML to `out_path`."""
    if not hasattr(nb, "cells"):
        nb = nbformat.read(str(nb), as_version=4)
    out_path = Path(out_path)
    out_path.write_text(notebook_html(nb), encoding="utf-8")
    return out_path


# --------------------------------------------------------------------------------------------
# index.html
# --------------------------------------------------------------------------------------------

_INDEX_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", "Noto Sans KR", sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #ccc; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.given td { font-weight: 600; }
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _table(header: list[str], rows: list[list[object]], numeric: set[int] = frozenset(), row_class=None) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{_e(row_class(i))}"' if row_class and row_class(i) else ""
        cells = "".join(f'<td class="num">{_e(v)}</td>' if j in numeric else f"<td>{_e(v)}</td>" for j, v in enumerate(row))
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _params_section(params: Mapping[str, object], given: Mapping[str, object]) -> str:
    from .params import PARAMETERS

    names = sorted(params)
    rows = [[name, repr(params[name]), PARAMETERS.get(name, (None, "(declared by a notebook)"))[1]] for name in names]
    table = _table(["parameter", "value", "meaning"], rows, row_class=lambda i: "given" if names[i] in given else "")
    note = "<p>Parameters set for this run are in bold; the others are defaults.</p>" if given else "<p>All parameters at their defaults.</p>"
    return f"<h2>Parameters</h2>{note}{table}"


def _rates_section(params: Mapping[str, object]) -> str:
    from .params import ParamError, fx_scenario

    try:
        sentence = fx_scenario(dict(params)).describe()
    except (ParamError, KeyError) as e:
        sentence = f"(not available: {e})"
    return f"<h2>Exchange rates</h2><p>Amounts are converted with {_e(sentence)}.</p>"


def _readable(value: object, unit: object) -> str:
    """A figure for reading ('463.1조 원 · ₩463.1T', '59'); the exact value is in headline.csv."""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return str(value)
    if not amount.is_finite():
        return str(value)
    from .ledger import ISO_CURRENCIES
    from .present import money

    if unit in ISO_CURRENCIES:
        return money(amount, str(unit))
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{amount.quantize(Decimal('0.001')).normalize():,f}"


def _headline_section(headline: pd.DataFrame | None) -> str:
    if headline is None or headline.empty:
        return "<h2>Headline figures</h2><p>No headline figures were produced for this run.</p>"
    rows = [[r.get("label"), _readable(r.get("value"), r.get("unit")), r.get("unit")] for r in headline.to_dict("records")]
    return "<h2>Headline figures</h2>" + _table(["figure", "value", "unit"], rows, numeric={1})


def verdict_counts_from(scenario_dir: Path, verdicts_csv: str | os.PathLike | None) -> pd.DataFrame | None:
    """Verdict counts from scorecard.csv in the scenario folder if present, else from the verdicts table."""
    source = scenario_dir / "scorecard.csv"
    if not source.is_file():
        source = Path(verdicts_csv) if verdicts_csv else None
    if source is None or not source.is_file():
        return None
    frame = pd.read_csv(source, dtype=str, keep_default_na=False)
    if not {"role", "verdict"} <= set(frame.columns):
        return None
    from .checks import verdict_counts

    return verdict_counts(frame)


def _verdict_section(counts: pd.DataFrame | None) -> str:
    if counts is None:
        return "<h2>Verdicts</h2><p>Verdicts are not available for this run.</p>"
    rows = [[verdict, int(n)] for verdict, n in zip(counts.index, counts.iloc[:, 0])]
    return "<h2>Verdicts (primary checks)</h2>" + _table(["verdict", "checks"], rows, numeric={1})


def _pages_section(scenario_dir: Path) -> str:
    items = "".join(
        f'<li><a href="{_e(page.name)}">{_e(page.stem)}</a></li>' for page in sorted(scenario_dir.glob("*.html")) if page.name != "index.html"
    )
    return f"<h2>Notebooks</h2><ul>{items}</ul>"


def render_index(scenario_dir: str | os.PathLike, params: Mapping[str, object], headline_df: pd.DataFrame | None,
                 verdicts_csv_path: str | os.PathLike | None, *, given: Mapping[str, object] | None = None,
                 scenario: str | None = None) -> Path:
    """Write index.html: parameters, the rates used, headline figures, verdict counts, links to pages."""
    scenario_dir = Path(scenario_dir)
    title = f"capex scenario: {scenario or scenario_dir.name}"
    parts = [
        "<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
        f"<title>{_e(title)}</title>", f"<style>{_INDEX_CSS}</style>", "</head>", "<body>",
        f"<h1>{_e(title)}</h1>",
        _params_section(params, given or {}),
        _rates_section(params),
        _headline_section(headline_df),
        _verdict_section(verdict_counts_from(scenario_dir, verdicts_csv_path)),
        _pages_section(scenario_dir),
        "</body>", "</html>",
    ]
    out = scenario_dir / "index.html"
    out.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return out


def render_site(scenario_dir: str | os.PathLike, params: Mapping[str, object], headline_df: pd.DataFrame | None,
                verdicts_csv_path: str | os.PathLike | None, *, given: Mapping[str, object] | None = None,
                scenario: str | None = None) -> Path:
    """Render every executed notebook in `scenario_dir` as `<stem>.html`, then index.html; returns index.html."""
    scenario_dir = Path(scenario_dir)
    for nb_path in sorted(scenario_dir.glob("*.ipynb")):
        render_notebook(nb_path, scenario_dir / f"{nb_path.stem}.html")
    index = render_index(scenario_dir, params, headline_df, verdicts_csv_path, given=given, scenario=scenario)
    embed_font(scenario_dir)
    return index


# --------------------------------------------------------------------------------------------
# Hangul everywhere: the install's NanumGothic, subset and embedded
# --------------------------------------------------------------------------------------------

FONT_FAMILY = "capex-hangul"
_FALLBACK_STACK = f'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif, "{FONT_FAMILY}"'


def font_subset(chars: set[str]) -> bytes:
    """NanumGothic (bundled with koreanize-matplotlib) cut down to `chars`, as TrueType bytes.

    A reader's machine may have no Korean font at all; the full font is 4.7 MB, the subset for a
    run's pages about 60 KB. Hinting and layout tables are dropped: precomposed Hangul needs neither.
    The output depends only on the font and the characters (no timestamps), so pages stay byte-stable.
    """
    import io
    import logging

    from fontTools import subset
    from fontTools.ttLib import TTFont

    from .charts import _font_dir

    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "DSIG", "GSUB", "GPOS", "kern"]
    options.name_IDs = [1, 2]
    options.notdef_outline = True
    font = TTFont(str(_font_dir() / "NanumGothic.ttf"), recalcTimestamp=False, lazy=True)
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # it reports each table it drops
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def embed_font(scenario_dir: str | os.PathLike) -> None:
    """Give every page in `scenario_dir` an embedded subset of NanumGothic covering all its non-ASCII text.

    The font comes last in each font stack, so Latin text keeps the reader's usual font and only the
    characters no earlier font has (Hangul on a machine without Korean fonts) fall back to it.
    """
    import base64

    pages = sorted(Path(scenario_dir).glob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    chars = {c for text in texts.values() for c in text if ord(c) > 127}
    if not chars:
        return
    data = base64.b64encode(font_subset(chars)).decode("ascii")
    style = (
        f'<style>@font-face {{ font-family: "{FONT_FAMILY}"; src: url(data:font/ttf;base64,{data}) format("truetype"); font-display: block; }}\n'
        f":root {{ --jp-content-font-family: {_FALLBACK_STACK}; --jp-ui-font-family: {_FALLBACK_STACK};"
        f' --jp-code-font-family: "Source Code Pro", Menlo, Consolas, monospace, "{FONT_FAMILY}"; }}\n'
        f"body {{ font-family: {_FALLBACK_STACK}; }}</style>"
    )
    for page, text in texts.items():
        head_end = text.find("</head>")
        if head_end < 0:
            continue
        page.write_text(text[:head_end] + style + text[head_end:], encoding="utf-8")
