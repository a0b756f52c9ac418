"""The compilation text as a Word file whose tracked changes are the proposals.

Every change a tabled proposal makes is a real Word revision (`w:ins`/`w:del`)
whose author is the proposing delegation's name and whose date is the day it was
tabled, so a Word user sees each delegation's edits in the reviewing pane and can
accept or reject them one by one. pandoc writes the revisions from spans classed
`insertion`/`deletion` (see `summitkit.deliverables.redline.docx`); span brackets,
statuses and reservations are plain text, as in the printed compilation.
"""

from __future__ import annotations

import tempfile
from html import escape
from pathlib import Path

from summitkit.deliverables.compilation.page import title_of
from summitkit.deliverables.printed import write_atomically
from summitkit.deliverables.redline.docx import PACKAGE_REFERENCE, normalise
from summitkit.negotiation.command import Compiled
from summitkit.negotiation.model import Paragraph, Proposed
from summitkit.negotiation.review import reviewer
from summitkit.negotiation.text import marks, option_heading, parties, span_text, status_rows
from summitkit.sources.core.request import build_date
from summitkit.sources.schema import Comment


class _Marks:
    """The author and date attributes of each proposal's revisions."""

    def __init__(self, compiled: Compiled) -> None:
        self.names = compiled.names
        self.dates = {t.id: t.date for t in compiled.compilation.tabled}

    def author(self, by: tuple[str, ...]) -> str:
        return ", ".join(self.names.get(party, party.upper()) for party in by)

    def span(self, kind: str, text: str, by: tuple[str, ...], proposal: str | None) -> str:
        date = self.dates.get(proposal or "", "")
        when = f' data-date="{date}T00:00:00Z"' if date else ""
        return (
            f'<span class="{kind}" data-author="{escape(self.author(by))}"{when}>'
            f"{escape(text)}</span>"
        )


def comment_spans(
    comments: tuple[Comment, ...], names: dict[str, str], first: int
) -> tuple[str, str]:
    """pandoc's markup of Word comments anchored to a whole paragraph: the opening
    spans (each holding a comment's text) and the closing ones."""
    opening, closing = [], []
    for number, comment in enumerate(comments, first):
        words = f"“{comment.quote}” {comment.text}" if comment.quote else comment.text
        if comment.resolved:
            words += " (resolved)"
        opening.append(
            f'<span class="comment-start" id="{number}" '
            f'data-author="{escape(reviewer(comment, names))}" '
            f'data-date="{comment.date.isoformat()}T00:00:00Z">{escape(words)}</span>'
        )
        closing.append(f'<span class="comment-end" id="{number}"></span>')
    return "".join(opening), "".join(closing)


def paragraph_html(
    paragraph: Paragraph, revisions: _Marks, comments: tuple[str, str] = ("", "")
) -> str:
    body = []
    for span in paragraph.spans:
        if span.kind == "replace":
            body.append("[" + revisions.span("deletion", span.text, span.parties, span.proposal))
            if span.new:
                body.append(revisions.span("insertion", span.new, span.parties, span.proposal))
            body.append(escape(f" — {parties(span.parties)}]"))
        else:
            body.append(escape(span_text(span)))
    text = "".join(body)
    plain = "".join(span_text(s) for s in paragraph.spans)
    if paragraph.inserted is not None:
        who: Proposed = paragraph.inserted
        text = revisions.span("insertion", plain, who.by, who.proposal)
    elif paragraph.deleted:
        who = paragraph.deleted[0]
        text = revisions.span("deletion", plain, who.by, who.proposal)
    parts = [
        f"<p><strong>{escape(paragraph.number or '—')}</strong> "
        f"[{escape('; '.join(marks(paragraph)))}]</p>",
        f"<p>{comments[0]}{text}{comments[1]}</p>",
    ]
    for option in paragraph.options:
        label = escape(option_heading(option)) + ": "
        if option.proposal:
            parts.append(
                f"<p>{label}{revisions.span('insertion', option.text, option.by, option.proposal)}"
                "</p>"
            )
        else:
            parts.append(f"<p>{label}[{escape(option.text)}]</p>")
    return "\n".join(parts)


def compilation_docx_html(compiled: Compiled) -> str:
    """pandoc input: the compilation with each proposal's changes as revision spans."""
    compilation = compiled.compilation
    revisions = _Marks(compiled)
    parts = [
        f"<p>{escape(compilation.id)} · {escape(compilation.status)}, revision "
        f"{compilation.revision} · {escape(compiled.audience.value)}</p>",
        f"<p>{escape(compilation.totals.line())}</p>",
    ]
    first = 0
    for paragraph in compilation.paragraphs:
        found = compiled.comments.get(paragraph.id, ())
        anchors = comment_spans(found, compiled.names, first)
        first += len(found)
        parts.append(paragraph_html(paragraph, revisions, anchors))
    if compilation.tabled:
        parts.append("<h2>Proposals tabled</h2><ul>")
        for tabled in compilation.tabled:
            who = revisions.author(tabled.by)
            if tabled.supported_by:
                who += f", supported by {revisions.author(tabled.supported_by)}"
            note = f": {tabled.note}" if tabled.note else ""
            parts.append(f"<li>{escape(f'{tabled.id} — {who}, {tabled.date}{note}')}</li>")
        parts.append("</ul>")
    header = ("paragraph", "number", "status", "open proposals", "reservations")
    rows = "".join(
        "<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in row) + "</tr>"
        for row in status_rows(compilation)
    )
    head = "".join(f"<th>{cell}</th>" for cell in header)
    parts.append(f"<h2>Status</h2><table><tr>{head}</tr>{rows}</table>")
    return "<html><body>\n" + "\n".join(parts) + "\n</body></html>\n"


def write_compilation_docx(compiled: Compiled, target: Path) -> None:
    import pypandoc

    args = ["--metadata", f"title={title_of(compiled)}"]
    if PACKAGE_REFERENCE.is_file():
        args.append(f"--reference-doc={PACKAGE_REFERENCE}")
    with tempfile.TemporaryDirectory(prefix="summit-compile-") as folder:
        raw = Path(folder) / "compilation.docx"
        pypandoc.convert_text(
            compilation_docx_html(compiled),
            "docx",
            format="html",
            outputfile=str(raw),
            extra_args=args,
        )
        write_atomically(target, normalise(raw.read_bytes(), build_date()))
