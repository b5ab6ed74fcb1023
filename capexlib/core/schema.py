"""Each table's one schema: the `fields` list of its provenance file `<table>.meta.yaml`.

Each field has a name, a type, whether it is required, its allowed values and what it means. The loader
(capexlib.core.ledger) reads the types from here, so the description a reader sees and the check the
loader makes cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import operands
from .tables import KEYED, DataError
from .units import CAPEX_BASES, ISO_CURRENCIES, NON_MONEY_UNITS, PERIOD_BASES, QUALIFIERS
from .yamlfile import read_yaml

PROVENANCE_KEYS = ("producer", "source", "date_published", "date_accessed", "license", "fields")
# url: an absolute http(s) address a page may link to (capexlib.core.urls), checked at load.
FIELD_TYPES = ("text", "id", "date", "decimal", "enum", "ref", "refs", "url")
# Value sets a field can name instead of listing its values (`enum: qualifier`).
VOCABULARIES: dict[str, frozenset[str]] = {
    "currency_or_unit": ISO_CURRENCIES | NON_MONEY_UNITS,
    "qualifier": frozenset(QUALIFIERS),
    "period_basis": PERIOD_BASES,
    "relation": operands.RELATIONS,
    "capex_basis": CAPEX_BASES,
}


@dataclass(frozen=True)
class Field:
    """One column of a table, as its meta file declares it."""

    name: str
    kind: str = "text"  # one of FIELD_TYPES
    required: bool = True
    choices: frozenset[str] | None = None  # enum
    vocabulary: str | None = None  # enum naming a VOCABULARIES entry
    ref: tuple[str, str] | None = None  # ref / refs: (table, id field) every value must exist in
    description: str = ""


def _field(meta_path: Path, index: int, spec: object) -> Field:
    where = f"{meta_path}: fields[{index}]"
    if not isinstance(spec, dict) or not isinstance(spec.get("name"), str) or not spec["name"]:
        raise DataError(f"{where}: each field needs a 'name'")
    name = spec["name"]
    where = f"{meta_path}: field '{name}'"
    unknown = set(spec) - {"name", "type", "required", "enum", "ref", "description"}
    if unknown:
        raise DataError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    kind = spec.get("type", "text")
    if kind not in FIELD_TYPES:
        raise DataError(f"{where}: type {kind!r} is not one of {', '.join(FIELD_TYPES)}")
    if not isinstance(spec.get("description"), str) or not spec["description"].strip():
        raise DataError(f"{where}: a field needs a description")
    required = spec.get("required", True)
    if not isinstance(required, bool):
        raise DataError(f"{where}: required must be true or false")
    choices, vocabulary, ref = None, None, None
    if kind == "enum":
        values = spec.get("enum")
        if isinstance(values, str) and values in VOCABULARIES:
            vocabulary, choices = values, VOCABULARIES[values]
        elif isinstance(values, list) and values and all(isinstance(v, str) for v in values):
            choices = frozenset(values)
        else:
            raise DataError(f"{where}: an enum lists its values or names one of {', '.join(VOCABULARIES)}")
    if kind in ("ref", "refs"):
        target = spec.get("ref")
        table, dot, column = target.partition(".") if isinstance(target, str) else ("", "", "")
        if not dot or table not in KEYED:
            raise DataError(f"{where}: ref must name an id field as table.column (tables: {', '.join(KEYED)})")
        ref = (table, column)
    return Field(name, kind, required, choices, vocabulary, ref, spec["description"].strip())


def read_meta(meta_path: Path) -> tuple[dict[str, Any], tuple[Field, ...]]:
    """The provenance mapping and the fields of one table; DataError when the file is not usable."""
    meta = read_yaml(meta_path, DataError, "provenance file")
    if not isinstance(meta, dict):
        raise DataError(f"{meta_path}: expected a mapping of provenance fields")
    missing = [k for k in PROVENANCE_KEYS if not meta.get(k)]
    if missing:
        raise DataError(f"{meta_path}: missing provenance field(s) {', '.join(missing)}")
    if not isinstance(meta["fields"], list):
        raise DataError(f"{meta_path}: 'fields' must be a list of fields")
    fields = tuple(_field(meta_path, i, spec) for i, spec in enumerate(meta["fields"]))
    names = [f.name for f in fields]
    if len(set(names)) != len(names):
        raise DataError(f"{meta_path}: a field name appears twice")
    return meta, fields
