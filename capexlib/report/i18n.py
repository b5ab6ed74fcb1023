"""The site's words in the reader's language: a gettext message catalogue read with babel.

Messages are written in English in the code and templates (`_("...")`), extracted with babel into
locale/capex.pot, and translated in locale/<lang>/LC_MESSAGES/capex.po (`make messages` refreshes both).
The .po file is compiled in memory when first used (capexlib.report.language), so no binary .mo file is
kept in the repository. This module holds the words of the vocabularies every output shares (verdicts,
reason kinds, outcomes, confidence levels, topics) and `Messages`, the site's words in one language; the
language of a notebook's outputs is chosen in capexlib.report.language from the run parameter `lang`.
"""

from __future__ import annotations

from ..core import checks
from ..core.checks import APPROX, FAILS, HOLDS, UNCHECKABLE
from ..core.phrase import N_
from .language import DEFAULT_LANGUAGE, DOMAIN, LANGUAGES, LOCALE_DIR, LanguageError, translations

__all__ = ["DEFAULT_LANGUAGE", "DOMAIN", "LANGUAGES", "LOCALE_DIR", "N_", "LanguageError", "Messages", "translations"]

# The four verdicts and the five reason kinds (capexlib.core.checks) as a reader reads them.
VERDICT_WORDS = {
    HOLDS: N_("holds"),
    APPROX: N_("holds approximately"),
    FAILS: N_("does not hold"),
    UNCHECKABLE: N_("cannot be checked from these sources"),
}
REASON_WORDS = {
    "misattributed": N_("misattributed"),
    "garbled": N_("garbled"),
    "different_measure": N_("different measure"),
    "misprint": N_("misprint"),
    "wrong_period": N_("wrong period"),
    "wrong_basis": N_("wrong basis"),
    "rounding": N_("rounding"),
    "overstated": N_("overstated"),
    "understated": N_("understated"),
    "no_source": N_("no source"),
    "only_a_bound": N_("only a bound"),
}
# How a printed plan aged (hindsight): words and colours of their own, never a verdict's.
OUTCOME_WORDS = {
    checks.SPENT_MORE: N_("spent more than planned"),
    checks.SPENT_ABOUT: N_("spent about as planned"),
    checks.SPENT_LESS: N_("spent less than planned"),
    checks.OVER_MAXIMUM: N_("spent more than the stated maximum"),
    checks.WITHIN_MAXIMUM: N_("stayed within the stated maximum"),
    checks.MET_MINIMUM: N_("spent at least the stated minimum"),
    checks.UNDER_MINIMUM: N_("spent less than the stated minimum"),
    checks.LATER_HIGHER: N_("later figure higher"),
    checks.LATER_ABOUT: N_("later figure about the same"),
    checks.LATER_LOWER: N_("later figure lower"),
    checks.NOT_YET_KNOWN: N_("not yet known"),
    checks.NO_OUTCOME: N_("cannot be checked"),
}
CONFIDENCE_WORDS = {"confirmed": N_("confirmed"), "secondary": N_("secondary"), "unconfirmed": N_("unconfirmed")}
# What each check is about (data/checks.csv, column topic), for the filters and the charts' category labels.
TOPIC_WORDS = {
    "totals": N_("2025 plans and totals"),
    "budget": N_("Korea's budget"),
    "change": N_("2024 against 2025"),
    "quarterly": N_("quarterly figures"),
    "cloud": N_("cloud growth"),
    "rates": N_("won conversions"),
    "bat": N_("Baidu, Alibaba, Tencent"),
    "deepseek": N_("DeepSeek's cost"),
    "funding": N_("AI start-up funding"),
    "context": N_("other context"),
}


class Messages:
    """The site's messages in one language."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE) -> None:
        self.lang = lang
        self.translations = translations(lang)

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def verdict(self, verdict: str) -> str:
        """A verdict label ('does not hold') in this language; an unknown label is shown as it is."""
        return self.gettext(VERDICT_WORDS[verdict]) if verdict in VERDICT_WORDS else verdict

    def outcome(self, outcome: str) -> str:
        """How a plan aged ('spent more than planned') in this language."""
        return self.gettext(OUTCOME_WORDS[outcome]) if outcome in OUTCOME_WORDS else outcome

    def confidence(self, level: str) -> str:
        return self.gettext(CONFIDENCE_WORDS[level]) if level in CONFIDENCE_WORDS else level

    def topic(self, topic: str) -> str:
        """What a check is about ('won conversions'); an unknown topic key is shown with spaces."""
        return self.gettext(TOPIC_WORDS[topic]) if topic in TOPIC_WORDS else topic.replace("_", " ")

    def reason(self, kind: str) -> str:
        """A reason kind ('wrong_period') in words; '' for none."""
        if not kind:
            return ""
        return self.gettext(REASON_WORDS[kind]) if kind in REASON_WORDS else kind.replace("_", " ")
