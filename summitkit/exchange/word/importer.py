"""`summit import docx`: the base from git, the edits from the file, proposals out.

See `summitkit.exchange.word` for the mapping; `read` and `markup` read the
file, `views` compares each author's version with the base, `changes` turns
one clause's edit into proposal changes and `records` writes them.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summitkit.exchange.word.base import ImportFailed
from summitkit.exchange.word.changes import clause_changes, normalised, printed_plain
from summitkit.exchange.word.markup import WordParagraph
from summitkit.exchange.word.read import WordFile
from summitkit.exchange.word.views import Area, Edit
from summitkit.sources.core.diagnostics import Diagnostic, Position, error, warning
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import Clause, Document

MACHINE = ("", "summitkit", "python-docx", "Unknown Author", "Author")
"""Last editors that are not a person: the file was not saved by its editor."""


@dataclass
class Origin:
    """Where a change came from, to report it where the user can find it."""

    paragraph: int
    clause: str
    author: str


@dataclass
class Draft:
    """One delegation's proposal as it is being put together."""

    party: str
    changes: list[dict[str, Any]] = field(default_factory=list)
    origins: list[Origin] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    authors: set[str] = field(default_factory=set)
    last_insert: str | None = None
    amends: str | None = None
    """The proposal this one amends (an amendment read from the compilation text)."""


@dataclass
class Opposition:
    """A delegation deleting words another delegation inserted: a position against
    that delegation's proposal (the change that inserted them)."""

    party: str
    against: str
    """The inserting delegation."""
    clause: str
    author: str
    date: str
    text: str


