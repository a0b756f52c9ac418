"""The compilation (rolling) text: a document's base text with every tabled proposal
applied inline, bracketed and attributed.

`compile_document` is pure: it reads a document and its proposals and returns a
`Compilation`, from which every printer (text and JSON here, HTML, PDF and DOCX in
`summitkit.deliverables.compilation`) draws. It follows the practice of the UN
Editorial Manual and of UNFCCC compilation texts:

- a paragraph inserted by a proposal is numbered after its anchor: 2bis, 2ter, 2quater,
  and keeps that number once accepted, until the document is adopted (so numbers
  that delegations cite hold still while they negotiate);
- a deletion leaves the paragraph in place, bracketed, with who proposes it;
- a replacement of words shows the old words and the new ones in one bracket;
- a whole alternative wording (a `substitute` change, or an alternative recorded
  in the clause) is printed as Alt 2, Alt 3… after the clause's own text (Alt 1);
- every paragraph carries its status (open, ad-ref, agreed) and reservations;
- proposals that collide (`summitkit.sources.records.collisions`) are all printed:
  replacements of overlapping words as the passage's alternatives (Alt 1 its own
  words, Alt 2, Alt 3… each proposal's), the others as they are (a deletion beside
  an amendment, two substitutes), and the paragraph says what collides.

The clean text (`clean=True`) keeps only agreed and ad-ref paragraphs, with open
span brackets left out and marked as omitted; no proposal is applied.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from summitkit.negotiation.model import (
    Clash,
    Compilation,
    Decided,
    Option,
    Paragraph,
    Proposed,
    Span,
    Tabled,
    Totals,
    Unplaced,
    Variant,
)
from summitkit.negotiation.state import standing
from summitkit.sources.records import brackets
from summitkit.sources.records.collisions import Collision, find_collisions, flat, place
from summitkit.sources.schema import (
    Clause,
    ClauseKind,
    ClauseStatus,
    Document,
    DocumentStatus,
    Fate,
    Position,
    Proposal,
    ProposalStatus,
    Stance,
)

LATIN = ("bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies")


# -- building ---------------------------------------------------------------------------


@dataclass
class _Draft:
    """A paragraph while proposals are applied to it."""

    id: str
    kind: ClauseKind
    status: ClauseStatus
    text: str
    reserved_by: tuple[str, ...] = ()
    inserted: Proposed | None = None
    replaces: list[tuple[int, int, str, Proposed]] = field(default_factory=list)
    """(start, end, new words, proposer) of each replacement in `text`."""
    deleted: list[Proposed] = field(default_factory=list)
    options: list[Option] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)
    collisions: list[Collision] = field(default_factory=list)
    late: bool = False
    """Inserted by an accepted proposal: numbered bis/ter until the document is adopted."""


def late_insertions(document: Document, proposals: Iterable[Proposal]) -> set[str]:
    """Clause ids that accepted proposals inserted, while the document is not adopted."""
    if document.status == DocumentStatus.ADOPTED:
        return set()
    found = set()
    for proposal in proposals:
        if proposal.document != document.id:
            continue
        for number, fate in proposal.change_fates().items():
            insert = proposal.changes[number - 1].insert
            if fate == Fate.ACCEPTED and insert is not None:
                found.add(insert.id)
    return found


def compile_document(
    document: Document,
    proposals: Iterable[Proposal],
    clean: bool = False,
    circulated: set[str] | None = None,
    positions: Iterable[Position] = (),
) -> Compilation:
    """The compilation text of `document` with its tabled `proposals` applied.
    `circulated`: the clause ids of the version last circulated; clauses added since
    are numbered bis/ter until the document is adopted. `positions`: delegations'
    support for and opposition to the proposals, listed beside them."""
    proposals = list(proposals)
    stances: dict[str, list[Position]] = {}
    for position in sorted(positions, key=lambda p: (p.date, p.id)):
        stances.setdefault(position.proposal, []).append(position)
    tabled = [
        p for p in proposals if p.status == ProposalStatus.TABLED and p.document == document.id
    ]
    tabled.sort(key=lambda p: (p.date, p.id))
    late = late_insertions(document, proposals)
    if circulated is not None and document.status != DocumentStatus.ADOPTED:
        late |= {c.id for c in document.clauses if c.id not in circulated}
    drafts = [_draft(document, clause) for clause in document.clauses]
    for draft in drafts:
        draft.late = draft.id in late
    unplaced: list[Unplaced] = []
    if not clean:
        for proposal in tabled:
            supporters = _tabled(proposal, stances.get(proposal.id, [])).supported_by
            unplaced += _apply(proposal, drafts, supporters)
        by_id = {d.id: d for d in drafts}
        for collision in find_collisions(document, tabled):
            if collision.clause in by_id:  # else on an insert that no longer applies
                by_id[collision.clause].collisions.append(collision)
    paragraphs = tuple(_number(drafts, clean))
    return Compilation(
        id=document.id,
        kind=document.kind,
        title=document.title,
        status=document.status.value,
        revision=document.revision,
        language=document.languages[0] if document.languages else "en",
        clean=clean,
        paragraphs=paragraphs,
        tabled=() if clean else tuple(_tabled(p, stances.get(p.id, [])) for p in tabled),
        # The clean text leaves the proposals out; its totals still count them.
        totals=_totals(paragraphs, len(tabled)),
        unplaced=tuple(unplaced),
        collisions=tuple(c for p in paragraphs for c in p.collisions),
        decided=() if clean else _decided(document, proposals, stances),
    )


def _decided(
    document: Document, proposals: list[Proposal], stances: dict[str, list[Position]]
) -> tuple[Tabled, ...]:
    """The document's proposals no longer tabled, in the order they were tabled."""
    return tuple(
        _tabled(p, stances.get(p.id, []))
        for p in sorted(proposals, key=lambda p: (p.date, p.id))
        if p.document == document.id and p.status != ProposalStatus.TABLED
    )


