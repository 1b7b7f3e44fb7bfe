"""Hypothesis strategies for folders of claims the rules accept: any region, any units, awkward text.

A generated figure's quote holds its value in digits and states its basis the way the rules read quotes; its unit is
of a dimension its measure allows; its dates are not after its source's. A generated folder adds its own
vocabulary rows (units of every dimension, a commodity, a scheme and its classes, a kind of territory) to the
shipped ones, so everything drawn from a vocabulary may be a row of the folder's own.
"""

import csv
import io
from pathlib import Path

import pandas as pd
from hypothesis import strategies as st

from conftest import checked
from reserves._contract import descriptor as contract

# Text that is awkward (quotes, commas, line breaks, other scripts, markup, spaces at either end) but holds no digit
# and no word a rule reads (no basis noun or verb can be spelled from these letters).
LETTERS = list('ab ,;"\n\'Əəıüç Дрмбон Դրմբոն 金#=$<>&/') + ["<script>", "&amp;", "{x}"]
awkward = st.lists(st.sampled_from(LETTERS), min_size=1, max_size=12).map("".join)
ids = st.text(alphabet="abcdefghjkmnpqrstuvwxyz", min_size=3, max_size=8)

MASS = ("mass", "mass per year", "mass per day", "unknown")
SOURCE = "jamnews-2022-12-13"  # of 2022-12-13: every generated date is earlier


def shipped(name: str) -> pd.DataFrame:
    return checked(name).frame


def decimal_text(draw, low: int = 0, high: int = 10**6) -> str:
    """A number as a quote and a CSV write it alike: '275000', '13.6', '3.0' (its trailing zero kept)."""
    whole = draw(st.integers(low, high))
    places = draw(st.sampled_from(["", "0", "5", "25", "01"]))
    return f"{whole}.{places}" if places else str(whole)


@st.composite
def own_vocabulary(draw) -> dict[str, list[dict]]:
    """Rows a folder adds to the shipped vocabularies: new units of every dimension, a commodity, a scheme and its
    classes, a kind of territory, a measure, an editorial flag."""
    canonical = dict(zip(contract.constraints(next(f for f in contract.fields("units") if f["name"] == "dimension"))["enum"],
                         contract.constraints(next(f for f in contract.fields("units") if f["name"] == "unit"))["enum"]))
    units = []
    for i, (dimension, unit) in enumerate(canonical.items()):
        status = "unknown" if dimension == "unknown" else draw(st.sampled_from(["stated", "assumed"]))
        readings = "" if status == "stated" else draw(st.sampled_from(["", "tonnes;short tons"])) if dimension == "mass" else ""
        if status == "assumed" and not readings:
            readings = f"own unit {chr(97 + i)}"  # an assumed unit reads as itself, named
        factor = "" if status == "unknown" else draw(st.sampled_from(["1", "0.001", "1000", "31.1034768", "0.5"]))
        basis = draw(st.sampled_from(["", "contained metal"])) if dimension in ("mass", "mass per year") else ""
        name = f"own unit {chr(97 + i)}"
        units.append({"unit_reported": name, "dimension": dimension, "unit": unit, "factor": factor,
                      "unit_status": status, "read_as": "an own reading" if status == "assumed" else "", "basis": basis,
                      "readings": readings, "note": draw(awkward)})
    commodity = {"commodity": "antimony", "symbol": "Sb", "group": "battery metal", "members": "", "metal_words": "",
                 "grade_unit": draw(st.sampled_from(["", "g/t", "%"])), "note": ""}
    scheme = {"scheme": "SAMREC-like", "name": "An own scheme", "meaning": "A scheme of the folder."}
    classes = [{"scheme": "SAMREC-like", "class": name, "members": "", "meaning": "A class."} for name in ("measured", "indicated")]
    classes.append({"scheme": "SAMREC-like", "class": "Measured and Indicated", "members": "measured;indicated", "meaning": "Both."})
    return {"units": units, "commodities": [commodity], "schemes": [scheme], "classes": classes,
            "territory_kinds": [{"kind": "oblast", "meaning": "A region of a country."}],
            "flags": [{"flag": "operator_figure", "when": "", "caveat": "the operator's own figure", "meaning": "Said by its operator.",
                       "total": draw(st.sampled_from(["", "the operator's figure"]))}]}


