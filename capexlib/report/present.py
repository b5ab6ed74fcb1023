"""Presentation: turn exact values into the strings a reader sees. Rounding happens here and only here.

Every table a notebook shows, every page, export, alt text and label is built from these helpers, so the
same figure is written the same way everywhere. Money has one formatter, `money`, Korean style then
English style ("2503억 6400만 달러 · $250.4B"):

- Korean style writes whole 조/억/만 groups, never a decimal 억 or 조. A figure as printed (`exact=True`)
  is shown exactly ("3억 8500만 유로"); a computed figure is rounded to four significant digits and
  marked 약 when rounding changed it ("약 2504억 달러").
- English style is compact with one decimal ("$250.4B").
- All rounding is half-up (as people round), never the banker's rounding of Python's `decimal` default
  or of babel's formatters.

Verdict tables show "percent off" = (printed - computed) / computed x 100 (`capexlib.core.numbers`), and
for a bound (이상/최대) whether it is satisfied instead.
"""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

import babel.numbers
import pandas as pd

from ..core.checks import FAILS, HOLDS, NO_OUTCOME, NO_PERCENT, NOT_YET_KNOWN, UNCHECKABLE, ymd
from ..core.fx import Rate
from ..core.money import KOREAN_WORDS
from ..core.numbers import CTX, round_significant, significant_digits
from ..core.units import is_money
from ..topics.headline import PRICE_SLOT, RATE_SLOT, HeadlineFigure
from ..topics.hindsight import BASIS_WORDS
from ..topics.rows import without_nan as _none_for_nan  # pandas NaN -> None (one home: topics.rows)
from .verdict_frame import shown_verdicts

QUALIFIER_LABELS = {"approx": "약 (about)", "at_least": "이상 (at least)", "at_most": "최대 (at most)", None: ""}
REASON_LABELS = {
    "misattributed": "Misattributed",
    "garbled": "Garbled",
    "different_measure": "Different measure",
    "misprint": "Misprint",
    "wrong_period": "Wrong period",
    "wrong_basis": "Wrong basis",
    "rounding": "Rounding",
    "overstated": "Overstated",
    "understated": "Understated",
    "no_source": "No source",
    "only_a_bound": "Only a bound",
}
PERCENT_OFF = "percent off = (printed - computed) / computed"  # the column every verdict table shows, its definition in its name
SIGNIFICANT_DIGITS = 4  # a computed amount is shown to this many significant digits
MILLION = Decimal(10) ** 6
THOUSAND = Decimal(1000)
KOREAN_GROUPS = (("조", 10**12), ("억", 10**8), ("만", 10**4))
ENGLISH_SCALES = (("T", Decimal(10) ** 12), ("B", Decimal(10) ** 9), ("M", Decimal(10) ** 6), ("K", Decimal(10) ** 3))
SYMBOLS = {"USD": "$", "KRW": "₩", "CNY": "CN¥", "EUR": "€", "JPY": "¥"}


