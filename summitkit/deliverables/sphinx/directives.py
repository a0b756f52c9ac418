"""The directives summitkit adds to Sphinx, and the names pages call them by.

Every directive reads the corpus through `corpus_for`, notes the YAML files it
used as dependencies of the page (so that editing a record rebuilds exactly
the pages that show it), and parses content text as inline markup only. The
one exception is `summit-table`, the page templates' tables: it reads no record
and parses nothing, its cells are text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summitkit.deliverables.sphinx.base import DefangToctrees, defang_links, fill_stamps, stamp
from summitkit.deliverables.sphinx.changes import ChangesDirective
from summitkit.deliverables.sphinx.compilation import CompilationDirective
from summitkit.deliverables.sphinx.data_table import DataTableDirective
from summitkit.deliverables.sphinx.directories import (
    CentreDirectoryDirective,
    CommitmentTableDirective,
    NetworkDirectoryDirective,
)
from summitkit.deliverables.sphinx.documents import (
    ActionItemsDirective,
    ClauseDirective,
    ClausesDirective,
    DocumentDirective,
    ParallelDirective,
    SignatoriesDirective,
    TextDirective,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def setup(app: Sphinx) -> None:
    app.add_node(stamp)
    for name, directive in {
        "summit-document": DocumentDirective,
        "summit-clauses": ClausesDirective,
        "summit-parallel": ParallelDirective,
        "clause": ClauseDirective,
        "signatories": SignatoriesDirective,
        "action-items": ActionItemsDirective,
        "summit-text": TextDirective,
        "commitment-table": CommitmentTableDirective,
        "centre-directory": CentreDirectoryDirective,
        "network-directory": NetworkDirectoryDirective,
        "summit-changes": ChangesDirective,
        "summit-compilation": CompilationDirective,
        "summit-table": DataTableDirective,
    }.items():
        app.add_directive(name, directive)
    app.connect("doctree-resolved", fill_stamps)
    app.connect("doctree-resolved", defang_links)
    app.add_transform(DefangToctrees)
