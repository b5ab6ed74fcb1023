"""Numbers, money, dates and rates for reading: all rounding for display happens here, half-up.

Money has one formatter, `money`, Korean style then English style ("2503억 6400만 달러 · $250.4B") in both
languages of the outputs:

- Korean style writes whole 조/억/만 groups, never a decimal 억 or 조. A figure as printed (`exact=True`)
  is shown exactly ("3억 8500만 유로"); a computed figure is rounded to four significant digits and
  marked 약 when rounding changed it ("약 2504억 달러").
- English style is compact with one decimal ("$250.4B").
- All rounding is half-up (as people round), never the banker's rounding of Python's `decimal` default
  or of babel's formatters.

The few words around a figure (a qualifier, 'to' in a range, 'per' in a rate, a month) come from the
catalogue in the current language (capexlib.report.language).
"""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal, InvalidOperation
from typing import Any

import babel.numbers

from ...core.checks import ymd
from ...core.fx import Rate
from ...core.money import KOREAN_WORDS
from ...core.numbers import CTX, round_significant
from ...core.units import is_money
from ..language import DEFAULT_LANGUAGE, N_, _, current, words

# A printed figure's qualifier as a label: English readers get the Korean word with its meaning, Korean
# readers the word alone (the catalogue translates each label to its Korean word).
QUALIFIER_LABELS = {"approx": N_("약 (about)"), "at_least": N_("이상 (at least)"), "at_most": N_("최대 (at most)"), None: ""}
QUALIFIER_WORDS = {"approx": "약", "at_least": "이상", "at_most": "최대"}
SIGNIFICANT_DIGITS = 4  # a computed amount is shown to this many significant digits
MILLION = Decimal(10) ** 6
THOUSAND = Decimal(1000)
KOREAN_GROUPS = (("조", 10**12), ("억", 10**8), ("만", 10**4))
# A source's figure in a unit of the data that is not money (data/reference.csv, outcomes.csv): number and
# unit as one phrase in the reader's language, whose word order differs ('2,048 H800 GPUs', 'H800 GPU 2,048개').
UNIT_PHRASES = {
    "GPUs": N_("%(number)s GPUs"),
    "H800 GPUs": N_("%(number)s H800 GPUs"),
    "GPUs (H800)": N_("%(number)s H800 GPUs"),
    "GPU-hours": N_("%(number)s GPU-hours"),
    "H800 GPU-hours": N_("%(number)s H800 GPU-hours"),
    "GPU-hours (H800)": N_("%(number)s H800 GPU-hours"),
    "H100-80GB GPU-hours": N_("%(number)s H100-80GB GPU-hours"),
    "USD per H800 GPU-hour": N_("$%(number)s per H800 GPU-hour"),
    "USD per GPU-hour": N_("$%(number)s per GPU-hour"),
    "people": N_("%(number)s people"),
    "tokens": N_("%(number)s tokens"),
    "hours": N_("%(number)s hours"),
    "percent year on year": N_("%(number)s%% year on year"),
}
DATE_UNITS = ("date", "date (YYYYMMDD)")  # a date held as the number YYYYMMDD
ENGLISH_SCALES = (("T", Decimal(10) ** 12), ("B", Decimal(10) ** 9), ("M", Decimal(10) ** 6), ("K", Decimal(10) ** 3))
SYMBOLS = {"USD": "$", "KRW": "₩", "CNY": "CN¥", "EUR": "€", "JPY": "¥"}
RATE_SOURCES = {"ecb": "ECB", "fixed": N_("fixed"), "article": N_("article")}


def _round(amount: Decimal, places: int) -> Decimal:
    """Half-up to `places` decimals (negative places round to tens, hundreds, ...)."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP, context=CTX)


def _plain(amount: Decimal) -> Decimal:
    """The same number without an exponent or trailing zeros after the point."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1), context=CTX)
    return amount.normalize(CTX)


def qualifier_label(qualifier: str | None) -> str:
    """'약 (about)' in English, '약' in Korean; '' for none."""
    label = QUALIFIER_LABELS.get(qualifier, "")
    return _(label) if label else ""


def qualified(shown: str, qualifier: str | None) -> str:
    """A figure with its qualifier in the reader's word order: before it ('약 1000억 달러', '최대 650억 달러'),
    but Korean 이상 after the Korean figure, as Korean writes it ('3200억 달러 이상 · $320.0B')."""
    if not qualifier:
        return shown
    label = qualifier_label(qualifier)
    if qualifier == "at_least" and current() == "ko":
        korean, sep, english = shown.partition(" · ")
        return f"{korean} {label}{sep}{english}"
    return f"{label} {shown}"


