"""`capex`: run the notebook series for a scenario, normalize the committed notebooks, sweep, compare.

    capex run [--krw-per-usd 1380] [-p NAME VALUE]... [-f scenario.yaml] [--jobs N] [--list-params]
    capex normalize [--jobs N]
    capex sweep --param krw_per_usd --from 1300 --to 1500 --step 10 [--out DIR]
    capex run ... [--lang en|ko] [--site-url URL]
    capex compare SCENARIO_A SCENARIO_B [--lang en|ko]   (also writes reports/compare-A-vs-B.html)

Errors are one line on stderr (`capex: error: ...`, an echoed value cut to a readable length), never a
traceback: exit code 2 for a bad parameter or usage, 1 for a failed run or bad data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import errno
import io
import os
import sys
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd

from .core.checks import CheckError, evaluate_checks
from .core.echo import echo
from .core.fx import FxError, sweep_rates
from .core.ledger import DataError, load_ledger
from .core.money import AmountError
from .core.numbers import non_ascii_digit
from .core.paths import REPORTS_DIR, PathError, list_notebooks, user_path
from .core.yamlfile import read_yaml
from .report.csvsafe import csv_text
from .report.i18n import DEFAULT_LANGUAGE, LANGUAGES, LanguageError, Messages
from .report.options import SiteOptions
from .report.present import compare_view, headline_value
from .run import console, notebook_params, outputs, record, series
from .run.errors import RunError
from .run.files import atomic_write
from .run.params import DEFAULTS, FIXED_PAIRS, PARAMETERS, ParamError, RunParams, describe
from .run.scenario import scenario_folders
from .topics.headline import headline_figures

# Options of `capex run` itself; a parameter with one of these names is only reachable with -p.
_RESERVED = {"jobs", "list_params", "file", "param", "reports", "notebooks", "help", "force", "lang", "site_url"}
MAX_SWEEP_POINTS = 1_000  # each point evaluates every check (about 15 ms): a sweep takes at most about 20 s


class CliError(Exception):
    """A usage problem found after parsing (exit code 2)."""


# --------------------------------------------------------------------------------------------
# Parameters from the command line and scenario files
# --------------------------------------------------------------------------------------------


def _notebook_parameters() -> tuple[dict[str, object], dict[str, list[str]], str | None]:
    """Declared parameters of the notebooks: ({name: default}, {name: [notebooks]}, problem or None).

    A malformed parameters cell is not raised here (the parser must still build, e.g. for --help);
    `capex run` reports it when it reads the notebooks again.
    """
    defaults: dict[str, object] = {}
    where: dict[str, list[str]] = {}
    try:
        for nb, names in notebook_params.declared_parameters(list_notebooks()).items():
            for name, default in names.items():
                defaults.setdefault(name, default)
                where.setdefault(name, []).append(nb.name)
    except RunError as e:
        return defaults, where, str(e)
    return defaults, where, None


def load_scenario_file(path: str | os.PathLike) -> dict[str, object]:
    """A YAML mapping of parameter names to scalars; anything else is a ParamError naming the file. A relative
    path is from the project folder (capexlib.core.paths)."""
    path = user_path(path, "-f", resolve=False)
    data = read_yaml(path, ParamError, "scenario file")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParamError(f"{path}: a scenario file must be a mapping of parameter names to values, got {type(data).__name__}")
    values: dict[str, object] = {}
    for name, value in data.items():
        if not isinstance(name, str):
            raise ParamError(f"{path}: parameter names must be text, got {echo(name)}")
        if isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()  # YAML reads 2024-09-10 as a date; parameters hold dates as text
        if not isinstance(value, (str, int, float, bool)):
            raise ParamError(
                f"{path}: parameter {echo(name)} must be a single value (text, number, true/false), got {echo(value)}"
            )
        values[name] = value
    return values


def _given_from_args(args: argparse.Namespace) -> dict[str, object]:
    """Scenario file first, then --name options and -p pairs (the command line wins)."""
    given: dict[str, object] = {}
    if args.file:
        given.update(load_scenario_file(args.file))
    for key, value in vars(args).items():
        if key.startswith("param:") and value is not None:
            given[key[len("param:") :]] = value
    for name, value in args.param or []:
        given[name] = value
    return given


def _list_params() -> str:
    defaults, where, problem = _notebook_parameters()
    lines = [describe()]
    extra = {name: default for name, default in defaults.items() if name not in PARAMETERS}
    if extra:
        lines.append("")
        lines.append("declared only by notebooks:")
        width = max(map(len, extra))
        for name, default in sorted(extra.items()):
            lines.append(f"{name:<{width}}  {type(default).__name__:<5}  {default!r:<8}  (in {', '.join(where[name])})")
    undeclared = [name for name in PARAMETERS if defaults and name not in defaults]
    if undeclared:
        lines.append("")
        lines.append(f"not declared by any notebook yet (cannot be set): {', '.join(undeclared)}")
    if problem:
        lines.append("")
        lines.append(f"note: {problem}")
    return "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Commands
# --------------------------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    if args.list_params:
        console.out(_list_params())
        return 0
    options = SiteOptions(lang=args.lang, site_url=args.site_url)
    argv = getattr(args, "argv", None)
    given = _given_from_args(args)
    # Every path the request names, as given (capexlib.run.record checks they still resolve the same way).
    named = [args.reports, args.notebooks or "", args.file or "", os.environ.get("CAPEX_DATA_DIR", "")]
    named += [str(given[name]) for name in ("data_dir", "ecb_file") if isinstance(given.get(name), str)]

    def served(what: record.Served) -> None:  # so that the same request is answered by capexlib.run.quick
        if argv is not None:  # a forced run serves what the same request without --force serves
            request = record.without_force(argv) if args.force else argv
            scenario_file = [user_path(args.file, "-f")] if args.file else []
            record.remember(request, what, read_files=scenario_file, paths=named)

    out = series.run_series(
        given,
        out_root=args.reports,
        jobs=args.jobs,
        force=args.force,
        notebooks_dir=args.notebooks,
        options=options,
        on_served=served,
    )
    return console.print_result(str(out))


def cmd_normalize(args: argparse.Namespace) -> int:
    changed = series.normalize_committed(args.jobs, notebooks_dir=args.notebooks)
    for path in changed:
        console.out(f"rewrote {path.name}")
    if not changed:
        console.out("all notebooks already normalized")
    if args.notebooks is None:  # the committed series: refresh its exports and the README findings
        lines = series.refresh_committed_outputs()
        for line in lines:
            console.out(line)
        if not lines:
            console.out("exports and README findings already current")
    return 0


def _sweep_number(text: str, what: str) -> Decimal:
    """A --from/--to/--step value: ASCII digits only (Decimal() would read １３００), finite."""
    lookalike = non_ascii_digit(str(text))
    if lookalike is not None:
        raise ParamError(f"--{what} {echo(text)}: non-ASCII digit {lookalike}; use the digits 0-9")
    try:
        number = Decimal(str(text).strip())
    except ArithmeticError:
        raise ParamError(f"--{what} must be a number, got {echo(text)}") from None
    if not number.is_finite() or "_" in str(text):
        raise ParamError(f"--{what} must be a finite number, got {echo(text)}")
    return number


def sweep_values(param: str, start: str, stop: str, step: str) -> list[object]:
    """The values of `param` a sweep takes: floats, or whole numbers for an int parameter."""
    if param not in PARAMETERS:
        raise ParamError(f"unknown parameter {echo(param)}; known: {', '.join(PARAMETERS)}")
    kind = type(DEFAULTS[param])
    if kind not in (float, int):
        raise ParamError(f"parameter {param!r} is not a number and cannot be swept")
    low, high, by = _sweep_number(start, "from"), _sweep_number(stop, "to"), _sweep_number(step, "step")
    if kind is int and any(v != v.to_integral_value() for v in (low, high, by)):
        raise ParamError(f"parameter {param!r} is a whole number: --from, --to and --step must be whole numbers")
    if by > 0 and high > low and high - low > by * MAX_SWEEP_POINTS:  # before dividing: 1e300 / 1e-300 cannot be counted
        raise ParamError(
            f"the sweep has more than {MAX_SWEEP_POINTS} points; at most {MAX_SWEEP_POINTS} allowed (use a larger --step)"
        )
    try:
        values = sweep_rates(low, high, by)
    except FxError as e:
        raise ParamError(f"sweep: {e}") from None
    if len(values) > MAX_SWEEP_POINTS:
        raise ParamError(f"the sweep has {len(values)} points; at most {MAX_SWEEP_POINTS} allowed (use a larger --step)")
    return [int(v) if kind is int else float(v) for v in values]


def sweep_table(
    param: str, start: str, stop: str, step: str, base: dict[str, object] | None = None
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Headline figures for every value of `param` from start to stop: (table, {id: unit}).

    Computed in capexlib (no notebook runs). A krw_per_* rate implies fx_source=fixed; an fx_source given
    with -p that says otherwise is an error, not silently replaced.
    """
    values = sweep_values(param, start, stop, step)
    base = dict(base or {})
    if param in FIXED_PAIRS:
        if base.get("fx_source", "fixed") != "fixed":
            raise ParamError(
                f"sweeping {param} uses fixed rates (fx_source 'fixed'), but -p fx_source {echo(base['fx_source'])} "
                "was given; leave it out"
            )
        base["fx_source"] = "fixed"
    rows: list[dict[str, object]] = []
    units: dict[str, str] = {}
    ledger = None
    for value in values:
        params = RunParams.from_values(**{**base, param: value})
        ledger = ledger or load_ledger(params.data_dir)
        fx = params.fx()
        try:
            verdicts = evaluate_checks(ledger, fx, params.tolerance, params.values)
            figures = headline_figures(ledger, fx, verdicts, params["h800_usd_per_gpu_hour"])
        except ArithmeticError as e:
            raise ParamError(
                f"{param} {value}: the arithmetic fails ({type(e).__name__}); the value is too large or too small"
            ) from None
        row: dict[str, object] = {param: value}
        for figure in figures:
            row[figure.id] = headline_value(figure.value, figure.unit)  # to the minor unit, as headline.csv
            units.setdefault(figure.id, figure.unit)
        rows.append(row)
    return pd.DataFrame(rows), units


