"""Load and validate the source tables in data/: articles, claims, reference facts and checks.

Every table is read with the csv module (not pandas) so that a bad file gets one message naming the
file, line and column, and so that numbers go straight from text to Decimal. Each table has a
provenance file beside it (`<table>.meta.yaml`) that must describe exactly the table's columns.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import babel.numbers
import pandas as pd
import yaml

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = PROJECT_ROOT / "data"

ISO_CURRENCIES = frozenset(babel.numbers.list_currencies()) - {"XXX", "XTS"}
NON_MONEY_UNITS = frozenset({"percent", "count", "ratio", "times"})
QUALIFIERS = frozenset({"approx", "at_least", "at_most"})
PERIOD_BASES = frozenset({
    "calendar_year", "fiscal_year", "half_year", "quarter", "month", "day",
    "cumulative", "change", "mixed", "range", "inferred", "unspecified",
})
RELATIONS = frozenset({
    "sum", "difference", "product", "ratio", "share_pct", "growth_pct", "decline_pct",
    "conversion", "reference", "unverifiable",
})
PROVENANCE_KEYS = ("producer", "source", "date_published", "date_accessed", "license", "columns")


class DataError(ValueError):
    """A data file is malformed; the message names the file, line and column."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"  # text | id | date | decimal | enum | ref
    required: bool = True
    choices: frozenset | None = None
    ref: tuple[str, str] | None = None  # (table, column) a value must exist in


def _cols(*cols: Column) -> tuple[Column, ...]:
    return cols


SCHEMAS: dict[str, tuple[Column, ...]] = {
    "articles": _cols(
        Column("article_id", "id"),
        Column("outlet"),
        Column("kind", "enum", choices=frozenset({"news_article", "blog_post"})),
        Column("author", required=False),
        Column("headline", required=False),
        Column("headline_note", required=False),
        Column("published", "date"),
        Column("date_basis", "enum", choices=frozenset({"printed", "inferred"})),
        Column("date_reason"),
        Column("language", "enum", choices=frozenset({"ko", "en"})),
        Column("seed_file"),
        Column("note", required=False),
    ),
    "claims": _cols(
        Column("claim_id", "id"),
        Column("article_id", "ref", ref=("articles", "article_id")),
        Column("quote"),
        Column("entity"),
        Column("metric"),
        Column("period_as_stated", required=False),
        Column("period_start", "date", required=False),
        Column("period_end", "date", required=False),
        Column("period_basis", "enum", choices=PERIOD_BASES),
        Column("amount", "decimal"),
        Column("amount_high", "decimal", required=False),
        Column("currency", "enum", choices=ISO_CURRENCIES | NON_MONEY_UNITS),
        Column("qualifier", "enum", required=False, choices=QUALIFIERS),
        Column("converts_claim_id", "ref", required=False, ref=("claims", "claim_id")),
        Column("attribution", required=False),
        Column("note", required=False),
    ),
    "reference": _cols(
        Column("ref_id", "id"),
        Column("topic"),
        Column("entity"),
        Column("metric"),
        Column("period_as_stated"),
        Column("period_start", "date", required=False),
        Column("period_end", "date", required=False),
        Column("period_basis", "enum", choices=PERIOD_BASES),
        Column("value", "decimal"),
        Column("unit"),
        Column("line_item_or_basis", required=False),
        Column("source_url"),
        Column("source_quote"),
        Column("confidence"),
    ),
    "checks": _cols(
        Column("check_id", "id"),
        Column("claim_id", "ref", ref=("claims", "claim_id")),
        Column("role", "enum", choices=frozenset({"primary", "alternative"})),
        Column("topic"),
        Column("relation", "enum", choices=RELATIONS),
        Column("operands", required=False),
        Column("tolerance_pct", "decimal", required=False),
        Column("note"),
    ),
    "capex_bases": _cols(
        Column("basis_id"),
        Column("basis_label"),
        Column("entity"),
        Column("actual_2024_refs"),
        Column("plan_2025_refs"),
        Column("line_item_note"),
    ),
}
LOAD_ORDER = ("articles", "claims", "reference", "checks", "capex_bases")
KEYED = ("articles", "claims", "reference", "checks")  # tables whose first column is a unique id


def _where(path: Path, line: int | None = None, column: str | None = None, key: str | None = None) -> str:
    where = str(path)
    if line is not None:
        where += f", line {line}"
    if key:
        where += f" ({key})"
    if column:
        where += f", column '{column}'"
    return where


