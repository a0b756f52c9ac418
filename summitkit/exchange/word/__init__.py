"""`summit import docx`: a round of delegations' edited Word files back as records.

The round trip:

1. Every DOCX summitkit writes anchors each clause with a bookmark named after
   its id (`sk_op3`) and records in custom properties the record id, revision,
   commit and audience it was built from
   (`summitkit.deliverables.printed.word`).
2. Delegations edit it in Word or LibreOffice, with or without Track Changes,
   and add comments.
3. `summit import docx FILE... | FOLDER` reads each file (`read`, every part
   through `sources.core.xml.parse_xml`: no DTD, no entities), reads the commit
   it names from git as the base (never the working tree), and models Word's
   revision markup as ECMA-376 Part 1 §17.13 defines it (`markup`): each run's
   state is the stack of `w:ins`/`w:del`/`w:moveFrom`/`w:moveTo` around it, a
   paragraph mark has its own revisions, wrappers are looked through.
4. `views` builds each author's version (their changes accepted, everyone
   else's rejected) and compares it, paragraph by paragraph, with the base
   view; the base view itself is compared with the text the printer wrote,
   which gives the untracked edits (the file's last editor's). A view
   paragraph with no anchor is a new clause, one holding two anchors a merge.
5. One `proposal` per delegation goes to `content/proposals/`, status
   `tabled` (`returns`): `insert`, `delete`, `replace` (`changes`: words, as
   the redline tokenises them), `substitute`; comments (resolved state and
   thread kept) become its note; `received_from` records the file (name,
   SHA-256), its sender and the Word authors. Words one delegation deleted from
   another's insertion become a `position` (oppose) in `content/positions/`.
   A change the proposal rules refuse is reported at its paragraph (clause,
   printed number, author) and left out; the rest of the file is imported.

Who is who: `--as PARTY` attributes everything to one delegation. Otherwise
each Word author name is looked up in `summitkit.toml`::

    [word_authors]
    "Ben Sherpa" = "jpn"
    "Chen Adviser" = "chn"

and, failing that, matched against party ids and names ("Japan", "jpn"). An
author matched by neither is an error that names them and the line to add.

Tracked edits outside the clauses (title, signatories, headers, notes) and
paragraphs whose anchor was lost are reported; nothing is dropped silently.
The base document is never written; with `--dry-run` nothing is.
"""

from __future__ import annotations
