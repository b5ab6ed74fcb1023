"""Reading the outcomes (data/outcomes.csv) and the evaluated hindsight checks: the rows, the operand sums
and their line items, the collector's notes. Everything else in `capexlib.topics.hindsight` reads through
these."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pandas as pd

from ...core import operands
from ...core.ledger import Ledger
from ...core.numbers import total
from ...core.phrase import N_
from ...core.resolve import resolve
from .. import totals
from ..rows import Source, pick, same

US4 = totals.US4
PLANS, TOTALS, CHANGE = "plans", "totals", "change"  # topics of data/hindsight_checks.csv
PRIMARY, ALTERNATIVE = "primary", "alternative"
TOTAL_ROW = totals.TOTAL_ROW
MISSING = None  # a fact the sources do not give: shown as missing, never as zero

# The capex line items in words (the keys are capexlib.core.units.CAPEX_BASES).
BASIS_WORDS = {
    "gross_purchases_ppe": N_("purchases of property and equipment, gross"),
    "ppe_proceeds_incentives": N_("proceeds from property and equipment sales and incentives"),
    "net_purchases_ppe": N_("purchases of property and equipment net of proceeds and incentives ('cash capex')"),
    "incl_finance_leases": N_("capital expenditure including finance leases"),
    "cash_additions_ppe": N_("additions to property and equipment (cash, without finance leases)"),
    "purchases_ppe": N_("purchases of property and equipment"),
    "incl_finance_lease_principal": N_("capital expenditure including principal payments on finance leases"),
    "reported_capex": N_("capital expenditure as the company states it"),
    "ai_cloud_capex": N_("capital expenditure on AI and cloud infrastructure"),
    "mixed": N_("each company on its own line item"),
}

MONTHS_PER_YEAR = 12


class BasisError(ValueError):
    """Two figures of one company on different line items were about to be compared."""


def records(ledger: Ledger) -> dict[str, dict[str, Any]]:
    """The rows of data/outcomes.csv by id, in file order."""
    found: dict[str, dict[str, Any]] = ledger.records("outcomes")
    return found


def operand_tokens(text: str | None) -> tuple[operands.Token, ...]:
    """The tokens of an operand list, as a sum reads them."""
    return operands.parse(text, "sum").tokens


def operand_sum(ledger: Ledger, text: str) -> Decimal:
    """The sum of operands written in the operand language (out:/ref:, '-' subtracts), e.g. a row's parts."""
    return total(resolve(ledger, token, {}, "hindsight").value for token in operand_tokens(text))


def basis_of(ledger: Ledger, text: str) -> str | None:
    """The basis of the figure `text` adds up: an outcome's own basis, or that of the DERIVED row with
    exactly these parts (gross less proceeds is Amazon's net), else None."""
    tokens = operand_tokens(text)
    if len(tokens) == 1 and tokens[0].kind == "out" and not tokens[0].negate:
        basis: str | None = records(ledger)[tokens[0].key]["basis"]
        return basis
    if len(tokens) == 1 and tokens[0].kind == "ref":
        return ledger.reference_basis(tokens[0].key)
    wanted = sorted(t.text for t in tokens)
    for row in records(ledger).values():
        if row["parts"] and sorted(t.text for t in operand_tokens(row["parts"])) == wanted:
            derived: str | None = row["basis"]
            return derived
    return None


def outcome_table(ledger: Ledger, topic: str | None = None) -> pd.DataFrame:
    """The outcomes as rows (one topic, or all), in file order."""
    rows = [r for r in records(ledger).values() if topic is None or r["topic"] == topic]
    return pd.DataFrame(rows, dtype=object)


def not_found(ledger: Ledger) -> pd.DataFrame:
    """What the collector looked for and did not find (outcomes.meta.yaml, `not_found`)."""
    return pd.DataFrame(ledger.provenance["outcomes"].get("not_found") or [], dtype=object)


def traps(ledger: Ledger) -> str:
    """The traps found while collecting, as outcomes.meta.yaml words them."""
    return str(ledger.provenance["outcomes"].get("traps") or "")


def checks_rows(hindsight: pd.DataFrame, **where: Any) -> pd.DataFrame:
    rows = hindsight
    for column, wanted in where.items():
        rows = rows[rows[column].isin(wanted if isinstance(wanted, (list, tuple, set)) else [wanted])]
    return rows


def written(ledger: Ledger, rows: pd.DataFrame, what: str) -> str:
    """The operands of these checks as data/hindsight_checks.csv writes them (group separators included;
    the evaluated frame lists the tokens only): one text for all of them."""
    checks = ledger.records("hindsight_checks")
    texts = {checks[c]["operands"] for c in rows["check_id"]}
    if len(texts) != 1:
        raise ValueError(f"expected one set of operands for {what}, found {len(texts)}")
    text: str = texts.pop()
    return text


def one_value(rows: pd.DataFrame, column: str, what: str) -> Any:
    values = {v for v in rows[column] if v is not None}
    if len(values) != 1:
        raise ValueError(f"expected one {what}, found {sorted(map(str, values)) or 'none'}")
    return values.pop()


def entity_rows(ledger: Ledger, hindsight: pd.DataFrame, entity: str, topic: str, role: str) -> pd.DataFrame:
    claims = ledger.records("claims")
    rows = checks_rows(hindsight, topic=topic, role=role, unit="USD")
    return rows[[claims[c]["entity"] == entity for c in rows["claim_id"]]]


def printed_rows(ledger: Ledger, checks: pd.DataFrame) -> pd.DataFrame:
    """The figures the articles printed for the claims these checks judge, with how each aged."""
    columns: dict[str, Source] = {
        **same("article_id", "claim_id"),
        "published": lambda r: ledger.article_date(r["article_id"]),
        "amount": "stated",
        **same("qualifier", "printed_as", "outcome", "change_pct", "check_id"),
    }
    return pick(checks.to_dict("records"), columns).sort_values(["published", "article_id"]).reset_index(drop=True)


def us4_combined(entity: str) -> bool:
    return {part.strip() for part in entity.replace("+", ",").split(",")} == set(US4)


def months_spanned(start: dt.date, end: dt.date) -> int:
    """Whole months from `start` to `end` inclusive: a half year 6, a fiscal year 12, 2025-02-24 to 2028-02-23 36."""
    after = end + dt.timedelta(days=1)
    return (after.year - start.year) * MONTHS_PER_YEAR + after.month - start.month - (1 if after.day < start.day else 0)