def _round(amount: Decimal, places: int) -> Decimal:
    """Half-up to `places` decimals (negative places round to tens, hundreds, ...)."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP, context=CTX)


def _plain(amount: Decimal) -> Decimal:
    """The same number without an exponent or trailing zeros after the point."""
    if amount == amount.to_integral_value():
        return amount.quantize(Decimal(1), context=CTX)
    return amount.normalize(CTX)


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
    return (QUALIFIER_LABELS[qualifier] + " " if qualifier else "") + shown


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
    return f"{low.isoformat()} to {last.isoformat()}"


def value(amount: Decimal | None, unit: str, exact: bool = False, high: Decimal | None = None) -> str:
    """Any claim or reference value in its own unit, rounded for reading (exactly as printed if asked)."""
    if amount is None:
        return ""
    if is_money(unit):
        return money_range(amount, high, unit) if high is not None else money(amount, unit, exact)
    if unit == "date":
        return date_text(amount, high)
    if high is not None:
        return f"{value(amount, unit, exact)} to {value(high, unit, exact)}"
    if unit == "percent":
        return f"{_plain(amount):f}%" if exact else f"{_round(amount, 1):f}%"
    if unit == "ratio":
        if amount == 0:
            return "0"
        return f"{round_significant(amount, 3):f} (1/{_plain(_round(CTX.divide(1, amount), 1)):f})"
    if unit == "times":
        return times_text(amount, exact)
    if unit == "months":
        return f"{_plain(amount):f}개월 ({_plain(amount):f} months)"
    if unit == "count":
        return korean_number(amount) if amount == amount.to_integral_value() else f"{amount:f}"
    return f"{_round(amount, 3):,f} {unit}" if amount.adjusted() < 15 else f"{amount:.3E} {unit}"


def pct(amount: Decimal | None, places: int = 2, signed: bool = True) -> str:
    """A percentage, half-up: '+4.54%'."""
    if amount is None:
        return ""
    text = f"{_round(amount, places):f}"
    return (f"+{text}" if signed and amount > 0 else text) + "%"


def decimal_text(amount: Decimal | None, places: int) -> str:
    """A plain decimal for machine-readable exports ('-8.13'), half-up."""
    return "" if amount is None else f"{_round(amount, places):f}"


def rate_number(value: Decimal) -> str:
    """A rate for reading: two decimals ('1447.09'); below 1 (USD per KRW, 0.00069) four significant digits."""
    if value >= 1:
        return f"{_round(value, 2):f}"
    return f"{round_significant(value, 4):f}"


def rate_text(rate: Rate | None) -> str:
    """E.g. '1447.09 KRW per USD (ECB, 2025-02-07)'; a weekend request names the day asked for too."""
    if rate is None:
        return ""
    detail = {"ecb": "ECB", "fixed": "fixed", "article": "article"}.get(rate.source, rate.source)
    if rate.as_of is not None:
        detail += f", {rate.as_of.isoformat()}"
    if rate.requested is not None and rate.as_of is not None and rate.requested != rate.as_of:
        detail += f"; requested {rate.requested.isoformat()}"
    if rate.origin:  # a rate from the user's newer ECB file names that file and its last date
        detail += f"; {rate.origin}"
    return f"{rate_number(rate.rate)} {rate.quote} per {rate.base} ({detail})"


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


def price_text(amount: Decimal | None) -> str:
    """A price per GPU-hour for reading: '$2.00'."""
    return "" if amount is None else f"${price_number(amount)}"


def price_number(amount: Decimal) -> str:
    return f"{_round(amount, 2):f}"


def number(amount: Decimal, places: int = 0, signed: bool = False, grouped: bool = False) -> str:
    """A plain number for chart labels and ticks: number(Decimal('17.81')) -> '18'; signed gives '+21'."""
    text = f"{_round(amount, places):,f}" if grouped else f"{_round(amount, places):f}"
    return f"+{text}" if signed and amount >= 0 else text


def billions(amount: Decimal, places: int = 1) -> str:
    """USD billions for chart labels: '$250.4B'."""
    return f"${_round(CTX.divide(amount, Decimal(10) ** 9), places):,f}B"


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


def headline_frame(figures: Iterable[HeadlineFigure]) -> pd.DataFrame:
    """The headline figures as headline.csv holds them: id, label (rate and price written in), value, unit."""
    return pd.DataFrame(
        [
            {
                "id": f.id,
                "label": f.label.replace(RATE_SLOT, rate_text(f.rate)).replace(
                    PRICE_SLOT, price_text(f.price) if f.price is not None else ""
                ),
                "value": headline_value(f.value, f.unit),
                "unit": f.unit,
            }
            for f in figures
        ]
    )


# --- Verdicts --------------------------------------------------------------------------------------


def unit_text(amount: Decimal, unit: str) -> str:
    """A place value in a claim's unit, for 'printed to the nearest ...': '1조 원', '1%', '0.1'."""
    if is_money(unit):
        return korean_money(amount, unit, exact=True)
    if unit == "percent":
        return f"{_plain(amount):f}%"
    if unit == "times":
        return f"{_plain(amount):f}배"
    return f"{_plain(amount):f}"


