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
    with pytest.raises(DataError, match=r"reference.csv, line 4: 4 fields, but the header has 14"):
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
