"""The quick text diff of two revisions (`summitkit.diff.quick`): the same bytes as
the full diff where it answers, and no answer (the full diff runs) anywhere else."""

from __future__ import annotations

from pathlib import Path

import pytest
from diffkit import CLAUSES, Drafts, clauses_with, summit

from summitkit.diff import quick

EDITED = "Work closely together through the IAEA network of centres."


def full(repo: Path, *args: str) -> str:
    """The full diff's text (click, the schema, validation); it keeps the sides."""
    result = summit("diff", *args, "--path", str(repo))
    assert result.exit_code == 0, result.output
    return result.stdout


def answered(repo: Path, capsys: pytest.CaptureFixture[str], *args: str) -> str | None:
    """The quick diff's text, or None where it leaves the diff to the full one."""
    capsys.readouterr()
    code = quick.answer([*args, "--path", str(repo)])
    out = capsys.readouterr().out
    if code is None:
        assert out == ""  # nothing printed before the full diff runs
        return None
    assert code == 0
    return out


@pytest.fixture
def clause_edits(tmp_path: Path) -> Path:
    """Two revisions of a statement and a basket that differ in clause text alone:
    an edit, an added, a removed, a moved and a renamed clause, a changed kind."""
    drafts = Drafts(tmp_path / "repo")
    drafts.commit("First draft", tag="v1")
    clauses = clauses_with(("op1", EDITED))
    clauses = [clauses[0], clauses[4], clauses[1], {**clauses[2], "id": "op2b"}]
    clauses += [{"id": "op5", "kind": "preambular", "text": "Meet again in 2014."}]
    clauses[1] = {**clauses[1], "kind": "preambular"}
    drafts.statement(clauses=clauses)
    drafts.basket(clauses=[{"id": "op1", "text": "The three states link all their centres."}])
    drafts.commit("Second draft")
    return drafts.root


@pytest.mark.parametrize(
    "options",
    [
        ["--no-color"],
        ["--no-color", "--context", "0"],
        ["--context=5", "--format", "text"],
        ["--audience", "TLP:RED", "--no-color"],
    ],
    ids=" ".join,
)
def test_the_quick_diff_prints_what_the_full_diff_prints(
    clause_edits: Path, capsys: pytest.CaptureFixture[str], options: list[str]
) -> None:
    assert answered(clause_edits, capsys, "v1", "HEAD", *options) is None  # not seen yet
    expected = full(clause_edits, "v1", "HEAD", *options)
    full(clause_edits, "v1", "HEAD")  # the default audience's diff keeps the sides

    assert answered(clause_edits, capsys, "v1", "HEAD", *options) == expected
    assert "{+closely +}" in expected and "op5" in expected and "matched by similarity" in expected
    # Seen once, the sides serve any options, and the reverse comparison is new.
    assert answered(clause_edits, capsys, "HEAD~1", "HEAD", "--no-color") is not None
    assert answered(clause_edits, capsys, "HEAD", "v1", "--no-color") is None


