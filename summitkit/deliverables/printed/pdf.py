"""The PDF printer: a deliverable's page laid out by WeasyPrint with summitkit's print CSS.

Before WeasyPrint sees the page, a pre-pass makes it a printed document: only
the deliverable's article is kept, each footnote moves to its call site (so
that ``float: footnote`` puts it at the foot of that page, not at the end), the
TLP label and the DRAFT watermark are added for every page, and the file's
metadata comes from the stamp (with its build date, so that one commit prints
the same bytes).
"""

from __future__ import annotations

import functools
import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from summitkit.deliverables import printed
from summitkit.deliverables.printed import (
    Footnote,
    OutputError,
    Page,
    built_at,
    by_class,
    cjk_languages,
    clean,
    final_form,
    footnote_calls,
    inline_images,
    read_page,
    replace_call,
    serialise,
    site_file,
    subject,
    take_footnotes,
    write_atomically,
)
from summitkit.deliverables.printed.linebreak import JOINER, keep_words_whole
from summitkit.deliverables.printed.tagging import tagged_as_required
from summitkit.deliverables.version import Stamp

# What the missing-font message names, per fontconfig language.
CJK_FONTS = {
    "ko": ("Korean", "Noto Serif CJK KR"),
    "ja": ("Japanese", "Noto Serif CJK JP"),
    "zh-cn": ("Chinese", "Noto Serif CJK SC"),
}


def draft_watermark(word: str, language: str) -> str:
    """The DRAFT watermark, `word` set diagonally across an A4 page, as an SVG data: URL;
    a CJK word in the face its `language` expects ("초안", "草案")."""
    cjk = {"ko": "ko", "ja": "ja", "zh": "zh-cn"}.get(language.split("-")[0], "zh-cn")
    fonts = ", ".join(["DejaVu Sans", CJK_FONTS[cjk][1], "Noto Serif CJK SC", "sans-serif"])
    size = 40 if len(word) <= 6 else round(240 / len(word))
    return "data:image/svg+xml," + quote(
        '<svg xmlns="http://www.w3.org/2000/svg" width="210mm" height="297mm" '
        'viewBox="0 0 210 297"><text x="105" y="162" text-anchor="middle" '
        f'transform="rotate(-40 105 148.5)" font-family="{fonts}" '
        f'font-weight="bold" font-size="{size}" letter-spacing="2" fill="#a00000" '
        f'fill-opacity="0.09">{escape(word)}</text></svg>'
    )


# Inline elements may stay inside a footnote moved into a paragraph; anything
# else becomes a span, so that the HTML parser does not close the paragraph.
_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "del", "dfn", "em", "i", "img",
    "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup",
    "time", "u", "var", "wbr",
}  # fmt: skip


def write_pdf(html: Path, target: Path, stamp: Stamp) -> None:
    """Print the deliverable on `html`, a page inside the built site, to `target`."""
    page = read_page(html)
    check_fonts(" ".join(page.article.itertext()))
    source = serialise(printed_document(page, stamp))
    import weasyprint  # slow to import; only a build that prints pays for it

    with _weasyprint_problems() as problems, tagged_as_required():
        document = weasyprint.HTML(
            string=source, base_url=html.resolve().as_uri(), url_fetcher=_site_fetcher(page)
        )
        # PDF/UA-1: tagged, titled, with the document's language and the PDF/UA mark.
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    if problems:
        raise OutputError(f"{html}: WeasyPrint could not print the page: {problems[0]}")
    write_atomically(target, pdf)


def printed_document(page: Page, stamp: Stamp) -> HtmlElement:
    """A new HTML document: the stamp's metadata, the print furniture and the article."""
    article = page.article
    clean(article)
    final_form(article, stamp)
    inline_images(article, page)
    number_operative_paragraphs(article)
    move_footnotes(article)
    fields_as_table(article)
    keep_words_whole(article)
    html = lxml_html.Element("html", lang=page.lang or stamp.language)
    head = etree.SubElement(html, "head")
    etree.SubElement(head, "meta", charset="utf-8")
    etree.SubElement(head, "title").text = stamp.title
    for style in page.document.xpath("/html/head/style"):
        # A page's own inline styles (the redline's colours) come from summitkit's
        # templates; the print style sheet comes after them and has the last word.
        head.append(style)
    # Looked up when printing, so the stylesheet the cache key hashed is the one printed.
    etree.SubElement(head, "style").text = printed.PRINT_CSS.read_text(encoding="utf-8")
    etree.SubElement(head, "style").text = margin_css(stamp)
    moment = built_at(stamp).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name, content in (
        ("author", "summitkit"),
        ("description", subject(stamp)),
        ("keywords", ", ".join(stamp.keywords)),
        ("generator", "summitkit"),
        ("dcterms.created", moment),
        ("dcterms.modified", moment),
    ):
        etree.SubElement(head, "meta", name=name, content=content)
    body = etree.SubElement(html, "body")
    for where in ("top", "bottom"):
        running = etree.SubElement(body, "div", {"class": f"sk-run-tlp-{where}"})
        label = etree.SubElement(
            running, "span", {"class": "sk-tlp-label", "data-tlp": stamp.audience.value}
        )
        label.text = stamp.audience.value
    body.append(article)
    return html


