"""The catalogue of bad inputs to `capex`: each gets one clear message (one line, the offending value cut
to a readable length) and a non-zero exit, before any notebook runs, and no earlier output is changed or
half-written.

Data-file problems are covered in detail (file, line, column) by tests/test_bad_data.py; a failing
notebook cell by tests/test_runner.py; here every kind meets the command a user types.
"""

import hashlib
import json
import os
import shutil

import pytest

from capexlib import cli
from capexlib.core.paths import DEFAULT_DATA_DIR, NOTEBOOKS_DIR
from capexlib.core.readfile import MAX_TABLE_BYTES, MAX_YAML_BYTES

LONG = "x" * 120_000
MAX_MESSAGE = 500  # characters: an echoed value is cut long before this


def _copy_data(tmp_path, file, old, new=None, raw=None):
    target = tmp_path / "baddata"
    if not target.exists():
        shutil.copytree(DEFAULT_DATA_DIR, target)
    path = target / file
    if raw is not None:
        path.write_bytes(raw(path.read_bytes()))
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return str(target)


PARAMETER_CASES = [
    (["--krw-per-usd", "-5"], 2, "'krw_per_usd' must be a positive rate"),
    (["--krw-per-usd", "0", "--fx-source", "fixed"], 2, "needs at least one of krw_per_usd"),
    (["--krw-per-usd", "nan"], 2, "'krw_per_usd' must be a finite number"),
    (["--krw-per-usd", "inf"], 2, "'krw_per_usd' must be a finite number"),
    (["--krw-per-usd", "1e12"], 2, "'krw_per_usd' must be a positive rate"),
    (["--krw-per-usd", "abc"], 2, "'krw_per_usd' must be a number"),
    (["--krw-per-cny", "-1"], 2, "'krw_per_cny' must be a positive rate"),
    (["--fx-source", "bok"], 2, "source must be one of ecb, article, fixed"),
    (["--fx-date", "2030-01-01"], 2, "outside the bundled ECB data"),
    (["--fx-date", "2025-02-30"], 2, "'fx_date' must be a date YYYY-MM-DD"),
    (["--fx-source", "article", "--fx-date", "2025-02-07"], 2, "fx_date applies only with fx_source 'ecb'"),
    (["--tolerance-pct", "150"], 2, "'tolerance_pct' must be between 0 and 100"),
    (["--h800-usd-per-gpu-hour", "0"], 2, "'h800_usd_per_gpu_hour' must be a positive number"),
    (["--bat-annualization-factor", "-1"], 2, "'bat_annualization_factor' must be a positive number"),
    (["--audit-window-days", "2.5"], 2, "'audit_window_days' must be a whole number"),
    (["-p", "nope", "1"], 2, "unknown parameter 'nope'"),
    (["-p", "x;import os", "1"], 2, "invalid parameter name"),
    (["-p", "__import__('os')", "1"], 2, "invalid parameter name"),
    (["--data-dir", "/nonexistent/data"], 2, "is not a folder"),
    # one spelling of a date
    (["--fx-date", "20250207"], 2, "'fx_date' must be a date YYYY-MM-DD"),
    (["--fx-date", "2025-W06-5"], 2, "'fx_date' must be a date YYYY-MM-DD"),
    (["--fx-date", "2025-02-07T00:00"], 2, "'fx_date' must be a date YYYY-MM-DD"),
    (["--fx-date", "２０２５-０２-０７"], 2, "'fx_date' must be a date YYYY-MM-DD"),
    # rates whose products lose precision, and a date some needed currency lacks
    (["--krw-per-usd", "1e-300"], 2, "'krw_per_usd' must be a positive rate between 0.001 and"),
    (["--krw-per-eur", "0.0000001"], 2, "'krw_per_eur' must be a positive rate between 0.001 and"),
    (["--fx-date", "1999-01-04"], 2, "'fx_date' 1999-01-04: no ECB rate for CNY"),
    # lookalike digits and other number spellings
    (["--krw-per-usd", "１３００"], 2, "non-ASCII digit '１' (U+FF11)"),
    (["--krw-per-usd", "١٣٠٠"], 2, "non-ASCII digit '١' (U+0661)"),
    (["--audit-window-days", "７"], 2, "non-ASCII digit '７' (U+FF17)"),
    (["--tolerance-pct", "1_0"], 2, "'tolerance_pct' must be a number"),
    (["--audit-window-days", "1_0"], 2, "'audit_window_days' must be a whole number"),
    # echoed values are cut
    (["--data-dir", LONG], 2, "a path of 120,000 characters; at most 4,096"),
    (["--fx-source", LONG], 2, "source must be one of ecb, article, fixed"),
    (["-p", LONG, "1"], 2, "unknown parameter 'xxxx"),
    (["--krw-per-usd", LONG], 2, "'krw_per_usd' must be a number"),
]

