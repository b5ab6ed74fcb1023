"""`capex`: run the notebook series for a scenario, normalize the committed notebooks, sweep, compare.

    capex run [--krw-per-usd 1380] [-p NAME VALUE]... [-f scenario.yaml] [--jobs N] [--list-params]
    capex normalize [--jobs N]
    capex sweep --param krw_per_usd --from 1300 --to 1500 --step 10 [--out DIR]
    capex run ... [--lang en|ko] [--site-url URL]   (default: every language; --lang builds one)
    capex compare SCENARIO_A SCENARIO_B [--lang en|ko]   (also writes reports/compare-A-vs-B.html)

Errors are one line on stderr (`capex: error: ...`, an echoed value cut to a readable length), never a
traceback: exit code 2 for a bad parameter or usage, 1 for a failed run or bad data.
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import errno
import os
import sys
from collections.abc import Sequence
from typing import NoReturn

from .core.checks import CheckError
from .core.echo import echo
from .core.fx import FxError
from .core.ledger import DataError
from .core.money import AmountError
from .core.paths import REPORTS_DIR, PathError, list_notebooks, user_path
from .core.yamlfile import read_yaml
from .report import compare
from .report.csvsafe import csv_text
from .report.i18n import DEFAULT_LANGUAGE, LANGUAGES, LanguageError
from .run import compared, console, notebook_params, record, series
from .run.errors import RunError, UsageError
from .run.files import atomic_write
from .run.params import DEFAULTS, PARAMETERS, ParamError, describe
from .run.sweep import MAX_SWEEP_POINTS, sweep_chart, sweep_table

# Options of `capex run` itself; a parameter with one of these names is only reachable with -p.
_RESERVED = {"jobs", "list_params", "file", "param", "reports", "notebooks", "help", "force", "lang", "site_url"}


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


def _run_options(run: argparse.ArgumentParser | None) -> list[str]:
    """The run's own options (not parameters), as its --help lists them."""
    if run is None:
        return []
    shown = [
        a
        for a in run._actions
        if a.option_strings and a.help != argparse.SUPPRESS and not a.dest.startswith("param:") and a.dest != "help"
    ]
    metavars = [a.metavar if isinstance(a.metavar, str) else " ".join(a.metavar or ()) for a in shown]
    names = [" ".join(filter(None, (", ".join(a.option_strings), m))) for a, m in zip(shown, metavars, strict=True)]
    width = max(map(len, names))
    lines = ["", "run options (capex run ...):"]
    lines += [f"{name:<{width}}  {str(a.help).replace('%%', '%')}" for name, a in zip(names, shown, strict=True)]
    return lines


def _list_params(run: argparse.ArgumentParser | None = None) -> str:
    defaults, where, problem = _notebook_parameters()
    lines = [describe(), *_run_options(run)]
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
        console.out(_list_params(getattr(args, "parser", None)))
        return 0
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
        lang=args.lang,
        site_url=args.site_url,
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
    if sweep_chart(table, units, args.sweep_param, png_path):
        console.out(png_path)
    else:
        print("capex: note: no headline figure is in KRW; no chart written", file=sys.stderr)
    return 0


def cmd_compare(args: argparse.Namespace) -> int:
    reports = user_path(args.reports, "--reports")
    (reports_a, name_a), (reports_b, name_b) = compared.locate(reports, args.a), compared.locate(reports, args.b)
    if (reports_a, name_a) == (reports_b, name_b):
        raise UsageError(f"compare needs two different scenarios, got {echo(args.a)} twice")
    if reports_a != reports_b:
        raise UsageError(f"compare needs two scenarios of one reports folder, got {echo(args.a)} and {echo(args.b)}")
    a, b = compared.scenario(reports_a, name_a, args.lang), compared.scenario(reports_b, name_b, args.lang)
    figures = compare.figure_changes(a, b)
    console.out("\n".join(compare.summary_lines(a, b, figures, compare.verdict_changes(a, b))))
    from .report import compare_page  # noqa: PLC0415 - jinja2 and fontTools only when a page is written

    def root(name: str) -> str:  # the edition the page links to: in its language, where the scenario has one
        return compared.scenario_folder(reports_a, name, lang=args.lang).relative_to(reports_a).as_posix()

    folders = (root(name_a), root(name_b))
    page = compare_page.render_compare(reports_a / f"compare-{name_a}-vs-{name_b}.html", a, b, args.lang, folders)
    return console.print_result(str(page))


