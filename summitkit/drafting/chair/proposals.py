"""The chair's decisions on a proposal: accept, reject, withdraw.

Each decision appends an entry to the proposal's `history` (fate, change, who,
when, on which commit, why) and brings its `status` in line; accepting also
folds the change into the document (`summitkit.drafting.accept`). Two things
are refused before anything is written, each with what to do first:

- a change whose clause has moved on since the proposal was written against it
  (its `against` digest no longer matches; or, for a whole-clause substitute or
  deletion that records no digest, another proposal's change to that clause was
  accepted since it was tabled) — `decision/stale-clause`;
- a deletion of a clause that review comments are on —
  `decision/comment-on-deleted`;
- a change that would leave a rival tabled change on the same clause stale or
  inapplicable — `decision/rival-tabled`, unless `supersede` is given, when
  each rival change gets a `superseded` entry naming the winner.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from summitkit.drafting.accept import DecisionRefused, apply_change, write_checked
from summitkit.drafting.chair.history import (
    CHAIR,
    record_decisions,
    revision,
    status_after,
    today,
)
from summitkit.drafting.chair.stale import apart, moved_on
from summitkit.sources.check.project import check
from summitkit.sources.core.diagnostics import Diagnostic, error
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.records.loader import load_mapping
from summitkit.sources.schema import ClauseStatus, Document
from summitkit.sources.schema.negotiation import (
    Change,
    Decision,
    Fate,
    Proposal,
    ProposalStatus,
)


@dataclass(frozen=True)
class Decided:
    proposal: str
    status: ProposalStatus
    """The proposal's status after the decision (tabled while changes remain)."""
    changes: tuple[int, ...]
    """The changes decided on (numbers from 1)."""
    files: tuple[str, ...]
    superseded: tuple[str, ...] = ()
    """Rival changes marked superseded, as 'kor-1 change 2'."""


@dataclass(frozen=True)
class Decider:
    """Who decides, when, on which commit."""

    by: str = CHAIR
    date: dt.date | None = None

    def decision(
        self, root: Path, fate: Fate, change: int | None, reason: str | None, **more: str
    ) -> Decision:
        return Decision(
            fate=fate,
            change=change,
            by=self.by,
            date=self.date or today(),
            revision=revision(root),
            reason=reason,
            **more,
        )


def accept(
    root: Path,
    proposal_id: str,
    change: int | None = None,
    reason: str | None = None,
    supersede: bool = False,
    decider: Decider | None = None,
) -> Decided:
    """Fold a tabled proposal's open changes (or change number `change`) into its
    document and record the acceptance."""
    decider = decider or Decider()
    corpus, proposal, document = load_tabled(root, proposal_id)
    chosen = _chosen(proposal, change)
    # What stops the acceptance before the text is touched: the first that holds.
    obstacles = (
        (
            [d for n, c in chosen for d in moved_on(root, corpus, proposal, n, c, document)],
            f"{proposal_id} was written against a text that has changed since; nothing "
            f"was accepted. Ask {', '.join(proposal.by).upper()} to table the change again "
            f"against the current text (summit proposal new), or reject it (summit proposal "
            f"reject {proposal_id}{_change_option(change)} --reason ...)",
        ),
        (
            _settled_clauses(corpus, proposal, document, chosen),
            f"{proposal_id} changes a clause already agreed; nothing was accepted. Reopen "
            f"the clause first if the negotiators agree to (summit clause reopen "
            f"{document.id} CLAUSE), or reject the change",
        ),
        (
            _comments_on_deleted(corpus, proposal, document, chosen),
            f"{proposal_id} deletes a clause that review comments are on; nothing was "
            "accepted. Point each comment at another clause (its 'clause:' field) or remove "
            "its file first",
        ),
    )
    for found, refusal in obstacles:
        if found:
            raise DecisionRefused(refusal, found)
    document_path = corpus.path_of(document)
    text = document_path.read_text(encoding="utf-8")
    for number, one in chosen:
        text = apply_change(text, one, f"{proposal_id} change {number}")
    rivals = _rivals(corpus, proposal, document, chosen, text)
    if rivals and not supersede:
        named = sorted({f"{p.id} change {n}" for p, n, _ in rivals})
        raise DecisionRefused(
            f"{', '.join(named)} {'is' if len(named) == 1 else 'are'} still tabled on the "
            f"same clause and would no longer apply; nothing was accepted. Accept with "
            f"--supersede to mark {'it' if len(named) == 1 else 'them'} superseded by "
            f"{proposal_id}, or decide {'it' if len(named) == 1 else 'them'} first "
            f"(summit proposal reject ID --change N --reason ...)",
            [diagnostic for _, _, diagnostic in rivals],
        )
    decisions = [decider.decision(root, Fate.ACCEPTED, change, reason)]
    proposal_path = corpus.path_of(proposal)
    files = {
        document_path: text,
        proposal_path: record_decisions(
            proposal_path.read_text(encoding="utf-8"), proposal, decisions
        ),
    }
    superseded: list[str] = []
    by_rival: dict[str, list[int]] = {}
    for rival, number, _ in rivals:
        by_rival.setdefault(rival.id, []).append(number)
    for rival_id, numbers in sorted(by_rival.items()):
        rival = corpus.proposals[rival_id]
        entries = [
            decider.decision(root, Fate.SUPERSEDED, n, None, superseded_by=proposal_id)
            for n in sorted(set(numbers))
        ]
        path = corpus.path_of(rival)
        files[path] = record_decisions(path.read_text(encoding="utf-8"), rival, entries)
        superseded += [f"{rival_id} change {n}" for n in sorted(set(numbers))]
    shown = write_checked(root, files)
    status = status_after(proposal, decisions)
    return Decided(proposal_id, status, tuple(n for n, _ in chosen), shown, tuple(superseded))


