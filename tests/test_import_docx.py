"""`summit import docx`: a statement's DOCX, edited the way Word edits it, back as proposals.

The file is the one `summit build` prints; the edits are written into its XML
as Word writes them (tests/wordkit.py): tracked changes by two authors in two
clauses, one untracked edit, one new paragraph, one comment.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
import wordkit
import yaml
from conftest import summit
from diffkit import Drafts
from gitkit import git

MINI_CONF = Path(__file__).parent / "data" / "mini" / "conf.py"
EPOCH = {"SOURCE_DATE_EPOCH": "1331856000"}  # 2012-03-16
BEN, CHEN, KIM = "Ben Sherpa", "Chen Adviser", "Kim Drafter"
ON = "2012-03-20T09:30:00Z"

STATEMENT = """\
id: joint-2012
title: Joint statement on training centres
round: seoul-2012
status: circulated
revision: 2
lead: [usa]
signatories: [usa, jpn]
clauses:
  - id: pp1
    kind: preambular
    text: |
      Recognising the value of training centres.
  - id: op1
    text: |
      Work together through the network of centres.
      Share course material between them.
  - id: op2
    text: |
      Report on progress at each summit round.
  - id: op3
    text: |
      Invite other states to join this statement.
"""

INDEX = """\
Drafts
======

.. toctree::

   generated/statements/index
   generated/baskets/index
   generated/reports/index
   generated/directory
