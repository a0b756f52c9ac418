"""Invalid inputs: each folder of tests/data/invalid/ is a tiny drafting repository
with one broken thing, and `expected.txt` holds exactly what `summit check` must say.

The exit code follows from the expected lines: 1 when one of them is an error, 0
when all are warnings. A case with an `xfail.txt` states output the code does not
give yet; the file says why and what would make it pass.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import summit

CASES = Path(__file__).parent / "data" / "invalid"
NAMES = sorted(p.name for p in CASES.iterdir() if p.is_dir())


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file but the caches, the one thing a check may write (in .summit-cache/)."""
    files = {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}
    return {
        name: p.read_bytes()
        for name, p in files.items()
        if not name.startswith(("build/", ".summit-cache/"))
    }


def test_there_are_enough_cases() -> None:
    assert len(NAMES) >= 32


@pytest.mark.parametrize("name", NAMES)
def test_check_reports_exactly_the_expected_diagnostics(
    name: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    case = CASES / name
    reason = case / "xfail.txt"
    if reason.exists():
        # strict: once the code gives the expected output, the test says so.
        mark = pytest.mark.xfail(reason=reason.read_text(encoding="utf-8").strip(), strict=True)
        request.applymarker(mark)
    expected = (case / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert expected, f"{name}: expected.txt is empty"
    before = snapshot(case)

    monkeypatch.chdir(case)  # expected.txt: what `summit check` prints, run in that folder
    result = summit("check")

    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert set(result.stdout.splitlines()) == set(expected)
    assert len(result.stdout.splitlines()) == len(expected), "a diagnostic is repeated"
    errors = any(": error: " in line for line in expected)
    assert result.exit_code == (1 if errors else 0), result.output
    if not errors:
        assert result.stderr.startswith("ok: ")
    assert snapshot(case) == before, "summit check wrote into the repository"


def test_paths_open_from_the_folder_check_ran_in(monkeypatch: pytest.MonkeyPatch) -> None:
    """`summit check tests/data/invalid/CASE` from the repository names files from
    there, so that a terminal or an editor opens the right one with a click."""
    case = CASES / "date-does-not-exist"
    monkeypatch.chdir(CASES.parent.parent.parent)
    relative = case.relative_to(Path.cwd()).as_posix()

    result = summit("check", relative)

    path = f"{relative}/content/summits/seoul-2012.yaml"
    assert result.stdout.startswith(f"{path}:4:8: error: ")
    assert (Path.cwd() / path).is_file()
    shown = summit("check", relative, "--format", "json").stdout  # as in the repository
    assert '"path": "content/summits/seoul-2012.yaml"' in shown
    monkeypatch.chdir(case / "content" / "summits")  # below the repository's root
    assert summit("check").stdout.startswith("seoul-2012.yaml:4:8: error: ")


@pytest.mark.parametrize("name", NAMES)
def test_strict_fails_on_every_case(name: str) -> None:
    """Warning-only cases pass a plain check but fail --strict."""
    assert summit("check", "--strict", CASES / name).exit_code == 1
