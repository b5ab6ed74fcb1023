"""What a run writes besides the notebooks, computed in the library: headline.csv, verdicts.csv, the
scorecard exports, and the README's findings block (for the committed series).

The ledger is loaded and the checks evaluated once, for all of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..core.checks import evaluate_checks
from ..core.ledger import Ledger, load_ledger
from ..report import exports, readme
from ..report.i18n import DEFAULT_LANGUAGE
from ..report.present import headline_frame
from ..topics.headline import headline_figures
from ..topics.scorecard import scorecard
from .files import atomic_write
from .params import PARAMETERS, RunParams

HEADLINE_COLUMNS = ("id", "label", "value", "unit")


def run_params(values: Mapping[str, object], data_dir: Path | None = None) -> RunParams:
    """capexlib.run.params.RunParams for the library computations (and the data folder the run reads)."""
    known = {name: values[name] for name in PARAMETERS if name in values}
    if data_dir is not None and not known.get("data_dir"):
        known["data_dir"] = str(data_dir)
    return RunParams.from_values(**known)


@dataclass
class Outputs:
    ledger: Ledger
    params: RunParams
    verdicts: pd.DataFrame
    headline: pd.DataFrame


def compute(values: Mapping[str, object], data_dir: Path | None = None, ledger: Ledger | None = None) -> Outputs:
    """The verdicts and headline figures of one run."""
    params = run_params(values, data_dir)
    ledger = ledger or load_ledger(data_dir or params.data_dir)
    fx = params.fx()
    verdicts = evaluate_checks(ledger, fx, params.tolerance, params.values)
    figures = headline_figures(ledger, fx, verdicts, params["h800_usd_per_gpu_hour"])
    return Outputs(ledger, params, verdicts, headline_frame(figures)[list(HEADLINE_COLUMNS)])


def card_table(out: Outputs) -> pd.DataFrame:
    """The scorecard as scorecard.csv holds it (text): what the site shows."""
    return exports.scorecard_table(scorecard(out.ledger, out.verdicts))


def write_exports(out: Outputs, folder: Path, urls: Mapping[str, str] | None = None, lang: str = DEFAULT_LANGUAGE) -> list[Path]:
    """scorecard.csv and claimreview.jsonld into `folder` (each atomically); returns the paths.

    `urls` maps claim ids to their verdict's address on the site (capexlib.report.site.claim_urls).
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in exports.exports(out.ledger, scorecard(out.ledger, out.verdicts), urls, lang).items():
        atomic_write(folder / name, text)
        paths.append(folder / name)
    return paths


def write_run_outputs(out: Outputs, folder: Path) -> Path:
    """headline.csv and verdicts.csv into a scenario folder; returns verdicts.csv's path. (The exports
    follow once the pages are rendered: their ClaimReview urls point into the pages.)"""
    out.headline.to_csv(folder / "headline.csv", index=False, lineterminator="\n")
    verdicts_path = folder / "verdicts.csv"
    out.verdicts.to_csv(verdicts_path, index=False, lineterminator="\n")
    return verdicts_path


def findings(out: Outputs) -> str:
    """The README findings block for these outputs."""
    return readme.findings_markdown(out.headline, out.verdicts, out.params.fx().describe(), out.params["tolerance_pct"])


def update_readme(out: Outputs, path: Path) -> bool:
    """Rewrite the findings block of the README at `path`; True when the file changed."""
    old = path.read_text(encoding="utf-8")
    new = readme.render(old, findings(out))
    if new != old:
        atomic_write(path, new)
    return new != old
