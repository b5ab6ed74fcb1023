"""Outputs in Korean: a run with lang=ko shows a Korean reader no English word outside the allowlist kept in
tests/korean_allowlist.txt (company and model names, units, acronyms), the data's ids, the run parameters,
identifiers in code spans, URLs and the sources' own verbatim words; its charts draw Korean text; a run with
lang=en (the default, the committed notebooks) still reads in English; column names are words, never
identifiers, and the CSV exports keep identifiers as column names."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import matplotlib.text
import pytest
from korean_words import WORD, english_words

from capexlib.core.paths import PROJECT_ROOT
from capexlib.report import language, notebooks
from capexlib.report.present import COLUMN_WORDS

HANGUL = re.compile(r"[\uac00-\ud7a3]")
TAG = re.compile(r"<style.*?</style>|<[^>]+>", re.DOTALL)


def visible_texts(path: Path) -> Iterator[tuple[str, str]]:
    """(where, text) of every output a reader sees in an executed notebook: stdout, a table's HTML without its
    tags (else its plain text), a chart's alt text; cells tagged `developer` (JSON-LD) are not the reader's."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        if "developer" in cell.get("metadata", {}).get("tags", []):
            continue
        for n, output in enumerate(cell.get("outputs", [])):
            where = f"{path.name}#{cell.get('id')}[{n}]"
            if output["output_type"] == "stream":
                yield where, "".join(output["text"])
            data = output.get("data", {})
            if "text/html" in data:
                yield where, TAG.sub(" ", "".join(data["text/html"]))
            elif "text/plain" in data:
                yield where, "".join(data["text/plain"])
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            if alt:
                yield where + " alt", alt


def chart_csv_headers(path: Path) -> Iterator[tuple[str, list[str]]]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            if "text/csv" in output.get("data", {}):
                header = next(csv.reader(io.StringIO("".join(output["data"]["text/csv"]))))
                yield f"{path.name}#{cell.get('id')}", header


