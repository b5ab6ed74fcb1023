"""Ledger rows picked into the frames the topics return: one way to copy fields into a table, and one way
back from a frame's row to plain values.

A frame built here holds objects (Decimals stay exact, dates stay dates, an empty cell stays None) and has
its columns even when no row matches. pandas may still fill a missing cell with NaN (a column added to some
rows only); `without_nan` turns a frame's row back into values with None there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from operator import itemgetter
from typing import Any

import pandas as pd

Row = Mapping[str, Any]
Source = str | Callable[[Row], Any]  # the field a column copies, or what it computes from the row


def same(*names: str) -> dict[str, str]:
    """Columns that copy the field of the same name."""
    return {name: name for name in names}


def pick(records: Iterable[Row], columns: Mapping[str, Source]) -> pd.DataFrame:
    """One row per record, one column per entry of `columns` (in that order)."""
    getters = {name: itemgetter(source) if isinstance(source, str) else source for name, source in columns.items()}
    rows = [{name: get(record) for name, get in getters.items()} for record in records]
    return pd.DataFrame(rows, columns=list(columns), dtype=object)


def none_for_nan(value: object) -> object:
    """None for pandas' NaN (a float that is not equal to itself), the value otherwise."""
    return None if isinstance(value, float) and value != value else value


def without_nan(row: Mapping[str, Any]) -> dict[str, Any]:
    """A frame's row as a dict, NaN cells as None."""
    return {k: none_for_nan(v) for k, v in row.items()}
