"""The compilation text as one standalone HTML page (`summit compile --format html`),
the page the PDF prints: its deliverable sits in `<article class="sk-document">`."""

from __future__ import annotations

from summitkit.negotiation.command import Compiled

TEMPLATE = "compilation/compilation.html"


def title_of(compiled: Compiled) -> str:
    kind = "Clean text" if compiled.compilation.clean else "Compilation text"
    return f"{kind}: {compiled.compilation.title}"


def compilation_html(compiled: Compiled) -> str:
    from summitkit.deliverables.pages import environment
    from summitkit.negotiation import text
    from summitkit.negotiation.review import reviewer

    template = environment().get_template(TEMPLATE)
    return template.render(
        title=title_of(compiled),
        compilation=compiled.compilation,
        names=compiled.names,
        audience=compiled.audience.value,
        marks=text.marks,
        option_heading=text.option_heading,
        rows=text.status_rows(compiled.compilation),
        comments=compiled.comments,
        reviewer=lambda comment: reviewer(comment, compiled.names),
    )
