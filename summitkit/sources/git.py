"""Git, behind one small wrapper: every command summitkit runs goes through `run`.

Reading never touches the working tree, the index or HEAD: old revisions are
exported with `git archive` into a temporary folder, and every read runs with
`--no-optional-locks` so that not even the index's cached stat data is
rewritten. The only commands that write (`commit_paths`, `create_tag`) are
used by `summit release` alone.
"""

from __future__ import annotations

import io
import logging
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger(__name__)

#: What a drafting repository's corpus is made of, as seen by `summitkit.sources.project.check`.
CORPUS_PATHS = ("content", "gifts", "summitkit.toml")


class GitError(Exception):
    """A git command failed; the message names the command and quotes git's stderr."""


def run(root: Path, *args: str, write: bool = False) -> str:
    """Run `git ARGS` in `root` and return its stdout; raise GitError on failure."""
    return run_bytes(root, *args, write=write).decode("utf-8", errors="replace")


def run_bytes(root: Path, *args: str, write: bool = False) -> bytes:
    command = ["git", *([] if write else ["--no-optional-locks"]), *args]
    log.debug("running %s in %s", " ".join(command), root)
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, check=False)
    except OSError as exc:  # git itself is missing
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", errors="replace").strip()
        log.debug("git failed (%s): %s", done.returncode, stderr)
        raise GitError(f"'git {' '.join(args)}' failed: {stderr or f'exit {done.returncode}'}")
    return done.stdout


def is_repository(root: Path) -> bool:
    try:
        return run(root, "rev-parse", "--is-inside-work-tree").strip() == "true"
    except GitError:
        return False


def resolve_commit(root: Path, revision: str) -> str | None:
    """The full SHA of the commit `revision` names, or None if it names none."""
    if not revision or revision.startswith("-"):
        return None  # never let a side be read as an option
    try:
        return run(root, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
    except GitError:
        return None


def unmerged_paths(root: Path, *under: str) -> list[str]:
    """Files (relative to `root`) a merge left unresolved; none outside a git repository."""
    try:
        out = run(root, "ls-files", "--unmerged", "-z", "--", *under)
    except GitError:
        return []
    # Each entry reads "MODE SHA STAGE\tPATH", once per stage the file has.
    return sorted({entry.partition("\t")[2] for entry in out.split("\0") if entry})


def tag_exists(root: Path, name: str) -> bool:
    try:
        run(root, "rev-parse", "--verify", "--quiet", f"refs/tags/{name}")
    except GitError:
        return False
    return True


def prefix(root: Path) -> str:
    """Where `root` sits inside its git work tree ('' at the top, else 'sub/dir/')."""
    return run(root, "rev-parse", "--show-prefix").strip()


def toplevel(root: Path) -> Path:
    return Path(run(root, "rev-parse", "--show-toplevel").strip())


def export_corpus(root: Path, commit: str, target: Path) -> None:
    """Write the corpus files of `commit` (content/, gifts/, summitkit.toml) into `target`.

    Uses `git ls-tree` to see which of them the commit has, then `git archive`
    of just those, unpacked with tarfile's 'data' filter: members that would
    land outside `target` (absolute links, `..`) are skipped.
    """
    # Both commands read paths relative to the folder they run in: run them at the top.
    top, tree = toplevel(root), f"{commit}:{prefix(root)}"
    present = set(run(top, "ls-tree", "--name-only", tree).splitlines())
    paths = [p for p in CORPUS_PATHS if p in present]
    target.mkdir(parents=True, exist_ok=True)
    if not paths:
        return
    archive = run_bytes(top, "archive", "--format=tar", tree, "--", *paths)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter=_safe_member)


def _safe_member(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError:
        log.debug("skipping archive member %s: outside the export folder", member.name)
        return None


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    short: str
    author: str
    date: str
    """Committer date, ISO 8601 strict."""
    timestamp: int


def commit_info(root: Path, commit: str) -> CommitInfo:
    out = run(root, "log", "-1", "--format=%H%x00%h%x00%an%x00%cI%x00%ct", commit, "--")
    sha, short, author, date, stamp = out.rstrip("\n").split("\x00")
    return CommitInfo(sha, short, author, date, int(stamp))


def is_dirty(root: Path, untracked_in: tuple[str, ...] = ("content", "gifts")) -> list[str]:
    """Changed tracked files anywhere, and untracked files under `untracked_in`."""
    tracked = run(root, "status", "--porcelain", "--untracked-files=no").splitlines()
    untracked = run(
        root, "status", "--porcelain", "--untracked-files=all", "--", *untracked_in
    ).splitlines()
    return sorted({line[3:] for line in [*tracked, *untracked] if line.strip()})


def line_authors(root: Path, old: str | None, new: str, path: str) -> list[str | None]:
    """Who last changed each line of `path` at commit `new`, by git's own blame.

    With `old`, only commits after it count (`git blame old..new`): a line that
    is unchanged since `old` has no author (None). `path` is relative to `root`.
    """
    since = [f"{old}..{new}"] if old else [new]
    out = run(root, "blame", "--porcelain", *since, "--", path)
    names: dict[str, str] = {}
    boundary: set[str] = set()
    authors: list[str | None] = []
    sha = ""
    for line in out.splitlines():
        if line.startswith("\t"):
            authors.append(None if sha in boundary else names.get(sha))
            continue
        head, _, rest = line.partition(" ")
        if len(head) == 40 and all(c in "0123456789abcdef" for c in head):
            sha = head
        elif head == "author":
            names[sha] = rest
        elif head == "boundary":
            boundary.add(sha)
    return authors


def last_author(root: Path, old: str | None, new: str, path: str) -> str | None:
    """The author of the newest commit after `old` up to `new` that touched `path`."""
    since = f"{old}..{new}" if old else new
    out = run(root, "log", "-1", "--format=%an", since, "--", path).strip()
    return out or None


@dataclass(frozen=True)
class TagInfo:
    name: str
    commit: str
    date: str
    """Tagger date (author date for a lightweight tag), ISO 8601 strict."""
    author: str
    subject: str


def list_tags(root: Path, pattern: str) -> list[TagInfo]:
    """Tags matching a `refs/tags/` glob, with who made them and when."""
    fields = [
        "%(refname:strip=2)",
        "%(if)%(*objectname)%(then)%(*objectname:short)%(else)%(objectname:short)%(end)",
        "%(if)%(taggerdate)%(then)%(taggerdate:iso-strict)%(else)%(authordate:iso-strict)%(end)",
        "%(if)%(taggername)%(then)%(taggername)%(else)%(authorname)%(end)",
        "%(subject)",
    ]
    out = run(root, "for-each-ref", f"--format={'%00'.join(fields)}", f"refs/tags/{pattern}")
    return [TagInfo(*line.split("\x00")) for line in out.splitlines() if line]


# -- writing: `summit release` only ----------------------------------------------


def commit_paths(root: Path, paths: list[Path], message: str) -> None:
    """Commit exactly these tracked files as they are in the working tree (`--only`),
    whatever else may be staged."""
    names = [p.as_posix() for p in paths]
    run(root, "commit", "--quiet", "--only", "-m", message, "--", *names, write=True)


def create_tag(root: Path, name: str, message: str) -> None:
    """An annotated tag on HEAD; git itself refuses to overwrite an existing one."""
    run(root, "tag", "--annotate", "-m", message, name, "HEAD", write=True)
