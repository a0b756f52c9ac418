"""The DOCX printer: a deliverable's page converted by pandoc, then stamped with python-docx.

pandoc reads the page's article after a pre-pass: Sphinx's footnotes rewritten
in the markup pandoc's HTML reader turns into real Word footnotes, the title
taken out for pandoc's title block, the version line and the DRAFT mark put at
the top, images embedded. python-docx then writes what pandoc cannot: a header
and a footer on every page (title, version line, page number and the TLP label)
and the document properties. Last, the zip is rewritten with fixed timestamps
and a fixed order, so that the same page and stamp give the same bytes.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import subprocess
import tempfile
import zipfile
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from summitkit.output import (
    KIND_NAMES,
    OutputError,
    Page,
    built_at,
    by_class,
    clean,
    footnote_calls,
    has_class,
    inline_images,
    read_page,
    replace_call,
    serialise,
    subject,
    take_footnotes,
    write_atomically,
)
from summitkit.schema import TLP
from summitkit.version import Stamp

# TLP 2.0 label colours, shown on black.
TLP_COLOURS = {
    TLP.CLEAR: "FFFFFF",
    TLP.GREEN: "33FF00",
    TLP.AMBER: "FFC000",
    TLP.AMBER_STRICT: "FFC000",
    TLP.RED: "FF2B2B",
}

# Characters on one line of a table in the reference document (9.5 pt on 16 cm), and
# the longest word a column is widened for.
_LINE = 100
_WIDEST_WORD = 16

# pandoc writes each image's source into its description; for an embedded image
# that is the whole file again, base64-encoded.
_DATA_URL_DESCRIPTION = re.compile(rb' descr="data:[^"]*"')


def write_docx(html: Path, target: Path, stamp: Stamp, reference_docx: Path | None = None) -> None:
    """Print the deliverable on `html`, a page inside the built site, to `target`."""
    if reference_docx is not None and not reference_docx.is_file():
        raise OutputError(f"{reference_docx}: the reference document for DOCX does not exist")
    page = read_page(html)
    source = serialise(pandoc_document(page, stamp))
    converted = run_pandoc(source, stamp, reference_docx)
    write_atomically(target, normalised_zip(stamped(converted, stamp), built_at(stamp)))


def pandoc_document(page: Page, stamp: Stamp) -> HtmlElement:
    """The article as pandoc's HTML reader should see it."""
    article = page.article
    clean(article)
    inline_images(article, page)
    for title in article.iter("h1"):
        title.drop_tree()
        break
    versions = by_class(article, "p", "sk-version")
    if versions:
        # The line under the version line names the round, place and date: a subtitle.
        after = versions[0].getnext()
        if after is not None and has_class(after, "sk-draft-mark"):
            after = after.getnext()
        if after is not None and after.tag == "p" and not after.get("class"):
            after.set("data-custom-style", "Subtitle")
            after.tag = "div"
    for furniture in [*versions, *by_class(article, "*", "sk-draft-mark")]:
        furniture.drop_tree()
    for preambular in by_class(article, "div", "sk-preambular"):
        preambular.set("data-custom-style", "Preambular")
    for table in article.iter("table"):
        if not any(True for _ in table.iter("colgroup")):
            give_column_widths(table)
    for cell in article.iter("td", "th"):
        # A cell holding one paragraph becomes one compact paragraph, not a body paragraph.
        if len(cell) == 1 and cell[0].tag == "p" and not (cell.text or "").strip():
            cell[0].drop_tag()
    convert_footnotes(article)

    html = lxml_html.Element("html", lang=page.lang or stamp.language)
    head = etree.SubElement(html, "head")
    etree.SubElement(head, "meta", charset="utf-8")
    etree.SubElement(head, "title").text = stamp.title
    etree.SubElement(head, "meta", name="subject", content=subject(stamp))
    body = etree.SubElement(html, "body")
    body.append(styled("Version Line", f"{stamp.line} · {stamp.audience.value}"))
    if stamp.draft:
        body.append(styled("Draft Mark", "DRAFT"))
    body.append(article)
    return html


def give_column_widths(table: HtmlElement) -> None:
    """Column widths from the text in each column, where the page gives none.

    Without them pandoc makes every column as wide as the others, and a column of
    long evidence text becomes a narrow strip next to a column of dates. Each
    column gets room for its longest word first; the rest of the line goes to the
    columns of longer text.
    """
    rows = [[cell for cell in row if cell.tag in ("td", "th")] for row in table.iter("tr")]
    columns = max((len(row) for row in rows), default=0)
    if columns < 2 or any(cell.get("colspan") for row in rows for cell in row):
        return
    least, more = [], []
    for column in range(columns):
        texts = [" ".join(row[column].itertext()) for row in rows if column < len(row)]
        average = sum(len(text) for text in texts) / max(len(texts), 1)
        longest_word = max((len(word) for text in texts for word in text.split()), default=1)
        least.append(min(longest_word + 4, _WIDEST_WORD))  # and the cell margins
        more.append(max(average - least[-1], 0) ** 0.5)
    spare, wanted = max(_LINE - sum(least), 0), sum(more)
    widths = [
        low + (spare * extra / wanted if wanted else spare / columns)
        for low, extra in zip(least, more, strict=True)
    ]
    colgroup = lxml_html.Element("colgroup")
    for width in widths:
        etree.SubElement(colgroup, "col", style=f"width: {100 * width / sum(widths):.1f}%")
    table.insert(0, colgroup)


