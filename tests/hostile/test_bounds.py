"""Class 3: bounded everywhere; no input hangs a run or fills the memory.

Every file the tool opens goes through the one bounded reader (capexlib.core.readfile): a FIFO, a device or
an oversized file is refused before a byte is read, and a file is never read past its limit. ECB files are
parsed as a stream, keeping only the currencies the run converts. Each case here must answer within
seconds: a hang would be caught by the timeout of the test's own alarm.
"""

from __future__ import annotations

import json
import os
import signal
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from capexlib import cli
from capexlib.core import fx
from capexlib.core.readfile import MAX_ECB_BYTES, MAX_MANIFEST_BYTES, MAX_RECORD_BYTES, MAX_TABLE_BYTES
from capexlib.run import cache, notebook_params, record
from capexlib.run.errors import RunError

from .conftest import one_line

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "ecb"
SECONDS = 20  # every case answers well within this; a hang fails the test instead of the session


@pytest.fixture(autouse=True)
def alarm() -> Iterator[None]:
    def hung(*_: object) -> None:
        raise TimeoutError(f"no answer within {SECONDS} s: an unbounded read")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(SECONDS)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _sparse(path: Path, size: int) -> Path:
    """A file of `size` bytes that uses no disk."""
    with path.open("wb") as f:
        f.truncate(size)
    return path


def _record(served) -> Path:
    return served.reports / record.RECORDS / f"{record.request_key(served.argv)}.json"


@pytest.fixture
def restored(served):
    """The served run as it was, after the test: its record and its folder."""
    path = _record(served)
    before = path.read_bytes()
    folder = Path(record.answer(served.argv[1:]))
    manifest = (folder / cache.MANIFEST_FILE).read_bytes()
    yield served, path, folder
    path.unlink(missing_ok=True)
    path.write_bytes(before)
    target = folder / cache.MANIFEST_FILE
    target.unlink(missing_ok=True)
    target.write_bytes(manifest)
    assert record.answer(served.argv[1:]) == str(folder)


# --- The cases ----------------------------------------------------------------------------


def test_a_fifo_as_a_record_is_a_miss_at_once(restored):  # issue
    served, path, _ = restored
    path.unlink()
    os.mkfifo(path)
    assert record.answer(served.argv[1:]) is None


def test_a_fifo_as_a_manifest_is_damage_at_once(restored):  # issue
    _, _, folder = restored
    (folder / cache.MANIFEST_FILE).unlink()
    os.mkfifo(folder / cache.MANIFEST_FILE)
    status = cache.cache_status(folder, "x" * 64)
    assert not status.hit and "a FIFO" in status.problem


def test_a_record_naming_dev_zero_is_a_miss_at_once(restored):  # issue
    served, path, _ = restored
    data = json.loads(path.read_text(encoding="utf-8"))
    data["files"] = {"/dev/zero": "0" * 64}
    path.write_text(json.dumps(data), encoding="utf-8")
    assert record.answer(served.argv[1:]) is None


def test_a_manifest_entry_linked_to_dev_zero_is_never_read(restored):  # issue
    _, _, folder = restored
    page = folder / "01_label.html"
    saved = page.read_bytes()
    page.unlink()
    page.symlink_to("/dev/zero")
    try:
        status = cache.cache_status(folder, cache.read_manifest(folder)[0])
        assert not status.hit and "01_label.html changed" in status.problem
    finally:
        page.unlink()
        page.write_bytes(saved)


def test_a_huge_stray_file_in_the_data_folder_is_never_read(restored):  # issue
    served, _, _ = restored
    stray = _sparse(served.data / "download.zip", 2 * 2**30)
    try:
        started = time.perf_counter()
        assert record.answer(served.argv[1:]) is not None  # the fast path: the stray file is no input
        assert time.perf_counter() - started < 2
        labels = [i.label for i in cache.run_inputs([], served.data, package_dir=served.notebooks)]
        assert "data:download.zip" not in labels and "data:claims.csv" in labels
    finally:
        stray.unlink()


def test_a_huge_manifest_is_refused_at_once(restored):  # issue
    _, _, folder = restored
    _sparse(folder / cache.MANIFEST_FILE, 239 * 2**20)
    started = time.perf_counter()
    status = cache.cache_status(folder, "x" * 64)
    assert not status.hit and f"larger than {MAX_MANIFEST_BYTES:,} bytes" in status.problem
    assert time.perf_counter() - started < 1


def test_a_60_mb_ecb_file_is_refused_before_it_is_read(tmp_path):  # issue
    big = tmp_path / "eurofxref-hist.csv"
    with big.open("wb") as f:
        f.write(FIXTURES.joinpath("synthetic_recent.csv").read_bytes())
        f.truncate(60 * 2**20)
    with pytest.raises(fx.FxError, match=f"larger than {MAX_ECB_BYTES:,} bytes"):
        fx.load_ecb_file(big)


def test_a_zip_of_newlines_is_refused_at_once(tmp_path):  # issue
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("eurofxref-hist.csv", b"Date,USD,CNY,KRW,\n" + b"\n" * (64 * 2**20))
    assert bomb.stat().st_size < 100_000
    with pytest.raises(fx.FxError, match=r"line 2: more than 10 blank lines"):
        fx.load_ecb_file(bomb)


