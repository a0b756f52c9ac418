"""Corpus: the validated records, typed, resolved and indexed for the later stages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from summitkit.sources.core.scales import TLP

if TYPE_CHECKING:  # the schema (and pydantic) only where records are at hand
    from summitkit.sources.records.raw import RawRecord
    from summitkit.sources.schema import (
        Basket,
        Benchmark,
        Category,
        Centre,
        Comment,
        Commitment,
        Document,
        Network,
        Organization,
        Position,
        Proposal,
        Record,
        Report,
        Signatory,
        Source,
        State,
        Statement,
        Status,
        Summit,
    )

R = TypeVar("R", bound="Record")


@dataclass
class Corpus:
    """Every record of a drafting repository, by kind and id."""

    root: Path
    records: dict[str, dict[str, Record]] = field(default_factory=dict)
    origins: dict[tuple[str, str], RawRecord] = field(default_factory=dict)
    failed: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of records whose files did not load or validate."""
    default_sensitivity: TLP = TLP.CLEAR
    """The label of unmarked material (summitkit.toml)."""
    fingerprint: str = ""
    """Names the bytes of every record file the corpus was read from ('' if unknown):
    equal fingerprints, equal corpora (a build skips its pages on that)."""
    partial: frozenset[str] | None = None
    """For a corpus of some records and what they cite (`sources.subset`), the files
    of the records whose problems count; None for a whole corpus. The reference rule
    skips the others: a cited summit's participants are not loaded."""

    def add(self, record: Record, raw: RawRecord) -> None:
        self.records.setdefault(record.kind, {})[record.id] = record
        self.origins[(record.kind, record.id)] = raw

    def of(self, model: type[R]) -> dict[str, R]:
        return self.records.get(model.kind, {})  # type: ignore[return-value]

    def _kind(self, kind: str) -> dict[str, Any]:
        return self.records.get(kind, {})

    def get(self, kind: str, id: str) -> Record | None:
        return self.records.get(kind, {}).get(id)

    def path_of(self, record: Record) -> Path:
        return self.origins[(record.kind, record.id)].path

    def __iter__(self) -> Iterator[Record]:
        for by_id in self.records.values():
            yield from by_id.values()

    # -- typed views ------------------------------------------------------

    @property
    def sources(self) -> dict[str, Source]:
        return self._kind("source")

    @property
    def states(self) -> dict[str, State]:
        return self._kind("state")

    @property
    def organizations(self) -> dict[str, Organization]:
        return self._kind("organization")

    @property
    def summits(self) -> dict[str, Summit]:
        return self._kind("summit")

    @property
    def networks(self) -> dict[str, Network]:
        return self._kind("network")

    @property
    def centres(self) -> dict[str, Centre]:
        return self._kind("centre")

    @property
    def categories(self) -> dict[str, Category]:
        return self._kind("category")

    @property
    def commitments(self) -> dict[str, Commitment]:
        return self._kind("commitment")

    @property
    def statements(self) -> dict[str, Statement]:
        return self._kind("statement")

    @property
    def baskets(self) -> dict[str, Basket]:
        return self._kind("basket")

    @property
    def reports(self) -> dict[str, Report]:
        return self._kind("report")

    @property
    def proposals(self) -> dict[str, Proposal]:
        return self._kind("proposal")

    def proposals_for(self, document_id: str) -> list[Proposal]:
        """The proposals about one document, in the order they were tabled."""
        found = [p for p in self.proposals.values() if p.document == document_id]
        return sorted(found, key=lambda p: (p.date, p.id))

    @property
    def positions(self) -> dict[str, Position]:
        return self._kind("position")

    def positions_on(self, proposal_id: str) -> list[Position]:
        """The delegations' positions on one proposal, by date."""
        found = [p for p in self.positions.values() if p.proposal == proposal_id]
        return sorted(found, key=lambda p: (p.date, p.id))

    @property
    def comments(self) -> dict[str, Comment]:
        return self._kind("comment")

    def label_comments(self, label: TLP) -> None:
        """Give every comment without a label of its own `label` (summitkit.toml's
        comment_sensitivity), so that audience filtering and the leak check treat
        comments as the restricted text they are."""
        for comment in list(self.comments.values()):
            if comment.sensitivity is None:
                self.records["comment"][comment.id] = comment.model_copy(
                    update={"sensitivity": label}
                )

    def comments_on(self, document_id: str) -> list[Comment]:
        """The comments on one document, by date."""
        found = [c for c in self.comments.values() if c.document == document_id]
        return sorted(found, key=lambda c: (c.date, c.id))

    @property
    def benchmarks(self) -> dict[str, Benchmark]:
        return self._kind("benchmark")

    @property
    def documents(self) -> dict[str, Document]:
        """Statements and gift baskets: the deliverables with clauses."""
        return {**self.statements, **self.baskets}

    def document(self, id: str) -> Document:
        """The statement or gift basket `id`, without building `documents` (KeyError if none)."""
        found = self.baskets.get(id) or self.statements.get(id)
        if found is None:
            raise KeyError(id)
        return found

    # -- domain questions -------------------------------------------------

    def rounds(self) -> list[Summit]:
        """Summit rounds in the order they met."""
        return sorted(self.summits.values(), key=lambda s: s.start)

    def party_name(self, party: str, lang: str = "") -> str:
        """Display name of a state, organization, centre or network id; a state's or
        organization's in `lang` where one is known (`summitkit.sources.records.names`)."""
        from summitkit.sources.records.names import localised_name
        from summitkit.sources.schema import Centre, Network, Organization, State

        for kind in ("state", "organization", "centre", "network"):
            record = self.get(kind, party)
            if isinstance(record, (State, Organization, Centre, Network)):
                return localised_name(record, lang)
        return party

    def sort_name(self, signatory: Signatory) -> tuple[int, str]:
        if signatory.state and signatory.state in self.states:
            return (0, self.states[signatory.state].short_name.casefold())
        if signatory.organization and signatory.organization in self.organizations:
            return (1, self.organizations[signatory.organization].short_name.casefold())
        return (2, signatory.party)

    def ordered_signatories(self, document: Document) -> list[Signatory]:
        """Signatories in the documented order: lead states first, in the order the
        record gives them, then states alphabetically by English short name, then
        organizations alphabetically."""
        lead = [s for state in document.lead for s in document.signatories if s.state == state]
        rest = sorted(
            (s for s in document.signatories if s.state not in document.lead),
            key=self.sort_name,
        )
        return lead + rest

    def status_as_of(self, commitment: Commitment, round_id: str) -> Status | None:
        """The latest assessment at or before a round; None if there is none.
        Of a self-report and an independent assessment on the same day, the
        independent one holds."""
        cutoff = self.summits[round_id].end
        dated = [
            ((self.assessment_date(a.round, a.date), a.independent), a.status)
            for a in commitment.assessments
        ]
        held = [(when, status) for when, status in dated if when[0] <= cutoff]
        return max(held, key=lambda pair: pair[0])[1] if held else None

    def assessment_date(self, round_id: str | None, date: dt.date | None) -> dt.date:
        """When an assessment holds: its round's last day, or its date."""
        if round_id is not None:
            return self.summits[round_id].end
        assert date is not None  # the schema requires a round or a date
        return date
