"""`summit diff` reports the negotiation beside the text: proposals tabled, withdrawn,
accepted and rejected, clause status moves and reservations lifted."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import wordkit
from diffkit import CLAUSES, Drafts, summit
from gitkit import AUTHOR  # the git author of the test commits
from pypdf import PdfReader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

STATEMENT = """\
id: joint-2012
title: Joint statement on training centres
round: seoul-2012
clauses:
  - id: op1
    text: Work together through the network of centres.
    reserved_by: [kor]
  - id: op2
    text: Share course material.
"""


def proposal(pid: str, status: str, by: str = "jpn") -> str:
    return (
        f"id: {pid}\ndocument: joint-2012\nby: [{by}]\ndate: 2012-03-20\nstatus: {status}\n"
        "changes:\n  - replace: {clause: op2, old: course material, new: trainers}\n"
    )


def test_diff_lists_the_moves_of_the_negotiation(tmp_path: Path) -> None:
    drafts = Drafts(tmp_path / "repo")
    root = drafts.root
    statement = root / "content/statements/joint-2012.yaml"
    statement.write_text(STATEMENT, "utf-8")
    folder = root / "content/proposals"
    folder.mkdir()
    (folder / "jpn-1.yaml").write_text(proposal("jpn-1", "tabled"), "utf-8")
    (folder / "kor-1.yaml").write_text(proposal("kor-1", "tabled", "kor"), "utf-8")
    drafts.commit("Round one")
    (folder / "kor-1.yaml").write_text(proposal("kor-1", "withdrawn", "kor"), "utf-8")
    (folder / "usa-1.yaml").write_text(proposal("usa-1", "tabled", "usa"), "utf-8")
    statement.write_text(
        STATEMENT.replace("    reserved_by: [kor]\n", "    status: ad-ref\n"), "utf-8"
    )

    text = summit("diff", "HEAD", "--path", str(root))
    assert text.exit_code == 0, text.output
    lines = [line.strip() for line in text.stdout.splitlines()]
    assert "op1: open → ad-ref" in lines
    assert "reservation lifted on op1: Republic of Korea (kor)" in lines
    assert "proposal kor-1 (Republic of Korea (kor)): tabled → withdrawn" in lines
    assert "proposal tabled: usa-1 (United States (usa))" in lines

    data = json.loads(summit("diff", "HEAD", "--format", "json", "--path", str(root)).stdout)
    moves = [m for record in data["records"] for m in record["negotiation"]]
    assert {"what": "clause-status", "subject": "op1", "old": "open", "new": "ad-ref",
            "parties": []} in moves  # fmt: skip
    assert {"what": "proposal", "subject": "usa-1", "old": None, "new": "tabled",
            "parties": ["usa"]} in moves  # fmt: skip
    assert {"what": "reservation", "subject": "op1", "old": "held", "new": None,
            "parties": ["kor"]} in moves  # fmt: skip


# -- each proposal's state on each side, and each change credited to its delegation --


def record(pid: str, by: str, *changes: dict[str, object], **fields: object) -> dict[str, object]:
    return {"id": pid, "document": "joint-2012", "by": [by], "date": "2012-03-20",
            "status": "tabled", "changes": list(changes), **fields}  # fmt: skip


def decided(fate: str, change: int | None = None, reason: str = "") -> dict[str, object]:
    entry: dict[str, object] = {"fate": fate, "by": "Chair's office", "date": "2012-03-25"}
    if change is not None:
        entry["change"] = change
    return {**entry, "reason": reason} if reason else entry


JPN = {"replace": {"clause": "op3", "old": "each summit round", "new": "every meeting"}}
CHN = (
    {"replace": {"clause": "op2", "old": "course material", "new": "curricula"}},
    {"replace": {"clause": "op2", "old": "between the centres", "new": "among the centres"}},
)
KOR = {"delete": "op4"}


@pytest.fixture
def negotiated(tmp_path: Path) -> Drafts:
    """Round one: three proposals tabled. Then the chair accepts Japan's, accepts change 2
    of China's, rejects Korea's, records a US proposal tabled and rejected since, and
    edits op1 by hand (no proposal explains that edit)."""
    drafts = Drafts(tmp_path / "repo")
    drafts.write("content/proposals", record("jpn-1", "jpn", JPN))
    drafts.write("content/proposals", record("chn-1", "chn", *CHN))
    drafts.write("content/proposals", record("kor-1", "kor", KOR))
    drafts.commit("Round one", tag="round-1")
    clauses = [dict(c) for c in CLAUSES]
    clauses[1]["text"] = "Work closely together through the network of centres."
    clauses[2]["text"] = "Share course material and trainers among the centres."
    clauses[3]["text"] = "Report on progress at every meeting."
    drafts.statement(clauses=clauses)
    drafts.write(
        "content/proposals",
        record("jpn-1", "jpn", JPN, status="accepted", history=[decided("accepted")]),
    )
    drafts.write(
        "content/proposals",
        record("chn-1", "chn", *CHN, accepted_changes=[2], history=[decided("accepted", 2)]),
    )
    drafts.write(
        "content/proposals",
        record(
            "kor-1", "kor", KOR, status="rejected", history=[decided("rejected", reason="Keep op4")]
        ),
    )
    drafts.write("content/proposals", record(
        "usa-1", "usa", KOR, status="rejected", history=[decided("rejected")]))  # fmt: skip
    drafts.commit("Chair: decisions of round one")
    return drafts


def test_diff_reports_each_proposals_state_as_it_was_on_each_side(negotiated: Drafts) -> None:
    root = str(negotiated.root)
    result = summit("diff", "round-1", "HEAD", "--path", root)
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert "proposal jpn-1 (Japan (jpn)): tabled → accepted" in lines
    assert "proposal chn-1 (China (chn)): tabled → accepted in part (change 2)" in lines
    assert "proposal kor-1 (Republic of Korea (kor)): tabled → rejected" in lines
    # tabled and rejected between the two sides: it reads rejected, not "tabled"
    assert "proposal usa-1 (United States (usa)): (none) → rejected" in lines
    assert not any(line.startswith("proposal tabled") for line in lines)
    # the decisions appended since, in words
    assert "decision: 2012-03-25: rejected by Chair's office — Keep op4" in lines
    assert "decision: 2012-03-25: change 2 accepted by Chair's office" in lines
    # the other way round, each side's own state again
    back = [line.strip() for line in summit("diff", "HEAD", "round-1", "--path", root).stdout
            .splitlines()]  # fmt: skip
    assert "proposal kor-1 (Republic of Korea (kor)): rejected → tabled" in back
    assert "proposal removed: usa-1 (United States (usa))" in back
    # a history is only ever appended to: going back, the diff says it was rewritten
    assert any(line.startswith("decision history rewritten") for line in back)


def test_diff_credits_each_change_to_the_delegation_whose_proposal_made_it(
    negotiated: Drafts,
) -> None:
    root = str(negotiated.root)
    text = summit("diff", "round-1", "HEAD", "--path", root).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert "by Japan (jpn-1 change 1, accepted 2012-03-25)" in lines
    assert "by China (chn-1 change 2, accepted 2012-03-25)" in lines
    data = json.loads(summit("diff", "round-1", "HEAD", "--format", "json", "--path", root).stdout)
    [statement] = [r for r in data["records"] if r["kind"] == "statement"]
    credits = {c["new_id"]: c.get("credits") for c in statement["clauses"]}
    assert credits["op3"] == [{"proposal": "jpn-1", "change": 1, "type": "replace",
                               "by": ["jpn"], "date": "2012-03-25"}]  # fmt: skip
    assert [c["proposal"] for c in credits["op2"]] == ["chn-1"]
    assert credits["op1"] is None  # a hand edit: no proposal explains it
    assert credits["op4"] is None  # Korea's deletion was rejected: op4 is still there


def test_one_documents_diff_credits_its_changes_too(negotiated: Drafts) -> None:
    """Comparing one record (REV:ID, ID/revN) brings that side's proposals along."""
    root = str(negotiated.root)
    text = summit("diff", "round-1:joint-2012", "HEAD:joint-2012", "--path", root).stdout
    lines = [line.strip() for line in text.splitlines()]
    assert "by Japan (jpn-1 change 1, accepted 2012-03-25)" in lines
    assert "by China (chn-1 change 2, accepted 2012-03-25)" in lines


