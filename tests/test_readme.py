"""The README's caveat table says what flags.csv says, so it cannot drift from the data."""

from conftest import ROOT, checked


def test_readme_lists_every_flag_with_its_meaning():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for flag in checked("flags").frame.itertuples():
        assert f"| `{flag.flag}` | {flag.meaning} |" in readme


def test_readme_quick_start_has_two_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Quick start", 1)[1].split("```", 2)[1]
    assert block.splitlines()[1:] == ["make charts", "make test"]
