"""Reading a DOCX that summitkit wrote and someone edited: its properties, its
paragraphs with their clause anchors and tracked changes, and its comments.

python-docx opens the package and lxml walks the WordprocessingML: python-docx
has no model of `w:ins`/`w:del` or of comments' ranges. A run inside `w:ins`
or `w:moveTo` was inserted by the wrapper's `w:author`; inside `w:del` or
`w:moveFrom`, deleted. A paragraph whose own mark is inserted was typed as a
new paragraph; one whose mark and text are all deleted was deleted.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from summitkit.deliverables.printed.word import W, clause_of_bookmark, summitkit_properties
from summitkit.sources.core.xml import XmlRefused

Op = Literal["equal", "insert", "delete"]
_INSERTED = {f"{{{W}}}ins": "insert", f"{{{W}}}moveTo": "insert"}
_DELETED = {f"{{{W}}}del": "delete", f"{{{W}}}moveFrom": "delete"}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


class NotReadable(Exception):
    """The file is not a DOCX this importer can read; the message says why."""


@dataclass(frozen=True)
class Piece:
    """Text of one run: unchanged, or inserted or deleted by an author on a date."""

    text: str
    op: Op = "equal"
    author: str = ""
    date: str = ""


@dataclass
class WordParagraph:
    """One body paragraph as the editor left it."""

    index: int
    clause: str | None
    """The clause its bookmark anchors, or None."""
    style: str
    pieces: list[Piece] = field(default_factory=list)
    mark: Op = "equal"
    """Whether the paragraph's own mark was inserted or deleted (a new or deleted paragraph)."""
    mark_author: str = ""
    numbered: bool = False
    comments: list[str] = field(default_factory=list)
    """Ids of the comments whose range starts in it."""

    def text(self, keep: tuple[str, ...]) -> str:
        return " ".join("".join(p.text for p in self.pieces if p.op in keep).split())

    @property
    def old(self) -> str:
        """The text with every tracked change rejected."""
        return self.text(("equal", "delete"))

    def as_edited_by(self, author: str) -> str:
        """The text with `author`'s changes accepted and everyone else's rejected."""
        kept = [
            p
            for p in self.pieces
            if p.op == "equal"
            or (p.op == "insert" and p.author == author)
            or (p.op == "delete" and p.author != author)
        ]
        return " ".join("".join(p.text for p in kept).split())

    @property
    def authors(self) -> list[str]:
        found = [p.author for p in self.pieces if p.op != "equal"]
        if self.mark != "equal":
            found.append(self.mark_author)
        return list(dict.fromkeys(a for a in found if a))


@dataclass(frozen=True)
class WordComment:
    id: str
    author: str
    date: str
    text: str
    quote: str = ""
    paragraph: int | None = None
    """Index of the paragraph its range starts in."""


@dataclass
class WordFile:
    """What the importer needs from the file."""

    properties: dict[str, str]
    """summitkit's custom properties, without the `summitkit.` prefix."""
    last_modified_by: str
    paragraphs: list[WordParagraph]
    comments: list[WordComment]


