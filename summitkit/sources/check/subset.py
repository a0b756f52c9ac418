"""Checking part of a corpus: the records a comparison needs, and what they cite.

`summit diff` compares the records that differ between two sides (or the two it
is given), so it reads only those: from the working tree, or from git objects
(one `git cat-file --batch` process, and only for blobs the record cache does
not already know). The records they cite are read too, so that references
resolve and names print. The chosen records are validated like in a full
check, schema and cross-record rules; the cited ones only serve them.
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from summitkit.sources.check.cache import RecordCache, blob_id, paused_collection
from summitkit.sources.core import git
from summitkit.sources.core.diagnostics import Diagnostic, Position, error
from summitkit.sources.core.layout import FOLDERS, KIND_FOLDERS, SUFFIXES, find_record_files
from summitkit.sources.core.settings import FILENAME, parse_settings
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.records.raw import Loaded, RawRecord
from summitkit.sources.rules.validate import references, validate
from summitkit.sources.schema import Record

Key = tuple[str, str]
"""(kind, id) of a record."""


class Files(Protocol):
    """The record files of one side, by path relative to the repository."""

    def paths(self) -> set[str]:
        """Every record file (under a record folder, with a YAML suffix)."""

    def exists(self, path: str) -> bool: ...

    def blob(self, path: str) -> str:
        """The file's blob id (git's, also for the working tree)."""

    def read(self, path: str) -> bytes: ...


def kind_of(path: str) -> str | None:
    folder, _, name = path.rpartition("/")
    return FOLDERS.get(folder) if name.endswith(SUFFIXES) else None


@dataclass
class WorkingFiles:
    """The working tree's files, read directly (and each at most once)."""

    root: Path
    _bytes: dict[str, bytes] = field(default_factory=dict)

    def paths(self) -> set[str]:
        return {
            path.relative_to(self.root).as_posix()
            for path, kind in find_record_files(self.root)
            if kind is not None
        }

    def exists(self, path: str) -> bool:
        return path in self._bytes or (self.root / path).is_file()

    def read(self, path: str) -> bytes:
        if path not in self._bytes:
            self._bytes[path] = (self.root / path).read_bytes()
        return self._bytes[path]

    def blob(self, path: str) -> str:
        return blob_id(self.read(path))


@dataclass
class RevisionFiles:
    """A revision's files, as git objects: listed by `git ls-tree` (or worked out from
    another revision's list, `git.files_before`), read by blob id."""

    commit: str
    tree: dict[str, git.TreeEntry]
    reader: git.BlobReader

    @classmethod
    def open(cls, root: Path, commit: str, reader: git.BlobReader) -> RevisionFiles:
        return cls(commit, git.list_files(root, commit), reader)

    def paths(self) -> set[str]:
        return {p for p in self.tree if kind_of(p) is not None}

    def exists(self, path: str) -> bool:
        return self._target(path) is not None

    def blob(self, path: str) -> str:
        entry = self._target(path)
        assert entry is not None
        return entry.blob

    def read(self, path: str) -> bytes:
        return self.reader.read(self.blob(path))

    def _target(self, path: str) -> git.TreeEntry | None:
        """The file at `path`, following a symbolic link that stays inside the revision."""
        entry = self.tree.get(path)
        for _ in range(8):
            if entry is None or entry.mode != "120000":
                return entry
            link = self.reader.read(entry.blob).decode("utf-8", errors="replace")
            path = posixpath.normpath(posixpath.join(posixpath.dirname(path), link))
            entry = None if link.startswith("/") or path.startswith("..") else self.tree.get(path)
        return None


def changed_paths(old: Files, new: Files) -> set[str]:
    """Record files present on one side only, or whose blobs differ."""
    before, after = old.paths(), new.paths()
    both = before & after
    return (before ^ after) | {p for p in both if old.blob(p) != new.blob(p)}


def record_paths(files: Files, id: str) -> list[str]:
    """The files a record id may live in, on this side."""
    candidates = (f"{folder}/{id}{suffix}" for folder in FOLDERS for suffix in SUFFIXES)
    return [path for path in candidates if files.exists(path)]


