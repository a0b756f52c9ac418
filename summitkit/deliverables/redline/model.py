"""The redline as a document: one page model that the HTML, PDF and DOCX printers share.

A redline reads like the deliverable it compares: its title, its paragraphs in
order with their printed numbers (operative paragraphs 1., 2., …; preambular
ones unnumbered), its signatories, with each insertion and deletion inline and
authored by whoever made it (`summitkit.deliverables.redline.authors`), a
moved paragraph at both places (where it left and where it arrived), and the
changes beside the text in a short table in plain words
(`summitkit.deliverables.redline.plain`). Both sides' identity (id,
revision, status, commit) and the audience label go on the first page, in the
header and footer, and in the file's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from summitkit.deliverables.redline.authors import Authors, find_authors
from summitkit.deliverables.redline.plain import Row, Words, summary_rows
from summitkit.diff.changes import ChangeSet, ClauseChange, RecordChange, Side
from summitkit.diff.command import Comparison
from summitkit.diff.tokens import Segment
from summitkit.sources.schema import TLP, Document, Record

RunOp = Literal["equal", "insert", "delete", "move-from", "move-to"]
KIND_NAMES = {"statement": "Statement", "basket": "Gift-basket proposal", "document": "Document"}


@dataclass(frozen=True)
class Run:
    """A piece of text: unchanged, inserted, deleted, or moved away or here."""

    text: str
    op: RunOp = "equal"
    author: str = ""


@dataclass(frozen=True)
class Identity:
    """One side of the redline as a reader names it."""

    id: str
    title: str
    revision: int | None
    status: str
    commit: str
    """Short SHA (`+dirty` for a changed working tree)."""
    label: str
    """What the user typed for this side."""
    date: str = ""

    @property
    def line(self) -> str:
        revision = f" · rev. {self.revision}" if self.revision is not None else ""
        status = f" · {self.status}" if self.status else ""
        return f"{self.id}{revision}{status} · commit {self.commit}"


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

    def text(self, side: Literal["old", "new"]) -> str:
        """The paragraph as one side prints it, number first."""
        keep = ("equal", "delete", "move-from") if side == "old" else ("equal", "insert", "move-to")
        number = "".join(r.text for r in self.number if r.op in keep)
        body = "".join(r.text for r in self.runs if r.op in keep)
        return f"{number} {body}".strip()


@dataclass
class RecordPage:
    """One compared record: its paragraphs, signatories and changes beside the text."""

    anchor: str
    kind: str
    title: list[Run]
    old: Identity | None
    new: Identity | None
    paragraphs: list[Paragraph]
    signatories: list[Run]
    rows: list[Row]
    author: str
    """Who made the changes beside the text."""

    @property
    def identity_line(self) -> str:
        sides = [side.line for side in (self.old, self.new) if side is not None]
        return " → ".join(sides)


@dataclass
class RedlinePage:
    """The whole redline: what every printer prints."""

    title: str
    old: Identity
    new: Identity
    audience: TLP
    summary: str
    records: list[RecordPage]
    language: str = "en"
    date: str = ""
    """When the changes were made (ISO 8601), for Word's revision marks."""

    @property
    def identity_line(self) -> str:
        return f"{self.old.line} → {self.new.line}"

    @property
    def corpus(self) -> bool:
        """A comparison of two revisions of the whole corpus, not of two records."""
        return self.new.id == "corpus" and self.old.id == "corpus"


def redline_page(comparison: Comparison, changed_only: bool = False) -> RedlinePage:
    """The page model of `comparison`; `changed_only` keeps changed paragraphs and one
    unchanged paragraph of context on each side."""
    changes = comparison.changes
    words = Words(comparison.names, comparison.new_corpus, comparison.old_corpus)
    records = [
        record_page(comparison, index, record, words, changed_only)
        for index, record in enumerate(changes.records, start=1)
    ]
    first = changes.records[0] if changes.scope == "records" and changes.records else None
    old = side_identity(comparison, changes.old, first, "old")
    new = side_identity(comparison, changes.new, first, "new")
    if first is not None:
        title = f"Redline: {first.title}"
    else:
        title = f"Redline of the corpus: {changes.old.label} → {changes.new.label}"
    return RedlinePage(
        title=title,
        old=old,
        new=new,
        audience=comparison.audience,
        summary=plain_summary(changes),
        records=records,
        language=first.language if first is not None else "en",
        date=changes.new.date or "",
    )


def side_identity(
    comparison: Comparison, side: Side, record: RecordChange | None, which: Literal["old", "new"]
) -> Identity:
    commit = side.short or working_commit(comparison)
    if record is None:
        return Identity("corpus", "The corpus", None, "", commit, side.label, side.date or "")
    found = comparison.record(
        which, record.kind, record.old_id if which == "old" else record.new_id
    )
    if not isinstance(found, Document):
        id = (record.old_id if which == "old" else record.new_id) or record.id
        return Identity(id, record.title, None, "", commit, side.label, side.date or "")
    return Identity(
        found.id,
        found.title,
        found.revision,
        found.status.value,
        commit,
        side.label,
        side.date or "",
    )


def working_commit(comparison: Comparison) -> str:
    from summitkit.deliverables.version import describe_commit

    if comparison.root is None:
        return "working tree"
    return describe_commit(comparison.root) + " (working tree)"


