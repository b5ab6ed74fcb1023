"""Evaluate data/checks.csv and data/hindsight_checks.csv: compute each check's value from its operands and
judge the printed claim against it.

A check names a claim, a relation and its operands (claims, reference rows, like-for-like bases,
outcomes, run parameters; see `capexlib.core.operands`, resolved by `capexlib.core.resolve`). Two tables
hold checks, two kinds of judgement, one engine:

- data/checks.csv judges each claim on what was known when the article appeared: a verdict by the one
  rule of `capexlib.core.verdicts` (a `CheckResult`);
- data/hindsight_checks.csv sets it against what happened afterwards: an outcome in words of its own
  ("spent more than planned"), never a verdict, by `capexlib.core.aging` (an `OutcomeResult`).

Each result says which it was judged against (`judged_against`); `capexlib.core.results` turns them
into the frame the notebooks and `capexlib.report` read. Relations computed here: sum, difference,
product, ratio, share, growth, decline, conversion (at the run's rate for the claim's article), reference,
date (the reference's date against the printed date or month), months between, annual run rate, and
unverifiable ("cannot be checked from these sources", the reason in the check's note).

The names this module has always offered (the rule's labels, the outcome labels, `judge`, `resolve`, ...)
are re-exported from their homes, so `from capexlib.core.checks import HOLDS` keeps working.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pandas as pd

from .aging import (
    AGED_AS,
    LATER_ABOUT,
    LATER_HIGHER,
    LATER_LOWER,
    MET_MINIMUM,
    NO_OUTCOME,
    NOT_YET_KNOWN,
    OUTCOMES,
    OVER_MAXIMUM,
    SPENT_ABOUT,
    SPENT_LESS,
    SPENT_MORE,
    UNDER_MINIMUM,
    WITHIN_MAXIMUM,
    Aged,
    aged,
)
from .confidence import CONFIDENCE_LEVELS, confidence_level, weakest
from .conversions import rate_for_article
from .fx import FxScenario, Rate
from .ledger import Ledger
from .money import printed_as
from .numbers import CTX, to_decimal
from .relations import months_index, relate, ymd
from .resolve import BASIS_PARTS, CheckError, Operand, ParamValue, basis_refs, parsed_operands, resolve
from .results import CheckResult, OutcomeResult, Result, frame
from .units import is_money
from .verdicts import (
    APPROX,
    BOUNDS,
    DATA_REASON_KINDS,
    DEFAULT_HOLDS_PCT,
    DEFAULT_TOLERANCE_PCT,
    FAILS,
    FORCED_FAILS,
    HOLDS,
    NO_PERCENT,
    REASON_KINDS,
    REASON_MEANINGS,
    RULE_REASON_KINDS,
    UNCHECKABLE,
    VERDICTS,
    Judgement,
    decide,
    judge,
    judge_against_bound,
    printed_rounding_explains,
    rule_reason,
    rule_text,
)

__all__ = [
    "AGED_AS",
    "APPROX",
    "AS_PUBLISHED",
    "BASIS_PARTS",
    "BOUNDS",
    "CONFIDENCE_LEVELS",
    "DATA_REASON_KINDS",
    "DEFAULT_HOLDS_PCT",
    "DEFAULT_TOLERANCE_PCT",
    "FAILS",
    "FORCED_FAILS",
    "HOLDS",
    "JUDGED_AGAINST",
    "LATER_ABOUT",
    "LATER_HIGHER",
    "LATER_LOWER",
    "LATER_OUTCOMES",
    "MET_MINIMUM",
    "NOT_YET_KNOWN",
    "NO_OUTCOME",
    "NO_PERCENT",
    "OUTCOMES",
    "OVER_MAXIMUM",
    "REASON_KINDS",
    "REASON_MEANINGS",
    "RULE_REASON_KINDS",
    "SPENT_ABOUT",
    "SPENT_LESS",
    "SPENT_MORE",
    "UNCHECKABLE",
    "UNDER_MINIMUM",
    "VERDICTS",
    "WITHIN_MAXIMUM",
    "Aged",
    "CheckError",
    "CheckEvaluator",
    "CheckResult",
    "Judgement",
    "Operand",
    "OutcomeResult",
    "aged",
    "basis_refs",
    "confidence_level",
    "evaluate_checks",
    "evaluate_hindsight",
    "holds_threshold",
    "judge",
    "judge_against_bound",
    "months_index",
    "outcome_counts",
    "parsed_operands",
    "resolve",
    "rule_reason",
    "rule_text",
    "verdict_counts",
    "weakest",
    "ymd",
]

AS_PUBLISHED = "knowledge at publication"
LATER_OUTCOMES = "later outcomes"
JUDGED_AGAINST = {"checks": AS_PUBLISHED, "hindsight_checks": LATER_OUTCOMES}  # check table -> what it judges against
Params = Mapping[str, ParamValue]  # the run parameters the checks read: param: operands, and holds_pct


def holds_threshold(params: Params | None) -> Decimal:
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
        params: Params | None = None,
        table: str = "checks",
    ) -> None:
        if table not in JUDGED_AGAINST:
            raise CheckError(f"no table of checks named {table!r}; known: {', '.join(JUDGED_AGAINST)}")
        self.ledger = ledger
        self.fx = fx
        self.tolerance_pct = to_decimal(tolerance_pct, "tolerance_pct", CheckError)
        self.params: dict[str, ParamValue] = dict(params or {})
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

    # -- one check -----------------------------------------------------------------------------
    def evaluate(self, check: Mapping[str, Any]) -> Result:
        """One check of this evaluator's table: a verdict (checks) or how the claim aged (hindsight_checks)."""
        return self.age(check) if self.table == "hindsight_checks" else self.judge(check)

    def _evaluated(
        self,
        check: Mapping[str, Any],
        claim: Mapping[str, Any],
        reason_kind: str,
        computed: Decimal | None = None,
        ops: list[Operand] | None = None,
        rate: Rate | None = None,
    ) -> dict[str, Any]:
        """The fields both kinds of result share (`capexlib.core.results.Evaluated`)."""
        ops = ops or []
        return {
            "check_id": check["check_id"],
            "claim_id": claim["claim_id"],
            "article_id": claim["article_id"],
            "role": check["role"],
            "topic": check["topic"],
            "relation": check["relation"],
            "entity": claim["entity"],
            "metric": claim["metric"],
            "quote": claim["quote"],
            "stated": claim["amount"],
            "stated_high": claim["amount_high"],
            "unit": claim["currency"],
            "qualifier": claim["qualifier"],
            "printed_as": printed_as(claim["quote"], claim["amount"], claim["amount_high"]),
            "computed": computed,
            "computed_is": check.get("computed_is") or "value",
            "tolerance_pct": self._tolerance(check),
            "holds_pct": self.holds_pct,
            "reason_kind": reason_kind,
            "rate": rate,
            "operands": " ".join(o.token for o in ops),
            "unconfirmed_input": any(o.level == "unconfirmed" for o in ops),
            "sources": " ".join(dict.fromkeys(row for o in ops for row in o.rows)),
            "note": check["note"],
            "judged_against": JUDGED_AGAINST[self.table],
        }

    def _tolerance(self, check: Mapping[str, Any]) -> Decimal:
        own: Decimal | None = check["tolerance_pct"]
        return own if own is not None else self.tolerance_pct

    def judge(self, check: Mapping[str, Any]) -> CheckResult:
        """A check of data/checks.csv: the computed value and the verdict on the printed figure."""
        claim = self.ledger.claim(check["claim_id"])
        reason = check.get("reason_kind") or ""
        if check["relation"] == "unverifiable":
            return CheckResult(**self._evaluated(check, claim, reason or "no_source"), verdict=UNCHECKABLE)
        computed, ops, rate = self._compute(check, claim)
        computed_is = check.get("computed_is") or "value"
        stated, qualifier, tolerance = claim["amount"], claim["qualifier"], self._tolerance(check)
        is_date = check["relation"] == "date"
        if is_date:
            judgement = self._judge_date(check, claim, computed)
        elif computed_is != "value":
            judgement = judge_against_bound(stated, computed, computed_is, qualifier, tolerance)
        else:
            judgement = judge(stated, computed, qualifier, tolerance, self.holds_pct)
        rounds = printed_rounding_explains(stated, claim["amount_high"], computed, qualifier, computed_is, is_date)
        decision = decide(judgement, reason, stated, computed, qualifier, rounds, is_date)
        return CheckResult(
            **self._evaluated(check, claim, decision.reason_kind, computed, ops, rate),
            verdict=decision.verdict,
            deviation_pct=decision.deviation_pct,
            bound_met=judgement.bound_met,
            miss_pct=decision.miss_pct,
            rounds=rounds,
        )

    def age(self, check: Mapping[str, Any]) -> OutcomeResult:
        """A check of data/hindsight_checks.csv: how the printed figure aged (an outcome label, never a
        verdict), and how sure the later figure is."""
        claim = self.ledger.claim(check["claim_id"])
        reason = check.get("reason_kind") or ""
        if check["relation"] == "unverifiable":
            return OutcomeResult(**self._evaluated(check, claim, reason or "no_source"), outcome=NO_OUTCOME)
        later, ops, rate = self._compute(check, claim)
        levels = [o.level for o in ops if o.level is not None]
        if any(o.kind in ("guidance", "plan") for o in ops):  # what was said, not yet what happened
            result = Aged(NOT_YET_KNOWN, None)
        else:
            computed_is = check.get("computed_is") or "value"
            result = aged(claim["amount"], later, claim["qualifier"], self._tolerance(check), check["aged_as"], computed_is)
        return OutcomeResult(
            **self._evaluated(check, claim, reason, later, ops, rate),
            outcome=result.outcome,
            change_pct=result.change_pct,
            confidence=weakest(levels),
        )

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
        def rate_for(base: str, quote: str) -> Rate:
            return rate_for_article(self.ledger, self.fx, claim["article_id"], base, quote)

        return relate(check["check_id"], check["relation"], claim["currency"], left, right, rate_for)

    def results(self) -> list[Result]:
        """Every check of the table, in file order."""
        return [self.evaluate(check) for check in self.ledger.records(self.table).values()]

    def evaluate_all(self) -> pd.DataFrame:
        return frame(self.results())


def evaluate_checks(
    ledger: Ledger,
    fx: FxScenario | None = None,
    tolerance_pct: Decimal | float | int = DEFAULT_TOLERANCE_PCT,
    params: Params | None = None,
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
    params: Params | None = None,
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
