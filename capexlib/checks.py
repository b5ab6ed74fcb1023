"""Evaluate data/checks.csv: compute each check's value and judge the printed claim against it.

A check names a claim, a relation and its operands (claims, reference rows, run parameters). The
computed value is compared with the claim's printed amount, honouring the claim's qualifier:

- no qualifier, or approx (약): "holds" when the computed value is within half a printed unit of
  the figure (it rounds to what was printed) and within the tolerance; "holds approximately" when
  only within the tolerance; otherwise "does not hold".
- at_least (이상): "holds" when computed >= printed; "holds approximately" when short by no more
  than the tolerance. at_most (최대) is the mirror image.
- relation 'unverifiable': "cannot be checked from these sources", the reason in the check's note.
"""

from __future__ import annotations

import decimal
from dataclasses import dataclass
from decimal import Decimal
from typing import Mapping

import pandas as pd

from .fx import FxScenario, implied_rate
from .ledger import ISO_CURRENCIES, Ledger

HOLDS = "holds"
APPROX = "holds approximately"
FAILS = "does not hold"
UNCHECKABLE = "cannot be checked from these sources"
VERDICTS = (HOLDS, APPROX, FAILS, UNCHECKABLE)

_CTX = decimal.Context(prec=28, rounding=decimal.ROUND_HALF_EVEN)


class CheckError(ValueError):
    """A check row cannot be evaluated (wrong units, a missing parameter); names the check."""


def printed_unit(value: Decimal) -> Decimal:
    """The place value of a printed figure's last significant digit: 463조 -> 10^12, 31.9 -> 0.1."""
    if value == 0:
        return Decimal(1)
    return Decimal(1).scaleb(value.normalize().as_tuple().exponent)


def judge(stated: Decimal, computed: Decimal, qualifier: str | None, tolerance_pct: Decimal) -> tuple[str, Decimal | None]:
    """The verdict on a printed figure, and how far the printed figure is from the computed one (%)."""
    diff = _CTX.subtract(stated, computed)
    if computed == 0:
        deviation, within = None, stated == 0
    else:
        deviation = _CTX.multiply(_CTX.divide(diff, abs(computed)), Decimal(100))
        within = abs(deviation) <= tolerance_pct
    if qualifier == "at_least":
        if computed >= stated:
            return HOLDS, deviation
        return (APPROX if within else FAILS), deviation
    if qualifier == "at_most":
        if computed <= stated:
            return HOLDS, deviation
        return (APPROX if within else FAILS), deviation
    if within and abs(diff) <= printed_unit(stated) / 2:
        return HOLDS, deviation
    return (APPROX if within else FAILS), deviation


@dataclass(frozen=True)
class Operand:
    token: str
    value: Decimal
    unit: str
    label: str
    confidence: str | None = None


def article_rates(ledger: Ledger) -> dict[str, dict[tuple[str, str], Decimal]]:
    """Per article, the median rate its own printed conversions imply, per currency pair."""
    found: dict[str, dict[tuple[str, str], list[Decimal]]] = {}
    for row, source in ledger.conversions():
        pair = (source["currency"], row["currency"])
        found.setdefault(row["article_id"], {}).setdefault(pair, []).append(implied_rate(source["amount"], row["amount"]))
    return {art: {pair: _median(values) for pair, values in pairs.items()} for art, pairs in found.items()}


def _median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else _CTX.divide(ordered[mid - 1] + ordered[mid], Decimal(2))


