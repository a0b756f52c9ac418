"""The one print path: a page and its stamp to PDF or DOCX.

`summit build` prints each deliverable's page of the site through `print_file`;
`summit compile` and `summit diff` print their standalone page through
`print_page`. The same two printers (`printed.pdf`, `printed.docx`) do every job,
so a compilation text printed by the build and by `summit compile` come out in
the same style, with the same header, footer, properties and tracked changes.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from summitkit.deliverables.version import Stamp

FORMATS = ("pdf", "docx")

#: The reference document of summitkit's house style (tools/make_reference_docx.py).
PACKAGE_REFERENCE = Path(__file__).parent.parent / "templates" / "reference.docx"


def reference_document(root: Path) -> Path | None:
    """The reference document every DOCX of the repository at `root` takes its styles
    from: its own `templates/reference.docx`, else summitkit's."""
    found = (p for p in (root / "templates" / "reference.docx", PACKAGE_REFERENCE) if p.is_file())
    return next(found, None)


def print_file(
    fmt: str,
    html: Path,
    target: Path,
    stamp: Stamp,
    reference: Path | None = None,
    properties: dict[str, str] | None = None,
) -> None:
    """Print the page `html` to `target` as `fmt` (pdf or docx); `reference` is the
    DOCX reference document, `properties` custom DOCX properties beside the stamp's.

    Each printer is imported where it prints: an HTML-only build (every `summit serve`
    rebuild) would load both for nothing, and the Word printer alone takes about 80 ms."""
    if fmt == "pdf":
        from summitkit.deliverables.printed.pdf import write_pdf

        write_pdf(html, target, stamp)
    else:
        from summitkit.deliverables.printed.docx import write_docx

        write_docx(html, target, stamp, reference, properties)


def print_page(
    page: str,
    fmt: str,
    target: Path,
    stamp: Stamp,
    reference: Path | None = None,
    properties: dict[str, str] | None = None,
) -> None:
    """Print a standalone page, given as its HTML, like a page of the site."""
    with tempfile.TemporaryDirectory(prefix="summitkit-print-") as folder:
        html = Path(folder) / "page.html"
        html.write_text(page, encoding="utf-8")
        print_file(fmt, html, target, stamp, reference, properties)
