"""How one edition of a run's site is rendered: its language, its address, and the editions built with it.

None of these reach the notebooks' execution (the language reaches it as the run parameter `lang`,
capexlib.run.editions), so none names the scenario folder: a run that differs from a cached one only in
these renders the pages again from the executed notebooks already in the folder. Kept apart from
capexlib.report.site, which imports nbconvert, so that the command line can check them without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.echo import echo
from ..core.urls import url_problem
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, LanguageError
from .language import edition_folder

# Each language named in itself, for the language switch (a reader looks for their own language's name).
LANGUAGE_NAMES = {"en": "English", "ko": "한국어"}


@dataclass(frozen=True)
class SiteOptions:
    lang: str = DEFAULT_LANGUAGE  # this edition's language
    site_url: str = ""  # where the site will be published; ClaimReview urls are resolved against it
    languages: tuple[str, ...] = ()  # every edition built with this one; each page links to its page in the others

    def __post_init__(self) -> None:
        for lang in (self.lang, *self.languages):
            if lang not in LANGUAGES:
                raise LanguageError(f"--lang must be one of {', '.join(LANGUAGES)}, got {lang!r}")
        if self.site_url:  # an http(s) address, without credentials, quotes, spaces or a query (capexlib.core.urls)
            problem = url_problem(self.site_url, allow_query=False)
            if problem is not None:
                example = "https://example.org/capex/"
                raise LanguageError(
                    f"--site-url must be an http(s) address such as {example}, got {echo(self.site_url)}: {problem}"
                )

    @property
    def folder(self) -> str:
        """This edition's folder inside the scenario folder: '' for English (the root), else its language."""
        return edition_folder(self.lang)

    @property
    def base(self) -> str:
        """The published address of this edition's folder ('' when the site's address is not given)."""
        if not self.site_url:
            return ""
        root = self.site_url if self.site_url.endswith("/") else self.site_url + "/"
        return root + (self.folder + "/" if self.folder else "")

    def other_editions(self) -> list[tuple[str, str]]:
        """(language, path from this edition's folder to that edition's folder, ending in '/' or empty) of
        every other edition built with this one."""
        up = "../" if self.folder else ""
        out = []
        for lang in self.languages:
            if lang != self.lang:
                folder = edition_folder(lang)
                out.append((lang, up + (folder + "/" if folder else "")))
        return out
