"""A redline's struck word and the word inserted for it never touch: "see build", not
"seebuild", in the HTML and the PDF; Word's tracked changes keep the text as it was."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from diffkit import Drafts, clauses_with, summit


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    drafts = Drafts(tmp_path / "repo")
    drafts.commit("First draft", tag="v1")
    drafts.statement(clauses=clauses_with(("op3", "Report on progress at each summit meeting.")))
    drafts.commit("Second draft")
    return drafts.root


def test_a_replaced_word_is_set_apart_from_its_replacement(repo: Path, tmp_path: Path) -> None:
    page = summit("diff", "v1", "HEAD", "--format", "html", "--path", str(repo))
    assert page.exit_code == 0, page.output
    html = page.stdout
    assert re.search(r'>round\.?</del><span class="sk-gap"> </span><ins [^>]*>meeting', html), html
    text = re.sub(r"<[^>]+>", "", html)
    assert "roundmeeting" not in text and "round meeting" in text

    import pypdf

    target = tmp_path / "r.pdf"
    printed = summit(
        "diff", "v1:joint-2012", "HEAD:joint-2012", "--format", "pdf", "-o", str(target),
        "--path", str(repo),
    )  # fmt: skip
    assert printed.exit_code == 0, printed.output
    pdf = " ".join(page.extract_text() for page in pypdf.PdfReader(target).pages)
    assert "roundmeeting" not in pdf and "round" in pdf and "meeting" in pdf


def test_word_keeps_the_text_without_the_gap(repo: Path, tmp_path: Path) -> None:
    import zipfile

    target = tmp_path / "r.docx"
    printed = summit(
        "diff", "v1:joint-2012", "HEAD:joint-2012", "--format", "docx", "-o", str(target),
        "--path", str(repo),
    )  # fmt: skip
    assert printed.exit_code == 0, printed.output
    with zipfile.ZipFile(target) as archive:
        body = archive.read("word/document.xml").decode()
    accepted = re.sub(r"<w:del\b.*?</w:del>", "", body, flags=re.S)
    words = "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", accepted))
    assert "each summit meeting." in words
