"""Whether a clause has moved on since a proposal was written against it, and who
moved it: the accepted changes of other proposals, and git's last commit of the
document's file.

A proposal written by `summit proposal new` records in `against` a digest of each
clause it changes (`clause_digest`); a change is stale when the clause's text no
longer has that digest, with one exception: a replacement of words is not stale when
every change accepted since replaced other words of the clause (`apart`), for then
nothing it was written against is erased and two delegations' replacements of
different words in one clause can both be accepted. A whole-clause substitute or
deletion that records no digest (written by hand, or before digests) is stale when
another proposal's change to the same clause was accepted on or after the day it
was tabled: applied, it would silently erase that accepted change.
"""

from __future__ import annotations

from pathlib import Path

from summitkit.sources.core import git
from summitkit.sources.core.diagnostics import Diagnostic, error
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import Document
from summitkit.sources.schema.negotiation import Change, Decision, Fate, Proposal, same_digest


def moved_on(
    root: Path, corpus: Corpus, proposal: Proposal, number: int, change: Change, document: Document
) -> list[Diagnostic]:
    """One `decision/stale-clause` diagnostic when change `number` of `proposal` would
    be applied over a clause that moved on since it was written; none otherwise."""
    if change.insert is not None:
        return []  # an insertion adds a clause; its anchor's wording does not matter
    clause = next((c for c in document.clauses if c.id == change.clause), None)
    if clause is None:
        return []  # applying it says the clause is gone
    raw = corpus.origins[("proposal", proposal.id)]
    since = accepted_on(corpus, proposal, change.clause)
    recorded = proposal.against.get(change.clause)
    if recorded is not None:
        if same_digest(recorded, clause.text) or (not since and _own(proposal, change.clause)):
            return []  # unchanged, or changed by this proposal's own accepted changes only
        if since and all(apart(change, corpus.proposals[p].changes[n - 1]) for p, n, _ in since):
            return []  # only other words of the clause changed: these are still as written
        where = raw.position(("against", change.clause))
        said = (
            f"{proposal.id} change {number} was written against a text of {change.clause} "
            "that has changed since"
        )
    else:
        later = [entry for entry in since if entry[2] >= proposal.date.isoformat()]
        if (change.substitute is None and change.delete is None) or not later:
            return []
        since = later
        where = raw.position(("changes", number - 1))
        said = (
            f"{proposal.id} change {number} ({change.type} of {change.clause}) records no "
            f"digest of the text it was written against (no 'against'), and {change.clause} "
            f"was changed after it was tabled on {proposal.date.isoformat()}; applied, it "
            "would erase that change"
        )
    return [error(where, said + who_moved(root, corpus, document, since), "decision/stale-clause")]


def apart(ours: Change, theirs: Change) -> bool:
    """Whether two changes to one clause leave each other's words alone: both are
    replacements, and neither's old words hold, or lie inside, the other's."""
    if ours.replace is None or theirs.replace is None:
        return False
    a, b = ours.replace.old, theirs.replace.old
    return a not in b and b not in a and a not in theirs.replace.new


def _own(proposal: Proposal, clause: str) -> bool:
    """Whether one of the proposal's own changes to `clause` is accepted already."""
    return any(
        fate == Fate.ACCEPTED and proposal.changes[n - 1].insert is None
        and proposal.changes[n - 1].clause == clause
        for n, fate in proposal.change_fates().items()
    )  # fmt: skip


def accepted_on(corpus: Corpus, proposal: Proposal, clause: str) -> list[tuple[str, int, str]]:
    """(proposal, change, date) of every accepted change of another proposal to `clause`."""
    found = []
    for other in corpus.proposals_for(proposal.document):
        if other.id == proposal.id:
            continue
        for number, fate in other.change_fates().items():
            change = other.changes[number - 1]
            if fate != Fate.ACCEPTED or change.insert is not None or change.clause != clause:
                continue
            decision = _deciding(other.history, number)
            when = decision.date.isoformat() if decision else other.date.isoformat()
            found.append((other.id, number, when))
    return sorted(found, key=lambda entry: (entry[2], entry[0], entry[1]))


def _deciding(history: list[Decision], number: int) -> Decision | None:
    accepted = [
        d for d in history if d.fate == Fate.ACCEPTED and d.change in (None, number)
    ]  # fmt: skip
    return accepted[-1] if accepted else None


def who_moved(
    root: Path, corpus: Corpus, document: Document, since: list[tuple[str, int, str]]
) -> str:
    """' (changed by: …)': the accepted changes, then what git says of the file."""
    said = [f"{pid} change {n} accepted on {when}" for pid, n, when in since]
    path = corpus.path_of(document)
    if git.is_repository(root):
        try:
            relative = path.relative_to(root).as_posix()
            last = git.run(root, "log", "-1", "--format=%h by %an: %s", "--", relative).strip()
            dirty = git.run(root, "status", "--porcelain", "--", relative).strip()
        except (git.GitError, ValueError):
            last, dirty = "", ""
        if last:
            said.append(f"its file last committed in {last}")
        if dirty:
            said.append("uncommitted edits to its file")
    return f" ({'; '.join(said)})" if said else ""
