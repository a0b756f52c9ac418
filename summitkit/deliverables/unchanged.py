"""A build that nothing could change is not run again: its output is kept as it is.

After each successful build, `summit build` writes down what the build was made
from (one digest, the key below) and how it left its output: every entry of the
published folder and of `content/generated/`, by path, size, modification and
change times and inode. A later build with the same key that finds the output as
it was left does nothing else. The corpus it would check is, byte for byte, the
one that passed; the pages it would render are on disk as written; the site it
would stage is the one published; and the leak check has already passed over
every file of that output, against restricted texts that the corpus and the
audience alone determine. It reports what the last build reported (the printed
files, reused; the warnings).

The key names:

- what `summit check` reads, by content: the verdict's inputs key (record files,
  hand-written pages, summitkit.toml, the loading code, the state of git's index);
- every other file of the repository, by path, size, times and inode (conf.py,
  templates, images, a theme of its own): all but `build/`, entries whose name
  starts with a dot (`.git`), folders that hold a virtual environment
  (`pyvenv.cfg`), and `content/generated/`, which is the build's output;
- the code that builds: summitkit's own files (path, size, time), the installed
  distributions (their names carry their versions), Python's version;
- the build's settings: formats, `--only`, audience, language, and the stamp the
  pages carry (the commit and date), and environment variables named SPHINX* or
  SUMMIT*.

What cannot be named (a symbolic link, a special file, an unreadable file) gives
no key, and the build runs. The record lives in the build's work folder: deleting
it, or anything wrong with it (corrupt, foreign, a link), only makes the next
build run in full.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from summitkit.sources.check.cache import (
    installed_distributions,
    package_stamps,
    read_pickled,
    write_pickled,
)
from summitkit.sources.core.diagnostics import Diagnostic

FILENAME = "last-build.pickle"
GENERATED = "content/generated"
Entry = tuple[str, int, int, int, int, int]
"""Path, file type, size, modification time, change time, inode."""


@dataclass
class LastBuild:
    """What the last successful build was made from, and what it left."""

    key: str
    left: list[Entry]
    """The published folder and the generated pages, as the build left them."""
    files: list[str] = field(default_factory=list)
    """The printed files, relative to the published folder (pdf/ID.pdf)."""
    warnings: list[Diagnostic] = field(default_factory=list)


class _Unnamed(Exception):
    """Something the build reads cannot be named here."""


def build_key(root: Path, settings: tuple[object, ...]) -> str | None:
    """One digest of everything a build at `root` with `settings` is made from (see the
    module's list), or None when something cannot be named."""
    from summitkit.sources.check.verdict import inputs_key

    checked = inputs_key(root)
    if checked is None:
        return None
    files: list[Entry] = []
    try:
        _walk(root, "", files, sources=True)
    except (OSError, _Unnamed):
        return None
    environment = sorted(
        (name, value) for name, value in os.environ.items() if name.startswith(("SPHINX", "SUMMIT"))
    )
    code = package_stamps()
    inputs = (checked, files, settings, code, installed_distributions(), sys.version, environment)
    return hashlib.sha256(repr(inputs).encode()).hexdigest()


def output_state(target: Path, generated: Path) -> list[Entry] | None:
    """Every entry of the published folder and the generated pages; None if a link
    or special file is among them."""
    entries: list[Entry] = []
    try:
        for folder, name in ((target, "output"), (generated, GENERATED)):
            _walk(folder, name, entries, sources=False)
    except (OSError, _Unnamed):
        return None
    return entries


def last_build(work: Path, key: str, target: Path, generated: Path) -> LastBuild | None:
    """The last build's record, if it was made from `key` and its output is untouched."""
    if any(p.is_symlink() for p in (work.parent.parent, work.parent, work)):
        return None
    last = read_pickled(work / FILENAME)
    if not isinstance(last, LastBuild) or last.key != key:
        return None
    state = output_state(target, generated)
    return last if state is not None and state == last.left else None


def remember(work: Path, last: LastBuild) -> None:
    """Keep the record of a build that has just published (never fails a build)."""
    with contextlib.suppress(OSError):
        write_pickled(work / FILENAME, last)


def _walk(folder: Path, relative: str, entries: list[Entry], *, sources: bool) -> None:
    try:
        found = sorted(os.scandir(folder), key=lambda e: e.name)
    except FileNotFoundError:
        return
    for entry in found:
        here = f"{relative}/{entry.name}" if relative else entry.name
        if sources and not relative and (entry.name.startswith(".") or entry.name == "build"):
            continue
        if sources and here == GENERATED:
            continue
        info = entry.stat(follow_symlinks=False)
        kind = stat.S_IFMT(info.st_mode)
        if kind not in (stat.S_IFREG, stat.S_IFDIR):
            raise _Unnamed  # a link, a FIFO, a device
        if kind == stat.S_IFDIR:
            if sources and os.path.exists(os.path.join(entry.path, "pyvenv.cfg")):
                continue
            entries.append((here, kind, 0, 0, 0, info.st_ino))
            _walk(Path(entry.path), here, entries, sources=sources)
        else:
            entries.append(
                (here, kind, info.st_size, info.st_mtime_ns, info.st_ctime_ns, info.st_ino)
            )
