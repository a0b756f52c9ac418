"""A compilation text (`summit compile --format docx`) marked up by a delegation.

The compilation shows each open proposal's change as a bracket whose words are
tracked changes by the proposing delegations (`w:author` their names, `w:date`
the day the proposal was tabled), followed by their ids: ``[old new — JPN]``.
Each clause sits in a body-level bookmark named after its id (`op2`, or
`compilation-op2` in a built site's deliverable). A delegation
answers in Word's own terms (ECMA-376 Part 1 §17.13.5):

* deleting words of a proposal's insertion (Word nests the delegate's `w:del`
  in the printed `w:ins`) opposes that change;
* typing its own id into a bracket's list of delegations (a `w:ins` after the
  change, before the closing bracket: ``— JPN, KOR]``) supports it;
* typing words among a proposal's inserted words amends it: a proposal of its
  own whose `amends` names the proposal, with that change as amended;
* words typed or struck in a clause's own text, outside every bracket, are a
  proposal of its own against the base, as on the printed document.

Support and opposition become `position` records (`stance`, the proposal and
the change number). Edits in a proposed new clause's own paragraph and comments
are reported as not imported. An unedited compilation imports as no changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summitkit.exchange.word.changes import normalised
from summitkit.exchange.word.importer import Importer
from summitkit.exchange.word.markup import Revision, WordParagraph
from summitkit.sources.core.diagnostics import warning
from summitkit.sources.schema import Proposal


@dataclass(frozen=True)
class Stance:
    """One delegation's position on one change, as read from the compilation."""

    party: str
    author: str
    proposal: str
    change: int
    stance: str
    date: str
    clause: str
    text: str


def same(revision: Revision) -> tuple[str, str]:
    """What makes one bracket's revisions one proposal's: author and date (a replace
    is a deletion and an insertion)."""
    return revision.author, revision.date


@dataclass(frozen=True)
class Wording:
    """A delegation's own words typed or struck in a clause, outside every bracket."""

    party: str
    author: str
    clause: str
    base: str
    text: str
    date: str
    paragraph: int


@dataclass
class Bracket:
    """One proposal's change as printed: its revision and the words it inserts and
    deletes, and the stances taken on it."""

    revision: Revision
    new: list[str] = field(default_factory=list)
    old: list[str] = field(default_factory=list)
    stances: list[tuple[str, Revision, str, str]] = field(default_factory=list)
    words: list[tuple[str, str | None, str | None]] = field(default_factory=list)
    """The proposed words in order: (text, delegation that inserted it among them or
    None for the printed words, delegation that struck it or None)."""
    amenders: dict[str, Revision] = field(default_factory=dict)
    attribution: bool = False
    """Past the words, in the list of delegations (``— JPN]``)."""

    def amended(self, party: str) -> str:
        """The proposed words as `party` left them."""
        kept = [t for t, ins, gone in self.words if ins in (None, party) and gone != party]
        return normalised("".join(kept))


