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


# -- negotiated documents ------------------------------------------------------------

NEGOTIATED = """\
id: joint-2012
title: Joint statement on training centres
round: seoul-2012
status: circulated
revision: 1
clauses:
  - id: op1
    text: Work :bracket:`together <jpn>` through the network of centres.
    status: ad-ref
    reserved_by: [kor]
  - id: op2
    text: Share course material.
    alternatives:
      - {text: Share trainers., by: [jpn]}
"""
TABLED = (
    "id: jpn-1\ndocument: joint-2012\nby: [jpn]\ndate: 2012-03-20\nstatus: tabled\n"
    "changes:\n  - insert: {after: op1, id: op1bis, text: Train together.}\n"
)


def test_release_as_adopted_lists_each_obstacle_then_passes_once_resolved(
    tmp_path: Path,
) -> None:
    drafts = Drafts(tmp_path / "repo")
    statement = drafts.root / "content/statements/joint-2012.yaml"
    statement.write_text(NEGOTIATED, "utf-8")
    proposal = drafts.root / "content/proposals/jpn-1.yaml"
    proposal.parent.mkdir(parents=True)
    proposal.write_text(TABLED, "utf-8")
    drafts.commit("Negotiating")
    head = git(drafts.root, "rev-parse", "HEAD")

    code, out, err = release(drafts.root, "joint-2012", "--rev", "2", "--status", "adopted")

    assert code == 1 and out == ""
    assert err.splitlines() == [
        "content/proposals/jpn-1.yaml:5:9: error: proposal jpn-1 for joint-2012 is still "
        "tabled; accept, reject or withdraw it before the document is adopted "
        "[release/tabled-proposal]",
        "content/statements/joint-2012.yaml:8:11: error: op1 has 1 span bracket left; settle "
        "the wording before the document is adopted [release/bracket]",
        "content/statements/joint-2012.yaml:9:13: error: op1 is ad-ref; agree it (summit "
        "clause agree joint-2012 op1) before the document is adopted [release/open-clause]",
        "content/statements/joint-2012.yaml:10:18: error: kor holds a reservation on op1; "
        "lift it before the document is adopted [release/reservation]",
        "content/statements/joint-2012.yaml:11:9: error: op2 is open (it has no status); "
        "agree it (summit clause agree joint-2012 op2) before the document is adopted "
        "[release/open-clause]",
        "content/statements/joint-2012.yaml:14:7: error: op2 still has 1 alternative wording; "
        "choose one before the document is adopted [release/alternatives]",
        "error: joint-2012 cannot be adopted while 6 obstacles remain open; nothing released",
    ]
    assert git(drafts.root, "rev-parse", "HEAD") == head
    assert git(drafts.root, "tag") == ""

    assert summit("accept", "jpn-1", "--path", str(drafts.root)).exit_code == 0
    statement.write_text(
        statement.read_text("utf-8")
        .replace(":bracket:`together <jpn>`", "together")
        .replace("    status: ad-ref\n    reserved_by: [kor]\n", "    status: agreed\n")
        .replace(
            "    alternatives:\n      - {text: Share trainers., by: [jpn]}\n",
            "    status: agreed\n",
        )
        .replace("    status: open\n", "    status: agreed\n"),  # the inserted op1bis
        "utf-8",
    )
    drafts.commit("Agreed")
    code, out, err = release(drafts.root, "joint-2012", "--rev", "2", "--status", "adopted")
    assert code == 0, err
    assert out.splitlines() == [
        "committed content/statements/joint-2012.yaml and tagged joint-2012/rev2 (adopted)",
        "concordance (negotiation → final number):",
        "  op1bis: 1bis → 2",
        "  op2: 2 → 3",
    ]
    message = git(drafts.root, "tag", "-l", "--format=%(contents)", "joint-2012/rev2")
    assert "op1bis: 1bis → 2" in message


def test_a_paragraph_added_since_the_circulated_version_is_numbered_bis(
    tmp_path: Path,
) -> None:
    drafts = Drafts(tmp_path / "repo")
    statement = drafts.root / "content/statements/joint-2012.yaml"
    text = (
        "id: joint-2012\ntitle: Joint statement\nround: seoul-2012\nstatus: draft\n"
        "revision: 1\nclauses:\n  - id: op1\n    text: Work together.\n"
        "  - id: op2\n    text: Share material.\n"
    )
    statement.write_text(text, "utf-8")
    drafts.commit("Draft")
    code, _, err = release(drafts.root, "joint-2012", "--rev", "2", "--status", "circulated")
    assert code == 0, err
    statement.write_text(
        statement.read_text("utf-8").replace(
            "  - id: op2\n", "  - id: op1a\n    text: Train together.\n  - id: op2\n"
        ),
        "utf-8",
    )
    compiled = summit("compile", "joint-2012", "--format", "json", "--path", str(drafts.root))
    assert compiled.exit_code == 0, compiled.output
    numbers = [(p["id"], p["number"]) for p in json.loads(compiled.stdout)["paragraphs"]]
    assert numbers == [("op1", "1"), ("op1a", "1bis"), ("op2", "2")]