def span(low: str, high: str) -> str:
    """Two ends of a range: 'A to B' (Korean 'A~B')."""
    return _("%(low)s to %(high)s") % {"low": low, "high": high}


# --- Numbers in Korean and English style --------------------------------------------------------


def korean_number(amount: Decimal, thousands: bool = False) -> str:
    """Whole 조/억/만 groups: 250364000000 -> '2503억 6400만'; decimals only in the last group ('5.5').

    With `thousands`, a last group that is a multiple of 1000 is written with 천 ('5만 7천')."""
    sign = "-" if amount < 0 else ""
    magnitude = abs(amount)
    whole = int(magnitude)
    fraction = CTX.subtract(magnitude, Decimal(whole))
    parts = []
    for word, size in KOREAN_GROUPS:
        count, whole = divmod(whole, size)
        if count:
            parts.append(f"{count}{word}")
    if fraction:
        parts.append(f"{_plain(CTX.add(Decimal(whole), fraction)):f}")
    elif thousands and whole and whole % 1000 == 0:
        parts.append(f"{whole // 1000}천")
    elif whole or not parts:
        parts.append(str(whole))
    return sign + " ".join(parts)


def minor_places(currency: str) -> int:
    """Decimals of a currency's minor unit (KRW 0, USD 2), from babel's ISO 4217 data."""
    return int(babel.numbers.get_currency_precision(currency))


def korean_money(amount: Decimal, currency: str, exact: bool = False) -> str:
    """'2503억 6400만 달러' (exact, to the minor unit) or '약 2504억 달러' (four significant digits, 약 when rounded)."""
    word = KOREAN_WORDS.get(currency, currency)
    shown = _round(amount, minor_places(currency))
    if not exact:
        shown = round_significant(shown, SIGNIFICANT_DIGITS)
    prefix = "" if shown == amount else "약 "
    return f"{prefix}{korean_number(_plain(shown))} {word}"


def english_money(amount: Decimal, currency: str) -> str:
    """Compact with one decimal, half-up: '$250.4B', '₩463.1T'; below a thousand the amount to its minor unit."""
    symbol = SYMBOLS.get(currency, currency + " ")
    sign = "-" if amount < 0 else ""
    magnitude = abs(amount)
    for suffix, size in ENGLISH_SCALES:
        shown = _round(CTX.divide(magnitude, size), 1)
        if shown >= 1:
            if shown >= 1000 and suffix != "T":  # 999.96B rounds to 1000.0B: one scale up
                continue
            return f"{sign}{symbol}{shown:,f}{suffix}"
    return f"{sign}{symbol}{_round(magnitude, minor_places(currency)):,f}"


def money(amount: Decimal | None, currency: str, exact: bool = False) -> str:
    """'3200억 달러 · $320.0B': Korean style (exact for printed figures, else rounded), then English style."""
    if amount is None:
        return ""
    return f"{korean_money(amount, currency, exact)} · {english_money(amount, currency)}"


def money_range(low: Decimal, high: Decimal, currency: str) -> str:
    """A printed range stays a range: '5~10 달러 · $5.00–$10.00'."""
    word = KOREAN_WORDS.get(currency, currency)
    places = minor_places(currency)
    korean = f"{korean_number(_plain(_round(low, places)))}~{korean_number(_plain(_round(high, places)))} {word}"
    return f"{korean} · {english_money(low, currency)}–{english_money(high, currency)}"


def printed_money(amount: Decimal | None, currency: str, qualifier: str | None, high: Decimal | None = None) -> str:
    """A money figure exactly as an article printed it, with its qualifier: '최대 (at most) 650억 달러 · $65.0B'."""
    if amount is None:
        return ""
    shown = money_range(amount, high, currency) if high is not None else money(amount, currency, exact=True)
    return qualified(shown, qualifier)


def times_text(amount: Decimal, exact: bool = False) -> str:
    """A multiple: '2배 (×2)' as printed; computed ones rounded by size ('약 2.17배', '약 5만 7천 배 (×57,000)')."""
    if exact:
        shown = _plain(amount)
    elif abs(amount) >= 100:
        shown = round_significant(amount, 2)
    else:
        shown = _plain(_round(amount, 1 if abs(amount) >= 10 else 2))
    prefix = "" if shown == amount else "약 "
    korean = korean_number(shown, thousands=True)
    space = " " if " " in korean else ""
    return f"{prefix}{korean}{space}배 (×{shown:,f})"


