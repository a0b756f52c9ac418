"""The semantic changes beside the text, of validated records: their dumps compared
(`summitkit.diff.plain`: signatories, lead, status, action items, assessments, every
other field by its path), and a proposal's state."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel

from summitkit.diff import plain
from summitkit.diff.changes import FieldChange, NegotiationMove, RecordChange
from summitkit.diff.plain import walk
from summitkit.negotiation.state import proposal_state
from summitkit.sources.schema import Clause, Document, Proposal, Record


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


def compare_fields(old: Record, new: Record, change: RecordChange) -> None:
    """Fill in every semantic change between two records (`plain.compare_fields`, on
    their dumps)."""
    plain.compare_fields(old.kind, new.kind, dump(old), dump(new), change)


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
    return plain.document_moves(dump(old), dump(new))


def clause_fields(old: Clause, new: Clause) -> list[FieldChange]:
    """Changes to a paired clause's fields other than its id and text. A drafter's
    note is never published, so a redline does not show it either."""
    skip = {"id", "text", "note"}
    before = {k: v for k, v in dump(old).items() if k not in skip}
    after = {k: v for k, v in dump(new).items() if k not in skip}
    return list(walk(f"clauses[{new.id}]", before, after))
