"""The review record kind: a reviewer's comment on one clause, never published.

A comment is a record of its own in `content/comments/` rather than a field of
the document, so that reviewers never edit the text under review (their commits
touch only their own files, and merge without conflict), and so that each
comment's author can be verified from the commit that introduced it
(`summit check --verify-attribution`).
"""

import datetime as dt
from typing import ClassVar

from summitkit.sources.schema.base import TLP, DelegationRef, DocumentRef, Record, Slug, Text


class Comment(Record):
    """A reviewer's comment on one clause of a statement or gift basket; never published.

    Its label, when it has none, is `comment_sensitivity` of summitkit.toml
    (TLP:AMBER unless set), so that no build for a wider audience shows it."""

    kind: ClassVar[str] = "comment"
    sensitivity: TLP | None = None
    """TLP 2.0 label of the comment; unset, comment_sensitivity of summitkit.toml
    (TLP:AMBER unless set there)."""
    document: DocumentRef
    """The statement or gift basket commented on (its id)."""
    clause: Slug
    """Id of the clause commented on."""
    quote: str | None = None
    """The words of the clause the comment is about, exactly as the clause has them."""
    by: DelegationRef
    """The reviewer's delegation (state or organization id)."""
    author: str | None = None
    """Who wrote it, in free text (a person's name, or the author Word recorded)."""
    date: dt.date
    """When it was made."""
    text: Text
    """The comment, plain text."""
    resolved: bool = False
    """Whether it has been dealt with; `summit comments DOC --open` lists the others."""
