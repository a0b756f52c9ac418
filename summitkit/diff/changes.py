"""The change set: what the comparison engine finds, before any rendering.

Every output (terminal, HTML, PDF, DOCX, JSON) is drawn from these classes
and nothing else; `summitkit.diff.serialise` documents their JSON form.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from summitkit.diff.tokens import Redline
from summitkit.sources.core.scales import Status

ClauseStatus = Literal["added", "removed", "modified", "unchanged"]
RecordStatus = Literal["added", "removed", "modified"]


@dataclass(frozen=True)
class FieldChange:
    """Any field that changed: its path (`title`, `clauses[op3].kind`), old and new value."""

    path: str
    old: Any
    new: Any


@dataclass(frozen=True)
class ListChange:
    """Members that joined or left a list of ids (lead states, co-sponsors)."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.added or self.removed)


@dataclass(frozen=True)
class ItemChange:
    """An action item (by id) that was added, dropped or changed."""

    id: str
    status: Literal["added", "dropped", "changed"]
    title: str
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class AssessmentChange:
    """A commitment's assessment for one round or date: added, dropped or status moved."""

    at: str
    """The round id, or the date in ISO form."""
    old: str | None
    """Status before (None: there was no assessment for it)."""
    new: str | None

    @property
    def direction(self) -> Literal["up", "down", "added", "dropped", "same"]:
        if self.old is None:
            return "added"
        if self.new is None:
            return "dropped"
        delta = Status(self.new).rank - Status(self.old).rank
        return "up" if delta > 0 else "down" if delta < 0 else "same"


@dataclass(frozen=True)
class Credit:
    """An accepted change of a proposal that explains a clause's change between the
    two sides: the change is credited to the proposal's delegations."""

    proposal: str
    change: int
    """The change's number in its proposal, from 1."""
    type: str
    """insert, delete, replace or substitute."""
    by: tuple[str, ...]
    """The proposing delegations."""
    names: str
    """Their names, as a redline names an author: "Japan, Republic of Korea"."""
    date: str
    """When the change was accepted (ISO 8601 date), from the decision history; ''
    when the history does not say."""
    old: str = ""
    """For a replacement: the words it replaced."""
    new: str = ""
    """The words it wrote: a replacement's new words, a substitute's or insert's text."""

    @property
    def author(self) -> str:
        """ "Japan (jpn-1)": who made the change, as tracked changes name it."""
        return f"{self.names} ({self.proposal})"


@dataclass(frozen=True)
class ClauseChange:
    status: ClauseStatus
    old_id: str | None
    new_id: str | None
    old_position: int | None
    """1-based position in the old document."""
    new_position: int | None
    kind: str
    """preambular, operative or heading (the new one, if it changed)."""
    redline: Redline
    moved: bool = False
    matched_by: str | None = None
    """'id' or 'similarity'; None for an added or removed clause."""
    similarity: float | None = None
    fields: tuple[FieldChange, ...] = ()
    """Changes to the clause's other fields (kind, sensitivity, translations, ...)."""
    credits: tuple[Credit, ...] = ()
    """The accepted proposals whose changes explain this one (`summitkit.diff.credits`);
    none: git blame says who made it."""

    @property
    def label(self) -> str:
        """How the clause is named: its id, or 'old → new' when the id changed."""
        if self.old_id and self.new_id and self.old_id != self.new_id:
            return f"{self.old_id} → {self.new_id}"
        return self.new_id or self.old_id or "?"

    @property
    def shown(self) -> bool:
        """Whether it is a change (as opposed to context)."""
        return self.status != "unchanged" or self.moved


@dataclass(frozen=True)
class NegotiationMove:
    """A move in the negotiation beside the text: a proposal tabled, withdrawn,
    accepted or rejected; a clause's status (open → ad-ref → agreed); a reservation
    entered or lifted."""

    what: Literal["proposal", "clause-status", "reservation"]
    subject: str
    """The proposal's id, or the clause's."""
    old: str | None
    """State before (a proposal: `summitkit.negotiation.state`; None: it was not there;
    for a reservation, None or 'held')."""
    new: str | None
    parties: tuple[str, ...] = ()
    """The proposal's delegations, or those whose reservation moved."""


