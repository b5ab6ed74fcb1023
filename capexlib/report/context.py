"""What every page of a run's site is built from: the run's data (`SiteInputs`) and what the site derives
from it once (`Site`: the notebooks' facts, the claim cards, the scenario banner), plus the context every
template gets (language, title, navigation, banner, style)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from markupsafe import Markup

from ..core.fx import EcbFile
from ..core.ledger import Ledger
from .banner import Banner, ChangeRow
from .cards import ClaimCard
from .citations import ECB_URL
from .i18n import Messages
from .notebooks import NotebookFacts
from .options import LANGUAGE_NAMES, SiteOptions
from .templating import render, script, style


@dataclass(frozen=True)
class SiteInputs:
    """Everything the site shows besides the rendered notebooks: the run's data."""

    scenario: str
    values: Mapping[str, object]  # every parameter's value in this run
    defaults: Mapping[str, object]
    given: Mapping[str, object]  # the parameters set for this run
    meanings: Mapping[str, str]
    ledger: Ledger
    verdicts: pd.DataFrame  # the evaluated checks (capexlib.core.checks.evaluate_checks)
    headline: pd.DataFrame | None = None  # headline.csv's table
    hindsight: pd.DataFrame | None = None  # the evaluated hindsight checks
    baseline_verdicts: pd.DataFrame | None = None  # the evaluated checks under the default parameters
    baseline_headline: pd.DataFrame | None = None  # the headline figures under the default parameters
    options: SiteOptions = field(default_factory=SiteOptions)
    ecb_file: EcbFile | None = None  # a newer ECB history laid over the bundled one (--ecb-file)


@dataclass(frozen=True)
class Link:
    href: str
    title: str


@dataclass(frozen=True)
class Switch:
    """A link to this page in another edition: its language, the address, and the language's own name."""

    lang: str
    href: str
    name: str


@dataclass(frozen=True)
class Nav:
    current: str  # the page's file name
    prev: Link | None = None
    next: Link | None = None


@dataclass(frozen=True)
class Site:
    folder: Path
    inputs: SiteInputs
    messages: Messages
    notebooks: tuple[NotebookFacts, ...]
    cards: tuple[ClaimCard, ...]
    banner: Banner
    changes: tuple[ChangeRow, ...]

    @property
    def lang(self) -> str:
        return self.inputs.options.lang

    @property
    def cards_by_claim(self) -> dict[str, ClaimCard]:
        return {c.claim_id: c for c in self.cards}

    def site_title(self) -> str:
        return self.messages.gettext("Big Tech AI capital spending in Korean news: a fact-check")

    def full_title(self, title: str) -> str:
        return f"{title} · {self.inputs.scenario}"

    def switch(self, current: str) -> tuple[Switch, ...]:
        """The page `current` in every other edition built with this one (the same file name in its folder)."""
        others = self.inputs.options.other_editions()
        return tuple(Switch(lang, folder + current, LANGUAGE_NAMES[lang]) for lang, folder in others)

    def context(self, current: str, title: str, **more: object) -> dict[str, object]:
        """What every template of the site gets."""
        return {
            "lang": self.lang,
            "title": self.full_title(title),
            "heading": title,
            "root": "",
            "site_base": self.inputs.options.base,
            "switch": self.switch(current),
            "nav": Nav(current),
            "banner": self.banner,
            "changes": self.changes,
            "ecb_url": ECB_URL,
            "style": Markup(style()),
            "script": Markup(script()),
            **more,
        }

    def render(self, template: str, current: str, title: str, **more: object) -> str:
        return render(self.lang, template, **self.context(current, title, **more))