def readme_identifiers() -> set[str]:
    """The identifiers of the README's table of the exports' columns (identifier, English, Korean)."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `([a-z0-9_]+)` \| [^|]+ \| [^|]+ \| [^|]+ \|$", readme, flags=re.MULTILINE))


# --- The language is a run parameter ----------------------------------------------------------------


def test_the_lang_option_chooses_the_edition_and_never_the_folder(tmp_path, capsys):
    """`--lang` (or `-p lang ko`, or `lang: ko` in a scenario file) builds one edition, in the scenario's own
    folder (the Korean one in ko/); a language without a catalogue is refused before anything runs, in one line
    naming the option or the parameter."""
    from capexlib import cli
    from capexlib.run import editions, notebook_params, series

    notebooks = sorted((PROJECT_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    given, languages = editions.take_language({"lang": "ko"}, None)
    assert (given, languages) == ({}, ("ko",))
    assert series.scenario_folder_name(notebook_params.resolve(given, notebooks)) == "default"
    assert editions.take_language({}, None) == ({}, ("en", "ko"))  # both editions when none is named
    assert cli.main(["run", "--lang", "fr", "--reports", str(tmp_path)]) == 2
    assert capsys.readouterr().err.strip() == "capex: error: --lang must be one of en, ko, got 'fr'"
    assert cli.main(["run", "-p", "lang", "xx", "--reports", str(tmp_path)]) == 2
    assert "must be one of en, ko" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


# --- The Korean run ------------------------------------------------------------------------------------


@pytest.mark.slow
def test_every_output_of_the_korean_run_reads_in_korean(korean_run):
    notebooks = sorted(korean_run.folder.glob("*.ipynb"))
    assert len(notebooks) == 7
    found = {}
    for path in notebooks:
        for where, text in visible_texts(path):
            if words := english_words(text):
                found[where] = sorted(set(words))
    assert not found, "English in the Korean outputs:\n" + "\n".join(f"{w}: {' '.join(v)}" for w, v in found.items())


@pytest.mark.slow
def test_the_korean_run_gives_the_same_bytes_again(korean_run, tmp_path):
    """Same inputs, byte-identical outputs: two notebooks run again in Korean, from another folder."""
    folder = tmp_path / "notebooks"
    folder.mkdir()
    names = ("03_bat_comparison.ipynb", "06_hindsight.ipynb")
    for name in names:
        shutil.copy(PROJECT_ROOT / "notebooks" / name, folder / name)
    command = [sys.executable, "-m", "capexlib.cli", "run", "--reports", str(tmp_path / "reports"), "--lang", "ko"]
    done = subprocess.run([*command, "--notebooks", str(folder)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    again = Path(done.stdout.strip().splitlines()[-1])
    assert (again.parent.name, again.name) == ("default", "ko")  # the Korean edition of the default scenario
    for name in names:
        assert (again / name).read_bytes() == (korean_run.folder / name).read_bytes(), name


@pytest.mark.slow
def test_no_korean_table_has_two_columns_of_the_same_name(korean_run):
    """Two identifiers never share their Korean words in one table ('reason' and 'why' are 이유 유형 and 이유)."""
    for path in sorted(korean_run.folder.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                table = "".join(output.get("data", {}).get("text/html", ""))
                for head in re.findall(r"<thead>(.*?)</thead>", table, flags=re.DOTALL):
                    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", head, flags=re.DOTALL):
                        names = [html.unescape(n) for n in re.findall(r"<th[^>]*>([^<]+)</th>", row)]
                        assert len(names) == len(set(names)), f"{path.name}#{cell.get('id')}: {names}"


@pytest.mark.slow
def test_korean_verdict_cells_carry_the_class_of_their_verdict(korean_run):
    """The site colours a verdict cell by its class, whatever the language of its words."""
    nb = json.loads((korean_run.folder / "01_totals_2025.ipynb").read_text(encoding="utf-8"))
    html_text = "".join("".join(o.get("data", {}).get("text/html", "")) for c in nb["cells"] for o in c.get("outputs", []))
    cells = set(re.findall(r'<td class="verdict (v-[a-z]+)">([^<]*)</td>', html_text))
    assert {("v-holds", "사실"), ("v-holds", "사실 (다른 해석)"), ("v-approx", "대체로 사실 (다른 해석)")} <= cells


@pytest.mark.slow
def test_the_korean_run_prints_no_warning(korean_run):
    """A glyph the chart font lacks (U+2212) would show as a box, and a warning in the notebook."""
    for path in sorted(korean_run.folder.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        streams = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "stream"]
        assert all(o["name"] == "stdout" for o in streams), path.name


@pytest.mark.slow
def test_csv_headers_are_documented_identifiers_in_both_runs(default_run, korean_run):
    """Every CSV a run writes (the exports, verdicts.csv, each chart's data, in the notebook and beside it)
    names its columns by identifiers the README lists, whatever the language."""
    documented = readme_identifiers()
    for run in (default_run, korean_run):
        headers = [(p.name, next(csv.reader(io.StringIO(p.read_text(encoding="utf-8"))))) for p in run.folder.glob("*.csv")]
        for path in sorted(run.folder.glob("*.ipynb")):
            headers += list(chart_csv_headers(path))
        assert len(headers) > 4
        for where, header in headers:
            unknown = [h for h in header if h not in documented]
            assert not unknown, f"{run.folder.name}/{where}: {unknown}"


def test_the_readme_names_every_column_in_both_languages():
    """The README's table gives each export column's identifier, its English words and its Korean words, as
    COLUMN_WORDS and the catalogue give them."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `([a-z0-9_]+)` \| ([^|]+) \| ([^|]+) \| [^|]+ \|$", readme, flags=re.MULTILINE)
    assert rows
    for identifier, english, korean in rows:
        assert english.strip() == COLUMN_WORDS[identifier]
        with language.using("ko"):
            assert korean.strip() == language._(COLUMN_WORDS[identifier])
        assert not english_words(korean), identifier


# --- Charts drawn in Korean ---------------------------------------------------------------------------


