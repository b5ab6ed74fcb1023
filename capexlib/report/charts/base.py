"""What every chart shares: Hangul fonts, deterministic PNGs, the data drawn as CSV, the sources named, and
panels cut out for narrow screens.

A chart function takes the frame its notebook cell already computed and returns a `Chart`: the figure as
PNG, its alt text (built from the numbers drawn, never typed), the table it draws (offered as CSV beside
it) and the sources it rests on (as keys the site turns into links: see `Chart`). A chart of several
panels is also cut panel by panel, so that a narrow screen can stack them.

NanumGothic has no U+2212 minus sign, so axes use the ASCII hyphen-minus. Labels on the charts are
written by capexlib.report.present, like every other figure a reader sees.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import matplotlib

matplotlib.use("Agg")  # no display on CI; the notebook shows the PNG we render ourselves

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.image import imread, imsave
from matplotlib.transforms import Bbox

from ...core.fx import Rate
from ...core.numbers import CTX
from .. import fonts
from ..csvsafe import csv_text
from ..language import _
from ..notebooks import CHART_CSV as CHART_CSV
from ..notebooks import CHART_KEY
from ..present import rate_text

BILLION = Decimal(10) ** 9
TRILLION = Decimal(10) ** 12
MILLION = Decimal(10) ** 6
# Sources a chart can name besides data rows (capexlib.report.chart_notes words them for the site).
ECB = "ecb"  # the ECB euro reference rates
CHECKS = "checks"  # this series' checks (the scorecard)


def setup_fonts() -> None:
    """Register the bundled NanumGothic fonts and make them the default (idempotent)."""
    if fonts.FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        for path in fonts.font_files():
            font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update(
        {
            "font.family": fonts.FAMILY,
            "axes.unicode_minus": False,
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "figure.figsize": (8, 4.5),
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG with no software/date metadata, so the bytes depend only on the drawing."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    return buffer.getvalue()


def _cell(v: Any) -> Any:
    if isinstance(v, Decimal):
        return f"{v:f}"
    if isinstance(v, Rate):
        return rate_text(v)
    return v


def data_csv(table: pd.DataFrame) -> str:
    """The table as CSV: Decimals written out in full (never in exponent form), rates in words; text that a
    spreadsheet would run as a formula (an outlet's name from the data) written as text."""
    return csv_text(table.map(_cell))


def _panels(fig: Figure) -> list[Any]:
    """The figure's panels (axes laid out on its grid), row by row, left to right."""
    found = [ax for ax in fig.axes if ax.get_subplotspec() is not None]
    return sorted(found, key=lambda ax: (ax.get_subplotspec().rowspan.start, ax.get_subplotspec().colspan.start))


def grid_columns(fig: Figure) -> int:
    """How many panels the figure sets side by side."""
    return max((ax.get_subplotspec().colspan.stop for ax in _panels(fig)), default=1)


def panel_boxes(fig: Figure, pad: float = 0.08) -> list[Bbox]:
    """The area (inches) of each panel, row by row: the panel's axes with their tick labels, titles, legends
    and texts, with `pad` inches of margin. Figure-level texts (a title over all panels, the source line)
    belong to no panel: where the panels are shown apart, the page says them in words."""
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    inverse = fig.dpi_scale_trans.inverted()
    boxes = [ax.get_tightbbox(renderer) for ax in _panels(fig)]
    return [b.transformed(inverse).padded(pad) for b in boxes if b is not None]


def panel_pngs(fig: Figure, whole: bytes) -> list[bytes]:
    """Each panel cut out of `whole` (the figure saved with bbox_inches='tight'), as PNG: no second
    drawing, so the panels are exactly the pixels of the whole chart."""
    boxes = panel_boxes(fig)
    renderer = fig.canvas.get_renderer()  # type: ignore[attr-defined]
    tight = fig.get_tightbbox(renderer).padded(matplotlib.rcParams["savefig.pad_inches"])
    dpi = fig.dpi if matplotlib.rcParams["savefig.dpi"] == "figure" else matplotlib.rcParams["savefig.dpi"]
    image = imread(io.BytesIO(whole), format="png")
    pngs = []
    for box in boxes:
        left, right = (round((x - tight.x0) * dpi) for x in (box.x0, box.x1))
        top, bottom = (round((tight.y1 - y) * dpi) for y in (box.y1, box.y0))
        buffer = io.BytesIO()
        crop = image[max(0, top) : bottom, max(0, left) : right]
        imsave(buffer, crop, format="png", metadata={"Software": None})  # type: ignore[dict-item]  # None drops the key
        pngs.append(buffer.getvalue())
    return pngs


def source_note(fig: Figure, text: str) -> None:
    """The chart's sources, named for a reader (outlets, filings, reports), under the chart."""
    fig.text(0.01, -0.02, text, fontsize=7, color="#555555", ha="left", va="top")


def names(items: Iterable[str]) -> str:
    """'a, b and c' (Korean 'a, b, c')."""
    found = list(dict.fromkeys(items))
    if len(found) == 1:
        return found[0]
    return _("%(first)s and %(last)s") % {"first": ", ".join(found[:-1]), "last": found[-1]}


def billions_of(amount: Decimal) -> float:
    """USD billions as a float, for drawing only."""
    return float(CTX.divide(amount, BILLION))


def row_ids(*texts: object) -> list[str]:
    """The data row ids in operand strings and id lists ('ref:a -out:b', 'a -> b', 'a b'), in order, each once."""
    found = []
    for text in texts:
        for word in str(text or "").split():
            if word == "->":
                continue
            kind, colon, key = word.lstrip("-").partition(":")
            if colon and kind in ("ref", "out"):
                found.append(key)
            elif not colon and kind:
                found.append(kind)
    return list(dict.fromkeys(found))


class Chart:
    """A rendered chart: Jupyter shows the PNG, and text/plain (what nbval compares) is the alt text.

    The output also carries the chart's data as CSV (text/csv) and, in its metadata (CHART_KEY), its title,
    its sources and, for panels side by side, each panel as its own PNG with the number of columns, which
    the site lays out to wrap on narrow screens. A source is a data row id (data/reference.csv ref_id or
    data/outcomes.csv outcome_id), `article:ID`, `check:ID` (the rows that check uses), ECB or CHECKS.
    """

    def __init__(self, fig: Figure, alt: str, title: str, table: pd.DataFrame, sources: Iterable[str] = ()) -> None:
        self.alt = alt
        self.plain = _("[chart] %(alt)s") % {"alt": alt}  # what nbval compares, in the notebook's language
        self.title = title
        self.csv = data_csv(table)
        self.sources = tuple(dict.fromkeys(sources))
        self.png = png_bytes(fig)
        self.columns = grid_columns(fig)
        self.panels = panel_pngs(fig, self.png) if len(_panels(fig)) > 1 else []
        self.figure = fig
        plt.close(fig)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> tuple[dict[str, str], dict[str, Any]]:
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": self.plain, CHART_CSV: self.csv}
        chart: dict[str, Any] = {"title": self.title, "sources": list(self.sources)}
        if self.panels:
            chart["panels"] = [base64.b64encode(p).decode("ascii") for p in self.panels]
            chart["columns"] = self.columns
        return data, {"image/png": {"alt": self.alt}, CHART_KEY: chart}
