"""The marks summitkit leaves in every DOCX it writes, for `summit import docx` to find:
a bookmark per clause and custom document properties (written by
`summitkit.deliverables.printed.word`). Apart from the printer, so that reading a
returned file does not load the printing machinery."""

from __future__ import annotations

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
BOOKMARK_PREFIX = "sk_"
PROPERTY_PREFIX = "summitkit."
CUSTOM_PART = "docProps/custom.xml"


def clause_bookmark(clause_id: str) -> str:
    """The bookmark that anchors a clause. Clause ids are slugs; Word allows letters,
    digits and underscores in bookmark names, so the hyphens become underscores
    (no slug has an underscore, so no two clauses share a name)."""
    return BOOKMARK_PREFIX + clause_id.replace("-", "_")


def clause_of_bookmark(name: str) -> str | None:
    """The clause id a bookmark anchors, or None for a bookmark summitkit did not write."""
    if not name.startswith(BOOKMARK_PREFIX):
        return None
    return name[len(BOOKMARK_PREFIX) :].replace("_", "-") or None
