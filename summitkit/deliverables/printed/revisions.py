"""Tracked changes: the one writer of Word revisions, for every DOCX summitkit prints.

A page says what changed in its own markup, the same for every page printed (the
compilation text, the redline, a deliverable):

* inline, an `<ins>` or `<del>` (or a span classed `sk-ins` / `sk-del`) with
  `data-author` and, optionally, `data-date` (ISO 8601): text inserted or deleted
  by that author on that day; classed `sk-moved` as well, text moved here or away.
  Without `data-author` the element is formatting only (the key that explains a
  redline's colours, the changes annex of a statement): underlined or struck
  through, never a revision a Word user could accept.
* a paragraph with `data-change` (`added`, `removed`, `moved-to`, `moved-from`):
  the paragraph itself was inserted, deleted or moved, by its `data-author` on its
  `data-date`, so that accepting or rejecting the change removes the paragraph, not
  only its text. A move names its range with `data-move`, the same at both ends.

`mark_changes` rewrites those marks, before pandoc, into what pandoc carries
through untouched (one character style per change, an empty bookmark per
paragraph); `write_revisions` turns them, after pandoc, into `w:ins`, `w:del`,
`w:moveFrom` and `w:moveTo` with their authors and dates, and removes the markers.
Changes are marked in the body only: no page marks one inside a footnote.

Review comments beside a paragraph (`comments_on_paragraphs`) are the other half of
what a Word user reviews; pandoc writes them from its own markup.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from summitkit.deliverables.printed import by_class, has_class
from summitkit.deliverables.printed.word import w

DEFAULT_AUTHOR = "summitkit"

# Markers that live only between the two passes: a character style per changed run
# and an empty bookmark per changed paragraph. Neither survives into the file.
RUN_MARK = "sk-rev-"
PARAGRAPH_MARK = "sk-rev-paragraph-"
_RUN_MARK = re.compile(re.escape(RUN_MARK) + r"(\d+)$")

INLINE_KINDS = {("ins", False): "ins", ("del", False): "del"}
INLINE_KINDS |= {("ins", True): "moveTo", ("del", True): "moveFrom"}
PARAGRAPH_KINDS = {"added": "ins", "removed": "del", "moved-to": "moveTo", "moved-from": "moveFrom"}
DELETING = ("del", "moveFrom")


@dataclass(frozen=True)
class Change:
    """One revision: what kind (ins, del, moveFrom, moveTo), by whom, when."""

    kind: str
    author: str
    date: str
    """ISO 8601 as the page gives it; empty for the printer's default."""
    move: str = ""
    """For a moved paragraph: the name both ends of the move share."""


@dataclass
class Marks:
    """The changes a page marks, numbered as their markers are."""

    runs: list[Change] = field(default_factory=list)
    paragraphs: list[Change] = field(default_factory=list)


class Revisions:
    """Numbers for revision marks and bookmarks: unique within one document part."""

    def __init__(self, start: int = 1) -> None:
        self._next: Iterator[int] = itertools.count(start)

    def next(self) -> str:
        return str(next(self._next))


# -- before pandoc: the page's marks as markers ---------------------------------------


def mark_changes(article: HtmlElement) -> Marks:
    """Replace every change the article marks with a marker pandoc keeps; return the
    changes by marker number. A change inside another one is part of it (a deleted
    paragraph that held a proposed replacement is deleted whole)."""
    marks = Marks()
    for element in article.xpath(".//*[@data-change]"):
        kind = PARAGRAPH_KINDS.get(element.get("data-change", ""))
        if kind is None:
            continue
        marker = lxml_html.Element("span", id=f"{PARAGRAPH_MARK}{len(marks.paragraphs)}")
        marks.paragraphs.append(change(element, kind, element.get("data-move", "")))
        marker.tail, element.text = element.text, None
        element.insert(0, marker)
    for element in article.xpath(".//ins[@data-author] | .//del[@data-author]"):
        if element.getparent() is None:
            continue  # inside a change already marked, and unwrapped with it
        for inner in element.xpath(".//ins[@data-author] | .//del[@data-author]"):
            inner.drop_tag()
        moved = "sk-moved" in (element.get("class") or "").split()
        marks.runs.append(change(element, INLINE_KINDS[(element.tag, moved)]))
        element.attrib.clear()
        element.tag = "span"
        element.set("data-custom-style", f"{RUN_MARK}{len(marks.runs) - 1}")
    return marks


