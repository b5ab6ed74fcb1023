"""Operands resolved: what each token of a check's operand list stands for, with its unit and provenance.

`capexlib.core.operands` parses a check's `operands` cell into tokens; `resolve` turns one token into an
`Operand` (its value and unit, the rows it comes from and how sure they are): a printed claim, a
reference row, a basis of data/capex_bases.csv summed over its companies, an outcome, or a run parameter.
The checks engine and the topics that read a check's operands (DeepSeek's comparisons, hindsight's sums)
resolve them here, so a token means one thing everywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from . import operands
from .confidence import confidence_level, weakest
from .ledger import Ledger
from .numbers import to_decimal, total
from .operands import OperandError, Token

BASIS_PARTS = {"actual": "actual_2024_refs", "plan": "plan_2025_refs"}  # basis:ID.part -> capex_bases column
ParamValue = str | int | float | Decimal  # a run parameter's value, as `param:NAME` operands read it


class CheckError(ValueError):
    """A check row cannot be evaluated (wrong units, a missing parameter); names the check."""


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
    kind: str | None = None  # the row's declared kind (outcomes.csv, reference.csv): actual, guidance, plan, ...
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


def resolve(ledger: Ledger, token: Token, params: Mapping[str, ParamValue], check_id: str) -> Operand:
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
