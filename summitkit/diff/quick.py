"""`summit diff REV1 REV2` as text, without the schema: the records as plain data.

A full diff (`summitkit.diff.command`) validates both sides' changed records, and
what they cite, with the schema; importing it (pydantic) is most of the command's
time. So when a full diff of two revisions has validated a side that its default
audience sees whole (no record, clause or field above TLP:CLEAR, no proposal to
credit a change to), it keeps that side's changed records as plain data
(`fields.dump`: the JSON values of the validated records) in
`.summit-cache/diff-sides/`, one file per side, keyed by the side's role, its
commit and the record files that changed: what the commit holds never changes,
and each file names the code that validated it (`check.cache.keyed_modules`).

`answer` runs before click, for `summit diff OLD NEW` with at most `--context`,
`--color/--no-color`, `--format text`, `--audience` and `--path`: two git calls
(`git log` for both commits, `git diff-tree` for the changed files), the two sides'
files, the comparison on plain data (`summitkit.diff.plain`) and the printer
(`summitkit.diff.terminal`). It answers only where it gives the full diff's output
to the byte; anywhere else (a side not seen before, a record id, a proposal to
compare, an error to report) it returns None and the full diff runs, which
validates, reports, and keeps the sides for the next time.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import re
import sys
import zlib
from pathlib import Path
from typing import Any

from summitkit import __version__
from summitkit.diff.changes import ChangeSet, Side
from summitkit.diff.plain import compare_record, party_names
from summitkit.sources.check.cache import cache_folder, keyed_modules
from summitkit.sources.core.layout import FOLDERS, SUFFIXES
from summitkit.sources.core.scales import TLP

CORPUS_PATHS = ("content", "gifts", "summitkit.toml")
"""What `git.changed_files` compares (`summitkit.sources.core.git.CORPUS_PATHS`)."""

STORE = "diff-sides"
"""The folder under `.summit-cache/` with one file per side."""
FORMAT = 2
KEPT = 200
"""Sides kept: the most recently written."""

SideKey = tuple[str, str, tuple[str, ...]]
"""("old" or "new", the commit, the record files that changed and exist there)."""
Records = dict[tuple[str, str], Any]
"""Plain records by (kind, id)."""

_REVISION = re.compile(r"[A-Za-z0-9_./~^@{}-]+")
"""A revision as `git log` and `git rev-parse --verify` read alike: no range, no
path, no record (`REV:ID`); the rest is left to the full diff."""
_VERSION_TAG = re.compile(r"^[a-z0-9][a-z0-9-]*/rev[0-9]+$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_REGULAR = ("100644", "100755", "000000")
_AUDIENCES = {label.value for label in TLP}


def answer(args: list[str]) -> int | None:
    """Print the diff `args` ask for and return the exit code, or None where only the
    full diff can answer."""
    options = _options(args)
    if options is None:
        return None
    old_text, new_text, context, color, path = options
    root = _root(path)
    if root is None or not all(_plain_revision(root, t) for t in (old_text, new_text)):
        return None
    folder = cache_folder(root)
    if folder is None or not (folder / STORE).is_dir():
        return None  # no side kept (a cold cache): no git call spent before the full diff
    sides = _commits(root, old_text, new_text)
    if sides is None:
        return None
    old_commit, new_commit = sides[0].commit or "", sides[1].commit or ""
    changed = _changed(root, old_commit, new_commit)
    if changed is None:
        return None
    old_paths = tuple(p for p, was, _ in changed if was)
    new_paths = tuple(p for p, _, now in changed if now)
    code = keyed_modules()
    old = read_side(root, ("old", old_commit, old_paths), code)
    new = read_side(root, ("new", new_commit, new_paths), code)
    if old is None or new is None:
        return None
    try:
        changes = compare_sides(sides[0], sides[1], old, new)
        if changes is None:
            return None
        names = party_names(changes, *(_lookup(side["names"]) for side in (new, old)))
    except (KeyError, TypeError, ValueError, AttributeError):  # not a side as kept
        return None
    from summitkit.diff.terminal import changeset_text

    if color is None:
        color = not os.environ.get("NO_COLOR") and sys.stdout.isatty()
    text = changeset_text(changes, context, color, names)
    if color:
        import click

        click.echo(text, nl=False, color=True)
    else:
        sys.stdout.write(text)
    return 0


def compare_sides(
    old_side: Side, new_side: Side, old: dict[str, Any], new: dict[str, Any]
) -> ChangeSet | None:
    """As `compare.compare_corpora` on both sides' changed records, or None where a
    change is the engine's to compare."""
    if not isinstance(new["unchanged"], int):
        return None
    before: Records = old["records"]
    after: Records = new["records"]
    changes = ChangeSet(old_side, new_side, "corpus", records_unchanged=new["unchanged"])
    for key in sorted(before.keys() | after.keys()):
        was, now = before.get(key), after.get(key)
        if was is not None and was == now:
            changes.records_unchanged += 1
            continue
        if key[0] == "proposal":
            return None  # its state is read from the schema's model
        changes.records.append(compare_record(key[0], was, now))
    return changes


def _lookup(names: dict[str, str]) -> Any:
    return lambda party: names.get(party, party)


def _options(args: list[str]) -> tuple[str, str, int, bool | None, str | None] | None:
    """OLD, NEW, --context, --color, --path; None for anything else."""
    sides: list[str] = []
    context, color, path = 2, None, None
    at = 0
    while at < len(args):
        arg = args[at]
        name, equals, value = arg.partition("=")
        if name in ("--context", "--format", "--path", "--audience"):
            if not equals:
                at += 1
                if at == len(args):
                    return None
                value = args[at]
            if name == "--context":
                if not (value.isascii() and value.isdigit()):
                    return None
                context = int(value)
            elif name == "--format":
                if value != "text":
                    return None
            elif name == "--audience":
                # A side is kept only when TLP:CLEAR sees it whole: so does every audience.
                if value not in _AUDIENCES:
                    return None
            else:
                path = value
        elif arg in ("--color", "--no-color"):
            color = arg == "--color"
        elif arg.startswith("-"):
            return None
        else:
            sides.append(arg)
        at += 1
    if len(sides) != 2:
        return None
    return sides[0], sides[1], context, color, path