def date_text(amount: Decimal, high: Decimal | None = None) -> str:
    """A date held as YYYYMMDD: '2025-01-20'; a printed month (first to last day) '2024-12'."""
    low = ymd(amount, "date")
    if high is None or high == amount:
        return low.isoformat()
    last = ymd(high, "date")
    next_month = (low.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    if low.day == 1 and last == next_month - dt.timedelta(days=1):
        return low.strftime("%Y-%m")
    return span(low.isoformat(), last.isoformat())


def value(amount: Decimal | None, unit: str, exact: bool = False, high: Decimal | None = None) -> str:
    """Any claim or reference value in its own unit, rounded for reading (exactly as printed if asked)."""
    if amount is None:
        return ""
    if is_money(unit):
        return money_range(amount, high, unit) if high is not None else money(amount, unit, exact)
    if unit in DATE_UNITS:
        return date_text(amount, high)
    if high is not None:
        return span(value(amount, unit, exact), value(high, unit, exact))
    if unit == "percent":
        return f"{_plain(amount):f}%" if exact else f"{_round(amount, 1):f}%"
    if unit == "ratio":
        if amount == 0:
            return "0"
        return f"{round_significant(amount, 3):f} (1/{_plain(_round(CTX.divide(1, amount), 1)):f})"
    if unit == "times":
        return times_text(amount, exact)
    if unit == "months":
        months = f"{_plain(amount):f}"
        korean, gloss = f"{months}개월", _("%(months)s months") % {"months": months}
        return korean if gloss == korean else f"{korean} ({gloss})"  # the English gloss, where it is one
    if unit == "count":
        return korean_number(amount) if amount == amount.to_integral_value() else f"{amount:f}"
    if unit in UNIT_PHRASES:  # a count as its reader writes it: '14,800,000,000,000' or '14조 8000억'
        rounded = _plain(_round(amount, 3))
        number = f"{rounded:,f}" if current() == DEFAULT_LANGUAGE else korean_number(rounded)
        return _(UNIT_PHRASES[unit]) % {"number": number}
    return f"{_round(amount, 3):,f} {unit}" if amount.adjusted() < 15 else f"{amount:.3E} {unit}"


def unit_text(amount: Decimal, unit: str) -> str:
    """A place value in a claim's unit, for 'printed to the nearest ...': '1조 원', '1%', '0.1'."""
    if is_money(unit):
        return korean_money(amount, unit, exact=True)
    if unit == "percent":
        return f"{_plain(amount):f}%"
    if unit == "times":
        return f"{_plain(amount):f}배"
    return f"{_plain(amount):f}"


def pct(amount: Decimal | None, places: int = 2, signed: bool = True) -> str:
    """A percentage, half-up: '+4.54%'."""
    if amount is None:
        return ""
    text = f"{_round(amount, places):f}"
    return (f"+{text}" if signed and amount > 0 else text) + "%"


def points_text(amount: Decimal, places: int = 1) -> str:
    """A difference between two percentages, in percentage points, half-up: '+13.5 pp' ('+13.5%p' in Korean)."""
    text = f"{_round(amount, places):f}"
    return _("%(points)s pp") % {"points": f"+{text}" if amount > 0 else text}


def decimal_text(amount: Decimal | None, places: int) -> str:
    """A plain decimal for machine-readable exports ('-8.13'), half-up."""
    return "" if amount is None else f"{_round(amount, places):f}"


def number(amount: Decimal, places: int = 0, signed: bool = False, grouped: bool = False) -> str:
    """A plain number for chart labels and ticks: number(Decimal('17.81')) -> '18'; signed gives '+21'."""
    text = f"{_round(amount, places):,f}" if grouped else f"{_round(amount, places):f}"
    return f"+{text}" if signed and amount >= 0 else text


def billions(amount: Decimal, places: int = 1) -> str:
    """USD billions for chart labels: '$250.4B'."""
    return f"${_round(CTX.divide(amount, Decimal(10) ** 9), places):,f}B"


# --- Exchange rates and dates ------------------------------------------------------------------------


def rate_number(value: Decimal) -> str:
    """A rate for reading: two decimals ('1447.09'); below 1 (USD per KRW, 0.00069) four significant digits."""
    if value >= 1:
        return f"{_round(value, 2):f}"
    return f"{round_significant(value, 4):f}"


def per(rate: str, quote: str, base: str) -> str:
    """'1447.09 KRW per USD' (Korean 'USD당 1447.09 KRW')."""
    return _("%(rate)s %(quote)s per %(base)s") % {"rate": rate, "quote": quote, "base": base}


def rate_text(rate: Rate | None) -> str:
    """E.g. '1447.09 KRW per USD (ECB, 2025-02-07)'; a weekend request names the day asked for too."""
    if rate is None:
        return ""
    source = RATE_SOURCES.get(rate.source)
    detail = _(source) if source else rate.source
    if rate.as_of is not None:
        detail += f", {rate.as_of.isoformat()}"
    if rate.requested is not None and rate.as_of is not None and rate.requested != rate.as_of:
        detail += "; " + _("requested %(day)s") % {"day": rate.requested.isoformat()}
    if rate.origin:  # a rate from the user's newer ECB file names that file and its last date
        detail += f"; {words(rate.origin)}"
    return f"{per(rate_number(rate.rate), rate.quote, rate.base)} ({detail})"


def month_text(day: dt.date) -> str:
    """'Oct 2025' (Korean '2025년 10월')."""
    return day.strftime("%b %Y") if current() == "en" else f"{day.year}년 {day.month}월"


def stated_on_text(day: Any, precision: str | None) -> str:
    """When a figure was given: '2026-02-04', or 'Oct 2025' when the source gives only the month."""
    if day is None:
        return ""
    return month_text(day) if precision == "month" else day.isoformat()


# --- GPU-hours and small dollar amounts (DeepSeek) ---------------------------------------------------


def gpu_hours_text(amount: Decimal | None) -> str:
    """GPU-hours the way the report writes them: '2,664K' (thousands), or '30.84M' from a million up."""
    if amount is None:
        return ""
    if amount >= MILLION:
        return f"{CTX.divide(amount, MILLION).normalize():f}M"
    return f"{CTX.divide(amount, THOUSAND).normalize():f}K"


def usd_text(amount: Decimal | None) -> str:
    """USD with the digits the sources use, in the scale that fits: '$5.576M', '$61.68M', '$294K', '$10K';
    from a billion up as every other amount is written ('$1.6B')."""
    if amount is None:
        return ""
    magnitude = abs(amount)
    if magnitude >= 1000 * MILLION:
        return english_money(amount, "USD")
    for size, suffix in ((MILLION, "M"), (THOUSAND, "K")):
        if magnitude >= size:
            v = _round(CTX.divide(amount, size), 3).normalize()
            return f"${_plain(v):,f}{suffix}"
    return english_money(amount, "USD")


def price_number(amount: Decimal) -> str:
    return f"{_round(amount, 2):f}"


def price_text(amount: Decimal | None) -> str:
    """A price per GPU-hour for reading: '$2.00'."""
    return "" if amount is None else f"${price_number(amount)}"


def per_gpu_hour(price: str) -> str:
    """'$2.00 per GPU-hour' (Korean 'GPU-시간당 $2.00')."""
    return _("%(price)s per GPU-hour") % {"price": price}


# --- Values as the CSV exports hold them ---------------------------------------------------------------


def readable(text: object, unit: object) -> str:
    """A figure held as text (headline.csv) for reading: money in both styles, counts once."""
    try:
        amount = Decimal(str(text))
    except (InvalidOperation, ValueError):
        return str(text)
    if not amount.is_finite():
        return str(text)
    if is_money(unit):
        return money(amount, str(unit))
    if unit == "percent":
        return f"{_round(amount, 1)}%"
    if amount == amount.to_integral_value():
        return f"{int(amount):,}"
    return f"{_round(amount, 3).normalize():,f}"


MACHINE_PLACES = 6  # a percentage or ratio in a CSV: exact when it ends within this many decimals, else half-up


def headline_value(amount: Decimal, unit: str) -> str:
    """A value as the CSV exports hold it: money to its minor unit (won, cent), half-up; counts whole; other
    figures exact when they end within MACHINE_PLACES decimals (19.885625), else half-up to that many (a
    share like 82.53… has no end); never an exponent or trailing zeros."""
    if is_money(unit):
        return f"{_plain(_round(amount, minor_places(unit))):f}"
    if amount == amount.to_integral_value():
        return f"{int(amount)}"
    return f"{_plain(_round(amount, MACHINE_PLACES)):f}"
