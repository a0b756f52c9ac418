"""Named versions: `summit release` and `summit versions`, and diffs between them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from diffkit import Drafts, summit
from gitkit import AUTHOR, git

from summitkit.drafting.release import set_field

RECORD = """\
# The joint statement, as drafted by the sherpas.
id: joint-2012
title: Joint statement on training centres  # working title
round: seoul-2012
status: draft  # until the sherpas agree
revision: 1
lead: [usa]
signatories: [usa, jpn, aut]
clauses:
  - id: op1
    text: Work together through the network of centres.
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    drafts = Drafts(tmp_path / "repo")
    (drafts.root / "content/statements/joint-2012.yaml").write_text(RECORD, "utf-8")
    drafts.commit("First draft")
    return drafts.root


def release(repo: Path, *args: str) -> tuple[int, str, str]:
    result = summit("release", *args, "--path", str(repo))
    assert isinstance(result.exception, SystemExit | None), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_release_edits_only_the_two_lines_commits_and_tags(repo: Path) -> None:
    code, out, err = release(repo, "joint-2012", "--rev", "2", "--status", "circulated")
    assert code == 0, err
    assert "tagged joint-2012/rev2 (circulated)" in out
    text = (repo / "content/statements/joint-2012.yaml").read_text("utf-8")
    assert text == RECORD.replace("status: draft  #", "status: circulated  #").replace(
        "revision: 1", "revision: 2"
    )
    assert git(repo, "status", "--porcelain") == ""
    assert git(repo, "log", "-1", "--format=%s") == "Release joint-2012 rev. 2 (circulated)"
    assert git(repo, "cat-file", "-t", "joint-2012/rev2") == "tag"  # annotated
    assert git(repo, "rev-parse", "joint-2012/rev2^{commit}") == git(repo, "rev-parse", "HEAD")


def test_release_refuses_an_existing_tag_and_a_dirty_tree(repo: Path) -> None:
    assert release(repo, "joint-2012", "--rev", "2")[0] == 0
    head = git(repo, "rev-parse", "HEAD")
    code, _, err = release(repo, "joint-2012", "--rev", "2", "--status", "agreed")
    assert code == 1 and "tag 'joint-2012/rev2' exists already" in err
    (repo / "content/states/aut.yaml").write_text("id: aut\n", "utf-8")
    code, _, err = release(repo, "joint-2012", "--rev", "3")
    assert code == 1 and "uncommitted changes (content/states/aut.yaml)" in err
    assert git(repo, "rev-parse", "HEAD") == head
    assert "revision: 2" in (repo / "content/statements/joint-2012.yaml").read_text("utf-8")


def test_release_of_an_unknown_record_is_a_usage_error(repo: Path) -> None:
    code, _, err = release(repo, "no-such-statement", "--rev", "1")
    assert code == 2 and "no statement, gift basket or report 'no-such-statement'" in err
    code, _, err = release(repo, "joint-2012", "--rev", "1", "--status", "final")
    assert code == 2 and "'final' is not one of" in err


def test_a_release_that_changes_nothing_only_tags(repo: Path) -> None:
    code, out, _ = release(repo, "joint-2012", "--rev", "1")
    assert code == 0 and out.startswith("tagged joint-2012/rev1 (draft)")
    assert git(repo, "log", "--format=%s") == "First draft"


def test_versions_lists_tags_and_diff_compares_them(repo: Path) -> None:
    assert release(repo, "joint-2012", "--rev", "1")[0] == 0
    path = repo / "content/statements/joint-2012.yaml"
    path.write_text(path.read_text("utf-8").replace("Work together", "Work closely together"))
    git(repo, "commit", "-q", "-am", "Tighten op1")
    assert release(repo, "joint-2012", "--rev", "2", "--status", "circulated")[0] == 0
    result = summit("versions", "joint-2012", "--path", str(repo))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [line.split("\t")[0] for line in lines] == ["joint-2012/rev1", "joint-2012/rev2"]
    assert all(AUTHOR in line and "\t20" in line for line in lines)
    assert lines[1].endswith("Release joint-2012 rev. 2 (circulated)")
    result = summit(
        "diff", "joint-2012/rev1", "joint-2012/rev2", "--format", "json", "--path", str(repo)
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["old"]["label"], data["new"]["label"]) == ("joint-2012/rev1", "joint-2012/rev2")
    record = data["records"][0]
    assert record["revision_change"] == {"old": 1, "new": 2}
    assert record["status_change"] == {"old": "draft", "new": "circulated"}
    assert record["clauses"][0]["redline"][1] == {"op": "insert", "text": "closely "}


def test_versions_of_an_unknown_record(repo: Path) -> None:
    result = summit("versions", "nothing-here", "--path", str(repo))
    assert result.exit_code == 2 and "no statement, gift basket or report" in result.stderr
    result = summit("versions", "joint-2012", "--path", str(repo))
    assert result.exit_code == 0 and "no named versions of joint-2012" in result.stderr


def test_set_field_adds_missing_lines_after_the_title_and_keeps_comments() -> None:
    text = "id: x\ntitle: >-\n  A long\n  title\n# a comment\nround: seoul-2012\n"
    edited = set_field(set_field(text, "revision", "3"), "status", "agreed")
    assert edited == (
        "id: x\ntitle: >-\n  A long\n  title\nstatus: agreed\nrevision: 3\n"
        "# a comment\nround: seoul-2012\n"
    )
    one_line = "id: x\ntitle: T  # note\nround: r\n"
    assert (
        set_field(one_line, "revision", "2") == "id: x\ntitle: T  # note\nrevision: 2\nround: r\n"
    )
    quoted = "id: x\ntitle: T\nstatus: 'draft' # keep\n"
    assert set_field(quoted, "status", "adopted") == "id: x\ntitle: T\nstatus: adopted # keep\n"
