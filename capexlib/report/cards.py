"""Claim cards: each claim's primary verdict as a reader meets it on the index and the claims page,
built from the evaluated checks and the ledger (never from a rendered page).

A card holds the claim (quote, article), the verdict and its reason kind, the reason in words, the
arithmetic in one sentence, and what the check rests on: the reference and outcome rows it used (with
publisher, document, date, link, primary or secondary), the exchange rate of a conversion, the article's
own figures for a check of its arithmetic, or why no source exists. Alternative readings go with it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from ..core.checks import FAILS, UNCHECKABLE
from ..core.ledger import Ledger
from ..core.operands import OperandError, parse_token
from . import citations, datatext
from .citations import Article, Source
from .i18n import DEFAULT_LANGUAGE
from .language import _
from .notebooks import NotebookFacts, Shown
from .present import arithmetic, qualified, rate_text, value

MISATTRIBUTED = "misattributed"
# Where the rows a check uses come from, when it uses none: said on its card.
RATE = "rate"  # a conversion: the exchange rate is the source
OWN_FIGURES = "own_figures"  # the article's arithmetic: its own printed figures
NO_SOURCE = "no_source"  # nothing in the reference data gives the figure


@dataclass(frozen=True)
class Reading:
    """An alternative reading of a claim (another period, line item or model), shown beside its verdict."""

    check_id: str
    verdict: str
    reason_kind: str
    note: str


@dataclass(frozen=True)
class OwnFigure:
    """A figure the article prints, used by a check of its own arithmetic."""

    claim_id: str
    label: str  # what it is and the figure as printed: 'AI investment plan (Amazon): 1000억 달러'


@dataclass(frozen=True)
class Where:
    """The notebook page that shows a check, and the cell that holds it."""

    page: str
    title: str
    cell_id: str

    @property
    def href(self) -> str:
        return f"{self.page}#cell-id={self.cell_id}" if self.cell_id else self.page


@dataclass(frozen=True)
class ClaimCard:
    claim_id: str
    check_id: str
    topic: str
    article: Article
    quote: str
    verdict: str
    reason_kind: str
    reason: str  # the check's basis, in words (data/checks.csv note)
    arithmetic: str  # the computation in one sentence; empty when nothing could be computed
    unconfirmed: bool  # an input comes from an unconfirmed source
    sources: tuple[Source, ...]
    basis: str  # RATE, OWN_FIGURES, NO_SOURCE, or "" when `sources` holds the rows
    rate: str  # a conversion's exchange rate in words ('1447.09 KRW per USD (ECB, 2025-02-07)')
    rate_source: str  # ecb, fixed or article (capexlib.core.fx.Rate.source); empty for no rate
    own_figures: tuple[OwnFigure, ...]  # the article's own figures a check of its arithmetic uses
    where: Where | None
    alternatives: tuple[Reading, ...]

    @property
    def anchor(self) -> str:
        return claim_anchor(self.claim_id)

    @property
    def flagged(self) -> bool:
        """Does not hold, or cannot be checked: what the index leads with."""
        return self.verdict in (FAILS, UNCHECKABLE)

    @property
    def group(self) -> str:
        """The index's group: misattributed, does not hold, or cannot be checked ("" for the others)."""
        if self.reason_kind == MISATTRIBUTED:
            return MISATTRIBUTED
        return self.verdict if self.flagged else ""


def claim_anchor(claim_id: str) -> str:
    return f"claim-{claim_id}"


def _none(value: object) -> Any:
    return None if isinstance(value, float) and value != value else value


def _own_figures(operands: object, ledger: Ledger, lang: str = DEFAULT_LANGUAGE) -> tuple[OwnFigure, ...]:
    """The claims a check's operands name, each with its words and its figure as printed."""
    found = []
    for text in str(operands or "").split():
        try:
            token = parse_token(text)
        except OperandError:
            continue
        if token.kind == "claim":
            found.append(token.key)
    figures = []
    for claim_id in dict.fromkeys(found):
        c = ledger.claim(claim_id)
        # As printed, with its qualifier (이상, 최대, 약) where the reader's language puts it.
        shown = qualified(value(c["amount"], c["currency"], exact=True, high=c["amount_high"]), c["qualifier"])
        metric = datatext.text(str(c["metric"]), "claims", "metric", lang)
        entity = datatext.text(str(c["entity"]), "claims", "entity", lang)
        figures.append(OwnFigure(claim_id, f"{metric} ({entity}): {shown}"))
    return tuple(figures)


