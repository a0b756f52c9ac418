"""The redline as one standalone HTML page (`summit diff --format html`).

It prints `summitkit.deliverables.redline.model.RedlinePage`: the document with
`<ins>`/`<del>` inline (each titled with its author), the table of changes
beside the text, both sides' identity and the audience label. Its deliverable
sits in `<article class="sk-document">` with an `<h1>`, the shape
`summitkit.deliverables.printed.pdf.write_pdf` prints, so the PDF redline is
this page printed. All CSS is inline and no script is needed.
"""

from __future__ import annotations

from summitkit.deliverables.redline.model import RedlinePage

TEMPLATE = "redline/redline.html"


def redline_html(page: RedlinePage) -> str:
    """The page, rendered through the one jinja environment."""
    from summitkit.deliverables.pages import environment

    return environment().get_template(TEMPLATE).render(page=page)
