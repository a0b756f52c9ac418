"""`summit import docx`: a delegation's edited Word file back as proposal records.

The round trip:

1. Every DOCX summitkit writes anchors each clause with a bookmark named after
   its id (`sk_op3`) and records in custom properties the record id, revision,
   commit and audience it was built from
   (`summitkit.deliverables.printed.word`).
2. Someone edits it in Word or LibreOffice, with or without Track Changes, and
   adds comments.
3. `summit import docx FILE` reads the properties, reads that commit's record
   from git as the base (never the working tree), maps each paragraph back to
   its clause through the anchors, and compares each clause with the base:
   tracked changes by their author (`w:ins`/`w:del`, with dates), untracked
   edits by a word-level comparison, attributed to the file's last editor.
4. One `proposal` per delegation goes to `content/proposals/`, status `tabled`:
   `insert` for a paragraph typed between clauses (after the clause before
   it), `delete` for a clause struck out whole, `replace` for changed words,
   `substitute` for a clause rewritten whole. Comments become the proposal's
   note, each naming the paragraph it is on; the proposal carries the file's
   audience as its sensitivity.

Who is who: `--as PARTY` attributes everything to one delegation. Otherwise
each Word author name is looked up in `summitkit.toml`::

    [word_authors]
    "Ben Sherpa" = "jpn"
    "Chen Adviser" = "chn"

and, failing that, matched against party ids and names ("Japan", "jpn"). An
author matched by neither is an error that names them and says how to map them.

A paragraph whose anchor was lost (retyped, or pasted from elsewhere) is
reported with its text; nothing is dropped silently. The base document is
never written; with `--dry-run` nothing is.
"""

from __future__ import annotations
