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
import zipfile
from pathlib import Path
from typing import Literal

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


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
