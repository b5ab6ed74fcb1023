"""Exact formatting of money amounts and figures, the inverse of capexlib.core.money's parser.

    >>> from decimal import Decimal
    >>> format_amount(Decimal('145630000000000'), 'KRW')
    '145조 6300억 원'

- format_amount(..., 'ko') is exact: groups of four digits with their scale word, separated by one
  space, then one space and the currency word ('145조 6300억 원', '557만 6000 달러'); decimals stay
  in the last group ('1만 0.5 달러'). capexlib.core.money.parse_amount reads it back to the same Decimal.
- 'ko_compact' and 'en' round to one decimal with babel's compact formats ('$320.0B').
"""

from __future__ import annotations

import decimal
import re
from decimal import Decimal

from babel.numbers import format_compact_currency, format_compact_decimal

from .money import KOREAN_SCALES, KOREAN_WORDS, UNITS, AmountError
from .numbers import EXACT, to_decimal

__all__ = ["format_amount"]


def format_amount(amount: object, currency: str, style: str = "ko") -> str:
    """Format a Decimal (or int/str) amount; style 'ko' is exact, 'ko_compact' and 'en' round."""
    value = to_decimal(amount, "amount", AmountError)
    if currency not in KOREAN_WORDS and currency not in UNITS:
        raise AmountError(f"{currency!r}: unknown currency or unit")
    formatter = _STYLES.get(style)
    if formatter is None:
        raise AmountError(f"{style!r}: unknown style (use one of {', '.join(_STYLES)})")
    try:
        return formatter(value, currency)
    except decimal.Inexact:
        raise AmountError(f"{amount!r}: more than {EXACT.prec} significant digits to format exactly") from None


def _plain(value: Decimal) -> str:
    """Positional notation, never an exponent: Decimal('1E+2') -> '100'."""
    return format(value, "f")


def _korean_groups(value: Decimal) -> str:
    """'145630000000000' -> '145조 6300억'; decimals stay in the last group ('1만 0.5')."""
    sign = "-" if value < 0 else ""
    magnitude = abs(value)
    whole = int(magnitude)
    fraction = EXACT.subtract(magnitude, whole)
    parts = []
    for word in ("조", "억", "만"):
        count, whole = divmod(whole, int(KOREAN_SCALES[word]))
        if count:
            parts.append(f"{count}{word}")
    if whole or fraction or not parts:
        last = _plain(EXACT.add(Decimal(whole), fraction)) if fraction else str(whole)
        parts.append(last)
    text = " ".join(parts)
    return sign + text if text != "0" else "0"


def _format_ko(value: Decimal, currency: str) -> str:
    if currency in KOREAN_WORDS:
        return f"{_korean_groups(value)} {KOREAN_WORDS[currency]}"
    if currency == "count":
        return _korean_groups(value)
    return _format_unit(_plain(value), currency)


def _format_ko_compact(value: Decimal, currency: str) -> str:
    shown = format_compact_decimal(value, locale="ko", fraction_digits=1)
    if currency in KOREAN_WORDS:
        return f"{shown} {KOREAN_WORDS[currency]}"
    if currency == "count":
        return shown
    return _format_unit(_plain(value), currency)


def _format_en(value: Decimal, currency: str) -> str:
    if currency in KOREAN_WORDS:
        shown = format_compact_currency(value, currency, locale="en", fraction_digits=1)
        return _one_decimal(shown)
    if currency == "count":
        return _one_decimal(format_compact_decimal(value, locale="en", fraction_digits=1))
    if currency == "times":
        return f"{_plain(value)}x"
    return _format_unit(_plain(value), currency)


def _one_decimal(shown: str) -> str:
    """babel 2.18 prints '$320B' even with fraction_digits=1; show the digit: '$320.0B'.

    Below 1000 babel does not compact and prints the amount's own digits ('$999.96', '$0.05');
    those are left as babel wrote them, and only a whole number gains '.0' ('$2.0').
    """
    return re.sub(r"(\d[\d,]*)(?![\d.])", r"\1.0", shown, count=1) if "." not in shown else shown


def _format_unit(plain: str, unit: str) -> str:
    return {"percent": f"{plain}%", "times": f"{plain}배", "ratio": plain}.get(unit, plain)


_STYLES = {"ko": _format_ko, "ko_compact": _format_ko_compact, "en": _format_en}
