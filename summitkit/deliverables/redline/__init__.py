"""Redlines as documents: one page model (`model`), printed as HTML, PDF and DOCX.

They print a `summitkit.diff.command.Comparison`; the comparison itself is
`summitkit.diff`. The text and JSON formats are the diff stage's own printers.
"""

from __future__ import annotations

from pathlib import Path

from summitkit.diff.command import Comparison

FORMATS = ("text", "html", "pdf", "docx", "json")
BINARY = ("pdf", "docx")


def render_text(
    comparison: Comparison, output_format: str, context: int, color: bool, changed_only: bool
) -> str:
    """The text formats: text, html, json."""
    changes, names = comparison.changes, comparison.names
    if output_format == "json":
        from summitkit.diff.serialise import changeset_json

        return changeset_json(changes)
    if output_format == "html":
        from summitkit.deliverables.redline.model import redline_page
        from summitkit.deliverables.redline.page import redline_html

        return redline_html(redline_page(comparison, changed_only))
    from summitkit.diff.terminal import changeset_text

    return changeset_text(changes, context, color, names)


def write_binary(
    comparison: Comparison, output_format: str, target: Path, changed_only: bool
) -> None:
    """The file formats: pdf (printed from the HTML page) and docx (tracked changes)."""
    from summitkit.deliverables.redline.model import redline_page

    page = redline_page(comparison, changed_only)
    if output_format == "pdf":
        from summitkit.deliverables.redline.pdf import write_redline_pdf

        write_redline_pdf(page, target)
    else:
        from summitkit.deliverables.redline.docx import write_redline_docx

        write_redline_docx(page, target)
