"""`summit clause agree | ad-ref | reopen | reserve | lift | choose`: the chair's
decisions on one clause of a statement or gift basket.

Each edits the clause's lines only (its `status`, `reserved_by`, `text`,
`alternatives`, `note`), in place and where `summit fmt` puts a key the clause does
not have yet; comments and every other line stay. Agreeing (or agreeing ad ref) is
refused while a delegation holds a reservation, a span bracket or an alternative
wording is left, or a proposal still tabled changes the clause: each obstacle is a
diagnostic at its line, and the message says what to do first. Choosing an
alternative makes it the clause's text and keeps the wordings not retained in the
clause's `note` (never published), so that the record says what was set aside.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from summitkit.drafting.accept import (
    DecisionRefused,
    _clauses,
    _inline,
    _item,
    _key,
    _last_content_line,
    _set_scalar,
    write_checked,
)
from summitkit.drafting.chair.history import today
from summitkit.drafting.layout.sentences import split_sentences
from summitkit.drafting.sign import _comments_above, _did_you_mean, _line_start
from summitkit.sources.check.project import check
from summitkit.sources.core.diagnostics import Diagnostic, error, sort_diagnostics
from summitkit.sources.records import brackets
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import Clause, ClauseStatus, Document, DocumentStatus

ORDER = list(Clause.model_fields)
"""A clause's keys in the order `summit fmt` writes them."""


@dataclass(frozen=True)
class ClauseDecided:
    document: str
    clause: str
    path: str
    said: str
    """What was done, in a few words: 'op3 is agreed'."""


def set_status(root: Path, document_id: str, clause_id: str, status: ClauseStatus) -> ClauseDecided:
    """Agree a clause, agree it ad referendum, or reopen it."""
    corpus, document, index, clause = _load(root, document_id, clause_id)
    now = document.clause_status(clause)
    if now == status and clause.status is not None:
        raise DecisionRefused(f"{clause_id} is {status.value} already")
    if status != ClauseStatus.OPEN:
        problems = obstacles(corpus, document, index, clause)
        if problems:
            one = len(problems) == 1
            raise DecisionRefused(
                f"{clause_id} cannot be {_word(status)} while "
                f"{'1 obstacle remains' if one else f'{len(problems)} obstacles remain'}; "
                f"settle {'it' if one else 'them'} first",
                problems,
            )
    path = corpus.path_of(document)
    text = _set_key(path.read_text(encoding="utf-8"), clause_id, "status", status.value)
    shown = write_checked(root, {path: text})
    return ClauseDecided(document_id, clause_id, shown[0], f"{clause_id} is {status.value}")


def obstacles(corpus: Corpus, document: Document, index: int, clause: Clause) -> list[Diagnostic]:
    """What stands between a clause and its agreement, one diagnostic each."""
    raw = corpus.origins[(document.kind, document.id)]
    found = []
    loc = ("clauses", index)
    if clause.reserved_by:
        holders = ", ".join(clause.reserved_by)
        found.append(
            error(
                raw.position((*loc, "reserved_by")),
                f"{holders} hold{'s' if len(clause.reserved_by) == 1 else ''} a reservation on "
                f"{clause.id}; lift it first (summit clause lift {document.id} {clause.id} "
                f"--by {clause.reserved_by[0]})",
                "decision/clause-reserved",
            )
        )
    if brackets.parse(clause.text).brackets:
        found.append(
            error(
                raw.position((*loc, "text")),
                f"{clause.id} still holds span brackets; settle the wording first (accept a "
                "proposal that removes them, or edit the text)",
                "decision/clause-bracketed",
            )
        )
    if clause.alternatives:
        found.append(
            error(
                raw.position((*loc, "alternatives")),
                f"{clause.id} has {len(clause.alternatives) + 1} wordings; choose one first "
                f"(summit clause choose {document.id} {clause.id} N, Alt 1 being its text)",
                "decision/clause-alternatives",
            )
        )
    for proposal in corpus.proposals_for(document.id):
        origin = corpus.origins[("proposal", proposal.id)]
        for number, change in proposal.open_changes():
            if change.insert is None and change.clause == clause.id:
                found.append(
                    error(
                        origin.position(("changes", number - 1)),
                        f"{proposal.id} change {number} ({change.type} of {clause.id}) is still "
                        f"tabled; accept or reject it first (summit proposal accept|reject "
                        f"{proposal.id} --change {number})",
                        "decision/clause-proposals",
                    )
                )
    return sort_diagnostics(found)