DATA_CASES = [
    (
        "claims.csv",
        ",100000000000,,USD,",
        ",1000억,,USD,",
        "column 'amount': '1000억' is not a number",
    ),  # an unparseable amount
    ("claims.csv", ",100000000000,,USD,", ",100000000000,,DOLLARS,", "unknown value 'DOLLARS'"),
    ("claims.csv", "mt-amzn-2025-krw,", "mt-amzn-2025-usd,", "duplicate id 'mt-amzn-2025-usd'"),
    (
        "checks.csv",
        "claim:mt-amzn-2025-usd",
        "claim:mt-amzn-2099-usd",
        "operand 'claim:mt-amzn-2099-usd' names no row of claims.csv",
    ),
    ("claims.csv", "claim_id,article_id,quote,", "claim_id,article_id,quotation,", "missing column(s) quote"),
    ("articles.csv", "2025-02-01", "2025-02-30", "'2025-02-30' is not a real date"),
    # what would fail inside a notebook fails in validation, with file, line and column
    ("claims.csv", ",100000000000,,USD,", ",1e400,,USD,", "column 'amount': '1e400' is too large"),
    ("claims.csv", ",100000000000,,USD,", ",1e-300,,USD,", "column 'amount': '1e-300' has more than"),
    (
        "claims.csv",
        "463000000000000,,KRW,approx,mt-us4-2025-usd",
        "0,,KRW,approx,mt-us4-2025-usd",
        "column 'amount': a printed conversion must be a positive amount, got 0",
    ),
    (
        "claims.csv",
        "463000000000000,,KRW,approx,mt-us4-2025-usd",
        "-463000000000000,,KRW,approx,mt-us4-2025-usd",
        "column 'amount': a printed conversion must be a positive amount, got -463000000000000",
    ),
    (
        "claims.csv",
        ",320000000000,,USD,,,",
        ",0,,USD,,,",
        "column 'amount': a converted amount must be positive, got 0",
    ),
    (
        "claims.csv",
        "463000000000000,,KRW,approx,mt-us4-2025-usd",
        "463000000000000,,ZWL,approx,mt-us4-2025-usd",
        "column 'currency': 'ZWL' has no ECB exchange rate",
    ),
    (
        "claims.csv",
        ",100000000000,,USD,",
        ",100000000000,,DEM,",
        "column 'currency': 'DEM' has no ECB exchange rate",
    ),
    (
        "claims.csv",
        ",320000000000,,USD,,,",
        ",320000000000,,USD,,mt-us4-2025-krw,",
        "column 'converts_claim_id': cyclic conversion link mt-us4-2025-usd -> mt-us4-2025-krw -> mt-us4-2025-usd",
    ),
    # dates only as YYYY-MM-DD
    ("articles.csv", "2025-02-01", "20250201", "'20250201' is not a real date in YYYY-MM-DD form"),
    ("claims.csv", "2024-07-01", "2024-W27-1", "'2024-W27-1' is not a real date in YYYY-MM-DD form"),
    # lookalike digits
    ("claims.csv", ",100000000000,,USD,", ",１００００００００００００,,USD,", "non-ASCII digit '１' (U+FF11)"),
    ("claims.csv", ",100000000000,,USD,", ",١٠٠٠٠٠٠٠٠٠٠٠,,USD,", "non-ASCII digit '١' (U+0661)"),
    ("claims.csv", ",100000000000,,USD,", ",100_000_000_000,,USD,", "'100_000_000_000' is not a number"),
    # YAML in a provenance file: no aliases, no duplicate keys, no tags
    ("claims.meta.yaml", "title: ", "title: !!python/object/apply:os.system ['true']\nx: ", "tag '!!python/object/apply"),
    ("claims.meta.yaml", "title: ", "producer: twice\ntitle: ", "duplicate key 'producer'"),
    ("claims.meta.yaml", "title: ", "a: &a [1, 2]\nb: *a\ntitle: ", "an alias (*a) is not allowed"),
]


