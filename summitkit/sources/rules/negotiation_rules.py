"""Rules of the negotiation: proposals against the documents they change, and span
brackets in clause text. One rule id each; every problem at its line and column.

- ``proposal/unknown-clause``: a change names a clause the document does not have;
- ``proposal/old-not-found``: a replacement's old words are not in the clause (the
  closest passage is shown);
- ``proposal/duplicate-insert``: two tabled changes insert the same clause id, or
  an insert reuses an id the document has;
- ``proposal/retired-id``: an insert uses a retired clause id;
- ``proposal/not-participant`` (warning): a proposing or supporting delegation does
  not take part in the document's round;
- ``proposal/tabled-for-adopted``: a proposal still tabled for an adopted document;
- ``proposal/id-prefix`` (warning): a proposal's id begins with a delegation's id
  (``kor-1``) that is not among its proposers: ids carry their delegation, so that
  two delegations never table one id;
- ``proposal/unknown-change``: a decision in a proposal's history, or a position,
  names a change number the proposal does not have;
- ``clause/not-agreed`` (warning): a clause marked open or ad ref in an agreed or adopted
  document (a clause without a status is agreed there: the one meaning of
  status, `Document.clause_status`);
- ``proposal/collision`` (warning): two tabled proposals change the same text
  (`summitkit.sources.records.collisions` says when); reported on the later one,
  naming both;
- ``bracket/unbalanced``: a span bracket whose closing backquote is missing;
- ``bracket/holders``: a holder list opened with `<` and not closed;
- ``bracket/unattributed``: a bracket without holders where the document requires them;
- ``bracket/unknown-party``: a bracket held by a party that is not a state or
  organization of the corpus.

A proposal for a document that does not exist is ``ref/unknown-document``, found
by the reference walker like every reference. Proposal texts and alternatives
obey the same markup rules as clause text (``rst/forbidden``).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from summitkit.sources.core.diagnostics import Diagnostic, error, warning
from summitkit.sources.records import brackets
from summitkit.sources.records.collisions import find_collisions
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.records.raw import Path_, RawRecord
from summitkit.sources.rules.safety import text_problems
from summitkit.sources.schema import (
    ClauseStatus,
    Document,
    DocumentStatus,
    Proposal,
    ProposalStatus,
)


def check_proposals(corpus: Corpus) -> Iterator[Diagnostic]:
    inserted: dict[tuple[str, str], str] = {}  # (document, clause id) → proposal
    for proposal in sorted(corpus.proposals.values(), key=lambda p: (p.date, p.id)):
        raw = corpus.origins[("proposal", proposal.id)]
        yield from _id_prefix(corpus, proposal, raw)
        for loc, text in _texts(proposal):
            for problem in text_problems(text):
                yield error(raw.position(loc), problem, "rst/forbidden")
        document = corpus.documents.get(proposal.document)
        if document is None:
            continue  # ref/unknown-document says so
        if proposal.status == ProposalStatus.TABLED:
            yield from _participants(corpus, proposal, document, raw)
            if document.status == DocumentStatus.ADOPTED:
                yield error(
                    raw.position(("status",)),
                    f"proposal is still tabled for '{document.id}', which is adopted; "
                    "set its status to accepted, rejected or withdrawn",
                    "proposal/tabled-for-adopted",
                )
        yield from _changes(proposal, document, raw, inserted)
    yield from check_collisions(corpus)


def check_collisions(corpus: Corpus) -> Iterator[Diagnostic]:
    """One warning per collision, at the later proposal's change, naming both."""
    tabled: dict[str, list[Proposal]] = {}
    for proposal in corpus.proposals.values():
        if proposal.status == ProposalStatus.TABLED:
            tabled.setdefault(proposal.document, []).append(proposal)
    for document_id, proposals in sorted(tabled.items()):
        document = corpus.documents.get(document_id)
        if document is None or len(proposals) < 2:
            continue  # most documents: nothing to collide
        yield from _collisions(corpus, document, proposals)


def _collisions(
    corpus: Corpus, document: Document, proposals: list[Proposal]
) -> Iterator[Diagnostic]:
    for collision in find_collisions(document, proposals):
        first, second = collision.first, collision.second
        raw = corpus.origins[("proposal", second.proposal)]
        yield warning(
            raw.position(second.field),
            f"change {second.change} of '{second.proposal}' collides with change "
            f"{first.change} of '{first.proposal}' ({', '.join(first.by).upper()}): "
            f"{collision.describe()}; the compilation prints both until one is accepted "
            "(the other superseded) or withdrawn",
            "proposal/collision",
        )


