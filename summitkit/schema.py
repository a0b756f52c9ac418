"""The content model: one declarative class per record kind.

Each field's docstring becomes its description in the JSON Schema
(`summit schema`) and in the record reference of the README. Rules that span
several records (references, conflicts, lineage) live in `summitkit.validate`.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=80)]
"""A record or clause id: lowercase letters, digits and hyphens, starting with a letter or digit."""


class Ref:
    """Marks a field as a reference to records of the given kinds; `validate` checks it."""

    def __init__(self, *kinds: str) -> None:
        self.kinds = kinds

    def __repr__(self) -> str:
        return f"Ref{self.kinds}"


SourceRef = Annotated[Slug, Ref("source")]
StateRef = Annotated[Slug, Ref("state")]
OrganizationRef = Annotated[Slug, Ref("organization")]
SummitRef = Annotated[Slug, Ref("summit")]
NetworkRef = Annotated[Slug, Ref("network")]
CentreRef = Annotated[Slug, Ref("centre")]
CategoryRef = Annotated[Slug, Ref("category")]
CommitmentRef = Annotated[Slug, Ref("commitment")]
DocumentRef = Annotated[Slug, Ref("statement", "basket")]
PartyRef = Annotated[Slug, Ref("state", "centre", "network", "organization")]

Text = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
Lang = Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]


class TLP(StrEnum):
    """FIRST Traffic Light Protocol 2.0 labels, from least to most restricted."""

    CLEAR = "TLP:CLEAR"
    GREEN = "TLP:GREEN"
    AMBER = "TLP:AMBER"
    AMBER_STRICT = "TLP:AMBER+STRICT"
    RED = "TLP:RED"

    @property
    def rank(self) -> int:
        return list(TLP).index(self)


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


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, validate_default=False)


class ShorthandModel(Model):
    """A model that may also be written as a plain id string."""

    @classmethod
    def __get_pydantic_json_schema__(
        cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        full = handler(core_schema)
        return {"anyOf": [{"type": "string", "pattern": SLUG_PATTERN}, full]}


class Citation(ShorthandModel):
    """A pointer to a source record, optionally with a locator such as a page.
    Written as the source id alone, or as a mapping with a locator."""

    source: SourceRef
    """Id of the source record."""
    locator: str | None = None
    """Where in the source: a page, paragraph or section."""

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value: Any) -> Any:
        return {"source": value} if isinstance(value, str) else value


class Claim(Model):
    """A claim about one field of this record that a source makes and that may
    disagree with the value the record holds; `summit check` warns where it does."""

    field: str
    """The field the claim is about: a dotted path; a state id addresses one
    signatory (`signatories.kor`)."""
    value: Any
    """What the source says the field holds (for a signatory: true or false)."""
    sources: list[Citation] = Field(min_length=1)
    """The sources that make the claim."""
    note: str | None = None
    """Why the claims differ, in the corpus's own words."""


class Record(Model):
    """Fields every record has."""

    kind: ClassVar[str]
    id: Slug
    """Stable, unique id within its kind; never reused once published. Equals the file name."""
    sensitivity: TLP | None = None
    """TLP 2.0 label of the whole record; unmarked material is TLP:CLEAR."""
    sources: list[Citation] = []
    """Sources for the record's facts."""
    claims: list[Claim] = []
    """Claims of other sources that may disagree with the record's values."""
    field_sensitivity: dict[str, TLP] = {}
    """TLP label for single fields of this record, by field name."""


class Source(Record):
    """A published document that facts in the corpus cite."""

    kind: ClassVar[str] = "source"
    title: Text
    """Title of the document as published."""
    author: str | None = None
    """Person or organization that wrote it, where known."""
    publisher: str | None = None
    """Who published it, where known."""
    date: dt.date | None = None
    """Publication date, where known."""
    url: str | None = None
    """Where it can be read (as recorded; links rot)."""
    note: str | None = None
    """What the source is, and anything a reader should know about it."""


class State(Record):
    """A state taking part in the summit process."""

    kind: ClassVar[str] = "state"
    iso3: Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
    """ISO 3166-1 alpha-3 code; the record id is its lowercase form."""
    name: Text
    """Name as used in summit documents (Republic of Korea)."""
    short_name: Text
    """English short name by which lists are ordered (Korea, Republic of)."""
    regions: list[Slug] = []
    """Regions the state belongs to, as slugs (northeast-asia, europe, ...)."""

    @field_validator("iso3")
    @classmethod
    def _id_matches_code(cls, iso3: str, info: ValidationInfo) -> str:
        state_id = info.data.get("id")
        if state_id is not None and state_id != iso3.lower():
            raise PydanticCustomError(
                "state_id_iso3",
                "'{iso3}' does not match the id '{id}'; a state's id is its ISO code in lowercase",
                {"iso3": iso3, "id": state_id},
            )
        return iso3


