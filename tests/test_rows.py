"""capexlib.topics.rows: ledger rows picked into frames keep their exact values, and a frame's row comes back
with None where pandas filled NaN (the one place that conversion lives)."""

from __future__ import annotations

import math
from decimal import Decimal

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from capexlib.topics.rows import none_for_nan, pick, same, without_nan

CELLS = st.one_of(st.none(), st.floats(allow_nan=True), st.decimals(allow_nan=False), st.integers(), st.text(max_size=5))


@given(st.dictionaries(st.text(min_size=1, max_size=5), CELLS, max_size=6))
def test_only_nan_becomes_none(row):
    back = without_nan(row)
    assert back.keys() == row.keys()
    for key, value in row.items():
        if isinstance(value, float) and math.isnan(value):
            assert back[key] is None
        else:
            assert back[key] is value


def test_a_frame_row_with_a_missing_cell_comes_back_with_none():
    frame = pd.DataFrame([{"a": Decimal("1.10"), "b": 2}, {"a": Decimal("3")}])
    assert without_nan(frame.iloc[1].to_dict()) == {"a": Decimal("3"), "b": None}
    assert none_for_nan(frame.iloc[0]["a"]) == Decimal("1.10")


def test_picked_columns_keep_exact_values_and_exist_without_rows():
    rows = [{"ref_id": "r1", "value": Decimal("0.1"), "unit": "USD"}]
    frame = pick(rows, {**same("ref_id"), "usd": "value", "double": lambda r: r["value"] * 2})
    assert frame.to_dict("records") == [{"ref_id": "r1", "usd": Decimal("0.1"), "double": Decimal("0.2")}]
    assert list(pick([], {**same("ref_id"), "usd": "value"}).columns) == ["ref_id", "usd"]
