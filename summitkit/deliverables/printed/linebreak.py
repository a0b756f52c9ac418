"""Line breaking the print engine does not know: Korean words, CJK counters, footnote calls.

WeasyPrint breaks lines where Pango's Unicode line breaking (UAX #14) allows, and
ignores ``word-break: keep-all``: Korean then breaks between any two syllables
("대한민/국이"), and Japanese or Chinese between a number and its counter
("2012/年"). The printer removes those break opportunities from the print HTML by
putting U+2060 WORD JOINER between the characters that must stay together. The
joiner is default-ignorable: it draws nothing, and neither the PDF's text (what a
reader copies) nor what a screen reader reads contains it, so the words are
kept whole without changing the text or adding a structure element per word
(a ``white-space: nowrap`` span per word would add both).

Only the print HTML is changed; the site asks browsers for ``word-break: keep-all``.
Closing punctuation (、。」) needs nothing: UAX #14 already forbids a break before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml.html import HtmlElement

from summitkit.deliverables.printed import HANGUL

JOINER = "\u2060"

#: A run of characters between spaces that holds a Hangul syllable: one Korean word,
#: with whatever punctuation, digits or Latin letters are written into it ("(IAEA)의").
_KOREAN_WORD = re.compile(rf"[^\s{JOINER}]*{HANGUL.pattern}[^\s{JOINER}]*")

#: A number and the counter that follows it: 2012年, 10月, 24日, 3時 (or a full-width ２０１２年).
_NUMBER_AND_COUNTER = re.compile("(?<=[0-9\uff10-\uff19])(?=[年月日時分秒])")

# Elements whose text is not laid out as running text.
_SKIPPED = {"style", "script", "head", "title"}


def keep_words_whole(article: HtmlElement) -> None:
    """Glue each Korean word, and each number to its CJK counter, so that no line breaks
    inside them; a Korean word running across elements ("대한민국<em>이</em>") too."""
    previous = ""  # the last character laid out before the current piece of text
    for element, where in _pieces(article):
        text = getattr(element, where)
        if not text:
            continue
        result = _glue(text)
        if _joins(previous, result[0]):
            result = JOINER + result
        setattr(element, where, result)
        previous = result[-1]


def _pieces(element: HtmlElement) -> Iterator[tuple[HtmlElement, str]]:
    """Where each piece of the running text of `element` is held, in reading order:
    (element, "text") or (element, "tail")."""
    if element.tag not in _SKIPPED:
        yield element, "text"
        for child in element:
            if isinstance(child.tag, str):
                yield from _pieces(child)
            yield child, "tail"


def _glue(text: str) -> str:
    """`text` with a joiner between the characters of each Korean word and before counters."""
    text = _KOREAN_WORD.sub(lambda word: JOINER.join(word.group(0)), text)
    return _NUMBER_AND_COUNTER.sub(JOINER, text)


def _joins(before: str, after: str) -> bool:
    """Whether a Korean word runs on from one text node into the next."""
    if not before or not after or before.isspace() or after.isspace():
        return False
    return bool(HANGUL.match(before) or HANGUL.match(after)) and JOINER not in (before, after)
