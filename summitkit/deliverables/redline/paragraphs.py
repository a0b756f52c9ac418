"""A redline's paragraphs: each clause as printed, its number and its text as runs.

A run is unchanged, inserted, deleted, or moved away or here; each change is
authored: by the delegations whose accepted proposal made it (the clause's
credits, `summitkit.diff.credits`, with the proposal's id), else by git blame
(`summitkit.diff.authors`). A moved clause is two
paragraphs: where it left (its old text, moved away) and where it arrived.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from summitkit.diff.authors import Authors, LineAuthor
from summitkit.diff.changes import ClauseChange, Credit
from summitkit.diff.tokens import Segment
from summitkit.sources.schema import Document, Record

RunOp = Literal["equal", "insert", "delete", "move-from", "move-to"]


@dataclass(frozen=True)
class Run:
    """A piece of text: unchanged, inserted, deleted, or moved away or here."""

    text: str
    op: RunOp = "equal"
    author: str = ""
    date: str = ""
    """When the change was made (ISO 8601), where git knows it; else the page's date."""


@dataclass
class Paragraph:
    """One clause as printed, or a run of unchanged clauses left out (`elided`)."""

    anchor: str = ""
    clause: str = ""
    """Its clause id on the newer side (the older one for a removed clause)."""
    kind: str = "operative"
    number: list[Run] = field(default_factory=list)
    """The printed number, "3." (changed numbers as a deletion and an insertion)."""
    runs: list[Run] = field(default_factory=list)
    change: str = "unchanged"
    """added, removed, modified, unchanged, moved-from or moved-to."""
    note: str = ""
    """The change in words, for the margin: "moved to paragraph 2"."""
    elided: int = 0

    @property
    def shown(self) -> bool:
        return self.change != "unchanged"

    @property
    def author(self) -> str:
        """Who made the paragraph's change: the first author among its runs."""
        return next((r.author for r in [*self.number, *self.runs] if r.author), "")

    def text(self, side: Literal["old", "new"]) -> str:
        """The paragraph as one side prints it, number first."""
        keep = ("equal", "delete", "move-from") if side == "old" else ("equal", "insert", "move-to")
        number = "".join(r.text for r in self.number if r.op in keep)
        body = "".join(r.text for r in self.runs if r.op in keep)
        return f"{number} {body}".strip()


def paragraph_names(record: Record | None) -> dict[str, str]:
    """How the summary table names each clause: "paragraph 3", "preambular paragraph 1"."""
    if not isinstance(record, Document):
        return {}
    names, counts = {}, {"operative": 0, "preambular": 0, "heading": 0}
    for clause in record.clauses:
        counts[clause.kind.value] += 1
        n = counts[clause.kind.value]
        names[clause.id] = {
            "operative": f"paragraph {n}",
            "preambular": f"preambular paragraph {n}",
        }.get(clause.kind.value, f"heading {n}")
    return names


def numbers(record: Record | None) -> dict[str, str]:
    """The printed number of each operative clause, by id."""
    if not isinstance(record, Document):
        return {}
    found, count = {}, 0
    for clause in record.clauses:
        if clause.kind.value == "operative":
            count += 1
            found[clause.id] = f"{count}."
    return found


def clause_paragraphs(
    anchor: str,
    clauses: list[ClauseChange],
    old_numbers: dict[str, str],
    new_numbers: dict[str, str],
    authors: Authors,
) -> list[Paragraph]:
    """Every clause in reading order; a moved clause at its old place and its new one."""
    paragraphs: list[tuple[int | None, Paragraph]] = []
    departures: list[tuple[int, Paragraph]] = []
    for k, clause in enumerate(clauses, start=1):
        old_number = old_numbers.get(clause.old_id or "", "")
        new_number = new_numbers.get(clause.new_id or "", "")
        runs = clause_runs(clause.new_id, clause.redline.segments, authors, clause.credits)
        author = authors.removed or authors.default
        if clause.credits and clause.status in ("added", "removed"):
            author = clause.credits[0].author  # the proposal that inserted or deleted it
        paragraph = Paragraph(
            anchor=f"{anchor}-c{k}",
            clause=clause.new_id or clause.old_id or "",
            kind=clause.kind,
            change=clause.status,
        )
        if clause.moved:
            assert clause.old_position is not None
            left = Paragraph(
                anchor=f"{anchor}-c{k}-from",
                clause=clause.old_id or "",
                kind=clause.kind,
                number=[Run(old_number, "move-from", author)] if old_number else [],
                runs=[
                    Run(r.text, "move-from", r.author or author, r.date)
                    for r in runs
                    if r.op != "insert"
                ],
                change="moved-from",
                note=f"moved to {where(new_number, clause.new_position)}",
            )
            departures.append((clause.old_position, left))
            paragraph.change = "moved-to"
            paragraph.note = f"moved from {where(old_number, clause.old_position)}"
            paragraph.number = [Run(new_number, "move-to", author)] if new_number else []
            paragraph.runs = [
                r if r.op == "insert" else Run(r.text, "move-to", r.author or author, r.date)
                for r in runs
                if r.op != "delete"
            ]
            paragraphs.append((None, paragraph))
            continue
        paragraph.number = number_runs(old_number, new_number, clause, author)
        paragraph.runs = runs
        if clause.status == "added":
            paragraph.note = "new paragraph"
        elif clause.status == "removed":
            paragraph.note = "paragraph deleted"
        if clause.credits:  # in print, where no author shows when pointed at
            made = "by " + "; ".join(dict.fromkeys(c.author for c in clause.credits))
            paragraph.note = f"{paragraph.note}, {made}" if paragraph.note else made
        paragraphs.append((clause.old_position, paragraph))
    for position, left in departures:
        at = 0
        for index, (old_position, _) in enumerate(paragraphs):
            if old_position is not None and old_position < position:
                at = index + 1
        paragraphs.insert(at, (position, left))
    return [p for _, p in paragraphs]