def number_operative_paragraphs(article: HtmlElement) -> None:
    """Write "1.", "2.", ... into the operative paragraphs, as their list would number them."""
    for listing in by_class(article, "ol", "sk-operative"):
        start = listing.get("start") or "1"
        number = int(start) if start.isdigit() else 1
        for item in listing.iterchildren("li"):
            value = item.get("value") or ""
            number = int(value) if value.isdigit() else number
            holder = item[0] if len(item) and item[0].tag == "p" and not item.text else item
            mark = lxml_html.Element("span", {"class": "sk-number"})
            mark.text = f"{number}."
            mark.tail = holder.text
            holder.text = None
            holder.insert(0, mark)
            number += 1


def fields_as_table(article: HtmlElement) -> None:
    """Each field list as a table of labels (row headers) and entries, a row a field: a
    row keeps a label with its entries on one line and one page, which floated labels
    beside their entries did not (WeasyPrint broke them apart across pages)."""
    for fields in by_class(article, "dl", "field-list"):
        table = lxml_html.Element("table", {"class": "sk-fields"})
        body = etree.SubElement(table, "tbody")
        row = None
        for item in fields:
            if item.tag == "dt":
                row = etree.SubElement(body, "tr")
                item.tag = "th"
                item.set("scope", "row")
                row.append(item)
            elif item.tag == "dd" and row is not None:
                item.tag = "td"
                row.append(item)
        table.tail = fields.tail
        fields.getparent().replace(fields, table)


def move_footnotes(article: HtmlElement) -> None:
    """Put each footnote's text where it is called, as an element styled ``float: footnote``.

    A footnote called twice is printed at its first call; later calls show its label.
    A footnote first called from a table cell is printed in a row of its own directly
    under the row that calls it (see `note_row`): WeasyPrint 70 lays a footnote out of
    a cell on a later page, or not at all, so a cell holds the call only.
    """
    notes = take_footnotes(article)
    placed: set[str] = set()
    for count, (call, note_id) in enumerate(footnote_calls(article), start=1):
        note = notes.get(note_id)
        if note is None:
            continue
        label = note.label or str(count)
        row = next(call.iterancestors("tr"), None)
        if note_id in placed or row is not None:
            mark = lxml_html.Element("sup", {"class": "sk-footnote-again"})
            mark.text = label
            if row is not None and note_id not in placed:
                note_row(row).append(cell_note(label, note))
        else:
            mark = lxml_html.Element("span", {"class": "sk-footnote", "data-label": label})
            for block in note.content:
                mark.append(as_inline(block))
            if len(mark) and mark[0].tag == "span":
                # The first paragraph runs on from the footnote's number.
                mark[0].set("class", "sk-footnote-first")
        placed.add(note_id)
        replace_call(call, mark)
        keep_with_word(mark)


def note_row(row: HtmlElement) -> HtmlElement:
    """The cell, across the whole table, of the notes row that follows `row` (made once)."""
    after = row.getnext()
    if after is not None and "sk-cell-notes" in (after.get("class") or "").split():
        return after[0]
    notes = lxml_html.Element("tr", {"class": "sk-cell-notes"})
    width = sum(int(cell.get("colspan") or 1) for cell in row if cell.tag in ("td", "th"))
    cell = etree.SubElement(notes, "td", colspan=str(width))
    row.addnext(notes)
    return cell


def cell_note(label: str, note: Footnote) -> HtmlElement:
    """A footnote as a paragraph of a notes row: its number, then its text."""
    paragraph = lxml_html.Element("p", {"class": "sk-cell-note"})
    number = etree.SubElement(paragraph, "span", {"class": "sk-cell-note-label"})
    number.text = f"{label}."
    for block in note.content:
        paragraph.append(as_inline(block))
    if len(paragraph) > 1 and paragraph[1].tag == "span":
        paragraph[1].set("class", "sk-footnote-first")  # runs on from the number
    return paragraph


