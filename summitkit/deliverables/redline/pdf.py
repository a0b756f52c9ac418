"""The redline as PDF: the HTML page, printed by the deliverables' own print route."""

from __future__ import annotations

import tempfile
from pathlib import Path

from summitkit.deliverables.redline.page import article_attributes, changeset_html, page_title
from summitkit.deliverables.version import Stamp, build_date
from summitkit.diff.changes import ChangeSet
from summitkit.sources.schema import DocumentStatus


def redline_stamp(changes: ChangeSet) -> Stamp:
    """The version line of a redline: the newer side's document and commit."""
    article = article_attributes(changes)
    return Stamp(
        id=str(article["id"]),
        title=page_title(changes),
        kind="redline",
        round=f"{changes.old.version} → {changes.new.version}",
        status=DocumentStatus(article["status"]),
        revision=int(article["revision"]),
        commit=changes.new.short or changes.new.label,
        built=build_date().date().isoformat(),
        language=str(article["lang"]),
    )


def write_redline_pdf(changes: ChangeSet, target: Path, names: dict[str, str]) -> None:
    from summitkit.deliverables.printed.pdf import write_pdf  # type: ignore[import-not-found,unused-ignore]

    with tempfile.TemporaryDirectory(prefix="summit-redline-") as folder:
        page = Path(folder) / "redline.html"
        page.write_text(changeset_html(changes, None, names), encoding="utf-8")
        write_pdf(page, target, redline_stamp(changes))
