"""The deliverables as a reader opens them: PDF and DOCX from `summit build` of the mini
corpus (the shipped corpus's pages are read in tests/test_standards.py, from its one
full build)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner
from conftest import copy_repo
from nu import nu_problems
from pypdf import PdfReader

from summitkit.cli import main

MINI = Path(__file__).parent / "data" / "mini"
EPOCH = {"SOURCE_DATE_EPOCH": "1395619200"}  # 2014-03-24


def full_build(repo: Path, *jobs: str) -> Path:
    result = CliRunner().invoke(main, ["build", str(repo), *jobs], env=EPOCH)
    assert result.exit_code == 0, result.output
    return repo / "build" / "clear"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return full_build(copy_repo(MINI, tmp_path_factory.mktemp("mini") / "repo"))


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(path).pages]


def test_one_pdf_and_one_docx_per_deliverable(built: Path) -> None:
    names = {"mini-2012", "mini-2014", "mini-basket", "mini-report"}
    assert {p.stem for p in (built / "pdf").glob("*.pdf")} == names
    assert {p.stem for p in (built / "docx").glob("*.docx")} == names


def test_pdf_has_the_paragraphs_the_version_line_and_draft_on_every_page(built: Path) -> None:
    pages = pdf_text(built / "pdf" / "mini-2014.pdf")
    text = " ".join(" ".join(pages).split())
    assert "Share course material and trainers." in text
    assert "Report on progress at each round." in text
    assert "mini-2014 · rev. 1 · draft · commit unversioned · built 2014-03-24" in text
    assert all("DRAFT" in page for page in pages)
    assert all("TLP:CLEAR" in page for page in pages)
    adopted = " ".join(pdf_text(built / "pdf" / "mini-2012.pdf"))
    assert "DRAFT" not in adopted
    metadata = PdfReader(built / "pdf" / "mini-2014.pdf").metadata
    assert metadata is not None
    assert metadata.title == "Joint statement on training centres, second round"


def test_docx_has_numbered_clauses_and_document_properties(built: Path) -> None:
    document = docx.Document(str(built / "docx" / "mini-2014.docx"))
    paragraphs = [p for p in document.paragraphs if p.text.strip()]
    operative = [p for p in paragraphs if p.text.startswith(("Work together", "Share course"))]
    assert len(operative) == 2
    for paragraph in operative:
        assert paragraph.style is not None and paragraph.style.name == "Operative Paragraph"
        assert paragraph.style.element.pPr.numPr is not None
    properties = document.core_properties
    assert properties.title == "Joint statement on training centres, second round"
    assert "mini-2014" in properties.keywords and "rev1" in properties.keywords
    footer = " ".join(p.text for s in document.sections for p in s.footer.paragraphs)
    assert "mini-2014 · rev. 1 · draft" in footer


def test_docx_anchors_each_clause_and_says_what_it_was_built_from(built: Path) -> None:
    from lxml import etree

    path = built / "docx" / "mini-2014.docx"
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        custom = archive.read("docProps/custom.xml").decode()
        types = archive.read("[Content_Types].xml").decode()
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    anchored = {}
    for paragraph in body.iter(f"{w}p"):
        for mark in paragraph.iter(f"{w}bookmarkStart"):
            text = "".join(t.text or "" for t in paragraph.iter(f"{w}t"))
            anchored[mark.get(f"{w}name")] = text
    assert {"sk_pp1", "sk_h1", "sk_op1", "sk_op2"} <= set(anchored)
    assert anchored["sk_op2"].startswith("Share course material")
    for name, value in (
        ("record", "mini-2014"), ("revision", "1"), ("commit", "unversioned"),
        ("audience", "TLP:CLEAR"), ("kind", "statement"),
    ):  # fmt: skip
        assert f'name="summitkit.{name}"><vt:lpwstr>{value}</vt:lpwstr>' in custom
    assert "/docProps/custom.xml" in types


def test_report_charts_are_in_html_pdf_and_docx(built: Path) -> None:
    html = (built / "html" / "generated" / "reports" / "mini-report.html").read_text()
    assert html.count("<img") == 3  # status, categories, participation heat map
    reader = PdfReader(built / "pdf" / "mini-report.pdf")
    assert sum(len(page.images) for page in reader.pages) >= 2  # an image, and its alpha mask
    with zipfile.ZipFile(built / "docx" / "mini-report.docx") as archive:
        media = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert len(media) == 3


def test_same_commit_and_date_give_the_same_html_and_docx_bytes(
    tmp_path: Path, built: Path
) -> None:
    """The same files, byte for byte, whether printed in one process or in two."""
    again = full_build(copy_repo(MINI, tmp_path / "again"), "-j", "2")
    for folder in ("html", "docx", "pdf"):
        first = {
            p.relative_to(built): p.read_bytes() for p in (built / folder).rglob("*") if p.is_file()
        }
        second = {
            p.relative_to(again): p.read_bytes() for p in (again / folder).rglob("*") if p.is_file()
        }
        assert first == second, folder


@pytest.mark.slow  # the Nu checker
def test_site_has_no_errors_or_warnings_under_the_nu_html_checker(built: Path) -> None:
    assert list((built / "html").rglob("*.html"))
    assert nu_problems([built / "html"]) == []
