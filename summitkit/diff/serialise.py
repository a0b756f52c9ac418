"""The change set as JSON (`summit diff --format json`).

Top level:

- `format`: `"summitkit-diff/1"`.
- `scope`: `"corpus"` (two revisions) or `"records"` (two records compared).
- `old`, `new`: the sides: `label` (as typed, or `"working tree"`), `commit`
  (full SHA or null), `author`, `date` (commit date, ISO 8601, or null).
- `summary`: totals over all records: `clauses_added`, `clauses_removed`,
  `clauses_modified`, `clauses_moved`, `clauses_unchanged`, `words_inserted`,
  `words_deleted`, and `records_changed`, `records_unchanged`.
- `records`: one object per changed record (for a corpus; unchanged records are
  only counted) or the one pair compared:
  - `kind`, `status` (`added`, `removed`, `modified`), `old_id`, `new_id`, `title`;
  - `summary`: the seven clause and word counts above for this record, plus
    `signatories` with `joined` and `left` counts;
  - `signatories`: `joined` and `left`, lists of party ids (states or
    organizations);
  - `lead`, `co_sponsors`: `added` and `removed` state ids;
  - `status_change`, `revision_change`: `{old, new}`, or null when unchanged;
  - `action_items`: `{id, status (added|dropped|changed), title, fields}`;
  - `assessments`: `{at (round id or date), old, new, direction
    (up|down|added|dropped)}` for each assessment whose status moved;
  - `negotiation`: `{what (proposal|clause-status|reservation), subject (proposal
    or clause id), old, new, parties}` for each proposal whose state moved (each
    side's state as its record says it: tabled, accepted in part (change N),
    accepted, rejected, superseded, withdrawn; old null: not there yet), each
    clause whose status moved and each reservation
    entered (new `held`) or lifted (old `held`);
  - `fields`: every other change as `{path, old, new}`, e.g.
    `{"path": "title", ...}` or `{"path": "signatories[kor].date", ...}`;
  - `clauses`: every clause of both documents in reading order: `status`
    (`added`, `removed`, `modified`, `unchanged`), `moved` (bool), `old_id`,
    `new_id`, `old_position`, `new_position` (1-based), `kind`,
    `matched_by` (`id`, `similarity` or null), `similarity`,
    `words_inserted`, `words_deleted`, `fields` (as above), and for a
    changed clause `redline`: a list of `{op (equal|insert|delete), text}`
    whose `equal`+`delete` texts join to the old text and `equal`+`insert`
    texts to the new one; `credits`, when accepted proposals explain the change:
    `{proposal, change, type, by, date}` each (the delegations whose proposal
    made it, and the day it was accepted).

Counting: a clause that moved and changed counts as moved and as modified;
`clauses_unchanged` counts clauses neither modified nor moved. Word counts
follow the tokenisation rule of `summitkit.diff.tokens`.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from summitkit.diff.changes import ChangeSet, ClauseChange, FieldChange, RecordChange, Side

FORMAT = "summitkit-diff/1"


def changeset_json(changes: ChangeSet) -> str:
    return json.dumps(changeset_dict(changes), indent=2, ensure_ascii=False) + "\n"


def changeset_dict(changes: ChangeSet) -> dict[str, Any]:
    summary = asdict(changes.summary)
    summary["records_changed"] = len(changes.records)
    summary["records_unchanged"] = changes.records_unchanged
    if changes.records_restricted:
        summary["records_restricted"] = changes.records_restricted
    return {
        "format": FORMAT,
        "scope": changes.scope,
        "old": side_dict(changes.old),
        "new": side_dict(changes.new),
        "summary": summary,
        "records": [record_dict(r) for r in changes.records],
    }


def side_dict(side: Side) -> dict[str, Any]:
    return {"label": side.label, "commit": side.commit, "author": side.author, "date": side.date}


def fields_list(fields: tuple[FieldChange, ...] | list[FieldChange]) -> list[dict[str, Any]]:
    return [{"path": f.path, "old": f.old, "new": f.new} for f in fields]


def record_dict(record: RecordChange) -> dict[str, Any]:
    summary = asdict(record.summary)
    summary["signatories"] = {
        "joined": len(record.signatories_joined),
        "left": len(record.signatories_left),
    }
    return {
        "kind": record.kind,
        "status": record.status,
        "old_id": record.old_id,
        "new_id": record.new_id,
        "title": record.title,
        "summary": summary,
        "signatories": {"joined": record.signatories_joined, "left": record.signatories_left},
        "lead": {"added": list(record.lead.added), "removed": list(record.lead.removed)},
        "co_sponsors": {
            "added": list(record.co_sponsors.added),
            "removed": list(record.co_sponsors.removed),
        },
        "status_change": _change(record.status_change),
        "revision_change": _change(record.revision_change),
        "action_items": [
            {"id": i.id, "status": i.status, "title": i.title, "fields": fields_list(i.fields)}
            for i in record.action_items
        ],
        "assessments": [
            {"at": a.at, "old": a.old, "new": a.new, "direction": a.direction}
            for a in record.assessments
        ],
        "negotiation": [
            {
                "what": m.what,
                "subject": m.subject,
                "old": m.old,
                "new": m.new,
                "parties": list(m.parties),
            }
            for m in record.negotiation
        ],
        "fields": fields_list(record.fields),
        "clauses": [clause_dict(c) for c in record.clauses],
    }


def _change(change: FieldChange | None) -> dict[str, Any] | None:
    return None if change is None else {"old": change.old, "new": change.new}


def clause_dict(clause: ClauseChange) -> dict[str, Any]:
    found: dict[str, Any] = {
        "status": clause.status,
        "moved": clause.moved,
        "old_id": clause.old_id,
        "new_id": clause.new_id,
        "old_position": clause.old_position,
        "new_position": clause.new_position,
        "kind": clause.kind,
        "matched_by": clause.matched_by,
        "similarity": clause.similarity,
        "words_inserted": clause.redline.words_inserted,
        "words_deleted": clause.redline.words_deleted,
        "fields": fields_list(clause.fields),
    }
    if clause.status != "unchanged":
        found["redline"] = [{"op": s.op, "text": s.text} for s in clause.redline.segments]
    if clause.credits:
        found["credits"] = [
            {"proposal": c.proposal, "change": c.change, "type": c.type, "by": list(c.by),
             "date": c.date}
            for c in clause.credits
        ]  # fmt: skip
    return found
