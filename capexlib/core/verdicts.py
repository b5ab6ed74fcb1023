"""The verdict rule: how a computed value judges a printed figure. The only place a verdict is decided.

The computed value is compared with the claim's printed amount by one rule, `judge`, stated in words by
`rule_text` (the README and the scorecard's column description print that text):

- "Percent off" is (printed - computed) / computed x 100 (`capexlib.core.numbers.percent_off`).
- A plain or 약 (approx) figure *holds* when it is within `holds_pct` percent of the computed value,
  *holds approximately* within `tolerance_pct`, and otherwise *does not hold*. The label depends only on
  the size of the miss, so a larger miss never gets a better label (tests/test_checks.py states this as
  a property). Where the printed rounding explains the miss (the computed value rounds to the printed
  figure at its last printed digit) the reason says so, but the label still follows the rule.
- A bound (이상 at_least, 최대 at_most) *holds* when the computed value satisfies it; short of it by no
  more than the tolerance it *holds approximately*; otherwise it *does not hold*. A bound has no
  percent off: it is satisfied or missed by some percent.
- Every verdict but *holds* carries a reason kind (`REASON_KINDS`). A check may name one in the data
  (`reason_kind`): `misattributed` (the figure belongs to something else), `garbled` (not a number to
  compare) and `different_measure` (the computed figure measures another thing: a hardware budget against
  a training run) make the claim as written *does not hold*, the last two with no percent off (a multiple
  is shown instead); `misprint`, `wrong_period` and `wrong_basis` explain without changing the label.
  Otherwise the rule names it: `rounding` only when the computed value, rounded to the printed figure's
  own significant digits, gives the printed figure (900억 to one digit is 900억, so "약 1000억" is not a
  rounding of it); else `overstated` or `understated` by the side the printed figure is on; `no_source`
  when the sources cannot settle the claim, `only_a_bound` when they give only a bound that cannot.
- When the computed value is itself only a bound (`computed_is`: an operand is known only as "more than"),
  the printed figure fails when it lies beyond that bound by more than the tolerance; otherwise it
  cannot be checked.

The checks engine (`capexlib.core.checks`) computes the value and calls these; what a hindsight check says
instead of a verdict is `capexlib.core.aging`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .numbers import ZERO, percent_off, rounding_explains, to_decimal
from .phrase import N_

HOLDS = "holds"
APPROX = "holds approximately"
FAILS = "does not hold"
UNCHECKABLE = "cannot be checked from these sources"
VERDICTS = (HOLDS, APPROX, FAILS, UNCHECKABLE)
# Why a check came out as it did, as data (checks.csv column reason_kind) or by the rule, so a reader can filter.
DATA_REASON_KINDS = ("misattributed", "garbled", "different_measure", "misprint", "wrong_period", "wrong_basis")
RULE_REASON_KINDS = ("rounding", "overstated", "understated", "no_source", "only_a_bound")
REASON_KINDS = DATA_REASON_KINDS + RULE_REASON_KINDS
REASON_MEANINGS = {
    "misattributed": N_(
        "the figure is right but belongs to something else (another model, company or period): the claim as written does not hold"
    ),
    "garbled": N_(
        "the printed figure is not a number that can be compared (a garbled statement): "
        "it does not hold and no percent off is shown"
    ),
    "different_measure": N_(
        "the computed figure measures another thing (a hardware budget against a training run): "
        "read this way the claim does not hold; the multiple is shown, not a percent"
    ),
    "misprint": N_("the printed figure is a misprint of the source's (a digit off); the verdict follows the rule"),
    "wrong_period": N_("the figure is for another period than the one the article names"),
    "wrong_basis": N_("the figure is on another basis (line item, scope) than the one it is compared with"),
    "rounding": N_(
        "the computed value, rounded to the printed figure's own significant digits, is the printed figure: "
        "the printed rounding explains the gap"
    ),
    "overstated": N_("the printed figure is above the computed one by more than its rounding explains"),
    "understated": N_("the printed figure is below the computed one by more than its rounding explains"),
    "no_source": N_("no source in the reference data gives the figure needed to check the claim"),
    "only_a_bound": N_("the sources give only a bound (such as 'more than $100M'), which the printed figure does not cross"),
}
FORCED_FAILS = frozenset({"misattributed", "garbled", "different_measure"})
NO_PERCENT = frozenset({"garbled", "different_measure"})  # not a like-for-like comparison: no percent off
BOUNDS = ("at_least", "at_most")

DEFAULT_HOLDS_PCT = Decimal(1)
DEFAULT_TOLERANCE_PCT = Decimal(5)


def rule_text(holds_pct: object = DEFAULT_HOLDS_PCT, tolerance_pct: object = DEFAULT_TOLERANCE_PCT) -> str:
    """The verdict rule in words, with the thresholds of a run (README, scorecard column description)."""
    h = to_decimal(holds_pct, "holds_pct").normalize()
    t = to_decimal(tolerance_pct, "tolerance_pct").normalize()
    return (
        "Percent off = (printed - computed) / computed x 100. "
        f"A plain or 약 (about) figure holds when it is within {h:f}% of the computed value (run parameter holds_pct), "
        f"holds approximately within {t:f}% (tolerance_pct, or the check's own tolerance), and otherwise does not hold: "
        "a larger miss never gets a better label, whatever the printed rounding. Every label but holds carries a reason kind: "
        "rounding only when the computed value, rounded to the printed figure's own significant digits, is the printed "
        "figure; otherwise overstated or understated, unless the data names another reason. "
        "A bound (이상 at least, 최대 at most) holds when the computed value satisfies it, holds approximately when it "
        "falls short by no more than the tolerance, and otherwise does not hold; a bound shows whether it is satisfied, "
        "not a percent off. A misattributed, garbled or different-measure figure does not hold as written (the last two "
        "with no percent off). "
        "A claim the sources cannot settle is 'cannot be checked from these sources'."
    )


@dataclass(frozen=True)
class Judgement:
    """A verdict and what it rests on.

    `deviation_pct` is the percent off, None where none means anything (a bound, a zero computed value);
    `bound_met` says whether a printed bound (이상/최대) is satisfied (None for other figures); `miss_pct`
    is the miss the label is decided on: |percent off|, or how far short of a bound (0 when met), None
    when no finite percentage measures it.
    """

    verdict: str
    deviation_pct: Decimal | None
    bound_met: bool | None = None
    miss_pct: Decimal | None = None


def judge(
    stated: Decimal,
    computed: Decimal,
    qualifier: str | None,
    tolerance_pct: Decimal,
    holds_pct: Decimal = DEFAULT_HOLDS_PCT,
) -> Judgement:
    """The verdict on a printed figure against the computed value (the rule in the module docstring)."""
    deviation = percent_off(stated, computed)
    miss = None if deviation is None else abs(deviation)
    if qualifier in BOUNDS:
        met = computed >= stated if qualifier == "at_least" else computed <= stated
        if met:
            return Judgement(HOLDS, None, True, ZERO)
        return Judgement(APPROX if miss is not None and miss <= tolerance_pct else FAILS, None, False, miss)
    if miss is None:  # computed is zero: only a printed zero matches it
        return Judgement(HOLDS if stated == 0 else FAILS, None, None, ZERO if stated == 0 else None)
    if miss <= min(holds_pct, tolerance_pct):
        return Judgement(HOLDS, deviation, None, miss)
    return Judgement(APPROX if miss <= tolerance_pct else FAILS, deviation, None, miss)


def judge_against_bound(
    stated: Decimal, bound: Decimal, computed_is: str, qualifier: str | None, tolerance_pct: Decimal
) -> Judgement:
    """The verdict when the computed value is only a bound: the true value is at most (upper_bound) or at
    least (lower_bound) `bound`. A printed figure beyond the bound by more than the tolerance does not hold
    (it misses every value the sources allow); a printed bound the computed bound guarantees holds; the
    rest cannot be checked."""
    beyond = percent_off(stated, bound)  # > 0: printed above the bound
    if computed_is == "upper_bound":
        if qualifier == "at_most" and bound <= stated:
            return Judgement(HOLDS, None)
        if beyond is not None and beyond > tolerance_pct:
            return Judgement(FAILS, None, None, beyond)
    else:
        if qualifier == "at_least" and bound >= stated:
            return Judgement(HOLDS, None)
        if beyond is not None and -beyond > tolerance_pct:
            return Judgement(FAILS, None, None, -beyond)
    return Judgement(UNCHECKABLE, None)


def rule_reason(judgement: Judgement, stated: Decimal, computed: Decimal, qualifier: str | None, rounds: bool) -> str:
    """The reason kind the rule gives a numeric verdict other than holds: rounding when the printed rounding
    explains the gap, else the side the printed figure is on."""
    if rounds:
        return "rounding"
    if judgement.bound_met is False:
        return "overstated" if qualifier == "at_least" else "understated"
    return "overstated" if stated > computed else "understated"


def printed_rounding_explains(
    stated: Decimal, stated_high: Decimal | None, computed: Decimal, qualifier: str | None, computed_is: str, is_date: bool
) -> bool:
    """Whether the printed rounding explains a gap: only when the computed value, rounded to the printed
    figure's own significant digits, is the printed figure (never for a bound, a range or a date)."""
    return (
        not is_date
        and computed_is == "value"
        and qualifier not in BOUNDS
        and stated_high is None
        and rounding_explains(stated, computed)
    )


@dataclass(frozen=True)
class Decision:
    """A judgement with its reason kind applied: the label shown, why, and the percentages shown with it."""

    verdict: str
    reason_kind: str
    deviation_pct: Decimal | None
    miss_pct: Decimal | None


def decide(
    judgement: Judgement,
    data_reason: str,
    stated: Decimal,
    computed: Decimal,
    qualifier: str | None,
    rounds: bool,
    is_date: bool = False,
) -> Decision:
    """The verdict a reader sees: a reason kind the data names wins (and misattributed, garbled and
    different_measure make the claim as written not hold); otherwise the rule names one for every label but
    holds (a date that misses is the wrong period). Garbled and different-measure figures show no percent."""
    verdict, reason = judgement.verdict, data_reason
    if reason in FORCED_FAILS:
        verdict = FAILS
    elif not reason and verdict in (APPROX, FAILS):
        reason = "wrong_period" if is_date else rule_reason(judgement, stated, computed, qualifier, rounds)
    elif not reason and verdict == UNCHECKABLE:
        reason = "only_a_bound"
    if reason in NO_PERCENT:
        return Decision(verdict, reason, None, None)
    return Decision(verdict, reason, judgement.deviation_pct, judgement.miss_pct)
