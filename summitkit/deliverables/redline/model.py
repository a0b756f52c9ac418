"""The redline as a document: one page model that the HTML, PDF and DOCX printers share.

A redline reads like the deliverable it compares: its title, its paragraphs in
order with their printed numbers (operative paragraphs 1., 2., …; preambular
ones unnumbered), its signatories, with each insertion and deletion inline and
authored by whoever made it (`summitkit.diff.authors`), a
moved paragraph at both places (where it left and where it arrived), and the
changes beside the text in a short table in plain words
(`summitkit.deliverables.redline.plain`). Both sides' identity (id,
revision, status, commit) and the audience label go on the first page, in the
header and footer, and in the file's metadata.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from summitkit.deliverables.redline.paragraphs import (
    Paragraph,
    Run,
    RunOp,
    clause_paragraphs,
    merged,
    numbers,
    paragraph_names,
    with_context,
)
from summitkit.deliverables.redline.plain import Row, Words, summary_rows
from summitkit.diff.authors import find_authors
from summitkit.diff.changes import ChangeSet, RecordChange, Side
from summitkit.diff.command import Comparison
from summitkit.sources.core.request import Version
from summitkit.sources.schema import TLP, Document, Record

KIND_NAMES = {"statement": "Statement", "basket": "Gift-basket proposal", "document": "Document"}


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


def redline_page(
    comparison: Comparison, changed_only: bool = False, version: Version | None = None
) -> RedlinePage:
    """The page model of `comparison`; `changed_only` keeps changed paragraphs and one
    unchanged paragraph of context on each side; `version` (the request's) names
    the commit a working-tree side stands on."""
    changes = comparison.changes
    words = Words(comparison.names, comparison.new_corpus, comparison.old_corpus)
    working = working_commit(comparison, version)
    records = [
        record_page(comparison, index, record, words, changed_only, working)
        for index, record in enumerate(changes.records, start=1)
    ]
    first = changes.records[0] if changes.scope == "records" and changes.records else None
    old = side_identity(comparison, changes.old, first, "old", working)
    new = side_identity(comparison, changes.new, first, "new", working)
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
    comparison: Comparison,
    side: Side,
    record: RecordChange | None,
    which: Literal["old", "new"],
    working: str,
) -> Identity:
    commit = side.short or working
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


def working_commit(comparison: Comparison, version: Version | None) -> str:
    """How a working-tree side is named: the commit it stands on, when known."""
    if comparison.root is None or version is None:
        return "working tree"
    return f"{version.commit} (working tree)"


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
    comparison: Comparison,
    index: int,
    record: RecordChange,
    words: Words,
    changed_only: bool,
    working: str,
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
        old=side_identity(comparison, comparison.changes.old, record, "old", working)
        if old
        else None,
        new=side_identity(comparison, comparison.changes.new, record, "new", working)
        if new
        else None,
        paragraphs=paragraphs,
        signatories=signatory_runs(comparison, old, new, author),
        rows=rows,
        author=author,
    )


def old_title(record: Record) -> str:
    return str(getattr(record, "title", None) or getattr(record, "name", None) or record.id)


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
