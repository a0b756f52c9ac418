"""The leak check: look for restricted text in every output of every command.

Filtering by audience happens once, before rendering (`summitkit.sources.audience.visible`).
This check does not trust that: it collects the text of every record, clause
and field above the audience from the unfiltered corpus, and searches the
output for it — the built HTML (search index and the compressed objects.inv
included), PDF and DOCX after a build (`scan`), and what any other command prints
or writes (`LeakGuard.check`, which a command calls with its output before
printing or writing it).

The rule: a restricted text that also occurs in what the audience may see (the
same words in a visible record) is not a secret. Of the rest, texts of
MIN_LENGTH letters and digits or more are searched for with markup, spacing and
case ignored; shorter ones (ids, names, numbers of MIN_TOKEN characters or
more) as whole words, so that "jpn" does not match inside "jpnx".
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import zlib
from dataclasses import dataclass
from pathlib import Path

from summitkit.sources.audience.leaks import (
    MIN_LENGTH,
    MIN_TOKEN,
    LeakFound,
    LeakGuard,
    Secret,
    found_in,
    normalise,
    office_text,
    plain_text,
    secrets,
    words,
)
from summitkit.sources.core.files import WriteError, write_file

__all__ = [
    "MIN_LENGTH", "MIN_TOKEN", "Leak", "LeakFound", "LeakGuard", "Secret", "found_in",
    "normalise", "office_text", "output_text", "scan", "secrets", "words",
]  # fmt: skip


@dataclass(frozen=True)
class Leak:
    secret: Secret
    output: Path


def output_text(path: Path) -> str:
    """The readable text of one output file."""
    suffix = path.suffix.lower()
    if suffix == ".inv":  # Sphinx's inventory: four lines of header, then zlib
        header, _, body = path.read_bytes().partition(b"zlib.\n")
        try:
            return (header + zlib.decompress(body)).decode("utf-8", "replace")
        except zlib.error:
            return header.decode("utf-8", "replace")
    if suffix in {".html", ".js", ".txt", ".json", ".csv", ".xml"}:
        return plain_text(path.read_text(encoding="utf-8", errors="replace"))
    if suffix in {".docx", ".xlsx"}:
        return office_text(path.read_bytes(), "" if suffix == ".docx" else " ")
    if suffix == ".pdf":
        from pypdf import PdfReader

        reader = PdfReader(path)
        metadata = " ".join(str(v) for v in (reader.metadata or {}).values())
        return metadata + " " + " ".join(page.extract_text() or "" for page in reader.pages)
    # Any other file (an image, a font, a file nobody expected there): its bytes as
    # text, so that a string stored in it (a pickle, a PNG text chunk) is found too.
    return plain_text(path.read_bytes().decode("utf-8", "replace"))


def scan(folder: Path, restricted: list[Secret], memo: Path | None = None) -> list[Leak]:
    """Every restricted text found in any output under `folder`.

    With `memo` (a file the build keeps in its work folder), a file whose bytes were
    found clean before, against the same restricted texts, is not searched again:
    the search is a function of those two alone. Only new or changed files are read
    for their text; the memo then names the files found clean this time."""
    if not restricted:
        return []  # nothing to look for
    against = hashlib.sha256(repr([(s.where, s.text) for s in restricted]).encode()).hexdigest()
    clean = _read_memo(memo, against)
    found_clean: set[str] = set()
    leaks = []
    # The theme's scripts and styles are code, full of short words ("other", "id") that
    # name records too: there only the long texts (a clause, a title) are searched for.
    long_texts = [s for s in restricted if len(normalise(s.text)) >= MIN_LENGTH]
    for path in sorted(folder.rglob("*")):  # every file, the theme's own included
        if path.is_file() and not path.is_symlink():
            digest = path.suffix.lower() + ":" + hashlib.sha256(path.read_bytes()).hexdigest()
            if digest in clean:
                found_clean.add(digest)
                continue
            themed = "_static" in path.relative_to(folder).parts
            hits = found_in(output_text(path), long_texts if themed else restricted)
            leaks += [Leak(secret, path) for secret in hits]
            if not hits:
                found_clean.add(digest)
    if memo is not None and not leaks:
        _write_memo(memo, against, found_clean)
    return leaks


def _read_memo(memo: Path | None, against: str) -> set[str]:
    """The digests of files found clean against `against`; none if the memo is
    missing, unreadable, of other restricted texts, or not what this module writes."""
    if memo is None or memo.is_symlink():
        return set()
    try:
        kept = json.loads(memo.read_text(encoding="utf-8"))
        if kept["against"] == against and isinstance(kept["clean"], list):
            return {d for d in kept["clean"] if isinstance(d, str)}
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return set()


def _write_memo(memo: Path, against: str, clean: set[str]) -> None:
    with contextlib.suppress(WriteError):  # a memo that cannot be kept is not kept
        write_file(memo, json.dumps({"against": against, "clean": sorted(clean)}))