def test_compare_refuses_a_huge_scorecard_at_once(tmp_path, capsys):  # issue
    reports = tmp_path / "reports"
    for name in ("a", "b"):
        (reports / name).mkdir(parents=True)
        (reports / name / "headline.csv").write_text("id,label,value,unit\nx,y,1,USD\n", encoding="utf-8")
    _sparse(reports / "b" / "scorecard.csv", 330 * 2**20)
    code = cli.main(["compare", "a", "b", "--reports", str(reports)])
    one_line(code, 1, f"scorecard.csv: larger than {MAX_TABLE_BYTES:,} bytes", capsys)


def test_a_10000_point_sweep_is_refused_before_it_starts(capsys):  # issue
    code = cli.main(["sweep", "--param", "krw_per_usd", "--from", "1000", "--to", "1999.9", "--step", "0.1"])
    one_line(code, 2, f"at most {cli.MAX_SWEEP_POINTS} allowed", capsys)


# --- Our own cases --------------------------------------------------------------------------------


def test_a_fifo_as_a_notebook_is_refused_at_once(tmp_path):
    os.mkfifo(tmp_path / "01_pipe.ipynb")
    with pytest.raises(RunError, match=r"01_pipe.ipynb: not a regular file \(a FIFO\)"):
        notebook_params.read_parameters(tmp_path / "01_pipe.ipynb")


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "folder"])
def test_an_ecb_file_that_is_no_file_is_refused_at_once(tmp_path, kind):
    path = tmp_path / "eurofxref-hist.zip"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:
        path.mkdir()
    with pytest.raises(fx.FxError, match="not a regular file"):
        fx.load_ecb_file(path)


def test_an_ecb_file_of_one_endless_line_is_refused_at_once(tmp_path):
    path = tmp_path / "line.csv"
    path.write_bytes(b"Date," + b"USD," * 2_000_000)
    with pytest.raises(fx.FxError, match=r"line 1: a line longer than 65,536 characters"):
        fx.load_ecb_file(path)


def test_a_zip_member_larger_than_the_limit_is_cut_off_whatever_its_header_says(tmp_path):
    path = tmp_path / "big.zip"
    row = b"2026-10-30," + b"1.5," * 3 + b"\n"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("eurofxref-hist.csv", b"Date,USD,CNY,KRW,\n" + row * (MAX_ECB_BYTES // len(row) + 10))
    with pytest.raises(fx.FxError, match="repeats the date on line 2"):  # one row per day: at most ~37,000 rows
        fx.load_ecb_file(path)


def test_a_wide_valid_ecb_file_is_parsed_keeping_only_the_converted_currencies(tmp_path):
    import itertools
    import string

    codes = ["USD", "CNY", "KRW", *("".join(c) for c in itertools.product("QWZ", string.ascii_uppercase, "X"))]
    lines = ["Date," + ",".join(codes) + ","]
    lines += [f"2026-10-{day:02d}," + ",".join("1.25" for _ in codes) + "," for day in range(30, 0, -1)]
    path = tmp_path / "wide.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = fx.load_ecb_file(path)
    assert len(loaded.currencies) == len(codes) and set(loaded._series) == {"USD", "CNY", "KRW"}
    assert loaded.values("QAX") == (loaded.days, ("1.25",) * 30)  # another currency, read when asked for


@pytest.mark.parametrize("name", ["claimreview.jsonld", "params.json", "headline.csv"])
def test_compare_refuses_a_scenario_file_that_is_no_file(tmp_path, capsys, name):
    reports = tmp_path / "reports"
    card = "check_id,claim_id,role,verdict,quote,outlet,why\nc,x,primary,holds,q,o,w\n"
    for scenario in ("a", "b"):
        (reports / scenario).mkdir(parents=True)
        (reports / scenario / "headline.csv").write_text("id,label,value,unit\nx,y,1,USD\n", encoding="utf-8")
        (reports / scenario / "scorecard.csv").write_text(card, encoding="utf-8")
    target = reports / "b" / name
    target.unlink(missing_ok=True)
    os.mkfifo(target)
    code = cli.main(["compare", "a", "b", "--reports", str(reports)])
    one_line(code, 1, f"{name}: not a regular file (a FIFO)", capsys)


def test_a_record_larger_than_its_limit_is_a_miss(restored):
    served, path, _ = restored
    _sparse(path, MAX_RECORD_BYTES + 1)
    assert record.answer(served.argv[1:]) is None


def test_a_stray_fifo_in_the_data_folder_is_never_opened(restored):
    served, _, _ = restored
    os.mkfifo(served.data / "notes.pipe")
    try:
        assert record.answer(served.argv[1:]) is not None
    finally:
        (served.data / "notes.pipe").unlink()


def test_a_file_grown_past_its_manifest_size_is_changed_without_reading_it(restored):
    _, _, folder = restored
    page = folder / "01_label.html"
    saved = page.read_bytes()
    with page.open("ab") as f:
        f.truncate(5 * 2**30)  # 5 GB, sparse
    try:
        started = time.perf_counter()
        status = cache.cache_status(folder, cache.read_manifest(folder)[0])
        assert "01_label.html changed" in status.problem and time.perf_counter() - started < 1
    finally:
        page.write_bytes(saved)


def test_a_fifo_in_the_library_would_be_refused_when_hashed(tmp_path):
    library = tmp_path / "lib"
    library.mkdir()
    (library / "a.py").write_text("x = 1\n", encoding="utf-8")
    os.mkfifo(library / "b.py")
    with pytest.raises(RunError, match=r"b.py: not a regular file \(a FIFO\)"):
        cache.run_inputs([], tmp_path / "nodata", package_dir=library)
