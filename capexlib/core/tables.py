"""The data folder and its tables: which files a run reads, and where a row is, for messages.

Standard library only: the cache key (capexlib.run.cache) hashes exactly these files before pandas is
imported, and a stray file beside them (a 2 GB download left in the folder) is never read.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from .paths import DEFAULT_DATA_DIR, PathError, user_path
from .readfile import MAX_TABLE_BYTES, read_regular_file, shown_path

# The tables, in the order they are loaded and checked; each `<name>.csv` has `<name>.meta.yaml` beside it.
LOAD_ORDER = (
    "entities",
    "articles",
    "claims",
    "reference",
    "checks",
    "capex_bases",
    "outcomes",
    "reference_bases",
    "hindsight_checks",
    "corrections",
)
MAY_BE_EMPTY = frozenset({"corrections"})  # a header and no rows yet is a valid table (no correction made so far)
KEYED = (
    "entities",
    "articles",
    "claims",
    "reference",
    "checks",
    "outcomes",
    "hindsight_checks",
)  # tables whose first field is a unique id
# The two kinds of check, and what each is judged against (the column judged_against of evaluated checks).
CHECK_TABLES = ("checks", "hindsight_checks")


class DataError(ValueError):
    """A data file is malformed; the message names the file, line and column."""


SOURCES_DIR = "sources"  # the archived articles (capexlib.core.archive), named in articles.csv


def archived_articles(root: Path) -> list[Path]:
    """The archived copies articles.csv names (column source_file), which the loader reads to check every
    quote; none when articles.csv cannot be read here (the loader then says why)."""
    try:
        data = read_regular_file(root / "articles.csv", DataError, "data table", MAX_TABLE_BYTES)
        rows = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
        names = [row.get("source_file") or "" for row in rows]
    except (DataError, UnicodeDecodeError, csv.Error):
        return []
    plain = [n for n in names if n and "/" not in n and "\\" not in n and not n.startswith(".")]
    return [root / SOURCES_DIR / name for name in sorted(set(plain))]


def data_files(root: Path) -> list[Path]:
    """Every file of a data folder that a run reads: each table and its provenance file, in load order, then
    the archived articles."""
    tables = [root / f"{name}{suffix}" for name in LOAD_ORDER for suffix in (".csv", ".meta.yaml")]
    return tables + archived_articles(root)


def where(path: Path, line: int | None = None, column: str | None = None, key: str | None = None) -> str:
    """'PATH, line 3 (claim_id 'x'), column 'currency'': where a value is, for messages."""
    text = shown_path(path)
    if line is not None:
        text += f", line {line}"
    if key:
        text += f" ({key})"
    if column:
        text += f", column '{column}'"
    return text


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the argument, else $CAPEX_DATA_DIR, else the project's data/ (never the cwd), by the
    path rule of capexlib.core.paths (relative from the project folder, symlinks resolved)."""
    chosen = data_dir or os.environ.get("CAPEX_DATA_DIR") or DEFAULT_DATA_DIR
    try:
        path = user_path(chosen, "data_dir")
    except PathError as e:
        raise DataError(str(e)) from None
    try:
        folder = path.is_dir()
    except OSError as e:  # e.g. a name too long for the file system
        raise DataError(f"data_dir: {shown_path(path)} is not a folder ({e.strerror})") from None
    if not folder:
        raise DataError(f"data_dir: {shown_path(path)} is not a folder")
    return path
