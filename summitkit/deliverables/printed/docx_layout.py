"""The house style, and what pandoc cannot write into a DOCX, done with python-docx:
the tracked changes (`summitkit.deliverables.printed.revisions`), the header and
footer on every page (title with the DRAFT mark, version line, page N of M, TLP
label), A4 pages, table column widths, East Asian language marks, document
properties dated by the stamp — and last, a zip with fixed timestamps and order,
so the same page and stamp give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from summitkit.deliverables.printed import KIND_NAMES, built_at, subject
from summitkit.deliverables.printed.revisions import Marks, write_revisions
from summitkit.deliverables.version import Stamp
from summitkit.sources.schema import TLP

# TLP 2.0 label colours, shown on black.
TLP_COLOURS = {
    TLP.CLEAR: "FFFFFF",
    TLP.GREEN: "33FF00",
    TLP.AMBER: "FFC000",
    TLP.AMBER_STRICT: "FFC000",
    TLP.RED: "FF2B2B",
}


#: The locale Word and LibreOffice pick a CJK face by, for a bare language tag.
EAST_ASIAN_LOCALES = {"ja": "ja-JP", "ko": "ko-KR", "zh": "zh-CN"}

# pandoc writes each image's source into its description; for an embedded image
# that is the whole file again, base64-encoded.
_DATA_URL_DESCRIPTION = re.compile(rb' descr="data:[^"]*"')


def stamped(docx_bytes: bytes, stamp: Stamp, marks: Marks | None = None) -> bytes:
    """The document with the changes `marks` names as tracked changes, and the stamp in
    its header, footer and document properties."""
    import docx

    document = docx.Document(io.BytesIO(docx_bytes))
    if marks is not None:
        write_revisions(document, marks, built_at(stamp).strftime("%Y-%m-%dT%H:%M:%SZ"))
    for section in document.sections:
        stamp_section(section, stamp)
    mark_east_asian_languages(document)
    refer_back_to_footnotes(document)
    styles = document.styles
    cell_style = styles["Table Text"].style_id if "Table Text" in styles else None
    for table in document.tables:
        fit_table(table, text_width(document.sections[-1]), cell_style)
    keep_together(document)
    set_properties(document.core_properties, stamp)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


#: Paragraph styles kept on the page of the paragraph that follows them (w:keepNext):
#: titles, headings, captions and labels are never left alone at the foot of a page.
KEPT_WITH_NEXT = (
    "Title", "Subtitle", "Table Caption", "Image Caption", "Caption", "Label",
    *(f"Heading {level}" for level in range(1, 10)),
)  # fmt: skip


def keep_together(document: Any) -> None:
    """The layout rules the PDF's print CSS gives with ``break-after: avoid`` and
    ``break-inside: avoid``, in Word's terms: each of `KEPT_WITH_NEXT`'s styles keeps
    with the next paragraph, and no table row is split across pages (w:cantSplit)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    for style in document.styles:
        if style.type == 1 and style.name in KEPT_WITH_NEXT:  # paragraph styles
            style.paragraph_format.keep_with_next = True
    # What follows w:cantSplit in a row's properties (ECMA-376 CT_TrPr).
    later = {qn(f"w:{name}") for name in ("trHeight", "tblHeader", "tblCellSpacing", "jc",
                                          "hidden", "ins", "del", "trPrChange")}  # fmt: skip
    for row in document.element.body.iter(qn("w:tr")):
        properties = row.get_or_add_trPr()
        if properties.find(qn("w:cantSplit")) is None:
            following = next((child for child in properties if child.tag in later), None)
            if following is None:
                properties.append(OxmlElement("w:cantSplit"))
            else:
                following.addprevious(OxmlElement("w:cantSplit"))


def set_properties(properties: Any, stamp: Stamp) -> None:
    """Title, subject, keywords, author and dates: what file managers and searches show."""
    moment = built_at(stamp).replace(tzinfo=None)
    properties.title = stamp.title
    properties.subject = subject(stamp)
    properties.keywords = ", ".join(stamp.keywords)
    properties.category = KIND_NAMES.get(stamp.kind, stamp.kind)
    properties.author = "summitkit"
    properties.last_modified_by = "summitkit"
    properties.comments = stamp.line
    properties.identifier = stamp.id
    properties.version = f"rev. {stamp.revision}"
    properties.content_status = stamp.status.value
    properties.revision = max(stamp.revision, 1)
    properties.created = moment
    properties.modified = moment


def text_width(section: Any) -> int:
    """The width between the margins, in EMU."""
    return int(section.page_width) - int(section.left_margin) - int(section.right_margin)


