"""The data contract, read once from ``data/datapackage.json``.

Every dtype, vocabulary and check of the loader derives from this descriptor,
so the contract is written in one place only.
"""

import json
from functools import cache
from pathlib import Path

import pandas as pd

from ._errors import Kind, Problem, ReservesDataError

DESCRIPTOR = "datapackage.json"


def data_dir() -> Path:
    """Folder of the shipped data: inside an installed wheel, else ``data/`` of the checkout."""
    package = Path(__file__).resolve().parent
    shipped = package / "data"
    return shipped if shipped.is_dir() else package.parent / "data"


IMPLEMENTED = {"required", "unique", "pattern", "enum", "minimum", "maxLength"}  # what the checks enforce
TYPES = {"string", "number", "integer"}
# What else of a field, schema and resource the loader reads as the Table Schema defines it. Anything more (a
# format, decimalChar, missingValues, a dialect, another encoding) changes how cells read: it must not pass unheard.
FIELD_KEYS = {"name", "type", "constraints", "description", "title", "calendarDate"}
SCHEMA_KEYS = {"fields", "primaryKey", "foreignKeys"}
RESOURCE_KEYS = {"name", "path", "profile", "schema", "description", "title", "derivedFields", "encoding", "vocabulary"}


@cache
def descriptor() -> dict:
    path = data_dir() / DESCRIPTOR
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
                                        f"reserves/_checks.py first (enforced: {', '.join(sorted(IMPLEMENTED))})", Kind.CONTRACT))
            problems += _unread(field, FIELD_KEYS, where, file)
        problems += _unread(res["schema"], SCHEMA_KEYS, f"{res['name']} schema", file)
        problems += _unread(res, RESOURCE_KEYS, res["name"], file)
        if res.get("encoding", "utf-8").lower() != "utf-8":
            problems.append(Problem(file, 1, res["name"], res["encoding"], f"encoding {res['encoding']} of {res['name']}: the loader "
                                    "reads UTF-8 only; save the file as UTF-8 and write \"encoding\": \"utf-8\"", Kind.CONTRACT))
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


def resource_names() -> list[str]:
    return [res["name"] for res in descriptor()["resources"]]


def fields(name: str) -> list[dict]:
    return resource(name)["schema"]["fields"]


def field_names(name: str) -> list[str]:
    return [field["name"] for field in fields(name)]


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
    """``(column, target resource, target column)`` for every foreign key of a resource."""
    keys = []
    for fk in resource(name)["schema"].get("foreignKeys", []):
        target = fk["reference"]["resource"] or name
        keys.append((fk["fields"][0], target, fk["reference"]["fields"][0]))
    return keys
