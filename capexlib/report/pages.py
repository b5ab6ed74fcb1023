"""Finishing a rendered notebook page: surgery on the sanitized HTML that nbconvert wrote.

- verdict tables (a table with a `verdict` column, keyed by check id) get an anchor per row
  (`claim-<claim_id>` on a claim's primary check, `check-<check_id>` on other readings), and each
  verdict cell a class naming its verdict, so "does not hold" stands out;
- URLs shown as text become links (escaped, rel="noopener"); amounts never break inside themselves;
- a chart's "Data (CSV)" link gets its file; the page gets the site's header, footer, style and title.

Everything here works on HTML that capexlib.report.sanitize has already cleaned, where a `<` in text is
always `&lt;`: a tag found by these patterns is a real tag. The functions are pure (text in, text out).
"""

from __future__ import annotations

import functools
import html
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from ..core.checks import APPROX, FAILS, HOLDS, UNCHECKABLE
from ..core.money import find_amounts

VERDICT_CLASS = {HOLDS: "v-holds", APPROX: "v-approx", FAILS: "v-fails", UNCHECKABLE: "v-unchecked"}
# Longest first: "holds approximately (alternative reading)" starts with "holds" too.
_BY_LENGTH = sorted(VERDICT_CLASS, key=len, reverse=True)

_TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.DOTALL)
_THEAD = re.compile(r"<thead\b[^>]*>(.*?)</thead>", re.DOTALL)
_TBODY = re.compile(r"(<tbody\b[^>]*>)(.*?)(</tbody>)", re.DOTALL)
_ROW = re.compile(r"<tr\b([^>]*)>(.*?)</tr>", re.DOTALL)
_CELL = re.compile(r"<(th|td)\b([^>]*)>(.*?)</\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_PIECES = re.compile(r"(<[^>]*>)")
_URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:)\]]")
_CSV_LINK = re.compile(r'<a data-capex-chart-csv="([^"]*)">[^<]*</a>')
_NO_TEXT_WORK = {"style", "script", "title", "a", "textarea"}


def verdict_class(text: str) -> str | None:
    """The class of a verdict cell from its text ('holds (alternative reading)' -> 'v-holds')."""
    for verdict in _BY_LENGTH:
        if text == verdict or text.startswith(verdict + " "):
            return VERDICT_CLASS[verdict]
    return None


def cell_text(cell_html: str) -> str:
    return html.unescape(_TAG.sub("", cell_html)).strip()


def _verdict_column(table: str) -> int | None:
    head = _THEAD.search(table)
    if head is None:
        return None
    first = _ROW.search(head.group(1))
    if first is None:
        return None
    names = [cell_text(m.group(3)) for m in _CELL.finditer(first.group(2))]
    return names.index("verdict") if "verdict" in names else None


@dataclass(frozen=True)
class VerdictRow:
    key: str  # the row's first cell: a check id
    verdict: str  # the verdict cell's text


def verdict_rows(page: str) -> list[VerdictRow]:
    """The rows of every verdict table in `page` (or in one notebook output), in order."""
    rows = []
    for table in _TABLE.finditer(page):
        column = _verdict_column(table.group(0))
        body = _TBODY.search(table.group(0))
        if column is None or body is None:
            continue
        for row in _ROW.finditer(body.group(2)):
            cells = [cell_text(m.group(3)) for m in _CELL.finditer(row.group(2))]
            if len(cells) > column:
                rows.append(VerdictRow(cells[0], cells[column]))
    return rows


def _add_attribute(attrs: str, name: str, value: str) -> str:
    """Attributes of a tag with `name` set (a class is added to existing classes)."""
    found = re.search(rf'\s{name}="([^"]*)"', attrs)
    if found is None:
        return f'{attrs} {name}="{html.escape(value)}"'
    if name == "class":
        return attrs[: found.start(1)] + html.escape(f"{found.group(1)} {value}".strip()) + attrs[found.end(1) :]
    return attrs[: found.start(1)] + html.escape(value) + attrs[found.end(1) :]


