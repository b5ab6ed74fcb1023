"""The archived copies of the articles in data/sources/: each is the file its row in articles.csv names,
with the sha256 recorded there, and every quote in claims.csv is in its article's copy, verbatim.

The claims are transcribed by hand; this is what ties them to the text they came from. It runs at load,
so an edited copy, a copy that is missing or a quote typed with one character wrong stops the run with
one message naming the file, line and column.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from .echo import echo
from .readfile import read_regular_file
from .tables import SOURCES_DIR

MAX_ARTICLE_BYTES = 1 << 20  # an article's text: the longest today is under 7 KB

Rows = list[tuple[int, dict[str, Any]]]
Where = Callable[..., str]


def _archived_path(root: Path, name: str) -> Path | None:
    """root/sources/<name> when `name` is a plain file name (no folder, no '..'), else None."""
    if not name or "/" in name or "\\" in name or name in (".", "..") or name.startswith("."):
        return None
    return root / SOURCES_DIR / name


def article_texts(root: Path, articles: Rows, where: Where, error: type[Exception]) -> dict[str, str]:
    """Each article's archived text (NFC), checked against its sha256 in articles.csv."""
    texts = {}
    table = root / "articles.csv"
    for line, row in articles:
        key = f"article_id {echo(row['article_id'])}"
        path = _archived_path(root, row["source_file"])
        if path is None:
            raise error(
                f"{where(table, line, 'source_file', key)}: {echo(row['source_file'])} is not a file name in "
                f"{SOURCES_DIR}/ (a plain name such as {row['article_id']}.txt)"
            )
        data = read_regular_file(path, error, "archived article", MAX_ARTICLE_BYTES)
        digest = hashlib.sha256(data).hexdigest()
        if digest != row["sha256"]:
            raise error(
                f"{where(table, line, 'sha256', key)}: {SOURCES_DIR}/{path.name} has sha256 {digest}, not the "
                f"{echo(row['sha256'])} recorded: the archived copy changed (an archive is never edited; "
                "record a new copy under a new name)"
            )
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            raise error(f"{path}: not valid UTF-8 (byte {e.start})") from None
        texts[row["article_id"]] = unicodedata.normalize("NFC", text)
    return texts


def check_quotes(root: Path, claims: Rows, texts: Mapping[str, str], where: Where, error: type[Exception]) -> None:
    """Every claim's quote appears verbatim in its article's archived copy."""
    table = root / "claims.csv"
    for line, row in claims:
        text = texts.get(row["article_id"])
        if text is not None and row["quote"] not in text:
            key = f"claim_id {echo(row['claim_id'])}"
            raise error(
                f"{where(table, line, 'quote', key)}: not verbatim in the archived copy of article "
                f"{echo(row['article_id'])} ({SOURCES_DIR}/): {echo(row['quote'])}"
            )