def _sweep_chart(table: pd.DataFrame, units: dict[str, str], param: str, path: Path) -> bool:
    """Line chart of the KRW headline figures against the parameter; False when there are none."""
    import matplotlib  # noqa: PLC0415 - only a sweep draws; matplotlib costs ~0.4 s to import

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415 - as above

    krw = [col for col, unit in units.items() if "KRW" in unit.upper() or unit == "원"]
    if not krw:
        return False
    fig, ax = plt.subplots(figsize=(8, 4.5))
    for col in krw:
        ax.plot(table[param], table[col].astype(float), label=col)
    ax.set_xlabel(param)
    ax.set_ylabel("KRW")
    ax.legend(fontsize="small")
    ax.grid(alpha=0.3)
    fig.tight_layout()
    # No timestamp in the PNG metadata: the same sweep gives the same bytes.
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=120, metadata={"Software": None})
    plt.close(fig)
    atomic_write(path, png.getvalue())
    return True


def cmd_sweep(args: argparse.Namespace) -> int:
    base = {name: value for name, value in args.param or []}
    table, units = sweep_table(args.sweep_param, args.start, args.stop, args.step, base)
    out = user_path(args.out, "--out") if args.out else REPORTS_DIR / "sweeps"
    if out.exists() and not out.is_dir():
        raise RunError(f"{out} is a file, not a folder: the sweep writes its CSV and chart into a folder there")
    out.mkdir(parents=True, exist_ok=True)
    csv_path = out / f"sweep_{args.sweep_param}.csv"
    atomic_write(csv_path, csv_text(table))
    console.out(csv_path)
    png_path = out / f"sweep_{args.sweep_param}.png"
    if _sweep_chart(table, units, args.sweep_param, png_path):
        console.out(png_path)
    else:
        print("capex: note: no headline figure is in KRW; no chart written", file=sys.stderr)
    return 0