# --------------------------------------------------------------------------------------------
# Parser
# --------------------------------------------------------------------------------------------


class _Parser(argparse.ArgumentParser):
    """argparse with a suggestion for a mistyped option or command ("did you mean --krw-per-usd?")."""

    def error(self, message: str) -> NoReturn:
        super().error(message + _suggestion(self, message))


def _suggestion(parser: argparse.ArgumentParser, message: str) -> str:
    known = [o for action in parser._actions for o in action.option_strings if o.startswith("--")]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            known += list(action.choices)
    tried = [w.strip("',") for w in message.replace(":", " ").split() if w.strip("',").startswith("-")]
    if "invalid choice" in message:
        tried = [message.split("'")[1]] if message.count("'") >= 2 else []
    hints = []
    for word in tried:
        match = difflib.get_close_matches(word.split("=")[0], known, n=1, cutoff=0.6)
        if match:
            hints.append(f"did you mean {match[0]}?")
    return f" ({'; '.join(hints)})" if hints else ""


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="capex", description="Run and compare the capex fact-check notebooks.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)

    run = sub.add_parser("run", help="execute the notebook series for one scenario into reports/<scenario>/")
    run.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"), help="set any declared parameter")
    run.add_argument("-f", "--file", metavar="scenario.yaml", help="a YAML mapping of parameter names to values")
    run.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: CPU count)")
    run.add_argument(
        "--reports", default=str(REPORTS_DIR), metavar="DIR", help="folder the scenario folders are written in (default reports/)"
    )
    run.add_argument("--notebooks", default=None, help=argparse.SUPPRESS)  # for tests and benchmarks
    run.add_argument("--force", action="store_true", help="run even when the cached output is up to date")
    run.add_argument("--list-params", action="store_true", help="list every parameter, its type, default and meaning")
    run.add_argument(
        "--lang",
        default=None,
        metavar="|".join(LANGUAGES),
        help="build the site in this language only (default: every language, English at reports/<scenario>/, "
        "Korean at reports/<scenario>/ko/)",
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
    run.set_defaults(func=cmd_run, parser=run)

    norm = sub.add_parser("normalize", help="re-execute the committed notebooks with defaults and normalize them in place")
    norm.add_argument("--jobs", type=int, default=None, help="notebooks run at once (default: CPU count)")
    norm.add_argument("--notebooks", default=None, help=argparse.SUPPRESS)
    norm.set_defaults(func=cmd_normalize)

    sweep = sub.add_parser("sweep", help="headline figures across a range of one parameter (no notebooks run)")
    sweep.add_argument(
        "--param",
        dest="sweep_param",
        required=True,
        metavar="NAME",
        help="the number parameter to vary (capex run --list-params)",
    )
    sweep.add_argument("--from", dest="start", required=True, metavar="VALUE", help="its first value")
    sweep.add_argument(
        "--to", dest="stop", required=True, metavar="VALUE", help="its last value (included when a step lands on it)"
    )
    sweep.add_argument(
        "--step", required=True, metavar="VALUE", help=f"the step between values (at most {MAX_SWEEP_POINTS:,} values)"
    )
    sweep.add_argument(
        "--out", default=None, metavar="DIR", help="folder for sweep_NAME.csv and sweep_NAME.png (default reports/sweeps)"
    )
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
    compare.add_argument("a", metavar="SCENARIO_A", help="a scenario's name (default) or its folder (reports/default)")
    compare.add_argument("b", metavar="SCENARIO_B", help="the other scenario, the same way")
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
    args, extra = parser.parse_known_args(argv)
    if extra:  # the command's own usage and a suggestion, not the top-level usage
        commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        commands.choices[args.command].error(f"unrecognized arguments: {' '.join(extra)}")
    args.argv = list(sys.argv[1:] if argv is None else argv)  # the request, as capexlib.run.quick keys it
    try:
        code = args.func(args)
        code = console.flush_stdout() or code
    except (ParamError, UsageError, LanguageError, PathError) as e:
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
