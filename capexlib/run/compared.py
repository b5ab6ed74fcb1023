"""The scenario folders `capex compare` reads: a scenario given by name or path, the edition in the page's
language where it was built, and what the comparison needs from it (capexlib.report.compare)."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.echo import echo
from ..core.paths import user_path
from ..report import compare
from ..report.i18n import DEFAULT_LANGUAGE, Messages
from . import editions, outputs
from .errors import RunError, UsageError
from .params import DEFAULTS
from .scenario import is_scenario_name, scenario_folders


def scenario_folder(reports: Path, scenario: str, needed: str = "headline.csv", lang: str = DEFAULT_LANGUAGE) -> Path:
    """The folder of a scenario's edition in `lang` when it was built, else of the edition it has (a scenario
    built with `--lang ko` alone holds only ko/)."""
    if not is_scenario_name(scenario):
        raise UsageError(f"not a scenario name: {echo(scenario)}")
    for edition in dict.fromkeys((lang, *editions.LANGUAGES)):
        folder = editions.folder_of(reports / scenario, edition)
        if (folder / needed).exists():
            return folder
    known = scenario_folders(reports)
    raise RunError(f"no scenario {echo(scenario)} in {reports} (no {needed}); known: {', '.join(known) or '(none)'}")


def locate(reports: Path, given: str) -> tuple[Path, str]:
    """(reports folder, scenario name) for a scenario given by name or by path (`reports/default`)."""
    if "/" in given or os.sep in given or given in (".", ".."):
        folder = user_path(given, "scenario folder")  # the one rule for a user's path (capexlib.core.paths)
        return folder.parent, folder.name
    return reports, given


def scenario(reports: Path, name: str, lang: str) -> compare.ComparedScenario:
    """One scenario as the comparison needs it: headline, scorecard, claim addresses, rates, its words."""
    from ..report import banner  # noqa: PLC0415 - only when a page is written

    folder = scenario_folder(reports, name, lang=lang)
    # Each file is read with bounds and checked (capexlib.run.outputs): a damaged one is one line, never a
    # traceback, and a url that is no page of the scenario and no http(s) address never becomes a link.
    card = outputs.read_scorecard(folder / "scorecard.csv") if os.path.lexists(folder / "scorecard.csv") else None
    urls: dict[str, str] = {}
    if os.path.lexists(folder / "claimreview.jsonld") and card is not None:
        urls = outputs.read_claim_urls(folder / "claimreview.jsonld", dict(zip(card["check_id"], card["claim_id"], strict=True)))
    values = outputs.read_params(folder / "params.json") if os.path.lexists(folder / "params.json") else {}
    messages = Messages(lang)
    rates = banner.rates_words(values, messages) if values else ""
    words = banner.scenario_words(values, DEFAULTS, messages) if values else ""
    headline = outputs.read_headline(folder / "headline.csv")  # its labels in the edition's language
    return compare.ComparedScenario(name, headline, card, urls, rates, words)