def reject(
    root: Path,
    proposal_id: str,
    change: int | None = None,
    reason: str | None = None,
    decider: Decider | None = None,
) -> Decided:
    """Record a tabled proposal (or its change number `change`) as rejected; the
    document is not touched."""
    decider = decider or Decider()
    corpus, proposal, _ = load_tabled(root, proposal_id)
    chosen = _chosen(proposal, change)
    decisions = [decider.decision(root, Fate.REJECTED, change, reason)]
    path = corpus.path_of(proposal)
    text = record_decisions(path.read_text(encoding="utf-8"), proposal, decisions)
    shown = write_checked(root, {path: text})
    status = status_after(proposal, decisions)
    return Decided(proposal_id, status, tuple(n for n, _ in chosen), shown)


def withdraw(
    root: Path,
    proposal_id: str,
    by: str | None = None,
    reason: str | None = None,
    date: dt.date | None = None,
) -> Decided:
    """Record a tabled proposal as withdrawn by one of its delegations."""
    corpus, proposal, _ = load_tabled(root, proposal_id)
    if by is None:
        if len(proposal.by) > 1:
            raise DecisionRefused(
                f"{proposal_id} is proposed by {', '.join(proposal.by)}; say which one "
                "withdraws it (--by)"
            )
        by = proposal.by[0]
    if by not in proposal.by:
        raise DecisionRefused(
            f"{by} does not propose {proposal_id} ({', '.join(proposal.by)} do); only a "
            "proposing delegation withdraws it"
        )
    chosen = proposal.open_changes()
    decisions = [Decider(by, date).decision(root, Fate.WITHDRAWN, None, reason)]
    path = corpus.path_of(proposal)
    text = record_decisions(path.read_text(encoding="utf-8"), proposal, decisions)
    shown = write_checked(root, {path: text})
    return Decided(proposal_id, ProposalStatus.WITHDRAWN, tuple(n for n, _ in chosen), shown)


def load_tabled(root: Path, proposal_id: str) -> tuple[Corpus, Proposal, Document]:
    """The corpus, a tabled proposal and its document; refused otherwise."""
    corpus = check(root).corpus
    proposal = corpus.proposals.get(proposal_id)
    if proposal is None:
        if ("proposal", proposal_id) in corpus.failed:
            raise DecisionRefused(f"{proposal_id} does not pass 'summit check'; fix it first")
        raise DecisionRefused(f"no proposal '{proposal_id}' in content/proposals/")
    if proposal.status != ProposalStatus.TABLED:
        raise DecisionRefused(
            f"{proposal_id} is {proposal.status.value}, not tabled; only a tabled proposal "
            "can be accepted or rejected"
        )
    document = corpus.documents.get(proposal.document)
    if document is None:
        raise DecisionRefused(f"{proposal_id} is about '{proposal.document}', which is not loaded")
    return corpus, proposal, document


