"""The language of what a notebook (or a page being rendered) shows, chosen in one place.

    language.use("ko")          # session.start does this from the run parameter `lang`
    _("computed")               # a word of the site's catalogue (domain capex) in the current language
    words(frame_cell)           # a Phrase or DataText (capexlib.core.phrase) in the current language

`use` sets the language of the process (a notebook's cells run one after another in one worker, so the
choice holds for the whole notebook); `using` overrides it in a `with` block, for the current thread or
task only, so a site rendered in one thread per language cannot mix them. English needs no catalogue: the
messages are English; an untranslated message shows in English (tests name every untranslated one).
"""

from __future__ import annotations

import contextlib
import functools
import gettext
import io
from collections.abc import Iterator
from contextvars import ContextVar
from pathlib import Path

from ..core.phrase import N_, DataText, Phrase, phrase

LANGUAGES = ("en", "ko")
DEFAULT_LANGUAGE = "en"
DOMAIN = "capex"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "N_",
    "LanguageError",
    "_",
    "current",
    "edition_folder",
    "ngettext",
    "pgettext",
    "phrase",
    "use",
    "using",
    "words",
]


class LanguageError(ValueError):
    """A language without a catalogue, or another bad site option."""


_chosen = DEFAULT_LANGUAGE
_override: ContextVar[str | None] = ContextVar("capexlib_language", default=None)


def edition_folder(lang: str) -> str:
    """Where a language's edition sits in a scenario folder: '' (the root) for English, else its code."""
    return "" if lang == DEFAULT_LANGUAGE else lang


def check(lang: object) -> str:
    """`lang` if it is a language with a catalogue, else LanguageError naming the known ones."""
    if lang not in LANGUAGES:
        raise LanguageError(f"unknown language {lang!r}; known: {', '.join(LANGUAGES)}")
    return str(lang)


def use(lang: str) -> None:
    """Make `lang` the language of everything shown from now on (in this process)."""
    global _chosen
    _chosen = check(lang)


def current() -> str:
    """The language things are shown in: a `using` block's, else the last `use`'s, else English."""
    return _override.get() or _chosen


@contextlib.contextmanager
def using(lang: str) -> Iterator[None]:
    """Show things in `lang` inside the block (this thread or task only), then as before."""
    token = _override.set(check(lang))
    try:
        yield
    finally:
        _override.reset(token)


@functools.cache
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang`, domain capex (English needs none: the messages are English)."""
    from babel.messages.mofile import write_mo  # noqa: PLC0415 - babel only once a catalogue is read
    from babel.messages.pofile import read_po  # noqa: PLC0415
    from babel.support import NullTranslations, Translations  # noqa: PLC0415

    if check(lang) == "en":
        return NullTranslations()
    with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as f:
        catalog = read_po(f, locale=lang, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def _(message: str) -> str:
    """`message` (English, from the capex catalogue) in the current language."""
    return translations(current()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(current()).ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """`message` in the current language where the same English word means another thing elsewhere."""
    return translations(current()).pgettext(context, message)


def data_words(value: str | None, table: str, column: str) -> str:
    """A data table's text cell in the current language (capexlib.report.datatext)."""
    from . import datatext  # noqa: PLC0415 - reads the data catalogue (and its imports) only when used

    return datatext.text(value, table, column, current())


def words(value: object) -> str:
    """Any text the layers below the report made, in the current language: a Phrase from its translated
    template and slots, a DataText from the data catalogue, anything else as `str` gives it ('' for None)."""
    if value is None:
        return ""
    if isinstance(value, Phrase):
        if current() == DEFAULT_LANGUAGE:
            return str(value)
        filled = _(value.template) % {name: words(slot) for name, slot in value.slots.items()}
        return filled.rstrip(value.trim) if value.trim else filled
    if isinstance(value, DataText):
        return data_words(str(value), value.table, value.column)
    return str(value)
