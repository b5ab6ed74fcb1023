"""The catalogue of bad inputs to `capex run`: each gets one clear message and a non-zero exit, before
any notebook runs, and no earlier output is changed or half-written.

Data-file problems are covered in detail (file, line, column) by tests/test_bad_data.py; a failing
notebook cell by tests/test_runner.py; here every kind meets the command a user types.
"""

import hashlib
import shutil

import pytest

from capexlib import cli
from capexlib.core.paths import DEFAULT_DATA_DIR


def _copy_data(tmp_path, file, old, new=None, raw=None):
    target = tmp_path / "baddata"
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


def _run_and_check(args, code, message, reports, capsys):
    before = _fingerprint(reports)
    assert cli.main(["run", "--reports", str(reports), *args]) == code
    err = capsys.readouterr().err
    assert err.startswith("capex: error: ") and message in err, err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert _fingerprint(reports) == before
    assert sorted(p.name for p in reports.iterdir()) == ["earlier"]  # no half-written scenario folder


@pytest.mark.parametrize("args, code, message", PARAMETER_CASES, ids=[" ".join(a) for a, _, _ in PARAMETER_CASES])
def test_bad_parameters(args, code, message, reports, capsys):
    _run_and_check(args, code, message, reports, capsys)


@pytest.mark.parametrize("file, old, new, message", DATA_CASES, ids=[m for *_, m in DATA_CASES])
def test_bad_data_files(file, old, new, message, reports, tmp_path, capsys):
    _run_and_check(["--data-dir", _copy_data(tmp_path, file, old, new)], 1, message, reports, capsys)


@pytest.mark.parametrize(
    "file, raw, message",
    [
        ("claims.csv", lambda b: b.decode("utf-8").encode("cp949"), "not valid UTF-8"),
        ("reference.csv", lambda b: b"", "the file is empty"),
    ],
    ids=["bad encoding", "empty file"],
)
def test_bad_bytes(file, raw, message, reports, tmp_path, capsys):
    _run_and_check(["--data-dir", _copy_data(tmp_path, file, None, raw=raw)], 1, message, reports, capsys)


@pytest.mark.parametrize(
    "text, message",
    [
        ("krw_per_usd: [1380\n", "not valid YAML"),
        ("- krw_per_usd\n", "must be a mapping"),
        ("krw_per_usd: {a: 1}\n", "single value"),
        ("krw_per_usd: -3\n", "'krw_per_usd' must be a positive rate"),
    ],
    ids=["malformed YAML", "not a mapping", "not a scalar", "bad value in YAML"],
)
def test_bad_scenario_files(text, message, reports, tmp_path, capsys):
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text(text, encoding="utf-8")
    _run_and_check(["-f", str(scenario)], 2, message, reports, capsys)