def _chosen(proposal: Proposal, change: int | None) -> list[tuple[int, Change]]:
    open_changes = dict(proposal.open_changes())
    if change is not None and change not in open_changes:
        numbers = ", ".join(map(str, open_changes)) or "none"
        raise DecisionRefused(
            f"{proposal.id} has no open change {change} (open changes: {numbers})"
        )
    return [(change, open_changes[change])] if change is not None else list(open_changes.items())


def _change_option(change: int | None) -> str:
    return f" --change {change}" if change is not None else ""


def _rivals(
    corpus: Corpus,
    winner: Proposal,
    document: Document,
    chosen: list[tuple[int, Change]],
    edited: str,
) -> list[tuple[Proposal, int, Diagnostic]]:
    """Tabled changes of other proposals on a clause the chosen changes rewrite or
    delete, that would be stale (they record its digest), inapplicable (their old
    words are gone) or overruled (a whole-clause substitute or deletion) once the
    chosen changes are in the text."""
    touched = {c.clause: c for _, c in chosen if c.insert is None}
    loaded = load_mapping(edited.encode("utf-8"), "edited") or {}
    after = {c.get("id"): str(c.get("text", "")) for c in loaded.get("clauses") or []}
    found = []
    for other in corpus.proposals_for(document.id):
        if other.id == winner.id:
            continue
        raw = corpus.origins[("proposal", other.id)]
        for number, theirs in other.open_changes():
            ours = touched.get(theirs.clause)
            if theirs.insert is not None or ours is None:
                continue
            new_text = after.get(theirs.clause)
            if theirs.clause in other.against and not apart(theirs, ours):
                why = "it was written against the text this acceptance changes"
            elif ours.delete is not None or new_text is None:
                why = f"{winner.id} deletes the clause"
            elif theirs.substitute is not None or theirs.delete is not None:
                why = f"it is a {theirs.type} of the whole clause"
            elif theirs.replace is not None and not _has_words(new_text, theirs.replace.old):
                why = f"'{theirs.replace.old}' would no longer be in the text"
            else:
                continue
            diagnostic = error(
                raw.position(("changes", number - 1)),
                f"{other.id} change {number} ({theirs.type} of {theirs.clause}) is tabled and "
                f"would no longer apply once {winner.id} is accepted: {why}",
                "decision/rival-tabled",
            )
            found.append((other, number, diagnostic))
    return found


def _settled_clauses(
    corpus: Corpus, proposal: Proposal, document: Document, chosen: list[tuple[int, Change]]
) -> list[Diagnostic]:
    """An agreed or ad ref clause is not changed by accepting a proposal: the agreement
    was to its words, so reopening it is a decision of its own."""
    raw = corpus.origins[(document.kind, document.id)]
    found = []
    for number, change in chosen:
        if change.insert is not None:
            continue  # a new clause beside an agreed one leaves its words alone
        for index, clause in enumerate(document.clauses):
            status = document.clause_status(clause)
            if clause.id != change.clause or status not in _SETTLED:
                continue
            loc = ("clauses", index, "status") if clause.status else ("clauses", index)
            found.append(
                error(
                    raw.position(loc),
                    f"{clause.id} is {_SETTLED[status]}; {proposal.id} change {number} "
                    f"would change it (summit clause reopen {document.id} {clause.id} first)",
                    "decision/clause-settled",
                )
            )
    return found


_SETTLED = {ClauseStatus.AGREED: "agreed", ClauseStatus.AD_REF: "agreed ad referendum"}


def _comments_on_deleted(
    corpus: Corpus, proposal: Proposal, document: Document, chosen: list[tuple[int, Change]]
) -> list[Diagnostic]:
    deleted = {c.delete: n for n, c in chosen if c.delete is not None}
    found = []
    for comment in corpus.comments_on(document.id):
        if comment.clause in deleted:
            found.append(
                error(
                    corpus.origins[("comment", comment.id)].position(("clause",)),
                    f"comment {comment.id} ({comment.by.upper()}) is on {comment.clause}, "
                    f"which {proposal.id} change {deleted[comment.clause]} deletes",
                    "decision/comment-on-deleted",
                )
            )
    return found


def _has_words(text: str, words: str) -> bool:
    pattern = r"\s+".join(re.escape(word) for word in words.split())
    return re.search(pattern, text) is not None
