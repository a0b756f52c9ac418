"""`summit merge-driver %O %A %B %P`: git's merge of a record file, by meaning.

Git runs the driver for every record file both branches changed (see
`register`): %O is the common ancestor's version, %A ours (the result is
written there), %B theirs, %P the file's path in the repository. The merge
itself is `summitkit.drafting.merge`; this module reads and writes the files,
names the delegation each side speaks for, and falls back to git's own line merge
(`git merge-file`) for a file that is not a record or does not parse.

A proposal, position or comment is one delegation's record: when both branches
added one under the same id with different content, the two are never merged
into one (that would put one delegation's words under another's name). The
whole of both versions is written between conflict markers, for a person to
keep one and table the other under an id of its own.

Exit 0 when the merge is clean, 1 when conflict markers were written (git then
reports the file as conflicted, and `summit check` names it). A file that one
branch deleted and the other changed never reaches a merge driver: git leaves
it unmerged, and `summit check` reports that too.
"""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import yaml

from summitkit.drafting.merge import MARKER, Merged, Unmergeable, merge_texts
from summitkit.sources.core.files import UnsafePath, WriteError, write_file
from summitkit.sources.core.layout import FOLDERS
from summitkit.sources.records.loader import load_bytes, load_mapping

if TYPE_CHECKING:
    from summitkit.sources.core.settings import Settings

# Git (and the settings that name delegations) is imported where it is run: a merge
# that gives no clause alternatives and parses asks git nothing.

DRIVER = "summit merge-driver %O %A %B %P"
"""The driver as a person would type it; `register` writes `driver_command()`."""
ARGUMENTS = "merge-driver %O %A %B %P"
ATTRIBUTES = ("content/**/*.yaml merge=summit", "gifts/*.yaml merge=summit")
ATTRIBUTES_HEADER = "# Record files merge by meaning: 'summit init --hooks' registers the driver."


@dataclass
class DriverResult:
    """What the driver did to one file; `messages` are for the person merging."""

    clean: bool
    messages: list[str] = field(default_factory=list)


def main(base: str, ours: str, theirs: str, path: str) -> int:
    """`summit merge-driver %O %A %B %P` as git runs it: the exit code, messages on stderr.

    `summit` calls this without click when given exactly these four arguments (git
    runs the driver once for every record file both branches changed)."""
    try:
        done = merge_file(Path(base), Path(ours), Path(theirs), path)
    except (WriteError, UnsafePath) as exc:
        print(exc.diagnostic(), file=sys.stderr)
        return 1
    for message in done.messages:
        print(f"summit merge-driver: {message}", file=sys.stderr)
    return 0 if done.clean else 1


def kind_of(path: str) -> str | None:
    """The record kind of a repository path, or None when it is not a record file."""
    pure = PurePosixPath(path)
    if pure.suffix not in (".yaml", ".yml"):
        return None
    return FOLDERS.get(pure.parent.as_posix())


#: Records one delegation writes, each under an id of its own.
OWN_RECORDS = ("proposal", "position", "comment")


def merge_file(base: Path, ours: Path, theirs: Path, path: str) -> DriverResult:
    """Merge the three versions of `path`, writing the result over `ours`."""
    kind = kind_of(path)
    if kind is not None:
        try:
            texts = [p.read_text(encoding="utf-8") for p in (base, ours, theirs)]
            trees = [_composed(text, kind, path) if text else None for text in texts]
            if kind in OWN_RECORDS and added_on_both(*texts):
                return _keep_both(ours, texts[1], texts[2], kind, path)
            parties = functools.cache(lambda: side_parties(Path.cwd(), path))
            merged = merge_texts(texts[0] or None, texts[1], texts[2], kind, parties, trees)
        except (Unmergeable, UnicodeDecodeError, yaml.YAMLError):
            pass  # not a record we can read: git's line merge does what it can
        else:
            _write(ours, merged.text)
            return _describe(path, merged, parties() if merged.alternatives else (None, None))
    return _line_merge(base, ours, theirs, path)


def _composed(text: str, kind: str, path: str) -> yaml.Node:
    """One side's node tree, composed once, by the one loader and within its limits."""
    composed: list[yaml.Node] = []
    record, _ = load_bytes(
        text.encode(), Path(path), kind, path, positions=False, composed=composed
    )
    if record is None:
        raise Unmergeable("a side the loader refuses (too large, an alias bomb)")
    return composed[0]


def added_on_both(base: str, ours: str, theirs: str) -> bool:
    """Whether both branches added the file (no base) with different records in it."""
    if base.strip():
        return False
    sides = [load_mapping(side.encode("utf-8"), "side") for side in (ours, theirs)]
    return sides[0] != sides[1] or sides[0] is None


