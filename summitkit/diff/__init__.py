"""Diff: one comparison engine — two validated corpora, or two records, → a change set.

Imports from sources, negotiation and progress. Stages, each its own module:

- `sides`: what `OLD` and `NEW` name (revision, record, record at a revision,
  named version) and the records that differ between them (and what those cite),
  read as git objects or from the working tree and validated through the record
  cache by the same loader and rules as `summit check`;
- `align`: clauses paired by id, then by similarity, moves found;
- `tokens`: the word-level (CJK: character-level) redline inside a clause;
- `fields`: the semantic changes beside the text;
- `compare`: all of it → `changes.ChangeSet`;
- outputs: `terminal` (text) and `serialise` (JSON; its docstring lists the
  keys); the HTML page, PDF and DOCX redlines are `summitkit.deliverables.redline`.
"""

from __future__ import annotations

from summitkit.diff.changes import ChangeSet, ClauseChange, RecordChange, Side, Summary
from summitkit.diff.compare import compare_corpora, compare_pair, compare_records

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
