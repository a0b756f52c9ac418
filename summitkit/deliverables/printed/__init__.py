"""Printing: one page to PDF (WeasyPrint) or DOCX (pandoc, in the house style).

Every printed file is a page printed: a deliverable's page of the built site, the
compilation text's page (`summit compile`), the redline's (`summit diff`). Both
printers read the page and need the same things from it: the element classed
``sk-document``, its footnotes, its images and the folder the page lives in. This
module holds that shared reading; the printers themselves are ``printed.pdf`` and
``printed.docx``, reached through ``printed.printer`` only when something prints,
because WeasyPrint and pandoc are slow to load. A printer is handed the page and
its `Stamp`: it never reads the repository nor runs git.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import hashlib
import mimetypes
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from summitkit.deliverables.version import Stamp
from summitkit.sources.core.files import write_file

KIND_NAMES = {
    "statement": "Statement",
    "basket": "Gift-basket proposal",
    "report": "Report",
    "page": "Note",  # a hand-written page printed as a deliverable (a cover note)
    "compilation": "Compilation text",
}

# Elements that fetch or run something; a deliverable never needs them on paper.
_ACTIVE = ("script", "style", "link", "iframe", "object", "embed", "video", "audio", "form")

# Links that still mean something outside the site; others become plain text.
_KEPT_LINKS = ("http", "https", "mailto")


class OutputError(Exception):
    """A deliverable could not be printed; the message says what to do about it."""


@dataclass
class Footnote:
    """One docutils footnote: its label as printed ("1", "*") and its content."""

    label: str
    content: list[HtmlElement] = field(default_factory=list)


@dataclass
class Page:
    """One page of the built site, parsed, with the deliverable found in it."""

    path: Path
    root: Path
    """The folder of the site, so that only its own files are read."""
    document: HtmlElement
    article: HtmlElement
    lang: str


def read_page(html: Path) -> Page:
    """Parse a page of the site and find its deliverable; OutputError when there is none."""
    try:
        source = html.read_bytes()
    except OSError as exc:
        raise OutputError(f"{html}: cannot read the page to print: {exc.strerror}") from None
    parser = lxml_html.HTMLParser(encoding="utf-8", remove_comments=True)
    try:
        document = lxml_html.document_fromstring(source, parser=parser)
    except etree.ParserError as exc:
        raise OutputError(f"{html}: cannot read the page to print: {exc}") from None
    # A div on the site's pages, an article on a redline page: the class says what it is.
    found = by_class(document, "*", "sk-document")
    if not found:
        raise OutputError(
            f'{html}: no element with class="sk-document" on this page; only a deliverable\'s '
            "page (statement, gift basket or report) can be printed"
        )
    content_root = document.get("data-content_root") or "./"
    root = (html.parent / content_root).resolve()
    return Page(html, root, document, found[0], document.get("lang") or "en")


def has_class(element: HtmlElement, name: str) -> bool:
    return name in (element.get("class") or "").split()


def by_class(element: HtmlElement, tag: str, name: str) -> list[HtmlElement]:
    """Descendants of `element` named `tag` (or "*") that carry the class `name`."""
    query = f'.//{tag}[contains(concat(" ", normalize-space(@class), " "), " {name} ")]'
    found: list[HtmlElement] = element.xpath(query)
    return found


def remove(element: HtmlElement) -> None:
    """Drop an element but keep the text that follows it."""
    element.drop_tree()


def clean(article: HtmlElement) -> None:
    """Drop what only makes sense on screen: permalinks and anything that fetches or runs."""
    for element in [*by_class(article, "a", "headerlink"), *article.iter(*_ACTIVE)]:
        remove(element)
    for link in list(article.iter("a")):
        href = link.get("href")
        if href is None or href.startswith("#") or urlsplit(href).scheme in _KEPT_LINKS:
            continue
        # A link to another page of the site would point into the build folder.
        link.drop_tag()
    # A changes annex or a compilation page marks its changes with classes; as
    # <ins>/<del> they survive into the PDF's text styles, and into the DOCX as
    # tracked changes where they name an author (`printed.revisions`), else as
    # underline and strike-through.
    for name, tag in (("sk-ins", "ins"), ("sk-del", "del")):
        for span in by_class(article, "span", name):
            span.tag = tag


#: The id docutils gives a footnote that cites a clause's sources (`summit-clauses`).
SOURCE_NOTE = "summit-source-"


def final_form(article: HtmlElement, stamp: Stamp) -> None:
    """An agreed or adopted text as it is signed: the record's own notes (class
    ``sk-record-only``: "About this record") and the research citations, which the
    site's record page keeps, are left out; an adopted text's version line moves from
    under the title to a colophon at the end."""
    if not stamp.final:
        return
    for element in by_class(article, "*", "sk-record-only"):
        remove(element)
    for call in article.xpath('.//a[@role="doc-noteref"]'):
        if (call.get("href") or "").startswith(f"#{SOURCE_NOTE}"):
            replace_call(call, lxml_html.Element("span"))
    for note in article.xpath('.//aside[@role="doc-footnote"]'):
        if (note.get("id") or "").startswith(SOURCE_NOTE):
            remove(note)
    for notes in by_class(article, "aside", "footnote-list"):
        if not len(notes):
            remove(notes)
    # The signatories as a formal list, one to a line, without the site's count of them.
    for count in by_class(article, "p", "sk-signatory-count"):
        remove(count)
    for listing in by_class(article, "ul", "sk-signatories"):
        listing.set("class", f"{listing.get('class')} sk-formal")
    if stamp.signed:
        for version in by_class(article, "p", "sk-version"):
            remove(version)
        colophon = etree.SubElement(article, "p", {"class": "sk-colophon"})
        colophon.text = stamp.line


def take_footnotes(article: HtmlElement) -> dict[str, Footnote]:
    """Remove the footnote list from the article; return each footnote by its id."""
    notes: dict[str, Footnote] = {}
    for aside in article.xpath('.//aside[@role="doc-footnote"]'):
        label_span = next(iter(by_class(aside, "span", "label")), None)
        label = ""
        if label_span is not None:
            label = "".join(label_span.itertext()).strip().strip("[]").strip()
            remove(label_span)
        for backrefs in by_class(aside, "span", "backrefs"):
            remove(backrefs)
        content = [child for child in aside if isinstance(child.tag, str)]
        notes[aside.get("id", "")] = Footnote(label, content)
    for container in by_class(article, "aside", "footnote-list"):
        remove(container)
    for aside in article.xpath('.//aside[@role="doc-footnote"]'):
        remove(aside)
    return notes


def footnote_calls(article: HtmlElement) -> list[tuple[HtmlElement, str]]:
    """Every footnote reference in reading order, with the id of the footnote it calls."""
    calls = []
    for call in article.xpath('.//a[@role="doc-noteref"]'):
        calls.append((call, (call.get("href") or "").lstrip("#")))
    return calls


def replace_call(call: HtmlElement, mark: HtmlElement) -> None:
    """Put `mark` where the footnote call was, without the space docutils leaves before it."""
    mark.tail = call.tail
    before = call.getprevious()
    parent = call.getparent()
    if before is not None:
        before.tail = (before.tail or "").rstrip()
    else:
        parent.text = (parent.text or "").rstrip()
    parent.replace(call, mark)


def inline_images(article: HtmlElement, page: Page) -> None:
    """Embed each image of the site as a data: URL; replace any other image by its alt text.

    The printers then read nothing but the page itself: no network, and no file
    outside the site, whatever a contribution's markup asks for.
    """
    for image in list(article.iter("img")):
        data = site_file_as_data_url(image.get("src") or "", page)
        if data is None:
            alt = image.get("alt") or ""
            replacement = lxml_html.Element("span")
            replacement.text = f"[{alt}]" if alt else ""
            replacement.tail = image.tail
            image.getparent().replace(image, replacement)
        else:
            image.set("src", data)
            image.attrib.pop("srcset", None)


def site_file(url: str, page: Page) -> Path | None:
    """The file a relative or file: URL points to, if it lies inside the site."""
    parts = urlsplit(url)
    if parts.scheme not in ("", "file") or parts.netloc not in ("", "localhost"):
        return None
    path = unquote(parts.path)
    if not path:
        return None
    candidate = (Path(path) if parts.scheme else page.path.parent / path).resolve()
    if not candidate.is_relative_to(page.root) or not candidate.is_file():
        return None
    return candidate


def page_and_images(html: Path) -> bytes:
    """What a printed file shows: the page's bytes and those of every site image in its
    deliverable, for the print cache's key. A chart drawn anew under the same name (a
    new matplotlib, say) leaves the page's HTML as it was but must print again."""
    source = html.read_bytes()
    try:
        page = read_page(html)
    except OutputError:  # printing it will say why
        return source
    parts = [source]
    for image in page.article.iter("img"):
        path = site_file(image.get("src") or "", page)
        with contextlib.suppress(OSError):
            parts.append(path.read_bytes() if path is not None else b"")
    return b"\0".join(parts)


