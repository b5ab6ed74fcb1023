"""Ledger rows picked into the frames the topics return: one way to copy fields into a table.

A frame built here holds objects (Decimals stay exact, dates stay dates, an empty cell stays None) and has
its columns even when no row matches.
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
