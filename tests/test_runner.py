"""The notebook runner, site and CLI, on tiny temporary notebooks (each papermill run costs ~3 s).

Only four test groups execute notebooks: one shared run (module fixture), its cached and
data-changed reruns, a failing run, and `normalize`. Everything else checks what happens *before*
anything runs, which is also where most guarantees live.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

import nbformat
import pytest

from capexlib import cli
from capexlib.core.paths import DEFAULT_DATA_DIR, NOTEBOOKS_DIR
from capexlib.report import fonts, site
from capexlib.run import cache, normalize, notebook_params, scenario
from capexlib.run import series as run
from capexlib.run.errors import RunError
from capexlib.run.params import ParamError

HOSTILE = "<script>alert(1)</script>"


def make_notebook(folder: Path, name: str, params: str, cells: list[str], markdown: str = "# Test") -> Path:
    nb = nbformat.v4.new_notebook()
    param_cell = nbformat.v4.new_code_cell(params)
    param_cell.metadata["tags"] = ["parameters"]
    nb.cells = [nbformat.v4.new_markdown_cell(markdown), param_cell] + [nbformat.v4.new_code_cell(c) for c in cells]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    nbformat.write(nb, path)
    return path


def rates_notebook(folder: Path) -> Path:
    return make_notebook(
        folder,
        "01_rates.ipynb",
        'fx_source = "ecb"\nkrw_per_usd = 0.0\ntolerance_pct = 5.0',
        ["print(fx_source, krw_per_usd)"],
        markdown=f"# Rates {HOSTILE}",
    )


def label_notebook(folder: Path) -> Path:
    return make_notebook(
        folder,
        "02_label.ipynb",
        'label = "x"',
        ["print(label)", "from IPython.display import HTML\nHTML('<b>bold</b>' + label)"],
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    files = (p for p in sorted(folder.rglob("*")) if p.is_file())
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns) for p in files}


@pytest.fixture(scope="module")
def series(tmp_path_factory):
    """One real run of two notebooks with a hostile label, into temp folders."""
    base = tmp_path_factory.mktemp("series")
    notebooks = base / "notebooks"
    rates_notebook(notebooks)
    label_notebook(notebooks)
    data = base / "data"
    shutil.copytree(DEFAULT_DATA_DIR, data)
    out_root = base / "reports"
    kwargs = dict(out_root=out_root, notebooks_dir=notebooks, data_dir=data, progress=False)
    given = {"label": HOSTILE, "krw_per_usd": "1400"}
    scenario = run.run_series(given, **kwargs)
    return {
        "base": base,
        "notebooks": notebooks,
        "data": data,
        "out_root": out_root,
        "kwargs": kwargs,
        "given": given,
        "scenario": scenario,
    }


# --------------------------------------------------------------------------------------------
# Before anything runs
# --------------------------------------------------------------------------------------------


def test_read_parameters(tmp_path):
    nb = make_notebook(tmp_path, "01_x.ipynb", 'a = "t"\nb = 1.5\nc = -2\nd = True', [])
    assert notebook_params.read_parameters(nb) == {"a": "t", "b": 1.5, "c": -2, "d": True}


@pytest.mark.parametrize("source, line", [("a = 1\nb = f()", 2), ("import os", 1), ("a = b = 1", 1), ("a = [1]", 1)])
def test_parameters_cell_must_be_plain_assignments(tmp_path, source, line):
    nb = make_notebook(tmp_path, "01_bad.ipynb", source, [])
    with pytest.raises(RunError, match=rf"01_bad\.ipynb: parameters cell, line {line}"):
        notebook_params.read_parameters(nb)


def test_unknown_parameter_is_an_error_naming_it(tmp_path):
    nbs = [rates_notebook(tmp_path)]
    with pytest.raises(ParamError, match="'krw_per_yen'"):
        notebook_params.resolve({"krw_per_yen": "9"}, nbs)


@pytest.mark.parametrize("name", ["x;import os", "__import__('os')", "a b", "class", ""])
def test_crafted_names_are_refused(tmp_path, name):
    with pytest.raises(ParamError):
        notebook_params.resolve({name: "1"}, [rates_notebook(tmp_path)])


def test_values_are_coerced_and_fixed_rates_imply_fixed_source(tmp_path):
    nbs = [rates_notebook(tmp_path), label_notebook(tmp_path)]
    resolved = notebook_params.resolve({"krw_per_usd": "1400", "label": "y"}, nbs)
    assert resolved.values["krw_per_usd"] == 1400.0 and isinstance(resolved.values["krw_per_usd"], float)
    assert resolved.values["fx_source"] == "fixed"
    # each notebook gets only the names it declares
    assert resolved.per_notebook[nbs[0]] == {"fx_source": "fixed", "krw_per_usd": 1400.0}
    assert resolved.per_notebook[nbs[1]] == {"label": "y"}


@pytest.mark.parametrize(
    "name, value",
    [
        ("tolerance_pct", "-5"),
        ("tolerance_pct", "nan"),
        ("tolerance_pct", "abc"),
        ("krw_per_usd", "-1"),
        ("krw_per_usd", "inf"),
    ],
)
def test_bad_values_fail_before_anything_runs(tmp_path, name, value):
    rates_notebook(tmp_path / "nbs")
    out_root = tmp_path / "reports"
    with pytest.raises(ParamError, match=name):
        run.run_series({name: value}, out_root=out_root, notebooks_dir=tmp_path / "nbs", progress=False)
    assert not out_root.exists()


def test_scenario_names():
    assert scenario.scenario_name({}) == "default"
    assert scenario.scenario_name({"tolerance_pct": 5.0}) == "default"  # the default value is no change
    name = scenario.scenario_name({"krw_per_usd": 1380.0, "fx_source": "fixed"})
    assert name == "fx_source-fixed_krw_per_usd-1380"
    assert scenario.scenario_name({"fx_source": "fixed", "krw_per_usd": 1380.0}) == name
    unsafe = scenario.scenario_name({"data_dir": "../../etc"})
    assert "/" not in unsafe and ".." not in unsafe and not unsafe.startswith(".")
    assert scenario.scenario_name({"data_dir": "a/b"}) != scenario.scenario_name({"data_dir": "a-b"})
    long = scenario.scenario_name({"data_dir": "x" * 300})
    assert len(long) <= scenario.SCENARIO_MAX_LEN + 17  # the cut slug, "~" and 16 hex digits
    assert long != scenario.scenario_name({"data_dir": "x" * 301})


def test_normalize_notebook_strips_volatile_metadata():
    nb = nbformat.v4.new_notebook()
    nb.metadata["papermill"] = {
        "start_time": "t",
        "end_time": "t",
        "duration": 1.0,
        "input_path": "a",
        "output_path": "b",
        "parameters": {"x": 1},
    }
    injected = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["injected-parameters"]})
    code = nbformat.v4.new_code_cell(
        "y", metadata={"papermill": {"duration": 1}, "execution": {"iopub.status.busy": "t"}, "tags": []}
    )
    nb.cells = [nbformat.v4.new_code_cell("x = 0", metadata={"tags": ["parameters"]}), injected, code]
    normalize.normalize_notebook(nb)
    assert nb.metadata["papermill"] == {"parameters": {"x": 1}}
    assert [c.id for c in nb.cells] == ["cell-00", "injected-parameters", "cell-01"]
    assert nb.cells[2].metadata == {}
    assert nb.cells[0].metadata == {"tags": ["parameters"]}
    assert normalize.notebook_bytes(nb).endswith(b"}\n")


REMOTE = re.compile(r"""<(?:script|link|iframe|img)\b[^>]*\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE)


