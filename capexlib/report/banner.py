"""A scenario in words: its exchange rates, the parameters that differ from the default, and the verdicts
that changed because of them, with why (the scenario banner on every page, and the compare page's title).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..core.fx import EcbFile
from .cards import ClaimCard, claim_anchor
from .differences import OTHER, RATES, TOLERANCE, VerdictChange, changed_parameters
from .i18n import Messages

FIXED_RATE_NAMES = ("krw_per_usd", "krw_per_cny", "krw_per_eur")
QUOTE_LIMIT = 60  # characters of a quote in a list of changed verdicts


@dataclass(frozen=True)
class ParameterShown:
    name: str
    value: str
    default: str


@dataclass(frozen=True)
class ChangeRow:
    """A claim whose verdict differs from the default run's, and why."""

    claim_id: str
    href: str  # the claim's card, relative to the scenario folder
    label: str  # 'outlet: quote'
    before: str
    after: str
    cause: str  # in words


@dataclass(frozen=True)
class Banner:
    """What every page of a non-default scenario says about it (nothing for the default run)."""

    name: str
    parameters: tuple[ParameterShown, ...]
    rates: str
    causes: tuple[str, ...]
    total_changes: int
    compare_href: str  # the page with every figure beside the default run's ('' when there is none)


def number(value: object) -> str:
    return f"{value:g}" if isinstance(value, float) else repr(value) if isinstance(value, str) else str(value)


def short(text: str, limit: int = QUOTE_LIMIT) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _fixed_pairs(values: Mapping[str, object], messages: Messages) -> str:
    """'1380 KRW per USD' for each fixed rate of a scenario."""
    return ", ".join(
        messages.gettext("%(rate)s KRW per %(currency)s") % {"rate": number(values[name]), "currency": name[-3:].upper()}
        for name in FIXED_RATE_NAMES
        if values.get(name)
    )


def rates_words(values: Mapping[str, object], messages: Messages, ecb_file: EcbFile | None = None) -> str:
    """The run's exchange rates in words (what FxScenario.describe says, in the site's language)."""
    source = values.get("fx_source")
    if source == "fixed":
        pairs = _fixed_pairs(values, messages)
        text = messages.gettext("fixed rates: %(rates)s (other pairs: ECB on the article date)") % {"rates": pairs}
    elif source == "article":
        text = messages.gettext("rates implied by each article's own conversions (else ECB on the article date)")
    elif values.get("fx_date"):
        text = messages.gettext("ECB reference rates of %(date)s") % {"date": values["fx_date"]}
    else:
        text = messages.gettext("ECB reference rates on each article's publication date")
    if ecb_file is not None:
        text += messages.gettext(
            " (ECB history from the file %(name)s, %(first)s to %(last)s, laid over the bundled history)"
        ) % {"name": ecb_file.name, "first": ecb_file.first.isoformat(), "last": ecb_file.last.isoformat()}
    return text


def scenario_words(values: Mapping[str, object], defaults: Mapping[str, object], messages: Messages) -> str:
    """A scenario in words for a title: its rates, then any other parameter it sets
    ('fixed rates: 1380 KRW per USD ...; tolerance_pct 3 (default 5)')."""
    others = [
        messages.gettext("%(name)s %(value)s (default %(default)s)")
        % {"name": p.name, "value": number(p.value), "default": number(p.default)}
        for p in changed_parameters(values, defaults)
        if p.name not in ("fx_source", "fx_date", *FIXED_RATE_NAMES)
    ]
    return "; ".join([rates_words(values, messages), *others])


def test_rates(values: Mapping[str, object], messages: Messages) -> str:
    """The rate a scenario tests conversions at, as a phrase: 'a fixed 1380 KRW per USD'."""
    source = values.get("fx_source")
    if source == "fixed":
        return messages.gettext("a fixed %(rates)s") % {"rates": _fixed_pairs(values, messages)}
    if source == "article":
        return messages.gettext("each article's own implied rate")
    if values.get("fx_date"):
        return messages.gettext("the ECB rate of %(date)s") % {"date": values["fx_date"]}
    return messages.gettext("the ECB rate of each article's date")


def _cause_texts(
    messages: Messages, changes: Sequence[VerdictChange], values: Mapping[str, object], defaults: Mapping[str, object]
) -> tuple[str, ...]:
    """A sentence per cause of the changed verdicts: why they changed."""
    by_cause: dict[str, int] = {}
    for c in changes:
        by_cause[c.cause] = by_cause.get(c.cause, 0) + 1
    out = []
    for cause, n in sorted(by_cause.items()):
        if cause == RATES:
            text = messages.ngettext(
                "%(num)d conversion is tested at %(rates)s instead of the ECB rate of its article's date. The article "
                "converted at the rate of its day, so its verdict changes only because the test rate is not the rate "
                "of the day: that is not an error in the article.",
                "%(num)d conversions are tested at %(rates)s instead of the ECB rate of each article's date. The articles "
                "converted at the rate of their day, so these verdicts change only because the test rate is not the "
                "rate of the day: that is not an error in the articles.",
                n,
            ) % {"num": n, "rates": test_rates(values, messages)}
        elif cause == TOLERANCE:
            text = messages.ngettext(
                "%(num)d verdict moves with the tolerance: %(value)s%% instead of %(default)s%%.",
                "%(num)d verdicts move with the tolerance: %(value)s%% instead of %(default)s%%.",
                n,
            ) % {"num": n, "value": number(values["tolerance_pct"]), "default": number(defaults.get("tolerance_pct"))}
        elif cause == OTHER:
            text = messages.ngettext(
                "%(num)d verdict changed with the other parameters.", "%(num)d verdicts changed with the other parameters.", n
            ) % {"num": n}
        else:
            text = messages.ngettext(
                "%(num)d verdict depends on %(name)s = %(value)s (default %(default)s).",
                "%(num)d verdicts depend on %(name)s = %(value)s (default %(default)s).",
                n,
            ) % {"num": n, "name": cause, "value": number(values.get(cause)), "default": number(defaults.get(cause))}
        out.append(text)
    return tuple(out)


def cause_word(cause: str, messages: Messages) -> str:
    if cause == RATES:
        return messages.gettext("the test's exchange rate, not an error in the article")
    if cause == TOLERANCE:
        return messages.gettext("the tolerance")
    if cause == OTHER:
        return messages.gettext("other parameters")
    return cause


def banner(
    name: str,
    values: Mapping[str, object],
    defaults: Mapping[str, object],
    changes: Sequence[VerdictChange],
    messages: Messages,
    ecb_file: EcbFile | None = None,
    compare_href: str = "",
) -> Banner:
    parameters = tuple(ParameterShown(p.name, number(p.value), number(p.default)) for p in changed_parameters(values, defaults))
    return Banner(
        name,
        parameters,
        rates_words(values, messages, ecb_file),
        _cause_texts(messages, changes, values, defaults),
        len(changes),
        compare_href if parameters else "",
    )


def change_rows(changes: Sequence[VerdictChange], cards: Mapping[str, ClaimCard], messages: Messages) -> list[ChangeRow]:
    """The changed verdicts as rows that link to their claims' cards."""
    rows = []
    for c in changes:
        card = cards[c.claim_id]
        rows.append(
            ChangeRow(
                c.claim_id,
                f"claims.html#{claim_anchor(c.claim_id)}",
                f"{card.article.outlet}: {short(card.quote)}",
                c.before,
                c.after,
                cause_word(c.cause, messages),
            )
        )
    return rows
