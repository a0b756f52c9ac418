"""The change set as one standalone HTML page (`summit diff --format html`).

All CSS is inline and no script is needed. The page has a change list that
links to each change, the redline with `<del>`/`<ins>`, and a side-by-side
view. Its deliverable sits in `<article class="sk-document">` with an `<h1>`,
the shape `summitkit.deliverables.printed.pdf.write_pdf` prints, so the PDF redline is this
page printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from summitkit.diff.changes import ChangeSet, ClauseChange, FieldChange, RecordChange
from summitkit.diff.terminal import (
    clause_heading,
    field_line,
    is_prose,
    party_list,
    prose_redline,
    semantic_items,
    summary_line,
    visible,
)
from summitkit.diff.tokens import Segment

TEMPLATE = "redline/redline.html"


@dataclass
class Entry:
    """One line of the change list, and the anchor it links to."""

    anchor: str
    text: str
    segments: list[Segment] = field(default_factory=list)
    """For a changed text field: its redline, shown after `text`."""
    listed: str = ""
    """How the change list names it, where that differs from `text`."""


@dataclass
class Block:
    """A clause shown in the redline, or a run of elided unchanged clauses."""

    anchor: str = ""
    heading: str = ""
    clause: ClauseChange | None = None
    segments: list[Segment] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    elided: int = 0


@dataclass
class RecordView:
    anchor: str
    heading: str
    record: RecordChange
    semantic: list[Entry]
    blocks: list[Block]
    entries: list[Entry]


def page_title(changes: ChangeSet) -> str:
    if changes.scope == "records":
        return f"Redline: {changes.old.version} → {changes.new.version}"
    return f"Redline of the corpus: {changes.old.version} → {changes.new.version}"


def article_attributes(changes: ChangeSet) -> dict[str, Any]:
    """What the article's data-id, data-status and data-revision carry."""
    if changes.scope == "records" and changes.records:
        record = changes.records[0]
        return {
            "id": record.id,
            "status": record.new_status or record.old_status or "draft",
            "revision": record.new_revision if record.new_revision is not None else 0,
            "lang": record.language,
        }
    return {"id": "corpus", "status": "draft", "revision": 0, "lang": "en"}


def record_view(
    index: int, record: RecordChange, context: int | None, names: dict[str, str]
) -> RecordView:
    anchor = f"r{index}"
    semantic = [
        semantic_entry(f"{anchor}-s{k}", text, change)
        for k, (text, change) in enumerate(semantic_items(record, names), start=1)
    ]
    blocks: list[Block] = []
    keep = visible(record.clauses, context) if context is not None else [True] * len(record.clauses)
    for k, (clause, shown) in enumerate(zip(record.clauses, keep, strict=True), start=1):
        if not shown:
            if blocks and blocks[-1].clause is None:
                blocks[-1].elided += 1
            else:
                blocks.append(Block(elided=1))
            continue
        blocks.append(
            Block(
                anchor=f"{anchor}-c{k}",
                heading=clause_heading(clause),
                clause=clause,
                segments=trimmed(clause.redline.segments),
                fields=[field_line(f) for f in clause.fields],
            )
        )
    entries = [Entry(e.anchor, e.listed or e.text) for e in semantic] + [
        Entry(b.anchor, b.heading) for b in blocks if b.clause is not None and b.clause.shown
    ]
    heading = f"{record.label}: {record.status} — {record.title}"
    return RecordView(anchor, heading, record, semantic, blocks, entries)


def semantic_entry(anchor: str, text: str, change: FieldChange | None) -> Entry:
    if change is None:
        return Entry(anchor, text)
    if is_prose(change):
        segments = list(prose_redline(change).segments)
        return Entry(anchor, f"{change.path}:", segments, f"{change.path}: text changed")
    return Entry(anchor, field_line(change))


def trimmed(segments: tuple[Segment, ...]) -> list[Segment]:
    """Segments without the text's final line break (block scalars end in one)."""
    found = list(segments)
    if found and found[-1].op == "equal":
        found[-1] = Segment("equal", found[-1].text.rstrip("\n"))
    return found


def changeset_html(changes: ChangeSet, context: int | None, names: dict[str, str]) -> str:
    """The page; `context` None shows every clause (for print)."""
    from summitkit.deliverables.pages import environment

    template = environment().get_template(TEMPLATE)
    records = [record_view(i, r, context, names) for i, r in enumerate(changes.records, start=1)]
    return template.render(
        title=page_title(changes),
        article=article_attributes(changes),
        changes=changes,
        summary=summary_line(changes),
        records=records,
        names=names,
        party_list=party_list,
    )