def _parse_value(col: Column, raw: str, where: str):
    if raw == "":
        if col.required:
            raise DataError(f"{where}: empty, but a value is required")
        return None
    if col.kind == "date":
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise DataError(f"{where}: {raw!r} is not a real date in YYYY-MM-DD form") from None
    if col.kind == "decimal":
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise DataError(f"{where}: {raw!r} is not a number") from None
        if not value.is_finite():
            raise DataError(f"{where}: {raw!r} is not a finite number")
        return value
    if col.kind == "enum" and raw not in col.choices:
        shown = sorted(col.choices)
        hint = ", ".join(shown) if len(shown) <= 15 else "an ISO 4217 code or one of " + ", ".join(sorted(NON_MONEY_UNITS))
        raise DataError(f"{where}: unknown value {raw!r}; expected {hint}")
    if raw != raw.strip():
        raise DataError(f"{where}: {raw!r} has leading or trailing spaces")
    return raw


def _read_rows(path: Path, schema: tuple[Column, ...]) -> list[tuple[int, dict]]:
    """Read one CSV into (line number, {column: parsed value}) pairs; nothing is dropped."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: file not found") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DataError(f"{_where(path, line)}: not valid UTF-8 (byte {e.start}); save the file as UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]  # a spreadsheet's byte-order mark is harmless
    if not text.strip():
        raise DataError(f"{path}: the file is empty; expected a header line and at least one row")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        expected = [c.name for c in schema]
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        if missing:
            raise DataError(f"{_where(path, 1)}: missing column(s) {', '.join(missing)}")
        if extra:
            raise DataError(f"{_where(path, 1)}: unknown column(s) {', '.join(extra)}; expected {', '.join(expected)}")
        if len(set(header)) != len(header):
            raise DataError(f"{_where(path, 1)}: a column name appears twice")
        rows = []
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                raise DataError(f"{_where(path, line)}: blank line inside the table")
            if len(values) != len(header):
                raise DataError(f"{_where(path, line)}: {len(values)} fields, but the header has {len(header)}")
            raw = dict(zip(header, values))
            key = f"{schema[0].name} {raw.get(schema[0].name, '')!r}"
            row = {c.name: _parse_value(c, raw[c.name], _where(path, line, c.name, key)) for c in schema}
            rows.append((line, row))
    except csv.Error as e:
        raise DataError(f"{_where(path, reader.line_num)}: malformed CSV ({e})") from None
    if not rows:
        raise DataError(f"{path}: no rows under the header")
    return rows


def _check_provenance(path: Path, schema: tuple[Column, ...]) -> dict:
    meta_path = path.with_suffix(".meta.yaml")
    try:
        meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataError(f"{meta_path}: provenance file missing (every table in data/ has one)") from None
    except yaml.YAMLError as e:
        raise DataError(f"{meta_path}: not valid YAML ({e})") from None
    if not isinstance(meta, dict):
        raise DataError(f"{meta_path}: expected a mapping of provenance fields")
    missing = [k for k in PROVENANCE_KEYS if not meta.get(k)]
    if missing:
        raise DataError(f"{meta_path}: missing provenance field(s) {', '.join(missing)}")
    described = list(meta["columns"])
    expected = [c.name for c in schema]
    if described != expected:
        raise DataError(f"{meta_path}: 'columns' must describe exactly {', '.join(expected)} in that order; got {', '.join(described)}")
    return meta


@dataclass
class Ledger:
    """The four source tables as DataFrames (Decimal and date values kept as Python objects)."""

    articles: pd.DataFrame
    claims: pd.DataFrame
    reference: pd.DataFrame
    checks: pd.DataFrame
    capex_bases: pd.DataFrame
    data_dir: Path
    provenance: dict = field(default_factory=dict)

    def records(self, table: str) -> dict[str, dict]:
        """A table's rows as plain dicts by id: empty cells stay None (a pandas row would make them NaN)."""
        cache = self.__dict__.setdefault("_records", {})
        if table not in cache:
            frame = getattr(self, table)
            cache[table] = {key: dict(zip(frame.columns, values)) for key, values in zip(frame.index, frame.to_numpy())}
        return cache[table]

    def conversions(self) -> list[tuple[dict, dict]]:
        """Every printed conversion as (the converted claim, the claim it converts), in file order."""
        claims = self.records("claims")
        return [(row, claims[row["converts_claim_id"]]) for row in claims.values() if row["converts_claim_id"] is not None]

    def claim(self, claim_id: str) -> dict:
        return self.records("claims")[claim_id]

    def reference_row(self, ref_id: str) -> dict:
        return self.records("reference")[ref_id]

    def article_date(self, article_id: str) -> dt.date:
        return self.records("articles")[article_id]["published"]