@pytest.fixture
def reports(tmp_path):
    """A reports folder holding an earlier scenario, whose bytes must survive every failure."""
    root = tmp_path / "reports"
    (root / "earlier").mkdir(parents=True)
    (root / "earlier" / "headline.csv").write_text("id,label,value,unit\nx,y,1,USD\n", encoding="utf-8")
    return root


def _fingerprint(root):
    return sorted((str(p.relative_to(root)), hashlib.sha256(p.read_bytes()).hexdigest()) for p in root.rglob("*") if p.is_file())


def _check_error(code, expected_code, message, capsys):
    err = capsys.readouterr().err
    assert code == expected_code, err[:2000]
    assert err.startswith("capex: error: ") and message in err, err[:2000]
    assert err.count("\n") == 1 and "Traceback" not in err
    assert len(err) < MAX_MESSAGE, f"{len(err)} characters"
    return err


def _run_and_check(args, code, message, reports, capsys, command="run"):
    before, names = _fingerprint(reports), sorted(p.name for p in reports.iterdir())
    extra = ["--reports", str(reports)] if command in ("run", "compare") else []
    got = cli.main([command, *extra, *args])
    err = _check_error(got, code, message, capsys)
    assert _fingerprint(reports) == before
    assert sorted(p.name for p in reports.iterdir()) == names  # no half-written scenario folder, temp folder or lock
    return err


@pytest.mark.parametrize("args, code, message", PARAMETER_CASES, ids=[" ".join(a)[:40] for a, _, _ in PARAMETER_CASES])
def test_bad_parameters(args, code, message, reports, capsys):
    _run_and_check(args, code, message, reports, capsys)


@pytest.mark.parametrize("file, old, new, message", DATA_CASES, ids=[m[:60] for *_, m in DATA_CASES])
def test_bad_data_files(file, old, new, message, reports, tmp_path, capsys):
    _run_and_check(["--data-dir", _copy_data(tmp_path, file, old, new)], 1, message, reports, capsys)


@pytest.mark.parametrize(
    "file, raw, message",
    [
        ("claims.csv", lambda b: b.decode("utf-8").encode("cp949"), "not valid UTF-8"),
        ("reference.csv", lambda b: b"", "the file is empty"),
        ("claims.meta.yaml", lambda b: b"title: \xb8\xd3\xb4\xcf\n" + b, "claims.meta.yaml, line 1: not valid UTF-8 (byte 7)"),
        ("claims.meta.yaml", lambda b: b"title: a\x00b\n", "claims.meta.yaml, line 1, column 9: holds U+0000 (NUL)"),
    ],
    ids=["bad encoding", "empty file", "meta not UTF-8", "meta with a NUL"],
)
def test_bad_bytes(file, raw, message, reports, tmp_path, capsys):
    _run_and_check(["--data-dir", _copy_data(tmp_path, file, None, raw=raw)], 1, message, reports, capsys)


def _replace_with(kind, path):
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "huge-table":
        with path.open("wb") as f:
            f.truncate(MAX_TABLE_BYTES + 1)  # sparse: no disk is used
    elif kind == "huge-yaml":
        with path.open("wb") as f:
            f.truncate(MAX_YAML_BYTES + 1)


