"""The how-to pages play as written: each page's console sessions run in a real
repository (one per page), and what the commands print, and the records they write,
is what the page shows (tests/consolekit.py replays them)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import wordkit
from conftest import summit
from consolekit import console_steps, hand_written, normalised, printed
from gitkit import GIT_ENV, git
from lxml import etree
from test_import_docx import BEN, CHEN, EPOCH, ON, print_statement
from test_word_returns import opposed_and_supported

DOCS = Path(__file__).resolve().parents[1] / "docs"


def yaml_blocks(page: str) -> list[str]:
    """The records a page shows (`.. code-block:: yaml`), as written in a file."""
    return [
        "".join(line[3:] + "\n" for line in block.rstrip("\n").split("\n"))
        for block in re.findall(r"\.\. code-block:: yaml\n\n((?:   .*\n|\n)+)", page)
    ]


def literal_blocks(page: str) -> list[str]:
    """The page's literal blocks (after `::`), dedented."""
    return [
        "".join(line[3:] + "\n" for line in block.rstrip("\n").split("\n"))
        for block in re.findall(r"::\n\n((?:   .*\n|\n)+)", page)
    ]


def word_text(document: etree._Element) -> str:
    """A Word document's text as Word shows it with its changes: deleted words too."""
    return "".join(e.text or "" for e in document.iter(wordkit.q("t"), wordkit.q("delText")))


def tree(root: Path) -> list[str]:
    """Every file under `root` but git's own."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if ".git" not in p.parts)


# -- docs/howto/word-returns.rst ------------------------------------------------------

WORD_RETURNS = DOCS / "howto" / "word-returns.rst"


@pytest.fixture(scope="module")
def word_returns(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page's repository: joint-2012 printed and committed, and the round's two
    returns in `received/round-1/` as Tokyo and Beijing sent them."""
    repo, docx = print_statement(tmp_path_factory.mktemp("word-returns"))
    page = WORD_RETURNS.read_text(encoding="utf-8")
    (settings,) = re.findall(r"\.\. code-block:: toml\n\n((?:   .*\n)+)", page)
    authors = "".join(line[3:] + "\n" for line in settings.splitlines())
    (repo / "summitkit.toml").write_text(authors, encoding="utf-8")
    git(repo, "commit", "-q", "--allow-empty", "-am", "Word authors as the page maps them")
    received = repo / "received" / "round-1"
    received.mkdir(parents=True)
    tokyo = wordkit.Editor(docx)
    tokyo.inserted("op1", "Work", " closely", BEN, ON)
    tokyo.tracked("op1", "course ", "", BEN, ON)
    tokyo.comment("op2", "progress", "Progress measured against which benchmarks?", BEN, ON)
    tokyo.save(received / "joint-2012-from-tokyo.docx")
    beijing = wordkit.Editor(docx)
    beijing.tracked("op3", "Invite", "Invite all", CHEN, "2012-03-21T10:00:00Z")
    beijing.new_paragraph("op3", "Meet again in 2014.", CHEN, "2012-03-21T10:05:00Z")
    beijing.save(received / "joint-2012-from-beijing.docx")
    return repo


