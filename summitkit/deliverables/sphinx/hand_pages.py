"""A hand-written page that declares itself a deliverable (`:summit-deliverable:` at
its top, see `summitkit.sources.rules.hand_pages`) gets what the `summit-document`
directive gives a record's page: the version line and the DRAFT mark under its
title, and an entry in the summit domain, so that the page frame offers its PDF and
DOCX and `summit build` prints them."""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from summitkit.deliverables.i18n import translator
from summitkit.deliverables.sphinx.base import stamp
from summitkit.deliverables.sphinx.corpus import corpus_for
from summitkit.sources.rules.hand_pages import declared


def note_page_deliverable(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read, after Sphinx has collected the page's metadata and title."""
    env = app.env
    fields = {str(k): str(v) for k, v in env.metadata.get(env.docname, {}).items()}
    page = declared(fields)
    if page is None:
        return
    summit = corpus_for(app.config).summits.get(page.round)
    title = env.titles.get(env.docname)
    language = str(app.config.summitkit_language or "")
    meta: dict[str, Any] = {
        "id": page.id,
        "kind": "page",
        "title": title.astext() if title is not None else page.id,
        "status": page.status,
        "revision": page.revision,
        "round": summit.title if summit else page.round,
        "sensitivity": "TLP:CLEAR",
        "name": page.id,
        "language": language,
    }
    env.domains["summit"].note_document(env.docname, meta)  # type: ignore[attr-defined]
    marks: list[nodes.Node] = [stamp("", meta=meta)]
    if page.status != "adopted":
        draft = nodes.paragraph("", translator(language or "en").gettext("DRAFT"))
        marks.append(nodes.container("", draft, classes=["sk-draft-mark"]))
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        for offset, mark in enumerate(marks, 1):
            section.insert(offset, mark)
    else:
        doctree[0:0] = marks
