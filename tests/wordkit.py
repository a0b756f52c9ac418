"""Reading a DOCX the way Word would after "Accept all changes" or "Reject all changes".

Written from the WordprocessingML specification (ECMA-376 part 1, 17.13.5),
independently of summitkit's own writer and reader, so that a test can check
what a reader of the file will see:

* accepting keeps `w:ins` and `w:moveTo` content and drops `w:del` and
  `w:moveFrom` content; a paragraph whose own mark was deleted or moved away
  joins the next one, which for a paragraph left empty means it disappears;
* rejecting does the opposite, and `w:delText` reads as text again.
"""

from __future__ import annotations

import copy
import re
import zipfile
from pathlib import Path
from typing import Literal

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"


def q(name: str) -> str:
    return f"{{{W}}}{name}"


def body(path: Path) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        root = etree.fromstring(package.read("word/document.xml"))
    found = root.find(q("body"))
    assert found is not None
    return found


def resolved(path: Path, choice: Literal["accept", "reject"]) -> etree._Element:
    """The document body after accepting or rejecting every tracked change."""
    tree = copy.deepcopy(body(path))
    keep, drop = ("ins", "moveTo"), ("del", "moveFrom")
    if choice == "reject":
        keep, drop = drop, keep
    for paragraph in list(tree.iter(q("p"))):
        mark = paragraph.find("w:pPr/w:rPr", NS)
        gone = mark is not None and any(mark.find(q(k)) is not None for k in drop)
        for name in drop:
            for element in list(paragraph.iter(q(name))):
                if element.getparent().tag != q("rPr"):
                    element.getparent().remove(element)
        for name in keep:
            for element in list(paragraph.iter(q(name))):
                parent = element.getparent()
                if parent.tag == q("rPr"):
                    parent.remove(element)
                    continue
                index = parent.index(element)
                for offset, child in enumerate(list(element)):
                    parent.insert(index + offset, child)
                parent.remove(element)
        for text in paragraph.iter(q("delText")):
            text.tag = q("t")
        if gone and not paragraph_text(paragraph).strip():
            paragraph.getparent().remove(paragraph)
    return tree


def paragraph_text(paragraph: etree._Element) -> str:
    parts = []
    for element in paragraph.iter(q("t"), q("delText"), q("tab")):
        parts.append("\t" if element.tag == q("tab") else element.text or "")
    return "".join(parts)


def paragraphs(path: Path, choice: Literal["accept", "reject"]) -> list[str]:
    """Each body paragraph's text (tables' too, in reading order) after accepting or
    rejecting everything, with runs of white space as one space."""
    tree = resolved(path, choice)
    return [" ".join(paragraph_text(p).split()) for p in tree.iter(q("p"))]


def bookmarked(path: Path, choice: Literal["accept", "reject"]) -> dict[str, str]:
    """The text of every paragraph that carries a bookmark, by bookmark name."""
    tree = resolved(path, choice)
    found = {}
    for paragraph in tree.iter(q("p")):
        for mark in paragraph.iter(q("bookmarkStart")):
            found[mark.get(q("name"), "")] = " ".join(paragraph_text(paragraph).split())
    return found


# -- editing a DOCX the way Word does ------------------------------------------------

COMMENTS_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"
COMMENTS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