class CompilationReader(Importer):
    """Reads support and opposition from a marked-up compilation text."""

    wordings: list[Wording]

    def stances(self) -> list[Stance]:
        self.wordings = []
        proposals = [p for p in self.corpus.proposals_for(self.base.id) if p.open_changes()]
        self.printed: dict[tuple[str, str], list[Proposal]] = {}
        for proposal in proposals:
            key = (", ".join(self.name(p) for p in proposal.by), proposal.date.isoformat())
            self.printed.setdefault(key, []).append(proposal)
        sections = set(self.clauses) | {
            c.insert.id for p in proposals for c in p.changes if c.insert is not None
        }
        found: dict[tuple[str, str, int, str], Stance] = {}
        reported: set[tuple[int, str]] = set()
        for paragraph in self.word.paragraphs:
            # Anchored `op2` standalone, `compilation-op2` in a built site's deliverable.
            named = [s.removeprefix("compilation-") for s in reversed(paragraph.sections)]
            section = next((s for s in named if s in sections), None)
            if section is None:
                own = [r for p in paragraph.pieces for r in p.stack if not self.is_printed(r)]
                if own and not paragraph.in_table:
                    self.outside(paragraph)
                continue
            for stance in self.read(paragraph, section, reported):
                found.setdefault(
                    (stance.party, stance.proposal, stance.change, stance.stance), stance
                )
        for comment in self.word.comments:
            self.warnings.append(
                warning(
                    self.where,
                    f"a comment by {comment.author} on the compilation text is not imported "
                    f"(“{comment.text}”); only support and opposition are",
                    "import-docx/compilation-edit",
                )
            )
        self.refuse_unknown()
        return list(found.values())

    def name(self, party: str) -> str:
        for kind in ("state", "organization"):
            record = self.corpus.records.get(kind, {}).get(party)
            if record is not None:
                return str(getattr(record, "name", party))
        return party

    def is_printed(self, revision: Revision) -> bool:
        return (revision.author, revision.date[:10]) in self.printed

    def change_of(self, bracket: Bracket, section: str) -> tuple[str, int] | None:
        """The proposal and change number a printed bracket in `section` shows: the
        change whose words are the bracket's, else the proposal's first in the section."""
        shown_new, shown_old = normalised("".join(bracket.new)), normalised("".join(bracket.old))
        first = None
        for proposal in self.printed.get((bracket.revision.author, bracket.revision.date[:10]), []):
            for number, change in proposal.open_changes():
                where = change.insert.id if change.insert is not None else change.clause
                if where != section:
                    continue
                first = first or (proposal.id, number)
                new = change.replace.new if change.replace is not None else ""
                old = change.replace.old if change.replace is not None else ""
                if change.insert is not None:
                    new = change.insert.text
                elif change.substitute is not None:
                    new = change.substitute.text
                if (new and normalised(new) == shown_new) or (old and normalised(old) == shown_old):
                    return proposal.id, number
        return first

    def read(
        self, paragraph: WordParagraph, section: str, reported: set[tuple[int, str]]
    ) -> list[Stance]:
        found: list[Stance] = []
        bracket: Bracket | None = None

        def close() -> None:
            nonlocal bracket
            if bracket is not None:
                change = self.change_of(bracket, section)
                amendments = [
                    (party, revision, "amend", bracket.amended(party))
                    for party, revision in bracket.amenders.items()
                ]
                # Words struck and typed in one bracket by one delegation amend it;
                # only words struck alone oppose it.
                stances = [t for t in bracket.stances if t[0] not in bracket.amenders]
                for party, revision, stance, words in [*stances, *amendments]:
                    if change is not None:
                        date = revision.date[:10]
                        found.append(
                            Stance(party, revision.author, *change, stance, date, section, words)
                        )
            bracket = None

        regions = self.brackets(paragraph)
        wording: dict[str, Revision] = {}
        for index, piece in enumerate(paragraph.pieces):
            printed = [r for r in piece.stack if self.is_printed(r)]
            own = [r for r in piece.stack if not self.is_printed(r)]
            if printed:
                if bracket is None or same(bracket.revision) != same(printed[0]):
                    close()
                    bracket = Bracket(printed[0])
                (bracket.new if printed[0].kind == "ins" else bracket.old).append(piece.text)
                if printed[0].kind == "ins":
                    gone = [r for r in own if r.kind == "del"]
                    struck = self.party(gone[-1].author) if gone else None
                    bracket.words.append((piece.text, None, struck))
            if not own:
                if "]" in piece.text and not printed:
                    close()
                elif "—" in piece.text and bracket is not None and not printed:
                    bracket.attribution = True
                continue
            revision = own[-1]
            party = self.party(revision.author)
            if party is None:
                if revision.author not in self.unknown:
                    self.unknown.append(revision.author)
                continue
            words = piece.text.strip()
            signed = re.sub(r"[\s,;—-]", "", words).casefold()
            if revision.kind == "del" and printed and printed[0].kind == "ins" and bracket:
                bracket.stances.append((party, revision, "oppose", words))
            elif (
                revision.kind == "ins"
                and not printed
                and bracket is not None
                and bracket.new
                and not bracket.attribution
            ):
                bracket.words.append((piece.text, party, None))
                bracket.amenders.setdefault(party, revision)
            elif (
                revision.kind == "ins"
                and not printed
                and bracket is not None
                and signed in {party, self.name(party).casefold()}
            ):
                bracket.stances.append((party, revision, "support", words))
            elif index not in regions and section in self.clauses:
                wording.setdefault(party, revision)
            elif (paragraph.index, revision.author) not in reported:
                reported.add((paragraph.index, revision.author))
                self.warnings.append(
                    warning(
                        self.at(paragraph.index),
                        f"{self.named(section)}, {revision.author} ({party}): an edit of the "
                        f"compilation text other than support or opposition is not imported "
                        f"(“{words}”); propose new wording on the DOCX 'summit build' prints",
                        "import-docx/compilation-edit",
                    )
                )
        close()
        for party, revision in wording.items():
            self.wordings.append(
                Wording(
                    party,
                    revision.author,
                    section,
                    self.base_words(paragraph, regions, None),
                    self.base_words(paragraph, regions, party),
                    revision.date[:10],
                    paragraph.index,
                )
            )
        return found

    def brackets(self, paragraph: WordParagraph) -> set[int]:
        """Indices of the pieces that print a proposal's change, from its ``[`` to its
        ``]``: the compilation's, not the clause's words."""
        pieces = paragraph.pieces
        shown = [any(self.is_printed(r) for r in p.stack) for p in pieces]
        regions: set[int] = set()
        for i, printed in enumerate(shown):
            if not printed or i in regions:
                continue
            start = i
            while start > 0 and not shown[start - 1] and "[" not in pieces[start].text:
                start -= 1
            end = i
            while end + 1 < len(pieces) and not ("]" in pieces[end].text and not shown[end]):
                end += 1
            regions.update(range(start, end + 1))
        return regions

    def base_words(self, paragraph: WordParagraph, regions: set[int], party: str | None) -> str:
        """The clause's words in the paragraph (each bracket's by its old words), with
        `party`'s own edits outside the brackets accepted (None: rejected)."""
        words = []
        for index, piece in enumerate(paragraph.pieces):
            printed = [r for r in piece.stack if self.is_printed(r)]
            if index in regions:
                if printed and printed[0].kind == "del":
                    words.append(piece.text)
                continue
            own = [r for r in piece.stack if not self.is_printed(r)]
            mine = bool(own) and party is not None and self.party(own[-1].author) == party
            if not own or (own[-1].kind == "del") != mine:
                words.append(piece.text)
        return normalised("".join(words))
