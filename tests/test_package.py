"""The data package passes the real frictionless validator, and ships inside the wheel."""

import subprocess
import sys
import zipfile

import pytest

import reserves
from conftest import ROOT
from reserves._contract import descriptor as contract


def test_frictionless_validates_the_data_package():
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(contract.shipped_dir() / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_frictionless_agrees_a_broken_file_is_broken(tmp_path):
    frictionless = pytest.importorskip("frictionless")
    for path in contract.shipped_dir().iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    broken = tmp_path / "reserves.csv"
    broken.write_text(broken.read_text().replace(",100,", ",-100,"))
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


def test_wheel_ships_the_data_and_loads_elsewhere(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True)
    wheel = next(tmp_path.glob("reserves-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for path in contract.shipped_dir().iterdir():
        assert f"reserves/data/{path.name}" in names
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = "import reserves, reserves._contract.descriptor as d; print(d.shipped_dir().parent.parent.name, len(reserves.load_reserves()))"
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(target)},
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["site", str(len(reserves.load_reserves()))]


def test_the_package_face_shows_only_the_api():
    code = "import reserves; print(' '.join(sorted(n for n in dir(reserves) if not n.startswith('_'))))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == sorted(reserves.__all__)
    assert all(not module.startswith("_") for module in reserves.__all__)


def public_functions():
    from reserves import charts

    return [(f"reserves.{name}", getattr(reserves, name)) for name in reserves.__all__] + [
        (f"reserves.charts.{name}", getattr(charts, name)) for name in charts.__all__]


@pytest.mark.parametrize("name, function", public_functions(), ids=[name for name, _ in public_functions()])
def test_every_public_name_has_an_example_and_typed_arguments(name, function):
    import inspect

    assert "Examples\n" in inspect.getdoc(function), f"{name} has no Examples section"
    if inspect.isfunction(function):
        hints = inspect.signature(function)
        assert all(p.annotation is not p.empty for p in hints.parameters.values()), f"{name} has an untyped argument"


def test_importing_the_package_reads_no_file():
    code = ("import sys; opened = []\n"
            "sys.addaudithook(lambda event, args: opened.append(str(args[0])) if event == 'open' else None)\n"
            "import reserves\n"
            "print([p for p in opened if not p.endswith(('.py', '.pyc'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout
