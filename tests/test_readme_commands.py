"""Every `capex` command line the README shows is one the parser accepts, and the cheap ones (no download,
no notebook) run as written."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys

import pytest

from capexlib import cli
from capexlib.core.paths import PROJECT_ROOT
from capexlib.run.params import RunParams

README = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
BLOCKS = re.findall(r"```sh\n(.*?)```", README, re.S)


def command_lines() -> list[list[str]]:
    """The README's shell lines as capex argument lists: `make run ARGS="..."` and `.venv/bin/capex ...`."""
    found = []
    for block in BLOCKS:
        for line in block.splitlines():
            words = shlex.split(line, comments=True)
            if words[:2] == ["make", "run"]:
                args = next((w[len("ARGS=") :] for w in words if w.startswith("ARGS=")), "")
                found.append(["run", *shlex.split(args)])
            elif words and words[0] == ".venv/bin/capex":
                found.append(words[1:])
    return found


COMMANDS = command_lines()


def test_the_readme_shows_every_subcommand():
    assert {c[0] for c in COMMANDS} == {"run", "sweep", "compare"}
    for line in (
        ["run", "--krw-per-usd", "1380"],
        ["run", "--fx-source", "article"],
        ["run", "-f", "examples/scenario.yaml"],
        ["run", "--list-params"],
        ["run", "--lang", "ko"],
        ["sweep", "--param", "krw_per_usd", "--from", "1300", "--to", "1500", "--step", "10"],
        ["compare", "default", "fx_source-fixed_krw_per_usd-1380"],
    ):
        assert line in COMMANDS, line


@pytest.mark.parametrize("argv", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_readme_command_line_parses(argv):
    args, extra = cli.build_parser().parse_known_args(argv)
    assert extra == []
    assert callable(args.func)


def test_the_readme_scenario_file_is_the_shipped_example_and_is_valid():
    files = [c[c.index("-f") + 1] for c in COMMANDS if "-f" in c]
    assert files == ["examples/scenario.yaml"]
    values = cli.load_scenario_file(PROJECT_ROOT / files[0])
    assert values == {"fx_source": "fixed", "krw_per_usd": 1380, "tolerance_pct": 3}
    params = RunParams.from_values(**values)
    assert params["krw_per_usd"] == 1380.0 and params["tolerance_pct"] == 3.0


def test_list_params_runs_as_written_and_lists_every_run_option():
    done = subprocess.run(
        [sys.executable, "-m", "capexlib", "run", "--list-params"], capture_output=True, text=True, cwd=PROJECT_ROOT
    )
    assert done.returncode == 0, done.stderr
    for option in ("--lang", "--site-url", "--jobs", "--force", "--reports", "-f, --file", "krw_per_usd", "ecb_file"):
        assert option in done.stdout


def test_the_sweep_runs_as_written(tmp_path):
    argv = next(c for c in COMMANDS if c[0] == "sweep")
    assert cli.main([*argv, "--out", str(tmp_path)]) == 0
    rows = (tmp_path / "sweep_krw_per_usd.csv").read_text(encoding="utf-8").splitlines()
    assert len(rows) == 1 + 21  # 1300 to 1500 by 10
    header = rows[0].split(",")
    first = dict(zip(header, rows[1].split(","), strict=True))
    assert first["krw_per_usd"] == "1300.0"
    assert first["us4_2025_plan_krw"] == "416000000000000"  # 3200억 달러 x 1300
    assert all(len(v.partition(".")[2]) <= 6 for v in first.values())  # no 28-digit decimals
    assert (tmp_path / "sweep_krw_per_usd.png").read_bytes().startswith(b"\x89PNG")


def test_a_mistyped_option_gets_a_suggestion(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["run", "--krw-per-usdd", "1380"])
    assert stop.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: capex run ")  # the command's own usage, not the top-level one
    assert err.rstrip().endswith("capex run: error: unrecognized arguments: --krw-per-usdd 1380 (did you mean --krw-per-usd?)")


def test_a_mistyped_command_gets_a_suggestion(capsys):
    with pytest.raises(SystemExit):
        cli.main(["rnu"])
    assert "(did you mean run?)" in capsys.readouterr().err


def test_every_option_of_every_command_has_help_text():
    parser = cli.build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for name, sub in commands.items():
        for action in sub._actions:
            if action.option_strings or action.dest in ("a", "b"):
                assert action.help, f"capex {name} {action.option_strings or action.dest}: no help text"
