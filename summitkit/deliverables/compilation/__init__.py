"""The compilation text as documents: one standalone HTML page (`page`), printed to
PDF and to a Word file whose tracked changes are the delegations' proposals.

They print a `summitkit.negotiation.Compiled`; the compilation itself is
`summitkit.negotiation.compilation`. Both files go through the one print path
(`summitkit.deliverables.printed.printer`) that prints the site's compilation
page, so `summit compile --format docx` and `summit build` give the same Word file.
"""

from __future__ import annotations

from pathlib import Path

from summitkit.negotiation.command import Compiled
from summitkit.sources.core.request import Version

FORMATS = ("text", "html", "pdf", "docx", "json")
BINARY = ("pdf", "docx")


def render_text(compiled: Compiled, output_format: str, lang: str = "") -> str:
    """The text formats: text, html, json; text and html with their labels in the
    interface language `lang` ('' = English; the JSON, for other tools, stays English)."""
    from summitkit.negotiation import text

    if output_format == "json":
        return text.compilation_json(compiled.compilation)
    if output_format == "html":
        from summitkit.deliverables.compilation.page import compilation_html

        return compilation_html(compiled, lang)
    from summitkit.negotiation.review import comments_text

    numbers = {p.id: p.number for p in compiled.compilation.paragraphs}
    from summitkit.deliverables.i18n import translator

    say = translator(lang or "en")
    return text.compilation_text(compiled.compilation, say) + comments_text(
        compiled.comments, numbers, say
    )


def write_binary(
    compiled: Compiled,
    output_format: str,
    target: Path,
    version: Version,
    reference: Path | None = None,
    lang: str = "",
) -> None:
    """The file formats, pdf and docx: the HTML page printed with the stamp of
    `version`; `reference` is the DOCX reference document (the house style); `lang`
    the interface language ('' = English)."""
    from summitkit.deliverables.compilation.page import compilation_html, compilation_stamp
    from summitkit.deliverables.printed.printer import print_page

    stamp = compilation_stamp(compiled, version, lang)
    print_page(compilation_html(compiled, lang), output_format, target, stamp, reference)
