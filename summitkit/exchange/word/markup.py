"""WordprocessingML's revision markup, as ECMA-376 Part 1 §17.13 defines it.

Each run's state is the stack of revisions around it, outermost first: text
that A inserted and B then deleted sits in `w:del` (B) inside `w:ins` (A)
(§17.13.5.14, §17.13.5.18), so it is neither base text nor B's edit of the
base but A's insertion, which B opposes. `w:moveFrom`/`w:moveTo` (§17.13.5.22,
§17.13.5.25) count as a deletion and an insertion by their author. A
paragraph's own mark carries its revision in `w:pPr/w:rPr/w:ins|w:del`
(§17.13.5.16, §17.13.5.15): an inserted mark splits a paragraph, a deleted one
joins it to the next. Wrappers are looked through, block level (`w:sdt`,
§17.5.2; `w:customXml`, §17.5.1) and inline (`w:sdt`, `w:customXml`,
`w:smartTag`, `w:hyperlink`, `w:fldSimple`, `w:dir`, `w:bdo`); a complex
field (`w:fldChar`, §17.16.18) shows its result, never its instruction.
Formatting changes (`w:rPrChange`, `w:pPrChange`, §17.13.5.31-29) live inside
property elements and are never read. Footnote and comment references are not
text. Paragraphs in tables are read, but flagged: no clause lives there.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, NamedTuple

from summitkit.deliverables.word_marks import W, clause_of_bookmark


def w(name: str) -> str:
    return f"{{{W}}}{name}"


_REVISIONS = {w("ins"): "ins", w("moveTo"): "ins", w("del"): "del", w("moveFrom"): "del"}
_WRAPPERS = {
    w(name)
    for name in (
        "hyperlink",
        "smartTag",
        "customXml",
        "fldSimple",
        "sdt",
        "sdtContent",
        "dir",
        "bdo",
    )
}
_SPACE = {w("tab"), w("br"), w("cr"), w("ptab")}
_NOTE_STYLES = {"FootnoteReference", "EndnoteReference"}


def _note_mark(instruction: str) -> bool:
    """Whether a field shows a note's number (`NOTEREF`, §17.16.5.39): a mark, not words."""
    return instruction.strip().upper().startswith("NOTEREF")


@dataclass(frozen=True)
class Revision:
    """One tracked change around a run or a paragraph mark."""

    kind: Literal["ins", "del"]
    author: str
    date: str
    move: bool = False


Stack = tuple[Revision, ...]


def inserted(stack: Stack) -> Revision | None:
    return next((r for r in stack if r.kind == "ins"), None)


def deleted(stack: Stack) -> Revision | None:
    return next((r for r in reversed(stack) if r.kind == "del"), None)


def kept(stack: Stack, author: str | None) -> bool:
    """Whether content with these revisions is there in `author`'s version: the base
    with `author`'s changes accepted and everyone else's rejected. `None` is the base
    itself (every change rejected); "*" is Word's "accept all"."""
    if not stack:  # most runs and marks: kept in every view
        return True
    ins, gone = inserted(stack), deleted(stack)
    if author == "*":
        return gone is None
    if ins is not None and ins.author != author:
        return False
    return gone is None or gone.author != author


class Piece(NamedTuple):
    """The text of one run and the revisions around it (a tuple: one per run)."""

    text: str
    stack: Stack = ()


@dataclass
class WordParagraph:
    """One paragraph as the editor left it."""

    index: int
    clause: str | None
    """The clause its summitkit bookmark anchors, or None."""
    style: str
    pieces: list[Piece] = field(default_factory=list)
    mark: Stack = ()
    """The revisions of the paragraph's own mark."""
    in_table: bool = False
    move_from: set[str] = field(default_factory=set)
    """Names of the move-source ranges that start in it (§17.13.5.24)."""
    sections: tuple[str, ...] = ()
    """The body-level bookmarks around it, outermost first (a compilation text's
    clause ids)."""
    moved_anchor: str | None = None
    """The move range its anchor was found in, when the bookmark travelled with a move."""
    comments: list[str] = field(default_factory=list)

    revisions: bool | None = field(default=None, repr=False, compare=False)
    """Whether any tracked change touches it, once known (read after the walk)."""
    seen: dict[str | None, str] = field(default_factory=dict, repr=False, compare=False)
    """Its text in each view asked for so far (each view is read several times)."""
    by: list[str] | None = field(default=None, repr=False, compare=False)
    """The authors of its revisions, once known."""

    def text(self, author: str | None) -> str:
        if not self.revised:  # the same in every view: every piece kept
            if None not in self.seen:
                self.seen[None] = "".join(p.text for p in self.pieces)
            return self.seen[None]
        if author not in self.seen:
            self.seen[author] = "".join(p.text for p in self.pieces if kept(p.stack, author))
        return self.seen[author]

    @property
    def authors(self) -> list[str]:
        if not self.revised:
            return []
        if self.by is None:  # asked once per view: found once
            found = [r.author for p in self.pieces for r in p.stack]
            self.by = list(dict.fromkeys([*found, *(r.author for r in self.mark)]))
        return self.by

    @property
    def revised(self) -> bool:
        if self.revisions is None:
            self.revisions = bool(self.mark) or any(p.stack for p in self.pieces)
        return self.revisions


