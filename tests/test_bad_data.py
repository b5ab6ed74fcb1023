"""Each kind of bad data file gets one clear message naming the file, line and column; nothing is dropped."""

import shutil

import pytest

from capexlib.core.ledger import DataError, load_ledger
from capexlib.core.paths import DEFAULT_DATA_DIR


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def _edit(path, old, new, count=1):
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def _line_of(path, needle):
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_the_copy_loads(data):
    assert len(load_ledger(data).claims) == len(load_ledger().claims)


def test_wrong_type(data):
    f = data / "claims.csv"
    line = _line_of(f, "mt-amzn-2025-usd,")
    _edit(f, ",100000000000,,USD,", ",1000억,,USD,")
    with pytest.raises(
        DataError,
        match=rf"claims.csv, line {line} \(claim_id 'mt-amzn-2025-usd'\), column 'amount': '1000억' is not a number",
    ):
        load_ledger(data)


def test_empty_file(data):
    (data / "reference.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError, match=r"reference.csv: the file is empty"):
        load_ledger(data)


def test_header_only(data):
    f = data / "articles.csv"
    f.write_text(f.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"articles.csv: no rows under the header"):
        load_ledger(data)


def test_wrong_encoding(data):
    f = data / "claims.csv"
    f.write_bytes(f.read_text(encoding="utf-8").encode("cp949"))
    with pytest.raises(DataError, match=r"claims.csv, line 2: not valid UTF-8"):
        load_ledger(data)


def test_short_row(data):
    f = data / "reference.csv"
    lines = f.read_text(encoding="utf-8").splitlines()
    lines[3] = ",".join(lines[3].split(",")[:4])
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"reference.csv, line 4: 4 fields, but the header has 20"):
        load_ledger(data)


def test_missing_provenance(data):
    (data / "checks.meta.yaml").unlink()
    with pytest.raises(DataError, match=r"checks.meta.yaml: provenance file missing"):
        load_ledger(data)


def test_missing_data_dir():
    with pytest.raises(DataError, match=r"data_dir: .* is not a folder"):
        load_ledger("/nonexistent/data")


EDITS = [
    (
        "claims.csv",
        ",100000000000,,USD,",
        ",100000000000,,DOLLARS,",
        r"column 'currency': unknown value 'DOLLARS'; expected an ISO 4217 code",
    ),
    (
        "claims.csv",
        "mt-amzn-2025-krw,",
        "mt-amzn-2025-usd,",
        r"claims.csv, line \d+, column 'claim_id': duplicate id 'mt-amzn-2025-usd' \(first on line \d+\)",
    ),
    (
        "checks.csv",
        "claim:mt-amzn-2025-usd",
        "claim:mt-amzn-2099-usd",
        r"checks.csv, line \d+ \(check_id 'mt-us4-sum'\), column 'operands': "
        r"operand 'claim:mt-amzn-2099-usd' names no row of claims.csv",
    ),
    (
        "claims.csv",
        ",mt-us4-2025-usd,,",
        ",mt-us4-2099-usd,,",
        r"column 'converts_claim_id': 'mt-us4-2099-usd' is not a claim id in claims.csv",
    ),
    (
        "articles.csv",
        "2025-02-01",
        "2025-02-30",
        r"articles.csv, line \d+ \(article_id 'dd'\), column 'published': '2025-02-30' is not a real date",
    ),
    (
        "claims.csv",
        "2024-10-01,2024-12-31,quarter",
        "2024-12-31,2024-10-01,quarter",
        r"column 'period_end': 2024-10-01 is before period_start 2024-12-31",
    ),
    (
        "claims.csv",
        "claim_id,article_id,quote,",
        "claim_id,article_id,quotation,",
        r"claims.csv, line 1: missing column\(s\) quote",
    ),
    (
        "claims.csv",
        ",USD,at_most,",
        ",USD,up_to,",
        r"column 'qualifier': unknown value 'up_to'; expected approx, at_least, at_most",
    ),
    (
        "reference.meta.yaml",
        "- name: confidence",
        "- name: certainty",
        r"reference.csv, line 1: missing column\(s\) certainty",
    ),
    (
        "reference.meta.yaml",
        '    type: decimal\n    description: "the figure',
        '    type: number\n    description: "the figure',
        r"reference.meta.yaml: field 'value': type 'number' is not one of",
    ),
    (
        "claims.meta.yaml",
        "enum: qualifier",
        "enum: hedges",
        r"claims.meta.yaml: field 'qualifier': an enum lists its values or names one of",
    ),
    (
        "claims.csv",
        "463000000000000,,KRW,approx,mt-us4-2025-usd",
        "463000000000000,,USD,approx,mt-us4-2025-usd",
        r"converts 'mt-us4-2025-usd' into its own currency",
    ),
]