class CheckEvaluator:
    """Evaluates checks under one exchange-rate scenario, tolerance and parameter set."""

    def __init__(self, ledger: Ledger, fx: FxScenario, tolerance_pct: Decimal | float | int = 5,
                 params: Mapping[str, object] | None = None) -> None:
        self.ledger = ledger
        self.fx = fx
        self.tolerance_pct = Decimal(str(tolerance_pct))
        self.params = dict(params or {})
        self.rates_by_article = article_rates(ledger)

    # -- operands ------------------------------------------------------------------------------
    def operand(self, token: str, check_id: str) -> Operand:
        negate = token.startswith("-")
        kind, _, key = token.lstrip("-").partition(":")
        if kind == "claim":
            row = self.ledger.claim(key)
            op = Operand(token, row["amount"], row["currency"], f"{key} (printed)")
        elif kind == "ref":
            row = self.ledger.reference_row(key)
            op = Operand(token, row["value"], row["unit"], key, row["confidence"])
        elif kind == "param":
            if key not in self.params:
                raise CheckError(f"check {check_id}: operand {token!r} needs the run parameter {key!r}")
            op = Operand(token, Decimal(str(self.params[key])), "param", f"parameter {key}")
        else:
            raise CheckError(f"check {check_id}: operand {token!r} is not claim:, ref: or param:")
        return Operand(op.token, -op.value, op.unit, op.label, op.confidence) if negate else op

    def _groups(self, check: dict, separator: str) -> tuple[list[Operand], list[Operand]]:
        tokens = (check["operands"] or "").split()
        if separator in tokens:
            cut = tokens.index(separator)
            left, right = tokens[:cut], tokens[cut + 1:]
        else:
            left, right = tokens[:1], tokens[1:]
        if not left or not right:
            raise CheckError(f"check {check['check_id']}: relation {check['relation']} needs two groups of operands")
        return ([self.operand(t, check["check_id"]) for t in left],
                [self.operand(t, check["check_id"]) for t in right])

    @staticmethod
    def _sum(ops: list[Operand]) -> Decimal:
        total = Decimal(0)
        for op in ops:
            total = _CTX.add(total, op.value)
        return total

    def _same_money(self, check_id: str, units: list[str], expected: str | None = None) -> None:
        money = {u for u in units if u in ISO_CURRENCIES}
        if expected in ISO_CURRENCIES:
            money.add(expected)
        if len(money) > 1:
            raise CheckError(f"check {check_id}: operands mix currencies {', '.join(sorted(money))}; convert first")

    # -- one check -----------------------------------------------------------------------------
    def evaluate(self, check: dict) -> dict:
        claim = self.ledger.claim(check["claim_id"])
        tolerance = check["tolerance_pct"] if check["tolerance_pct"] is not None else self.tolerance_pct
        relation = check["relation"]
        out = {
            "check_id": check["check_id"], "claim_id": claim["claim_id"], "article_id": claim["article_id"],
            "role": check["role"], "topic": check["topic"], "relation": relation,
            "entity": claim["entity"], "metric": claim["metric"], "quote": claim["quote"],
            "stated": claim["amount"], "unit": claim["currency"], "qualifier": claim["qualifier"],
            "computed": None, "deviation_pct": None, "tolerance_pct": tolerance,
            "verdict": UNCHECKABLE, "rate": None, "operands": "", "unconfirmed_input": False, "note": check["note"],
        }
        if relation == "unverifiable":
            return out
        computed, ops, rate = self._compute(check, claim)
        verdict, deviation = judge(claim["amount"], computed, claim["qualifier"], tolerance)
        out.update(computed=computed, deviation_pct=deviation, verdict=verdict, rate=rate,
                   operands=" ".join(o.token for o in ops),
                   unconfirmed_input=any((o.confidence or "").startswith("unconfirmed") for o in ops))
        return out

    def _compute(self, check: dict, claim: dict):
        relation, check_id = check["relation"], check["check_id"]
        if relation == "conversion":
            ops = [self.operand(t, check_id) for t in (check["operands"] or "").split()]
            if len(ops) != 1 or ops[0].unit not in ISO_CURRENCIES:
                raise CheckError(f"check {check_id}: a conversion takes one money operand")
            article = claim["article_id"]
            rate = self.fx.rate_for(ops[0].unit, claim["currency"], self.ledger.article_date(article),
                                    self.rates_by_article.get(article, {}))
            return _CTX.multiply(ops[0].value, rate.rate), ops, rate
        if relation in ("sum", "reference", "product"):
            ops = [self.operand(t, check_id) for t in (check["operands"] or "").split()]
            if not ops:
                raise CheckError(f"check {check_id}: relation {relation} needs operands")
            if relation == "reference" and any(not o.token.lstrip("-").startswith("ref:") for o in ops):
                raise CheckError(f"check {check_id}: a reference check takes ref: operands only")
            if relation == "product":
                value = Decimal(1)
                for op in ops:
                    value = _CTX.multiply(value, op.value)
                return value, ops, None
            self._same_money(check_id, [o.unit for o in ops], claim["currency"])
            return self._sum(ops), ops, None
        separator = "-" if relation == "difference" else "/"
        left, right = self._groups(check, separator)
        ops = left + right
        a, b = self._sum(left), self._sum(right)
        if relation == "difference":
            self._same_money(check_id, [o.unit for o in ops], claim["currency"])
            return _CTX.subtract(a, b), ops, None
        self._same_money(check_id, [o.unit for o in ops])
        if b == 0:
            raise CheckError(f"check {check_id}: the denominator is zero")
        quotient = _CTX.divide(a, b)
        if relation == "ratio":
            return quotient, ops, None
        if relation == "share_pct":
            return _CTX.multiply(quotient, Decimal(100)), ops, None
        if relation == "growth_pct":
            return _CTX.multiply(quotient - 1, Decimal(100)), ops, None
        if relation == "decline_pct":
            return _CTX.multiply(1 - quotient, Decimal(100)), ops, None
        raise CheckError(f"check {check_id}: unknown relation {relation!r}")

    def evaluate_all(self) -> pd.DataFrame:
        rows = [self.evaluate(check) for check in self.ledger.records("checks").values()]
        frame = pd.DataFrame(rows, dtype=object)
        frame.index = frame["check_id"].tolist()
        return frame


def evaluate_checks(ledger: Ledger, fx: FxScenario | None = None, tolerance_pct: Decimal | float | int = 5,
                    params: Mapping[str, object] | None = None) -> pd.DataFrame:
    """Every check's computed value, deviation and verdict (one row per check, in file order)."""
    return CheckEvaluator(ledger, fx or FxScenario(), tolerance_pct, params).evaluate_all()


def verdict_counts(verdicts: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Counts of each verdict among primary checks, overall or by a column (article_id, topic)."""
    primary = verdicts[verdicts["role"] == "primary"]
    if by is None:
        counts = primary["verdict"].value_counts()
        return pd.DataFrame({"checks": [int(counts.get(v, 0)) for v in VERDICTS]}, index=list(VERDICTS))
    table = pd.crosstab(primary[by], primary["verdict"])
    return table.reindex(columns=list(VERDICTS), fill_value=0)