@dataclass
class Body:
    paragraphs: list[WordParagraph] = field(default_factory=list)
    quotes: dict[str, list[str]] = field(default_factory=dict)
    """The text each comment's range covers."""
    starts: dict[str, int] = field(default_factory=dict)
    """The paragraph each comment starts in."""


class T:
    """Qualified names of the elements and attributes the walk reads, made once: it
    asks for them hundreds of thousands of times in a long file."""

    author = w("author")
    bookmarkEnd = w("bookmarkEnd")
    bookmarkStart = w("bookmarkStart")
    commentRangeEnd = w("commentRangeEnd")
    commentRangeStart = w("commentRangeStart")
    commentReference = w("commentReference")
    date = w("date")
    delText = w("delText")
    fldChar = w("fldChar")
    fldCharType = w("fldCharType")
    fldSimple = w("fldSimple")
    id = w("id")
    instr = w("instr")
    instrText = w("instrText")
    moveFrom = w("moveFrom")
    moveFromRangeStart = w("moveFromRangeStart")
    moveTo = w("moveTo")
    moveToRangeEnd = w("moveToRangeEnd")
    moveToRangeStart = w("moveToRangeStart")
    name = w("name")
    noBreakHyphen = w("noBreakHyphen")
    p = w("p")
    pPr = w("pPr")
    pStyle = w("pStyle")
    r = w("r")
    rPr = w("rPr")
    rStyle = w("rStyle")
    t = w("t")
    tbl = w("tbl")
    tc = w("tc")
    val = w("val")


