"""The scorecard's exports: scorecard.csv (every check; its columns described in SCORECARD_COLUMNS, which
the README prints) and claimreview.jsonld (one schema.org ClaimReview per claim, its primary verdict, with
the article as itemReviewed's appearance and the reason, reason kind first, as the rating's explanation),
as text. The run layer writes them (atomically) beside the notebooks or into a scenario folder.

Safe to open and to embed:
- scorecard.csv: a text cell beginning with =, +, -, @, a tab or a carriage return would be read by a
  spreadsheet as a formula (CSV injection); such a cell is written with a leading apostrophe, which the
  spreadsheet shows as text (the OWASP rule). Plain numbers such as -8.13 are left as numbers.
- `jsonld_script`: JSON-LD embedded in an HTML page escapes <, > and & (and U+2028/U+2029), so a quote
  holding `</script>` cannot end the script element. Use it wherever a page embeds JSON-LD.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..core.checks import APPROX, FAILS, HOLDS, REASON_MEANINGS, rule_text
from ..core.ledger import Ledger
from .csvsafe import csv_text
from .i18n import DEFAULT_LANGUAGE, Messages
from .language import using
from .present import decimal_text, headline_value, rate_text, why

SCORECARD_CSV = "scorecard.csv"
CLAIMREVIEW_JSONLD = "claimreview.jsonld"
# schema.org Rating: 1 (worst) .. 4 (best); alternateName carries the verdict's words.
# A verdict on the truth scale (worst 1, best 3). "Cannot be checked" is no point on it (it is not between
# true and false), so its rating has words (alternateName) and no number.
RATING = {HOLDS: 3, APPROX: 2, FAILS: 1}
BEST_RATING, WORST_RATING = max(RATING.values()), min(RATING.values())
REVIEWER = "capex notebooks (reproducible fact-check of Big Tech AI capex reporting)"


VERDICT_COLUMN = "holds, holds approximately, does not hold, or cannot be checked from these sources"
# The columns of scorecard.csv and what each holds; the README prints this table (capexlib.report.readme).
SCORECARD_COLUMNS: dict[str, str] = {
    "check_id": "the check (data/checks.csv)",
    "role": "primary (the claim's verdict) or alternative (another reading, shown beside it)",
    "topic": "totals, budget, change, quarterly, cloud, rates, bat, deepseek, funding or context",
    "article_id": "the article (data/articles.csv)",
    "outlet": "the article's outlet",
    "published": "the article's publication date (YYYY-MM-DD)",
    "claim_id": "the printed figure judged (data/claims.csv)",
    "quote": "the article's words, verbatim",
    "entity": "who the figure is about",
    "metric": "what the figure measures",
    "printed": "the figure as printed, in whole units of unit (a date as YYYYMMDD)",
    "printed_as": "the figure exactly as the article prints it ('145.6조 원'); empty when the quote spells it in words",
    "printed_high": "the upper end when the article prints a range, else empty",
    "unit": "ISO 4217 currency code, or percent, ratio, times, count, months, date",
    "qualifier": "approx (약), at_least (이상), at_most (최대), or empty",
    "computed": "the value the check computes from the sources: money to its minor unit (won, cent), other figures exact "
    "to six decimals (empty when the sources cannot check it)",
    "computed_is": "value, or upper_bound / lower_bound when an input is known only as a bound",
    "percent_off": "(printed - computed) / computed x 100, to two decimals; empty for a bound, a garbled figure, "
    "a date or an unchecked claim",
    "bound_met": "for a printed bound (이상/최대): yes when the computed value satisfies it, no when not; else empty",
    "holds_pct": "the run's threshold for 'holds', in percent",
    "tolerance_pct": "the threshold for 'holds approximately', in percent (the run's, or the check's own)",
    "rate": "the exchange rate a conversion used, with its source and date",
    "verdict": VERDICT_COLUMN + ", by the rule: " + rule_text(),
    "reason_kind": "why, for every verdict but holds (and for a holds the data explains): "
    + "; ".join(f"{k}: {v}" for k, v in REASON_MEANINGS.items()),
    "sources": "the reference rows the check uses (data/reference.csv ref_id), space-separated",
    "why": "the check's basis and its arithmetic, in words",
}


def _yes_no(flag: object) -> str:
    return "" if flag is None or flag != flag else ("yes" if flag else "no")  # None and NaN: not a bound


def claim_row_fields(r: Mapping[str, Any]) -> dict[str, str]:
    """The fields scorecard.csv and hindsight.csv share, as text: which check of which claim, where it was
    printed, the printed value and the rate."""
    return {
        "check_id": r["check_id"],
        "role": r["role"],
        "topic": r["topic"],
        "article_id": r["article_id"],
        "outlet": r["outlet"],
        "published": r["published"].isoformat(),  # every article has a date (ledger)
        "claim_id": r["claim_id"],
        "quote": r["quote"],
        "printed": headline_value(r["stated"], r["unit"]),
        "printed_as": r.get("printed_as") or "",
        "unit": r["unit"],
        "qualifier": r["qualifier"] or "",
        "rate": rate_text(r["rate"]),
        "reason_kind": r["reason_kind"] or "",
        "sources": r.get("sources") or "",
    }


def scorecard_table(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard as scorecard.csv holds it (columns: SCORECARD_COLUMNS): exact values as text, the
    rate and the reason in words."""
    rows = []
    for raw in card.to_dict("records"):
        r: dict[str, Any] = {k: (None if isinstance(v, float) and v != v else v) for k, v in raw.items()}
        rows.append(
            {
                **claim_row_fields(r),
                "verdict": r["verdict"],
                "entity": r["entity"],
                "metric": r["metric"],
                "printed_high": "" if r["stated_high"] is None else headline_value(r["stated_high"], r["unit"]),
                "computed": "" if r["computed"] is None else headline_value(r["computed"], r["unit"]),
                "computed_is": r["computed_is"],
                "percent_off": decimal_text(r["deviation_pct"], 2),
                "bound_met": _yes_no(r["bound_met"]),
                "holds_pct": headline_value(r["holds_pct"], "percent"),
                "tolerance_pct": headline_value(r["tolerance_pct"], "percent"),
                "why": why(r),
            }
        )
    return pd.DataFrame(rows, columns=list(SCORECARD_COLUMNS))