def _draft(document: Document, clause: Clause) -> _Draft:
    draft = _Draft(
        id=clause.id,
        kind=clause.kind,
        status=document.clause_status(clause),
        text=flat(clause.text),
        reserved_by=tuple(clause.reserved_by),
    )
    for alternative in clause.alternatives:
        draft.options.append(
            Option("", flat(alternative.text), tuple(alternative.by), None, alternative.author,
                   alternative.note)
        )  # fmt: skip
    return draft


def _apply(proposal: Proposal, drafts: list[_Draft], supporters: tuple[str, ...]) -> list[Unplaced]:
    """Apply one proposal's changes in place, attributed to its delegations and
    `supporters` (named in it, or by a position of their own); return the ones that
    no longer apply."""
    who = Proposed(proposal.id, tuple(proposal.by), supporters)
    unplaced = []
    for index, change in proposal.open_changes():
        where = {d.id: i for i, d in enumerate(drafts)}
        target = where.get(change.clause)
        if change.insert is not None:
            insert = change.insert
            if target is None or insert.id in where:
                unplaced.append(Unplaced(proposal.id, index))
                continue
            at = target + 1
            while at < len(drafts) and drafts[at].inserted is not None:
                at += 1  # after the insertions already tabled after the same anchor
            drafts.insert(
                at,
                _Draft(insert.id, insert.kind, ClauseStatus.OPEN, flat(insert.text), inserted=who,
                       proposals=[proposal.id]),
            )  # fmt: skip
            continue
        if target is None:
            unplaced.append(Unplaced(proposal.id, index))
            continue
        draft = drafts[target]
        if change.delete is not None:
            draft.deleted.append(who)
        elif change.substitute is not None:
            draft.options.append(
                Option("", flat(change.substitute.text), who.by, proposal.id, None, proposal.note)
            )
        elif change.replace is not None and not _place(draft, change.replace.old,
                                                       change.replace.new, who):  # fmt: skip
            unplaced.append(Unplaced(proposal.id, index))
            continue
        if proposal.id not in draft.proposals:
            draft.proposals.append(proposal.id)
    return unplaced


def _place(draft: _Draft, old: str, new: str, who: Proposed) -> bool:
    """Mark the first occurrence of `old` that the proposal's own replacements do not
    hold (where `summit accept` would replace it). Another proposal's replacement
    there is a collision: both are kept, and printed as alternatives."""
    own = [(s, e) for s, e, _, by in draft.replaces if by.proposal == who.proposal]
    start, end = place(draft.text, flat(old), own)
    if start < 0:
        return False
    draft.replaces.append((start, end, flat(new), who))
    return True


def _number(drafts: list[_Draft], clean: bool) -> Iterable[Paragraph]:
    counters = {ClauseKind.PREAMBULAR: 0, ClauseKind.OPERATIVE: 0}
    last, inserted = "", 0
    for draft in drafts:
        if draft.inserted is None and not draft.late:
            inserted = 0
            if draft.kind in counters:
                counters[draft.kind] += 1
                count = counters[draft.kind]
                last = f"PP{count}" if draft.kind == ClauseKind.PREAMBULAR else str(count)
            number = last if draft.kind != ClauseKind.HEADING else ""
        else:
            inserted += 1
            number = (
                f"{last}{LATIN[inserted - 1] if inserted <= len(LATIN) else f'({inserted + 1})'}"
            )
        if clean:
            yield _clean(draft, number)
            continue
        yield Paragraph(
            id=draft.id,
            number=number,
            kind=draft.kind,
            status=draft.status,
            spans=tuple(_spans(draft)),
            reserved_by=draft.reserved_by,
            inserted=draft.inserted,
            deleted=tuple(draft.deleted),
            options=tuple(
                Option(f"Alt {n}", o.text, o.by, o.proposal, o.author, o.note)
                for n, o in enumerate(draft.options, start=2)
            ),
            proposals=tuple(draft.proposals),
            collisions=tuple(_clash(c, number) for c in draft.collisions),
        )


