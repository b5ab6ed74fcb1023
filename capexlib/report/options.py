"""Run options that change the site but are not notebook parameters: its language and its address.

They are part of a scenario's folder name and of the run's cache key, like parameters (a Korean site
and an English one are different outputs). Kept apart from capexlib.report.site, which imports nbconvert,
so that the command line can name a scenario without loading it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from ..core.echo import echo
from ..core.urls import url_problem
from .i18n import DEFAULT_LANGUAGE, LANGUAGES, LanguageError


@dataclass(frozen=True)
class SiteOptions:
    lang: str = DEFAULT_LANGUAGE
    site_url: str = ""  # where the site will be published; ClaimReview urls are resolved against it

    def __post_init__(self) -> None:
        if self.lang not in LANGUAGES:
            raise LanguageError(f"--lang must be one of {', '.join(LANGUAGES)}, got {self.lang!r}")
        if self.site_url:  # an http(s) address, without credentials, quotes, spaces or a query (capexlib.core.urls)
            problem = url_problem(self.site_url, allow_query=False)
            if problem is not None:
                example = "https://example.org/capex/"
                raise LanguageError(
                    f"--site-url must be an http(s) address such as {example}, got {echo(self.site_url)}: {problem}"
                )

    def given(self) -> dict[str, object]:
        """The options that differ from their defaults, as scenario-name entries."""
        return {name: value for name, value in asdict(self).items() if value != DEFAULTS[name]}


DEFAULTS: dict[str, object] = asdict(SiteOptions())
