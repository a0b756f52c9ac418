"""`summit compile`: the compilation text of the shipped CJK gift basket, whose sample
negotiation uses every change type, in every format, read back from the files."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import summit, write_minimal_repo
from pypdf import PdfReader

from summitkit.deliverables.i18n import translator
from summitkit.negotiation.compilation import compile_document
from summitkit.negotiation.text import compilation_json
from summitkit.sources.check.project import check
from summitkit.sources.schema import Proposal, Statement

ROOT = Path(__file__).resolve().parents[1]
BASKET = "cjk-coe-collaboration-2014"


@pytest.fixture(scope="module")
def text() -> str:
    result = summit("compile", BASKET, "--path", ROOT)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_change_type_is_bracketed_and_attributed(text: str) -> None:
    # replace: the old words and the new ones in one bracket, with the proposer
    assert (
        "terms of reference [by the end of 2014 → within six months of the 2014 summit — KOR "
        "(kor-2014-cjk-1)]." in text
    )
    # insert: numbered after its anchor, bracketed, with proposer and supporter
    assert "2bis [open; insert: KOR (kor-2014-cjk-1), supported by JPN]\n  [The centres" in text
    # delete: the paragraph bracketed, with who proposes it; the reservation beside it
    assert "4 [open; reservation: CHN; delete: CHN (chn-2014-cjk-1)]\n  [The participating" in text
    # substitute and an alternative in the clause: Alt 2, Alt 3 after the clause's text
    assert "  Alt 2 — KOR: [The centres will report once a year" in text
    assert "  Alt 3 — JPN (jpn-2014-cjk-1): [The centres will agree on measures" in text
    # a span bracket in the clause text
    assert "[so that outside assistance and regional coordination reinforce each other — JPN]" in (
        text
    )
    assert "1 [ad ref]\n" in text


def test_the_withdrawn_proposal_is_left_out_of_the_text_and_listed_as_decided(text: str) -> None:
    assert "warmly invite" not in text
    decided = text[text.index("Proposals decided") :]
    assert "  kor-2014-cjk-2 — KOR, 2014-02-11: withdrawn\n" in decided
    assert text.count("kor-2014-cjk-2") == 1


def test_status_table_and_totals(text: str) -> None:
    lines = text.splitlines()
    # keyed by the printed number; clause ids only in the JSON
    assert lines[lines.index("paragraph  status  open proposals  reservations") + 7 :][:3] == [
        "2bis       open    kor-2014-cjk-1  —",
        "3          open    jpn-2014-cjk-1  —",
        "4          open    chn-2014-cjk-1  CHN",
    ]
    assert not any(line.startswith("op") for line in lines)
    assert lines[-1] == (
        "6 of 12 paragraphs agreed, 1 ad ref; 3 proposals open; 1 bracket; 1 reservation"
    )


def test_clean_leaves_out_exactly_the_open_material() -> None:
    result = summit("compile", BASKET, "--clean", "--path", ROOT)
    assert result.exit_code == 0, result.output
    out = result.stdout
    corpus = check(ROOT).corpus
    basket = corpus.baskets[BASKET]
    for clause in basket.clauses:
        first = " ".join(clause.text.split())[:60]
        if basket.clause_status(clause).value == "open":
            assert first not in out, clause.id
        else:
            assert first in out, clause.id
    assert out.count("[… paragraph not agreed …]") == 4
    for proposed in ("within six months", "joint training course", "2bis", "Alt "):
        assert proposed not in out


def test_json_is_the_same_content() -> None:
    result = summit("compile", BASKET, "--format", "json", "--path", ROOT)
    data = json.loads(result.stdout)
    numbers = [p["number"] for p in data["paragraphs"]]
    assert numbers == ["PP1", "PP2", "PP3", "PP4", "1", "2", "2bis", "3", "4", "5", "6", "7"]
    assert [t["id"] for t in data["tabled"]] == [
        "kor-2014-cjk-1",
        "chn-2014-cjk-1",
        "jpn-2014-cjk-1",
    ]
    assert data["totals"]["line"].startswith("6 of 12 paragraphs agreed")
    op4 = data["paragraphs"][8]
    assert op4["deleted"] == [{"proposal": "chn-2014-cjk-1", "by": ["chn"], "supported_by": []}]


def test_html_page_brackets_and_names_the_delegations(tmp_path: Path) -> None:
    target = tmp_path / "c.html"
    result = summit("compile", BASKET, "--format", "html", "-o", target, "--path", ROOT)
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert '<article class="sk-document sk-compilation"' in page
    # Each change names who proposed it and when: the DOCX makes it their tracked change.
    by_korea = 'data-author="Republic of Korea" data-date="2014-02-10"'
    assert (
        f"[<del {by_korea}>by the end of 2014</del> <ins {by_korea}>within six months of the "
        '2014 summit</ins> — <abbr title="Republic of Korea">KOR</abbr> (kor-2014-cjk-1)]'
    ) in page
    assert "<strong>2bis</strong>" in page
    assert "Alt 3 — JPN (jpn-2014-cjk-1):" in page


def test_pdf_prints_the_compilation(tmp_path: Path) -> None:
    target = tmp_path / "c.pdf"
    result = summit("compile", BASKET, "--format", "pdf", "-o", target, "--path", ROOT)
    assert result.exit_code == 0, result.output
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    text = " ".join(text.split())
    assert "Compilation text: Gift basket" in text
    assert "2bis [open; insert: KOR (kor-2014-cjk-1), supported by JPN]" in text
    assert "— KOR (kor-2014-cjk-1)]" in text
    assert "6 of 12 paragraphs agreed" in text


@pytest.fixture(scope="module")
def docx_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("docx") / "compilation.docx"
    result = summit("compile", BASKET, "--format", "docx", "-o", target, "--path", ROOT)
    assert result.exit_code == 0, result.output
    return target


def test_docx_proposals_are_tracked_changes_by_the_delegations(docx_file: Path) -> None:
    xml = zipfile.ZipFile(docx_file).read("word/document.xml").decode("utf-8")
    insertions = re.findall(r'<w:ins [^>]*w:author="([^"]+)" w:date="([^"]+)"', xml)
    deletions = re.findall(r'<w:del [^>]*w:author="([^"]+)" w:date="([^"]+)"', xml)
    assert sorted(set(insertions)) == [
        ("Japan", "2014-02-14T00:00:00Z"),
        ("Republic of Korea", "2014-02-10T00:00:00Z"),
    ]
    assert sorted(set(deletions)) == [
        ("China", "2014-02-12T00:00:00Z"),
        ("Japan", "2014-02-14T00:00:00Z"),
        ("Republic of Korea", "2014-02-10T00:00:00Z"),
    ]
    assert "within six months of the 2014 summit" in xml


@pytest.mark.slow  # LibreOffice
@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_libreoffice_opens_the_docx(docx_file: Path, tmp_path: Path) -> None:
    run = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_file)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    converted = tmp_path / "compilation.pdf"
    assert converted.is_file(), run.stdout + run.stderr
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(converted).pages).split())
    assert "The centres will hold a first joint training course" in text


def test_binary_formats_need_a_file() -> None:
    result = summit("compile", BASKET, "--format", "docx", "--path", ROOT)
    assert result.exit_code == 2
    assert "--format docx writes a file: give -o PATH" in result.stderr


def test_an_unknown_document_is_a_usage_error() -> None:
    result = summit("compile", "cjk-coe-collaboration", "--path", ROOT)
    assert result.exit_code == 2
    assert (
        "no statement or basket 'cjk-coe-collaboration'; did you mean 'cjk-coe-collaboration-2014'?"
    ) in result.stderr


# -- the model -----------------------------------------------------------------------

STATEMENT = Statement.model_validate(
    {
        "id": "js",
        "title": "T",
        "round": "seoul-2012",
        "clauses": [
            {"id": "pp1", "kind": "preambular", "text": "Recalling."},
            {"id": "op1", "text": "Work together."},
            {"id": "op2", "text": "Share."},
        ],
    }
)


def proposal(pid: str, date: str, *changes: dict[str, object], status: str = "tabled") -> Proposal:
    return Proposal.model_validate(
        {"id": pid, "document": "js", "by": ["jpn"], "date": date, "status": status,
         "changes": list(changes)}
    )  # fmt: skip


def test_insertions_after_one_anchor_are_bis_ter_quater_in_tabling_order() -> None:
    proposals = [
        proposal("b", "2012-03-02", {"insert": {"after": "op1", "id": "z", "text": "Z."}}),
        proposal("a", "2012-03-01", {"insert": {"after": "op1", "id": "y", "text": "Y."}},
                 {"insert": {"after": "y", "id": "x", "text": "X."}}),
        proposal("c", "2012-03-03", {"insert": {"after": "pp1", "id": "w", "text": "W."}}),
        proposal("d", "2012-03-04", {"insert": {"after": "op2", "id": "v", "text": "V."}},
                 status="rejected"),
    ]  # fmt: skip
    compiled = compile_document(STATEMENT, proposals)
    assert [(p.id, p.number) for p in compiled.paragraphs] == [
        ("pp1", "PP1"), ("w", "PP1bis"), ("op1", "1"), ("y", "1bis"), ("x", "1ter"),
        ("z", "1quater"), ("op2", "2"),
    ]  # fmt: skip
    assert compiled.totals.proposals == 3


def test_two_replacements_of_one_clause_are_both_shown_and_a_stale_one_is_unplaced() -> None:
    proposals = [
        proposal("a", "2012-03-01", {"replace": {"clause": "op1", "old": "Work", "new": "Act"}}),
        proposal("b", "2012-03-02", {"replace": {"clause": "op1", "old": "together", "new": ""}}),
        proposal("c", "2012-03-03", {"replace": {"clause": "op1", "old": "Work", "new": "Do"}}),
        proposal("d", "2012-03-04", {"replace": {"clause": "op1", "old": "Play", "new": "Go"}}),
    ]
    compiled = compile_document(STATEMENT, proposals)
    op1 = compiled.paragraphs[1]
    # c collides with a: both are printed, as alternatives of the words they replace
    assert [(s.kind, s.text, s.new) for s in op1.spans] == [
        ("alternatives", "Work", ""), ("text", " ", ""), ("replace", "together", ""),
        ("text", ".", ""),
    ]  # fmt: skip
    assert [(v.label, v.text, v.proposal) for v in op1.spans[0].alternatives] == [
        ("Alt 1", "Work", None), ("Alt 2", "Act", "a"), ("Alt 3", "Do", "c"),
    ]  # fmt: skip
    assert [c.proposals for c in compiled.collisions] == [("a", "c")]
    assert [u.words() for u in compiled.unplaced] == ["d change 1"]
    assert [u.words(translator("fr")) for u in compiled.unplaced] == ["d changement 1"]
    assert json.loads(compilation_json(compiled))["unplaced"] == ["d change 1"]


def test_audience_leaves_out_proposals_above_it(tmp_path: Path) -> None:
    root = write_minimal_repo(
        tmp_path,
        {
            "content/statements/js.yaml": (
                "id: js\ntitle: T\nround: seoul-2012\nclauses:\n  - id: op1\n    text: Work.\n"
            ),
            "content/proposals/amber.yaml": (
                "id: amber\ndocument: js\nby: [jpn]\ndate: 2012-03-20\nsensitivity: TLP:AMBER\n"
                "changes:\n  - replace: {clause: op1, old: Work, new: Secret work}\n"
            ),
        },
    )
    clear = summit("compile", "js", "--path", root)
    amber = summit("compile", "js", "--audience", "TLP:AMBER", "--path", root)
    assert "Secret work" not in clear.stdout
    assert "0 proposals open" in clear.stdout
    assert "[Work → Secret work — JPN (amber)]" in amber.stdout
