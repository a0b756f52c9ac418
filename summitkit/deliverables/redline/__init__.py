"""Redlines as documents: one page model (`model`), printed as HTML, PDF and DOCX.

They print a `summitkit.diff.command.Comparison`; the comparison itself is
`summitkit.diff`. The text and JSON formats are the diff stage's own printers.
The PDF and the DOCX are the HTML page printed through the one print path
(`summitkit.deliverables.printed.printer`): each insertion and deletion a Word
tracked change by whoever made it, each moved paragraph a move.
"""

from __future__ import annotations

from pathlib import Path

from summitkit.diff.command import Comparison
from summitkit.sources.core.request import Version

FORMATS = ("text", "html", "pdf", "docx", "json")
BINARY = ("pdf", "docx")


def render_text(
    comparison: Comparison,
    output_format: str,
    context: int,
    color: bool,
    changed_only: bool,
    version: Version | None = None,
) -> str:
    """The text formats: text, html, json; `version` names the working tree's commit
    on the HTML page when a side is the working tree."""
    changes, names = comparison.changes, comparison.names
    if output_format == "json":
        from summitkit.diff.serialise import changeset_json

        return changeset_json(changes)
    if output_format == "html":
        from summitkit.deliverables.redline.model import redline_page
        from summitkit.deliverables.redline.page import redline_html

        return redline_html(redline_page(comparison, changed_only, version))
    from summitkit.diff.terminal import changeset_text

    return changeset_text(changes, context, color, names)


def write_binary(
    comparison: Comparison,
    output_format: str,
    target: Path,
    changed_only: bool,
    version: Version,
    reference: Path | None = None,
) -> None:
    """The file formats, pdf and docx: the HTML page printed with the stamp of
    `version`; `reference` is the DOCX reference document (the house style)."""
    from summitkit.deliverables.printed.printer import print_page
    from summitkit.deliverables.redline.model import redline_page
    from summitkit.deliverables.redline.page import redline_html, redline_properties, redline_stamp

    page = redline_page(comparison, changed_only, version)
    stamp = redline_stamp(page, version)
    properties = redline_properties(page)
    print_page(redline_html(page), output_format, target, stamp, reference, properties)
