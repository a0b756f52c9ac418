"""A cache of loaded-and-validated record files, keyed by what the files hold.

Every command that checks the corpus parses and validates only the files whose
bytes it has not seen before. An entry's key is git's blob id of the file
(computed here, as `git hash-object` would, so that a record read from a git
revision hits the same entry), the file's kind and its path as diagnostics
print it; the entry holds the raw record, the validated record and their
diagnostics. The raw record keeps its values and positions only where it
reported something; the others are read again from the file if ever asked for.
The rules that span records are not cached: they run every time (and
`summitkit.sources.check.verdict` spares `summit check` even those when nothing changed).

The cache is one file under `.summit-cache/` beside `build/` (git-ignored, and
never inside `build/`: CI publishes that folder, and the cache holds the records of
every audience, as the sources do), a sequence of keys and
entries each pickled on its own, unpickled only when looked up (and written one by
one, so a run never holds the pickles of a whole corpus at once): safe to delete,
rebuilt when it is corrupt, ignored when it cannot be read or was written by
another summitkit (its header names the version and a fingerprint of the code
that loads and validates). It is read back through an unpickler that accepts
only the classes records are made of, so a tampered file cannot run code.
"""

from __future__ import annotations

import contextlib
import functools
import gc
import io
import os
import pickle
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar

from summitkit import __version__

if TYPE_CHECKING:  # imported when used: `summit check` reusing its verdict needs neither
    from summitkit.sources.core.diagnostics import Diagnostic
    from summitkit.sources.records.raw import RawRecord
    from summitkit.sources.schema import Record

FOLDER = Path(".summit-cache")
"""Beside `build/`, never in it: what a build publishes holds no cache."""
FILENAME = "records.pickle"
_FORMAT = 3

Key = tuple[str, str, str]
"""(blob id, kind, displayed path)."""
Reader = Callable[[], bytes]


def cache_folder(root: Path) -> Path | None:
    """`.summit-cache/` of a repository, or None where it is a symbolic link (or not a
    folder): one placed by a contribution could lead anywhere, so nothing is cached there."""
    folder = root / FOLDER
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        return None
    return folder


def ignored_by_git(folder: Path) -> None:
    """Put a `.gitignore` saying `*` into `folder` (a cache), like pytest's cache: git
    never offers to commit it, even in a repository whose own ignore list lacks it."""
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# summitkit's cache: never committed, safe to delete\n*\n")


def blob_id(data: bytes) -> str:
    """The id git gives a blob of these bytes (`git hash-object`, SHA-1 repositories)."""
    import hashlib  # here: OpenSSL's start is a twentieth of a quick diff (diff/quick.py)

    return hashlib.sha1(b"blob %d\0" % len(data) + data, usedforsecurity=False).hexdigest()


def file_stamps(folder: Path, pattern: str = "*") -> list[tuple[str, int, int]]:
    """(path under `folder`, modification time, size) of its files matching `pattern`,
    sorted, `__pycache__` left out: what names a version of code without reading it."""
    stamps = []
    for path in folder.rglob(pattern):
        if "__pycache__" in path.parts:
            continue
        info = path.stat()
        if stat.S_ISREG(info.st_mode):
            stamps.append((path.relative_to(folder).as_posix(), info.st_mtime_ns, info.st_size))
    return sorted(stamps)


def package_stamps() -> tuple[tuple[str, int, int], ...]:
    """`file_stamps` of the whole summitkit package (code, templates, theme, catalogues)
    and its version: the pages' inputs and the build's key both name it. Not cached:
    `summit serve` builds again in one process, and its templates are read from disk."""
    return (*file_stamps(Path(__file__).resolve().parents[1]), (__version__, 0, 0))


def installed_distributions() -> list[str]:
    """The name and version of every distribution on the path (`matplotlib-3.10.0.dist-info`):
    a build or page made by other packages (a new matplotlib draws other charts) is not the
    same build or page."""
    names = []
    for entry in sys.path:
        with contextlib.suppress(OSError):
            names += [n for n in os.listdir(entry or ".") if n.endswith((".dist-info", ".pth"))]
    return sorted(names)


def keyed_modules() -> list[tuple[str, int, int]]:
    """`file_stamps` of the modules the record cache's key names."""
    return file_stamps(Path(__file__).resolve().parents[1], "*.py")


@cache
def code_fingerprint() -> str:
    """Changes whenever the code that loads and validates records changes, even
    between releases (a developer's edited schema must not meet stale entries): every
    module of `summitkit.sources`, its stages' sub-folders included."""
    import hashlib

    stats = keyed_modules()
    return hashlib.sha256(repr((__version__, stats)).encode()).hexdigest()[:16]


