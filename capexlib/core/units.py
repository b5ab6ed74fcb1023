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


# The capex line item a figure is on (data/outcomes.csv and data/reference_bases.csv, column basis). Two
# figures of one company are only compared on one basis: Meta's 2025 capex including finance-lease
# principal against its 2024 capex including it, never against a 2024 figure without it.
CAPEX_BASES = frozenset(
    {
        "gross_purchases_ppe",  # Amazon: purchases of property and equipment, gross (excludes finance leases)
        "ppe_proceeds_incentives",  # Amazon: proceeds from property and equipment sales and incentives
        "net_purchases_ppe",  # Amazon: purchases net of those proceeds ("cash capex")
        "incl_finance_leases",  # Microsoft: capital expenditures including assets acquired under finance leases
        "cash_additions_ppe",  # Microsoft: additions to property and equipment (cash)
        "purchases_ppe",  # Alphabet: purchases of property and equipment
        "incl_finance_lease_principal",  # Meta: capital expenditures including principal payments on finance leases
        "reported_capex",  # capital expenditure as the company states it, line item not given (Tencent, Alibaba, outlooks)
        "ai_cloud_capex",  # Alibaba: capital expenditure on AI and cloud infrastructure
        "mixed",  # a combined figure over companies with different line items
    }
)
