"""The adopted text a ministry signs: `release --status adopted --date` records the date,
and the build prints the text without the record's notes, citations or working marks.

Also: a build drops the page of a deliverable that no longer exists (a compilation
text once its proposals are settled).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from conftest import summit
from pypdf import PdfReader

MINI = Path(__file__).parent / "data" / "mini"
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Drafter",
    "GIT_AUTHOR_EMAIL": "drafter@example.org",
    "GIT_COMMITTER_NAME": "Drafter",
    "GIT_COMMITTER_EMAIL": "drafter@example.org",
}


def git(root: Path, *args: str) -> str:
    return subprocess.run(
        ["git", *args], cwd=root, env=GIT_ENV | {"PATH": "/usr/bin:/bin"},
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The mini corpus in git, its 2012 statement (with a drafting summary) released as
    adopted on 27 March 2012, built as HTML, PDF and DOCX."""
    root = tmp_path_factory.mktemp("adopted") / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    statement = root / "content" / "statements" / "mini-2012.yaml"
    summary = "summary: Chair's first draft, for negotiation among the three sherpas.\n"
    statement.write_text(statement.read_text() + summary)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "The corpus")
    monkey = pytest.MonkeyPatch()
    for name, value in GIT_ENV.items():
        monkey.setenv(name, value)
    try:
        released = summit(
            "release", "mini-2012", "--rev", "3", "--status", "adopted",
            "--date", "2012-03-27", "--path", str(root),
        )  # fmt: skip
    finally:
        monkey.undo()
    assert released.exit_code == 0, released.output
    built = summit("build", str(root), "--format", "html,pdf,docx")
    assert built.exit_code == 0, built.output
    return root


def commit(root: Path) -> str:
    return git(root, "rev-parse", "--short=7", "HEAD").strip()


def test_release_records_the_adoption_date_after_the_revision(repo: Path) -> None:
    text = (repo / "content" / "statements" / "mini-2012.yaml").read_text()
    assert "status: adopted\nrevision: 3\ndate: 2012-03-27\nlead: [usa]\n" in text
    # Where `summit fmt` puts it: formatting moves neither line.
    from summitkit.drafting.layout.fmt import format_text

    assert "revision: 3\ndate: 2012-03-27\n" in format_text(text, "statement")


def test_the_adopted_pdf_is_the_text_as_signed(repo: Path) -> None:
    reader = PdfReader(repo / "build" / "clear" / "pdf" / "mini-2012.pdf")
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    assert "About this record" not in text and "Chair's first draft" not in text
    assert "Source:" not in text and "Test facts sheet" not in text
    assert "Done at Seoul on 27 March 2012" in text
    assert "DRAFT" not in text
    # The commit and build date once, in the colophon on the last page; no page's foot.
    assert text.count(commit(repo)) == 1 and commit(repo) in pages[-1].split("Signatories")[-1]
    for page in pages:
        foot = [line for line in page.splitlines() if "page " in line and " of " in line]
        assert foot and all(commit(repo) not in line and "rev." not in line for line in foot)
    # The signatories one to a line, without the site's count of them.
    assert "3 states" not in text
    assert "Japan\nRepublic of Korea\nUnited Nations" in text
    # The identity is in the file's properties.
    assert reader.metadata is not None
    assert "mini-2012" in str(reader.metadata.get("/Keywords"))


def test_the_adopted_docx_is_the_text_as_signed(repo: Path) -> None:
    document = docx.Document(str(repo / "build" / "clear" / "docx" / "mini-2012.docx"))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "About this record" not in text and "Source:" not in text
    assert "Done at Seoul on 27 March 2012" in text
    assert text.splitlines()[-1].startswith("mini-2012 · rev. 3 · adopted · commit")
    subtitle = document.paragraphs[1]
    assert subtitle.style is not None and subtitle.style.name == "Subtitle"
    assert subtitle.text == "Seoul Nuclear Security Summit, Seoul, 27 March 2012"
    for section in document.sections:
        assert commit(repo) not in section.footer.paragraphs[0].text


def test_the_record_page_keeps_the_notes_and_citations(repo: Path) -> None:
    page = (repo / "build/clear/html/generated/statements/mini-2012.html").read_text()
    assert "About this record" in page and "Source: Test facts sheet." in page
    assert "Done at Seoul on 27 March 2012" in page


def test_a_draft_keeps_its_working_marks(repo: Path) -> None:
    reader = PdfReader(repo / "build" / "clear" / "pdf" / "mini-2014.pdf")
    for page in reader.pages:
        text = page.extract_text()
        assert f"commit {commit(repo)}" in text and "DRAFT" in text
    assert "Done at" not in "".join(page.extract_text() for page in reader.pages)


def test_a_build_drops_the_page_of_a_compilation_text_no_longer_made(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    proposal = root / "content" / "proposals" / "chn-1.yaml"
    proposal.parent.mkdir()
    proposal.write_text(
        "id: chn-1\ndocument: mini-basket\nby: [chn]\ndate: 2014-02-01\nchanges:\n"
        "  - replace: {clause: op1, old: Set up, new: Consider}\n"
    )
    site = root / "build" / "clear" / "html" / "generated" / "baskets"
    assert summit("build", str(root), "--format", "html").exit_code == 0
    assert (site / "mini-basket-compilation.html").is_file()
    proposal.write_text(proposal.read_text().replace("date: 2014-02-01\n", "date: 2014-02-01\n"
                        "status: withdrawn\n"))  # fmt: skip
    again = summit("build", str(root), "--format", "html")
    assert again.exit_code == 0, again.output
    assert not (site / "mini-basket-compilation.html").exists()
    assert (site / "mini-basket.html").is_file()
    assert not list(root.glob("build/clear/html/_sources/**/mini-basket-compilation*"))
