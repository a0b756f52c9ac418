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
What git says about unmerged files is asked every time.

The verdict lives beside the record cache under `build/.cache/` and shares its
rules: safe to delete, ignored when corrupt, foreign or unreadable.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from summitkit.sources.cache import blob_id, cache_folder, read_pickled, write_pickled
from summitkit.sources.diagnostics import Diagnostic
from summitkit.sources.layout import SUFFIXES
from summitkit.sources.settings import FILENAME as SETTINGS

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


class _Unnamed(Exception):
    """Something the check reads cannot be named by its bytes."""


def inputs_key(root: Path) -> str | None:
    """One digest of every byte `summit check` reads at `root`; None when the verdict
    cannot be trusted (a symbolic link, an unreadable file)."""
    named: list[tuple[str, str]] = []
    try:
        for top in _WALKED:
            _walk(root / top, top, _READ.get(top, ()), named)
        settings = root / SETTINGS
        if settings.is_symlink():
            return None
        named.append((SETTINGS, blob_id(settings.read_bytes()) if settings.is_file() else ""))
    except (OSError, _Unnamed):
        return None
    from summitkit.sources.cache import code_fingerprint

    return hashlib.sha256(repr((code_fingerprint(), sorted(named))).encode()).hexdigest()


def _walk(
    folder: Path, relative: str, suffixes: tuple[str, ...], named: list[tuple[str, str]]
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
            _walk(Path(entry.path), here, suffixes, named)
        elif entry.name.endswith(suffixes) and not (
            here.startswith("content/generated/") and here.endswith(".rst")
        ):  # the build writes generated pages; the page rule skips them
            with open(entry.path, "rb") as handle:
                named.append((here, blob_id(handle.read())))


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
