"""The change set for a terminal: semantic changes first, then the clauses.

Deleted text reads `[-like this-]` and inserted text `{+like this+}` (git's
word-diff markers); with colour, deletions are red and insertions green
instead. Unchanged clauses are shown only around changes (`context`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import fields as dataclass_fields
from typing import Any

from summitkit.diff.changes import (
    ChangeSet,
    ClauseChange,
    Credit,
    FieldChange,
    NegotiationMove,
    RecordChange,
)
from summitkit.diff.tokens import Redline, redline

INDENT = "    "


class Style:
    """Word-diff markers, or colours on a terminal (click is imported only for colour:
    a plain text diff of two revisions, `summitkit.diff.quick`, runs without it)."""

    def __init__(self, color: bool) -> None:
        self.color = color

    def deleted(self, text: str) -> str:
        return _styled(text, fg="red", strikethrough=True) if self.color else f"[-{text}-]"

    def inserted(self, text: str) -> str:
        return _styled(text, fg="green", underline=True) if self.color else f"{{+{text}+}}"

    def heading(self, text: str) -> str:
        return _styled(text, bold=True) if self.color else text

    def dim(self, text: str) -> str:
        return _styled(text, dim=True) if self.color else text


def _styled(text: str, **styles: Any) -> str:
    import click

    return click.style(text, **styles)


def changeset_text(changes: ChangeSet, context: int, color: bool, names: dict[str, str]) -> str:
    style = Style(color)
    lines = [style.heading(f"comparing {changes.old.version} → {changes.new.version}")]
    if not changes.changed:
        lines.append("no differences")
    for record in changes.records:
        lines.append("")
        lines.extend(record_lines(record, context, style, names))
    lines.append("")
    lines.append(summary_line(changes))
    return "\n".join(lines) + "\n"


def summary_line(changes: ChangeSet) -> str:
    s = changes.summary
    text = (
        f"clauses: {s.clauses_added} added, {s.clauses_removed} removed, "
        f"{s.clauses_modified} modified, {s.clauses_moved} moved, "
        f"{s.clauses_unchanged} unchanged; words: {s.words_inserted} inserted, "
        f"{s.words_deleted} deleted"
    )
    if changes.scope == "corpus":
        counts = f"{len(changes.records)} changed, {changes.records_unchanged} unchanged"
        if changes.records_restricted:
            counts += f", {changes.records_restricted} restricted, not shown"
        text = f"records: {counts}; {text}"
    return text


def record_lines(
    record: RecordChange, context: int, style: Style, names: dict[str, str]
) -> Iterator[str]:
    yield style.heading(f"{record.label}: {record.status} — {record.title}")
    yield from semantic_lines(record, names, style)
    if record.clauses:
        yield ""
        yield from clause_lines(record.clauses, context, style)


def party_list(ids: list[str] | tuple[str, ...], names: dict[str, str]) -> str:
    return ", ".join(f"{names[i]} ({i})" if names.get(i, i) != i else i for i in ids)


def compact(value: Any) -> Any:
    """A value without its empty (null) fields, and a citation as its source id, for reading."""
    if isinstance(value, dict):
        kept = {k: compact(v) for k, v in value.items() if v is not None}
        return kept["source"] if list(kept) == ["source"] else kept
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value


def show(value: Any) -> str:
    import json  # here: a diff of clause text alone shows no value (diff/quick.py)

    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False) if "\n" in value or not value else value
    return json.dumps(compact(value), ensure_ascii=False)


def prose_redline(change: FieldChange) -> Redline:
    """The redline of a text field, without the final line break block scalars end in."""
    return redline(str(change.old).rstrip(), str(change.new).rstrip())


def is_prose(change: FieldChange) -> bool:
    """A text field long enough to be read as a redline rather than old → new."""
    old, new = change.old, change.new
    return isinstance(old, str) and isinstance(new, str) and max(len(old), len(new)) > 60


LIMIT = 160
"""In a terminal, longer structured values are cut (the JSON and HTML have them whole)."""


def field_line(change: FieldChange, style: Style | None = None) -> str:
    """`path: old → new`; a long text as a redline. With a style (a terminal), long
    structured values are cut to LIMIT characters."""
    if is_prose(change):
        text = redline_text(prose_redline(change), style or Style(False))
        return f"{change.path}: {text}".replace("\n", "\n" + INDENT + "  ")
    old, new = show(change.old), show(change.new)
    if style is not None:
        old, new = cut(old), cut(new)
    return f"{change.path}: {old} → {new}"


def cut(text: str) -> str:
    return text if len(text) <= LIMIT else text[: LIMIT - 1] + "…"


Item = tuple[str, FieldChange | None]
"""A semantic change: its text, or the field change it shows (the text is then its indent)."""


def semantic_items(record: RecordChange, names: dict[str, str]) -> Iterator[Item]:
    """The changes beside the text, in a fixed order, each a line of text or a field."""
    for change in (record.status_change, record.revision_change):
        if change is not None and not (record.kind == "proposal" and change.path == "status"):
            yield "", change
    for move in record.negotiation:
        yield negotiation_line(move, names), None
    if record.signatories_joined:
        yield f"signatories joined: {party_list(record.signatories_joined, names)}", None
    if record.signatories_left:
        yield f"signatories left: {party_list(record.signatories_left, names)}", None
    for title, members in (("lead", record.lead), ("co-sponsors", record.co_sponsors)):
        if members.added:
            yield f"{title} added: {party_list(members.added, names)}", None
        if members.removed:
            yield f"{title} removed: {party_list(members.removed, names)}", None
    for item in record.action_items:
        yield f"action item {item.status}: {item.id} — {item.title}", None
        for f in item.fields:
            yield "  ", f
    for a in record.assessments:
        yield (
            f"assessment at {a.at}: {a.old or '(none)'} → {a.new or '(none)'} ({a.direction})",
            None,
        )
    for f in record.fields:
        if record.kind == "proposal" and f.path == "history":
            yield from ((line, None) for line in history_lines(f))
        else:
            yield "", f


def history_lines(change: FieldChange) -> list[str]:
    """A proposal's decision history is appended to: each new decision in words, or a
    warning when earlier entries were changed or removed."""
    old, new = change.old or [], change.new or []
    if not (isinstance(old, list) and isinstance(new, list)) or new[: len(old)] != old:
        return [f"decision history rewritten (entries changed or removed): {show(change.new)}"]
    from summitkit.negotiation.model import Decided  # the schema: only for a proposal
    from summitkit.negotiation.text import decision_text

    fields = {f.name for f in dataclass_fields(Decided)}
    return [
        f"decision: {decision_text(Decided(**{k: v for k, v in d.items() if k in fields}))}"
        for d in new[len(old) :]
        if isinstance(d, dict)
    ]


def negotiation_line(move: NegotiationMove, names: dict[str, str]) -> str:
    """'proposal tabled: jpn-1 (Japan)', 'op3: open → ad-ref', 'reservation lifted on
    op4: China'."""
    who = party_list(move.parties, names)
    if move.what == "proposal":
        if move.new is None:
            return f"proposal removed: {move.subject} ({who})"
        if move.old is None and move.new == "tabled":
            return f"proposal tabled: {move.subject} ({who})"
        # A proposal tabled and decided between the two sides reads as what it is now.
        return f"proposal {move.subject} ({who}): {move.old or '(none)'} → {move.new}"
    if move.what == "reservation":
        return f"reservation {'lifted' if move.new is None else 'entered'} on {move.subject}: {who}"
    return f"{move.subject}: {move.old} → {move.new}"