def site_file_as_data_url(url: str, page: Page) -> str | None:
    if url.startswith("data:"):
        return url
    path = site_file(url, page)
    if path is None:
        return None
    kind = mimetypes.guess_type(path.name)[0]
    if kind is None or not kind.startswith("image/"):
        return None
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode('ascii')}"


HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7af\ud7b0-\ud7ff]")
_KANA = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def cjk_languages(text: str) -> list[str]:
    """Which CJK fonts a text needs, as fontconfig language tags: ko, ja, zh-cn."""
    needed = []
    if HANGUL.search(text):
        needed.append("ko")
    if _KANA.search(text):
        needed.append("ja")
    if not needed and _HAN.search(text):
        # Korean and Japanese fonts carry Han characters too; only bare Han needs a Chinese one.
        needed.append("zh-cn")
    return needed


def built_at(stamp: Stamp) -> dt.datetime:
    """The stamp's build date as an aware datetime (midnight UTC for a bare date)."""
    try:
        moment = dt.datetime.fromisoformat(stamp.built)
    except ValueError:
        raise OutputError(
            f"{stamp.id}: build date {stamp.built!r} is not an ISO 8601 date"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def subject(stamp: Stamp) -> str:
    """The file's subject: what kind of deliverable, for which summit round."""
    return f"{KIND_NAMES.get(stamp.kind, stamp.kind.capitalize())}, {stamp.round}"


def serialise(document: HtmlElement) -> str:
    return etree.tostring(document, method="html", encoding="unicode", doctype="<!DOCTYPE html>")


PRINT_CSS = Path(__file__).parent.parent / "static" / "print.css"
"""The PDF printer's stylesheet (WeasyPrint reads it; the site's CSS is not printed)."""


def printer_fingerprint(fmt: str, reference_docx: Path | None = None) -> str:
    """What a printed file depends on besides its page and stamp: the summitkit version,
    the printer's own code (this package), the print CSS for PDF and the reference
    document for DOCX. Part of the print cache's key, so that changing any of them
    prints again."""
    from summitkit import __version__

    digest = hashlib.sha256(f"{fmt}\0{__version__}\0".encode())
    inputs = sorted(Path(__file__).parent.glob("*.py"))
    inputs += [PRINT_CSS] if fmt == "pdf" else [reference_docx] if reference_docx else []
    for path in inputs:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def write_atomically(target: Path, data: bytes) -> None:
    """Write the whole file or nothing, so that a killed build leaves no half-written file."""
    target.parent.mkdir(parents=True, exist_ok=True)
    write_file(target, data, 0o644)
