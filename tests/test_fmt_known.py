"""Telling that a version of a record is laid out from another that is (the merge driver's
shortcut): never True where `summit fmt` would change the file."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from summitkit.drafting.layout.fmt import compose, format_text
from summitkit.drafting.layout.fmt_known import laid_out_from

MERGE = Path(__file__).parent / "data" / "merge"
KNOWN = format_text(
    (MERGE / "forty-clauses" / "base.yaml").read_text(encoding="utf-8"), "statement"
)


def told(text: str, known: str = KNOWN) -> bool:
    root, known_root = compose(text), compose(known)
    assert isinstance(root, yaml.MappingNode) and isinstance(known_root, yaml.MappingNode)
    return laid_out_from(text, root, known, known_root, "statement")


def laid_out(text: str) -> bool:
    return format_text(text, "statement") == text


def clause_lines(text: str) -> list[int]:
    return [i for i, line in enumerate(text.split("\n")) if line.startswith("  - id: ")]


def first_sentence(text: str, clause: int) -> int:
    """The line of the first sentence of clause number `clause`."""
    lines = text.split("\n")
    start = clause_lines(text)[clause]
    return next(i for i in range(start, len(lines)) if lines[i].startswith("      "))


def edited(text: str, at: int, new: list[str], drop: int = 0) -> str:
    lines = text.split("\n")
    lines[at : at + drop] = new
    return "\n".join(lines)


def test_a_clause_reworded_added_or_deleted_is_told_laid_out() -> None:
    starts = clause_lines(KNOWN)
    reworded = edited(KNOWN, first_sentence(KNOWN, 3), ["      Reworded here."], drop=1)
    added = edited(KNOWN, starts[5], ["  - id: new1", "    text: |", "      Added."])
    deleted = edited(KNOWN, starts[5], [], drop=starts[6] - starts[5])
    for text in (reworded, added, deleted):
        assert text != KNOWN
        assert told(text)
        assert laid_out(text)  # what fmt says too


@pytest.mark.parametrize(
    "change",
    [
        "two sentences on one line",
        "a comment",
        "a blank line",
        "a key moved",
        "outside the clauses",
    ],
)
def test_what_it_cannot_tell_is_false(change: str) -> None:
    starts = clause_lines(KNOWN)
    at = first_sentence(KNOWN, 2)
    sentence = KNOWN.split("\n")[at]
    text = {
        "two sentences on one line": edited(KNOWN, at, [sentence + " Second one."], drop=1),
        "a comment": edited(KNOWN, at, ["      # a note", sentence], drop=1),
        "a blank line": edited(KNOWN, starts[2], ["", KNOWN.split("\n")[starts[2]]], drop=1),
        "a key moved": KNOWN.replace("  - id: c3\n    kind:", "  - kind:", 1).replace(
            "    text: |\n" + sentence, "    id: c3\n    text: |\n" + sentence, 1
        ),
        "outside the clauses": KNOWN.replace("\nclauses:", "\nrevision: 9\nclauses:", 1),
    }[change]
    assert text != KNOWN
    assert not told(text)


def test_never_true_where_fmt_changes_the_file() -> None:
    """Random edits of a laid-out statement: where the shortcut says laid out, fmt agrees."""
    rng = random.Random(7)
    pieces = ["Word.", "Two. Sentences.", "e.g. this", "  indented", "x: y", "'q'", "- item", ""]
    told_true = 0
    for _ in range(300):
        lines = KNOWN.split("\n")
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(lines) - 1)
            indent = rng.choice(["", "  ", "    ", "      "])
            if rng.random() < 0.5:
                lines.insert(at, indent + rng.choice(pieces))
            else:
                del lines[at]
        text = "\n".join(lines)
        try:
            root = compose(text)
        except Exception:  # broken on purpose
            continue
        if not isinstance(root, yaml.MappingNode):
            continue
        known_root = compose(KNOWN)
        assert isinstance(known_root, yaml.MappingNode)
        if laid_out_from(text, root, KNOWN, known_root, "statement"):
            told_true += 1
            assert laid_out(text), text
    assert told_true > 10
