"""The reader's view of one run: each executed notebook as a self-contained HTML page, plus index.html.

A run renders each page as soon as its notebook has run (`render_notebook`, nbconvert), then `build`
finishes the site from the run's data: claim anchors and verdict styles in each page, navigation, the
scenario banner and a box of the page's verdicts, chart data as CSV, index.html (findings first), and the
embedded Hangul font. The reader's words come from a message catalogue (capexlib.report.i18n).

Pages are rendered with nbconvert's HTMLExporter on the 'lab' template with the code hidden
(`exclude_input`) and images embedded, through our child template (templates/capex_reader.html.j2):

- no remote scripts: the stock template would load require.js, MathJax and mermaid from a CDN. The
  pages must open offline and load nothing from elsewhere, so those blocks are emptied (LaTeX in
  markdown then shows as its source text), and JavaScript/widget outputs are replaced by a note.
- alt text: a chart's alt text becomes the image's alt attribute; the stock template would write
  "No description has been provided".
- sanitized HTML: markdown cells and HTML outputs go through capexlib.report.sanitize (nh3), so a
  hostile string in the data (`<script>...`) shows as text.

index.html comes from templates/scenario_index.html.j2 with autoescape on. Everything here is
deterministic: the same notebook gives the same bytes (no timestamps, no uuids).
"""

from __future__ import annotations

import base64
import functools
import html
import os
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
import nbformat
import pandas as pd
from markupsafe import Markup, escape
from nbconvert import HTMLExporter

from ..core import checks
from ..core.checks import FAILS, UNCHECKABLE, VERDICTS
from ..core.fx import EcbFile
from ..core.ledger import Ledger
from . import compare, fonts, pages
from .differences import OTHER, RATES, TOLERANCE, VerdictChange, changed_parameters, verdict_changes
from .i18n import DEFAULT_LANGUAGE, N_, Messages
from .options import SiteOptions
from .present import pct, readable
from .sanitize import clean_html

FIXED_RATE_NAMES = ("krw_per_usd", "krw_per_cny", "krw_per_eur")

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
    """Write `nb` (a notebook node, a notebook file's bytes, or a path to one) as HTML to `out_path`."""
    if isinstance(nb, bytes):
        nb = nbformat.reads(nb.decode("utf-8"), as_version=4)
    elif not hasattr(nb, "cells"):
        nb = nbformat.read(str(nb), as_version=4)
    out_path = Path(out_path)
    out_path.write_text(notebook_html(nb), encoding="utf-8")
    return out_path


# --------------------------------------------------------------------------------------------
# The run's data, as the site needs it
# --------------------------------------------------------------------------------------------

NOTEBOOK_PAGE = re.compile(r"^\d\d_.*\.html$")
CHART_CSV = "text/csv"  # capexlib.report.charts.CHART_CSV (not imported: that would load matplotlib)
_REF = re.compile(r"(?:^|\s)-?ref:(\S+)")


@dataclass(frozen=True)
class SiteInputs:
    """Everything the site shows besides the rendered notebooks."""

    scenario: str
    values: Mapping[str, object]  # every parameter's value in this run
    defaults: Mapping[str, object]
    given: Mapping[str, object]  # the parameters set for this run
    meanings: Mapping[str, str]
    card: pd.DataFrame  # scorecard.csv's table (capexlib.report.exports.scorecard_table)
    verdicts: pd.DataFrame  # the evaluated checks (relation, operands)
    baseline: pd.DataFrame | None = None  # the evaluated checks under the default parameters
    sources: Mapping[str, list[str]] = field(default_factory=dict)  # check id -> reference URLs
    headline: pd.DataFrame | None = None
    options: SiteOptions = field(default_factory=SiteOptions)
    ecb_file: EcbFile | None = None  # a newer ECB history laid over the bundled one (--ecb-file)


def claim_anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


def row_anchors(card: pd.DataFrame) -> dict[str, str]:
    """Check id -> the id of its table row: `claim-<claim>` for a claim's primary check, else `check-<check>`."""
    return {
        r["check_id"]: claim_anchor(r["claim_id"]) if r["role"] == "primary" else f"check-{r['check_id']}"
        for r in card.to_dict("records")
    }