@pytest.mark.parametrize(
    "file, old, new, message",
    EDITS,
    ids=[
        "unknown currency",
        "duplicate id",
        "link to a missing claim",
        "dangling conversion link",
        "impossible date",
        "period ending before it starts",
        "missing column",
        "unknown qualifier",
        "the schema must describe the columns",
        "an unknown field type",
        "an unknown vocabulary",
        "a conversion into its own currency",
    ],
)
def test_one_edit_one_message(data, file, old, new, message):
    _edit(data / file, old, new)
    with pytest.raises(DataError, match=message):
        load_ledger(data)


# --------------------------------------------------------------------------------------------
# What would fail inside a notebook fails at load, with file, line and column
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "file, old, new, message",
    [
        ("claims.csv", ",100000000000,,USD,", ",1e400,,USD,", r"column 'amount': '1e400' is too large \(at most 1E\+18"),
        ("claims.csv", ",100000000000,,USD,", ",-1e19,,USD,", r"column 'amount': '-1e19' is too large"),
        ("claims.csv", ",100000000000,,USD,", ",1e-300,,USD,", r"column 'amount': '1e-300' has more than 12 decimal places"),
        (
            "claims.csv",
            ",100000000000,,USD,",
            ",10000000000000000.123456789012,,USD,",
            r"'10000000000000000.123456789012' has more than 28 significant digits",
        ),
        (
            "reference.csv",
            ",2664000,H800 GPU-hours,",
            ",1e400,H800 GPU-hours,",
            r"reference.csv, line 2 .*'value': '1e400' is too large",
        ),
        ("claims.csv", ",100000000000,,USD,", ",１００,,USD,", r"'１００' is not a number: non-ASCII digit '１' \(U\+FF11\)"),
        ("claims.csv", ",100000000000,,USD,", ",٣,,USD,", r"non-ASCII digit '٣' \(U\+0663\)"),
        ("claims.csv", ",100000000000,,USD,", ", 100000000000,,USD,", r"' 100000000000' is not a number"),
        ("articles.csv", "2025-02-01", "20250201", r"'20250201' is not a real date in YYYY-MM-DD form"),
        ("articles.csv", "2025-02-01", "2025-032", r"'2025-032' is not a real date in YYYY-MM-DD form"),
    ],
    ids=[
        "amount 1e400",
        "amount -1e19",
        "amount 1e-300",
        "29 digits",
        "reference 1e400",
        "full-width digits",
        "Arabic-Indic digit",
        "leading space in a number",
        "compact date",
        "ordinal date",
    ],
)
def test_numbers_and_dates_are_bounded_and_spelled_one_way(data, file, old, new, message):
    _edit(data / file, old, new)
    with pytest.raises(DataError, match=message):
        load_ledger(data)


def test_a_printed_conversion_of_zero_is_refused_with_its_line(data):
    f = data / "claims.csv"
    line = _line_of(f, "mt-us4-2025-krw,")
    _edit(f, "463000000000000,,KRW,approx,mt-us4-2025-usd", "0,,KRW,approx,mt-us4-2025-usd")
    with pytest.raises(
        DataError,
        match=rf"claims.csv, line {line} \(claim_id 'mt-us4-2025-krw'\), column 'amount': "
        r"a printed conversion must be a positive amount, got 0",
    ):
        load_ledger(data)


def test_a_negative_converted_amount_is_refused_with_its_line(data):
    f = data / "claims.csv"
    line = _line_of(f, "mt-us4-2025-usd,")
    _edit(f, ",320000000000,,USD,,,", ",-320000000000,,USD,,,")
    with pytest.raises(
        DataError,
        match=rf"claims.csv, line {line} \(claim_id 'mt-us4-2025-usd'\), column 'amount': "
        r"a converted amount must be positive, got -320000000000 \(converted on line \d+\)",
    ):
        load_ledger(data)


