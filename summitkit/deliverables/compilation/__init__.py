"""The compilation text as documents: a standalone HTML page, printed to PDF, and a
Word file whose tracked changes are the delegations' proposals.

They print a `summitkit.negotiation.Compiled`; the compilation itself is
`summitkit.negotiation.compilation`.
"""

from __future__ import annotations

from pathlib import Path

from summitkit.negotiation.command import Compiled

FORMATS = ("text", "html", "pdf", "docx", "json")
BINARY = ("pdf", "docx")
TEMPLATE = "compilation/compilation.html"


def title_of(compiled: Compiled) -> str:
    kind = "Clean text" if compiled.compilation.clean else "Compilation text"
    return f"{kind}: {compiled.compilation.title}"


def render_text(compiled: Compiled, output_format: str) -> str:
    """The text formats: text, html, json."""
    from summitkit.negotiation import text

    if output_format == "json":
        return text.compilation_json(compiled.compilation)
    if output_format == "html":
        return compilation_html(compiled)
    return text.compilation_text(compiled.compilation)


def compilation_html(compiled: Compiled) -> str:
    from summitkit.deliverables.pages import environment
    from summitkit.negotiation import text

    template = environment().get_template(TEMPLATE)
    return template.render(
        title=title_of(compiled),
        compilation=compiled.compilation,
        names=compiled.names,
        audience=compiled.audience.value,
        marks=text.marks,
        option_heading=text.option_heading,
        rows=text.status_rows(compiled.compilation),
    )


def write_binary(compiled: Compiled, output_format: str, target: Path) -> None:
    """The file formats: pdf (printed from the HTML page) and docx (tracked changes)."""
    if output_format == "pdf":
        from summitkit.deliverables.compilation.pdf import write_compilation_pdf

        write_compilation_pdf(compiled, target)
    else:
        from summitkit.deliverables.compilation.docx import write_compilation_docx

        write_compilation_docx(compiled, target)
