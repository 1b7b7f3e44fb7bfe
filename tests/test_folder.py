"""One owner of the folder, one meaning of valid: each fault found by hostile use of a folder, as a test."""

import os
import pickle
import shutil
import stat
import unicodedata
from concurrent.futures import ProcessPoolExecutor

import pandas as pd
import pytest

import reserves
from conftest import figure_line, shipped_text
from reserves._cli.main import main
from reserves._contract import descriptor as contract

UNITS = "unit_reported,dimension,unit,factor,unit_status,read_as,basis,readings,note\n"
FLAGS = shipped_text("flags").splitlines()[0] + "\n"
LETTERS = [a + b for a in "abc" for b in "abcdefghijklmnopqrstuvwxyz"]  # flag codes are letters and underscores


def folder_with(tmp_path, name: str, rows: list[str], **files: str):
    """A folder of claims holding the shipped sources and deposits, ``rows`` as reserves.csv, and ``files`` as given."""
    folder = tmp_path / name
    folder.mkdir()
    for table in ("sources", "deposits", "territories"):
        shutil.copy(contract.shipped_dir() / f"{table}.csv", folder)
    (folder / "reserves.csv").write_text(",".join(contract.field_names("reserves")) + "\n" + "".join(rows), encoding="utf-8")
    for table, text in files.items():
        (folder / f"{table}.csv").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture
def two_folders(tmp_path):
    """Two folders, each with a unit of its own that the other does not have."""
    a = folder_with(tmp_path, "a", [figure_line(figure_id="a-1", value="120", unit_reported="quintals", basis="unknown")],
                    units=UNITS + "quintals,mass,t,0.1,stated,,,,Metric quintal of 100 kg.\n")
    b = folder_with(tmp_path, "b", [figure_line(figure_id="b-1", value="3", unit_reported="picul", basis="unknown")],
                    units=UNITS + "picul,mass,t,0.0604789,assumed,Chinese picul,,picul,A picul of 60.4789 kg.\n")
    return a, b


def test_a_filtered_and_copied_frame_keeps_its_folders_vocabularies(two_folders):
    a, _ = two_folders
    figures = reserves.load_reserves(a)
    part = figures[figures["value"] > 0].copy()
    assert set(reserves.readings(part)["unit_reading"]) == {"quintals"}  # the folder's own unit, not a KeyError
    assert reserves.total(part).loc[0, "why"] == "1 basis unknown"


def test_pd_concat_of_two_folders_is_refused_clearly_and_reserves_concat_joins_them(two_folders):
    a, b = two_folders
    figures_a, figures_b = reserves.load_reserves(a), reserves.load_reserves(b)
    with pytest.raises(ValueError, match=r"carries no vocabularies.*reserves\.concat\(frames\)"):
        reserves.readings(pd.concat([figures_a, figures_b]))
    joined = reserves.concat([figures_a, figures_b])
    assert set(reserves.readings(joined)["unit_reading"]) == {"quintals", "picul"}
    assert len(reserves.total(joined)) == 1  # one group of copper, reserve, unknown basis, t, deposit


def test_concat_refuses_folders_whose_vocabularies_contradict(two_folders, tmp_path):
    a, _ = two_folders
    c = folder_with(tmp_path, "c", [figure_line(figure_id="c-1", value="1", unit_reported="quintals", basis="unknown")],
                    units=UNITS + "quintals,mass,t,0.05,stated,,,,A quintal of 50 kg.\n")
    with pytest.raises(reserves.ReservesDataError, match=r"give this unit_reported different rows of units\.csv"):
        reserves.concat([reserves.load_reserves(a), reserves.load_reserves(c)])


def test_total_of_a_frame_with_a_repeated_index_adds_by_row(two_folders):
    a, _ = two_folders
    figures = reserves.load_reserves(a)
    doubled = pd.concat([figures, figures])  # one folder: the vocabularies stay, the index repeats
    assert reserves.total(doubled).loc[0, "why"] == "2 basis unknown"


def test_a_folder_moved_after_loading_changes_nothing(tmp_path):
    folder = folder_with(tmp_path, "mine", [figure_line(figure_id="m-1", value="5", unit_reported="tonnes", basis="contained metal",
                                                         quote="5 tonnes of copper metal", doubts="operator_figure")],
                         flags=FLAGS + "operator_figure,,the operator's own figure,The operator states it.,the operator's figure\n")
    figures = reserves.load_reserves(folder)
    shutil.rmtree(folder)
    assert reserves.total(figures).loc[0, "why"] == "1 the operator's figure"  # the folder's flags, carried by the frame


