"""The operand language of data/checks.csv, parsed in one place.

A check's `operands` cell is a space-separated list of tokens:

- `claim:ID` (a printed figure), `ref:ID` (a reference row), `param:NAME` (a run parameter),
  `basis:ID.actual` or `basis:ID.plan` (the 2024 actuals or the 2025 plans of one basis of
  data/capex_bases.csv, summed over its companies: one definition of a basis for every check),
  `out:ID` (an outcome: what happened after the articles, data/outcomes.csv; only hindsight checks may use it);
- a leading `-` negates a token (`-ref:msft-share-move-2025-01-30`);
- for relations that compare two groups (difference, ratio, share, growth, decline, months between) a lone `-` or `/`
  splits the tokens into the two groups, each summed. Without the separator the first token is the
  first group and the rest the second.

The ledger validates every token against the tables with `parse`, and the checks engine evaluates
the same parse: a token means one thing everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

RELATIONS = frozenset(
    {
        "sum",
        "difference",
        "product",
        "ratio",
        "share_pct",
        "growth_pct",
        "decline_pct",
        "conversion",
        "reference",
        "unverifiable",
        "date",
        "months_between",
        "annual_run_rate",
    }
)
# Relations whose operands form two groups, and the token that separates them.
GROUPED = {
    "difference": "-",
    "ratio": "/",
    "share_pct": "/",
    "growth_pct": "/",
    "decline_pct": "/",
    "months_between": "-",
}
# token kind -> the table it names (a basis names data/capex_bases.csv's basis_id, with .actual or .plan)
KINDS = {"claim": "claims", "ref": "reference", "param": None, "basis": "capex_bases", "out": "outcomes"}


class OperandError(ValueError):
    """A token or an operand list that the language does not allow; the message quotes it."""


@dataclass(frozen=True)
class Token:
    text: str  # as written, sign included
    kind: str  # claim | ref | param | basis | out
    key: str
    negate: bool = False


@dataclass(frozen=True)
class Operands:
    """The parsed cell: `left` holds every token, or the first group when `right` is not None."""

    left: tuple[Token, ...]
    right: tuple[Token, ...] | None = None

    @property
    def tokens(self) -> tuple[Token, ...]:
        return self.left + (self.right or ())


def parse_token(text: str) -> Token:
    negate = text.startswith("-")
    kind, sep, key = text[1:].partition(":") if negate else text.partition(":")
    if not sep or kind not in KINDS or not key:
        raise OperandError(
            f"operand {text!r} names no claim (claim:ID), reference row (ref:ID), basis (basis:ID.actual), "
            "outcome (out:ID) or parameter (param:NAME)"
        )
    return Token(text, kind, key, negate)


def parse(cell: str | None, relation: str) -> Operands:
    """Parse a check's operands for its relation (the grouping depends on it)."""
    words = (cell or "").split()
    separator = GROUPED.get(relation)
    if separator is None:
        stray = [w for w in words if w in ("-", "/")]
        if stray:
            raise OperandError(f"relation {relation!r} takes no group separator, got {stray[0]!r}")
        return Operands(tuple(parse_token(w) for w in words))
    if separator in words:
        cut = words.index(separator)
        left, right = words[:cut], words[cut + 1 :]
    else:
        left, right = words[:1], words[1:]
    if not left or not right:
        raise OperandError(f"relation {relation!r} needs two groups of operands, got {cell!r}")
    return Operands(tuple(parse_token(w) for w in left), tuple(parse_token(w) for w in right))
