"""The Korean edition's text catalogues: every paragraph of the notebooks' prose is translated, a paragraph
whose English changed shows up by notebook and cell until it is translated again, and the committed
templates are what `make messages` extracts today."""

from __future__ import annotations

import io
import json
import shutil

from babel.messages.pofile import read_po

from capexlib.core.paths import NOTEBOOKS_DIR, list_notebooks
from capexlib.report import catalogue, prose


def test_every_paragraph_of_the_notebooks_prose_is_translated_into_korean():
    missing = prose.missing("ko")
    assert not missing, "untranslated or changed since translated (make messages, then translate):\n" + "\n".join(missing)


def test_a_changed_paragraph_is_named_by_notebook_and_cell(tmp_path):
    folder = tmp_path / "notebooks"
    folder.mkdir()
    for path in list_notebooks():
        shutil.copy(path, folder / path.name)
    path = folder / "06_hindsight.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell = next(c for c in notebook["cells"] if c["cell_type"] == "markdown" and "".join(c["source"]).startswith("## Charts"))
    cell["source"] = ["## Charts and more"]
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert prose.missing("ko", list_notebooks(folder)) == [f"06_hindsight.ipynb#{cell['id']}: '## Charts and more'"]


def test_a_cell_reads_in_korean_paragraph_by_paragraph():
    assert prose.translate("## Load", "01_totals_2025", "ko") == "## 불러오기"
    assert prose.translate("## Load", "01_totals_2025", "en") == "## Load"
    markdown = "## Load\n\nnot a paragraph of this notebook"
    assert prose.translate(markdown, "01_totals_2025", "ko") == "## 불러오기\n\nnot a paragraph of this notebook"


def test_paragraphs_split_on_blank_lines_and_headings():
    blocks = ["# Title", "Text one\ncontinued", "- a\n- b", "### Sub"]
    assert prose.paragraphs("# Title\nText one\ncontinued\n\n- a\n- b\n### Sub") == blocks


def test_the_committed_template_is_what_the_notebooks_hold_today():
    with catalogue.template_path(prose.DOMAIN).open("rb") as f:
        committed = {(m.context, m.id) for m in read_po(f) if m.id}
    current = {(context, text) for context, text, _ in prose.entries()}
    assert committed == current, "run `make messages`"


def test_the_catalogues_parse_and_the_korean_prose_keeps_the_markdown_structure():
    with catalogue.po_path(prose.DOMAIN, "ko").open("rb") as f:
        entries = [m for m in read_po(io.BytesIO(f.read()), locale="ko") if m.id]
    assert len(entries) >= 140
    for m in entries:
        for marker in ("#", "- ", "**"):
            assert m.id.startswith(marker) == m.string.startswith(marker), (m.context, m.id[:40])
        assert m.id.count("`") == m.string.count("`"), (m.context, m.id[:40])  # code stays code
    assert NOTEBOOKS_DIR.is_dir()


def test_every_reader_visible_data_text_is_translated_into_korean():
    from capexlib.report import datatext

    missing = datatext.missing("ko")
    assert not missing, "untranslated or changed since translated (make messages, then translate):\n" + "\n".join(missing[:20])


def test_data_text_reads_in_the_readers_language():
    from capexlib.core.ledger import load_ledger
    from capexlib.report import datatext

    ledger = load_ledger()
    metric = ledger.reference.loc["kr-budget-2024", "metric"]
    assert datatext.text(metric, "reference", "metric", "en") == metric
    korean = datatext.text(metric, "reference", "metric", "ko")
    assert korean != metric and "예산" in korean
    assert datatext.text("a text no table holds", "reference", "metric", "ko") == "a text no table holds"


def test_the_committed_data_template_is_what_the_tables_hold_today():
    from capexlib.report import datatext

    with catalogue.template_path(datatext.DOMAIN).open("rb") as f:
        committed = {(m.context, m.id) for m in read_po(f) if m.id}
    assert committed == {(context, text) for context, text, _ in datatext.entries()}, "run `make messages`"