def test_more_flags_than_a_64_bit_number_holds_all_apply(tmp_path):
    extra = "".join(f"extra_{LETTERS[i]},,extra {i},Extra.,\n" for i in range(70))
    folder = folder_with(tmp_path, "mine", [figure_line(figure_id="m-1", value="5", unit_reported="tonnes", basis="unknown",
                                                         doubts="extra_" + LETTERS[69]),
                                             figure_line(figure_id="m-2", value="5", unit_reported="tonnes", basis="unknown",
                                                         part="north", doubts="late_derived")],
                         flags=FLAGS + extra + "late_derived,,late,Late.,too late to add\n")
    figures = reserves.load_reserves(folder)
    assert figures["flag_codes"].tolist() == ["basis_unknown;extra_" + LETTERS[69], "basis_unknown;late_derived"]
    assert figures["caveat"].iloc[0].endswith("; extra 69.")


def test_a_derived_flag_beyond_the_64th_is_kept_and_total_leaves_it_out(tmp_path):
    extra = "".join(f"extra_{LETTERS[i]},,extra {i},Extra.,\n" for i in range(70))
    folder = folder_with(tmp_path, "mine", [figure_line(figure_id="m-1", value="5", unit_reported="tonnes", basis="contained metal",
                                                         quote="5 tonnes of copper metal", part="north")],
                         flags=FLAGS + extra + "a_part,part=*,about a part: {part},A part of a deposit.,a part only\n")
    figures = reserves.load_reserves(folder)
    assert figures["flag_codes"].iloc[0] == "a_part" and figures["caveat"].iloc[0] == "About a part: north."
    assert reserves.total(figures).loc[0, "why"] == "1 a part only"


@pytest.mark.parametrize("text, words", [
    (unicodedata.normalize("NFD", "kükürd"), ["decomposed Unicode", "U+0308 COMBINING DIAERESIS", "retype it as 'kükürd'"]),
    ("tons ", ["has a space after it", "another key than 'tons'"]),
])
def test_a_key_not_in_one_unicode_form_is_refused_naming_the_difference(tmp_path, text, words):
    folder = folder_with(tmp_path, "mine", [figure_line(figure_id="m-1", value="5", unit_reported=text, basis="unknown")],
                         units=UNITS + f"{text},mass,t,1000,stated,,,,Odd.\n")
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_reserves(folder)
    problem = caught.value.problems[0]
    assert (problem.kind, problem.column, problem.value) == (reserves.Kind.UNICODE, "unit_reported", text)
    assert all(w in problem.message for w in words), problem.message


def test_a_folder_unit_that_differs_from_a_shipped_one_only_in_case_must_mean_the_same(tmp_path):
    folder = folder_with(tmp_path, "mine", [figure_line(figure_id="m-1", value="5", unit_reported="Tons", basis="unknown")],
                         units=UNITS + "Tons,mass,t,1000,stated,,,,Odd.\n")
    with pytest.raises(reserves.ReservesDataError, match=r"has 'tons', the same but for case, with other values"):
        reserves.load_reserves(folder)


def test_two_spellings_of_one_deposit_in_two_unicode_forms_are_refused(variant):
    composed = "Söyüdlü"
    path = variant("deposits", lambda text: text + f"soyudlu-2,{unicodedata.normalize('NFD', composed)} 2,,,,\n")
    with pytest.raises(reserves.ReservesDataError) as caught:
        reserves.load_deposits(path.parent)
    assert caught.value.problems[0].kind == reserves.Kind.UNICODE and caught.value.problems[0].column == "name"


def test_write_csv_never_writes_a_folder_the_loader_refuses(variant):
    folder = variant("reserves").parent
    figures = reserves.load_reserves(folder)
    cited = figures[figures["figure_id"] != "demirli-copper-aliyev"]  # citations.csv names this figure
    with pytest.raises(reserves.ReservesDataError, match=r"citations\.csv:\d+: figure_id: 'demirli-copper-aliyev' is not a figure_id"):
        reserves.write_csv(cited, folder)
    assert (folder / "reserves.csv").read_text(encoding="utf-8") == shipped_text("reserves")
    reserves.load_reserves(folder)  # the folder still loads


def test_write_csv_of_every_loaded_frame_loads_again(variant):
    folder = variant("reserves").parent
    for name, load in [("reserves", reserves.load_reserves), ("counts", reserves.load_counts), ("sources", reserves.load_sources)]:
        reserves.write_csv(load(folder), folder)
        assert (folder / f"{name}.csv").read_text(encoding="utf-8") == shipped_text(name)


def test_write_csv_refuses_a_frame_over_another_tables_file(variant):
    folder = variant("counts").parent
    with pytest.raises(ValueError, match=r"counts\.csv is the file of the table counts, not of reserves"):
        reserves.write_csv(reserves.load_reserves(), folder / "counts.csv")
    assert (folder / "counts.csv").read_text(encoding="utf-8") == shipped_text("counts")


def test_write_csv_to_a_missing_folder_names_the_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match=rf"the folder {tmp_path / 'nope'} does not exist: create it first"):
        reserves.write_csv(reserves.load_reserves(), tmp_path / "nope" / "reserves.csv")


