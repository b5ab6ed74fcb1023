"""Evaluate data/checks.csv: compute each check's value and judge the printed claim against it.

This module is the only place where a verdict is decided. A check names a claim, a relation and its
operands (claims, reference rows, like-for-like bases, outcomes, run parameters; see
`capexlib.core.operands`).

Two tables hold checks, two kinds of judgement: data/checks.csv judges each claim on what was known when
the article appeared (a verdict), data/hindsight_checks.csv on what happened afterwards (an outcome, in
words of its own: "spent more than planned", never a verdict; see `aged`). The engine is the same; each
evaluated row says which it was judged against (`judged_against`). The computed value is compared with the
claim's printed amount by one rule, `judge`, stated in words by `rule_text` (the README and the scorecard's
column description print that text):

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
- Relation 'unverifiable': "cannot be checked from these sources", the reason in the check's note.
- Relation 'date': the reference's date against the printed date or month (holds when inside it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import pandas as pd

from . import operands
from .conversions import rate_for_article
from .fx import FxScenario, Rate
from .ledger import Ledger
from .money import printed_as
from .numbers import CTX, HUNDRED, ONE, ZERO, percent, percent_off, product, ratio, rounding_explains, to_decimal, total
from .operands import OperandError, Token
from .units import is_money

HOLDS = "holds"
APPROX = "holds approximately"
FAILS = "does not hold"
UNCHECKABLE = "cannot be checked from these sources"
VERDICTS = (HOLDS, APPROX, FAILS, UNCHECKABLE)
AS_PUBLISHED = "knowledge at publication"
LATER_OUTCOMES = "later outcomes"
JUDGED_AGAINST = {"checks": AS_PUBLISHED, "hindsight_checks": LATER_OUTCOMES}  # check table -> what it judges against

# Why a check came out as it did, as data (checks.csv column reason_kind) or by the rule, so a reader can filter.
DATA_REASON_KINDS = ("misattributed", "garbled", "different_measure", "misprint", "wrong_period", "wrong_basis")
RULE_REASON_KINDS = ("rounding", "overstated", "understated", "no_source", "only_a_bound")
REASON_KINDS = DATA_REASON_KINDS + RULE_REASON_KINDS
REASON_MEANINGS = {
    "misattributed": "the figure is right but belongs to something else (another model, company or period): "
    "the claim as written does not hold",
    "garbled": "the printed figure is not a number that can be compared (a garbled statement): "
    "it does not hold and no percent off is shown",
    "different_measure": "the computed figure measures another thing (a hardware budget against a training run): "
    "read this way the claim does not hold; the multiple is shown, not a percent",
    "misprint": "the printed figure is a misprint of the source's (a digit off); the verdict follows the rule",
    "wrong_period": "the figure is for another period than the one the article names",
    "wrong_basis": "the figure is on another basis (line item, scope) than the one it is compared with",
    "rounding": "the computed value, rounded to the printed figure's own significant digits, is the printed figure: "
    "the printed rounding explains the gap",
    "overstated": "the printed figure is above the computed one by more than its rounding explains",
    "understated": "the printed figure is below the computed one by more than its rounding explains",
    "no_source": "no source in the reference data gives the figure needed to check the claim",
    "only_a_bound": "the sources give only a bound (such as 'more than $100M'), which the printed figure does not cross",
}
FORCED_FAILS = frozenset({"misattributed", "garbled", "different_measure"})
NO_PERCENT = frozenset({"garbled", "different_measure"})  # not a like-for-like comparison: no percent off
BOUNDS = ("at_least", "at_most")

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
# How sure a source makes a figure: the primary document seen stating it, a secondary copy or report, or
# neither (a weak source, a collector's note, a derived figure).
CONFIDENCE_LEVELS = ("confirmed", "secondary", "unconfirmed")

DEFAULT_HOLDS_PCT = Decimal(1)
DEFAULT_TOLERANCE_PCT = Decimal(5)
MONTHS_PER_YEAR = 12
BASIS_PARTS = {"actual": "actual_2024_refs", "plan": "plan_2025_refs"}  # basis:ID.part -> capex_bases column


class CheckError(ValueError):
    """A check row cannot be evaluated (wrong units, a missing parameter); names the check."""


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


def confidence_level(confidence: str | None, source_kind: str | None) -> str:
    """confirmed (a primary source seen stating it), secondary, or unconfirmed (said so in the data)."""
    if (confidence or "").startswith("unconfirmed"):
        return "unconfirmed"
    return "confirmed" if source_kind == "primary" else "secondary"


def weakest(levels: list[str]) -> str:
    """The least sure of several confidence levels (a sum is as sure as its least sure part)."""
    return max(levels, key=CONFIDENCE_LEVELS.index, default="secondary")


def ymd(value: Decimal, what: str) -> dt.date:
    """A YYYYMMDD number (the reference's and the claims' unit 'date') as a date."""
    text = f"{value:f}"
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise CheckError(f"{what}: {text!r} is not a date written YYYYMMDD") from None


def months_index(day: dt.date) -> int:
    return day.year * MONTHS_PER_YEAR + day.month - 1


@dataclass(frozen=True)
class Operand:
    """One token of a check, resolved: its value and unit, and where it comes from."""

    token: str
    value: Decimal
    unit: str
    label: str  # the row id, or 'ID (printed)' for a claim
    entity: str = ""
    basis: str = ""  # the reference row's line item or basis
    confidence: str | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    source_kind: str | None = None  # primary or secondary (reference and outcome rows)
    kind: str | None = None  # an outcome's kind: actual, guidance, plan
    rows: tuple[str, ...] = ()  # the reference or outcome rows it comes from (a basis: each company's)

    @property
    def level(self) -> str | None:
        """confirmed, secondary or unconfirmed for a reference or outcome row; None for a claim or parameter."""
        return None if self.confidence is None else confidence_level(self.confidence, self.source_kind)


def basis_refs(ledger: Ledger, key: str) -> list[str]:
    """The reference ids a `basis:ID.part` token sums, from data/capex_bases.csv (every company of the basis)."""
    basis_id, _, part = key.partition(".")
    rows = ledger.capex_bases[ledger.capex_bases["basis_id"] == basis_id]
    if rows.empty or part not in BASIS_PARTS:
        raise CheckError(f"basis:{key} names no basis and part (basis:ID.actual or basis:ID.plan) of capex_bases.csv")
    return [ref for refs in rows[BASIS_PARTS[part]] for ref in refs.split()]


def _from_row(token: Token, row: Mapping[str, Any]) -> Operand:
    """The operand a reference or outcome row gives: its value and unit, entity, basis and confidence."""
    return Operand(
        token.text,
        row["value"],
        row["unit"],
        token.key,
        row["entity"],
        row["line_item_or_basis"],
        row["confidence"],
        source_kind=row.get("source_kind"),
        kind=row.get("kind"),
        rows=(token.key,),
    )


def resolve(ledger: Ledger, token: Token, params: Mapping[str, object], check_id: str) -> Operand:
    """The value a token stands for (negated when written with a leading '-')."""
    if token.kind == "claim":
        row = ledger.claim(token.key)
        op = Operand(
            token.text,
            row["amount"],
            row["currency"],
            f"{token.key} (printed)",
            row["entity"],
            period_start=row["period_start"],
            period_end=row["period_end"],
        )
    elif token.kind == "ref":
        row = ledger.reference_row(token.key)
        periods = {"period_start": row["period_start"], "period_end": row["period_end"]}
        op = replace(_from_row(token, row), basis=row["line_item_or_basis"] or "", **periods)
    elif token.kind == "basis":
        rows = [ledger.reference_row(ref) for ref in basis_refs(ledger, token.key)]
        units = {r["unit"] for r in rows}
        if len(units) != 1:
            raise CheckError(f"check {check_id}: {token.text} sums rows in several units ({', '.join(sorted(units))})")
        levels = [confidence_level(r["confidence"], r.get("source_kind")) for r in rows]
        least = rows[levels.index(weakest(levels))]
        op = Operand(
            token.text,
            total(r["value"] for r in rows),
            units.pop(),
            token.text,
            "; ".join(r["entity"] for r in rows),
            confidence=least["confidence"],
            source_kind=least.get("source_kind"),
            rows=tuple(basis_refs(ledger, token.key)),
        )
    elif token.kind == "out":
        row = ledger.outcome(token.key)
        if row["value"] is None or row["value_high"] is not None:  # the ledger refuses these; a hand-built one too
            raise CheckError(f"check {check_id}: outcome {token.key!r} is not a single figure")
        op = _from_row(token, row)
    else:
        if token.key not in params:
            raise CheckError(f"check {check_id}: operand {token.text!r} needs the run parameter {token.key!r}")
        value = to_decimal(params[token.key], f"check {check_id}: parameter {token.key!r}", CheckError)
        op = Operand(token.text, value, "param", f"parameter {token.key}")
    return replace(op, value=-op.value) if token.negate else op


def parsed_operands(check: Mapping[str, Any]) -> operands.Operands:
    try:
        return operands.parse(check["operands"], check["relation"])
    except OperandError as e:
        raise CheckError(f"check {check['check_id']}: {e}") from None


def holds_threshold(params: Mapping[str, object] | None) -> Decimal:
    """The run's holds_pct (a run parameter; the default when the caller gives none)."""
    raw = (params or {}).get("holds_pct", DEFAULT_HOLDS_PCT)
    return to_decimal(raw, "holds_pct", CheckError)


