"""The data's own rules across tables, checked when the ledger loads: what would otherwise fail inside a
notebook (a KeyError in notebook 06, two ClaimReviews of one claim) fails here, with the file, line and column.

- ids are unique, and every reference (a ref field, an operand of a check) names an existing row;
- every claim has exactly one primary check in checks.csv, and at most one in hindsight_checks.csv (a claim
  with hindsight checks has exactly one primary among them): each claim gets one verdict and one ClaimReview;
- a printed conversion links two positive money amounts of one article, in no cycle;
- periods end after they start; outcomes carry a figure unless qualitative, ranges rise, derived rows name
  their input rows; an as-published check never rests on a later outcome;
- one company's figures on the two sides of a hindsight comparison share a basis.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from . import operands
from .csvtable import Rows
from .echo import echo
from .operands import OperandError
from .schema import Field
from .tables import CHECK_TABLES, KEYED, LOAD_ORDER, DataError
from .tables import where as at
from .units import ISO_CURRENCIES

QUALITATIVE = "qualitative"  # the unit of an outcome with no figure (guidance in words)


def check_all(root: Path, tables: dict[str, Rows], schemas: dict[str, tuple[Field, ...]]) -> None:
    """Every rule, in an order that reports the most basic problem first."""
    check_ids_and_links(root, tables, schemas)
    check_primary_checks(root, tables)
    check_claims(root, tables)
    check_periods(root, tables)
    check_outcomes(root, tables)
    check_hindsight(root, tables)


def check_ids_and_links(root: Path, tables: dict[str, Rows], schemas: dict[str, tuple[Field, ...]]) -> None:
    ids: dict[str, set[str]] = {}
    for name in KEYED:
        id_col = schemas[name][0].name
        seen: dict[str, int] = {}
        for line, row in tables[name]:
            key = row[id_col]
            if key in seen:
                raise DataError(f"{at(root / f'{name}.csv', line, id_col)}: duplicate id {key!r} (first on line {seen[key]})")
            seen[key] = line
        ids[name] = set(seen)
    for name in LOAD_ORDER:
        for col in schemas[name]:
            if col.ref is None:
                continue
            table, _ = col.ref
            for line, row in tables[name]:
                values = (row[col.name] or "").split() if col.kind == "refs" else [row[col.name]]
                for value in values:
                    if value is not None and value not in ids[table]:
                        what = "an entity listed" if table == "entities" else f"a {table[:-1]} id"
                        raise DataError(f"{at(root / f'{name}.csv', line, col.name)}: {echo(value)} is not {what} in {table}.csv")
    bases = {row["basis_id"] for _, row in tables["capex_bases"]}
    for table in CHECK_TABLES:
        for line, row in tables[table]:
            where = at(root / f"{table}.csv", line, "operands", f"check_id {row['check_id']!r}")
            try:
                parsed = operands.parse(row["operands"], row["relation"])
            except OperandError as e:
                raise DataError(f"{where}: {e}") from None
            for token in parsed.tokens:
                named = operands.KINDS[token.kind]
                if token.kind == "basis":
                    basis_id, _, part = token.key.partition(".")
                    if basis_id not in bases or part not in ("actual", "plan"):
                        raise DataError(
                            f"{where}: operand {token.text!r} names no basis_id of capex_bases.csv with .actual or .plan"
                        )
                elif named is not None and token.key not in ids[named]:
                    raise DataError(f"{where}: operand {token.text!r} names no row of {named}.csv")
                if token.kind == "out" and table == "checks":
                    # As-published verdicts rest on what was known when the article appeared.
                    raise DataError(
                        f"{where}: operand {token.text!r} is a later outcome; checks.csv judges claims on knowledge at "
                        "publication: put this check in hindsight_checks.csv"
                    )


def check_primary_checks(root: Path, tables: dict[str, Rows]) -> None:
    """Each claim: exactly one primary check in checks.csv; in hindsight_checks.csv none, or exactly one."""
    claim_lines = {row["claim_id"]: line for line, row in tables["claims"]}
    for table in CHECK_TABLES:
        path = root / f"{table}.csv"
        primary: dict[str, int] = {}
        checked: dict[str, int] = {}
        for line, row in tables[table]:
            claim = row["claim_id"]
            checked.setdefault(claim, line)
            if row["role"] != "primary":
                continue
            if claim in primary:
                key = f"check_id {echo(row['check_id'])}"
                raise DataError(
                    f"{at(path, line, 'role', key)}: "
                    f"a second primary check of claim {echo(claim)} (the first is on line {primary[claim]}); "
                    "a claim has one verdict: make the others alternative"
                )
            primary[claim] = line
        for claim, line in checked.items():
            if claim not in primary:
                raise DataError(
                    f"{at(path, line, 'role')}: claim {echo(claim)} has checks here but no primary one; "
                    "exactly one of them gives its verdict"
                )
        if table == "checks":
            for claim, line in claim_lines.items():
                if claim not in primary:
                    raise DataError(
                        f"{at(root / 'claims.csv', line, 'claim_id')}: claim {echo(claim)} has no check in checks.csv; "
                        "every printed figure gets exactly one primary check (relation unverifiable when no source settles it)"
                    )


def check_claims(root: Path, tables: dict[str, Rows]) -> None:
    path = root / "claims.csv"
    by_id = {row["claim_id"]: row for _, row in tables["claims"]}
    line_of = {row["claim_id"]: line for line, row in tables["claims"]}
    for line, row in tables["claims"]:
        key = f"claim_id {echo(row['claim_id'])}"
        high = row["amount_high"]
        if high is not None and high < row["amount"]:
            raise DataError(f"{at(path, line, 'amount_high')}: {high} is below amount {row['amount']}")
        if row["currency"] == "date":
            for column in ("amount", "amount_high"):
                if row[column] is not None and not _is_yyyymmdd(row[column]):
                    raise DataError(f"{at(path, line, column)}: {row[column]} is not a real date written YYYYMMDD")
        source_id = row["converts_claim_id"]
        if source_id is None:
            continue
        chain = [row["claim_id"]]
        while chain[-1] in by_id and by_id[chain[-1]]["converts_claim_id"] is not None and len(chain) <= len(by_id):
            chain.append(by_id[chain[-1]]["converts_claim_id"])
            if chain[-1] in chain[:-1]:
                if chain[-1] == chain[0]:  # reported once, on the first claim of the cycle met in file order
                    raise DataError(f"{at(path, line, 'converts_claim_id', key)}: cyclic conversion link {' -> '.join(chain)}")
                break
        source = by_id[source_id]
        if source["article_id"] != row["article_id"]:
            raise DataError(f"{at(path, line, 'converts_claim_id')}: {source_id!r} is in another article")
        if row["currency"] not in ISO_CURRENCIES or source["currency"] not in ISO_CURRENCIES:
            raise DataError(f"{at(path, line, 'converts_claim_id')}: a conversion links two money amounts")
        if row["currency"] == source["currency"]:
            raise DataError(f"{at(path, line, 'converts_claim_id')}: converts {source_id!r} into its own currency")
        # The implied rate divides one by the other: both must be positive (an article's rate is never 0).
        if row["amount"] <= 0:
            raise DataError(
                f"{at(path, line, 'amount', key)}: a printed conversion must be a positive amount, got {row['amount']}"
            )
        if source["amount"] <= 0:
            raise DataError(
                f"{at(path, line_of[source_id], 'amount', f'claim_id {echo(source_id)}')}: "
                f"a converted amount must be positive, got {source['amount']} (converted on line {line})"
            )


def _is_yyyymmdd(value: Decimal) -> bool:
    try:
        dt.datetime.strptime(f"{value:f}", "%Y%m%d")
    except ValueError:
        return False
    return True


def check_periods(root: Path, tables: dict[str, Rows]) -> None:
    for name in ("claims", "reference", "outcomes"):
        for line, row in tables[name]:
            start, end = row["period_start"], row["period_end"]
            if start and end and start > end:
                raise DataError(f"{at(root / f'{name}.csv', line, 'period_end')}: {end} is before period_start {start}")


def check_outcomes(root: Path, tables: dict[str, Rows]) -> None:
    """A figure unless qualitative; a range's high end above its low end; a precision with every date."""
    path = root / "outcomes.csv"
    for line, row in tables["outcomes"]:
        qualitative = row["unit"] == QUALITATIVE
        if qualitative == (row["value"] is not None):
            what = "a qualitative outcome has no value" if qualitative else "a value is required (or unit 'qualitative')"
            key = f"outcome_id {row['outcome_id']!r}"
            raise DataError(f"{at(path, line, 'value', key)}: {what}")
        high = row["value_high"]
        if high is not None and (row["value"] is None or high <= row["value"]):
            raise DataError(f"{at(path, line, 'value_high')}: {high} is not above value {row['value']}")
        if (row["stated_on"] is None) != (row["stated_on_precision"] is None):
            raise DataError(f"{at(path, line, 'stated_on_precision')}: give it exactly when stated_on is given")
    kinds = {row["outcome_id"]: row["kind"] for _, row in tables["outcomes"]}
    references = {row["ref_id"] for _, row in tables["reference"]}
    for line, row in tables["outcomes"]:
        where = at(path, line, "parts", f"outcome_id {row['outcome_id']!r}")
        if (row["kind"] == "derived") != (row["parts"] is not None):
            raise DataError(f"{where}: a derived row names its parts, and only a derived row does")
        if row["parts"] is None:
            continue
        try:
            parsed = operands.parse(row["parts"], "sum")
        except OperandError as e:
            raise DataError(f"{where}: {e}") from None
        for token in parsed.tokens:
            known = {"out": kinds, "ref": references}.get(token.kind)
            if known is None or token.key not in known:
                raise DataError(f"{where}: {token.text!r} names no row of outcomes.csv (out:ID) or reference.csv (ref:ID)")
            if token.kind == "out" and kinds[token.key] == "derived":
                raise DataError(f"{where}: {token.text!r} is itself derived; name the input rows")
    seen: dict[str, int] = {}
    for line, row in tables["reference_bases"]:
        if row["ref_id"] in seen:
            where = at(root / "reference_bases.csv", line, "ref_id")
            raise DataError(f"{where}: {row['ref_id']!r} again (first on line {seen[row['ref_id']]})")
        seen[row["ref_id"]] = line


