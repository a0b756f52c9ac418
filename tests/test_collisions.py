"""Collisions: tabled proposals that change the same text. `summit check` reports each
one with both ids, and every compilation output (text, JSON, HTML, PDF, DOCX) prints
every colliding proposal, attributed, rather than one of them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import wordkit
from conftest import copy_repo, summit, write_minimal_repo
from pypdf import PdfReader

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

STATES = {
    "content/states/chn.yaml": "id: chn\niso3: CHN\nname: China\nshort_name: China\n",
    "content/summits/seoul-2012.yaml": (
        "id: seoul-2012\ntitle: Seoul Nuclear Security Summit\ncity: Seoul\n"
        "start: 2012-03-26\nend: 2012-03-27\nhost: kor\nparticipants: [chn, jpn, kor]\n"
        "sources: [fact-sheet]\n"
    ),
    "content/statements/js.yaml": (
        "id: js\ntitle: Joint statement on training\nround: seoul-2012\nclauses:\n"
        "  - id: op1\n    text: Meet again at each summit round to review the centres.\n"
        "  - id: op2\n    text: Share course material.\n"
        "  - id: op3\n    text: Train the trainers together.\n"
        "  - id: op4\n    text: Report to the next summit.\n"
    ),
}


def proposal(pid: str, by: str, day: int, *changes: str, status: str = "tabled") -> str:
    lines = [f"id: {pid}", "document: js", f"by: [{by}]", f"date: 2012-03-{day:02}"]
    lines += [f"status: {status}", "changes:", *(f"  - {c}" for c in changes)]
    return "\n".join(lines) + "\n"


#: Japan and China replace overlapping words of op1 (China's inside Japan's).
OVERLAP = {
    "content/proposals/jpn-1.yaml": proposal(
        "jpn-1", "jpn", 20, "replace: {clause: op1, old: each summit round, new: every meeting}"
    ),
    "content/proposals/chn-1.yaml": proposal(
        "chn-1", "chn", 21, "replace: {clause: op1, old: summit round, new: ministerial round}"
    ),
}


def repo(tmp_path: Path, proposals: dict[str, str]) -> Path:
    return write_minimal_repo(tmp_path / "repo", {**STATES, **proposals})


def collisions(result_stdout: str) -> list[str]:
    return [line for line in result_stdout.splitlines() if "[proposal/collision]" in line]


def test_check_reports_the_overlapping_replacements_with_both_ids(tmp_path: Path) -> None:
    root = repo(tmp_path, OVERLAP)
    result = summit("check", root)
    assert result.exit_code == 0, result.output
    assert collisions(result.stdout) == [
        "content/proposals/chn-1.yaml:7:33: warning: change 1 of 'chn-1' collides with "
        "change 1 of 'jpn-1' (JPN): both replace words of 'each summit round' in op1; the "
        "compilation prints both until one is accepted (the other superseded) or withdrawn "
        "[proposal/collision]"
    ]
    assert summit("check", "--strict", root).exit_code == 1


@pytest.mark.parametrize(
    ("first", "second", "says"),
    [
        ("delete: op2", "replace: {clause: op2, old: course, new: training}",
         "jpn-1 leaves out op2, chn-1 changes it"),
        ("delete: op2", "insert: {after: op2, id: op2bis, text: Meet often.}",
         "jpn-1 leaves out op2, chn-1 inserts a paragraph after it"),
        ("substitute: {clause: op3, text: Train together.}",
         "substitute: {clause: op3, text: Train the trainers.}",
         "both put a whole new wording of op3 on the table"),
        ("substitute: {clause: op3, text: Train together.}",
         "replace: {clause: op3, old: trainers, new: teachers}",
         "one rewrites op3 whole, the other amends its words"),
        ("replace: {clause: op1, old: summit, new: ministerial}",
         "replace: {clause: op1, old: each summit round, new: each year}",
         "both replace words of 'each summit round' in op1"),
    ],
)  # fmt: skip
def test_every_kind_of_collision_is_reported(
    tmp_path: Path, first: str, second: str, says: str
) -> None:
    root = repo(tmp_path, {
        "content/proposals/jpn-1.yaml": proposal("jpn-1", "jpn", 20, first),
        "content/proposals/chn-1.yaml": proposal("chn-1", "chn", 21, second),
    })  # fmt: skip
    found = collisions(summit("check", root).stdout)
    assert len(found) == 1, found
    assert "change 1 of 'chn-1' collides with change 1 of 'jpn-1' (JPN)" in found[0]
    assert says in found[0]


@pytest.mark.parametrize(
    ("first", "second", "status"),
    [
        # different words of one clause
        ("replace: {clause: op1, old: each, new: every}",
         "replace: {clause: op1, old: the centres, new: our centres}", "tabled"),
        # two deletions of one clause agree
        ("delete: op4", "delete: op4", "tabled"),
        # inserts after one clause are numbered bis, ter
        ("insert: {after: op2, id: a1, text: One.}", "insert: {after: op2, id: a2, text: Two.}",
         "tabled"),
        # a withdrawn proposal collides with nothing
        ("replace: {clause: op1, old: each summit round, new: every meeting}",
         "replace: {clause: op1, old: summit round, new: ministerial round}", "withdrawn"),
    ],
)  # fmt: skip
def test_changes_that_do_not_collide_are_not_reported(
    tmp_path: Path, first: str, second: str, status: str
) -> None:
    root = repo(tmp_path, {
        "content/proposals/jpn-1.yaml": proposal("jpn-1", "jpn", 20, first),
        "content/proposals/chn-1.yaml": proposal("chn-1", "chn", 21, second, status=status),
    })  # fmt: skip
    result = summit("check", "--strict", root)
    assert result.exit_code == 0, result.output


def test_a_proposals_own_changes_never_collide(tmp_path: Path) -> None:
    root = repo(tmp_path, {"content/proposals/kor-1.yaml": proposal(
        "kor-1", "kor", 20, "delete: op2", "insert: {after: op2, id: op2bis, text: Meet often.}",
        "replace: {clause: op1, old: each summit round, new: every round}",
        "replace: {clause: op1, old: the centres, new: our centres}",
    )})  # fmt: skip
    assert summit("check", "--strict", root).exit_code == 0


def test_the_compilation_text_prints_both_as_labelled_alternatives(tmp_path: Path) -> None:
    root = repo(tmp_path, OVERLAP)
    result = summit("compile", "js", "--path", root)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "1 [open; collision: jpn-1 (JPN) × chn-1 (CHN)]" in lines
    assert (
        "  Meet again at [Alt 1: each summit round | Alt 2 — JPN (jpn-1): every meeting | "
        "Alt 3 — CHN (chn-1): each ministerial round] to review the centres." in lines
    )
    assert (
        "  1: jpn-1 (JPN) × chn-1 (CHN) — both replace words of 'each summit round' in "
        "paragraph 1" in lines
    )


def test_the_json_keeps_which_proposals_collide_and_where(tmp_path: Path) -> None:
    root = repo(tmp_path, OVERLAP)
    data = json.loads(summit("compile", "js", "--format", "json", "--path", root).stdout)
    assert data["unplaced"] == []
    assert data["collisions"] == [
        {
            "kind": "same-words",
            "clause": "op1",
            "number": "1",
            "proposals": ["jpn-1", "chn-1"],
            "changes": [1, 1],
            "by": [["jpn"], ["chn"]],
            "passage": "each summit round",
            "description": "both replace words of 'each summit round' in paragraph 1",
        }
    ]
    op1 = data["paragraphs"][0]
    assert op1["collisions"] == data["collisions"]
    [span] = [s for s in op1["spans"] if s["kind"] == "alternatives"]
    assert [(v["label"], v["text"], v["by"], v["proposal"]) for v in span["alternatives"]] == [
        ("Alt 1", "each summit round", [], None),
        ("Alt 2", "every meeting", ["jpn"], "jpn-1"),
        ("Alt 3", "each ministerial round", ["chn"], "chn-1"),
    ]


def test_the_html_credits_each_alternative_to_its_delegation(tmp_path: Path) -> None:
    root = repo(tmp_path, OVERLAP)
    html = summit("compile", "js", "--format", "html", "--path", root).stdout
    assert '<ins data-author="Japan" data-date="2012-03-20">every meeting</ins>' in html
    assert '<ins data-author="China" data-date="2012-03-21">each ministerial round</ins>' in html
    assert '<li data-kind="same-words" data-proposals="jpn-1 chn-1">' in html


@pytest.mark.parametrize("output_format", ["pdf", "docx"])
def test_pdf_and_docx_print_both_proposals(tmp_path: Path, output_format: str) -> None:
    root = repo(tmp_path, OVERLAP)
    target = tmp_path / f"js.{output_format}"
    result = summit(
        "compile", "js", "--format", output_format, "-o", target, "--path", root,
        env={"SOURCE_DATE_EPOCH": "1332201600"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    if output_format == "pdf":
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(target).pages).split())
    else:
        text = " ".join(wordkit.paragraphs(target, "accept"))
    # pypdf may set a space after an opening parenthesis where the glyphs kern apart.
    text = re.sub(r"\(\s+", "(", re.sub(r"\s+", " ", text))
    assert "Alt 2 — JPN (jpn-1): every meeting" in text
    assert "Alt 3 — CHN (chn-1): each ministerial round" in text
    assert "jpn-1 (JPN) × chn-1 (CHN)" in text


# -- the compilation's conventions: Alt 1, decisions and supporters, the status table --

CONVENTIONS = {
    # Korea's substitute of op3 beside its own text: Alt 1 and Alt 2
    "content/proposals/kor-1.yaml": proposal(
        "kor-1", "kor", 19, "substitute: {clause: op3, text: Train together.}"
    ),
    # China's proposal: change 1 accepted already, change 2 still tabled
    "content/proposals/chn-2.yaml": proposal(
        "chn-2", "chn", 18, "replace: {clause: op2, old: Share, new: Pool}",
        "replace: {clause: op4, old: next summit, new: next round}",
    ).replace("changes:", "accepted_changes: [1]\nhistory:\n  - {fate: accepted, change: 1, "
              "by: Chair's office, date: 2012-03-22, reason: Agreed in the room}\nchanges:"),
    # Japan's rejected proposal: listed as decided, with its decision
    "content/proposals/jpn-9.yaml": proposal(
        "jpn-9", "jpn", 17, "delete: op4", status="rejected"
    ).replace("changes:", "history:\n  - {fate: rejected, by: Chair's office, "
              "date: 2012-03-21}\nchanges:"),
    # positions: Japan supports Korea's substitute, China opposes it
    "content/positions/jpn-on-kor-1.yaml": (
        "id: jpn-on-kor-1\nproposal: kor-1\nby: jpn\nstance: support\ndate: 2012-03-20\n"
    ),
    "content/positions/chn-on-kor-1.yaml": (
        "id: chn-on-kor-1\nproposal: kor-1\nby: chn\nstance: oppose\ndate: 2012-03-20\n"
    ),
}  # fmt: skip


def test_every_alternative_is_labelled_and_decisions_and_supporters_are_shown(
    tmp_path: Path,
) -> None:
    root = repo(tmp_path, CONVENTIONS)
    assert summit("check", root).exit_code == 0
    result = summit("compile", "js", "--path", root)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "  Alt 1: Train the trainers together.\n  Alt 2 — KOR (kor-1): [Train together.]" in text
    tabled = text[text.index("Proposals tabled") : text.index("Proposals decided")]
    assert "  kor-1 — KOR, supported by JPN, 2012-03-19\n    opposed by CHN\n" in tabled
    assert (
        "  chn-2 — CHN, 2012-03-18: accepted in part (change 1)\n"
        "    2012-03-22: change 1 accepted by Chair's office — Agreed in the room\n"
    ) in tabled
    decided = text[text.index("Proposals decided") :]
    assert "  jpn-9 — JPN, 2012-03-17: rejected\n    2012-03-21: rejected by Chair's office\n" in (
        decided
    )


def test_the_status_table_is_keyed_by_printed_number_and_ids_stay_in_json(
    tmp_path: Path,
) -> None:
    root = repo(tmp_path, CONVENTIONS)
    text = summit("compile", "js", "--path", root).stdout
    table = text[text.index("paragraph  status") :].splitlines()
    assert table[:2] == [
        "paragraph  status  open proposals  reservations",
        "1          open    —               —",
    ]
    assert not any(re.search(r"\bop\d", line) for line in table)
    html = summit("compile", "js", "--format", "html", "--path", root).stdout
    status = html[html.index('<table class="sk-status">') :]
    assert "<th>paragraph</th><th>status</th>" in status and ">op1<" not in status
    assert '<span class="sk-option-label">Alt 1:</span> Train the trainers together.' in html
    data = json.loads(summit("compile", "js", "--format", "json", "--path", root).stdout)
    assert [(p["id"], p["number"]) for p in data["paragraphs"]][:2] == [("op1", "1"), ("op2", "2")]
    [kor] = [t for t in data["tabled"] if t["id"] == "kor-1"]
    assert (kor["supported_by"], kor["opposed_by"], kor["state"]) == (["jpn"], ["chn"], "tabled")
    assert [t["id"] for t in data["decided"]] == ["jpn-9"]


def test_the_site_compilation_page_and_its_word_file_print_both(tmp_path: Path) -> None:
    """`summit build` prints the compilation page through Sphinx: the same alternatives,
    and in its DOCX each delegation's wording is a tracked change of theirs."""
    root = copy_repo(Path(__file__).parent / "data" / "mini", tmp_path / "mini")
    folder = root / "content" / "proposals"
    folder.mkdir()
    for pid, by, day, new in (("jpn-1", "jpn", 1, "Create"), ("chn-1", "chn", 2, "Consider")):
        (folder / f"{pid}.yaml").write_text(
            f"id: {pid}\ndocument: mini-basket\nby: [{by}]\ndate: 2014-02-0{day}\nchanges:\n"
            f"  - replace: {{clause: op1, old: Set up a working group, new: {new} a group}}\n",
            "utf-8",
        )
    built = summit("build", root, "--format", "docx", "--only", "mini-basket", "-q")
    assert built.exit_code == 0, built.output
    page = (root / "build/clear/html/generated/baskets/mini-basket-compilation.html").read_text()
    assert "collision: jpn-1 (JPN) × chn-1 (CHN)" in page
    assert 'data-author="Japan" data-date="2014-02-01">Create a group' in page
    assert 'data-author="China" data-date="2014-02-02">Consider a group' in page
    docx = root / "build/clear/docx/mini-basket-compilation.docx"
    text = " ".join(wordkit.paragraphs(docx, "accept"))
    assert "Alt 2 — JPN (jpn-1): Create a group" in text
    assert "Alt 3 — CHN (chn-1): Consider a group" in text
    tracked = {
        (mark.get(f"{W}author"), "".join(mark.itertext()))
        for mark in wordkit.body(docx).iter(f"{W}ins")
    }
    assert {("Japan", "Create a group"), ("China", "Consider a group")} <= tracked


