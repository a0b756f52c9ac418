"""The semantic changes beside the text: signatories, lead, status, action items,
assessments, and every other field by its path."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel

from summitkit.diff.changes import (
    AssessmentChange,
    FieldChange,
    ItemChange,
    ListChange,
    NegotiationMove,
    RecordChange,
)
from summitkit.diff.plain import walk
from summitkit.negotiation.state import proposal_state
from summitkit.sources.schema import (
    Assessment,
    Basket,
    Clause,
    Commitment,
    Document,
    Proposal,
    Record,
)

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


def dump(value: Any) -> Any:
    """A model as plain JSON values (dates as ISO strings), as `model_dump(mode="json")`
    gives them. Walked here, because pydantic builds a model's serializer the first
    time it dumps one and records from the cache were never built in this process:
    that took a third of a diff. A model with a serializer of its own is dumped by it."""
    if isinstance(value, BaseModel):
        model = type(value)
        if model.__pydantic_decorators__.model_serializers:
            return value.model_dump(mode="json")
        return {name: dump(getattr(value, name)) for name in model.model_fields}
    if isinstance(value, list | tuple | set | frozenset):  # JSON arrays, as pydantic's
        return [dump(item) for item in value]
    if isinstance(value, dict):
        return {key: dump(item) for key, item in value.items()}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def compare_fields(old: Record | None, new: Record | None, change: RecordChange) -> None:
    """Fill in every semantic change between two records (either may be absent)."""
    if isinstance(old, Document) or isinstance(new, Document):
        compare_signatories(_doc(old), _doc(new), change)
        change.lead = list_change(_ids(old, "lead"), _ids(new, "lead"))
    change.co_sponsors = list_change(_ids(old, "co_sponsors"), _ids(new, "co_sponsors"))
    change.status_change = value_change("status", old, new)
    change.revision_change = value_change("revision", old, new)
    if isinstance(old, Basket) or isinstance(new, Basket):
        change.action_items = compare_action_items(old, new)
    if isinstance(old, Commitment) or isinstance(new, Commitment):
        change.assessments = compare_assessments(old, new, change)
    old_rest = {k: v for k, v in (dump(old) if old else {}).items() if k not in SPECIAL}
    new_rest = {k: v for k, v in (dump(new) if new else {}).items() if k not in SPECIAL}
    change.fields.extend(walk("", old_rest, new_rest))


def negotiation_moves(old: Record | None, new: Record | None) -> list[NegotiationMove]:
    """Proposals that moved, and clause statuses and reservations of a document."""
    if isinstance(old, Proposal) or isinstance(new, Proposal):
        # Each side's state as that side's record says it: rejected is rejected.
        before = proposal_state(old) if isinstance(old, Proposal) else None
        after = proposal_state(new) if isinstance(new, Proposal) else None
        present = new if isinstance(new, Proposal) else old
        assert isinstance(present, Proposal)
        if before == after:
            return []
        return [NegotiationMove("proposal", present.id, before, after, tuple(present.by))]
    if not (isinstance(old, Document) and isinstance(new, Document)):
        return []
    moves = []
    earlier = {c.id: c for c in old.clauses}
    for clause in new.clauses:
        was = earlier.get(clause.id)
        if was is None:
            continue
        status_before, status_after = old.clause_status(was), new.clause_status(clause)
        if status_before != status_after:
            moves.append(
                NegotiationMove("clause-status", clause.id, status_before.value, status_after.value)
            )
        lifted = tuple(p for p in was.reserved_by if p not in clause.reserved_by)
        entered = tuple(p for p in clause.reserved_by if p not in was.reserved_by)
        if lifted:
            moves.append(NegotiationMove("reservation", clause.id, "held", None, lifted))
        if entered:
            moves.append(NegotiationMove("reservation", clause.id, None, "held", entered))
    return moves


def _doc(record: Record | None) -> Document | None:
    return record if isinstance(record, Document) else None


def _ids(record: Record | None, name: str) -> list[str]:
    return list(getattr(record, name, None) or [])


def value_change(name: str, old: Record | None, new: Record | None) -> FieldChange | None:
    before, after = getattr(old, name, None), getattr(new, name, None)
    before = getattr(before, "value", before)
    after = getattr(after, "value", after)
    if before == after or old is None or new is None:
        return None
    return FieldChange(name, before, after)


def list_change(old: list[str], new: list[str]) -> ListChange:
    return ListChange(
        added=tuple(x for x in new if x not in old),
        removed=tuple(x for x in old if x not in new),
    )


def compare_signatories(old: Document | None, new: Document | None, change: RecordChange) -> None:
    if old is None or new is None:
        return  # an added or removed record: its signatories are not "joined" or "left"
    before = {s.party: s for s in old.signatories}
    after = {s.party: s for s in new.signatories}
    change.signatories_joined = [p for p in after if p not in before]
    change.signatories_left = [p for p in before if p not in after]
    for party in (p for p in after if p in before):
        change.fields.extend(walk(f"signatories[{party}]", dump(before[party]), dump(after[party])))


def compare_action_items(old: Record | None, new: Record | None) -> list[ItemChange]:
    before = {item.id: item for item in getattr(old, "action_items", [])}
    after = {item.id: item for item in getattr(new, "action_items", [])}
    if old is None or new is None:
        return []
    changes = [ItemChange(i, "dropped", item.title) for i, item in before.items() if i not in after]
    for i, item in after.items():
        if i not in before:
            changes.append(ItemChange(i, "added", item.title))
            continue
        moved = tuple(walk("", dump(before[i]), dump(item)))
        if moved:
            changes.append(ItemChange(i, "changed", item.title, moved))
    return changes


def assessment_key(assessment: Assessment) -> str:
    """The round or date an assessment holds for, and who made it where it says:
    a self-report and an independent assessment of the same round are two."""
    if assessment.round is not None:
        when = assessment.round
    else:
        assert assessment.date is not None  # the schema requires a round or a date
        when = assessment.date.isoformat()
    return f"{when} by {assessment.by}" if assessment.by else when


def compare_assessments(
    old: Record | None, new: Record | None, change: RecordChange
) -> list[AssessmentChange]:
    if old is None or new is None:
        return []
    before = {assessment_key(a): a for a in getattr(old, "assessments", [])}
    after = {assessment_key(a): a for a in getattr(new, "assessments", [])}
    moved = []
    for key in [*before, *(k for k in after if k not in before)]:
        a, b = before.get(key), after.get(key)
        if a is None or b is None or a.status != b.status:
            moved.append(
                AssessmentChange(key, a.status.value if a else None, b.status.value if b else None)
            )
        if a is not None and b is not None:
            rest_a = {k: v for k, v in dump(a).items() if k != "status"}
            rest_b = {k: v for k, v in dump(b).items() if k != "status"}
            change.fields.extend(walk(f"assessments[{key}]", rest_a, rest_b))
    return moved


def clause_fields(old: Clause, new: Clause) -> list[FieldChange]:
    """Changes to a paired clause's fields other than its id and text. A drafter's
    note is never published, so a redline does not show it either."""
    skip = {"id", "text", "note"}
    before = {k: v for k, v in dump(old).items() if k not in skip}
    after = {k: v for k, v in dump(new).items() if k not in skip}
    return list(walk(f"clauses[{new.id}]", before, after))