def _keep_both(ours: Path, mine: str, other: str, kind: str, path: str) -> DriverResult:
    """Both whole versions between conflict markers: a person keeps one, re-tables the other."""
    ends = [text if text.endswith("\n") else text + "\n" for text in (mine, other)]
    _write(ours, f"{'<' * MARKER} ours\n{ends[0]}{'=' * MARKER}\n{ends[1]}{'>' * MARKER} theirs\n")
    record = PurePosixPath(path).stem
    folder = PurePosixPath(path).parent
    message = (
        f"{path}: both branches added a {kind} {record}, with different content; two "
        f"delegations' records are never merged into one. Keep one (git checkout --ours or "
        f"--theirs {path}) and table the other under an id of its own (git show "
        f"MERGE_HEAD:{path} > {folder}/NEW-ID.yaml)"
    )
    return DriverResult(False, [message])


def _describe(path: str, merged: Merged, parties: tuple[str | None, str | None]) -> DriverResult:
    messages = [
        f"{path}: clause {clause} was reworded on both branches; both wordings are now "
        "alternatives of an open clause"
        for clause in merged.alternatives
    ]
    if merged.alternatives and None in parties:
        messages.append(
            f"{path}: no delegation is known for the {' and '.join(_unknown(parties))} "
            "wording (no commit signed with a key in [parties], no [word_authors] entry for "
            "its author): say whose it is with the alternative's by"
        )
    messages += [
        f"{path}: {where} was changed differently on both branches; keep one of the two "
        "versions between the conflict markers"
        for where in merged.conflicts
    ]
    return DriverResult(not merged.conflicts, messages)


def _line_merge(base: Path, ours: Path, theirs: Path, path: str) -> DriverResult:
    from summitkit.sources.core.git import GitError, run

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


def _unknown(parties: tuple[str | None, str | None]) -> list[str]:
    return [side for side, party in zip(("ours", "theirs"), parties, strict=True) if not party]


# -- the two sides' delegations ----------------------------------------------------


def side_parties(root: Path, path: str) -> tuple[str | None, str | None]:
    """The delegation our branch and theirs speak for in `path`, None where unknown.

    A side's delegation is the one whose key ([parties] of summitkit.toml) signed
    the last commit that changed `path` there, as git verifies it; failing that,
    the one [word_authors] maps that commit's author name to. Never a person's
    name: the alternatives of a clause are a delegation's.

    Ours is HEAD; theirs is the commit being merged, which `git merge` names in a
    `GITHEAD_<sha>` environment variable, and rebase and cherry-pick in
    REBASE_HEAD / CHERRY_PICK_HEAD.
    """
    from summitkit.sources.core.git import GitError, allowed_signers, run
    from summitkit.sources.core.settings import load_settings

    theirs = [name.removeprefix("GITHEAD_") for name in os.environ if name.startswith("GITHEAD_")]
    for head in ("MERGE_HEAD", "REBASE_HEAD", "CHERRY_PICK_HEAD"):
        if not theirs:
            try:
                theirs = [run(root, "rev-parse", "--verify", "--quiet", head).strip()]
            except GitError:
                continue
    settings, _ = load_settings(root)
    with allowed_signers(settings.parties) as signers:
        ours = _party(root, "HEAD", path, signers, settings)
        return ours, _party(root, theirs[0] if theirs else "", path, signers, settings)


def _party(root: Path, commit: str, path: str, signers: Path, settings: Settings) -> str | None:
    from summitkit.sources.core.git import GitError, run

    if not commit:
        return None
    try:
        out = run(
            root, "-c", f"gpg.ssh.allowedSignersFile={signers}", "log", "-1",
            "--format=%G?%x00%GS%x00%an", commit, "--", path,
        )  # fmt: skip
    except GitError:
        return None
    status, signer, author = [*out.strip().split("\0"), "", "", ""][:3]
    if status == "G" and signer in settings.parties:
        return signer
    return settings.word_authors.get(author)


# -- registration -----------------------------------------------------------------


@dataclass
class Registered:
    """What `register` changed; empty lists when everything was in place already."""

    config: list[str] = field(default_factory=list)
    attributes: list[str] = field(default_factory=list)


def driver_command() -> str:
    """The driver as git will run it: this very summitkit, by absolute path.

    Git runs the driver through the shell with its own PATH, where a `summit`
    installed in a virtual environment that is not activated is not found, and a
    merge would fail with "summit: not found". So the command names the `summit`
    program that is running (`sys.argv[0]`, when it is one), else this Python
    with `-m summitkit`, whose environment has summitkit installed.
    """
    import shlex  # here: registering is rare, merging (a process per file) is not

    program = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if program is not None and program.name == "summit" and program.is_file():
        # abspath, not resolve: a symlinked venv must stay the venv
        return f"{shlex.quote(os.path.abspath(program))} {ARGUMENTS}"
    return f"{shlex.quote(sys.executable)} -m summitkit {ARGUMENTS}"


def register(root: Path, driver: str | None = None) -> Registered:
    """Register the driver (default: `driver_command()`) in the repository's own git
    config and `.gitattributes`.

    Idempotent: a setting or line already there is left alone; a driver registered
    with another command (an older `summit merge-driver …`, a summit that moved) is
    replaced, so running it again repairs a clone.
    """
    from summitkit.sources.core.git import GitError, run

    driver = driver or driver_command()
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
