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
class _Walk:
    """Where a view's walk stands: the clause last passed, and whether the last new
    paragraph of the view is the one just before (a run of inserts)."""

    previous: str | None = None
    chained: bool = False


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
    spans: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    """(first, last) file paragraph of each base-view paragraph → the clauses anchored
    in it."""
    unanchored: set[tuple[int, ...]] = field(default_factory=set)
    """Base-view paragraphs with no anchor (reported once, not re-proposed per author)."""
    view: list[Group] = field(default_factory=list)
    """The base view's paragraphs, in order."""
    before: list[str | None] = field(default_factory=list)
    """For each base-view paragraph, the last clause anchored before it."""
    homed: list[int] = field(default_factory=lambda: [0])
    """For each base-view paragraph, how many before it hold an anchor (one more
    entry than `view`, for the end)."""
    by_author: dict[str, set[int]] = field(default_factory=dict)
    """Author → the base-view paragraphs (by number) holding their revisions."""
    marked: list[WordParagraph] = field(default_factory=list)
    """The paragraphs whose own mark is revised (the only places views split apart)."""

    @classmethod
    def of(cls, paragraphs: list[WordParagraph], clauses: set[str]) -> Area:
        area = cls(paragraphs)
        for paragraph in paragraphs:
            if paragraph.clause in clauses and paragraph.clause not in area.anchors:
                area.homes[paragraph.index] = paragraph.clause
                area.anchors[paragraph.clause] = paragraph.index
        area.view = groups(paragraphs, None)
        previous: str | None = None
        anchored = area.homes
        for number, group in enumerate(area.view):
            if len(group) == 1:  # most paragraphs: no paragraph mark revised
                home = anchored.get(group[0].index)
                homes = [] if home is None else [home]
            else:
                homes = [anchored[p.index] for p in group if p.index in anchored]
            area.spans[(group[0].index, group[-1].index)] = homes
            area.before.append(previous)
            area.homed.append(area.homed[-1] + bool(homes))
            for paragraph in group:
                if paragraph.revised:
                    for author in paragraph.authors:
                        area.by_author.setdefault(author, set()).add(number)
                    if paragraph.mark:
                        area.marked.append(paragraph)
            if not homes:
                area.unanchored.add(tuple(p.index for p in group))
                continue
            previous = homes[-1]
            for paragraph in group:
                area.owner[paragraph.index] = homes[0]
            area.base[homes[0]] = text_of(group, None)
        return area

    def edits(self, author: str | None, reference: dict[str, str]) -> Iterator[Edit]:
        """What `author`'s view (the base view for None) changes against `reference`."""
        if author is None:
            walk = _Walk()
            for group in self.view:
                yield from self.compared(group, author, reference, walk)
        elif any(kept(p.mark, author) != kept(p.mark, None) for p in self.marked):
            yield from self.reshaped(author, reference)
        else:
            # The author's view has the base view's paragraphs: only those holding the
            # author's revisions can differ. The walk's state at each is what walking
            # every paragraph in between (as `reshaped` does) would leave it.
            chained, last = False, -1
            for number in sorted(self.by_author.get(author, ())):
                if self.homed[number] > self.homed[last + 1]:
                    chained = False  # a clause in between ends a run of inserts
                walk = _Walk(self.before[number], chained)
                yield from self.compared(self.view[number], author, reference, walk)
                chained, last = walk.chained, number

    def reshaped(self, author: str, reference: dict[str, str]) -> Iterator[Edit]:
        """The edits of a view whose paragraphs are not the base view's (the author
        split or joined paragraphs, or rejected someone's split or join)."""
        walk = _Walk()
        for group in groups(self.paragraphs, author):
            homes = self.spans.get((group[0].index, group[-1].index))
            if homes is not None and not any(p.revised and author in p.authors for p in group):
                # None of the author's revisions here, and the same paragraph as in the
                # base view: nothing of theirs to compare.
                walk.chained = walk.chained and not homes
                walk.previous = homes[-1] if homes else walk.previous
                continue
            yield from self.compared(group, author, reference, walk)

    def compared(
        self, group: Group, author: str | None, reference: dict[str, str], walk: _Walk
    ) -> Iterator[Edit]:
        """What one paragraph of `author`'s view changes; `walk` moves past it."""
        first = group[0].index
        if author is None and len(group) == 1 and (homes := self.spans[(first, first)]):
            # Most of the base view: one file paragraph and its clause, read in `of`
            # (what the general case below does with it, without looking twice).
            (clause,) = homes
            text = self.base[clause]
            walk.chained = False
            if text.strip():
                if text != reference.get(clause):
                    yield Edit(self.anchor(clause), clause, text, date=self.date(group, author))
            elif reference.get(clause, "").strip():
                yield Edit(self.anchor(clause), clause, None, date=self.date(group, author))
            walk.previous = clause
            return
        homes = [self.homes[p.index] for p in group if p.index in self.homes]
        # The base view's paragraphs were read once already, in `of`.
        text = self.base[homes[0]] if author is None and homes else text_of(group, author)
        if not homes:
            known = author is not None and tuple(p.index for p in group) in self.unanchored
            if (
                text.strip()
                and walk.previous is not None
                and not (known and text == text_of(group, None))
            ):
                date = self.date(group, author)
                yield Edit(first, walk.previous, text, True, walk.chained, group[-1].style, date)
                walk.chained = True
            return
        walk.chained = False
        speaking = [
            c
            for c in homes
            if any(p.text(author).strip() for p in group if self.owner.get(p.index) == c)
        ]
        target = speaking[0] if speaking else None
        if target is not None and text != reference.get(target):
            yield Edit(self.anchor(target), target, text, date=self.date(group, author))
        for clause in homes:
            if clause == target or not reference.get(clause, "").strip():
                continue
            yield Edit(self.anchor(clause), clause, None, date=self.date(group, author))
        walk.previous = homes[-1]

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
            if not paragraph.revised:
                continue
            for piece in paragraph.pieces:
                ins = inserted(piece.stack)
                gone = [r for r in piece.stack if r.kind == "del"]
                if ins is None or not gone or not piece.text.strip():
                    continue
                if gone[-1].author != ins.author:
                    clause = self.owner.get(paragraph.index) or self.homes.get(paragraph.index, "")
                    yield ins.author, gone[-1].author, clause, gone[-1].date, piece.text
