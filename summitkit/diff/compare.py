"""The comparison engine: two corpora, or two records, → a change set.

The records are compared as their dumps (`summitkit.diff.plain`, which the quick
diff of two revisions uses too), a proposal's state on the record (`fields`)."""

from __future__ import annotations

from summitkit.diff import plain
from summitkit.diff.changes import ChangeSet, RecordChange, Side
from summitkit.diff.fields import dump, proposal_moves
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import Record


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
    """One record's changes; either side may be missing (added or removed record).
    Compared on the records' dumps (`summitkit.diff.plain`), a proposal's state on
    the record."""
    present = new if new is not None else old
    assert present is not None
    same = old is None or new is None or old.kind == new.kind
    change = plain.compare_record(
        present.kind if same else "document",
        dump(old) if old is not None else None,
        dump(new) if new is not None else None,
        (old.kind if old is not None else None, new.kind if new is not None else None),
    )
    change.negotiation += proposal_moves(old, new)
    return change