def _texts(proposal: Proposal) -> Iterator[tuple[Path_, str]]:
    for index, change in enumerate(proposal.changes):
        if change.insert is not None:
            yield ("changes", index, "insert", "text"), change.insert.text
        elif change.replace is not None:
            yield ("changes", index, "replace", "new"), change.replace.new
        elif change.substitute is not None:
            yield ("changes", index, "substitute", "text"), change.substitute.text


def _changes(
    proposal: Proposal, document: Document, raw: RawRecord, inserted: dict[tuple[str, str], str]
) -> Iterator[Diagnostic]:
    texts = {c.id: c.text for c in document.clauses}
    still_open = {n - 1 for n, _ in proposal.open_changes()}
    for index, change in enumerate(proposal.changes):
        tabled = index in still_open
        loc: Path_ = ("changes", index)
        if change.insert is not None:
            insert = change.insert
            if insert.after not in texts and tabled:
                yield _unknown(raw, (*loc, "insert", "after"), insert.after, document, texts)
            here = raw.position((*loc, "insert", "id"))
            if insert.id in document.retired_ids and tabled:
                yield error(
                    here,
                    f"clause id '{insert.id}' was retired in '{document.id}' and may not be "
                    "reused; choose a new id",
                    "proposal/retired-id",
                )
            elif insert.id in texts and tabled:
                yield error(
                    here,
                    f"'{document.id}' has a clause '{insert.id}' already; insert under a new id",
                    "proposal/duplicate-insert",
                )
            elif (document.id, insert.id) in inserted and tabled:
                yield error(
                    here,
                    f"proposal '{inserted[(document.id, insert.id)]}' inserts '{insert.id}' "
                    "already; choose another id",
                    "proposal/duplicate-insert",
                )
            if tabled:
                inserted.setdefault((document.id, insert.id), proposal.id)
            texts.setdefault(insert.id, insert.text)
            continue
        field = ("delete",) if change.delete is not None else (change.type, "clause")
        if change.clause not in texts and tabled:
            yield _unknown(raw, (*loc, *field), change.clause, document, texts)
            continue
        if change.replace is not None and tabled:
            yield from _old_words(raw, loc, change.replace.old, change.replace.clause, texts)


def _unknown(
    raw: RawRecord, loc: Path_, clause: str, document: Document, texts: dict[str, str]
) -> Diagnostic:
    guess = difflib.get_close_matches(clause, list(texts), n=1)
    hint = f"; did you mean '{guess[0]}'?" if guess else ""
    return error(
        raw.position(loc),
        f"'{document.id}' has no clause '{clause}'{hint}",
        "proposal/unknown-clause",
    )