def keep_with_word(mark: HtmlElement) -> None:
    """Glue the word before a footnote call to the call, so that a call never starts a
    line on its own: a word joiner (`linebreak.JOINER`, which draws nothing and is not in
    the PDF's text) after the word. A ``white-space: nowrap`` span around word and call
    made WeasyPrint break the line early, a paragraph's first line after a word or two."""
    before = mark.getprevious()
    text = (before.tail if before is not None else mark.getparent().text) or ""
    if not text or text[-1].isspace():
        return
    if before is not None:
        before.tail = text + JOINER
    else:
        mark.getparent().text = text + JOINER


def as_inline(element: HtmlElement) -> HtmlElement:
    """The element, with every block element in it turned into a span that displays as a block."""
    for child in element.iter():
        if isinstance(child.tag, str) and child.tag not in _INLINE:
            child.set("class", f"{child.get('class', '')} sk-footnote-block".strip())
            child.tag = "span"
    return element


def margin_css(stamp: Stamp) -> str:
    """The stamp on every page, in the stamp's language: title above, version line and
    page number below, and for anything not adopted a DRAFT watermark behind the text."""
    title = f"{stamp.draft_word} · {stamp.title}" if stamp.draft else stamp.title
    # An adopted text's identity is in its colophon: the foot of each page numbers it only.
    footer = [] if stamp.signed else [css_string(f"{stamp.line} · ")]
    footer += page_of(stamp.gettext("page %(page)s of %(pages)s"))
    # A page background, rather than a fixed element, sits at the same place on every page.
    watermark = css_string(draft_watermark(stamp.draft_word, stamp.language))
    background = f"  background: url({watermark}) no-repeat 0 0 / 100% 100%;\n"
    return (
        "@page {\n"
        + (background if stamp.draft else "")
        + f"  @top-left {{ content: {css_string(title)}; }}\n"
        f"  @bottom-left {{ content: {' '.join(footer)}; }}\n"
        "}\n"
    )


def page_of(message: str) -> list[str]:
    """A translated "page %(page)s of %(pages)s" as CSS content: strings and page counters."""
    content = []
    for part in re.split(r"(%\((?:page|pages)\)s)", message):
        if part == "%(page)s":
            content.append("counter(page)")
        elif part == "%(pages)s":
            content.append("counter(pages)")
        elif part:
            content.append(css_string(part))
    return content


def css_string(text: str) -> str:
    """`text` as a quoted CSS string, whatever characters it holds."""
    escaped = []
    for char in text:
        # "<" too, so that the string cannot close the <style> element it is written in.
        if char in '"\\<' or ord(char) < 0x20 or ord(char) == 0x7F:
            escaped.append(f"\\{ord(char):x} ")
        else:
            escaped.append(char)
    return '"' + "".join(escaped) + '"'


def check_fonts(text: str) -> None:
    """Refuse to print CJK text without a font for it, rather than print empty boxes."""
    for lang in cjk_languages(text):
        families = fonts_for(lang)
        if families is not None and not families:
            language, font = CJK_FONTS[lang]
            raise OutputError(
                f"the document contains {language} text but no {language} font is installed; "
                f"install {font} (Debian: apt-get install fonts-noto-cjk) and print again"
            )


@functools.cache
def fonts_for(lang: str) -> tuple[str, ...] | None:
    """Installed font families that cover `lang`, per fontconfig; None when it cannot tell."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        listed = subprocess.run(
            [fc_list, f":lang={lang}", "family"],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return tuple(sorted({line.strip() for line in listed.splitlines() if line.strip()}))


def _site_fetcher(page: Page) -> Any:
    """A WeasyPrint URL fetcher that reads data: URLs and the site's own files, nothing else."""
    from weasyprint.urls import URLFetcher

    class SiteFetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            if not url.startswith("data:") and site_file(url, page) is None:
                raise ValueError(f"not a file of the site: {url}")
            return super().fetch(url, headers)

    return SiteFetcher(allowed_protocols={"file", "data"})


@contextmanager
def _weasyprint_problems() -> Iterator[list[str]]:
    """Collect WeasyPrint's errors (a resource it could not use), instead of printing them."""
    problems: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.ERROR:
                problems.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collect()
    logger.addHandler(handler)
    try:
        yield problems
    finally:
        logger.removeHandler(handler)
