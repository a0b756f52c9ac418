"""Placeholders left in a record: `summit new` fills required fields with TODO
values so that a skeleton checks at once; each one left is a warning until it is
replaced, so that `summit check --strict` (and a pull request's check) stops it
from being published."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from summitkit.sources.core.diagnostics import Diagnostic, warning
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.records.raw import Path_, RawRecord
from summitkit.sources.records.schema_errors import field_path
from summitkit.sources.schema import SLUG_PATTERN

# "TODO: title" in text, "todo-summit-id" where an id must go.
_PLACEHOLDER = re.compile(r"\s*todo\b", re.IGNORECASE)
_SLUG = re.compile(SLUG_PATTERN)


def is_placeholder(value: object) -> bool:
    """Whether a value is a TODO placeholder rather than content."""
    return isinstance(value, str) and _PLACEHOLDER.match(value) is not None


def may_hold_placeholder(raw: RawRecord) -> bool:
    """False when no value of the record can be a placeholder (the loader saw no
    'todo' in the file): no walk over every string of it."""
    return raw.may_hold_todo


def check_placeholders(corpus: Corpus) -> Iterator[Diagnostic]:
    """Placeholders in text; those where an id belongs are the reference check's."""
    for raw in corpus.origins.values():
        if not may_hold_placeholder(raw):
            continue
        for loc, value in _strings(raw.data):
            if is_placeholder(value) and not _SLUG.match(value):
                yield warning(
                    raw.position(loc),
                    f"{field_path(raw.data, loc)} still holds the placeholder '{value.strip()}'; "
                    "replace it before the record is circulated",
                    "content/placeholder",
                )


def check_empty_proposals(corpus: Corpus) -> Iterator[Diagnostic]:
    """A tabled proposal with no changes: what `summit new proposal` writes (its
    `changes:` commented out) until the delegation writes what it proposes."""
    for (kind, _), raw in corpus.origins.items():
        if kind != "proposal" or not isinstance(raw.data, dict):
            continue
        status = raw.data.get("status", "tabled")
        if status == "tabled" and not raw.data.get("changes"):
            yield warning(
                raw.position(("id",)),
                "the proposal lists no changes; write what it changes under 'changes:' "
                "(insert, delete, replace or substitute)",
                "proposal/no-changes",
            )


def _strings(value: Any, loc: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*loc, index))
