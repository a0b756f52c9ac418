"""The comparison on plain data: records as JSON values (`fields.dump` of a validated
record), without the schema.

The engine (`summitkit.diff.compare`) compares every field beside the text here, on
the two records' dumps: signatories, lead, co-sponsors, status, revision, action
items, assessments, every other field by its path, and the moves of a document's
clause statuses and reservations. A text diff of two revisions seen before
(`summitkit.diff.quick`) compares whole records here (`compare_record`), as the
dumps a full diff kept; what needs the schema (a proposal's state) is `None` there, and the full
diff runs.
tests/test_diff_quick.py holds both to the same output.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from summitkit.diff.align import Pair, align
from summitkit.diff.changes import (
    AssessmentChange,
    ChangeSet,
    ClauseChange,
    ClauseStatus,
    FieldChange,
    ItemChange,
    ListChange,
    NegotiationMove,
    RecordChange,
)
from summitkit.diff.tokens import Redline, Segment, deleted_only, inserted_only, redline

DOCUMENTS = ("statement", "basket")
"""The kinds of `schema.Document`: the records with clauses."""
STALE = "stale: made from the earlier text"
SETTLED = ("agreed", "adopted")
"""Document statuses whose clauses are agreed unless they say otherwise."""

#: Fields compared by the engine's own rules, not as plain values.
SPECIAL = {
    "id",
    "clauses",
    "signatories",
    "lead",
    "co_sponsors",
    "status",
    "revision",
    "action_items",
    "assessments",
}


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


def compare_fields(
    old_kind: str, new_kind: str, old: dict[str, Any], new: dict[str, Any], change: RecordChange
) -> None:
    """Fill in every semantic change between two records' dumps."""
    if old_kind in DOCUMENTS or new_kind in DOCUMENTS:
        if old_kind in DOCUMENTS and new_kind in DOCUMENTS:
            compare_signatories(old, new, change)
        change.lead = list_change(_ids(old, "lead"), _ids(new, "lead"))
    change.co_sponsors = list_change(_ids(old, "co_sponsors"), _ids(new, "co_sponsors"))
    change.status_change = value_change("status", old, new)
    change.revision_change = value_change("revision", old, new)
    if "basket" in (old_kind, new_kind):
        change.action_items = compare_action_items(old, new)
    if "commitment" in (old_kind, new_kind):
        change.assessments = compare_assessments(old, new, change)
    old_rest = {k: v for k, v in old.items() if k not in SPECIAL}
    new_rest = {k: v for k, v in new.items() if k not in SPECIAL}
    change.fields.extend(walk("", old_rest, new_rest))


def _ids(record: dict[str, Any], name: str) -> list[str]:
    return list(record.get(name) or [])


def value_change(name: str, old: dict[str, Any], new: dict[str, Any]) -> FieldChange | None:
    before, after = old.get(name), new.get(name)
    return None if before == after else FieldChange(name, before, after)


def list_change(old: list[str], new: list[str]) -> ListChange:
    return ListChange(
        added=tuple(x for x in new if x not in old),
        removed=tuple(x for x in old if x not in new),
    )


def _party(signatory: dict[str, Any]) -> str:
    return signatory.get("state") or signatory.get("organization") or ""


def compare_signatories(old: dict[str, Any], new: dict[str, Any], change: RecordChange) -> None:
    before = {_party(s): s for s in old.get("signatories") or []}
    after = {_party(s): s for s in new.get("signatories") or []}
    change.signatories_joined = [p for p in after if p not in before]
    change.signatories_left = [p for p in before if p not in after]
    for party in (p for p in after if p in before):
        change.fields.extend(walk(f"signatories[{party}]", before[party], after[party]))


def compare_action_items(old: dict[str, Any], new: dict[str, Any]) -> list[ItemChange]:
    before = {item["id"]: item for item in old.get("action_items") or []}
    after = {item["id"]: item for item in new.get("action_items") or []}
    changes = [
        ItemChange(i, "dropped", item["title"]) for i, item in before.items() if i not in after
    ]
    for i, item in after.items():
        if i not in before:
            changes.append(ItemChange(i, "added", item["title"]))
            continue
        moved = tuple(walk("", before[i], item))
        if moved:
            changes.append(ItemChange(i, "changed", item["title"], moved))
    return changes


def assessment_key(assessment: dict[str, Any]) -> str:
    """The round or date an assessment holds for, and who made it where it says:
    a self-report and an independent assessment of the same round are two."""
    when = assessment.get("round")
    if when is None:
        when = assessment["date"]  # the schema requires a round or a date
    by = assessment.get("by")
    return f"{when} by {by}" if by else str(when)


def compare_assessments(
    old: dict[str, Any], new: dict[str, Any], change: RecordChange
) -> list[AssessmentChange]:
    before = {assessment_key(a): a for a in old.get("assessments") or []}
    after = {assessment_key(a): a for a in new.get("assessments") or []}
    moved = []
    for key in [*before, *(k for k in after if k not in before)]:
        a, b = before.get(key), after.get(key)
        if a is None or b is None or a["status"] != b["status"]:
            moved.append(
                AssessmentChange(key, a["status"] if a else None, b["status"] if b else None)
            )
        if a is not None and b is not None:
            rest_a = {k: v for k, v in a.items() if k != "status"}
            rest_b = {k: v for k, v in b.items() if k != "status"}
            change.fields.extend(walk(f"assessments[{key}]", rest_a, rest_b))
    return moved