def remote_references(page: str) -> list[str]:
    """Tags in `page` that would load a script, stylesheet, frame or image from another host."""
    return REMOTE.findall(page)


def test_notebook_page_is_sanitized_and_self_contained():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(f'# Title {HOSTILE}\n\n<img src="https://example.org/x.png">'),
        nbformat.v4.new_code_cell(
            "x",
            outputs=[
                nbformat.v4.new_output("display_data", data={"text/html": f"<b>ok</b>{HOSTILE}<img src=x onerror=alert(2)>"}),
                nbformat.v4.new_output("stream", text=HOSTILE),
                nbformat.v4.new_output("display_data", data={"application/javascript": "alert(3)"}),
            ],
        ),
    ]
    page = site.notebook_html(nb)
    assert "<script" not in page.lower()
    assert "onerror" not in page and "alert(3)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>ok</b>" in page  # harmless HTML still renders
    assert remote_references(page) == []
    assert site.notebook_html(nb) == page  # deterministic


# --------------------------------------------------------------------------------------------
# One real run
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_run_writes_the_scenario_folder(series):
    folder = series["scenario"]
    assert folder.parent == series["out_root"]
    names = {p.name for p in folder.iterdir()}
    assert {
        "01_rates.ipynb",
        "02_label.ipynb",
        "01_rates.html",
        "02_label.html",
        "index.html",
        "headline.csv",
        "params.json",
        cache.MANIFEST_FILE,
    } <= names
    params = json.loads((folder / "params.json").read_text())
    assert params["krw_per_usd"] == 1400.0 and params["fx_source"] == "fixed" and params["label"] == HOSTILE
    assert (folder / "headline.csv").read_text().splitlines()[0] == "id,label,value,unit"
    # nothing left behind next to it
    assert [p.name for p in series["out_root"].iterdir()] == [folder.name]


