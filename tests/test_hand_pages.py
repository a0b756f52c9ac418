"""Hand-written pages: `summit check` finds a page no table of contents reaches (which
would stop the build), and a page that declares itself a deliverable is printed as
PDF and DOCX with the version line, like a statement."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import docx
import pytest
from conftest import summit
from pypdf import PdfReader

from summitkit.deliverables.pages import deliverable_pages, environment
from summitkit.deliverables.serve import deliverable_id
from summitkit.sources.check.project import check
from summitkit.sources.rules.hand_pages import GENERATED_TOPS, reachable, read_pages
from summitkit.sources.schema import TLP

MINI = Path(__file__).parent / "data" / "mini"
EPOCH = {"SOURCE_DATE_EPOCH": "1395619200"}  # 2014-03-24
NOTE = """\
:summit-deliverable: cover-note-2014
:summit-round: hague-2014
:summit-status: circulated
:summit-revision: 2

Cover note to the second-round statement
========================================

The sherpas of Japan and the Republic of Korea circulate the draft joint
statement on training centres for comment before the next sherpa meeting.
"""
STAMP = "cover-note-2014 · rev. 2 · circulated · commit unversioned · built 2014-03-24"


def mini_copy(target: Path) -> Path:
    shutil.copytree(
        MINI, target, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    return target


def list_in_index(root: Path, *entries: str) -> None:
    index = root / "content" / "index.rst"
    text = index.read_text(encoding="utf-8")
    listed = "".join(f"   {entry}\n" for entry in entries)
    index.write_text(text.replace("   generated/directory\n", f"   generated/directory\n{listed}"))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini corpus with a cover note: the whole site, and the cover note alone printed
    (no test here reads the other deliverables' PDF or DOCX)."""
    root = mini_copy(tmp_path_factory.mktemp("cover") / "repo")
    (root / "content" / "cover-note.rst").write_text(NOTE, encoding="utf-8")
    list_in_index(root, "cover-note")
    result = summit("build", root, "--only", "cover-note-2014", env=EPOCH)
    assert result.exit_code == 0, result.output
    assert "pdf: cover-note-2014" in result.output
    return root / "build" / "clear"


def test_a_cover_note_is_printed_as_pdf_with_the_version_line_and_draft_mark(
    built: Path,
) -> None:
    reader = PdfReader(built / "pdf" / "cover-note-2014.pdf")
    text = " ".join(" ".join(page.extract_text() or "" for page in reader.pages).split())
    assert "The sherpas of Japan and the Republic of Korea circulate the draft joint" in text
    assert STAMP in text
    assert "DRAFT" in text and "TLP:CLEAR" in text
    assert reader.metadata is not None
    assert reader.metadata.title == "Cover note to the second-round statement"
    assert reader.metadata.subject == "Note, Nuclear Security Summit 2014"


def test_a_cover_note_is_printed_as_docx_that_word_readers_open(built: Path) -> None:
    document = docx.Document(str(built / "docx" / "cover-note-2014.docx"))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == "Cover note to the second-round statement"
    assert any(p.startswith(STAMP) for p in paragraphs)
    assert any("circulate the draft joint statement" in p for p in paragraphs)
    assert document.core_properties.title == "Cover note to the second-round statement"
    assert "rev2" in document.core_properties.keywords
    footer = " ".join(p.text for s in document.sections for p in s.footer.paragraphs)
    assert STAMP in footer


def test_the_cover_notes_page_offers_its_pdf_and_docx(built: Path) -> None:
    html = built / "html" / "cover-note.html"
    page = html.read_text(encoding="utf-8")
    links = re.findall(r'href="([^"]*cover-note-2014\.(?:pdf|docx))"', page)
    assert {(html.parent / link).resolve() for link in links} == {
        (built / "pdf" / "cover-note-2014.pdf").resolve(),
        (built / "docx" / "cover-note-2014.docx").resolve(),
    }
    assert ":summit-deliverable:" not in page and "summit-round" not in page
    assert STAMP in page


def test_build_only_prints_the_cover_note(built: Path) -> None:
    assert [p.name for p in (built / "pdf").iterdir()] == ["cover-note-2014.pdf"]
    assert [p.name for p in (built / "docx").iterdir()] == ["cover-note-2014.docx"]


def test_a_page_in_no_toctree_fails_check_and_build_before_sphinx_runs(tmp_path: Path) -> None:
    root = mini_copy(tmp_path / "repo")
    (root / "content" / "cover-note.rst").write_text(NOTE, encoding="utf-8")
    expected = (
        "content/cover-note.rst:1:1: error: page 'cover-note' is in no table of contents, "
        "so the build would stop; add 'cover-note' to the toctree in content/index.rst "
        "(or to a page it lists), or put ':orphan:' on the page's first line "
        "[page/unreachable]"
    )
    checked = summit("check", root)
    assert checked.exit_code == 1
    assert expected in checked.stdout.splitlines()
    built = summit("build", root, "--format", "html")
    assert built.exit_code == 1
    assert expected in built.output
    assert "Traceback" not in built.output and "toctree" not in built.output.split(expected)[1]
    assert not (root / "build" / "clear").exists()


