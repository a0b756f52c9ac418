"""`summit proposal new`, `support` and `oppose`: a delegation's proposal, and its
position on another delegation's, each a new file of its own.

A new proposal's id carries its delegation (`jpn-3`: Japan's third), so that two
delegations never make the same file on two branches. Every field is written out
(`status: tabled`, a `tabled` entry in its history) and `against` records a
digest of each clause it changes, so that accepting it after the clause has moved
on is refused. A position is a record in `content/positions/`: a delegation
supports or opposes without editing another delegation's file, and its own
commit attests it. Both files are written as `summit fmt` writes them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from summitkit.drafting.accept import DecisionRefused, write_checked
from summitkit.drafting.chair.history import revision, set_top_field, today
from summitkit.drafting.layout.fmt import format_text
from summitkit.drafting.sign import _did_you_mean
from summitkit.sources.check.project import check
from summitkit.sources.core.diagnostics import display_path
from summitkit.sources.core.layout import KIND_FOLDERS
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import DocumentStatus
from summitkit.sources.schema.negotiation import (
    Change,
    ProposalStatus,
    Stance,
    clause_digest,
)


@dataclass(frozen=True)
class Written:
    id: str
    path: str
    """The file written or edited (display path)."""


def table(
    root: Path,
    document_id: str,
    by: list[str],
    changes: list[Change],
    note: str | None = None,
    date: dt.date | None = None,
) -> Written:
    """Write a new tabled proposal of `by` (the first names its id) to `document_id`."""
    corpus = check(root).corpus
    document = corpus.documents.get(document_id)
    if document is None:
        hint = _did_you_mean(document_id, list(corpus.documents), {})
        raise DecisionRefused(f"no statement or gift basket '{document_id}'{hint}")
    if document.status in (DocumentStatus.AGREED, DocumentStatus.ADOPTED):
        raise DecisionRefused(
            f"{document_id} is {document.status.value}; nothing can be proposed to it"
        )
    for party in by:
        _known_party(corpus, party)
    texts = {clause.id: clause.text for clause in document.clauses}
    for change in changes:
        if change.insert is None and change.clause not in texts:
            hint = _did_you_mean(change.clause, list(texts), {})
            raise DecisionRefused(f"{document_id} has no clause '{change.clause}'{hint}")
    proposal_id = next_id(root, corpus, by[0])
    when = date or today()
    fields: dict[str, Any] = {
        "id": proposal_id,
        "document": document_id,
        "by": by,
        "date": when,
        "status": ProposalStatus.TABLED.value,
        "changes": [c.model_dump(mode="json", exclude_none=True) for c in changes],
    }
    if note:
        fields["note"] = note
    entry: dict[str, Any] = {"fate": "tabled", "by": by[0], "date": when}
    if (commit := revision(root)) is not None:
        entry["revision"] = commit
    fields["history"] = [entry]
    against = {
        c.clause: clause_digest(texts[c.clause]) for c in changes if c.insert is None
    }  # fmt: skip
    if against:
        fields["against"] = against
    path = root / KIND_FOLDERS["proposal"] / f"{proposal_id}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_checked(root, {path: _fmt(fields, "proposal")})
    return Written(proposal_id, display_path(path, root))


def next_id(root: Path, corpus: Corpus, party: str) -> str:
    """`PARTY-N`, N one more than the highest such number in use (as a file or an id)."""
    pattern = re.compile(rf"^{re.escape(party)}-(\d+)$")
    taken = [*corpus.proposals, *(p.stem for p in (root / KIND_FOLDERS["proposal"]).glob("*"))]
    numbers = [int(m.group(1)) for name in taken if (m := pattern.match(name))]
    return f"{party}-{max(numbers, default=0) + 1}"


def take_position(
    root: Path,
    proposal_id: str,
    party: str,
    stance: Stance,
    change: int | None = None,
    note: str | None = None,
    date: dt.date | None = None,
) -> Written:
    """Record `party`'s support for or opposition to a tabled proposal (or one change)."""
    corpus = check(root).corpus
    proposal = corpus.proposals.get(proposal_id)
    if proposal is None:
        hint = _did_you_mean(proposal_id, list(corpus.proposals), {})
        raise DecisionRefused(f"no proposal '{proposal_id}'{hint}")
    _known_party(corpus, party)
    if party in proposal.by:
        raise DecisionRefused(f"{party} proposes {proposal_id}; its position is the proposal")
    if proposal.status != ProposalStatus.TABLED:
        raise DecisionRefused(
            f"{proposal_id} is {proposal.status.value}; a position is taken on a tabled proposal"
        )
    if change is not None and change not in dict(proposal.open_changes()):
        raise DecisionRefused(f"{proposal_id} has no open change {change}")
    when = date or today()
    for position in corpus.positions_on(proposal_id):
        if position.by != party or position.change != change:
            continue
        path = corpus.path_of(position)
        if position.stance == stance:
            raise DecisionRefused(
                f"{party} already {_verb(stance)} {proposal_id} ({display_path(path, root)})"
            )
        text = path.read_text(encoding="utf-8")
        text = set_top_field(text, "position", "stance", stance.value)
        text = set_top_field(text, "position", "date", when.isoformat())
        write_checked(root, {path: text})
        return Written(position.id, display_path(path, root))
    position_id = f"{party}-on-{proposal_id}" + (f"-{change}" if change is not None else "")
    fields: dict[str, Any] = {"id": position_id, "proposal": proposal_id}
    if change is not None:
        fields["change"] = change
    fields |= {"by": party, "stance": stance.value, "date": when}
    if note:
        fields["note"] = note
    path = root / KIND_FOLDERS["position"] / f"{position_id}.yaml"
    if path.exists():
        raise DecisionRefused(f"{display_path(path, root)} exists already and does not pass check")
    path.parent.mkdir(parents=True, exist_ok=True)
    write_checked(root, {path: _fmt(fields, "position")})
    return Written(position_id, display_path(path, root))


def _verb(stance: Stance) -> str:
    return "supports" if stance == Stance.SUPPORT else "opposes"


def _known_party(corpus: Corpus, party: str) -> None:
    if party in corpus.states or party in corpus.organizations:
        return
    hint = _did_you_mean(party, [*corpus.states, *corpus.organizations], {})
    raise DecisionRefused(f"no state or organization '{party}'{hint}")


class _Dumper(yaml.SafeDumper):
    def ignore_aliases(self, data: Any) -> bool:
        return True  # the proposal's date and its history's: two values, no anchor


def _fmt(fields: dict[str, Any], kind: str) -> str:
    text = yaml.dump(fields, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10**6)
    return format_text(text, kind)