@dataclass(frozen=True)
class Summary:
    clauses_added: int = 0
    clauses_removed: int = 0
    clauses_modified: int = 0
    clauses_moved: int = 0
    clauses_unchanged: int = 0
    words_inserted: int = 0
    words_deleted: int = 0

    def __add__(self, other: Summary) -> Summary:
        return Summary(*(a + b for a, b in zip(_values(self), _values(other), strict=True)))

    @classmethod
    def of(cls, clauses: list[ClauseChange]) -> Summary:
        return cls(
            clauses_added=sum(c.status == "added" for c in clauses),
            clauses_removed=sum(c.status == "removed" for c in clauses),
            clauses_modified=sum(c.status == "modified" for c in clauses),
            clauses_moved=sum(c.moved for c in clauses),
            clauses_unchanged=sum(c.status == "unchanged" and not c.moved for c in clauses),
            words_inserted=sum(c.redline.words_inserted for c in clauses),
            words_deleted=sum(c.redline.words_deleted for c in clauses),
        )


def _values(summary: Summary) -> tuple[int, ...]:
    return tuple(vars(summary).values())


@dataclass
class RecordChange:
    """One record (matched by kind and id, or two documents compared) and its changes."""

    kind: str
    status: RecordStatus
    old_id: str | None
    new_id: str | None
    title: str
    """The new title (or name), or the old one for a removed record."""
    language: str = "en"
    clauses: list[ClauseChange] = field(default_factory=list)
    signatories_joined: list[str] = field(default_factory=list)
    """Party ids (states or organizations) that are signatories now and were not."""
    signatories_left: list[str] = field(default_factory=list)
    lead: ListChange = field(default_factory=ListChange)
    co_sponsors: ListChange = field(default_factory=ListChange)
    status_change: FieldChange | None = None
    revision_change: FieldChange | None = None
    action_items: list[ItemChange] = field(default_factory=list)
    assessments: list[AssessmentChange] = field(default_factory=list)
    negotiation: list[NegotiationMove] = field(default_factory=list)
    fields: list[FieldChange] = field(default_factory=list)
    """Every other field that changed."""
    old_status: str | None = None
    new_status: str | None = None
    new_revision: int | None = None

    @property
    def id(self) -> str:
        return self.new_id or self.old_id or "?"

    @property
    def label(self) -> str:
        if self.old_id and self.new_id and self.old_id != self.new_id:
            return f"{self.kind} {self.old_id} → {self.new_id}"
        return f"{self.kind} {self.id}"

    @property
    def summary(self) -> Summary:
        return Summary.of(self.clauses)

    @property
    def has_semantic_changes(self) -> bool:
        return bool(
            self.signatories_joined
            or self.signatories_left
            or self.lead
            or self.co_sponsors
            or self.status_change
            or self.revision_change
            or self.action_items
            or self.assessments
            or self.negotiation
            or self.fields
        )


@dataclass(frozen=True)
class Side:
    """One side of a comparison, as the user named it and as git knows it."""

    label: str
    """What the user typed, or 'working tree'."""
    commit: str | None = None
    """Full SHA; None for the working tree."""
    short: str | None = None
    author: str | None = None
    """Git author of the commit, where known."""
    date: str | None = None
    """Commit date (ISO 8601), where known."""

    @property
    def version(self) -> str:
        return (
            f"{self.label} ({self.short})"
            if self.short and self.short != self.label
            else self.label
        )


@dataclass
class ChangeSet:
    """What changed between two sides: a whole corpus, or two records."""

    old: Side
    new: Side
    scope: Literal["corpus", "records"]
    records: list[RecordChange] = field(default_factory=list)
    """Changed records only (for a corpus), or the one pair compared."""
    records_unchanged: int = 0
    records_restricted: int = 0
    """Records that changed above the audience: counted, never shown."""

    @property
    def summary(self) -> Summary:
        total = Summary()
        for record in self.records:
            total = total + record.summary
        return total

    @property
    def changed(self) -> bool:
        return any(
            r.status != "modified" or r.has_semantic_changes or any(c.shown for c in r.clauses)
            for r in self.records
        )