def test_word_returns_plays_as_written(word_returns: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page = WORD_RETURNS.read_text(encoding="utf-8")
    monkeypatch.chdir(word_returns)
    env = {**GIT_ENV, **EPOCH}
    steps = console_steps(page)
    assert len(steps) == 6
    for step in steps:
        if step.command.startswith("summit import docx received/joint-2012-compilation"):
            printed_text = word_text(wordkit.body(Path("joint-2012-compilation.docx")))
            returned = opposed_and_supported(Path("joint-2012-compilation.docx"))
            returned.save(Path(step.command.split()[-1]))
            # The brackets the page describes, as Word shows them with the changes.
            prose = " ".join(page.split())
            bracket = "[Work Work closely — JPN (jpn-joint-2012-2012-03-20)]"
            assert f"``{bracket}``" in prose and bracket in printed_text
            supported = "— JPN, CHN (jpn-joint-2012-2012-03-20)]"
            assert f"``{supported}``" in prose and supported in word_text(returned.document)
        before = tree(word_returns)
        shown = printed(step.command, env)
        if "--dry-run" in step.command:  # the page says what it does instead of showing it
            assert step.aside == "prints the records, writes nothing"
            assert "id: jpn-joint-2012-2012-03-20\n" in shown
            assert tree(word_returns) == before
            continue
        assert normalised(shown) == normalised(step.shown), step.command
    for record in yaml_blocks(page):
        id = re.search(r"^id: (.*)$", record, re.M)
        assert id is not None
        (path,) = Path("content").glob(f"*/{id.group(1)}.yaml")
        assert normalised(path.read_text(encoding="utf-8")) == normalised(record), path
    # The records shown pass the check, and are laid out as fmt lays them out.
    for command in ("check", "fmt --check content/proposals", "fmt --check content/positions"):
        result = summit(*command.split())
        assert result.exit_code == 0, result.output
    unknown = wordkit.Editor(Path("received/round-1/joint-2012-from-tokyo.docx"))
    unknown.tracked("op2", "each", "every", "Dana Delegate", ON)
    unknown.save(Path("back.docx"))
    (refused,) = [block for block in literal_blocks(page) if "Dana Delegate" in block]
    # The page wraps the diagnostic (the first line printed) to its width.
    diagnostic = printed("summit import docx back.docx", env).splitlines()[0]
    assert diagnostic.split() == refused.split()
    # The document moves on (op3 is gone), and Beijing's return of the old text comes
    # in once more: its change to op3 cannot be proposed.
    statement = Path("content/statements/joint-2012.yaml")
    text = statement.read_text(encoding="utf-8")
    statement.write_text(text[: text.index("  - id: op3")], encoding="utf-8")
    git(word_returns, "commit", "-qam", "Drop op3")
    Path("received/round-1/joint-2012-from-beijing.docx").replace("back.docx")
    (refused,) = [
        block for block in literal_blocks(page) if "[import-docx/not-a-proposal]" in block
    ]
    diagnostic = printed("summit import docx back.docx", env).splitlines()[0]
    opening, ending = " ".join(refused.split()).split(" … ")
    assert diagnostic.startswith(opening) and diagnostic.endswith(ending), diagnostic


# -- docs/howto/compile-languages.rst -------------------------------------------------

ROOT = DOCS.parent


def test_compile_languages_prints_the_pdf_it_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The French session is a generated block (tests/test_docs.py); the PDF command is
    run here on the shipped corpus, writing into a scratch folder."""
    page = (DOCS / "howto" / "compile-languages.rst").read_text(encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    (step,) = console_steps(hand_written(page))
    assert normalised(printed(f"{step.command} --path {ROOT}")) == normalised(step.shown)
    assert (tmp_path / "compilation-ko.pdf").read_bytes().startswith(b"%PDF-")


# -- docs/howto/circulate.rst ---------------------------------------------------------


def test_circulate_makes_the_word_example_in_a_clone_as_it_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's two set-up lines, typed in a clone of summitkit (here its `tools/`
    and a `.venv/bin/python` that runs this interpreter), give the repository its
    `--dry-run` import runs in, printing what the page shows."""
    clone = tmp_path / "summitkit"
    (clone / ".venv" / "bin").mkdir(parents=True)
    (clone / "tools").symlink_to(ROOT / "tools")
    python = clone / ".venv" / "bin" / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    python.chmod(0o755)
    monkeypatch.chdir(clone)
    page = (DOCS / "howto" / "circulate.rst").read_text(encoding="utf-8")
    steps = console_steps(page)
    assert [step.command.split()[0] for step in steps] == [".venv/bin/python", "cd", "summit"]
    for step in steps:
        if step.command.startswith("cd "):
            monkeypatch.chdir(step.command.removeprefix("cd "))
            continue
        assert normalised(printed(step.command)) == normalised(step.shown), step.command
    assert Path.cwd() == tmp_path / "word-example"


# -- every page ----------------------------------------------------------------------

#: The test file that replays each page's hand-written console sessions; the other
#: pages' sessions are generated blocks, which tests/test_docs.py keeps up to date.
REPLAYED = {
    "howto/circulate.rst": "test_howto_pages.py",
    "howto/collisions.rst": "test_collisions.py",
    "howto/compile-languages.rst": "test_howto_pages.py",
    "howto/decide.rst": "test_decisions.py",
    "howto/word-returns.rst": "test_howto_pages.py",
}


def test_every_console_session_of_the_docs_is_run_by_a_test() -> None:
    pages = sorted(DOCS.glob("**/*.rst"))
    with_sessions = {
        page.relative_to(DOCS).as_posix()
        for page in pages
        if console_steps(hand_written(page.read_text(encoding="utf-8")))
    }
    assert with_sessions == set(REPLAYED), "a new session: replay it in a test, add it here"
    for page, test in REPLAYED.items():
        assert f'"{Path(page).name}"' in (Path(__file__).parent / test).read_text("utf-8")
