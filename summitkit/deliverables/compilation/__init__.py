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


def render_text(compiled: Compiled, output_format: str) -> str:
    """The text formats: text, html, json."""
    from summitkit.negotiation import text

    if output_format == "json":
        return text.compilation_json(compiled.compilation)
    if output_format == "html":
        from summitkit.deliverables.compilation.page import compilation_html

        return compilation_html(compiled)
    from summitkit.negotiation.review import comments_text

    numbers = {p.id: p.number for p in compiled.compilation.paragraphs}
    return text.compilation_text(compiled.compilation) + comments_text(compiled.comments, numbers)


def write_binary(compiled: Compiled, output_format: str, target: Path) -> None:
    """The file formats: pdf (printed from the HTML page) and docx (tracked changes)."""
    if output_format == "pdf":
        from summitkit.deliverables.compilation.pdf import write_compilation_pdf

        write_compilation_pdf(compiled, target)
    else:
        from summitkit.deliverables.compilation.docx import write_compilation_docx

        write_compilation_docx(compiled, target)
