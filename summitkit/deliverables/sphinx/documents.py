"""Directives that print a deliverable: the document, its clauses (also side by side
in several languages), one clause, its signatories and its action items."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives

from summitkit.deliverables.i18n import LANGUAGES, translator
from summitkit.sources.schema import Basket, Clause, ClauseKind, Document

if TYPE_CHECKING:
    pass

from summitkit.deliverables.sphinx.base import SummitDirective, stamp, table


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
            "title": (
                self.field_text(record, record, "title")[0]
                if isinstance(record, Document)
                else getattr(record, "title", record.id)
            ),
            "status": status.value if status else "",
            "revision": getattr(record, "revision", 0),
            "round": summit.title if summit else round_id,
            "sensitivity": (record.sensitivity.value if record.sensitivity else "TLP:CLEAR"),
            "name": record.id
            + (f"-{self.options['variant']}" if "variant" in self.options else ""),
            "language": self.language,
        }
        if self.options.get("variant") == "compilation":
            # Printed as what it is, the same file `summit compile` prints
            # (`summitkit.deliverables.compilation.page.compilation_stamp`).
            meta["kind"] = "compilation"
            meta["title"] = self._("Compilation text: %(title)s") % {"title": meta["title"]}
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


class ParallelDirective(ClausesDirective):
    """``.. summit-parallel:: document-id`` — the clauses in every authentic language,
    side by side, each cell marked with its language, and the clauses' source
    footnotes called from the source-language text."""

    option_spec: ClassVar[dict[str, Any]] = {}

    def run(self) -> list[nodes.Node]:
        document = self.document(self.arguments[0])
        if document is None:
            return self.problem(f"unknown statement or basket '{self.arguments[0]}'")
        self.depend(document)
        languages = document.all_languages
        source = document.languages[0] if document.languages else "en"
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
        # The number column is named too: an empty header cell is announced as nothing.
        head += nodes.row("", nodes.entry("", nodes.paragraph("", self._("No."))), *titles)
        body = nodes.tbody()
        group += body
        number = 0
        notes: list[nodes.Node] = []
        cited_before: dict[str, str] = {}
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
                if lang == source and clause.sources:
                    reference, note = self.source_footnote(clause, cited_before)
                    paragraph += reference
                    if note is not None:
                        notes.append(note)
                cells.append(nodes.entry("", paragraph))
            body += nodes.row("", *cells)
        return [self.languages_line(languages), table, *notes]

    def languages_line(self, languages: list[str]) -> nodes.paragraph:
        """The line naming the languages (Parallel text: English · 한국어 · …), each in its own."""
        line = nodes.paragraph("", f"{self._('Parallel text')}: ")
        for index, lang in enumerate(languages):
            if index:
                line += nodes.Text(" · ")
            line += nodes.inline("", LANGUAGES.get(lang, lang), classes=[f"language-{lang}"])
        return line


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
        co_sponsors = document.co_sponsors if isinstance(document, Basket) else []
        if not ordered and isinstance(document, Basket) and (document.lead or co_sponsors):
            # A basket's sponsors are named in its own section; saying "no signatories"
            # under them would read as if they had withdrawn.
            return [
                nodes.paragraph("", self._("No state other than the sponsors has signed on yet."))
            ]
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
            text = self.corpus.party_name(signatory.party, self.language)
            if signatory.state in document.lead:
                text += " " + self._("(lead)")
            elif signatory.state in co_sponsors:
                text += " " + self._("(co-sponsor)")
            if "sign-on" in self.options and signatory.date:
                text += f", {signatory.date.isoformat()}"
            items += nodes.list_item("", nodes.paragraph("", text))
        return [nodes.paragraph("", f"{count}:", classes=["sk-signatory-count"]), items]


class ActionItemsDirective(SummitDirective):
    """``.. action-items:: basket-id`` — owner, deliverable and due date of each item."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        basket = self.corpus.baskets.get(self.arguments[0])
        if basket is None:
            return self.problem(f"unknown gift basket '{self.arguments[0]}'")
        self.depend(basket)
        rows: list[list[str | list[nodes.Node]]] = []
        for item in basket.action_items:
            title = self.marked(basket, *self.field_text(basket, item, "title"))
            deliverable = self.marked(basket, *self.field_text(basket, item, "deliverable"))
            owner = self.corpus.party_name(item.owner, self.language)
            rows.append([title, owner, deliverable, str(item.due or "—")])
        headers = [self._("Action"), self._("Owner"), self._("Deliverable"), self._("Due")]
        return [table(headers, rows, ["sk-action-items"])]


class TextDirective(SummitDirective):
    """``.. summit-text:: document-id field`` — a printed field of a statement or basket
    (summary, objective) as plain text, in the build's language where it is translated,
    else in its own language and marked."""

    required_arguments = 2

    def run(self) -> list[nodes.Node]:
        document = self.document(self.arguments[0])
        name = self.arguments[1]
        if document is None or name not in ("summary", "objective"):
            return self.problem(f"unknown field '{name}' of '{self.arguments[0]}'")
        self.depend(document)
        text, lang = self.field_text(document, document, name)
        return [nodes.paragraph("", "", *self.marked(document, " ".join(text.split()), lang))]
