"""What a run writes besides the notebooks, computed in the library: headline.csv, verdicts.csv, the
scorecard exports, the hindsight exports, and the README's findings block (for the committed series).

The ledger is loaded and the checks evaluated once, for all of them.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..core.checks import evaluate_checks, evaluate_hindsight
from ..core.echo import echo
from ..core.ledger import Ledger, load_ledger, parse_decimal
from ..core.readfile import MAX_TABLE_BYTES, read_regular_file, shown_path
from ..report import exports, hindsight_exports, readme
from ..report.i18n import DEFAULT_LANGUAGE
from ..report.present import headline_frame
from ..topics import hindsight
from ..topics.headline import headline_figures
from ..topics.scorecard import scorecard
from .errors import RunError
from .files import write_if_changed
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
    hindsight: pd.DataFrame  # the hindsight checks, judged against later outcomes


def compute(values: Mapping[str, object], data_dir: Path | None = None, ledger: Ledger | None = None) -> Outputs:
    """The verdicts and headline figures of one run."""
    params = run_params(values, data_dir)
    ledger = ledger or load_ledger(data_dir or params.data_dir)
    fx = params.fx()
    verdicts = evaluate_checks(ledger, fx, params.tolerance, params.values)
    aged = evaluate_hindsight(ledger, fx, params.tolerance, params.values)
    figures = headline_figures(ledger, fx, verdicts, params["h800_usd_per_gpu_hour"])
    return Outputs(ledger, params, verdicts, headline_frame(figures)[list(HEADLINE_COLUMNS)], aged)


def card_table(out: Outputs) -> pd.DataFrame:
    """The scorecard as scorecard.csv holds it (text): what the site shows."""
    return exports.scorecard_table(scorecard(out.ledger, out.verdicts))


def write_exports(out: Outputs, folder: Path, urls: Mapping[str, str] | None = None, lang: str = DEFAULT_LANGUAGE) -> list[Path]:
    """scorecard.csv and claimreview.jsonld (as published), hindsight.csv and hindsight_claimreview.jsonld
    (how the claims aged) into `folder` (each atomically, only when its bytes change); returns the paths
    written. `urls` maps claim ids to their verdict's address on the site (capexlib.report.site.claim_urls).
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    texts = {
        **exports.exports(out.ledger, scorecard(out.ledger, out.verdicts), urls, lang),
        **hindsight_exports.hindsight_exports(out.ledger, hindsight.card(out.ledger, out.hindsight)),
    }
    for name, text in texts.items():
        if write_if_changed(folder / name, text):
            paths.append(folder / name)
    return paths


def write_run_outputs(out: Outputs, folder: Path) -> Path:
    """headline.csv and verdicts.csv into a scenario folder; returns verdicts.csv's path. (The exports
    follow once the pages are rendered: their ClaimReview urls point into the pages.)"""
    # Opened in a spreadsheet like scorecard.csv: text that would run as a formula is written as text.
    out.headline.map(exports.spreadsheet_safe).to_csv(folder / "headline.csv", index=False, lineterminator="\n")
    verdicts_path = folder / "verdicts.csv"
    out.verdicts.map(exports.spreadsheet_safe).to_csv(verdicts_path, index=False, lineterminator="\n")
    return verdicts_path


def findings(out: Outputs) -> str:
    """The README findings block for these outputs."""
    return readme.findings_markdown(out.headline, out.verdicts, out.params.fx().describe(), out.params["tolerance_pct"])


def update_readme(out: Outputs, path: Path) -> bool:
    """Rewrite the findings block of the README at `path`; True when the file changed."""
    old = path.read_text(encoding="utf-8")
    return write_if_changed(path, readme.render(old, findings(out)))


def read_headline(path: Path) -> pd.DataFrame:
    """A scenario's headline.csv, checked: the four columns, unique non-empty ids, finite numbers.

    Read with the csv module and the bounds of capexlib.core.readfile, so that an empty, binary or
    foreign file is one RunError naming the file, line and column, never a pandas traceback or rows of NaN.
    """
    where = shown_path(path)
    data = read_regular_file(path, RunError, "headline file", MAX_TABLE_BYTES)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise RunError(f"{where}: not valid UTF-8 (byte {e.start}); not a headline.csv that capex wrote") from None
    if not text.strip():
        raise RunError(f"{where}: the file is empty; expected the columns {', '.join(HEADLINE_COLUMNS)}")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    try:
        header = next(reader)
        if tuple(header) != HEADLINE_COLUMNS:
            raise RunError(f"{where}, line 1: expected the columns {', '.join(HEADLINE_COLUMNS)}, got {echo(','.join(header))}")
        for values in reader:
            line = reader.line_num
            if len(values) != len(header):
                raise RunError(f"{where}, line {line}: {len(values)} fields, but the header has {len(header)}")
            row = dict(zip(header, values, strict=True))
            key = row["id"]
            if not key.strip():
                raise RunError(f"{where}, line {line}, column 'id': empty")
            if key in seen:
                raise RunError(f"{where}, line {line}, column 'id': duplicate id {echo(key)} (first on line {seen[key]})")
            seen[key] = line
            # Converted figures can be large and carry many places (28 significant digits): no ledger bounds.
            value = parse_decimal(row["value"], f"{where}, line {line}, column 'value'", RunError, Decimal(10) ** 40, None)
            rows.append({**row, "value": value})
    except csv.Error as e:
        raise RunError(f"{where}, line {reader.line_num}: malformed CSV ({e})") from None
    if not rows:
        raise RunError(f"{where}: no headline figures under the header; rerun the scenario with `capex run --force`")
    return pd.DataFrame(rows, columns=list(HEADLINE_COLUMNS), dtype=object)