def _scenario_folder(reports: Path, scenario: str, needed: str = "headline.csv") -> Path:
    if not scenario or scenario.startswith(".") or "/" in scenario or "\\" in scenario:
        raise CliError(f"not a scenario name: {echo(scenario)}")
    path = reports / scenario / needed
    if not path.exists():
        known = scenario_folders(reports)
        raise RunError(f"no scenario {echo(scenario)} in {reports} (no {needed}); known: {', '.join(known) or '(none)'}")
    return reports / scenario


def _read_headline(reports: Path, scenario: str) -> pd.DataFrame:
    return outputs.read_headline(_scenario_folder(reports, scenario) / "headline.csv")


def _check_pair(a: str, b: str) -> None:
    if a == b:
        raise CliError(f"compare needs two different scenarios, got {echo(a)} twice")


def compare_table(reports: Path, a: str, b: str) -> pd.DataFrame:
    """Headline figures of scenarios a and b side by side, with absolute and percent differences."""
    _check_pair(a, b)
    left, right = _read_headline(reports, a), _read_headline(reports, b)
    merged = pd.merge(left, right[["id", "value"]], on="id", how="outer", suffixes=(f" {a}", f" {b}"), sort=False)
    va = pd.to_numeric(merged[f"value {a}"], errors="coerce")
    vb = pd.to_numeric(merged[f"value {b}"], errors="coerce")
    merged["diff"] = vb - va
    merged["diff %"] = (vb - va) / va.abs().where(va != 0) * 100
    return merged[["id", "label", "unit", f"value {a}", f"value {b}", "diff", "diff %"]]