@pytest.mark.slow
def test_executed_notebooks_are_normalized(series):
    text = (series["scenario"] / "01_rates.ipynb").read_text()
    nb = nbformat.reads(text, as_version=4)
    assert [c.id for c in nb.cells] == ["cell-00", "cell-01", "injected-parameters", "cell-02"]
    for volatile in ("start_time", "end_time", "duration", "iopub.", "input_path", "output_path"):
        assert volatile not in text
    assert nb.cells[1].metadata["tags"] == ["parameters"]
    assert nb.cells[3].outputs[0]["text"] == "fixed 1400.0\n"
    assert text.endswith("}\n")


@pytest.mark.slow
def test_site_escapes_hostile_text(series):
    for page in ("01_rates.html", "02_label.html", "index.html"):
        html = (series["scenario"] / page).read_text()
        assert HOSTILE not in html, page
        assert remote_references(html) == [], page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in (series["scenario"] / "02_label.html").read_text()


@pytest.mark.slow
def test_a_cache_hit_rewrites_nothing_and_a_data_change_invalidates(series):
    folder = series["scenario"]
    before = snapshot(folder)
    again = run.run_series(series["given"], **series["kwargs"])
    assert again == folder and snapshot(folder) == before  # same bytes, same mtimes: nothing was written

    meta = series["data"] / "articles.meta.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "# touched by test_runner\n", encoding="utf-8")
    run.run_series(series["given"], **series["kwargs"])
    after = snapshot(folder)
    assert after[cache.MANIFEST_FILE][0] != before[cache.MANIFEST_FILE][0]
    # a second execution gives byte-identical notebooks and pages
    for name in ("01_rates.ipynb", "02_label.ipynb", "01_rates.html", "02_label.html", "index.html"):
        assert after[name][0] == before[name][0], name
        assert after[name][1] != before[name][1], name  # really rewritten


@pytest.mark.slow
def test_failing_cell_names_notebook_and_cell_and_keeps_the_old_folder(tmp_path):
    notebooks = tmp_path / "nbs"
    make_notebook(notebooks, "01_fail.ipynb", "n = 1", ["x = n", "# divide\n1 / 0"])
    out_root = tmp_path / "reports"
    old = out_root / scenario.scenario_name({"n": 2}, {"n": 1})
    old.mkdir(parents=True)
    (old / "index.html").write_text("previous run")
    with pytest.raises(RunError) as caught:
        run.run_series({"n": "2"}, out_root=out_root, notebooks_dir=notebooks, progress=False)
    # cell 3 of the notebook as written (papermill's injected cell is not counted)
    assert str(caught.value) == "01_fail.ipynb: cell 3 ('# divide') failed: ZeroDivisionError: division by zero"
    assert [p.name for p in out_root.iterdir()] == [old.name]  # temp folder removed
    assert (old / "index.html").read_text() == "previous run"


@pytest.mark.slow
def test_normalize_committed_rewrites_only_when_changed(tmp_path):
    nb = make_notebook(tmp_path, "01_n.ipynb", "n = 2", ["print(n * 21)"])
    assert run.normalize_committed(notebooks_dir=tmp_path, progress=False) == [nb]
    done = nbformat.read(nb, as_version=4)
    assert [c.id for c in done.cells] == ["cell-00", "cell-01", "cell-02"]  # no injected cell
    assert done.cells[2].outputs[0]["text"] == "42\n"
    assert "start_time" not in nb.read_text()
    stat = nb.stat()
    assert run.normalize_committed(notebooks_dir=tmp_path, progress=False) == []
    assert nb.stat().st_mtime_ns == stat.st_mtime_ns


# --------------------------------------------------------------------------------------------
# CLI
# --------------------------------------------------------------------------------------------


