"""`summit sign` / `summit unsign`: one line in, one line out; merges stay clean."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest
from conftest import summit
from gitkit import git

from summitkit.sources.check.project import check

MINI = Path(__file__).parent / "data" / "mini"

COMMENTED = """\
# A statement with comments everywhere: sign must keep every byte of them.
id: commented
title: "Joint statement, with quotes kept"   # an end-of-line comment
round: seoul-2012
lead: [usa]   # lead first when printed
# The signatories, one a line.
signatories:
  - jpn
  # Korea cites its own source.
  - {state: kor, sources: [facts]}
  - usa
  - {organization: un}
type: joint-statement
clauses:
  - id: op1
    text: |
      Work together.
    sources: [facts]
# A trailing comment.
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    (root / "content" / "statements" / "commented.yaml").write_text(COMMENTED, encoding="utf-8")
    return root


def statement(root: Path, name: str) -> Path:
    return root / "content" / "statements" / f"{name}.yaml"


def added_lines(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before`; fails if it removes or changes any."""
    diff = list(difflib.ndiff(before.splitlines(True), after.splitlines(True)))
    assert not [line for line in diff if line.startswith("- ")], "".join(diff)
    return [line[2:] for line in diff if line.startswith("+ ")]


def parties(root: Path, document: str) -> list[str]:
    checked = check(root)
    assert not checked.errors, checked.errors
    return [s.party for s in checked.corpus.documents[document].signatories]


def test_sign_adds_exactly_one_line_in_order_and_keeps_every_comment(root: Path) -> None:
    path = statement(root, "commented")
    result = summit("sign", "commented", "chn", "--path", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == "chn signed commented (content/statements/commented.yaml)\n"
    after = path.read_text(encoding="utf-8")
    assert added_lines(COMMENTED, after) == ["  - chn\n"]
    assert after.index("  - chn\n") < after.index("  - jpn\n")  # sorted by state id
    assert parties(root, "commented") == ["chn", "jpn", "kor", "usa", "un"]


def test_sign_with_a_date_and_an_organization_stays_one_line_each(root: Path) -> None:
    path = statement(root, "commented")
    (root / "content" / "organizations" / "iaea.yaml").write_text(
        "id: iaea\nname: International Atomic Energy Agency\nshort_name: IAEA\n"
    )
    assert (
        summit("sign", "commented", "aut", "--date", "2012-04-02", "--path", str(root)).exit_code
        == 0
    )
    assert summit("sign", "commented", "iaea", "--organization", "--path", str(root)).exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert added_lines(COMMENTED, after) == [
        "  - {state: aut, date: 2012-04-02}\n",
        "  - {organization: iaea}\n",
    ]
    assert after.index("organization: iaea") < after.index("organization: un")
    assert parties(root, "commented") == ["aut", "jpn", "kor", "usa", "iaea", "un"]


def test_sign_into_a_one_line_list_edits_that_line_only(root: Path) -> None:
    path = statement(root, "mini-2012")  # signatories: [usa, jpn, kor, {organization: un}]
    before = path.read_text(encoding="utf-8")
    assert summit("sign", "mini-2012", "chn", "--path", str(root)).exit_code == 0
    after = path.read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        (
            "signatories: [usa, jpn, kor, {organization: un}]",
            "signatories: [chn, usa, jpn, kor, {organization: un}]",  # before the first later id
        )
    ]


def test_unsign_removes_one_line_and_the_last_leaves_an_empty_list(root: Path) -> None:
    path = statement(root, "commented")
    assert summit("unsign", "commented", "kor", "--path", str(root)).exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert added_lines(after, COMMENTED) == ["  - {state: kor, sources: [facts]}\n"]
    basket = root / "gifts" / "mini-basket.yaml"
    result = summit("unsign", "mini-basket", "kor", "--path", str(root))
    assert result.exit_code == 0, result.output
    assert "signatories: []\n" in basket.read_text(encoding="utf-8")
    assert summit("sign", "mini-basket", "jpn", "--path", str(root)).exit_code == 0
    assert "signatories:\n  - jpn\n" in basket.read_text(encoding="utf-8")
    assert parties(root, "mini-basket") == ["jpn"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sign", "mini-2013", "chn"], "no statement or gift basket 'mini-2013'; did you mean"),
        (["sign", "commented", "Austria"], "no state 'Austria'; did you mean 'aut'?"),
        (["sign", "commented", "jpx"], "no state 'jpx'; did you mean 'jpn'?"),
        (["sign", "commented", "who", "--organization"], "no organization 'who'"),
        (["sign", "commented", "kor"], "kor is already a signatory of commented"),
        (["unsign", "commented", "chn"], "chn is not a signatory of commented"),
    ],
)
def test_refusals_say_why_and_leave_the_file_alone(
    root: Path, args: list[str], message: str
) -> None:
    path = statement(root, "commented")
    result = summit(*args, "--path", str(root))
    assert result.exit_code == 1
    assert message in result.stderr
    assert result.stdout == ""
    assert path.read_text(encoding="utf-8") == COMMENTED


def test_a_bad_date_is_a_usage_error(root: Path) -> None:
    result = summit("sign", "commented", "chn", "--date", "2012-02-30", "--path", str(root))
    assert result.exit_code == 2


def test_an_edit_that_would_break_the_record_is_undone(
    root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import summitkit.drafting.sign

    def broken(text: str, kind: str, signature: object, field: str = "") -> str:
        return text + "signatores: [chn]\n"

    monkeypatch.setattr(summitkit.drafting.sign, "add_signatory", broken)
    result = summit("sign", "commented", "chn", "--path", str(root))
    assert result.exit_code == 1
    assert "unknown field 'signatores'" in result.stderr
    assert "the file was left as it was" in result.stderr
    assert statement(root, "commented").read_text(encoding="utf-8") == COMMENTED


def test_two_branches_sign_and_edit_different_clauses_and_merge_cleanly(root: Path) -> None:
    (root / "content" / "organizations" / "iaea.yaml").write_text(
        "id: iaea\nname: International Atomic Energy Agency\nshort_name: IAEA\n"
    )
    (root / ".gitignore").write_text("build/\ncontent/generated/\n")
    assert summit("fmt", str(root)).exit_code == 0
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "formatted")
    path = statement(root, "mini-2012")

    def edit(old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new), encoding="utf-8")

    git(root, "checkout", "-q", "-b", "china")
    assert summit("sign", "mini-2012", "chn", "--path", str(root)).exit_code == 0
    edit("Work together through the network.", "Work together through the network of centres.")
    git(root, "commit", "-q", "-am", "China signs; op1 reworded")

    git(root, "checkout", "-q", "main")
    git(root, "checkout", "-q", "-b", "iaea")
    assert summit("sign", "mini-2012", "iaea", "--organization", "--path", str(root)).exit_code == 0
    edit("Share course material.", "Share course material and trainers.")
    git(root, "commit", "-q", "-am", "IAEA signs; op2 reworded")

    git(root, "checkout", "-q", "main")
    git(root, "merge", "-q", "--no-edit", "china")
    git(root, "merge", "-q", "--no-edit", "iaea")  # raises if git reports a conflict
    assert summit("check", str(root)).exit_code == 0
    document = check(root).corpus.documents["mini-2012"]
    assert [s.party for s in document.signatories] == ["chn", "jpn", "kor", "usa", "iaea", "un"]
    texts = {c.id: " ".join(c.text.split()) for c in document.clauses}
    assert texts["op1"] == "Work together through the network of centres."
    assert texts["op2"] == "Share course material and trainers."
    assert summit("fmt", str(root), "--check").exit_code == 0


def basket_file(root: Path) -> Path:
    return root / "gifts" / "mini-basket.yaml"


def test_sign_as_co_sponsor_and_lead_edit_one_line_of_their_own_list(root: Path) -> None:
    path = basket_file(root)
    before = path.read_text(encoding="utf-8")  # lead: [kor]; co_sponsors: [jpn, chn]
    result = summit("sign", "mini-basket", "aut", "--as", "co-sponsor", "--path", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == "aut co-sponsors mini-basket (gifts/mini-basket.yaml)\n"
    result = summit("sign", "mini-basket", "usa", "--as", "lead", "--path", str(root))
    assert result.stdout == "usa leads mini-basket (gifts/mini-basket.yaml)\n"
    after = path.read_text(encoding="utf-8")
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [
        ("lead: [kor]", "lead: [kor, usa]"),  # a lead is printed in the order given: last
        ("co_sponsors: [jpn, chn]", "co_sponsors: [aut, jpn, chn]"),  # before the first later id
    ]
    basket = check(root).corpus.baskets["mini-basket"]
    assert (basket.lead, basket.co_sponsors) == (["kor", "usa"], ["aut", "jpn", "chn"])
    assert [s.party for s in basket.signatories] == ["kor"]  # signatories untouched


def test_unsign_as_co_sponsor_removes_it_and_the_last_leaves_an_empty_list(root: Path) -> None:
    path = basket_file(root)
    for state in ("jpn", "chn"):
        result = summit("unsign", "mini-basket", state, "--as", "co-sponsor", "--path", str(root))
        assert result.exit_code == 0, result.output
    assert result.stdout == "chn no longer co-sponsors mini-basket (gifts/mini-basket.yaml)\n"
    assert "co_sponsors: []\n" in path.read_text(encoding="utf-8")
    assert (
        summit("sign", "mini-basket", "jpn", "--as", "co-sponsor", "--path", str(root)).exit_code
        == 0
    )
    assert "co_sponsors:\n  - jpn\n" in path.read_text(encoding="utf-8")
    assert check(root).corpus.baskets["mini-basket"].co_sponsors == ["jpn"]


def test_sign_as_co_sponsor_into_a_block_list_keeps_comments(root: Path) -> None:
    path = basket_file(root)
    text = path.read_text(encoding="utf-8").replace(
        "co_sponsors: [jpn, chn]\n",
        "co_sponsors:\n  # China first joined in 2013.\n  - chn\n  - jpn\n",
    )
    path.write_text(text, encoding="utf-8")
    assert (
        summit("sign", "mini-basket", "aut", "--as", "co-sponsor", "--path", str(root)).exit_code
        == 0
    )
    assert added_lines(text, path.read_text(encoding="utf-8")) == ["  - aut\n"]
    assert path.read_text(encoding="utf-8").index("  - aut\n") < path.read_text().index("# China")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sign", "mini-2012", "chn", "--as", "co-sponsor"], "only gift baskets have co-sponsors"),
        (["sign", "mini-basket", "jpn", "--as", "co-sponsor"], "jpn is already a co-sponsor"),
        (["sign", "mini-basket", "kor", "--as", "co-sponsor"], "kor is a lead of mini-basket"),
        (["sign", "mini-basket", "jpn", "--as", "lead"], "jpn is a co-sponsor of mini-basket"),
        (["sign", "mini-basket", "un", "--as", "lead", "--organization"], "a lead is a state"),
        (["unsign", "mini-basket", "usa", "--as", "co-sponsor"], "(co-sponsors: jpn, chn)"),
        (["sign", "mini-basket", "jpx", "--as", "co-sponsor"], "did you mean 'jpn'?"),
    ],
)
def test_role_refusals_say_why_and_leave_the_file_alone(
    root: Path, args: list[str], message: str
) -> None:
    before = {p: p.read_bytes() for p in (basket_file(root), statement(root, "mini-2012"))}
    result = summit(*args, "--path", str(root))
    assert result.exit_code == 1
    assert message in result.stderr
    assert {p: p.read_bytes() for p in before} == before


def test_an_unknown_role_is_a_usage_error(root: Path) -> None:
    result = summit("sign", "mini-basket", "aut", "--as", "sponsor", "--path", str(root))
    assert result.exit_code == 2
    assert "'sponsor' is not one of 'signatory', 'co-sponsor', 'lead'" in result.stderr


def test_a_basket_with_co_sponsors_and_no_signatories_prints_without_contradiction(
    root: Path,
) -> None:
    """The user's case: co-sponsors recorded, nobody signed; HTML, PDF and DOCX agree."""
    import docx
    from pypdf import PdfReader

    assert summit("unsign", "mini-basket", "kor", "--path", str(root)).exit_code == 0
    assert (
        summit("sign", "mini-basket", "aut", "--as", "co-sponsor", "--path", str(root)).exit_code
        == 0
    )
    result = summit("build", str(root), "--only", "mini-basket", "--format", "html,pdf,docx")
    assert result.exit_code == 0, result.output
    out = root / "build" / "clear"
    html = (out / "html" / "generated" / "baskets" / "mini-basket.html").read_text("utf-8")
    pdf = " ".join(
        (page.extract_text() or "") for page in PdfReader(out / "pdf" / "mini-basket.pdf").pages
    )
    word = docx.Document(str(out / "docx" / "mini-basket.docx"))
    texts = {
        "html": html,
        "pdf": pdf,
        "docx": "\n".join(p.text for p in word.paragraphs),
    }
    for name, text in texts.items():
        flat = " ".join(text.split())
        assert "No signatories are recorded yet" not in flat, name
        assert "No state other than the sponsors has signed on yet." in flat, name
        assert "Co-sponsors" in flat and "Austria, Japan, China" in flat, name
