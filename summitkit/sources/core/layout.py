"""Where records live in a drafting repository: one folder per kind, and the
files and links found there.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

from summitkit.sources.core.files import special_kind

#: Folder (relative to the repository root) → record kind.
FOLDERS: dict[str, str] = {
    "content/sources": "source",
    "content/states": "state",
    "content/organizations": "organization",
    "content/summits": "summit",
    "content/networks": "network",
    "content/centres": "centre",
    "content/categories": "category",
    "content/commitments": "commitment",
    "content/statements": "statement",
    "content/reports": "report",
    "content/proposals": "proposal",
    "content/positions": "position",
    "content/benchmarks": "benchmark",
    "content/comments": "comment",
    "gifts": "basket",
}
KIND_FOLDERS = {kind: folder for folder, kind in FOLDERS.items()}
SUFFIXES = (".yaml", ".yml")
#: What a record id may be (it is also the record's file name).
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def find_record_files(root: Path) -> Iterator[tuple[Path, str | None]]:
    """Every YAML file under content/ and gifts/, with the kind its folder implies.

    In the order of sorted paths; a symbolic link is listed, never followed into."""
    for top in ("content", "gifts"):
        base = root / top
        if not base.is_dir():
            continue
        found: list[tuple[str, ...]] = []
        _scan(base, (top,), found)
        found.sort()  # what sorting the paths does: part by part
        for parts in found:
            yield root.joinpath(*parts), FOLDERS.get("/".join(parts[:-1]))


def _scan(folder: Path | str, parts: tuple[str, ...], found: list[tuple[str, ...]]) -> None:
    """One `os.scandir` per folder: the entries' types come with the listing, where
    `Path.rglob` and `is_file()` would ask the system again for each file."""
    try:
        with os.scandir(folder) as listing:
            entries = list(listing)
    except OSError:  # unreadable: as rglob, skip it
        return
    for entry in entries:
        link = entry.is_symlink()
        try:
            is_dir = entry.is_dir()
        except OSError:
            is_dir = False
        if is_dir and not link:
            _scan(entry.path, (*parts, entry.name), found)
            continue
        name = entry.name
        dot = name.rfind(".")
        suffix = name[dot:] if 0 < dot < len(name) - 1 else ""
        if suffix in SUFFIXES and (link or _is_file(entry)):
            found.append((*parts, name))


def _is_file(entry: os.DirEntry[str], follow_symlinks: bool = True) -> bool:
    try:
        return entry.is_file(follow_symlinks=follow_symlinks)
    except OSError:
        return False


TOPS = ("content", "gifts", "templates")
"""The repository's source folders, read by check and the build."""


def outside_links(root: Path) -> Iterator[Path]:
    """Symbolic links under content/, gifts/ and templates/ that lead out of the
    repository: Sphinx and jinja would follow them and publish what they point to."""
    inside = root.resolve()
    for top in TOPS:  # the folders themselves: a link there swaps in a whole tree
        if (root / top).is_symlink() and not _leads_into(root / top, inside):
            yield root / top
    for entry in _entries(root):
        if entry.is_symlink() and not _leads_into(Path(entry.path), inside):
            yield Path(entry.path)


def _entries(root: Path) -> Iterator[os.DirEntry[str]]:
    """Every entry under content/, gifts/ and templates/, folder by folder in sorted
    order, links not followed: one `os.scandir` per folder, whose entries know their
    type from the listing, where a `stat` per file would ask the system each time."""
    for top in TOPS:
        pending = [str(root / top)]
        while pending:
            try:
                with os.scandir(pending.pop()) as listing:
                    entries = sorted(listing, key=lambda entry: entry.name)
            except OSError:  # missing or unreadable: as os.walk, skip it
                continue
            yield from entries
            pending.extend(e.path for e in reversed(entries) if _is_real_folder(e))


def _is_real_folder(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:
        return False


#: Folders summitkit writes into and cleans up; never a link (see sources.files).
OWNED_FOLDERS = ("build", ".summit-cache", "content/generated")


def owned_links(root: Path) -> Iterator[Path]:
    """Folders summitkit owns that are symbolic links (a pull request can commit one
    to redirect the build's writes and clean-up into the checkout)."""
    for relative in OWNED_FOLDERS:
        if (root / relative).is_symlink():
            yield root / relative


def unsafe_files(root: Path) -> Iterator[tuple[Path, str, str]]:
    """Links where summitkit writes, and special files: (path, message, rule id)."""
    for link in owned_links(root):
        message = "is a symbolic link; summitkit writes here only into a real folder"
        yield link, message + " (remove the link)", "io/link"
    for path, what in special_files(root):
        yield (
            path,
            f"not a regular file but {what}; it was not opened (remove it)",
            "load/special-file",
        )
    for path, mode in unreadable(root):
        yield (
            path,
            f"cannot be read (mode {mode:03o}): it would be left out without a word; make "
            "it readable (chmod u+rX) or remove it",
            "io/read",
        )


def unreadable(root: Path) -> Iterator[tuple[Path, int]]:
    """Folders and files under content/, gifts/ and templates/ (and those folders) that
    their owner may not read (or, for a folder, enter), with their mode: whoever runs
    summitkit (root reads anything), they are reported rather than left out, in check
    and build alike."""
    for path, mode in _modes(root):
        needed = stat.S_IRUSR | (stat.S_IXUSR if stat.S_ISDIR(mode) else 0)
        if (stat.S_ISDIR(mode) or stat.S_ISREG(mode)) and mode & needed != needed:
            yield path, stat.S_IMODE(mode)


def _modes(root: Path) -> Iterator[tuple[Path, int]]:
    """(path, st_mode) of the source folders and of every entry under them, links not
    followed; what vanished meanwhile is left out."""
    for top in TOPS:
        try:
            yield root / top, os.lstat(root / top).st_mode
        except OSError:
            continue
    for entry in _entries(root):
        try:
            mode = entry.stat(follow_symlinks=False).st_mode
        except OSError:
            continue
        yield Path(entry.path), mode


def special_files(root: Path) -> Iterator[tuple[Path, str]]:
    """FIFOs, devices and sockets under content/, gifts/ and templates/ (or links to
    them), with what each is: reading one would block a build for ever or read a
    device, so they are refused without being opened."""
    for entry in _entries(root):
        if entry.is_symlink():
            kind = None
            with contextlib.suppress(OSError, RuntimeError):
                kind = special_kind(Path(entry.path).resolve())
        elif _is_real_folder(entry) or _is_file(entry, follow_symlinks=False):
            continue  # what nearly every entry is, known from the listing
        else:
            kind = special_kind(Path(entry.path))
        if kind is not None:
            yield Path(entry.path), kind


def _leads_into(link: Path, folder: Path) -> bool:
    try:
        return link.resolve().is_relative_to(folder)
    except (OSError, RuntimeError):  # a loop of links leads nowhere
        return False