def vocabularies(own: dict[str, list[dict]]) -> dict[str, pd.DataFrame]:
    """Each vocabulary as the folder extends it: the shipped rows, then its own."""
    return {name: pd.concat([shipped(name), pd.DataFrame(rows)], ignore_index=True) if rows else shipped(name)
            for name, rows in own.items()} | {name: shipped(name) for name in ("measures", "qualifiers", "as_of_qualifiers")}


STATING = {"ore": "{value} {unit} of ore", "concentrate": "{value} {unit} of concentrate",
           "contained metal": "containing {value} {unit} of {commodity}"}


@st.composite
def figure(draw, i: int, known: dict[str, pd.DataFrame], places: list[tuple[str, str]], claimants: list[str]) -> dict:
    """One row of reserves.csv every rule accepts."""
    units, measures = known["units"], known["measures"]
    unit = draw(st.sampled_from(units["unit_reported"].tolist()))
    row = units.set_index("unit_reported").loc[unit]
    dimension = row["dimension"]
    allowed = measures[measures["dimensions"].str.split(";").map(lambda d: dimension in d)]
    measure = allowed.loc[draw(st.sampled_from(list(allowed.index)))]
    commodity = draw(st.sampled_from(known["commodities"]["commodity"].tolist()))
    if dimension == "fraction":  # no fraction above the whole: at most 100 %
        value = decimal_text(draw, 0, max(int(1e6 / float(row["factor"])) - 1, 0))
    else:
        value = decimal_text(draw)
    qualifiers = known["qualifiers"]
    qualifier = draw(st.sampled_from(qualifiers["qualifier"].tolist()))
    ranged = qualifiers.set_index("qualifier").loc[qualifier, "upper"] == "value_high"
    high = f"{float(value) + draw(st.integers(1, 100)):g}" if ranged else ""
    high = "" if not ranged else (high if "e" not in high else str(int(float(value)) + 1))
    if dimension == "fraction" and high:
        value, high = "0", "1"  # a range of fractions, still below the whole
    by_unit = row["basis"] if isinstance(row["basis"], str) and row["basis"] else None
    if by_unit:
        basis = by_unit
    elif dimension in MASS:
        basis = draw(st.sampled_from(["ore", "concentrate", "contained metal", "unknown"]))
    else:
        basis = "not applicable"
    written = f"{value} to {high}" if high else value
    construction = "{value} {unit} of {commodity}" if by_unit else STATING.get(basis, "{value} {unit} of {commodity}")
    quote = (draw(awkward) + " " + construction.format(value=written, unit=unit, commodity=commodity) + " " + draw(awkward))[:300]
    scheme, resource_class = draw(st.sampled_from([("", ""), ("none stated", "industrial"), ("JORC", "measured and indicated"),
                                                   ("GKZ", "C1+C2"), ("SAMREC-like", "measured and indicated")]))
    as_of = draw(st.sampled_from([("", "", ""), ("1993", "", "until"), ("2020-10", "", "as of"), ("1977", "1990", "between"),
                                  ("1997", "", "since")]))
    estimate = f"e{i}" if measure["estimate"] == "yes" or draw(st.booleans()) else ""
    same = units[(units["dimension"] == dimension) & units["factor"].notna() & (units["unit_reported"] != unit)]["unit_reported"]
    slip = draw(st.sampled_from([""] + same.tolist()[:5])) if dimension != "unknown" and len(same) else ""
    claimant = draw(st.sampled_from([""] + claimants))
    deposit, territory = draw(st.sampled_from(places))
    return {"figure_id": f"f{i}", "deposit_id": deposit, "territory_id": territory, "part": draw(st.just("") | awkward),
            "commodity": commodity, "measure": measure["measure"], "value": value, "value_high": high, "unit_reported": unit,
            "basis": basis, "scheme": scheme, "resource_class": resource_class, "qualifier": qualifier, "as_of": as_of[0],
            "as_of_end": as_of[1], "as_of_qualifier": as_of[2], "estimate_id": estimate, "slip_unit": slip, "source_id": SOURCE,
            "claimant_id": claimant, "claimant": draw(awkward) if claimant else "", "quote": quote,
            "doubts": draw(st.sampled_from(["", "secondary", "estimate;conflicting", "operator_figure"])), "note": draw(st.just("") | awkward)}


