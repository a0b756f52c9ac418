"""A proposal's decision history as text: entries appended to its `history:` list,
top-level fields placed where `summit fmt` puts them, and the commit a decision is
taken on.

Appending is the only edit the history ever gets: an entry once written is not
rewritten, so `accept --change 2` then `reject` leaves both, each with who, when,
on which revision and why.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from summitkit.drafting.accept import _inline, _key, _last_content_line
from summitkit.drafting.layout.fmt import record_key_order
from summitkit.drafting.sign import _comments_above, _compose, _indent, _line_start
from summitkit.sources.core import git
from summitkit.sources.schema.negotiation import Decision, Fate, Proposal, ProposalStatus

CHAIR = "chair"
"""Who decides when no one else is named: the chair's office."""

FINAL = (Fate.ACCEPTED, Fate.REJECTED, Fate.SUPERSEDED, Fate.WITHDRAWN)


def revision(root: Path) -> str | None:
    """The commit the repository is at (its full id); None outside git or before the
    first commit."""
    if not git.is_repository(root):
        return None
    return git.resolve_commit(root, "HEAD")


def decision_lines(decision: Decision, dash: str) -> list[str]:
    """One history entry as `summit fmt` writes it, its dash indented by `dash`."""
    values = decision.model_dump(mode="json", exclude_none=True)
    lines: list[str] = []
    for name in Decision.model_fields:
        if name in values:
            lead = f"{dash}- " if not lines else f"{dash}  "
            value = values[name]
            if name == "reason":  # one line: a block scalar would not read as one entry
                value = " ".join(str(value).split())
            plain = name == "date" or isinstance(value, int)  # not quoted as texts are
            lines.append(f"{lead}{name}: {value if plain else _inline(str(value))}")
    return lines


def append_history(text: str, decisions: list[Decision]) -> str:
    """`text` with `decisions` added at the end of its `history:` list (made when absent)."""
    if not decisions:
        return text
    root = _compose(text)
    found = _key(root, "history")
    lines = text.split("\n")
    if found is not None and isinstance(found[1], yaml.SequenceNode) and found[1].value:
        items = found[1].value
        if found[1].flow_style:
            raise ValueError("the history is a flow list; run summit fmt first")
        dash = _indent(lines[items[0].start_mark.line])
        entry = [line for d in decisions for line in decision_lines(d, dash)]
        at = _line_start(text, _last_content_line(lines, items[-1]) + 1)
        prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
        return text[:at] + prefix + "\n".join(entry) + "\n" + text[at:]
    entry = [line for d in decisions for line in decision_lines(d, "  ")]
    if found is not None:  # `history: []`: the key stays, its value becomes the list
        key, value = found
        start = key.start_mark.index
        end = _line_start(text, value.end_mark.line + 1)
        return text[:start] + "history:\n" + "\n".join(entry) + "\n" + text[end:]
    return insert_field(text, "proposal", "history", ["history:", *entry])


def insert_field(text: str, kind: str, name: str, block: list[str]) -> str:
    """`text` with a new top-level field (its lines `block`) where `summit fmt` puts it:
    before the first field that comes after it in the kind's order."""
    order = record_key_order(kind)
    rank = order.index(name)
    root = _compose(text)
    later = [k for k, _ in root.value if k.value in order and order.index(k.value) > rank]
    lines = text.split("\n")
    at = _line_start(text, _comments_above(lines, later[0].start_mark.line)) if later else len(text)
    prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
    return text[:at] + prefix + "\n".join(block) + "\n" + text[at:]


def set_top_field(text: str, kind: str, name: str, value: str) -> str:
    """A top-level scalar or flow value set to `value` (as written), or added in place."""
    found = _key(_compose(text), name)
    if found is None:
        return insert_field(text, kind, name, [f"{name}: {value}"])
    node = found[1]
    end = node.end_mark.index
    if isinstance(node, yaml.CollectionNode) and not node.flow_style:
        lines = text.split("\n")
        end = _line_start(text, _last_content_line(lines, node) + 1) - 1
    return text[: node.start_mark.index] + value + text[end:]


def status_after(proposal: Proposal, decisions: list[Decision]) -> ProposalStatus:
    """The proposal's status once `decisions` are added to its history: tabled while a
    change is still open, else the fate of the decision that closed it."""
    after = proposal.model_copy(update={"history": [*proposal.history, *decisions]})
    if any(fate == Fate.TABLED for fate in after.change_fates().values()):
        return ProposalStatus.TABLED
    return ProposalStatus(decisions[-1].fate.value)


def record_decisions(text: str, proposal: Proposal, decisions: list[Decision]) -> str:
    """The proposal's file with `decisions` appended to its history and its `status`
    (and `accepted_changes`, which older readers use) brought in line with it."""
    after = proposal.model_copy(update={"history": [*proposal.history, *decisions]})
    status = status_after(proposal, decisions)
    if status != proposal.status:
        text = set_top_field(text, "proposal", "status", status.value)
    accepted = sorted(n for n, f in after.change_fates().items() if f == Fate.ACCEPTED)
    if (
        accepted
        and accepted != sorted(proposal.accepted_changes)
        and status != ProposalStatus.ACCEPTED
    ):
        text = set_top_field(text, "proposal", "accepted_changes", _flow(accepted))
    return append_history(text, decisions)


def _flow(numbers: list[int]) -> str:
    return "[" + ", ".join(map(str, numbers)) + "]"


def today() -> dt.date:
    return dt.date.today()
