"""Where a proposal stands, in the words a chair's record uses: tabled, accepted,
accepted in part, rejected, superseded, withdrawn.

The record's `status` says whether the proposal is still on the table; its
`accepted_changes` and its decision `history` (appended by the chair's commands)
say more: a tabled proposal one of whose changes was accepted stands "accepted in
part", a proposal set aside for a rival's accepted change "superseded". The diff
(`summit diff`) reports each proposal's state on each side as this says it.
"""

from __future__ import annotations

from summitkit.negotiation.model import Standing
from summitkit.sources.schema import Fate, Proposal, ProposalStatus


def accepted_changes(proposal: Proposal) -> list[int]:
    """The numbers of its changes accepted one at a time, from the record and its history."""
    found = set(proposal.accepted_changes)
    found.update(
        d.change for d in proposal.history if d.fate == Fate.ACCEPTED and d.change is not None
    )
    return sorted(found)


def standing(proposal: Proposal) -> Standing:
    """Its status, the changes accepted one at a time and, while it is tabled, the other
    changes decided one at a time (the latest decision on each counts)."""
    accepted = tuple(accepted_changes(proposal))
    if proposal.status == ProposalStatus.TABLED:
        fates = {d.change: d.fate for d in proposal.history if d.change is not None}
        others = tuple(
            (n, fate.value)
            for n, fate in sorted(fates.items())
            if fate not in (Fate.ACCEPTED, Fate.TABLED) and n not in accepted
        )
        return Standing("tabled", accepted, others)
    status = proposal.status.value
    whole = [d for d in proposal.history if d.change is None]
    if proposal.status != ProposalStatus.ACCEPTED and whole and whole[-1].fate == Fate.SUPERSEDED:
        status = "superseded"
    # Some changes accepted, the others not: "accepted in part (…; the rest rejected)".
    return Standing(status, accepted if proposal.status != ProposalStatus.ACCEPTED else ())


def proposal_state(proposal: Proposal) -> str:
    """'tabled', 'accepted in part (change 2)', 'tabled; change 1 superseded',
    'rejected', 'accepted in part (change 2; the rest rejected)', 'superseded',
    'withdrawn' or 'accepted'."""
    return standing(proposal).words()