@st.composite
def count(draw, i: int, territories: list[str], claimants: list[str]) -> dict:
    number = draw(st.integers(0, 500))
    return {"count_id": f"c{i}", "scope": draw(awkward), "territory_id": draw(st.sampled_from([""] + territories)),
            "commodity": draw(st.sampled_from(["gold", "various minerals", "antimony"])),
            "counted": draw(st.sampled_from(["deposits", "areas", "licences"])), "number": str(number), "number_high": "",
            "qualifier": draw(st.sampled_from(["exact", "more than", "about", "at most"])), "as_of": "", "as_of_end": "",
            "as_of_qualifier": "", "part_of": "", "source_id": SOURCE, "claimant_id": draw(st.sampled_from([""] + claimants)),
            "claimant": "", "quote": f"{draw(awkward)} {number} {draw(awkward)}", "doubts": "", "note": ""}


@st.composite
def folder_rows(draw) -> dict[str, list[dict]]:
    """Every table of a folder of claims, as rows: its own vocabulary rows, its deposits, claimants, figures, counts."""
    own = draw(own_vocabulary())
    known = vocabularies(own)
    deposits = [{"deposit_id": f"mine-{name}", "name": f"Mine {name}", "variants": draw(st.just("") | awkward).replace(";", ""),
                 "territory_id": "", "operator": "", "note": draw(awkward)} for name in draw(st.lists(ids, min_size=1, max_size=3, unique=True))]
    territories = [{"territory_id": "oblast-a", "name": "An oblast", "variants": "", "kind": "oblast", "note": ""},
                   {"territory_id": "district-b", "name": "A district", "variants": "", "kind": "district", "within": "oblast-a",
                    "note": draw(awkward)}]
    claimants = [{"claimant_id": "a-body", "name": "A body of the region", "short": "A body", "kind": "body", "role": "", "spellings": "",
                  "note": ""}]
    names = [{"deposit_id": deposits[0]["deposit_id"], "language": "ky", "name": "Кен", "note": ""}]
    places = [(d["deposit_id"], "") for d in deposits] + [("", "oblast-a"), ("", "district-b")]
    figures = [draw(figure(i, known, places, ["a-body"])) for i in range(draw(st.integers(1, 6)))]
    counts = [draw(count(i, ["oblast-a"], ["a-body"])) for i in range(draw(st.integers(0, 3)))]
    sources = shipped("sources")[shipped("sources")["source_id"] == SOURCE].astype(object).where(lambda f: f.notna(), "")
    return own | {"deposits": deposits, "territories": territories, "claimants": claimants, "deposit_names": names,
                  "reserves": figures, "counts": counts, "sources": sources.to_dict("records")}


def write_folder(folder: Path, tables: dict[str, list[dict]]) -> Path:
    """Write each table's rows as its CSV in ``folder``, in the contract's column order."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        out = io.StringIO(newline="")
        writer = csv.DictWriter(out, fieldnames=contract.field_names(name), lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        (folder / f"{name}.csv").write_text(out.getvalue(), encoding="utf-8")
    return folder
