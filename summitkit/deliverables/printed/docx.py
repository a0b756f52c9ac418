"""The DOCX printer: every page summitkit prints to Word, in the house style.

A deliverable's page of the built site, the compilation text and the redline go the
same way: pandoc reads the page's article after a pre-pass (Sphinx's footnotes
rewritten in the markup pandoc's HTML reader turns into real Word footnotes, the
title taken out for pandoc's title block, the version line and the DRAFT mark put
at the top, images embedded, clauses bookmarked, review comments as Word comments,
each change the page marks as a marker for `summitkit.deliverables.printed.revisions`).
What pandoc cannot write (tracked changes, header and footer, page size,
properties, a reproducible zip) is written afterwards with python-docx
(`summitkit.deliverables.printed.docx_layout`).
"""

from __future__ import annotations

import copy
import os
import subprocess
import tempfile
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from summitkit.deliverables.printed import (
    OutputError,
    Page,
    built_at,
    by_class,
    clean,
    final_form,
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
from summitkit.deliverables.printed.docx_layout import normalised_zip, stamped
from summitkit.deliverables.printed.revisions import Marks, comments_on_paragraphs, mark_changes
from summitkit.deliverables.printed.word import with_custom_properties
from summitkit.deliverables.version import Stamp
from summitkit.deliverables.word_marks import clause_bookmark

# Characters on one line of a table in the reference document (9.5 pt on 16 cm), and
# the longest word a column is widened for.
_LINE = 100
_WIDEST_WORD = 16


# What a page shows on screen but a Word file says otherwise: a redline's notes in
# words ("moved to paragraph 2") and its key to the colours, which Word's own
# revision marks replace.
# Not for Word: the redline's notes and key, and the space it puts between a struck and an
# inserted word (Word shows tracked changes apart; the space would stay in the text).
_SCREEN_ONLY = ("sk-note", "sk-key", "sk-gap")


def write_docx(
    html: Path,
    target: Path,
    stamp: Stamp,
    reference_docx: Path | None = None,
    properties: dict[str, str] | None = None,
) -> None:
    """Print the page `html` (a page inside the built site, or a standalone page) to
    `target`; `properties` are custom properties beside the stamp's."""
    if reference_docx is not None and not reference_docx.is_file():
        raise OutputError(f"{reference_docx}: the reference document for DOCX does not exist")
    page = read_page(html)
    document, marks = pandoc_document(page, stamp)
    converted = run_pandoc(serialise(document), stamp, reference_docx)
    custom = {**stamp_properties(stamp), **(properties or {})}
    marked = with_custom_properties(stamped(converted, stamp, marks), custom)
    write_atomically(target, normalised_zip(marked, built_at(stamp)))


def stamp_properties(stamp: Stamp) -> dict[str, str]:
    """The custom properties that say what the file was built from (`summit import docx`
    reads them to find its base)."""
    return {
        "kind": stamp.kind,
        "record": stamp.id,
        "revision": str(stamp.revision),
        "status": stamp.status.value,
        "commit": stamp.commit,
        "audience": stamp.audience.value,
        "language": stamp.language,
    }


def anchor_clauses(article: HtmlElement) -> None:
    """Wrap each clause's text in a span whose id pandoc writes as a Word bookmark,
    named after the clause (`summitkit.deliverables.word_marks.clause_bookmark`):
    on a deliverable, the clause's element carries its id; on a redline, the
    paragraph its `data-clause` (once, where the clause is now: not where it left)."""
    found = [
        (element, element.get("id"))
        for element in [
            *article.xpath('.//div[contains(@class, "sk-preambular")]/p[@id]'),
            *article.xpath('.//ol[contains(@class, "sk-operative")]/li[@id]'),
            *by_class(article, "p", "sk-clause-heading"),
        ]
    ]
    found += [
        (element, element.get("data-clause"))
        for element in article.xpath(".//p[@data-clause]")
        if element.get("data-change") != "moved-from"
    ]
    anchored: set[str] = set()
    for element, clause in found:
        if not clause or clause in anchored:
            continue
        anchored.add(clause)
        holder = (
            element[0]
            if element.tag == "li" and len(element) and element[0].tag == "p"
            else element
        )
        span = lxml_html.Element("span", id=clause_bookmark(clause))
        span.text, holder.text = holder.text, None
        for child in list(holder):
            span.append(child)
        holder.append(span)


def pandoc_document(page: Page, stamp: Stamp) -> tuple[HtmlElement, Marks]:
    """The article as pandoc's HTML reader should see it, and the changes it marks."""
    article = page.article
    clean(article)
    final_form(article, stamp)
    for name in _SCREEN_ONLY:
        for element in by_class(article, "*", name):
            element.drop_tree()
    inline_images(article, page)
    # First, before table cells lose their paragraphs and the language on them.
    languages_on_spans(article)
    # The line under the title (under the version line and DRAFT mark, where a draft has
    # them) names the round, place and date: a subtitle.
    subtitle = None
    for title in article.iter("h1"):
        subtitle = title.getnext()
        while subtitle is not None and (
            has_class(subtitle, "sk-version") or has_class(subtitle, "sk-draft-mark")
        ):
            subtitle = subtitle.getnext()
        title.drop_tree()
        break
    if subtitle is not None and subtitle.tag == "p" and not subtitle.get("class"):
        subtitle.set("data-custom-style", "Subtitle")
        subtitle.tag = "div"
    # Each record's version line in a redline of the whole corpus; an adopted text's colophon.
    for line in [
        *by_class(article, "p", "sk-record-version"),
        *by_class(article, "p", "sk-colophon"),
    ]:
        styled_as(line, "Version Line")
    versions = by_class(article, "p", "sk-version")
    # The page's own version line and DRAFT mark (a standalone page's identity line,
    # `sk-meta`): the stamp's are printed instead, in the house style.
    furniture = [*versions, *by_class(article, "*", "sk-draft-mark")]
    for element in [*furniture, *by_class(article, "p", "sk-meta")]:
        element.drop_tree()
    for rubric in by_class(article, "p", "rubric"):
        if not has_class(rubric, "sk-clause-heading"):
            # A section's title inside a directive (the compilation's "Status"): a heading,
            # as the standalone page's <h2>.
            rubric.tag = "h2"
    for preambular in by_class(article, "div", "sk-preambular"):
        preambular.set("data-custom-style", "Preambular")
    for preambular in by_class(article, "p", "sk-preambular"):
        styled_as(preambular, "Preambular")  # a redline's preambular paragraph
    for table in article.iter("table"):
        if not any(True for _ in table.iter("colgroup")):
            give_column_widths(table)
    for cell in article.iter("td", "th"):
        # A cell holding one paragraph becomes one compact paragraph, not a body paragraph.
        if len(cell) == 1 and cell[0].tag == "p" and not (cell.text or "").strip():
            cell[0].drop_tag()
    # A label stays with what it labels: a compilation paragraph's number and marks
    # ("3 [open]"), the count above the signatories (`docx_layout.KEPT_WITH_NEXT`).
    for label in [
        *by_class(article, "p", "sk-paragraph-number"),
        *by_class(article, "p", "sk-signatory-count"),
    ]:
        styled_as(label, "Label")
    anchor_clauses(article)
    comments_on_paragraphs(article)
    marks = mark_changes(article)
    convert_footnotes(article)
    operative_paragraphs_in_list_style(article)
    signatories_in_columns(article)

    html = lxml_html.Element("html", lang=page.lang or stamp.language)
    head = etree.SubElement(html, "head")
    etree.SubElement(head, "meta", charset="utf-8")
    etree.SubElement(head, "title").text = stamp.title
    etree.SubElement(head, "meta", name="subject", content=subject(stamp))
    body = etree.SubElement(html, "body")
    if not stamp.signed:  # an adopted text's version line is its colophon, at the end
        body.append(styled("Version Line", f"{stamp.line} · {stamp.audience.value}"))
    if stamp.draft:
        body.append(styled("Draft Mark", stamp.draft_word))
    body.append(article)
    return html, marks


def operative_paragraphs_in_list_style(article: HtmlElement) -> None:
    """Operative paragraphs as paragraphs of the reference document's "Operative Paragraph"
    style, which numbers them: a Word user continues the list by pressing Enter, and
    the numbers are the style's, not direct formatting on each paragraph."""
    for listing in by_class(article, "ol", "sk-operative"):
        for item in listing.iterchildren("li"):
            item.tag = "div"
            item.set("data-custom-style", "Operative Paragraph")
            for attribute in ("value", "class"):
                item.attrib.pop(attribute, None)
        listing.drop_tag()


def signatories_in_columns(article: HtmlElement, columns: int = 3) -> None:
    """The list of signatories as a table of names in three columns, read down each
    column, instead of one bullet per line over several pages. An agreed or adopted
    text's formal list (``sk-formal``) stays one name to a line."""
    for listing in by_class(article, "ul", "sk-signatories"):
        if has_class(listing, "sk-formal"):
            continue
        names = [" ".join("".join(item.itertext()).split()) for item in listing.iter("li")]
        rows = -(-len(names) // columns)
        table = lxml_html.Element("table", {"class": "sk-signatories"})
        body = etree.SubElement(table, "tbody")
        for row in range(rows):
            line = etree.SubElement(body, "tr")
            for column in range(columns):
                index = column * rows + row
                etree.SubElement(line, "td").text = names[index] if index < len(names) else ""
        table.tail = listing.tail
        listing.getparent().replace(listing, table)


def languages_on_spans(article: HtmlElement) -> None:
    """Carry each element's `lang` onto a span around its content: pandoc keeps the
    language of spans and divs only, and writes it as the runs' w:lang."""
    for element in list(article.xpath(".//*[@lang]")):
        if element.tag in ("span", "div"):
            continue
        span = lxml_html.Element("span", lang=element.get("lang"))
        span.text, element.text = element.text, None
        for child in list(element):
            span.append(child)
        element.append(span)


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
    # After the caption, which HTML (and pandoc's reader) wants first in a table: a
    # colgroup before it made pandoc write the table as a run of paragraphs.
    table.insert(1 if len(table) and table[0].tag == "caption" else 0, colgroup)


def styled_as(paragraph: HtmlElement, style: str) -> None:
    """Give `paragraph` the Word paragraph style `style`: pandoc styles divs, not paragraphs."""
    holder = lxml_html.Element("div", {"data-custom-style": style})
    paragraph.addprevious(holder)
    holder.append(paragraph)


def styled(style: str, text: str) -> HtmlElement:
    """A paragraph that pandoc gives the Word paragraph style `style`."""
    div = lxml_html.Element("div", {"data-custom-style": style})
    etree.SubElement(div, "p").text = text
    return div


def convert_footnotes(article: HtmlElement) -> None:
    """Rewrite docutils footnotes as pandoc's own HTML footnotes, which it reads as Word's.

    Each footnote is written once, at its first call. Word has no footnote called
    twice, so a later call becomes a span styled "Footnote Again" holding the
    footnote's number; `docx_layout.refer_back_to_footnotes` turns it into Word's
    own cross-reference to the footnote (a NOTEREF field).
    """
    notes = take_footnotes(article)
    endnotes = lxml_html.Element("section", {"class": "footnotes", "role": "doc-endnotes"})
    listing = etree.SubElement(endnotes, "ol")
    numbers: dict[str, int] = {}
    for call, note_id in footnote_calls(article):
        note = notes.get(note_id)
        if note is None:
            continue
        if note_id in numbers:
            again = lxml_html.Element("span", {"data-custom-style": "Footnote Again"})
            again.text = str(numbers[note_id])
            replace_call(call, again)
            continue
        number = numbers[note_id] = len(numbers) + 1
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
