"""A round of Word returns: several files in one command, each record saying which file
it came in, each delegation's proposal independent of the others, comments with their
state and thread, and files that must be refused refused cleanly."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
import wordkit
import yaml
from conftest import summit
from gitkit import git
from lxml import etree
from test_import_docx import BASE, BEN, CHEN, EPOCH, KIM, ON, clone, edited, print_statement


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A committed repository and the DOCX `summit build` printed from it."""
    return print_statement(tmp_path_factory.mktemp("word"))


@pytest.fixture
def repo(printed: tuple[Path, Path], tmp_path: Path) -> Path:
    return clone(printed[0], tmp_path / "clone")


def loaded(root: Path, folder: str = "proposals") -> dict[str, dict]:  # type: ignore[type-arg]
    return {
        p.stem: yaml.safe_load(p.read_text("utf-8"))
        for p in sorted((root / "content" / folder).glob("*.yaml"))
    }


def test_two_returns_in_one_command_each_record_says_where_it_came_from(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    folder = tmp_path / "round-1"
    folder.mkdir()
    tokyo = wordkit.Editor(printed[1])
    tokyo.inserted("op1", "Work", " closely", BEN, ON)
    tokyo.save(folder / "from-tokyo.docx")
    beijing = wordkit.Editor(printed[1])
    beijing.tracked("op3", "other states", "all other states", CHEN, "2012-03-21T10:00:00Z")
    beijing.save(folder / "from-beijing.docx")
    (folder / "~$om-tokyo.docx").write_bytes(b"Word's lock file")

    result = summit("import", "docx", folder, "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    commit = git(repo, "rev-parse", "--short", "HEAD").strip()
    assert result.stdout == (
        f"from-beijing.docx: 1 record against joint-2012 at {commit}\n"
        "  wrote content/proposals/chn-joint-2012-2012-03-21.yaml (chn: 1 change)\n"
        f"from-tokyo.docx: 1 record against joint-2012 at {commit}\n"
        "  wrote content/proposals/jpn-joint-2012-2012-03-20.yaml (jpn: 1 change)\n"
    )
    found = loaded(repo)
    receipt = found["jpn-joint-2012-2012-03-20"]["received_from"]
    digest = hashlib.sha256((folder / "from-tokyo.docx").read_bytes()).hexdigest()
    assert receipt == {
        "party": "jpn",
        "file": "from-tokyo.docx",
        "sha256": digest,
        "authors": [BEN],
        "date": __import__("datetime").date(2012, 3, 20),  # the latest day the file records
        "by": "chair",  # the chair's office ([chair] name), whose signed commit attests it
    }
    assert found["chn-joint-2012-2012-03-21"]["received_from"]["party"] == "chn"
    assert summit("check", repo).exit_code == 0
    from summitkit.drafting.layout.fmt import format_text

    text = (repo / "content/proposals/jpn-joint-2012-2012-03-20.yaml").read_text("utf-8")
    assert format_text(text, "proposal") == text, "written as summit fmt writes it"
    assert "\nby: [jpn]\n" in text


def test_a_change_the_rules_refuse_is_reported_at_its_paragraph_and_the_rest_imported(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    """The document moved on after the file was printed: op3 is gone, so China's two
    changes (to op3, and a new paragraph after it) cannot be proposed any more; Japan's
    and Korea's still are."""
    statement = repo / BASE
    text = statement.read_text("utf-8")
    statement.write_text(text[: text.index("  - id: op3")], "utf-8")
    git(repo, "commit", "-qam", "Drop op3")
    received = edited(printed[1], tmp_path / "back.docx")
    result = summit("import", "docx", received, "--path", repo, env=EPOCH)
    assert result.exit_code == 1, result.output
    lines = result.stderr.splitlines()
    refused = [line for line in lines if "[import-docx/not-a-proposal]" in line]
    assert len(refused) == 2, result.stderr
    assert refused[0].startswith(
        f"{received.as_posix()}:8:1: error: paragraph 3 (op3), {CHEN} (chn): this change "
        "cannot be proposed and is not imported: "
    )
    assert (
        "op3" in refused[0]
        and "staged" not in result.stderr
        and "/tmp/summit-" not in (result.stderr)
    )
    assert refused[1].startswith(
        f"{received.as_posix()}:9:1: error: new paragraph (op3-chn1), {CHEN} (chn): "
    )
    assert lines[-1] == "error: 1 of 1 file not fully imported"
    assert sorted(p["by"][0] for p in loaded(repo).values()) == ["jpn", "kor"]
    assert summit("check", repo).exit_code == 0


def test_resolved_comments_and_replies_keep_their_state_and_thread(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    editor = wordkit.Editor(printed[1])
    first = editor.comment("op2", "progress", "Which benchmarks?", BEN, ON, done=True)
    editor.comment("op2", "progress", "The 2010 work plan's.", CHEN, ON, reply_to=first)
    received = editor.save(tmp_path / "threads.docx")
    result = summit("import", "docx", received, "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    notes = {p["by"][0]: p["note"] for p in loaded(repo).values()}
    assert notes == {
        "jpn": f"{BEN}, paragraph 2 (op2) on “progress” [resolved]: Which benchmarks?\n",
        "chn": f"{CHEN}, replying to {BEN}: The 2010 work plan's.\n",
    }


def with_part(source: Path, target: Path, name: str, data: bytes) -> Path:
    with zipfile.ZipFile(source) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    parts[name] = data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        for part, content in parts.items():
            package.writestr(part, content)
    target.write_bytes(out.getvalue())
    return target


def test_a_doctype_or_entities_in_any_part_are_refused_as_a_diagnostic(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    with zipfile.ZipFile(printed[1]) as package:
        custom = package.read("docProps/custom.xml").decode()
    bomb = custom.replace(
        "<Properties",
        '<!DOCTYPE Properties [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]><Properties',
        1,
    ).replace("joint-2012", "&b;", 1)
    received = with_part(printed[1], tmp_path / "bomb.docx", "docProps/custom.xml", bomb.encode())
    result = summit("import", "docx", received, "--path", repo, env=EPOCH)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert (
        f"{received.as_posix()}:1:1: error: docProps/custom.xml: a DOCTYPE is not allowed "
        "here (nor any entity it would declare) [import-docx/unreadable]"
    ) in result.stderr


def test_every_change_tracked_needs_no_last_editor(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    """A file last saved by a tool (python-docx) whose edits are all tracked imports:
    the markup names every author."""
    editor = wordkit.Editor(printed[1])
    editor.tracked("op2", "each", "every", KIM, ON)
    editor.last_editor = "python-docx"
    result = summit("import", "docx", editor.save(tmp_path / "tool.docx"), "--path", repo)
    assert result.exit_code == 0, result.output
    assert [p["by"] for p in loaded(repo).values()] == [["kor"]]


def test_an_unknown_author_is_named_with_the_line_to_add(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    editor = wordkit.Editor(printed[1])
    editor.tracked("op2", "each", "every", "Dana Delegate", ON)
    result = summit("import", "docx", editor.save(tmp_path / "dana.docx"), "--path", repo)
    assert result.exit_code == 1
    assert (
        "no delegation is known for the Word author 'Dana Delegate'; map each in "
        'summitkit.toml: add under [word_authors] the line "Dana Delegate" = "<party id>"'
    ) in result.stderr


MARKED_UP = """\
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
      Recognising the *value* of training centres under Article\u00a05.
    sources: [facts]
  - id: op1
    text: |
      Work together through the network of ``centres``, :bracket:`closely <jpn>`.
  - id: op2
    text: |
      Report on **progress** at each summit round.
    sources: [facts]
"""


def test_an_unedited_printed_file_imports_as_no_changes(tmp_path: Path) -> None:
    """Footnote marks (the second citing the same source is a NOTEREF field),
    emphasis, literals, a bracket and a non-breaking space are the printer's: compared
    with what it wrote, an untouched file has nothing to propose."""
    root, docx = print_statement(tmp_path, MARKED_UP)
    with zipfile.ZipFile(docx) as package:
        document = package.read("word/document.xml").decode()
    assert "footnoteReference" in document and "<w:i/>" in document and "NOTEREF" in document
    result = summit("import", "docx", docx, "--path", root, env=EPOCH)
    assert result.exit_code == 0, result.output
    commit = git(root, "rev-parse", "--short", "HEAD").strip()
    assert result.output == f"joint-2012.docx: no changes against joint-2012 at {commit}\n"


def test_a_dry_run_checks_its_messages_against_the_audience_too(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    """op3 was raised to TLP:RED after the file went out; the delegation retyped it
    (its anchor is gone), so the warning would quote it: at TLP:CLEAR the dry run
    refuses, at TLP:RED it shows it."""
    statement = repo / BASE
    text = statement.read_text("utf-8").replace(
        "  - id: op3\n", "  - id: op3\n    sensitivity: TLP:RED\n"
    )
    statement.write_text(text, "utf-8")
    git(repo, "commit", "-qam", "op3 is restricted now")
    editor = wordkit.Editor(printed[1])
    mark = editor.paragraph("op3").find(wordkit.q("bookmarkStart"))
    mark.getparent().remove(mark)
    editor.last_editor = KIM
    received = editor.save(tmp_path / "retyped.docx")
    refused = summit("import", "docx", received, "--dry-run", "--path", repo, env=EPOCH)
    assert refused.exit_code == 1, refused.output
    assert "Invite other states" not in refused.output
    assert "[audience/leak]" in refused.stderr
    shown = summit(
        "import", "docx", received, "--dry-run", "--path", repo, "--audience", "TLP:RED", env=EPOCH
    )
    assert "nothing is proposed for it: “Invite other states to join this statement.”" in (
        shown.stderr
    )


XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def compiled(repo: Path, printed: tuple[Path, Path], tmp_path: Path) -> Path:
    """Round 1 imported and committed, and the compilation text printed from it."""
    received = edited(printed[1], tmp_path / "back.docx")
    assert summit("import", "docx", received, "--path", repo, env=EPOCH).exit_code == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "Round 1")
    compilation = tmp_path / "compilation.docx"
    made = summit("compile", "joint-2012", "--format", "docx", "-o", compilation, "--path", repo)
    assert made.exit_code == 0, made.output
    return compilation


def test_an_unedited_compilation_text_imports_as_no_changes(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    compilation = compiled(repo, printed, tmp_path)
    result = summit("import", "docx", compilation, "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("compilation.docx: no changes against joint-2012 at ")


def opposed_and_supported(compilation: Path) -> wordkit.Editor:
    """The compilation text of round 1 as Seoul and Beijing mark it up: Kim strikes
    "closely" from Japan's insertion (Word nests Kim's w:del in the printed w:ins,
    ECMA-376 §17.13.5.14); Chen adds China's id to Japan's second bracket (a w:ins
    before the closing bracket)."""
    editor = wordkit.Editor(compilation)
    tracked = {wordkit.q("id"): "7001", wordkit.q("date"): "2012-03-25T10:00:00Z"}
    insertion = next(
        i for i in editor.document.iter(wordkit.q("ins")) if "".join(i.itertext()) == "Work closely"
    )
    (run,) = insertion
    run.find(wordkit.q("t")).text = "Work "
    struck = etree.SubElement(insertion, wordkit.q("del"), {**tracked, wordkit.q("author"): KIM})
    gone = etree.SubElement(etree.SubElement(struck, wordkit.q("r")), wordkit.q("delText"))
    gone.text = "closely"
    jpn = [t for t in editor.document.iter(wordkit.q("t")) if t.text == "JPN"]
    added = etree.Element(wordkit.q("ins"), {**tracked, wordkit.q("author"): CHEN})
    etree.SubElement(etree.SubElement(added, wordkit.q("r")), wordkit.q("t")).text = ", CHN"
    jpn[1].getparent().addnext(added)
    return editor


def test_support_opposition_and_new_wording_come_back_from_the_compilation_text(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    """Korea strikes "closely" from Japan's insertion (Word nests Kim's w:del in the
    printed w:ins, ECMA-376 §17.13.5.14); China adds its id to Japan's second bracket
    (a w:ins before the closing bracket), and changes "this" to "the" in paragraph 3's
    own words, outside every bracket: a proposal of China's against the base."""
    compilation = compiled(repo, printed, tmp_path)
    editor = opposed_and_supported(compilation)
    tracked = {wordkit.q("id"): "7001", wordkit.q("date"): "2012-03-25T10:00:00Z"}
    words = next(
        t
        for t in editor.document.iter(wordkit.q("t"))
        if t.text and "other states to join" in t.text
    )
    words.text = "other states to join "
    holder = words.getparent()
    struck = etree.Element(wordkit.q("del"), {**tracked, wordkit.q("author"): CHEN})
    etree.SubElement(etree.SubElement(struck, wordkit.q("r")), wordkit.q("delText")).text = "this"
    typed = etree.Element(wordkit.q("ins"), {**tracked, wordkit.q("author"): CHEN})
    etree.SubElement(etree.SubElement(typed, wordkit.q("r")), wordkit.q("t")).text = "the"
    rest = etree.Element(wordkit.q("r"))
    etree.SubElement(rest, wordkit.q("t"), {XML_SPACE: "preserve"}).text = " statement."
    holder.addnext(struck)
    struck.addnext(typed)
    typed.addnext(rest)
    received = editor.save(tmp_path / "marked-up.docx")

    result = summit("import", "docx", received, "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    # The ids `summit proposal oppose|support --change N` would give these positions.
    assert "  wrote content/positions/kor-on-jpn-joint-2012-2012-03-20-1.yaml (kor: opposes)" in (
        result.stdout
    )
    assert "  wrote content/positions/chn-on-jpn-joint-2012-2012-03-20-2.yaml (chn: supports)" in (
        result.stdout
    )
    assert "  wrote content/proposals/chn-joint-2012-2012-03-25.yaml (chn: 1 change)" in (
        result.stdout
    )
    wording = loaded(repo)["chn-joint-2012-2012-03-25"]
    assert wording["changes"] == [{"replace": {"clause": "op3", "old": "this", "new": "the"}}]
    assert "amends" not in wording
    positions = loaded(repo, "positions")
    assert {(p["by"], p["proposal"], p["change"], p["stance"]) for p in positions.values()} == {
        ("kor", "jpn-joint-2012-2012-03-20", 1, "oppose"),
        ("chn", "jpn-joint-2012-2012-03-20", 2, "support"),
    }
    assert summit("check", repo).exit_code == 0


def test_words_typed_into_a_proposal_on_the_compilation_amend_it(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    """China types " and jointly" among the words Japan proposes ("Work closely"), before
    the bracket's list of delegations: a proposal of China's that amends Japan's, with
    Japan's change as China would have it."""
    compilation = compiled(repo, printed, tmp_path)
    editor = wordkit.Editor(compilation)
    insertion = next(
        i for i in editor.document.iter(wordkit.q("ins")) if "".join(i.itertext()) == "Work closely"
    )
    tracked = {wordkit.q("id"): "7002", wordkit.q("date"): "2012-03-26T10:00:00Z"}
    added = etree.Element(wordkit.q("ins"), {**tracked, wordkit.q("author"): CHEN})
    etree.SubElement(etree.SubElement(added, wordkit.q("r")), wordkit.q("t")).text = " and jointly"
    insertion.addnext(added)
    received = editor.save(tmp_path / "amended.docx")
    result = summit("import", "docx", received, "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    assert "  wrote content/proposals/chn-joint-2012-2012-03-26.yaml (chn: 1 change)" in (
        result.stdout
    )
    found = loaded(repo)["chn-joint-2012-2012-03-26"]
    assert found["amends"] == "jpn-joint-2012-2012-03-20"
    assert found["changes"] == [
        {"replace": {"clause": "op1", "old": "Work", "new": "Work closely and jointly"}}
    ]
    assert summit("check", repo).exit_code == 0


def test_a_tracked_edit_in_a_page_header_is_listed_as_not_imported(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    with zipfile.ZipFile(printed[1]) as package:
        header = package.read("word/header1.xml").decode()
    edited_header = header.replace(
        "<w:t>DRAFT · Joint statement on training centres</w:t></w:r>",
        "<w:t>DRAFT · Joint statement on training centres</w:t></w:r>"
        f'<w:ins w:id="8001" w:author="{KIM}" w:date="{ON}"><w:r><w:t> (Korea)</w:t></w:r>'
        "</w:ins>",
        1,
    )
    assert edited_header != header
    received = with_part(
        printed[1], tmp_path / "header.docx", "word/header1.xml", edited_header.encode()
    )
    result = summit("import", "docx", received, "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    assert (
        f"{received.as_posix()}:1:1: warning: tracked edits in word/header1.xml (page headers, "
        "footers or notes) are not imported: only the clauses are; propose them by hand "
        "[import-docx/outside-clauses]"
    ) in result.stderr
    assert "header.docx: no changes against joint-2012" in result.stdout


def test_words_struck_and_typed_in_one_bracket_are_one_amendment(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    """Korea replaces "closely" by "jointly" inside Japan's insertion: not an opposition
    and a stray insertion, but Korea's amendment "Work jointly"."""
    compilation = compiled(repo, printed, tmp_path)
    editor = wordkit.Editor(compilation)
    insertion = next(
        i for i in editor.document.iter(wordkit.q("ins")) if "".join(i.itertext()) == "Work closely"
    )
    (run,) = insertion
    run.find(wordkit.q("t")).text = "Work "
    tracked = {wordkit.q("id"): "7003", wordkit.q("date"): "2012-03-27T10:00:00Z"}
    struck = etree.SubElement(insertion, wordkit.q("del"), {**tracked, wordkit.q("author"): KIM})
    etree.SubElement(
        etree.SubElement(struck, wordkit.q("r")), wordkit.q("delText")
    ).text = "closely"
    typed = etree.Element(wordkit.q("ins"), {**tracked, wordkit.q("author"): KIM})
    etree.SubElement(etree.SubElement(typed, wordkit.q("r")), wordkit.q("t")).text = "jointly"
    insertion.addnext(typed)
    result = summit("import", "docx", editor.save(tmp_path / "kor.docx"), "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    assert not (repo / "content" / "positions").exists()
    found = loaded(repo)["kor-joint-2012-2012-03-27"]
    assert found["amends"] == "jpn-joint-2012-2012-03-20"
    assert found["changes"] == [
        {"replace": {"clause": "op1", "old": "Work", "new": "Work jointly"}}
    ]


def test_an_untracked_edit_by_nobody_known_is_refused_alone(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    """The file was last saved by a tool, so its one untracked edit has no author; it is
    reported at its paragraph, and Japan's tracked change still comes in."""
    editor = wordkit.Editor(printed[1])
    editor.inserted("op1", "Work", " closely", BEN, ON)
    editor.untracked("op2", "each summit round", "every summit round", "python-docx")
    received = editor.save(tmp_path / "tool.docx")
    result = summit("import", "docx", received, "--path", repo, env=EPOCH)
    assert result.exit_code == 1
    assert (
        f"{received.as_posix()}:7:1: error: paragraph 2 (op2): an edit made without Track "
        "Changes, and the file does not say who made it (last saved by 'python-docx'); give "
        "--as PARTY, or ask for the edit with Track Changes on [import-docx/untracked-author]"
    ) in result.stderr
    assert [p["by"] for p in loaded(repo).values()] == [["jpn"]]


def test_an_imported_change_records_the_text_it_was_written_against(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    """The import records the clause digests `summit proposal new` records, so that
    accepting a returned change after its clause moved on is refused, not an erasure."""
    beijing = wordkit.Editor(printed[1])
    beijing.tracked("op3", "other states", "all other states", CHEN, "2012-03-21T10:00:00Z")
    beijing.save(tmp_path / "from-beijing.docx")
    assert summit("import", "docx", tmp_path / "from-beijing.docx", "--path", repo).exit_code == 0
    (proposal,) = loaded(repo).values()
    assert set(proposal["against"]) == {"op3"}
    statement = repo / "content/statements/joint-2012.yaml"
    statement.write_text(statement.read_text("utf-8").replace("other states", "other parties"))
    before = {p: p.read_bytes() for p in (repo / "content").rglob("*.yaml")}

    result = summit("proposal", "accept", proposal["id"], "--path", repo)

    assert result.exit_code == 1
    assert "[decision/stale-clause]" in result.output
    assert {p: p.read_bytes() for p in (repo / "content").rglob("*.yaml")} == before


def test_a_round_is_checked_once_and_each_file_imported_against_the_ones_before(
    repo: Path, printed: tuple[Path, Path], tmp_path: Path
) -> None:
    """One check serves the whole round: what the first file's import wrote counts for
    the second, as a check run between them would have it. Two returns from Japan each
    add a paragraph after op1; the second's new paragraph gets an id of its own."""
    folder = tmp_path / "round-2"
    folder.mkdir()
    for name, words in (("a-first.docx", "A first new paragraph."), ("b-second.docx", "A second.")):
        editor = wordkit.Editor(printed[1])
        editor.new_paragraph("op1", words, BEN, ON)
        editor.save(folder / name)
    result = summit("import", "docx", folder, "--path", repo, env=EPOCH)
    assert result.exit_code == 0, result.output
    inserted = [
        change["insert"]["id"]
        for proposal in loaded(repo).values()
        for change in proposal["changes"]
    ]
    assert sorted(inserted) == ["op1-jpn1", "op1-jpn2"]
    assert summit("check", repo).exit_code == 0