@dataclass
class Entry:
    """One file's result: loaded (raw record or None, its problems), then validated."""

    raw: RawRecord | None
    load_problems: list[Diagnostic]
    record: Record | None = None
    problems: list[Diagnostic] | None = None
    """None until the record has been validated."""


@dataclass
class RecordCache:
    """Results by key; `validated` counts the records this run had to validate."""

    path: Path | None
    stored: dict[Key, bytes] = field(default_factory=dict)
    """The cache file's entries, each pickled on its own: unpickled when looked up."""
    entries: dict[Key, Entry] = field(default_factory=dict)
    """Entries unpickled or made by this run."""
    used: dict[Key, Entry] = field(default_factory=dict)
    validated: int = 0
    hits: int = 0
    dirty: bool = False
    _by_record: dict[int, Entry] = field(default_factory=dict)

    @classmethod
    def open(cls, root: Path) -> RecordCache:
        """The cache of the repository at `root`; empty when missing, corrupt or foreign."""
        folder = cache_folder(root)
        if folder is None:
            return cls(None)
        path = folder / FILENAME
        return cls(path, read_entries(path))

    def fingerprint(self) -> str:
        """Names the bytes, kinds and paths of every record file this run read."""
        import hashlib

        return hashlib.sha256(repr(sorted(self.used)).encode()).hexdigest()

    # -- the two steps it stands in front of ----------------------------------------

    def load_file(
        self, path: Path, kind: str, display: str, root: Path
    ) -> tuple[RawRecord | None, list[Diagnostic]]:
        """Like `loader.load_file`, from the cache when these bytes were seen here before."""
        from summitkit.sources.records.loader import load_file

        if path.is_symlink():  # where a link leads is not in its bytes: never cached
            return load_file(path, kind, display, root)
        try:
            data = path.read_bytes()
        except OSError:
            return load_file(path, kind, display, root)  # which reports why
        key = (blob_id(data), kind, display)
        return self.load_key(key, path, lambda: data, path.read_bytes)

    def load_bytes(
        self, data: bytes, path: Path, kind: str, display: str, blob: str | None = None
    ) -> tuple[RawRecord | None, list[Diagnostic]]:
        """Like `loader.load_bytes`; `blob` is the bytes' blob id when git gave it."""
        key = (blob or blob_id(data), kind, display)
        return self.load_key(key, path, lambda: data)

    def load_key(
        self, key: Key, path: Path, read: Callable[[], bytes], reread: Reader | None = None
    ) -> tuple[RawRecord | None, list[Diagnostic]]:
        """The entry for `key`, calling `read()` for the bytes only on a miss; `reread`
        (default `read`) gives them again where a validated record reports a position."""
        entry = self.entries.get(key) or self._unpickle(key)
        loaded = entry is None or (entry.problems is None and entry.raw is not None)
        if loaded:
            from summitkit.sources.records.loader import load_bytes

            # Without position tables: forgotten below, read again where one is asked for.
            entry = Entry(*load_bytes(read(), path, key[1], key[2], positions=False))
            self.entries[key] = entry
            self.dirty = True
        else:
            self.hits += 1
        assert entry is not None
        self.used[key] = entry
        if entry.raw is not None:
            entry.raw.path = path  # the same bytes may sit in another checkout
            self._by_record[id(entry.raw)] = entry
            reload = functools.partial(_reload, reread or read, path, key[1], key[2])
            # Positions only when asked for: a corpus's tables never all at once in memory.
            if loaded:
                entry.raw.forget_positions(reload)
            else:
                entry.raw.reload_with(reload)  # tables recalled earlier are kept
        return entry.raw, list(entry.load_problems)

    def validate_record(self, raw: RawRecord) -> tuple[Record | None, list[Diagnostic]]:
        """Like `validate.validate_record`, from the cache for a record loaded through it."""
        from summitkit.sources.rules.validate import validate_record

        entry = self._by_record.get(id(raw))
        if entry is not None and entry.problems is not None:
            return entry.record, list(entry.problems)
        self.validated += 1
        self.dirty = True
        record, problems = validate_record(raw)
        if entry is not None:
            entry.record, entry.problems = record, problems
            raw.forget_data()  # the record holds the values now
        return record, list(problems)

    def _unpickle(self, key: Key) -> Entry | None:
        stored = self.stored.get(key)
        if stored is None:
            return None
        try:
            entry = _Unpickler(io.BytesIO(stored)).load()
        except Exception:  # a damaged entry is a miss
            entry = None
        if not isinstance(entry, Entry):
            del self.stored[key]
            return None
        self.entries[key] = entry
        return entry

    # -- keeping it ----------------------------------------------------------------------

    def save(self) -> None:
        """Write the entries this run used (plus older ones, within bounds) when
        anything is new; a cache that cannot be written is simply not kept.

        Each entry is pickled on its own (so that a run unpickles only what it looks
        up, and pickling never holds a memo of the whole corpus); an entry this run
        only read is written back as the bytes it came as."""
        if self.path is None or not self.dirty:
            return
        new = [
            key
            for key, entry in self.entries.items()
            if key not in self.stored and (entry.problems is not None or entry.raw is None)
        ]
        kept = [*self.stored, *new]
        if len(kept) > 2 * len(self.used) + 1000:  # bounded: drop what this run did not use
            kept = [key for key in kept if key in self.used]

        def pickled() -> Iterator[tuple[Key, bytes]]:
            for key in kept:
                stored = self.stored.get(key)
                if stored is None:
                    stored = pickle.dumps(self.entries[key], protocol=pickle.HIGHEST_PROTOCOL)
                yield key, stored

        with contextlib.suppress(OSError):
            write_entries(self.path, pickled())


