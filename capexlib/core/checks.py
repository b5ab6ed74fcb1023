"""Evaluate data/checks.csv: compute each check's value and judge the printed claim against it.

This module is the only place where a verdict is decided. A check names a claim, a relation and its
operands (claims, reference rows, outcomes, run parameters; see `capexlib.core.operands`).

Two tables hold checks, two kinds of judgement: data/checks.csv judges each claim on what was known when
the article appeared, data/hindsight_checks.csv on what happened afterwards. The engine is the same; each
evaluated row says which it was judged against (`judged_against`). The computed value
is compared with the claim's printed amount, honouring the claim's qualifier:

- no qualifier, or approx (약): "holds" when the computed value is within half a printed unit of
  the figure (it rounds to what was printed) and within the tolerance; "holds approximately" when
  only within the tolerance; otherwise "does not hold".
- at_least (이상): "holds" when computed >= printed; "holds approximately" when short by no more
  than the tolerance. at_most (최대) is the mirror image.
- relation 'unverifiable': "cannot be checked from these sources", the reason in the check's note.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import pandas as pd

from . import operands
from .conversions import rate_for_article
from .fx import FxScenario, Rate
from .ledger import Ledger
from .numbers import CTX, HUNDRED, ONE, percent, percent_off, printed_unit, product, ratio, to_decimal, total
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


class CheckError(ValueError):
    """A check row cannot be evaluated (wrong units, a missing parameter); names the check."""


def judge(stated: Decimal, computed: Decimal, qualifier: str | None, tolerance_pct: Decimal) -> tuple[str, Decimal | None]:
    """The verdict on a printed figure, and how far the printed figure is from the computed one (%)."""
    deviation = percent_off(stated, computed)
    within = stated == 0 if deviation is None else abs(deviation) <= tolerance_pct
    if qualifier == "at_least":
        if computed >= stated:
            return HOLDS, deviation
        return (APPROX if within else FAILS), deviation
    if qualifier == "at_most":
        if computed <= stated:
            return HOLDS, deviation
        return (APPROX if within else FAILS), deviation
    if within and abs(CTX.subtract(stated, computed)) <= CTX.divide(printed_unit(stated), 2):
        return HOLDS, deviation
    return (APPROX if within else FAILS), deviation


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


def resolve(ledger: Ledger, token: Token, params: Mapping[str, object], check_id: str) -> Operand:
    """The value a token stands for (negated when written with a leading '-')."""
    if token.kind == "claim":
        row = ledger.claim(token.key)
        op = Operand(token.text, row["amount"], row["currency"], f"{token.key} (printed)", row["entity"])
    elif token.kind == "ref":
        row = ledger.reference_row(token.key)
        op = Operand(
            token.text,
            row["value"],
            row["unit"],
            token.key,
            row["entity"],
            row["line_item_or_basis"] or "",
            row["confidence"],
        )
    elif token.kind == "out":
        row = ledger.outcome(token.key)
        if row["value"] is None or row["value_high"] is not None:  # the ledger refuses these; a hand-built one too
            raise CheckError(f"check {check_id}: outcome {token.key!r} is not a single figure")
        op = Operand(
            token.text, row["value"], row["unit"], token.key, row["entity"], row["line_item_or_basis"], row["confidence"]
        )
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


class CheckEvaluator:
    """Evaluates checks under one exchange-rate scenario, tolerance and parameter set."""

    def __init__(
        self,
        ledger: Ledger,
        fx: FxScenario,
        tolerance_pct: Decimal | float | int = 5,
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

    def operands(self, check: Mapping[str, Any]) -> tuple[list[Operand], list[Operand] | None]:
        """The check's operands resolved: (all of them, None), or (first group, second group)."""
        parsed = parsed_operands(check)
        if check["relation"] == "reference" and any(t.kind not in ("ref", "out") for t in parsed.tokens):
            raise CheckError(f"check {check['check_id']}: a reference check takes ref: (or out:) operands only")
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
            "unit": claim["currency"],
            "qualifier": claim["qualifier"],
            "computed": None,
            "deviation_pct": None,
            "tolerance_pct": tolerance,
            "verdict": UNCHECKABLE,
            "rate": None,
            "operands": "",
            "unconfirmed_input": False,
            "note": check["note"],
            "judged_against": JUDGED_AGAINST[self.table],
            "reason_kind": check.get("reason_kind") or "",
        }
        if relation == "unverifiable":
            return out
        computed, ops, rate = self._compute(check, claim)
        verdict, deviation = judge(claim["amount"], computed, claim["qualifier"], tolerance)
        out.update(
            computed=computed,
            deviation_pct=deviation,
            verdict=verdict,
            rate=rate,
            operands=" ".join(o.token for o in ops),
            unconfirmed_input=any((o.confidence or "").startswith("unconfirmed") for o in ops),
        )
        return out

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
        if right is None:  # sum, reference, product
            if not left:
                raise CheckError(f"check {check_id}: relation {relation} needs operands")
            if relation == "product":
                return product(o.value for o in left), left, None
            self._same_money(check_id, [o.unit for o in left], claim["currency"])
            return total(o.value for o in left), left, None
        ops = left + right
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

    def evaluate_all(self) -> pd.DataFrame:
        rows = [self.evaluate(check) for check in self.ledger.records(self.table).values()]
        frame = pd.DataFrame(rows, dtype=object)
        frame.index = frame["check_id"].tolist()
        return frame


def evaluate_checks(
    ledger: Ledger,
    fx: FxScenario | None = None,
    tolerance_pct: Decimal | float | int = 5,
    params: Mapping[str, object] | None = None,
    table: str = "checks",
) -> pd.DataFrame:
    """Every check's computed value, deviation and verdict (one row per check, in file order).

    `table` "checks" gives the as-published verdicts, "hindsight_checks" how the claims aged.
    """
    return CheckEvaluator(ledger, fx or FxScenario(), tolerance_pct, params, table).evaluate_all()


def evaluate_hindsight(
    ledger: Ledger,
    fx: FxScenario | None = None,
    tolerance_pct: Decimal | float | int = 5,
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