class CheckEvaluator:
    """Evaluates checks under one exchange-rate scenario, tolerance and parameter set (holds_pct among them)."""

    def __init__(
        self,
        ledger: Ledger,
        fx: FxScenario,
        tolerance_pct: Decimal | float | int = DEFAULT_TOLERANCE_PCT,
        params: Mapping[str, object] | None = None,
        table: str = "checks",
    ) -> None:
        if table not in JUDGED_AGAINST:
            raise CheckError(f"no table of checks named {table!r}; known: {', '.join(JUDGED_AGAINST)}")
        self.ledger = ledger
        self.fx = fx
        self.tolerance_pct = to_decimal(tolerance_pct, "tolerance_pct", CheckError)
        self.params = dict(params or {})
        self.table = table
        self.holds_pct = holds_threshold(self.params)

    def operands(self, check: Mapping[str, Any]) -> tuple[list[Operand], list[Operand] | None]:
        """The check's operands resolved: (all of them, None), or (first group, second group)."""
        parsed = parsed_operands(check)
        if check["relation"] in ("reference", "date") and any(t.kind not in ("ref", "basis", "out") for t in parsed.tokens):
            raise CheckError(f"check {check['check_id']}: a {check['relation']} check takes ref:, basis: (or out:) operands only")
        left = [resolve(self.ledger, t, self.params, check["check_id"]) for t in parsed.left]
        right = None if parsed.right is None else [resolve(self.ledger, t, self.params, check["check_id"]) for t in parsed.right]
        return left, right

    @staticmethod
    def _same_money(check_id: str, units: list[str], expected: str | None = None) -> None:
        money = {u for u in units if is_money(u)}
        if expected is not None and is_money(expected):
            money.add(expected)
        if len(money) > 1:
            raise CheckError(f"check {check_id}: operands mix currencies {', '.join(sorted(money))}; convert first")

    # -- one check -----------------------------------------------------------------------------
    def evaluate(self, check: Mapping[str, Any]) -> dict[str, Any]:
        claim = self.ledger.claim(check["claim_id"])
        tolerance = check["tolerance_pct"] if check["tolerance_pct"] is not None else self.tolerance_pct
        relation = check["relation"]
        reason = check.get("reason_kind") or ""
        computed_is = check.get("computed_is") or "value"
        out = {
            "check_id": check["check_id"],
            "claim_id": claim["claim_id"],
            "article_id": claim["article_id"],
            "role": check["role"],
            "topic": check["topic"],
            "relation": relation,
            "entity": claim["entity"],
            "metric": claim["metric"],
            "quote": claim["quote"],
            "stated": claim["amount"],
            "stated_high": claim["amount_high"],
            "unit": claim["currency"],
            "qualifier": claim["qualifier"],
            "printed_as": printed_as(claim["quote"], claim["amount"], claim["amount_high"]),
            "computed": None,
            "computed_is": computed_is,
            "deviation_pct": None,
            "bound_met": None,
            "miss_pct": None,
            "rounds": False,
            "tolerance_pct": tolerance,
            "holds_pct": self.holds_pct,
            "verdict": UNCHECKABLE,
            "reason_kind": reason,
            "rate": None,
            "operands": "",
            "unconfirmed_input": False,
            "sources": "",
            "outcome": None,
            "change_pct": None,
            "confidence": None,
            "note": check["note"],
            "judged_against": JUDGED_AGAINST[self.table],
        }
        if relation == "unverifiable":
            out["reason_kind"] = reason or "no_source"
            if self.table == "hindsight_checks":
                out.update(verdict=None, outcome=NO_OUTCOME)
            return out
        computed, ops, rate = self._compute(check, claim)
        out.update(
            computed=computed,
            rate=rate,
            operands=" ".join(o.token for o in ops),
            unconfirmed_input=any(o.level == "unconfirmed" for o in ops),
            sources=" ".join(dict.fromkeys(row for o in ops for row in o.rows)),
        )
        if self.table == "hindsight_checks":
            return self._outcome(out, check, claim, computed, ops, tolerance)
        if relation == "date":
            judgement = self._judge_date(check, claim, computed)
        elif computed_is != "value":
            judgement = judge_against_bound(claim["amount"], computed, computed_is, claim["qualifier"], tolerance)
        else:
            judgement = judge(claim["amount"], computed, claim["qualifier"], tolerance, self.holds_pct)
        verdict, deviation = judgement.verdict, judgement.deviation_pct
        # The printed rounding explains a gap only when the computed value, rounded to the printed figure's
        # own significant digits, is the printed figure (never for a bound, a range or a date).
        rounds = (
            relation != "date"
            and computed_is == "value"
            and claim["qualifier"] not in BOUNDS
            and claim["amount_high"] is None
            and rounding_explains(claim["amount"], computed)
        )
        if reason in FORCED_FAILS:
            verdict = FAILS
        elif not reason and verdict in (APPROX, FAILS):
            stated = claim["amount"]
            reason = (
                "wrong_period" if relation == "date" else rule_reason(judgement, stated, computed, claim["qualifier"], rounds)
            )
        elif not reason and verdict == UNCHECKABLE:
            reason = "only_a_bound"
        if reason in NO_PERCENT:
            deviation = None
        out.update(
            deviation_pct=deviation,
            bound_met=judgement.bound_met,
            miss_pct=judgement.miss_pct if reason not in NO_PERCENT else None,
            rounds=rounds,
            verdict=verdict,
            reason_kind=reason,
        )
        return out

    def _outcome(
        self,
        out: dict[str, Any],
        check: Mapping[str, Any],
        claim: Mapping[str, Any],
        later: Decimal,
        ops: list[Operand],
        tolerance: Decimal,
    ) -> dict[str, Any]:
        """A hindsight row: how the printed figure aged (an outcome label, never a verdict), and how sure."""
        levels = [o.level for o in ops if o.level is not None]
        if any(o.kind in ("guidance", "plan") for o in ops):  # what was said, not yet what happened
            result = Aged(NOT_YET_KNOWN, None)
        else:
            result = aged(claim["amount"], later, claim["qualifier"], tolerance, check["aged_as"], out["computed_is"])
        out.update(verdict=None, outcome=result.outcome, change_pct=result.change_pct, confidence=weakest(levels))
        return out

    def _judge_date(self, check: Mapping[str, Any], claim: Mapping[str, Any], computed: Decimal) -> Judgement:
        where = f"check {check['check_id']}"
        low = ymd(claim["amount"], f"{where}: claim {claim['claim_id']}")
        high = ymd(claim["amount_high"], f"{where}: claim {claim['claim_id']}") if claim["amount_high"] is not None else low
        inside = low <= ymd(computed, f"{where}: operand") <= high
        return Judgement(HOLDS if inside else FAILS, None, None, None)

    def _compute(self, check: Mapping[str, Any], claim: Mapping[str, Any]) -> tuple[Decimal, list[Operand], Rate | None]:
        left, right = self.operands(check)
        target = check.get("convert_to")
        if not target:
            return self._relate(check, claim, left, right)
        # e.g. dollars to won at the run's rate for the claim's article, before the relation
        rates: list[Rate] = []

        def converted(op: Operand) -> Operand:
            if not is_money(op.unit) or op.unit == target:
                return op
            rate = rate_for_article(self.ledger, self.fx, claim["article_id"], op.unit, target)
            rates.append(rate)
            return replace(op, value=CTX.multiply(op.value, rate.rate), unit=target)

        left = [converted(o) for o in left]
        right = None if right is None else [converted(o) for o in right]
        if not rates:
            raise CheckError(f"check {check['check_id']}: convert_to {target!r}, but no operand is in another currency")
        value, ops, _ = self._relate(check, claim, left, right)
        return value, ops, rates[0]

    def _relate(
        self, check: Mapping[str, Any], claim: Mapping[str, Any], left: list[Operand], right: list[Operand] | None
    ) -> tuple[Decimal, list[Operand], Rate | None]:
        relation, check_id = check["relation"], check["check_id"]
        if relation == "conversion":
            if len(left) != 1 or not is_money(left[0].unit):
                raise CheckError(f"check {check_id}: a conversion takes one money operand")
            rate = rate_for_article(self.ledger, self.fx, claim["article_id"], left[0].unit, claim["currency"])
            return CTX.multiply(left[0].value, rate.rate), left, rate
        if relation == "date":
            if len(left) != 1 or not left[0].unit.startswith("date") or claim["currency"] != "date":
                raise CheckError(f"check {check_id}: a date check takes one reference date and a claim in unit 'date'")
            return left[0].value, left, None
        if relation == "annual_run_rate":
            return self._annual_run_rate(check_id, left, claim), left, None
        if right is None:  # sum, reference, product
            if not left:
                raise CheckError(f"check {check_id}: relation {relation} needs operands")
            if relation == "product":
                return product(o.value for o in left), left, None
            self._same_money(check_id, [o.unit for o in left], claim["currency"])
            return total(o.value for o in left), left, None
        ops = left + right
        if relation == "months_between":
            return self._months_between(check_id, left, right), ops, None
        a, b = total(o.value for o in left), total(o.value for o in right)
        if relation == "difference":
            self._same_money(check_id, [o.unit for o in ops], claim["currency"])
            return CTX.subtract(a, b), ops, None
        self._same_money(check_id, [o.unit for o in ops])
        if b == 0:
            raise CheckError(f"check {check_id}: the denominator is zero")
        if relation == "ratio":
            return ratio(a, b), ops, None
        if relation == "share_pct":
            return percent(a, b), ops, None
        if relation == "growth_pct":
            return CTX.multiply(CTX.subtract(ratio(a, b), ONE), HUNDRED), ops, None
        if relation == "decline_pct":
            return CTX.multiply(CTX.subtract(ONE, ratio(a, b)), HUNDRED), ops, None
        raise CheckError(f"check {check_id}: unknown relation {relation!r}")

    def _annual_run_rate(self, check_id: str, ops: list[Operand], claim: Mapping[str, Any]) -> Decimal:
        """The operands' sum over a year: x 12 / the months their (one shared) period covers."""
        periods = {(o.period_start, o.period_end) for o in ops}
        if not ops or len(periods) != 1 or None in next(iter(periods)):
            raise CheckError(
                f"check {check_id}: an annual run rate needs operands with one stated period (period_start, period_end)"
            )
        self._same_money(check_id, [o.unit for o in ops], claim["currency"])
        start, end = periods.pop()
        assert start is not None and end is not None  # checked above; mypy cannot see it
        months = months_index(end) - months_index(start) + 1
        return CTX.divide(CTX.multiply(total(o.value for o in ops), Decimal(MONTHS_PER_YEAR)), Decimal(months))

    @staticmethod
    def _months_between(check_id: str, later: list[Operand], earlier: list[Operand]) -> Decimal:
        """Calendar months from the earlier operand's period to the later one's (their first days)."""
        if len(later) != 1 or len(earlier) != 1 or later[0].period_start is None or earlier[0].period_start is None:
            raise CheckError(f"check {check_id}: months_between takes one dated operand on each side of '-'")
        return Decimal(months_index(later[0].period_start) - months_index(earlier[0].period_start))

    def evaluate_all(self) -> pd.DataFrame:
        rows = [self.evaluate(check) for check in self.ledger.records(self.table).values()]
        frame = pd.DataFrame(rows, dtype=object)
        frame.index = frame["check_id"].tolist()
        return frame


