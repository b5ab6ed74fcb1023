"""The compare page: two scenarios side by side, titled with both in words. By default it lists only the
headline figures that moved and the verdicts that changed; every figure is one click away. A run that is
not the default writes one against the default parameters (compare.html, linked from its banner);
`capex compare A B` writes one beside the two scenario folders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from markupsafe import Markup

from . import compare, datatext, fonts, language
from .banner import short
from .i18n import DEFAULT_LANGUAGE, Messages
from .templating import render, style


@dataclass(frozen=True)
class Side:
    name: str
    words: str
    href: str  # its index page, relative to the compare page ('' when not linked)


@dataclass(frozen=True)
class VerdictRow:
    label: str
    href: str
    a: str
    b: str
    why: str


def compare_html(
    a: compare.ComparedScenario,
    b: compare.ComparedScenario,
    lang: str = DEFAULT_LANGUAGE,
    a_href: str = "",
    b_root: str = "",
    switch: Sequence[Any] = (),
) -> str:
    """The page comparing A with B (`b_root`: the path from the page to B's folder; `a_href`: A's index;
    `switch`: this page in the other editions, capexlib.report.context.Switch)."""
    with language.using(lang):  # the words the library writes for the page (a reason, a label) in its language
        return _compare_html(a, b, lang, a_href, b_root, switch)


def _compare_html(
    a: compare.ComparedScenario,
    b: compare.ComparedScenario,
    lang: str,
    a_href: str,
    b_root: str,
    switch: Sequence[Any],
) -> str:
    messages = Messages(lang)
    figures = compare.figure_changes(a, b)
    changed = compare.verdict_changes(a, b)
    verdicts = None
    if changed is not None:
        verdicts = []
        for v in changed:
            url = b.urls.get(v["claim_id"], "")
            href = url if not url or "://" in url else b_root + url
            outlet = datatext.text(str(v["outlet"]), "articles", "outlet", lang)
            verdicts.append(VerdictRow(f"{outlet}: {short(v['quote'])}", href, v["a"], v["b"], v["why"]))
    title = messages.gettext("%(b)s, against %(a)s") % {"a": a.words or a.name, "b": b.words or b.name}
    return render(
        lang,
        "compare.html.j2",
        lang=lang,
        title=title,
        root=b_root,
        style=Markup(style()),
        a=Side(a.name, a.words or a.rates, a_href),
        b=Side(b.name, b.words or b.rates, f"{b_root}index.html"),
        rows=[f.shown() for f in figures if f.changed],
        all_rows=[f.shown() for f in figures],
        verdicts=verdicts,
        switch=tuple(switch),
    )


def render_compare(
    path: Path,
    a: compare.ComparedScenario,
    b: compare.ComparedScenario,
    lang: str = DEFAULT_LANGUAGE,
    folders: tuple[str, str] | None = None,
) -> Path:
    """Write the comparison page of two scenarios beside their folders, with the embedded font; `folders`:
    the path from the page to the edition of each that it links to ('default', 'default/ko')."""
    a_folder, b_folder = folders or (a.name, b.name)
    page = compare_html(a, b, lang, a_href=f"{a_folder}/index.html", b_root=f"{b_folder}/")
    path.write_text(fonts.embed({path.name: page})[path.name], encoding="utf-8")
    return path
