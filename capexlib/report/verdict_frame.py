"""Tables of verdicts that say which claims they show: the display object of `present.verdict_table` and
`present.scorecard_view`.

A `VerdictFrame` is a DataFrame in every way a notebook uses one (set_index, a selection of rows or columns
keeps the class and the check-to-claim map in `attrs`). Shown in a notebook it adds, to its output's metadata
under METADATA_KEY, the checks its rows show and their claims, in order. That is how the site learns which
page shows which claim (capexlib.report.notebooks) without reading the page: the notebook records it as data
in the same output the reader sees. Its HTML is pandas' table with one difference: each verdict cell carries
the class of its verdict (capexlib.report.styles), so the site can colour it beside its words.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Mapping
from typing import Any

import pandas as pd

from ..core.checks import VERDICTS
from .language import _, current, translations
from .styles import VERDICT_CLASS

METADATA_KEY = "capexlib/verdicts"  # output metadata: {"checks": [...], "claims": [...]}, claims[i] the claim of checks[i]
CLAIM_OF = "capexlib.claim_of"  # attrs: check id -> claim id
VERDICT_COLUMN = "verdict"


def check_columns() -> tuple[str, ...]:
    """The check column: its identifier, or its words in English or in the language of the outputs (a table
    is shown in the language it was built in)."""
    return tuple(dict.fromkeys(["check_id", "check", _("check")]))


def verdict_columns() -> tuple[str, ...]:
    return tuple(dict.fromkeys([VERDICT_COLUMN, _(VERDICT_COLUMN)]))


@functools.cache
def _verdict_words(lang: str) -> list[tuple[str, str]]:
    """Each verdict's words in English and in `lang`, longest first: "holds approximately (alternative
    reading)" starts with "holds" too, and "사실 아님" with "사실"."""
    words = {translations(each).gettext(v): VERDICT_CLASS[v] for each in dict.fromkeys(("en", lang)) for v in VERDICTS}
    return sorted(words.items(), key=lambda item: len(item[0]), reverse=True)


def verdict_class(text: str) -> str | None:
    """The class of a verdict as a table shows it, in English or the outputs' language ('holds (alternative
    reading)', '사실 (다른 해석)' -> 'v-holds'); None for other text."""
    for words, kind in _verdict_words(current()):
        if text == words or text.startswith(words + " "):
            return kind
    return None


class VerdictFrame(pd.DataFrame):  # type: ignore[misc]  # pandas is untyped here
    """Verdict rows for reading, naming the checks and claims they show (see the module docstring)."""

    @property
    def _constructor(self) -> type[VerdictFrame]:
        return VerdictFrame

    def shown(self) -> list[tuple[str, str]]:
        """(check id, claim id) of each row, in order; empty when the table shows no check ids."""
        claim_of: Mapping[str, str] = self.attrs.get(CLAIM_OF, {})
        return [(check, claim_of[check]) for check in _check_ids(self) if check in claim_of]

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
        """No data of its own (IPython adds text/plain and text/html as for any DataFrame), only metadata."""
        shown = self.shown()
        if not shown:
            return {}, {}
        return {}, {METADATA_KEY: {"checks": [check for check, _ in shown], "claims": [claim for _, claim in shown]}}

    def _repr_html_(self) -> str | None:
        if isinstance(self.index, pd.MultiIndex) or isinstance(self.columns, pd.MultiIndex):
            html_text: str | None = super()._repr_html_()
            return html_text
        return table_html(self)


def shown_verdicts(frame: pd.DataFrame, claim_of: Mapping[str, str]) -> VerdictFrame:
    """`frame` as a VerdictFrame that knows each check's claim."""
    shown = VerdictFrame(frame)
    shown.attrs[CLAIM_OF] = dict(claim_of)
    return shown


def _check_ids(frame: pd.DataFrame) -> list[str]:
    if frame.index.name in check_columns():
        return [str(i) for i in frame.index]
    column = next((c for c in check_columns() if c in frame.columns), None)
    return [] if column is None else [str(v) for v in frame[column]]


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) else html.escape(str(value))


def table_html(frame: pd.DataFrame) -> str:
    """The table as pandas writes a DataFrame's HTML (the index first, in `th` cells; marked for MathJax to
    ignore when pandas' option says so, as pandas marks its own), with a class on each verdict cell naming its
    verdict; deterministic, every value escaped."""
    named = frame.index.name is not None
    head = ([f"<th>{_cell(frame.index.name)}</th>"] if named else ["<th></th>"]) + [f"<th>{_cell(c)}</th>" for c in frame.columns]
    rows = []
    for label, values in zip(frame.index, frame.itertuples(index=False, name=None), strict=True):
        cells = [f"<th>{_cell(label)}</th>"]
        for column, value in zip(frame.columns, values, strict=True):
            kind = verdict_class(str(value)) if column in verdict_columns() else None
            cells.append(f'<td class="verdict {kind}">{_cell(value)}</td>' if kind else f"<td>{_cell(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    classes = "dataframe" if pd.get_option("display.html.use_mathjax") else "dataframe tex2jax_ignore mathjax_ignore"
    return (
        f'<div>\n<table border="1" class="{classes}">\n<thead>\n<tr>'
        + "".join(head)
        + "</tr>\n</thead>\n<tbody>\n"
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n</div>"
    )