def mark_verdict_tables(page: str, anchors: Mapping[str, str]) -> tuple[str, list[str]]:
    """Anchors on verdict-table rows (`anchors`: check id -> element id, each used once per page) and a
    verdict class on each verdict cell. Returns the page and the anchors placed, in order."""
    placed: list[str] = []

    def row(match: re.Match[str], column: int) -> str:
        attrs, inner = match.group(1), match.group(2)
        cells = list(_CELL.finditer(inner))
        if not cells:
            return match.group(0)
        anchor = anchors.get(cell_text(cells[0].group(3)))
        if anchor and anchor not in placed:
            placed.append(anchor)
            attrs = _add_attribute(attrs, "id", anchor)
        if len(cells) > column:
            cell = cells[column]
            kind = verdict_class(cell_text(cell.group(3)))
            if kind:
                tag, cell_attrs = cell.group(1), _add_attribute(cell.group(2), "class", f"verdict {kind}")
                new = f"<{tag}{cell_attrs}>{cell.group(3)}</{tag}>"
                inner = inner[: cell.start()] + new + inner[cell.end() :]
        return f"<tr{attrs}>{inner}</tr>"

    def table(match: re.Match[str]) -> str:
        text = match.group(0)
        column = _verdict_column(text)
        if column is None:
            return text
        return _TBODY.sub(lambda b: b.group(1) + _ROW.sub(lambda r: row(r, column), b.group(2)) + b.group(3), text)

    return _TABLE.sub(table, page), placed


def _text_nodes(page: str, work: Callable[[str], str]) -> str:
    """`work` applied to every text node of the body outside links, styles and scripts."""
    start = page.find("<body")
    head, body = (page[:start], page[start:]) if start >= 0 else ("", page)
    out: list[str] = []
    skip: list[str] = []
    for piece in _PIECES.split(body):
        if piece.startswith("<"):
            name = re.match(r"</?\s*([A-Za-z0-9]+)", piece)
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
    return head + "".join(out)


def link_urls(text: str) -> str:
    """URLs in an (escaped) text node as links that open without access to this page."""
    return _URL.sub(lambda m: f'<a href="{m.group(0)}" rel="noopener">{m.group(0)}</a>', text)


# Only text with a digit and a space or minus sign somewhere can hold an amount that breaks (exact: an
# amount with neither is left as it is below, so skipping the rest changes nothing).
_DIGIT = re.compile(r"\d")
_BREAK = re.compile(r"[\s\-−]")


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


def reader_text(page: str) -> str:
    """Links for URLs and unbreakable amounts in every text node of the page's body."""
    return _text_nodes(_text_nodes(page, link_urls), keep_amounts_whole)


def chart_links(page: str, files: list[str], label: Callable[[str], str]) -> str:
    """Point the k-th chart's data link at files[k]; `label(title)` is the link text."""
    names = iter(files)

    def one(match: re.Match[str]) -> str:
        name = next(names, None)
        if name is None:
            return ""
        title = html.unescape(match.group(1))
        return f'<a href="{html.escape(name)}" download>{html.escape(label(title))}</a>'

    return _CSV_LINK.sub(one, page)


def chart_count(page: str) -> int:
    return len(_CSV_LINK.findall(page))


@dataclass(frozen=True)
class Chrome:
    """What the site adds around a notebook's rendered content."""

    title: str
    lang: str
    style: str  # CSS
    header: str  # HTML, after <body>
    footer: str  # HTML, before </body>


def dress(page: str, chrome: Chrome) -> str:
    """The page with the site's title, language, style, header and footer."""
    page = re.sub(r"<title>.*?</title>", f"<title>{html.escape(chrome.title)}</title>", page, count=1, flags=re.DOTALL)
    page = re.sub(r'<html lang="[^"]*"', f'<html lang="{chrome.lang}"', page, count=1)
    head_end = page.find("</head>")
    page = page[:head_end] + f"<style>{chrome.style}</style>\n" + page[head_end:]
    body = re.search(r"<body\b[^>]*>", page)
    if body is not None:
        page = page[: body.end()] + "\n" + chrome.header + page[body.end() :]
    end = page.rfind("</body>")
    return page[:end] + chrome.footer + "\n" + page[end:]


def iter_ids(page: str) -> Iterator[str]:
    for match in re.finditer(r'\sid="([^"]+)"', page):
        yield html.unescape(match.group(1))
