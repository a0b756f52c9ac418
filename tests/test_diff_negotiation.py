"""`summit diff` reports the negotiation beside the text: proposals tabled, withdrawn,
accepted and rejected, clause status moves and reservations lifted."""

from __future__ import annotations

import json
from pathlib import Path

from diffkit import Drafts, summit

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
