"""The scorecard: every verdict of the series in one table, and its exports.

- `scorecard(...)`: one row per check (the claim's primary verdict and any alternative readings).
- `claim_reviews(...)`: schema.org ClaimReview objects, one per claim (its primary verdict), with the
  article as itemReviewed's appearance and the verdict as reviewRating, ready for fact-check tools.
- `export(...)`: writes scorecard.csv and claimreview.jsonld into a folder, atomically.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pandas as pd

from .checks import APPROX, FAILS, HOLDS, UNCHECKABLE
from .files import atomic_write
from .ledger import Ledger
from .present import value, why

# schema.org Rating: 1 (worst) .. 4 (best); alternateName carries the verdict's words.
RATING = {HOLDS: 4, APPROX: 3, UNCHECKABLE: 2, FAILS: 1}
REVIEWER = "capex notebooks (reproducible fact-check of Big Tech AI capex reporting)"


def scorecard(ledger: Ledger, verdicts: pd.DataFrame) -> pd.DataFrame:
    """Every check with its article, claim, printed and computed values, verdict and reason."""
    articles = ledger.records("articles")
    rows = []
    for r in verdicts.to_dict("records"):
        r = {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()}
        art = articles[r["article_id"]]
        rows.append({
            "check_id": r["check_id"], "role": r["role"], "topic": r["topic"],
            "article_id": r["article_id"], "outlet": art["outlet"], "published": art["published"].isoformat(),
            "claim_id": r["claim_id"], "quote": r["quote"], "entity": r["entity"], "metric": r["metric"],
            "printed": f"{r['stated']:f}", "unit": r["unit"], "qualifier": r["qualifier"] or "",
            "computed": "" if r["computed"] is None else f"{r['computed']:f}",
            "deviation_pct": "" if r["deviation_pct"] is None else f"{r['deviation_pct']:.2f}",
            "tolerance_pct": f"{r['tolerance_pct']:f}",
            "rate": "" if r["rate"] is None else r["rate"].describe(),
            "verdict": r["verdict"], "why": why(r),
        })
    return pd.DataFrame(rows)


def claim_reviews(ledger: Ledger, card: pd.DataFrame) -> list[dict]:
    """One schema.org ClaimReview per claim, from its primary check."""
    articles = ledger.records("articles")
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
        reviews.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": r["check_id"],
            "claimReviewed": r["quote"],
            "itemReviewed": {"@type": "Claim", "appearance": appearance,
                             "datePublished": art["published"].isoformat()},
            "reviewRating": {"@type": "Rating", "ratingValue": RATING[r["verdict"]], "bestRating": 4,
                             "worstRating": 1, "alternateName": r["verdict"]},
            "reviewBody": r["why"],
            "author": {"@type": "Organization", "name": REVIEWER},
        })
    return reviews


def printed_and_computed(card: pd.DataFrame, ledger: Ledger) -> pd.DataFrame:
    """The scorecard with printed and computed values written for reading (rounded here only)."""
    from decimal import Decimal

    out = card.copy()
    out["printed"] = [value(Decimal(p), u, exact=True) for p, u in zip(card["printed"], card["unit"])]
    out["computed"] = [value(Decimal(c), u) if c else "" for c, u in zip(card["computed"], card["unit"])]
    return out


def export(ledger: Ledger, verdicts: pd.DataFrame, out_dir: str | os.PathLike) -> list[Path]:
    """Write scorecard.csv and claimreview.jsonld into `out_dir` (each atomically); return the paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    card = scorecard(ledger, verdicts)
    csv_path, json_path = out / "scorecard.csv", out / "claimreview.jsonld"
    atomic_write(csv_path, card.to_csv(index=False, lineterminator="\n"))
    reviews = claim_reviews(ledger, card)
    atomic_write(json_path, json.dumps(reviews, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    return [csv_path, json_path]
