"""The leak check's rule: which texts an audience may not see, and whether an output
holds one. (summitkit.deliverables.leaks applies it to a build's files.)

The rule: a restricted text that also occurs in what the audience may see (the
same words in a visible record) is not a secret. Of the rest, texts of
MIN_LENGTH letters and digits or more are searched for with markup, spacing and
case ignored; shorter ones (ids, names, numbers of MIN_TOKEN characters or
more) as whole words, so that "jpn" does not match inside "jpnx".

Every command that prints or writes corpus content for an audience makes one
`LeakGuard` from the unfiltered corpus (or corpora: both sides of a redline) and
calls `check` on each output before printing or writing it; `LeakFound` is
printed as `OUTPUT: error: ... [audience/leak]`, exit 1, and nothing is written.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from pydantic import BaseModel

from summitkit.sources.audience.leak_found import LeakFound as LeakFound
from summitkit.sources.audience.visible import visible
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import TLP, Document

MIN_LENGTH = 16
"""Texts this long (letters and digits) are searched for inside any text."""
MIN_TOKEN = 3
"""Shorter texts are matched as whole words; below this, not at all (a, 12)."""

_TAG = re.compile(r"<[^>]+>")
_NOT_WORD = re.compile(r"[\W_]+")
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Secret:
    where: str
    text: str


def normalise(text: str) -> str:
    """Letters and digits only, lowercased: robust to markup, line breaks and hyphenation."""
    return _NOT_WORD.sub("", text).casefold()


def words(text: str) -> str:
    """' jpn coe 2012 ': the words of `text`, lowercased, one space around each."""
    return " " + " ".join(_WORD.findall(text.casefold())) + " "


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, Enum):
        return  # a status or kind names no one: every record has one
    if isinstance(value, str):
        yield value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _strings(getattr(value, name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def secrets(corpus: Corpus, audience: TLP, *others: Corpus) -> list[Secret]:
    """The text of everything in `corpus` the audience may not see, less what it sees
    elsewhere: in `corpus` or in the `others` printed beside it (a redline's other side,
    which may be loaded in part and so hold records this side lacks)."""
    from summitkit.sources.audience.visible import for_audience

    hidden: list[Secret] = []

    def add(where: str, value: object) -> None:
        hidden.extend(Secret(where, text) for text in _strings(value))

    default = corpus.default_sensitivity
    # What the one boundary drops is restricted, whatever the reason: its own label,
    # or a summit, document or clause it hangs on that the audience may not see.
    shown_here = for_audience(corpus, audience)
    shown_keys = {(record.kind, record.id) for record in shown_here}
    for record in corpus:
        where = f"{record.kind} {record.id}"
        if (record.kind, record.id) not in shown_keys:
            add(where, record)
            continue
        for name, label in record.field_sensitivity.items():
            if not visible(label, audience):
                add(f"{where} field {name}", getattr(record, name, None))
                for lang, held in getattr(record, "translations", {}).items():
                    add(f"{where} field {name} ({lang})", getattr(held, name, None))
                claims = [c.value for c in record.claims if c.field.split(".")[0] == name]
                add(f"{where} claims about {name}", claims)
        if isinstance(record, Document):
            for clause in record.clauses:
                if not visible(clause.sensitivity or record.sensitivity, audience, default):
                    add(f"{where} clause {clause.id}", [clause.text, clause.translations])
    if not hidden:  # nothing above the audience: no need to gather what it sees
        return []
    seen = [
        text
        for records in (shown_here, *(for_audience(other, audience) for other in others))
        for record in records
        for text in _strings(record)
    ]
    seen_words = "".join(words(text) for text in seen)
    seen_letters = normalise(" ".join(seen))
    found: list[Secret] = []
    for secret in hidden:
        letters = normalise(secret.text)
        if len(letters) >= MIN_LENGTH:
            kept = letters not in seen_letters
        else:
            kept = len(letters) >= MIN_TOKEN and words(secret.text) not in seen_words
        if kept:
            found.append(secret)
    return found


def found_in(text: str, restricted: list[Secret]) -> list[Secret]:
    """The restricted texts that `text` holds (see the module's rule)."""
    if not restricted or not text:
        return []
    letters, spaced = normalise(text), words(text)
    return [
        s
        for s in restricted
        if (normalise(s.text) in letters if len(normalise(s.text)) >= MIN_LENGTH else
            words(s.text) in spaced)
    ]  # fmt: skip


def plain_text(markup: str, between: str = " ") -> str:
    """`markup` (HTML or XML) as the words it shows: each tag replaced by `between`,
    entities by their characters."""
    return html.unescape(_TAG.sub(between, markup))


def office_text(data: bytes, between: str = " ") -> str:
    """The text of every XML part of an Office file, markup replaced by `between`:
    a space for XLSX, whose cells are separate values; nothing for DOCX, where Word
    splits one word into several runs."""
    import zipfile  # here: only commands that write Office files need it

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = [n for n in archive.namelist() if n.endswith(".xml")]
        return " ".join(plain_text(archive.read(n).decode(), between) for n in parts)


class LeakGuard:
    """The leak check for one command: made from the unfiltered corpus, it checks each
    output before the command prints or writes it. Every command that prints or writes
    corpus content for an audience calls `check` on it (export, report, diff, and the
    commands that come: compile, import's dry run)."""

    def __init__(self, audience: TLP, *corpora: Corpus, one_revision: bool = False) -> None:
        """`corpora` are the revisions printed (a redline's two sides). A text restricted
        in any of them is restricted, unless the audience sees it elsewhere in the same
        revision: with `one_revision` (parts of one revision, such as the two records of
        `summit diff ID1 ID2`), what it sees in any part counts."""
        self.audience = audience
        self.restricted = [
            s
            for i, corpus in enumerate(corpora)
            for s in secrets(
                corpus, audience, *(corpora[:i] + corpora[i + 1 :] if one_revision else ())
            )
        ]

    def check(self, output: str, data: str | bytes) -> None:
        """Raise LeakFound if `data` (text, or bytes of UTF-8 text) holds restricted text."""
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        if found := found_in(plain_text(text), self.restricted):
            raise LeakFound(output, self.audience, found)
