"""A user's newer ECB history file (`--ecb-file PATH`), validated cell by cell and laid over the bundled history.

The ECB's `eurofxref-hist.zip`, the CSV inside it, or a shorter file in the same format (header
`Date,USD,JPY,...,` with its trailing comma, `N/A` for a missing value, newest day first). Where the
file and the bundle both have a day, the file wins (its N/A removes the bundled value for that day).
Nothing is downloaded.

Read in a bounded, streaming way: the file (at most MAX_ECB_BYTES, the CSV inside a zip too, whatever
its header claims) is read line by line, every cell is checked as it goes by, and only the currencies the
series converts are kept (another currency is read again, from the same bytes, the first time it is
asked for). Dates run from the euro's first ECB rates (1999-01-04) to 2100, one row per day, so a file
holds at most about 37,000 rows however it is made. Any problem is one FxError naming the file, the line
and the column: a damaged, encrypted or oddly compressed zip too.
"""

from __future__ import annotations

import functools
import hashlib
import io
import lzma
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO

from . import ecb, inputs
from .dates import iso_date
from .ecb import CURRENCY_RE, FxError, History, Series, SeriesMap, series_of
from .numbers import non_ascii_digit, parse_decimal
from .phrase import N_, phrase
from .readfile import MAX_ECB_BYTES, read_regular_file, shown_path

# The currencies the series converts (each quoted per EUR in the file): a file without one is refused, and
# these are kept when the file is read.
REQUIRED_CURRENCIES = ("USD", "CNY", "KRW")
FIRST_DAY = date(1999, 1, 4)  # the ECB's first reference rates
LAST_DAY = date(2100, 12, 31)
# Units of a currency per EUR: the ECB has published from about 0.4 (Maltese lira) to about 2 million (Turkish
# lira before 2005); these bounds keep every converted figure within the 28 digits it is computed in.
MIN_RATE, MAX_RATE = Decimal("0.0001"), Decimal(10) ** 7
MAX_LINE = 1 << 16  # characters in one line: a row of the full history is about 300
MAX_BLANK = 10  # blank lines at the end of a file (the ECB's has none)
_MISSING = ("N/A", "")
_RATE_TEXT = re.compile(r"[0-9]{1,8}(?:\.[0-9]{1,12})?")
_DAILY_DATE = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}")  # "30 October 2026": the ECB's one-day file
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, lzma.LZMAError, NotImplementedError, RuntimeError)


class _Where:
    """Names a place in the file for an error: 'PATH (x.csv inside), line 3, column 'KRW''."""

    def __init__(self, path: Path, member: str | None) -> None:
        self.file = f"{shown_path(path)} ({shown_path(member)} inside)" if member else shown_path(path)

    def __call__(self, line: int | None = None, column: str | None = None) -> str:
        where = self.file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        return where


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per file version
class EcbFile:
    """A validated ECB history file: where it is, hashes of its bytes, its days, and the kept currencies' values."""

    path: Path
    sha256: str  # of the CSV (inside the zip, for a zip)
    file_sha256: str  # of the file's own bytes (what a run pins)
    member: str | None  # the CSV's name inside a zip
    first: date
    last: date
    currencies: tuple[str, ...]  # every currency column of the file
    columns: Mapping[str, int]
    days: tuple[date, ...]  # oldest first
    _series: dict[str, tuple[tuple[date, ...], tuple[str, ...]]] = field(default_factory=dict, repr=False)

    @property
    def name(self) -> str:
        return self.path.name

    def describe(self) -> str:
        return phrase(N_("%(name)s, data to %(last)s"), name=self.name, last=self.last.isoformat())

    def values(self, currency: str) -> tuple[tuple[date, ...], tuple[str, ...]] | None:
        """(days with a value, the values), oldest first, for a currency the file has a column for; else None."""
        if currency not in self.columns:
            return None
        if currency not in self._series:
            data = read_regular_file(self.path, FxError, "ECB history file", MAX_ECB_BYTES, run_input=True)
            if hashlib.sha256(data).hexdigest() != self.file_sha256:
                raise FxError(f"{shown_path(self.path)}: changed since it was read; run again")
            self._series.update(_parse(self.path, data, keep=(currency,)).kept)
        return self._series[currency]