def computed_text(row: dict[str, Any]) -> str:
    """The computed value for reading; 'at most ...' / 'at least ...' when it is only a bound."""
    shown = value(row["computed"], row["unit"])
    bound = row.get("computed_is") or "value"
    if shown and bound != "value":
        return ("at most " if bound == "upper_bound" else "at least ") + shown
    return shown


QUALIFIER_WORDS = {"approx": "약", "at_least": "이상", "at_most": "최대"}


def printed_text(row: dict[str, Any]) -> str:
    """The claim's figure exactly as the article printed it ('145.6조 원', '약 1000억 달러'), with its
    qualifier when the printed words around the figure carry it ('3200억 달러 (이상 (at least))'); a figure
    the quote does not spell as a number (a date, '5개월여') written out instead."""
    qualifier = QUALIFIER_LABELS[row["qualifier"]]
    printed = row.get("printed_as")
    if printed:
        word = QUALIFIER_WORDS.get(row["qualifier"] or "")
        return f"{printed} ({qualifier})" if word and word not in printed else printed
    shown = value(row["stated"], row["unit"], exact=True, high=row.get("stated_high"))
    return f"{qualifier} {shown}" if qualifier else shown


def outcome_text(row: dict[str, Any]) -> str:
    """The 'percent off' cell: the percent off, or for a bound whether it is satisfied; empty where no
    number can be compared (unverifiable, garbled, a date)."""
    if row["computed"] is None or row["relation"] == "date":
        return ""
    if row.get("reason_kind") == "garbled":  # not a number to compare
        return ""
    if row.get("reason_kind") in NO_PERCENT:
        times = _times(row)
        return f"not comparable ({times})" if times else "not comparable"
    if row.get("computed_is", "value") not in ("value", None):
        return "computed is only a bound"
    if row.get("bound_met") is True:
        return "bound satisfied"
    if row.get("bound_met") is False:
        return f"bound not satisfied ({pct(row['miss_pct'], signed=False)} short)"
    return pct(row["deviation_pct"])


def _times(row: dict[str, Any]) -> str:
    """'computed 약 290배 (×290) the printed' when the two differ more than twofold, else ''."""
    stated, computed = row["stated"], row["computed"]
    if not stated or not computed or (stated > 0) != (computed > 0):
        return ""
    times = CTX.divide(computed, stated)
    if times >= 2:
        return f"computed {times_text(times)} the printed"
    if times <= Decimal("0.5"):
        return f"printed {times_text(CTX.divide(1, times))} the computed"
    return ""


def _multiple(row: dict[str, Any]) -> str:
    """' The computed value is 약 290배 (×290) the printed figure.' when they differ more than twofold."""
    stated, computed = row["stated"], row["computed"]
    if not stated or not computed or (stated > 0) != (computed > 0):
        return ""
    times = CTX.divide(computed, stated)
    if times >= 2:
        return f" The computed value is {times_text(times)} the printed figure."
    if times <= Decimal("0.5"):
        return f" The printed figure is {times_text(CTX.divide(1, times))} the computed value."
    return ""


def _rounding_words(row: dict[str, Any]) -> str:
    """Whether the printed figure's own rounding explains the gap, with the arithmetic that says so."""
    stated, computed, unit = row["stated"], row["computed"], row["unit"]
    digits = significant_digits(stated)
    rounded = round_significant(computed, digits)
    places = f"{digits} significant digit{'s' if digits > 1 else ''}"
    if row.get("rounds"):
        return f" (printed to {places}: the computed value rounds to the printed figure, which explains the gap)"
    return f" (its rounding does not explain the gap: the computed value to {places} is {value(rounded, unit, exact=True)})"


