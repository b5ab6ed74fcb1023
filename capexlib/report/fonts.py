"""Hangul for charts and pages: the NanumGothic files bundled in the koreanize-matplotlib wheel, and the
subset of it that every page of a run embeds.

koreanize-matplotlib is a dependency only for these font files (its import pulls in distutils, which
Python 3.12 no longer has, so the package is never imported: the files are found with importlib).
Finding them imports nothing heavy, so a page can embed the font without loading matplotlib.
"""

from __future__ import annotations

import base64
import functools
import importlib.util
import io
import logging
import threading
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .slots import FONT, fill

FAMILY = "NanumGothic"


def font_dir() -> Path:
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or spec.origin is None:
        raise RuntimeError(
            "koreanize-matplotlib is not installed: reinstall the pinned packages with "
            "`.venv/bin/pip install -r requirements.lock` (`make run` alone does not reinstall an existing .venv)"
        )
    return Path(spec.origin).parent / "fonts"


def font_files() -> list[Path]:
    return sorted(font_dir().glob("*.ttf"))


@functools.cache
def _cmap() -> frozenset[int]:
    from fontTools.ttLib import TTFont  # noqa: PLC0415 - only when pages are built (~0.1 s to import)

    return frozenset(TTFont(str(font_dir() / "NanumGothic.ttf"), lazy=True).getBestCmap())


def _font() -> Any:
    from fontTools.ttLib import TTFont  # noqa: PLC0415 - only when pages are built (~0.1 s to import)

    return TTFont(str(font_dir() / "NanumGothic.ttf"), recalcTimestamp=False, lazy=True)


_read_ahead: list[Any] = []  # a font `warm` has read, for the next `subset` (which cuts it: used once)
_read_ahead_lock = threading.Lock()


def warm() -> None:
    """Import fontTools, read the font's character map, and read the font for the next subset: its glyph
    order and outlines (~0.3 s in all), e.g. in a thread while notebooks run, so that embedding the font at
    the end of a run costs only cutting and writing the subset. The subset reads the same tables either
    way, so its bytes do not depend on whether they were read ahead."""
    from fontTools import subset as _  # noqa: PLC0415, F401 - the import is the point

    _cmap()
    font = _font()
    font.getGlyphOrder()
    font["glyf"]  # with loca, head and maxp, which it needs
    with _read_ahead_lock:
        _read_ahead[:] = [font]


def covered(chars: set[str]) -> set[str]:
    """The characters of `chars` that NanumGothic has a glyph for (Hangul, most Hanja, common marks)."""
    cmap = _cmap()
    return {c for c in chars if ord(c) in cmap}


def subset(chars: set[str]) -> bytes:
    """NanumGothic cut down to `chars`, as TrueType bytes.

    A reader's machine may have no Korean font at all; the full font is 4.7 MB, the subset for a
    run's pages about 60 KB. Hinting and layout tables are dropped: precomposed Hangul needs neither.
    The output depends only on the font and the characters (no timestamps), so pages stay byte-stable.
    """
    from fontTools import subset as ft_subset  # noqa: PLC0415 - only when pages are built (~0.1 s to import)

    options = ft_subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "DSIG", "GSUB", "GPOS", "kern"]
    options.name_IDs = [1, 2]
    options.notdef_outline = True
    with _read_ahead_lock:
        font = _read_ahead.pop() if _read_ahead else _font()
    subsetter = ft_subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # it reports each table it drops
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# Hangul in every page: the subset for the pages' characters, first in every font stack
# --------------------------------------------------------------------------------------------

FACE = "capex-hangul"
_SANS = 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif'
_MONO = '"Source Code Pro", Menlo, Consolas, monospace'
# Blocks a reader needs a Korean font for: Hangul (jamo, compatibility jamo, syllables), CJK ideographs
# (Hanja, like the 中 and 美 of a headline), CJK symbols, enclosed CJK and full-width forms. Everything else
# (Latin, arrows, typographic quotes) is left to the reader's fonts, which draw it better.
KOREAN_BLOCKS = (
    (0x1100, 0x11FF),
    (0x3000, 0x303F),
    (0x3130, 0x318F),
    (0x3200, 0x32FF),
    (0x4E00, 0x9FFF),
    (0xAC00, 0xD7AF),
    (0xF900, 0xFAFF),
    (0xFF00, 0xFFEF),
)


def korean_script(char: str) -> bool:
    return any(low <= ord(char) <= high for low, high in KOREAN_BLOCKS)


def unicode_range(chars: set[str]) -> str:
    """A CSS unicode-range covering exactly `chars`: 'U+AC00-AC01, U+B2E4'."""
    points = sorted(ord(c) for c in chars)
    ranges: list[tuple[int, int]] = []
    for p in points:
        if ranges and p == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], p)
        else:
            ranges.append((p, p))
    return ", ".join(f"U+{a:X}" if a == b else f"U+{a:X}-{b:X}" for a, b in ranges)


def font_style(chars: set[str]) -> str:
    """The @font-face of a NanumGothic subset for `chars` and the font stacks that put it first.

    The embedded face comes first, limited by `unicode-range` to the characters it holds in the Korean
    blocks (Hangul, and the Han characters of the headlines): Chromium drew the first Hangul text of a
    page as empty boxes when the face came last, even though the subset held every glyph. Latin text and
    punctuation keep the reader's usual font, since the range leaves them out.
    """
    found = {c for c in covered(chars) if korean_script(c)}
    if not found:
        return ""
    data = base64.b64encode(subset(found)).decode("ascii")
    sans, mono = f'"{FACE}", {_SANS}', f'"{FACE}", {_MONO}'
    return (
        f'<style>@font-face {{ font-family: "{FACE}"; src: url(data:font/ttf;base64,{data}) format("truetype");'
        f" unicode-range: {unicode_range(found)}; font-display: block; }}\n"
        f":root {{ --jp-content-font-family: {sans}; --jp-ui-font-family: {sans}; --jp-code-font-family: {mono}; }}\n"
        f"body {{ font-family: {sans}; }}\ncode, pre, kbd, samp {{ font-family: {mono}; }}</style>"
    )


def embed(pages: Mapping[str, str]) -> dict[str, str]:
    """Every page with one embedded subset of NanumGothic covering the non-ASCII text of all of them, in its
    font place (capexlib.report.slots.FONT)."""
    chars = set().union(*map(set, pages.values())) if pages else set()  # per page in C, not char by char
    face = font_style({c for c in chars if ord(c) > 127})
    return {name: fill(text, {FONT: face}) for name, text in pages.items()}
