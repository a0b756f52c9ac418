"""Directives for deliverable pages and hand-written pages.

Every directive reads the corpus through `corpus_for`, notes the YAML files it
used as dependencies of the page (so that editing a record rebuilds exactly
the pages that show it), and parses content text as inline markup only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx import addnodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from summitkit.corpus import Corpus
from summitkit.i18n import LANGUAGES, translator
from summitkit.safety import ALLOWED_SCHEMES
from summitkit.schema import Clause, ClauseKind, Document, Record, Status

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)


class stamp(nodes.General, nodes.Element):  # type: ignore[misc]
    """Placeholder for the version line; filled at write time from the build's stamp."""


class SummitDirective(SphinxDirective):
    """Shared plumbing: the corpus, dependencies, inline parsing, errors at the line."""

    @property
    def corpus(self) -> Corpus:
        from summitkit.sphinx import corpus_for

        return corpus_for(self.config)

    def depend(self, *records: Record) -> None:
        for record in records:
            self.env.note_dependency(str(self.corpus.path_of(record)))

    def inline(self, text: str) -> list[nodes.Node]:
        """Content text as inline markup, with anything that could read a file or
        run a script reduced to its plain text (`summit check` refuses it first)."""
        parsed, messages = self.state.inline_text(text, self.lineno)
        return [_defang(node) for node in [*parsed, *messages]]

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
        translation = clause.translations.get(lang)
        if translation is None:
            return clause.text, source
        return (translation if isinstance(translation, str) else translation.text), lang


class DocumentDirective(SummitDirective):
    """``.. summit-document:: kind/id`` — marks the page as a deliverable and
    places the version line and the DRAFT mark."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"variant": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        kind, _, id = self.arguments[0].partition("/")
        record = self.corpus.get(kind, id)
        if record is None:
            return self.problem(f"unknown {kind} '{id}'")
        self.depend(record)
        status = getattr(record, "status", None)
        round_id = str(getattr(record, "round", None) or getattr(record, "as_of", ""))
        summit = self.corpus.summits.get(round_id)
        meta = {
            "id": record.id,
            "kind": kind,
            "title": getattr(record, "title", record.id),
            "status": status.value if status else "",
            "revision": getattr(record, "revision", 0),
            "round": summit.title if summit else round_id,
            "sensitivity": (record.sensitivity.value if record.sensitivity else "TLP:CLEAR"),
            "name": record.id
            + (f"-{self.options['variant']}" if "variant" in self.options else ""),
            "language": self.language,
        }
        domain = self.env.domains["summit"]
        domain.note_document(self.env.docname, meta)  # type: ignore[attr-defined]
        result: list[nodes.Node] = [stamp("", **{"meta": meta})]
        if status is not None and status.value != "adopted":
            draft = nodes.paragraph("", self._("DRAFT"))
            result.append(nodes.container("", draft, classes=["sk-draft-mark"]))
        return result


class ClausesDirective(SummitDirective):
    """``.. summit-clauses:: document-id`` — the clauses as diplomats number them:
    operative paragraphs 1., 2., …; preambular paragraphs unnumbered."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"footnotes": directives.flag}

    def run(self) -> list[nodes.Node]:
        document = self.document(self.arguments[0])
        if document is None:
            return self.problem(f"unknown statement or basket '{self.arguments[0]}'")
        self.depend(document)
        footnotes = "footnotes" in self.options
        body: list[nodes.Node] = []
        notes: list[nodes.Node] = []
        preambular: nodes.container | None = None
        operative: nodes.enumerated_list | None = None
        number = 0
        source = document.languages[0] if document.languages else "en"
        cited_before: dict[str, str] = {}
        for clause in document.clauses:
            text, lang = self.clause_text(document, clause, self.language)
            inline = self.inline(text)
            if lang != (self.language or source):
                # Not yet translated: the source text, marked, in its own language.
                marker = nodes.inline(
                    "", f" [{self._('not yet translated')}]", classes=["sk-untranslated"]
                )
                inline = [nodes.inline("", "", *inline, classes=[f"language-{lang}"]), marker]
            if footnotes and clause.sources:
                reference, note = self.source_footnote(clause, cited_before)
                inline.append(reference)
                if note is not None:
                    notes.append(note)
            if clause.kind is ClauseKind.HEADING:
                preambular = operative = None
                body.append(
                    nodes.rubric("", "", *inline, ids=[clause.id], classes=["sk-clause-heading"])
                )
            elif clause.kind is ClauseKind.PREAMBULAR:
                operative = None
                if preambular is None:
                    preambular = nodes.container(classes=["sk-preambular"])
                    body.append(preambular)
                preambular += nodes.paragraph("", "", *inline, ids=[clause.id])
            else:
                preambular = None
                if operative is None:
                    operative = nodes.enumerated_list(
                        enumtype="arabic", prefix="", suffix=".", classes=["sk-operative"]
                    )
                    if number:
                        operative["start"] = number + 1
                    body.append(operative)
                number += 1
                operative += nodes.list_item("", nodes.paragraph("", "", *inline), ids=[clause.id])
        return [*body, *notes]

    def source_footnote(
        self, clause: Clause, cited_before: dict[str, str]
    ) -> tuple[nodes.Node, nodes.Node | None]:
        """A footnote naming the clause's sources; clauses that cite the same sources
        share one footnote (the second gets only a reference to it)."""
        document = self.state.document
        cited = []
        for citation in clause.sources:
            source = self.corpus.sources.get(citation.source)
            if source is not None:
                self.depend(source)
                title = source.title + (f", {citation.locator}" if citation.locator else "")
                cited.append(title)
        text = f"{self._('Source')}: " + "; ".join(cited) + "."
        known = text in cited_before
        name = cited_before.setdefault(
            text, nodes.fully_normalize_name(f"summit-source-{self.arguments[0]}-{clause.id}")
        )
        reference = nodes.footnote_reference("", "", auto=1, refname=name)
        document.note_footnote_ref(reference)
        if known:
            return reference, None
        note = nodes.footnote("", nodes.paragraph("", text), auto=1)
        note["names"].append(name)
        document.note_autofootnote(note)
        document.note_explicit_target(note, note)
        return reference, note


