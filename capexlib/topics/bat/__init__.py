"""Baidu, Alibaba and Tencent (BAT): the article's H1 2024 figures, the growth claim, and the US comparison.

The seed article on BAT (조선비즈, 2 Sep 2024) prints a combined figure for the first half of 2024
("500억위안 이상"), three company figures, and "2배 이상" growth on a year earlier, crediting the Global
Times; the reference has the same figures from the Financial Times (26 Aug 2024). Any number of articles
may print such figures: each is judged and shown, one row per article.

Which rows are BAT rows is read from the data (entity and period), never from a typed figure. Two modules,
every name importable from `capexlib.topics.bat` itself:

`figures` (what is printed and what the reference says):

- `article_claims`: every CNY claim on the three companies or the three together, with the printed
  KRW conversion and the article's attribution;
- `parts_vs_totals`: each article's company figures against the combined total it prints (any number of
  articles, one row each);
- `growth` and `printed_growth`: the combined reference figure for the latest half year against the one a
  year earlier, and every printed multiple against it; `attribution`: whom each figure is credited to.

`scale` (other currencies and the US four):

- `in_currencies`: each figure in CNY, USD and KRW at the run's rates (ECB cross rates by default);
- `period_alignment`: the US four's 2024 actuals and 2025 plans against BAT's half year, annualized by
  each factor, with the ratio and whether the comparison is like for like.

Verdicts come from `capexlib.core.verdicts.judge`; the chart is drawn in `capexlib.report.charts`.
"""

from __future__ import annotations

from .figures import (
    COMBINED,
    COMPANIES,
    CURRENCY,
    MONTHS_PER_YEAR,
    TOPIC,
    Growth,
    HalfYear,
    PartsVsTotal,
    article_claims,
    attribution,
    growth,
    growth_claims,
    latest_combined,
    parts_table,
    parts_vs_totals,
    printed_growth,
    reference_rows,
    reporting_article,
)
from .scale import (
    ANNUALIZATION_FACTORS,
    HalfYearInUsd,
    chart_factors,
    full_year_factor,
    half_year_in_usd,
    in_currencies,
    like_for_like,
    months_covered,
    period_alignment,
    rates_for,
    table_factors,
    us_comparands,
)

__all__ = [
    "ANNUALIZATION_FACTORS",
    "COMBINED",
    "COMPANIES",
    "CURRENCY",
    "MONTHS_PER_YEAR",
    "TOPIC",
    "Growth",
    "HalfYear",
    "HalfYearInUsd",
    "PartsVsTotal",
    "article_claims",
    "attribution",
    "chart_factors",
    "full_year_factor",
    "growth",
    "growth_claims",
    "half_year_in_usd",
    "in_currencies",
    "latest_combined",
    "like_for_like",
    "months_covered",
    "parts_table",
    "parts_vs_totals",
    "period_alignment",
    "printed_growth",
    "rates_for",
    "reference_rows",
    "reporting_article",
    "table_factors",
    "us_comparands",
]