def reference_urls(ledger: Ledger, verdicts: pd.DataFrame) -> dict[str, list[str]]:
    """Check id -> the source URLs of the reference rows its operands name."""
    out: dict[str, list[str]] = {}
    refs = ledger.records("reference")
    for check_id, operands in zip(verdicts["check_id"], verdicts["operands"], strict=True):
        urls = [str(refs[ref]["source_url"]) for ref in _REF.findall(str(operands or "")) if ref in refs]
        out[check_id] = [u for u in dict.fromkeys(urls) if u]
    return out


def _notebook_html_outputs(nb: Any) -> str:
    return "\n".join(
        "".join(o["data"]["text/html"]) if isinstance(o["data"]["text/html"], list) else o["data"]["text/html"]
        for cell in nb.get("cells", [])
        for o in cell.get("outputs", [])
        if "text/html" in o.get("data", {})
    )


def claim_pages(notebooks: Sequence[Path], card: pd.DataFrame) -> dict[str, str]:
    """Claim id -> the page that shows its primary verdict: the first notebook (in series order) with the
    check in a verdict table, so a topic's own page comes before the scorecard that lists every claim."""
    primary = {r["check_id"]: r["claim_id"] for r in card.to_dict("records") if r["role"] == "primary"}
    homes: dict[str, str] = {}
    for path in sorted(notebooks, key=lambda p: p.name):
        nb = nbformat.read(str(path), as_version=4)
        for row in pages.verdict_rows(_notebook_html_outputs(nb)):
            claim = primary.get(row.key)
            if claim is not None:
                homes.setdefault(claim, f"{path.stem}.html")
    return homes


def claim_urls(homes: Mapping[str, str], site_url: str = "") -> dict[str, str]:
    """Claim id -> the address of its verdict row: `page.html#claim-<id>`, resolved against `site_url`."""
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    return {claim: urljoin(base, f"{page}#{claim_anchor(claim)}") for claim, page in sorted(homes.items())}