def where(number: str, position: int | None) -> str:
    return f"paragraph {number.rstrip('.')}" if number else f"place {position}"


def number_runs(old: str, new: str, clause: ClauseChange, author: str) -> list[Run]:
    if clause.status == "added":
        return [Run(new, "insert", author)] if new else []
    if clause.status == "removed":
        return [Run(old, "delete", author)] if old else []
    if old == new:
        return [Run(new)] if new else []
    runs = [Run(old, "delete", author)] if old else []
    return runs + ([Run(new, "insert", author)] if new else [])


def clause_runs(
    clause: str | None,
    segments: tuple[Segment, ...],
    authors: Authors,
    credits: tuple[Credit, ...] = (),
) -> list[Run]:
    """A clause's redline as runs, each change authored by the proposal that made it
    (`credits`), else by the author of its line.

    Sentences are lines in the record; in print they run on, so a line break
    becomes a space.
    """
    runs: list[Run] = []
    line = 0
    trimmed = list(segments)
    if trimmed and trimmed[-1].op == "equal":
        trimmed[-1] = Segment("equal", trimmed[-1].text.rstrip("\n"))
    for segment in trimmed:
        pieces = segment.text.split("\n")
        for number, piece in enumerate(pieces):
            if number:
                if segment.op != "delete":
                    line += 1
                piece = " " + piece
            if not piece:
                continue
            if segment.op == "equal":
                runs.append(Run(piece))
            else:
                who = authors.of_line(clause, line)
                found = credited(piece, segment.op, credits)
                if found is not None:  # the proposal's delegations; git's date if it has none
                    who = LineAuthor(found.name, found.date or who.date)
                runs.append(Run(piece, segment.op, who.name, who.date))
    return merged(runs)


def credited(piece: str, op: str, credits: tuple[Credit, ...]) -> LineAuthor | None:
    """The proposal that wrote (or struck out) `piece`, as a tracked change's author."""
    words = " ".join(piece.split())
    for credit in credits:
        if credit.type in ("insert", "delete"):
            made = True  # the whole clause came or went with it
        elif op == "insert":
            made = bool(words) and words in credit.new
        else:  # a substitute strikes out the whole old text; a replacement its old words
            made = credit.type == "substitute" or (bool(words) and words in credit.old)
        if made:
            return LineAuthor(credit.author, f"{credit.date}T00:00:00Z" if credit.date else "")
    return None


def merged(runs: list[Run]) -> list[Run]:
    """Neighbouring runs of the same kind and author as one."""
    out: list[Run] = []
    for run in runs:
        last = out[-1] if out else None
        if last is not None and (last.op, last.author, last.date) == (run.op, run.author, run.date):
            out[-1] = Run(last.text + run.text, run.op, run.author, run.date)
        else:
            out.append(run)
    return out


def with_context(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Changed paragraphs and one on each side; the others counted as left out."""
    keep = [p.shown for p in paragraphs]
    for index, paragraph in enumerate(paragraphs):
        if paragraph.shown:
            for near in (index - 1, index + 1):
                if 0 <= near < len(paragraphs):
                    keep[near] = True
    out: list[Paragraph] = []
    for paragraph, kept in zip(paragraphs, keep, strict=True):
        if kept:
            out.append(paragraph)
        elif out and out[-1].elided:
            out[-1].elided += 1
        else:
            out.append(Paragraph(elided=1, change="unchanged"))
    return out
