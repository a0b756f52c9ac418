"""Review comments on a document, in reading order: what `summit comments` lists and
the compilation text shows beside its clauses. Comments are never part of a
deliverable."""

from __future__ import annotations

from summitkit.negotiation.model import ENGLISH, Say
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import Comment


class UnknownDocument(Exception):
    """No statement or gift basket has that id; the message says which ones exist."""


def comments_in_order(corpus: Corpus, document_id: str, open_only: bool = False) -> list[Comment]:
    """The comments on a document by its clause order, then by date; `open_only` leaves
    out the resolved ones."""
    document = corpus.documents.get(document_id)
    if document is None:
        known = ", ".join(sorted(corpus.documents)) or "none"
        raise UnknownDocument(f"no statement or gift basket '{document_id}' (known: {known})")
    place = {clause.id: index for index, clause in enumerate(document.clauses)}
    found = [c for c in corpus.comments_on(document_id) if not (open_only and c.resolved)]
    return sorted(found, key=lambda c: (place.get(c.clause, len(place)), c.date, c.id))


def describe(comment: Comment, display: str) -> str:
    """One comment as `summit comments` prints it: a heading line, then the quote and text."""
    who = f"{comment.by} ({comment.author})" if comment.author else comment.by
    state = "resolved" if comment.resolved else "open"
    label = comment.sensitivity.value if comment.sensitivity else ""
    lines = [f"{comment.clause}  {comment.date.isoformat()}  {who}  {state}  {label}  {display}"]
    if comment.quote:
        lines.append(f"    “{' '.join(comment.quote.split())}”")
    lines += [f"    {line}" for line in comment.text.strip().splitlines()]
    return "\n".join(lines)


def comments_by_clause(corpus: Corpus, document_id: str) -> dict[str, tuple[Comment, ...]]:
    """A document's comments grouped by clause id, each group by date."""
    grouped: dict[str, list[Comment]] = {}
    for comment in comments_in_order(corpus, document_id):
        grouped.setdefault(comment.clause, []).append(comment)
    return {clause: tuple(found) for clause, found in grouped.items()}


def reviewer(comment: Comment, names: dict[str, str]) -> str:
    """'Japan (Kenji Sato)': the delegation's name, and the person where known."""
    party = names.get(comment.by, comment.by.upper())
    return f"{party} ({comment.author})" if comment.author else party


def comments_text(
    comments: dict[str, tuple[Comment, ...]], numbers: dict[str, str], say: Say = ENGLISH
) -> str:
    """The compilation text's closing list of review comments, by paragraph; its
    labels in the language of `say`."""
    if not comments:
        return ""
    lines = ["", say.gettext("Review comments (not part of the text)")]
    for clause, found in comments.items():
        for comment in found:
            state = say.gettext("resolved" if comment.resolved else "open")
            where = numbers.get(clause) or clause
            quote = (
                say.gettext(" on “%(quote)s”") % {"quote": " ".join(comment.quote.split())}
                if comment.quote
                else ""
            )
            lines.append(
                f"  {where} — {comment.by.upper()}"
                f"{f' ({comment.author})' if comment.author else ''}, "
                f"{comment.date.isoformat()}, {state}{quote}: {' '.join(comment.text.split())}"
            )
    return "\n".join(lines) + "\n"