def chart_files(folder: Path) -> dict[str, list[tuple[str, str]]]:
    """Write each chart's data (its output's CSV) beside its page: {page: [(file name, chart title)]}."""
    found: dict[str, list[tuple[str, str]]] = {}
    for path in sorted(folder.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(str(path), as_version=4)
        charts = [
            (o["data"][CHART_CSV], o.get("metadata", {}).get("image/png", {}).get("title", ""))
            for cell in nb.cells
            for o in cell.get("outputs", [])
            if CHART_CSV in o.get("data", {})
        ]
        for k, (text, title) in enumerate(charts, start=1):
            name = f"{path.stem}.chart-{k}.csv"
            (folder / name).write_text(text if isinstance(text, str) else "".join(text), encoding="utf-8")
            found.setdefault(f"{path.stem}.html", []).append((name, str(title)))
    return found


# --------------------------------------------------------------------------------------------
# Words and views
# --------------------------------------------------------------------------------------------


@functools.cache
def _environment(lang: str) -> jinja2.Environment:
    """The site's templates with the messages of `lang` (one environment per language)."""
    messages = Messages(lang)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(messages.translations, newstyle=True)  # type: ignore[attr-defined]
    env.globals.update(
        verdict_class=lambda v: pages.VERDICT_CLASS.get(v, ""),
        verdict_word=messages.verdict,
        reason_word=messages.reason,
        outcome_word=messages.outcome,
        outcome_class=lambda o: OUTCOME_CLASS.get(o, "o-unknown"),
        confidence_word=messages.confidence,
    )
    env.filters["amounts"] = lambda text: Markup(pages.keep_amounts_whole(str(escape(text))))
    return env


def style() -> str:
    return (TEMPLATES / "site.css").read_text(encoding="utf-8")


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else repr(value) if isinstance(value, str) else str(value)


def _fixed_pairs(values: Mapping[str, object], messages: Messages) -> str:
    """'1380 KRW per USD' for each fixed rate of a scenario."""
    return ", ".join(
        messages.gettext("%(rate)s KRW per %(currency)s") % {"rate": _number(values[name]), "currency": name[-3:].upper()}
        for name in FIXED_RATE_NAMES
        if values.get(name)
    )


def rates_words(values: Mapping[str, object], messages: Messages, ecb_file: EcbFile | None = None) -> str:
    """The run's exchange rates in words (what FxScenario.describe says, in the site's language)."""
    source = values.get("fx_source")
    if source == "fixed":
        pairs = _fixed_pairs(values, messages)
        text = messages.gettext("fixed rates: %(rates)s (other pairs: ECB on the article date)") % {"rates": pairs}
    elif source == "article":
        text = messages.gettext("rates implied by each article's own conversions (else ECB on the article date)")
    elif values.get("fx_date"):
        text = messages.gettext("ECB reference rates of %(date)s") % {"date": values["fx_date"]}
    else:
        text = messages.gettext("ECB reference rates on each article's publication date")
    if ecb_file is not None:
        text += messages.gettext(
            " (ECB history from the file %(name)s, %(first)s to %(last)s, laid over the bundled history)"
        ) % {
            "name": ecb_file.name,
            "first": ecb_file.first.isoformat(),
            "last": ecb_file.last.isoformat(),
        }
    return text


def test_rates(values: Mapping[str, object], messages: Messages) -> str:
    """The rate a scenario tests conversions at, as a phrase: 'a fixed 1380 KRW per USD'."""
    source = values.get("fx_source")
    if source == "fixed":
        return messages.gettext("a fixed %(rates)s") % {"rates": _fixed_pairs(values, messages)}
    if source == "article":
        return messages.gettext("each article's own implied rate")
    if values.get("fx_date"):
        return messages.gettext("the ECB rate of %(date)s") % {"date": values["fx_date"]}
    return messages.gettext("the ECB rate of each article's date")


def _cause_texts(
    messages: Messages, changes: list[VerdictChange], values: Mapping[str, object], defaults: Mapping[str, object]
) -> list[dict[str, Any]]:
    """A sentence per cause of the changed verdicts: why they changed."""
    by_cause: dict[str, int] = {}
    for c in changes:
        by_cause[c.cause] = by_cause.get(c.cause, 0) + 1
    out = []
    for cause, n in sorted(by_cause.items()):
        if cause == RATES:
            text = messages.ngettext(
                "%(num)d conversion is tested at %(rates)s instead of the ECB rate of its article's date. The article "
                "converted at the rate of its day, so its verdict changes only because the test rate is not the rate "
                "of the day: that is not an error in the article.",
                "%(num)d conversions are tested at %(rates)s instead of the ECB rate of each article's date. The articles "
                "converted at the rate of their day, so these verdicts change only because the test rate is not the "
                "rate of the day: that is not an error in the articles.",
                n,
            ) % {"num": n, "rates": test_rates(values, messages)}
        elif cause == TOLERANCE:
            text = messages.ngettext(
                "%(num)d verdict moves with the tolerance: %(value)s%% instead of %(default)s%%.",
                "%(num)d verdicts move with the tolerance: %(value)s%% instead of %(default)s%%.",
                n,
            ) % {"num": n, "value": _number(values["tolerance_pct"]), "default": _number(defaults.get("tolerance_pct"))}
        elif cause == OTHER:
            text = messages.ngettext(
                "%(num)d verdict changed with the other parameters.", "%(num)d verdicts changed with the other parameters.", n
            ) % {"num": n}
        else:
            text = messages.ngettext(
                "%(num)d verdict depends on %(name)s = %(value)s (default %(default)s).",
                "%(num)d verdicts depend on %(name)s = %(value)s (default %(default)s).",
                n,
            ) % {"num": n, "name": cause, "value": _number(values.get(cause)), "default": _number(defaults.get(cause))}
        out.append({"cause": cause, "count": n, "text": text})
    return out


def _cause_word(cause: str, messages: Messages) -> str:
    if cause == RATES:
        return messages.gettext("the test's exchange rate, not an error in the article")
    if cause == TOLERANCE:
        return messages.gettext("the tolerance")
    if cause == OTHER:
        return messages.gettext("other parameters")
    return cause


@dataclass
class _Site:
    """What the templates need, computed once per build."""

    folder: Path
    inputs: SiteInputs
    messages: Messages
    homes: dict[str, str]
    titles: dict[str, str]  # page file -> the notebook's title
    primary: pd.DataFrame  # primary rows of the card, by claim id
    changes: list[VerdictChange]
    scenario: dict[str, Any]

    def href(self, claim_id: str) -> str:
        return f"{self.homes.get(claim_id, '')}#{claim_anchor(claim_id)}"

    def change_rows(self, only: set[str] | None = None) -> list[dict[str, Any]]:
        rows = []
        for c in self.changes:
            if only is not None and c.claim_id not in only:
                continue
            r = self.primary.loc[c.claim_id]
            rows.append(
                {
                    "href": self.href(c.claim_id),
                    "label": f"{r['outlet']}: {_short(r['quote'])}",
                    "before": c.before,
                    "after": c.after,
                    "cause": _cause_word(c.cause, self.messages),
                }
            )
        return rows


def _prepare(folder: Path, inputs: SiteInputs, homes: Mapping[str, str]) -> _Site:
    messages = Messages(inputs.options.lang)
    titles = {p.name: _page_title(p) for p in _pages(folder)}
    card = inputs.card
    primary = card[card["role"] == "primary"].drop_duplicates("claim_id").set_index("claim_id", drop=False)
    changes = (
        verdict_changes(inputs.verdicts, inputs.baseline, inputs.values, inputs.defaults) if inputs.baseline is not None else []
    )
    parameters = [
        {"name": p.name, "value": _number(p.value), "default": _number(p.default)}
        for p in changed_parameters(inputs.values, inputs.defaults)
    ]
    scenario = {
        "name": inputs.scenario,
        "parameters": parameters,
        "rates": rates_words(inputs.values, messages, inputs.ecb_file),
        "causes": _cause_texts(messages, changes, inputs.values, inputs.defaults),
    }
    return _Site(folder, inputs, messages, dict(homes), titles, primary, changes, scenario)


def _pages(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.html") if NOTEBOOK_PAGE.match(p.name))


def _page_title(page: Path) -> str:
    found = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.DOTALL)
    return html.unescape(found.group(1)).strip() if found else page.stem


def _counts(rows: pd.DataFrame) -> list[tuple[str, int]]:
    return [(v, int((rows["verdict"] == v).sum())) for v in VERDICTS]


def _site_title(site: _Site) -> str:
    return site.messages.gettext("Big Tech AI capital spending in Korean news: a fact-check")


def _full_title(site: _Site, title: str) -> str:
    return f"{title} · {site.inputs.scenario}"


# --------------------------------------------------------------------------------------------
# Pages
# --------------------------------------------------------------------------------------------


def _finish_page(site: _Site, page: Path, neighbours: dict[str, Any], charts: list[tuple[str, str]]) -> str:
    raw = page.read_text(encoding="utf-8")
    shown = [row.key for row in pages.verdict_rows(raw)]
    card = site.inputs.card
    on_page = card[card["check_id"].isin(shown) & (card["role"] == "primary")].drop_duplicates("claim_id")
    body, _ = pages.mark_verdict_tables(raw, row_anchors(card))
    body = pages.reader_text(body)
    label = site.messages.gettext("Data behind this chart (CSV)")
    body = pages.chart_links(body, [name for name, _ in charts], lambda _title: label)
    flagged = [
        {
            "anchor": claim_anchor(r["claim_id"]),
            "quote": _short(r["quote"]),
            "outlet": r["outlet"],
            "verdict": r["verdict"],
            "reason_kind": r.get("reason_kind", ""),
        }
        for r in on_page.to_dict("records")
        if r["verdict"] in (FAILS, UNCHECKABLE)
    ]
    box = {"rows": on_page.to_dict("records"), "counts": _counts(on_page), "flagged": flagged}
    chrome = _environment(site.inputs.options.lang).get_template("page_chrome.html.j2").module
    claims_here = set(on_page["claim_id"])
    header = chrome.header(neighbours, site.scenario, site.change_rows(claims_here), len(site.changes), box)  # type: ignore[attr-defined]
    footer = chrome.footer(neighbours)  # type: ignore[attr-defined]
    title = _full_title(site, site.titles[page.name])
    return pages.dress(body, pages.Chrome(title, site.inputs.options.lang, style(), str(header), str(footer)))


def _neighbours(site: _Site, names: list[str], i: int) -> dict[str, Any]:
    def link(j: int) -> dict[str, str] | None:
        return {"href": names[j], "title": site.titles[names[j]]} if 0 <= j < len(names) else None

    return {"prev": link(i - 1), "next": link(i + 1)}


# --------------------------------------------------------------------------------------------
# index.html
# --------------------------------------------------------------------------------------------

DOWNLOADS = {
    "headline.csv": N_("the headline figures, exact values with units"),
    "scorecard.csv": N_("every check: the figure as printed, the computed value, the verdict and why"),
    "claimreview.jsonld": N_("one schema.org ClaimReview per claim, for fact-check tools"),
    "hindsight.csv": N_("how each printed plan aged against later outcomes, with how sure each later figure is"),
    "hindsight.jsonld": N_("schema.org Dataset describing hindsight.csv"),
    "verdicts.csv": N_("every check evaluated, with its operands and exact values"),
    "params.json": N_("this run's parameters"),
}


# An outcome's colour: blue above the plan, grey about it, violet below, none unknown (never a verdict's colours).
OUTCOME_CLASS = {
    checks.SPENT_MORE: "o-above",
    checks.OVER_MAXIMUM: "o-above",
    checks.MET_MINIMUM: "o-above",
    checks.LATER_HIGHER: "o-above",
    checks.SPENT_ABOUT: "o-about",
    checks.WITHIN_MAXIMUM: "o-about",
    checks.LATER_ABOUT: "o-about",
    checks.SPENT_LESS: "o-below",
    checks.UNDER_MINIMUM: "o-below",
    checks.LATER_LOWER: "o-below",
}


def _host(url: str) -> str:
    return urlsplit(url).netloc or url


def _finding(site: _Site, r: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "claim_id": r["claim_id"],
        "quote": r["quote"],
        "outlet": r["outlet"],
        "published": r["published"],
        "verdict": r["verdict"],
        "reason_kind": r.get("reason_kind", "") or "",
        "why": r["why"],
        "href": site.href(r["claim_id"]),
        "page_title": site.titles.get(site.homes.get(r["claim_id"], ""), ""),
        "sources": [{"url": u, "host": _host(u)} for u in site.inputs.sources.get(r["check_id"], [])],
    }


def _hindsight(site: _Site) -> dict[str, Any] | None:
    """The compact "how the plans aged" table: one row per claim (its primary hindsight row)."""
    path = site.folder / "hindsight.csv"
    if not path.is_file():
        return None
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    rows = [
        {
            "outlet": r.get("outlet", ""),
            "published": r.get("published", ""),
            "printed": r.get("printed_as", "") or r.get("printed", ""),
            "outcome": r.get("outcome", ""),
            "change": pct(Decimal(r["change_pct"]), 1) if r.get("change_pct") else "",
            "confidence": r.get("confidence", ""),
        }
        for r in frame.to_dict("records")
        if r.get("role") == "primary"
    ]
    page = next((name for name in site.titles if "hindsight" in name), None) or next(
        (name for name in site.titles if name.startswith("06_")), None
    )
    return {"rows": rows, "page": {"href": page, "title": site.titles[page]} if page else None}


def _downloads(site: _Site, charts: Mapping[str, list[tuple[str, str]]]) -> list[dict[str, str]]:
    out = [
        {"href": name, "what": site.messages.gettext(what)} for name, what in DOWNLOADS.items() if (site.folder / name).is_file()
    ]
    for page, files in sorted(charts.items()):
        for name, title in files:
            what = site.messages.gettext("data behind the chart “%(title)s” on %(page)s") % {
                "title": title,
                "page": site.titles.get(page, page),
            }
            out.append({"href": name, "what": what})
    return out


def render_index(site: _Site, charts: Mapping[str, list[tuple[str, str]]]) -> Path:
    """Write index.html: findings first, then headline figures, notebooks, downloads and parameters."""
    inputs, messages = site.inputs, site.messages
    primary = site.primary
    misattributed = (
        primary["reason_kind"] == "misattributed" if "reason_kind" in primary else primary["verdict"] != primary["verdict"]
    )
    groups = [
        ("does-not-hold", messages.gettext("Does not hold"), primary[(primary["verdict"] == FAILS) & ~misattributed]),
        ("misattributed", messages.gettext("Misattributed"), primary[misattributed]),
        (
            "cannot-be-checked",
            messages.gettext("Cannot be checked from these sources"),
            primary[primary["verdict"] == UNCHECKABLE],
        ),
    ]
    headline = None
    if inputs.headline is not None and not inputs.headline.empty:
        headline = [
            (r["label"], readable(r["value"], r["unit"]))
            for r in inputs.headline.to_dict("records")
            if not str(r["id"]).startswith("verdicts_")  # the verdict counts are shown once, under Findings
        ]
    names = sorted(inputs.values)
    text = (
        _environment(inputs.options.lang)
        .get_template(INDEX_TEMPLATE)
        .render(
            lang=inputs.options.lang,
            title=_full_title(site, _site_title(site)),
            site_title=_site_title(site),
            style=style(),
            scenario=site.scenario,
            changes=site.change_rows(),
            counts=_counts(primary) if len(primary) else None,
            total=len(primary),
            groups=[
                {"id": i, "title": t, "claims": [_finding(site, r) for r in rows.to_dict("records")]} for i, t, rows in groups
            ],
            hindsight=_hindsight(site),
            headline=headline,
            pages=[{"href": name, "title": title} for name, title in site.titles.items()],
            downloads=_downloads(site, charts),
            rates=site.scenario["rates"],
            given=bool(inputs.given),
            parameters=[
                {
                    "name": name,
                    "value": repr(inputs.values[name]),
                    "meaning": inputs.meanings.get(name, messages.gettext("(declared by a notebook)")),
                    "given": name in inputs.given,
                }
                for name in names
            ],
        )
    )
    out = site.folder / "index.html"
    out.write_text(text, encoding="utf-8")
    return out


def build(folder: str | os.PathLike[str], inputs: SiteInputs, homes: Mapping[str, str]) -> None:
    """Finish the site in `folder` (rendered pages and executed notebooks in it): pages, chart data,
    index.html, the embedded font. `homes` maps each claim to its page (`claim_pages`)."""
    folder = Path(folder)
    site = _prepare(folder, inputs, homes)
    charts = chart_files(folder)
    names = list(site.titles)
    for i, name in enumerate(names):
        page = folder / name
        page.write_text(_finish_page(site, page, _neighbours(site, names, i), charts.get(name, [])), encoding="utf-8")
    render_index(site, charts)
    embed_font(folder)


# --------------------------------------------------------------------------------------------
# Hangul everywhere: the install's NanumGothic, subset and embedded
# --------------------------------------------------------------------------------------------

FONT_FAMILY = "capex-hangul"
_SANS = 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif'
_MONO = '"Source Code Pro", Menlo, Consolas, monospace'


# Blocks a reader needs a Korean font for: Hangul (jamo, compatibility jamo, syllables), CJK ideographs
# (Hanja, like the 中 and 美 of a headline), CJK symbols, enclosed CJK and full-width forms. Everything else
# (Latin, arrows, typographic quotes) is left to the reader's fonts, which draw it better.
KOREAN_BLOCKS = (
    (0x1100, 0x11FF),
    (0x3000, 0x303F),
    (0x3130, 0x318F),
    (0x3200, 0x32FF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
)


def korean_script(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in KOREAN_BLOCKS)


def unicode_range(chars: set[str]) -> str:
    """A CSS unicode-range covering exactly `chars`: 'U+AC00-AC01, U+B2E4'."""
    points = sorted(ord(c) for c in chars)
    ranges: list[tuple[int, int]] = []
    for p in points:
        if ranges and p == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], p)
        else:
            ranges.append((p, p))
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in ranges)