def evaluate_checks(
    ledger: Ledger,
    fx: FxScenario | None = None,
    tolerance_pct: Decimal | float | int = DEFAULT_TOLERANCE_PCT,
    params: Mapping[str, object] | None = None,
    table: str = "checks",
) -> pd.DataFrame:
    """Every check's computed value, percent off, verdict and reason kind (one row per check, in file order).

    `params` holds the run parameters the checks use (param: operands, and holds_pct). `table` "checks"
    gives the as-published verdicts, "hindsight_checks" how the claims aged.
    """
    return CheckEvaluator(ledger, fx or FxScenario(), tolerance_pct, params, table).evaluate_all()


def evaluate_hindsight(
    ledger: Ledger,
    fx: FxScenario | None = None,
    tolerance_pct: Decimal | float | int = DEFAULT_TOLERANCE_PCT,
    params: Mapping[str, object] | None = None,
) -> pd.DataFrame:
    """The hindsight checks (data/hindsight_checks.csv), each judged against later outcomes."""
    return evaluate_checks(ledger, fx, tolerance_pct, params, "hindsight_checks")


def verdict_counts(verdicts: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Counts of each verdict among primary checks, overall or by a column (article_id, topic)."""
    primary = verdicts[verdicts["role"] == "primary"]
    if by is None:
        counts = primary["verdict"].value_counts()
        return pd.DataFrame({"checks": [int(counts.get(v, 0)) for v in VERDICTS]}, index=list(VERDICTS))
    table = pd.crosstab(primary[by], primary["verdict"])
    return table.reindex(columns=list(VERDICTS), fill_value=0)


def outcome_counts(hindsight: pd.DataFrame) -> pd.DataFrame:
    """How many primary hindsight rows aged each way (only the outcomes that occur, in OUTCOMES order)."""
    primary = hindsight[hindsight["role"] == "primary"]
    counts = primary["outcome"].value_counts()
    shown = [o for o in OUTCOMES if counts.get(o, 0)]
    return pd.DataFrame({"claims": [int(counts[o]) for o in shown]}, index=shown)
