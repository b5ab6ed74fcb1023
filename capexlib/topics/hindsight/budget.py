"""Korea's budgets after the articles: the four's actual spending in won as a share of each."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pandas as pd

from ...core.fx import Rate
from ...core.ledger import Ledger
from ...core.numbers import CTX, ONE, percent
from .. import totals
from .combined import actual_total
from .outcomes import records

# Rows of data/outcomes.csv (tests/test_hindsight.py keeps them there).
KR_BUDGET_PASSED = "kr-budget-2025-passed"
KR_BUDGETS = ("kr-budget-2025-proposal", "kr-budget-2025-passed", "kr-budget-2025-after-supps", "kr-budget-2026-passed")
KR_SUPPLEMENTARY = ("kr-supp-budget-2025-1st", "kr-supp-budget-2025-2nd")


def budget_aged(ledger: Ledger, rate: Rate) -> pd.DataFrame:
    """Korea's budgets: the 2024 budget the post used (as passed, and as the post printed it) and the 2025
    and 2026 budgets of the outcomes, with the four's actual 2025 spending in won at `rate` as a share of
    each full budget (the supplementary budgets are steps between two totals: listed without a share)."""
    actual_krw = CTX.multiply(actual_total(ledger), rate.rate)
    rows: list[dict[str, Any]] = []
    for _, r in totals.budget_share(ledger, ONE).iterrows():  # 2024: the reference's figure and the post's
        rows.append(
            {"source": r["source"], "period": r["period"], "budget_krw": r["budget_krw"], "stated_on": None, "step": False}
        )
    out = records(ledger)
    for key in (*KR_BUDGETS[:2], *KR_SUPPLEMENTARY, *KR_BUDGETS[2:]):
        row = out[key]
        rows.append(
            {
                "source": f"outcome {key}",
                "period": row["period_as_stated"],
                "budget_krw": row["value"],
                "stated_on": row["stated_on"],
                "step": key in KR_SUPPLEMENTARY,
            }
        )
    frame = pd.DataFrame(rows, dtype=object)
    frame["actual_share_pct"] = [
        None if s else percent(actual_krw, b) for s, b in zip(frame["step"], frame["budget_krw"], strict=True)
    ]
    frame.attrs.update(actual_krw=actual_krw, rate=rate)
    return frame


def budget_share_of_actual(ledger: Ledger, rate: Rate) -> Decimal:
    """The four's actual 2025 spending (articles' basis) in won at `rate`, in percent of the 2025 budget as passed."""
    return percent(CTX.multiply(actual_total(ledger), rate.rate), records(ledger)[KR_BUDGET_PASSED]["value"])