def _root(path: str | None) -> Path | None:
    """The repository as `check.project.find_root` finds it (the nearest folder with
    content/; that module's diagnostics are not needed here), or None."""
    start = Path(path) if path is not None else Path.cwd()
    if not start.is_dir():
        return None
    start = start.resolve()
    return next((f for f in (start, *start.parents) if (f / "content").is_dir()), None)


def _plain_revision(root: Path, text: str) -> bool:
    """Whether `text` can only be a revision, one that `git log` reads as
    `git rev-parse --verify` does (as `sides.parse_side` would decide)."""
    if not _REVISION.fullmatch(text) or text[0] in "-^" or ".." in text:
        return False
    if any(mark in text for mark in ("^@", "^!", "^-")) or _VERSION_TAG.match(text):
        return False
    return not (
        _SLUG.match(text)
        and any(
            os.path.isfile(root / folder / f"{text}{suffix}")
            for folder in FOLDERS
            for suffix in SUFFIXES
        )
    )


def _commits(root: Path, old: str, new: str) -> tuple[Side, Side] | None:
    """Both sides, as `sides.sides_of` labels them, from one `git log`; None unless
    they are two different commits."""
    out = _git(
        root, "log", "--no-walk=unsorted", "-z", "--format=%H%x00%h%x00%an%x00%cI",
        f"{old}^{{commit}}", f"{new}^{{commit}}", "--",
    )  # fmt: skip
    fields = out.decode("utf-8", errors="replace").split("\x00") if out is not None else []
    if len(fields) != 9:  # four fields of each commit and the last one's end
        return None
    first = Side(old, *fields[0:4])
    second = Side(new, *(f.lstrip("\n") for f in fields[4:8]))
    if first.commit == second.commit:
        return None
    return first, second


def _changed(root: Path, old: str, new: str) -> list[tuple[str, bool, bool]] | None:
    """(path, whether it exists at OLD, at NEW) of the record files that differ, as
    `git.changed_files` lists them; None where one is not a plain file."""
    out = _git(root, "diff-tree", "-r", "-z", "--no-renames", "--relative", old, new, "--",
               *CORPUS_PATHS)  # fmt: skip
    if out is None:
        return None
    fields = out.split(b"\0")
    changed = []
    for meta, name in zip(fields[0::2], fields[1::2], strict=False):
        if not meta.startswith(b":"):
            continue
        old_mode, new_mode = meta[1:].decode().split(" ")[:2]
        if old_mode not in _REGULAR or new_mode not in _REGULAR:
            return None
        path = name.decode("utf-8", errors="surrogateescape")
        folder, _, file = path.rpartition("/")
        if folder in FOLDERS and file.endswith(SUFFIXES):
            changed.append((path, old_mode != "000000", new_mode != "000000"))
    return sorted(changed)


def _git(root: Path, *args: str) -> bytes | None:
    """`git ARGS`'s output, None when it fails (the full diff then says why). As
    `git.run_bytes`, without importing that module (datetime, its classes)."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "--no-optional-locks", *args], cwd=root, capture_output=True, check=False
        )
    except OSError:
        return None
    return done.stdout if done.returncode == 0 else None


def side_file(folder: Path, key: SideKey) -> Path:
    """Where a side is kept: one file each, so that a diff reads only its two."""
    role, commit, paths = key
    named = zlib.crc32("\0".join(paths).encode("utf-8", errors="surrogateescape"))
    return folder / STORE / f"{role}-{commit}-{named:08x}.pickle"


def read_side(root: Path, key: SideKey, code: object) -> dict[str, Any] | None:
    """The side kept under `key` by code whose file stamps are `code`; None when there
    is none, or its file is not as this code wrote it."""
    folder = cache_folder(root)
    if folder is None:
        return None
    try:
        with side_file(folder, key).open("rb") as handle:
            # Plain data only: an unpickler that finds no class runs no code.
            format, version, stamps, kept_as, side = _PlainUnpickler(handle).load()
    except Exception:  # whatever is wrong with a cache file, it is rebuilt
        return None
    if (format, version, stamps, kept_as) != (FORMAT, __version__, code, key):
        return None  # another side, or written by other code (it may validate otherwise)
    return side if isinstance(side, dict) else None


def keep_sides(root: Path, sides: dict[SideKey, dict[str, Any]]) -> None:
    """Write each side to its file (atomically), and drop the least recently written
    beyond KEPT; a file that cannot be written is simply not kept."""
    from summitkit.sources.check.cache import ignored_by_git

    folder = cache_folder(root)
    if folder is None or not sides:
        return
    code = keyed_modules()
    with contextlib.suppress(OSError):
        (folder / STORE).mkdir(parents=True, exist_ok=True)
        ignored_by_git(folder)
        for key, side in sides.items():
            data = (FORMAT, __version__, code, key, side)
            target = side_file(folder, key)
            temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            temporary.write_bytes(pickle.dumps(data, pickle.HIGHEST_PROTOCOL))
            os.replace(temporary, target)
        written = {side_file(folder, key) for key in sides}
        kept = sorted((folder / STORE).glob("*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        for old in [p for p in kept if p not in written][: max(len(kept) - KEPT, 0)]:
            old.unlink(missing_ok=True)


class _PlainUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"{module}.{name}: the diff's sides are plain data")