def test_cli_errors_are_one_line_with_exit_codes(tmp_path, capsys):
    rates_notebook(tmp_path / "nbs")
    common = ["run", "--notebooks", str(tmp_path / "nbs"), "--reports", str(tmp_path / "reports")]
    assert cli.main([*common, "-p", "x;import os", "1"]) == 2
    assert capsys.readouterr().err.startswith("capex: error: invalid parameter name")
    assert cli.main([*common, "--tolerance-pct", "nan"]) == 2
    assert "tolerance_pct" in capsys.readouterr().err

    for text, problem in [
        ("a: [1\n", "not valid YAML"),
        ("- 1\n", "must be a mapping"),
        ("krw_per_usd: [1]\n", "single value"),
    ]:
        scenario = tmp_path / "s.yaml"
        scenario.write_text(text)
        assert cli.main([*common, "-f", str(scenario)]) == 2
        err = capsys.readouterr().err
        assert str(scenario) in err and problem in err and "Traceback" not in err
    assert not (tmp_path / "reports").exists()

    assert cli.main(["compare", "default", "nope", "--reports", str(tmp_path / "reports")]) == 1
    assert "no scenario 'default'" in capsys.readouterr().err


def test_cli_scenario_file_dates_become_text(tmp_path):
    scenario = tmp_path / "s.yaml"
    scenario.write_text("fx_date: 2024-09-10\nkrw_per_usd: 1380\n")
    assert cli.load_scenario_file(scenario) == {"fx_date": "2024-09-10", "krw_per_usd": 1380}