def fit_table(table: Any, width: int, cell_style: str | None) -> None:
    """Stretch a table across the text width, keeping its columns' proportions, and set
    its text in the reference document's table style.

    pandoc sizes tables for a 5.5-inch text width whatever the page.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    properties = table._tbl.tblPr
    preferred = properties.find(qn("w:tblW"))
    if preferred is None:
        preferred = OxmlElement("w:tblW")
        properties.insert_element_before(preferred, "w:jc", "w:tblInd", "w:tblBorders", "w:tblLook")
    preferred.set(qn("w:type"), "pct")
    preferred.set(qn("w:w"), "5000")
    columns = table._tbl.tblGrid.findall(qn("w:gridCol"))
    total = sum(int(column.get(qn("w:w"), "0")) for column in columns)
    if total:
        twips = width // 635  # EMU to twentieths of a point
        for column in columns:
            column.set(qn("w:w"), str(int(column.get(qn("w:w"))) * twips // total))
    if cell_style is not None:
        for style in table._tbl.iter(qn("w:pStyle")):
            if style.get(qn("w:val")) in ("Compact", "BodyText", "FirstParagraph"):
                style.set(qn("w:val"), cell_style)


def mark_east_asian_languages(document: Any) -> None:
    """Tell Word the language of CJK runs where it looks for it, so it picks a matching font.

    pandoc sets only w:val, the language of Latin text; Word reads the language of
    Han, kana and Hangul from w:eastAsia.
    """
    from docx.oxml.ns import qn

    for language in document.element.body.iter(qn("w:lang")):
        value = language.get(qn("w:val")) or ""
        if value.split("-")[0] in EAST_ASIAN_LOCALES:
            # A bare "zh" leaves the choice of face (Simplified or Traditional) to chance.
            language.set(qn("w:eastAsia"), EAST_ASIAN_LOCALES.get(value, value))


def refer_back_to_footnotes(document: Any) -> None:
    """Turn each "Footnote Again" run (a later call of a footnote already written) into
    Word's cross-reference to that footnote: a NOTEREF field, formatted as a footnote
    mark, pointing at a bookmark around the footnote's first call.

    The printer numbers footnotes in the order of their first calls, which is the
    order of the footnote references in the document.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    body = document.element.body
    again = [
        run
        for run in body.iter(qn("w:r"))
        if any(s.get(qn("w:val")) == "FootnoteAgain" for s in run.iter(qn("w:rStyle")))
    ]
    if not again:
        return
    firsts = [ref.getparent() for ref in body.iter(qn("w:footnoteReference"))]
    for number, run in enumerate(firsts, start=1):
        start, end = OxmlElement("w:bookmarkStart"), OxmlElement("w:bookmarkEnd")
        start.set(qn("w:id"), str(90000 + number))
        start.set(qn("w:name"), f"_RefFootnote{number}")
        end.set(qn("w:id"), str(90000 + number))
        run.addprevious(start)
        run.addnext(end)
    for run in again:
        label = "".join(text.text or "" for text in run.iter(qn("w:t"))).strip()
        if not label.isdigit() or not 0 < int(label) <= len(firsts):
            continue
        field = OxmlElement("w:fldSimple")
        field.set(qn("w:instr"), f" NOTEREF _RefFootnote{label} \\f \\h ")
        for style in run.iter(qn("w:rStyle")):
            style.set(qn("w:val"), "FootnoteReference")
        run.addprevious(field)
        field.append(run)


def stamp_section(section: Any, stamp: Stamp) -> None:
    """Header: title and TLP label. Footer: version line, page N of M and TLP label."""
    section.different_first_page_header_footer = False
    default_to_a4(section)
    width = text_width(section)
    title = f"{stamp.draft_word} · {stamp.title}" if stamp.draft else stamp.title

    header = section.header
    header.is_linked_to_previous = False
    line = first_paragraph(header, width)
    add_text(line, title)
    line.add_run("\t")
    add_label(line, stamp.audience)

    footer = section.footer
    footer.is_linked_to_previous = False
    line = first_paragraph(footer, width)
    if not stamp.signed:  # an adopted text's identity is in its colophon and properties
        add_text(line, f"{stamp.line} · ")
    # "page N of M" in the stamp's language, its numbers Word's fields.
    for part in re.split(r"(%\((?:page|pages)\)s)", stamp.gettext("page %(page)s of %(pages)s")):
        if part in ("%(page)s", "%(pages)s"):
            add_field(line, "PAGE" if part == "%(page)s" else "NUMPAGES")
        elif part:
            add_text(line, part)
    line.add_run("\t")
    add_label(line, stamp.audience)


def default_to_a4(section: Any) -> None:
    """A4 with 2.5 cm margins, where the reference document does not set the page itself."""
    from docx.shared import Mm

    if section.page_width is None or section.page_height is None:
        section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        if getattr(section, side) is None:
            setattr(section, side, Mm(25))
    for edge in ("header_distance", "footer_distance"):
        if getattr(section, edge) is None:
            setattr(section, edge, Mm(12.5))


def first_paragraph(part: Any, width: int) -> Any:
    """The header's or footer's only paragraph, emptied, with a right tab at the margin."""
    from docx.enum.text import WD_TAB_ALIGNMENT

    for extra in part.paragraphs[1:]:
        extra._p.getparent().remove(extra._p)
    paragraph = part.paragraphs[0]
    paragraph.clear()
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    return paragraph


def add_text(paragraph: Any, text: str) -> None:
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(text)
    run.font.size = Pt(8)
    run.font.color.rgb = RGBColor(0x44, 0x44, 0x44)


def add_field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) that Word and LibreOffice fill in when they lay out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")
    properties.append(size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def add_label(paragraph: Any, audience: TLP) -> None:
    """The TLP label in its colour on black, as TLP 2.0 prescribes."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    run = paragraph.add_run(f"\u00a0{audience.value}\u00a0")
    run.bold = True
    run.font.size = Pt(9)
    run.font.color.rgb = RGBColor.from_string(TLP_COLOURS[audience])
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), "000000")
    run._r.get_or_add_rPr().append(shading)


def normalised_zip(data: bytes, moment: dt.datetime) -> bytes:
    """The same package with fixed entry dates, a fixed order and no embedded image sources."""
    stamp_time = max(moment, dt.datetime(1980, 1, 1, tzinfo=dt.UTC)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        names = sorted(source.namelist(), key=lambda name: (name != "[Content_Types].xml", name))
        for name in names:
            content = source.read(name)
            if name == "word/document.xml":
                content = _DATA_URL_DESCRIPTION.sub(b' descr=""', content)
            info = zipfile.ZipInfo(name, date_time=stamp_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 0
            info.external_attr = 0
            target.writestr(info, content, compresslevel=9)
    return out.getvalue()