class ParallelDirective(SummitDirective):
    """``.. summit-parallel:: document-id`` — the clauses in every authentic language,
    side by side, each cell marked with its language."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        document = self.document(self.arguments[0])
        if document is None:
            return self.problem(f"unknown statement or basket '{self.arguments[0]}'")
        self.depend(document)
        languages = document.all_languages
        table = nodes.table(classes=["sk-parallel"])
        group = nodes.tgroup(cols=len(languages) + 1)
        table += group
        group += nodes.colspec(colwidth=1)
        for _ in languages:
            group += nodes.colspec(colwidth=10)
        head = nodes.thead()
        group += head
        titles = [
            nodes.entry(
                "",
                nodes.paragraph(
                    "",
                    LANGUAGES.get(lang, lang)
                    + ("" if lang in document.languages else f" ({self._('working translation')})"),
                    classes=[f"language-{lang}"],
                ),
            )
            for lang in languages
        ]
        head += nodes.row("", nodes.entry("", nodes.paragraph("", "")), *titles)
        body = nodes.tbody()
        group += body
        number = 0
        for clause in document.clauses:
            if clause.kind is ClauseKind.OPERATIVE:
                number += 1
            label = f"{number}." if clause.kind is ClauseKind.OPERATIVE else ""
            cells = [nodes.entry("", nodes.paragraph("", label))]
            for lang in languages:
                text, actual = self.clause_text(document, clause, lang)
                paragraph = nodes.paragraph(
                    "", "", *self.inline(text), classes=[f"language-{actual}"]
                )
                if actual != lang:
                    paragraph += nodes.inline(
                        "", f" [{self._('not yet translated')}]", classes=["sk-untranslated"]
                    )
                cells.append(nodes.entry("", paragraph))
            body += nodes.row("", *cells)
        return [table]


class ClauseDirective(SummitDirective):
    """``.. clause:: document-id/clause-id`` — one clause, quoted on a hand-written page."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        doc_id, _, clause_id = self.arguments[0].partition("/")
        document = self.document(doc_id)
        clause = (
            next((c for c in document.clauses if c.id == clause_id), None) if document else None
        )
        if document is None or clause is None:
            return self.problem(f"unknown clause '{self.arguments[0]}'")
        self.depend(document)
        return [
            nodes.block_quote(
                "", nodes.paragraph("", "", *self.inline(clause.text)), classes=["sk-clause"]
            )
        ]


