"""Files summitkit reads and writes, guarded against what a pull request can commit.

- `write_file` writes every file summitkit writes, sources and outputs alike: a
  temporary file in the same folder, flushed and synced, then renamed over the
  target. On any `OSError` the target is as it was, byte for byte, and the error
  is a `WriteError`, which the command line prints as
  `path: error: could not write (reason) [io/write]` and exits 1.
- `owned_folder` makes (or checks) a folder summitkit writes into, refusing one
  that is, or lies behind, a symbolic link, so that a committed link cannot
  redirect output (or clean-up) into the checkout or out of it.
- `read_regular` reads a file only when it is a regular file: FIFOs, devices and
  sockets are refused without being opened (opening a FIFO blocks for ever).
- `output_problem` says what is wrong with an output path (`-o`) before any work.
- `stop_for_test` is a test hook: it stops the process at a named moment of writing.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
from pathlib import Path, PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported when a diagnostic is made: `summit --help` needs none
    from summitkit.sources.core.diagnostics import Diagnostic


class WriteError(Exception):
    """A file could not be written; the file that was there is unchanged."""

    def __init__(self, path: Path, reason: str, *, read_only: bool = False) -> None:
        super().__init__(f"{path}: could not write ({reason})")
        self.path = path
        self.reason = reason
        self.read_only = read_only
        """The file is read-only: refused before trying, not failed."""

    def diagnostic(self, root: Path | None = None) -> Diagnostic:
        from summitkit.sources.core.diagnostics import Position, display_path, error

        shown = display_path(self.path, root or Path.cwd())
        message = f"could not write ({self.reason})"
        if self.read_only:
            return error(Position(shown, 0, 0), message, "io/read-only")
        return error(Position(shown, 0, 0), message, "io/write")


class UnsafePath(Exception):
    """A path summitkit refuses to read or write through: a link, a special file, a
    place outside the repository. `rule` is the diagnostic's rule id."""

    def __init__(self, path: Path, message: str, rule: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message
        self.rule = rule

    def diagnostic(self, root: Path | None = None) -> Diagnostic:
        from summitkit.sources.core.diagnostics import Position, display_path, error

        shown = display_path(self.path, root or Path.cwd())
        return error(Position(shown, 0, 0), self.message, self.rule)


def reason(exc: OSError) -> str:
    """'No space left on device', 'Read-only file system', 'Permission denied'."""
    return exc.strerror or type(exc).__name__


def write_file(path: Path, content: str | bytes, mode: int | None = None) -> None:
    """Write `content` (str as UTF-8) to `path` whole or not at all.

    The new file keeps the permissions of the one it replaces (or gets `mode`,
    default 0o644 less the umask). The folder must exist and be writable.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        kind = special_kind(path)
        if kind or path.is_dir():
            raise WriteError(path, f"it is {kind or 'a folder'}")
        if mode is None:
            mode = _existing_mode(path)
        refuse_read_only(path)
        handle, name = _new_file(path.parent, f".{path.name}.", ".tmp")
    except OSError as exc:
        raise WriteError(path, reason(exc)) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(name, mode)
        os.replace(name, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise WriteError(path, reason(exc)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(name)
        raise
    _sync_folder(path.parent)


def _new_file(folder: Path, prefix: str, suffix: str) -> tuple[int, str]:
    """A new, empty file in `folder` that only its owner may read, open for writing: what
    `tempfile.mkstemp` makes, without importing tempfile (and random, shutil) in every
    process that writes one file, as git's merge driver does for each file it merges."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    for _ in range(100):  # tempfile's TMP_MAX is 10,000; 48 random bits rarely collide
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no unused name for a temporary file", str(folder))


def refuse_read_only(*paths: Path) -> None:
    """WriteError (`io/read-only`) for the first of `paths` that exists and that its owner
    may not write: replacing it through a rename would ignore the file's own protection.
    A command that changes several files asks before writing any."""
    for path in paths:
        try:
            mode = stat.S_IMODE(path.stat().st_mode)
        except OSError:
            continue
        if not mode & stat.S_IWUSR:
            raise WriteError(
                path,
                f"it is read-only (mode {mode:o}); it was left as it was — make it "
                "writable to let summitkit change it",
                read_only=True,
            )


def _existing_mode(path: Path) -> int:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o644 & ~umask


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable; not every file system lets a folder be synced."""
    with contextlib.suppress(OSError):
        handle = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(handle)
        finally:
            os.close(handle)


def special_kind(path: Path) -> str | None:
    """'a FIFO', 'a device', 'a socket' for such a file (a link is not followed), else None."""
    try:
        mode = path.lstat().st_mode
    except OSError:
        return None
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return None


def read_regular(path: Path) -> bytes:
    """The bytes of a regular file (a link to one is followed); anything else is refused
    without being opened, and a file swapped for a FIFO meanwhile does not block."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise UnsafePath(path, f"could not read ({reason(exc)})", "io/read") from None
    if not stat.S_ISREG(mode):
        what = special_kind(path.resolve()) or ("a folder" if stat.S_ISDIR(mode) else "special")
        raise UnsafePath(path, f"not a regular file but {what}; refused", "io/special-file")
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise UnsafePath(path, f"could not read ({reason(exc)})", "io/read") from None
    with os.fdopen(handle, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):
            raise UnsafePath(path, "not a regular file; refused", "io/special-file")
        return file.read()


def inside(path: Path, root: Path) -> bool:
    """Whether `path`, every link in it followed, lies inside `root`."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a loop of links leads nowhere
        return False


def owned_folder(root: Path, relative: str | PurePath) -> Path:
    """`root/relative` as a real folder, made where missing: no part of it below
    `root` may be a symbolic link or anything but a folder (UnsafePath otherwise)."""
    folder = root
    for part in Path(relative).parts:
        if part in ("", ".", "..") or "/" in part:
            raise UnsafePath(root / str(relative), "not a plain relative folder", "io/outside")
        folder = folder / part
        if folder.is_symlink():
            raise UnsafePath(
                folder,
                "is a symbolic link; summitkit writes here only into a real folder "
                "(remove the link)",
                "io/link",
            )
        try:
            folder.mkdir(exist_ok=True)
        except FileExistsError:
            raise UnsafePath(folder, "is not a folder; remove it", "io/not-a-folder") from None
        except OSError as exc:
            raise WriteError(folder, reason(exc)) from None
    return folder


def refuse_link(path: Path) -> Path:
    """`path`, unless it is a symbolic link (UnsafePath): for what summitkit replaces
    or removes, where following a committed link would reach something else."""
    if path.is_symlink():
        raise UnsafePath(path, "is a symbolic link; summitkit will not follow it", "io/link")
    return path


#: What a drafting repository's sources are: no output may be written over them.
SOURCE_PLACES = ("content", "gifts", "templates", "summitkit.toml", "conf.py")


def output_problem(path: Path) -> str | None:
    """What makes `path` unusable as an output file, or None: its folder must exist,
    the path must not be a folder, a link, a device, a FIFO or a socket, and it must
    not stand among a drafting repository's sources (`source_problem`)."""
    if path.is_symlink():
        return f"{path} is a symbolic link; name the file itself"
    if kind := special_kind(path):
        return f"{path} is {kind}, not a file"
    if path.is_dir():
        return f"{path} is a folder; name a file in it"
    if (missing := folder_problem(path.parent)) is not None:
        return missing
    return source_problem(path)


def folder_problem(folder: Path) -> str | None:
    """Why `folder` cannot hold an output (it, or a folder above it, is a file or does
    not exist), or None."""
    for above in (folder, *folder.parents):
        if above.is_dir():
            break
        if above.exists() or above.is_symlink():
            return f"{above} is a file, not a folder"
    if not folder.is_dir():
        return f"the folder {folder} does not exist"
    return None


def output_folder_problem(folder: Path) -> str | None:
    """What makes `folder` unusable as an output folder (made where missing), or None."""
    for above in (folder, *folder.parents):
        if above.is_dir():
            break
        if above.exists() or above.is_symlink():
            return f"{above} is a file, not a folder"
    return source_problem(folder)


def source_problem(path: Path) -> str | None:
    """Why `path` may not be written as an output: it names a file among the sources
    of the drafting repository that holds it (under content/, gifts/, templates/, or
    summitkit.toml, conf.py); content/generated/ is the build's. None otherwise."""
    try:
        resolved = path.parent.resolve() / path.name
    except OSError:
        return None
    for root in resolved.parents:
        if (root / "content").is_dir():
            parts = resolved.relative_to(root).parts
            if parts and parts[0] in SOURCE_PLACES and parts[:2] != ("content", "generated"):
                return (
                    f"{path} is among the sources of the repository at {root}; "
                    "write outputs elsewhere (build/, for instance)"
                )
            return None
    return None


def stop_for_test(moment: str) -> None:
    """Test hook: stop this process (SIGSTOP) at `moment` when the environment variable
    SUMMITKIT_TEST_STOP_AT names it, so that a test can interrupt a build there, however
    loaded the machine (tests/buildkit.py). `summit build` has two moments:
    "writing-pages" (Sphinx starts writing) and "staged" (the new output is staged)."""
    if os.environ.get("SUMMITKIT_TEST_STOP_AT") == moment:
        os.kill(os.getpid(), signal.SIGSTOP)
