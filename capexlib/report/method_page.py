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
    UNCHECKABLE,
    VERDICTS,
)
from ..core.ledger import Ledger
from ..core.numbers import to_decimal
from . import citations, datatext
from .banner import number
from .cards import ClaimCard
from .context import Site
from .exports import RATING
from .i18n import DEFAULT_LANGUAGE, N_, Messages

# How sure a source makes a figure (capexlib.core.checks.confidence_level), as a reader reads it.
LEVEL_MEANINGS = {
    "confirmed": N_(
        "a primary source (the filing, the company's or government's release, the paper, the model card) "
        "was seen stating the figure"
    ),
    "secondary": N_("a reputable report or data service states the figure, copying or reporting the primary source"),
    "unconfirmed": N_("a weak source, the collector's own note or a derived figure: shown, and flagged wherever it is used"),
}


# The rule and the reason kinds in the reader's language. The English of each is the code's own wording
# (capexlib.core.verdicts: rule_text and REASON_MEANINGS; tests/test_site.py keeps them equal, word for word),
# so the English page quotes the code and the Korean page its translation in the catalogue.
RULE = N_(
    "Percent off = (printed - computed) / computed x 100. A plain or 약 (about) figure holds when it is within %(holds)s%% "
    "of the computed value (run parameter holds_pct), holds approximately within %(tolerance)s%% (tolerance_pct, or the "
    "check's own tolerance), and otherwise does not hold: a larger miss never gets a better label, whatever the printed "
    "rounding. Every label but holds carries a reason kind: rounding only when the computed value, rounded to the printed "
    "figure's own significant digits, is the printed figure; otherwise overstated or understated, unless the data names "
    "another reason. A bound (이상 at least, 최대 at most) holds when the computed value satisfies it, holds approximately "
    "when it falls short by no more than the tolerance, and otherwise does not hold; a bound shows whether it is "
    "satisfied, not a percent off. A misattributed, garbled or different-measure figure does not hold as written (the last "
    "two with no percent off). A claim the sources cannot settle is 'cannot be checked from these sources'."
)
REASON_MEANING_WORDS = {
    "misattributed": N_(
        "the figure is right but belongs to something else (another model, company or period): the claim as written does not hold"
    ),
    "garbled": N_(
        "the printed figure is not a number that can be compared (a garbled statement): it does not hold and no percent "
        "off is shown"
    ),
    "different_measure": N_(
        "the computed figure measures another thing (a hardware budget against a training run): read this way the claim does "
        "not hold; the multiple is shown, not a percent"
    ),
    "misprint": N_("the printed figure is a misprint of the source's (a digit off); the verdict follows the rule"),
    "wrong_period": N_("the figure is for another period than the one the article names"),
    "wrong_basis": N_("the figure is on another basis (line item, scope) than the one it is compared with"),
    "rounding": N_(
        "the computed value, rounded to the printed figure's own significant digits, is the printed figure: the printed "
        "rounding explains the gap"
    ),
    "overstated": N_("the printed figure is above the computed one by more than its rounding explains"),
    "understated": N_("the printed figure is below the computed one by more than its rounding explains"),
    "no_source": N_("no source in the reference data gives the figure needed to check the claim"),
    "only_a_bound": N_("the sources give only a bound (such as 'more than $100M'), which the printed figure does not cross"),
}


def rule(messages: Messages, holds_pct: object, tolerance_pct: object) -> str:
    """The verdict rule with a run's thresholds, in the messages' language (in English: rule_text's words)."""
    values = {name: f"{to_decimal(v, name).normalize():f}" for name, v in (("holds", holds_pct), ("tolerance", tolerance_pct))}
    return messages.gettext(RULE) % values


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


def reasons(kinds: Sequence[str], cards: Sequence[ClaimCard], messages: Messages | None = None) -> list[Reason]:
    """Each reason kind with its meaning and the first claim in the data that carries it, as its verdict or in another
    reading (None when no claim does)."""

    def example(kind: str) -> ClaimCard | None:
        first = next((c for c in cards if c.reason_kind == kind), None)  # a primary verdict, else another reading
        return first or next((c for c in cards if any(r.reason_kind == kind for r in c.alternatives)), None)

    def meaning(kind: str) -> str:
        if messages is None or kind not in REASON_MEANING_WORDS:
            return REASON_MEANINGS[kind]
        return messages.gettext(REASON_MEANING_WORDS[kind])

    return [Reason(k, meaning(k), example(k)) for k in kinds]


def bases(ledger: Ledger, lang: str = DEFAULT_LANGUAGE) -> list[Basis]:
    """The comparison bases of data/capex_bases.csv: the like-for-like one first, with each company's years,
    in `lang`."""

    def words(row: dict[str, object], column: str) -> str:
        return datatext.text(str(row[column] or ""), "capex_bases", column, lang)

    found: dict[str, list[dict[str, object]]] = {}
    for row in ledger.capex_bases.to_dict("records"):
        found.setdefault(str(row["basis_id"]), []).append(row)
    out = [
        Basis(
            basis_id,
            words(rows[0], "basis_label"),
            rows[0]["basis_role"] == "like_for_like",
            tuple((str(r["entity"]), words(r, "line_item_note")) for r in rows),
            tuple(dict.fromkeys(words(r, "overlap") for r in rows if r["overlap"])),
        )
        for basis_id, rows in found.items()
    ]
    return sorted(out, key=lambda b: not b.like_for_like)


def levels(site: Site) -> list[Level]:
    rows = list(citations.sources(site.inputs.ledger, site.lang).values())
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
        rule=rule(site.messages, values.get("holds_pct", 1), values.get("tolerance_pct", 5)),
        holds_pct=number(values.get("holds_pct", 1)),
        tolerance_pct=number(values.get("tolerance_pct", 5)),
        verdicts=VERDICTS,
        data_reasons=reasons(DATA_REASON_KINDS, cards, site.messages),
        rule_reasons=reasons(RULE_REASON_KINDS, cards, site.messages),
        bases=bases(site.inputs.ledger, site.lang),
        outcomes=OUTCOMES,
        levels=levels(site),
        corrections=corrections(site.inputs.ledger),
        updated=last_updated(site.inputs.ledger),
        ratings=sorted((Rating(value, verdict) for verdict, value in RATING.items()), key=lambda r: -r.value),
        uncheckable=UNCHECKABLE,
    )