def test_the_redline_names_the_delegation_and_git_only_for_the_rest(
    negotiated: Drafts, tmp_path: Path
) -> None:
    root = str(negotiated.root)
    html = summit("diff", "round-1", "HEAD", "--format", "html", "--path", root).stdout
    assert re.search(r'<ins[^>]*data-author="Japan \(jpn-1\)"[^>]*>every meeting', html)
    assert re.search(r'<del[^>]*data-author="Japan \(jpn-1\)"[^>]*>each summit round', html)
    assert re.search(r'<ins[^>]*data-author="China \(chn-1\)"[^>]*>among', html)
    assert re.search(rf'<ins[^>]*data-author="{AUTHOR}"[^>]*>closely', html)
    # in print, where pointing at a change shows nothing, the paragraph says who made it
    assert '<span class="sk-note">(by Japan (jpn-1))</span>' in html
    pdf = tmp_path / "redline.pdf"
    assert summit("diff", "round-1", "HEAD", "--format", "pdf", "-o", str(pdf), "--path", root)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(pdf).pages).split())
    assert "every meeting. (by Japan (jpn-1))" in text
    docx = tmp_path / "redline.docx"
    result = summit("diff", "round-1", "HEAD", "--format", "docx", "-o", str(docx), "--path", root)
    assert result.exit_code == 0, result.output
    authors = {
        (mark.tag.rsplit("}", 1)[1], mark.get(f"{W}author"), "".join(mark.itertext()).strip())
        for mark in wordkit.body(docx).iter(f"{W}ins", f"{W}del")
    }
    assert ("ins", "Japan (jpn-1)", "every meeting") in authors
    assert ("del", "Japan (jpn-1)", "each summit round") in authors
    assert ("ins", AUTHOR, "closely") in authors
    assert not any(author == AUTHOR and "meeting" in words for _, author, words in authors)


