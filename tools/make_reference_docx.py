"""Regenerate templates/reference.docx, the styles every DOCX deliverable is printed with.

It starts from pandoc's own reference document (`pandoc --print-default-data-file
reference.docx`, so that every style pandoc uses exists) and changes only the
styling: a serif body, plain black headings, A4 with 2.5 cm margins, bordered
tables, and the paragraph styles summitkit's printer asks for (Version Line,
Draft Mark, Label, Preambular, Table Text, and Operative Paragraph, which numbers
itself). The file is written with fixed zip dates, so running this
again gives the same bytes; review the change with `git diff --stat`.

    .venv/bin/python tools/make_reference_docx.py [TARGET ...]

TARGET defaults to templates/reference.docx; name another (for example the
package's own summitkit/deliverables/templates/reference.docx) to write the same file there.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import docx
import pypandoc
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from summitkit.deliverables.printed.docx_layout import normalised_zip

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "templates" / "reference.docx"

SERIF = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
GREY = RGBColor(0x55, 0x55, 0x55)


def main(targets: list[str]) -> int:
    data = reference_docx()
    for target in [Path(t) for t in targets] or [TARGET]:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        print(f"wrote {target} ({len(data)} bytes)")
    return 0


def reference_docx() -> bytes:
    """pandoc's reference document with summitkit's styles, as the bytes of a .docx file."""
    default = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    ).stdout
    document = docx.Document(io.BytesIO(default))
    style_defaults(document)
    style_text(document)
    style_headings(document)
    style_summitkit(document)
    style_operative_paragraphs(document)
    style_tables(document)
    set_page(document)
    properties = document.core_properties
    properties.title = "summitkit reference document"
    properties.author = "summitkit"
    properties.last_modified_by = "summitkit"
    properties.created = properties.modified = dt.datetime(2014, 3, 24)
    out = io.BytesIO()
    document.save(out)
    return normalised_zip(out.getvalue(), dt.datetime(2014, 3, 24, tzinfo=dt.UTC))


def set_fonts(properties: Any, family: str) -> None:
    """Name the Latin font outright: theme attributes would win over it in Word."""
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        properties.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    for slot in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(slot), family)


def style_defaults(document: Any) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    set_fonts(run, SERIF)
    for tag in ("w:sz", "w:szCs"):
        run.find(qn(tag)).set(qn("w:val"), "22")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "120")
    spacing.set(qn("w:line"), "264")
    spacing.set(qn("w:lineRule"), "auto")


def style_text(document: Any) -> None:
    styles = document.styles
    for name, before, after in (("Body Text", 0, 6), ("Compact", 0, 2)):
        paragraph = styles[name].paragraph_format
        paragraph.space_before, paragraph.space_after = Pt(before), Pt(after)
    footnote = styles["Footnote Text"]
    footnote.font.size = Pt(9)
    footnote.paragraph_format.space_after = Pt(2)
    footnote.paragraph_format.line_spacing = 1.0
    caption = styles["Image Caption"]
    caption.font.size, caption.font.italic = Pt(9), True
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def style_headings(document: Any) -> None:
    styles = document.styles
    title = styles["Title"]
    set_fonts(title.element.get_or_add_rPr(), SERIF)
    title.font.size, title.font.bold, title.font.color.rgb = Pt(16), True, BLACK
    title.paragraph_format.space_after = Pt(6)
    # The line under the title that names the summit round, the place and the date.
    subtitle = styles["Subtitle"]
    run = subtitle.element.get_or_add_rPr()
    set_fonts(run, SERIF)
    for letter_spacing in run.findall(qn("w:spacing")):
        run.remove(letter_spacing)
    subtitle.font.size, subtitle.font.color.rgb = Pt(11), BLACK
    subtitle.font.bold, subtitle.font.italic = False, True
    subtitle.paragraph_format.space_after = Pt(12)
    for level, size in ((1, 13), (2, 12), (3, 11), (4, 11)):
        heading = styles[f"Heading {level}"]
        set_fonts(heading.element.get_or_add_rPr(), SERIF)
        heading.font.size, heading.font.bold, heading.font.color.rgb = Pt(size), True, BLACK
        heading.font.italic = level >= 3
        heading.paragraph_format.space_before = Pt(12 if level == 1 else 9)
        heading.paragraph_format.space_after = Pt(4)
        heading.paragraph_format.keep_with_next = True


def paragraph_style(document: Any, name: str, based_on: str) -> Any:
    styles = document.styles
    style = styles[name] if name in styles else styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles[based_on]
    style.quick_style = True
    return style


def style_summitkit(document: Any) -> None:
    """The styles summitkit's pages name: version line, DRAFT mark, preambular paragraphs,
    table text."""
    version = paragraph_style(document, "Version Line", "Normal")
    version.font.size, version.font.color.rgb = Pt(8), GREY
    version.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    version.paragraph_format.space_after = Pt(3)

    draft = paragraph_style(document, "Draft Mark", "Normal")
    draft.font.size, draft.font.bold, draft.font.color.rgb = Pt(14), True, RGBColor(0xA0, 0, 0)
    draft.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    draft.paragraph_format.space_after = Pt(9)
    spacing = OxmlElement("w:spacing")
    spacing.set(qn("w:val"), "80")  # 4 pt between letters
    draft.element.get_or_add_rPr().insert_element_before(
        spacing, "w:w", "w:kern", "w:position", "w:sz", "w:szCs"
    )

    # A label kept with what it labels: a compilation paragraph's number ("3 [open]").
    label = paragraph_style(document, "Label", "Body Text")
    label.paragraph_format.keep_with_next = True
    label.paragraph_format.space_after = Pt(0)

    preambular = paragraph_style(document, "Preambular", "Body Text")
    preambular.paragraph_format.first_line_indent = Mm(10)

    cells = paragraph_style(document, "Table Text", "Compact")
    cells.font.size = Pt(9.5)
    cells.paragraph_format.space_before = cells.paragraph_format.space_after = Pt(1)
    cells.paragraph_format.line_spacing = 1.0

    for name in ("Header", "Footer"):
        furniture = paragraph_style(document, name, "Normal")
        # Word's own styles: the id python-docx's header and footer paragraphs refer to.
        furniture.element.set(qn("w:styleId"), name)
        furniture.element.attrib.pop(qn("w:customStyle"), None)
        furniture.font.size = Pt(8)
        furniture.paragraph_format.space_after = Pt(0)


#: The numbering the "Operative Paragraph" style carries; pandoc numbers its own lists
#: from 1000 up, and keeps the reference document's definitions as they are.
OPERATIVE_NUMBERING = 10


def style_operative_paragraphs(document: Any) -> None:
    """A paragraph style that numbers itself 1., 2., … with a hanging indent, bound to one
    numbering definition: operative paragraphs in this style form one list that a
    Word user continues by pressing Enter, as Word's own List Number does."""
    numbering = document.part.numbering_part.element
    abstract = OxmlElement("w:abstractNum")
    abstract.set(qn("w:abstractNumId"), str(OPERATIVE_NUMBERING))
    for tag, value in (("w:nsid", "534B4F50"), ("w:multiLevelType", "singleLevel")):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        abstract.append(child)
    name = OxmlElement("w:name")
    name.set(qn("w:val"), "Operative Paragraphs")
    abstract.append(name)
    level = OxmlElement("w:lvl")
    level.set(qn("w:ilvl"), "0")
    for tag, value in (
        ("w:start", "1"),
        ("w:numFmt", "decimal"),
        ("w:pStyle", "OperativeParagraph"),
        ("w:lvlText", "%1."),
        ("w:lvlJc", "left"),
    ):
        child = OxmlElement(tag)
        child.set(qn("w:val"), value)
        level.append(child)
    indent = OxmlElement("w:ind")
    indent.set(qn("w:left"), "567")  # 1 cm, with the number hanging in it
    indent.set(qn("w:hanging"), "567")
    level_paragraph = OxmlElement("w:pPr")
    level_paragraph.append(indent)
    level.append(level_paragraph)
    level_run = OxmlElement("w:rPr")
    level_run.append(OxmlElement("w:b"))
    level.append(level_run)
    abstract.append(level)
    # Every abstractNum comes before the first num in numbering.xml.
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)
    num = OxmlElement("w:num")
    num.set(qn("w:numId"), str(OPERATIVE_NUMBERING))
    link = OxmlElement("w:abstractNumId")
    link.set(qn("w:val"), str(OPERATIVE_NUMBERING))
    num.append(link)
    numbering.append(num)

    style = paragraph_style(document, "Operative Paragraph", "Body Text")
    style.element.set(qn("w:styleId"), "OperativeParagraph")
    style.paragraph_format.space_after = Pt(6)
    numbered = style.element.get_or_add_pPr().get_or_add_numPr()
    numbered.get_or_add_ilvl().val = 0
    numbered.get_or_add_numId().val = OPERATIVE_NUMBERING


def style_tables(document: Any) -> None:
    """Thin grey borders on every cell, the header row shaded and repeated on each page."""
    table = document.styles["Table"].element
    properties = table.find(qn("w:tblPr"))
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        line = OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", "999999")):
            line.set(qn(f"w:{key}"), value)
        borders.append(line)
    properties.insert(properties.index(properties.find(qn("w:tblCellMar"))), borders)
    first_row = table.find(qn("w:tblStylePr"))
    cell = first_row.find(qn("w:tcPr"))
    shading = OxmlElement("w:shd")
    for key, value in (("val", "clear"), ("color", "auto"), ("fill", "E8E8E8")):
        shading.set(qn(f"w:{key}"), value)
    cell.insert(cell.index(cell.find(qn("w:vAlign"))), shading)
    run = OxmlElement("w:rPr")
    run.append(OxmlElement("w:b"))
    first_row.insert(0, run)


def set_page(document: Any) -> None:
    for section in document.sections:
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(25)
        section.top_margin = section.bottom_margin = Mm(25)
        section.header_distance = section.footer_distance = Mm(12.5)
        section.gutter = Mm(0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