class Organization(Record):
    """An international organization (IAEA, EU, UN, INTERPOL, ...)."""

    kind: ClassVar[str] = "organization"
    name: Text
    """Full name."""
    short_name: Text
    """Short name or acronym used in lists."""
    url: str | None = None


class Summit(Record):
    """One summit round."""

    kind: ClassVar[str] = "summit"
    title: Text
    """Name of the round (Seoul Nuclear Security Summit)."""
    city: Text
    start: dt.date
    """First day."""
    end: dt.date
    """Last day."""
    host: StateRef
    """Host state (state id)."""
    participants: list[StateRef] = []
    """Participating states (state ids), where the sources list them."""
    organizations: list[OrganizationRef] = []
    """Participating international organizations (organization ids)."""
    participants_note: str | None = None
    """The count as the sources give it, where no list is at hand."""

    @field_validator("end")
    @classmethod
    def _dates_in_order(cls, end: dt.date, info: ValidationInfo) -> dt.date:
        start = info.data.get("start")
        if start is not None and end < start:
            raise PydanticCustomError(
                "summit_dates",
                "{end} is before the start, {start}; a summit ends on or after the day it starts",
                {"end": end.isoformat(), "start": start.isoformat()},
            )
        return end


class WorkingGroup(Model):
    id: Slug
    name: Text


class Network(Record):
    """A network of centres or states (INNSTSC, EU CBRN CoE, ...)."""

    kind: ClassVar[str] = "network"
    name: Text
    acronym: str | None = None
    coordinator: OrganizationRef | None = None
    """Organization that coordinates it (organization id)."""
    parent: NetworkRef | None = None
    """Network this one is part of (network id)."""
    established: int | dt.date | None = None
    """Year or date the network was set up."""
    members: list[StateRef] = []
    """Member states (state ids), where the sources list them."""
    centres: list[CentreRef] = []
    """Member centres (centre ids)."""
    working_groups: list[WorkingGroup] = []
    description: str | None = None
    """What the network does, in the corpus's own words."""


class CentreType(StrEnum):
    COE = "coe"
    NSSC = "nssc"
    LABORATORY = "laboratory"


class Scope(StrEnum):
    NATIONAL = "national"
    REGIONAL = "regional-hub"


class PolicyRole(StrEnum):
    """The brief's path for a policy role of centres."""

    TRAINING = "training"
    RESEARCH = "research-and-development"
    PEER_REVIEW = "peer-review"
    TRACKING = "tracking-implementation"
    REPORTING = "regional-reporting"


class CentreStage(StrEnum):
    CONSIDERED = "considered"
    ANNOUNCED = "announced"
    PLANNED = "planned"
    ESTABLISHED = "established"


class Centre(Record):
    """A centre of excellence (COE), nuclear security support centre (NSSC) or laboratory."""

    kind: ClassVar[str] = "centre"
    name: Text
    host: StateRef
    """Host state (state id)."""
    type: CentreType
    stage: CentreStage
    """How far the centre had come, as the sources tell."""
    announced_at: SummitRef | None = None
    """Summit round at which it was announced (summit id)."""
    established: int | dt.date | None = None
    """Year or date it was established."""
    focus: list[str] = []
    """Focus areas (training, forensics, ...)."""
    scope: Scope = Scope.NATIONAL
    networks: list[NetworkRef] = []
    """Networks it belongs to (network ids)."""
    policy_roles: list[PolicyRole] = []
    """Policy roles it has taken on or been proposed for."""
    description: str | None = None


class Category(Record):
    """A commitment category: one of the summits' own themes."""

    kind: ClassVar[str] = "category"
    title: Text
    description: str | None = None


class Assessment(Model):
    """What was known of a commitment's progress at one round or date."""

    round: SummitRef | None = None
    """Summit round at which the status held (summit id)."""
    date: dt.date | None = None
    """Date at which the status held, where it is not a round."""
    status: Status
    evidence: str
    """What the status rests on, in the corpus's own words."""
    sources: list[Citation] = []
    assessor: str | None = None
    """Who made the assessment."""

    @model_validator(mode="after")
    def _round_or_date(self) -> Assessment:
        if self.round is None and self.date is None:
            raise PydanticCustomError(
                "assessment_when", "an assessment names the round or the date it holds for"
            )
        if self.status is not Status.NO_EVIDENCE and not self.sources:
            raise PydanticCustomError(
                "assessment_sources",
                "status '{status}' needs sources; else use 'no evidence'",
                {"status": self.status.value},
            )
        return self


class Commitment(Record):
    """A national commitment made at a summit round."""

    kind: ClassVar[str] = "commitment"
    made_by: StateRef
    """State that made it (state id)."""
    made_at: SummitRef
    """Summit round (summit id)."""
    category: CategoryRef
    """Category (category id)."""
    text: Text
    """What was committed, in the corpus's own words."""
    target: int | dt.date | None = None
    """Year or date by which it was to be done."""
    assessments: list[Assessment] = []
    """Progress over time; the latest at or before a round is the status as of that round."""


class ClauseKind(StrEnum):
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    HEADING = "heading"