def read_docx(path: Path) -> WordFile:
    """Read `path`; NotReadable when it is not a Word document at all."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "word/document.xml" not in names:
                raise NotReadable("not a Word document: it has no word/document.xml")
            properties = summitkit_properties(package)
            body = _xml(package, "word/document.xml")
            comments_xml = (
                _xml(package, "word/comments.xml") if "word/comments.xml" in names else None
            )
            core = _xml(package, "docProps/core.xml") if "docProps/core.xml" in names else None
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotReadable(f"not a Word document (not a zip package): {exc}") from None
    except XmlRefused as exc:  # docProps/custom.xml, through the one XML parser
        raise NotReadable(str(exc)) from None
    paragraphs, quotes, starts = read_paragraphs(body)
    comments = read_comments(comments_xml, quotes, starts) if comments_xml is not None else []
    editor = ""
    if core is not None:
        found = core.find(
            "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy"
        )
        editor = (found.text or "").strip() if found is not None else ""
    return WordFile(properties, editor, paragraphs, comments)


def _xml(package: zipfile.ZipFile, name: str) -> Any:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        return etree.fromstring(package.read(name), parser)
    except etree.XMLSyntaxError as exc:
        raise NotReadable(f"{name} is not well-formed XML: {exc}") from None


def read_paragraphs(
    document: Any,
) -> tuple[list[WordParagraph], dict[str, str], dict[str, int]]:
    """Top-level body paragraphs; the text each comment's range covers; where each starts."""
    body = document.find(w("body"))
    if body is None:
        raise NotReadable("word/document.xml has no body")
    paragraphs: list[WordParagraph] = []
    quotes: dict[str, list[str]] = {}
    starts: dict[str, int] = {}
    open_ranges: set[str] = set()
    for index, element in enumerate(body.iterchildren(w("p"))):
        paragraph = WordParagraph(index, None, style_of(element))
        properties = element.find(w("pPr"))
        if properties is not None:
            paragraph.numbered = properties.find(w("numPr")) is not None
            marks = properties.find(w("rPr"))
            if marks is not None:
                for child in marks:
                    op = _INSERTED.get(child.tag) or _DELETED.get(child.tag)
                    if op:
                        paragraph.mark, paragraph.mark_author = op, child.get(w("author"), "")  # type: ignore[assignment]
        for node in element.iter():
            if node.tag == w("bookmarkStart") and paragraph.clause is None:
                paragraph.clause = clause_of_bookmark(node.get(w("name"), ""))
            elif node.tag == w("commentRangeStart"):
                number = node.get(w("id"), "")
                open_ranges.add(number)
                starts.setdefault(number, paragraph.index)
                paragraph.comments.append(number)
            elif node.tag == w("commentRangeEnd"):
                open_ranges.discard(node.get(w("id"), ""))
            elif node.tag == w("commentReference"):
                number = node.get(w("id"), "")
                if number not in starts:
                    starts[number] = paragraph.index
                    paragraph.comments.append(number)
            elif node.tag == w("r"):
                piece = run_piece(node)
                if piece is not None:
                    paragraph.pieces.append(piece)
                    for number in open_ranges:
                        quotes.setdefault(number, []).append(piece.text)
        paragraphs.append(paragraph)
    return paragraphs, {k: " ".join("".join(v).split()) for k, v in quotes.items()}, starts


def style_of(paragraph: Any) -> str:
    style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
    return style.get(w("val"), "") if style is not None else ""


def run_piece(run: Any) -> Piece | None:
    """The text of a run and the tracked change it sits in; None for a run with no text
    (a footnote reference, a field code)."""
    if run.find(w("footnoteReference")) is not None or run.find(w("instrText")) is not None:
        return None
    parts = []
    for child in run:
        if child.tag in (w("t"), w("delText")):
            parts.append(child.text or "")
        elif child.tag in (w("tab"), w("br"), w("cr")):
            parts.append(" ")
        elif child.tag == w("noBreakHyphen"):
            parts.append("-")
    if not parts:
        return None
    text = "".join(parts)
    for ancestor in run.iterancestors():
        if ancestor.tag in _INSERTED or ancestor.tag in _DELETED:
            op = _INSERTED.get(ancestor.tag) or _DELETED[ancestor.tag]
            return Piece(text, op, ancestor.get(w("author"), ""), ancestor.get(w("date"), ""))  # type: ignore[arg-type]
        if ancestor.tag == w("p"):
            break
    return Piece(text)


def read_comments(
    comments: Any, quotes: dict[str, str], starts: dict[str, int]
) -> list[WordComment]:
    found = []
    for comment in comments.iterchildren(w("comment")):
        number = comment.get(w("id"), "")
        text = " ".join(
            " ".join("".join(t.text or "" for t in p.iter(w("t"))).split())
            for p in comment.iter(w("p"))
        ).strip()
        found.append(
            WordComment(
                number,
                comment.get(w("author"), ""),
                comment.get(w("date"), ""),
                text,
                quotes.get(number, ""),
                starts.get(number),
            )
        )
    return found