@dataclass
class Subset:
    corpus: Corpus
    """The chosen records and the ones they cite."""
    chosen: set[Key]
    diagnostics: list[Diagnostic]
    """Problems of the chosen records (and of the settings)."""

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]


def check_subset(
    root: Path,
    files: Files,
    chosen: Iterable[str],
    cache: RecordCache,
    settings: bytes | None,
    context: Iterable[str] = (),
) -> Subset:
    """Load and validate the chosen record files and load the records they cite, and
    those of `context` (records that refer to the chosen ones; their problems are not
    the chosen records' and are not reported)."""
    with paused_collection():
        raws: list[RawRecord] = []
        problems: list[Diagnostic] = []
        failed: set[tuple[str, str]] = set()
        shown = sorted(p for p in set(chosen) if kind_of(p) is not None)
        for path in shown:
            _load(root, files, path, cache, raws, problems, failed)
        cited: set[str] = set(shown)
        for path in sorted(set(context) - cited):
            cited.add(path)
            _load(root, files, path, cache, raws, [], failed)
        for raw in list(raws):
            record, _ = cache.validate_record(raw)
            for target in _cited_paths(files, record, cited) if record is not None else []:
                cited.add(target)
                _load(root, files, target, cache, raws, [], failed)
        # The pages are the working tree's, not a side's, and only the chosen
        # records' diagnostics are kept: the page rules would be work thrown away.
        corpus, diagnostics = validate(
            Loaded(raws, problems, [], failed),
            root,
            cache.validate_record,
            pages=False,
            partial=frozenset(shown),
        )
    settings_problems: list[Diagnostic] = []
    if settings is not None:
        parsed, settings_problems = parse_settings(settings)
        corpus.default_sensitivity = parsed.default_sensitivity
        # As check does: an unmarked comment is the repository's comment_sensitivity.
        corpus.label_comments(parsed.comment_sensitivity)
    keep = set(shown)
    keys = {key for key, raw in corpus.origins.items() if raw.display in keep}
    ours = [d for d in diagnostics if d.position.path in keep]
    return Subset(corpus, keys, [*settings_problems, *ours])


def _load(
    root: Path,
    files: Files,
    path: str,
    cache: RecordCache,
    raws: list[RawRecord],
    problems: list[Diagnostic],
    failed: set[tuple[str, str]],
) -> None:
    kind = kind_of(path)
    assert kind is not None
    if not files.exists(path):
        problems.append(
            error(Position(path), "symbolic link leads outside the revision", "load/symlink")
        )
        return
    key = (files.blob(path), kind, path)
    read = functools.cache(lambda: files.read(path))  # each blob asked of git once
    raw, found = cache.load_key(
        key, root / path, read, functools.partial(_reread, files, key[0], read)
    )
    problems.extend(found)
    if raw is None:
        failed.add((kind, posixpath.splitext(posixpath.basename(path))[0]))
    else:
        raws.append(raw)


def _reread(files: Files, blob: str, read: functools._lru_cache_wrapper[bytes]) -> bytes:
    """The bytes again, for positions asked of a record later: from memory when this
    run read them, else through a reader of its own (the side's may be closed by then)."""
    if read.cache_info().currsize or not isinstance(files, RevisionFiles):
        return read()
    with git.BlobReader(files.reader.root) as reader:
        return reader.read(blob)


def _cited_paths(files: Files, record: Record, seen: set[str]) -> Iterable[str]:
    for _, target, kinds in references(record):
        for kind in kinds:
            for suffix in SUFFIXES:
                path = f"{KIND_FOLDERS[kind]}/{target}{suffix}"
                if path not in seen and files.exists(path):
                    seen.add(path)
                    yield path


def settings_of(files: WorkingFiles | RevisionFiles) -> bytes | None:
    """The side's `summitkit.toml`, if it has one."""
    if isinstance(files, WorkingFiles):
        path = files.root / FILENAME
        return path.read_bytes() if path.is_file() else None
    entry = files.tree.get(FILENAME)
    return files.reader.read(entry.blob) if entry is not None else None
