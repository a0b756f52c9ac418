"""Redlines as documents: the HTML page model and its PDF and DOCX printers.

They print a `summitkit.diff.ChangeSet`; the comparison itself is `summitkit.diff`.
"""

from __future__ import annotations

from pathlib import Path

from summitkit.diff.command import Comparison

FORMATS = ("text", "html", "pdf", "docx", "json")
BINARY = ("pdf", "docx")


def render_text(comparison: Comparison, output_format: str, context: int, color: bool) -> str:
    """The text formats: text, html, json."""
    changes, names = comparison.changes, comparison.names
    if output_format == "json":
        from summitkit.diff.serialise import changeset_json

        return changeset_json(changes)
    if output_format == "html":
        from summitkit.deliverables.redline.page import changeset_html

        return changeset_html(changes, context, names)
    from summitkit.diff.terminal import changeset_text

    return changeset_text(changes, context, color, names)


def write_binary(comparison: Comparison, output_format: str, target: Path) -> None:
    """The file formats: pdf (printed from the HTML page) and docx (tracked changes)."""
    if output_format == "pdf":
        from summitkit.deliverables.redline.pdf import write_redline_pdf

        write_redline_pdf(comparison.changes, target, comparison.names)
    else:
        from summitkit.deliverables.redline.docx import write_docx

        write_docx(comparison.changes, target, comparison.names)
