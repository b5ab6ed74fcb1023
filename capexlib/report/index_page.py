"""index.html: one sentence that states the finding, the counts, the claims that do not hold or cannot be
checked (as cards, with a filter), the headline figures, how the printed plans aged (one row per plan),
the notebooks, the downloads and the parameters."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from markupsafe import Markup, escape

from ..core.checks import APPROX, FAILS, HOLDS, UNCHECKABLE, VERDICTS
from . import datatext
from . import notebooks as notebook_facts
from .cards import MISATTRIBUTED, ClaimCard
from .context import Link, Site
from .i18n import N_, Messages
from .notebook_pages import counts
from .present import change_words, printed_text, readable
from .styles import VERDICT_CLASS

DOWNLOADS = {
    "headline.csv": N_("the headline figures, exact values with units"),
    "scorecard.csv": N_("every check: the figure as printed, the computed value, the verdict and why"),
    "claimreview.jsonld": N_("one schema.org ClaimReview per claim, for fact-check tools"),
    "hindsight.csv": N_("how each printed plan aged against later outcomes, with how sure each later figure is"),
    "hindsight.jsonld": N_("schema.org Dataset describing hindsight.csv"),
    "verdicts.csv": N_("every check evaluated, with its operands and exact values"),
    "params.json": N_("this run's parameters"),
}


@dataclass(frozen=True)
class Group:
    id: str
    title: str
    cards: tuple[ClaimCard, ...]


@dataclass(frozen=True)
class FilterChoices:
    outlets: tuple[tuple[str, str], ...]  # (value, label)
    verdicts: tuple[tuple[str, str], ...]
    topics: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Figure:
    label: str
    value: str


@dataclass(frozen=True)
class AgedRow:
    """How one printed plan or figure aged: an outcome, never a verdict."""

    outlet: str
    published: str
    entity: str
    printed: str
    outcome: str
    change: str
    confidence: str
    href: str  # the hindsight check in its notebook


@dataclass(frozen=True)
class Download:
    href: str
    what: str


@dataclass(frozen=True)
class Parameter:
    name: str
    value: str
    meaning: Markup
    given: bool


def filter_choices(cards: Sequence[ClaimCard], messages: Messages) -> FilterChoices:
    outlets = {c.article.article_id: c.article.outlet for c in cards}
    verdicts = [v for v in VERDICTS if any(c.verdict == v for c in cards)]
    topics = list(dict.fromkeys(c.topic for c in cards))
    return FilterChoices(
        tuple(outlets.items()),
        tuple((VERDICT_CLASS[v], messages.verdict(v)) for v in verdicts),
        tuple((t, messages.topic(t)) for t in topics),
    )


def finding(cards: Sequence[ClaimCard], messages: Messages) -> str:
    """One sentence with the finding, from the counts and the claims that do not hold."""
    total = len(cards)
    holding = sum(c.verdict in (HOLDS, APPROX) for c in cards)
    failing = [c for c in cards if c.verdict == FAILS]
    unchecked = sum(c.verdict == UNCHECKABLE for c in cards)
    parts = [
        messages.ngettext(
            "%(num)d of the %(total)d figures the articles printed holds up against the sources",
            "%(num)d of the %(total)d figures the articles printed hold up against the sources",
            holding,
        )
        % {"num": holding, "total": total}
    ]
    if failing:
        by_outlet: dict[str, int] = {}
        for c in failing:
            by_outlet[c.article.outlet] = by_outlet.get(c.article.outlet, 0) + 1
        where = ", ".join(messages.gettext("%(num)d in %(outlet)s") % {"num": n, "outlet": o} for o, n in by_outlet.items())
        parts.append(
            messages.ngettext("%(num)d does not hold (%(where)s)", "%(num)d do not hold (%(where)s)", len(failing))
            % {"num": len(failing), "where": where}
        )
    if unchecked:
        parts.append(
            messages.ngettext(
                "%(num)d cannot be checked from these sources", "%(num)d cannot be checked from these sources", unchecked
            )
            % {"num": unchecked}
        )
    if len(parts) == 1:
        return messages.gettext("%(first)s.") % {"first": parts[0]}
    if len(parts) == 2:
        return messages.gettext("%(first)s; %(last)s.") % {"first": parts[0], "last": parts[1]}
    return messages.gettext("%(first)s; %(second)s and %(last)s.") % {"first": parts[0], "second": parts[1], "last": parts[2]}


def groups(cards: Sequence[ClaimCard], messages: Messages) -> list[Group]:
    return [
        Group("does-not-hold", messages.gettext("Does not hold"), tuple(c for c in cards if c.group == FAILS)),
        Group("misattributed", messages.gettext("Misattributed"), tuple(c for c in cards if c.group == MISATTRIBUTED)),
        Group(
            "cannot-be-checked",
            messages.gettext("Cannot be checked from these sources"),
            tuple(c for c in cards if c.group == UNCHECKABLE),
        ),
    ]


def headline(frame: pd.DataFrame | None) -> list[Figure]:
    if frame is None:
        return []
    return [
        Figure(str(r["label"]), readable(r["value"], r["unit"]))
        for r in frame.to_dict("records")
        if not str(r["id"]).startswith("verdicts_")  # the verdict counts are shown once, under Findings
    ]


def _none(value: object) -> Any:
    return None if isinstance(value, float) and value != value else value


def aged(site: Site) -> list[AgedRow]:
    """One row per printed plan or figure the later sources speak to (its primary hindsight check)."""
    frame = site.inputs.hindsight
    if frame is None:
        return []
    homes = notebook_facts.homes(site.notebooks)
    articles = {c.article.article_id: c.article for c in site.cards}
    rows = []
    for raw in frame[frame["role"] == "primary"].to_dict("records"):
        r = {k: _none(v) for k, v in raw.items()}
        home = homes.get(r["check_id"])
        article = articles.get(r["article_id"])
        rows.append(
            AgedRow(
                outlet=article.outlet if article else str(r["article_id"]),
                published=article.published if article else "",
                entity=datatext.text(str(r["entity"]), "claims", "entity", site.lang),
                printed=printed_text(r),
                outcome=str(r["outcome"]),
                change=change_words(r),
                confidence=str(r["confidence"] or ""),
                href=f"{home[0].page}#cell-id={home[1].cell_id}" if home else "",
            )
        )
    return rows


def downloads(site: Site) -> list[Download]:
    messages = site.messages
    out = [Download(name, messages.gettext(what)) for name, what in DOWNLOADS.items() if (site.folder / name).is_file()]
    for nb in site.notebooks:
        for chart in nb.charts:
            title = Markup('<span class="chart-title">%s</span>') % chart.title  # the chart's own words
            what = Markup(messages.gettext("data behind the chart “%(title)s” on %(page)s")) % {"title": title, "page": nb.title}
            out.append(Download(chart.csv_name(nb.stem), what))
    return out


_CODE = re.compile(r"`([^`]+)`")


def meaning(site: Site, name: str) -> Markup:
    """A parameter's meaning in the reader's language ('(declared by a notebook)' for one the run does not know);
    a value or name the translation marks as `code` is shown as code."""
    english = site.inputs.meanings.get(name)
    text = site.messages.gettext("(declared by a notebook)" if english is None else english)
    return Markup(_CODE.sub(lambda m: f"<code>{m.group(1)}</code>", str(escape(text))))


def parameters(site: Site) -> list[Parameter]:
    inputs = site.inputs
    return [
        Parameter(name, repr(inputs.values[name]), meaning(site, name), name in inputs.given) for name in sorted(inputs.values)
    ]


def hindsight_page(site: Site) -> notebook_facts.NotebookFacts | None:
    """The first notebook that shows the hindsight checks."""
    if site.inputs.hindsight is None:
        return None
    ids = set(site.inputs.hindsight["check_id"])
    return next((nb for nb in site.notebooks if any(s.check_id in ids for s in nb.shown)), None)


def notebook_links(site: Site) -> list[Link]:
    return [Link(nb.page, nb.title) for nb in site.notebooks]


def render_index(site: Site) -> str:
    cards = site.cards
    flagged = [c for c in cards if c.flagged]
    return site.render(
        "scenario_index.html.j2",
        "index.html",
        site.site_title(),
        finding=finding(cards, site.messages),
        counts=counts(cards),
        total=len(cards),
        groups=groups(cards, site.messages),
        choices=filter_choices(flagged, site.messages),
        headline=headline(site.inputs.headline),
        aged=aged(site),
        hindsight_page=hindsight_page(site),
        pages=notebook_links(site),
        downloads=downloads(site),
        rates=site.banner.rates,
        given=bool(site.inputs.given),
        parameters=parameters(site),
    )