"""

AUTHORS = f'[word_authors]\n"{BEN}" = "jpn"\n"{CHEN}" = "chn"\n"{KIM}" = "kor"\n'
BASE = "content/statements/joint-2012.yaml"


def print_statement(folder: Path, statement: str = STATEMENT) -> tuple[Path, Path]:
    """A committed repository in `folder` and the DOCX `summit build` printed from it."""
    repo = Drafts(folder / "repo").root
    (repo / BASE).write_text(statement, "utf-8")
    shutil.copy(MINI_CONF, repo / "conf.py")
    (repo / "content/index.rst").write_text(INDEX, "utf-8")
    (repo / ".gitignore").write_text("build/\ncontent/generated/\n", "utf-8")
    (repo / "summitkit.toml").write_text(AUTHORS, "utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "Circulate revision 2")
    result = summit("build", repo, "--format", "docx", "--only", "joint-2012", "-q", env=EPOCH)
    assert result.exit_code == 0, result.output
    return repo, repo / "build" / "clear" / "docx" / "joint-2012.docx"


def clone(source: Path, target: Path) -> Path:
    """A fresh clone for each test, so that what one imports does not meet the next."""
    subprocess.run(["git", "clone", "-q", str(source), str(target)], check=True)
    shutil.copy(MINI_CONF, target / "conf.py")
    return target


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return print_statement(tmp_path_factory.mktemp("word"))


@pytest.fixture
def repo(printed: tuple[Path, Path], tmp_path: Path) -> Path:
    return clone(printed[0], tmp_path / "clone")


def edited(source: Path, target: Path) -> Path:
    """The DOCX as a delegation sends it back."""
    editor = wordkit.Editor(source)
    editor.inserted("op1", "Work", " closely", BEN, ON)
    editor.tracked("op1", "course ", "", BEN, ON)
    editor.comment("op2", "progress", "Progress measured against which benchmarks?", BEN, ON)
    editor.untracked("op2", "each summit round", "every summit round", KIM)
    editor.tracked("op3", "other states", "all other states", CHEN, "2012-03-21T10:00:00Z")
    editor.new_paragraph("op3", "Meet again in 2014.", CHEN, "2012-03-21T10:05:00Z")
    return editor.save(target)


EXPECTED = {
    "jpn": {
        "by": ["jpn"],
        "date": dt.date(2012, 3, 20),
        "status": "tabled",
        "changes": [
            {"replace": {"clause": "op1", "old": "Work", "new": "Work closely"}},
            {"replace": {"clause": "op1", "old": "Share course", "new": "Share"}},
        ],
        "note": f"{BEN}, paragraph 2 (op2) on “progress”: "
        "Progress measured against which benchmarks?\n",
    },
    "kor": {
        "by": ["kor"],
        "status": "tabled",
        "changes": [{"replace": {"clause": "op2", "old": "each", "new": "every"}}],
    },
    "chn": {
        "by": ["chn"],
        "date": dt.date(2012, 3, 21),
        "status": "tabled",
        "changes": [
            {"replace": {"clause": "op3", "old": "Invite", "new": "Invite all"}},
            {
                "insert": {
                    "after": "op3",
                    "id": "op3-chn1",
                    "kind": "operative",
                    "text": "Meet again in 2014.",
                }
            },
        ],
    },
}


def proposals(repo: Path) -> dict[str, dict[str, Any]]:
    found = {}
    for path in sorted((repo / "content/proposals").glob("*.yaml")):
        data = yaml.safe_load(path.read_text("utf-8"))
        assert data["id"] == path.stem and data["document"] == "joint-2012"
        found[data["by"][0]] = data
    return found


def matches(found: dict[str, dict[str, Any]]) -> None:
    assert set(found) == set(EXPECTED)
    for party, expected in EXPECTED.items():
        for key, value in expected.items():
            assert found[party][key] == value, (party, key)


def test_tracked_untracked_new_paragraph_and_comment_become_proposals(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    received = edited(printed[1], tmp_path / "from-delegations.docx")
    base = (repo / BASE).read_bytes()
    result = summit("import", "docx", received, "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    assert "wrote content/proposals/jpn-joint-2012-2012-03-20.yaml (jpn: 2 changes, 1 note)" in (
        result.stdout
    )
    found = proposals(repo)
    matches(found)
    assert found["kor"]["date"] == dt.date(2012, 3, 16)  # untracked: no date in the file, so today
    assert (repo / BASE).read_bytes() == base
    assert summit("check", repo).exit_code == 0
    compiled = summit("compile", "joint-2012", "--path", repo)
    assert compiled.exit_code == 0, compiled.output
    # The compilation text shows each delegation's changes where they are, attributed.
    for line in (
        "  [Work → Work closely — JPN (jpn-joint-2012-2012-03-20)] together through the "
        "network of centres. [Share course → Share — JPN (jpn-joint-2012-2012-03-20)] "
        "material between them.",
        "  Report on progress at [each → every — KOR (kor-joint-2012-2012-03-16)] summit round.",
        "  [Invite → Invite all — CHN (chn-joint-2012-2012-03-21)] other states to join this "
        "statement.",
        "3bis [open; insert: CHN (chn-joint-2012-2012-03-21)]",
        "  [Meet again in 2014. — CHN]",
        "    Ben Sherpa, paragraph 2 (op2) on “progress”: Progress measured against which "
        "benchmarks?",
    ):
        assert line in compiled.stdout.splitlines(), line
    status = git(repo, "status", "--porcelain", "--untracked-files=all")
    assert all(line.startswith("?? content/proposals/") for line in status.splitlines())


def test_dry_run_prints_the_proposals_and_writes_nothing(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    received = edited(printed[1], tmp_path / "back.docx")
    result = summit("import", "docx", received, "--dry-run", "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    assert "# would write content/proposals/chn-joint-2012-2012-03-21.yaml" in result.stdout
    assert "id: op3-chn1" in result.stdout
    assert not (repo / "content/proposals").exists()


def test_dry_run_prints_nothing_above_the_audience(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    """The Word file's new paragraph is, word for word, a clause the repository holds
    as TLP:RED: printed to a TLP:CLEAR terminal it would leak, so the dry run refuses."""
    statement = repo / BASE
    restricted = "  - id: op4\n    sensitivity: TLP:RED\n    text: Meet again in 2014.\n"
    statement.write_text(statement.read_text("utf-8") + restricted, "utf-8")
    received = edited(printed[1], tmp_path / "back.docx")

    refused = summit("import", "docx", received, "--dry-run", "--path", repo, env=EPOCH)
    assert refused.exit_code == 1, refused.output
    assert "joint-2012 clause op4" in refused.stderr
    assert refused.stderr.rstrip().endswith("nothing was written [audience/leak]")
    assert "Meet again" not in refused.stdout

    shown = summit(
        "import", "docx", received, "--dry-run", "--path", repo, "--audience", "TLP:RED", env=EPOCH
    )
    assert shown.exit_code == 0, shown.output
    assert "text: Meet again in 2014." in shown.stdout
    assert not (repo / "content/proposals").exists()


def test_as_one_party_takes_every_change(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    (repo / "summitkit.toml").unlink()
    received = edited(printed[1], tmp_path / "back.docx")
    result = summit("import", "docx", received, "--as", "jpn", "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    found = proposals(repo)
    assert list(found) == ["jpn"] and len(found["jpn"]["changes"]) == 5


def test_a_file_printed_for_an_audience_is_compared_with_what_it_was_shown(
    tmp_path: Path,
) -> None:
    """The public DOCX lacks the RED clause op4: compared with the whole record it read
    as deleted by every delegation, and the dry run refused to print the deletion."""
    restricted = "  - id: op4\n    sensitivity: TLP:RED\n    text: Meet again in 2014.\n"
    repo, printed = print_statement(tmp_path, STATEMENT + restricted)
    with zipfile.ZipFile(printed) as package:
        assert b"Meet again" not in package.read("word/document.xml")
    editor = wordkit.Editor(printed)
    editor.tracked("op3", "other states", "all other states", CHEN, "2012-03-21T10:00:00Z")
    received = editor.save(tmp_path / "back.docx")

    shown = summit("import", "docx", received, "--dry-run", "--path", repo, env=EPOCH)
    assert shown.exit_code == 0, shown.output
    assert "replace:" in shown.stdout and "delete:" not in shown.stdout
    assert "Meet again" not in shown.output
    result = summit("import", "docx", received, "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    [changes] = [p["changes"] for p in proposals(repo).values()]
    assert [list(change) for change in changes] == [["replace"]]


@pytest.mark.slow  # LibreOffice
def test_after_a_libreoffice_round_trip_the_same_proposals(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    from test_redline_word import round_trip

    (tmp_path / "sent").mkdir()
    received = edited(printed[1], tmp_path / "sent" / "back.docx")
    again = round_trip(received, tmp_path / "libreoffice")
    with zipfile.ZipFile(again) as package:
        assert "summitkit.record" in package.read("docProps/custom.xml").decode()
    with zipfile.ZipFile(again) as package:  # the untracked edit's author survives too
        assert f"<cp:lastModifiedBy>{KIM}<" in package.read("docProps/core.xml").decode()
    result = summit("import", "docx", again, "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    matches(proposals(repo))


def fails(repo: Path, *args: str | Path) -> str:
    before = git(repo, "status", "--porcelain", "--untracked-files=all")
    result = summit("import", "docx", *args, "--path", repo, env=EPOCH)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert git(repo, "status", "--porcelain", "--untracked-files=all") == before
    return result.stderr


def test_a_file_summitkit_did_not_write_is_refused(repo: Path, tmp_path: Path) -> None:
    import docx

    foreign = tmp_path / "letter.docx"
    document = docx.Document()
    document.add_paragraph("Dear colleagues,")
    document.save(str(foreign))
    err = fails(repo, foreign)
    assert err.startswith(
        f"{foreign.as_posix()}:1:1: error: not a file summitkit wrote: it has no "
        "summitkit.record property"
    )
    assert "[import-docx/foreign]" in err
    (tmp_path / "notes.docx").write_text("not a zip", "utf-8")
    assert "[import-docx/unreadable]" in fails(repo, tmp_path / "notes.docx")


def with_property(source: Path, target: Path, name: str, value: str) -> Path:
    from summitkit.deliverables.printed.word import with_custom_properties

    with zipfile.ZipFile(source) as package:
        from summitkit.deliverables.printed.word import summitkit_properties

        properties = summitkit_properties(package)
    properties[name] = value
    target.write_bytes(with_custom_properties(source.read_bytes(), properties))
    return target


def test_another_document_or_an_unknown_revision_is_refused(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    received = edited(printed[1], tmp_path / "back.docx")
    err = fails(repo, received, "--document", "trilateral")
    assert "this DOCX is of joint-2012, not of trilateral" in err
    assert "[import-docx/other-document]" in err
    stranger = with_property(received, tmp_path / "stranger.docx", "commit", "0123abc")
    err = fails(repo, stranger)
    assert "built from commit 0123abc, which this git repository does not have" in err
    dirty = with_property(received, tmp_path / "dirty.docx", "commit", "0123abc+dirty")
    assert "[import-docx/no-revision]" in fails(repo, dirty)


def test_an_author_without_a_delegation_is_named(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    (repo / "summitkit.toml").write_text(f'[word_authors]\n"{BEN}" = "jpn"\n', "utf-8")
    err = fails(repo, edited(printed[1], tmp_path / "back.docx"))
    assert f"no delegation is known for the Word authors '{KIM}', '{CHEN}'" in err
    assert "[import-docx/unknown-author]" in err
