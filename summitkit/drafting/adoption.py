"""What stands between a negotiated document and its adoption, and how its paragraphs
are renumbered when it is adopted.

`summit release DOC --status agreed|adopted` refuses while anything is still open:
a clause that is not agreed (`open`, `ad-ref`, or without a status: a clause
without one is open until its document is agreed or adopted, as
`Document.clause_status` says for every stage), a span bracket, a reservation, an
alternative wording, or a proposal still tabled. Each obstacle is one diagnostic
at its line. At adoption the bis/ter numbers of paragraphs inserted during the
negotiation give way to the final sequence; the concordance lists both.
"""

from __future__ import annotations

from summitkit.negotiation.compilation import compile_document, late_insertions
from summitkit.sources.core.diagnostics import Diagnostic, error, sort_diagnostics
from summitkit.sources.records import brackets
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import ClauseStatus, Document, DocumentStatus, ProposalStatus

SETTLED = (DocumentStatus.AGREED, DocumentStatus.ADOPTED)


def obstacles(corpus: Corpus, document: Document, status: DocumentStatus) -> list[Diagnostic]:
    """One diagnostic per thing still open that a release as `status` would settle."""
    raw = corpus.origins[(document.kind, document.id)]
    found: list[Diagnostic] = []
    goal = status.value
    for index, clause in enumerate(document.clauses):
        stands = document.clause_status(clause)
        if stands in (ClauseStatus.OPEN, ClauseStatus.AD_REF):
            said = stands.value if clause.status is not None else "open (it has no status)"
            found.append(
                error(
                    raw.position(("clauses", index, "status" if clause.status else "id")),
                    f"{clause.id} is {said}; agree it (summit clause agree {document.id} "
                    f"{clause.id}) before the document is {goal}",
                    "release/open-clause",
                )
            )
        count = len(brackets.parse(clause.text).brackets)
        if count:
            found.append(
                error(
                    raw.position(("clauses", index, "text")),
                    f"{clause.id} has {count} span bracket{'s' if count > 1 else ''} left; "
                    f"settle the wording before the document is {goal}",
                    "release/bracket",
                )
            )
        if clause.reserved_by:
            holders = ", ".join(clause.reserved_by)
            verb = "holds" if len(clause.reserved_by) == 1 else "hold"
            found.append(
                error(
                    raw.position(("clauses", index, "reserved_by")),
                    f"{holders} {verb} a reservation on {clause.id}; lift it before the "
                    f"document is {goal}",
                    "release/reservation",
                )
            )
        if clause.alternatives:
            found.append(
                error(
                    raw.position(("clauses", index, "alternatives")),
                    f"{clause.id} still has {len(clause.alternatives)} alternative wording"
                    f"{'s' if len(clause.alternatives) > 1 else ''}; choose one before the "
                    f"document is {goal}",
                    "release/alternatives",
                )
            )
    for proposal in corpus.proposals_for(document.id):
        if proposal.status == ProposalStatus.TABLED:
            origin = corpus.origins[("proposal", proposal.id)]
            where = ("status",) if "status" in origin.data else ("id",)
            found.append(
                error(
                    origin.position(where),
                    f"proposal {proposal.id} for {document.id} is still tabled; accept, "
                    f"reject or withdraw it before the document is {goal}",
                    "release/tabled-proposal",
                )
            )
    return sort_diagnostics(found)


def concordance(corpus: Corpus, document: Document) -> list[tuple[str, str, str]]:
    """(clause id, negotiation number, final number) for every numbered paragraph whose
    number changes at adoption; empty when none does."""
    proposals = corpus.proposals_for(document.id)
    if not late_insertions(document, proposals):
        return []
    during = compile_document(document, proposals).paragraphs
    final = compile_document(document, []).paragraphs
    return [
        (before.id, before.number, after.number)
        for before, after in zip(during, final, strict=True)
        if before.number != after.number
    ]
