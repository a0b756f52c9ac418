"""`summit accept` and `summit reject`: decisions edit the files as text, keep every
other byte, and refuse (leaving the sources byte-identical) when they cannot apply."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import summit, write_minimal_repo

from summitkit.sources.check.project import check

STATEMENT = """\
# The statement under negotiation; this comment stays.
id: js
title: Joint statement
round: seoul-2012
clauses:
  - id: pp1
    kind: preambular
    text: |
      Recalling the summit,
  # op1 is the heart of it
  - id: op1
    text: |
      The states will share information
      and commit to making their centres work together.
    status: open  # still open
  - id: op2
    text: Each centre names a contact.
sources: [fact-sheet]
"""

PROPOSALS = {
    "content/proposals/jpn-1.yaml": (
        "# Japan's first proposal\nid: jpn-1\ndocument: js\nby: [jpn]\ndate: 2012-03-20\n"
        "status: tabled\nchanges:\n"
        "  - replace: {clause: op1, old: commit to making, new: will work to make}\n"
        "  - insert: {after: op1, id: op1bis, kind: operative, text: Train together.}\n"
        "note: Clearer.\n"
    ),
    "content/proposals/kor-1.yaml": (
        "id: kor-1\ndocument: js\nby: [kor]\ndate: 2012-03-21\nchanges:\n  - delete: op2\n"
    ),
}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_minimal_repo(tmp_path, {"content/statements/js.yaml": STATEMENT, **PROPOSALS})


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*.yaml"))}


def test_accept_gives_the_text_of_applying_the_changes_by_hand(repo: Path) -> None:
    result = summit("accept", "jpn-1", "--date", "2012-03-25", "--path", repo)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "accepted jpn-1 (changes 1, 2); it is accepted "
        "(content/statements/js.yaml, content/proposals/jpn-1.yaml)\n"
    )
    by_hand = STATEMENT.replace("commit to making", "will work to make").replace(
        "    status: open  # still open\n",
        "    status: open  # still open\n"
        "  - id: op1bis\n    text: |\n      Train together.\n    status: open\n",
    )
    assert (repo / "content/statements/js.yaml").read_text() == by_hand
    assert (repo / "content/proposals/jpn-1.yaml").read_text() == PROPOSALS[
        "content/proposals/jpn-1.yaml"
    ].replace("status: tabled", "status: accepted") + (
        "history:\n  - fate: accepted\n    by: chair\n    date: 2012-03-25\n"
    )
    assert check(repo).diagnostics == []


def test_accepting_a_deletion_retires_the_clause_id(repo: Path) -> None:
    result = summit(
        "accept", "kor-1", "--reason", "Agreed: by consensus.", "--date", "2012-03-25",
        "--path", repo,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (repo / "content/statements/js.yaml").read_text()
    assert text == STATEMENT.replace(
        "  - id: op2\n    text: Each centre names a contact.\n", "retired_ids: [op2]\n"
    )
    proposal = (repo / "content/proposals/kor-1.yaml").read_text()
    assert proposal.endswith(
        "date: 2012-03-21\nstatus: accepted\nchanges:\n  - delete: op2\n"
        "history:\n  - fate: accepted\n    by: chair\n    date: 2012-03-25\n"
        '    reason: "Agreed: by consensus."\n'
    )
    assert check(repo).diagnostics == []


def test_accept_one_change_keeps_the_rest_tabled(repo: Path) -> None:
    assert summit("accept", "jpn-1", "--change", "2", "--path", repo).exit_code == 0
    corpus = check(repo).corpus
    assert [c.id for c in corpus.statements["js"].clauses] == ["pp1", "op1", "op1bis", "op2"]
    assert corpus.proposals["jpn-1"].accepted_changes == [2]
    compiled = summit("compile", "js", "--path", repo).stdout
    assert "[commit to making → will work to make — JPN (jpn-1)]" in compiled
    assert "1bis [open]\n  Train together." in compiled  # part of the text now, not proposed
    again = summit("accept", "jpn-1", "--change", "2", "--path", repo)
    assert again.exit_code == 1
    assert again.stderr == "error: jpn-1 has no open change 2 (open changes: 1)\n"
    assert summit("accept", "jpn-1", "--path", repo).exit_code == 0
    assert check(repo).corpus.proposals["jpn-1"].status.value == "accepted"


def test_a_stale_proposal_is_refused_and_nothing_changes(repo: Path) -> None:
    statement = repo / "content/statements/js.yaml"
    statement.write_text(STATEMENT.replace("commit to making", "undertake to make"))
    before = files(repo)
    result = summit("accept", "jpn-1", "--path", repo)
    assert result.exit_code == 1
    assert result.stderr.endswith(
        "error: jpn-1 change 1: 'commit to making' is no longer in the text of op1; "
        "the proposal is stale\n"
    )
    assert files(repo) == before


def test_a_decided_proposal_is_refused_and_nothing_changes(repo: Path) -> None:
    assert summit("reject", "kor-1", "--path", repo).exit_code == 0
    before = files(repo)
    for verb in ("accept", "reject"):
        result = summit(verb, "kor-1", "--path", repo)
        assert result.exit_code == 1
        assert result.stderr == (
            "error: kor-1 is rejected, not tabled; only a tabled proposal can be accepted "
            "or rejected\n"
        )
    assert files(repo) == before


def test_accept_that_would_break_another_proposal_names_it_and_nothing_changes(
    repo: Path,
) -> None:
    (repo / "content/proposals/chn-1.yaml").write_text(
        "id: chn-1\ndocument: js\nby: [jpn]\ndate: 2012-03-22\nchanges:\n"
        "  - replace: {clause: op1, old: commit to making their, new: make their}\n"
    )
    before = files(repo)
    result = summit("accept", "jpn-1", "--change", "1", "--path", repo)
    assert result.exit_code == 1
    assert result.stderr == (
        "content/proposals/chn-1.yaml:6:5: error: chn-1 change 1 (replace of op1) is tabled "
        "and would no longer apply once jpn-1 is accepted: 'commit to making their' would no "
        "longer be in the text [decision/rival-tabled]\n"
        "error: chn-1 change 1 is still tabled on the same clause and would no longer apply; "
        "nothing was accepted. Accept with --supersede to mark it superseded by jpn-1, or "
        "decide it first (summit proposal reject ID --change N --reason ...)\n"
    )
    assert files(repo) == before


def test_reject_leaves_the_document_alone(repo: Path) -> None:
    before = (repo / "content/statements/js.yaml").read_bytes()
    result = summit("reject", "jpn-1", "--reason", "Too late.", "--path", repo)
    assert result.exit_code == 0, result.output
    assert result.stdout == "rejected jpn-1 (content/proposals/jpn-1.yaml)\n"
    assert (repo / "content/statements/js.yaml").read_bytes() == before
    text = (repo / "content/proposals/jpn-1.yaml").read_text()
    assert "status: rejected\n" in text
    assert text.endswith(
        "note: Clearer.\nhistory:\n  - fate: rejected\n    by: chair\n"
        f"    date: {dt.date.today().isoformat()}\n    reason: Too late.\n"
    )
    compiled = summit("compile", "js", "--path", repo).stdout
    # no longer applied, only listed with its fate
    assert "jpn-1" not in compiled[: compiled.index("Proposals decided")]
    assert "  jpn-1 — JPN, 2012-03-20: rejected\n" in compiled


def test_an_unknown_proposal_is_refused(repo: Path) -> None:
    result = summit("accept", "jpn-2", "--path", repo)
    assert result.exit_code == 1
    assert result.stderr == "error: no proposal 'jpn-2' in content/proposals/\n"
