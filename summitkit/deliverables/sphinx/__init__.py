"""The summitkit Sphinx extension, shaped like ``sphinx.ext.todo``.

It loads and validates the corpus once per build, renders one reST page per
deliverable into ``content/generated/`` (rewritten only when its text changed,
so Sphinx's incremental build works), and offers directives for hand-written
pages. A domain keeps, per document, which deliverable it shows; it clears and
merges per document, so parallel reads are safe.
"""

from __future__ import annotations

import zlib
from collections.abc import Set
from pathlib import Path
from typing import Any, ClassVar

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.domains import Domain
from sphinx.errors import ConfigError
from sphinx.util import logging

from summitkit import __version__
from summitkit.deliverables.i18n import translator
from summitkit.deliverables.pages import (
    GENERATED,
    deliverable_pages,
    environment,
    pages_inputs,
    pages_unchanged,
    remember_inputs,
    write_pages,
)
from summitkit.deliverables.sphinx import directives
from summitkit.deliverables.sphinx.corpus import corpus_for, forget_corpus, repository_root
from summitkit.deliverables.sphinx.hand_pages import note_page_deliverable
from summitkit.deliverables.sphinx.html import SummitHTMLTranslator
from summitkit.sources.core.request import Request
from summitkit.sources.core.scales import TLP
from summitkit.sources.records import brackets
from summitkit.sources.rules.rst_check import SETTINGS

logger = logging.getLogger(__name__)


class SummitDomain(Domain):
    """Which deliverable each page shows; used for the page frame and the build."""

    name = "summit"
    label = "summitkit"
    initial_data: ClassVar[dict[str, Any]] = {"documents": {}}

    @property
    def documents(self) -> dict[str, dict[str, Any]]:
        return self.data.setdefault("documents", {})  # type: ignore[no-any-return]

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["documents"]:
                self.documents[docname] = otherdata["documents"][docname]

    def note_document(self, docname: str, meta: dict[str, Any]) -> None:
        self.documents[docname] = meta


def request_fields(app: Sphinx, config: Config) -> None:
    """Where the request enters the extension, as its fields in config values: the
    audience is parsed here, once, into a `TLP` that every directive reads as it is.
    Fills in what a plain sphinx-build does not pass: the repository, and the commit
    and date the version line shows (read as `summit build` reads them)."""
    if not config.summitkit_root:
        config.summitkit_root = str(app.confdir)
    try:
        config.summitkit_audience = TLP(config.summitkit_audience)
    except ValueError:
        labels = ", ".join(t.value for t in TLP)
        raise ConfigError(
            f"summitkit_audience {config.summitkit_audience!r} is not one of {labels}"
        ) from None
    if not config.summitkit_stamp:
        version = Request(Path(config.summitkit_root)).version
        config.summitkit_stamp = {"commit": version.commit, "built": version.date}


def content_settings(app: Sphinx) -> None:
    """The docutils settings `summit check` parses content with: no file insertion, no
    raw markup, so that what check passes is what Sphinx renders."""
    app.env.settings.update(SETTINGS)


def generate_pages(app: Sphinx) -> None:
    """Render the deliverables' pages before Sphinx looks for source files, unless
    nothing they are made of changed since they were written."""
    config = app.config
    corpus = corpus_for(config)
    root = repository_root(config)
    folder = Path(app.srcdir) / GENERATED
    lang = config.summitkit_language or "en"
    inputs = pages_inputs(corpus, root, lang, config.summitkit_audience)
    if pages_unchanged(folder, inputs):
        logger.info("summitkit: pages unchanged (same records, templates and settings)")
        return
    pages = deliverable_pages(corpus, environment(root, lang), config.summitkit_language)
    written = write_pages(pages, folder)
    remember_inputs(folder, inputs)
    logger.info("summitkit: %d pages generated, %d changed", len(pages), len(written))


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    domain = app.env.domains["summit"]
    assert isinstance(domain, SummitDomain)
    context["sk_document"] = domain.documents.get(pagename)
    context["sk_audience"] = app.config.summitkit_audience.value
    context["sk_stamp"] = app.config.summitkit_stamp
    context["sk_version"] = __version__
    context["sk_labels"] = interface_labels(app.config.summitkit_language or "en")


def interface_labels(language: str) -> dict[str, str]:
    """The page frame's own words, in the build's interface language."""
    _ = translator(language).gettext
    return {"downloads": _("Download"), "docx": _("Word (DOCX)")}


def code_version() -> int:
    """A number that changes with the code that makes doctrees, so that a new
    summitkit re-reads every page instead of serving doctrees made by the old one."""
    deliverables = Path(__file__).resolve().parent.parent
    schema = deliverables.parent / "sources" / "schema"
    files = sorted(
        [*deliverables.glob("sphinx/*.py"), deliverables / "pages.py", *schema.glob("*.py"),
         *deliverables.glob("templates/pages/*"),
         *deliverables.glob("locale/*/LC_MESSAGES/*.po")]
    )  # fmt: skip
    return zlib.crc32(b"".join(path.read_bytes() for path in files if path.is_file()))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("summitkit_root", "", "env", types=[str])
    # A label as conf.py or summit build gives it; a TLP once the config is read.
    app.add_config_value("summitkit_audience", TLP.CLEAR.value, "env", types=[str, TLP])
    # '' builds each document in its source language; a tag builds every one in that language.
    app.add_config_value("summitkit_language", "", "env", types=[str])
    # Commit and build date: a change rewrites pages but does not re-read them.
    app.add_config_value("summitkit_stamp", {}, "html", types=[dict])
    app.add_domain(SummitDomain)
    app.add_role(brackets.ROLE, brackets.bracket_role, override=True)
    directives.setup(app)
    app.set_translator("html", SummitHTMLTranslator)
    app.add_html_theme("summitkit", str(Path(__file__).parent.parent / "theme" / "summitkit"))
    app.connect("config-inited", request_fields)
    app.connect("builder-inited", content_settings)
    app.connect("builder-inited", generate_pages)
    app.connect("html-page-context", page_context)
    # After Sphinx's own collectors (priority 500) have read the page's metadata and title.
    app.connect("doctree-read", note_page_deliverable, priority=800)
    app.connect("build-finished", forget_corpus)
    return {
        "version": __version__,
        "env_version": code_version(),
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
