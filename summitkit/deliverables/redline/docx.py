"""The redline as a Word document with real tracked changes (`--format docx`).

It prints the page model (`summitkit.deliverables.redline.model`) into the
reference document's styles: title, version line, the table of what is
compared, the changes beside the text, then the document's paragraphs with
their printed numbers, each insertion a `w:ins` and each deletion a `w:del`
authored by whoever made it, each moved paragraph a `w:moveFrom` where it left
and a `w:moveTo` where it arrived. Accepting every change in Word gives the
newer text, rejecting every change the older one. Each paragraph carries its
clause's bookmark; the header, footer, core and custom properties carry both
sides' identity and the audience. The zip is reproducible
(`summitkit.deliverables.printed.docx_layout.normalised_zip`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree

from summitkit.deliverables.printed import built_at, write_atomically
from summitkit.deliverables.printed.docx_layout import normalised_zip, set_properties, stamp_section
from summitkit.deliverables.printed.word import (
    Revisions,
    add_bookmark,
    clause_bookmark,
    mark_paragraph,
    revision,
    text_run,
    w,
    with_custom_properties,
)
from summitkit.deliverables.redline.model import RedlinePage
from summitkit.deliverables.redline.paragraphs import Paragraph, Run
from summitkit.deliverables.redline.pdf import redline_stamp
from summitkit.sources.core.request import build_date

PACKAGE_REFERENCE = Path(__file__).resolve().parents[1] / "templates" / "reference.docx"
STYLES = {"preambular": "Preambular", "operative": "Body Text", "heading": "Heading 3"}
WRAPPERS = {"insert": "ins", "delete": "del", "move-from": "moveFrom", "move-to": "moveTo"}


def change_date(page: RedlinePage) -> str:
    """When the changes were made, as Word writes it: the newer commit's date, else now."""
    when = dt.datetime.fromisoformat(page.date) if page.date else build_date()
    return when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Writer:
    """Appends the redline's paragraphs to a document's body."""

    def __init__(self, document: Any, page: RedlinePage) -> None:
        self.document = document
        self.page = page
        self.date = change_date(page)
        self.ids = Revisions()
        self.bookmarks: set[str] = set()

    def paragraph(self, style: str, runs: list[Run] | None = None, text: str = "") -> Any:
        paragraph = self.document.add_paragraph(text, style=style if self.has(style) else None)
        self.add_runs(paragraph._p, runs or [])
        return paragraph

    def has(self, style: str) -> bool:
        return style in self.document.styles

    def add_runs(self, parent: Any, runs: list[Run]) -> None:
        for run in runs:
            self.add_run(parent, run.text, run.op, run.author, date=run.date)

    def add_run(
        self, parent: Any, text: str, op: str, author: str, tab: bool = False, date: str = ""
    ) -> None:
        made = text_run(text, deleted=op == "delete")
        if tab:
            for child in list(made):
                made.remove(child)
            etree.SubElement(made, w("tab"))
        if op == "equal":
            parent.append(made)
            return
        wrapper = revision(WRAPPERS[op], author or "summitkit", date or self.date, self.ids)
        wrapper.append(made)
        parent.append(wrapper)

    def clause(self, item: Paragraph) -> None:
        if item.elided:
            plural = "s" if item.elided != 1 else ""
            self.paragraph("Version Line", text=f"… {item.elided} unchanged paragraph{plural}")
            return
        paragraph = self.document.add_paragraph(style=STYLES.get(item.kind, "Body Text"))
        p = paragraph._p
        # A move is a named range at each end, so Word pairs the two places.
        edge = {"moved-from": "moveFrom", "moved-to": "moveTo"}.get(item.change)
        range_id = ""
        if edge is not None:
            author = next((r.author for r in [*item.number, *item.runs] if r.author), "")
            start = revision(f"{edge}RangeStart", author or "summitkit", self.date, self.ids)
            start.set(w("name"), "move_" + item.clause.replace("-", "_"))
            range_id = start.get(w("id"))
            p.append(start)
        self.add_runs(p, item.number)
        if item.number:
            ops = {r.op for r in item.number}
            op = ops.pop() if len(ops) == 1 else "equal"
            self.add_run(p, "", op, item.number[-1].author, tab=True)
        self.add_runs(p, item.runs)
        if edge is not None:
            etree.SubElement(p, w(f"{edge}RangeEnd")).set(w("id"), range_id)
        author = next((r.author for r in item.runs if r.author), "summitkit")
        mark = {"added": "ins", "removed": "del", "moved-from": "moveFrom", "moved-to": "moveTo"}
        if item.change in mark:
            mark_paragraph(p, mark[item.change], author, self.date, self.ids)
        bookmark = clause_bookmark(item.clause)
        if item.change != "moved-from" and bookmark not in self.bookmarks:
            self.bookmarks.add(bookmark)
            add_bookmark(p, bookmark, self.ids)

    def table(self, header: list[str], rows: list[list[str]]) -> None:
        table = self.document.add_table(rows=1, cols=len(header))
        if self.has("Table"):
            table.style = "Table"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            self.cell(cell, text, bold=True)
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                self.cell(cell, text)

    def cell(self, cell: Any, text: str, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        if self.has("Table Text"):
            paragraph.style = "Table Text"
        paragraph.add_run(text).bold = bold or None


def write_redline_docx(page: RedlinePage, target: Path) -> None:
    """Write the redline to `target`, atomically."""
    import docx

    document = docx.Document(str(PACKAGE_REFERENCE))
    body = document.element.body
    for child in list(body):
        if child.tag != w("sectPr"):
            body.remove(child)
    writer = Writer(document, page)
    stamp = redline_stamp(page)
    writer.paragraph("Title", text=page.title)
    writer.paragraph("Version Line", text=f"{page.identity_line} · {page.audience.value}")
    writer.table(
        ["Side", "Document", "Revision", "Status", "Commit"],
        [
            [
                f"{which} ({side.label})",
                side.id,
                str(side.revision) if side.revision is not None else "—",
                side.status or "—",
                side.commit,
            ]
            for which, side in (("Old", page.old), ("New", page.new))
        ],
    )
    writer.paragraph("Body Text", text=f"Audience: {page.audience.value}")
    writer.paragraph("Body Text", text=page.summary)
    for record in page.records:
        writer.paragraph("Heading 1", [Run(f"{record.kind}: "), *record.title])
        if page.corpus:
            writer.paragraph("Version Line", text=record.identity_line)
        if record.paragraphs:
            writer.paragraph("Heading 2", text="Text")
            for item in record.paragraphs:
                writer.clause(item)
        if record.signatories:
            writer.paragraph("Heading 2", text="Signatories")
            writer.paragraph("Body Text", record.signatories)
        if record.rows:
            writer.paragraph("Heading 2", text="Changes beside the text")
            writer.table(
                ["What changed", "Before", "After"], [[r.what, r.old, r.new] for r in record.rows]
            )
    for section in document.sections:
        stamp_section(section, stamp)
    set_properties(document.core_properties, stamp)
    document.core_properties.comments = page.identity_line
    out = io.BytesIO()
    document.save(out)
    properties = {
        "kind": "redline",
        "record": page.new.id,
        "revision": str(page.new.revision if page.new.revision is not None else ""),
        "commit": page.new.commit,
        "audience": page.audience.value,
        "compares": page.identity_line,
        "old": page.old.line,
        "new": page.new.line,
    }
    packed = with_custom_properties(out.getvalue(), properties)
    write_atomically(target, normalised_zip(packed, built_at(stamp)))


_CORE_DATE = re.compile(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)")


def normalise(docx: bytes, when: dt.datetime) -> bytes:
    """The same bytes for the same input: fixed zip times and core property dates
    (for a DOCX pandoc wrote, as the compilation text is)."""
    stamp = when.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as packed:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_DATE.sub(rb"\g<1>" + stamp + rb"\g<3>", data)
            packed.writestr(info.filename, data)
    return normalised_zip(out.getvalue(), when)
