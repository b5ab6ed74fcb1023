"""Notebook prose in the reader's language, the way Sphinx and Jupyter Book translate documents.

Every paragraph of every Markdown cell of the numbered notebooks is one gettext entry: the English
paragraph is the msgid, the notebook its msgctxt, the cell its location. `make messages` extracts them
into locale/notebooks.pot and merges them into each language's locale/<lang>/LC_MESSAGES/notebooks.po,
where they are translated; the Korean edition renders each notebook with its prose from there. The English
notebooks stay the source: there is no second copy of any notebook.

A paragraph whose English changed has no translation any more (its old entry becomes obsolete), so
`missing` names it, by notebook and cell, until it is translated again (tests/test_prose.py).
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import io
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from ..core.paths import NOTEBOOKS_DIR, list_notebooks

DOMAIN = "notebooks"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
TRANSLATED = ("ko",)  # the languages the notebooks' prose is translated into
WIDTH = 120
FIXED_DATE = dt.datetime(2026, 12, 4, tzinfo=dt.UTC)  # in the headers: rerunning `make messages` changes nothing


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a notebook's Markdown: the text, the notebook (its stem) and the cell's id."""

    text: str
    notebook: str
    cell: str


def paragraphs(markdown: str) -> list[str]:
    """A Markdown cell's paragraphs: blocks separated by blank lines, each heading a block of its own."""
    blocks: list[str] = []
    current: list[str] = []
    for line in markdown.splitlines():
        if not line.strip() or line.startswith("#"):
            if current:
                blocks.append("\n".join(current))
                current = []
            if line.strip():
                blocks.append(line)
            continue
        current.append(line)
    if current:
        blocks.append("\n".join(current))
    return blocks


def notebook_paragraphs(path: Path) -> Iterator[Paragraph]:
    """Every paragraph of the notebook's Markdown cells, in order."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] == "markdown":
            for text in paragraphs("".join(cell["source"])):
                yield Paragraph(text, path.stem, cell.get("id") or f"cell {index}")


def extract(notebooks: Iterable[Path]) -> Catalog:
    """The template catalogue: one entry per distinct paragraph of each notebook."""
    catalog = Catalog(domain=DOMAIN, project="capex notebooks", charset="utf-8", creation_date=FIXED_DATE)
    for path in notebooks:
        for p in notebook_paragraphs(path):
            # A location with no line number (a cell is not a line): babel prints the name alone.
            catalog.add(p.text, context=p.notebook, locations=[(f"{p.notebook}.ipynb#{p.cell}", None)])  # type: ignore[list-item]
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def _write(catalog: Catalog, path: Path, template: bool = False) -> None:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=WIDTH, omit_header=template, sort_output=True, ignore_obsolete=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def _read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=lang, domain=DOMAIN)


def messages(notebooks: Iterable[Path] | None = None) -> list[Path]:
    """`make messages` for the notebooks: write the template and merge it into each language's catalogue
    (translations kept; entries whose English is gone dropped, so a changed paragraph shows as new)."""
    template = extract(list_notebooks() if notebooks is None else notebooks)
    written = [LOCALE_DIR / f"{DOMAIN}.pot"]
    _write(template, written[0], template=True)
    for lang in TRANSLATED:
        path = po_path(lang)
        catalog = (
            _read(path, lang)
            if path.is_file()
            else Catalog(locale=lang, domain=DOMAIN, project="capex notebooks", charset="utf-8", creation_date=FIXED_DATE)
        )
        catalog.revision_date = FIXED_DATE
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        _write(catalog, path)
        written.append(path)
    return written


@functools.cache
def _translations(lang: str) -> dict[tuple[str, str], str]:
    """{(notebook, English paragraph): translation} of a language's catalogue (empty for English)."""
    path = po_path(lang)
    if lang == "en" or not path.is_file():
        return {}
    return {
        (m.context or "", m.id): m.string
        for m in _read(path, lang)
        if isinstance(m.id, str) and isinstance(m.string, str) and m.id and m.string and not m.fuzzy
    }


def translate(markdown: str, notebook: str, lang: str) -> str:
    """A Markdown cell in `lang`: each paragraph from the catalogue (an untranslated one stays English)."""
    table = _translations(lang)
    if not table:
        return markdown
    return "\n\n".join(table.get((notebook, p), p) for p in paragraphs(markdown))


def missing(lang: str, notebooks: Iterable[Path] | None = None) -> list[str]:
    """Every paragraph with no translation in `lang`, by notebook and cell: new, or changed since translated."""
    table = _translations(lang)
    found = []
    for path in list_notebooks() if notebooks is None else notebooks:
        for p in notebook_paragraphs(path):
            if (p.notebook, p.text) not in table:
                found.append(f"{p.notebook}.ipynb {p.cell}: {p.text[:80]!r}")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m capexlib.report.prose", description=(__doc__ or "").splitlines()[0])
    parser.add_argument("command", choices=["messages", "missing"], help="refresh the catalogues, or list what is untranslated")
    parser.add_argument("--notebooks", default=str(NOTEBOOKS_DIR), help="the notebooks folder (default notebooks/)")
    args = parser.parse_args(argv)
    notebooks = list_notebooks(args.notebooks)
    if args.command == "messages":
        for path in messages(notebooks):
            print(f"wrote {path}")
        return 0
    gaps = [f"{lang}: {gap}" for lang in TRANSLATED for gap in missing(lang, notebooks)]
    print("\n".join(gaps) or "every paragraph is translated")
    return 1 if gaps else 0


if __name__ == "__main__":
    sys.exit(main())
