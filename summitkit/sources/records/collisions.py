"""Collisions: tabled proposals whose changes touch the same text of a document.

Two proposals collide when accepting one would change what the other was written
to change (Antragsgrün calls these colliding amendments):

- ``same-words``: two replacements whose old words overlap in the clause (Japan
  replaces "each summit round", China "summit round"), a passage inside another's
  passage included;
- ``deleted-clause``: one proposal leaves out a clause that another amends,
  substitutes, or inserts a clause after;
- ``two-substitutes``: two whole alternative wordings of one clause;
- ``substitute-and-amendment``: a whole alternative wording of a clause that
  another proposal amends word by word.

`find_collisions` is the one place that says what collides: `summit check` reports
each collision (``proposal/collision``), and the compilation prints every colliding
proposal, side by side, rather than one of them. Only the open changes of tabled
proposals collide; a proposal never collides with itself, nor with the proposal
it amends.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from summitkit.sources.schema import Document, Proposal, ProposalStatus

CollisionKind = Literal[
    "same-words", "deleted-clause", "two-substitutes", "substitute-and-amendment"
]


def flat(text: str) -> str:
    """Clause text as one line: reST prose is written one sentence per line."""
    return " ".join(line.strip() for line in text.strip().splitlines() if line.strip())


@dataclass(frozen=True)
class Reach:
    """Where one open change of a tabled proposal touches the document."""

    proposal: str
    by: tuple[str, ...]
    change: int
    """The change's number in its proposal, from 1."""
    type: str
    """insert, delete, replace or substitute."""
    clause: str
    """The clause it changes (for an insert: the clause it follows)."""
    start: int = -1
    """For a replacement placed in the clause: where its old words start in the
    clause's flat text, and end; -1 when they are not in it."""
    end: int = -1

    @property
    def field(self) -> tuple[str | int, ...]:
        """Where the change names its clause in the proposal's file."""
        where: dict[str, tuple[str | int, ...]] = {
            "insert": ("insert", "after"),
            "delete": ("delete",),
            "replace": ("replace", "old"),
            "substitute": ("substitute", "clause"),
        }
        return ("changes", self.change - 1, *where[self.type])


@dataclass(frozen=True)
class Collision:
    """Two changes of two tabled proposals that touch the same text."""

    kind: CollisionKind
    clause: str
    first: Reach
    """The change of the proposal tabled first."""
    second: Reach
    passage: str = ""
    """For same-words: the clause's words that both replacements cover between them."""

    def describe(self, name: str = "") -> str:
        """What collides, in words: "both replace words of 'summit round' in op3";
        `name` names the clause (a printed number), else its id does."""
        name = name or self.clause
        if self.kind == "same-words":
            return f"both replace words of '{self.passage}' in {name}"
        if self.kind == "two-substitutes":
            return f"both put a whole new wording of {name} on the table"
        if self.kind == "substitute-and-amendment":
            return f"one rewrites {name} whole, the other amends its words"
        deleting = self.first if self.first.type == "delete" else self.second
        other = self.second if deleting is self.first else self.first
        verb = "inserts a paragraph after it" if other.type == "insert" else "changes it"
        return f"{deleting.proposal} leaves out {name}, {other.proposal} {verb}"


def reaches(texts: dict[str, str], proposal: Proposal) -> list[Reach]:
    """Where each open change of `proposal` touches the clauses `texts` (flat text by
    id). A replacement sits at the first occurrence of its old words that the
    proposal's earlier changes do not hold already (as `summit accept` finds them)."""
    held: list[tuple[str, int, int]] = []
    found = []
    who = tuple(proposal.by)
    for number, change in proposal.open_changes():
        reach = Reach(proposal.id, who, number, change.type, change.clause)
        if change.replace is not None and change.clause in texts:
            start, end = place(texts[change.clause], flat(change.replace.old), [
                (s, e) for c, s, e in held if c == change.clause
            ])  # fmt: skip
            if start >= 0:
                held.append((change.clause, start, end))
                reach = Reach(proposal.id, who, number, "replace", change.clause, start, end)
        found.append(reach)
    return found


def place(text: str, old: str, taken: Iterable[tuple[int, int]]) -> tuple[int, int]:
    """(start, end) of the first occurrence of `old` in `text` that overlaps none of
    `taken`; (-1, -1) when there is none."""
    taken = list(taken)
    start = text.find(old) if old else -1
    while start >= 0:
        end = start + len(old)
        if all(end <= s or start >= e for s, e in taken):
            return start, end
        start = text.find(old, start + 1)
    return -1, -1


def find_collisions(document: Document, proposals: Iterable[Proposal]) -> list[Collision]:
    """Every collision among the tabled proposals for `document`, earlier proposal
    (by date, then id) first."""
    tabled = sorted(
        (p for p in proposals if p.document == document.id and p.status == ProposalStatus.TABLED),
        key=lambda p: (p.date, p.id),
    )
    amended = {(p.id, p.amends) for p in tabled if p.amends}
    texts = {c.id: flat(c.text) for c in document.clauses}
    placed = {p.id: reaches(texts, p) for p in tabled}
    found = []
    for first, second in combinations(tabled, 2):
        if (first.id, second.id) in amended or (second.id, first.id) in amended:
            continue  # an amendment to an amendment is meant to change it
        for a in placed[first.id]:
            for b in placed[second.id]:
                kind = collision_kind(a, b)
                if kind is not None:
                    passage = ""
                    if kind == "same-words":
                        passage = texts[a.clause][min(a.start, b.start) : max(a.end, b.end)]
                    found.append(Collision(kind, a.clause, a, b, passage))
    return found


def collision_kind(a: Reach, b: Reach) -> CollisionKind | None:
    """How two changes of two proposals collide, or None when they do not."""
    if a.clause != b.clause:
        return None
    types = {a.type, b.type}
    if "delete" in types:
        # Two deletions of one clause agree; a deletion beside anything else collides.
        return None if types == {"delete"} else "deleted-clause"
    if types == {"substitute"}:
        return "two-substitutes"
    if types == {"substitute", "replace"}:
        return "substitute-and-amendment"
    if types == {"replace"} and min(a.start, b.start) >= 0:
        return "same-words" if a.start < b.end and b.start < a.end else None
    return None