def plain_summary(changes: ChangeSet) -> str:
    s = changes.summary
    parts = [
        f"{n} paragraph{'s' if n != 1 else ''} {what}"
        for n, what in (
            (s.clauses_added, "added"),
            (s.clauses_removed, "deleted"),
            (s.clauses_modified, "changed"),
            (s.clauses_moved, "moved"),
        )
        if n
    ]
    words = f"{s.words_inserted} words inserted and {s.words_deleted} deleted"
    if not changes.changed:
        return "No differences."
    head = ", ".join(parts) if parts else "No paragraph changed"
    return f"{head}; {words}."


def record_page(
    comparison: Comparison, index: int, record: RecordChange, words: Words, changed_only: bool
) -> RecordPage:
    old = comparison.record("old", record.kind, record.old_id)
    new = comparison.record("new", record.kind, record.new_id)
    authors = find_authors(comparison, record.kind, record.old_id, record.new_id)
    author = authors.removed or authors.default
    old_numbers, new_numbers = numbers(old), numbers(new)
    words.paragraphs.update(paragraph_names(new))
    paragraphs = clause_paragraphs(f"r{index}", record.clauses, old_numbers, new_numbers, authors)
    if changed_only:
        paragraphs = with_context(paragraphs)
    rows = summary_rows(record, words)
    for clause in record.clauses:
        rows.extend(
            Row(f"{words.field(f.path)}", words.value(f.path.rsplit('.', 1)[-1], f.old),
                words.value(f.path.rsplit('.', 1)[-1], f.new))
            for f in clause.fields
        )  # fmt: skip
    title = [Run(record.title)]
    if old is not None and new is not None and old_title(old) != record.title:
        title = [
            Run(old_title(old), "delete", author),
            Run(" "),
            Run(record.title, "insert", author),
        ]
    return RecordPage(
        anchor=f"r{index}",
        kind=KIND_NAMES.get(record.kind, record.kind.capitalize()),
        title=title,
        old=side_identity(comparison, comparison.changes.old, record, "old") if old else None,
        new=side_identity(comparison, comparison.changes.new, record, "new") if new else None,
        paragraphs=paragraphs,
        signatories=signatory_runs(comparison, old, new, author),
        rows=rows,
        author=author,
    )


def old_title(record: Record) -> str:
    return str(getattr(record, "title", None) or getattr(record, "name", None) or record.id)


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
        runs = clause_runs(clause.new_id, clause.redline.segments, authors)
        author = authors.removed or authors.default
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
                    Run(r.text, "move-from", r.author or author) for r in runs if r.op != "insert"
                ],
                change="moved-from",
                note=f"moved to {where(new_number, clause.new_position)}",
            )
            departures.append((clause.old_position, left))
            paragraph.change = "moved-to"
            paragraph.note = f"moved from {where(old_number, clause.old_position)}"
            paragraph.number = [Run(new_number, "move-to", author)] if new_number else []
            paragraph.runs = [
                r if r.op == "insert" else Run(r.text, "move-to", r.author or author)
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


def clause_runs(clause: str | None, segments: tuple[Segment, ...], authors: Authors) -> list[Run]:
    """A clause's redline as runs, each change authored by the author of its line.

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
                runs.append(Run(piece, segment.op, authors.of_line(clause, line)))
    return merged(runs)


def merged(runs: list[Run]) -> list[Run]:
    """Neighbouring runs of the same kind and author as one."""
    out: list[Run] = []
    for run in runs:
        if out and out[-1].op == run.op and out[-1].author == run.author:
            out[-1] = Run(out[-1].text + run.text, run.op, run.author)
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


def signatory_runs(
    comparison: Comparison, old: Record | None, new: Record | None, author: str
) -> list[Run]:
    """The newer side's signatories by name, with those who joined inserted and those
    who left deleted, in the order the deliverable prints them."""
    corpus = comparison.new_corpus
    if corpus is None or not isinstance(new, Document):
        return []
    before = {s.party for s in old.signatories} if isinstance(old, Document) else set()
    now = {s.party for s in new.signatories}
    ordered = [s.party for s in corpus.ordered_signatories(new)]
    if isinstance(old, Document) and comparison.old_corpus is not None:
        left = [
            s.party for s in comparison.old_corpus.ordered_signatories(old) if s.party not in now
        ]
        ordered += left
    runs: list[Run] = []
    in_old = in_new = False  # whether a name was printed yet on each side
    for party in ordered:
        name = corpus.party_name(party)
        if comparison.old_corpus is not None and name == party:
            name = comparison.old_corpus.party_name(party)
        on_old = party in before or not isinstance(old, Document)
        on_new = party in now
        op: RunOp = "equal" if on_old and on_new else "insert" if on_new else "delete"
        # The separator before a name is printed on each side where a name came before.
        gap = (on_old and in_old, on_new and in_new)
        if gap == (True, True):
            runs.append(Run("; "))
        elif any(gap):
            runs.append(Run("; ", "delete" if gap[0] else "insert", author))
        runs.append(Run(name, op, "" if op == "equal" else author))
        in_old, in_new = in_old or on_old, in_new or on_new
    return merged(runs)
