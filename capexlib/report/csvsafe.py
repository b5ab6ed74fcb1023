"""Every CSV the tool writes, written one way: through the same guard against spreadsheet formulas.

scorecard.csv, hindsight.csv, headline.csv, verdicts.csv, each chart's data and a sweep's table are opened
in spreadsheets; a cell that starts like a formula (an outlet named `=HYPERLINK(...)`, a quote starting
with `-`) would run there. `csv_text` is the one writer, so no CSV escapes the guard.
"""

from __future__ import annotations

import re

import pandas as pd

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")  # a leading + is a formula to a spreadsheet


def spreadsheet_safe(cell: object) -> object:
    """A CSV cell a spreadsheet shows as text when it would otherwise run it as a formula (OWASP CSV injection).

    Text starting with =, +, -, @, tab or carriage return gets a leading apostrophe; a plain number
    (`-8.13`) is left alone, so the numeric columns stay numbers. A carriage return inside text becomes a
    line feed: the csv module quotes a field holding a line feed, but not one holding a lone CR, which a
    reader would take for the end of the row.
    """
    if not isinstance(cell, str):
        return cell
    text = cell.replace("\r\n", "\n").replace("\r", "\n")
    if cell.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(cell):
        return "'" + text
    return text


def csv_text(table: pd.DataFrame) -> str:
    """`table` as CSV text (no index, LF line ends), every cell and column name through `spreadsheet_safe`."""
    safe = table.map(spreadsheet_safe)
    safe.columns = [spreadsheet_safe(c) for c in safe.columns]
    return str(safe.to_csv(index=False, lineterminator="\n"))
