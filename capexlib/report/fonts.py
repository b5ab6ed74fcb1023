"""Hangul for charts and pages: the NanumGothic files bundled in the koreanize-matplotlib wheel.

koreanize-matplotlib is a dependency only for these font files (its import pulls in distutils, which
Python 3.12 no longer has, so the package is never imported: the files are found with importlib).
Finding them imports nothing heavy, so a page can embed the font without loading matplotlib.
"""

from __future__ import annotations

import functools
import importlib.util
import io
import logging
from pathlib import Path

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


def warm() -> None:
    """Import fontTools and read the font's character map now (~0.3 s), e.g. in a thread while notebooks run,
    so that embedding the font at the end of a run costs only the subset itself."""
    from fontTools import subset as _  # noqa: PLC0415, F401 - the import is the point

    _cmap()


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
    from fontTools.ttLib import TTFont  # noqa: PLC0415 - as above

    options = ft_subset.Options()
    options.hinting = False
    options.layout_features = []
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5", "DSIG", "GSUB", "GPOS", "kern"]
    options.name_IDs = [1, 2]
    options.notdef_outline = True
    font = TTFont(str(font_dir() / "NanumGothic.ttf"), recalcTimestamp=False, lazy=True)
    subsetter = ft_subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)  # it reports each table it drops
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
