"""Rules for review comments: a comment names a clause its document has, and quotes
words that clause holds."""

from __future__ import annotations

from collections.abc import Iterator

from summitkit.sources.core.diagnostics import Diagnostic, error, warning
from summitkit.sources.records.corpus import Corpus


def check_comments(corpus: Corpus) -> Iterator[Diagnostic]:
    for comment in corpus.comments.values():
        document = corpus.documents.get(comment.document)
        if document is None:
            continue  # an unknown document is reported by the reference check
        raw = corpus.origins[(comment.kind, comment.id)]
        clause = next((c for c in document.clauses if c.id == comment.clause), None)
        if clause is None:
            ids = ", ".join(c.id for c in document.clauses) or "none"
            yield error(
                raw.position(("clause",)),
                f"comment is on clause '{comment.clause}', which {document.kind} "
                f"'{document.id}' does not have (its clauses: {ids})",
                "comment/unknown-clause",
            )
        elif comment.quote and " ".join(comment.quote.split()) not in " ".join(clause.text.split()):
            yield warning(
                raw.position(("quote",)),
                f"the quoted words are not in clause {clause.id} (any more?); quote them "
                "exactly as the clause has them, or drop the quote",
                "comment/quote-not-found",
            )
