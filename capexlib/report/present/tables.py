"""The notebooks' tables of the articles, their figures and the verdicts, for reading: every figure written
by `numbers`, every reason by `verdicts`, every column name in words (`columns.headed`), in the current
language. A table of verdicts is a VerdictFrame: it records the claims it shows (capexlib.report.verdict_frame).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from ...core.checks import FAILS, OUTCOMES, REASON_KINDS, REASON_MEANINGS, UNCHECKABLE, VERDICTS
from ...core.fx import FxScenario
from ...core.phrase import DataText, Phrase
from ...core.units import is_money
from ...topics.rows import without_nan  # pandas NaN -> None (one home: topics.rows)
from ...topics.totals import TOTAL_ROW
from ..language import N_, _, data_words, pgettext, words
from ..verdict_frame import VerdictFrame, shown_verdicts
from .columns import headed
from .numbers import _round, money, pct, per, qualifier_label, rate_number, value
from .verdicts import (
    computed_text,
    messages,
    outcome_text,
    printed_text,
    reason_words,
    verdict_words,
    why,
)

# How a period was normalized (data/claims.csv, column period_basis), in words.
PERIOD_BASIS_WORDS = {
    "calendar_year": N_("calendar year"),
    "fiscal_year": N_("fiscal year"),
    "half_year": N_("half year"),
    "quarter": N_("quarter"),
    "month": N_("month"),
    "day": N_("day"),
    "cumulative": N_("cumulative"),
    "change": N_("change between two periods"),
    "mixed": N_("mixed periods"),
    "range": N_("range of dates"),
    "inferred": N_("inferred"),
    "unspecified": N_("unspecified"),
}
# The units of the claims ledger other than currencies, as a column of counts names them.
UNIT_WORDS = {
    "percent": N_("percent"),
    "count": N_("count"),
    "ratio": N_("ratio"),
    "times": N_("times"),
    "months": N_("months"),
    "date": N_("date"),
}
VERDICT_COLUMNS = ["check_id", "article_id", "quote", "printed", "computed", "percent_off", "verdict", "reason_kind", "why"]
VERDICT_KEYS = {v: v.replace(" ", "_") for v in VERDICTS}  # 'does not hold' -> does_not_hold (CSV columns)
VERDICT_KEYS[UNCHECKABLE] = "cannot_be_checked"


def outlet_name(outlet: object) -> str:
    """An outlet's name in the reader's language ('brunch (blog)' is '브런치 (블로그)' in Korean; the news
    outlets' names are Korean in both)."""
    return data_words(str(outlet), "articles", "outlet")


def words_of(key: str | None, vocabulary: dict[str, str]) -> str:
    """A key of a small vocabulary (a period basis, a unit) in words; an unknown key as it is."""
    if not key:
        return ""
    return _(vocabulary[key]) if key in vocabulary else key


def entity_words(entity: str | None) -> str:
    """An entity (data/entities.csv), or the four's total row, by its name in the current language (a Phrase
    naming a group, 'Sum of the three companies', in its own words)."""
    if isinstance(entity, Phrase | DataText):
        return words(entity)
    return _("Total (four)") if entity == TOTAL_ROW else data_words(entity, "entities", "entity")


def period_words(stated: str | None, start: object, end: object, basis: str | None = None, table: str | None = None) -> str:
    """'올해 → 2025-01-01..2025-12-31 (calendar year)': the period as stated (translated when it is the data's
    words, `table`), then as normalized; nothing to normalize gives the stated period alone."""
    shown = data_words(stated, table, "period_as_stated") if table else stated or ""
    if not start or not end:
        return shown
    normalized = f"{start}..{end}" + (f" ({words_of(basis, PERIOD_BASIS_WORDS)})" if basis else "")
    return f"{shown} → {normalized}".strip()


def scenario_text(fx: FxScenario) -> str:
    """The run's exchange rates in words (what FxScenario.describe says, in the current language)."""
    if fx.source == "fixed":
        pairs = ", ".join(per(f"{r.rate}", r.quote, r.base) for r in (fx.fixed or {}).values())
        text = _("fixed rates: %(rates)s (other pairs: ECB on the article date)") % {"rates": pairs}
    elif fx.source == "article":
        text = _("rates implied by each article's own conversions (else ECB on the article date)")
    elif fx.on is not None:
        text = _("ECB reference rates of %(date)s") % {"date": fx.on.isoformat()}
    else:
        text = _("ECB reference rates on each article's publication date")
    if fx.ecb_file is not None:
        from ...core import ecb  # noqa: PLC0415 - the bundled history, only when a file is laid over it

        text += " " + _(
            "(ECB history from the file %(name)s, %(first)s to %(last)s, laid over the bundled history to %(bundled)s)"
        ) % {
            "name": fx.ecb_file.name,
            "first": fx.ecb_file.first.isoformat(),
            "last": fx.ecb_file.last.isoformat(),
            "bundled": ecb.history().days[-1].isoformat(),
        }
    return text


# --- Verdicts ------------------------------------------------------------------------------------------


def _verdict_rows(verdicts: pd.DataFrame) -> list[dict[str, str]]:
    rows = []
    for raw in verdicts.to_dict("records"):
        r = without_nan(raw)
        rows.append(
            {
                "check_id": r["check_id"],
                "article_id": r["article_id"],
                "quote": r["quote"],
                "printed": printed_text(r),
                "computed": computed_text(r),
                "percent_off": outcome_text(r),
                "verdict": verdict_words(r["verdict"], r["role"]),
                "reason_kind": reason_words(r["reason_kind"]),
                "why": why(r),
            }
        )
    return rows


def verdict_table(verdicts: pd.DataFrame) -> VerdictFrame:
    """The reader's view of evaluated checks, one row per check (indexed by check): quote, printed, computed,
    percent off (or bound), verdict, reason, why."""
    frame = pd.DataFrame(_verdict_rows(verdicts), columns=VERDICT_COLUMNS).set_index("check_id")
    claim_of = dict(zip(verdicts["check_id"], verdicts["claim_id"], strict=True))
    return shown_verdicts(headed(frame), claim_of)


def scorecard_view(card: pd.DataFrame, role: str = "primary", only: tuple[str, ...] = ()) -> VerdictFrame:
    """The scorecard's rows of one role (`only`: these verdicts) for reading: printed and computed values
    written out, percent off or bound, the verdict, the reason and why."""
    rows = card[card["role"] == role]
    if only:
        rows = rows[rows["verdict"].isin(only)]
    return verdict_table(rows)


def failing_view(card: pd.DataFrame) -> VerdictFrame:
    """The primary verdicts that do not hold or cannot be checked."""
    return scorecard_view(card, "primary", (FAILS, UNCHECKABLE))


def scorecard_caption(card: pd.DataFrame) -> str:
    """'86 claims from 5 articles; 113 checks (86 primary, 27 alternative readings).'"""
    primary = int((card["role"] == "primary").sum())
    return _(
        "%(claims)s claims from %(articles)s articles; %(checks)s checks (%(primary)s primary, %(other)s alternative readings)."
    ) % {
        "claims": card["claim_id"].nunique(),
        "articles": card["article_id"].nunique(),
        "checks": len(card),
        "primary": primary,
        "other": len(card) - primary,
    }


def verdict_counts_view(counts: pd.DataFrame, labels: list[str] | None = None) -> pd.DataFrame:
    """Counts of verdicts (capexlib.core.checks.verdict_counts) with verdicts, topics and column in words;
    `labels` names the rows (an article by id and outlet) when they are not topics."""
    shown = counts.copy()
    if list(shown.columns) == ["checks"]:  # overall: one row per verdict
        shown.index = [messages().verdict(v) for v in shown.index]
        return headed(shown)
    shown.columns = [messages().verdict(v) for v in shown.columns]
    if labels is not None:
        shown.index = labels
    elif counts.index.name == "topic":
        shown.index = [messages().topic(str(t)) for t in counts.index]
    shown.index.name = None
    return shown


def article_labels(counts: pd.DataFrame, articles: pd.DataFrame) -> list[str]:
    """'mt · 머니투데이': each article of a count by id and outlet."""
    return [f"{a} · {outlet_name(articles.loc[a, 'outlet'])}" for a in counts.index]


def reason_counts_view(verdicts: pd.DataFrame) -> pd.DataFrame:
    """How many primary verdicts carry each reason kind, with what each means, in words."""
    primary = verdicts[verdicts["role"] == "primary"]
    counts = primary["reason_kind"].value_counts()
    frame = pd.DataFrame(
        {"claims": [int(counts.get(k, 0)) for k in REASON_KINDS], "meaning": [_(REASON_MEANINGS[k]) for k in REASON_KINDS]},
        index=[reason_words(k) for k in REASON_KINDS],
    )
    return headed(frame)


def outcome_counts_view(hindsight: pd.DataFrame) -> pd.DataFrame:
    """How many primary hindsight rows aged each way (only the outcomes that occur), in words."""
    primary = hindsight[hindsight["role"] == "primary"]
    counts = primary["outcome"].value_counts()
    shown = [o for o in OUTCOMES if counts.get(o, 0)]
    return headed(pd.DataFrame({"claims": [int(counts[o]) for o in shown]}, index=[messages().outcome(o) for o in shown]))


# --- The ledger --------------------------------------------------------------------------------------


def unit_counts_view(claims: pd.DataFrame) -> pd.DataFrame:
    """How many figures each article prints in each currency or unit."""
    counts = claims.groupby(["article_id", "currency"]).size().unstack(fill_value=0)
    counts.columns = [c if is_money(c) else words_of(str(c), UNIT_WORDS) for c in counts.columns]
    counts.columns.name = _("currency or unit")
    return headed(counts)


def claims_table(claims: pd.DataFrame) -> pd.DataFrame:
    """The ledger as a reader wants it: quote, what, period, printed value, qualifier, conversion link (one
    row per claim, the claim id in column `claim_id`; `claims_view` shows it)."""
    rows = []
    for raw in claims.to_dict("records"):
        c = without_nan(raw)
        rows.append(
            {
                "claim_id": c["claim_id"],
                "quote": c["quote"],
                "entity": data_words(c["entity"], "claims", "entity"),
                "metric": data_words(c["metric"], "claims", "metric"),
                "period": period_words(c["period_as_stated"], c["period_start"], c["period_end"], c["period_basis"]),
                "printed": value(c["amount"], c["currency"], exact=True, high=c["amount_high"]),
                "qualifier": qualifier_label(c["qualifier"]),
                "converts": c["converts_claim_id"] or "",
                "attribution": data_words(c["attribution"], "claims", "attribution"),
            }
        )
    return pd.DataFrame(
        rows, columns=["claim_id", "quote", "entity", "metric", "period", "printed", "qualifier", "converts", "attribution"]
    )


def date_basis_words(basis: str | None) -> str:
    """How an article's date is known: printed in it, or inferred from its text."""
    if basis == "printed":
        return pgettext("date", "printed")
    if basis == "inferred":
        return pgettext("date", "inferred")
    return basis or ""


def article_heading(article_id: str, article: Any) -> str:
    """'mt: 머니투데이 · 2025-02-07 · headline' above an article's claims (a missing headline said so)."""
    headline = article["headline"] or _("(no headline in the archived copy)")
    return f"{article_id}: {outlet_name(article['outlet'])} · {article['published']} · {headline}"


def claims_view(table: pd.DataFrame, article_id: str) -> pd.DataFrame:
    """One article's claims from `claims_table`, indexed by claim, with the column names in words."""
    return headed(table[table["claim_id"].str.startswith(article_id + "-")].set_index("claim_id"))


def articles_view(articles: pd.DataFrame) -> pd.DataFrame:
    """The articles for reading: a headline the archived copy lacks is said to be missing and the article
    named by outlet and date (never an invented headline, never 'None')."""
    rows = []
    for r in (without_nan(x) for x in articles.to_dict("records")):
        published, outlet = r["published"].isoformat(), outlet_name(r["outlet"])
        missing = _("(none in the archived copy: %(outlet)s, %(published)s)") % {"outlet": outlet, "published": published}
        rows.append(
            {
                "article_id": r["article_id"],
                "outlet": outlet,
                "author": r["author"] or "",
                "headline": r["headline"] or missing,
                "published": published,
                "date_basis": date_basis_words(r["date_basis"]),
                "date_reason": data_words(r["date_reason"], "articles", "date_reason"),
                "source_file": r["source_file"],
            }
        )
    return headed(pd.DataFrame(rows).set_index("article_id"))


def audit_table(audit: pd.DataFrame) -> pd.DataFrame:
    """The implied-rate audit for reading: printed figure, implied rate, rounding band, ECB rate, verdict."""
    rows = []
    for a in audit.to_dict("records"):
        rows.append(
            {
                "claim_id": a["claim_id"],
                "article_id": a["article_id"],
                "printed": f"{money(a['source_amount'], a['source_currency'], True)} → "
                f"{money(a['printed'], a['printed_currency'], True)}",
                "implied_rate": per(f"{_round(a['implied_rate'], 2):f}", a["printed_currency"], a["source_currency"]),
                "rounding_band": _("%(low)s to %(high)s")
                % {"low": rate_number(a["rounding_band_low"]), "high": rate_number(a["rounding_band_high"])},
                "ecb_rate": f"{_round(a['ecb_rate'], 2):f} ({a['ecb_as_of']})",
                "implied_vs_ecb": pct(a["deviation_pct"]),
                "explaining_dates": a["explaining_dates"] or _("none in the window"),
            }
        )
    return headed(pd.DataFrame(rows).set_index("claim_id"))


def article_rates_view(table: pd.DataFrame) -> pd.DataFrame:
    """capexlib.topics.rates.article_rate_table for reading: the rate with two decimals."""
    return headed(table["implied_rate"].map(rate_number).to_frame("implied_rate"))
