"""The hindsight exports: hindsight.csv (every hindsight check: how each printed plan or figure aged, how
sure the later figure is) and hindsight.jsonld (a schema.org Dataset describing that file), as text.

How a plan aged is data about outcomes, not a rating of the article: a plan reported right in February
2025 and then exceeded was not a false report. So these exports carry outcome labels ("spent more than
planned") and never a ClaimReview; the as-published scorecard.csv and claimreview.jsonld rate the
articles, and these never change them.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from ..core.checks import CONFIDENCE_LEVELS, OUTCOMES
from ..core.ledger import Ledger
from . import exports
from .csvsafe import csv_text
from .present import aged_why, decimal_text, headline_value

HINDSIGHT_CSV = "hindsight.csv"
HINDSIGHT_JSONLD = "hindsight.jsonld"
# The columns of hindsight.csv and what each holds (the Dataset's variableMeasured, the README's table).
HINDSIGHT_COLUMNS: dict[str, str] = {
    "check_id": "the hindsight check (data/hindsight_checks.csv)",
    "role": "primary (the claim's reading) or alternative (another reading, shown beside it)",
    "topic": "plans, totals, change, budget, deepseek or bat",
    "article_id": "the article (data/articles.csv)",
    "outlet": "the article's outlet",
    "published": "the article's publication date (YYYY-MM-DD)",
    "claim_id": "the printed figure (data/claims.csv)",
    "quote": "the article's words, verbatim",
    "printed": "the figure as printed, in whole units of unit",
    "printed_as": "the figure exactly as the article prints it",
    "unit": "ISO 4217 currency code, or percent, ratio",
    "qualifier": "approx (약), at_least (이상), at_most (최대), or empty",
    "later": "the later figure the printed one is set against (data/outcomes.csv), money to its minor unit",
    "later_is": "value, or upper_bound / lower_bound when an input is known only as a bound",
    "change_pct": "(later - printed) / printed x 100, to two decimals; empty for a bound or where nothing was found",
    "outcome": "how it aged: " + ", ".join(OUTCOMES),
    "confidence": "how sure the later figure is, from its least sure input: " + ", ".join(CONFIDENCE_LEVELS),
    "rate": "the exchange rate a won figure used, with its source and date",
    "reason_kind": "a reason kind the data states (as in scorecard.csv), else empty",
    "sources": "the outcome and reference rows used (data/outcomes.csv outcome_id, data/reference.csv ref_id)",
    "why": "what the printed figure is set against, and what came of it, in words",
}


def hindsight_table(card: pd.DataFrame) -> pd.DataFrame:
    """hindsight.csv's rows: exact values as text, the rate and the reason in words."""
    rows = []
    for r in card.to_dict("records"):
        rows.append(
            {
                **exports.claim_row_fields(r),
                "later": "" if r["computed"] is None else headline_value(r["computed"], r["unit"]),
                "later_is": r["computed_is"],
                "change_pct": decimal_text(r["change_pct"], 2),
                "outcome": r["outcome"],
                "confidence": r["confidence"] or "",
                "why": aged_why(r),
            }
        )
    return pd.DataFrame(rows, columns=list(HINDSIGHT_COLUMNS))


def hindsight_csv(card: pd.DataFrame) -> str:
    return csv_text(hindsight_table(card))


def hindsight_dataset(ledger: Ledger, card: pd.DataFrame) -> dict[str, Any]:
    """schema.org Dataset for hindsight.csv: what it measures, where its later figures come from, when
    they were gathered. Data about outcomes, deliberately not a ClaimReview."""
    provenance = ledger.provenance["outcomes"]
    outcomes = ledger.records("outcomes")
    used = dict.fromkeys(row for sources in card["sources"] for row in str(sources or "").split() if row in outcomes)
    return {
        "@context": "https://schema.org",
        "@type": "Dataset",
        "name": "How the AI capex plans printed in five Korean articles aged",
        "description": (
            "Each printed plan or figure set against what happened afterwards (actual 2025 capital expenditure, "
            "later guidance, DeepSeek's own disclosures, Korea's budgets), with an outcome label, the later "
            "figure against the printed one in percent, and how sure the later figure is. A plan reported "
            "correctly and then exceeded is not rated false: the as-published verdicts are in scorecard.csv."
        ),
        "creator": {"@type": "Organization", "name": exports.REVIEWER},
        "dateModified": str(provenance["date_accessed"]),
        "temporalCoverage": "2024-09/2026-06",
        "distribution": {"@type": "DataDownload", "encodingFormat": "text/csv", "contentUrl": HINDSIGHT_CSV},
        "variableMeasured": [
            {"@type": "PropertyValue", "name": name, "description": text} for name, text in HINDSIGHT_COLUMNS.items()
        ],
        "isBasedOn": list(dict.fromkeys(outcomes[row]["source_url"] for row in used if outcomes[row]["source_url"])),
    }


def hindsight_exports(ledger: Ledger, card: pd.DataFrame) -> dict[str, str]:
    """{file name: text} for both hindsight exports."""
    dataset = json.dumps(hindsight_dataset(ledger, card), ensure_ascii=False, indent=2) + "\n"
    return {HINDSIGHT_CSV: hindsight_csv(card), HINDSIGHT_JSONLD: dataset}
