"""The compilation text as PDF: its HTML page, printed by the deliverables' print route."""

from __future__ import annotations

import tempfile
from pathlib import Path

from summitkit.deliverables.compilation.page import compilation_html, title_of
from summitkit.deliverables.version import Stamp
from summitkit.negotiation.command import Compiled
from summitkit.sources.core.request import Version
from summitkit.sources.schema import DocumentStatus


def compilation_stamp(compiled: Compiled) -> Stamp:
    """The version line of a compilation: its document, round and commit."""
    compilation = compiled.compilation
    version = Version.of(compiled.root)
    return Stamp(
        id=compilation.id,
        title=title_of(compiled),
        kind="compilation",
        round=compiled.round,
        status=DocumentStatus(compilation.status),
        revision=compilation.revision,
        commit=version.commit,
        built=version.date,
        audience=compiled.audience,
        language=compilation.language,
    )


def write_compilation_pdf(compiled: Compiled, target: Path) -> None:
    from summitkit.deliverables.printed.pdf import write_pdf

    with tempfile.TemporaryDirectory(prefix="summit-compile-") as folder:
        page = Path(folder) / "compilation.html"
        page.write_text(compilation_html(compiled), encoding="utf-8")
        write_pdf(page, target, compilation_stamp(compiled))
