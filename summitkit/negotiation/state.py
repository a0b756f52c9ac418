"""Where a proposal stands, in the words a chair's record uses: tabled, accepted,
accepted in part, rejected, superseded, withdrawn.

The record's `status` says whether the proposal is still on the table; its
`accepted_changes` and its decision `history` (appended by the chair's commands)
say more: a tabled proposal one of whose changes was accepted stands "accepted in
part", a proposal set aside for a rival's accepted change "superseded". The diff
(`summit diff`) reports each proposal's state on each side as this says it.
"""

from __future__ import annotations

from summitkit.sources.schema import Fate, Proposal, ProposalStatus


def accepted_changes(proposal: Proposal) -> list[int]:
    """The numbers of its changes accepted one at a time, from the record and its history."""
    found = set(proposal.accepted_changes)
    found.update(
        d.change for d in proposal.history if d.fate == Fate.ACCEPTED and d.change is not None
    )
    return sorted(found)


def proposal_state(proposal: Proposal) -> str:
    """'tabled', 'accepted in part (change 2)', 'tabled; change 1 superseded',
    'rejected', 'accepted in part (change 2; the rest rejected)', 'superseded',
    'withdrawn' or 'accepted'."""
    accepted = accepted_changes(proposal)
    changes = f"change{'s' if len(accepted) > 1 else ''} {', '.join(map(str, accepted))}"
    if proposal.status == ProposalStatus.TABLED:
        state = f"accepted in part ({changes})" if accepted else "tabled"
        # Changes decided otherwise one at a time: the latest decision on each counts.
        fates = {d.change: d.fate for d in proposal.history if d.change is not None}
        others = [
            f"change {n} {fate.value}"
            for n, fate in sorted(fates.items())
            if fate not in (Fate.ACCEPTED, Fate.TABLED) and n not in accepted
        ]
        return "; ".join([state, *others])
    state = proposal.status.value
    whole = [d for d in proposal.history if d.change is None]
    if proposal.status != ProposalStatus.ACCEPTED and whole and whole[-1].fate == Fate.SUPERSEDED:
        state = "superseded"
    if proposal.status != ProposalStatus.ACCEPTED and accepted:
        # Some changes were accepted, the others not: the one state a chair names so.
        state = f"accepted in part ({changes}; the rest {state})"
    return state
