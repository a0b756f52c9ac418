"""The labels and scales records use: TLP sensitivity, commitment status, document status.

Plain enums, free of the schema's models, so that the command line can offer
them as choices without importing pydantic (`summit --help` starts fast);
`summitkit.sources.schema` re-exports them.
"""

from __future__ import annotations

from enum import StrEnum


class TLP(StrEnum):
    """FIRST Traffic Light Protocol 2.0 labels, from least to most restricted."""

    CLEAR = "TLP:CLEAR"
    GREEN = "TLP:GREEN"
    AMBER = "TLP:AMBER"
    AMBER_STRICT = "TLP:AMBER+STRICT"
    RED = "TLP:RED"

    @property
    def rank(self) -> int:
        return _TLP_RANK[self]


_TLP_RANK = {label: rank for rank, label in enumerate(TLP)}
"""Asked for every record, field and clause a build filters: a lookup, not a list."""


class Status(StrEnum):
    """Implementation status of a commitment: the Open Government Partnership's
    completion scale, as adopted by summitkit's status scale version 1."""

    NO_EVIDENCE = "no evidence"
    NOT_STARTED = "not started"
    LIMITED = "limited"
    SUBSTANTIAL = "substantial"
    COMPLETE = "complete"

    @property
    def rank(self) -> int:
        return list(Status).index(self)


STATUS_SCALE_VERSION = "summitkit-status/1 (OGP IRM completion scale)"


class DocumentStatus(StrEnum):
    """Where a deliverable stands in its life; anything but adopted is a draft."""

    DRAFT = "draft"
    CIRCULATED = "circulated"
    AGREED = "agreed"
    ADOPTED = "adopted"
    WITHDRAWN = "withdrawn"