def _result(row: dict[str, Any], word: str = "Computed") -> str:
    unit = row["unit"]
    computed = value(row["computed"], unit)
    via = f" at {rate_text(row['rate'])}" if row.get("rate") is not None else ""
    if row["relation"] == "date":
        where = "inside" if row["verdict"] == HOLDS else "outside"
        return f"The reference dates it {value(row['computed'], 'date')}, {where} the printed {printed_text(row)}."
    bound = row.get("computed_is") or "value"
    if bound != "value":
        bound_word = "at most" if bound == "upper_bound" else "at least"
        side = "above" if bound == "upper_bound" else "below"
        if row["verdict"] == FAILS:
            tail = f"the printed figure is {side} every value the sources allow"
        elif row["verdict"] == HOLDS:
            tail = "so the printed bound is met"
        else:
            tail = "the printed figure is within that bound, so the sources cannot settle it"
        return f"{word}: {bound_word} {computed} (an input is known only as a bound); {tail}."
    if row.get("reason_kind") == "garbled":
        return f"{word} {computed}{via}; the printed figure is not a number to compare with it, so no percent off is given."
    if row.get("reason_kind") == "different_measure":
        return f"{word} {computed}{via}; the two measure different things, so no percent off is given.{_multiple(row)}"
    if row.get("bound_met") is not None:
        qualifier = QUALIFIER_LABELS[row["qualifier"]]
        if row["bound_met"]:
            return f"{word} {computed}{via}; the printed bound ({qualifier}) is satisfied."
        side = "above" if row["qualifier"] == "at_least" else "below"
        return (
            f"{word} {computed}{via}; the printed bound ({qualifier}) is not satisfied: "
            f"the printed figure is {pct(row['miss_pct'], signed=False)} {side} the computed value."
        )
    text = f"{word} {computed}{via}; the printed figure is {pct(row['deviation_pct'])} off it"
    if row.get("reason_kind") in ("rounding", "overstated", "understated") and row.get("stated_high") is None:
        text += _rounding_words(row)
    return text + "." + _multiple(row)


def why(row: dict[str, Any], word: str = "Computed") -> str:
    """One paragraph: the reason kind, the basis of the check, then the arithmetic's result (`word`: what
    the computed value is called: "Computed", or "Outcome" for a hindsight check)."""
    kind = row.get("reason_kind") or ""
    head = f"{REASON_LABELS[kind]}: " if kind else ""
    note = row["note"].rstrip(".") + "."
    if row["verdict"] == UNCHECKABLE and row["computed"] is None:
        return head + note
    flag = " One input comes from an unconfirmed source." if row.get("unconfirmed_input") else ""
    return f"{head}{note} {_result(row, word)}{flag}"


def arithmetic(row: dict[str, Any]) -> str:
    """The check's arithmetic in one sentence ('Computed 900억 달러 · $90.0B; the printed figure is +11.11% off
    it ...'); empty when nothing was computed (a claim the sources cannot settle)."""
    if row["computed"] is None:
        return ""
    return _result(row)


