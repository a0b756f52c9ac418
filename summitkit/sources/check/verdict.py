"""The last `summit check`'s verdict, reused while nothing the check reads has changed.

The record cache spares parsing and validating unchanged files, but a check that
takes every record from it still unpickles the whole corpus and runs every rule
between records. When not one byte the check reads has changed, its answer cannot
have changed either: this module names those bytes by one digest (the inputs key)
and keeps the diagnostics and counts of the check that saw them. `summit check`
then costs reading and hashing the files.

What the check reads, and so what the key covers: every file under `content/` and
`gifts/` that the loader or the page rule reads (record files, hand-written
`.rst` pages), by path and git blob id; `summitkit.toml`; the fingerprint of the
code that loads and validates. Anything that cannot be named by its bytes turns
the verdict off for that run: a symbolic link anywhere under `content/`, `gifts/`
or `templates/` (where it leads matters, and the loader reports some), or a file
that cannot be read. Other files (images, templates) are not read by the check.
What git says (files left unmerged, generated pages committed) depends on git's
index: its state (path, inode, size and time; git replaces the file whenever it
writes it) is part of the key, and where git's environment variables could
point elsewhere there is no verdict. A FIFO or device file turns it off too.

The verdict lives beside the record cache under `.summit-cache/` and shares its
rules: safe to delete, ignored when corrupt, foreign or unreadable.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from summitkit.sources.check.cache import blob_id, cache_folder, read_pickled, write_pickled
from summitkit.sources.core.diagnostics import Diagnostic
from summitkit.sources.core.layout import SUFFIXES
from summitkit.sources.core.settings import FILENAME as SETTINGS

FILENAME = "check.pickle"
_WALKED = ("content", "gifts", "templates")
_READ = {"content": (*SUFFIXES, ".rst"), "gifts": SUFFIXES}


@dataclass
class Verdict:
    """What a check found (before asking git about unmerged files), for one inputs key."""

    key: str
    diagnostics: list[Diagnostic]
    files: list[str]
    """The record files, relative to the repository, in the order the loader read them."""
    counts: dict[str, int]
    """Records by kind."""
    unmerged: list[Diagnostic] = field(default_factory=list)
    """The diagnostics of files git had left unmerged then."""


IndexStamp = tuple[str, int, int, int]
_GIT_ENVIRONMENT = ("GIT_DIR", "GIT_INDEX_FILE", "GIT_WORK_TREE", "GIT_COMMON_DIR")


def index_stamp(root: Path) -> IndexStamp | None:
    """Names the state of the git index of the work tree holding `root`, without
    running git; None where git's environment variables could point elsewhere."""
    if any(os.environ.get(name) for name in _GIT_ENVIRONMENT):
        return None
    folder = root.resolve()
    for here in (folder, *folder.parents):
        dotgit = here / ".git"
        if dotgit.is_dir():
            index = dotgit / "index"
        elif dotgit.is_file():  # a linked work tree: "gitdir: PATH"
            try:
                text = dotgit.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                return None
            if not text.startswith("gitdir: "):
                return None
            index = here / text.removeprefix("gitdir: ").strip() / "index"
        else:
            continue
        try:
            stat = index.stat()
        except FileNotFoundError:
            return (str(index), 0, 0, 0)  # no index yet: nothing is unmerged
        except OSError:
            return None
        return (str(index), stat.st_ino, stat.st_size, stat.st_mtime_ns)
    return ("", 0, 0, 0)  # in no git repository


class _Unnamed(Exception):
    """Something the check reads cannot be named by its bytes."""


def inputs_key(root: Path, read: Mapping[str, str] | None = None) -> str | None:
    """One digest of every byte `summit check` reads at `root`; None when the verdict
    cannot be trusted (a symbolic link, an unreadable file). `read` gives the blob ids
    of files a check has just read, by path under `root`: those are not read again, and
    the key names the very bytes that check saw."""
    named: list[tuple[str, str]] = []
    try:
        for top in _WALKED:
            _walk(root / top, top, _READ.get(top, ()), named, read or {})
        settings = root / SETTINGS
        if settings.is_symlink():
            return None
        named.append((SETTINGS, blob_id(settings.read_bytes()) if settings.is_file() else ""))
    except (OSError, _Unnamed):
        return None
    index = index_stamp(root)
    if index is None:
        return None
    from summitkit.sources.check.cache import code_fingerprint

    inputs = (code_fingerprint(), index, sorted(named))
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def _walk(
    folder: Path,
    relative: str,
    suffixes: tuple[str, ...],
    named: list[tuple[str, str]],
    read: Mapping[str, str],
) -> None:
    try:
        entries = list(os.scandir(folder))
    except FileNotFoundError:
        return
    except NotADirectoryError:
        raise _Unnamed from None
    for entry in entries:
        if entry.is_symlink():
            raise _Unnamed
        here = f"{relative}/{entry.name}"
        if entry.is_dir():
            _walk(Path(entry.path), here, suffixes, named, read)
        elif not entry.is_file(follow_symlinks=False):
            raise _Unnamed  # a FIFO or device: never opened here; the check reports it
        elif entry.name.endswith(suffixes) and not (
            here.startswith("content/generated/") and here.endswith(".rst")
        ):  # the build writes generated pages; the page rule skips them
            blob = read.get(here)
            if blob is None:
                with open(entry.path, "rb") as handle:
                    blob = blob_id(handle.read())
            named.append((here, blob))


def verdict_kept(root: Path) -> bool:
    """Whether a verdict file is there to be reused (a check keys its inputs first only
    then; a first check keys them after, from the blob ids of the files it read)."""
    folder = cache_folder(root)
    return folder is not None and (folder / FILENAME).is_file()


def read_verdict(root: Path, key: str) -> Verdict | None:
    """The verdict kept for `key`, or None."""
    folder = cache_folder(root)
    if folder is None:
        return None
    found = read_pickled(folder / FILENAME)
    return found if isinstance(found, Verdict) and found.key == key else None


def write_verdict(root: Path, verdict: Verdict) -> None:
    folder = cache_folder(root)
    if folder is not None:
        with contextlib.suppress(OSError):
            write_pickled(folder / FILENAME, verdict)
