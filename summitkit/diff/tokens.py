"""The word-level redline inside one clause.

Tokenisation rule (the one the word counts follow):

* a run of whitespace is one token, never compared, but kept so that the
  redline reproduces both texts byte for byte;
* each Chinese, Japanese or Korean character (Han, Hiragana, Katakana, Hangul)
  is a token of its own, so CJK text is compared character by character;
* a run of other letters, digits and underscores is one word token;
* every other character (punctuation, symbols, reST markup such as `*`) is a
  token of its own.

On ASCII text this is git's `--word-diff-regex='[A-Za-z0-9_]+|[^[:space:]]'`.
Word counts count the word tokens and CJK characters that a change inserts
or deletes; punctuation tokens are compared and marked but not counted.

Tokens are compared with `difflib.SequenceMatcher(autojunk=False)`; a single
token that the two versions share between two changes is folded into them
(`merge_islands`), so a rewritten sentence reads as one change, not as a
comb of changes around every shared 'the'. The word counts are taken before
that folding, on the diff itself, so they stay comparable with git's.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

Op = Literal["equal", "insert", "delete"]

_CJK_RANGES = (
    "\u1100-\u11ff"  # Hangul Jamo
    "\u2e80-\u2fdf"  # CJK radicals, Kangxi radicals
    "\u3005\u3007\u3021-\u3029\u3038-\u303b"  # ideographic iteration marks and numerals
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3130-\u318f"  # Hangul compatibility Jamo
    "\u31f0-\u31ff"  # Katakana phonetic extensions
    "\u3400-\u4dbf"  # CJK Unified Ideographs Extension A
    "\u4e00-\u9fff"  # CJK Unified Ideographs
    "\ua960-\ua97f"  # Hangul Jamo Extended-A
    "\uac00-\ud7ff"  # Hangul syllables, Jamo Extended-B
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff66-\uff9f"  # half-width Katakana
    "\uffa0-\uffdc"  # half-width Hangul
    "\U00020000-\U0003134f"  # CJK Unified Ideographs Extensions B-G
)
_ASCII = re.compile(r"\s+|\w+|\S")
"""The rule on ASCII text, where there is no CJK character: compiled in a fiftieth of
the time of the whole rule's character classes (a twentieth of a quick diff)."""
_COUNTED = re.compile(r"\w")


@functools.cache
def _whole_rule() -> re.Pattern[str]:
    return re.compile(rf"\s+|[{_CJK_RANGES}]|[^\W{_CJK_RANGES}]+|[^\s]")


def _tokens(text: str) -> list[str]:
    return (_ASCII if text.isascii() else _whole_rule()).findall(text)


def tokenise(text: str) -> list[str]:
    """Split text into whitespace runs, CJK characters, words and punctuation marks."""
    return _tokens(text)


def is_word(token: str) -> bool:
    """Whether a token counts as a word: it holds a letter, digit or CJK character."""
    return bool(_COUNTED.match(token))


def count_words(text: str) -> int:
    """Words in a text, by the rule above."""
    return sum(1 for token in tokenise(text) if is_word(token))


@dataclass(frozen=True)
class Segment:
    """One run of a redline: text both sides share, or text one side inserted or deleted."""

    op: Op
    text: str


@dataclass(frozen=True)
class Redline:
    segments: tuple[Segment, ...]
    words_inserted: int
    words_deleted: int

    @property
    def changed(self) -> bool:
        return any(s.op != "equal" for s in self.segments)

    def old_text(self) -> str:
        return "".join(s.text for s in self.segments if s.op != "insert")

    def new_text(self) -> str:
        return "".join(s.text for s in self.segments if s.op != "delete")


def _split(text: str) -> tuple[list[str], list[str]]:
    """Words (non-space tokens) and the whitespace before each, plus the trailing run.

    `spaces[k]` is the whitespace before `words[k]`; `spaces[len(words)]` ends the text.
    """
    words: list[str] = []
    spaces: list[str] = []
    gap = ""
    for token in _tokens(text):
        if token[0].isspace():  # a whole run of whitespace (`\s` is `str.isspace`)
            gap = token
        else:
            words.append(token)
            spaces.append(gap)
            gap = ""
    spaces.append(gap)
    return words, spaces