@dataclass
class _Parsed:
    sha256: str
    member: str | None
    columns: dict[str, int]
    days: list[date]  # newest first, as in the file
    kept: dict[str, tuple[tuple[date, ...], tuple[str, ...]]]


def _lines(stream: IO[bytes], where: _Where, digest: hashlib._Hash) -> Iterator[tuple[int, str]]:
    """(line number, text) of each line, at most MAX_ECB_BYTES in all and MAX_LINE in one; the bytes hashed."""
    total = 0
    number = 0
    while True:
        raw = stream.readline(MAX_LINE + 2)
        if not raw:
            return
        number += 1
        total += len(raw)
        if total > MAX_ECB_BYTES:
            raise FxError(f"{where()}: more than {MAX_ECB_BYTES:,} bytes of text; an ECB history file is about 2 MB")
        if len(raw) > MAX_LINE + 1 and not raw.endswith(b"\n"):
            raise FxError(f"{where(number)}: a line longer than {MAX_LINE:,} characters; not the ECB's CSV")
        digest.update(raw)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as e:
            raise FxError(f"{where(number)}: not UTF-8 text (byte {e.start} of the line); expected the ECB's CSV") from None
        yield number, text.rstrip("\r\n").removeprefix("\ufeff") if number == 1 else text.rstrip("\r\n")


def _header(text: str, where: _Where) -> dict[str, int]:
    header = [c.strip() for c in text.split(",")]
    if header[0] != "Date":
        raise FxError(
            f"{where(1)}: the header must start with 'Date' as in the ECB's history file (Date,USD,JPY,...,), "
            f"found {header[0][:20]!r}"
        )
    columns: dict[str, int] = {}
    for index, name in enumerate(header[1:], start=1):
        if not name:
            if index == len(header) - 1:
                continue  # the ECB's trailing comma
            raise FxError(f"{where(1)}: column {index + 1} has no currency code")
        if not CURRENCY_RE.fullmatch(name):
            raise FxError(f"{where(1)}: column {index + 1} is {name[:20]!r}, not a 3-letter currency code")
        if name in columns:
            raise FxError(f"{where(1)}: currency {name} appears twice")
        columns[name] = index
    missing = [c for c in REQUIRED_CURRENCIES if c not in columns]
    if missing:
        raise FxError(
            f"{where(1)}: no {', '.join(missing)} column; the series converts {', '.join(REQUIRED_CURRENCIES)} "
            "(each per EUR, as in the ECB's file)"
        )
    return columns


def _row_date(text: str, where: _Where, number: int, earlier: date | None) -> date:
    """The row's date: YYYY-MM-DD, within the ECB's possible range, and before the row above (newest first)."""
    day = iso_date(text)  # None for 2026-02-30 too: the shape is right, the day is not
    if day is None:
        hint = (
            " (this looks like the ECB's one-day file eurofxref.csv; use the history file eurofxref-hist.zip or its CSV)"
            if _DAILY_DATE.fullmatch(text)
            else ""
        )
        raise FxError(f"{where(number, 'Date')}: {text[:40]!r} is not a date in YYYY-MM-DD form{hint}")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise FxError(f"{where(number, 'Date')}: {day} is outside {FIRST_DAY} (the ECB's first rates) to {LAST_DAY}")
    if earlier is not None and day >= earlier:
        what = "repeats" if day == earlier else "is after"
        raise FxError(
            f"{where(number, 'Date')}: {day} {what} the date on line {number - 1} ({earlier}); "
            "dates must run newest first, one row per day, as in the ECB's file"
        )
    return day


