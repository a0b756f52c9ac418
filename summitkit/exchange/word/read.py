"""Reading a DOCX that summitkit wrote and someone edited: its properties, its
paragraphs with their clause anchors and revision stacks (`markup`), and its
comments with their resolved state and threads.

Every part is parsed by `summitkit.sources.core.xml.parse_xml` (no DTD, no
entities). A file saved as Strict Open XML (ISO/IEC 29500 Strict, its own
namespaces) is recognised and refused with what to do instead.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summitkit.deliverables.word_marks import CUSTOM_PART, PROPERTY_PREFIX
from summitkit.exchange.word.markup import WordParagraph, read_body, w
from summitkit.sources.core.xml import XmlRefused, parse_xml

STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
_CUSTOM = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_CORE = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"


class NotReadable(Exception):
    """The file is not a DOCX this importer can read; the message says why."""

    def __init__(self, message: str, rule: str = "import-docx/unreadable") -> None:
        super().__init__(message)
        self.rule = rule


@dataclass(frozen=True)
class WordComment:
    id: str
    author: str
    date: str
    text: str
    quote: str = ""
    paragraph: int | None = None
    """Index of the paragraph its range starts in."""
    done: bool = False
    """Marked resolved in Word (`w15:done`)."""
    parent: str | None = None
    """The comment it replies to (`w15:paraIdParent`)."""


@dataclass
class WordFile:
    """What the importer needs from the file."""

    properties: dict[str, str]
    """summitkit's custom properties, without the `summitkit.` prefix."""
    last_modified_by: str
    paragraphs: list[WordParagraph]
    comments: list[WordComment]
    revised_parts: list[str]
    """Parts other than the body (headers, footers, notes) holding tracked changes."""
    saved: str = ""
    """When it was last saved (`dcterms:modified`), as the file says."""

    @property
    def latest(self) -> str:
        """The latest day the file records: its last save, tracked change or comment."""
        dates = [self.saved, *(c.date for c in self.comments)]
        for paragraph in self.paragraphs:
            if paragraph.revised:
                dates += [r.date for p in paragraph.pieces for r in p.stack]
                dates += [r.date for r in paragraph.mark]
        return max((d[:10] for d in dates if d), default="")


def read_docx(path: Path) -> WordFile:
    """Read `path`; NotReadable when it is not a Word document this importer reads."""
    try:
        with zipfile.ZipFile(path) as package:
            names = set(package.namelist())
            if "word/document.xml" not in names:
                raise NotReadable("not a Word document: it has no word/document.xml")
            parts = {
                name: parse_xml(package.read(name), what=name)
                for name in sorted(names)
                if name.endswith(".xml")
                and (name.startswith("word/") or name in (CUSTOM_PART, "docProps/core.xml"))
                and "/theme/" not in name
            }
    except (zipfile.BadZipFile, OSError) as exc:
        raise NotReadable(f"not a Word document (not a zip package): {exc}") from None
    except XmlRefused as exc:
        raise NotReadable(str(exc)) from None
    document = parts["word/document.xml"]
    if document.tag.startswith(f"{{{STRICT}}}"):
        raise NotReadable(
            "the file was saved as Strict Open XML, which this importer does not read; "
            "open it in Word and save as Word Document (.docx), then import that",
            "import-docx/strict",
        )
    found = document.find(w("body"))
    if found is None:
        raise NotReadable("word/document.xml has no body")
    body = read_body(found)
    comments = []
    if "word/comments.xml" in parts:
        comments = read_comments(parts["word/comments.xml"], parts, body.quotes, body.starts)
    editor = saved = ""
    if "docProps/core.xml" in parts:
        last = parts["docProps/core.xml"].find(f"{{{_CORE}}}lastModifiedBy")
        editor = (last.text or "").strip() if last is not None else ""
        modified = parts["docProps/core.xml"].find("{http://purl.org/dc/terms/}modified")
        saved = (modified.text or "").strip() if modified is not None else ""
    revised = [
        name
        for name, root in parts.items()
        if name != "word/document.xml"
        and name.rsplit("/", 1)[-1].startswith(("header", "footer", "footnotes", "endnotes"))
        and any(True for _ in root.iter(w("ins"), w("del"), w("moveFrom"), w("moveTo")))
    ]
    properties = custom_properties(parts.get(CUSTOM_PART))
    return WordFile(properties, editor, body.paragraphs, comments, revised, saved)


def custom_properties(root: Any) -> dict[str, str]:
    """summitkit's custom document properties, without their prefix."""
    found: dict[str, str] = {}
    if root is None:
        return found
    for item in root.iter(f"{{{_CUSTOM}}}property"):
        name = item.get("name", "")
        if name.startswith(PROPERTY_PREFIX):
            found[name.removeprefix(PROPERTY_PREFIX)] = next((c.text or "" for c in item), "")
    return found


def read_comments(
    comments: Any, parts: dict[str, Any], quotes: dict[str, list[str]], starts: dict[str, int]
) -> list[WordComment]:
    """Each comment, with its state and thread from `word/commentsExtended.xml`: a
    comment's `w15:commentEx` is keyed by the `w14:paraId` of its last paragraph."""
    extended: dict[str, tuple[bool, str | None]] = {}
    if "word/commentsExtended.xml" in parts:
        for item in parts["word/commentsExtended.xml"].iter(f"{{{W15}}}commentEx"):
            extended[item.get(f"{{{W15}}}paraId", "")] = (
                item.get(f"{{{W15}}}done") in ("1", "true", "on"),
                item.get(f"{{{W15}}}paraIdParent"),
            )
    by_para: dict[str, str] = {}
    read = []
    for comment in comments.iterchildren(w("comment")):
        number = comment.get(w("id"), "")
        paragraphs = list(comment.iter(w("p")))
        para_id = paragraphs[-1].get(f"{{{W14}}}paraId", "") if paragraphs else ""
        by_para[para_id] = number
        text = " ".join(
            " ".join("".join(t.text or "" for t in p.iter(w("t"))).split()) for p in paragraphs
        ).strip()
        read.append((comment, number, para_id, text))
    found = []
    for comment, number, para_id, text in read:
        done, parent = extended.get(para_id, (False, None))
        found.append(
            WordComment(
                number,
                comment.get(w("author"), ""),
                comment.get(w("date"), ""),
                text,
                " ".join("".join(quotes.get(number, [])).split()),
                starts.get(number),
                done,
                by_para.get(parent) if parent else None,
            )
        )
    return found
