"""method.html, "How we rate": the verdict rule with this run's thresholds, each reason kind with an example
from the data, the like-for-like bases, what hindsight is, how sure a source is, the corrections, when the
data was last updated, and how ClaimReview's reviewRating encodes a verdict. Every word of the rule comes
from the code that applies it (capexlib.core.checks)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..core.checks import (
    CONFIDENCE_LEVELS,
    DATA_REASON_KINDS,
    OUTCOMES,
    REASON_MEANINGS,
    RULE_REASON_KINDS,
    VERDICTS,
    rule_text,
)
from ..core.ledger import Ledger
from . import citations
from .banner import number
from .cards import ClaimCard
from .context import Site
from .exports import RATING
from .i18n import N_

# How sure a source makes a figure (capexlib.core.checks.confidence_level), as a reader reads it.
LEVEL_MEANINGS = {
    "confirmed": N_(
        "a primary source (the filing, the company's or government's release, the paper, the model card) "
        "was seen stating the figure"
    ),
    "secondary": N_("a reputable report or data service states the figure, copying or reporting the primary source"),
    "unconfirmed": N_("a weak source, the collector's own note or a derived figure: shown, and flagged wherever it is used"),
}


@dataclass(frozen=True)
class Reason:
    kind: str
    meaning: str
    example: ClaimCard | None


@dataclass(frozen=True)
class Basis:
    basis_id: str
    label: str
    like_for_like: bool
    companies: tuple[tuple[str, str], ...]  # (company, what its two years are)
    overlap: tuple[str, ...]  # what the basis counts twice or leaves out


@dataclass(frozen=True)
class Level:
    level: str
    meaning: str
    count: int


@dataclass(frozen=True)
class Correction:
    correction_id: str
    corrected_on: str
    check_id: str
    what_changed: str
    reason: str


@dataclass(frozen=True)
class Rating:
    value: int
    verdict: str


def reasons(kinds: Sequence[str], cards: Sequence[ClaimCard]) -> list[Reason]:
    """Each reason kind with its meaning and the first claim in the data that carries it, as its verdict or in another
    reading (None when no claim does)."""

    def example(kind: str) -> ClaimCard | None:
        first = next((c for c in cards if c.reason_kind == kind), None)  # a primary verdict, else another reading
        return first or next((c for c in cards if any(r.reason_kind == kind for r in c.alternatives)), None)

    return [Reason(k, REASON_MEANINGS[k], example(k)) for k in kinds]


def bases(ledger: Ledger) -> list[Basis]:
    """The comparison bases of data/capex_bases.csv: the like-for-like one first, with each company's years."""
    found: dict[str, list[dict[str, object]]] = {}
    for row in ledger.capex_bases.to_dict("records"):
        found.setdefault(str(row["basis_id"]), []).append(row)
    out = [
        Basis(
            basis_id,
            str(rows[0]["basis_label"]),
            rows[0]["basis_role"] == "like_for_like",
            tuple((str(r["entity"]), str(r["line_item_note"] or "")) for r in rows),
            tuple(dict.fromkeys(str(r["overlap"]) for r in rows if r["overlap"])),
        )
        for basis_id, rows in found.items()
    ]
    return sorted(out, key=lambda b: not b.like_for_like)


def levels(site: Site) -> list[Level]:
    rows = list(citations.sources(site.inputs.ledger).values())
    return [
        Level(level, site.messages.gettext(LEVEL_MEANINGS[level]), sum(r.level == level for r in rows))
        for level in CONFIDENCE_LEVELS
    ]


def corrections(ledger: Ledger) -> list[Correction]:
    return [
        Correction(str(r["correction_id"]), str(r["corrected_on"]), str(r["check_id"]), str(r["what_changed"]), str(r["reason"]))
        for r in ledger.corrections.to_dict("records")
    ]


def last_updated(ledger: Ledger) -> str:
    """The latest day the data's sources were accessed (each table's provenance date_accessed)."""
    days = []
    for meta in ledger.provenance.values():
        try:
            days.append(dt.date.fromisoformat(str(meta.get("date_accessed", ""))))
        except ValueError:
            continue
    return max(days).isoformat() if days else ""


def render_method(site: Site) -> str:
    values = site.inputs.values
    cards = site.cards
    return site.render(
        "method.html.j2",
        "method.html",
        site.messages.gettext("How we rate"),
        rule=rule_text(values.get("holds_pct", 1), values.get("tolerance_pct", 5)),
        holds_pct=number(values.get("holds_pct", 1)),
        tolerance_pct=number(values.get("tolerance_pct", 5)),
        verdicts=VERDICTS,
        data_reasons=reasons(DATA_REASON_KINDS, cards),
        rule_reasons=reasons(RULE_REASON_KINDS, cards),
        bases=bases(site.inputs.ledger),
        outcomes=OUTCOMES,
        levels=levels(site),
        corrections=corrections(site.inputs.ledger),
        updated=last_updated(site.inputs.ledger),
        ratings=sorted((Rating(value, verdict) for verdict, value in RATING.items()), key=lambda r: -r.value),
    )
