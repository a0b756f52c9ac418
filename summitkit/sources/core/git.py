"""Git, behind one small wrapper: every command summitkit runs goes through `run`.

Reading never touches the working tree, the index or HEAD: old revisions are
read as git objects (`git ls-tree` and `git diff-tree` say which blobs a
revision holds and which changed, one `git cat-file --batch` process reads
just those), and every read runs with `--no-optional-locks` so that not even
the index's cached stat data is rewritten. The only commands that write
(`commit_paths`, `create_tag`) are used by `summit release` alone.
"""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

# How diagnostics name a file git left unmerged: kept with the diagnostics, so that the
# loader says it of a file with conflict markers without importing this module.
from summitkit.sources.core.diagnostics import MERGE_CONFLICT as MERGE_CONFLICT
from summitkit.sources.core.diagnostics import MERGE_HINT as MERGE_HINT

if TYPE_CHECKING:
    import tarfile


def _debug(message: str, *args: object) -> None:
    """Log at debug level where the program has set logging up: a program that has
    not imported `logging` has no handler that would show it (and the import costs
    every command that runs git a few milliseconds)."""
    if "logging" in sys.modules:
        sys.modules["logging"].getLogger(__name__).debug(message, *args)


#: What a drafting repository's corpus is made of, as `sources.check.project.check` sees it.
CORPUS_PATHS = ("content", "gifts", "summitkit.toml")


class GitError(Exception):
    """A git command failed; the message names the command and quotes git's stderr."""


def run(root: Path, *args: str, write: bool = False) -> str:
    """Run `git ARGS` in `root` and return its stdout; raise GitError on failure."""
    return run_bytes(root, *args, write=write).decode("utf-8", errors="replace")


def run_bytes(root: Path, *args: str, write: bool = False) -> bytes:
    command = ["git", *([] if write else ["--no-optional-locks"]), *args]
    _debug("running %s in %s", " ".join(command), root)
    try:
        done = subprocess.run(command, cwd=root, capture_output=True, check=False)
    except OSError as exc:  # git itself is missing
        raise GitError(f"cannot run git: {exc.strerror}") from None
    if done.returncode != 0:
        stderr = done.stderr.decode("utf-8", errors="replace").strip()
        _debug("git failed (%s): %s", done.returncode, stderr)
        raise GitError(f"'git {' '.join(args)}' failed: {stderr or f'exit {done.returncode}'}")
    return done.stdout


@contextmanager
def allowed_signers(keys: dict[str, tuple[str, ...]]) -> Iterator[Path]:
    """A temporary allowed-signers file (for `gpg.ssh.allowedSignersFile`) listing each
    principal's SSH public keys: git then names the principal of a good signature (%GS)."""
    import tempfile  # here: only the commands that verify signatures write one

    with tempfile.TemporaryDirectory(prefix="summit-signers-") as scratch:
        signers = Path(scratch) / "allowed_signers"
        lines = [
            f'{owner} namespaces="git" {key}' for owner, listed in keys.items() for key in listed
        ]
        signers.write_text("\n".join(lines) + "\n", encoding="utf-8")
        yield signers


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
    import tarfile  # here: most commands never unpack an archive

    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter=_safe_member)


