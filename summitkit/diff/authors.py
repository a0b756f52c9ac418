"""Who made each change of a redline.

Between two git revisions of one record, the author of a change is the author
of the commit that last touched the record's line holding it, found with
`git blame OLD..NEW` (prose is one sentence per line, so a line is a
sentence). Text deleted from a line belongs to whoever changed that line; a
clause removed whole belongs to the newest commit that touched the file.
Between the working tree and a revision, it is the person git would name as
the author now; between two documents of a lineage, the newer document.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summitkit.diff.command import Comparison
from summitkit.sources.core import git
from summitkit.sources.core.git import LineAuthor as LineAuthor  # for the printers
from summitkit.sources.schema import Document

DEFAULT_AUTHOR = "summitkit"


@dataclass
class Authors:
    """The author of every line of each clause's new text, and a fallback."""

    default: str
    lines: dict[str, list[git.LineAuthor | None]] = field(default_factory=dict)
    """By new clause id: the author of each line of its text (None: unchanged since OLD)."""
    removed: str | None = None
    """Who removed clauses (the newest commit touching the record)."""

    def of_line(self, clause: str | None, line: int) -> git.LineAuthor:
        """Who made a change on line `line` of a clause's new text, and when."""
        found = self.lines.get(clause or "", [])
        if 0 <= line < len(found) and found[line] is not None:
            return found[line] or git.LineAuthor(self.default, "")
        # A change on a line git does not attribute (a folded scalar): the clause's author.
        return next((a for a in found if a), git.LineAuthor(self.default, ""))


def find_authors(
    comparison: Comparison, kind: str, old_id: str | None, new_id: str | None
) -> Authors:
    """The authors of one record's changes in `comparison`."""
    changes = comparison.changes
    old, new = changes.old, changes.new
    record = comparison.record("new", kind, new_id)
    if record is None:
        return Authors(new.author or DEFAULT_AUTHOR)
    if old_id != new_id and isinstance(record, Document):
        # Two documents of a lineage: the newer one made the changes.
        revision = f" rev. {record.revision}" if record.revision else ""
        return Authors(f"{record.id}{revision}")
    if new.commit is None:
        return Authors(current_author(comparison))
    root, corpus = comparison.root, comparison.new_corpus
    if root is None or corpus is None or (record.kind, record.id) not in corpus.origins:
        return Authors(new.author or DEFAULT_AUTHOR)
    raw = corpus.origins[(record.kind, record.id)]
    path = git.prefix(root) + raw.path.relative_to(corpus.root).as_posix()
    try:
        blamed = git.line_authors(git.toplevel(root), old.commit, new.commit, path)
        removed = git.last_author(git.toplevel(root), old.commit, new.commit, path)
    except git.GitError:
        return Authors(new.author or DEFAULT_AUTHOR)
    authors = Authors(new.author or DEFAULT_AUTHOR, removed=removed)
    for index, clause in enumerate(raw.data.get("clauses") or []):
        if not isinstance(clause, dict) or not isinstance(clause.get("text"), str):
            continue
        line, _ = raw.positions.get(("clauses", index, "text"), (0, 0))
        text: str = clause["text"]
        # A block scalar's text starts on the line after its `|`.
        first = line if "\n" not in text else line + 1
        count = max(text.rstrip("\n").count("\n") + 1, 1)
        authors.lines[str(clause.get("id"))] = [
            blamed[n - 1] if 0 < n <= len(blamed) else None for n in range(first, first + count)
        ]
    return authors


def current_author(comparison: Comparison) -> str:
    """Who git would name as the author of a commit now (`git var GIT_AUTHOR_IDENT`)."""
    if comparison.root is None:
        return DEFAULT_AUTHOR
    try:
        ident = git.run(comparison.root, "var", "GIT_AUTHOR_IDENT")
    except git.GitError:
        return DEFAULT_AUTHOR
    return ident.split("<", 1)[0].strip() or DEFAULT_AUTHOR
