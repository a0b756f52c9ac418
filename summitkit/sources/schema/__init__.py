"""The content model: one declarative class per record kind.

Each field's docstring becomes its description in the JSON Schema
(`summit schema`) and in the record reference of the README. Rules that span
several records (references, conflicts, lineage) live in `summitkit.sources.validate`.
The classes live in `base` (ids, labels, scales), `records` (facts) and
`documents` (statements and baskets), `negotiation` (proposals); this module names
every kind.
"""

from __future__ import annotations

from typing import Any

from summitkit.sources.schema.base import (
    SLUG_PATTERN,
    STATUS_SCALE_VERSION,
    TLP,
    CategoryRef,
    CentreRef,
    Citation,
    Claim,
    CommitmentRef,
    DelegationRef,
    DocumentRef,
    DocumentStatus,
    Lang,
    Model,
    NetworkRef,
    OrganizationRef,
    PartyRef,
    Record,
    Ref,
    ShorthandModel,
    Slug,
    SourceRef,
    StateRef,
    Status,
    SummitRef,
    Text,
)
from summitkit.sources.schema.benchmarks import (
    SELF_REPORT,
    Benchmark,
    BenchmarkRef,
    Impact,
    Level,
    Rating,
    Review,
    Scale,
    StateResponse,
    Verifiability,
)
from summitkit.sources.schema.documents import (
    ActionItem,
    Alternative,
    Basket,
    Clause,
    ClauseKind,
    ClauseStatus,
    Document,
    Signatory,
    Statement,
    StatementKind,
    Translation,
)
from summitkit.sources.schema.negotiation import (
    CHANGE_TYPES,
    Change,
    Insert,
    Proposal,
    ProposalStatus,
    Replace,
    Substitute,
)
from summitkit.sources.schema.records import (
    Assessment,
    Category,
    Centre,
    CentreStage,
    CentreType,
    Commitment,
    Network,
    Organization,
    PolicyRole,
    Report,
    ReportScope,
    ReportSection,
    Scope,
    Source,
    State,
    Summit,
    WorkingGroup,
)

__all__ = [
    "CHANGE_TYPES",
    "KINDS",
    "SELF_REPORT",
    "SLUG_PATTERN",
    "STATUS_SCALE_VERSION",
    "TLP",
    "ActionItem",
    "Alternative",
    "Assessment",
    "Basket",
    "Benchmark",
    "BenchmarkRef",
    "Category",
    "CategoryRef",
    "Centre",
    "CentreRef",
    "CentreStage",
    "CentreType",
    "Change",
    "Citation",
    "Claim",
    "Clause",
    "ClauseKind",
    "ClauseStatus",
    "Commitment",
    "CommitmentRef",
    "DelegationRef",
    "Document",
    "DocumentRef",
    "DocumentStatus",
    "Impact",
    "Insert",
    "Lang",
    "Level",
    "Model",
    "Network",
    "NetworkRef",
    "Organization",
    "OrganizationRef",
    "PartyRef",
    "PolicyRole",
    "Proposal",
    "ProposalStatus",
    "Rating",
    "Record",
    "Ref",
    "Replace",
    "Report",
    "ReportScope",
    "ReportSection",
    "Review",
    "Scale",
    "Scope",
    "ShorthandModel",
    "Signatory",
    "Slug",
    "Source",
    "SourceRef",
    "State",
    "StateRef",
    "StateResponse",
    "Statement",
    "StatementKind",
    "Status",
    "Substitute",
    "Summit",
    "SummitRef",
    "Text",
    "Translation",
    "Verifiability",
    "WorkingGroup",
    "document_schema",
]

KINDS: dict[str, type[Record]] = {
    model.kind: model
    for model in (
        Source, State, Organization, Summit, Network, Centre, Category,
        Commitment, Statement, Basket, Report, Proposal, Benchmark,
    )
}  # fmt: skip


def document_schema(kind: str | None = None) -> dict[str, Any]:
    """JSON Schema of one record kind, or of any record (for editors)."""
    from pydantic.json_schema import models_json_schema

    if kind is not None:
        schema = KINDS[kind].model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        return schema
    _, combined = models_json_schema(
        [(model, "validation") for model in KINDS.values()],
        title="summitkit record",
    )
    combined["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    combined["anyOf"] = [{"$ref": f"#/$defs/{model.__name__}"} for model in KINDS.values()]
    return combined