def clause_status(document: dict[str, Any], clause: dict[str, Any]) -> str:
    """A clause's status: its own, or the one its document's status implies
    (`schema.Document.clause_status`)."""
    if clause.get("status") is not None:
        return str(clause["status"])
    return "agreed" if document.get("status") in SETTLED else "open"


def document_moves(old: dict[str, Any], new: dict[str, Any]) -> list[NegotiationMove]:
    """Clause statuses and reservations that moved between two documents."""
    moves = []
    earlier = {c["id"]: c for c in old.get("clauses") or []}
    for clause in new.get("clauses") or []:
        was = earlier.get(clause["id"])
        if was is None:
            continue
        status_before, status_after = clause_status(old, was), clause_status(new, clause)
        if status_before != status_after:
            moves.append(
                NegotiationMove("clause-status", clause["id"], status_before, status_after)
            )
        held, holds = was.get("reserved_by") or [], clause.get("reserved_by") or []
        lifted = tuple(p for p in held if p not in holds)
        entered = tuple(p for p in holds if p not in held)
        if lifted:
            moves.append(NegotiationMove("reservation", clause["id"], "held", None, lifted))
        if entered:
            moves.append(NegotiationMove("reservation", clause["id"], None, "held", entered))
    return moves


def compare_record(
    kind: str,
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    kinds: tuple[str | None, str | None] | None = None,
) -> RecordChange:
    """One record's changes, from the dumps of both sides (either may be missing: an
    added or removed record). `kind` is the change's; `kinds` each side's where they
    differ (two documents of a lineage: `kind` is "document"). The moves of a
    document's clauses are found here; a proposal's state is the engine's to add."""
    old_kind, new_kind = kinds or (kind, kind)
    present, present_kind = (new, new_kind) if new is not None else (old, old_kind)
    assert present is not None
    change = RecordChange(
        kind=kind,
        status="added" if old is None else "removed" if new is None else "modified",
        old_id=old["id"] if old is not None else None,
        new_id=new["id"] if new is not None else None,
        title=_title(present),
    )
    old_document = old is not None and old_kind in DOCUMENTS
    new_document = new is not None and new_kind in DOCUMENTS
    if present_kind in DOCUMENTS:
        languages = present.get("languages") or []
        change.language = languages[0] if languages else "en"
        change.new_status = new.get("status") if new is not None and new_document else None
        change.old_status = old.get("status") if old is not None and old_document else None
        change.new_revision = new.get("revision") if new is not None and new_document else None
    if old is not None and new is not None:
        compare_fields(old_kind or kind, new_kind or kind, old, new, change)
        if old_document and new_document:
            change.negotiation = document_moves(old, new)
    before = [PlainClause(c) for c in old.get("clauses") or []] if old and old_document else []
    after = [PlainClause(c) for c in new.get("clauses") or []] if new and new_document else []
    change.clauses = [
        clause_change(
            before[pair.old] if pair.old is not None else None,
            after[pair.new] if pair.new is not None else None,
            pair,
        )
        for pair in align(before, after)
    ]
    return change


def _title(record: dict[str, Any]) -> str:
    for name in ("title", "name"):
        value = record.get(name)
        if isinstance(value, str):
            return value
    return str(record["id"])


def stale_translations(clause: dict[str, Any]) -> list[str]:
    """Languages whose translation of the clause was made from another source text, as
    `rules.translations.stale_translations` finds them in the validated clause."""
    translations = clause.get("translations")
    if not translations:
        return []  # most clauses: no hash of the text to make
    current = source_hash(clause["text"])
    return [
        lang
        for lang, translation in translations.items()
        if isinstance(translation, dict)
        and translation.get("source_hash") is not None
        and translation["source_hash"] != current
    ]


def source_hash(text: str) -> str:
    """`rules.translations.source_hash` (that module imports the schema)."""
    import hashlib

    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def party_names(changes: ChangeSet, *lookups: Callable[[str], str]) -> dict[str, str]:
    """Display names of the parties the changes mention, by id: the first lookup (a
    side's `Corpus.party_name`) that knows a name other than the id."""
    mentioned: set[str] = set()
    for record in changes.records:
        mentioned.update(record.signatories_joined, record.signatories_left)
        mentioned.update(record.lead.added, record.lead.removed)
        mentioned.update(record.co_sponsors.added, record.co_sponsors.removed)
        for move in record.negotiation:
            mentioned.update(move.parties)
        for clause in record.clauses:
            for credit in clause.credits:
                mentioned.update(credit.by)
    names = {}
    for party in sorted(mentioned):
        for lookup in lookups:
            name = lookup(party)
            if name != party:
                names[party] = name
                break
    return names


def clause_change(old: PlainClause | None, new: PlainClause | None, pair: Pair) -> ClauseChange:
    """As `compare.clause_change`, for clauses as plain data."""
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
        if old.text != new.text:
            # The source moved on: translations made from the earlier text are stale.
            fields += [
                FieldChange(f"clauses[{new.id}].translations.{lang}", "current", STALE)
                for lang in stale_translations(new.data)
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
        kind=present.data["kind"],
        redline=lines,
        moved=pair.moved,
        matched_by=pair.matched_by,
        similarity=pair.similarity,
        fields=tuple(fields),
    )


def _same(text: str) -> Redline:
    return Redline((Segment("equal", text),) if text else (), 0, 0)
