"""Properties over generated inputs.

- Audiences: the mini corpus with random TLP labels on statements, clauses,
  commitments, the `summary` field and the repository default, each labelled item
  carrying a unique marker word, and a drafter's note on every clause (a marker no
  audience sees); added to the copy, a proposal (its `note` labelled apart), a
  reviewer's comment, a clause alternative with its note, and a benchmark, each
  labelled at random. A build, the exports, every `diff` format and an
  `import docx --dry-run` for a random audience hold no marker above it; the JSON
  export holds every marker at or below it that it exports at all.
- Robustness: valid record files mutated at random (characters deleted, inserted
  or replaced, lines duplicated, indentation changed, any Unicode inserted,
  control characters included) never make `check` raise, and `summit check` ends
  with exit 0 or 1 and a diagnostic, never a traceback.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import wordkit
import yaml
from conftest import summit
from gitkit import git
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from summitkit.deliverables.build import audience_folder
from summitkit.deliverables.leaks import output_text
from summitkit.sources.audience.leaks import office_text
from summitkit.sources.check.project import check
from summitkit.sources.schema import TLP

MINI = Path(__file__).parent / "data" / "mini"
LABELS = st.sampled_from([None, *TLP])


@contextmanager
def mini_copy() -> Iterator[Path]:
    """A fresh copy of the mini corpus (hypothesis runs many examples per test, so
    pytest's function-scoped tmp_path cannot serve)."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "repo"
        shutil.copytree(
            MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
        )
        yield root


# -- audiences ------------------------------------------------------------------------


@dataclass
class Marked:
    """The markers put into a corpus, each with whether the audience may see it."""

    audience: TLP
    visible: dict[str, bool] = field(default_factory=dict)
    unexported: set[str] = field(default_factory=set)
    """Markers the JSON export need not hold even when shown (it leaves comments and
    alternatives' notes to the compilation text)."""

    def marker(self, shown: bool, exported: bool = True) -> str:
        word = f"mkr{len(self.visible):03d}zq"
        self.visible[word] = shown
        if not exported:
            self.unexported.add(word)
        return word


def _shown(label: TLP | None, audience: TLP, default: TLP = TLP.CLEAR) -> bool:
    order = list(TLP)
    return order.index(label or default) <= order.index(audience)


@st.composite
def labelled_corpora(draw: st.DrawFn) -> tuple[TLP | None, dict[str, Any], TLP]:
    """Labels for the mini corpus: the repository default, and per statement its
    label, its summary's label and its clauses' labels; per commitment its label."""
    labels = {
        "statements": {
            name: {"record": draw(LABELS), "summary": draw(LABELS), "clauses": draw(
                st.lists(LABELS, min_size=count, max_size=count)
            ), "clauses_field": draw(LABELS)}
            for name, count in (("mini-2012", 3), ("mini-2014", 4))
        },
        "commitments": {name: draw(LABELS) for name in ("jpn-coe", "kor-coe")},
        "proposal": {"record": draw(LABELS), "note": draw(LABELS)},
        "comment": draw(LABELS),
        "benchmark": draw(LABELS),
    }  # fmt: skip
    default = draw(st.sampled_from([None, TLP.CLEAR, TLP.GREEN, TLP.AMBER]))
    return default, labels, draw(st.sampled_from(list(TLP)))


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _dump(path: Path, data: dict[str, Any]) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def apply_labels(root: Path, default: TLP | None, labels: dict[str, Any], audience: TLP) -> Marked:
    """Write the labels and a marker per labelled item; return which markers the
    audience may see, decided here independently of summitkit.sources.audience.visible."""
    marked = Marked(audience)
    base = default or TLP.CLEAR
    if default is not None:
        (root / "summitkit.toml").write_text(f'default_sensitivity = "{default.value}"\n')
    # A hand-written page quoting a clause fails a build whose audience may not see it
    # ("unknown clause"); the quote is not what this property is about.
    index = root / "content" / "index.rst"
    index.write_text(index.read_text().replace(".. clause:: mini-2014/op1\n", ""))
    # Summits are unlabelled: with a default above the audience they are hidden, and
    # with them everything placed at them.
    summits_shown = _shown(None, audience, base)

    for name, chosen in labels["statements"].items():
        path = root / "content" / "statements" / f"{name}.yaml"
        data = _load(path)
        shown = summits_shown and _shown(chosen["record"], audience, base)
        if chosen["record"]:
            data["sensitivity"] = chosen["record"].value
        data["title"] += " " + marked.marker(shown)
        summary = chosen["summary"]
        summary_shown = shown and (summary is None or _shown(summary, audience))
        data["summary"] = f"The summary says {marked.marker(summary_shown)}."
        if summary:
            data["field_sensitivity"] = {"summary": summary.value}
        # A label on the list field itself hides every clause, whatever their own labels.
        listed = chosen["clauses_field"]
        if listed:
            data.setdefault("field_sensitivity", {})["clauses"] = listed.value
        list_shown = listed is None or _shown(listed, audience)
        for clause, label in zip(data["clauses"], chosen["clauses"], strict=True):
            if label:
                clause["sensitivity"] = label.value
            clause_shown = (
                shown and list_shown and _shown(label or chosen["record"], audience, base)
            )
            clause["text"] += f" {marked.marker(clause_shown)}."
            # A drafter's note is never published, whatever the audience.
            clause["note"] = f"Ask the capital about {marked.marker(False)}."
        _dump(path, data)

    for name, label in labels["commitments"].items():
        path = root / "content" / "commitments" / f"{name}.yaml"
        data = _load(path)
        if label:
            data["sensitivity"] = label.value
        data["text"] += f" {marked.marker(summits_shown and _shown(label, audience, base))}."
        _dump(path, data)
    add_negotiation(root, labels, marked, summits_shown, base)
    return marked


def add_negotiation(
    root: Path, labels: dict[str, Any], marked: Marked, summits_shown: bool, base: TLP
) -> None:
    """A proposal, a comment and a clause alternative on mini-2014, and a benchmark,
    each labelled as drawn. What hangs on a statement or a clause the audience may not
    see is hidden with it, whatever its own label: it names the clause and says what
    it would change."""
    audience = marked.audience
    statement = labels["statements"]["mini-2014"]
    document_shown = (
        summits_shown
        and _shown(statement["record"], audience, base)
        and (statement["clauses_field"] is None or _shown(statement["clauses_field"], audience))
    )
    clause_label = dict(zip(("pp1", "h1", "op1", "op2"), statement["clauses"], strict=True))

    def clause_shown(clause: str) -> bool:
        label = clause_label[clause] or statement["record"]
        return document_shown and _shown(label, audience, base)

    path = root / "content" / "statements" / "mini-2014.yaml"
    data = _load(path)
    op1 = next(c for c in data["clauses"] if c["id"] == "op1")
    op1_shown = clause_shown("op1")
    op1["alternatives"] = [{
        "text": f"Work through the centres {marked.marker(op1_shown)}.",
        "by": ["jpn"],
        "note": f"Softer, {marked.marker(op1_shown, exported=False)}.",
    }]  # fmt: skip
    _dump(path, data)

    chosen = labels["proposal"]
    proposal_shown = clause_shown("op2") and _shown(chosen["record"], audience, base)
    note_shown = proposal_shown and (chosen["note"] is None or _shown(chosen["note"], audience))
    proposal: dict[str, Any] = {
        "id": "jpn-open-centres",
        "document": "mini-2014",
        "by": ["jpn"],
        "date": "2014-03-10",
        "changes": [{"insert": {
            "after": "op2", "id": "op3",
            "text": f"Open the centres to {marked.marker(proposal_shown)}.",
        }}],
        "note": f"The delegation explains {marked.marker(note_shown)}.",
    }  # fmt: skip
    if chosen["record"]:
        proposal["sensitivity"] = chosen["record"].value
    if chosen["note"]:
        proposal["field_sensitivity"] = {"note": chosen["note"].value}
    (root / "content" / "proposals").mkdir()
    _dump(root / "content" / "proposals" / "jpn-open-centres.yaml", proposal)

    # An unlabelled comment has comment_sensitivity, TLP:AMBER unless set.
    label = labels["comment"]
    comment_shown = clause_shown("op2") and _shown(label or TLP.AMBER, audience)
    comment: dict[str, Any] = {
        "id": "kor-op2",
        "document": "mini-2014",
        "clause": "op2",
        "quote": "course material",
        "by": "kor",
        "date": "2014-03-11",
        "text": f"Which trainers? {marked.marker(comment_shown, exported=False)}",
    }  # fmt: skip
    if label:
        comment["sensitivity"] = label.value
    (root / "content" / "comments").mkdir()
    _dump(root / "content" / "comments" / "kor-op2.yaml", comment)

    label = labels["benchmark"]
    shown = _shown(label, audience, base)
    benchmark: dict[str, Any] = {
        # Every text of it its own: the leak check rightly flags a hidden record's
        # id or level names wherever they occur as words, "centre" in a page too.
        "id": "bench-zq",
        "title": f"A centre {marked.marker(shown)}",
        "definition": f"Whether the state has {marked.marker(shown)}.",
        "evidence": f"A source naming {marked.marker(shown)}.",
        "scale": {"version": 1, "levels": [
            {"id": "lvl-absent-zq", "title": "Absentzq", "definition": "Absent altogetherzq."},
            {"id": "lvl-running-zq", "title": "Runningzq", "definition": "Courses heldzq."},
        ]},
        "weight": 1,
        "categories": ["coe"],
        "sources": ["facts"],
    }  # fmt: skip
    if label:
        benchmark["sensitivity"] = label.value
    (root / "content" / "benchmarks").mkdir()
    _dump(root / "content" / "benchmarks" / "bench-zq.yaml", benchmark)


def readable(path: Path) -> str:
    """Everything an output file says, as lowercase text (compressed inventories too)."""
    if path.suffix == ".inv":
        data = path.read_bytes()
        header, _, body = data.partition(b"zlib.\n")
        return (header + zlib.decompress(body)).decode("utf-8", "replace").lower()
    if path.suffix in {".pdf", ".docx"}:
        return output_text(path).lower()
    return path.read_bytes().decode("utf-8", "replace").lower()


def assert_audience_sees_only_its_markers(
    root: Path, marked: Marked, formats: str = "html"
) -> None:
    audience = marked.audience.value
    built = summit("build", root, "--format", formats, "--audience", audience, "-q")
    assert built.exit_code == 0, built.output
    folder = audience_folder(marked.audience)
    outputs = [root / "build" / folder, root / ".summit-cache" / "work" / folder]
    hidden = [word for word, shown in marked.visible.items() if not shown]
    for path in (p for top in outputs for p in top.rglob("*") if p.is_file()):
        text = readable(path)
        leaked = [word for word in hidden if word in text]
        assert leaked == [], f"{path.relative_to(root)} holds {leaked} for {audience}"

    exported = summit("export", "json", root, "--audience", audience)
    assert exported.exit_code == 0, exported.output
    for word, shown in marked.visible.items():
        if word in marked.unexported and shown:
            continue
        assert (word in exported.stdout) == shown, f"{word} (visible: {shown}) in the JSON export"
    table = summit("export", "csv", root, "--what", "commitments", "--audience", audience)
    assert table.exit_code == 0, table.output
    assert [word for word in hidden if word in table.stdout] == []
    assert_other_channels_hold_nothing_hidden(root, audience, hidden)


def assert_other_channels_hold_nothing_hidden(root: Path, audience: str, hidden: list[str]) -> None:
    """Akoma Ntoso files, the XLSX workbook, the report, a redline and the compilation
    (text and JSON): every command that
    prints or writes corpus content. Exit 2 is a side or report the audience may not
    see at all; exit 1 would be the leak check refusing, which must not happen."""
    akn = root / "build" / "akn-check"
    exported = summit("export", "akn", "--path", root, "-o", akn, "--audience", audience)
    assert exported.exit_code == 0, exported.output
    texts = [p.read_text(encoding="utf-8") for p in akn.glob("*.xml")]
    book = root / "build" / "scores.xlsx"
    exported = summit("export", "xlsx", root, "-o", book, "--audience", audience)
    assert exported.exit_code == 0, exported.output
    texts.append(office_text(book.read_bytes()))
    for args in (
        ("report", "mini-report", root, "--audience", audience),
        ("report", "mini-report", root, "--format", "json", "--audience", audience),
        ("diff", "mini-2012", "mini-2014", "--path", root, "--audience", audience),
        ("diff", "mini-2012", "mini-2014", "--format", "json", "--path", root,
         "--audience", audience),
        ("compile", "mini-2014", "--path", root, "--audience", audience),
        ("compile", "mini-2014", "--format", "json", "--path", root, "--audience", audience),
    ):  # fmt: skip
        result = summit(*args)
        assert result.exit_code in (0, 2), result.output
        texts.append(result.output)
    for fmt in ("html", "docx"):  # every diff format, the written ones read back
        redline = root / "build" / f"redline.{fmt}"
        result = summit(
            "diff", "mini-2012", "mini-2014", "--format", fmt, "-o", redline,
            "--path", root, "--audience", audience,
        )  # fmt: skip
        assert result.exit_code in (0, 2), result.output
        if redline.is_file():
            texts.append(readable(redline))
    for text in texts:
        assert [word for word in hidden if word in text.lower()] == []


@settings(
    max_examples=8,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(labelled_corpora())
def test_an_audience_sees_nothing_above_it(
    drawn: tuple[TLP | None, dict[str, Any], TLP],
) -> None:
    default, labels, audience = drawn
    with mini_copy() as root:
        marked = apply_labels(root, default, labels, audience)
        committed(root)
        assert_audience_sees_only_its_markers(root, marked)
        hidden = [word for word, shown in marked.visible.items() if not shown]
        assert_revision_redlines_hold_nothing_hidden(root, audience, hidden)


def committed(root: Path) -> None:
    """The labelled copy as a git repository's first commit (redlines of revisions
    and Word imports read their base from git)."""
    git(root, "init", "-q")
    (root / ".gitignore").write_text("build/\n.summit-cache/\ncontent/generated/\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "Labelled")


# Restricted material in every kind the draw can label, so that the two examples
# of the slow test always exercise it: the draft's op2 (after which the proposal
# inserts, about which the comment is) and the benchmark above a GREEN audience.
RESTRICTED = (
    None,
    {
        "statements": {
            "mini-2012": {"record": None, "summary": TLP.AMBER, "clauses": [None] * 3,
                          "clauses_field": None},
            "mini-2014": {"record": None, "summary": None,
                          "clauses": [None, None, TLP.AMBER, TLP.RED], "clauses_field": None},
        },
        "commitments": {"jpn-coe": TLP.RED, "kor-coe": None},
        "proposal": {"record": None, "note": TLP.AMBER},
        "comment": TLP.CLEAR,
        "benchmark": TLP.RED,
    },
    TLP.GREEN,
)  # fmt: skip


@settings(max_examples=2, deadline=None, database=None)
@given(labelled_corpora())
@example(RESTRICTED)
def test_printed_deliverables_hold_nothing_above_the_audience(
    drawn: tuple[TLP | None, dict[str, Any], TLP],
) -> None:
    default, labels, audience = drawn
    with mini_copy() as root:
        marked = apply_labels(root, default, labels, audience)
        committed(root)
        assert_audience_sees_only_its_markers(root, marked, formats="html,pdf,docx")
        hidden = [word for word, shown in marked.visible.items() if not shown]
        assert_word_import_holds_nothing_hidden(root, audience, hidden)
        assert_revision_redlines_hold_nothing_hidden(root, audience, hidden)


def assert_word_import_holds_nothing_hidden(root: Path, audience: TLP, hidden: list[str]) -> None:
    """The audience's DOCX of the draft statement, edited in Word (a tracked insertion in its
    first clause), back through `import docx --dry-run` at that audience."""
    folder = root / "build" / audience_folder(audience) / "docx"
    # mini-2014 is the draft (an adopted statement takes no proposals).
    for docx in (p for p in [folder / "mini-2014.docx"] if p.is_file()):
        editor = wordkit.Editor(docx)
        marks = [m.get(wordkit.q("name")) for m in editor.document.iter(wordkit.q("bookmarkStart"))]
        clauses = [m.removeprefix("sk_") for m in marks if m and m.startswith("sk_")]
        runs = [t.text for c in clauses[:1] for t in editor.paragraph(c).iter(wordkit.q("t"))]
        words = [text for text in runs if text and text.strip()]
        if not words:
            continue  # every clause hidden: nothing to edit
        editor.inserted(clauses[0], words[0], " promptly", "Ben Sherpa", "2014-03-20T09:30:00Z")
        received = editor.save(root / "build" / f"back-{docx.name}")
        result = summit(
            "import", "docx", received, "--dry-run", "--as", "jpn", "--path", root,
            "--audience", audience.value,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert "promptly" in result.stdout
        assert [word for word in hidden if word in result.output.lower()] == []


def assert_revision_redlines_hold_nothing_hidden(
    root: Path, audience: TLP, hidden: list[str]
) -> None:
    """Every marked text changed since the commit, then `diff HEAD` in every format: a
    record above the audience that changed is neither shown nor a failure."""
    for path in (root / "content").rglob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"(mkr\d{3}zq)", r"\1 amended", text), encoding="utf-8")
    texts = []
    for fmt in ("text", "json", "html", "docx"):
        out = root / "build" / f"revisions.{fmt}"
        result = summit(
            "diff", "HEAD", "--format", fmt, "-o", out, "--path", root,
            "--audience", audience.value,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        texts += [result.output.lower(), readable(out)]
    for text in texts:
        assert [word for word in hidden if word in text] == []


# -- robustness ---------------------------------------------------------------------

RECORD_FILES = sorted(
    p.relative_to(MINI).as_posix() for p in MINI.rglob("*.yaml") if "generated" not in p.parts
)
YAML_CHARACTERS = [*":-[]{}&*!|>'\"%@`#,?~ \t\n\r\\", "\x00", "\x1b", "\ufeff", "\u202e"]
INSERTED = st.text(
    alphabet=st.one_of(st.sampled_from(YAML_CHARACTERS), st.characters(codec=None)),
    min_size=1,
    max_size=6,
)


@st.composite
def mutations(draw: st.DrawFn, text: str) -> str:
    """`text` with one to four random edits."""
    for _ in range(draw(st.integers(1, 4))):
        lines = text.split("\n")
        at = draw(st.integers(0, max(len(text) - 1, 0)))
        line = draw(st.integers(0, len(lines) - 1))
        kind = draw(st.sampled_from(["delete", "insert", "replace", "duplicate", "indent"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif kind == "insert":
            text = text[:at] + draw(INSERTED) + text[at:]
        elif kind == "replace":
            text = text[:at] + draw(INSERTED) + text[at + 1 :]
        elif kind == "duplicate":
            lines.insert(line, lines[line])
            text = "\n".join(lines)
        else:
            spaces = draw(st.sampled_from(["", " ", "  ", "    ", "\t", "      "]))
            lines[line] = spaces + lines[line].lstrip(" ")
            text = "\n".join(lines)
    return text


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """One copy of the mini corpus for all examples; each restores what it changed."""
    with mini_copy() as root:
        yield root


@settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_mutated_records_give_diagnostics_not_tracebacks(
    scratch: Path, data: st.DataObject
) -> None:
    relative = data.draw(st.sampled_from(RECORD_FILES), label="file")
    path = scratch / relative
    original = (MINI / relative).read_text(encoding="utf-8")
    mutated = data.draw(mutations(original), label="mutated")
    # Lone surrogates cannot be UTF-8: written as they would arrive, as bad bytes.
    path.write_bytes(mutated.encode("utf-8", "surrogatepass"))
    try:
        checked = check(scratch)  # must not raise
        result = summit("check", scratch)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            result.exception
        )
        assert "Traceback" not in result.output
        assert result.exit_code in (0, 1), result.output
        assert result.exit_code == (1 if checked.errors else 0)
        if result.exit_code == 1:
            assert result.stdout.strip(), "exit 1 without a diagnostic"
    finally:
        path.write_text(original, encoding="utf-8")
