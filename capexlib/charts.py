"""Charts: Hangul-capable fonts from the install, deterministic PNGs, alt text on every image.

NanumGothic comes from the koreanize-matplotlib wheel; we register its font files directly instead of
importing the package (its import pulls in distutils, which Python 3.12 no longer has). NanumGothic
has no U+2212 minus sign, so axes use the ASCII hyphen-minus.
"""

from __future__ import annotations

import base64
import importlib.util
import io
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display on CI; the notebook shows the PNG we render ourselves

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
import matplotlib.patches  # noqa: E402

FONT_FAMILY = "NanumGothic"
SOURCE_NOTE = "Sources: data/claims.csv (articles as printed), data/reference.csv (cited filings and reports)"


def _font_dir() -> Path:
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or spec.origin is None:
        raise RuntimeError("koreanize-matplotlib is not installed: run `make run` to build the environment")
    return Path(spec.origin).parent / "fonts"


def setup_fonts() -> None:
    """Register the bundled NanumGothic fonts and make them the default (idempotent)."""
    if FONT_FAMILY not in {f.name for f in font_manager.fontManager.ttflist}:
        for path in sorted(_font_dir().glob("*.ttf")):
            font_manager.fontManager.addfont(str(path))
    matplotlib.rcParams.update({
        "font.family": FONT_FAMILY,
        "axes.unicode_minus": False,
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "figure.figsize": (8, 4.5),
        "axes.spines.top": False,
        "axes.spines.right": False,
    })


def png_bytes(fig) -> bytes:
    """The figure as PNG with no software/date metadata, so the bytes depend only on the drawing."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


class Chart:
    """A rendered chart: Jupyter shows the PNG, and text/plain (what nbval compares) is the alt text."""

    def __init__(self, fig, alt: str) -> None:
        self.alt = alt
        self.png = png_bytes(fig)

    def _repr_mimebundle_(self, include=None, exclude=None):
        data = {"image/png": base64.b64encode(self.png).decode("ascii"), "text/plain": f"[chart] {self.alt}"}
        return data, {"image/png": {"alt": self.alt}}


def source_note(ax, text: str = SOURCE_NOTE) -> None:
    ax.figure.text(0.01, -0.02, text, fontsize=7, color="#555555", ha="left", va="top")


def deviation_bars(labels: list[str], deviations_pct: list[float], groups: list[str], title: str, xlabel: str):
    """Horizontal bars of signed percentage deviations, one colour per group (e.g. per article)."""
    fig, ax = plt.subplots(figsize=(8, max(3.0, 0.28 * len(labels) + 1)))
    palette = matplotlib.colormaps["tab10"]
    order = sorted(set(groups))
    colours = [palette(order.index(g)) for g in groups]
    ax.barh(labels, deviations_pct, color=colours)
    ax.axvline(0, color="#333333", linewidth=0.8)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title(title)
    handles = [matplotlib.patches.Patch(color=palette(i), label=g) for i, g in enumerate(order)]
    ax.legend(handles=handles, title="article", loc="lower right", fontsize=8)
    source_note(ax)
    return fig
