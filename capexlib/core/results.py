"""What the checks engine hands on: one typed row per evaluated check, and the frame built from them.

A check of data/checks.csv gives a `CheckResult` (a verdict on what was known at publication), one of
data/hindsight_checks.csv an `OutcomeResult` (how the printed figure aged: an outcome label, never a
verdict). Both carry the check, its claim as printed, the computed value and where it came from
(`Evaluated`). The notebooks and `capexlib.report` read them as one pandas frame per table (`frame`):
the same columns for both tables, in `COLUMNS` order, the other kind's columns empty.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from decimal import Decimal

import pandas as pd

from .fx import Rate


@dataclass(frozen=True, kw_only=True)
class Evaluated:
    """An evaluated check of either table: the check, its claim as printed, and what the sources give."""

    check_id: str
    claim_id: str
    article_id: str
    role: str  # primary or alternative
    topic: str
    relation: str
    entity: str
    metric: str
    quote: str
    stated: Decimal  # the printed amount (the low end of a printed range)
    stated_high: Decimal | None
    unit: str  # the claim's currency or unit
    qualifier: str | None
    printed_as: str  # the figure exactly as the quote prints it
    computed: Decimal | None  # None for an unverifiable check
    computed_is: str  # value, upper_bound or lower_bound
    tolerance_pct: Decimal
    holds_pct: Decimal
    reason_kind: str  # '' when none applies
    rate: Rate | None  # the exchange rate a conversion used
    operands: str  # the resolved tokens, space-separated
    unconfirmed_input: bool
    sources: str  # the reference and outcome rows the value comes from, space-separated
    note: str | None
    judged_against: str  # knowledge at publication, or later outcomes


@dataclass(frozen=True, kw_only=True)
class CheckResult(Evaluated):
    """A verdict on a printed figure (data/checks.csv): `capexlib.core.verdicts` decides it."""

    verdict: str
    deviation_pct: Decimal | None = None  # percent off, None where none means anything
    bound_met: bool | None = None  # a printed bound satisfied or not; None for other figures
    miss_pct: Decimal | None = None  # the miss the label is decided on
    rounds: bool = False  # the printed rounding explains the gap


@dataclass(frozen=True, kw_only=True)
class OutcomeResult(Evaluated):
    """How a printed figure aged (data/hindsight_checks.csv): `capexlib.core.aging` labels it."""

    outcome: str
    change_pct: Decimal | None = None  # the later value against the printed one, percent of the printed
    confidence: str | None = None  # confirmed, secondary or unconfirmed: the least sure input


Result = CheckResult | OutcomeResult

# The frame's columns, in the order scorecard.csv and hindsight.csv have always had them.
COLUMNS = (
    "check_id",
    "claim_id",
    "article_id",
    "role",
    "topic",
    "relation",
    "entity",
    "metric",
    "quote",
    "stated",
    "stated_high",
    "unit",
    "qualifier",
    "printed_as",
    "computed",
    "computed_is",
    "deviation_pct",
    "bound_met",
    "miss_pct",
    "rounds",
    "tolerance_pct",
    "holds_pct",
    "verdict",
    "reason_kind",
    "rate",
    "operands",
    "unconfirmed_input",
    "sources",
    "outcome",
    "change_pct",
    "confidence",
    "note",
    "judged_against",
)
# What a row of the other kind holds in the columns it does not have.
_EMPTY: dict[str, object] = {
    "deviation_pct": None,
    "bound_met": None,
    "miss_pct": None,
    "rounds": False,
    "verdict": None,
    "outcome": None,
    "change_pct": None,
    "confidence": None,
}


def row(result: Result) -> dict[str, object]:
    """One result as a frame row: every column of COLUMNS (the other kind's empty), values as they are
    (shallow: a Rate stays a Rate)."""
    own = {f.name: getattr(result, f.name) for f in fields(result)}
    return {name: own[name] if name in own else _EMPTY[name] for name in COLUMNS}


def frame(results: Iterable[Result]) -> pd.DataFrame:
    """The results as one frame of objects (Decimals stay exact), indexed by check_id."""
    table = pd.DataFrame([row(r) for r in results], columns=list(COLUMNS), dtype=object)
    table.index = table["check_id"].tolist()
    return table
