"""What counts as English a Korean reader should not meet, shared by the Korean outputs' tests
(tests/test_korean_outputs.py) and the Korean site's browser tests (tests/browser/test_korean.py): a Latin
word outside tests/korean_allowlist.txt (company and model names, units, acronyms) that is not an id of the
data, a run parameter or its value, an identifier in a code span, a URL, or the sources' own verbatim words."""

from __future__ import annotations

import csv
import functools
import html
import re
from collections.abc import Iterator
from pathlib import Path

from capexlib.core.paths import DEFAULT_DATA_DIR
from capexlib.core.yamlfile import read_yaml
from capexlib.run.params import PARAMETERS

ALLOWLIST = Path(__file__).with_name("korean_allowlist.txt")
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*(?:[-'’.][A-Za-z0-9_]+)*")
URL = re.compile(r"https?://\S+")
CODE_SPAN = re.compile(r"`[^`\n]+`")
# The sources' own words, shown verbatim (quotes are never translated): the articles' quotes and names, the
# filings' and reports' quoted lines, and the links.
VERBATIM_COLUMNS = {
    "claims": ("quote",),
    "articles": ("outlet", "author", "headline", "source_file"),
    "reference": ("source_quote", "source_url"),
    "outcomes": ("source_quote", "source_url"),
}


@functools.cache
def allowed_words() -> frozenset[str]:
    lines = ALLOWLIST.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def _tables() -> Iterator[tuple[str, list[dict[str, str]], dict[str, str]]]:
    """(table, rows, {column: type}) of every data table."""
    for path in sorted(DEFAULT_DATA_DIR.glob("*.csv")):
        meta = read_yaml(path.with_suffix(".meta.yaml"), ValueError, "provenance file")
        types = {f["name"]: str(f.get("type", "text")) for f in meta.get("fields", [])}
        with path.open(encoding="utf-8", newline="") as f:
            yield path.stem, list(csv.DictReader(f)), types


@functools.cache
def known_ids() -> frozenset[str]:
    """Every id of the data (typed id, ref or refs, or named *_id, *_ids, *_refs), the run parameters and
    their text values: code a reader meets as it is written."""
    found: set[str] = set(PARAMETERS) | {str(d) for d, _meaning in PARAMETERS.values() if isinstance(d, str) and d}
    found |= {"ecb", "article", "fixed", "en", "ko"}  # the values of fx_source and lang, as a table shows them
    for _table, rows, types in _tables():
        columns = [c for c, t in types.items() if t in ("id", "ref", "refs") or c.endswith(("_id", "_ids", "_refs"))]
        for row in rows:
            for column in columns:
                found |= {word.split(":", 1)[-1] for word in (row.get(column) or "").split()}
    return frozenset(found)


@functools.cache
def verbatim_texts() -> tuple[str, ...]:
    """The sources' verbatim words, longest first (so that a quote is removed before a part of it)."""
    found = {
        (row.get(column) or "").strip()
        for table, rows, _types in _tables()
        for row in rows
        for column in VERBATIM_COLUMNS.get(table, ())
    }
    return tuple(sorted((t for t in found if t), key=len, reverse=True))


def english_words(text: str, not_words: re.Pattern[str] | None = None) -> list[str]:
    """The Latin-script words of `text` a Korean reader should not meet (see the module docstring);
    `not_words`: more that is not words (a page's file names), taken out after the verbatim quotes."""
    text = html.unescape(text)
    for verbatim in verbatim_texts():
        text = text.replace(verbatim, " ")
    text = CODE_SPAN.sub(" ", URL.sub(" ", text))
    if not_words is not None:
        text = not_words.sub(" ", text)
    return [w for w in WORD.findall(text) if w not in allowed_words() and w not in known_ids()]


def unexpected(text: str, not_words: re.Pattern[str] | None = None) -> list[str]:
    """english_words of `text`, in order, each once."""
    return list(dict.fromkeys(english_words(text, not_words)))