def _compared(reports: Path, name: str, lang: str) -> Any:
    """One scenario as the compare page needs it: headline, scorecard, claim addresses, rates."""
    from .report import site  # noqa: PLC0415 - nbconvert's import (~1 s) only when a page is written

    folder = _scenario_folder(reports, name)
    # Each file is read with bounds and checked (capexlib.run.outputs): a damaged one is one line, never a
    # traceback, and a url that is no page of the scenario and no http(s) address never becomes a link.
    card = outputs.read_scorecard(folder / "scorecard.csv") if os.path.lexists(folder / "scorecard.csv") else None
    urls: dict[str, str] = {}
    if os.path.lexists(folder / "claimreview.jsonld") and card is not None:
        urls = outputs.read_claim_urls(folder / "claimreview.jsonld", dict(zip(card["check_id"], card["claim_id"], strict=True)))
    values = outputs.read_params(folder / "params.json") if os.path.lexists(folder / "params.json") else {}
    rates = site.rates_words(values, Messages(lang)) if values else ""
    return site.ComparedScenario(name, _read_headline(reports, name), card, urls, rates)


def cmd_compare(args: argparse.Namespace) -> int:
    reports = user_path(args.reports, "--reports")
    table = compare_table(reports, args.a, args.b)
    with pd.option_context("display.max_rows", None, "display.width", 200, "display.max_colwidth", 60):
        console.out(compare_view(table, args.a, args.b).to_string(index=False))
    from .report import site  # noqa: PLC0415 - nbconvert's import (~1 s) only when a page is written

    a, b = _compared(reports, args.a, args.lang), _compared(reports, args.b, args.lang)
    page = site.render_compare(reports / f"compare-{args.a}-vs-{args.b}.html", a, b, args.lang)
    return console.print_result(str(page))