def verdict_table(verdicts: pd.DataFrame, columns: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The reader's view of evaluated checks: quote, printed, computed, percent off (or bound), verdict, reason, why."""
    rows = []
    for _, raw in verdicts.iterrows():
        r = _none_for_nan(raw.to_dict())
        rows.append(
            {
                "check": r["check_id"],
                "article": r["article_id"],
                "quote": r["quote"],
                "printed": printed_text(r),
                "computed": computed_text(r),
                PERCENT_OFF: outcome_text(r),
                "verdict": r["verdict"] + (" (alternative reading)" if r["role"] == "alternative" else ""),
                "reason": r["reason_kind"] or "",
                "why": why(r),
            }
        )
    frame = pd.DataFrame(rows)
    claim_of = dict(zip(verdicts["check_id"], verdicts["claim_id"], strict=True))
    return shown_verdicts(frame[list(columns)] if columns else frame, claim_of)


def scorecard_view(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard for reading: printed and computed values written out, percent off or bound, the reason."""
    out = card.copy()
    records = [_none_for_nan(r) for r in card.to_dict("records")]
    out["printed"] = [printed_text(r) for r in records]
    out["computed"] = [computed_text(r) for r in records]
    out[PERCENT_OFF] = [outcome_text(r) for r in records]
    out["why"] = [why(r) for r in records]
    return shown_verdicts(out, dict(zip(card["check_id"], card["claim_id"], strict=True)))


# --- Tables ----------------------------------------------------------------------------------------


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """The ledger as a reader wants it: quote, what, period, printed value, qualifier, conversion link."""
    rows = []
    for _, raw in claims.iterrows():
        c = _none_for_nan(raw.to_dict())
        period = c["period_as_stated"] or ""
        if c["period_start"] and c["period_end"]:
            period = f"{period} → {c['period_start']}..{c['period_end']} ({c['period_basis']})".strip()
        rows.append(
            {
                "claim": c["claim_id"],
                "quote": c["quote"],
                "entity": c["entity"],
                "metric": c["metric"],
                "period": period,
                "printed": value(c["amount"], c["currency"], exact=True, high=c["amount_high"]),
                "qualifier": QUALIFIER_LABELS[c["qualifier"]],
                "converts": c["converts_claim_id"] or "",
                "attribution": c["attribution"] or "",
            }
        )
    return pd.DataFrame(rows)


def articles_view(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles for reading: a headline the archived copy lacks is said to be missing and the article
    named by outlet and date (never an invented headline, never 'None')."""
    rows = []
    for r in (_none_for_nan(x) for x in articles.to_dict("records")):
        published = r["published"].isoformat()
        rows.append(
            {
                "article": r["article_id"],
                "outlet": r["outlet"],
                "author": r["author"] or "",
                "headline": r["headline"] or f"(none in the archived copy: {r['outlet']}, {published})",
                "published": published,
                "date_basis": r["date_basis"],
                "date_reason": r["date_reason"],
                "source_file": r["source_file"],
            }
        )
    return pd.DataFrame(rows).set_index("article")


def audit_table(audit: pd.DataFrame) -> pd.DataFrame:
    """The implied-rate audit for reading: printed figure, implied rate, rounding band, ECB rate, verdict."""
    rows = []
    for _, a in audit.iterrows():
        rows.append(
            {
                "claim": a["claim_id"],
                "article": a["article_id"],
                "printed": f"{money(a['source_amount'], a['source_currency'], True)} → "
                f"{money(a['printed'], a['printed_currency'], True)}",
                "implied rate": f"{_round(a['implied_rate'], 2):f} {a['printed_currency']} per {a['source_currency']}",
                "rates that round to the print": (
                    f"{rate_number(a['rounding_band_low'])} to {rate_number(a['rounding_band_high'])}"
                ),
                "ECB on article date": f"{_round(a['ecb_rate'], 2):f} ({a['ecb_as_of']})",
                "implied vs ECB": pct(a["deviation_pct"]),
                "ECB days that explain it": a["explaining_dates"] or "none in the window",
            }
        )
    return pd.DataFrame(rows).set_index("claim")


def article_rates_view(table: pd.DataFrame) -> pd.DataFrame:
    """capexlib.topics.rates.article_rate_table for reading: the rate with two decimals."""
    return table["implied_rate"].map(rate_number).to_frame("implied rate")


# --- Hindsight (notebook 06, hindsight.csv) --------------------------------------------------------


def outcome_label(row: dict[str, Any]) -> str:
    """How a printed figure aged, in words, with the later value against the printed one where a percentage
    means something: 'spent more than planned (+31.8%)'."""
    label = str(row["outcome"])
    change = row.get("change_pct")
    return f"{label} ({pct(change, 1)})" if change is not None and label not in (NOT_YET_KNOWN, NO_OUTCOME) else label


def aged_why(row: dict[str, Any]) -> str:
    """One paragraph for a hindsight row: what the printed figure is set against, then what came of it."""
    kind = row.get("reason_kind") or ""
    head = f"{REASON_LABELS[kind]}: " if kind else ""
    note = row["note"].rstrip(".") + "."
    if row["computed"] is None:
        return head + note
    via = f" at {rate_text(row['rate'])}" if row.get("rate") is not None else ""
    flag = " One input comes from an unconfirmed source." if row.get("unconfirmed_input") else ""
    return f"{head}{note} Later: {computed_text(row)}{via}; printed {printed_text(row)}: {outcome_label(row)}.{flag}"


def hindsight_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Hindsight rows for reading: quote, printed, the later figure, how it aged, how sure, why."""
    rows = []
    for _, raw in frame.iterrows():
        r = _none_for_nan(raw.to_dict())
        rows.append(
            {
                "check": r["check_id"],
                "article": r["article_id"],
                "quote": r["quote"],
                "printed": printed_text(r),
                "later": computed_text(r),
                "how it aged": outcome_label(r) + (" (alternative reading)" if r["role"] == "alternative" else ""),
                "confidence": r["confidence"] or "",
                "why": aged_why(r),
            }
        )
    return shown_verdicts(pd.DataFrame(rows), dict(zip(frame["check_id"], frame["claim_id"], strict=True)))


def more_or_less(amount: Decimal) -> str:
    """'more' or 'less': the word for a difference's sign (never 'more' for a negative one)."""
    return "less" if amount < 0 else "more"


def total_aged_lines(aged: Any) -> list[str]:
    """What notebook 06 says of the printed total (a hindsight.TotalAged): each article's printed figure and
    how it aged, what the four spent against the plan, the calendar-year figure and the press's tallies."""
    lines = []
    for i, row in enumerate(aged.printed.to_dict("records")):
        lines.append(f"{printed_list(aged.printed.iloc[[i]])}: {outcome_label(_none_for_nan(row))}")
    lines.append(
        f"the four spent {money(aged.actual_usd, 'USD')} on the articles' basis: {money(abs(aged.diff_usd), 'USD')} "
        f"({pct(aged.diff_pct, 1)}) {more_or_less(aged.diff_usd)} than the plan, "
        f"{money(abs(aged.diff_krw), 'KRW')} at {rate_text(aged.rate)}"
    )
    lines.append(
        f"in calendar 2025: {money(aged.calendar_usd, 'USD')}"
        + (" (one quarter of Microsoft's from an unconfirmed source)" if aged.calendar_unconfirmed else "")
    )
    lines += [
        f"the press ({row['outcome_id']}): {outcome_value(row)} for {row['period_as_stated']}"
        for row in aged.reported.to_dict("records")
    ]
    return lines


def guidance_sum_lines(guided: Any) -> list[str]:
    """What notebook 06 says of the next year's guidance (a hindsight.GuidanceSum): the latest of each company
    added up, flagged when an input is unconfirmed with the confirmed-only sum beside it, and the press's tally."""
    lines = [
        f"latest guidance for {guided.year}, added up: {guidance_range(guided.low_usd, guided.high_usd, 'USD')} "
        f"({', '.join(guided.companies)})"
        + (f"; includes an unconfirmed input ({', '.join(guided.unconfirmed)})" if guided.unconfirmed else "")
    ]
    if guided.confirmed_low_usd is not None:
        lines.append(
            f"from each company's latest confirmed guidance only: "
            f"{guidance_range(guided.confirmed_low_usd, guided.confirmed_high_usd, 'USD')}"
        )
    lines += [
        f"the press ({row['outcome_id']}, {row['period_as_stated']}): {outcome_value(row)}"
        for row in guided.tallies.to_dict("records")
    ]
    return lines


def basis_text(key: str | None) -> str:
    """A capex basis key in words ('including finance leases'); empty for none."""
    if key is None:
        return ""
    return BASIS_WORDS.get(key, key)


def stated_on_text(day: Any, precision: str | None) -> str:
    """When a figure was given: '2026-02-04', or 'Oct 2025' when the source gives only the month."""
    if day is None:
        return ""
    return day.strftime("%b %Y") if precision == "month" else day.isoformat()


def guidance_range(low: Decimal | None, high: Decimal | None, currency: str) -> str:
    """'$91.0B to $93.0B' (English style, compact) for a range; one amount when there is no high end."""
    if low is None:
        return ""
    first = english_money(low, currency)
    return first if high is None or high == low else f"{first} to {english_money(high, currency)}"


def revisions_text(revisions: pd.DataFrame | None) -> str:
    """Each dated revision of a guidance: 'Jul 2025: $85.0B; Oct 2025: $91.0B to $93.0B'; 'none in the sources'."""
    if revisions is None:
        return ""
    if revisions.empty:
        return "none in the sources"
    parts = []
    for _, r in revisions.iterrows():
        row = _none_for_nan(r.to_dict())
        amount = guidance_range(row["value"], row["value_high"], row["unit"]) if row["value"] is not None else "(in words only)"
        flag = " (unconfirmed)" if row["confidence"] == "unconfirmed" else ""
        parts.append(f"{stated_on_text(row['stated_on'], row['stated_on_precision'])}: {amount}{flag}")
    return "; ".join(parts)


def printed_list(printed: pd.DataFrame) -> str:
    """The articles' printed figures as printed: 'mt 1000억달러; ja 1000억 달러 (이상) ...' (article ids)."""

    def one(r: dict[str, Any]) -> str:
        shown = r.get("printed_as") or korean_money(r["amount"], "USD", exact=True)
        word = QUALIFIER_WORDS.get(r["qualifier"] or "")
        return f"{r['article_id']} {shown}" + (f" ({word})" if word and word not in shown else "")

    return "; ".join(one(r) for r in (_none_for_nan(x) for x in printed.to_dict("records")))


def period_text(row: dict[str, Any]) -> str:
    """'FY2025 (Jul 2024-Jun 2025) → 2024-07-01..2025-06-30': the period as stated, then as normalized."""
    stated = row.get("period_as_stated") or ""
    if row.get("period_start") and row.get("period_end"):
        return f"{stated} → {row['period_start']}..{row['period_end']}".strip()
    return stated


def outcome_value(row: dict[str, Any]) -> str:
    """An outcome's figure for reading: money in both styles (a range as 'low to high'), other units as written."""
    if row["value"] is None:
        return "(in words only)"
    qualifier = QUALIFIER_LABELS[row["qualifier"]] + " " if row.get("qualifier") else ""
    if is_money(row["unit"]):
        if row.get("value_high") is not None:
            return qualifier + guidance_range(row["value"], row["value_high"], row["unit"])
        return qualifier + money(row["value"], row["unit"])
    return qualifier + value(row["value"], row["unit"])


def _reading(frame: pd.DataFrame, index: str, row: Callable[[dict[str, Any]], dict[str, str]]) -> pd.DataFrame:
    """`row` of each record (empty cells as None), as a table indexed by `index`."""
    return pd.DataFrame([row(_none_for_nan(raw)) for raw in frame.to_dict("records")]).set_index(index)


def outcomes_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The outcome rows for reading: what, period, when given, figure, basis, kind, confidence."""

    def row(r: dict[str, Any]) -> dict[str, str]:
        return {
            "outcome": r["outcome_id"],
            "entity": r["entity"],
            "metric": r["metric"],
            "kind": r["kind"],
            "period": period_text(r),
            "given": stated_on_text(r["stated_on"], r["stated_on_precision"]),
            "figure": outcome_value(r),
            "basis": basis_text(r["basis"]),
            "confidence": r["confidence"],
        }

    return _reading(frame, "outcome", row)


def plan_vs_actual_view(frame: pd.DataFrame) -> pd.DataFrame:
    """Plans against outcomes, one row per company and the total, for reading."""

    def row(r: dict[str, Any]) -> dict[str, str]:
        beside = "" if r["beside_usd"] is None else f"{money(r['beside_usd'], 'USD')} ({_beside_words(r['beside_basis'])})"
        return {
            "company": r["entity"],
            "period": f"{r['period_start']}..{r['period_end']}",
            "printed (articles)": printed_list(r["printed"]),
            "guidance then": guidance_range(r["guidance_low_usd"], r["guidance_high_usd"], "USD"),
            "revised in the sources": revisions_text(r["revisions"]),
            "actual": money(r["actual_usd"], "USD"),
            "basis": basis_text(r["basis"]) if r["basis"] != "mixed" else "each company's basis, as above",
            "beside": beside,
            "actual - plan": money(r["diff_usd"], "USD"),
            "in KRW": money(r["diff_krw"], "KRW"),
            "in %": pct(r["diff_pct"], 1),
        }

    return _reading(frame, "company", row)


def _beside_words(key: str | None) -> str:
    return "calendar year" if key == "calendar" else basis_text(key)


def cross_check_view(frame: pd.DataFrame) -> pd.DataFrame:
    """The collector's DERIVED sums against the same sums computed here from their parts."""
    return pd.DataFrame(
        [
            {
                "derived row": r["outcome_id"],
                "what": r["metric"],
                "computed here from its parts": money(r["computed"], r["unit"]),
                "the collector's figure": money(r["collector"], r["unit"]),
                "difference": money(r["difference"], r["unit"]),
                "the collector's note": r["collector_note"],
            }
            for r in frame.to_dict("records")
        ]
    ).set_index("derived row")


def growth_view(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "company": r["entity"],
                "basis (both years)": basis_text(r["basis"]) if r["basis"] != "mixed" else "",
                "year before": money(r["earlier_usd"], "USD"),
                "year of the plan": money(r["later_usd"], "USD"),
                "change": money(r["change_usd"], "USD"),
                "growth": pct(r["growth_pct"], 1),
                "rows": f"{r['earlier_ids']} → {r['later_ids']}".strip(" →"),
            }
            for r in frame.to_dict("records")
        ]
    ).set_index("company")