def comments_on_paragraphs(article: HtmlElement) -> None:
    """Review comments beside a paragraph (an `aside.sk-comments` holding one
    `p.sk-comment` per comment, with `data-author` and `data-date`) as pandoc's
    markup of Word comments anchored to the paragraph's text (its `.sk-text`)."""
    number = 0
    for aside in by_class(article, "aside", "sk-comments"):
        holder = aside.getparent()
        texts = by_class(holder, "p", "sk-text")
        aside.drop_tree()
        if not texts:
            continue
        text = texts[0]
        opening, closing = [], []
        for comment in by_class(aside, "p", "sk-comment"):
            for by in by_class(comment, "span", "sk-comment-by"):
                by.drop_tree()
            for quote in comment.iter("q"):
                quoted = quote.text_content()
                for child in list(quote):
                    quote.remove(child)
                quote.text = f"“{quoted}”"
            words = " ".join(comment.text_content().split())
            if has_class(comment, "sk-resolved"):
                words += " (resolved)"
            attributes = {"class": "comment-start", "id": str(number)}
            attributes["data-author"] = comment.get("data-author", "")
            attributes["data-date"] = word_date(comment.get("data-date", ""), "")
            opening.append(lxml_html.Element("span", attributes))
            opening[-1].text = words
            closing.append(lxml_html.Element("span", {"class": "comment-end", "id": str(number)}))
            number += 1
        for span in reversed(opening):
            span.tail, text.text = text.text, None
            text.insert(0, span)
        text.extend(closing)


def change(element: HtmlElement, kind: str, move: str = "") -> Change:
    author = " ".join((element.get("data-author") or "").split()) or DEFAULT_AUTHOR
    return Change(kind, author, element.get("data-date") or "", move)


# -- after pandoc: the markers as revisions --------------------------------------------


def word_date(value: str, default: str) -> str:
    """A date as Word writes revision dates (UTC, to the second); `default` when the
    page gave none or one that is not ISO 8601."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return default
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def write_revisions(document: Any, marks: Marks, default_date: str) -> None:
    """Turn the markers in a python-docx document's body into Word revisions, dated
    `default_date` where the page gave no date, and drop the markers' styles."""
    if not marks.runs and not marks.paragraphs:
        return
    body = document.element.body
    taken = [int(n) for n in body.xpath(".//@w:id") if n.isdigit()]
    ids = Revisions(max(taken, default=0) + 1)
    for group in run_groups(body):
        found = marks.runs[int(_RUN_MARK.match(group[0][1]).group(1))]  # type: ignore[union-attr]
        wrapper = revision(found.kind, found.author, word_date(found.date, default_date), ids)
        group[0][0].addprevious(wrapper)
        for run, _ in group:
            unmark(run, deleted=found.kind in DELETING)
            wrapper.append(run)
        merge_runs(wrapper)
    for start in list(body.iter(w("bookmarkStart"))):
        name = start.get(w("name"), "")
        if not name.startswith(PARAGRAPH_MARK):
            continue
        paragraph = next(start.iterancestors(w("p")))
        for end in body.iter(w("bookmarkEnd")):
            if end.get(w("id")) == start.get(w("id")):
                end.getparent().remove(end)
                break
        start.getparent().remove(start)
        found = marks.paragraphs[int(name.removeprefix(PARAGRAPH_MARK))]
        date = word_date(found.date, default_date)
        if found.move:
            move_range(paragraph, found, date, ids)
        mark_paragraph(paragraph, found.kind, found.author, date, ids)
    styles = document.styles.element
    for style in styles.findall(w("style")):
        if _RUN_MARK.match(style.get(w("styleId"), "")):
            styles.remove(style)


