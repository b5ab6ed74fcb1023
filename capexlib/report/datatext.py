"""The data's reader-visible words in the reader's language: the text columns of data/*.csv that pages and
notebooks show (a check's note, a metric, a line item, a period as stated...) and the provenance notes a
notebook prints, as gettext entries (domain `data`, msgctxt "table.column"), translated in
locale/<lang>/LC_MESSAGES/data.po. The data stays English and unchanged; `make messages` extracts new or
changed texts, and `missing` names each untranslated one by table, row and column (tests/test_prose.py).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from ..core.paths import DEFAULT_DATA_DIR
from ..core.yamlfile import read_yaml
from . import catalogue

DOMAIN = "data"
# table -> the columns a reader sees as words (ids, codes, quotes and figures are not translated)
FIELDS: dict[str, tuple[str, ...]] = {
    "entities": ("entity",),
    "articles": ("outlet", "headline_note", "date_reason", "url_note", "note"),
    "claims": ("entity", "metric", "attribution", "note"),
    "checks": ("note",),
    "hindsight_checks": ("note",),
    "reference": ("entity", "metric", "period_as_stated", "line_item_or_basis", "confidence"),
    "outcomes": ("entity", "metric", "period_as_stated", "line_item_or_basis", "confidence"),
    "capex_bases": ("basis_label", "line_item_note", "overlap"),
}
META_TEXTS = {"outcomes": ("traps",)}  # provenance notes a notebook prints


def entries(data_dir: Path = DEFAULT_DATA_DIR) -> Iterator[catalogue.Entry]:
    """("table.column", text, "table.csv:row-id:column") for every non-empty text to translate."""
    for table, columns in FIELDS.items():
        with open(data_dir / f"{table}.csv", encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f)
            id_column = (reader.fieldnames or ["?"])[0]
            for row in reader:
                for column in columns:
                    if row.get(column, "").strip():
                        yield f"{table}.{column}", row[column], f"{table}.csv:{row[id_column]}:{column}"
    for table, keys in META_TEXTS.items():
        meta = read_yaml(data_dir / f"{table}.meta.yaml", ValueError, "provenance file")
        if not isinstance(meta, dict):
            continue
        for key in keys:
            yield f"{table}.meta.{key}", " ".join(str(meta[key]).split()), f"{table}.meta.yaml:{key}"
        for item in meta.get("not_found", []):
            for column in ("what", "period"):
                yield f"{table}.meta.not_found", str(item[column]), f"{table}.meta.yaml:not_found:{item['entity']}"


def text(value: str | None, table: str, column: str, lang: str) -> str:
    """The data's text in `lang` (itself in English, or when untranslated)."""
    if not value:
        return value or ""
    return catalogue.translations(DOMAIN, lang).get((f"{table}.{column}", value), value)


def missing(lang: str) -> list[str]:
    return catalogue.missing(DOMAIN, lang, entries())