def test_toctrees_are_followed_as_sphinx_follows_them(tmp_path: Path) -> None:
    root = mini_copy(tmp_path / "repo")
    content = root / "content"
    (content / "notes").mkdir()
    (content / "notes" / "index.rst").write_text(
        "Notes\n=====\n\n.. toctree::\n   :glob:\n\n   annex-*\n   ../about\n   self\n"
        "   The site <https://example.org/>\n",
        encoding="utf-8",
    )
    for name in ("annex-a", "annex-b"):
        (content / "notes" / f"{name}.rst").write_text(f"{name}\n=======\n\nText.\n")
    (content / "about.rst").write_text(
        "About\n=====\n\n.. toctree::\n\n   Deep page </notes/deep/page.rst>\n"
    )
    (content / "notes" / "deep").mkdir()
    (content / "notes" / "deep" / "page.rst").write_text("Deep\n====\n\nText.\n")
    (content / "loose.rst").write_text(":orphan:\n\nLoose\n=====\n\nLinked only.\n")
    list_in_index(root, "notes/index")
    pages = read_pages(root)
    assert "generated/directory" not in pages  # generated pages are summitkit's own
    assert reachable(pages) == {
        "index", "notes/index", "notes/annex-a", "notes/annex-b", "about", "notes/deep/page",
        "generated/statements/index", "generated/baskets/index", "generated/reports/index",
        "generated/directory",
    }  # fmt: skip
    assert [d for d in check(root).errors] == []
    # and Sphinx agrees: the site builds with no "not included in any toctree" warning.
    result = summit("build", root, "--format", "html")
    assert result.exit_code == 0, result.output


def test_the_generated_pages_the_index_must_list_are_those_summitkit_writes() -> None:
    corpus = check(MINI).corpus
    tops = {
        page.docname
        for page in deliverable_pages(corpus, environment(MINI, "en"))
        if page.docname == "directory" or page.docname.endswith("/index")
    }
    assert tops == set(GENERATED_TOPS)


def test_a_page_may_not_take_the_id_of_another_deliverable(tmp_path: Path) -> None:
    root = mini_copy(tmp_path / "repo")
    for name in ("cover-note", "second-note"):
        text = NOTE.replace("cover-note-2014", "mini-2014" if name == "cover-note" else "mini-x")
        (root / "content" / f"{name}.rst").write_text(text, encoding="utf-8")
    (root / "content" / "third-note.rst").write_text(
        NOTE.replace("cover-note-2014", "mini-x"), encoding="utf-8"
    )
    list_in_index(root, "cover-note", "second-note", "third-note")
    result = summit("check", root)
    assert result.exit_code == 1
    assert [line for line in result.stdout.splitlines() if "[page/deliverable]" in line] == [
        "content/cover-note.rst:1:1: error: 'mini-2014' is already the id of a statement or "
        "basket, whose PDF and DOCX have that name; give the page another id [page/deliverable]",
        "content/third-note.rst:1:1: error: 'mini-x' is already the id of the page "
        "content/second-note.rst, whose PDF and DOCX have that name; give the page another id "
        "[page/deliverable]",
    ]


def test_serve_knows_the_printed_files_of_a_cover_note(tmp_path: Path) -> None:
    root = mini_copy(tmp_path / "repo")
    (root / "content" / "cover-note.rst").write_text(NOTE, encoding="utf-8")
    list_in_index(root, "cover-note")
    assert deliverable_id(root, "cover-note-2014", TLP.CLEAR) == "cover-note-2014"
    assert deliverable_id(root, "cover-note", TLP.CLEAR) is None


def test_a_template_edited_between_two_renders_in_one_process_is_compiled_again(
    tmp_path: Path,
) -> None:
    """Compiled templates are kept for the process (`summit serve` renders again and
    again): a repository's own template, edited, renders as edited."""
    root = tmp_path / "repo"
    template = root / "templates" / "pages" / "directory.rst.j2"
    template.parent.mkdir(parents=True)
    for heading in ("First directory", "Second directory"):
        template.write_text(f"{heading}\n{'=' * len(heading)}\n", encoding="utf-8")
        for _ in range(2):  # the second render reads the compiled template
            shown = environment(root, "en").get_template("pages/directory.rst.j2").render()
            assert shown.startswith(f"{heading}\n")