def semantic_lines(
    record: RecordChange, names: dict[str, str], style: Style | None = None
) -> Iterator[str]:
    for text, change in semantic_items(record, names):
        yield f"  {text}{field_line(change, style)}" if change is not None else f"  {text}"


def visible(clauses: list[ClauseChange], context: int) -> list[bool]:
    """Which clauses to print: every change, and `context` unchanged ones around each."""
    changed = [c.shown for c in clauses]
    keep = list(changed)
    for index, is_change in enumerate(changed):
        if is_change:
            for near in range(max(0, index - context), min(len(clauses), index + context + 1)):
                keep[near] = True
    return keep


def clause_lines(clauses: list[ClauseChange], context: int, style: Style) -> Iterator[str]:
    hidden = 0
    for clause, keep in zip(clauses, visible(clauses, context), strict=True):
        if not keep:
            hidden += 1
            continue
        if hidden:
            yield style.dim(f"  … {hidden} unchanged clause{'s' if hidden != 1 else ''}")
            hidden = 0
        yield f"  {clause_heading(clause)}"
        for credit in clause.credits:
            yield f"    {credit_line(credit)}"
        for f in clause.fields:
            yield f"    {field_line(f, style)}"
        yield INDENT + redline_text(clause.redline, style).replace("\n", "\n" + INDENT)
    if hidden:
        yield style.dim(f"  … {hidden} unchanged clause{'s' if hidden != 1 else ''}")


def credit_line(credit: Credit) -> str:
    """'by Japan (jpn-1 change 2, accepted 2012-03-25)'."""
    when = f", accepted {credit.date}" if credit.date else ""
    return f"by {credit.names} ({credit.proposal} change {credit.change}{when})"


def clause_heading(clause: ClauseChange) -> str:
    what: list[str] = [clause.status] if clause.status != "unchanged" or not clause.moved else []
    if clause.moved:
        what.append(f"moved from {clause.old_position} to {clause.new_position}")
    if clause.matched_by == "similarity":
        what.append(f"matched by similarity {clause.similarity:.2f}")
    if clause.redline.words_inserted or clause.redline.words_deleted:
        what.append(f"+{clause.redline.words_inserted} -{clause.redline.words_deleted} words")
    return f"{clause.label} ({clause.kind}): {', '.join(what)}"


def redline_text(redline: Redline, style: Style) -> str:
    parts = []
    for segment in redline.segments:
        if segment.op == "equal":
            parts.append(segment.text)
        elif segment.op == "delete":
            parts.append(style.deleted(segment.text))
        else:
            parts.append(style.inserted(segment.text))
    return "".join(parts).rstrip()
