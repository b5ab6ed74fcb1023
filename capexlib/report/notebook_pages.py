"""A notebook's page finished for the site: its places (capexlib.report.slots) filled with the title, the
language, the style, the navigation, the scenario banner, a box of the page's verdicts, and under each
chart its sources and data link. The rendered page is never read for data: what it shows comes from the
notebook's facts (capexlib.report.notebooks) and the claim cards."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.checks import VERDICTS
from . import chart_notes, citations, slots
from .banner import short
from .cards import ClaimCard
from .context import Link, Nav, Site
from .notebooks import NotebookFacts
from .templating import environment, style


@dataclass(frozen=True)
class Flagged:
    anchor: str
    verdict: str
    reason_kind: str
    short_quote: str
    outlet: str


@dataclass(frozen=True)
class Box:
    """The page's own verdicts: counts per verdict and the claims that do not hold or cannot be checked."""

    cards: tuple[ClaimCard, ...]
    counts: tuple[tuple[str, int], ...]
    flagged: tuple[Flagged, ...]


def counts(cards: Sequence[ClaimCard]) -> tuple[tuple[str, int], ...]:
    return tuple((v, sum(c.verdict == v for c in cards)) for v in VERDICTS)


def box(site: Site, nb: NotebookFacts) -> Box:
    shown = {s.check_id for s in nb.shown}
    here = tuple(c for c in site.cards if c.check_id in shown)
    flagged = tuple(Flagged(c.anchor, c.verdict, c.reason_kind, short(c.quote), c.article.outlet) for c in here if c.flagged)
    return Box(here, counts(here), flagged)


def neighbours(site: Site, i: int) -> Nav:
    pages = site.notebooks

    def link(j: int) -> Link | None:
        return Link(pages[j].page, pages[j].title) if 0 <= j < len(pages) else None

    return Nav(pages[i].page, link(i - 1), link(i + 1))


def finish(site: Site, i: int, raw: str) -> str:
    """The rendered page of the i-th notebook with every place filled."""
    nb = site.notebooks[i]
    chrome = environment(site.lang).get_template("page_chrome.html.j2").make_module(site.context(nb.page, nb.title))
    nav = neighbours(site, i)
    here = box(site, nb)
    claims = {c.claim_id for c in here.cards}
    changes = [c for c in site.changes if c.claim_id in claims]
    ledger = site.inputs.ledger
    notes = chart_notes.notes(
        nb.stem,
        nb.charts,
        citations.sources(ledger, site.lang),
        citations.articles(ledger, site.lang),
        site.inputs.verdicts,
        site.messages,
    )
    values = {
        slots.HTML_OPEN: f'<html lang="{html.escape(site.lang)}">',
        slots.TITLE: f"<title>{html.escape(site.full_title(nb.title))}</title>",
        slots.HEAD: f"<style>{style()}</style>",
        slots.HEADER: str(chrome.header(nav, site.banner, changes, here)),  # type: ignore[attr-defined]
        slots.FOOTER: str(chrome.footer(nav)),  # type: ignore[attr-defined]
        **{slots.chart_slot(n.number): str(chrome.chart_note(n)) for n in notes},  # type: ignore[attr-defined]
    }
    return slots.fill(raw, values)