def figure_texts(chart) -> list[str]:
    """Every text a chart's figure draws: titles, axis labels, tick labels, legends, annotations, notes."""
    texts = [t.get_text() for t in chart.figure.findobj(matplotlib.text.Text)]
    return [t for t in texts if t.strip()]


@pytest.fixture(scope="module")
def drawn():
    from test_charts import NAMES, _draw

    from capexlib.report import charts
    from capexlib.run.outputs import compute
    from capexlib.run.params import DEFAULTS

    charts.setup_fonts()
    out = compute(DEFAULTS)
    found = {}
    for lang in language.LANGUAGES:
        with language.using(lang):
            found[lang] = {name: _draw(out, name) for name in NAMES}
    return found


def test_every_chart_draws_korean_text_in_the_korean_run(drawn):
    for name, chart in drawn["ko"].items():
        texts = [*figure_texts(chart), chart.alt, chart.title]
        english = {t: english_words(t) for t in texts if english_words(t)}
        assert not english, f"{name}: {english}"
        assert any(HANGUL.search(t) for t in figure_texts(chart)), name


def test_the_korean_charts_are_other_pictures_than_the_english_ones(drawn):
    for name in drawn["en"]:
        assert drawn["en"][name].png != drawn["ko"][name].png, name
        assert drawn["en"][name].alt != drawn["ko"][name].alt, name


def test_the_english_charts_still_read_in_english(drawn):
    for name, chart in drawn["en"].items():
        assert not HANGUL.search(chart.alt.split(":")[0]), name  # the alt text opens in English
        assert any(WORD.search(t) and not HANGUL.search(t) for t in figure_texts(chart)), name


# --- The English run ---------------------------------------------------------------------------------


@pytest.mark.slow
def test_the_english_run_still_reads_in_english(default_run):
    """Column names are English words (never identifiers, never Hangul); the reasons are English sentences."""
    headers, identifiers = [], set(COLUMN_WORDS) - {w for w in COLUMN_WORDS.values()}
    for path in sorted(default_run.folder.glob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for output in cell.get("outputs", []):
                table = "".join(output.get("data", {}).get("text/html", ""))
                headers += [html.unescape(h) for h in re.findall(r"<th>([^<]*)</th>", table.split("</thead>")[0])]
    assert headers
    assert not [h for h in headers if HANGUL.search(h)]
    assert not [h for h in headers if h in identifiers and "_" in h]
    scorecard = json.loads((default_run.folder / "05_scorecard.ipynb").read_text(encoding="utf-8"))
    text = json.dumps(scorecard, ensure_ascii=False)
    assert "Overstated: The article's own 2025 total less its own 2024 total." in text
    assert "percent off = (printed - computed) / computed" in text


@pytest.mark.slow
def test_the_two_runs_compute_the_same_figures(default_run, korean_run):
    """The language changes the words, never a figure or a verdict: the exports' machine columns agree."""
    for name, columns in (
        ("scorecard.csv", ("check_id", "printed", "computed", "percent_off", "verdict", "reason_kind")),
        ("hindsight.csv", ("check_id", "printed", "later", "change_pct", "outcome")),
    ):
        rows = {}
        for run in (default_run, korean_run):
            with (run.folder / name).open(encoding="utf-8", newline="") as f:
                rows[run.folder.name] = [tuple(r[c] for c in columns) for r in csv.DictReader(f)]
        assert rows["default"] == rows["ko"], name
    shown = {}
    for run in (default_run, korean_run):  # each verdict table records the same checks and claims
        facts = notebooks.read(sorted(run.folder.glob("*.ipynb")))
        shown[run.folder.name] = [(nb.stem, [(s.check_id, s.claim_id) for s in nb.shown], len(nb.charts)) for nb in facts]
    assert shown["default"] == shown["ko"]
    for run in (default_run, korean_run):
        with (run.folder / "headline.csv").open(encoding="utf-8", newline="") as f:
            values = [(r["id"], r["value"], r["unit"]) for r in csv.DictReader(f)]
        rows[run.folder.name] = values
    assert rows["default"] == rows["ko"]
