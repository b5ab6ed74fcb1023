"""Exchange rates looked up: the ECB rate of a day, a user's fixed rate, the rate an article's own conversion
implies, and the exact rates of a sweep.

- `rate(base, quote, on)` -> `Rate`: the ECB rate, crossed through EUR when neither side is EUR; weekends,
  holidays and days a currency was not published use the last value published on or before the date,
  and `Rate.as_of` says which day that was; a currency whose last value is older than ten days is in a
  publication gap, and no rate is made up;
- `fixed_rate(base, quote, value)` -> `Rate`: a user override (what-if scenarios);
- `implied_rate(amount_base, amount_quote)`: the rate an article's own printed conversion implies;
- `data_range(currency)`: the days the history covers for a currency;
- `sweep_rates(start, stop, step)`: exact Decimal rates for a sweep.

Every rate is a Decimal from the published text; errors are FxErrors naming the bad value, and for a date
outside the data the range the data covers.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from . import ecb
from .dates import iso_date
from .ecb import CURRENCY_RE, ECB_HISTORY_URL, FxError, History
from .ecbfile import EcbFile, history_for
from .numbers import CTX, ONE, to_decimal

# The ECB publishes every TARGET working day; the longest break in the file is 5 days (Easter).
# A currency whose last value is older than this is in a publication gap (ISK: 2008-12 to 2018-02),
# and silently carrying a ten-year-old rate forward would be wrong.
_MAX_STALENESS = timedelta(days=10)

# Guard against a sweep that would allocate millions of Decimals by accident (e.g. step typo).
_MAX_SWEEP = 1_000_000


def known_currencies(history: History) -> list[str]:
    return sorted({"EUR", *history.series})


def check_currency(code: object, name: str = "currency", history: History | None = None) -> str:
    """Exactly three upper-case letters and present in the ECB data (no silent upper-casing)."""
    history = history or ecb.history()
    if not isinstance(code, str) or not CURRENCY_RE.fullmatch(code):
        raise FxError(f"{name} must be a 3-letter upper-case ISO 4217 code, got {code!r}")
    if code != "EUR" and code not in history.series:
        raise FxError(f"{name} {code!r} is not in the ECB data; known: {', '.join(known_currencies(history))}")
    return code


def check_date(on: object, name: str = "on") -> date:
    """A date, or a 'YYYY-MM-DD' string (strictly that shape: no times, no compact forms)."""
    if isinstance(on, datetime):
        return on.date()
    if isinstance(on, date):
        return on
    day = iso_date(on.strip()) if isinstance(on, str) else None
    if day is not None:
        return day
    raise FxError(f"{name} must be a date or a 'YYYY-MM-DD' string, got {on!r}")


def positive_decimal(value: object, name: str) -> Decimal:
    """A finite Decimal > 0 (see capexlib.core.numbers.to_decimal: 0.1 stays 0.1; no bools)."""
    message = f"{name} must be a finite positive number, got {value!r}"
    try:
        number = to_decimal(value, name, FxError)
    except FxError:
        raise FxError(message) from None
    if number <= 0:
        raise FxError(message)
    return number


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


def _pair_range(base: str, quote: str, history: History) -> tuple[date, date]:
    """Dates on which both currencies have data: the later start and the earlier end."""
    starts, ends = zip(currency_range(base, history), currency_range(quote, history), strict=True)
    return max(starts), min(ends)


def currency_range(currency: str, history: History) -> tuple[date, date]:
    if currency == "EUR":
        return history.days[0], history.days[-1]
    series = history.series[currency]
    return series.dates[0], series.dates[-1]


def data_range(currency: str = "KRW", *, ecb_file: EcbFile | None = None) -> tuple[date, date]:
    """First and last ECB publication dates with a value for `currency` (EUR: the whole file), in the
    bundled history or, with `ecb_file`, in the bundled history with that file laid over it."""
    history = history_for(ecb_file)
    return currency_range(check_currency(currency, history=history), history)


def _per_eur(currency: str, on: date, history: History) -> tuple[Decimal, date]:
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
        blanked = [d for d in history.series.blanked(currency) if used < d <= on]
        if blanked:  # the user's file, not the ECB, left these days without a value
            raise FxError(
                f"no ECB rate for {currency} near {on}: {history.file_name} marks {currency} N/A on {len(blanked)} "
                f"publication day(s) from {blanked[0]} to {blanked[-1]}, and where the file has a day its value "
                "(N/A too) replaces the bundled one; give the rates in the file, or leave those days out of it"
            )
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
    history = history_for(ecb_file)
    base = check_currency(base, "base", history)
    quote = check_currency(quote, "quote", history)
    day = check_date(on)
    if base == quote:
        return Rate(base, quote, Decimal(1), day, "ecb", day)
    first, last = _pair_range(base, quote, history)
    if not first <= day <= last:
        raise FxError(f"no ECB rate for {base}->{quote} on {day}: data covers {first} to {last}{later_hint(day, last, history)}")
    base_per_eur, base_day = _per_eur(base, day, history)
    quote_per_eur, quote_day = _per_eur(quote, day, history)
    value = CTX.divide(quote_per_eur, base_per_eur)
    as_of = max(base_day, quote_day)
    origin = history.origin if (base_day in history.file_days or quote_day in history.file_days) else None
    return Rate(base, quote, value, as_of, "ecb", day, origin)


def later_hint(day: date, last: date, history: History) -> str:
    """For a date after the data: why there is no rate, and how to bring a newer ECB file (nothing is ever
    downloaded here). When the user's file has rows up to that date but a currency is N/A there, it says so."""
    if day <= last:
        return ""
    if history.origin is not None:
        if day <= history.days[-1]:
            return (
                f"; {history.file_name} has rows to {history.days[-1]} but marks the currency N/A after {last}: "
                "give its rates there (a newer ECB file would not help)"
            )
        return f" (the bundled history laid over with {history.origin}); a newer ECB file is needed"
    return (
        f"; for a later date, download the ECB's history file ({ECB_HISTORY_URL}) and pass it with "
        "--ecb-file PATH (or ecb_file: PATH in a scenario file)"
    )


def fixed_rate(base: str, quote: str, value: object, *, name: str | None = None) -> Rate:
    """A user-chosen rate (units of `quote` per 1 `base`); `name` labels it in error messages
    (default e.g. 'krw_per_usd')."""
    base = check_currency(base, "base")
    quote = check_currency(quote, "quote")
    name = name or f"{quote.lower()}_per_{base.lower()}"
    number = positive_decimal(value, name)
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


def sweep_rates(start: object, stop: object, step: object) -> list[Decimal]:
    """start, start+step, ... up to stop (included when it lands on a step), as exact Decimals."""
    start_d = positive_decimal(start, "start")
    stop_d = positive_decimal(stop, "stop")
    step_d = positive_decimal(step, "step")
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