def scorecard_csv(card: pd.DataFrame) -> str:
    return csv_text(scorecard_table(card))


def claim_reviews(
    ledger: Ledger, card: pd.DataFrame, urls: Mapping[str, str] | None = None, lang: str | None = None
) -> list[dict[str, Any]]:
    """One schema.org ClaimReview per claim, from its primary check. `urls` (claim id -> the address of
            its verdict on the site) gives each review its `url`; the rating's name is in the site's language, which
        is the review's `inLanguage` (the claim's own language is its appearance's) when `lang` is given (the
    site's exports give it; a notebook's sample of the reviews leaves it out)."""
    articles = ledger.records("articles")
    words = Messages(lang or DEFAULT_LANGUAGE)
    urls = urls or {}
    reviews = []
    for r in card[card["role"] == "primary"].to_dict("records"):
        art = articles[r["article_id"]]
        appearance = {
            "@type": {"news_article": "NewsArticle", "blog_post": "BlogPosting"}[art["kind"]],
            # The archived copy of one article has no headline: it is named by outlet and date, never invented.
            **(
                {"headline": art["headline"]} if art["headline"] else {"name": f"{art['outlet']}, {art['published'].isoformat()}"}
            ),
            "datePublished": art["published"].isoformat(),
            "publisher": {"@type": "Organization", "name": art["outlet"]},
            "inLanguage": art["language"],
        }
        if art.get("url"):
            appearance["url"] = art["url"]
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
                    **(
                        {"ratingValue": RATING[r["verdict"]], "bestRating": BEST_RATING, "worstRating": WORST_RATING}
                        if r["verdict"] in RATING
                        else {}
                    ),
                    "alternateName": words.verdict(r["verdict"]),
                    "ratingExplanation": why(r),
                },
                "reviewBody": why(r),
                "author": {"@type": "Organization", "name": REVIEWER},
            }
        )
        if lang is not None:
            reviews[-1]["inLanguage"] = lang
        if r["claim_id"] in urls:
            reviews[-1]["url"] = urls[r["claim_id"]]
    return reviews


def claimreview_jsonld(reviews: list[dict[str, Any]]) -> str:
    return json.dumps(reviews, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def jsonld_script(data: object) -> str:
    """`data` as a `<script type="application/ld+json">` element that no text inside can close or break.

    JSON allows `\\u003c` for `<`: the data read back is unchanged, but `</script>` or `<!--` in a quote
    never appears in the page's bytes.
    """
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    for char, escaped in _SCRIPT_ESCAPES.items():
        text = text.replace(char, escaped)
    return f'<script type="application/ld+json">{text}</script>'


def exports(
    ledger: Ledger, card: pd.DataFrame, urls: Mapping[str, str] | None = None, lang: str = DEFAULT_LANGUAGE
) -> dict[str, str]:
    """{file name: text} for both exports (ClaimReview with `urls`; its rating names and every reason, in
    the CSV too, in `lang`: the machine columns keep their identifiers and keys)."""
    with using(lang):
        reviews = claim_reviews(ledger, card, urls, lang)
        return {SCORECARD_CSV: scorecard_csv(card), CLAIMREVIEW_JSONLD: claimreview_jsonld(reviews)}
