"""Type for reading, applied to a notebook's output when its page is rendered: URLs shown as text become
links (escaped, rel="noopener"), an amount never breaks inside itself ('557만 6000 달러'), and each cell of a
table is labelled with its column (`data-label`), so that a table with more columns than a phone has room
for is shown as stacked rows there, each value under its column's name (templates/site.css).

`reader_text` takes HTML that capexlib.report.sanitize has just cleaned, where a `<` in text is always
`&lt;`, so the tags it steps over are real tags; it changes text between tags only. The site never reads
a rendered page back: what a page shows is decided from the run's data (capexlib.report.cards).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable

from ..core.money import find_amounts

_PIECES = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"</?\s*([A-Za-z0-9]+)")
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:)\]]")
_NO_TEXT_WORK = {"style", "script", "title", "a", "textarea"}
# Only text with a digit and a space or minus sign somewhere can hold an amount that breaks (exact: an
# amount with neither is left as it is below, so skipping the rest changes nothing).
_DIGIT = re.compile(r"\d")
_BREAK = re.compile(r"[\s\-−]")


def _text_nodes(fragment: str, work: Callable[[str], str]) -> str:
    """`work` applied to every text node of a sanitized fragment outside links, styles and scripts."""
    out: list[str] = []
    skip: list[str] = []
    for piece in _PIECES.split(fragment):
        if piece.startswith("<"):
            name = _TAG_NAME.match(piece)
            tag = name.group(1).lower() if name else ""
            if tag in _NO_TEXT_WORK and not piece.endswith("/>"):
                if piece.startswith("</"):
                    if skip and skip[-1] == tag:
                        skip.pop()
                else:
                    skip.append(tag)
            out.append(piece)
        elif piece and not skip:
            out.append(work(piece))
        else:
            out.append(piece)
    return "".join(out)


def link_urls(text: str) -> str:
    """URLs in an (escaped) text node as links that open without access to this page."""
    return _URL.sub(lambda m: f'<a href="{m.group(0)}" rel="noopener">{m.group(0)}</a>', text)


@functools.lru_cache(maxsize=8192)  # pure; the same figure recurs across a run's pages (~3.5 uses per text)
def keep_amounts_whole(text: str) -> str:
    """Each amount a line could break inside ('557만 6000 달러', '-₩21.5T') wrapped so that it never does."""
    if _DIGIT.search(text) is None or _BREAK.search(text) is None:
        return text  # no digit, or nothing an amount could break at: unchanged, without parsing (most nodes)
    try:
        found = [a for a in find_amounts(text) if any(c.isspace() or c in "-−" for c in a.text)]
    except ValueError:
        return text
    out, last = [], 0
    for amount in found:
        start, end = amount.start, amount.end
        while end > start and text[end - 1].isspace():
            end -= 1
        while start < end and text[start].isspace():
            start += 1
        if start < last:
            continue
        out.append(text[last:start] + f'<span class="amount">{text[start:end]}</span>')
        last = end
    return "".join(out) + text[last:]


def reader_text(fragment: str) -> str:
    """Links for URLs and unbreakable amounts in every text node of a sanitized fragment, and its tables'
    cells labelled with their columns."""
    return label_columns(_text_nodes(_text_nodes(fragment, link_urls), keep_amounts_whole))


_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL | re.IGNORECASE)
_HEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.DOTALL | re.IGNORECASE)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.DOTALL | re.IGNORECASE)
_CELL = re.compile(r"<(t[hd])\b([^>]*)>(.*?)</t[hd]>", re.DOTALL | re.IGNORECASE)
_SPAN = re.compile(r"""colspan\s*=\s*["']?(\d+)""", re.IGNORECASE)
STACK_FROM = 3  # columns from which a table is stacked on a narrow screen (two fit a phone)


def _span(attributes: str) -> int:
    found = _SPAN.search(attributes)
    return max(1, min(int(found.group(1)), 100)) if found else 1


def _labels(head: str) -> list[str]:
    """The name of each column position: the non-empty header texts over it, top row first."""
    columns: list[list[str]] = []
    for row in _ROW.findall(head):
        position = 0
        for _, attributes, content in _CELL.findall(row):
            text = " ".join(html.unescape(_PIECES.sub("", content)).split())
            for i in range(position, position + _span(attributes)):
                while len(columns) <= i:
                    columns.append([])
                if text and text not in columns[i]:
                    columns[i].append(text)
            position += _span(attributes)
    return [" · ".join(words) for words in columns]


def _label_row(row: str, labels: list[str]) -> str:
    position = 0

    def one(cell: re.Match[str]) -> str:
        nonlocal position
        tag, attributes, content = cell.group(1), cell.group(2), cell.group(3)
        label = labels[position] if position < len(labels) else ""
        position += _span(attributes)
        if not label or "data-label" in attributes:
            return cell.group(0)
        return f'<{tag}{attributes} data-label="{html.escape(label, quote=True)}">{content}</{tag}>'

    return _CELL.sub(one, row)


def _label_table(table: str) -> str:
    head = _HEAD.search(table)
    if head is None:
        return table
    labels = _labels(head.group(1))
    if len(labels) < STACK_FROM:
        return table
    body = table[head.end() :]
    body = _ROW.sub(lambda row: _label_row(row.group(0), labels), body)
    opening = table[: head.start()].replace("<table", '<table data-stack=""', 1)
    return opening + table[head.start() : head.end()] + body


def label_columns(fragment: str) -> str:
    """Every table of a sanitized fragment with three columns or more: each body cell labelled with its
    column's name (`data-label`), the table marked `data-stack` (stacked on a narrow screen)."""
    if "<table" not in fragment:
        return fragment
    return _TABLE.sub(lambda table: _label_table(table.group(0)), fragment)