class Walker:
    """Reads the body into paragraphs of pieces, keeping every revision's stack."""

    def __init__(self) -> None:
        self.body = Body()
        self.open_comments: set[str] = set()
        self.open_moves: dict[str, str] = {}
        """Open move-destination ranges: id → name."""
        self.in_field = False
        self.instruction = ""
        self.hidden = False
        """Inside the result of a field that shows a note's number (NOTEREF)."""
        self.pending_from: str | None = None
        self.sections: dict[str, str] = {}
        """Open body-level bookmarks: id → name, in the order they opened."""

    def block(self, node: Any, stack: Stack, in_table: bool) -> None:
        for child in node:
            tag = child.tag
            if tag == T.p:
                self.paragraph(child, stack, in_table)
            elif tag == T.tbl:
                for row in child.iter(T.tc):
                    self.block(row, stack, True)
            elif tag in _REVISIONS:
                self.block(child, (*stack, revision(child)), in_table)
            elif tag in _WRAPPERS:
                self.block(child, stack, in_table)
            elif tag in (T.moveToRangeStart, T.moveToRangeEnd, T.moveFromRangeStart):
                self.range_mark(child, None)
            elif tag == T.bookmarkStart:
                self.sections[child.get(T.id, "")] = child.get(T.name, "")
            elif tag == T.bookmarkEnd:
                self.sections.pop(child.get(T.id, ""), None)

    def paragraph(self, element: Any, stack: Stack, in_table: bool) -> None:
        paragraphs = self.body.paragraphs
        paragraph = WordParagraph(len(paragraphs), None, "", in_table=in_table)
        if self.sections:
            paragraph.sections = tuple(self.sections.values())
        # `next(iterchildren)` is `find` for a child's tag, filtered in C.
        properties = next(element.iterchildren(T.pPr), None)
        if properties is not None:
            style = next(properties.iterchildren(T.pStyle), None)
            paragraph.style = style.get(T.val, "") if style is not None else ""
            marks = next(properties.iterchildren(T.rPr), None)
            if marks is not None:
                paragraph.mark = stack + tuple(
                    revision(child) for child in marks if child.tag in _REVISIONS
                )
        if not paragraph.mark:
            paragraph.mark = stack
        if self.pending_from is not None:
            paragraph.move_from.add(self.pending_from)
            self.pending_from = None
        paragraphs.append(paragraph)
        self.inline(element, stack, paragraph)

    def inline(self, node: Any, stack: Stack, paragraph: WordParagraph) -> None:
        for child in node:
            tag = child.tag
            if tag == T.r:
                self.run(child, stack, paragraph)
            elif tag == T.bookmarkEnd:
                continue  # one a clause: nothing below would take it
            elif tag in _REVISIONS:
                self.inline(child, (*stack, revision(child)), paragraph)
            elif tag == T.fldSimple and _note_mark(child.get(T.instr, "")):
                continue  # a note's number shown again (NOTEREF), not words
            elif tag in _WRAPPERS:
                self.inline(child, stack, paragraph)
            elif tag == T.bookmarkStart:
                clause = clause_of_bookmark(child.get(T.name, ""))
                if clause is not None and paragraph.clause is None:
                    paragraph.clause = clause
                    moves = list(self.open_moves.values())
                    paragraph.moved_anchor = moves[-1] if moves else None
            elif tag == T.commentRangeStart:
                number = child.get(T.id, "")
                self.open_comments.add(number)
                self.body.starts.setdefault(number, paragraph.index)
                paragraph.comments.append(number)
            elif tag == T.commentRangeEnd:
                self.open_comments.discard(child.get(T.id, ""))
            elif tag.startswith(f"{{{W}}}move") and tag.endswith(("RangeStart", "RangeEnd")):
                self.range_mark(child, paragraph)

    def range_mark(self, mark: Any, paragraph: WordParagraph | None) -> None:
        number, name = mark.get(T.id, ""), mark.get(T.name, "")
        if mark.tag == T.moveToRangeStart:
            self.open_moves[number] = name
        elif mark.tag == T.moveToRangeEnd:
            self.open_moves.pop(number, None)
        elif mark.tag == T.moveFromRangeStart:
            if paragraph is not None:
                paragraph.move_from.add(name)
            else:  # between paragraphs: it starts with the next one
                self.pending_from = name

    def run(self, run: Any, stack: Stack, paragraph: WordParagraph) -> None:
        if _note_run(run):
            return  # a footnote or endnote mark
        parts = []
        for child in run:
            tag = child.tag
            if tag == T.fldChar:
                kind = child.get(T.fldCharType)
                self.in_field = kind == "begin"
                if kind == "begin":
                    self.instruction = ""
                self.hidden = kind == "separate" and _note_mark(self.instruction)
            elif tag == T.instrText:
                self.instruction += child.text or ""
            elif self.in_field or self.hidden:
                continue  # the field's instruction, or a note's number shown again
            elif tag in (T.t, T.delText):
                parts.append(child.text or "")
            elif tag in _SPACE:
                parts.append(" ")
            elif tag == T.noBreakHyphen:
                parts.append("\u2011")
            elif tag == T.commentReference:
                number = child.get(T.id, "")
                if number not in self.body.starts:
                    self.body.starts[number] = paragraph.index
                    paragraph.comments.append(number)
        if not parts:
            return
        piece = Piece("".join(parts), stack)
        paragraph.pieces.append(piece)
        for number in self.open_comments:
            self.body.quotes.setdefault(number, []).append(piece.text)


def _note_run(run: Any) -> bool:
    """Whether a run is a footnote or endnote mark: its first `w:rPr/w:rStyle` (as
    `find` would give it) names a note style. `iterchildren` filters in C: most runs
    have no properties, or none but formatting."""
    for properties in run.iterchildren(T.rPr):
        for style in properties.iterchildren(T.rStyle):
            return style.get(T.val, "") in _NOTE_STYLES
    return False


def revision(element: Any) -> Revision:
    kind = _REVISIONS[element.tag]
    move = element.tag in (T.moveTo, T.moveFrom)
    return Revision(kind, element.get(T.author, ""), element.get(T.date, ""), move)  # type: ignore[arg-type]


def read_body(body: Any) -> Body:
    """The paragraphs of a `w:body`, each anchor moved back to where the text came from
    when its bookmark travelled with a tracked move."""
    walker = Walker()
    walker.block(body, (), False)
    found = walker.body
    sources = {name: p for p in found.paragraphs for name in p.move_from}
    for paragraph in found.paragraphs:
        name = paragraph.moved_anchor
        if name and name in sources and paragraph.clause is not None:
            home = sources[name]
            if home.clause is None:
                home.clause, paragraph.clause = paragraph.clause, None
    return found