class SignatoriesDirective(SummitDirective):
    """``.. signatories:: document-id`` — lead first, then by English short name."""

    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {"sign-on": directives.flag}

    def run(self) -> list[nodes.Node]:
        document = self.document(self.arguments[0])
        if document is None:
            return self.problem(f"unknown statement or basket '{self.arguments[0]}'")
        self.depend(document)
        ordered = self.corpus.ordered_signatories(document)
        if not ordered:
            return [nodes.paragraph("", self._("No signatories are recorded yet."))]
        states = sum(1 for s in ordered if s.state)
        organizations = len(ordered) - states
        plural = translator(self.language or "en").ngettext
        count = plural("%(n)d state", "%(n)d states", states) % {"n": states}
        if organizations:
            count += self._(" and ") + plural(
                "%(n)d organization", "%(n)d organizations", organizations
            ) % {"n": organizations}
        items = nodes.bullet_list(classes=["sk-signatories"])
        for signatory in ordered:
            text = self.corpus.party_name(signatory.party)
            if signatory.state in document.lead:
                text += " " + self._("(lead)")
            if "sign-on" in self.options and signatory.date:
                text += f", {signatory.date.isoformat()}"
            items += nodes.list_item("", nodes.paragraph("", text))
        return [nodes.paragraph("", f"{count}:", classes=["sk-signatory-count"]), items]


def _unsafe(node: nodes.Node) -> bool:
    if isinstance(node, (nodes.raw, nodes.image, addnodes.download_reference)):
        return True
    if isinstance(node, addnodes.pending_xref) and node.get("reftype") == "download":
        return True
    if isinstance(node, nodes.reference) and node.get("refuri"):
        return not str(node["refuri"]).lower().startswith(ALLOWED_SCHEMES)
    return False


def _defang(node: nodes.Node) -> nodes.Node:
    if _unsafe(node):
        return nodes.Text(node.astext())
    if isinstance(node, nodes.Element):
        for child in list(node.findall(_unsafe)):
            child.replace_self(nodes.Text(child.astext()))
    return node


def _table(headers: list[str], rows: list[list[str]], classes: list[str]) -> nodes.table:
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
        body += nodes.row("", *[nodes.entry("", nodes.paragraph("", cell)) for cell in row])
    return table


