"""The ledger: the source tables in data/, loaded and validated, as DataFrames.

Articles, claims, reference facts, checks, capex bases, and the hindsight tables (outcomes, the bases of the
reference rows they are set against, hindsight checks). Each table's schema is the `fields` list of its
`*.meta.yaml` (capexlib.core.schema); each file is read with bounds and each cell parsed by its type
(capexlib.core.csvtable); the rules across tables (capexlib.core.rules) and the exchange rates the data
needs (capexlib.core.coverage) are checked before a Ledger exists. A bad file gets one DataError naming
the file, line and column.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import archive, coverage, fx, rules
from .csvtable import Rows, read_rows
from .echo import echo
from .schema import Field, read_meta
from .tables import KEYED, LOAD_ORDER, MAY_BE_EMPTY, DataError, resolve_data_dir, where

__all__ = ["DataError", "Ledger", "load_ledger", "resolve_data_dir"]


@dataclass
class Ledger:
    """The source tables as DataFrames (Decimal and date values kept as Python objects)."""

    entities: pd.DataFrame
    articles: pd.DataFrame
    claims: pd.DataFrame
    reference: pd.DataFrame
    checks: pd.DataFrame
    capex_bases: pd.DataFrame
    outcomes: pd.DataFrame
    reference_bases: pd.DataFrame
    hindsight_checks: pd.DataFrame
    corrections: pd.DataFrame  # data/corrections.csv: what was corrected after publication, and why (may be empty)
    data_dir: Path
    provenance: dict[str, dict[str, Any]] = field(default_factory=dict)
    schemas: dict[str, tuple[Field, ...]] = field(default_factory=dict)
    lines: dict[str, dict[str, int]] = field(default_factory=dict)  # {table: {id: line in its file}}
    _memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def memo(self, key: str, compute: Callable[[], Any]) -> Any:
        """A value derived from the tables, computed once (the tables never change after loading)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def records(self, table: str) -> dict[str, dict[str, Any]]:
        """A table's rows as plain dicts by id: empty cells stay None (a pandas row would make them NaN)."""

        def build() -> dict[str, dict[str, Any]]:
            frame = getattr(self, table)
            return {
                key: dict(zip(frame.columns, values, strict=True))
                for key, values in zip(frame.index, frame.to_numpy(), strict=True)
            }

        return self.memo(f"records:{table}", build)

    def conversions(self) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """Every printed conversion as (the converted claim, the claim it converts), in file order."""
        claims = self.records("claims")
        return [(row, claims[row["converts_claim_id"]]) for row in claims.values() if row["converts_claim_id"] is not None]

    def claim(self, claim_id: str) -> dict[str, Any]:
        return self.records("claims")[claim_id]

    def reference_row(self, ref_id: str) -> dict[str, Any]:
        return self.records("reference")[ref_id]

    def outcome(self, outcome_id: str) -> dict[str, Any]:
        return self.records("outcomes")[outcome_id]

    def reference_basis(self, ref_id: str) -> str | None:
        """The capex basis data/reference_bases.csv gives a reference row (None: not given)."""
        bases: dict[str, str] = self.memo(
            "reference_bases", lambda: dict(zip(self.reference_bases["ref_id"], self.reference_bases["basis"], strict=True))
        )
        return bases.get(ref_id)

    def article_date(self, article_id: str) -> dt.date:
        published: dt.date = self.records("articles")[article_id]["published"]
        return published

    def where(self, table: str, key: str, column: str | None = None) -> str:
        """'claims.csv, line 3 (claim_id 'x'), column 'currency'': where a row is, for messages."""
        id_col = self.schemas[table][0].name
        return where(self.data_dir / f"{table}.csv", self.lines[table].get(key), column, f"{id_col} {echo(key)}")

    def missing_rate(self, on: dt.date | None = None, ecb_file: fx.EcbFile | None = None) -> str | None:
        """Why some money figure has no ECB rate on `on` (default: its article's date), or None.

        Every currency an article prints, and KRW (every figure is also shown in won), needs a rate
        there; the message names the figure that needs it. `ecb_file`: a newer ECB file laid over the
        bundled history (see capexlib.core.fx.load_ecb_file).
        """
        for article_id, currency, claim_id in coverage.rate_needs(self.records("claims").values()):
            day = on or self.article_date(article_id)
            gap = coverage.ecb_gap(currency, day, ecb_file)
            if gap is not None:
                needed_by = where(Path("claims.csv"), self.lines["claims"].get(claim_id), key=f"claim_id {echo(claim_id)}")
                return f"{gap}; {needed_by} needs one"
        return None


def load_ledger(data_dir: str | os.PathLike[str] | None = None) -> Ledger:
    """Load and validate every table; raises DataError on the first problem found."""
    root = resolve_data_dir(data_dir)
    tables: dict[str, Rows] = {}
    provenance, schemas = {}, {}
    for name in LOAD_ORDER:
        path = root / f"{name}.csv"
        provenance[name], schemas[name] = read_meta(path.with_suffix(".meta.yaml"))
        tables[name] = read_rows(path, schemas[name], name in MAY_BE_EMPTY)
    rules.check_all(root, tables, schemas)
    coverage.check_currencies(root, tables)
    archive.check_quotes(
        root, tables["claims"], archive.article_texts(root, tables["articles"], where, DataError), where, DataError
    )
    frames = {
        name: pd.DataFrame([r for _, r in rows], columns=[c.name for c in schemas[name]], dtype=object)
        for name, rows in tables.items()
    }
    for name in KEYED:
        frames[name] = frames[name].set_index(schemas[name][0].name, drop=False)
    for frame in frames.values():
        frame.index.name = None
    lines = {name: {row[schemas[name][0].name]: line for line, row in tables[name]} for name in KEYED}
    return Ledger(**frames, data_dir=root, provenance=provenance, schemas=schemas, lines=lines)
