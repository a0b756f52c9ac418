"""Changes beside the text, in plain words: what the summary table of a redline says.

A reader never sees a field path (`signatories[kor].sources`) or a JSON value:
each change is named in words, parties by name, sources by title.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from summitkit.diff.changes import FieldChange, RecordChange
from summitkit.sources.records.corpus import Corpus

NONE = "—"

# How a field is named in a sentence, where its name alone does not say it.
FIELD_NAMES = {
    "hosted_by": "hosted by",
    "follows": "follows",
    "round": "summit round",
    "type": "kind of document",
    "sources": "sources",
    "claims": "sources' claims",
    "summary": "summary",
    "field_sensitivity": "sensitivity of single fields",
    "sensitivity": "sensitivity",
    "co_sponsors": "co-sponsors",
    "made_by": "made by",
    "made_at": "made at",
    "target_date": "target date",
    "changes_annex": "annex of changes",
}

_STEP = re.compile(r"([A-Za-z_]+)(?:\[([^\]]+)\])?")


@dataclass(frozen=True)
class Row:
    """One line of the summary table: what changed, and how it read on each side."""

    what: str
    old: str
    new: str


class Words:
    """Plain words for ids and values, with the names both sides' corpora know."""

    def __init__(self, names: dict[str, str], *corpora: Corpus | None) -> None:
        self.names = names
        self.corpora = [c for c in corpora if c is not None]
        self.paragraphs: dict[str, str] = {}
        """How each clause id is named in print: "operative paragraph 3"."""

    def party(self, id: str) -> str:
        if id in self.names:
            return self.names[id]
        for corpus in self.corpora:
            name = corpus.party_name(id)
            if name != id:
                return name
        return id

    def source(self, id: str) -> str:
        for corpus in self.corpora:
            found = corpus.sources.get(id)
            if found is not None:
                return found.title
        return id

    def document(self, id: str) -> str:
        for corpus in self.corpora:
            found = corpus.documents.get(id)
            if found is not None:
                return found.title
        return id

    def round(self, id: str) -> str:
        for corpus in self.corpora:
            found = corpus.summits.get(id)
            if found is not None:
                return found.title
        return id

    def parties(self, ids: list[str] | tuple[str, ...]) -> str:
        return "; ".join(self.party(i) for i in ids) or NONE

    def field(self, path: str) -> str:
        """`signatories[kor].sources` → "sources (signatory Republic of Korea)"."""
        steps = _STEP.findall(path)
        if not steps:
            return path
        words: list[str] = [FIELD_NAMES.get(steps[-1][0], steps[-1][0].replace("_", " "))]
        for name, key in reversed(steps[:-1]):
            if name == "clauses" and key:
                words.append(self.paragraphs.get(key, f"paragraph {key}"))
                continue
            owner = {"signatories": "signatory"}.get(name, name)
            label = self.party(key) if name == "signatories" and key else key
            words.append(f"{owner.replace('_', ' ')} {label}".strip())
        if steps[-1][1]:
            words[0] += f" {steps[-1][1]}"
        head, *rest = words
        return head[:1].upper() + head[1:] + (f" ({', '.join(rest)})" if rest else "")

    def claim(self, claim: dict[str, Any]) -> str:
        """A source's claim about a field: "signatory Republic of Korea: no (according to …)"."""
        head, _, key = str(claim["field"]).partition(".")
        about = f"signatory {self.party(key)}" if head == "signatories" and key else head
        said = self.value("", claim["value"])
        return f"{about}: {said} (according to {self.value('sources', claim.get('sources'))})"

    def value(self, name: str, value: Any) -> str:
        """A field's value in words; sources by title, parties by name."""
        if value is None or value == [] or value == {}:
            return NONE
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return "; ".join(self.value(name, v) for v in value)
        if isinstance(value, dict):
            if "source" in value:
                locator = value.get("locator")
                return self.source(str(value["source"])) + (f", {locator}" if locator else "")
            if "field" in value and "value" in value:
                return self.claim(value)
            parts = [
                f"{self.field(k)}: {self.value(k, v)}" for k, v in value.items() if v is not None
            ]
            return "; ".join(parts)
        text = str(value).strip()
        if name in ("sources",):
            return self.source(text)
        if name == "follows":
            return self.document(text)
        if name in ("round", "made_at"):
            return self.round(text)
        if name in ("hosted_by", "lead", "co_sponsors", "invited", "made_by", "owner"):
            return self.party(text)
        return " ".join(text.split())


def summary_rows(record: RecordChange, words: Words) -> list[Row]:
    """The changes beside the text of one record, in a fixed order."""
    rows: list[Row] = []
    for move in record.negotiation:
        if move.what == "proposal":  # its state on each side, as the record there says it
            rows.append(Row("State of the proposal", move.old or NONE, move.new or NONE))
    if record.status_change is not None and record.kind != "proposal":
        rows.append(Row("Status", str(record.status_change.old), str(record.status_change.new)))
    if record.revision_change is not None:
        change = record.revision_change
        rows.append(Row("Revision", str(change.old), str(change.new)))
    if record.signatories_joined:
        rows.append(Row("Signatories who joined", NONE, words.parties(record.signatories_joined)))
    if record.signatories_left:
        rows.append(Row("Signatories who left", words.parties(record.signatories_left), NONE))
    for title, members in (("Lead", record.lead), ("Co-sponsors", record.co_sponsors)):
        if members.added:
            rows.append(Row(f"{title} added", NONE, words.parties(members.added)))
        if members.removed:
            rows.append(Row(f"{title} removed", words.parties(members.removed), NONE))
    for item in record.action_items:
        if item.status == "added":
            rows.append(Row("Action item added", NONE, item.title))
        elif item.status == "dropped":
            rows.append(Row("Action item dropped", item.title, NONE))
        for change in item.fields:
            rows.append(field_row(change, words, f"Action item “{item.title}”: "))
    for assessment in record.assessments:
        rows.append(
            Row(
                f"Assessment for {words.round(assessment.at)}",
                assessment.old or NONE,
                assessment.new or NONE,
            )
        )
    rows.extend(field_row(change, words) for change in record.fields)
    return rows


def field_row(change: FieldChange, words: Words, prefix: str = "") -> Row:
    steps = _STEP.findall(change.path)
    name = steps[-1][0] if steps else change.path
    what = words.field(change.path)
    return Row(prefix + what, words.value(name, change.old), words.value(name, change.new))
