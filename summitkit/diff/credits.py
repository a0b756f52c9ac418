"""Which delegation made each change: the accepted proposals that explain it.

A change of a document's text between the two sides is credited to the delegations
whose proposal made it: a change of a proposal accepted on the newer side and not
on the older one, that matches the clause's change (a replacement whose old words
were in the old text and whose new words are in the new one, a substitute whose
text is the new text, a deleted clause removed, an inserted clause added). The
diff prints the credits, and the redline names them as the authors of the change
(`summitkit.diff.authors` falls back to git blame only for the rest).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from summitkit.diff.changes import ChangeSet, ClauseChange, Credit
from summitkit.diff.tokens import Redline
from summitkit.negotiation.state import accepted_changes
from summitkit.sources.records.collisions import flat
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import Change, Fate, Proposal, ProposalStatus


def credit_changes(changes: ChangeSet, old: Corpus | None, new: Corpus | None) -> None:
    """Set the credits of every clause change of `changes` that a newly accepted
    proposal explains (`old`, `new`: both sides' corpora)."""
    if new is None:
        return
    for record in changes.records:
        if record.old_id != record.new_id or record.new_id is None or not record.clauses:
            continue  # two documents of a lineage: no proposal made the one from the other
        accepted = [
            _credit(proposal, number, change, new)
            for proposal, number, change in newly_accepted(record.new_id, old, new)
        ]
        if accepted:
            record.clauses = [_credited(clause, accepted) for clause in record.clauses]


def newly_accepted(
    document: str, old: Corpus | None, new: Corpus
) -> Iterator[tuple[Proposal, int, Change]]:
    """(proposal, number, change) of each change accepted on the newer side, not the older."""
    for proposal in new.proposals_for(document):
        before = old.proposals.get(proposal.id) if old is not None else None
        then = _accepted(before) if before is not None and before.document == document else set()
        for number in sorted(_accepted(proposal) - then):
            yield proposal, number, proposal.changes[number - 1]


def _accepted(proposal: Proposal) -> set[int]:
    if proposal.status == ProposalStatus.ACCEPTED:
        return set(range(1, len(proposal.changes) + 1))
    return {n for n in accepted_changes(proposal) if n <= len(proposal.changes)}


def _credited(clause: ClauseChange, accepted: list[tuple[Credit, Change]]) -> ClauseChange:
    if clause.status == "unchanged":
        return clause
    old, new = _sides(clause.redline)
    found = tuple(credit for credit, change in accepted if _explains(change, clause, old, new))
    return replace(clause, credits=found) if found else clause


def _sides(redline: Redline) -> tuple[str, str]:
    """The clause's old and new text, from its redline."""
    old = "".join(s.text for s in redline.segments if s.op != "insert")
    new = "".join(s.text for s in redline.segments if s.op != "delete")
    return flat(old), flat(new)


def _explains(change: Change, clause: ClauseChange, old: str, new: str) -> bool:
    if change.insert is not None:
        return clause.status == "added" and clause.new_id == change.insert.id
    if change.delete is not None:
        return clause.status == "removed" and clause.old_id == change.delete
    if change.clause not in (clause.old_id, clause.new_id) or clause.status != "modified":
        return False
    if change.substitute is not None:
        return new == flat(change.substitute.text)
    assert change.replace is not None
    words, instead = flat(change.replace.old), flat(change.replace.new)
    if instead:
        return words in old and instead in new
    return new.count(words) < old.count(words)  # words struck out


def _credit(
    proposal: Proposal, number: int, change: Change, corpus: Corpus
) -> tuple[Credit, Change]:
    decided = [
        d for d in proposal.history if d.fate == Fate.ACCEPTED and d.change in (None, number)
    ]
    # Without a decision in its history (accepted by hand), the day is not known.
    date = decided[-1].date.isoformat() if decided else ""
    old, text = "", ""
    if change.replace is not None:
        old, text = change.replace.old, change.replace.new
    elif change.substitute is not None:
        text = change.substitute.text
    elif change.insert is not None:
        text = change.insert.text
    credit = Credit(
        proposal=proposal.id,
        change=number,
        type=change.type,
        by=tuple(proposal.by),
        names=", ".join(corpus.party_name(party) for party in proposal.by),
        date=date,
        old=flat(old),
        new=flat(text),
    )
    return credit, change