def _rate(value: str, where: str) -> str:
    """A published rate as exact text: ASCII digits, positive, within MIN_RATE to MAX_RATE units per EUR."""
    if not _RATE_TEXT.fullmatch(value) or not value.strip("0."):
        lookalike = non_ascii_digit(value)
        why = f": non-ASCII digit {lookalike}; the digits 0-9 only" if lookalike else " (a positive number, or N/A)"
        raise FxError(f"{where}: {value[:40]!r} is not a rate{why}")
    number = parse_decimal(value, where, FxError)
    if not MIN_RATE <= number <= MAX_RATE:
        raise FxError(f"{where}: {value!r} is out of range; an ECB rate is from {MIN_RATE} to {MAX_RATE:,} units per EUR")
    return value


def _parse_lines(lines: Iterable[tuple[int, str]], where: _Where, keep: Iterable[str]) -> tuple[dict[str, int], list[date], dict]:
    numbered = iter(lines)
    first = next(numbered, None)
    if first is None:
        raise FxError(f"{where()}: the file is empty; expected the ECB's CSV (Date,USD,JPY,...,)")
    if not first[1].strip():
        raise FxError(f"{where(1)}: an empty line where the header belongs; expected the ECB's CSV (Date,USD,JPY,...,)")
    columns = _header(first[1], where)
    width = len(first[1].split(","))
    kept = {c: columns[c] for c in keep if c in columns}
    found: dict[str, tuple[list[date], list[str]]] = {c: ([], []) for c in kept}
    days: list[date] = []
    blank_at: int | None = None
    for number, text in numbered:
        if not text.strip():
            blank_at = blank_at or number
            if number - blank_at >= MAX_BLANK:
                raise FxError(f"{where(blank_at)}: more than {MAX_BLANK} blank lines; not the ECB's CSV")
            continue
        if blank_at is not None:
            raise FxError(f"{where(blank_at)}: a blank line inside the file")
        cells = [c.strip() for c in text.split(",")]
        if len(cells) != width:
            raise FxError(f"{where(number)}: {len(cells)} fields, but the header has {width}")
        day = _row_date(cells[0], where, number, days[-1] if days else None)
        days.append(day)
        for currency, index in columns.items():
            value = cells[index]
            if value in _MISSING:
                continue
            if currency in kept:
                dates, values = found[currency]
                dates.append(day)
                values.append(_rate(value, where(number, currency)))
            elif not _RATE_TEXT.fullmatch(value) or not value.strip("0."):
                _rate(value, where(number, currency))  # raises with the message
    if not days:
        raise FxError(f"{where()}: a header but no rows of rates")
    return columns, days, {c: (tuple(reversed(d)), tuple(reversed(v))) for c, (d, v) in found.items()}


def _csv_stream(path: Path, data: bytes) -> tuple[str | None, IO[bytes], zipfile.ZipFile | None]:
    """The CSV to read: the file itself, or the one CSV inside a zip."""
    if data[:4] != b"PK\x03\x04" and path.suffix.lower() != ".zip":
        return None, io.BytesIO(data), None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
        if len(members) != 1:
            found = ", ".join(shown_path(n) for n in archive.namelist()[:5]) or "nothing"
            raise FxError(f"{shown_path(path)}: expected one CSV file inside the zip (eurofxref-hist.csv), found {found}")
        member = members[0]
        if member.flag_bits & 0x1:
            raise FxError(f"{shown_path(path)}: {shown_path(member.filename)} inside is encrypted; use the ECB's own file")
        return member.filename, archive.open(member), archive
    except _ZIP_ERRORS as e:
        raise FxError(f"{shown_path(path)}: not a readable zip file (truncated or damaged download?): {_reason(e)}") from None


def _reason(e: BaseException) -> str:
    text = str(e).splitlines()[0] if str(e) else type(e).__name__
    return text[:120]