def font_style(chars: set[str]) -> str:
    """The @font-face of a NanumGothic subset for `chars` and the font stacks that put it first.

    The embedded face comes first, limited by `unicode-range` to the characters it holds in the Korean
    blocks (Hangul, and the Han characters of the headlines): Chromium drew the first Hangul text of a
    page as empty boxes when the face came last, even though the subset held every glyph. Latin text and
    punctuation keep the reader's usual font, since the range leaves them out.
    """
    covered = {c for c in fonts.covered(chars) if korean_script(c)}
    if not covered:
        return ""
    data = base64.b64encode(fonts.subset(covered)).decode("ascii")
    sans, mono = f'"{FONT_FAMILY}", {_SANS}', f'"{FONT_FAMILY}", {_MONO}'
    return (
        f'<style>@font-face {{ font-family: "{FONT_FAMILY}"; src: url(data:font/ttf;base64,{data}) format("truetype");'
        f" unicode-range: {unicode_range(covered)}; font-display: block; }}\n"
        f":root {{ --jp-content-font-family: {sans}; --jp-ui-font-family: {sans}; --jp-code-font-family: {mono}; }}\n"
        f"body {{ font-family: {sans}; }}\ncode, pre, kbd, samp {{ font-family: {mono}; }}</style>"
    )


