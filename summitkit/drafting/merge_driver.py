"""`summit merge-driver %O %A %B %P`: git's merge of a record file, by meaning.

Git runs the driver for every record file both branches changed (see
`register`): %O is the common ancestor's version, %A ours (the result is
written there), %B theirs, %P the file's path in the repository. The merge
itself is `summitkit.drafting.merge`; this module reads and writes the files,
names the authors of the two sides, and falls back to git's own line merge
(`git merge-file`) for a file that is not a record or does not parse.

Exit 0 when the merge is clean, 1 when conflict markers were written (git then
reports the file as conflicted, and `summit check` names it). A file that one
branch deleted and the other changed never reaches a merge driver: git leaves
it unmerged, and `summit check` reports that too.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from summitkit.drafting.merge import Merged, Unmergeable, merge_texts
from summitkit.sources.core.files import write_file
from summitkit.sources.core.git import GitError, run
from summitkit.sources.core.layout import FOLDERS
from summitkit.sources.records.loader import load_refusal

DRIVER = "summit merge-driver %O %A %B %P"
ATTRIBUTES = ("content/**/*.yaml merge=summit", "gifts/*.yaml merge=summit")
ATTRIBUTES_HEADER = "# Record files merge by meaning: 'summit init --hooks' registers the driver."


@dataclass
class DriverResult:
    """What the driver did to one file; `messages` are for the person merging."""

    clean: bool
    messages: list[str] = field(default_factory=list)


def kind_of(path: str) -> str | None:
    """The record kind of a repository path, or None when it is not a record file."""
    pure = PurePosixPath(path)
    if pure.suffix not in (".yaml", ".yml"):
        return None
    return FOLDERS.get(pure.parent.as_posix())


def merge_file(base: Path, ours: Path, theirs: Path, path: str) -> DriverResult:
    """Merge the three versions of `path`, writing the result over `ours`."""
    kind = kind_of(path)
    if kind is not None:
        try:
            texts = [p.read_text(encoding="utf-8") for p in (base, ours, theirs)]
            if any(t and load_refusal(t.encode(), kind, path) for t in texts):
                raise Unmergeable("a side the loader refuses (too large, an alias bomb)")
            authors = side_authors(Path.cwd(), path)
            merged = merge_texts(texts[0] or None, texts[1], texts[2], kind, authors)
        except (Unmergeable, UnicodeDecodeError):
            pass  # not a record we can read: git's line merge does what it can
        else:
            _write(ours, merged.text)
            return _describe(path, merged)
    return _line_merge(base, ours, theirs, path)


def _describe(path: str, merged: Merged) -> DriverResult:
    messages = [
        f"{path}: clause {clause} was reworded on both branches; both wordings are now "
        "alternatives of an open clause"
        for clause in merged.alternatives
    ]
    messages += [
        f"{path}: {where} was changed differently on both branches; keep one of the two "
        "versions between the conflict markers"
        for where in merged.conflicts
    ]
    return DriverResult(not merged.conflicts, messages)


def _line_merge(base: Path, ours: Path, theirs: Path, path: str) -> DriverResult:
    labels = ["-L", "ours", "-L", "base", "-L", "theirs"]
    try:
        run(Path.cwd(), "merge-file", *labels, str(ours), str(base), str(theirs), write=True)
    except GitError:  # git merge-file exits with the number of conflicts it wrote
        pass
    else:
        return DriverResult(True)
    return DriverResult(False, [f"{path}: merged line by line (it does not parse as a record)"])


def _write(path: Path, text: str) -> None:
    """Replace `path` in one step: git reads a whole result or the old file, never half."""
    write_file(path, text)


# -- the two sides' authors -------------------------------------------------------


def side_authors(root: Path, path: str) -> tuple[str, str]:
    """Who last changed `path` on our branch and on theirs (git author names).

    Ours is HEAD; theirs is the commit being merged, which `git merge` names in a
    `GITHEAD_<sha>` environment variable, and rebase and cherry-pick in
    REBASE_HEAD / CHERRY_PICK_HEAD.
    """
    theirs = [name.removeprefix("GITHEAD_") for name in os.environ if name.startswith("GITHEAD_")]
    for head in ("MERGE_HEAD", "REBASE_HEAD", "CHERRY_PICK_HEAD"):
        if not theirs:
            try:
                theirs = [run(root, "rev-parse", "--verify", "--quiet", head).strip()]
            except GitError:
                continue
    return _author(root, "HEAD", path, "ours"), _author(
        root, theirs[0] if theirs else "", path, "theirs"
    )


def _author(root: Path, commit: str, path: str, fallback: str) -> str:
    if not commit:
        return fallback
    try:
        name = run(root, "log", "-1", "--format=%an", commit, "--", path).strip()
    except GitError:
        return fallback
    return name or fallback


# -- registration -----------------------------------------------------------------


@dataclass
class Registered:
    """What `register` changed; empty lists when everything was in place already."""

    config: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)


def register(root: Path, driver: str = DRIVER) -> Registered:
    """Register the driver in the repository's own git config and `.gitattributes`.

    Idempotent: a setting or line already there is left alone.
    """
    done = Registered()
    wanted = {
        "merge.summit.name": "summitkit records, merged by meaning",
        "merge.summit.driver": driver,
    }
    for key, value in wanted.items():
        try:
            current = run(root, "config", "--local", "--get", key).strip()
        except GitError:
            current = None
        if current != value:
            run(root, "config", "--local", key, value, write=True)
            done.config.append(key)
    attributes = root / ".gitattributes"
    text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in ATTRIBUTES if line not in present]
    if missing:
        lines = ([ATTRIBUTES_HEADER] if ATTRIBUTES_HEADER not in present else []) + missing
        prefix = "" if not text or text.endswith("\n") else "\n"
        _write(attributes, text + prefix + "\n".join(lines) + "\n")
        done.attributes = missing
    return done
