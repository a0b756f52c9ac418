"""What every summitkit directive shares: the corpus, dependencies, safe inline text,
errors at the directive's line, and the version line filled in at write time."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from summitkit.deliverables.i18n import translator
from summitkit.deliverables.sphinx.corpus import corpus_for
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.rules.safety import ALLOWED_SCHEMES
from summitkit.sources.rules.translations import translation_text
from summitkit.sources.schema import Clause, Document, Record

if TYPE_CHECKING:
    from sphinx.application import Sphinx


logger = logging.getLogger(__name__)


class stamp(nodes.General, nodes.Element):  # type: ignore[misc]
    """Placeholder for the version line; filled at write time from the build's stamp."""


class SummitDirective(SphinxDirective):
    """Shared plumbing: the corpus, dependencies, inline parsing, errors at the line."""

    @property
    def corpus(self) -> Corpus:
        return corpus_for(self.config)

    def depend(self, *records: Record) -> None:
        for record in records:
            self.env.note_dependency(str(self.corpus.path_of(record)))

    def inline(self, text: str) -> list[nodes.Node]:
        """Content text as inline markup, with anything that could read a file or
        run a script reduced to its plain text (`summit check` refuses it first)."""
        parsed, messages = self.state.inline_text(text, self.lineno)
        return [defang(node) for node in [*parsed, *messages]]

    def problem(self, message: str) -> list[nodes.Node]:
        logger.error(message, location=self.get_location())
        return []

    def document(self, id: str) -> Document | None:
        return self.corpus.documents.get(id)

    @property
    def language(self) -> str:
        """The language of this build's interface text and clauses ('' = each
        document's source language, interface in English)."""
        return str(self.config.summitkit_language or "")

    def _(self, message: str) -> str:
        return translator(self.language or "en").gettext(message)

    def clause_text(self, document: Document, clause: Clause, lang: str) -> tuple[str, str]:
        """(text, its language): the translation into `lang`, else the source text."""
        source = document.languages[0] if document.languages else "en"
        if not lang or lang == source:
            return clause.text, source
        translation = translation_text(clause.translations.get(lang))
        if translation is None:
            return clause.text, source
        return translation, lang

    def field_text(self, document: Document, owner: Any, name: str) -> tuple[str, str]:
        """(text, its language) of a printed field of the document or of one of its
        action items (`owner`), in this build's language where it is translated."""
        source = document.languages[0] if document.languages else "en"
        text = str(getattr(owner, name) or "")
        lang = self.language
        if not lang or lang == source:
            return text, source
        held = getattr(owner.translations.get(lang), name, None)
        translation = translation_text(held)
        return (translation, lang) if translation else (text, source)

    def marked(self, document: Document, text: str, lang: str) -> list[nodes.Node]:
        """Plain text; where it is not in the build's language, in its own language and
        marked as not yet translated, as untranslated clauses are."""
        source = document.languages[0] if document.languages else "en"
        if lang == (self.language or source):
            return [nodes.Text(text)]
        marker = nodes.inline("", f" [{self._('not yet translated')}]", classes=["sk-untranslated"])
        return [nodes.inline("", text, classes=[f"language-{lang}"]), marker]


def unsafe(node: nodes.Node) -> bool:
    if isinstance(node, (nodes.raw, nodes.image, addnodes.download_reference)):
        return True
    if isinstance(node, addnodes.pending_xref) and node.get("reftype") == "download":
        return True
    if isinstance(node, nodes.reference) and node.get("refuri"):
        return not str(node["refuri"]).lower().startswith(ALLOWED_SCHEMES)
    return False


def defang(node: nodes.Node) -> nodes.Node:
    if unsafe(node):
        return nodes.Text(node.astext())
    if isinstance(node, nodes.Element):
        for child in list(node.findall(unsafe)):
            child.replace_self(nodes.Text(child.astext()))
    return node


def table(
    headers: list[str], rows: Sequence[Sequence[str | list[nodes.Node]]], classes: list[str]
) -> nodes.table:
    table = nodes.table(classes=classes)
    group = nodes.tgroup(cols=len(headers))
    table += group
    for _ in headers:
        group += nodes.colspec(colwidth=1)
    head = nodes.thead()
    group += head
    head += nodes.row("", *[nodes.entry("", nodes.paragraph("", h)) for h in headers])
    body = nodes.tbody()
    group += body
    for row in rows:
        body += nodes.row("", *[nodes.entry("", _cell(cell)) for cell in row])
    return table


def _cell(content: str | list[nodes.Node]) -> nodes.paragraph:
    if isinstance(content, str):
        return nodes.paragraph("", content)
    return nodes.paragraph("", "", *content)


def fill_stamps(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Write time: the version line with this build's commit and date."""
    build = app.config.summitkit_stamp
    _ = translator(app.config.summitkit_language or "en").gettext
    for node in list(doctree.findall(stamp)):
        meta = node["meta"]
        parts = [meta["id"]]
        if meta["revision"]:
            parts.append(f"{_('rev.')} {meta['revision']}")
        if meta["status"]:
            parts.append(_(meta["status"]))
        parts += [
            f"{_('commit')} {build.get('commit', 'unversioned')}",
            f"{_('built')} {build.get('built', '')}",
        ]
        line = " · ".join(p for p in parts if p)
        audience = app.config.summitkit_audience.value
        node.replace_self(
            nodes.paragraph(
                "",
                "",
                nodes.Text(line),
                nodes.inline("", f" · {audience}", classes=["sk-tlp"]),
                classes=["sk-version"],
            )
        )


def refused_address(uri: str) -> bool:
    """Whether a link to `uri` names a scheme other than http, https or mailto
    (javascript:, data:, file:), read as a browser reads it: without control
    characters and spaces."""
    uri = "".join(c for c in uri if c > " ")
    return bool(_SCHEME.match(uri)) and not uri.lower().startswith(ALLOWED_SCHEMES)


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def defang_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Write time, every page: a link to a refused address becomes its words.
    `summit check` refuses such links in pages before a build; this holds when a
    page reaches the build anyway."""
    for node in list(doctree.findall(nodes.reference)):
        if refused_address(str(node.get("refuri") or "")):
            node.replace_self(nodes.Text(node.astext()))


class DefangToctrees(SphinxTransform):
    """Read time, every page: a toctree entry linking to a refused address is left
    out. Sphinx turns entries into links only when it draws a toctree (in the page
    and in every page's navigation), after `defang_links` has run."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        for toctree in self.document.findall(addnodes.toctree):
            entries = toctree["entries"]
            kept = [(title, ref) for title, ref in entries if not refused_address(ref)]
            if len(kept) < len(entries):
                logger.warning("toctree entry with a refused link left out", location=toctree)
            toctree["entries"] = kept