def reserve(
    root: Path,
    document_id: str,
    clause_id: str,
    party: str,
    reason: str | None = None,
    date: dt.date | None = None,
) -> ClauseDecided:
    """Enter `party`'s reservation on a clause; the reason goes to the clause's note."""
    corpus, document, _, clause = _load(root, document_id, clause_id)
    if party not in corpus.states and party not in corpus.organizations:
        hint = _did_you_mean(party, [*corpus.states, *corpus.organizations], {})
        raise DecisionRefused(f"no state or organization '{party}'{hint}")
    if party in clause.reserved_by:
        raise DecisionRefused(f"{party} holds a reservation on {clause_id} already")
    if document.clause_status(clause) != ClauseStatus.OPEN:
        raise DecisionRefused(
            f"{clause_id} is {document.clause_status(clause).value}; reopen it first "
            f"(summit clause reopen {document_id} {clause_id})"
        )
    path = corpus.path_of(document)
    holders = [*clause.reserved_by, party]
    text = _set_key(path.read_text(encoding="utf-8"), clause_id, "reserved_by", _flow(holders))
    if reason:
        when = (date or today()).isoformat()
        text = _add_note(text, clause_id, clause.note, f"Reservation by {party} ({when}): {reason}")
    shown = write_checked(root, {path: text})
    return ClauseDecided(document_id, clause_id, shown[0], f"{party} holds a reservation")


def lift(root: Path, document_id: str, clause_id: str, party: str) -> ClauseDecided:
    """Lift `party`'s reservation on a clause."""
    corpus, document, _, clause = _load(root, document_id, clause_id)
    if party not in clause.reserved_by:
        held = ", ".join(clause.reserved_by) or "nobody"
        raise DecisionRefused(f"{party} holds no reservation on {clause_id} (held by: {held})")
    path = corpus.path_of(document)
    text = path.read_text(encoding="utf-8")
    holders = [p for p in clause.reserved_by if p != party]
    if holders:
        text = _set_key(text, clause_id, "reserved_by", _flow(holders))
    else:
        text = _drop_key(text, clause_id, "reserved_by")
    shown = write_checked(root, {path: text})
    return ClauseDecided(document_id, clause_id, shown[0], f"{party}'s reservation is lifted")


def choose(root: Path, document_id: str, clause_id: str, alternative: int) -> ClauseDecided:
    """Make Alt `alternative` (1: the clause's text, 2…: its alternatives) the clause's
    text; the note records whose wording was retained and keeps the others."""
    corpus, document, _, clause = _load(root, document_id, clause_id)
    wordings: list[tuple[str, str, str | None]] = [(clause.text, "", None)]
    wordings += [(a.text, ", ".join(a.by), a.author) for a in clause.alternatives]
    if len(wordings) == 1:
        raise DecisionRefused(f"{clause_id} has no alternative wordings to choose from")
    if not 1 <= alternative <= len(wordings):
        raise DecisionRefused(
            f"{clause_id} has Alt 1 to Alt {len(wordings)}; there is no Alt {alternative}"
        )
    path = corpus.path_of(document)
    text = path.read_text(encoding="utf-8")
    if alternative != 1:
        item = _find(text, clause_id)
        found = _key(item, "text")
        assert found is not None  # the schema requires text
        chosen = "\n".join(split_sentences(wordings[alternative - 1][0])) + "\n"
        text = _set_scalar(text, found[1], chosen)
    text = _drop_key(text, clause_id, "alternatives")
    _, chosen_by, chosen_author = wordings[alternative - 1]
    # Whose wording became the text: the commit that makes it is the chair's, so the
    # note is where the delegation that proposed it stays on record.
    set_aside = [f"Retained (Alt {alternative}{_who(chosen_by, chosen_author)})."]
    set_aside += [
        f"Not retained (Alt {n}{_who(by, author)}): {' '.join(wording.split())}"
        for n, (wording, by, author) in enumerate(wordings, start=1)
        if n != alternative
    ]
    text = _add_note(text, clause_id, clause.note, "\n".join(set_aside))
    shown = write_checked(root, {path: text})
    return ClauseDecided(document_id, clause_id, shown[0], f"Alt {alternative} is the text")