class ActionItemsDirective(SummitDirective):
    """``.. action-items:: basket-id`` — owner, deliverable and due date of each item."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        basket = self.corpus.baskets.get(self.arguments[0])
        if basket is None:
            return self.problem(f"unknown gift basket '{self.arguments[0]}'")
        self.depend(basket)
        rows = [
            [item.title, self.corpus.party_name(item.owner), item.deliverable, str(item.due or "—")]
            for item in basket.action_items
        ]
        headers = [self._("Action"), self._("Owner"), self._("Deliverable"), self._("Due")]
        return [_table(headers, rows, ["sk-action-items"])]


class CommitmentTableDirective(SummitDirective):
    """``.. commitment-table:: [report-id]`` — commitments with their status as of a round.

    Options ``:as-of:`` (round id) and ``:states:`` (state ids) apply without a report.
    """

    optional_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        "as-of": directives.unchanged,
        "states": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        corpus = self.corpus
        as_of = self.options.get("as-of")
        states = set(self.options.get("states", "").replace(",", " ").split())
        if self.arguments:
            report = corpus.reports.get(self.arguments[0])
            if report is None:
                return self.problem(f"unknown report '{self.arguments[0]}'")
            self.depend(report)
            as_of = report.as_of
            from summitkit.scope import states_in_scope

            states = states_in_scope(corpus, report.scope)
        rounds = corpus.rounds()
        as_of = as_of or (rounds[-1].id if rounds else None)
        if as_of not in corpus.summits:
            return self.problem(f"unknown summit round '{as_of}'")
        rows = []
        for commitment in sorted(
            corpus.commitments.values(),
            key=lambda c: (corpus.party_name(c.made_by), corpus.summits[c.made_at].start, c.id),
        ):
            if states and commitment.made_by not in states:
                continue
            if corpus.summits[commitment.made_at].start > corpus.summits[as_of].end:
                continue
            self.depend(commitment)
            status = corpus.status_as_of(commitment, as_of) or Status.NO_EVIDENCE
            category = corpus.categories.get(commitment.category)
            rows.append(
                [
                    corpus.party_name(commitment.made_by),
                    " ".join(commitment.text.split()),
                    category.title if category else commitment.category,
                    corpus.summits[commitment.made_at].title,
                    status.value,
                ]
            )
        if not rows:
            return [nodes.paragraph("", "No commitments in scope.")]
        headers = ["State", "Commitment", "Category", "Made at", "Status"]
        return [_table(headers, rows, ["sk-commitments"])]


class CentreDirectoryDirective(SummitDirective):
    """``.. centre-directory::`` — every centre with host, type, stage, networks and focus."""

    def run(self) -> list[nodes.Node]:
        corpus = self.corpus
        rows = []
        for centre in sorted(
            corpus.centres.values(), key=lambda c: (corpus.party_name(c.host), c.id)
        ):
            self.depend(centre)
            rows.append(
                [
                    centre.name,
                    corpus.party_name(centre.host),
                    centre.type.value.upper(),
                    centre.stage.value + (f" ({centre.established})" if centre.established else ""),
                    ", ".join(corpus.party_name(n) for n in centre.networks) or "—",
                    ", ".join(centre.focus) or "—",
                ]
            )
        headers = ["Centre", "Host", "Type", "Stage", "Networks", "Focus"]
        return [_table(headers, rows, ["sk-centres"])]


class NetworkDirectoryDirective(SummitDirective):
    """``.. network-directory::`` — every network with coordinator, members and working groups."""

    def run(self) -> list[nodes.Node]:
        corpus = self.corpus
        rows = []
        for network in sorted(corpus.networks.values(), key=lambda n: n.name):
            self.depend(network)
            rows.append(
                [
                    network.name + (f" ({network.acronym})" if network.acronym else ""),
                    corpus.party_name(network.coordinator) if network.coordinator else "—",
                    str(network.established or "—"),
                    ", ".join(corpus.party_name(m) for m in network.members) or "—",
                    ", ".join(w.name for w in network.working_groups) or "—",
                ]
            )
        headers = ["Network", "Coordinator", "Established", "Members", "Working groups"]
        return [_table(headers, rows, ["sk-networks"])]


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
        audience = app.config.summitkit_audience
        node.replace_self(
            nodes.paragraph(
                "",
                "",
                nodes.Text(line),
                nodes.inline("", f" · {audience}", classes=["sk-tlp"]),
                classes=["sk-version"],
            )
        )


def setup(app: Sphinx) -> None:
    app.add_node(stamp)
    for name, directive in {
        "summit-document": DocumentDirective,
        "summit-clauses": ClausesDirective,
        "summit-parallel": ParallelDirective,
        "clause": ClauseDirective,
        "signatories": SignatoriesDirective,
        "action-items": ActionItemsDirective,
        "commitment-table": CommitmentTableDirective,
        "centre-directory": CentreDirectoryDirective,
        "network-directory": NetworkDirectoryDirective,
    }.items():
        app.add_directive(name, directive)
    app.connect("doctree-resolved", fill_stamps)

    from summitkit.sphinx.changes import ChangesDirective

    app.add_directive("summit-changes", ChangesDirective)
