"""Validated records as the comparison reads them: their dumps (compared by
`summitkit.diff.plain`), and a proposal's state."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Any

from pydantic import BaseModel

from summitkit.diff.changes import NegotiationMove
from summitkit.negotiation.state import proposal_state
from summitkit.sources.schema import Proposal, Record


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


def proposal_moves(old: Record | None, new: Record | None) -> list[NegotiationMove]:
    """A proposal that moved: tabled, withdrawn, accepted or rejected."""
    if not (isinstance(old, Proposal) or isinstance(new, Proposal)):
        return []
    # Each side's state as that side's record says it: rejected is rejected.
    before = proposal_state(old) if isinstance(old, Proposal) else None
    after = proposal_state(new) if isinstance(new, Proposal) else None
    present = new if isinstance(new, Proposal) else old
    assert isinstance(present, Proposal)
    if before == after:
        return []
    return [NegotiationMove("proposal", present.id, before, after, tuple(present.by))]