def test_an_amendment_to_an_amendment_does_not_collide_with_it(tmp_path: Path) -> None:
    amending = proposal(
        "chn-1", "chn", 21, "replace: {clause: op1, old: summit round, new: ministerial round}"
    ).replace("changes:", "amends: jpn-1\nchanges:")
    root = repo(tmp_path, {**OVERLAP, "content/proposals/chn-1.yaml": amending})
    result = summit("check", root)
    assert result.exit_code == 0, result.output
    assert collisions(result.stdout) == []
    compiled = summit("compile", "js", "--path", root).stdout
    assert "  chn-1 — CHN, 2012-03-21\n    amends jpn-1\n" in compiled


# -- the how-to's session, replayed: its output is the commands' real output --

HOWTO = Path(__file__).resolve().parents[1] / "docs" / "howto" / "collisions.rst"


def shown(command: str, nth: int = 0) -> list[str]:
    """The output the how-to shows after `$ command` (its `nth` showing)."""
    from consolekit import console_steps

    steps = console_steps(HOWTO.read_text("utf-8"))
    return [step.shown for step in steps if step.command == command][nth].splitlines()


def output(*args: str | Path, stderr: bool = True) -> list[str]:
    """What a terminal shows; without `stderr`, standard output alone (the how-to
    leaves out the check's warnings that compile and diff repeat on standard error)."""
    from gitkit import GIT_ENV

    result = summit(*args, env=GIT_ENV)
    return (result.stdout + (result.stderr if stderr else "")).rstrip("\n").splitlines()


