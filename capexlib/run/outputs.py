"""What a run writes besides the notebooks, computed in the library: headline.csv, verdicts.csv, the
scorecard exports, the hindsight exports, and the README's findings block (for the committed series).

The ledger is loaded and the checks evaluated once, for all of them.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pandas as pd

from ..core.checks import evaluate_checks, evaluate_hindsight
from ..core.echo import echo
from ..core.ledger import Ledger, load_ledger
from ..core.numbers import parse_decimal
from ..core.readfile import MAX_JSON_BYTES, MAX_TABLE_BYTES, json_depth, read_regular_file, shown_path
from ..core.text import decode
from ..core.urls import is_page_address, url_problem
from ..report import exports, hindsight_exports, readme
from ..report.csvsafe import csv_text
from ..report.i18n import DEFAULT_LANGUAGE
from ..report.present import headline_frame
from ..topics import hindsight
from ..topics.headline import headline_figures
from ..topics.scorecard import scorecard
from .errors import RunError
from .files import write_if_changed
from .params import PARAMETERS, RunParams

HEADLINE_COLUMNS = ("id", "label", "value", "unit")
# What `capex compare` needs of a scenario's scorecard.csv (capexlib.report.exports writes more).
SCORECARD_COLUMNS = ("check_id", "claim_id", "role", "verdict", "quote", "outlet", "why")
MAX_JSON_DEPTH = 20  # a ClaimReview list nests four levels; params.json one


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


def write_exports(out: Outputs, folder: Path, urls: Mapping[str, str] | None = None, lang: str = DEFAULT_LANGUAGE) -> list[Path]:
    """scorecard.csv and claimreview.jsonld (as published), hindsight.csv and hindsight.jsonld
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
    (folder / "headline.csv").write_text(csv_text(out.headline), encoding="utf-8")
    verdicts_path = folder / "verdicts.csv"
    verdicts_path.write_text(csv_text(out.verdicts), encoding="utf-8")
    return verdicts_path


def findings(out: Outputs) -> str:
    """The README findings block for these outputs."""
    return readme.findings_markdown(out.headline, out.verdicts, out.params.fx().describe(), out.params["tolerance_pct"])


def update_readme(out: Outputs, path: Path) -> bool:
    """Rewrite the findings block of the README at `path`; True when the file changed."""
    old = path.read_text(encoding="utf-8")
    return write_if_changed(path, readme.render(old, findings(out)))


def _csv_rows(path: Path, what: str, hint: str) -> tuple[list[str], list[tuple[int, list[str]]], str]:
    """(header, [(line, fields)], shown path) of a scenario's CSV file, read with bounds and the text rule;
    RunError naming the file and line when it is empty, binary or not CSV."""
    where = shown_path(path)
    data = read_regular_file(path, RunError, what, MAX_TABLE_BYTES)
    text = decode(data, where, RunError, hint)
    if not text.strip():
        raise RunError(f"{where}: the file is empty; {hint}")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        rows = []
        for values in reader:
            if len(values) != len(header):
                raise RunError(f"{where}, line {reader.line_num}: {len(values)} fields, but the header has {len(header)}")
            rows.append((reader.line_num, values))
    except csv.Error as e:
        raise RunError(f"{where}, line {reader.line_num}: malformed CSV ({e}); {hint}") from None
    return header, rows, where


def read_headline(path: Path) -> pd.DataFrame:
    """A scenario's headline.csv, checked: the four columns, unique non-empty ids, finite numbers.

    Read with the csv module and the bounds of capexlib.core.readfile, so that an empty, binary or
    foreign file is one RunError naming the file, line and column, never a pandas traceback or rows of NaN.
    """
    header, lines, where = _csv_rows(path, "headline file", "not a headline.csv that capex wrote")
    if tuple(header) != HEADLINE_COLUMNS:
        raise RunError(f"{where}, line 1: expected the columns {', '.join(HEADLINE_COLUMNS)}, got {echo(','.join(header))}")
    rows: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for line, values in lines:
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
    if not rows:
        raise RunError(f"{where}: no headline figures under the header; rerun the scenario with `capex run --force`")
    return pd.DataFrame(rows, columns=list(HEADLINE_COLUMNS), dtype=object)


def read_scorecard(path: Path) -> pd.DataFrame:
    """A scenario's scorecard.csv as text, checked: the columns compare needs, a known role, a check id."""
    header, lines, where = _csv_rows(path, "scorecard", "not a scorecard.csv that capex wrote")
    missing = [c for c in SCORECARD_COLUMNS if c not in header]
    if missing:
        raise RunError(f"{where}, line 1: missing column(s) {', '.join(missing)}")
    if len(set(header)) != len(header):
        raise RunError(f"{where}, line 1: a column name appears twice")
    for line, values in lines:
        row = dict(zip(header, values, strict=True))
        if row["role"] not in ("primary", "alternative"):
            raise RunError(f"{where}, line {line}, column 'role': {echo(row['role'])} is not primary or alternative")
        if not row["check_id"]:
            raise RunError(f"{where}, line {line}, column 'check_id': empty")
    return pd.DataFrame([values for _, values in lines], columns=header, dtype=str)


def _json(path: Path, what: str) -> object:
    where = shown_path(path)
    text = decode(read_regular_file(path, RunError, what, MAX_JSON_BYTES), where, RunError, f"not a {what} that capex wrote")
    try:
        value = json.loads(text)
    except RecursionError:
        raise RunError(f"{where}: nested too deeply; not a {what} that capex wrote") from None
    except ValueError as e:
        raise RunError(f"{where}: not valid JSON: {e}") from None
    if json_depth(value, MAX_JSON_DEPTH) > MAX_JSON_DEPTH:
        raise RunError(f"{where}: nested more than {MAX_JSON_DEPTH} levels deep; not a {what} that capex wrote")
    return value


def read_claim_urls(path: Path, claims: Mapping[str, str]) -> dict[str, str]:
    """Claim id -> its verdict's address, from a scenario's claimreview.jsonld (`claims`: check id -> claim id).

    Every `url` becomes a link on the compare page, so each must be a page of the scenario folder
    (`01_totals_2025.html#claim-x`) or an http(s) address (capexlib.core.urls); anything else is refused."""
    reviews = _json(path, "ClaimReview file")
    where = shown_path(path)
    if not isinstance(reviews, list):
        raise RunError(f"{where}: expected a list of ClaimReviews, got {type(reviews).__name__}")
    urls: dict[str, str] = {}
    for number, review in enumerate(reviews, start=1):
        if not isinstance(review, dict) or review.get("identifier") not in claims or "url" not in review:
            continue
        url = review["url"]
        if not isinstance(url, str) or not (is_page_address(url) or url_problem(url) is None):
            problem = url_problem(url) if isinstance(url, str) else "not text"
            raise RunError(f"{where}, item {number}: url {echo(url)} is neither a page of the scenario nor an address: {problem}")
        urls[claims[review["identifier"]]] = url
    return urls


def read_params(path: Path) -> dict[str, object]:
    """A scenario's params.json: a mapping of parameter names to single values."""
    values = _json(path, "params.json")
    where = shown_path(path)
    if not isinstance(values, dict):
        raise RunError(f"{where}: expected a mapping of parameter names to values, got {type(values).__name__}")
    for name, value in values.items():
        if not isinstance(value, (str, int, float, bool)) and value is not None:
            raise RunError(f"{where}: parameter {echo(name)} is {type(value).__name__}, not a single value")
    return values
