"""The compilation page of a document with tabled proposals, in the built site.

``.. summit-compilation:: document-id`` shows the document's compilation text as
`summitkit.negotiation` builds it for the build's audience (proposals above it
are filtered out with the corpus): each paragraph with its number, status and
reservations, every proposal's change bracketed and attributed, the alternatives,
the proposals tabled, a status table and the totals. Each change names its
delegations and the day it was tabled (`data-author`, `data-date`, written by
`summitkit.deliverables.sphinx.html`), which the DOCX printer makes tracked changes.
"""

from __future__ import annotations

from docutils import nodes

from summitkit.deliverables.compilation.page import ChangeAuthors
from summitkit.deliverables.i18n import translator
from summitkit.deliverables.sphinx.base import SummitDirective
from summitkit.negotiation.compilation import compile_document
from summitkit.negotiation.model import Paragraph, Say, Span
from summitkit.negotiation.text import (
    alt_label,
    clash_description,
    clash_text,
    marks,
    option_heading,
    parties,
    proposal_details,
    proposal_line,
    status_header,
    status_rows,
    variant_heading,
)


class CompilationDirective(SummitDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        document = self.document(self.arguments[0])
        if document is None:
            return self.problem(f"unknown statement or basket '{self.arguments[0]}'")
        proposals = self.corpus.proposals_for(document.id)
        self.depend(document, *proposals)
        ids = {p.id for p in proposals}
        positions = [p for p in self.corpus.positions.values() if p.proposal in ids]
        self.depend(*positions)
        compilation = compile_document(document, proposals, positions=positions)
        authors = ChangeAuthors.of(compilation, self.corpus.party_name)
        # The labels in the build's language; the clauses stay as negotiated.
        say = self.say = translator(self.language or "en")
        # The clauses stay as negotiated: in a build in another language they carry
        # their own language, so that a screen reader reads them as written.
        own = compilation.language
        self.clause_language = own if self.language and self.language != own else ""
        result: list[nodes.Node] = [
            nodes.paragraph("", compilation.totals.line(say), classes=["sk-totals"])
        ]
        result += [self.paragraph(p, authors) for p in compilation.paragraphs]
        notes = [
            (say.gettext("Collisions"), "sk-collisions", [
                f"{c.number or '—'}: {clash_text(c)} — {clash_description(c, say)}"
                for c in compilation.collisions
            ]),
            (say.gettext("Changes that no longer apply to the text"), "sk-unplaced",
             [u.words(say) for u in compilation.unplaced]),
        ]  # fmt: skip
        for title, kind, lines in notes:
            if lines:
                listed = nodes.bullet_list(classes=[kind])
                listed += [nodes.list_item("", nodes.paragraph("", line)) for line in lines]
                result += [nodes.rubric("", title), listed]
        for title, entries in (("Proposals tabled", compilation.tabled),
                               ("Proposals decided", compilation.decided)):  # fmt: skip
            if not entries:
                continue
            listed = nodes.bullet_list(classes=["sk-proposals"])
            for tabled in entries:
                item = nodes.list_item("", nodes.paragraph("", proposal_line(tabled, say)))
                details = proposal_details(tabled, say)
                if details:
                    item += nodes.bullet_list(
                        "", *(nodes.list_item("", nodes.paragraph("", d)) for d in details)
                    )
                listed += item
            result += [nodes.rubric("", say.gettext(title)), listed]
        result += [
            nodes.rubric("", say.gettext("Status")),
            self.status_table(status_rows(compilation, say)),
        ]
        return result

    say: Say
    clause_language: str

    def paragraph(self, paragraph: Paragraph, authors: ChangeAuthors) -> nodes.Element:
        say = self.say
        box = nodes.container(classes=["sk-paragraph", f"sk-{paragraph.status.value}"])
        box["ids"] = [f"compilation-{paragraph.id}"]
        box += nodes.paragraph(
            "",
            "",
            nodes.strong("", paragraph.number or "—"),
            nodes.Text(" "),
            nodes.inline("", f"[{'; '.join(marks(paragraph, say))}]", classes=["sk-marks"]),
        )
        text = nodes.paragraph("", "")
        if paragraph.options:  # beside alternatives, the paragraph's own text is Alt 1
            text += nodes.strong("", f"{alt_label('Alt 1', say)}: ")
        lang = self.clause_language
        body = [span_node(s, authors, say, lang) for s in paragraph.spans]
        if paragraph.deleted:
            deleted = paragraph.deleted[0]
            text += [
                nodes.Text("["),
                change("sk-del", authors, deleted.by, deleted.proposal, *body),
                nodes.Text("]"),
            ]
        elif paragraph.inserted is not None:
            inserted = paragraph.inserted
            text += [
                nodes.Text("["),
                change("sk-ins", authors, inserted.by, inserted.proposal, *body),
                nodes.Text(f" — {parties(paragraph.inserted.by)}]"),
            ]
        else:
            text += body
        box += text
        for option in paragraph.options:
            wording = negotiated(option.text, self.clause_language)
            box += nodes.paragraph(
                "",
                "",
                nodes.strong("", f"{option_heading(option, say)}: "),
                nodes.Text("["),
                change("sk-ins", authors, option.by, option.proposal, wording)
                if option.proposal
                else nodes.inline("", "", wording),
                nodes.Text("]"),
                classes=["sk-option"],
            )
        return box

    def status_table(self, rows: list[tuple[str, str, str, str]]) -> nodes.table:
        header = status_header(self.say)
        group = nodes.tgroup(cols=len(header))
        group += [nodes.colspec(colwidth=1) for _ in header]
        group += nodes.thead("", _row(header))
        group += nodes.tbody("", *(_row(row) for row in rows))
        return nodes.table("", group, classes=["sk-status"])


def _row(cells: tuple[str, ...]) -> nodes.row:
    return nodes.row("", *(nodes.entry("", nodes.paragraph("", cell)) for cell in cells))


def change(
    kind: str, authors: ChangeAuthors, by: tuple[str, ...], proposal: str | None, *body: nodes.Node
) -> nodes.inline:
    """An inserted or deleted part (`kind`: sk-ins, sk-del), by the delegations `by`."""
    return nodes.inline(
        "", "", *body, classes=[kind], author=authors.author(by), date=authors.date(proposal)
    )


def negotiated(text: str, lang: str) -> nodes.Node:
    """Words of the clauses as negotiated; marked with their language `lang` where the
    page is in another ('' = the page's own)."""
    if not lang:
        return nodes.Text(text)
    return nodes.inline("", text, classes=[f"language-{lang}"])


def span_node(span: Span, authors: ChangeAuthors, say: Say, lang: str = "") -> nodes.Node:
    """One span of a paragraph: plain text, a bracket, a replacement, an omission; the
    clause's words in `lang` where that is not the page's language."""
    if span.kind == "text":
        return negotiated(span.text, lang)
    if span.kind == "bracket":
        holders = f" — {parties(span.parties)}" if span.parties else ""
        return nodes.inline(
            "", "", nodes.Text("["), negotiated(span.text, lang), nodes.Text(f"{holders}]"),
            classes=["sk-bracket"],
        )  # fmt: skip
    if span.kind == "replace":
        return nodes.inline(
            "",
            "",
            nodes.Text("["),
            change("sk-del", authors, span.parties, span.proposal, negotiated(span.text, lang)),
            nodes.Text(" "),
            change("sk-ins", authors, span.parties, span.proposal, negotiated(span.new, lang))
            if span.new
            else nodes.inline("", say.gettext("(delete)"), classes=["sk-ins"]),
            nodes.Text(f" — {parties(span.parties)} ({span.proposal})]"),
            classes=["sk-change"],
        )
    if span.kind == "alternatives":
        box = nodes.inline("", "[", classes=["sk-alternatives"])
        for n, variant in enumerate(span.alternatives):
            box += nodes.Text(" | " if n else "")
            box += nodes.strong("", f"{variant_heading(variant, say)}: ")
            wording = negotiated(variant.text, lang)
            box += (
                change("sk-ins", authors, variant.by, variant.proposal, wording)
                if variant.by
                else wording
            )
        box += nodes.Text("]")
        return box
    return nodes.inline("", f"[… {say.gettext(span.text)} …]", classes=["sk-omitted"])
