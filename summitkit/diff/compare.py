"""The comparison engine: two corpora, or two records, → a change set."""

from __future__ import annotations

from summitkit.diff.align import Pair, align
from summitkit.diff.changes import (
    ChangeSet,
    ClauseChange,
    ClauseStatus,
    FieldChange,
    RecordChange,
    Side,
)
from summitkit.diff.fields import clause_fields, compare_fields, dump, negotiation_moves
from summitkit.diff.plain import STALE
from summitkit.diff.tokens import Redline, Segment, deleted_only, inserted_only, redline
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.rules.translations import stale_translations
from summitkit.sources.schema import Clause, Document, Record


def compare_corpora(
    old: Corpus,
    new: Corpus,
    old_side: Side,
    new_side: Side,
    keys: set[tuple[str, str]] | None = None,
    unchanged: int = 0,
) -> ChangeSet:
    """Every record matched by kind and id; changed, added and removed ones reported.

    `keys` limits the comparison to those records (the ones whose files differ),
    `unchanged` counts the others, known to be equal without loading them.
    """
    changes = ChangeSet(old_side, new_side, "corpus", records_unchanged=unchanged)
    if keys is None:
        keys = {(r.kind, r.id) for r in old} | {(r.kind, r.id) for r in new}
    for kind, id in sorted(keys):
        before, after = old.get(kind, id), new.get(kind, id)
        if before is None and after is None:
            # Git lists its file, the audience filter removed both sides: say only that.
            changes.records_restricted += 1
            continue
        if before is not None and after is not None and dump(before) == dump(after):
            changes.records_unchanged += 1
            continue
        changes.records.append(compare_records(before, after))
    return changes


def compare_pair(old: Record, new: Record, old_side: Side, new_side: Side) -> ChangeSet:
    """Two records: one record at two revisions, or two documents of a lineage."""
    changes = ChangeSet(old_side, new_side, "records")
    changes.records.append(compare_records(old, new))
    return changes


def compare_records(old: Record | None, new: Record | None) -> RecordChange:
    """One record's changes; either side may be missing (added or removed record)."""
    present = new if new is not None else old
    assert present is not None
    change = RecordChange(
        kind=present.kind if old is None or new is None or old.kind == new.kind else "document",
        status="added" if old is None else "removed" if new is None else "modified",
        old_id=old.id if old is not None else None,
        new_id=new.id if new is not None else None,
        title=_title(present),
    )
    if isinstance(present, Document):
        change.language = present.languages[0] if present.languages else "en"
        change.new_status = new.status.value if isinstance(new, Document) else None
        change.old_status = old.status.value if isinstance(old, Document) else None
        change.new_revision = new.revision if isinstance(new, Document) else None
    if old is not None and new is not None:
        compare_fields(old, new, change)
    change.negotiation = negotiation_moves(old, new)
    change.clauses = compare_clauses(_clauses(old), _clauses(new))
    return change


def _title(record: Record) -> str:
    for name in ("title", "name"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return value
    return record.id


def _clauses(record: Record | None) -> list[Clause]:
    return list(record.clauses) if isinstance(record, Document) else []


def compare_clauses(old: list[Clause], new: list[Clause]) -> list[ClauseChange]:
    """Every clause of both documents, in reading order, with its redline."""
    return [
        clause_change(
            old[pair.old] if pair.old is not None else None,
            new[pair.new] if pair.new is not None else None,
            pair,
        )
        for pair in align(old, new)
    ]


def clause_change(old: Clause | None, new: Clause | None, pair: Pair) -> ClauseChange:
    fields: list[FieldChange] = []
    status: ClauseStatus
    if old is None:
        assert new is not None
        status, lines = "added", inserted_only(new.text)
    elif new is None:
        status, lines = "removed", deleted_only(old.text)
    else:
        lines = redline(old.text, new.text) if old.text != new.text else _same(new.text)
        # Most clauses of two drafts are equal: no need to walk their fields.
        fields = [] if old == new else clause_fields(old, new)
        if old.text != new.text:
            # The source moved on: translations made from the earlier text are stale.
            fields += [
                FieldChange(f"clauses[{new.id}].translations.{lang}", "current", STALE)
                for lang in stale_translations(new)
            ]
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
        kind=present.kind.value,
        redline=lines,
        moved=pair.moved,
        matched_by=pair.matched_by,
        similarity=pair.similarity,
        fields=tuple(fields),
    )


def _same(text: str) -> Redline:
    return Redline((Segment("equal", text),) if text else (), 0, 0)