def test_cli_compare_prints_what_moved_and_takes_names_or_paths(tmp_path, capsys):
    for name, value, count in (("a", 100, 3), ("b", 110, 6)):
        (tmp_path / name).mkdir()
        (tmp_path / name / "headline.csv").write_text(
            f"id,label,value,unit\nx,Total,{value},KRW\nsame,Same,5,USD\nn,Claims that hold,{count},claims\n"
        )
    assert cli.main(["compare", "a", str(tmp_path / "b"), "--reports", str(tmp_path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:4] == [
        "a -> b",
        "headline figures that moved: 2 of 3",
        "  Total: 100 원 · ₩100 -> 110 원 · ₩110 (10 원 · ₩10, +10.00%)",
        "  Claims that hold: 3 -> 6 (+3)",  # a count moves by a count, never by a percent
    ]
    assert out[4] == "verdicts: not compared (a scenario has no scorecard.csv)"
    assert out[5] == str(tmp_path / "compare-a-vs-b.html")


def test_split_stream_outputs_are_joined():
    """One print can reach the notebook as two stream messages depending on flush timing."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print('x')")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a line"),
        nbformat.v4.new_output("stream", name="stdout", text="\n"),
        nbformat.v4.new_output("stream", name="stderr", text="w"),
    ]
    nb.cells = [cell]
    out = normalize.normalize_notebook(nb).cells[0].outputs
    assert [(o["name"], o["text"]) for o in out] == [("stdout", "a line\n"), ("stderr", "w")]


def test_chart_alt_text_reaches_the_page():
    nb = nbformat.read(str(NOTEBOOKS_DIR / "01_totals_2025.ipynb"), as_version=4)
    alts = [o["metadata"]["image/png"]["alt"] for c in nb.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    page = site.notebook_html(nb)
    shown = [html.unescape(a) for a in re.findall(r'<img alt="([^"]*)"', page)]
    assert alts and shown == alts
    assert "No description has been provided" not in page


@pytest.mark.slow
def test_a_reused_kernel_starts_each_notebook_clean(tmp_path):
    """One worker runs both notebooks in one kernel: the second sees no variable of the first, and its
    execution counts start from 1 as in a fresh kernel."""
    folder = tmp_path / "nbs"
    make_notebook(folder, "01_first.ipynb", "tolerance_pct = 5.0", ["leak = 'from the first notebook'", "leak"])
    make_notebook(folder, "02_second.ipynb", "tolerance_pct = 5.0", ["print('leak' in dir())", "'second'"])
    out = run.run_series({}, out_root=tmp_path / "reports", jobs=1, notebooks_dir=folder, progress=False, force=True)
    second = nbformat.read(str(out / "02_second.ipynb"), as_version=4)
    code = [c for c in second.cells if c.cell_type == "code"]
    assert code[1].outputs[0]["text"] == "False\n"
    assert [c.execution_count for c in code] == [1, 2, 3]
    assert code[2].outputs[0]["execution_count"] == 3


def test_pages_embed_a_font_covering_their_korean_text(tmp_path):
    """A reader without any Korean font still sees Hangul: each page carries the glyphs it uses."""
    import base64
    import io

    from fontTools.ttLib import TTFont

    pages = fonts.embed(
        {"p.html": "<html><head><!--capex:font--></head><body><p>약 463조 원 · 빅테크 3200억 달러</p></body></html>"}
    )
    text = pages["p.html"]
    data = re.search(r"base64,([A-Za-z0-9+/=]+)\)", text).group(1)
    cmap = TTFont(io.BytesIO(base64.b64decode(data))).getBestCmap()
    assert all(ord(c) in cmap for c in "약조원빅테크억달러")
    assert fonts.embed({}) == {}  # no pages, nothing to embed
    assert fonts.embed({"a.html": "<head><!--capex:font--></head><p>ascii</p>"}) == {"a.html": "<head></head><p>ascii</p>"}
    assert len(data) < 200_000  # a subset, not the 4.7 MB font


# --------------------------------------------------------------------------------------------
# Nothing served wrong, nothing hangs: damaged folders, spellings, full disks, killed runs, races
# --------------------------------------------------------------------------------------------


@pytest.mark.slow
def test_a_damaged_folder_is_rebuilt_and_the_run_says_so(series):
    """`truncate -s 100 index.html; rm headline.csv; capex run` must rebuild, not be served as a cache hit."""
    folder = series["scenario"]
    run.run_series(series["given"], **series["kwargs"])  # current (an earlier test touched the data)
    before = snapshot(folder)
    with (folder / "index.html").open("r+b") as f:
        f.truncate(100)
    (folder / "headline.csv").unlink()
    notes: list[str] = []
    assert run.run_series(series["given"], **series["kwargs"], on_note=notes.append) == folder
    assert len(notes) == 2 and "does not match its manifest (headline.csv missing, index.html changed); rebuilding" in notes[0]
    # the changed page is kept, not deleted: capex cannot tell a damaged file from a reader's edit
    kept = folder.parent / "kept" / folder.name
    assert notes[1].startswith(f"kept what the run did not write in {folder} (index.html): moved to {kept}/")
    (moved,) = kept.glob("*/index.html")
    assert moved.read_bytes() == before["index.html"][0][:100]
    shutil.rmtree(folder.parent / "kept")
    after = snapshot(folder)
    assert sorted(after) == sorted(before)
    for name in ("index.html", "headline.csv", "01_rates.ipynb", "02_label.html"):
        assert after[name][0] == before[name][0], name
    again: list[str] = []
    run.run_series(series["given"], **series["kwargs"], on_note=again.append)
    assert again == [] and snapshot(folder) == after  # intact again: a plain hit


@pytest.mark.parametrize(
    "spellings",
    [
        [{}, {"krw_per_usd": "-0"}, {"fx_source": "ecb"}, {"krw_per_usd": "0", "fx_source": "ecb"}, {"tolerance_pct": "5"}],
        [{"tolerance_pct": "0"}, {"tolerance_pct": "-0"}, {"tolerance_pct": "-0.0"}, {"tolerance_pct": "0e5"}],
        [{"krw_per_usd": "1400"}, {"krw_per_usd": "1400.0", "fx_source": "fixed"}, {"krw_per_usd": "+1.4e3"}],
        [{"audit_window_days": "7"}, {"audit_window_days": "07"}, {"audit_window_days": "+7"}, {}],
    ],
    ids=["defaults", "zero tolerance", "a fixed rate", "an int default"],
)
def test_one_spelling_per_scenario(tmp_path, spellings):
    """-0 is 0, a value equal to its default is not given, so every spelling names one folder and
    injects the same cell."""
    nbs = [rates_notebook(tmp_path), make_notebook(tmp_path, "02_audit.ipynb", "audit_window_days = 7", [])]
    resolved = [notebook_params.resolve(given, nbs) for given in spellings]
    names = {scenario.scenario_name(r.given, r.defaults) for r in resolved}
    assert len(names) == 1, names
    injected = [repr(sorted(r.per_notebook[nbs[0]].items())) for r in resolved]
    assert len(set(injected)) == 1, injected
    assert len({json.dumps(r.values, sort_keys=True) for r in resolved}) == 1


def test_negative_zero_is_never_injected(tmp_path):
    resolved = notebook_params.resolve({"tolerance_pct": "-0"}, [rates_notebook(tmp_path)])
    value = resolved.given["tolerance_pct"]
    assert value == 0 and str(value) == "0.0"  # not -0.0, which papermill would write as `-0.0`


def test_a_data_dir_naming_the_default_folder_is_the_default(tmp_path):
    nb = make_notebook(tmp_path, "01_d.ipynb", 'data_dir = ""', [])
    for spelling in ("data", "data/", str(DEFAULT_DATA_DIR), "./data"):
        assert notebook_params.resolve({"data_dir": spelling}, [nb]).given == {}, spelling


@pytest.mark.slow
def test_the_same_run_gives_the_same_bytes_however_it_is_spelled(tmp_path):
    """One spelling per scenario through real runs: `--fx-source ecb --force` and `--krw-per-usd -0` rewrote reports/default
    with other bytes; `--tolerance-pct -0` flipped a folder."""
    notebooks = tmp_path / "nbs"
    rates_notebook(notebooks)
    kwargs = dict(out_root=tmp_path / "reports", notebooks_dir=notebooks, progress=False)
    default = run.run_series({}, **kwargs)
    first = snapshot(default)
    assert run.run_series({"krw_per_usd": "-0"}, **kwargs) == default and snapshot(default) == first  # a cache hit
    assert run.run_series({"fx_source": "ecb"}, force=True, **kwargs) == default
    assert {k: v[0] for k, v in snapshot(default).items()} == {k: v[0] for k, v in first.items()}
    zero = run.run_series({"tolerance_pct": "0"}, **kwargs)
    zero_bytes = snapshot(zero)
    assert run.run_series({"tolerance_pct": "-0"}, **kwargs) == zero and snapshot(zero) == zero_bytes
    injected = [c for c in nbformat.read(str(zero / "01_rates.ipynb"), as_version=4).cells if c.id == "injected-parameters"]
    assert [c.source for c in injected] == ["# Parameters\ntolerance_pct = 0.0\n"]


def test_a_notebook_without_a_parameters_cell_is_an_error_naming_it(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("krw_per_usd = 0.0")]  # the tag is missing
    nbformat.write(nb, tmp_path / "01_untagged.ipynb")
    rates_notebook(tmp_path)
    with pytest.raises(RunError, match=r"01_untagged\.ipynb: no cell is tagged 'parameters'"):
        run.run_series({"krw_per_usd": "1400"}, out_root=tmp_path / "reports", notebooks_dir=tmp_path, progress=False)
    assert not (tmp_path / "reports").exists()


def test_fx_date_outside_a_needed_currency_fails_before_any_kernel(tmp_path):
    """1999-01-04 is inside the KRW data, but the ECB has no CNY rate before 2005-04-01."""
    rates_notebook(tmp_path / "nbs")
    notebook = make_notebook(tmp_path / "nbs", "02_date.ipynb", 'fx_date = ""', [])
    assert notebook.exists()
    with pytest.raises(
        ParamError,
        match=r"parameter 'fx_date' 1999-01-04: no ECB rate for CNY on 1999-01-04 \(CNY data covers 2005-04-01 to 2026-10-30\); "
        r"claims.csv, line \d+ \(claim_id 'cb-[a-z0-9-]+'\) needs one",
    ):
        run.run_series({"fx_date": "1999-01-04"}, out_root=tmp_path / "reports", notebooks_dir=tmp_path / "nbs", progress=False)
    assert not (tmp_path / "reports").exists()


class _FakePool:
    """Workers that 'execute' a notebook by reading it (for tests of what happens around execution)."""

    def __init__(self, count):
        self.count = count

    @classmethod
    def take(cls, count, warm=()):
        return cls(count)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass

    def run(self, tasks, cwd, on_done, pins=None):
        for nb_path, _parameters in tasks:
            on_done(nb_path, json.loads(nb_path.read_text(encoding="utf-8")))


def test_a_full_disk_names_the_first_notebook_that_failed(tmp_path, monkeypatch):
    """A full disk names the first notebook that failed (the error once named only the ones after it)."""
    import errno

    notebooks = tmp_path / "nbs"
    for name in ("01_a.ipynb", "02_b.ipynb", "03_c.ipynb"):
        make_notebook(notebooks, name, "tolerance_pct = 5.0", [])

    write_bytes = Path.write_bytes

    def full_disk(path, data):
        if path.suffix == ".ipynb":
            raise OSError(errno.ENOSPC, "No space left on device")
        return write_bytes(path, data)

    monkeypatch.setattr(run.workers, "Pool", _FakePool)
    monkeypatch.setattr(Path, "write_bytes", full_disk)
    with pytest.raises(RunError) as caught:
        run.run_series({}, out_root=tmp_path / "reports", notebooks_dir=notebooks, jobs=1, progress=False)
    message = str(caught.value)
    assert message.startswith("01_a.ipynb: cannot write its output: No space left on device (the disk is full)"), message
    assert sorted(p.name for p in (tmp_path / "reports").iterdir()) == []  # no temp folder, no lock


@pytest.mark.slow
def test_a_full_disk_for_real(tmp_path):
    """A full disk for real, on a 2 MB tmpfs (needs a private mount namespace: root on Linux)."""
    import subprocess
    import sys

    if subprocess.run(["unshare", "-m", "true"], capture_output=True).returncode != 0:
        pytest.skip("no private mount namespace here (unshare -m needs root on Linux)")
    notebooks = tmp_path / "nbs"
    rates_notebook(notebooks)
    label_notebook(notebooks)
    reports = tmp_path / "reports"
    reports.mkdir()
    script = (
        f"mount -t tmpfs -o size=400k tmpfs {reports} && "
        f"exec {sys.executable} -m capexlib.cli run --reports {reports} --notebooks {notebooks} -p label x"
    )
    done = subprocess.run(["unshare", "-m", "sh", "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 1, done.stderr
    line = done.stderr.strip().splitlines()[-1]
    written = r"0[12]_\w+\.(ipynb: cannot write its output|html: cannot write the page)"
    assert re.match(rf"capex: error: ({written}|cannot write)", line), line
    assert "No space left on device (the disk is full)" in line


@pytest.mark.slow
def test_a_cell_that_kills_its_process_is_named_and_not_rerun(tmp_path):
    """A cell that kills its process is named, and not run again (a kernel was once retried and no cell named)."""
    notebooks = tmp_path / "nbs"
    marker = tmp_path / "ran.txt"
    make_notebook(
        notebooks,
        "01_die.ipynb",
        "tolerance_pct = 5.0",
        ["x = 1", f"# dies\nopen({str(marker)!r}, 'a').write('ran\\n')\nimport os\nos._exit(1)", "y = 2"],
    )
    out_root = tmp_path / "reports"
    with pytest.raises(RunError) as caught:
        run.run_series({"tolerance_pct": "4"}, out_root=out_root, notebooks_dir=notebooks, progress=False)
    message = str(caught.value)
    assert message.startswith("01_die.ipynb: cell 3 ('# dies') killed the process running it (exit code 1)"), message
    assert message.endswith("the notebook was not run again")
    assert marker.read_text() == "ran\n"  # executed once
    assert list(out_root.iterdir()) == []


@pytest.mark.slow
def test_a_killed_run_leaves_nothing_the_next_run_does_not_clean(tmp_path):
    """A run killed mid-notebook leaves `.<name>.tmp-*` and its lock; the next run (of another
    scenario) removes them, and `compare` never lists them. Its workers die with it (no orphan keeps running
    the sleeping cell)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    notebooks = tmp_path / "nbs"
    started = tmp_path / "napping"
    nap = f"import time\nif tolerance_pct == 4.0:\n    open({str(started)!r}, 'w').close()\n    time.sleep(600)"
    make_notebook(notebooks, "01_nap.ipynb", "tolerance_pct = 5.0", [nap])
    reports = tmp_path / "reports"
    command = [sys.executable, "-m", "capexlib.cli", "run", "--reports", str(reports), "--notebooks", str(notebooks)]
    victim = subprocess.Popen([*command, "--tolerance-pct", "4"], start_new_session=True, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not started.exists():
        time.sleep(0.1)
    assert started.exists(), "the run never reached the sleeping cell"
    os.kill(victim.pid, signal.SIGKILL)  # the parent only: its workers must not go on without it
    victim.wait(30)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(victim.pid, 0)  # anything left of the run's process group?
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.killpg(victim.pid, signal.SIGKILL)
        pytest.fail("a worker outlived the killed run")
    left = sorted(p.name for p in reports.iterdir())
    assert any(name.startswith(".tolerance_pct-4.tmp-") for name in left) and ".tolerance_pct-4.lock" in left, left

    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in reports.iterdir()) == [".requests", "default"]  # and the request records
    assert cli.main(["compare", "default", "nope", "--reports", str(reports)]) == 1


@pytest.mark.slow
def test_concurrent_runs_give_byte_identical_results_and_no_leftovers(tmp_path):
    """Two `capex run` of one scenario and one of another, at once: each scenario folder is built once and
    swapped in safely; the same run made alone gives the same bytes."""
    import os
    import subprocess
    import sys
    import tempfile

    notebooks = tmp_path / "nbs"
    rates_notebook(notebooks)
    label_notebook(notebooks)
    reports = tmp_path / "reports"
    short_tmp = Path(tempfile.mkdtemp(prefix="ct", dir="/tmp"))
    env = {**os.environ, "TMPDIR": str(short_tmp)}
    base = [sys.executable, "-m", "capexlib.cli", "run", "--reports", str(reports), "--notebooks", str(notebooks), "--jobs", "1"]
    try:
        procs = [
            subprocess.Popen([*base, *extra], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for extra in (["-p", "label", "same"], ["-p", "label", "same"], ["-p", "label", "other"])
        ]
        results = [p.communicate(timeout=600) for p in procs]
        assert [p.returncode for p in procs] == [0, 0, 0], [err for _, err in results]
        assert results[0][0] == results[1][0] == f"{reports / 'label-same'}\n"
        # no temp folder, no lock; one record per request (capexlib.run.quick)
        assert sorted(p.name for p in reports.iterdir()) == [".requests", "label-other", "label-same"]
        assert len(list((reports / ".requests").iterdir())) == 2
        assert list(short_tmp.iterdir()) == []
        alone = tmp_path / "alone"
        done = subprocess.run(
            [*base[:4], "--reports", str(alone), *base[6:], "-p", "label", "same"], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        concurrent, single = snapshot(reports / "label-same"), snapshot(alone / "label-same")
        assert {k: v[0] for k, v in concurrent.items()} == {k: v[0] for k, v in single.items()}
        assert cache.cache_status(reports / "label-other", "x" * 64).problem is None  # intact manifest, other key
    finally:
        shutil.rmtree(short_tmp, ignore_errors=True)


def test_refreshing_the_committed_exports_reports_only_real_changes(tmp_path, monkeypatch):
    """`capex normalize` reports only files whose bytes changed, and writes them 0644 (it once said "wrote"
    for unchanged files and left them 0600)."""
    import os
    import stat

    for name in ("scorecard.csv", "claimreview.jsonld", "hindsight.csv", "hindsight.jsonld"):
        shutil.copy(NOTEBOOKS_DIR / name, tmp_path / name)
    readme = tmp_path / "README.md"
    shutil.copy(NOTEBOOKS_DIR.parent / "README.md", readme)
    monkeypatch.setattr(run, "NOTEBOOKS_DIR", tmp_path)
    monkeypatch.setattr(run, "README", readme)
    mtimes = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    assert run.refresh_committed_outputs() == []
    assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == mtimes
    card = tmp_path / "scorecard.csv"
    card.write_text(card.read_text(encoding="utf-8") + "stale\n", encoding="utf-8")
    card.chmod(0o600)
    assert run.refresh_committed_outputs() == ["wrote scorecard.csv"]
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(card.stat().st_mode) == 0o666 & ~umask
    assert card.read_bytes() == (NOTEBOOKS_DIR / "scorecard.csv").read_bytes()


@pytest.mark.slow
def test_run_outputs_honour_the_umask(series):
    """Every file of a run follows the umask (the exports were once 0600 while the rest of the folder was 0644)."""
    import os
    import stat

    umask = os.umask(0)
    os.umask(umask)
    folder = series["scenario"]
    modes = {p.relative_to(folder).as_posix(): stat.S_IMODE(p.stat().st_mode) for p in folder.rglob("*") if p.is_file()}
    assert set(modes.values()) == {0o666 & ~umask}, modes
    folders = [folder, *(p for p in folder.rglob("*") if p.is_dir())]
    assert {stat.S_IMODE(p.stat().st_mode) for p in folders} == {0o777 & ~umask}, folders  # the edition ko/ too


def test_sweep_a_whole_number_parameter_and_a_fixed_source_given_explicitly():
    """A whole-number parameter sweeps (audit_window_days was once refused as "not a number"); -p fx_source
    fixed agrees with a rate sweep."""
    table, _ = cli.sweep_table("audit_window_days", "1", "3", "1")
    assert table["audit_window_days"].tolist() == [1, 2, 3]
    assert all(isinstance(v, int) for v in table["audit_window_days"])
    table, _ = cli.sweep_table("krw_per_usd", "1300", "1400", "50", {"fx_source": "fixed"})
    # the four companies' 2025 guidance, $320B, at each rate
    assert table["us4_2025_plan_krw"].tolist() == ["416000000000000", "432000000000000", "448000000000000"]


def test_sweep_output_is_written_whole(tmp_path, capsys):
    out = tmp_path / "sweeps"
    assert cli.main(["sweep", "--param", "krw_per_usd", "--from", "1300", "--to", "1400", "--step", "50", "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["sweep_krw_per_usd.csv", "sweep_krw_per_usd.png"]
    assert (out / "sweep_krw_per_usd.csv").read_text(encoding="utf-8").count("\n") == 4