def test_write_csv_writes_through_a_link_and_keeps_the_permissions(variant, tmp_path):
    folder = variant("reserves").parent
    real = tmp_path / "elsewhere.csv"
    os.replace(folder / "reserves.csv", real)
    os.symlink(real, folder / "reserves.csv")
    os.chmod(real, 0o664)
    figures = reserves.load_reserves(folder)
    figures["note"] = "rewritten"
    reserves.write_csv(figures, folder)
    assert (folder / "reserves.csv").is_symlink() and os.readlink(folder / "reserves.csv") == str(real)
    assert stat.S_IMODE(real.stat().st_mode) == 0o664
    assert set(reserves.load_reserves(folder)["note"]) == {"rewritten"}


def test_a_file_edited_in_place_with_its_times_restored_is_read_again(tmp_path):
    folder = folder_with(tmp_path, "mine", [], units=UNITS + "quintals,mass,t,0.1,stated,,,,Metric quintal.\n")
    notes = lambda figures: set(figures.attrs["vocabularies"]["units"]["note"])
    assert "Metric quintal." in notes(reserves.load_reserves(folder))
    path, times = folder / "units.csv", (folder / "units.csv").stat()
    path.write_text(path.read_text(encoding="utf-8").replace("quintal.", "quintal!"), encoding="utf-8")
    os.utime(path, ns=(times.st_atime_ns, times.st_mtime_ns))
    assert "Metric quintal!" in notes(reserves.load_reserves(folder))


def test_a_returned_frame_shares_no_writable_memory_with_later_loads():
    figures = reserves.load_reserves()
    figures["value"].values[0] = 999
    figures.loc[0, "quote"] = "changed"
    again = reserves.load_reserves()
    assert again["value"].iloc[0] != 999 and again["quote"].iloc[0] != "changed"


def _fail_in_a_child(path):
    return reserves.load_reserves(path)


def test_the_error_travels_through_a_process_pool_with_its_problems(variant):
    path = variant("reserves", lambda text: text.replace(",47.9,", ",-47.9,"))
    with ProcessPoolExecutor(1) as pool, pytest.raises(reserves.ReservesDataError) as caught:
        pool.submit(_fail_in_a_child, path.parent).result()
    assert caught.value.problems[0].column == "value" and "below the minimum 0" in str(caught.value)
    again = pickle.loads(pickle.dumps(caught.value))
    assert str(again) == str(caught.value) and again.counts == caught.value.counts


def test_validate_reports_a_bad_vocabulary_row_once_and_counts_per_folder(tmp_path, capsys):
    bad = folder_with(tmp_path, "bad", [], units=UNITS + "quintals,mass,t,,stated,,,,No factor.\n")
    good = folder_with(tmp_path, "good", [])
    assert main(["validate", str(bad), str(good)]) == 1
    out = capsys.readouterr().out
    assert out.count("units.csv:2: factor:") == 1
    assert f"{bad}: problems by kind: 1 x vocabulary" in out
    assert f"{bad}/reserves.csv: not checked: it reads units.csv, which has problems" in out
    assert f"valid: {good}:" in out


def test_validate_counts_a_blank_line_as_a_blank_row(variant, capsys):
    path = variant("reserves", lambda text: text.replace("\n", "\n\n", 2).replace("\n\n", "\n", 1))
    assert main(["validate", str(path.parent)]) == 1
    out = capsys.readouterr().out
    assert "reserves.csv:3: (row): blank line; delete it" in out and "1 x blank-row" in out and "row-width" not in out


def test_validate_names_an_unreadable_file_in_one_line(variant, capsys, monkeypatch):
    path = variant("sources")
    os.chmod(path, 0)
    readable = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: readable(p, mode) and str(p) != str(path))  # root could read it anyway
    assert main(["validate", str(path.parent)]) == 1
    assert f"{path}:1: (file): sources.csv cannot be read (permission denied)" in capsys.readouterr().out


def test_validate_says_what_the_charts_will_lack(tmp_path, capsys):
    folder = tmp_path / "counts-only"
    folder.mkdir()
    (folder / "counts.csv").write_text(shipped_text("counts"), encoding="utf-8")
    assert main(["validate", str(folder)]) == 0
    assert f"note: {folder} has no reserves.csv: it has no reserves to chart" in capsys.readouterr().out
    assert len(reserves.load_reserves(folder)) == 0  # no figures: an empty table, not the shipped one


def test_the_public_face(tmp_path):
    import reserves.charts as charts

    assert reserves.Kind.UNICODE == "unicode" and reserves.Problem._fields[-1] == "kind"
    assert set(dir(charts)) == set(charts.__all__) and all(callable(getattr(charts, name)) for name in charts.__all__)
    assert not {"base", "compare", "counts", "reported", "pd", "Figure"} & set(dir(charts))
    assert (contract.shipped_dir().parent / "reserves" / "py.typed").is_file()