class Translation(Model):
    text: Text
    source_hash: str | None = None
    """Hash of the source-language text the translation was made from."""


class Clause(Model):
    """The unit of drafting and of comparison."""

    id: Slug
    """Stable clause id (pp1, op3, or any slug); unique within the document, never reused."""
    kind: ClauseKind = ClauseKind.OPERATIVE
    text: Text
    """reST inline markup, one sentence per line."""
    translations: dict[Lang, Translation | Text] = {}
    """Text in other languages, by BCP 47 tag."""
    sensitivity: TLP | None = None
    note: str | None = None
    """Drafter's note; never published."""
    sources: list[Citation] = []


class Signatory(ShorthandModel):
    """A state or organization that joined a document; a plain string is a state id."""

    state: StateRef | None = None
    organization: OrganizationRef | None = None
    date: dt.date | None = None
    """When it joined, where later than the document."""
    sources: list[Citation] = []

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value: Any) -> Any:
        return {"state": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_party(self) -> Signatory:
        if (self.state is None) == (self.organization is None):
            raise PydanticCustomError(
                "signatory_party", "a signatory names a state or an organization, not both"
            )
        return self

    @property
    def party(self) -> str:
        return self.state or self.organization or ""


class StatementKind(StrEnum):
    COMMUNIQUE = "communique"
    JOINT_STATEMENT = "joint-statement"
    GIFT_BASKET = "gift-basket"
    WORK_PLAN = "work-plan"
    ACTION_PLAN = "action-plan"
    NATIONAL_STATEMENT = "national-statement"


class Document(Record):
    """Fields shared by statements and gift baskets."""

    title: Text
    round: SummitRef
    """Summit round (summit id): where it was issued, or for a draft, its target."""
    status: DocumentStatus = DocumentStatus.DRAFT
    revision: int = Field(default=1, ge=0)
    date: dt.date | None = None
    lead: list[StateRef] = []
    """Lead or chair states (state ids); listed first among signatories."""
    signatories: list[Signatory] = []
    follows: DocumentRef | None = None
    """The document this one continues (statement or basket id)."""
    summary: str | None = None
    """What the document does, in the corpus's own words."""
    languages: list[Lang] = ["en"]
    """Authentic languages; the first is the source language."""
    clauses: list[Clause] = []
    retired_ids: list[Slug] = []
    """Clause ids used before and reserved forever."""
    changes_annex: bool = False
    """Include a 'changes since the document it follows' annex."""

    @property
    def all_languages(self) -> list[str]:
        """The authentic languages, then the languages of working translations."""
        found = list(self.languages)
        for clause in self.clauses:
            found += [lang for lang in clause.translations if lang not in found]
        return found


class Statement(Document):
    """A communiqué, joint statement, work plan, action plan or national statement."""

    kind: ClassVar[str] = "statement"
    type: StatementKind = StatementKind.JOINT_STATEMENT
    hosted_by: list[StateRef] = []
    """States that hosted or coordinated it (state ids)."""


class ActionItem(Model):
    id: Slug
    title: Text
    owner: PartyRef
    """Who carries it out (state, centre, network or organization id)."""
    deliverable: Text
    due: int | dt.date | None = None
    commitments: list[CommitmentRef] = []
    """Commitments it serves (commitment ids)."""


class Basket(Document):
    """A gift-basket proposal: a joint commitment by a group of states."""

    kind: ClassVar[str] = "basket"
    co_sponsors: list[StateRef] = []
    """Co-sponsoring states (state ids)."""
    invited: list[StateRef] = []
    """States invited to join (state ids)."""
    objective: Text
    action_items: list[ActionItem] = []


class ReportSection(StrEnum):
    MEASURES = "measures"
    NATIONAL_TABLES = "national-tables"
    CENTRES = "centres"
    STATEMENTS = "statements"
    CHARTS = "charts"


class ReportScope(Model):
    """Which states a report covers: by region, by list, or by network membership."""

    region: Slug | None = None
    states: list[StateRef] = []
    network: NetworkRef | None = None
    all: bool = False
    """Every state in the corpus."""

    @model_validator(mode="after")
    def _one_way(self) -> ReportScope:
        ways = [self.region is not None, bool(self.states), self.network is not None, self.all]
        if sum(ways) != 1:
            raise PydanticCustomError(
                "scope_one_way", "give exactly one of region, states, network or all: true"
            )
        return self


class Report(Record):
    """A progress report's scope and sections."""

    kind: ClassVar[str] = "report"
    title: Text
    as_of: SummitRef
    """Summit round the report speaks as of (summit id)."""
    scope: ReportScope
    sections: list[ReportSection] = list(ReportSection)
    status: DocumentStatus = DocumentStatus.DRAFT
    revision: int = Field(default=1, ge=0)
    summary: str | None = None


KINDS: dict[str, type[Record]] = {
    model.kind: model
    for model in (
        Source, State, Organization, Summit, Network, Centre, Category,
        Commitment, Statement, Basket, Report,
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