def resolve_data_dir(data_dir: str | os.PathLike | None = None) -> Path:
    """The data folder: the argument, else $CAPEX_DATA_DIR, else the project's data/ (never the cwd)."""
    chosen = data_dir or os.environ.get("CAPEX_DATA_DIR") or DEFAULT_DATA_DIR
    path = Path(chosen)
    if not path.is_absolute():
        path = PROJECT_ROOT / path
    if not path.is_dir():
        raise DataError(f"data_dir: {path} is not a folder")
    return path


def load_ledger(data_dir: str | os.PathLike | None = None) -> Ledger:
    """Load and validate every table; raises DataError on the first problem found."""
    root = resolve_data_dir(data_dir)
    tables: dict[str, list[tuple[int, dict]]] = {}
    provenance = {}
    for name in LOAD_ORDER:
        path = root / f"{name}.csv"
        tables[name] = _read_rows(path, SCHEMAS[name])
        provenance[name] = _check_provenance(path, SCHEMAS[name])
    _check_ids_and_links(root, tables)
    _check_claims(root, tables)
    _check_periods(root, tables)
    frames = {name: pd.DataFrame([r for _, r in rows], dtype=object) for name, rows in tables.items()}
    for name in KEYED:
        frames[name] = frames[name].set_index(SCHEMAS[name][0].name, drop=False)
    for frame in frames.values():
        frame.index.name = None
    return Ledger(**frames, data_dir=root, provenance=provenance)


def _check_ids_and_links(root: Path, tables: dict) -> None:
    ids: dict[str, set] = {}
    for name in KEYED:
        id_col = SCHEMAS[name][0].name
        seen: dict[str, int] = {}
        for line, row in tables[name]:
            key = row[id_col]
            if key in seen:
                raise DataError(f"{_where(root / f'{name}.csv', line, id_col)}: duplicate id {key!r} (first on line {seen[key]})")
            seen[key] = line
        ids[name] = set(seen)
    for name in LOAD_ORDER:
        for col in SCHEMAS[name]:
            if col.kind != "ref":
                continue
            table, _ = col.ref
            for line, row in tables[name]:
                value = row[col.name]
                if value is not None and value not in ids[table]:
                    raise DataError(
                        f"{_where(root / f'{name}.csv', line, col.name)}: {value!r} is not a {table[:-1]} id in {table}.csv"
                    )
    for line, row in tables["checks"]:
        for token in (row["operands"] or "").split():
            if token in ("-", "/"):
                continue  # group separators: see capexlib.checks
            kind, _, key = token.lstrip("-").partition(":")
            table = {"claim": "claims", "ref": "reference"}.get(kind)
            if kind == "param" and key:
                continue
            if table is None or key not in ids[table]:
                raise DataError(
                    f"{_where(root / 'checks.csv', line, 'operands')}: operand {token!r} names no claim (claim:ID), "
                    "reference row (ref:ID) or parameter (param:NAME)"
                )
    for line, row in tables["capex_bases"]:
        for column in ("actual_2024_refs", "plan_2025_refs"):
            for key in row[column].split():
                if key not in ids["reference"]:
                    raise DataError(f"{_where(root / 'capex_bases.csv', line, column)}: {key!r} is not a ref_id in reference.csv")


def _check_claims(root: Path, tables: dict) -> None:
    path = root / "claims.csv"
    by_id = {row["claim_id"]: row for _, row in tables["claims"]}
    for line, row in tables["claims"]:
        high = row["amount_high"]
        if high is not None and high < row["amount"]:
            raise DataError(f"{_where(path, line, 'amount_high')}: {high} is below amount {row['amount']}")
        source_id = row["converts_claim_id"]
        if source_id is None:
            continue
        source = by_id[source_id]
        if source["article_id"] != row["article_id"]:
            raise DataError(f"{_where(path, line, 'converts_claim_id')}: {source_id!r} is in another article")
        if row["currency"] not in ISO_CURRENCIES or source["currency"] not in ISO_CURRENCIES:
            raise DataError(f"{_where(path, line, 'converts_claim_id')}: a conversion links two money amounts")
        if row["currency"] == source["currency"]:
            raise DataError(f"{_where(path, line, 'converts_claim_id')}: converts {source_id!r} into its own currency")


def _check_periods(root: Path, tables: dict) -> None:
    for name in ("claims", "reference"):
        for line, row in tables[name]:
            start, end = row["period_start"], row["period_end"]
            if start and end and start > end:
                raise DataError(f"{_where(root / f'{name}.csv', line, 'period_end')}: {end} is before period_start {start}")