def test_the_redline_table_gives_each_proposals_state_on_each_side(negotiated: Drafts) -> None:
    root = str(negotiated.root)
    html = summit("diff", "round-1", "HEAD", "--format", "html", "--path", root).stdout
    cells = [
        re.sub(r"<[^>]+>", "", row)
        for row in re.findall(r"<tr>(.*?)</tr>", html.replace("\n", ""))
        if "State of the proposal" in row
    ]
    assert "State of the proposal—rejected" in cells  # usa-1, tabled and rejected since
    assert "State of the proposaltabledaccepted in part (change 2)" in cells


@pytest.mark.parametrize(
    ("fields", "state"),
    [
        ({}, "tabled"),
        ({"accepted_changes": [2]}, "accepted in part (change 2)"),
        ({"history": [decided("accepted", 1), decided("accepted", 2)]},
         "accepted in part (changes 1, 2)"),
        ({"history": [decided("superseded", 1)]}, "tabled; change 1 superseded"),
        ({"status": "rejected", "accepted_changes": [2]},
         "accepted in part (change 2; the rest rejected)"),
        ({"status": "rejected", "history": [decided("superseded")]}, "superseded"),
        ({"status": "withdrawn"}, "withdrawn"),
        ({"status": "accepted", "accepted_changes": [1]}, "accepted"),
    ],
)  # fmt: skip
def test_a_proposals_state_in_words(fields: dict[str, object], state: str) -> None:
    from summitkit.negotiation.state import proposal_state
    from summitkit.sources.schema import Proposal

    assert proposal_state(Proposal.model_validate(record("p", "jpn", *CHN, **fields))) == state


def test_an_inserted_and_a_deleted_paragraph_are_credited_to_their_proposals(
    tmp_path: Path,
) -> None:
    drafts = Drafts(tmp_path / "repo")
    insert = {"insert": {"after": "op3", "id": "op3bis", "text": "Meet once a year."}}
    drafts.write("content/proposals", record("kor-2", "kor", insert))
    drafts.write("content/proposals", record("jpn-3", "jpn", {"delete": "op4"}))
    drafts.commit("Round one", tag="round-1")
    clauses = [dict(c) for c in CLAUSES[:4]]
    clauses.append({"id": "op3bis", "text": "Meet once a year."})
    drafts.statement(clauses=clauses)
    for pid, by, change in (("kor-2", "kor", insert), ("jpn-3", "jpn", {"delete": "op4"})):
        drafts.write("content/proposals", record(
            pid, by, change, status="accepted", history=[decided("accepted")]))  # fmt: skip
    drafts.commit("Chair: both accepted")
    root = str(drafts.root)
    data = json.loads(summit("diff", "round-1", "HEAD", "--format", "json", "--path", root).stdout)
    [statement] = [r for r in data["records"] if r["kind"] == "statement"]
    credited = {
        (c["status"], c["new_id"] or c["old_id"]): [x["proposal"] for x in c.get("credits", [])]
        for c in statement["clauses"]
    }
    assert credited[("added", "op3bis")] == ["kor-2"]
    assert credited[("removed", "op4")] == ["jpn-3"]
    docx = tmp_path / "redline.docx"
    result = summit("diff", "round-1", "HEAD", "--format", "docx", "-o", str(docx), "--path", root)
    assert result.exit_code == 0, result.output
    authors = {
        (mark.get(f"{W}author"), "".join(mark.itertext()).strip())
        for mark in wordkit.body(docx).iter(f"{W}ins", f"{W}del")
    }
    assert ("Republic of Korea (kor-2)", "Meet once a year.") in authors
    assert ("Japan (jpn-3)", "Invite other states to join this statement.") in authors
    assert not any(author == AUTHOR for author, _ in authors)
