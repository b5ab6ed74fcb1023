"""Two scenarios side by side (`capex compare A B`): which headline figures moved and which verdicts
changed, in exact Decimals, for the terminal summary and the compare page alike.

A difference is B minus A in the figure's unit. A percent change is given only where it means something:
for money and other amounts, not for a count of claims (3 more is not "+333.33%") nor for a figure that is
itself a percentage (its difference is in points).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import pandas as pd

from ..core.numbers import CTX
from ..core.units import is_money
from .present import pct, readable

NO_PERCENT_UNITS = frozenset({"claims", "percent", "count"})  # a difference of these is not read as a percent


@dataclass(frozen=True)
class ComparedScenario:
    """One scenario as a comparison needs it."""

    name: str
    headline: pd.DataFrame  # id, label, value, unit (as headline.csv holds them)
    card: pd.DataFrame | None  # scorecard.csv, or None when the scenario has none
    urls: Mapping[str, str]  # claim id -> its verdict's address, relative to the scenario folder
    rates: str  # the scenario's exchange rates, in words
    words: str = ""  # the scenario in words for a title: its rates and any other parameter it sets


@dataclass(frozen=True)
class FigureChange:
    """One headline figure in both scenarios (a value is None where the scenario lacks the figure)."""

    id: str
    label_a: str
    label_b: str
    unit: str
    a: Decimal | None
    b: Decimal | None

    @property
    def diff(self) -> Decimal | None:
        return None if self.a is None or self.b is None else CTX.subtract(self.b, self.a)

    @property
    def percent(self) -> Decimal | None:
        """B against A in percent of A, for amounts only (None for counts, percentages or a zero A)."""
        if self.diff is None or self.unit in NO_PERCENT_UNITS or not self.a:
            return None
        return CTX.multiply(CTX.divide(self.diff, abs(self.a)), 100)

    @property
    def changed(self) -> bool:
        return self.a != self.b

    def shown(self) -> dict[str, str]:
        """The row as a reader sees it: each value and the difference written as every figure is."""
        diff = self.diff
        return {
            "id": self.id,
            "label_a": self.label_a,
            "label_b": self.label_b,
            "a": "" if self.a is None else readable(self.a, self.unit),
            "b": "" if self.b is None else readable(self.b, self.unit),
            "diff": "" if diff is None else ("+" if diff > 0 and not is_money(self.unit) else "") + readable(diff, self.unit),
            "pct": pct(self.percent),
        }


def _decimal(raw: object) -> Decimal | None:
    if raw is None or (isinstance(raw, float) and raw != raw):
        return None
    try:
        value = Decimal(str(raw))
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() else None


def figure_changes(a: ComparedScenario, b: ComparedScenario) -> list[FigureChange]:
    """Every headline figure, in A's order then B's extra ones."""
    left = {str(r["id"]): r for r in a.headline.to_dict("records")}
    right = {str(r["id"]): r for r in b.headline.to_dict("records")}
    rows = []
    for fid in [*left, *(i for i in right if i not in left)]:
        ra, rb = left.get(fid), right.get(fid)
        if ra and rb and ra["unit"] != rb["unit"]:  # not the same figure: shown, never subtracted
            rb = None
        unit = str((ra or rb or {}).get("unit", ""))
        rows.append(
            FigureChange(
                fid,
                str(ra["label"]) if ra else "",
                str(rb["label"]) if rb else "",
                unit,
                _decimal(ra["value"]) if ra else None,
                _decimal(rb["value"]) if rb else None,
            )
        )
    return rows


def verdict_changes(a: ComparedScenario, b: ComparedScenario) -> list[dict[str, str]] | None:
    """The claims whose primary verdict differs between the scenarios (None: a scorecard is missing)."""
    if a.card is None or b.card is None:
        return None
    before = {r["check_id"]: r for r in a.card.to_dict("records") if r["role"] == "primary"}
    out = []
    for r in b.card.to_dict("records"):
        if r["role"] != "primary" or r["check_id"] not in before or before[r["check_id"]]["verdict"] == r["verdict"]:
            continue
        out.append(
            {
                "check_id": str(r["check_id"]),
                "claim_id": str(r["claim_id"]),
                "outlet": str(r["outlet"]),
                "quote": str(r["quote"]),
                "a": str(before[r["check_id"]]["verdict"]),
                "b": str(r["verdict"]),
                "why": str(r["why"]),
            }
        )
    return out


def summary_lines(
    a: ComparedScenario, b: ComparedScenario, figures: Sequence[FigureChange], verdicts: Sequence[Mapping[str, str]] | None
) -> list[str]:
    """What `capex compare` prints: the figures that moved and the verdicts that changed, a line each."""
    moved = [f for f in figures if f.changed]
    lines = [f"{a.name} -> {b.name}", f"headline figures that moved: {len(moved)} of {len(figures)}"]
    for f in moved:
        row = f.shown()
        change = f" ({row['diff']}{', ' + row['pct'] if row['pct'] else ''})" if row["diff"] else ""
        lines.append(f"  {f.label_a or f.label_b}: {row['a'] or '(none)'} -> {row['b'] or '(none)'}{change}")
    if verdicts is None:
        lines.append("verdicts: not compared (a scenario has no scorecard.csv)")
    else:
        total = 0 if b.card is None else int((b.card["role"] == "primary").sum())
        lines.append(f"verdicts that changed: {len(verdicts)} of {total} claims")
        lines += [f"  {v['claim_id']} ({v['outlet']}): {v['a']} -> {v['b']}" for v in verdicts]
    return lines
