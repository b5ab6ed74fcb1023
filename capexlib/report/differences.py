"""How a scenario differs from the default: which parameters, and which verdicts changed because of them.

A verdict that changes with the parameters is not a new finding about an article. At a fixed 1380 won
per dollar, a won conversion printed at the rate of its day "does not hold" only because the test rate is
not the rate of the day; the site says so, next to the claims concerned. Each changed verdict gets a
cause from what its check depends on: the exchange rates (a conversion), the tolerance, or a parameter
its operands name (`param:NAME` in data/checks.csv).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

FX_PARAMETERS = ("fx_source", "fx_date", "krw_per_usd", "krw_per_cny", "krw_per_eur")
RATES = "rates"
TOLERANCE = "tolerance"
OTHER = "other"
_PARAM = re.compile(r"(?:^|\s)-?param:([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class ParameterChange:
    name: str
    value: object
    default: object


@dataclass(frozen=True)
class VerdictChange:
    check_id: str
    claim_id: str
    before: str  # the verdict under the default parameters
    after: str  # the verdict in this scenario
    cause: str  # RATES, TOLERANCE, a parameter name, or OTHER


WORDS_ONLY = ("lang",)  # parameters that change the language of the outputs, never a figure or a verdict


def changed_parameters(values: Mapping[str, object], defaults: Mapping[str, object]) -> list[ParameterChange]:
    """The parameters whose value differs from the default, in name order (the language is not a scenario:
    it changes no figure)."""
    return [
        ParameterChange(name, values[name], defaults.get(name))
        for name in sorted(values)
        if name not in WORDS_ONLY and (name not in defaults or values[name] != defaults[name])
    ]


def cause(check: Mapping[str, object], changed: set[str]) -> str:
    """Why a check's verdict can differ under the `changed` parameters."""
    if check.get("relation") == "conversion" and changed & set(FX_PARAMETERS):
        return RATES
    named = set(_PARAM.findall(str(check.get("operands") or ""))) & changed
    if named:
        return sorted(named)[0]
    if "tolerance_pct" in changed:
        return TOLERANCE
    return OTHER


def verdict_changes(
    verdicts: pd.DataFrame, baseline: pd.DataFrame, values: Mapping[str, object], defaults: Mapping[str, object]
) -> list[VerdictChange]:
    """The primary checks whose verdict differs from the default run's, in check order.

    `verdicts` and `baseline` are evaluated-check frames (capexlib.core.checks.evaluate_checks) of this
    scenario and of the default parameters.
    """
    changed = {p.name for p in changed_parameters(values, defaults)}
    before = dict(zip(baseline["check_id"], baseline["verdict"], strict=True))
    out = []
    for row in verdicts[verdicts["role"] == "primary"].to_dict("records"):
        old = before.get(row["check_id"])
        if old is not None and old != row["verdict"]:
            out.append(VerdictChange(row["check_id"], row["claim_id"], old, row["verdict"], cause(row, changed)))
    return out
