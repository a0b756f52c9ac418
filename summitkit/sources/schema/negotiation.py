"""The negotiation record kind: a delegation's proposal of changes to a statement or a
gift basket, and the changes it may make.

A proposal never edits the document it is about. It lists changes against clause
ids; `summitkit.negotiation` applies the tabled ones to build the compilation
text, and `summit accept` folds one into the document's own file.
"""

import datetime as dt
import hashlib
from enum import StrEnum
from typing import Annotated, Any, ClassVar

from pydantic import (
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from summitkit.sources.schema.base import (
    DelegationRef,
    DocumentRef,
    Model,
    Record,
    Ref,
    Slug,
    Text,
)
from summitkit.sources.schema.documents import ClauseKind

ProposalRef = Annotated[Slug, Ref("proposal")]
Digest = Annotated[str, StringConstraints(pattern=r"^sha256:[0-9a-f]{16,64}$")]
"""A digest of a text: `sha256:` and (a prefix of) the hex SHA-256 of its UTF-8 bytes."""


def clause_digest(text: str) -> str:
    """The digest a proposal's `against` records for a clause text: of the words with
    every run of whitespace as one space, so that `summit fmt` laying the text out one
    sentence per line does not make a proposal stale. 16 hex digits."""
    words = " ".join(text.split())
    return "sha256:" + hashlib.sha256(words.encode("utf-8")).hexdigest()[:16]


def same_digest(recorded: str, text: str) -> bool:
    """Whether `text` is the text a recorded digest (of any allowed length) was made of."""
    words = " ".join(text.split())
    full = "sha256:" + hashlib.sha256(words.encode("utf-8")).hexdigest()
    return full.startswith(recorded)


class ProposalStatus(StrEnum):
    """Where a proposal stands: only tabled proposals appear in the compilation text."""

    TABLED = "tabled"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"
    """Every change it still had on the table gave way to another proposal's accepted one."""


class Fate(StrEnum):
    """What became of a proposal, or of one of its changes."""

    TABLED = "tabled"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    SUPERSEDED = "superseded"
    WITHDRAWN = "withdrawn"


class Decision(Model):
    """One entry of a proposal's decision history. The chair's commands append
    entries; none is ever rewritten or removed."""

    fate: Fate
    """What was decided: tabled, accepted, rejected, superseded or withdrawn."""
    change: Annotated[int, Field(ge=1)] | None = None
    """The change decided on (numbered from 1); unset, the whole proposal."""
    by: str
    """Who decided: the chair's office, or the delegation that withdrew its proposal."""
    date: dt.date
    """When it was decided."""
    revision: str | None = None
    """The commit of the repository the decision was taken on."""
    reason: str | None = None
    """Why, in the decider's words."""
    superseded_by: ProposalRef | None = None
    """For a superseded change: the proposal whose accepted change displaced it."""


class Receipt(Model):
    """How a proposal or position that came back in a Word file reached the chair:
    who sent the file, the file itself, and the authors Word recorded in it. The
    chair's signed commit of the import attests the receipt."""

    party: DelegationRef
    """The delegation that sent the file."""
    file: str
    """The file's name as received."""
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    """SHA-256 of the file as received (hex)."""
    authors: list[str] = Field(default_factory=list)
    """The authors the file's tracked changes and comments name (`w:author`)."""
    date: dt.date
    """When it was received (imported)."""
    by: str | None = None
    """Who recorded the receipt: the chair's office."""


class Insert(Model):
    """A new clause, placed after an existing one."""

    after: Slug
    """Id of the clause (of the document or inserted by an earlier change) it follows."""
    id: Slug
    """Id of the new clause: not used in the document and never retired."""
    kind: ClauseKind = ClauseKind.OPERATIVE
    """preambular, operative or heading."""
    text: Text
    """The new clause's text, reST inline markup."""


class Replace(Model):
    """Words inside a clause replaced by others."""

    clause: Slug
    """Id of the clause."""
    old: Text
    """The words as the clause has them now; they must occur in its text."""
    new: Annotated[str, StringConstraints(max_length=20_000)]
    """The words proposed instead (empty to strike the words out)."""


class Substitute(Model):
    """A whole alternative wording of a clause."""

    clause: Slug
    """Id of the clause."""
    text: Text
    """The proposed wording, reST inline markup."""


class Change(Model):
    """One change a proposal makes: exactly one of insert, delete, replace, substitute."""

    model_config = ConfigDict(json_schema_extra={"minProperties": 1, "maxProperties": 1})

    insert: Insert | None = None
    """Insert a new clause after an existing one."""
    delete: Slug | None = None
    """Leave out a clause (its id)."""
    replace: Replace | None = None
    """Replace words inside a clause."""
    substitute: Substitute | None = None
    """Put a whole alternative wording of a clause on the table."""

    @model_validator(mode="after")
    def _exactly_one(self) -> "Change":
        given = [name for name in CHANGE_TYPES if getattr(self, name) is not None]
        if len(given) != 1:
            raise PydanticCustomError(
                "change_type",
                "a change is exactly one of insert, delete, replace or substitute",
            )
        return self

    @model_serializer(mode="wrap")
    def _only_the_change(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        # Written as one key, as in the YAML: the three unset kinds are not part of it.
        return {key: value for key, value in handler(self).items() if value is not None}

    @property
    def type(self) -> str:
        """insert, delete, replace or substitute."""
        return next(name for name in CHANGE_TYPES if getattr(self, name) is not None)

    @property
    def clause(self) -> str:
        """The clause the change is about (for an insert: the anchor it follows)."""
        if self.insert is not None:
            return self.insert.after
        if self.delete is not None:
            return self.delete
        target = self.replace or self.substitute
        assert target is not None  # exactly one is set
        return target.clause


CHANGE_TYPES = ("insert", "delete", "replace", "substitute")


class Proposal(Record):
    """A delegation's proposed changes to a statement or gift basket.

    One file per proposal; only tabled ones appear in the compilation text."""

    kind: ClassVar[str] = "proposal"
    document: DocumentRef
    """The statement or gift basket it would change (its id)."""
    by: list[DelegationRef] = Field(min_length=1)
    """The proposing delegation(s): state or organization ids."""
    supported_by: list[DelegationRef] = Field(default_factory=list)
    """Delegations that support it."""
    date: dt.date
    """When it was tabled."""
    status: ProposalStatus = ProposalStatus.TABLED
    """Where the proposal stands; `summit accept` and `summit reject` set it."""
    changes: list[Change] = Field(default_factory=list)
    """The changes, applied in order: each one of insert, delete, replace, substitute."""
    accepted_changes: list[Annotated[int, Field(ge=1)]] = Field(default_factory=list)
    """Changes (numbered from 1) accepted one at a time with `summit accept --change`;
    they are part of the document now and no longer tabled."""
    note: str | None = None
    """The delegation's explanation; published only in the compilation text."""
    reason: str | None = None
    """Why it was accepted, rejected or withdrawn."""
    history: list[Decision] = Field(default_factory=list)
    """Every decision taken on it or on one of its changes, oldest first; appended by
    the chair's commands, never rewritten."""
    against: dict[Slug, Digest] = Field(default_factory=dict)
    """For each clause it changes: a digest of that clause's text as the proposal was
    written against it, so that accepting it after the clause has moved on is refused."""
    amends: ProposalRef | None = None
    """The proposal this one amends (an amendment to an amendment); its changes apply
    to that proposal's text rather than the document's."""
    received_from: Receipt | None = None
    """Set when the proposal came back in a Word file: who sent it, and which file."""

    def open_changes(self) -> list[tuple[int, Change]]:
        """(number from 1, change) of the changes still on the table."""
        if self.status != ProposalStatus.TABLED:
            return []
        fates = self.change_fates()
        return [(n, c) for n, c in enumerate(self.changes, start=1) if fates.get(n) == Fate.TABLED]

    def change_fates(self) -> dict[int, Fate]:
        """Each change's fate (by number from 1): the last decision on it in the history,
        a decision on the whole proposal counting for every change still tabled then.
        A record without history reads from `accepted_changes` and `status`."""
        fates = {n: Fate.TABLED for n in range(1, len(self.changes) + 1)}
        for n in self.accepted_changes:
            if n in fates:
                fates[n] = Fate.ACCEPTED
        for decision in self.history:
            if decision.change is not None:
                if decision.change in fates:
                    fates[decision.change] = decision.fate
                continue
            for n, fate in fates.items():
                if fate == Fate.TABLED:
                    fates[n] = decision.fate
        if self.status != ProposalStatus.TABLED:  # decided by hand, or before the history
            for n, fate in fates.items():
                if fate == Fate.TABLED:
                    fates[n] = Fate(self.status.value)
        return fates

    @property
    def standing(self) -> str:
        """Where the proposal stands, as the compilation, the diff and the report say it:
        its status, or `accepted in part` when some of its changes were accepted and
        the others rejected, superseded, withdrawn or still tabled."""
        fates = set(self.change_fates().values())
        if Fate.ACCEPTED in fates and len(fates) > 1:
            return "accepted in part"
        return self.status.value


class Stance(StrEnum):
    """A delegation's position on another delegation's proposal."""

    SUPPORT = "support"
    OPPOSE = "oppose"


class Position(Record):
    """A delegation's support for, or opposition to, a proposal (or one of its
    changes). A record of its own, in `content/positions/`, so that a delegation
    takes position without editing another delegation's file, and its own signed
    commit attests it."""

    kind: ClassVar[str] = "position"
    proposal: ProposalRef
    """The proposal it is about (its id)."""
    change: Annotated[int, Field(ge=1)] | None = None
    """The change it is about (numbered from 1); unset, the whole proposal."""
    by: DelegationRef
    """The delegation taking the position."""
    stance: Stance
    """support or oppose."""
    date: dt.date
    """When it was taken."""
    note: str | None = None
    """The delegation's explanation."""
    received_from: Receipt | None = None
    """Set when the position came back in a Word file: who sent it, and which file."""
