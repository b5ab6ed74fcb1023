"""The reader's site of one run, finished from the run's data once its notebooks have run.

Each notebook's page was rendered as its notebook finished (capexlib.report.render), with places left for
what only the whole run knows. `build` reads the executed notebooks as data (which claims each shows, its
charts: capexlib.report.notebooks), makes a card per claim (capexlib.report.cards), and writes:

- each notebook page, its places filled (navigation, scenario banner, the page's verdicts, each chart's
  sources and data link), and each chart's data as CSV beside it;
- index.html (the finding first), claims.html (every claim as a card, with a filter), sources.html (every
  source with the checks that use it), articles.html, method.html (how we rate), and for a scenario that is
  not the default, compare.html (every figure beside the default run's);
- one subset of the Hangul font, embedded in every page (capexlib.report.fonts).

Nothing here reads a rendered page. Words come from the message catalogue (capexlib.report.i18n); every
page is deterministic (the same run gives the same bytes).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from urllib.parse import urljoin

import pandas as pd

from ..core.paths import list_notebooks
from ..topics.scorecard import scorecard
from . import fonts, index_page, language, method_page, notebook_pages, notebooks, reference_pages
from .banner import banner, change_rows, rates_words, scenario_words
from .cards import claim_anchor, claim_cards
from .compare import ComparedScenario
from .compare_page import compare_html
from .context import Site, SiteInputs, Switch
from .differences import verdict_changes
from .exports import scorecard_table
from .i18n import Messages
from .render import notebook_html, render_notebook

__all__ = ["SiteInputs", "build", "claim_urls", "notebook_html", "render_notebook"]

CLAIMS_PAGE = "claims.html"
COMPARE_PAGE = "compare.html"


def claim_urls(verdicts: pd.DataFrame, site_url: str = "", folder: str = "") -> dict[str, str]:
    """Claim id -> the address of its card on the claims page, resolved against `site_url` (ClaimReview's url);
    `folder`: the edition's folder in the scenario folder ('ko' for the Korean edition: its own claims page)."""
    base = site_url if not site_url or site_url.endswith("/") else site_url + "/"
    if base and folder:
        base += folder + "/"
    claims = sorted(set(verdicts.loc[verdicts["role"] == "primary", "claim_id"]))
    return {claim: urljoin(base, f"{CLAIMS_PAGE}#{claim_anchor(claim)}") for claim in claims}


def _compared(
    inputs: SiteInputs, name: str, values: Mapping[str, object], verdicts: pd.DataFrame, headline: pd.DataFrame, words: str
) -> ComparedScenario:
    card = scorecard_table(scorecard(inputs.ledger, verdicts))
    urls = {claim: url.rsplit("/", 1)[-1] for claim, url in claim_urls(verdicts).items()}
    return ComparedScenario(name, headline, card, urls, rates_words(values, Messages(inputs.options.lang)), words)


def _compare_page(inputs: SiteInputs, switch: Sequence[Switch]) -> str | None:
    """compare.html for a scenario that is not the default: the default run's figures (A) beside this run's (B)."""
    if inputs.baseline_verdicts is None or inputs.baseline_headline is None or inputs.headline is None:
        return None
    messages = Messages(inputs.options.lang)
    default_words = messages.gettext("%(words)s (the default)") % {
        "words": scenario_words(inputs.defaults, inputs.defaults, messages)
    }
    default = _compared(inputs, "default", inputs.defaults, inputs.baseline_verdicts, inputs.baseline_headline, default_words)
    words = scenario_words(inputs.values, inputs.defaults, messages)
    here = _compared(inputs, inputs.scenario, inputs.values, inputs.verdicts, inputs.headline, words)
    return compare_html(default, here, inputs.options.lang, switch=switch)


def prepare(folder: Path, inputs: SiteInputs) -> Site:
    """What every page is built from: the notebooks' facts, the cards, the scenario banner and changes."""
    messages = Messages(inputs.options.lang)
    facts = notebooks.read(list_notebooks(folder), inputs.options.lang)
    cards = claim_cards(inputs.ledger, inputs.verdicts, notebooks.homes(facts), inputs.options.lang)
    changes = (
        verdict_changes(inputs.verdicts, inputs.baseline_verdicts, inputs.values, inputs.defaults)
        if inputs.baseline_verdicts is not None
        else []
    )
    compare_href = COMPARE_PAGE if inputs.baseline_verdicts is not None else ""
    shown = banner(inputs.scenario, inputs.values, inputs.defaults, changes, messages, inputs.ecb_file, compare_href)
    by_claim = {c.claim_id: c for c in cards}
    return Site(folder, inputs, messages, tuple(facts), tuple(cards), shown, tuple(change_rows(changes, by_claim, messages)))


def write_chart_data(site: Site) -> None:
    """Each chart's data beside its page (the name its page links to)."""
    for nb in site.notebooks:
        for chart in nb.charts:
            (site.folder / chart.csv_name(nb.stem)).write_text(chart.csv, encoding="utf-8")


def build(folder: str | os.PathLike[str], inputs: SiteInputs) -> None:
    """Finish the site in `folder`, which holds the executed notebooks and their rendered pages, in the
    edition's language (the words the library writes for a page, such as a card's arithmetic, too)."""
    with language.using(inputs.options.lang):
        _build(Path(folder), inputs)


def _build(folder: Path, inputs: SiteInputs) -> None:
    site = prepare(folder, inputs)
    write_chart_data(site)
    pages = {
        nb.page: notebook_pages.finish(site, i, (folder / nb.page).read_text(encoding="utf-8"))
        for i, nb in enumerate(site.notebooks)
    }
    pages["index.html"] = index_page.render_index(site)
    pages[CLAIMS_PAGE] = reference_pages.render_claims(site)
    pages["sources.html"] = reference_pages.render_sources(site)
    pages["articles.html"] = reference_pages.render_articles(site)
    pages["method.html"] = method_page.render_method(site)
    compared = _compare_page(inputs, site.switch(COMPARE_PAGE))
    if compared is not None:
        pages[COMPARE_PAGE] = compared
    for name, text in fonts.embed(pages).items():
        (folder / name).write_text(text, encoding="utf-8")
