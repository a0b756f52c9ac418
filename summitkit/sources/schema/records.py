"""The record kinds that hold facts: sources, states, organizations, summits,
networks, centres, categories, commitments and their assessments, reports."""

import datetime as dt
from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import (
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from summitkit.sources.schema.base import (
    BasketRef,
    CategoryRef,
    CentreRef,
    Citation,
    CommitmentRef,
    DocumentStatus,
    Lang,
    Model,
    NetworkRef,
    OrganizationRef,
    Record,
    Slug,
    StateRef,
    Status,
    SummitRef,
    Text,
)
from summitkit.sources.schema.benchmarks import (
    SELF_REPORT,
    AssessorRef,
    Impact,
    Rating,
    Review,
    StateResponse,
    Verifiability,
)


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
    names: dict[Lang, Text] = Field(default_factory=dict)
    """Its name in other languages, by BCP 47 tag, where the one CLDR gives (through
    Babel, for the ISO code) is not the one to print: `{fr: République de Corée}`."""
    regions: list[Slug] = Field(default_factory=list)
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
    names: dict[Lang, Text] = Field(default_factory=dict)
    """Its name in other languages, by BCP 47 tag. CLDR (through Babel) names the
    organizations it lists as regions (European Union, United Nations); others need
    their names here."""
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
    participants: list[StateRef] = Field(default_factory=list)
    """Participating states (state ids), where the sources list them."""
    source_order: bool = False
    """The participants are listed in the order a source gives them (the chair first):
    `summit fmt` keeps that order instead of sorting them by id."""
    organizations: list[OrganizationRef] = Field(default_factory=list)
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
    names: dict[Lang, Text] = Field(default_factory=dict)
    """Its name in other languages, by BCP 47 tag (CLDR has none for networks)."""
    acronym: str | None = None
    coordinator: OrganizationRef | None = None
    """Organization that coordinates it (organization id)."""
    parent: NetworkRef | None = None
    """Network this one is part of (network id)."""
    established: int | dt.date | None = None
    """Year or date the network was set up."""
    members: list[StateRef] = Field(default_factory=list)
    """Member states (state ids), where the sources list them."""
    source_order: bool = False
    """The members are listed in the order a source gives them: `summit fmt` keeps that
    order instead of sorting them by id."""
    centres: list[CentreRef] = Field(default_factory=list)
    """Member centres (centre ids)."""
    working_groups: list[WorkingGroup] = Field(default_factory=list)
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
    names: dict[Lang, Text] = Field(default_factory=dict)
    """Its name in other languages, by BCP 47 tag (CLDR has none for centres)."""
    host: StateRef
    """Host state (state id)."""
    type: CentreType
    stage: CentreStage
    """How far the centre had come, as the sources tell."""
    announced_at: SummitRef | None = None
    """Summit round at which it was announced (summit id)."""
    established: int | dt.date | None = None
    """Year or date it was established."""
    focus: list[str] = Field(default_factory=list)
    """Focus areas (training, forensics, ...)."""
    scope: Scope = Scope.NATIONAL
    networks: list[NetworkRef] = Field(default_factory=list)
    """Networks it belongs to (network ids)."""
    policy_roles: list[PolicyRole] = Field(default_factory=list)
    """Policy roles it has taken on or been proposed for."""
    description: str | None = None


class Category(Record):
    """A commitment category: one of the summits' own themes."""

    kind: ClassVar[str] = "category"
    title: Text
    description: str | None = None


class Assessment(Model):
    """What was known of a commitment's progress at one round or date, on one or
    more axes, by whom, and how far the state has reviewed it."""

    round: SummitRef | None = None
    """Summit round at which the status held (summit id)."""
    date: dt.date | None = None
    """Date at which the status held, where it is not a round."""
    status: Status
    """Completion, on the OGP IRM completion scale."""
    evidence: str
    """What the status rests on, in the corpus's own words."""
    sources: list[Citation] = Field(default_factory=list)
    assessor: str | None = None
    """Who wrote the assessment down, in words."""
    by: AssessorRef | None = None
    """`self-report` when the state assessed its own commitment, else the id of
    the organization, centre or network that assessed it; unset: compiled by
    the corpus's editors from the sources, an independent assessment."""
    review: Review = Review.PUBLISHED
    """preliminary, reviewed-by-state or published; only published assessments
    count in scores unless asked otherwise."""
    verifiability: Verifiability | None = None
    """OGP IRM: whether the commitment is specific enough to be verified."""
    potential_impact: Impact | None = None
    """OGP IRM potential impact: none, minor, moderate or transformative."""
    benchmarks: list[Rating] = Field(default_factory=list)
    """Levels on benchmarks that apply to the commitment's category."""
    response: StateResponse | None = None
    """The state's response, kept beside the assessment."""

    @model_validator(mode="after")
    def _round_or_date(self) -> "Assessment":
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
        if self.benchmarks and not self.sources:
            raise PydanticCustomError(
                "assessment_sources",
                "benchmark levels need sources; else leave the benchmark unrated (no evidence)",
            )
        return self

    @property
    def independent(self) -> bool:
        return self.by != SELF_REPORT


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
    assessments: list[Assessment] = Field(default_factory=list)
    """Progress over time; the latest at or before a round is the status as of that round."""


class ReportSection(StrEnum):
    MEASURES = "measures"
    NATIONAL_TABLES = "national-tables"
    CENTRES = "centres"
    STATEMENTS = "statements"
    CHARTS = "charts"
    SCORECARD = "scorecard"
    ROLL_UP = "regional-roll-up"
    PARTICIPATION = "participation"
    THEMES = "themes"
    STARRED = "starred"


class ReportScope(Model):
    """What a report covers, one way only: the commitments of the states of a region,
    of a list or of a network's members, of every state; or a list of commitments, or
    the commitments a gift basket's action items cite (and the states that made them)."""

    region: Slug | None = None
    """The states of this region (a slug from the states' `regions`)."""
    states: list[StateRef] = Field(default_factory=list)
    """These states (state ids)."""
    network: NetworkRef | None = None
    """The members of this network and the hosts of its centres (network id)."""
    commitments: list[CommitmentRef] = Field(default_factory=list)
    """These commitments only (commitment ids), whoever made them."""
    basket: BasketRef | None = None
    """The commitments this gift basket's action items cite (basket id)."""
    all: bool = False
    """Every state in the corpus."""

    @model_validator(mode="after")
    def _one_way(self) -> "ReportScope":
        ways = [
            self.region is not None,
            bool(self.states),
            self.network is not None,
            bool(self.commitments),
            self.basket is not None,
            self.all,
        ]
        if sum(ways) != 1:
            raise PydanticCustomError(
                "scope_one_way",
                "give exactly one of region, states, network, commitments, basket or all: true",
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
    include_preliminary: bool = False
    """Count preliminary and reviewed-by-state assessments in the scores too."""
