"""The merge driver's output, byte for byte, on a set of cases: laying the sides out once
(and not at all where summitkit wrote them) writes what laying each out every time wrote.

Each folder of tests/data/merge holds base.yaml (none: added on both sides), ours.yaml,
theirs.yaml and expected.yaml, the text the merge wrote before it laid each side out once.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import summit

from summitkit.drafting.merge import merge_texts

CASES = Path(__file__).parent / "data" / "merge"


def read(path: Path) -> str | None:
    return path.read_text(encoding="utf-8") if path.exists() else None


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir()))
def test_the_merge_writes_what_it_wrote(case: str) -> None:
    folder = CASES / case
    kind = "commitment" if case == "commitment" else "statement"
    ours, theirs = read(folder / "ours.yaml"), read(folder / "theirs.yaml")
    assert ours is not None and theirs is not None

    merged = merge_texts(read(folder / "base.yaml"), ours, theirs, kind, ("jpn", "kor"))

    assert merged.text == read(folder / "expected.yaml")


def test_the_cases_cover_sides_not_laid_out_conflicts_and_alternatives() -> None:
    names = {p.name for p in CASES.iterdir()}
    assert {"raw-sides", "reordered-keys", "conflicting-status", "reword-one-clause-twice"} <= names
    assert "<<<<<<<" in (read(CASES / "conflicting-status" / "expected.yaml") or "")


@pytest.mark.parametrize("case", ["conflicting-status", "reword-one-clause-twice"])
def test_the_driver_writes_the_same_with_and_without_click(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`summit merge-driver %O %A %B %P` as git runs it skips click; through click's
    command (as `summit merge-driver` with any option would run) it writes the same."""
    folder = CASES / case
    record = "content/statements/s.yaml"
    results = []
    for way in ("git", "click"):
        work = tmp_path / way
        shutil.copytree(folder, work)
        args = ["merge-driver", "base.yaml", "ours.yaml", "theirs.yaml", record]
        if way == "git":
            done = subprocess.run([sys.executable, "-m", "summitkit", *args], cwd=work)
            code = done.returncode
        else:
            monkeypatch.chdir(work)
            code = summit(*args).exit_code
        results.append((code, (work / "ours.yaml").read_text(encoding="utf-8")))
    assert results[0] == results[1]
    assert results[0][0] == (1 if case == "conflicting-status" else 0)