@pytest.mark.parametrize(
    "file, kind, message",
    [
        ("claims.csv", "fifo", "claims.csv: not a regular file (a FIFO)"),
        ("claims.csv", "dev-zero", "claims.csv: not a regular file (a character device)"),
        ("claims.csv", "folder", "claims.csv: not a regular file (a folder)"),
        ("claims.csv", "huge-table", f"claims.csv: larger than {MAX_TABLE_BYTES:,} bytes"),
        ("reference.meta.yaml", "fifo", "reference.meta.yaml: not a regular file (a FIFO)"),
        ("reference.meta.yaml", "dev-zero", "reference.meta.yaml: not a regular file (a character device)"),
        ("reference.meta.yaml", "huge-yaml", f"reference.meta.yaml: larger than {MAX_YAML_BYTES:,} bytes"),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 20 else None,
)
def test_data_files_that_are_no_regular_files_are_refused_at_once(file, kind, message, reports, tmp_path, capsys):
    """Bounded reads: a FIFO would hang forever, /dev/zero would fill the memory."""
    data = tmp_path / "baddata"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    _replace_with(kind, data / file)
    _run_and_check(["--data-dir", str(data)], 1, message, reports, capsys)


def _bomb():
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, 9):
        prev, cur = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{cur}: &{cur} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "krw_per_usd: *i\n" + "\n".join(lines[::-1]) + "\n"


@pytest.mark.parametrize(
    "text, message",
    [
        ("krw_per_usd: [1380\n", "not valid YAML"),
        ("- krw_per_usd\n", "must be a mapping"),
        ("krw_per_usd: {a: 1}\n", "single value"),
        ("krw_per_usd: -3\n", "'krw_per_usd' must be a positive rate"),
        # YAML read strictly: no aliases (a billion laughs), no duplicate keys, no tags
        (_bomb(), "an alias (*i) is not allowed"),
        ("krw_per_usd: 1380\nkrw_per_usd: 1400\n", "not valid YAML (line 2, column 1): duplicate key 'krw_per_usd'"),
        ("krw_per_usd: !!python/object/apply:os.system ['true']\n", "tag '!!python/object/apply:os.system' is not allowed"),
        (b"krw_per_usd: \xff\xfe\n", "not valid UTF-8"),
        ("fx_date: 20250207\n", "parameter 'fx_date' must be text, got 20250207"),
        ("fx_date: 2025-02-07 10:00:00\n", "'fx_date' must be a date YYYY-MM-DD"),
        (f"label: {LONG}\n", "unknown parameter 'label"),
        (f"krw_per_usd: {LONG}\n", "'krw_per_usd' must be a number"),
        ("krw_per_usd: [[[[[[[[1]]]]]]]]\n", "single value"),
    ],
    ids=[
        "malformed YAML",
        "not a mapping",
        "not a scalar",
        "bad value in YAML",
        "alias bomb",
        "duplicate key",
        "python tag",
        "not UTF-8",
        "compact date",
        "date and time",
        "long name",
        "long value",
        "deep value",
    ],
)
def test_bad_scenario_files(text, message, reports, tmp_path, capsys):
    scenario = tmp_path / "scenario.yaml"
    if isinstance(text, bytes):
        scenario.write_bytes(text)
    else:
        scenario.write_text(text, encoding="utf-8")
    _run_and_check(["-f", str(scenario)], 2, message, reports, capsys)


@pytest.mark.parametrize(
    "kind, message",
    [
        ("fifo", "not a regular file (a FIFO)"),
        ("dev-zero", "not a regular file (a character device)"),
        ("folder", "not a regular file (a folder)"),
        ("huge-yaml", f"larger than {MAX_YAML_BYTES:,} bytes"),
        ("missing", "scenario file missing"),
    ],
)
def test_scenario_files_that_are_no_regular_files_are_refused_at_once(kind, message, reports, tmp_path, capsys):
    """`-f /dev/zero` grew past 3 GB and `-f fifo` hung forever: both are refused at once."""
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("krw_per_usd: 1380\n", encoding="utf-8")
    if kind == "missing":
        scenario.unlink()
    else:
        _replace_with(kind, scenario)
    err = _run_and_check(["-f", str(scenario)], 2, message, reports, capsys)
    assert str(scenario) in err


def test_a_notebook_without_a_parameters_cell_is_refused(reports, tmp_path, capsys):
    """Without one the run's parameters would be silently ignored and good output overwritten."""
    notebooks = tmp_path / "nbs"
    shutil.copytree(NOTEBOOKS_DIR, notebooks)
    path = notebooks / "01_totals_2025.ipynb"
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        cell["metadata"].pop("tags", None)
    path.write_text(json.dumps(nb), encoding="utf-8")
    _run_and_check(
        ["--notebooks", str(notebooks), "--krw-per-usd", "1400"],
        1,
        "01_totals_2025.ipynb: no cell is tagged 'parameters'",
        reports,
        capsys,
    )


