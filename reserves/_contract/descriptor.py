"""The data contract, ``datapackage.json``, read once, when first asked for: its tables, their columns and keys.

Every dtype, vocabulary, check and dependency of the loader derives from this descriptor, so the contract is
written in one place only. It is also the registry of tables: which tables there are, what role each plays in a
folder of claims, and which tables each one reads (its foreign keys, the tables its rules use, the table a derived
column is drawn from).
"""

import json
from functools import cache
from pathlib import Path

import pandas as pd

from .._errors import Kind, Problem, ReservesDataError

DESCRIPTOR = "datapackage.json"
ROLES = ("claims", "reference", "vocabulary")  # what a table is to a folder of claims: see role()

IMPLEMENTED = {"required", "unique", "pattern", "enum", "minimum", "maxLength"}  # what the checks enforce
TYPES = {"string", "number", "integer"}
# What else of a field, schema and resource the loader reads as the Table Schema defines it. Anything more (a
# format, decimalChar, missingValues, a dialect, another encoding) changes how cells read: it must not pass unheard.
FIELD_KEYS = {"name", "type", "constraints", "description", "title", "calendarDate"}
SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys"}
RESOURCE_KEYS = {"name", "path", "profile", "schema", "description", "title", "derivedFields", "encoding", "role", "uses"}


def shipped_dir() -> Path:
    """Folder of the shipped data: inside an installed wheel, else ``data/`` of the checkout."""
    package = Path(__file__).resolve().parent.parent
    inside = package / "data"
    return inside if inside.is_dir() else package.parent / "data"


@cache
def descriptor() -> dict:
    path = shipped_dir() / DESCRIPTOR
    loaded = json.loads(path.read_text(encoding="utf-8"))
    _refuse_unimplemented(loaded, str(path))
    return loaded


def _refuse_unimplemented(loaded: dict, file: str) -> None:
    """A constraint or type the loader does not enforce would be a promise broken silently: refuse it."""
    problems = []
    for res in loaded["resources"]:
        for field in res["schema"]["fields"]:
            where = f"{res['name']}.{field['name']}"
            unknown = sorted(set(field.get("constraints", {})) - IMPLEMENTED)
            if unknown or field["type"] not in TYPES:
                what = f"constraints {', '.join(unknown)}" if unknown else f"type {field['type']}"
                problems.append(Problem(file, 1, where, what, f"{what} of {where} is not enforced by the loader: implement it in "
                                        f"reserves/_contract/cells.py first (enforced: {', '.join(sorted(IMPLEMENTED))})", Kind.CONTRACT))
            problems += _unread(field, FIELD_KEYS, where, file)
        problems += _unread(res["schema"], SCHEMA_KEYS, f"{res['name']} schema", file)
        problems += _unread(res, RESOURCE_KEYS, res["name"], file)
        if res.get("encoding", "utf-8").lower() != "utf-8":
            problems.append(Problem(file, 1, res["name"], res["encoding"], f"encoding {res['encoding']} of {res['name']}: the loader "
                                    "reads UTF-8 only; save the file as UTF-8 and write \"encoding\": \"utf-8\"", Kind.CONTRACT))
        if res.get("role") not in ROLES:
            problems.append(Problem(file, 1, res["name"], str(res.get("role")), f"{res['name']} needs a role, one of "
                                    f"{', '.join(ROLES)}: what the table is to a folder of claims", Kind.CONTRACT))
    if problems:
        raise ReservesDataError(problems)


def _unread(part: dict, known: set[str], where: str, file: str) -> list[Problem]:
    """A property the loader does not read would be a promise broken silently."""
    return [Problem(file, 1, where, key, f"property {key} of {where} is not read by the loader: implement it in reserves/ "
                    f"first, or remove it (read: {', '.join(sorted(known))})", Kind.CONTRACT) for key in sorted(set(part) - known)]


def resource(name: str) -> dict:
    for res in descriptor()["resources"]:
        if res["name"] == name:
            return res
    raise KeyError(name)


