"""Notebook prose in the reader's language, the way Sphinx and Jupyter Book translate documents.

Every paragraph of every Markdown cell of the numbered notebooks is one gettext entry (domain
`notebooks`): the English paragraph is the msgid, the notebook its msgctxt, the cell its location.
`make messages` extracts them and merges them into each language's catalogue (capexlib.report.catalogue),
where they are translated; the Korean edition renders each notebook with its prose from there. The English
notebooks stay the source: there is no second copy of any notebook.

A paragraph whose English changed has no translation any more (its old entry is dropped), so `missing`
names it, by notebook and cell, until it is translated again (tests/test_prose.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..core.paths import list_notebooks
from . import catalogue

DOMAIN = "notebooks"


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


def entries(notebooks: Iterable[Path] | None = None) -> Iterator[catalogue.Entry]:
    """(notebook, paragraph, 'NN_name.ipynb#cell-id') for every paragraph of the notebooks' Markdown cells."""
    for path in list_notebooks() if notebooks is None else notebooks:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        for index, cell in enumerate(notebook["cells"]):
            if cell["cell_type"] == "markdown":
                for text in paragraphs("".join(cell["source"])):
                    yield path.stem, text, f"{path.name}#{cell.get('id') or f'cell {index}'}"


def translate(markdown: str, notebook: str, lang: str) -> str:
    """A Markdown cell in `lang`: each paragraph from the catalogue (an untranslated one stays English)."""
    table = catalogue.translations(DOMAIN, lang)
    if not table:
        return markdown
    return "\n\n".join(table.get((notebook, p), p) for p in paragraphs(markdown))


def missing(lang: str, notebooks: Iterable[Path] | None = None) -> list[str]:
    return catalogue.missing(DOMAIN, lang, entries(notebooks))