# --------------------------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="capex", description="Run and compare the capex fact-check notebooks.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = sub.add_parser("run", help="execute the notebook series for one scenario into reports/<scenario>/")
    run.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"), help="set any declared parameter")
    run.add_argument("-f", "--file", metavar="scenario.yaml", help="a YAML mapping of parameter names to values")
    run.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: CPU count)")
    run.add_argument("--reports", default=str(REPORTS_DIR), help=argparse.SUPPRESS)
    run.add_argument("--notebooks", default=None, help=argparse.SUPPRESS)  # for tests and benchmarks
    run.add_argument("--force", action="store_true", help="run even when the cached output is up to date")
    run.add_argument("--list-params", action="store_true", help="list every parameter, its type, default and meaning")
    run.add_argument(
        "--lang",
        default=DEFAULT_LANGUAGE,
        metavar="|".join(LANGUAGES),
        help=f"language of the site's index, verdicts and banners (default {DEFAULT_LANGUAGE}; notebook prose stays English)",
    )
    run.add_argument(
        "--site-url",
        default="",
        metavar="URL",
        help="address the site will be published at; ClaimReview urls are resolved against it (default: relative)",
    )
    defaults, _, _ = _notebook_parameters()
    group = run.add_argument_group("parameters (from the notebooks' parameters cells)")
    for name in sorted(set(defaults) | set(PARAMETERS)):
        if name in _RESERVED:
            continue
        default = defaults.get(name, DEFAULTS.get(name))
        meaning = PARAMETERS.get(name, (None, "declared by a notebook"))[1]
        group.add_argument(
            f"--{name.replace('_', '-')}",
            dest=f"param:{name}",
            metavar="VALUE",
            default=None,
            help=f"{meaning} (default {default!r})".replace("%", "%%"),
        )
    run.set_defaults(func=cmd_run)

    norm = sub.add_parser("normalize", help="re-execute the committed notebooks with defaults and normalize them in place")
    norm.add_argument("--jobs", type=int, default=None)
    norm.add_argument("--notebooks", default=None, help=argparse.SUPPRESS)
    norm.set_defaults(func=cmd_normalize)

    sweep = sub.add_parser("sweep", help="headline figures across a range of one parameter (no notebooks run)")
    sweep.add_argument("--param", dest="sweep_param", required=True, metavar="NAME")
    sweep.add_argument("--from", dest="start", required=True, metavar="VALUE")
    sweep.add_argument("--to", dest="stop", required=True, metavar="VALUE")
    sweep.add_argument("--step", required=True, metavar="VALUE")
    sweep.add_argument("--out", default=None, metavar="DIR", help="output folder (default reports/sweeps)")
    sweep.add_argument(
        "-p",
        "--set",
        dest="param",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="hold another parameter at a value",
    )
    sweep.set_defaults(func=cmd_sweep)

    compare = sub.add_parser(
        "compare", help="headline figures and verdicts of two scenarios side by side (also as an HTML page beside them)"
    )
    compare.add_argument("a", metavar="SCENARIO_A")
    compare.add_argument("b", metavar="SCENARIO_B")
    compare.add_argument("--reports", default=str(REPORTS_DIR), help=argparse.SUPPRESS)
    compare.add_argument("--lang", default=DEFAULT_LANGUAGE, choices=LANGUAGES, help="language of the compare page's words")
    compare.set_defaults(func=cmd_compare)
    return parser


def _run_errors() -> tuple[type[BaseException], ...]:
    return (RunError, DataError, FxError, AmountError, CheckError)


def _error(message: object) -> None:
    console.error(message)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `capex` console script; returns the exit code."""
    series.skip_unused_slow_imports()
    parser = build_parser()
    args = parser.parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # the request, as capexlib.run.quick keys it
    try:
        code = args.func(args)
        code = console.flush_stdout() or code
    except (ParamError, CliError, LanguageError, PathError) as e:
        _error(e)
        return 2
    except _run_errors() as e:
        _error(e)
        return 1
    except OSError as e:
        if e.errno in (errno.EPIPE, errno.ENOSPC) and e.filename is None:
            console.quiet_stdout()  # stdout itself: its flush at exit would fail again
        _error(series.os_error_text(e))
        return 1
    except KeyboardInterrupt:
        print("capex: interrupted", file=sys.stderr)
        return 130
    return code


if __name__ == "__main__":
    sys.exit(main())
