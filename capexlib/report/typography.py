"""Type for reading, applied to a notebook's output when its page is rendered: URLs shown as text become
links (escaped, rel="noopener") and an amount never breaks inside itself ('557만 6000 달러').

`reader_text` takes HTML that capexlib.report.sanitize has just cleaned, where a `<` in text is always
`&lt;`, so the tags it steps over are real tags; it changes text between tags only. The site never reads
a rendered page back: what a page shows is decided from the run's data (capexlib.report.cards).
"""

from __future__ import annotations

import functools
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
    """Links for URLs and unbreakable amounts in every text node of a sanitized fragment."""
    return _text_nodes(_text_nodes(fragment, link_urls), keep_amounts_whole)