def styled(style: str, text: str) -> HtmlElement:
    """A paragraph that pandoc gives the Word paragraph style `style`."""
    div = lxml_html.Element("div", {"data-custom-style": style})
    etree.SubElement(div, "p").text = text
    return div


def convert_footnotes(article: HtmlElement) -> None:
    """Rewrite docutils footnotes as pandoc's own HTML footnotes, which it reads as Word's.

    Word has no footnote called twice: a second call gets a footnote of its own.
    """
    notes = take_footnotes(article)
    endnotes = lxml_html.Element("section", {"class": "footnotes", "role": "doc-endnotes"})
    listing = etree.SubElement(endnotes, "ol")
    for number, (call, note_id) in enumerate(footnote_calls(article), start=1):
        note = notes.get(note_id)
        if note is None:
            continue
        ref = lxml_html.Element(
            "a",
            {"class": "footnote-ref", "href": f"#fn{number}", "id": f"fnref{number}"},
            role="doc-noteref",
        )
        etree.SubElement(ref, "sup").text = str(number)
        replace_call(call, ref)
        item = etree.SubElement(listing, "li", id=f"fn{number}")
        for block in note.content:
            copied = copy.deepcopy(block)
            copied.tail = None
            item.append(copied)
    if len(listing):
        article.append(endnotes)


def pandoc_binary() -> str:
    try:
        import pypandoc

        path: str = pypandoc.get_pandoc_path()
    except (ImportError, OSError):
        raise OutputError(
            "pandoc is needed to print DOCX and was not found; install it with "
            "`pip install pypandoc-binary`"
        ) from None
    return path


def run_pandoc(source: str, stamp: Stamp, reference_docx: Path | None) -> bytes:
    """Convert the prepared page to DOCX; pandoc reads no file but the page and the reference."""
    with tempfile.TemporaryDirectory(prefix="summitkit-docx-") as work:
        page = Path(work) / "page.html"
        out = Path(work) / "page.docx"
        page.write_text(source, encoding="utf-8")
        command = [pandoc_binary(), "--sandbox", "--from=html", "--to=docx"]
        command += ["--shift-heading-level-by=-1", f"--output={out}"]
        if reference_docx is not None:
            command.append(f"--reference-doc={reference_docx}")
        command.append(str(page))
        epoch = str(int(built_at(stamp).timestamp()))
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                timeout=300,
                env={**os.environ, "SOURCE_DATE_EPOCH": epoch},
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OutputError(f"{stamp.id}: pandoc did not run: {exc}") from None
        if done.returncode != 0:
            raise OutputError(f"{stamp.id}: pandoc failed: {done.stderr.strip()}")
        return out.read_bytes()


def stamped(docx_bytes: bytes, stamp: Stamp) -> bytes:
    """The document with the stamp in its header, footer and document properties."""
    import docx

    document = docx.Document(io.BytesIO(docx_bytes))
    for section in document.sections:
        stamp_section(section, stamp)
    mark_east_asian_languages(document)
    styles = document.styles
    cell_style = styles["Table Text"].style_id if "Table Text" in styles else None
    for table in document.tables:
        fit_table(table, text_width(document.sections[-1]), cell_style)
    set_properties(document.core_properties, stamp)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


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
        if value.split("-")[0] in ("ja", "ko", "zh"):
            language.set(qn("w:eastAsia"), value)


def stamp_section(section: Any, stamp: Stamp) -> None:
    """Header: title and TLP label. Footer: version line, page N of M and TLP label."""
    section.different_first_page_header_footer = False
    default_to_a4(section)
    width = text_width(section)
    title = f"DRAFT · {stamp.title}" if stamp.draft else stamp.title

    header = section.header
    header.is_linked_to_previous = False
    line = first_paragraph(header, width)
    add_text(line, title)
    line.add_run("\t")
    add_label(line, stamp.audience)

    footer = section.footer
    footer.is_linked_to_previous = False
    line = first_paragraph(footer, width)
    add_text(line, f"{stamp.line} · page ")
    add_field(line, "PAGE")
    add_text(line, " of ")
    add_field(line, "NUMPAGES")
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