@pytest.mark.parametrize("code", ["ZWL", "DEM", "XAU"])
def test_a_currency_without_ecb_rates_is_refused(data, code):
    f = data / "claims.csv"
    line = _line_of(f, "mt-us4-2025-krw,")
    _edit(f, "463000000000000,,KRW,approx,mt-us4-2025-usd", f"463000000000000,,{code},approx,mt-us4-2025-usd")
    with pytest.raises(
        DataError,
        match=rf"claims.csv, line {line} \(claim_id 'mt-us4-2025-krw'\), column 'currency': '{code}' has no ECB exchange rate",
    ):
        load_ledger(data)


def test_a_reference_currency_without_ecb_rates_is_refused(data):
    f = data / "reference.csv"
    text = f.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if ",USD," in line)
    _edit(f, row, row.replace(",USD,", ",ZWL,", 1))
    with pytest.raises(
        DataError, match=r"reference.csv, line \d+ \(ref_id '[^']+'\), column 'unit': 'ZWL' has no ECB exchange rate"
    ):
        load_ledger(data)


def test_a_cyclic_conversion_link_is_refused(data):
    f = data / "claims.csv"
    line = _line_of(f, "mt-us4-2025-usd,")
    _edit(f, ",320000000000,,USD,,,", ",320000000000,,USD,,mt-us4-2025-krw,")
    with pytest.raises(
        DataError,
        match=rf"claims.csv, line {line} \(claim_id 'mt-us4-2025-usd'\), column 'converts_claim_id': "
        r"cyclic conversion link mt-us4-2025-usd -> mt-us4-2025-krw -> mt-us4-2025-usd",
    ):
        load_ledger(data)


def test_a_claim_converting_itself_is_refused(data):
    f = data / "claims.csv"
    _edit(f, ",320000000000,,USD,,,", ",320000000000,,USD,,mt-us4-2025-usd,")
    with pytest.raises(DataError, match=r"cyclic conversion link mt-us4-2025-usd -> mt-us4-2025-usd"):
        load_ledger(data)


def test_an_article_date_outside_a_needed_currency_range_is_refused(data):
    """cb prints CNY figures; the ECB has CNY rates from 2005-04-01 only."""
    f = data / "articles.csv"
    line = next(i for i, t in enumerate(f.read_text(encoding="utf-8").splitlines(), 1) if t.startswith("cb,"))
    _edit(f, "2024-09-02,printed", "2001-09-03,printed")
    with pytest.raises(
        DataError,
        match=rf"articles.csv, line {line} \(article_id 'cb'\), column 'published': no ECB rate for CNY on 2001-09-03 "
        r"\(CNY data covers 2005-04-01 to 2026-10-30\); claims.csv, line \d+ \(claim_id 'cb-[^']+'\) needs one",
    ):
        load_ledger(data)


def test_nfd_hangul_is_normalized_to_nfc_on_load(data):
    """Text saved by some editors (macOS) decomposes Hangul into jamo: the quotes must still match the seeds."""
    import unicodedata

    f = data / "claims.csv"
    f.write_text(unicodedata.normalize("NFD", f.read_text(encoding="utf-8")), encoding="utf-8")
    assert "올해" not in f.read_text(encoding="utf-8")  # the fixture really is decomposed
    ledger, committed = load_ledger(data), load_ledger()
    assert ledger.claims["quote"].tolist() == committed.claims["quote"].tolist()
    assert ledger.claim("mt-us4-2025-usd")["quote"] == "올해 3200억달러(약 463조원) 규모의 투자를 공언"
    assert ledger.claim("mt-us4-2025-usd")["quote"].encode("utf-8") == "올해 3200억달러(약 463조원) 규모의 투자를 공언".encode()


@pytest.mark.parametrize("file", ["claims.csv", "articles.meta.yaml"])
def test_a_fifo_in_place_of_a_data_file_is_refused_at_once(data, file):
    import os

    (data / file).unlink()
    os.mkfifo(data / file)
    with pytest.raises(DataError, match=rf"{file}: not a regular file \(a FIFO\)"):
        load_ledger(data)


def test_a_too_long_data_dir_is_one_short_line():
    with pytest.raises(DataError) as caught:
        load_ledger("x" * 120_000)
    message = str(caught.value)
    assert "a path of 120,000 characters" in message and len(message) < 400 and "\n" not in message
