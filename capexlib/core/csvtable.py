"""One data table read into rows: every cell parsed by its field's type, or one message naming the file,
line and column.

Read with the csv module (not pandas), so that numbers go straight from text to Decimal and a bad cell is
reported where it is:

- files are read with bounds (capexlib.core.readfile): a FIFO, a device or a huge file is refused;
- text is UTF-8 and NFC, and holds no control, NUL or bidirectional-override character
  (capexlib.core.text);
- numbers are spelled one way (capexlib.core.numbers.parse_decimal);
- dates are YYYY-MM-DD only (Python also reads 20250207 and 2025-W06-5);
- a url field holds an http(s) address (capexlib.core.urls).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from .dates import iso_date
from .echo import echo
from .numbers import parse_decimal
from .readfile import MAX_TABLE_BYTES, read_regular_file
from .schema import Field
from .tables import DataError, where
from .text import decode
from .units import NON_MONEY_UNITS
from .urls import check_url

Rows = list[tuple[int, dict[str, Any]]]


def parse_date(raw: str, at: str, error: type[Exception] = ValueError) -> dt.date:
    """`raw` as a date, written YYYY-MM-DD and nothing else."""
    day = iso_date(raw)
    if day is None:
        raise error(f"{at}: {echo(raw)} is not a real date in YYYY-MM-DD form")
    return day


def parse_value(col: Field, raw: str, at: str) -> object:
    if raw == "":
        if col.required:
            raise DataError(f"{at}: empty, but a value is required")
        return None
    if col.kind == "date":
        return parse_date(raw, at, DataError)
    if col.kind == "decimal":
        return parse_decimal(raw, at, DataError)
    if col.kind == "url":
        return check_url(raw, at, DataError)
    if col.kind == "enum" and raw not in (col.choices or ()):
        if col.vocabulary == "currency_or_unit":
            hint = "an ISO 4217 code or one of " + ", ".join(sorted(NON_MONEY_UNITS))
        else:
            hint = ", ".join(sorted(col.choices or ()))
        raise DataError(f"{at}: unknown value {echo(raw)}; expected {hint}")
    if raw != raw.strip():
        raise DataError(f"{at}: {echo(raw)} has leading or trailing spaces")
    return raw


def read_rows(path: Path, schema: tuple[Field, ...], may_be_empty: bool = False) -> Rows:
    """Read one CSV into (line number, {column: parsed value}) pairs; nothing is dropped."""
    data = read_regular_file(path, DataError, "data table", MAX_TABLE_BYTES, run_input=True)
    text = decode(data, where(path), DataError)
    if not text.strip():
        raise DataError(f"{where(path)}: the file is empty; expected a header line and at least one row")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    meta_name = path.with_suffix(".meta.yaml").name
    try:
        header = next(reader)
        expected = [c.name for c in schema]
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        if missing:
            raise DataError(f"{where(path, 1)}: missing column(s) {', '.join(missing)}")
        if extra:
            raise DataError(
                f"{where(path, 1)}: column(s) {', '.join(extra)} not described in {meta_name}; expected {', '.join(expected)}"
            )
        if len(set(header)) != len(header):
            raise DataError(f"{where(path, 1)}: a column name appears twice")
        rows = []
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                raise DataError(f"{where(path, line)}: blank line inside the table")
            if len(values) != len(header):
                raise DataError(f"{where(path, line)}: {len(values)} fields, but the header has {len(header)}")
            raw = dict(zip(header, values, strict=True))
            key = f"{schema[0].name} {echo(raw.get(schema[0].name, ''))}"
            row = {c.name: parse_value(c, raw[c.name], where(path, line, c.name, key)) for c in schema}
            rows.append((line, row))
    except csv.Error as e:
        raise DataError(f"{where(path, reader.line_num)}: malformed CSV ({e})") from None
    if not rows and not may_be_empty:
        raise DataError(f"{where(path)}: no rows under the header")
    return rows
