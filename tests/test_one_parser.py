"""A file that `summit check` reads is a file the editing commands can edit: the
loader, `fmt`, `sign` and the merge driver parse with one YAML parser.

Shown three ways: as a property of any record text (hypothesis writes mappings of
record-like fields in every YAML style, with comments, CRLF line ends and a byte
order mark), over every record file of the shipped corpus, and over every record
file of the hostile and invalid cases. Where check reads a file, fmt's parser
gives a node tree, the comments are found on it and the file formats; where check
refuses one, it says why with an error.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from summitkit.drafting.layout.fmt import compose, format_text
from summitkit.drafting.layout.yaml_comments import find_notes
from summitkit.sources.core.layout import FOLDERS
from summitkit.sources.records.loader import load_bytes

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"
KINDS = sorted(set(FOLDERS.values()))
#: Lists whose order fmt may change (it sorts them), as tests/test_fmt.py says.
UNORDERED = ("signatories", "participants", "members")


def record_files(tops: list[Path]) -> list[tuple[Path, str]]:
    """Every record file under these repositories, with its kind."""
    found = []
    for top in tops:
        for folder, kind in FOLDERS.items():
            where = top / folder
            if where.is_dir() and not where.is_symlink():
                found += [(p, kind) for p in sorted(where.glob("*.yaml")) if p.is_file()]
    return found


def editing_problems(raw: bytes, path: Path, kind: str) -> tuple[bool, list[str]]:
    """Whether check reads the file, and what went wrong editing it (or why check
    refused it without an error): an empty list where all is well."""
    record, diagnostics = load_bytes(raw, path, kind, path.name)
    if record is None:  # check refuses the file: nothing to edit, but it says why
        errors = [d for d in diagnostics if d.is_error and d.rule]
        return False, [] if errors else [f"{path}: refused without an error"]
    text = raw.decode("utf-8").removeprefix("\ufeff")
    try:
        root = compose(text)
        assert root is not None, "fmt's parser found no document"
        find_notes(text, root)
        format_text(text, kind)
    except Exception as exc:  # every failure is collected and shown at once
        return True, [f"{path}: {type(exc).__name__}: {exc}"]
    return True, []


def edit_all(files: list[tuple[Path, str]]) -> tuple[int, list[str]]:
    """How many of `files` check reads, and every problem met editing them."""
    read, problems = 0, []
    for path, kind in files:
        accepted, found = editing_problems(path.read_bytes(), path, kind)
        read += accepted
        problems += found
    return read, problems


def test_every_file_of_the_shipped_corpus_is_read_and_can_be_edited() -> None:
    files = record_files([ROOT])
    assert len(files) > 100
    read, problems = edit_all(files)
    assert problems == []
    assert read == len(files)  # the shipped corpus loads whole: every file was edited


def test_every_hostile_and_invalid_file_check_reads_can_be_edited() -> None:
    cases = [*sorted((DATA / "hostile").iterdir()), *sorted((DATA / "invalid").iterdir())]
    files = record_files(cases)
    assert {p.relative_to(DATA).parts[0] for p, _ in files} == {"hostile", "invalid"}
    assert len(files) > 300
    read, problems = edit_all(files)
    assert problems == []
    # Most cases are about what a record says, not how it is written: they are edited.
    assert 0 < len(files) - read < read


# -- the property ---------------------------------------------------------------------

FIELDS = [
    "id", "title", "sensitivity", "kind", "note", "round", "status", "revision", "date",
    "summary", "lead", "sources", "source", "claims", "field", "value", "translations",
    "field_sensitivity", "action_items", "clauses", "text", "signatories", "state",
    "organization", "participants", "members", "source_order",
]  # fmt: skip
"""Field names of the schema, so that fmt orders, sorts and lays out what it meets."""

TEXTS = st.one_of(
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40),
    # What YAML makes something of: indicators, quotes, tabs, line breaks, CJK.
    st.text(" ab.:#'\"-\n\t*|>&!%@`{}[],?日本é", max_size=40),
)
SENTENCES = st.lists(
    st.sampled_from(["Work together.", "Share course material!", "Report on progress?"]),
    min_size=1,
    max_size=4,
).map(" ".join)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False),
    st.dates(min_value=datetime.date(1900, 1, 1)),
    TEXTS,
)
KEYS = st.one_of(st.sampled_from(FIELDS), st.text("abcdefghij_-", min_size=1, max_size=8))
SLUGS = st.text("abcjkopru0123-", min_size=1, max_size=6).filter(lambda s: s[0] != "-")
CLAUSES = st.lists(st.fixed_dictionaries({"id": SLUGS, "text": SENTENCES}), max_size=3)
PARTIES = st.lists(
    st.one_of(
        SLUGS,
        st.fixed_dictionaries({"state": SLUGS}, optional={"date": st.dates()}),
        st.fixed_dictionaries({"organization": SLUGS}),
    ),
    max_size=4,
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=12,
)


@st.composite
def record_texts(draw: st.DrawFn) -> str:
    """A YAML mapping of record-like fields, dumped in a drawn style, with comment
    lines, end-of-line comments, CRLF line ends and a byte order mark drawn too."""
    data = draw(st.dictionaries(KEYS, VALUES, min_size=1, max_size=6))
    if draw(st.booleans()):
        data["clauses"] = draw(CLAUSES)
    if draw(st.booleans()):
        data[draw(st.sampled_from(UNORDERED))] = draw(PARTIES)
    if draw(st.booleans()):  # the one value fmt reads: any value check reads for it
        data["source_order"] = draw(st.one_of(st.booleans(), SCALARS))
    text = yaml.safe_dump(
        data,
        allow_unicode=draw(st.booleans()),
        sort_keys=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, None, True])),
        default_style=draw(st.sampled_from([None, None, '"', "'"])),
        indent=draw(st.integers(2, 4)),
        width=draw(st.sampled_from([20, 80, 10_000])),
    )
    lines = text.split("\n")
    comment = TEXTS.map(lambda words: words.replace("\n", " "))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(lines)))
        lines.insert(at, " " * draw(st.integers(0, 6)) + "#" + draw(comment))
    for _ in range(draw(st.integers(0, 3))):
        lines[draw(st.integers(0, len(lines) - 1))] += " # " + draw(comment)
    text = "\n".join(lines)
    if draw(st.booleans()):
        text = text.replace("\n", "\r\n")
    return ("\ufeff" if draw(st.booleans()) else "") + text


def meaning(value: Any, sort: bool, key: str = "", in_clause: bool = False) -> Any:
    """What fmt must keep: all but whitespace in clause text and, with `sort`, the
    order of lists that it sorts (tests/test_fmt.py's `_normalise`, on one record)."""
    if isinstance(value, dict):
        return {k: meaning(v, sort, k, in_clause or key == "clauses") for k, v in value.items()}
    if isinstance(value, list):
        items = [meaning(v, sort, key, in_clause) for v in value]
        if sort and key in UNORDERED:
            items.sort(key=lambda item: json.dumps(item, sort_keys=True, default=str))
        return items
    if isinstance(value, str) and in_clause:
        return " ".join(value.split())
    return value


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(record_texts(), st.sampled_from(KINDS))
def test_what_check_reads_fmt_can_edit_without_changing_its_meaning(text: str, kind: str) -> None:
    path = Path(f"{kind}.yaml")
    raw = text.encode("utf-8")
    read, problems = editing_problems(raw, path, kind)
    assert problems == []
    assume(read)  # what check refuses (a comment cut a value in two, say) is not edited
    before, _ = load_bytes(raw, path, kind, path.name)
    formatted = format_text(text, kind)
    after, diagnostics = load_bytes(formatted.encode("utf-8"), path, kind, path.name)
    assert before is not None and after is not None, diagnostics
    sort = before.data.get("source_order") is not True  # else its lists keep their order
    assert meaning(after.data, sort) == meaning(before.data, sort)