def check_hindsight(root: Path, tables: dict[str, Rows]) -> None:
    """Each outcome operand is a single input figure; one company's figures on the two sides of a comparison
    share a basis (a lease-inclusive 2025 is never set against a 2024 without leases)."""
    path = root / "hindsight_checks.csv"
    outcomes = {row["outcome_id"]: row for _, row in tables["outcomes"]}
    references = {row["ref_id"]: row for _, row in tables["reference"]}
    ref_bases = {row["ref_id"]: row["basis"] for _, row in tables["reference_bases"]}
    for line, row in tables["hindsight_checks"]:
        where = at(path, line, "operands", f"check_id {row['check_id']!r}")
        convert_to = row["convert_to"]
        if convert_to is not None and convert_to not in ISO_CURRENCIES:
            raise DataError(f"{at(path, line, 'convert_to')}: {convert_to!r} is not a currency code")
        parsed = operands.parse(row["operands"], row["relation"])
        for token in parsed.tokens:
            if token.kind != "out":
                continue
            out = outcomes[token.key]
            if out["kind"] == "derived":
                raise DataError(
                    f"{where}: {token.text!r} is the collector's own sum (DERIVED), not an input: name its parts instead"
                )
            if out["value"] is None or out["value_high"] is not None:
                raise DataError(
                    f"{where}: {token.text!r} is {'qualitative' if out['value'] is None else 'a range'}; a check takes one figure"
                )
        if parsed.right is None:
            continue

        def bases(tokens: tuple[operands.Token, ...]) -> dict[str, set[str | None]]:
            found: dict[str, set[str | None]] = {}
            for token in tokens:
                if token.kind == "out":
                    entity, basis = outcomes[token.key]["entity"], outcomes[token.key]["basis"]
                elif token.kind == "ref":
                    entity, basis = references[token.key]["entity"], ref_bases.get(token.key)
                else:
                    continue
                found.setdefault(entity, set()).add(basis)
            return found

        left, right = bases(parsed.left), bases(parsed.right)
        for entity in sorted(set(left) & set(right)):
            if left[entity] != right[entity] or None in left[entity]:
                shown = " against ".join(
                    ", ".join(sorted(b or "(none given)" for b in side)) for side in (left[entity], right[entity])
                )
                raise DataError(
                    f"{where}: {entity}'s figures are on different bases ({shown}); compare one company on one line item "
                    "(a reference row's basis is given in reference_bases.csv)"
                )