def _old_words(
    raw: RawRecord, loc: Path_, old: str, clause: str, texts: dict[str, str]
) -> Iterator[Diagnostic]:
    text, words = _flat(texts[clause]), _flat(old)
    if words in text:
        return
    yield error(
        raw.position((*loc, "replace", "old")),
        f"'{words}' is not in the text of {clause}; the closest passage is "
        f"'{closest_passage(text, words)}'",
        "proposal/old-not-found",
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def closest_passage(text: str, words: str) -> str:
    """The run of words in `text` most like `words`, of the same number of words."""
    tokens, count = text.split(), max(1, len(words.split()))
    candidates = [" ".join(tokens[i : i + count]) for i in range(max(1, len(tokens) - count + 1))]
    return max(candidates, key=lambda c: difflib.SequenceMatcher(None, c, words).ratio())


def _id_prefix(corpus: Corpus, proposal: Proposal, raw: RawRecord) -> Iterator[Diagnostic]:
    prefix = proposal.id.partition("-")[0]
    named = prefix in corpus.states or prefix in corpus.organizations
    if named and prefix not in proposal.by:
        yield warning(
            raw.position(("id",)),
            f"proposal id '{proposal.id}' begins with {prefix}, which is not among its "
            f"proposers ({', '.join(proposal.by)}); give it an id that begins with "
            f"{proposal.by[0]}-, the delegation that tables it",
            "proposal/id-prefix",
        )


def _participants(
    corpus: Corpus, proposal: Proposal, document: Document, raw: RawRecord
) -> Iterator[Diagnostic]:
    summit = corpus.summits.get(document.round)
    if summit is None or not (summit.participants or summit.organizations):
        return  # the round lists nobody: nothing to compare with
    taking_part = {*summit.participants, *summit.organizations}
    for field in ("by", "supported_by"):
        for index, party in enumerate(getattr(proposal, field)):
            known = party in corpus.states or party in corpus.organizations
            if party in taking_part or not known:
                continue  # an unknown id is ref/unknown-party's to report
            yield warning(
                raw.position((field, index)),
                f"'{party}' does not take part in '{summit.id}', the round of "
                f"'{document.id}'; check the id or the round's participants",
                "proposal/not-participant",
            )


def check_change_numbers(corpus: Corpus) -> Iterator[Diagnostic]:
    """A decision in a proposal's history, or a position, about a change the proposal
    does not have."""
    for proposal in corpus.proposals.values():
        raw = corpus.origins[("proposal", proposal.id)]
        for index, decision in enumerate(proposal.history):
            if decision.change is not None and decision.change > len(proposal.changes):
                yield _unknown_change(raw, ("history", index, "change"), proposal, decision.change)
    for position in corpus.positions.values():
        target = corpus.proposals.get(position.proposal)
        number = position.change
        if target is not None and number is not None and number > len(target.changes):
            raw = corpus.origins[("position", position.id)]
            yield _unknown_change(raw, ("change",), target, number)


def _unknown_change(raw: RawRecord, loc: Path_, proposal: Proposal, number: int) -> Diagnostic:
    count = len(proposal.changes)
    return error(
        raw.position(loc),
        f"proposal '{proposal.id}' has {count} change{'' if count == 1 else 's'}, not a "
        f"change {number}; changes are numbered from 1 in the order they are listed",
        "proposal/unknown-change",
    )


def check_clause_status(corpus: Corpus) -> Iterator[Diagnostic]:
    """An agreed or adopted document whose clause still says open or ad ref."""
    settled = (DocumentStatus.AGREED, DocumentStatus.ADOPTED)
    for document in corpus.documents.values():
        if document.status not in settled:
            continue
        raw = corpus.origins[(document.kind, document.id)]
        for index, clause in enumerate(document.clauses):
            if clause.status in (ClauseStatus.OPEN, ClauseStatus.AD_REF):
                yield warning(
                    raw.position(("clauses", index, "status")),
                    f"{clause.id} is {clause.status.value}, but '{document.id}' is "
                    f"{document.status.value}; agree it (summit clause agree {document.id} "
                    f"{clause.id}) or set the document's status back to draft",
                    "clause/not-agreed",
                )


def check_brackets(corpus: Corpus) -> Iterator[Diagnostic]:
    parties = {*corpus.states, *corpus.organizations}
    for document in corpus.documents.values():
        raw = corpus.origins[(document.kind, document.id)]
        for index, clause in enumerate(document.clauses):
            if not clause.alternatives and not brackets.may_hold_brackets(clause.text):
                continue  # most clauses: no bracket, no alternative
            texts: list[tuple[Path_, str]] = [(("clauses", index, "text"), clause.text)]
            texts += [
                (("clauses", index, "alternatives", k, "text"), alternative.text)
                for k, alternative in enumerate(clause.alternatives)
            ]
            for k, alternative in enumerate(clause.alternatives):
                for problem in text_problems(alternative.text):
                    yield error(
                        raw.position(("clauses", index, "alternatives", k, "text")),
                        problem,
                        "rst/forbidden",
                    )
            for loc, text in texts:
                yield from _bracket_problems(raw, loc, text, document, parties)


def _bracket_problems(
    raw: RawRecord, loc: Path_, text: str, document: Document, parties: set[str]
) -> Iterator[Diagnostic]:
    parsed = brackets.parse(text)
    for source in parsed.unbalanced:
        yield error(
            raw.position(loc),
            f"span bracket '{_shortened(source)}' is not closed; end it with a backquote: "
            ":bracket:`wording <jpn>`",
            "bracket/unbalanced",
        )
    for source in parsed.unclosed_holders:
        yield error(
            raw.position(loc),
            f"span bracket '{_shortened(source)}' has a holder list that is not closed; "
            "write the holders between < and >: :bracket:`wording <jpn, kor>`",
            "bracket/holders",
        )
    for bracket in parsed.brackets:
        if not bracket.parties and document.brackets_attributed:
            yield error(
                raw.position(loc),
                f"span bracket '{bracket.text}' names no delegation, and '{document.id}' "
                "requires it: write :bracket:`wording <jpn>`",
                "bracket/unattributed",
            )
        for party in bracket.parties:
            if party not in parties:
                guess = difflib.get_close_matches(party, sorted(parties), n=1)
                hint = f"; did you mean '{guess[0]}'?" if guess else ""
                yield error(
                    raw.position(loc),
                    f"span bracket '{bracket.text}' is held by '{party}', which is no "
                    f"state or organization{hint}",
                    "bracket/unknown-party",
                )


def _shortened(source: str, width: int = 40) -> str:
    return source if len(source) <= width else source[: width - 1] + "…"