def _safe_member(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo | None:
    import tarfile

    try:
        return tarfile.data_filter(member, dest)
    except tarfile.FilterError:
        _debug("skipping archive member %s: outside the export folder", member.name)
        return None


#: What `git diff-tree` writes for the missing side of an added or deleted file.
NO_BLOB = "0" * 40
_SUBMODULE = "160000"


class TreeEntry(NamedTuple):
    """One file of a revision: its mode (100644, 120000 for a link) and blob id.
    (A tuple: a corpus's tree holds thousands, made faster than dataclasses.)"""

    mode: str
    blob: str


def list_files(
    root: Path, commit: str, paths: tuple[str, ...] = CORPUS_PATHS
) -> dict[str, TreeEntry]:
    """The files under `paths` in `commit`, relative to `root`, with their blob ids.

    Run in `root`, `ls-tree` takes the paths and names the files relative to it,
    also when `root` is a folder inside the repository: one process, not three."""
    out = run_bytes(root, "ls-tree", "-r", "-z", commit, "--", *paths)
    files = {}
    # NUL, tab and the "MODE TYPE ID" part are ASCII: the output is split once decoded.
    for line in out.decode("utf-8", errors="surrogateescape").split("\0"):
        meta, tab, name = line.partition("\t")
        if tab:
            mode, kind, blob = meta.split(" ")
            if kind == "blob":
                files[name] = TreeEntry(mode, blob)
    return files


@dataclass(frozen=True)
class FileChange:
    """A file that differs between two revisions; NO_BLOB on the side that lacks it."""

    path: str
    old: str
    new: str
    old_mode: str
    """The file's mode in the older revision (000000 where it had none)."""


def files_before(tree: dict[str, TreeEntry], changes: list[FileChange]) -> dict[str, TreeEntry]:
    """The older revision's files, from the newer one's (`list_files`) and the changes
    between them (`changed_files`, same paths): one `ls-tree` for two revisions. Like
    `list_files`, it holds no submodule (another repository's commit, not a file)."""
    before = dict(tree)
    for change in changes:
        if change.old == NO_BLOB or change.old_mode == _SUBMODULE:
            before.pop(change.path, None)
        else:
            before[change.path] = TreeEntry(change.old_mode, change.old)
    return before


def changed_files(
    root: Path, old: str, new: str, paths: tuple[str, ...] = CORPUS_PATHS
) -> list[FileChange]:
    """Files under `paths` whose blobs differ between two commits (`git diff-tree -r`)."""
    out = run_bytes(
        root, "diff-tree", "-r", "-z", "--no-renames", "--relative", old, new, "--", *paths
    )
    fields = out.split(b"\0")
    changes = []
    for meta, name in zip(fields[0::2], fields[1::2], strict=False):
        if meta.startswith(b":"):
            old_mode, _, old_blob, new_blob, _ = meta[1:].decode().split(" ")
            path = name.decode("utf-8", errors="surrogateescape")
            changes.append(FileChange(path, old_blob, new_blob, old_mode))
    return changes


class BlobReader:
    """One `git cat-file --batch` process that reads blobs by id, as many as asked.

    Every id asked for is appended to `requested` (and to the module's
    `REQUESTED`), so that a test can see which objects a command read.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.requested: list[str] = []
        self._process: subprocess.Popen[bytes] | None = None

    def read(self, blob: str) -> bytes:
        if self._process is None:
            command = ["git", "--no-optional-locks", "cat-file", "--batch"]
            _debug("running %s in %s", " ".join(command), self.root)
            try:
                self._process = subprocess.Popen(
                    command, cwd=self.root, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                    stderr=subprocess.DEVNULL,
                )  # fmt: skip
            except OSError as exc:
                raise GitError(f"cannot run git: {exc.strerror}") from None
        assert self._process.stdin is not None and self._process.stdout is not None
        self.requested.append(blob)
        REQUESTED.append(blob)
        self._process.stdin.write(blob.encode() + b"\n")
        self._process.stdin.flush()
        header = self._process.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            raise GitError(f"'git cat-file --batch' has no blob {blob}")
        data = self._process.stdout.read(int(header[2]) + 1)
        return data[:-1]

    def close(self) -> None:
        if self._process is not None:
            assert self._process.stdin is not None
            self._process.stdin.close()
            self._process.wait()
            if self._process.stdout is not None:
                self._process.stdout.close()
            self._process = None

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: Every blob id any BlobReader of this process was asked for, in order.
REQUESTED: list[str] = []


@dataclass(frozen=True)
class CommitInfo:
    sha: str
    short: str
    author: str
    date: str
    """Committer date, ISO 8601 strict."""
    timestamp: int


def commit_infos(root: Path, *commits: str) -> list[CommitInfo]:
    """Each commit's id, author and date, in the order given, from one `git log`."""
    unique = list(dict.fromkeys(commits))
    fields = run(
        root, "log", "--no-walk=unsorted", "-z", "--format=%H%x00%h%x00%an%x00%cI%x00%ct",
        *unique, "--",
    ).split("\x00")  # fmt: skip
    infos = []
    for at in range(0, len(fields) - 4, 5):
        sha, short, author, date, stamp = fields[at : at + 5]
        infos.append(CommitInfo(sha, short, author, date, int(stamp)))
    if len(infos) == len(unique):
        by_name = dict(zip(unique, infos, strict=True))
        return [by_name[commit] for commit in commits]
    if len(unique) > 1:  # two names of one commit, which git shows once
        return [commit_infos(root, commit)[0] for commit in commits]
    raise GitError(f"'git log' shows no commit '{commits[0]}'")


def describe_commit(root: Path, paths: tuple[str, ...]) -> str:
    """Short SHA of the last commit that changed `paths` (HEAD if none did), with
    '+dirty' when they have uncommitted changes; 'unversioned' outside git."""
    try:
        sha = run(root, "log", "-1", "--format=%h", "HEAD", "--", *paths).strip()
        sha = sha or run(root, "rev-parse", "--short", "HEAD").strip()
        dirty = run(root, "status", "--porcelain", "--untracked-files=no", "--", *paths)
    except GitError:
        return "unversioned"
    return f"{sha}+dirty" if dirty.strip() else sha


def is_dirty(root: Path, untracked_in: tuple[str, ...] = ("content", "gifts")) -> list[str]:
    """Changed tracked files anywhere, and untracked files under `untracked_in`."""
    tracked = run(root, "status", "--porcelain", "--untracked-files=no").splitlines()
    untracked = run(
        root, "status", "--porcelain", "--untracked-files=all", "--", *untracked_in
    ).splitlines()
    return sorted({line[3:] for line in [*tracked, *untracked] if line.strip()})


@dataclass(frozen=True)
class LineAuthor:
    """Who last changed a line, and when (author date, ISO 8601 in UTC)."""

    name: str
    date: str


def line_authors(root: Path, old: str | None, new: str, path: str) -> list[LineAuthor | None]:
    """Who last changed each line of `path` at commit `new`, by git's own blame.

    With `old`, only commits after it count (`git blame old..new`): a line that
    is unchanged since `old` has no author (None). `path` is relative to `root`.
    """
    since = [f"{old}..{new}"] if old else [new]
    out = run(root, "blame", "--porcelain", *since, "--", path)
    names: dict[str, str] = {}
    times: dict[str, str] = {}
    boundary: set[str] = set()
    authors: list[LineAuthor | None] = []
    sha = ""
    for line in out.splitlines():
        if line.startswith("\t"):
            known = sha not in boundary and sha in names
            authors.append(LineAuthor(names[sha], times.get(sha, "")) if known else None)
            continue
        head, _, rest = line.partition(" ")
        if len(head) == 40 and all(c in "0123456789abcdef" for c in head):
            sha = head
        elif head == "author":
            names[sha] = rest
        elif head == "author-time" and rest.isdigit():
            moment = dt.datetime.fromtimestamp(int(rest), dt.UTC)
            times[sha] = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
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
