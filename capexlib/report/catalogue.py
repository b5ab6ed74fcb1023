"""gettext catalogues kept in the repository as .po files, read and written the same way everywhere: the
template (locale/<domain>.pot) and each language's catalogue (locale/<lang>/LC_MESSAGES/<domain>.po),
sorted, with fixed header dates so that rerunning `make messages` changes nothing by itself.

Used for the texts that are not the site's own words (those are extracted from the code by pybabel):
the notebooks' prose (capexlib.report.prose) and the data's reader-visible text (capexlib.report.datatext).
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
TRANSLATED = ("ko",)  # the languages these catalogues are translated into
WIDTH = 120
FIXED_DATE = dt.datetime(2026, 12, 4, tzinfo=dt.UTC)  # in the headers: rerunning `make messages` changes nothing
PROJECT = "capex notebooks"

Entry = tuple[str, str, str]  # (context, English text, where it comes from)


def template_path(domain: str) -> Path:
    return LOCALE_DIR / f"{domain}.pot"


def po_path(domain: str, lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{domain}.po"


def _new(domain: str, lang: str | None = None) -> Catalog:
    return Catalog(
        locale=lang, domain=domain, project=PROJECT, charset="utf-8", creation_date=FIXED_DATE, revision_date=FIXED_DATE
    )


def _write(catalog: Catalog, path: Path, template: bool = False) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, omit_header=template, sort_output=True, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _read(path: Path, domain: str, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=domain)


def update(domain: str, entries: Iterable[Entry]) -> list[Path]:
    """Write the template from `entries` and merge it into each language's catalogue: translations kept,
    entries whose English is gone dropped (so a changed text shows as new, untranslated)."""
    template = _new(domain)
    for context, text, where in entries:
        # A location with no line number (a cell or a column is not a line): babel prints the name alone.
        template.add(text, context=context, locations=[(where, None)])  # type: ignore[list-item]
    written = [template_path(domain)]
    _write(template, written[0], template=True)
    for lang in TRANSLATED:
        path = po_path(domain, lang)
        catalog = _read(path, domain, lang) if path.is_file() else _new(domain, lang)
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.revision_date = FIXED_DATE
        _write(catalog, path)
        written.append(path)
    return written


@functools.cache
def translations(domain: str, lang: str) -> dict[tuple[str, str], str]:
    """{(context, English text): translation} of a language's catalogue (empty for English or none)."""
    path = po_path(domain, lang)
    if lang == "en" or not path.is_file():
        return {}
    return {
        (m.context or "", m.id): m.string
        for m in _read(path, domain, lang)
        if isinstance(m.id, str) and isinstance(m.string, str) and m.id and m.string and not m.fuzzy
    }


def missing(domain: str, lang: str, entries: Iterable[Entry]) -> list[str]:
    """Every entry with no translation in `lang`, named by where it comes from."""
    table = translations(domain, lang)
    return [f"{where}: {text[:80]!r}" for context, text, where in entries if (context, text) not in table]
