"""Each author's version of the clause area, compared clause by clause with the base.

A *view* of the file is the base with one author's revisions accepted and
everyone else's rejected (`markup.kept`); the base view rejects them all. In
a view, a paragraph ends where a mark is kept, so a paragraph mark inserted by
the author splits a clause and one they deleted joins two (§17.13.5.15-16).
Each view paragraph is matched to the clauses whose anchor paragraph it holds:

* none: a new paragraph, inserted after the clause before it;
* one, or several of which only one still has text: that clause's new text
  (empty: the clause is deleted, even when its mark was kept), the others
  deleted;
* several with text (a merge): the first takes the joined text, the others are
  deleted.

The base view, compared with the text the printer wrote, gives the untracked
edits. Everything is linear in the number of paragraphs times authors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from summitkit.exchange.word.markup import WordParagraph, inserted, kept

Group = list[WordParagraph]


def groups(area: list[WordParagraph], author: str | None) -> list[Group]:
    """The paragraphs of `author`'s view, each as the file paragraphs it joins."""
    found: list[Group] = []
    current: Group = []
    for paragraph in area:
        current.append(paragraph)
        if not paragraph.mark or kept(paragraph.mark, author):
            found.append(current)
            current = []
    if current:
        found.append(current)
    return found


def text_of(group: Group, author: str | None) -> str:
    texts = [t for p in group if (t := p.text(author)).strip()]
    return " ".join(texts)


@dataclass
class Edit:
    """What one view changes in one place."""

    paragraph: int
    """The file paragraph it came from (the first of its view paragraph)."""
    clause: str
    """The clause changed, or (for an insert) the clause it follows."""
    text: str | None
    """The clause's new text; None for a deletion."""
    insert: bool = False
    chained: bool = False
    """An insert right after another insert of the same view: it follows that one."""
    style: str = ""
    date: str = ""


@dataclass
class Area:
    """The clause area of the file and its base view."""

    paragraphs: list[WordParagraph]
    homes: dict[int, str] = field(default_factory=dict)
    """Anchor paragraph index → clause."""
    anchors: dict[str, int] = field(default_factory=dict)
    """Clause → its anchor paragraph's index."""
    owner: dict[int, str] = field(default_factory=dict)
    """File paragraph index → the clause whose base paragraph it is part of."""
    base: dict[str, str] = field(default_factory=dict)
    """Each clause's text in the base view (every tracked change rejected)."""
    spans: set[tuple[int, int]] = field(default_factory=set)
    """(first, last) file paragraph of each base-view paragraph."""
    unanchored: set[tuple[int, ...]] = field(default_factory=set)
    """Base-view paragraphs with no anchor (reported once, not re-proposed per author)."""

    @classmethod
    def of(cls, paragraphs: list[WordParagraph], clauses: set[str]) -> Area:
        area = cls(paragraphs)
        for paragraph in paragraphs:
            if paragraph.clause in clauses and paragraph.clause not in area.anchors:
                area.homes[paragraph.index] = paragraph.clause
                area.anchors[paragraph.clause] = paragraph.index
        for group in groups(paragraphs, None):
            area.spans.add((group[0].index, group[-1].index))
            homes = [area.homes[p.index] for p in group if p.index in area.homes]
            if not homes:
                area.unanchored.add(tuple(p.index for p in group))
                continue
            for paragraph in group:
                area.owner[paragraph.index] = homes[0]
            area.base[homes[0]] = text_of(group, None)
        return area

    def edits(self, author: str | None, reference: dict[str, str]) -> Iterator[Edit]:
        """What `author`'s view (the base view for None) changes against `reference`."""
        previous: str | None = None
        chained = False
        for group in groups(self.paragraphs, author):
            first = group[0].index
            homes = [self.homes[p.index] for p in group if p.index in self.homes]
            if (
                author is not None
                and (first, group[-1].index) in self.spans
                and not any(p.revised and author in p.authors for p in group)
            ):
                # None of the author's revisions here, and the same paragraph as in the
                # base view: nothing of theirs to compare.
                chained = chained and not homes
                previous = homes[-1] if homes else previous
                continue
            # The base view's paragraphs were read once already, in `of`.
            text = self.base[homes[0]] if author is None and homes else text_of(group, author)
            if not homes:
                known = author is not None and tuple(p.index for p in group) in self.unanchored
                if (
                    text.strip()
                    and previous is not None
                    and not (known and text == text_of(group, None))
                ):
                    date = self.date(group, author)
                    yield Edit(first, previous, text, True, chained, group[-1].style, date)
                    chained = True
                continue
            chained = False
            speaking = [
                c
                for c in homes
                if any(p.text(author).strip() for p in group if self.owner.get(p.index) == c)
            ]
            target = speaking[0] if speaking else None
            date = self.date(group, author)
            if target is not None and text != reference.get(target):
                yield Edit(self.anchor(target), target, text, date=date)
            for clause in homes:
                if clause == target or not reference.get(clause, "").strip():
                    continue
                yield Edit(self.anchor(clause), clause, None, date=date)
            previous = homes[-1]

    def anchor(self, clause: str) -> int:
        return self.anchors[clause]

    @staticmethod
    def date(group: Group, author: str | None) -> str:
        dates = [
            r.date
            for p in group
            for r in (*p.mark, *(r for piece in p.pieces for r in piece.stack))
            if r.author == author and r.date
        ]
        return max(dates, default="")

    def oppositions(self) -> Iterator[tuple[str, str, str, str, str]]:
        """(inserter, deleter, clause, date, text) for each insertion that another
        author deleted: the inserter's proposal, which the deleter opposes."""
        for paragraph in self.paragraphs:
            for piece in paragraph.pieces:
                ins = inserted(piece.stack)
                gone = [r for r in piece.stack if r.kind == "del"]
                if ins is None or not gone or not piece.text.strip():
                    continue
                if gone[-1].author != ins.author:
                    clause = self.owner.get(paragraph.index) or self.homes.get(paragraph.index, "")
                    yield ins.author, gone[-1].author, clause, gone[-1].date, piece.text
