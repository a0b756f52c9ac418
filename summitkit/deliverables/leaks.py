"""The leak check: after a build, look for restricted text in every output.

Filtering by audience happens once, before rendering (`summitkit.sources.audience`).
This check does not trust that: it collects the text of every record, clause
and field above the audience from the unfiltered corpus, and searches the
built HTML (search index included), PDF and DOCX for it.
"""

from __future__ import annotations

import html
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from summitkit.sources.audience import visible
from summitkit.sources.corpus import Corpus
from summitkit.sources.schema import TLP, Document

MIN_LENGTH = 16
"""Shorter strings (ids, names) are not distinctive enough to search for."""

_TAG = re.compile(r"<[^>]+>")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class Secret:
    where: str
    text: str


@dataclass(frozen=True)
class Leak:
    secret: Secret
    output: Path


def normalise(text: str) -> str:
    """Letters and digits only, lowercased: robust to markup, line breaks and hyphenation."""
    return _NOT_WORD.sub("", text).casefold()


def _strings(value: object) -> Iterator[str]:
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


def secrets(corpus: Corpus, audience: TLP) -> list[Secret]:
    """Distinctive text of everything the audience may not see."""
    found: list[Secret] = []

    def add(where: str, value: object) -> None:
        for text in _strings(value):
            if len(normalise(text)) >= MIN_LENGTH:
                found.append(Secret(where, text))

    default = corpus.default_sensitivity
    for record in corpus:
        where = f"{record.kind} {record.id}"
        if not visible(record.sensitivity, audience, default):
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
    return found


def output_text(path: Path) -> str:
    """The readable text of one output file."""
    suffix = path.suffix.lower()
    if suffix in {".html", ".js", ".txt", ".json", ".csv", ".xml"}:
        return html.unescape(_TAG.sub(" ", path.read_text(encoding="utf-8", errors="replace")))
    if suffix == ".docx":
        with zipfile.ZipFile(path) as archive:
            parts = [n for n in archive.namelist() if n.endswith(".xml")]
            return " ".join(html.unescape(_TAG.sub("", archive.read(n).decode())) for n in parts)
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path)
        metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
        return metadata + " " + " ".join(page.extract_text() or "" for page in reader.pages)
    return ""


def scan(folder: Path, restricted: list[Secret]) -> list[Leak]:
    """Every restricted text found in any output under `folder`."""
    if not restricted:
        return []
    wanted = [(normalise(s.text), s) for s in restricted]
    leaks = []
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        text = normalise(output_text(path))
        if not text:
            continue
        leaks += [Leak(secret, path) for needle, secret in wanted if needle in text]
    return leaks
