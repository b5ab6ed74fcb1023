"""Load and validate the source tables in data/: articles, claims, reference facts, checks, capex bases, and
the hindsight tables (outcomes, the bases of the reference rows they are set against, hindsight checks).

Each table `<name>.csv` has a provenance file beside it, `<name>.meta.yaml`, whose `fields` list is the
table's one schema: each field's name, type, whether it is required, its allowed values and what it
means. The loader reads the types from there, so the description a reader sees and the check the
loader makes cannot drift apart.

Every table is read with the csv module (not pandas) so that a bad file gets one message naming the
file, line and column, and so that numbers go straight from text to Decimal. What would otherwise fail
later, inside a notebook, fails here:

- files are read with bounds (capexlib.core.readfile): a FIFO, a device or a huge file is refused;
- text is normalized to NFC, so Hangul saved decomposed (NFD) still matches the seeds byte for byte;
- numbers are spelled one way: ASCII digits only (a full-width or Arabic-Indic digit is refused, not
  read), no spaces or underscores, at most 28 significant digits and 12 decimal places, and below 10^18
  in magnitude (1e400 is a finite Decimal, but no figure here is that large and floats overflow on it);
- dates are YYYY-MM-DD only (Python also reads 20250207 and 2025-W06-5);
- a printed conversion and the amount it converts are both positive, conversion links form no cycle,
  every money currency has ECB rates, and on each article's date for the currencies it prints.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import functools
import io
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pandas as pd

from . import archive, fx, operands
from .dates import iso_date
from .echo import echo
from .numbers import non_ascii_digit
from .operands import OperandError
from .paths import DEFAULT_DATA_DIR, PROJECT_ROOT
from .readfile import MAX_TABLE_BYTES, read_regular_file, shown_path
from .units import CAPEX_BASES, ISO_CURRENCIES, NON_MONEY_UNITS, PERIOD_BASES, QUALIFIERS, is_money
from .yamlfile import read_yaml

LOAD_ORDER = (
    "articles",
    "claims",
    "reference",
    "checks",
    "capex_bases",
    "outcomes",
    "reference_bases",
    "hindsight_checks",
    "corrections",
)
MAY_BE_EMPTY = frozenset({"corrections"})  # a header and no rows yet is a valid table (no correction made so far)
KEYED = ("articles", "claims", "reference", "checks", "outcomes", "hindsight_checks")  # tables whose first field is a unique id
# The two kinds of check, and what each is judged against (the column judged_against of evaluated checks).
CHECK_TABLES = ("checks", "hindsight_checks")
QUALITATIVE = "qualitative"  # the unit of an outcome with no figure (guidance in words)
PROVENANCE_KEYS = ("producer", "source", "date_published", "date_accessed", "license", "fields")
FIELD_TYPES = ("text", "id", "date", "decimal", "enum", "ref", "refs")
# Value sets a field can name instead of listing its values (`enum: qualifier`).
VOCABULARIES: dict[str, frozenset[str]] = {
    "currency_or_unit": ISO_CURRENCIES | NON_MONEY_UNITS,
    "qualifier": frozenset(QUALIFIERS),
    "period_basis": PERIOD_BASES,
    "relation": operands.RELATIONS,
    "capex_basis": CAPEX_BASES,
}
# One spelling of a number and of a date: ASCII digits only (str.isdigit and Decimal() accept any script's).
NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
MAX_MAGNITUDE = Decimal(10) ** 18  # no figure in these articles comes near (463조 is 4.6 x 10^14)
MAX_DIGITS = 28  # capexlib.core.numbers.CTX precision: more would round on the first operation
MAX_PLACES = 12  # decimal places
_WIDE = decimal.Context(prec=200)  # only to count a raw number's digits, never for arithmetic


class DataError(ValueError):
    """A data file is malformed; the message names the file, line and column."""


@dataclass(frozen=True)
class Field:
    """One column of a table, as its meta file declares it."""

    name: str
    kind: str = "text"  # one of FIELD_TYPES
    required: bool = True
    choices: frozenset[str] | None = None  # enum
    vocabulary: str | None = None  # enum naming a VOCABULARIES entry
    ref: tuple[str, str] | None = None  # ref / refs: (table, id field) every value must exist in
    description: str = ""


def _where(path: Path, line: int | None = None, column: str | None = None, key: str | None = None) -> str:
    where = shown_path(path)
    if line is not None:
        where += f", line {line}"
    if key:
        where += f" ({key})"
    if column:
        where += f", column '{column}'"
    return where


# --------------------------------------------------------------------------------------------
# The schema, from <table>.meta.yaml
# --------------------------------------------------------------------------------------------


def _field(meta_path: Path, index: int, spec: object) -> Field:
    where = f"{meta_path}: fields[{index}]"
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) or not spec["name"]:
        raise DataError(f"{where}: each field needs a 'name'")
    name = spec["name"]
    where = f"{meta_path}: field '{name}'"
    unknown = set(spec) - {"name", "type", "required", "enum", "ref", "description"}
    if unknown:
        raise DataError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    kind = spec.get("type", "text")
    if kind not in FIELD_TYPES:
        raise DataError(f"{where}: type {kind!r} is not one of {', '.join(FIELD_TYPES)}")
    if not isinstance(spec.get("description"), str) or not spec["description"].strip():
        raise DataError(f"{where}: a field needs a description")
    required = spec.get("required", True)
    if not isinstance(required, bool):
        raise DataError(f"{where}: required must be true or false")
    choices, vocabulary, ref = None, None, None
    if kind == "enum":
        values = spec.get("enum")
        if isinstance(values, str) and values in VOCABULARIES:
            vocabulary, choices = values, VOCABULARIES[values]
        elif isinstance(values, list) and values and all(isinstance(v, str) for v in values):
            choices = frozenset(values)
        else:
            raise DataError(f"{where}: an enum lists its values or names one of {', '.join(VOCABULARIES)}")
    if kind in ("ref", "refs"):
        target = spec.get("ref")
        table, dot, column = target.partition(".") if isinstance(target, str) else ("", "", "")
        if not dot or table not in KEYED:
            raise DataError(f"{where}: ref must name an id field as table.column (tables: {', '.join(KEYED)})")
        ref = (table, column)
    return Field(name, kind, required, choices, vocabulary, ref, spec["description"].strip())


def read_meta(meta_path: Path) -> tuple[dict[str, Any], tuple[Field, ...]]:
    """The provenance mapping and the fields of one table; DataError when the file is not usable."""
    meta = read_yaml(meta_path, DataError, "provenance file")
    if not isinstance(meta, dict):
        raise DataError(f"{meta_path}: expected a mapping of provenance fields")
    missing = [k for k in PROVENANCE_KEYS if not meta.get(k)]
    if missing:
        raise DataError(f"{meta_path}: missing provenance field(s) {', '.join(missing)}")
    if not isinstance(meta["fields"], list):
        raise DataError(f"{meta_path}: 'fields' must be a list of fields")
    fields = tuple(_field(meta_path, i, spec) for i, spec in enumerate(meta["fields"]))
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise DataError(f"{meta_path}: a field name appears twice")
    return meta, fields


# --------------------------------------------------------------------------------------------
# The rows
# --------------------------------------------------------------------------------------------


def parse_decimal(
    raw: str,
    where: str,
    error: type[Exception] = ValueError,
    max_magnitude: Decimal = MAX_MAGNITUDE,
    max_places: int | None = MAX_PLACES,
) -> Decimal:
    """`raw` as a bounded Decimal (see the module docstring), else `error` naming `where` and the value."""
    lookalike = non_ascii_digit(raw)
    if lookalike is not None:
        raise error(f"{where}: {echo(raw)} is not a number: non-ASCII digit {lookalike}; write numbers with the digits 0-9")
    if not NUMBER_RE.fullmatch(raw):
        if raw.strip().lower().lstrip("+-") in ("nan", "snan", "inf", "infinity"):
            raise error(f"{where}: {echo(raw)} is not a finite number")
        raise error(f"{where}: {echo(raw)} is not a number")
    try:
        value = Decimal(raw)
    except InvalidOperation:  # an exponent beyond what Decimal holds
        raise error(f"{where}: {echo(raw)} is too large (at most {max_magnitude:.0E} in magnitude)") from None
    if abs(value) >= max_magnitude:
        raise error(f"{where}: {echo(raw)} is too large (at most {max_magnitude:.0E} in magnitude)")
    digits, exponent = value.normalize(_WIDE).as_tuple()[1:]  # trailing zeros do not count
    if max_places is not None and isinstance(exponent, int) and exponent < -max_places:
        raise error(f"{where}: {echo(raw)} has more than {max_places} decimal places")
    if len(digits) > MAX_DIGITS:
        raise error(f"{where}: {echo(raw)} has more than {MAX_DIGITS} significant digits")
    return value


def parse_date(raw: str, where: str, error: type[Exception] = ValueError) -> dt.date:
    """`raw` as a date, written YYYY-MM-DD and nothing else."""
    day = iso_date(raw)
    if day is None:
        raise error(f"{where}: {echo(raw)} is not a real date in YYYY-MM-DD form")
    return day


def _parse_value(col: Field, raw: str, where: str) -> object:
    if raw == "":
        if col.required:
            raise DataError(f"{where}: empty, but a value is required")
        return None
    if col.kind == "date":
        return parse_date(raw, where, DataError)
    if col.kind == "decimal":
        return parse_decimal(raw, where, DataError)
    if col.kind == "enum" and raw not in (col.choices or ()):
        if col.vocabulary == "currency_or_unit":
            hint = "an ISO 4217 code or one of " + ", ".join(sorted(NON_MONEY_UNITS))
        else:
            hint = ", ".join(sorted(col.choices or ()))
        raise DataError(f"{where}: unknown value {echo(raw)}; expected {hint}")
    if raw != raw.strip():
        raise DataError(f"{where}: {echo(raw)} has leading or trailing spaces")
    return raw


Rows = list[tuple[int, dict[str, Any]]]


def _read_rows(path: Path, schema: tuple[Field, ...], may_be_empty: bool = False) -> Rows:
    """Read one CSV into (line number, {column: parsed value}) pairs; nothing is dropped."""
    data = read_regular_file(path, DataError, "data table", MAX_TABLE_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise DataError(f"{_where(path, line)}: not valid UTF-8 (byte {e.start}); save the file as UTF-8") from None
    if text.startswith("\ufeff"):
        text = text[1:]  # a spreadsheet's byte-order mark is harmless
    # NFC: a quote typed on a Mac may arrive as decomposed jamo, which looks the same but matches nothing.
    text = unicodedata.normalize("NFC", text)
    if not text.strip():
        raise DataError(f"{path}: the file is empty; expected a header line and at least one row")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    meta_name = path.with_suffix(".meta.yaml").name
    try:
        header = next(reader)
        expected = [c.name for c in schema]
        missing = [c for c in expected if c not in header]
        extra = [c for c in header if c not in expected]
        if missing:
            raise DataError(f"{_where(path, 1)}: missing column(s) {', '.join(missing)}")
        if extra:
            raise DataError(
                f"{_where(path, 1)}: column(s) {', '.join(extra)} not described in {meta_name}; expected {', '.join(expected)}"
            )
        if len(set(header)) != len(header):
            raise DataError(f"{_where(path, 1)}: a column name appears twice")
        rows = []
        for values in reader:
            line = reader.line_num
            if not any(v.strip() for v in values):
                raise DataError(f"{_where(path, line)}: blank line inside the table")
            if len(values) != len(header):
                raise DataError(f"{_where(path, line)}: {len(values)} fields, but the header has {len(header)}")
            raw = dict(zip(header, values, strict=True))
            key = f"{schema[0].name} {echo(raw.get(schema[0].name, ''))}"
            row = {c.name: _parse_value(c, raw[c.name], _where(path, line, c.name, key)) for c in schema}
            rows.append((line, row))
    except csv.Error as e:
        raise DataError(f"{_where(path, reader.line_num)}: malformed CSV ({e})") from None
    if not rows and not may_be_empty:
        raise DataError(f"{path}: no rows under the header")
    return rows


# --------------------------------------------------------------------------------------------
# The ledger
# --------------------------------------------------------------------------------------------


@dataclass
class Ledger:
    """The source tables as DataFrames (Decimal and date values kept as Python objects)."""

    articles: pd.DataFrame
    claims: pd.DataFrame
    reference: pd.DataFrame
    checks: pd.DataFrame
    capex_bases: pd.DataFrame
    outcomes: pd.DataFrame
    reference_bases: pd.DataFrame
    hindsight_checks: pd.DataFrame
    corrections: pd.DataFrame  # data/corrections.csv: what was corrected after publication, and why (may be empty)
    data_dir: Path
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    schemas: dict[str, tuple[Field, ...]] = field(default_factory=dict)
    lines: dict[str, dict[str, int]] = field(default_factory=dict)  # {table: {id: line in its file}}
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value derived from the tables, computed once (the tables never change after loading)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def records(self, table: str) -> dict[str, dict[str, Any]]:
        """A table's rows as plain dicts by id: empty cells stay None (a pandas row would make them NaN)."""

        def build() -> dict[str, dict[str, Any]]:
            frame = getattr(self, table)
            return {
                key: dict(zip(frame.columns, values, strict=True))
                for key, values in zip(frame.index, frame.to_numpy(), strict=True)
            }

        return self.memo(f"records:{table}", build)

    def conversions(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """Every printed conversion as (the converted claim, the claim it converts), in file order."""
        claims = self.records("claims")
        return [(row, claims[row["converts_claim_id"]]) for row in claims.values() if row["converts_claim_id"] is not None]

    def claim(self, claim_id: str) -> dict[str, Any]:
        return self.records("claims")[claim_id]

    def reference_row(self, ref_id: str) -> dict[str, Any]:
        return self.records("reference")[ref_id]

    def outcome(self, outcome_id: str) -> dict[str, Any]:
        return self.records("outcomes")[outcome_id]

    def reference_basis(self, ref_id: str) -> str | None:
        """The capex basis data/reference_bases.csv gives a reference row (None: not given)."""
        bases: dict[str, str] = self.memo(
            "reference_bases", lambda: dict(zip(self.reference_bases["ref_id"], self.reference_bases["basis"], strict=True))
        )
        return bases.get(ref_id)

    def article_date(self, article_id: str) -> dt.date:
        published: dt.date = self.records("articles")[article_id]["published"]
        return published

    def where(self, table: str, key: str, column: str | None = None) -> str:
        """'claims.csv, line 3 (claim_id 'x'), column 'currency'': where a row is, for messages."""
        id_col = self.schemas[table][0].name
        return _where(self.data_dir / f"{table}.csv", self.lines[table].get(key), column, f"{id_col} {echo(key)}")

    def missing_rate(self, on: dt.date | None = None, ecb_file: fx.EcbFile | None = None) -> str | None:
        """Why some money figure has no ECB rate on `on` (default: its article's date), or None.

        Every currency an article prints, and KRW (every figure is also shown in won), needs a rate
        there; the message names the figure that needs it. `ecb_file`: a newer ECB file laid over the
        bundled history (see capexlib.core.fx.load_ecb_file).
        """
        for article_id, currency, claim_id in _rate_needs(self.records("claims").values()):
            day = on or self.article_date(article_id)
            gap = ecb_gap(currency, day, ecb_file)
            if gap is not None:
                needed_by = _where(Path("claims.csv"), self.lines["claims"].get(claim_id), key=f"claim_id {echo(claim_id)}")
                return f"{gap}; {needed_by} needs one"
        return None


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the argument, else $CAPEX_DATA_DIR, else the project's data/ (never the cwd)."""
    chosen = data_dir or os.environ.get("CAPEX_DATA_DIR") or DEFAULT_DATA_DIR
    path = Path(chosen)
    if not path.is_absolute():
        path = PROJECT_ROOT / path
    try:
        folder = path.is_dir()
    except OSError as e:  # e.g. a name too long for the file system
        raise DataError(f"data_dir: {shown_path(path)} is not a folder ({e.strerror})") from None
    if not folder:
        raise DataError(f"data_dir: {shown_path(path)} is not a folder")
    return path


def load_ledger(data_dir: str | os.PathLike[str] | None = None) -> Ledger:
    """Load and validate every table; raises DataError on the first problem found."""
    root = resolve_data_dir(data_dir)
    tables: dict[str, Rows] = {}
    provenance, schemas = {}, {}
    for name in LOAD_ORDER:
        path = root / f"{name}.csv"
        provenance[name], schemas[name] = read_meta(path.with_suffix(".meta.yaml"))
        tables[name] = _read_rows(path, schemas[name], name in MAY_BE_EMPTY)
    _check_ids_and_links(root, tables, schemas)
    _check_claims(root, tables)
    _check_periods(root, tables)
    _check_outcomes(root, tables)
    _check_hindsight(root, tables)
    _check_currencies(root, tables)
    archive.check_quotes(
        root, tables["claims"], archive.article_texts(root, tables["articles"], _where, DataError), _where, DataError
    )
    frames = {
        name: pd.DataFrame([r for _, r in rows], columns=[c.name for c in schemas[name]], dtype=object)
        for name, rows in tables.items()
    }
    for name in KEYED:
        frames[name] = frames[name].set_index(schemas[name][0].name, drop=False)
    for frame in frames.values():
        frame.index.name = None
    lines = {name: {row[schemas[name][0].name]: line for line, row in tables[name]} for name in KEYED}
    return Ledger(**frames, data_dir=root, provenance=provenance, schemas=schemas, lines=lines)


def _check_ids_and_links(root: Path, tables: dict[str, Rows], schemas: dict[str, tuple[Field, ...]]) -> None:
    ids: dict[str, set[str]] = {}
    for name in KEYED:
        id_col = schemas[name][0].name
        seen: dict[str, int] = {}
        for line, row in tables[name]:
            key = row[id_col]
            if key in seen:
                raise DataError(f"{_where(root / f'{name}.csv', line, id_col)}: duplicate id {key!r} (first on line {seen[key]})")
            seen[key] = line
        ids[name] = set(seen)
    for name in LOAD_ORDER:
        for col in schemas[name]:
            if col.ref is None:
                continue
            table, _ = col.ref
            for line, row in tables[name]:
                values = (row[col.name] or "").split() if col.kind == "refs" else [row[col.name]]
                for value in values:
                    if value is not None and value not in ids[table]:
                        raise DataError(
                            f"{_where(root / f'{name}.csv', line, col.name)}: {value!r} is not a {table[:-1]} id in {table}.csv"
                        )
    bases = {row["basis_id"] for _, row in tables["capex_bases"]}
    for table in CHECK_TABLES:
        for line, row in tables[table]:
            where = _where(root / f"{table}.csv", line, "operands", f"check_id {row['check_id']!r}")
            try:
                parsed = operands.parse(row["operands"], row["relation"])
            except OperandError as e:
                raise DataError(f"{where}: {e}") from None
            for token in parsed.tokens:
                named = operands.KINDS[token.kind]
                if token.kind == "basis":
                    basis_id, _, part = token.key.partition(".")
                    if basis_id not in bases or part not in ("actual", "plan"):
                        raise DataError(
                            f"{where}: operand {token.text!r} names no basis_id of capex_bases.csv with .actual or .plan"
                        )
                elif named is not None and token.key not in ids[named]:
                    raise DataError(f"{where}: operand {token.text!r} names no row of {named}.csv")
                if token.kind == "out" and table == "checks":
                    # As-published verdicts rest on what was known when the article appeared.
                    raise DataError(
                        f"{where}: operand {token.text!r} is a later outcome; checks.csv judges claims on knowledge at "
                        "publication: put this check in hindsight_checks.csv"
                    )


def _check_claims(root: Path, tables: dict[str, Rows]) -> None:
    path = root / "claims.csv"
    by_id = {row["claim_id"]: row for _, row in tables["claims"]}
    line_of = {row["claim_id"]: line for line, row in tables["claims"]}
    for line, row in tables["claims"]:
        key = f"claim_id {echo(row['claim_id'])}"
        high = row["amount_high"]
        if high is not None and high < row["amount"]:
            raise DataError(f"{_where(path, line, 'amount_high')}: {high} is below amount {row['amount']}")
        if row["currency"] == "date":
            for column in ("amount", "amount_high"):
                if row[column] is not None and not _is_yyyymmdd(row[column]):
                    raise DataError(f"{_where(path, line, column)}: {row[column]} is not a real date written YYYYMMDD")
        source_id = row["converts_claim_id"]
        if source_id is None:
            continue
        chain = [row["claim_id"]]
        while chain[-1] in by_id and by_id[chain[-1]]["converts_claim_id"] is not None and len(chain) <= len(by_id):
            chain.append(by_id[chain[-1]]["converts_claim_id"])
            if chain[-1] in chain[:-1]:
                if chain[-1] == chain[0]:  # reported once, on the first claim of the cycle met in file order
                    raise DataError(
                        f"{_where(path, line, 'converts_claim_id', key)}: cyclic conversion link {' -> '.join(chain)}"
                    )
                break
        source = by_id[source_id]
        if source["article_id"] != row["article_id"]:
            raise DataError(f"{_where(path, line, 'converts_claim_id')}: {source_id!r} is in another article")
        if row["currency"] not in ISO_CURRENCIES or source["currency"] not in ISO_CURRENCIES:
            raise DataError(f"{_where(path, line, 'converts_claim_id')}: a conversion links two money amounts")
        if row["currency"] == source["currency"]:
            raise DataError(f"{_where(path, line, 'converts_claim_id')}: converts {source_id!r} into its own currency")
        # The implied rate divides one by the other: both must be positive (an article's rate is never 0).
        if row["amount"] <= 0:
            raise DataError(
                f"{_where(path, line, 'amount', key)}: a printed conversion must be a positive amount, got {row['amount']}"
            )
        if source["amount"] <= 0:
            raise DataError(
                f"{_where(path, line_of[source_id], 'amount', f'claim_id {echo(source_id)}')}: "
                f"a converted amount must be positive, got {source['amount']} (converted on line {line})"
            )


def _is_yyyymmdd(value: Decimal) -> bool:
    try:
        dt.datetime.strptime(f"{value:f}", "%Y%m%d")
    except ValueError:
        return False
    return True


def _check_periods(root: Path, tables: dict[str, Rows]) -> None:
    for name in ("claims", "reference", "outcomes"):
        for line, row in tables[name]:
            start, end = row["period_start"], row["period_end"]
            if start and end and start > end:
                raise DataError(f"{_where(root / f'{name}.csv', line, 'period_end')}: {end} is before period_start {start}")


def _check_outcomes(root: Path, tables: dict[str, Rows]) -> None:
    """A figure unless qualitative; a range's high end above its low end; a precision with every date."""
    path = root / "outcomes.csv"
    for line, row in tables["outcomes"]:
        qualitative = row["unit"] == QUALITATIVE
        if qualitative == (row["value"] is not None):
            what = "a qualitative outcome has no value" if qualitative else "a value is required (or unit 'qualitative')"
            key = f"outcome_id {row['outcome_id']!r}"
            raise DataError(f"{_where(path, line, 'value', key)}: {what}")
        high = row["value_high"]
        if high is not None and (row["value"] is None or high <= row["value"]):
            raise DataError(f"{_where(path, line, 'value_high')}: {high} is not above value {row['value']}")
        if (row["stated_on"] is None) != (row["stated_on_precision"] is None):
            raise DataError(f"{_where(path, line, 'stated_on_precision')}: give it exactly when stated_on is given")
    kinds = {row["outcome_id"]: row["kind"] for _, row in tables["outcomes"]}
    references = {row["ref_id"] for _, row in tables["reference"]}
    for line, row in tables["outcomes"]:
        where = _where(path, line, "parts", f"outcome_id {row['outcome_id']!r}")
        if (row["kind"] == "derived") != (row["parts"] is not None):
            raise DataError(f"{where}: a derived row names its parts, and only a derived row does")
        if row["parts"] is None:
            continue
        try:
            parsed = operands.parse(row["parts"], "sum")
        except OperandError as e:
            raise DataError(f"{where}: {e}") from None
        for token in parsed.tokens:
            known = {"out": kinds, "ref": references}.get(token.kind)
            if known is None or token.key not in known:
                raise DataError(f"{where}: {token.text!r} names no row of outcomes.csv (out:ID) or reference.csv (ref:ID)")
            if token.kind == "out" and kinds[token.key] == "derived":
                raise DataError(f"{where}: {token.text!r} is itself derived; name the input rows")
    seen: dict[str, int] = {}
    for line, row in tables["reference_bases"]:
        if row["ref_id"] in seen:
            where = _where(root / "reference_bases.csv", line, "ref_id")
            raise DataError(f"{where}: {row['ref_id']!r} again (first on line {seen[row['ref_id']]})")
        seen[row["ref_id"]] = line


def _check_hindsight(root: Path, tables: dict[str, Rows]) -> None:
    """Each outcome operand is a single input figure; one company's figures on the two sides of a comparison
    share a basis (a lease-inclusive 2025 is never set against a 2024 without leases)."""
    path = root / "hindsight_checks.csv"
    outcomes = {row["outcome_id"]: row for _, row in tables["outcomes"]}
    references = {row["ref_id"]: row for _, row in tables["reference"]}
    ref_bases = {row["ref_id"]: row["basis"] for _, row in tables["reference_bases"]}
    for line, row in tables["hindsight_checks"]:
        where = _where(path, line, "operands", f"check_id {row['check_id']!r}")
        convert_to = row["convert_to"]
        if convert_to is not None and convert_to not in ISO_CURRENCIES:
            raise DataError(f"{_where(path, line, 'convert_to')}: {convert_to!r} is not a currency code")
        parsed = operands.parse(row["operands"], row["relation"])
        for token in parsed.tokens:
            if token.kind != "out":
                continue
            out = outcomes[token.key]
            if out["kind"] == "derived":
                raise DataError(
                    f"{where}: {token.text!r} is the collector's own sum (DERIVED), not an input: name its parts instead"
                )
            if out["value"] is None or out["value_high"] is not None:
                raise DataError(
                    f"{where}: {token.text!r} is {'qualitative' if out['value'] is None else 'a range'}; a check takes one figure"
                )
        if parsed.right is None:
            continue

        def bases(tokens: tuple[operands.Token, ...]) -> dict[str, set[str | None]]:
            found: dict[str, set[str | None]] = {}
            for token in tokens:
                if token.kind == "out":
                    entity, basis = outcomes[token.key]["entity"], outcomes[token.key]["basis"]
                elif token.kind == "ref":
                    entity, basis = references[token.key]["entity"], ref_bases.get(token.key)
                else:
                    continue
                found.setdefault(entity, set()).add(basis)
            return found

        left, right = bases(parsed.left), bases(parsed.right)
        for entity in sorted(set(left) & set(right)):
            if left[entity] != right[entity] or None in left[entity]:
                shown = " against ".join(
                    ", ".join(sorted(b or "(none given)" for b in side)) for side in (left[entity], right[entity])
                )
                raise DataError(
                    f"{where}: {entity}'s figures are on different bases ({shown}); compare one company on one line item "
                    "(a reference row's basis is given in reference_bases.csv)"
                )


def ecb_gap(currency: str, day: dt.date, ecb_file: fx.EcbFile | None = None) -> str | None:
    """Why the ECB history (bundled, or with `ecb_file` laid over it) has no rate for `currency` on `day`;
    None when it has one."""
    try:
        first, last = fx.data_range(currency, ecb_file=ecb_file)
    except fx.FxError:
        return f"{echo(currency)} has no ECB exchange rate"
    if not first <= day <= last:
        return f"no ECB rate for {currency} on {day} ({currency} data covers {first} to {last})"
    try:
        fx.rate(currency, "EUR", day, ecb_file=ecb_file)  # a publication gap inside the range (ISK 2008-2018)
    except fx.FxError as e:
        return str(e)
    return None


def _rate_needs(claims: Any) -> list[tuple[str, str, str]]:
    """(article_id, currency, claim_id): each money currency an article prints, and KRW, with a claim needing it."""
    needs: dict[tuple[str, str], str] = {}
    for row in claims:
        if is_money(row["currency"]):
            needs.setdefault((row["article_id"], row["currency"]), row["claim_id"])
            needs.setdefault((row["article_id"], "KRW"), row["claim_id"])
    return [(article, currency, claim) for (article, currency), claim in needs.items()]


def _check_currencies(root: Path, tables: dict[str, Rows]) -> None:
    """Every money currency has ECB rates, and each article's currencies have one on its date."""
    for name, column in (("claims", "currency"), ("reference", "unit")):
        id_col = "claim_id" if name == "claims" else "ref_id"
        for line, row in tables[name]:
            code = row[column]
            if is_money(code) and not _has_ecb_rates(code):
                raise DataError(
                    f"{_where(root / f'{name}.csv', line, column, f'{id_col} {echo(row[id_col])}')}: "
                    f"{echo(code)} has no ECB exchange rate (none in the bundled ECB history), so it cannot be converted"
                )
    articles = {row["article_id"]: (line, row["published"]) for line, row in tables["articles"]}
    claim_lines = {row["claim_id"]: line for line, row in tables["claims"]}
    for article_id, currency, claim_id in _rate_needs(row for _, row in tables["claims"]):
        line, published = articles[article_id]
        gap = ecb_gap(currency, published)
        if gap is not None:
            needed_by = _where(Path("claims.csv"), claim_lines[claim_id], key=f"claim_id {echo(claim_id)}")
            where = _where(root / "articles.csv", line, "published", f"article_id {echo(article_id)}")
            raise DataError(f"{where}: {gap}; {needed_by} needs one")


@functools.cache
def _has_ecb_rates(code: str) -> bool:
    try:
        fx.data_range(code)
    except fx.FxError:
        return False
    return True