def bat_years_view(frame: pd.DataFrame, currency: str) -> pd.DataFrame:
    """H1 2024 against the twelve-month figures that exist; a missing figure says so."""
    missing = "not in these sources"
    rows = []
    for raw in frame.to_dict("records"):
        r = _none_for_nan(raw)
        rows.append(
            {
                "company": r["entity"],
                "first half": f"{money(r['half_cny'], currency, exact=True)} ({r['half_period']})",
                "twelve months": missing
                if r["year_cny"] is None
                else f"{money(r['year_cny'], currency, exact=True)} ({r['year_period']})",
                "year / half": "" if r["year_over_half"] is None else value(r["year_over_half"], "times"),
                "half annualized (run's factor)": money(r["half_annualized_cny"], currency),
                "annualized vs the year": pct(r["annualized_short_of_year_pct"], 1)
                if r["annualized_short_of_year_pct"] is not None
                else ("not the same period" if r["year_cny"] is not None else missing),
            }
        )
    return pd.DataFrame(rows).set_index("company")


def budget_view(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "source": r["source"],
                "period": r["period"],
                "given": "" if r["stated_on"] is None else r["stated_on"].isoformat(),
                "budget": money(r["budget_krw"], "KRW", exact=True) + (" (a supplementary step)" if r["step"] else ""),
                "the four's actual spending, share": ""
                if r["actual_share_pct"] is None
                else pct(r["actual_share_pct"], 1, signed=False),
            }
            for r in (_none_for_nan(x) for x in frame.to_dict("records"))
        ]
    ).set_index("source")


def aged_view(frame: pd.DataFrame) -> pd.DataFrame:
    """How each claim aged, beside its as-published verdict (the two never mixed: two columns)."""
    return pd.DataFrame(
        [
            {
                "claim": r["claim_id"],
                "article": r["article_id"],
                "quote": r["quote"],
                "printed": printed_text(r),
                "as published (knowledge then)": r["as_published"],
                "how it aged (later outcomes)": outcome_label(r),
                "later figure": value(r["later"], r["unit"]),
                "confidence": r["confidence"] or "",
            }
            for r in (_none_for_nan(x) for x in frame.to_dict("records"))
        ]
    ).set_index("claim")
