"""`summit check` reuses the last check's verdict only while not one byte it reads
has changed: records, hand-written pages, summitkit.toml."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import summit, write_minimal_repo

from summitkit.sources.check.project import check

BROKEN = "content/states/fra.yaml"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The minimal repository plus one record with a schema error."""
    return write_minimal_repo(tmp_path / "repo", {BROKEN: "id: fra\niso3: FRA\nname: France\n"})


def reused(repo: Path) -> bool:
    """Whether a check that needs no corpus answered from the kept verdict."""
    return check(repo, corpus_needed=False).counts is not None


def test_a_second_check_answers_from_the_verdict_with_the_same_output(repo: Path) -> None:
    first = summit("check", repo)
    second = summit("check", repo)
    kept = check(repo, corpus_needed=False)

    assert kept.counts is not None and kept.validated == 0
    assert second.exit_code == first.exit_code == 1
    assert second.stdout == first.stdout and "content/states/fra.yaml:1:1: error:" in second.stdout
    full = check(repo)
    assert kept.summary() == full.summary() and kept.summary().startswith("6 files, ")
    assert [str(d) for d in kept.diagnostics] == [str(d) for d in full.diagnostics]


def test_a_command_that_needs_the_corpus_never_gets_the_verdict(repo: Path) -> None:
    summit("check", repo)

    checked = check(repo)

    assert checked.counts is None
    assert "jpn" in checked.corpus.states


@pytest.mark.parametrize(
    ("relative", "text", "expected"),
    [
        pytest.param(
            BROKEN,
            "id: fra\niso3: FRA\nname: France\nshort_name: France\n",
            None,
            id="record fixed",
        ),
        pytest.param(
            "content/states/deu.yaml",
            "id: deu\nname: Germany\n",
            "content/states/deu.yaml:1:1: error:",
            id="record added",
        ),
        pytest.param(
            "content/extra.rst",
            "Extra\n=====\n\n.. raw:: html\n\n   <b>x</b>\n",
            "content/extra.rst:4:1: error: directive 'raw' is not allowed",
            id="page added",
        ),
        pytest.param(
            "summitkit.toml",
            'default_sensitivity = "TLP:PURPLE"\n',
            "summitkit.toml:",
            id="settings changed",
        ),
        pytest.param(
            "content/notes/x.yaml",
            "id: x\n",
            "content/notes/x.yaml:1:1: error: 'content/notes' is not a record folder",
            id="file in no record folder",
        ),
    ],
)
def test_any_change_to_what_check_reads_is_checked_again(
    repo: Path, relative: str, text: str, expected: str | None
) -> None:
    summit("check", repo)
    assert reused(repo)
    path = repo / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)

    again = summit("check", repo)
    fresh = summit("check", repo)  # and the new verdict is the fresh check's

    output = again.stdout + again.stderr
    assert "Traceback" not in output
    if expected is None:
        assert again.exit_code == 0 and "error" not in again.stdout
    else:
        assert expected in output
    assert (fresh.stdout, fresh.stderr, fresh.exit_code) == (
        again.stdout,
        again.stderr,
        again.exit_code,
    )


def test_generated_pages_and_other_files_leave_the_verdict_alone(repo: Path) -> None:
    summit("check", repo)
    (repo / "content/generated").mkdir(parents=True)
    (repo / "content/generated/page.rst").write_text("Built\n=====\n")
    (repo / "content/logo.png").write_bytes(b"\x89PNG")
    (repo / "templates").mkdir()
    (repo / "templates/page.html").write_text("<p>{{ body }}</p>")

    assert reused(repo)


def test_a_symbolic_link_turns_the_verdict_off(repo: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.html"
    outside.write_text("secret")
    summit("check", repo)
    (repo / "templates").mkdir()
    (repo / "templates/page.html").symlink_to(outside)

    first = summit("check", repo)
    second = summit("check", repo)

    assert not reused(repo)
    for result in (first, second):
        assert "templates/page.html:1:1: error: symbolic link points outside" in result.stdout


def test_what_git_says_is_asked_again_when_its_index_changed(repo: Path) -> None:
    """A page committed into content/generated/ is an error the check learns from git:
    the verdict is keyed by the state of git's index too."""
    from gitkit import git

    git(repo, "init", "-q", "-b", "main")
    (repo / "content/generated").mkdir(parents=True)
    (repo / "content/generated/page.rst").write_text("Built\n=====\n")
    summit("check", repo)
    assert reused(repo)

    git(repo, "add", "-f", "content/generated/page.rst")
    again = summit("check", repo)

    assert "content/generated/page.rst:1:1: error:" in again.stdout
    assert "[layout/generated-committed]" in again.stdout


def test_a_fifo_turns_the_verdict_off_and_is_never_opened(repo: Path) -> None:
    import os

    summit("check", repo)
    os.mkfifo(repo / "content/states/pipe.yaml")

    result = summit("check", repo)

    assert "[load/special-file]" in result.stdout
    assert not reused(repo)


def test_a_first_check_keys_its_verdict_by_the_bytes_it_read(repo: Path) -> None:
    """Without a verdict to reuse, the check keys its inputs after loading, from the blob
    ids of the files it read (not reading them again): the key is the one the files give
    when read afresh, and other bytes in one of them give another key."""
    from summitkit.sources.check.verdict import inputs_key, read_verdict

    first = check(repo, corpus_needed=False)
    key = inputs_key(repo)

    assert first.counts is None and first.read and key is not None
    assert inputs_key(repo, first.read) == key
    assert read_verdict(repo, key) is not None and reused(repo)
    changed = dict(first.read, **{BROKEN: "0" * 40})
    assert inputs_key(repo, changed) != key
