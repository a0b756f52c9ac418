"""`summit new proposal|comment`: the document and the delegation are given, never
guessed, and a skeleton left as written warns until it says something."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import summit

MINI = Path(__file__).parent / "data" / "mini"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    assert summit("fmt", root).exit_code == 0
    return root


def record(root: Path, path: str) -> dict[str, object]:
    loaded = yaml.safe_load((root / path).read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def test_an_untouched_proposal_skeleton_warns_and_guesses_no_one(repo: Path) -> None:
    assert summit("new", "proposal", "p1", "--path", repo).exit_code == 0
    written = record(repo, "content/proposals/p1.yaml")
    # Not the first document and party on file, which would check cleanly and be wrong.
    assert written["document"] == "todo-statement-id"
    assert written["by"] == ["todo-state-id"]

    checked = summit("check", repo)

    assert checked.exit_code == 0
    about = [line for line in checked.stdout.splitlines() if "proposals/p1.yaml" in line]
    assert [line.rsplit(" ", 1)[1] for line in about] == [
        "[proposal/no-changes]",
        "[content/placeholder]",
        "[content/placeholder]",
    ]
    assert summit("check", "--strict", repo).exit_code == 1


def test_new_proposal_takes_its_document_and_delegation(repo: Path) -> None:
    result = summit(
        "new", "proposal", "jpn-2", "--document", "mini-2014", "--by", "jpn", "--path", repo
    )
    assert result.exit_code == 0, result.output
    written = record(repo, "content/proposals/jpn-2.yaml")
    assert written["document"] == "mini-2014" and written["by"] == ["jpn"]
    checked = summit("check", repo).stdout
    assert "jpn-2.yaml" in checked and "[proposal/no-changes]" in checked  # nothing proposed yet
    assert "[content/placeholder]" not in checked
    assert summit("fmt", "--check", repo).exit_code == 0


def test_new_comment_takes_its_document_and_delegation(repo: Path) -> None:
    result = summit(
        "new", "comment", "c1", "--document", "mini-2012", "--by", "kor", "--path", repo
    )
    assert result.exit_code == 0, result.output
    written = record(repo, "content/comments/c1.yaml")
    assert written["document"] == "mini-2012" and written["by"] == "kor"
    assert written["clause"] == "pp1"  # the document's first clause, to be changed
    assert summit("fmt", "--check", repo).exit_code == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["state", "xyz", "--by", "jpn"], "Invalid value for --by: a state record has no 'by'"),
        (["proposal", "p", "--by", "zzz"], "there is no state or organization 'zzz'"),
        (["proposal", "p", "--document", "nope"], "there is no statement or basket 'nope'"),
    ],
)
def test_a_wrong_document_or_delegation_is_a_usage_error(
    repo: Path, args: list[str], message: str
) -> None:
    result = summit("new", *args, "--path", repo)
    assert result.exit_code == 2
    assert message in result.stderr
    assert not list((repo / "content" / "proposals").glob("p.yaml"))
