"""Which exchange rates the data needs, and whether the ECB history has them: checked when the ledger loads
(on each article's date) and before a run with `fx_date` (on that day).

Every currency an article prints, and KRW (every figure is also shown in won), needs a rate; a message
names the figure that needs it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from . import fx
from .csvtable import Rows
from .echo import echo
from .tables import DataError, where
from .units import is_money


def ecb_gap(currency: str, day: dt.date, ecb_file: fx.EcbFile | None = None) -> str | None:
    """Why the ECB history (bundled, or with `ecb_file` laid over it) has no rate for `currency` on `day`;
    None when it has one."""
    try:
        first, last = fx.data_range(currency, ecb_file=ecb_file)
    except fx.FxError:
        return f"{echo(currency)} has no ECB exchange rate"
    if not first <= day <= last:
        if ecb_file is not None and ecb_file.first <= day <= ecb_file.last:
            return f"{ecb_file.name} gives no {currency} rate on or before {day} (its {currency} column is N/A there)"
        return f"no ECB rate for {currency} on {day} ({currency} data covers {first} to {last})"
    try:
        fx.rate(currency, "EUR", day, ecb_file=ecb_file)  # a publication gap inside the range (ISK 2008-2018)
    except fx.FxError as e:
        return str(e)
    return None


def rate_needs(claims: Iterable[Mapping[str, Any]]) -> list[tuple[str, str, str]]:
    """(article_id, currency, claim_id): each money currency an article prints, and KRW, with a claim needing it."""
    needs: dict[tuple[str, str], str] = {}
    for row in claims:
        if is_money(row["currency"]):
            needs.setdefault((row["article_id"], row["currency"]), row["claim_id"])
            needs.setdefault((row["article_id"], "KRW"), row["claim_id"])
    return [(article, currency, claim) for (article, currency), claim in needs.items()]


def check_currencies(root: Path, tables: dict[str, Rows]) -> None:
    """Every money currency has ECB rates, and each article's currencies have one on its date."""
    for name, column in (("claims", "currency"), ("reference", "unit")):
        id_col = "claim_id" if name == "claims" else "ref_id"
        for line, row in tables[name]:
            code = row[column]
            if is_money(code) and not _has_ecb_rates(code):
                raise DataError(
                    f"{where(root / f'{name}.csv', line, column, f'{id_col} {echo(row[id_col])}')}: "
                    f"{echo(code)} has no ECB exchange rate (none in the bundled ECB history), so it cannot be converted"
                )
    articles = {row["article_id"]: (line, row["published"]) for line, row in tables["articles"]}
    claim_lines = {row["claim_id"]: line for line, row in tables["claims"]}
    for article_id, currency, claim_id in rate_needs(row for _, row in tables["claims"]):
        line, published = articles[article_id]
        gap = ecb_gap(currency, published)
        if gap is not None:
            needed_by = where(Path("claims.csv"), claim_lines[claim_id], key=f"claim_id {echo(claim_id)}")
            at = where(root / "articles.csv", line, "published", f"article_id {echo(article_id)}")
            raise DataError(f"{at}: {gap}; {needed_by} needs one")


@functools.cache
def _has_ecb_rates(code: str) -> bool:
    try:
        fx.data_range(code)
    except fx.FxError:
        return False
    return True
