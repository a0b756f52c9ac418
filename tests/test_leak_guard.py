"""The leak check on every command's output (summitkit.sources.audience.leaks): short texts
as whole words, nothing the audience sees elsewhere, and a redline refused when an
older revision would show a text the working tree now restricts."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from conftest import summit
from gitkit import git

from summitkit.sources.audience.leaks import LeakFound, LeakGuard, Secret, found_in, office_text
from summitkit.sources.check.project import check
from summitkit.sources.schema import TLP

MINI = Path(__file__).parent / "data" / "mini"
UNIQUE = "Pool the trainers of every centre."


def test_short_texts_match_as_whole_words_only() -> None:
    short = [Secret("state zzq", "ZZQ")]
    assert found_in("signed by zzq and jpn", short) == short
    assert found_in("<td>ZZQ</td>", short) == short
    assert found_in("signed by zzqx", short) == []
    long = [Secret("clause op9", "Pool the trainers of every centre")]
    assert found_in("pool the\ntrainers of every-centre", long) == long
    guard = LeakGuard(TLP.CLEAR)
    guard.restricted = long
    with pytest.raises(LeakFound):  # markup between the words does not hide them
        guard.check("page.html", "<p>Pool the <b>trainers</b> of every&#45;centre</p>")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    statement = root / "content" / "statements" / "mini-2012.yaml"
    text = statement.read_text(encoding="utf-8")
    statement.write_text(text.replace("Share course material.", UNIQUE), encoding="utf-8")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "mini corpus")
    return root


def test_what_the_audience_sees_elsewhere_is_not_a_secret(repo: Path) -> None:
    corpus = check(repo).corpus
    guard = LeakGuard(TLP.CLEAR, corpus)
    assert guard.restricted == []  # nothing is labelled in the mini corpus as committed
    guard.check("standard output", UNIQUE)  # visible text passes


def test_a_redline_does_not_show_what_the_working_tree_restricts(repo: Path) -> None:
    statement = repo / "content" / "statements" / "mini-2012.yaml"
    text = statement.read_text(encoding="utf-8")
    statement.write_text(
        text.replace(f"    text: {UNIQUE}\n", f"    text: {UNIQUE}\n    sensitivity: TLP:RED\n"),
        encoding="utf-8",
    )
    assert "TLP:RED" in statement.read_text(encoding="utf-8")

    result = summit("diff", "HEAD", "--path", repo)

    assert result.exit_code == 1, result.output
    assert result.stdout == ""
    assert result.stderr.strip().endswith("nothing was written [audience/leak]")
    assert "statement mini-2012 clause op2" in result.stderr
    assert "Pool" not in result.output
    # The audience that may see it gets the redline.
    assert summit("diff", "HEAD", "--path", repo, "--audience", "TLP:RED").exit_code == 0


def test_two_records_of_one_revision_share_what_the_audience_sees(repo: Path) -> None:
    """`summit diff ID1 ID2` loads each record with what it cites, so neither side holds
    the other record: the clause ids hidden in mini-2012 (its clauses list is GREEN) are
    visible in mini-2014 of the same tree and may be printed; its hidden texts may not."""
    statement = repo / "content" / "statements" / "mini-2012.yaml"
    text = statement.read_text(encoding="utf-8")
    statement.write_text(text + "field_sensitivity:\n  clauses: TLP:GREEN\n", encoding="utf-8")

    result = summit("diff", "mini-2012", "mini-2014", "--path", repo)

    assert result.exit_code == 0, result.output
    assert "op1 (operative): added" in result.stdout
    assert "Pool" not in result.output
    shown = summit("diff", "mini-2012", "mini-2014", "--path", repo, "--audience", "TLP:GREEN")
    assert "Pool" in shown.stdout


def test_a_workbook_is_read_cell_by_cell() -> None:
    """The XLSX export is checked through the text of its sheets: a short restricted
    text in a cell is found as a word of its own, not glued to the next cell."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["zzq", "jpn"])
    saved = io.BytesIO()
    book.save(saved)
    guard = LeakGuard(TLP.CLEAR)
    guard.restricted = [Secret("state zzq", "ZZQ")]
    with pytest.raises(LeakFound):
        guard.check("scores.xlsx", office_text(saved.getvalue()))
    guard.check("scores.xlsx", office_text(saved.getvalue()).replace("zzq", "abc"))


def test_leak_found_names_the_output_and_what_it_holds() -> None:
    error = LeakFound("out.csv", TLP.GREEN, [Secret("state zzq", "ZZQ")])
    assert str(error) == (
        "out.csv: error: material above TLP:GREEN reached the output (text of state zzq); "
        "nothing was written [audience/leak]"
    )