def embed_font(scenario_dir: str | os.PathLike[str], pages_to_embed: Sequence[Path] | None = None) -> None:
    """Give every page in `scenario_dir` (or the given pages) an embedded subset of NanumGothic covering
    all their non-ASCII text, first in every font stack."""
    found = pages_to_embed if pages_to_embed is not None else sorted(Path(scenario_dir).glob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in found}
    chars = set().union(*map(set, texts.values()))  # per page in C, not char by char in Python (~0.4 s)
    face = font_style({c for c in chars if ord(c) > 127})
    if not face:
        return
    for page, text in texts.items():
        head_end = text.find("</head>")
        if head_end < 0:
            continue
        page.write_text(text[:head_end] + face + text[head_end:], encoding="utf-8")


# --------------------------------------------------------------------------------------------
# capex compare A B
# --------------------------------------------------------------------------------------------


def _verdict_rows(b: compare.ComparedScenario, changes: list[dict[str, str]] | None) -> list[dict[str, str]] | None:
    if changes is None:
        return None
    rows = []
    for v in changes:
        url = b.urls.get(v["claim_id"], "")
        href = f"{b.name}/{url}" if url and "://" not in url else url
        rows.append({"label": f"{v['outlet']}: {_short(v['quote'])}", "href": href, "a": v["a"], "b": v["b"], "why": v["why"]})
    return rows


def render_compare(path: Path, a: compare.ComparedScenario, b: compare.ComparedScenario, lang: str = DEFAULT_LANGUAGE) -> Path:
    """Write the comparison page of two scenarios (beside their folders) with the embedded font."""
    figures = compare.figure_changes(a, b)
    messages = Messages(lang)
    title = messages.gettext("%(a)s against %(b)s") % {"a": a.name, "b": b.name}
    text = (
        _environment(lang)
        .get_template("compare.html.j2")
        .render(
            lang=lang,
            title=title,
            style=style(),
            a={"name": a.name, "href": f"{a.name}/index.html", "rates": a.rates},
            b={"name": b.name, "href": f"{b.name}/index.html", "rates": b.rates},
            rows=[f.shown() for f in figures if f.changed],
            all_rows=[f.shown() for f in figures],
            verdicts=_verdict_rows(b, compare.verdict_changes(a, b)),
        )
    )
    path.write_text(text, encoding="utf-8")
    embed_font(path.parent, [path])
    return path
