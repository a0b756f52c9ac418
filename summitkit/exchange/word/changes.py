"""From an edited clause to proposal changes: a word-level comparison against the base.

Words are the diff stage's tokens (`summitkit.diff.tokens.tokenise`), so the
importer and the redline agree on what a word is. A changed run of words
becomes a `replace` whose `old` is the exact text of the base record (line
breaks included), grown by neighbouring words until it occurs once in the
clause; a clause rewritten beyond recognition (no word left in common)
becomes a `substitute`.
"""

from __future__ import annotations

import io
import re
from difflib import SequenceMatcher
from functools import lru_cache
from typing import Any, NamedTuple

from summitkit.diff.tokens import is_word, tokenise
from summitkit.sources.records.brackets import printed

_SPACES = re.compile(r"[ \t\n\r\f\v]{2,}|[\t\n\r\f\v]")
"""White space other than one space alone (which stays as it is)."""
_MARKUP = re.compile(r"[*`_|\\]|\[[#*0-9a-z]*\]|:[a-z-]+:")


class Word(NamedTuple):
    """A word of a clause (a tuple: thousands are made per import)."""

    text: str
    start: int
    end: int
    """Where the word lies in the text it was read from."""


def words(text: str) -> list[Word]:
    found, at = [], 0
    for token in tokenise(text):
        if not token.isspace():
            found.append(Word(token, at, at + len(token)))
        at += len(token)
    return found


def normalised(text: str) -> str:
    """Runs of white space as one space; a non-breaking space is kept, it is the
    drafter's choice (a number and its unit, "Article 5")."""
    return _SPACES.sub(" ", text).strip()


def printed_plain(source: str) -> str:
    """A clause's text as the printer writes it: brackets in their printed form,
    reST markup (emphasis, literals, links) as the words it shows, footnote and
    citation references left out — they print as marks, not words."""
    if not _MARKUP.search(source):  # no role (so no bracket) and no markup: most clauses
        return normalised(source)
    return _printed_markup(source)


@lru_cache(maxsize=4096)
def _printed_markup(source: str) -> str:
    text = printed(source)
    if not _MARKUP.search(text):
        return normalised(text)
    from docutils import nodes
    from docutils.core import publish_doctree

    tree = publish_doctree(
        text,
        settings_overrides={
            "report_level": 5,
            "halt_level": 5,
            "warning_stream": io.StringIO(),
            "file_insertion_enabled": False,
            "raw_enabled": False,
        },
    )
    for kind in (
        nodes.footnote_reference,
        nodes.citation_reference,
        nodes.footnote,
        nodes.citation,
        nodes.system_message,
        nodes.substitution_definition,
        nodes.target,
    ):
        for node in list(tree.findall(kind)):
            node.parent.remove(node)
    return normalised(" ".join(p.astext() for p in tree.findall(nodes.paragraph)) or text)


def clause_changes(clause: str, base: str, edited: str) -> list[dict[str, Any]]:
    """The changes that turn clause `clause`'s text `base` into `edited`."""
    if normalised(base) == normalised(edited):
        return []
    old, new = words(base), words(edited)
    matcher = SequenceMatcher(None, [w.text for w in old], [w.text for w in new], autojunk=False)
    opcodes = matcher.get_opcodes()
    if not any(op[0] == "equal" for op in opcodes):
        return [{"substitute": {"clause": clause, "text": normalised(edited)}}]
    hunks: list[tuple[int, int, int, int]] = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        if hunks and i1 - hunks[-1][1] <= 1:
            # One word between two changes: one change reads better ("each summit
            # round" → "every summit"), as in the redline.
            hunks[-1] = (hunks[-1][0], i2, hunks[-1][2], j2)
        else:
            hunks.append((i1, i2, j1, j2))
    changes = []
    for i1, i2, j1, j2 in hunks:
        change = replacement(base, old, new, edited, (i1, i2, j1, j2))
        changes.append({"replace": {"clause": clause, **change}})
    return changes


def replacement(
    base: str, old: list[Word], new: list[Word], edited: str, hunk: tuple[int, int, int, int]
) -> dict[str, str]:
    """`old` and `new` words of one hunk, widened until `old` is unique and not empty."""
    i1, i2, j1, j2 = hunk
    while True:
        if i1 == i2 or j1 == j2:
            # A pure insertion has no old words, a pure deletion no new ones: take a
            # neighbouring word along, so that the words around stay one space apart
            # (past punctuation: "round." reads better than ".").
            if i1 > 0:
                i1, j1 = i1 - 1, j1 - 1
                while i1 > 0 and not is_word(old[i1].text) and i1 < i2:
                    i1, j1 = i1 - 1, j1 - 1
            else:
                i2, j2 = i2 + 1, j2 + 1
        text = base[old[i1].start : old[i2 - 1].end]
        if base.count(text) == 1 or (i1 == 0 and i2 == len(old)):
            break
        if i1 > 0:
            i1, j1 = i1 - 1, j1 - 1
        elif i2 < len(old):
            i2, j2 = i2 + 1, j2 + 1
    replaced = edited[new[j1].start : new[j2 - 1].end] if j1 < j2 else ""
    return {"old": text, "new": normalised(replaced)}