def table_names() -> list[str]:
    """Every table of the contract, in its order."""
    return [res["name"] for res in descriptor()["resources"]]


def role(name: str) -> str:
    """'claims' (the figures, counts and reports an analyst records: a folder without the file has none of them),
    'reference' (sources, deposits, territories, world figures: a folder without the file uses the shipped one) or
    'vocabulary' (units, flags, ...: a folder's own file extends the shipped one)."""
    return resource(name)["role"]


def fields(name: str) -> list[dict]:
    return resource(name)["schema"]["fields"]


def field_names(name: str) -> list[str]:
    return [field["name"] for field in fields(name)]


def derived_fields(name: str) -> list[dict]:
    return resource(name).get("derivedFields", [])


def primary_key(name: str) -> list[str]:
    return resource(name)["schema"]["primaryKey"]


def constraints(field: dict) -> dict:
    return field.get("constraints", {})


def dtype(field: dict):
    """The pandas dtype a field of the Table Schema loads as.

    A derived field marked ``categorical`` (few distinct texts repeated over many
    rows, such as caveats) loads as a categorical, so rows share one copy of each text.
    """
    kind = field["type"]
    if field.get("categorical"):
        return pd.CategoricalDtype()
    if kind == "string":
        enum = constraints(field).get("enum")
        return pd.CategoricalDtype(enum) if enum else pd.StringDtype("pyarrow")
    return {"number": "Float64", "integer": "Int64", "boolean": "boolean"}[kind]


def foreign_keys(name: str) -> list[tuple[str, str, str]]:
    """``(column, target table, target column)`` for every foreign key of a table."""
    keys = []
    for fk in resource(name)["schema"].get("foreignKeys", []):
        target = fk["reference"]["resource"] or name
        keys.append((fk["fields"][0], target, fk["reference"]["fields"][0]))
    return keys


def key_columns(name: str) -> list[str]:
    """The columns whose values are keys: the primary key, unique columns and foreign keys. Keys are compared as
    written, so each must be in one Unicode form, without spaces around it."""
    named = primary_key(name) + [f["name"] for f in fields(name) if constraints(f).get("unique")]
    return list(dict.fromkeys(named + [column for column, _, _ in foreign_keys(name)]))


def flagged_tables() -> list[str]:
    """The tables whose rows carry doubts (a ``doubts`` column of flags.csv codes)."""
    return [name for name in table_names() if "doubts" in field_names(name)]


def vocabulary_columns() -> dict[str, tuple[str, str]]:
    """``column: (vocabulary table, key)`` for each column of a flagged table that draws its values from a vocabulary,
    so a flag's rule 'qualifier=circa' is checked as 'qualifier=about' is: against qualifiers.csv."""
    return {column: (target, key) for name in flagged_tables() for column, target, key in foreign_keys(name)
            if role(target) == "vocabulary"}


def references(name: str) -> list[str]:
    """The tables a table's checks read: those its foreign keys name, flags.csv for its doubts, the tables its rules
    use (``uses``), and for flags.csv the vocabularies its rules name values of."""
    targets = [target for _, target, _ in foreign_keys(name) if target != name]
    targets += ["flags"] if "doubts" in field_names(name) else []
    targets += resource(name).get("uses", [])
    targets += [target for target, _ in vocabulary_columns().values()] if name == "flags" else []
    return list(dict.fromkeys(targets))


def drawn_from(name: str) -> list[str]:
    """The tables a table's derived columns are drawn from beyond its references: reserves' ``also_reported_by`` from
    citations.csv, which itself references reserves."""
    return list(dict.fromkeys(spec["from"] for spec in derived_fields(name) if "from" in spec))


def load_order() -> list[str]:
    """Every table after the tables it references: the order in which a folder is checked."""
    order: list[str] = []

    def visit(name: str) -> None:
        if name not in order:
            for target in references(name):
                visit(target)
            order.append(name)

    for name in table_names():
        visit(name)
    return order