def _parse(path: Path, data: bytes, keep: Iterable[str]) -> _Parsed:
    member, stream, archive = _csv_stream(path, data)
    where = _Where(path, member)
    digest = hashlib.sha256()
    try:
        columns, days, kept = _parse_lines(_lines(stream, where, digest), where, keep)
    except FxError:
        raise
    except (*_ZIP_ERRORS, OSError, ValueError) as e:  # a bzip2 member's damage is an OSError
        raise FxError(f"{where()}: not a readable zip file (truncated or damaged download?): {_reason(e)}") from None
    finally:
        stream.close()
        if archive is not None:
            archive.close()
    return _Parsed(digest.hexdigest(), member, columns, days, kept)


@functools.lru_cache(maxsize=8)
def _load(path: Path, _size: int, _mtime_ns: int) -> EcbFile:
    data = read_regular_file(path, FxError, "ECB history file", MAX_ECB_BYTES, run_input=True)
    parsed = _parse(path, data, REQUIRED_CURRENCIES)
    days = tuple(reversed(parsed.days))  # oldest first, as the bundled history is held
    return EcbFile(
        path=path,
        sha256=parsed.sha256,
        file_sha256=hashlib.sha256(data).hexdigest(),
        member=parsed.member,
        first=days[0],
        last=days[-1],
        currencies=tuple(parsed.columns),
        columns=parsed.columns,
        days=days,
        _series=dict(parsed.kept),
    )


def load_ecb_file(path: str | Path) -> EcbFile:
    """Read and validate an ECB history file; FxError naming the file, line and column when it is bad.

    Read once per process and file version (size and modification time), so each worker pays for it once
    (about 0.1 s for the full history); during a run, what was read is checked against what the run
    hashed at its start (capexlib.core.inputs), whether it was just read or remembered.
    """
    path = Path(path)
    try:
        info = path.stat()
        real = path.resolve()
    except (OSError, ValueError):
        read_regular_file(path, FxError, "ECB history file", MAX_ECB_BYTES)  # raises the right message
        raise
    if not path.is_file():
        read_regular_file(path, FxError, "ECB history file", MAX_ECB_BYTES)  # raises: not a regular file
    loaded = _load(real, info.st_size, info.st_mtime_ns)
    inputs.check(str(real), loaded.file_sha256, shown_path(path), FxError)
    return loaded


class _OverlaidSeries(SeriesMap):
    """The bundled series with a file's values laid over them: where the file has a day, its value wins
    (its N/A removes the bundled value for that day); days only in one source keep that source's value."""

    def __init__(self, base: Mapping[str, Series], file: EcbFile) -> None:
        super().__init__()
        self._base, self._file = base, file
        self._file_days = frozenset(file.days)

    def _names(self) -> Iterable[str]:
        return dict.fromkeys([*self._base, *self._file.currencies])

    def _make(self, currency: str) -> Series | None:
        values: dict[date, str] = {}
        if currency in self._base:
            series = self._base[currency]
            values.update(zip(series.dates, series.values, strict=True))
        found = self._file.values(currency)
        if found is not None:
            for day in self._file_days:
                values.pop(day, None)  # N/A in the file: no value that day, whatever the bundle says
            values.update(zip(*found, strict=True))
        return series_of(sorted(values.items()))

    def blanked(self, currency: str) -> tuple[date, ...]:
        if currency not in self._base or self._file.values(currency) is None:
            return ()
        given = set(self._file.values(currency)[0])  # type: ignore[index]
        return tuple(d for d in self._base[currency].dates if d in self._file_days and d not in given)


@functools.lru_cache(maxsize=8)
def overlaid(file: EcbFile) -> History:
    base = ecb.history()
    return History(
        days=tuple(sorted(set(base.days) | set(file.days))),
        series=_OverlaidSeries(base.series, file),
        file_days=frozenset(file.days),
        origin=file.describe(),
        file_name=file.name,
    )


def history_for(ecb_file: EcbFile | None) -> History:
    """The bundled history, or with `ecb_file` laid over it."""
    return ecb.history() if ecb_file is None else overlaid(ecb_file)


__all__ = ["REQUIRED_CURRENCIES", "EcbFile", "history_for", "load_ecb_file", "overlaid"]