def test_the_howto_shows_the_real_session(tmp_path: Path) -> None:
    from consolekit import shown_files
    from gitkit import git

    records = shown_files(HOWTO.read_text("utf-8"))  # the two proposals the page shows
    assert sorted(records) == sorted(OVERLAP)
    root = repo(tmp_path, records)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Round one")
    git(root, "tag", "round-1")
    assert output("check", root) == shown("summit check")
    assert output("compile", "js", "--path", root, stderr=False) == shown("summit compile js")
    accept = ("accept", "jpn-1", "--reason", "Agreed in the room", "--path", root)
    assert output(*accept) == shown('summit accept jpn-1 --reason "Agreed in the room"')
    supersede = ("proposal", "accept", "jpn-1", "--supersede", "--date", "2012-03-25",
                 "--reason", "Agreed in the room")  # fmt: skip
    command = (
        'summit proposal accept jpn-1 --supersede --date 2012-03-25 --reason "Agreed in the room"'
    )
    assert output(*supersede, "--path", root) == shown(command)
    decided = output("compile", "js", "--path", root, stderr=False)
    tail = shown("summit compile js", 1)[1:]  # after the '…'
    assert decided[decided.index(tail[0]) :][: len(tail)] == tail
    git(root, "commit", "-q", "-am", "Chair: jpn-1 accepted, chn-1 superseded")
    diff, expected = (
        output("diff", "round-1", "HEAD", "--path", root),
        shown("summit diff round-1 HEAD"),
    )
    assert diff[1:] == expected[1:]  # the first line names the commits, which differ


def test_a_supporter_by_position_is_named_where_the_change_is_printed(tmp_path: Path) -> None:
    """Support recorded with `summit proposal support` (a position) counts as much as
    `supported_by` in the record: beside the inserted paragraph as in the list."""
    root = repo(tmp_path, {
        "content/proposals/kor-1.yaml": proposal(
            "kor-1", "kor", 19, "insert: {after: op1, id: op1bis, text: Meet yearly.}"
        ),
        "content/positions/jpn-on-kor-1.yaml": (
            "id: jpn-on-kor-1\nproposal: kor-1\nby: jpn\nstance: support\ndate: 2012-03-20\n"
        ),
    })  # fmt: skip
    result = summit("compile", "js", "--path", root)
    assert result.exit_code == 0, result.output
    assert "1bis [open; insert: KOR (kor-1), supported by JPN]\n" in result.stdout
    assert "  kor-1 — KOR, supported by JPN, 2012-03-19\n" in result.stdout
