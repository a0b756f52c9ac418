"""The redline as one standalone HTML page (`summit diff --format html`), and what its
printed files say about it.

It prints `summitkit.deliverables.redline.model.RedlinePage`: the document with
`<ins>`/`<del>` inline (each titled with its author, and naming author and date for
the DOCX printer's tracked changes), the table of changes beside the text, both
sides' identity and the audience label. Its deliverable sits in
`<article class="sk-document">` with an `<h1>`, the shape the printers of
`summitkit.deliverables.printed` print, so the PDF and DOCX redlines are this page
printed. All CSS is inline and no script is needed.
"""

from __future__ import annotations

from summitkit.deliverables.redline.model import RedlinePage
from summitkit.deliverables.version import Stamp
from summitkit.sources.core.request import Version
from summitkit.sources.schema import DocumentStatus

TEMPLATE = "redline/redline.html"


def redline_html(page: RedlinePage) -> str:
    """The page, rendered through the one jinja environment."""
    from summitkit.deliverables.pages import environment

    return environment().get_template(TEMPLATE).render(page=page)


def redline_stamp(page: RedlinePage, version: Version) -> Stamp:
    """What the header, footer and metadata of a printed redline say: both sides."""
    status = page.new.status
    return Stamp(
        id=page.new.id,
        title=page.title,
        kind="redline",
        round=f"{page.old.line} → {page.new.line}",
        status=DocumentStatus(status) if status else DocumentStatus.DRAFT,
        revision=page.new.revision or 0,
        commit=page.new.commit,
        built=version.date,
        audience=page.audience,
        language=page.language,
        compares=page.identity_line,
        unmarked=not status,
        # A redline of the corpus is as final as the least final document it shows.
        covers_draft=any(
            record.new is not None and record.new.status not in ("", "adopted")
            for record in page.records
        ),
    )


def redline_properties(page: RedlinePage) -> dict[str, str]:
    """The DOCX's custom properties beside the stamp's: what it compares (`summit
    import docx` refuses a redline by its kind)."""
    return {
        "revision": str(page.new.revision if page.new.revision is not None else ""),
        "compares": page.identity_line,
        "old": page.old.line,
        "new": page.new.line,
    }