def _basis(row: Mapping[str, Any], used: tuple[Source, ...]) -> str:
    if used:
        return ""
    if row.get("rate") is not None:
        return RATE
    if row["relation"] == "unverifiable" or row["computed"] is None:
        return NO_SOURCE
    return OWN_FIGURES


def note(text: object, lang: str = DEFAULT_LANGUAGE) -> str:
    """A check's note (data/checks.csv) in `lang`, ending with one full stop."""
    return datatext.text(str(text), "checks", "note", lang).rstrip(".") + "."


def _own_tolerance(row: Mapping[str, Any], ledger: Ledger) -> str:
    """A check held to a tolerance of its own (data/checks.csv, tolerance_pct), said on its card: the reader
    who knows the run's thresholds from the method page sees why +10.62% holds approximately here."""
    own = ledger.records("checks").get(str(row["check_id"]), {}).get("tolerance_pct")
    if own is None or row["computed"] is None:
        return ""
    return " " + _("This check holds approximately within %(pct)s%%, a tolerance of its own (its note says why).") % {
        "pct": f"{own:f}"
    }


def card(
    row: Mapping[str, Any],
    ledger: Ledger,
    article: Article,
    where: Where | None,
    alternatives: tuple[Reading, ...],
    lang: str = DEFAULT_LANGUAGE,
) -> ClaimCard:
    """The card of one primary check (`row`: an evaluated check, empty cells as None), its words in `lang`."""
    used = citations.used(ledger, row.get("sources"), lang)
    basis = _basis(row, used)
    rate = row.get("rate")
    return ClaimCard(
        claim_id=str(row["claim_id"]),
        check_id=str(row["check_id"]),
        topic=str(row["topic"]),
        article=article,
        quote=str(row["quote"]),
        verdict=str(row["verdict"]),
        reason_kind=str(row.get("reason_kind") or ""),
        reason=note(row["note"], lang),
        arithmetic=arithmetic(dict(row)) + _own_tolerance(row, ledger),
        unconfirmed=bool(row.get("unconfirmed_input")),
        sources=used,
        basis=basis,
        rate=rate_text(rate) if rate is not None else "",
        rate_source=str(rate.source) if rate is not None else "",
        own_figures=_own_figures(row.get("operands"), ledger, lang) if basis == OWN_FIGURES else (),
        where=where,
        alternatives=alternatives,
    )


def claim_cards(
    ledger: Ledger,
    verdicts: pd.DataFrame,
    homes: Mapping[str, tuple[NotebookFacts, Shown]] | None = None,
    lang: str = DEFAULT_LANGUAGE,
) -> list[ClaimCard]:
    """One card per claim, from its primary check, in the order of data/checks.csv, its words in `lang`."""
    rows = [{k: _none(v) for k, v in r.items()} for r in verdicts.to_dict("records")]
    others: dict[str, list[Reading]] = {}
    for r in rows:
        if r["role"] != "primary":
            others.setdefault(r["claim_id"], []).append(
                Reading(r["check_id"], r["verdict"], r.get("reason_kind") or "", note(r["note"], lang).rstrip("."))
            )
    articles = citations.articles(ledger, lang)
    homes = homes or {}
    cards: dict[str, ClaimCard] = {}
    for r in rows:
        if r["role"] != "primary" or r["claim_id"] in cards:
            continue
        home = homes.get(r["check_id"])
        where = Where(home[0].page, home[0].title, home[1].cell_id) if home else None
        readings = tuple(others.get(r["claim_id"], []))
        cards[r["claim_id"]] = card(r, ledger, articles[r["article_id"]], where, readings, lang)
    return list(cards.values())


def by_article(cards: Sequence[ClaimCard]) -> list[tuple[Article, list[ClaimCard]]]:
    """The cards grouped by article, articles in order of first appearance."""
    groups: dict[str, tuple[Article, list[ClaimCard]]] = {}
    for c in cards:
        groups.setdefault(c.article.article_id, (c.article, []))[1].append(c)
    return list(groups.values())


def uses(cards: Sequence[ClaimCard]) -> dict[str, list[ClaimCard]]:
    """Source row id -> the cards whose check uses it."""
    found: dict[str, list[ClaimCard]] = {}
    for c in cards:
        for s in c.sources:
            found.setdefault(s.row_id, []).append(c)
    return found
