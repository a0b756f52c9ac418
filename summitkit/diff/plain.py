"""The comparison on plain data: records as JSON values (`fields.dump` of a validated
record), without the schema.

A text diff of two revisions (`summitkit.diff.quick`) reads the records as the dumps
a full diff kept, and compares them here when their changes are of clause text
alone: a statement or gift basket whose dumps differ only in their clauses, with no
clause status, reservation or translation that the engine would read as a move in
the negotiation or a stale translation. Anything else is `None`: the full engine
(`summitkit.diff.compare`) compares it. For what it compares, the change is the
engine's to the byte (tests/test_diff_quick.py holds the two to the same output).
"""

from __future__ import annotations

from typing import Any

from summitkit.diff.align import Pair, align
from summitkit.diff.changes import ClauseChange, ClauseStatus, FieldChange, RecordChange
from summitkit.diff.tokens import Redline, Segment, deleted_only, inserted_only, redline

DOCUMENTS = ("statement", "basket")
"""The kinds of `schema.Document`: the records with clauses."""
_NEGOTIATED = ("status", "reserved_by", "translations")
"""Clause fields whose change the engine reads beyond their values: left to it."""


class PlainClause:
    """A clause as plain data, with what aligning reads."""

    __slots__ = ("data", "id", "text")

    def __init__(self, data: dict[str, Any]) -> None:
        self.id: str = data["id"]
        self.text: str = data["text"]
        self.data = data


def walk(path: str, old: Any, new: Any) -> list[FieldChange]:
    """Field changes between two JSON values: mappings by key, lists of records with
    ids by id, any other value whole."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in [*old, *(k for k in new if k not in old)]:
            here = f"{path}.{key}" if path else str(key)
            found.extend(walk(here, old.get(key), new.get(key)))
        return found
    if _keyed(old) and _keyed(new):
        before = {item["id"]: item for item in old}
        after = {item["id"]: item for item in new}
        found = []
        for key in [*before, *(k for k in after if k not in before)]:
            found.extend(walk(f"{path}[{key}]", before.get(key), after.get(key)))
        return found
    return [FieldChange(path, old, new)]


def _keyed(value: Any) -> bool:
    return (
        isinstance(value, list)
        and bool(value)
        and all(isinstance(item, dict) and isinstance(item.get("id"), str) for item in value)
    )


def compare_documents(kind: str, old: dict[str, Any], new: dict[str, Any]) -> RecordChange | None:
    """A document modified in its clauses only, as `compare.compare_records` finds it;
    None for any other change (the engine's to compare)."""
    if kind not in DOCUMENTS or _without_clauses(old) != _without_clauses(new):
        return None
    clauses = [*old.get("clauses", []), *new.get("clauses", [])]
    if any(not isinstance(c, dict) or any(c.get(f) for f in _NEGOTIATED) for c in clauses):
        return None
    title = new.get("title") if isinstance(new.get("title"), str) else new.get("name")
    languages = new.get("languages") or []
    change = RecordChange(
        kind=kind,
        status="modified",
        old_id=old.get("id"),
        new_id=new.get("id"),
        title=title if isinstance(title, str) else str(new.get("id")),
        language=languages[0] if languages else "en",
        old_status=old.get("status"),
        new_status=new.get("status"),
        new_revision=new.get("revision"),
    )
    before = [PlainClause(c) for c in old.get("clauses", [])]
    after = [PlainClause(c) for c in new.get("clauses", [])]
    change.clauses = [
        clause_change(
            before[pair.old] if pair.old is not None else None,
            after[pair.new] if pair.new is not None else None,
            pair,
        )
        for pair in align(before, after)
    ]
    return change


def _without_clauses(record: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in record.items() if key != "clauses"}


def clause_change(old: PlainClause | None, new: PlainClause | None, pair: Pair) -> ClauseChange:
    """As `compare.clause_change`, for clauses without status, reservation or translation."""
    fields: list[FieldChange] = []
    status: ClauseStatus
    if old is None:
        assert new is not None
        status, lines = "added", inserted_only(new.text)
    elif new is None:
        status, lines = "removed", deleted_only(old.text)
    else:
        lines = redline(old.text, new.text) if old.text != new.text else _same(new.text)
        if old.data != new.data:
            skip = {"id", "text", "note"}
            before = {k: v for k, v in old.data.items() if k not in skip}
            after = {k: v for k, v in new.data.items() if k not in skip}
            fields = walk(f"clauses[{new.id}]", before, after)
        changed = lines.changed or fields or old.id != new.id
        status = "modified" if changed else "unchanged"
    present = new or old
    assert present is not None
    return ClauseChange(
        status=status,
        old_id=old.id if old else None,
        new_id=new.id if new else None,
        old_position=pair.old + 1 if pair.old is not None else None,
        new_position=pair.new + 1 if pair.new is not None else None,
        kind=present.data["kind"],
        redline=lines,
        moved=pair.moved,
        matched_by=pair.matched_by,
        similarity=pair.similarity,
        fields=tuple(fields),
    )


def _same(text: str) -> Redline:
    return Redline((Segment("equal", text),) if text else (), 0, 0)
