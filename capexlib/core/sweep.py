"""The float64 sweep path: every amount at every rate of a sweep, for charts over thousands of hypothetical
rates (the exact ledger stays in Decimal: capexlib.core.fxrates.sweep_rates gives the rates exactly).

Kept apart from the exchange-rate modules so that they import no numpy (a cached `capex run` never does).
"""

from __future__ import annotations

import numpy as np

from .ecb import FxError


def convert_many(amounts: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """Every amount at every rate: result[i, j] = rates[i] * amounts[j], shape (m, n), float64.

    This is the sweep path (10,000 scenarios over a ledger in milliseconds). Float rounding is fine
    for charts; figures that are reported as verdicts go through Decimal `Rate`s instead.
    """
    amounts = np.asarray(amounts, dtype=np.float64)
    rates = np.asarray(rates, dtype=np.float64)
    if amounts.ndim != 1:
        raise FxError(f"amounts must be 1-D, got shape {amounts.shape}")
    if rates.ndim != 1:
        raise FxError(f"rates must be 1-D, got shape {rates.shape}")
    return np.multiply.outer(rates, amounts)
