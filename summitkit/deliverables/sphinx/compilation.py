"""The compilation page of a document with tabled proposals, in the built site.

``.. summit-compilation:: document-id`` shows the document's compilation text as
`summitkit.negotiation` builds it for the build's audience (proposals above it
are filtered out with the corpus): each paragraph with its number, status and
reservations, every proposal's change bracketed and attributed, the alternatives,
the proposals tabled, a status table and the totals.
"""

from __future__ import annotations

from docutils import nodes

from summitkit.deliverables.sphinx.base import SummitDirective
from summitkit.negotiation.compilation import compile_document
from summitkit.negotiation.model import Paragraph, Span
from summitkit.negotiation.text import marks, option_heading, parties, status_rows


class CompilationDirective(SummitDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        document = self.document(self.arguments[0])
        if document is None:
            return self.problem(f"unknown statement or basket '{self.arguments[0]}'")
        proposals = self.corpus.proposals_for(document.id)
        self.depend(document, *proposals)
        compilation = compile_document(document, proposals)
        result: list[nodes.Node] = [
            nodes.paragraph("", compilation.totals.line(), classes=["sk-totals"])
        ]
        result += [self.paragraph(p) for p in compilation.paragraphs]
        if compilation.tabled:
            listed = nodes.bullet_list(classes=["sk-proposals"])
            for tabled in compilation.tabled:
                who = parties(tabled.by)
                if tabled.supported_by:
                    who += f", supported by {parties(tabled.supported_by)}"
                line = f"{tabled.id} — {who}, {tabled.date}"
                if tabled.note:
                    line += f": {' '.join(tabled.note.split())}"
                listed += nodes.list_item("", nodes.paragraph("", line))
            result += [nodes.rubric("", "Proposals tabled"), listed]
        result += [nodes.rubric("", "Status"), self.status_table(status_rows(compilation))]
        return result

    def paragraph(self, paragraph: Paragraph) -> nodes.Element:
        box = nodes.container(classes=["sk-paragraph", f"sk-{paragraph.status.value}"])
        box["ids"] = [f"compilation-{paragraph.id}"]
        box += nodes.paragraph(
            "",
            "",
            nodes.strong("", paragraph.number or "—"),
            nodes.Text(" "),
            nodes.inline("", f"[{'; '.join(marks(paragraph))}]", classes=["sk-marks"]),
        )
        text = nodes.paragraph("", "")
        body: list[nodes.Node] = [span_node(s) for s in paragraph.spans]
        if paragraph.deleted:
            text += [
                nodes.Text("["),
                nodes.inline("", "", *body, classes=["sk-del"]),
                nodes.Text("]"),
            ]
        elif paragraph.inserted is not None:
            text += [
                nodes.Text("["),
                nodes.inline("", "", *body, classes=["sk-ins"]),
                nodes.Text(f" — {parties(paragraph.inserted.by)}]"),
            ]
        else:
            text += body
        box += text
        for option in paragraph.options:
            classes = ["sk-ins"] if option.proposal else []
            box += nodes.paragraph(
                "",
                "",
                nodes.strong("", f"{option_heading(option)}: "),
                nodes.Text("["),
                nodes.inline("", option.text, classes=classes),
                nodes.Text("]"),
                classes=["sk-option"],
            )
        return box

    def status_table(self, rows: list[tuple[str, str, str, str, str]]) -> nodes.table:
        header = ("paragraph", "number", "status", "open proposals", "reservations")
        group = nodes.tgroup(cols=len(header))
        group += [nodes.colspec(colwidth=1) for _ in header]
        group += nodes.thead("", _row(header))
        group += nodes.tbody("", *(_row(row) for row in rows))
        return nodes.table("", group, classes=["sk-status"])


def _row(cells: tuple[str, ...]) -> nodes.row:
    return nodes.row("", *(nodes.entry("", nodes.paragraph("", cell)) for cell in cells))


def span_node(span: Span) -> nodes.Node:
    """One span of a paragraph: plain text, a bracket, a replacement, an omission."""
    if span.kind == "text":
        return nodes.Text(span.text)
    if span.kind == "bracket":
        holders = f" — {parties(span.parties)}" if span.parties else ""
        return nodes.inline("", f"[{span.text}{holders}]", classes=["sk-bracket"])
    if span.kind == "replace":
        return nodes.inline(
            "",
            "",
            nodes.Text("["),
            nodes.inline("", span.text, classes=["sk-del"]),
            nodes.Text(" "),
            nodes.inline("", span.new or "(delete)", classes=["sk-ins"]),
            nodes.Text(f" — {parties(span.parties)}]"),
            classes=["sk-change"],
        )
    return nodes.inline("", f"[… {span.text} …]", classes=["sk-omitted"])
