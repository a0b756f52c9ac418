"""One sentence per line: how `summit fmt` lays out clause text.

A sentence ends at `.`, `?` or `!` (and any closing quotes or brackets after
it) followed by whitespace and then a capital letter, an opening quote or
bracket before a capital, or a CJK character. A full stop does not end a
sentence after a known abbreviation (`e.g.`, `Mr.`, `No.`), after a dotted
acronym (`U.S.`, `a.m.`) or after a single initial (`J.`): splitting too
seldom only leaves a long line, splitting wrongly would break a sentence.
"""

from __future__ import annotations

import re

ABBREVIATIONS = frozenset(
    {
        "Amb.", "Art.", "Arts.", "Co.", "Dr.", "Fig.", "Gen.", "H.E.", "Inc.", "Jr.",
        "Ltd.", "Mr.", "Mrs.", "Ms.", "No.", "Nos.", "Para.", "Prof.", "Rev.", "Sr.",
        "St.", "Vol.", "approx.", "ca.", "cf.", "e.g.", "i.e.", "para.", "paras.",
        "p.", "pp.", "vs.",
    }
)  # fmt: skip
"""Words ending in a full stop that do not end a sentence."""

_END = re.compile("[.?!][\"'\u201d\u2019)\\]]*\\s+")  # closing quotes, brackets
_DOTTED = re.compile(r"^(?:[A-Za-z]\.){2,}$")  # U.S., U.K., a.m., e.g.
_INITIAL = re.compile(r"^[A-Z]\.$")
_OPENERS = "\"'\u201c\u2018(["  # opening quotes, brackets


def is_cjk(char: str) -> bool:
    """Han, kana and Hangul: scripts whose sentences need no capital to start."""
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # hiragana, katakana
        or 0x3400 <= code <= 0x4DBF  # CJK extension A
        or 0x4E00 <= code <= 0x9FFF  # CJK unified ideographs
        or 0xAC00 <= code <= 0xD7AF  # Hangul syllables
        or 0xF900 <= code <= 0xFAFF  # CJK compatibility ideographs
    )


def _starts_sentence(text: str, at: int) -> bool:
    char = text[at : at + 1]
    if char in _OPENERS and char:
        char = text[at + 1 : at + 2]
    return bool(char) and (char.isupper() or is_cjk(char))


def _after_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at `stop` closes an abbreviation rather than a sentence."""
    word = text[: stop + 1].rsplit(None, 1)[-1].lstrip(_OPENERS)
    return word in ABBREVIATIONS or bool(_DOTTED.match(word) or _INITIAL.match(word))


def split_sentences(text: str) -> list[str]:
    """The sentences of `text`, whitespace inside each one normalised to single spaces."""
    flat = " ".join(text.split())
    sentences: list[str] = []
    start = 0
    for match in _END.finditer(flat):
        if not _starts_sentence(flat, match.end()):
            continue
        if flat[match.start()] == "." and _after_abbreviation(flat, match.start()):
            continue
        sentences.append(flat[start : match.end()].rstrip())
        start = match.end()
    if start < len(flat):
        sentences.append(flat[start:])
    return sentences
