"""Files Word itself wrote, from public test suites (tests/data/word/LICENSES.md).

They are not summitkit's, so `summit import docx` refuses each cleanly (a Strict
Open XML file with what to do instead); the reader underneath reads their
revisions and comment threads as their suites say Word meant them.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import summit
from test_import_docx import EPOCH, clone, print_statement

from summitkit.exchange.word.read import read_docx


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A committed repository and the DOCX `summit build` printed from it."""
    return print_statement(tmp_path_factory.mktemp("word"))


@pytest.fixture
def repo(printed: tuple[Path, Path], tmp_path: Path) -> Path:
    return clone(printed[0], tmp_path / "clone")


REAL = Path(__file__).parent / "data" / "word" / "real"


@pytest.mark.parametrize(
    ("name", "rule"),
    [
        ("pandoc-track_changes_insertion.docx", "import-docx/foreign"),
        ("pandoc-track_changes_move.docx", "import-docx/foreign"),
        ("pandoc-nested_sdt.docx", "import-docx/foreign"),
        ("pandoc-comments.docx", "import-docx/foreign"),
        ("docx2python-comments.docx", "import-docx/foreign"),
        ("docx2python-strict.docx", "import-docx/strict"),
    ],
)
def test_a_word_file_summitkit_did_not_print_is_refused_cleanly(
    name: str,
    rule: str,
    repo: Path,
) -> None:
    result = summit("import", "docx", REAL / name, "--path", repo, env=EPOCH)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert f"[{rule}]" in result.stderr
    ending = f"{name}: nothing imported\nerror: 1 of 1 file not fully imported\n"
    assert result.stderr.endswith(ending)
    if rule == "import-docx/strict":
        assert "save as Word Document (.docx)" in result.stderr
    assert not (repo / "content" / "proposals").exists()


def views(name: str) -> tuple[list[str], list[str]]:
    """Each paragraph's text with every change rejected, and accepted (Word's views)."""
    from summitkit.exchange.word.views import groups, text_of

    paragraphs = read_docx(REAL / name).paragraphs
    return (
        [t for g in groups(paragraphs, None) if (t := text_of(g, None))],
        [t for g in groups(paragraphs, "*") if (t := text_of(g, "*"))],
    )


def test_pandocs_tracked_insertion_and_move_read_as_pandoc_reads_them() -> None:
    # test/docx/track_changes_insertion_{accept,reject}.native
    assert views("pandoc-track_changes_insertion.docx") == (
        ["This is a text with insertions."],
        ["This is a text with two exciting insertions."],
    )
    # test/docx/track_changes_move_{accept,reject}.native
    assert views("pandoc-track_changes_move.docx") == (
        ["Here is some text.", "Here is some more text.", "Here is the text to be moved."],
        ["Here is some text.", "Here is the text to be moved.", "Here is some more text."],
    )
    # test/docx/nested_sdt.native: three paragraphs inside nested content controls
    assert views("pandoc-nested_sdt.docx")[1] == [
        "Test Paragraph1",
        "Test Paragraph2",
        "Test Paragraph3",
    ]


def test_comment_threads_come_from_comments_extended() -> None:
    comments = {c.id: c for c in read_docx(REAL / "docx2python-comments.docx").comments}
    assert [(c.author, c.text, c.parent) for c in comments.values()][:4] == [
        ("Randy Bartels", "COMMENT", None),
        ("Randy Bartels", "RESPONSE", "1"),
        ("Shay Hill", "Response from Shay Hill", "1"),
        ("Shay Hill", "Comment on subset starting with tempor", None),
    ]
    assert comments["4"].quote == "tempor incididunt ut labore et dolore magna aliqua."
    pandoc = read_docx(REAL / "pandoc-comments.docx").comments
    assert [(c.text, c.parent) for c in pandoc][3:] == [
        ("Do something.", None),
        ("Do something else.", "3"),
    ]