def _clash(collision: Collision, number: str) -> Clash:
    first, second = collision.first, collision.second
    return Clash(
        kind=collision.kind,
        clause=collision.clause,
        number=number,
        proposals=(first.proposal, second.proposal),
        changes=(first.change, second.change),
        by=(first.by, second.by),
        passage=collision.passage,
        description=collision.describe(f"paragraph {number}" if number else "the heading"),
        types=(first.type, second.type),
    )


def _clean(draft: _Draft, number: str) -> Paragraph:
    if draft.status == ClauseStatus.OPEN:
        spans: tuple[Span, ...] = (Span("omitted", "paragraph not agreed"),)
    else:
        spans = tuple(
            Span("omitted", "wording not agreed") if s.kind == "bracket" else s
            for s in _pieces(draft.text)
        )
    return Paragraph(draft.id, number, draft.kind, draft.status, spans, draft.reserved_by)


def _spans(draft: _Draft) -> Iterable[Span]:
    at = 0
    for group in _overlapping(draft.replaces):
        start, end = group[0][0], max(e for _, e, _, _ in group)
        yield from _pieces(draft.text[at:start])
        old = brackets.printed(draft.text[start:end])
        if len(group) == 1:
            _, _, new, who = group[0]
            yield Span("replace", old, new, who.by, who.proposal)
        else:
            # Colliding replacements: the whole passage as each proposal would have it.
            variants = [Variant("Alt 1", old)] + [
                Variant(f"Alt {n}", brackets.printed(draft.text[start:s] + new + draft.text[e:end]),
                        who.by, who.proposal)
                for n, (s, e, new, who) in enumerate(group, start=2)
            ]  # fmt: skip
            yield Span("alternatives", old, alternatives=tuple(variants))
        at = end
    yield from _pieces(draft.text[at:])


Replacement = tuple[int, int, str, Proposed]


def _overlapping(replaces: list[Replacement]) -> list[list[Replacement]]:
    """Replacements in text order, those whose old words overlap in one group."""
    groups: list[list[Replacement]] = []
    for replace in sorted(replaces, key=lambda r: (r[0], r[1])):
        if groups and replace[0] < max(e for _, e, _, _ in groups[-1]):
            groups[-1].append(replace)
        else:
            groups.append([replace])
    return groups


def _pieces(text: str) -> Iterable[Span]:
    """Plain text and span brackets, in order."""
    if not text:
        return
    at = 0
    for bracket in brackets.parse(text).brackets:
        start = text.find(bracket.source, at)
        if start < 0:  # the role sits inside other markup; print it as written
            continue
        if start > at:
            yield Span("text", text[at:start])
        yield Span("bracket", bracket.text, parties=bracket.parties)
        at = start + len(bracket.source)
    if at < len(text):
        yield Span("text", text[at:])


def _tabled(proposal: Proposal, positions: list[Position]) -> Tabled:
    latest = {p.by: p.stance for p in positions}  # a delegation's last word counts
    supporters = list(proposal.supported_by)
    supporters += [by for by, s in latest.items() if s == Stance.SUPPORT and by not in supporters]
    opponents = [by for by, s in latest.items() if s == Stance.OPPOSE]
    return Tabled(
        id=proposal.id,
        by=tuple(proposal.by),
        supported_by=tuple(supporters),
        date=proposal.date.isoformat(),
        changes=len(proposal.changes),
        note=proposal.note,
        opposed_by=tuple(o for o in opponents if o not in supporters),
        state=(stands := standing(proposal)).words(),
        standing=stands,
        decisions=tuple(
            Decided(d.fate.value, d.change, d.by, d.date.isoformat(), d.reason, d.superseded_by)
            for d in proposal.history
        ),
        reason=proposal.reason,
        amends=proposal.amends,
    )


def _totals(paragraphs: tuple[Paragraph, ...], proposals: int) -> Totals:
    counted = [p for p in paragraphs if p.kind != ClauseKind.HEADING]
    return Totals(
        paragraphs=len(counted),
        agreed=sum(1 for p in counted if p.status == ClauseStatus.AGREED),
        ad_ref=sum(1 for p in counted if p.status == ClauseStatus.AD_REF),
        proposals=proposals,
        brackets=sum(p.brackets for p in paragraphs),
        reservations=sum(len(p.reserved_by) for p in paragraphs),
    )
