"""The negotiated record kinds: statements and gift baskets, their clauses,
signatories and action items, and the negotiation state of each clause."""

import datetime as dt
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import (
    Field,
    model_validator,
)
from pydantic_core import PydanticCustomError

from summitkit.sources.schema.base import (
    TLP,
    Citation,
    CommitmentRef,
    DelegationRef,
    DocumentRef,
    DocumentStatus,
    Lang,
    Model,
    OrganizationRef,
    PartyRef,
    Record,
    ShorthandModel,
    Slug,
    StateRef,
    SummitRef,
    Text,
)


class ClauseKind(StrEnum):
    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    HEADING = "heading"


class Translation(Model):
    text: Text
    source_hash: str | None = None
    """Hash of the source-language text the translation was made from."""


class DocumentTranslation(Model):
    """A statement's or basket's own printed fields in one other language (clauses
    carry their translations themselves). Each is a text, or a text with the
    `source_hash` of the source it was made from, as for clauses."""

    title: Translation | Text | None = None
    """The title in this language."""
    summary: Translation | Text | None = None
    """The summary in this language."""
    objective: Translation | Text | None = None
    """A gift basket's objective in this language."""


class ActionItemTranslation(Model):
    """An action item's printed fields in one other language."""

    title: Translation | Text | None = None
    """The action's title in this language."""
    deliverable: Translation | Text | None = None
    """The deliverable in this language."""


class ClauseStatus(StrEnum):
    """Where a clause stands in the negotiation."""

    OPEN = "open"
    AD_REF = "ad-ref"
    """Agreed ad referendum: agreed by the negotiators, subject to their capitals."""
    AGREED = "agreed"


class Alternative(Model):
    """A competing wording of a clause, recorded in the clause itself (for example by
    the merge driver, when two branches reword one clause differently)."""

    text: Text
    """The alternative wording, reST inline markup."""
    by: list[DelegationRef] = Field(default_factory=list)
    """Delegations that support it (state or organization ids)."""
    author: str | None = None
    """Who wrote it, in free text (for example a git author name)."""
    note: str | None = None
    """Why it differs; never published outside the compilation text."""


class Clause(Model):
    """The unit of drafting and of comparison."""

    id: Slug
    """Stable clause id (pp1, op3, or any slug); unique within the document, never reused."""
    kind: ClauseKind = ClauseKind.OPERATIVE
    text: Text
    """reST inline markup, one sentence per line."""
    translations: dict[Lang, Translation | Text] = Field(default_factory=dict)
    """Text in other languages, by BCP 47 tag."""
    sensitivity: TLP | None = None
    note: str | None = None
    """Drafter's note; never published."""
    sources: list[Citation] = Field(default_factory=list)
    status: ClauseStatus | None = None
    """open, ad-ref (agreed ad referendum) or agreed; unset, it follows the document:
    agreed when the document is agreed or adopted, open otherwise."""
    reserved_by: list[DelegationRef] = Field(default_factory=list)
    """Delegations holding a reservation on the clause (state or organization ids)."""
    alternatives: list[Alternative] = Field(default_factory=list)
    """Competing wordings still on the table; the text above is Alt 1."""


class Signatory(ShorthandModel):
    """A state or organization that joined a document; a plain string is a state id."""

    state: StateRef | None = None
    organization: OrganizationRef | None = None
    date: dt.date | None = None
    """When it joined, where later than the document."""
    sources: list[Citation] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_id(cls, value: Any) -> Any:
        return {"state": value} if isinstance(value, str) else value

    @model_validator(mode="after")
    def _one_party(self) -> "Signatory":
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
    lead: list[StateRef] = Field(default_factory=list)
    """Lead or chair states (state ids); listed first among signatories."""
    signatories: list[Signatory] = Field(default_factory=list)
    source_order: bool = False
    """The signatories are listed in the order a source gives them: `summit fmt` keeps
    that order instead of sorting them by id."""
    follows: DocumentRef | None = None
    """The document this one continues (statement or basket id)."""
    summary: str | None = None
    """What the document does, in the corpus's own words."""
    languages: list[Lang] = ["en"]
    """Authentic languages; the first is the source language."""
    translations: dict[Lang, DocumentTranslation] = Field(default_factory=dict)
    """The title, summary and (for a basket) objective in other languages, by BCP 47
    tag: `{fr: {title: ..., objective: ...}}`; clauses and action items carry their own."""
    clauses: list[Clause] = Field(default_factory=list)
    retired_ids: list[Slug] = Field(default_factory=list)
    """Clause ids used before and reserved forever."""
    changes_annex: bool = False
    """Include a 'changes since the document it follows' annex."""
    brackets_attributed: bool = False
    """Every span bracket in the clauses must name the delegations holding it, as in
    :bracket:`wording <jpn>`."""

    def clause_status(self, clause: Clause) -> ClauseStatus:
        """A clause's status: its own, or the one its document's status implies."""
        if clause.status is not None:
            return clause.status
        settled = self.status in (DocumentStatus.AGREED, DocumentStatus.ADOPTED)
        return ClauseStatus.AGREED if settled else ClauseStatus.OPEN

    @property
    def all_languages(self) -> list[str]:
        """The authentic languages, then the languages of working translations."""
        found = list(self.languages)
        for clause in self.clauses:
            found += [lang for lang in clause.translations if lang not in found]
        return found

    @property
    def translated_languages(self) -> list[str]:
        """Every language any printed field of the document is translated into."""
        found = list(self.all_languages)
        held: list[dict[str, Any]] = [self.translations]
        held += [item.translations for item in getattr(self, "action_items", [])]
        for translations in held:
            found += [lang for lang in translations if lang not in found]
        return found


class Statement(Document):
    """A communiqué, joint statement, work plan, action plan or national statement."""

    kind: ClassVar[str] = "statement"
    type: StatementKind = StatementKind.JOINT_STATEMENT
    hosted_by: list[StateRef] = Field(default_factory=list)
    """States that hosted or coordinated it (state ids)."""


class ActionItem(Model):
    id: Slug
    title: Text
    owner: PartyRef
    """Who carries it out (state, centre, network or organization id)."""
    deliverable: Text
    due: int | dt.date | None = None
    commitments: list[CommitmentRef] = Field(default_factory=list)
    """Commitments it serves (commitment ids)."""
    translations: dict[Lang, ActionItemTranslation] = Field(default_factory=dict)
    """The title and deliverable in other languages, by BCP 47 tag."""


class Basket(Document):
    """A gift-basket proposal: a joint commitment by a group of states."""

    kind: ClassVar[str] = "basket"
    co_sponsors: list[StateRef] = Field(default_factory=list)
    """Co-sponsoring states (state ids)."""
    invited: list[StateRef] = Field(default_factory=list)
    """States invited to join (state ids)."""
    objective: Text
    action_items: list[ActionItem] = Field(default_factory=list)
