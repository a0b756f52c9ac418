"""Schema: the content model, one declarative class per record kind.

Each field's docstring becomes its description in the JSON Schema
(`summit schema`) and in the record reference of the README. Rules that span
several records (references, conflicts, lineage) live in `summitkit.sources.rules`.
Imports only from `sources.core`.
The classes live in `base` (ids, labels, scales), `records` (facts) and
`documents` (statements and baskets), `negotiation` (proposals); this module names
every kind.

These modules are the only ones without ``from __future__ import annotations``:
pydantic would compile and evaluate every annotation string when the classes are
made, which every command that reads records pays at start-up. Annotations that
name their own class (validators returning ``self``) are quoted.
"""

import ast
import inspect
import sys
from functools import cache
from typing import Any

from summitkit.sources.core.scales import STATUS_SCALE_VERSION, TLP, DocumentStatus, Status
from summitkit.sources.schema.base import (
    SLUG_PATTERN,
    CategoryRef,
    CentreRef,
    Citation,
    Claim,
    CommitmentRef,
    DelegationRef,
    DocumentRef,
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
    Decision,
    Digest,
    Fate,
    Insert,
    Position,
    Proposal,
    ProposalRef,
    ProposalStatus,
    Receipt,
    Replace,
    Stance,
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
from summitkit.sources.schema.review import Comment

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
    "Comment",
    "Commitment",
    "CommitmentRef",
    "Decision",
    "DelegationRef",
    "Digest",
    "Document",
    "DocumentRef",
    "DocumentStatus",
    "Fate",
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
    "Position",
    "Proposal",
    "ProposalRef",
    "ProposalStatus",
    "Rating",
    "Receipt",
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
    "Stance",
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
    "describe_fields",
    "document_schema",
]

KINDS: dict[str, type[Record]] = {
    model.kind: model
    for model in (
        Source, State, Organization, Summit, Network, Centre, Category,
        Commitment, Statement, Basket, Report, Proposal, Position, Benchmark, Comment,
    )
}  # fmt: skip


@cache
def describe_fields() -> None:
    """Give every field of every model its docstring as description (for the JSON
    Schema, `summit new` and the README); read from the source once, on demand."""
    models: list[type[Model]] = []
    pending: list[type[Model]] = [Model]
    while pending:
        model = pending.pop()
        models.append(model)
        pending.extend(model.__subclasses__())
    docs: dict[type[Any], dict[str, str]] = {}
    for module in {m.__module__ for m in models}:
        tree = ast.parse(inspect.getsource(sys.modules[module]))
        defined = {m.__qualname__: m for m in models if m.__module__ == module}
        for node in ast.walk(tree):
            if isinstance(node, ast.ClassDef) and node.name in defined:
                docs[defined[node.name]] = _attribute_docstrings(node)
    for model in models:
        for name, info in model.model_fields.items():
            if info.description is None:
                owner = next((c for c in model.__mro__ if name in docs.get(c, {})), None)
                if owner is not None:
                    info.description = docs[owner][name]
    for model in models * 2:  # twice: a model's schema embeds those of its fields
        if model is not Model:
            model.model_rebuild(force=True)


def _attribute_docstrings(node: ast.ClassDef) -> dict[str, str]:
    """`field: type` followed by a string: the string is the field's docstring."""
    found = {}
    for first, second in zip(node.body, node.body[1:], strict=False):
        if (
            isinstance(first, ast.AnnAssign)
            and isinstance(first.target, ast.Name)
            and isinstance(second, ast.Expr)
            and isinstance(second.value, ast.Constant)
            and isinstance(second.value.value, str)
        ):
            found[first.target.id] = inspect.cleandoc(second.value.value)
    return found


def document_schema(kind: str | None = None) -> dict[str, Any]:
    """JSON Schema of one record kind, or of any record (for editors)."""
    from pydantic.json_schema import GenerateJsonSchema, NoDefault, models_json_schema
    from pydantic_core import core_schema

    class WithEmptyDefaults(GenerateJsonSchema):
        """Shows `[]` and `{}` for the fields that start empty (a default factory)."""

        def get_default_value(self, schema: core_schema.WithDefaultSchema) -> Any:
            factory = schema.get("default_factory")
            if factory in (list, dict) and not schema.get("default_factory_takes_data"):
                return factory()
            return schema.get("default", NoDefault)

    describe_fields()
    if kind is not None:
        schema = KINDS[kind].model_json_schema(schema_generator=WithEmptyDefaults)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        return schema
    _, combined = models_json_schema(
        [(model, "validation") for model in KINDS.values()],
        title="summitkit record",
        schema_generator=WithEmptyDefaults,
    )
    combined["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    combined["anyOf"] = [{"$ref": f"#/$defs/{model.__name__}"} for model in KINDS.values()]
    return combined
