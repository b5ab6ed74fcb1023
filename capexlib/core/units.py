"""The vocabularies every table and module share: currencies, other units, qualifiers.

Each name means one thing: `ISO_CURRENCIES` is every ISO 4217 code (babel's list), `QUALIFIERS` the
three kinds of hedge a printed figure can carry. The words that express them in Korean and English
text live with the parser (`capexlib.core.money.QUALIFIER_WORDS`).
"""

from __future__ import annotations

import babel.numbers

ISO_CURRENCIES = frozenset(babel.numbers.list_currencies()) - {"XXX", "XTS"}  # no "no currency" or test codes
NON_MONEY_UNITS = frozenset({"percent", "count", "ratio", "times", "months", "date"})  # date: YYYYMMDD
QUALIFIERS = ("approx", "at_least", "at_most")  # 약/내외, 이상/돌파, 최대


def is_money(unit: object) -> bool:
    return unit in ISO_CURRENCIES


# How a period was normalized (data/claims.csv and data/reference.csv, column period_basis).
PERIOD_BASES = frozenset(
    {
        "calendar_year",
        "fiscal_year",
        "half_year",
        "quarter",
        "month",
        "day",
        "cumulative",
        "change",
        "mixed",
        "range",
        "inferred",
        "unspecified",
    }
)
