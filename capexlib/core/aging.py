"""How a printed plan or figure aged: the words a hindsight check says instead of a verdict.

data/hindsight_checks.csv sets each printed figure against what happened afterwards (data/outcomes.csv).
The answer is an outcome label of its own ("spent more than planned", "later figure lower", "not yet
known"), never a verdict: a plan reported right and then exceeded was not a false report. `aged` decides
the label from the printed figure, the later value and the run's tolerance; the checks engine
(`capexlib.core.checks`) computes the later value and calls it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .numbers import percent_off

# How a printed plan or figure aged (data/hindsight_checks.csv column aged_as: spending or figure). Words of
# their own and colours of their own: a plan reported right and then exceeded was not a false report.
SPENT_MORE = "spent more than planned"
SPENT_ABOUT = "spent about as planned"
SPENT_LESS = "spent less than planned"
OVER_MAXIMUM = "spent more than the stated maximum"
WITHIN_MAXIMUM = "stayed within the stated maximum"
MET_MINIMUM = "spent at least the stated minimum"
UNDER_MINIMUM = "spent less than the stated minimum"
LATER_HIGHER = "later figure higher"
LATER_ABOUT = "later figure about the same"
LATER_LOWER = "later figure lower"
NOT_YET_KNOWN = "not yet known"
NO_OUTCOME = "cannot be checked"
OUTCOMES = (
    SPENT_MORE,
    SPENT_ABOUT,
    SPENT_LESS,
    OVER_MAXIMUM,
    WITHIN_MAXIMUM,
    MET_MINIMUM,
    UNDER_MINIMUM,
    LATER_HIGHER,
    LATER_ABOUT,
    LATER_LOWER,
    NOT_YET_KNOWN,
    NO_OUTCOME,
)
AGED_AS = ("spending", "figure")


@dataclass(frozen=True)
class Aged:
    """How a printed figure aged: its outcome label and the later value against the printed one, in
    percent of the printed figure (None for a bound or where no percentage means anything)."""

    outcome: str
    change_pct: Decimal | None


def aged(
    stated: Decimal, later: Decimal, qualifier: str | None, tolerance_pct: Decimal, aged_as: str, computed_is: str = "value"
) -> Aged:
    """The outcome label of a printed plan (aged_as "spending") or figure ("figure") against what happened.

    The change is (later - printed) / |printed| x 100: "spent more than planned (+31.8%)" is 31.8% above
    the plan. Within the tolerance either way it is "about as planned" (or "about the same"). A printed
    maximum (최대) that was passed was exceeded, and a printed minimum (이상) met or not, whatever the size.
    A later value known only as a bound says only which side the printed figure is on, with no percent.
    """
    if computed_is != "value":
        below_bound = stated > later if computed_is == "upper_bound" else stated < later
        if not below_bound:
            return Aged(NO_OUTCOME, None)
        return Aged(LATER_LOWER if computed_is == "upper_bound" else LATER_HIGHER, None)
    change = percent_off(later, stated)
    if qualifier == "at_most":
        return Aged(OVER_MAXIMUM if later > stated else WITHIN_MAXIMUM, change)
    if qualifier == "at_least":
        return Aged(MET_MINIMUM if later >= stated else UNDER_MINIMUM, change)
    spending = aged_as == "spending"
    if change is None or abs(change) <= tolerance_pct:
        return Aged(SPENT_ABOUT if spending else LATER_ABOUT, change)
    if change > 0:
        return Aged(SPENT_MORE if spending else LATER_HIGHER, change)
    return Aged(SPENT_LESS if spending else LATER_LOWER, change)
