"""The negotiation data model: proposals as records, clause status, alternatives and
span brackets, as `summit check` and the corpus see them."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import summit, write_minimal_repo

from summitkit.sources.check.project import check
from summitkit.sources.records import brackets
from summitkit.sources.schema import ClauseStatus

STATEMENT = (
    "id: js\ntitle: Joint statement\nround: seoul-2012\nstatus: {status}\n"
    "clauses:\n"
    "  - id: op1\n    text: Work :bracket:`together <jpn, kor>`.\n"
    "  - id: op2\n    text: Share material.\n    status: ad-ref\n    reserved_by: [kor]\n"
    "    alternatives:\n"
    "      - text: Share all material.\n        by: [jpn]\n        author: A. Drafter\n"
)
PROPOSAL = (
    "id: jpn-1\ndocument: js\nby: [jpn]\nsupported_by: [kor]\ndate: 2012-03-20\n"
    "note: Clearer.\nchanges:\n"
    "  - insert: {after: op1, id: op1bis, text: Train.}\n"
    "  - delete: op2\n"
    "  - replace: {clause: op1, old: Work, new: Work hard}\n"
    "  - substitute: {clause: op2, text: Share.}\n"
)


def repo(tmp_path: Path, status: str = "draft") -> Path:
    return write_minimal_repo(
        tmp_path,
        {
            "content/statements/js.yaml": STATEMENT.format(status=status),
            "content/proposals/jpn-1.yaml": PROPOSAL,
        },
    )


def test_a_proposal_is_a_record_of_the_corpus(tmp_path: Path) -> None:
    checked = check(repo(tmp_path))
    assert checked.diagnostics == []
    proposal = checked.corpus.proposals["jpn-1"]
    assert [c.type for c in proposal.changes] == ["insert", "delete", "replace", "substitute"]
    assert [c.clause for c in proposal.changes] == ["op1", "op2", "op1", "op2"]
    assert checked.corpus.proposals_for("js") == [proposal]
    assert checked.corpus.proposals_for("other") == []


@pytest.mark.parametrize(
    ("status", "unset"),
    [("draft", "open"), ("circulated", "open"), ("agreed", "agreed"), ("adopted", "agreed")],
)
def test_clause_status_follows_the_document_unless_set(
    tmp_path: Path, status: str, unset: str
) -> None:
    corpus = check(repo(tmp_path, status)).corpus
    statement = corpus.statements["js"]
    op1, op2 = statement.clauses
    assert statement.clause_status(op1) == ClauseStatus(unset)
    assert statement.clause_status(op2) == ClauseStatus.AD_REF
    assert op2.reserved_by == ["kor"]
    assert [(a.text, a.by, a.author) for a in op2.alternatives] == [
        ("Share all material.", ["jpn"], "A. Drafter")
    ]


def test_a_change_is_exactly_one_kind(tmp_path: Path) -> None:
    root = repo(tmp_path)
    path = root / "content/proposals/jpn-1.yaml"
    path.write_text(PROPOSAL + "  - {delete: op1, substitute: {clause: op1, text: T.}}\n")
    result = summit("check", root)
    assert result.exit_code == 1
    assert result.stdout == (
        "content/proposals/jpn-1.yaml:12:5: error: changes (item 5): a change is exactly one of "
        "insert, delete, replace or substitute [schema/change-type]\n"
    )


def test_references_in_proposals_and_clauses_are_checked(tmp_path: Path) -> None:
    root = repo(tmp_path)
    text = PROPOSAL.replace("by: [jpn]", "by: [jpn, fra]").replace("document: js", "document: jss")
    (root / "content/proposals/jpn-1.yaml").write_text(text)
    statement = root / "content/statements/js.yaml"
    statement.write_text(statement.read_text().replace("reserved_by: [kor]", "reserved_by: [ko]"))
    lines = summit("check", root).stdout.splitlines()
    assert lines == [
        "content/proposals/jpn-1.yaml:2:11: error: unknown statement or basket 'jss'; "
        "did you mean 'js'? [ref/unknown-document]",
        "content/proposals/jpn-1.yaml:3:11: error: unknown state or organization 'fra'; "
        "use the id of a record of one of these kinds [ref/unknown-party]",
        "content/statements/js.yaml:11:19: error: unknown state or organization 'ko'; "
        "did you mean 'kor'? [ref/unknown-party]",
    ]


def test_span_brackets_are_parsed_by_docutils() -> None:
    parsed = brackets.parse(
        "Work :bracket:`together <jpn, kor>` and :bracket:`now` on *this* "
        r"and \:bracket:`not this`."
    )
    assert [(b.text, b.parties) for b in parsed.brackets] == [
        ("together", ("jpn", "kor")),
        ("now", ()),
    ]
    assert parsed.unbalanced == []
    assert brackets.printed("Work :bracket:`together <jpn>` now.") == ("Work [together — JPN] now.")


@pytest.mark.parametrize(
    ("text", "unbalanced"),
    [
        ("Work :bracket:`together <jpn> now.", [":bracket:`together <jpn> now."]),
        ("Work :bracket:`together and *so* :ref:`x`.", [":bracket:`together and *so* :ref:`x`"]),
    ],
)
def test_a_bracket_left_open_is_found(text: str, unbalanced: list[str]) -> None:
    parsed = brackets.parse(text)
    assert parsed.unbalanced == unbalanced
    assert parsed.brackets == []


def test_export_json_includes_the_proposals(tmp_path: Path) -> None:
    import json

    result = summit("export", "json", repo(tmp_path))
    assert result.exit_code == 0, result.output
    exported = json.loads(result.stdout)["proposal"]
    assert [p["id"] for p in exported] == ["jpn-1"]
    assert exported[0]["changes"][:2] == [
        {"insert": {"after": "op1", "id": "op1bis", "text": "Train."}},
        {"delete": "op2"},
    ]