def _reload(read: Reader, path: Path, kind: str, display: str) -> RawRecord | None:
    from summitkit.sources.records.loader import load_bytes

    return load_bytes(read(), path, kind, display)[0]


def _header() -> bytes:
    return f"summitkit record cache {_FORMAT} {__version__} {code_fingerprint()}\n".encode()


def read_entries(path: Path) -> dict[Key, bytes]:
    """The pickled entries of a cache file; {} when it is missing, unreadable, corrupt
    or foreign."""
    entries: dict[Key, bytes] = {}
    try:
        with path.open("rb") as handle:
            if handle.readline() != _header():
                return {}
            with paused_collection():
                while handle.peek(1):
                    key, value = _Unpickler(handle).load()
                    if not isinstance(value, bytes):
                        return {}
                    entries[key] = value
    except Exception:  # whatever is wrong with a cache file, the cache is rebuilt
        return {}
    return entries


def write_entries(path: Path, entries: Iterable[tuple[Key, bytes]]) -> None:
    """Replace the cache file with these entries, each written as it comes."""

    def write(out: BinaryIO) -> None:
        for item in entries:
            pickle.dump(item, out, protocol=pickle.HIGHEST_PROTOCOL)

    _replace(path, write)


def read_pickled(path: Path) -> object:
    """What a cache file holds; None when it is missing, unreadable, corrupt or foreign."""
    try:
        with path.open("rb") as handle:
            if handle.readline() != _header():
                return None
            with paused_collection():
                return _Unpickler(handle).load()
    except Exception:  # whatever is wrong with a cache file, the cache is rebuilt
        return None


def write_pickled(path: Path, value: object) -> None:
    """Replace a cache file atomically with one pickled value."""
    _replace(path, lambda out: pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL))


def _replace(path: Path, write: Callable[[BinaryIO], None]) -> None:
    """Replace a cache file atomically: a reader sees the old file or the new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    ignored_by_git(path.parent)
    import tempfile  # here: a check that reuses everything writes nothing

    handle, name = tempfile.mkstemp(dir=path.parent, prefix=".records-", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(_header())
            write(out)
        os.replace(name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise


_ALLOWED_MODULES = ("summitkit.", "pydantic.", "pydantic_core.")
_ALLOWED = {
    ("builtins", "set"),
    ("builtins", "frozenset"),
    ("datetime", "date"),
    ("datetime", "datetime"),
    ("pathlib", "PosixPath"),
}
#: The one function an entry may call: it builds a schema model, of a schema class only.
_FUNCTIONS = {("summitkit.sources.schema.base", "restore_model")}


class _Unpickler(pickle.Unpickler):
    """Refuses everything but the classes records, positions and diagnostics are made
    of, and the one function that builds a schema model (`schema.base.restore_model`):
    no other function, no class from elsewhere, so a crafted file cannot run code."""

    #: Classes found allowed, by (module, name): every entry is a pickle of its own and
    #: names its classes again, 40,000 look-ups for a corpus of 5,000 records.
    _found: ClassVar[dict[tuple[str, str], Any]] = {}

    def find_class(self, module: str, name: str) -> Any:
        found = self._found.get((module, name))
        if found is not None:
            return found
        if (module, name) in _ALLOWED or module.startswith(_ALLOWED_MODULES):
            found = super().find_class(module, name)
            if isinstance(found, type) or (module, name) in _FUNCTIONS:
                self._found[(module, name)] = found
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a record cache")


@contextlib.contextmanager
def paused_collection() -> Iterator[None]:
    """No cyclic garbage collection while building many objects that all stay alive:
    collecting would only walk them, again and again, and make loading grow
    faster than the corpus. What exists before is frozen out of later collections."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()
