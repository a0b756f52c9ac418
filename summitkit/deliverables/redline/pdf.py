"""The redline as PDF: the HTML page, printed by the deliverables' own print route."""

from __future__ import annotations

import tempfile
from pathlib import Path

from summitkit.deliverables.redline.model import RedlinePage
from summitkit.deliverables.redline.page import redline_html
from summitkit.deliverables.version import Stamp
from summitkit.sources.core.request import build_date
from summitkit.sources.schema import DocumentStatus


def redline_stamp(page: RedlinePage) -> Stamp:
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
        built=build_date().date().isoformat(),
        audience=page.audience,
        language=page.language,
        compares=page.identity_line,
        unmarked=not status,
    )


def write_redline_pdf(page: RedlinePage, target: Path) -> None:
    from summitkit.deliverables.printed.pdf import write_pdf

    with tempfile.TemporaryDirectory(prefix="summit-redline-") as folder:
        html = Path(folder) / "redline.html"
        html.write_text(redline_html(page), encoding="utf-8")
        write_pdf(html, target, redline_stamp(page))