class _Builder:
    def __init__(self) -> None:
        self.segments: list[Segment] = []

    def add(self, op: Op, text: str) -> None:
        if not text:
            return
        if self.segments and self.segments[-1].op == op:
            self.segments[-1] = Segment(op, self.segments[-1].text + text)
        else:
            self.segments.append(Segment(op, text))

    def space(self, old: str, new: str) -> None:
        if old == new:
            self.add("equal", new)
        else:
            self.add("delete", old)
            self.add("insert", new)

    def words(self, op: Op, words: list[str], spaces: list[str], start: int, end: int) -> None:
        for k in range(start, end):
            if k > start:
                self.add(op, spaces[k])
            self.add(op, words[k])


def redline(old: str, new: str) -> Redline:
    """Word-level redline of two texts.

    Joining the `equal` and `delete` segments gives `old` exactly; joining the
    `equal` and `insert` segments gives `new` exactly.
    """
    old_words, old_spaces = _split(old)
    new_words, new_spaces = _split(new)
    out = _Builder()
    opcodes = SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes()
    consumed = False  # whether the whitespace before the next shared word is written
    for tag, i1, i2, j1, j2 in merge_islands(opcodes):
        if tag == "equal":
            shared: list[str] = []  # joined once, not word by word
            for k in range(i2 - i1):
                if k or not consumed:
                    before, after = old_spaces[i1 + k], new_spaces[j1 + k]
                    if before == after:
                        shared.append(after)
                    else:
                        out.add("equal", "".join(shared))
                        shared = []
                        out.space(before, after)
                shared.append(new_words[j1 + k])
            out.add("equal", "".join(shared))
            consumed = False
            continue
        lead_old, lead_new = old_spaces[i1], new_spaces[j1]
        if lead_old == lead_new and (i1 == i2 or j1 == j2):
            # A pure insertion or deletion takes the whitespace after it, not before,
            # as git shows it: "Work {+closely +}together".
            out.add("equal", lead_old)
            out.words("delete", old_words, old_spaces, i1, i2)
            out.words("insert", new_words, new_spaces, j1, j2)
            if i2 > i1:
                out.add("delete", old_spaces[i2])
            else:
                out.add("insert", new_spaces[j2])
            consumed = True
            continue
        # Otherwise the whitespace before a change belongs to it, except what both share.
        if i2 > i1 and j2 > j1 and lead_old == lead_new:
            out.add("equal", lead_old)
            lead_old = lead_new = ""
        out.add("delete", lead_old if i2 > i1 else "")
        out.words("delete", old_words, old_spaces, i1, i2)
        out.add("insert", lead_new if j2 > j1 else "")
        out.words("insert", new_words, new_spaces, j1, j2)
        consumed = False
    if not consumed:
        out.space(old_spaces[len(old_words)], new_spaces[len(new_words)])
    # Counted on the diff itself, before islands were folded for reading.
    inserted = sum(_words(new_words[j1:j2]) for tag, _, _, j1, j2 in opcodes if tag != "equal")
    deleted = sum(_words(old_words[i1:i2]) for tag, i1, i2, _, _ in opcodes if tag != "equal")
    return Redline(tuple(out.segments), inserted, deleted)


def _words(tokens: list[str]) -> int:
    return sum(1 for token in tokens if is_word(token))


Opcode = tuple[str, int, int, int, int]


def merge_islands(opcodes: Sequence[Opcode]) -> list[Opcode]:
    """Fold a single shared token between two changes into them.

    In a rewritten sentence SequenceMatcher keeps every 'the' and comma the
    two versions share, which chops the redline into pieces; one token alone
    between two changes reads better as part of one larger change.
    """
    merged: list[Opcode] = []
    for op in opcodes:
        if op[0] != "equal" and merged and merged[-1][0] != "equal":
            last = merged.pop()
            op = ("replace", last[1], op[2], last[3], op[4])
        if (
            op[0] != "equal"
            and len(merged) >= 2
            and merged[-1][0] == "equal"
            and merged[-1][2] - merged[-1][1] == 1
            and merged[-2][0] != "equal"
        ):
            merged.pop()
            last = merged.pop()
            op = ("replace", last[1], op[2], last[3], op[4])
        merged.append(op)
    return merged


def inserted_only(text: str) -> Redline:
    """A redline in which all of `text` is new (a clause that was added)."""
    return redline("", text)


def deleted_only(text: str) -> Redline:
    """A redline in which all of `text` is gone (a clause that was removed)."""
    return redline(text, "")