class Importer:
    """Walks the file's paragraphs against the base and collects each party's changes."""

    def __init__(
        self,
        word: WordFile,
        base: Document,
        corpus: Corpus,
        where: Position,
        as_party: str | None,
        mapping: dict[str, str],
    ) -> None:
        self.word, self.base, self.corpus, self.where = word, base, corpus, where
        self.as_party, self.mapping = as_party, mapping
        self.clauses = {c.id: c for c in base.clauses}
        self.drafts: dict[str, Draft] = {}
        self.oppositions: list[Opposition] = []
        self.unknown: list[str] = []
        self.warnings: list[Diagnostic] = []
        self.refused: list[Diagnostic] = []
        """Edits left out, each at its paragraph (the rest of the file is imported)."""
        self.taken = set(self.clauses) | {
            c.insert.id
            for p in corpus.proposals_for(base.id)
            for c in p.changes
            if c.insert is not None
        }
        self.anchors: dict[str, int] = {}
        self.layout: Callable[[str, str], str] | None = None
        """The house layout (`summit fmt`'s) records are written in, if any."""
        self.clause_at: dict[int, str] = {}
        """Which clause (or inserted clause) each paragraph became, by paragraph index."""

    # -- who is who ---------------------------------------------------------------

    def party(self, author: str) -> str | None:
        if self.as_party:
            return self.as_party
        if author in self.mapping:
            return self.mapping[author]
        wanted = author.strip().casefold()
        for kind in ("state", "organization"):
            for record in self.corpus.records.get(kind, {}).values():
                names = {record.id, getattr(record, "name", ""), getattr(record, "short_name", "")}
                if wanted in {str(n).casefold() for n in names if n}:
                    return record.id
        return None

    def draft(self, author: str, date: str = "") -> Draft | None:
        party = self.party(author)
        if party is None:
            if author not in self.unknown:
                self.unknown.append(author)
            return None
        found = self.drafts.setdefault(party, Draft(party))
        found.authors.add(author)
        if date:
            found.dates.append(date[:10])
        return found

    def editor(self, edit: Edit) -> str | None:
        """Who made an untracked edit: the file's last editor. None when the file does
        not say (saved last by a tool): the edit is refused at its paragraph."""
        if self.as_party:
            return self.as_party
        name = self.word.last_modified_by
        if name in MACHINE:
            self.refused.append(
                error(
                    self.at(edit.paragraph),
                    f"{self.named(edit.clause)}: an edit made without Track Changes, and the "
                    f"file does not say who made it (last saved by '{name or 'nobody'}'); "
                    "give --as PARTY, or ask for the edit with Track Changes on",
                    "import-docx/untracked-author",
                )
            )
            return None
        return name

    def at(self, paragraph: int) -> Position:
        """A paragraph of the file: its number is the diagnostic's line."""
        return Position(self.where.path, paragraph + 1, 1)

    def anchor_of(self, clause: str) -> int:
        """The file paragraph of a clause's anchor (the first paragraph if it has none)."""
        return self.anchors.get(clause, 0)

    @functools.cached_property
    def names(self) -> dict[str, str]:
        """Each clause's printed number: asked for only where something is reported."""
        from summitkit.deliverables.redline.paragraphs import paragraph_names

        return paragraph_names(self.base)

    def named(self, clause: str) -> str:
        return f"{self.names.get(clause, 'new paragraph')} ({clause})"

    # -- walking the file ---------------------------------------------------------

    def run(self) -> list[Draft]:
        paragraphs = self.clause_area()
        area = Area.of(paragraphs, set(self.clauses))
        self.anchors = area.anchors
        printed = {c: printed_plain(clause.text) for c, clause in self.clauses.items()}
        for edit in area.edits(None, printed):
            self.apply(edit, None, printed)
        reference = {c: area.base.get(c, "") for c in self.clauses}
        # Every author, in the order they first appear (as the area found them).
        for author in list(area.by_author):
            for edit in area.edits(author, reference):
                self.apply(edit, author, reference)
        for inserter, deleter, clause, date, text in area.oppositions():
            ours, theirs = self.party(deleter), self.party(inserter)
            if ours and theirs and ours != theirs:
                self.oppositions.append(Opposition(ours, theirs, clause, deleter, date, text))
        for clause in self.clauses:
            if clause not in area.anchors:
                self.warnings.append(
                    warning(
                        self.where,
                        f"clause {clause} has no anchor in the file (its paragraph was retyped "
                        f"or deleted without Track Changes); nothing is proposed for it: "
                        f"“{normalised(self.clauses[clause].text)}”",
                        "import-docx/lost-anchor",
                    )
                )
        self.comments(area)
        self.refuse_unknown()
        return [d for d in self.drafts.values() if d.changes or d.notes]

    def refuse_unknown(self) -> None:
        """ImportFailed naming every Word author no delegation is known for."""
        if self.unknown:
            names = ", ".join(f"'{a}'" for a in self.unknown)
            plural = "s" if len(self.unknown) > 1 else ""
            example = self.unknown[0].replace('"', '\\"')
            raise ImportFailed(
                [
                    error(
                        self.where,
                        f"no delegation is known for the Word author{plural} "
                        f"{names}; map each in summitkit.toml: add under [word_authors] the "
                        f'line "{example}" = "<party id>" (e.g. "jpn"), or give --as PARTY',
                        "import-docx/unknown-author",
                    )
                ]
            )

    def apply(self, edit: Edit, author: str | None, reference: dict[str, str]) -> None:
        """One view's edit into its author's draft (the last editor's for the base view)."""
        if edit.insert:
            self.new_paragraph(edit, author)
            return
        clause = self.clauses[edit.clause]
        if edit.text is None or not edit.text.strip():
            changes: list[dict[str, Any]] = [{"delete": clause.id}]
        else:
            changes = self.against(clause, reference[clause.id], edit.text)
        if not changes:
            return
        who = author if author is not None else self.editor(edit)
        draft = self.draft(who, edit.date) if who is not None else None
        if who is None or draft is None:
            return
        for change in changes:
            draft.changes.append(change)
            draft.origins.append(Origin(edit.paragraph, clause.id, who))
        self.clause_at.setdefault(edit.paragraph, clause.id)

    def against(self, clause: Clause, reference: str, edited: str) -> list[dict[str, Any]]:
        """Changes from `reference` to `edited`; a whole substitute where a replaced
        text is not the record's own (markup printed differently, an untracked edit)."""
        if normalised(reference) == normalised(clause.text):
            reference = clause.text  # the record's own line breaks, so `old` is its text
        changes = clause_changes(clause.id, reference, edited)
        if any("replace" in c and c["replace"]["old"] not in clause.text for c in changes):
            return [{"substitute": {"clause": clause.id, "text": normalised(edited)}}]
        return changes

    def new_paragraph(self, edit: Edit, author: str | None) -> None:
        who = author if author is not None else self.editor(edit)
        draft = self.draft(who, edit.date) if who is not None else None
        if who is None or draft is None:
            return
        after = draft.last_insert if edit.chained and draft.last_insert else edit.clause
        id = self.new_id(edit.clause, draft.party)
        kind = "preambular" if edit.style == "Preambular" else "operative"
        if edit.style.startswith("Heading"):
            kind = "heading"
        draft.changes.append(
            {
                "insert": {
                    "after": after,
                    "id": id,
                    "kind": kind,
                    "text": normalised(edit.text or ""),
                }
            }
        )
        draft.origins.append(Origin(edit.paragraph, id, who))
        draft.last_insert = id
        self.clause_at[edit.paragraph] = id

    def new_id(self, after: str, party: str) -> str:
        number = 1
        while f"{after}-{party}{number}" in self.taken:
            number += 1
        found = f"{after}-{party}{number}"
        self.taken.add(found)
        return found

    def clause_area(self) -> list[WordParagraph]:
        """The body paragraphs from the first clause to the heading after the last one;
        tracked edits elsewhere (title, signatories, headers) are reported, not imported."""
        paragraphs = [p for p in self.word.paragraphs if not p.in_table]
        anchored = [p.index for p in paragraphs if p.clause in self.clauses]
        if not anchored:
            why = (
                f"{self.base.id} has no clauses (only its record's fields), so there is "
                "nothing a change could be proposed against"
                if not self.clauses
                else f"no paragraph of the file is anchored to a clause of {self.base.id}; "
                "the file was not printed by this version of summitkit, or its bookmarks "
                "were removed"
            )
            raise ImportFailed([error(self.where, why, "import-docx/no-anchors")])
        area = []
        for paragraph in paragraphs:
            if paragraph.index < anchored[0]:
                continue
            if paragraph.index > anchored[-1] and (
                paragraph.style.startswith("Heading") or paragraph.style in ("Title", "Subtitle")
            ):
                break
            area.append(paragraph)
        inside = {p.index for p in area}
        for paragraph in self.word.paragraphs:
            if paragraph.index not in inside and paragraph.revised:
                self.outside(paragraph)
        for part in self.word.revised_parts:
            self.warnings.append(
                warning(
                    self.where,
                    f"tracked edits in {part} (page headers, footers or notes) are not "
                    "imported: only the clauses are; propose them by hand",
                    "import-docx/outside-clauses",
                )
            )
        return area

    def outside(self, paragraph: WordParagraph) -> None:
        """A tracked edit where no clause is, reported at its paragraph."""
        place = "in the signatories table" if paragraph.in_table else "outside the clauses"
        before, after = normalised(paragraph.text(None)), normalised(paragraph.text("*"))
        shown = f"“{before}” → “{after}”" if before != after else f"“{before}”"
        self.warnings.append(
            warning(
                self.at(paragraph.index),
                f"a tracked edit {place} ({', '.join(paragraph.authors)}) is not imported: "
                f"{shown}; only clauses become proposals",
                "import-docx/outside-clauses",
            )
        )

    def comments(self, area: Area) -> None:
        threads: dict[str, str] = {}
        for comment in self.word.comments:
            draft = self.draft(comment.author, comment.date)
            if draft is None:
                continue
            paragraph = comment.paragraph
            clause = None
            if paragraph is not None:
                clause = self.clause_at.get(paragraph) or area.owner.get(paragraph)
            where = self.named(clause) if clause else "the document"
            quote = f" on “{comment.quote}”" if comment.quote else ""
            state = " [resolved]" if comment.done else ""
            if comment.parent is not None and comment.parent in threads:
                parent = threads[comment.parent]
                line = f"{comment.author}, replying to {parent}{state}: {comment.text}"
            else:
                line = f"{comment.author}, {where}{quote}{state}: {comment.text}"
            threads[comment.id] = comment.author
            draft.notes.append(line)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
