"""The scorecard's exports: scorecard.csv (every check) and claimreview.jsonld (one schema.org ClaimReview
per claim, its primary verdict, with the article as itemReviewed's appearance), as text. The run layer
writes them (atomically) beside the notebooks or into a scenario folder.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..core.checks import APPROX, FAILS, HOLDS, UNCHECKABLE
from ..core.ledger import Ledger
from .i18n import DEFAULT_LANGUAGE, Messages
from .present import decimal_text, rate_text, why

SCORECARD_CSV = "scorecard.csv"
CLAIMREVIEW_JSONLD = "claimreview.jsonld"
# schema.org Rating: 1 (worst) .. 4 (best); alternateName carries the verdict's words.
RATING = {HOLDS: 4, APPROX: 3, UNCHECKABLE: 2, FAILS: 1}
REVIEWER = "capex notebooks (reproducible fact-check of Big Tech AI capex reporting)"


def scorecard_table(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard as scorecard.csv holds it: exact values as text, the rate and the reason in words."""
    rows = []
    for r in card.to_dict("records"):
        rows.append(
            {
                "check_id": r["check_id"],
                "role": r["role"],
                "topic": r["topic"],
                "article_id": r["article_id"],
                "outlet": r["outlet"],
                "published": r["published"].isoformat(),
                "claim_id": r["claim_id"],
                "quote": r["quote"],
                "entity": r["entity"],
                "metric": r["metric"],
                "printed": f"{r['stated']:f}",
                "unit": r["unit"],
                "qualifier": r["qualifier"] or "",
                "computed": "" if r["computed"] is None else f"{r['computed']:f}",
                "deviation_pct": decimal_text(r["deviation_pct"], 2),
                "tolerance_pct": f"{r['tolerance_pct']:f}",
                "rate": rate_text(r["rate"]),
                "verdict": r["verdict"],
                "why": why(r),
            }
        )
    return pd.DataFrame(rows)


def scorecard_csv(card: pd.DataFrame) -> str:
    return scorecard_table(card).to_csv(index=False, lineterminator="\n")


def claim_reviews(
    ledger: Ledger, card: pd.DataFrame, urls: Mapping[str, str] | None = None, lang: str = DEFAULT_LANGUAGE
) -> list[dict[str, Any]]:
    """One schema.org ClaimReview per claim, from its primary check. `urls` (claim id -> the address of
    its verdict on the site) gives each review its `url`; the rating's name is in the site's language."""
    articles = ledger.records("articles")
    words = Messages(lang)
    urls = urls or {}
    reviews = []
    for r in card[card["role"] == "primary"].to_dict("records"):
        art = articles[r["article_id"]]
        appearance = {
            "@type": {"news_article": "NewsArticle", "blog_post": "BlogPosting"}[art["kind"]],
            "headline": art["headline"] or f"(untitled in the seed file {art['seed_file']})",
            "datePublished": art["published"].isoformat(),
            "publisher": {"@type": "Organization", "name": art["outlet"]},
            "inLanguage": art["language"],
        }
        if art["author"]:
            appearance["author"] = {"@type": "Person", "name": art["author"]}
        reviews.append(
            {
                "@context": "https://schema.org",
                "@type": "ClaimReview",
                "identifier": r["check_id"],
                "claimReviewed": r["quote"],
                "itemReviewed": {
                    "@type": "Claim",
                    "appearance": appearance,
                    "datePublished": art["published"].isoformat(),
                },
                "reviewRating": {
                    "@type": "Rating",
                    "ratingValue": RATING[r["verdict"]],
                    "bestRating": 4,
                    "worstRating": 1,
                    "alternateName": words.verdict(r["verdict"]),
                },
                "reviewBody": why(r),
                "author": {"@type": "Organization", "name": REVIEWER},
            }
        )
        if r["claim_id"] in urls:
            reviews[-1]["url"] = urls[r["claim_id"]]
    return reviews


def claimreview_jsonld(reviews: list[dict[str, Any]]) -> str:
    return json.dumps(reviews, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def exports(
    ledger: Ledger, card: pd.DataFrame, urls: Mapping[str, str] | None = None, lang: str = DEFAULT_LANGUAGE
) -> dict[str, str]:
    """{file name: text} for both exports (ClaimReview with `urls` and rating names in `lang`)."""
    return {SCORECARD_CSV: scorecard_csv(card), CLAIMREVIEW_JSONLD: claimreview_jsonld(claim_reviews(ledger, card, urls, lang))}
