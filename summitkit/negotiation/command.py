"""What `summit compile` computes before any printing: one document's compilation
for one audience, and the display names of the delegations in it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field

from summitkit.negotiation.compilation import compile_document
from summitkit.negotiation.model import Compilation
from summitkit.negotiation.review import comments_by_clause
from summitkit.sources.audience.visible import for_audience
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import TLP, Comment


class UnknownDocument(Exception):
    """Raised when the document to compile is not in the corpus (for the audience)."""


@dataclass(frozen=True)
class Compiled:
    compilation: Compilation
    names: dict[str, str]
    """Delegation id → name, for every party the compilation names."""
    audience: TLP
    round: str
    """The title of the document's round."""
    comments: dict[str, tuple[Comment, ...]] = field(default_factory=dict)
    """Review comments the audience may see, by clause id (none in the clean text).
    The compilation shows them beside their clauses; no deliverable does."""


def compile_for(
    corpus: Corpus,
    document_id: str,
    audience: TLP,
    *,
    clean: bool = False,
    circulated: set[str] | None = None,
) -> Compiled:
    """The compilation of one document as `audience` may see it: proposals above the
    audience are left out like every record, and so are clauses above it."""
    visible = for_audience(corpus, audience)
    document = visible.documents.get(document_id)
    if document is None:
        known = sorted(visible.documents)
        guess = difflib.get_close_matches(document_id, known, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else ""
        raise UnknownDocument(f"no statement or basket '{document_id}'{hint}")
    proposals = visible.proposals_for(document.id)
    ids = {p.id for p in proposals}
    positions = [p for p in visible.positions.values() if p.proposal in ids]
    compilation = compile_document(document, proposals, clean, circulated, positions)
    comments = {} if clean else comments_by_clause(visible, document.id)
    reviewers = {c.by for found in comments.values() for c in found}
    names = {party: visible.party_name(party) for party in parties_of(compilation) | reviewers}
    summit = visible.summits.get(document.round)
    round_title = summit.title if summit is not None else document.round
    return Compiled(compilation, names, audience, round_title, comments)


def parties_of(compilation: Compilation) -> set[str]:
    found: set[str] = set()
    for tabled in (*compilation.tabled, *compilation.decided):
        found.update(tabled.by, tabled.supported_by, tabled.opposed_by)
    for paragraph in compilation.paragraphs:
        found.update(paragraph.reserved_by)
        for span in paragraph.spans:
            found.update(span.parties)
            for variant in span.alternatives:
                found.update(variant.by)
        for option in paragraph.options:
            found.update(option.by)
    return found