def test_reports_that_is_a_file_is_said_in_words(tmp_path, capsys):
    """In words, not only `[Errno 17] File exists`."""
    reports = tmp_path / "reports"
    reports.write_text("not a folder\n", encoding="utf-8")
    code = cli.main(["run", "--reports", str(reports), "--krw-per-usd", "1400"])
    err = _check_error(code, 1, f"{reports} is a file, not a folder", capsys)
    assert "Errno" not in err
    assert reports.read_text(encoding="utf-8") == "not a folder\n"


def test_a_scenario_path_that_is_a_file_is_said_in_words(reports, capsys):
    (reports / "default").write_text("a file\n", encoding="utf-8")
    _run_and_check([], 1, f"{reports / 'default'} is a file, not a scenario folder", reports, capsys)


# --------------------------------------------------------------------------------------------
# compare: bad scenario names and folders
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headline, message",
    [
        (b"", "headline.csv: the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "headline.csv, line 1: not valid UTF-8"),
        (b"id,name,value\nx,y,1\n", "headline.csv, line 1: expected the columns id, label, value, unit"),
        (b"id,label,value,unit\nx,y,1,USD\nx,z,2,USD\n", "headline.csv, line 3, column 'id': duplicate id 'x' (first on line 2)"),
        (b"id,label,value,unit\nx,y,lots,USD\n", "headline.csv, line 2, column 'value': 'lots' is not a number"),
        (b"id,label,value,unit\nx,y,NaN,USD\n", "headline.csv, line 2, column 'value': 'NaN' is not a finite number"),
        (b"id,label,value,unit\nx,y,1\n", "headline.csv, line 2: 3 fields, but the header has 4"),
        (b"id,label,value,unit\n,y,1,USD\n", "headline.csv, line 2, column 'id': empty"),
    ],
    ids=["empty", "binary", "wrong columns", "duplicate ids", "text value", "NaN value", "short row", "empty id"],
)
def test_compare_refuses_a_bad_headline_file(headline, message, reports, capsys):
    (reports / "other").mkdir()
    (reports / "other" / "headline.csv").write_bytes(headline)
    _run_and_check(["earlier", "other"], 1, message, reports, capsys, command="compare")


def test_compare_a_scenario_with_itself(reports, capsys):
    _run_and_check(["earlier", "earlier"], 2, "compare needs two different scenarios", reports, capsys, command="compare")


def test_compare_does_not_list_leftover_folders_as_scenarios(reports, capsys):
    leftover = reports / ".killed.tmp-abcd1234"
    leftover.mkdir()
    (leftover / "headline.csv").write_text("id,label,value,unit\nx,y,1,USD\n", encoding="utf-8")
    err = _run_and_check(["earlier", "nope"], 1, "known: earlier", reports, capsys, command="compare")
    assert ".killed" not in err
    _run_and_check(["earlier", leftover.name], 2, "not a scenario name", reports, capsys, command="compare")


# --------------------------------------------------------------------------------------------
# sweep: bad ranges and parameters
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, message",
    [
        (["--param", "krw_per_usd", "--from", "1", "--to", "1e300", "--step", "1e-300"], "the sweep has more than"),
        (["--param", "krw_per_usd", "--from", "1300", "--to", "1400", "--step", "10", "-p", "fx_source", "ecb"], "fx_source"),
        (["--param", "audit_window_days", "--from", "1", "--to", "3", "--step", "0.5"], "'audit_window_days' is a whole number"),
        (["--param", "fx_source", "--from", "1", "--to", "3", "--step", "1"], "'fx_source' is not a number"),
        (["--param", "krw_per_usd", "--from", "１３００", "--to", "1400", "--step", "10"], "non-ASCII digit"),
        (["--param", "krw_per_usd", "--from", "1e-300", "--to", "1", "--step", "0.5"], "between 0.001 and"),
    ],
    ids=["too many points", "a contradicting fx_source", "half days", "text parameter", "lookalike digits", "tiny rate"],
)
def test_bad_sweeps(args, message, reports, tmp_path, capsys):
    out = reports / "sweeps"
    _run_and_check([*args, "--out", str(out)], 2, message, reports, capsys, command="sweep")
    assert not out.exists()
