"""The CSS class of each verdict and of each outcome: one place, for the display tables, the cards and
the templates (templates/site.css gives each class its colours; words always go with the colour)."""

from __future__ import annotations

from ..core import checks
from ..core.checks import APPROX, FAILS, HOLDS, UNCHECKABLE

VERDICT_CLASS = {HOLDS: "v-holds", APPROX: "v-approx", FAILS: "v-fails", UNCHECKABLE: "v-unchecked"}
# Longest first: "holds approximately (alternative reading)" starts with "holds" too.
_BY_LENGTH = sorted(VERDICT_CLASS, key=len, reverse=True)

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


def verdict_class(text: str) -> str | None:
    """The class of a verdict as a table shows it ('holds (alternative reading)' -> 'v-holds'); None for other text."""
    for verdict in _BY_LENGTH:
        if text == verdict or text.startswith(verdict + " "):
            return VERDICT_CLASS[verdict]
    return None


def outcome_class(outcome: str) -> str:
    return OUTCOME_CLASS.get(outcome, "o-unknown")
