"""reserves validate: problems as file:line: column: message, a non-zero exit, a summary when all is well."""

import pytest

from reserves._cli import main


def test_validate_shipped_data_prints_a_summary(capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert "16 reserves (16 flagged)" in out and "9 counts (9 flagged)" in out and "13 sources" in out


def test_validate_a_bad_file_names_each_problem(variant, capsys):
    path = variant("reserves", lambda text: text.replace(",13.6,", ",13.6t,").replace(",100,", ",-100,"))
    assert main(["validate", str(path)]) == 1
    out = capsys.readouterr().out
    assert out.startswith(f"{path}:2: value: '13.6t' is not a number")
    assert f"{path}:4: value: '-100' is below the minimum 0" in out


def test_validate_a_folder_checks_each_table_in_it(variant, capsys):
    variant("reserves")
    path = variant("counts", lambda text: text.replace(",150,", ",lots,"))
    assert main(["validate", str(path.parent)]) == 1
    out = capsys.readouterr().out
    assert f"{path}:2: count:" in out and "reserves.csv" not in out


def test_validate_a_file_of_no_table(tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text("a\n")
    with pytest.raises(SystemExit, match="cannot tell which table this is"):
        main(["validate", str(path)])
