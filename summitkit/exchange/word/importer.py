"""`summit import docx`: the base from git, the edits from the file, proposals out.

See `summitkit.exchange.word` for the mapping; `read` reads the file and
`changes` turns one clause's edit into proposal changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summitkit.deliverables.printed import write_atomically
from summitkit.deliverables.redline.paragraphs import paragraph_names
from summitkit.exchange.word.base import ImportFailed, base_document
from summitkit.exchange.word.changes import clause_changes, normalised
from summitkit.exchange.word.read import NotReadable, WordFile, WordParagraph, read_docx
from summitkit.exchange.word.records import FOLDER, dump, validate_staged
from summitkit.sources.check.project import check
from summitkit.sources.core.diagnostics import (
    Diagnostic,
    Position,
    display_path,
    error,
    sort_diagnostics,
    warning,
)
from summitkit.sources.core.request import build_date
from summitkit.sources.core.settings import load_settings
from summitkit.sources.records.brackets import printed
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import TLP, Clause, Document

MACHINE = ("", "summitkit", "python-docx")
"""Last editors that are not a person: the file was not saved by its editor."""


@dataclass
class Draft:
    """One delegation's proposal as it is being put together."""

    party: str
    changes: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    authors: set[str] = field(default_factory=set)
    last_insert: str | None = None


@dataclass(frozen=True)
class Written:
    path: Path
    text: str
    party: str
    changes: int
    notes: int


@dataclass
class Imported:
    proposals: list[Written]
    warnings: list[Diagnostic]
    document: str
    commit: str


