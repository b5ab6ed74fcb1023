"""The pages a reader checks our work on: every claim as a card (claims.html), every source with the checks
that use it (sources.html), and the articles (articles.html)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from . import citations
from .banner import short
from .cards import ClaimCard, by_article, claim_anchor
from .citations import Article, Source
from .context import Site
from .index_page import filter_choices, finding
from .notebook_pages import counts

PRIMARY = "primary"


@dataclass(frozen=True)
class Use:
    """A check that uses a source row: the claim it judges, and in what role."""

    href: str
    label: str
    role: str  # verdict, reading (an alternative reading) or hindsight


@dataclass(frozen=True)
class Entry:
    source: Source
    uses: tuple[Use, ...]


@dataclass(frozen=True)
class Document:
    """The rows that cite one document (publisher, document, link)."""

    title: str
    url: str
    date: str
    primary: bool
    entries: tuple[Entry, ...]

    @property
    def anchor(self) -> str:
        return self.entries[0].source.anchor


@dataclass(frozen=True)
class ArticleEntry:
    article: Article
    counts: tuple[tuple[str, int], ...]
    claims: int


def render_claims(site: Site) -> str:
    cards = site.cards
    order = list(citations.articles(site.inputs.ledger, site.lang))  # data/articles.csv order, as on the articles page
    return site.render(
        "claims.html.j2",
        "claims.html",
        site.messages.gettext("Every claim checked"),
        finding=finding(cards, site.messages),
        counts=counts(cards),
        choices=filter_choices(cards, site.messages),
        articles=sorted(by_article(cards), key=lambda group: order.index(group[0].article_id)),
    )


def _uses(frame: pd.DataFrame | None, role: str, cards: dict[str, ClaimCard]) -> dict[str, list[Use]]:
    found: dict[str, list[Use]] = {}
    if frame is None:
        return found
    for r in frame.to_dict("records"):
        card = cards.get(str(r["claim_id"]))
        label = f"{card.article.outlet}: {short(card.quote)}" if card else str(r["claim_id"])
        kind = role if role == "hindsight" else ("verdict" if r["role"] == PRIMARY else "reading")
        for row_id in dict.fromkeys(str(r["sources"] or "").split()):
            found.setdefault(row_id, []).append(Use(f"claims.html#{claim_anchor(str(r['claim_id']))}", label, kind))
    return found


def documents(site: Site, table: str) -> list[Document]:
    """The rows of one table (reference or outcomes) grouped by the document they cite, with their uses."""
    cards = site.cards_by_claim
    uses = _uses(site.inputs.verdicts, "verdict", cards)
    for row_id, more in _uses(site.inputs.hindsight, "hindsight", cards).items():
        uses.setdefault(row_id, []).extend(more)
    rows = [s for s in citations.sources(site.inputs.ledger, site.lang).values() if s.table == table]
    out = []
    for (_, _, url), group in citations.documents(rows):
        first = group[0]
        out.append(
            Document(
                first.title,
                url,
                first.date,
                first.primary,
                tuple(Entry(s, tuple(uses.get(s.row_id, []))) for s in group),
            )
        )
    return out


def _count(rows: Sequence[Any], primary: bool | None = None) -> int:
    return sum(1 for r in rows if primary is None or r.primary == primary)


def render_sources(site: Site) -> str:
    references = documents(site, citations.REFERENCE)
    outcomes = documents(site, citations.OUTCOMES)
    rows = list(citations.sources(site.inputs.ledger, site.lang).values())
    articles = list(citations.articles(site.inputs.ledger, site.lang).values())
    return site.render(
        "sources.html.j2",
        "sources.html",
        site.messages.gettext("Sources"),
        references=references,
        outcomes=outcomes,
        reference_rows=_count([r for r in rows if r.table == citations.REFERENCE]),
        reference_primary=_count([r for r in rows if r.table == citations.REFERENCE], True),
        outcome_rows=_count([r for r in rows if r.table == citations.OUTCOMES]),
        outcome_primary=_count([r for r in rows if r.table == citations.OUTCOMES], True),
        articles=articles,
    )


def render_articles(site: Site) -> str:
    entries = []
    for article in citations.articles(site.inputs.ledger, site.lang).values():
        mine = [c for c in site.cards if c.article.article_id == article.article_id]
        entries.append(ArticleEntry(article, counts(mine), len(mine)))
    return site.render("articles.html.j2", "articles.html", site.messages.gettext("The articles"), entries=entries)