class Editor:
    """Edits to a DOCX's XML as Word writes them: tracked insertions and deletions,
    untracked typing, a new paragraph, a comment. `save` writes the package back."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with zipfile.ZipFile(path) as package:
            self.parts = {name: package.read(name) for name in package.namelist()}
        self.document = etree.fromstring(self.parts["word/document.xml"])
        self.comments: list[etree._Element] = []
        self.extended: list[dict[str, str]] = []
        self.next_id = 9000
        self.last_editor: str | None = None

    def number(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def paragraph(self, clause: str) -> etree._Element:
        for mark in self.document.iter(q("bookmarkStart")):
            if mark.get(q("name")) == f"sk_{clause}":
                found = next(mark.iterancestors(q("p")))
                return found
        raise AssertionError(f"no paragraph anchored to {clause}")

    def _split(
        self, paragraph: etree._Element, words: str
    ) -> tuple[etree._Element, etree._Element]:
        """The run holding `words`, split so that `words` are a run of their own; returns
        (that run, its parent)."""
        for text in paragraph.iter(q("t")):
            value = text.text or ""
            if words in value:
                run = text.getparent()
                parent = run.getparent()
                before, after = value.split(words, 1)
                index = parent.index(run)
                pieces = []
                for part in (before, words, after):
                    copy_run = copy.deepcopy(run)
                    copy_run.find(q("t")).text = part
                    pieces.append(copy_run)
                parent.remove(run)
                for offset, piece in enumerate(pieces):
                    parent.insert(index + offset, piece)
                return pieces[1], parent
        raise AssertionError(f"{words!r} is not in one run of the paragraph")

    def tracked(self, clause: str, old: str, new: str, author: str, date: str) -> None:
        """Replace `old` by `new` with Track Changes on (either may be empty... not both)."""
        paragraph = self.paragraph(clause)
        run, parent = self._split(paragraph, old)
        index = parent.index(run)
        deletion = etree.Element(
            q("del"), {q("id"): self.number(), q("author"): author, q("date"): date}
        )
        parent.remove(run)
        run.find(q("t")).tag = q("delText")
        deletion.append(run)
        parent.insert(index, deletion)
        if new:
            insertion = etree.Element(
                q("ins"), {q("id"): self.number(), q("author"): author, q("date"): date}
            )
            added = copy.deepcopy(run)
            added.find(q("delText")).tag = q("t")
            added.find(q("t")).text = new
            insertion.append(added)
            parent.insert(index + 1, insertion)

    def inserted(self, clause: str, after: str, words: str, author: str, date: str) -> None:
        """Type `words` right after the text `after`, tracked."""
        paragraph = self.paragraph(clause)
        run, parent = self._split(paragraph, after)
        insertion = etree.Element(
            q("ins"), {q("id"): self.number(), q("author"): author, q("date"): date}
        )
        added = copy.deepcopy(run)
        added.find(q("t")).text = words
        insertion.append(added)
        parent.insert(parent.index(run) + 1, insertion)

    def untracked(self, clause: str, old: str, new: str, editor: str) -> None:
        """Type over `old` with Track Changes off; the file remembers its last editor."""
        run, _ = self._split(self.paragraph(clause), old)
        run.find(q("t")).text = new
        self.last_editor = editor

    def new_paragraph(self, clause: str, text: str, author: str, date: str) -> None:
        """A tracked new paragraph typed after the clause's paragraph, in its style."""
        paragraph = self.paragraph(clause)
        new = etree.Element(q("p"))
        properties = paragraph.find(q("pPr"))
        if properties is not None:
            copied = copy.deepcopy(properties)
            for old_mark in copied.findall(q("rPr")):
                copied.remove(old_mark)
            new.append(copied)
        else:
            copied = etree.SubElement(new, q("pPr"))
        marks = etree.SubElement(copied, q("rPr"))
        etree.SubElement(
            marks, q("ins"), {q("id"): self.number(), q("author"): author, q("date"): date}
        )
        insertion = etree.SubElement(
            new, q("ins"), {q("id"): self.number(), q("author"): author, q("date"): date}
        )
        run = etree.SubElement(insertion, q("r"))
        holder = etree.SubElement(run, q("t"))
        holder.text = text
        paragraph.addnext(new)

    def comment(
        self,
        clause: str,
        words: str,
        text: str,
        author: str,
        date: str,
        *,
        done: bool = False,
        reply_to: str | None = None,
    ) -> str:
        """A comment on `words` of the clause; returns its paragraph id (`w14:paraId`).
        `done` marks it resolved, `reply_to` (a paragraph id) makes it a reply: Word
        keeps both in word/commentsExtended.xml (`w15:commentEx`, [MS-DOCX] 2.5.3.1)."""
        number = self.number()
        para_id = f"{int(number):08X}"
        entry = {f"{{{W15}}}paraId": para_id, f"{{{W15}}}done": "1" if done else "0"}
        if reply_to is not None:
            entry[f"{{{W15}}}paraIdParent"] = reply_to
        self.extended.append(entry)
        run, parent = self._split(self.paragraph(clause), words)
        index = parent.index(run)
        parent.insert(index, etree.Element(q("commentRangeStart"), {q("id"): number}))
        parent.insert(index + 2, etree.Element(q("commentRangeEnd"), {q("id"): number}))
        reference = etree.Element(q("r"))
        etree.SubElement(reference, q("commentReference"), {q("id"): number})
        parent.insert(index + 3, reference)
        comment = etree.Element(
            q("comment"), {q("id"): number, q("author"): author, q("date"): date}
        )
        paragraph = etree.SubElement(comment, q("p"), {f"{{{W14}}}paraId": para_id})
        body = etree.SubElement(paragraph, q("r"))
        etree.SubElement(body, q("t")).text = text
        self.comments.append(comment)
        return para_id

    def save(self, target: Path | None = None) -> Path:
        parts = dict(self.parts)
        parts["word/document.xml"] = etree.tostring(
            self.document, xml_declaration=True, encoding="UTF-8", standalone=True
        )
        if self.comments:
            root = etree.Element(q("comments"), nsmap={"w": W})
            root.extend(self.comments)
            parts["word/comments.xml"] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            types = parts["[Content_Types].xml"].decode()
            if "/word/comments.xml" not in types:
                types = types.replace(
                    "</Types>",
                    f'<Override PartName="/word/comments.xml" ContentType="{COMMENTS_TYPE}"/>'
                    "</Types>",
                )
            parts["[Content_Types].xml"] = types.encode()
            relations = parts["word/_rels/document.xml.rels"].decode()
            if COMMENTS_REL not in relations:
                relations = relations.replace(
                    "</Relationships>",
                    f'<Relationship Id="rIdComments1" Type="{COMMENTS_REL}" '
                    'Target="comments.xml"/></Relationships>',
                )
            parts["word/_rels/document.xml.rels"] = relations.encode()
        if self.extended:
            root = etree.Element(f"{{{W15}}}commentsEx", nsmap={"w15": W15})
            for entry in self.extended:
                etree.SubElement(root, f"{{{W15}}}commentEx", entry)
            parts["word/commentsExtended.xml"] = etree.tostring(
                root, xml_declaration=True, encoding="UTF-8", standalone=True
            )
            types = (
                parts["[Content_Types].xml"]
                .decode()
                .replace(
                    "</Types>",
                    '<Override PartName="/word/commentsExtended.xml" ContentType="application/'
                    'vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml"/>'
                    "</Types>",
                )
            )
            parts["[Content_Types].xml"] = types.encode()
        if self.last_editor is not None:
            core = parts["docProps/core.xml"].decode()
            core = re.sub(
                r"<cp:lastModifiedBy>[^<]*</cp:lastModifiedBy>",
                f"<cp:lastModifiedBy>{self.last_editor}</cp:lastModifiedBy>",
                core,
            )
            parts["docProps/core.xml"] = core.encode()
        out = target or self.path
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as package:
            for name, data in parts.items():
                package.writestr(name, data)
        return out


# -- Word's own constructs, transplanted into a printed DOCX ---------------------------

CONSTRUCTS = Path(__file__).parent / "data" / "word" / "constructs"


def transplant(source: Path, fixture: Path, target: Path, last_editor: str | None = None) -> Path:
    """`source` with the paragraphs of the clauses the fixture `replaces` (space-separated
    ids; `#Style` names the first paragraph of that style) swapped for the fixture's
    elements, as Word would have written them."""
    parser = etree.XMLParser(remove_blank_text=True)
    case = etree.fromstring(fixture.read_bytes(), parser)
    editor = Editor(source)
    doc_body = editor.document.find(q("body"))
    assert doc_body is not None
    old = []
    for name in case.get("replaces", "").split():
        if name.startswith("#"):
            found = next(
                p
                for p in doc_body.iter(q("p"))
                if p.find(f"w:pPr/w:pStyle[@w:val='{name[1:]}']", NS) is not None
            )
        else:
            found = editor.paragraph(name)
        old.append(found)
    first = old[0]
    for element in case:
        if isinstance(element.tag, str):
            first.addprevious(element)
    for paragraph in old:
        paragraph.getparent().remove(paragraph)
    if last_editor is not None:
        editor.last_editor = last_editor
    return editor.save(target)