def _who(by: str, author: str | None) -> str:
    named = [part for part in (by.upper(), author or "") if part]
    return f", {'; '.join(named)}" if named else ""


def _word(status: ClauseStatus) -> str:
    return "agreed ad referendum" if status == ClauseStatus.AD_REF else "agreed"


def _load(root: Path, document_id: str, clause_id: str) -> tuple[Corpus, Document, int, Clause]:
    corpus = check(root).corpus
    document = corpus.documents.get(document_id)
    if document is None:
        if {("statement", document_id), ("basket", document_id)} & corpus.failed:
            raise DecisionRefused(f"{document_id} does not pass 'summit check'; fix it first")
        hint = _did_you_mean(document_id, list(corpus.documents), {})
        raise DecisionRefused(f"no statement or gift basket '{document_id}'{hint}")
    if document.status in (DocumentStatus.AGREED, DocumentStatus.ADOPTED):
        raise DecisionRefused(
            f"{document_id} is {document.status.value}; its clauses are settled (set the "
            "document's status back to draft to negotiate it again)"
        )
    for index, clause in enumerate(document.clauses):
        if clause.id == clause_id:
            return corpus, document, index, clause
    hint = _did_you_mean(clause_id, [c.id for c in document.clauses], {})
    raise DecisionRefused(f"{document_id} has no clause '{clause_id}'{hint}")


# -- editing one clause's lines ---------------------------------------------------------


def _find(text: str, clause_id: str) -> yaml.MappingNode:
    item = _item(_clauses(text, clause_id), clause_id)
    assert item is not None  # _load found the clause
    return item


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(values) + "]"


def _set_key(text: str, clause_id: str, name: str, value: str) -> str:
    """The clause's key `name` set to the one-line `value`: in place (a comment after
    it stays), or added where `summit fmt` puts it."""
    item = _find(text, clause_id)
    found = _key(item, name)
    if found is not None:
        node = found[1]
        one_line = node.start_mark.line == node.end_mark.line
        if isinstance(node, yaml.ScalarNode) and node.style not in ("|", ">") and one_line:
            return text[: node.start_mark.index] + value + text[node.end_mark.index :]
        if isinstance(node, yaml.SequenceNode) and node.flow_style and one_line:
            return text[: node.start_mark.index] + value + text[node.end_mark.index :]
        text = _drop_key(text, clause_id, name)
    return _insert_key(text, clause_id, name, [f"{name}: {value}"])


def _insert_key(text: str, clause_id: str, name: str, block: list[str]) -> str:
    item = _find(text, clause_id)
    lines = text.split("\n")
    indent = " " * item.value[0][0].start_mark.column
    rank = ORDER.index(name)
    later = [k for k, _ in item.value if k.value in ORDER and ORDER.index(k.value) > rank]
    if later:
        at = _line_start(text, _comments_above(lines, later[0].start_mark.line))
    else:
        at = _line_start(text, _last_content_line(lines, item) + 1)
    prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
    added = "".join(f"{indent}{line}\n" if line else "\n" for line in block)
    return text[:at] + prefix + added + text[at:]


def _drop_key(text: str, clause_id: str, name: str) -> str:
    item = _find(text, clause_id)
    found = _key(item, name)
    if found is None:
        return text
    lines = text.split("\n")
    start = _line_start(text, found[0].start_mark.line)
    end = _line_start(text, _last_content_line(lines, found[1]) + 1)
    return text[:start] + text[end:]


def _add_note(text: str, clause_id: str, note: str | None, added: str) -> str:
    """The clause's note with `added` as its last lines (a note of its own if none)."""
    value = f"{note.rstrip()}\n{added}" if note else added
    text = _drop_key(text, clause_id, "note")
    if "\n" not in value:
        return _insert_key(text, clause_id, "note", [f"note: {_inline(value)}"])
    body = [f"  {line}" if line else "" for line in value.split("\n")]
    return _insert_key(text, clause_id, "note", ["note: |", *body])
