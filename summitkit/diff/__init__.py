"""Diff: one comparison engine — two validated corpora, or two records, → a change set.

Imports from sources, negotiation and progress. Stages, each its own module:

- `sides`: what `OLD` and `NEW` name (revision, record, record at a revision,
  named version) and the records that differ between them (and what those cite),
  read as git objects or from the working tree and validated through the record
  cache by the same loader and rules as `summit check`;
- `align`: clauses paired by id, then by similarity, moves found;
- `tokens`: the word-level (CJK: character-level) redline inside a clause;
- `plain`: two records compared as plain data (their dumps): the clauses, and the
  semantic changes beside the text;
- `fields`: a validated record's dump, and a proposal's state;
- `compare`: all of it → `changes.ChangeSet`;
- `quick`: `summit diff REV1 REV2` as text from sides a full diff kept as plain
  data, without click or the schema;
- outputs: `terminal` (text) and `serialise` (JSON; its docstring lists the
  keys); the HTML page, PDF and DOCX redlines are `summitkit.deliverables.redline`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summitkit.diff.changes import ChangeSet, ClauseChange, RecordChange, Side, Summary
    from summitkit.diff.compare import compare_corpora, compare_pair, compare_records

#: Imported when first asked for: a text diff of two revisions (`summitkit.diff.quick`)
#: uses the change set and the printer, never the schema the engine imports.
_HOME = {
    **dict.fromkeys(("ChangeSet", "ClauseChange", "RecordChange", "Side", "Summary"), "changes"),
    **dict.fromkeys(("compare_corpora", "compare_pair", "compare_records"), "compare"),
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(name)
    return getattr(importlib.import_module(f"summitkit.diff.{_HOME[name]}"), name)


__all__ = [
    "ChangeSet",
    "ClauseChange",
    "RecordChange",
    "Side",
    "Summary",
    "compare_corpora",
    "compare_pair",
    "compare_records",
]
