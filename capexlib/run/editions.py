"""The editions of a run: the site in each language, built by one `capex run` into one scenario folder.

English sits at the folder's root and every other language in a folder of its own (`ko/`), each a whole
site with the same file names: a page's address in the other language is the same name one folder down
(`ko/claims.html#claim-x`) or up (`../claims.html#claim-x`). `capex run` builds every language; `--lang`
(or a `lang` value in `-p` or a scenario file) builds one. The folder keeps one manifest for all of them.

Each edition is executed with the run parameter `lang` set to its language, injected (as papermill
injects any parameter) only into the notebooks whose parameters cell declares `lang`, and only when it is
not the default. Every notebook of the series declares it (its tables, captions and charts are written in
the edition's language); a notebook that does not gives the same bytes in every edition, so it is
executed once and rendered once per language (the Korean page with its prose from the
`notebooks` catalogue, capexlib.report.prose). Each edition's execution key covers what reaches its
notebooks; the run's key adds how the pages are rendered (the editions built, `--site-url`).

Standard library only (and capexlib.report.language, which is): capexlib.run.record names the folder a
cached request prints with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

from ..report.language import DEFAULT_LANGUAGE, LANGUAGES, edition_folder

__all__ = ["DEFAULT", "LANGUAGES", "folder_of", "requested", "subfolder"]

DEFAULT = DEFAULT_LANGUAGE  # the edition at the folder's root; the language a notebook runs in when nothing is injected

LANG = "lang"  # the run parameter that carries an edition's language into the notebooks
EDITIONS = "editions"  # the key of the languages built, in a run's values (and so in its cache key)
SITE_URL = "site_url"


subfolder = edition_folder  # where an edition sits in its scenario folder ('' for English, the root)


def folder_of(scenario: Path, lang: str) -> Path:
    return scenario / subfolder(lang)


def requested(lang: object | None) -> tuple[str, ...]:
    """The editions a request builds: every language when none is named, else the one named."""
    if lang is None or lang == "":
        return LANGUAGES
    if lang not in LANGUAGES:
        from .params import ParamError  # noqa: PLC0415 - the cached path (capexlib.run.record) imports only the names above

        raise ParamError(f"--lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
    return (str(lang),)


def take_language(given: Mapping[str, object], lang: str | None) -> tuple[dict[str, object], tuple[str, ...]]:
    """(the parameters without `lang`, the editions to build): a `lang` value given as a parameter (-p lang ko,
    a scenario file) chooses the edition as --lang does; it never names the folder."""
    rest = {name: value for name, value in given.items() if name != LANG}
    if LANG in given:
        named = given[LANG]
        if lang is not None and named != lang:
            from .params import ParamError  # noqa: PLC0415 - as above

            raise ParamError(f"--lang {lang} and parameter lang {named!r} disagree; give one")
        lang = str(named)
    return rest, requested(lang)


def shown_folder(scenario: Path, languages: Iterable[str]) -> Path:
    """The folder a run prints: its first edition's (the scenario folder itself when English is built)."""
    return folder_of(scenario, next(iter(languages), DEFAULT))


def reaches_notebooks(declared: Mapping[Path, Iterable[str]]) -> bool:
    """Whether some notebook declares `lang`, so that an edition's language changes what it executes."""
    return any(LANG in names for names in declared.values())


def injected(
    per_notebook: Mapping[Path, Mapping[str, object]], declared: Mapping[Path, Iterable[str]], lang: str
) -> dict[Path, dict[str, object]]:
    """Each notebook's injected parameters in the edition `lang`: `lang` added (in sorted order, as every
    injected cell is) where the notebook declares it and it is not the default."""
    out: dict[Path, dict[str, object]] = {}
    for nb, params in per_notebook.items():
        values = dict(params)
        if lang != DEFAULT and LANG in declared.get(nb, ()):
            values[LANG] = lang
        out[nb] = dict(sorted(values.items()))
    return out


def execution_values(values: Mapping[str, object], declared: Mapping[Path, Iterable[str]], lang: str) -> dict[str, object]:
    """The values an edition's execution key covers: the run's parameters, with the edition's language only
    when a notebook declares it (otherwise both editions execute the same notebooks the same way)."""
    return {**values, LANG: lang} if reaches_notebooks(declared) else dict(values)
