"""Review comments: records on clauses, listed by `summit comments`, never in a deliverable."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import summit

from summitkit.deliverables.leaks import normalise, output_text

MINI = Path(__file__).parent / "data" / "mini"

ON_OP2 = "Which material is meant here: the curricula, or the trainers' own notes?"
ON_PP1 = "The preamble should name the 2010 work plan before the value of training."
RESOLVED = "Settled at the sherpa meeting: keep the wording as it stands today."

COMMENTS = {
    "jpn-op2-material": f"""\
id: jpn-op2-material
document: mini-2012
clause: op2
quote: course material
by: jpn
author: Kenji Sato
date: 2026-01-06
text: "{ON_OP2}"
""",
    "kor-pp1-work-plan": f"""\
id: kor-pp1-work-plan
sensitivity: TLP:CLEAR
document: mini-2012
clause: pp1
by: kor
date: 2026-01-07
text: {ON_PP1}
""",
    "usa-op1-settled": f"""\
id: usa-op1-settled
document: mini-2012
clause: op1
by: usa
date: 2026-01-05
text: "{RESOLVED}"
resolved: true
""",
}


def write_comments(root: Path) -> Path:
    folder = root / "content" / "comments"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in COMMENTS.items():
        (folder / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    return write_comments(root)


def test_comments_pass_check(root: Path) -> None:
    result = summit("check", root)
    assert result.exit_code == 0, result.output
    assert "3 comments" in result.stderr


def test_comments_are_listed_in_clause_order_with_their_label(root: Path) -> None:
    result = summit("comments", "mini-2012", "--path", root)

    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "pp1  2026-01-07  kor  open  TLP:CLEAR  content/comments/kor-pp1-work-plan.yaml",
        f"    {ON_PP1}",
        "op1  2026-01-05  usa  resolved  TLP:AMBER  content/comments/usa-op1-settled.yaml",
        f"    {RESOLVED}",
        "op2  2026-01-06  jpn (Kenji Sato)  open  TLP:AMBER  "
        "content/comments/jpn-op2-material.yaml",
        "    “course material”",
        f"    {ON_OP2}",
    ]
    assert result.stderr.endswith("3 comments on mini-2012\n")


def test_open_leaves_out_resolved_comments(root: Path) -> None:
    result = summit("comments", "mini-2012", "--open", "--path", root)
    assert result.exit_code == 0
    assert RESOLVED not in result.stdout
    assert ON_OP2 in result.stdout and ON_PP1 in result.stdout
    assert result.stderr.endswith("2 open comments on mini-2012\n")


def test_the_label_of_unmarked_comments_comes_from_summitkit_toml(root: Path) -> None:
    (root / "summitkit.toml").write_text('comment_sensitivity = "TLP:RED"\n', encoding="utf-8")
    result = summit("comments", "mini-2012", "--path", root)
    assert result.stdout.count("TLP:RED") == 2
    assert result.stdout.count("TLP:CLEAR") == 1  # its own label wins


def test_an_unknown_document_is_a_usage_error(root: Path) -> None:
    result = summit("comments", "mini-2099", "--path", root)
    assert result.exit_code == 2
    assert "no statement or gift basket 'mini-2099'" in result.stderr


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every deliverable of the mini corpus, with comments, built for TLP:CLEAR."""
    root = tmp_path_factory.mktemp("built") / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    write_comments(root)
    result = summit("build", root, "--format", "html,pdf,docx", "--audience", "TLP:CLEAR")
    assert result.exit_code == 0, result.output
    return root / "build"


def test_no_comment_reaches_any_deliverable_even_one_marked_clear(built: Path) -> None:
    outputs = [p for p in built.rglob("*") if p.is_file()]
    suffixes = {p.suffix for p in outputs}
    assert {".html", ".pdf", ".docx"} <= suffixes
    texts = {p: normalise(output_text(p)) for p in outputs}
    assert any(normalise("Share course material") in t for t in texts.values())  # it reads
    for comment in (ON_OP2, ON_PP1, RESOLVED):
        assert not [p for p, text in texts.items() if normalise(comment) in text], comment


def test_compile_lists_the_comments_the_audience_may_see(root: Path) -> None:
    amber = summit("compile", "mini-2012", "--audience", "TLP:AMBER", "--path", root)
    clear = summit("compile", "mini-2012", "--path", root)

    assert amber.exit_code == 0, amber.output
    assert amber.stdout.endswith(
        "\nReview comments (not part of the text)\n"
        f"  PP1 — KOR, 2026-01-07, open: {ON_PP1}\n"
        f"  1 — USA, 2026-01-05, resolved: {RESOLVED}\n"
        f"  2 — JPN (Kenji Sato), 2026-01-06, open on “course material”: {ON_OP2}\n"
    )
    assert ON_PP1 in clear.stdout  # marked TLP:CLEAR
    assert ON_OP2 not in clear.stdout and RESOLVED not in clear.stdout  # TLP:AMBER
    clean = summit("compile", "mini-2012", "--clean", "--audience", "TLP:RED", "--path", root)
    assert ON_PP1 not in clean.stdout


def test_compile_html_puts_comments_in_a_margin_column_beside_their_paragraph(
    root: Path,
) -> None:
    from lxml import html

    result = summit(
        "compile", "mini-2012", "--format", "html", "--audience", "TLP:AMBER", "--path", root
    )
    page = html.fromstring(result.stdout)
    [op2] = page.xpath('//div[@id="op2"]')
    assert "sk-commented" in op2.get("class")
    [aside] = op2.xpath("./aside[@class='sk-comments']")
    assert ON_OP2 in aside.text_content() and "Japan (Kenji Sato)" in aside.text_content()
    assert not page.xpath('//div[@id="op1"]/aside[contains(., "Which material")]')


def test_compile_docx_has_word_comments_anchored_to_their_paragraphs(
    root: Path, tmp_path: Path
) -> None:
    import docx

    target = tmp_path / "compilation.docx"
    result = summit(
        "compile",
        "mini-2012",
        "--format",
        "docx",
        "-o",
        target,
        "--audience",
        "TLP:AMBER",
        "--path",
        root,
    )
    assert result.exit_code == 0, result.output
    document = docx.Document(str(target))
    by_id = {c.comment_id: c for c in document.comments}
    assert sorted(c.author for c in by_id.values()) == [
        "Japan (Kenji Sato)",
        "Republic of Korea",
        "United States",
    ]
    anchored = {}
    for paragraph in document.paragraphs:
        for found in paragraph._p.xpath(".//w:commentRangeStart/@w:id"):
            anchored[by_id[int(found)].text] = paragraph.text
    assert anchored[f"“course material” {ON_OP2}"] == "Share course material."
    assert anchored[ON_PP1] == "Recognising the value of training."
    assert anchored[f"{RESOLVED} (resolved)"] == "Work together through the network."
