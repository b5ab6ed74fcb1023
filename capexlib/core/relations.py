"""How a relation of data/checks.csv computes its value from resolved operands: sum, difference, product,
ratio, share, growth, decline, conversion, reference, date, months between, annual run rate.

Exact arithmetic in the one Decimal context; operands in several currencies are refused (a check converts
first, with `convert_to`); a conversion takes the run's rate for the claim's article from the engine
(`capexlib.core.checks`), which alone knows the run's exchange-rate scenario.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from .fx import Rate
from .numbers import CTX, HUNDRED, ONE, percent, product, ratio, total
from .resolve import CheckError, Operand
from .units import is_money

MONTHS_PER_YEAR = 12
RateLookup = Callable[[str, str], Rate]  # (base, quote) -> the run's rate for the claim's article


def ymd(value: Decimal, what: str) -> dt.date:
    """A YYYYMMDD number (the reference's and the claims' unit 'date') as a date."""
    text = f"{value:f}"
    try:
        return dt.datetime.strptime(text, "%Y%m%d").date()
    except ValueError:
        raise CheckError(f"{what}: {text!r} is not a date written YYYYMMDD") from None


def months_index(day: dt.date) -> int:
    return day.year * MONTHS_PER_YEAR + day.month - 1


def same_money(check_id: str, units: list[str], expected: str | None = None) -> None:
    """Refuse operands in several currencies (and a currency other than the claim's): convert first."""
    money = {u for u in units if is_money(u)}
    if expected is not None and is_money(expected):
        money.add(expected)
    if len(money) > 1:
        raise CheckError(f"check {check_id}: operands mix currencies {', '.join(sorted(money))}; convert first")


def relate(
    check_id: str, relation: str, unit: str, left: list[Operand], right: list[Operand] | None, rate_for: RateLookup
) -> tuple[Decimal, list[Operand], Rate | None]:
    """The value a relation computes from its operands, the operands it used, and the rate a conversion used.

    `unit` is the claim's currency or unit (a sum of money must be in it); `rate_for(base, quote)` is the
    run's rate for the claim's article (a conversion's)."""
    if relation == "conversion":
        if len(left) != 1 or not is_money(left[0].unit):
            raise CheckError(f"check {check_id}: a conversion takes one money operand")
        rate = rate_for(left[0].unit, unit)
        return CTX.multiply(left[0].value, rate.rate), left, rate
    if relation == "date":
        if len(left) != 1 or not left[0].unit.startswith("date") or unit != "date":
            raise CheckError(f"check {check_id}: a date check takes one reference date and a claim in unit 'date'")
        return left[0].value, left, None
    if relation == "annual_run_rate":
        return annual_run_rate(check_id, left, unit), left, None
    if right is None:  # sum, reference, product
        if not left:
            raise CheckError(f"check {check_id}: relation {relation} needs operands")
        if relation == "product":
            return product(o.value for o in left), left, None
        same_money(check_id, [o.unit for o in left], unit)
        return total(o.value for o in left), left, None
    ops = left + right
    if relation == "months_between":
        return months_between(check_id, left, right), ops, None
    a, b = total(o.value for o in left), total(o.value for o in right)
    if relation == "difference":
        same_money(check_id, [o.unit for o in ops], unit)
        return CTX.subtract(a, b), ops, None
    same_money(check_id, [o.unit for o in ops])
    if b == 0:
        raise CheckError(f"check {check_id}: the denominator is zero")
    if relation == "ratio":
        return ratio(a, b), ops, None
    if relation == "share_pct":
        return percent(a, b), ops, None
    if relation == "growth_pct":
        return CTX.multiply(CTX.subtract(ratio(a, b), ONE), HUNDRED), ops, None
    if relation == "decline_pct":
        return CTX.multiply(CTX.subtract(ONE, ratio(a, b)), HUNDRED), ops, None
    raise CheckError(f"check {check_id}: unknown relation {relation!r}")


def annual_run_rate(check_id: str, ops: list[Operand], unit: str) -> Decimal:
    """The operands' sum over a year: x 12 / the months their (one shared) period covers."""
    periods = {(o.period_start, o.period_end) for o in ops}
    if not ops or len(periods) != 1 or None in next(iter(periods)):
        raise CheckError(f"check {check_id}: an annual run rate needs operands with one stated period (period_start, period_end)")
    same_money(check_id, [o.unit for o in ops], unit)
    start, end = periods.pop()
    assert start is not None and end is not None  # checked above; mypy cannot see it
    months = months_index(end) - months_index(start) + 1
    return CTX.divide(CTX.multiply(total(o.value for o in ops), Decimal(MONTHS_PER_YEAR)), Decimal(months))


def months_between(check_id: str, later: list[Operand], earlier: list[Operand]) -> Decimal:
    """Calendar months from the earlier operand's period to the later one's (their first days)."""
    if len(later) != 1 or len(earlier) != 1 or later[0].period_start is None or earlier[0].period_start is None:
        raise CheckError(f"check {check_id}: months_between takes one dated operand on each side of '-'")
    return Decimal(months_index(later[0].period_start) - months_index(earlier[0].period_start))