def import_docx(
    file: Path,
    root: Path,
    *,
    as_party: str | None = None,
    document: str | None = None,
    dry_run: bool = False,
) -> Imported:
    """Read FILE against the revision it was built from and write (or, with `dry_run`,
    only return) one proposal per delegation. ImportFailed: nothing was written."""
    where = Position(display_path(file, root))
    try:
        word = read_docx(file)
    except NotReadable as exc:
        raise ImportFailed([error(where, str(exc), "import-docx/unreadable")]) from None
    base, commit = base_document(word, root, where, document)
    checked = check(root)
    settings, _ = load_settings(root)
    work = Importer(word, base, checked.corpus, where, as_party, settings.word_authors)
    drafts = work.run()
    proposals = work.records(drafts, root)
    written = [
        Written(path, text, d.party, len(d.changes), len(d.notes))
        for d, (path, text) in zip(drafts, proposals, strict=True)
    ]
    problems = validate_staged(root, [(w.path, w.text) for w in written])
    if [d for d in problems if d.is_error]:
        raise ImportFailed(problems)
    if not dry_run:
        for item in written:
            write_atomically(item.path, item.text.encode("utf-8"))
    return Imported(written, sort_diagnostics([*work.warnings, *problems]), base.id, commit)


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
        self.unknown: list[str] = []
        self.warnings: list[Diagnostic] = []
        self.taken = set(self.clauses) | {
            c.insert.id
            for p in corpus.proposals_for(base.id)
            for c in p.changes
            if c.insert is not None
        }
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

    def editor(self) -> str:
        """Who made the untracked edits: the file's last editor."""
        if self.as_party:
            return self.as_party
        name = self.word.last_modified_by
        if name in MACHINE:
            raise ImportFailed(
                [
                    error(
                        self.where,
                        "some edits were made without Track Changes and the file does not "
                        "say who made them; give --as PARTY",
                        "import-docx/untracked-author",
                    )
                ]
            )
        return name

    # -- walking the file ---------------------------------------------------------

    def run(self) -> list[Draft]:
        area = self.clause_area()
        seen: set[str] = set()
        previous: str | None = None
        lost = [c for c in self.clauses if c not in {p.clause for p in area}]
        for paragraph in area:
            clause = paragraph.clause
            if clause in self.clauses and clause not in seen:
                seen.add(clause)
                self.clause_at[paragraph.index] = clause
                self.edited_clause(self.clauses[clause], paragraph)
                previous = clause
                for draft in self.drafts.values():
                    draft.last_insert = None
                continue
            text = paragraph.text(("equal", "insert"))
            if not text:
                continue
            if paragraph.mark == "insert" or all(p.op == "insert" for p in paragraph.pieces):
                author = paragraph.mark_author or paragraph.authors[0]
                self.new_paragraph(paragraph, author, previous, text)
            elif lost:
                self.warnings.append(
                    warning(
                        self.where,
                        f"a paragraph lost its clause anchor and is not imported: “{text}”; "
                        "retype the change in the clause's own paragraph, or propose it by hand",
                        "import-docx/lost-anchor",
                    )
                )
            else:
                self.new_paragraph(paragraph, self.editor(), previous, text)
        for clause in lost:
            self.warnings.append(
                warning(
                    self.where,
                    f"clause {clause} has no anchor in the file (its paragraph was retyped "
                    f"or deleted without Track Changes); nothing is proposed for it: "
                    f"“{normalised(self.clauses[clause].text)}”",
                    "import-docx/lost-anchor",
                )
            )
        self.comments()
        if self.unknown:
            names = ", ".join(f"'{a}'" for a in self.unknown)
            plural = "s" if len(self.unknown) > 1 else ""
            example = self.unknown[0].replace('"', '\\"')
            raise ImportFailed(
                [
                    error(
                        self.where,
                        f"no delegation is known for the Word author{plural} "
                        f'{names}; map each in summitkit.toml ([word_authors] "{example}" = "jpn") '
                        "or give --as PARTY",
                        "import-docx/unknown-author",
                    )
                ]
            )
        return [d for d in self.drafts.values() if d.changes or d.notes]

    def clause_area(self) -> list[WordParagraph]:
        """The paragraphs from the first clause to the heading after the last one."""
        paragraphs = self.word.paragraphs
        anchored = [p.index for p in paragraphs if p.clause in self.clauses]
        if not anchored:
            raise ImportFailed(
                [
                    error(
                        self.where,
                        f"no paragraph of the file is anchored to a clause of {self.base.id}; "
                        "the file was not printed by this version of summitkit, or its "
                        "bookmarks were removed",
                        "import-docx/no-anchors",
                    )
                ]
            )
        area = []
        for paragraph in paragraphs[anchored[0] :]:
            heading = paragraph.style.startswith("Heading") or paragraph.style in (
                "Title",
                "Subtitle",
            )
            if paragraph.index > anchored[-1] and heading:
                break
            area.append(paragraph)
        return area

    def edited_clause(self, clause: Clause, paragraph: WordParagraph) -> None:
        source = clause.text
        shown = printed(source)
        if paragraph.mark == "delete" and not paragraph.text(("equal", "insert")):
            author = paragraph.mark_author or (paragraph.authors or [""])[0]
            draft = self.draft(author, self.date_of(paragraph, author))
            if draft is not None:
                draft.changes.append({"delete": clause.id})
            return
        reference = source if normalised(shown) == normalised(source) else shown
        if normalised(paragraph.old) != normalised(shown):
            draft = self.draft(self.editor())
            if draft is not None:
                draft.changes += self.against(clause, reference, paragraph.old)
            reference = paragraph.old
        for author in paragraph.authors:
            draft = self.draft(author, self.date_of(paragraph, author))
            if draft is not None:
                draft.changes += self.against(clause, reference, paragraph.as_edited_by(author))

    def against(self, clause: Clause, reference: str, edited: str) -> list[dict[str, Any]]:
        """Changes from `reference` to `edited`; a whole substitute where a replaced
        text is not the record's own (markup printed differently, an untracked edit)."""
        changes = clause_changes(clause.id, reference, edited)
        if any("replace" in c and c["replace"]["old"] not in clause.text for c in changes):
            return [{"substitute": {"clause": clause.id, "text": normalised(edited)}}]
        return changes

    def date_of(self, paragraph: WordParagraph, author: str) -> str:
        dates = [p.date for p in paragraph.pieces if p.author == author and p.date]
        return max(dates, default="")

    def new_paragraph(
        self, paragraph: WordParagraph, author: str, previous: str | None, text: str
    ) -> None:
        draft = self.draft(author, self.date_of(paragraph, author))
        if draft is None or previous is None:
            return
        after = draft.last_insert or previous
        id = self.new_id(previous, draft.party)
        kind = "preambular" if paragraph.style == "Preambular" else "operative"
        if paragraph.style.startswith("Heading"):
            kind = "heading"
        draft.changes.append({"insert": {"after": after, "id": id, "kind": kind, "text": text}})
        draft.last_insert = id
        self.clause_at[paragraph.index] = id

    def new_id(self, after: str, party: str) -> str:
        number = 1
        while f"{after}-{party}{number}" in self.taken:
            number += 1
        found = f"{after}-{party}{number}"
        self.taken.add(found)
        return found

    def comments(self) -> None:
        names = paragraph_names(self.base)
        for comment in self.word.comments:
            draft = self.draft(comment.author, comment.date)
            if draft is None:
                continue
            clause = (
                self.clause_at.get(comment.paragraph) if comment.paragraph is not None else None
            )
            where = f"{names.get(clause, 'new paragraph')} ({clause})" if clause else "the document"
            quote = f" on “{comment.quote}”" if comment.quote else ""
            draft.notes.append(f"{comment.author}, {where}{quote}: {comment.text}")

    # -- the records --------------------------------------------------------------

    def records(self, drafts: list[Draft], root: Path) -> list[tuple[Path, str]]:
        out = []
        taken = set(self.corpus.proposals)
        audience = self.word.properties.get("audience", TLP.CLEAR.value)
        for draft in drafts:
            date = max(draft.dates, default="") or build_date().date().isoformat()
            stem = f"{self.base.id}-{draft.party}-{date}"
            id, n = stem, 1
            while id in taken or (root / FOLDER / f"{id}.yaml").exists():
                n += 1
                id = f"{stem}-{n}"
            taken.add(id)
            data: dict[str, Any] = {
                "id": id,
                "document": self.base.id,
                "by": [draft.party],
                "date": dt.date.fromisoformat(date),
                "status": "tabled",
                "changes": draft.changes,
            }
            if draft.notes:
                data["note"] = "\n".join(draft.notes) + "\n"
            if audience != TLP.CLEAR.value and audience in {t.value for t in TLP}:
                data["sensitivity"] = audience
            authors = ", ".join(sorted(draft.authors))
            header = (
                f"# Imported with 'summit import docx' from {self.where.path} "
                f"(Word author: {authors}), against {self.base.id} at commit "
                f"{self.word.properties.get('commit', '')}\n"
            )
            out.append((root / FOLDER / f"{id}.yaml", header + dump(data)))
        return out
