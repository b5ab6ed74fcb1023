"""Exact numbers: the one Decimal context, the one way into Decimal, and the arithmetic every layer shares.

Every computed figure in the project goes through `CTX` (28 significant digits, round half to even)
explicitly, so a caller's ambient `decimal` context can never change a result. `EXACT` is the same
context with inexact results trapped: sums and products of parsed amounts must not round at all.

"Percent off" has one definition, here: (printed - computed) / |computed| x 100.
"""

from __future__ import annotations

import decimal
import re
import unicodedata
from collections.abc import Iterable
from decimal import Decimal

from .echo import echo

# 28 significant digits is far beyond any published figure or rate; half-even is decimal's default.
CTX = decimal.Context(
    prec=28,
    rounding=decimal.ROUND_HALF_EVEN,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)
EXACT = CTX.copy()
EXACT.traps[decimal.Inexact] = True  # an exact sum that would need rounding is an error, not a guess

# One spelling of a number in every input file: ASCII digits only (str.isdigit and Decimal() accept any
# script's), an optional sign, point and exponent; no spaces or underscores.
NUMBER_RE = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
MAX_MAGNITUDE = Decimal(10) ** 18  # no figure in these articles comes near (463조 is 4.6 x 10^14)
MAX_DIGITS = 28  # CTX's precision: more would round on the first operation
MAX_PLACES = 12  # decimal places
_WIDE = decimal.Context(prec=200, Emax=10**6, Emin=-(10**6))  # only to count a raw number's digits, never for arithmetic

Number = Decimal | float | int  # what a caller may pass for a parameter; `to_decimal` makes it exact
ZERO = Decimal(0)
ONE = Decimal(1)
HUNDRED = Decimal(100)


def to_decimal(value: object, what: str = "value", error: type[Exception] = ValueError) -> Decimal:
    """`value` as a finite Decimal: Decimal, int, str, or a float (numpy floats too) through its shortest repr (0.1 stays 0.1).

    Bools are refused (True is not 1 here). `error` is raised with a message naming `what`.
    """
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise error(f"{what} must be a number, got {value!r}")
    else:
        try:
            number = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(str(value).strip())
        except decimal.InvalidOperation:
            raise error(f"{what} must be a number, got {value!r}") from None
    if not number.is_finite():
        raise error(f"{what} must be a finite number, got {value!r}")
    return number


def non_ascii_digit(text: str) -> str | None:
    """The first decimal digit in `text` that is not ASCII 0-9, shown as "'１' (U+FF11)"; None when there is none.

    Python's `\\d`, `int()`, `float()` and `Decimal()` all read full-width (１３００) and Arabic-Indic (١٣٠٠)
    digits as numbers. This project reads only 0-9, and callers refuse text holding any other digit.
    """
    digit = next((c for c in text if not "0" <= c <= "9" and unicodedata.category(c) == "Nd"), None)
    return None if digit is None else f"{digit!r} (U+{ord(digit):04X})"


def parse_decimal(
    raw: str,
    where: str,
    error: type[Exception] = ValueError,
    max_magnitude: Decimal = MAX_MAGNITUDE,
    max_places: int | None = MAX_PLACES,
) -> Decimal:
    """`raw` as a bounded Decimal, else `error` naming `where` and the value: the one way a number in an input
    file is read (data tables, ECB files, a scenario's CSV files).

    ASCII digits only (a full-width or Arabic-Indic digit is refused, not read), no spaces or underscores,
    finite, at most MAX_DIGITS significant digits and `max_places` decimal places, below `max_magnitude`
    (1e400 is a finite Decimal, but no figure here is that large and floats overflow on it).
    """
    lookalike = non_ascii_digit(raw)
    if lookalike is not None:
        raise error(f"{where}: {echo(raw)} is not a number: non-ASCII digit {lookalike}; write numbers with the digits 0-9")
    if not NUMBER_RE.fullmatch(raw):
        if raw.strip().lower().lstrip("+-") in ("nan", "snan", "inf", "infinity"):
            raise error(f"{where}: {echo(raw)} is not a finite number")
        raise error(f"{where}: {echo(raw)} is not a number")
    try:
        value = Decimal(raw)
        too_large = abs(value) >= max_magnitude
    except ArithmeticError:  # an exponent beyond what Decimal holds
        too_large = True
    if too_large:
        raise error(f"{where}: {echo(raw)} is too large (at most {max_magnitude:.0E} in magnitude)")
    digits, exponent = value.normalize(_WIDE).as_tuple()[1:]  # trailing zeros do not count
    if max_places is not None and isinstance(exponent, int) and exponent < -max_places:
        raise error(f"{where}: {echo(raw)} has more than {max_places} decimal places")
    if len(digits) > MAX_DIGITS:
        raise error(f"{where}: {echo(raw)} has more than {MAX_DIGITS} significant digits")
    return value