def test_colour_is_the_full_diff_s(clause_edits: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from summitkit.cli.base import request_for
    from summitkit.diff.command import compare
    from summitkit.diff.terminal import changeset_text

    full(clause_edits, "v1", "HEAD")
    comparison = compare(request_for(clause_edits), "v1", "HEAD")
    expected = changeset_text(comparison.changes, 2, True, comparison.names)

    assert answered(clause_edits, capsys, "v1", "HEAD", "--color") == expected
    assert "\x1b[" in expected


@pytest.fixture
def drafts_moved(tmp_path: Path) -> Path:
    """Two revisions that differ beside the clauses too: a statement's status, revision,
    signatories (named in the output) and clause statuses, a basket's co-sponsors and
    action items, a commitment's assessment, a record added and one removed."""
    drafts = Drafts(tmp_path / "repo")
    drafts.statement("other-2012", clauses=[{"id": "op1", "text": "Meet in Seoul."}])
    drafts.commit("First draft", tag="v1")
    (drafts.root / "content/statements/other-2012.yaml").unlink()
    reserved = {**CLAUSES[2], "status": "ad-ref", "reserved_by": ["chn"]}
    drafts.statement(
        status="agreed",
        revision=2,
        signatories=["usa", "jpn", "chn"],
        lead=["usa", "kor"],
        clauses=[*clauses_with(("op1", EDITED))[:2], reserved, *CLAUSES[3:]],
    )
    drafts.statement("new-2014", round="hague-2014", clauses=[{"id": "op1", "text": "Meet."}])
    drafts.basket(
        co_sponsors=["kor", "ita"],
        action_items=[
            {"id": "ai1", "title": "Joint course", "owner": "jpn", "deliverable": "Two courses"},
            {"id": "ai3", "title": "Report", "owner": "chn", "deliverable": "A report"},
        ],
    )
    drafts.commitment(status="substantial")
    drafts.commit("Second draft")
    return drafts.root


def test_changes_beside_the_clauses_are_the_full_diff_s(
    drafts_moved: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = full(drafts_moved, "v1", "HEAD", "--no-color")
    for shown in (
        "status: draft → agreed",
        "signatories joined: China (chn)",
        "lead added: Republic of Korea (kor)",
        "op1: open → agreed",
        "op2: open → ad-ref",
        "reservation entered on op2: China (chn)",
        "action item changed: ai1",
        "assessment at hague-2014: limited → substantial (up)",
        "statement new-2014: added",
        "statement other-2012: removed",
    ):
        assert shown in expected

    assert answered(drafts_moved, capsys, "v1", "HEAD", "--no-color") == expected


def test_stale_translations_are_the_full_diff_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from summitkit.sources.rules.translations import source_hash

    drafts = Drafts(tmp_path / "repo")
    made_from = source_hash(CLAUSES[1]["text"])
    french = {"fr": {"text": "Travailler ensemble.", "source_hash": made_from}}
    spanish = {"es": "Trabajar juntos."}  # no hash: never stale
    clauses = [
        {**c, "translations": {**french, **spanish}} if c["id"] == "op1" else c for c in CLAUSES
    ]
    drafts.statement(languages=["en", "fr", "es"], clauses=clauses)
    drafts.commit("First draft")
    edited = [{**c, "text": EDITED} if c["id"] == "op1" else c for c in clauses]
    drafts.statement(languages=["en", "fr", "es"], clauses=edited)
    drafts.commit("Edited")
    expected = full(drafts.root, "HEAD~1", "HEAD", "--no-color")
    assert "clauses[op1].translations.fr: current → stale: made from the earlier text" in expected
    assert "translations.es" not in expected

    assert answered(drafts.root, capsys, "HEAD~1", "HEAD", "--no-color") == expected
    assert quick_hash("A  text\n") == source_hash("A  text\n") == source_hash("A text")


def quick_hash(text: str) -> str:
    from summitkit.diff.plain import source_hash

    return source_hash(text)


def test_a_proposal_is_the_full_diff_s(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drafts = Drafts(tmp_path / "repo")
    drafts.commit("First draft")
    drafts.write(
        "content/proposals",
        {
            "id": "jpn-1",
            "document": "joint-2012",
            "by": ["jpn"],
            "date": "2012-03-20",
            "status": "tabled",
            "changes": [{"delete": "op4"}],
        },
    )
    drafts.commit("Tabled")
    assert "proposal tabled: jpn-1" in full(drafts.root, "HEAD~1", "HEAD", "--no-color")

    assert answered(drafts.root, capsys, "HEAD~1", "HEAD", "--no-color") is None


def test_a_side_that_does_not_validate_is_never_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drafts = Drafts(tmp_path / "repo")
    drafts.commit("First draft")
    (drafts.root / "content/states/aut.yaml").write_text("id: aut\niso3: AUT\nname: Austria\n")
    drafts.statement(clauses=clauses_with(("op1", EDITED)))
    drafts.commit("Break a state")
    result = summit("diff", "HEAD~1", "HEAD", "--path", str(drafts.root))
    assert result.exit_code == 1 and "the corpus at HEAD does not validate" in result.stderr

    assert answered(drafts.root, capsys, "HEAD~1", "HEAD") is None


def test_a_side_with_anything_above_tlp_clear_is_the_full_diff_s(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The audience boundary is the full diff's: a restricted record is counted, a
    restricted clause left out, and neither side is kept as plain data."""
    drafts = Drafts(tmp_path / "repo")
    red = "Move the reactor fuel to the secure national store at night."
    drafts.statement("red-2012", sensitivity="TLP:RED", clauses=[{"id": "op1", "text": red}])
    secret = {"id": "op9", "text": "Held back text.", "sensitivity": "TLP:RED"}
    drafts.statement(clauses=[*CLAUSES, secret])
    drafts.commit("First draft")
    drafts.statement("red-2012", sensitivity="TLP:RED", clauses=[{"id": "op1", "text": red + "!"}])
    drafts.statement(clauses=[*clauses_with(("op1", EDITED)), {**secret, "text": "Held, amended."}])
    drafts.commit("Second draft")
    shown = full(drafts.root, "HEAD~1", "HEAD", "--no-color")
    assert "1 restricted, not shown" in shown and "{+closely +}" in shown
    assert "Held" not in shown and "reactor" not in shown

    assert answered(drafts.root, capsys, "HEAD~1", "HEAD", "--no-color") is None


def test_sides_kept_by_other_code_or_damaged_are_not_read(
    clause_edits: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    full(clause_edits, "v1", "HEAD")
    files = sorted((clause_edits / ".summit-cache" / quick.STORE).glob("*.pickle"))
    assert [f.name.split("-")[0] for f in files] == ["new", "old"]
    kept = {f: f.read_bytes() for f in files}
    assert answered(clause_edits, capsys, "v1", "HEAD") is not None

    for damage in (
        lambda data: data.replace(quick.__version__.encode(), b"0.0.0-other"),
        lambda data: data[: len(data) // 2],
        lambda data: b"\x80\x04cos\nsystem\n.",  # a class is never looked up: plain data
    ):
        for file, data in kept.items():
            file.write_bytes(damage(data))
            assert answered(clause_edits, capsys, "v1", "HEAD") is None
            file.write_bytes(data)
    # One side's file under the other's name is not that side.
    new, old = files
    new.write_bytes(kept[old])
    assert answered(clause_edits, capsys, "v1", "HEAD") is None
    new.write_bytes(kept[new])
    assert answered(clause_edits, capsys, "v1", "HEAD") is not None


def test_only_the_most_recent_sides_are_kept(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    (root / "content").mkdir(parents=True)
    for n in range(quick.KEPT + 5):
        quick.keep_sides(root, {("old", f"{n:040x}", ("content/states/a.yaml",)): {"n": n}})
    files = list((root / ".summit-cache" / quick.STORE).glob("*.pickle"))
    assert len(files) == quick.KEPT
    code = quick.keyed_modules()
    last = ("old", f"{quick.KEPT + 4:040x}", ("content/states/a.yaml",))
    assert quick.read_side(root, last, code) == {"n": quick.KEPT + 4}


@pytest.mark.parametrize(
    "args",
    [
        ["v1"],
        ["v1", "HEAD", "--format", "json"],
        ["v1", "HEAD", "--audience", "TLP:PURPLE"],
        ["v1", "HEAD", "-o", "out.txt"],
        ["v1:joint-2012", "HEAD:joint-2012"],
        ["joint-2012", "HEAD"],
        ["v1..HEAD", "HEAD"],
        ["v1", "HEAD", "--context", "-1"],
        ["v1", "no-such-revision"],
    ],
    ids=" ".join,
)
def test_what_only_the_full_diff_reads_is_left_to_it(
    clause_edits: Path, capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    full(clause_edits, "v1", "HEAD")
    assert answered(clause_edits, capsys, "v1", "HEAD") is not None

    assert answered(clause_edits, capsys, *args) is None


def test_the_repository_is_found_as_the_full_diff_finds_it(clause_edits: Path) -> None:
    from summitkit.sources.check.project import find_root

    inner = clause_edits / "content" / "statements"
    assert quick._root(str(inner)) == find_root(inner) == clause_edits
    assert quick._root(str(clause_edits.parent)) is None


def test_ascii_text_is_tokenised_as_by_the_whole_rule() -> None:
    """The quick rule for ASCII text (no CJK character to split) splits as the whole one."""
    import random
    import string

    from summitkit.diff import tokens

    rng = random.Random(34)
    texts = ["", " ", "Work {+closely +}together.", "a_b c-d\t\x0b\x0c e1 2f", "x" * 50]
    texts += ["".join(rng.choices(string.printable, k=rng.randint(0, 60))) for _ in range(3000)]
    for text in texts:
        assert tokens.tokenise(text) == tokens._whole_rule().findall(text), repr(text)
    assert tokens.tokenise("合作 together") == ["合", "作", " ", "together"]