def run_groups(body: Any) -> list[list[tuple[Any, str]]]:
    """The marked runs, in groups of neighbours that carry the same marker."""
    groups: list[list[tuple[Any, str]]] = []
    for run in body.iter(w("r")):
        style = run.find(f"{w('rPr')}/{w('rStyle')}")
        marker = style.get(w("val"), "") if style is not None else ""
        if not _RUN_MARK.match(marker):
            continue
        last = groups[-1][-1] if groups else None
        if last is not None and last[1] == marker and last[0].getnext() is run:
            groups[-1].append((run, marker))
        else:
            groups.append([(run, marker)])
    return groups


def unmark(run: Any, deleted: bool) -> None:
    """The run without its marker style (and without properties left empty); its text
    as deleted text where the change deletes it."""
    properties = run.find(w("rPr"))
    for style in properties.findall(w("rStyle")):
        properties.remove(style)
    if not len(properties):
        run.remove(properties)
    if deleted:
        for text in run.iter(w("t")):
            text.tag = w("delText")


def merge_runs(wrapper: Any) -> None:
    """Neighbouring runs of one revision that hold only text in the same format, as
    one run: pandoc writes a run per word and per space."""
    previous = None
    for run in list(wrapper):
        texts = [child for child in run if child.tag != w("rPr")]
        if (
            previous is not None
            and len(texts) == 1
            and texts[0].tag in (w("t"), w("delText"))
            and previous[1].tag == texts[0].tag
            and format_of(previous[0]) == format_of(run)
        ):
            previous[1].text = (previous[1].text or "") + (texts[0].text or "")
            wrapper.remove(run)
            continue
        alone = len(texts) == 1 and texts[0].tag in (w("t"), w("delText"))
        previous = (run, texts[0]) if alone else None


def format_of(run: Any) -> bytes:
    properties = run.find(w("rPr"))
    return b"" if properties is None else etree.tostring(properties)


def revision(kind: str, author: str, date: str, ids: Revisions, **extra: str) -> Any:
    """A `w:ins`, `w:del`, `w:moveFrom` or `w:moveTo` wrapper (or a move's range mark),
    ready for runs."""
    mark = etree.Element(w(kind))
    mark.set(w("id"), ids.next())
    mark.set(w("author"), author)
    if date:
        mark.set(w("date"), date)
    for key, value in extra.items():
        mark.set(w(key), value)
    return mark


def mark_paragraph(paragraph: Any, kind: str, author: str, date: str, ids: Revisions) -> None:
    """Mark the paragraph's own mark as inserted, deleted or moved, so that rejecting
    (or accepting) the change removes the paragraph itself, not only its text."""
    properties = paragraph.find(w("pPr"))
    if properties is None:
        properties = etree.Element(w("pPr"))
        paragraph.insert(0, properties)
    marks = properties.find(w("rPr"))
    if marks is None:
        marks = etree.SubElement(properties, w("rPr"))
    marks.append(revision(kind, author, date, ids))


def move_range(paragraph: Any, found: Change, date: str, ids: Revisions) -> None:
    """The named range around a moved paragraph's content: Word pairs the place it
    left with the place it arrived by the range's name."""
    name = "move_" + re.sub(r"\W", "_", found.move)
    start = revision(f"{found.kind}RangeStart", found.author, date, ids, name=name)
    properties = paragraph.find(w("pPr"))
    paragraph.insert(0 if properties is None else paragraph.index(properties) + 1, start)
    etree.SubElement(paragraph, w(f"{found.kind}RangeEnd")).set(w("id"), start.get(w("id")))