def total(values: Iterable[Decimal]) -> Decimal:
    """The sum in CTX (empty: 0)."""
    result = ZERO
    for value in values:
        result = CTX.add(result, value)
    return result


def product(values: Iterable[Decimal]) -> Decimal:
    result = ONE
    for value in values:
        result = CTX.multiply(result, value)
    return result


def ratio(numerator: Decimal, denominator: Decimal) -> Decimal:
    return CTX.divide(numerator, denominator)


def percent(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole x 100 (a share, or with part = change, a growth rate)."""
    return CTX.multiply(CTX.divide(part, whole), HUNDRED)


def percent_off(printed: Decimal, computed: Decimal) -> Decimal | None:
    """How far a printed figure is from the computed one: (printed - computed) / |computed| x 100.

    None when the computed value is zero (no percentage means anything then).
    """
    if computed == 0:
        return None
    return CTX.multiply(CTX.divide(CTX.subtract(printed, computed), abs(computed)), HUNDRED)


def median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    mid = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[mid]
    return CTX.divide(CTX.add(ordered[mid - 1], ordered[mid]), Decimal(2))


def printed_unit(value: Decimal) -> Decimal:
    """The place value of a printed figure's last significant digit: 463조 -> 10^12, 31.9 -> 0.1."""
    if value == 0:
        return ONE
    exponent = value.normalize().as_tuple().exponent
    if not isinstance(exponent, int):  # NaN or infinity: no digits were printed
        raise ValueError(f"{value} has no printed unit")
    return ONE.scaleb(exponent)


def significant_digits(value: Decimal) -> int:
    """How many significant digits a printed figure has: 1000억 (10^11) 1, 2300억 2, 145조 6300억 5, 0.1 1."""
    if value == 0:
        return 1
    return len(value.normalize(CTX).as_tuple().digits)


def round_significant(value: Decimal, digits: int) -> Decimal:
    """Half-up to `digits` significant digits, without exponent or trailing zeros: 250364000000 -> 250400000000
    at 4, 900억 -> 900억 at 1, 1/14 -> 0.07 at 1."""
    if value == 0:
        return ZERO
    half_up = CTX.copy()
    half_up.rounding = decimal.ROUND_HALF_UP
    exponent = value.adjusted() - digits + 1
    rounded = value.quantize(ONE.scaleb(exponent), context=half_up)
    if rounded.adjusted() != value.adjusted():  # 9999 -> 1.000E+4: one digit more on the left
        rounded = rounded.quantize(ONE.scaleb(exponent + 1), context=half_up)
    return rounded.quantize(ONE, context=CTX) if rounded == rounded.to_integral_value() else rounded.normalize(CTX)


def rounding_explains(printed: Decimal, computed: Decimal) -> bool:
    """Whether the printed figure is the computed value rounded to the printed figure's own significant
    digits: 2305억 printed as 2300억 is (2 digits), 900억 printed as 1000억 is not (900억 to 1 digit is 900억)."""
    return round_significant(computed, significant_digits(printed)) == printed
