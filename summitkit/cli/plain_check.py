"""`summit check` and `summit check PATH`, the forms CI, hooks and editors run, answered
without click: importing click and building the command table is a twentieth of a
cold check of 500 records. Anything else (an option, a path click would refuse, a
folder that is not a repository, an error raised before anything is printed, a
stream that is not UTF-8) goes to click's `check` command, which then says and does
what it always did; tests/test_startup.py holds the two to the same output.

No click here: `seen_from_here`, which both print through, lives here for that.
"""

from __future__ import annotations

import codecs
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from summitkit.sources.core.diagnostics import Diagnostic

#: What click.echo strips from text written to a stream that is not a terminal.
_ANSI = re.compile(r"\033\[[;?0-9]*[a-zA-Z]")


def plain_check(args: list[str]) -> int | None:
    """The exit code of `summit ARGS` where ARGS are `check [PATH]` and it could be run
    without click; None where click's command must run it instead."""
    if not args or args[0] != "check" or len(args) > 2 or "_SUMMIT_COMPLETE" in os.environ:
        return None
    if len(args) == 2 and (not args[1] or args[1].startswith("-")):
        return None
    if not (_utf8(sys.stdout) and _utf8(sys.stderr)):
        return None  # click.echo would write otherwise
    path = Path(args[1]) if len(args) == 2 else None
    if path is not None and not (path.is_dir() and os.access(path, os.R_OK)):
        return None  # click's usage error says why
    try:
        return _check(path)
    except (KeyboardInterrupt, EOFError):
        sys.stderr.write("\nAborted!\n")  # as click says it
        return 1


def _check(path: Path | None) -> int | None:
    from summitkit.sources.check.project import check, find_root
    from summitkit.sources.core.diagnostics import format_text

    try:
        root = find_root(path or Path.cwd())
        checked = check(root, corpus_needed=False)
    except Exception:  # not a repository, or an error click's command reports: it runs again
        return None

    if checked.diagnostics:
        shown = format_text(seen_from_here(checked.diagnostics, root))
        if not _echo(sys.stdout, shown):
            return 1
    if checked.errors:
        return 1
    return 0 if _echo(sys.stderr, f"ok: {checked.summary()}\n") else 1


def _utf8(stream: TextIO | None) -> bool:
    encoding = getattr(stream, "encoding", None)
    try:
        return encoding is not None and codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return False


def _echo(stream: TextIO, text: str) -> bool:
    """What click.echo(text, nl=False) does with a text; False where the reader has
    gone (a closed pipe: exit 1, as click does, and the rest is written to nowhere, the
    remedy Python's documentation gives, rather than complained about at exit)."""
    if "\033" in text and not stream.isatty():
        text = _ANSI.sub("", text)
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), stream.fileno())
        return False
    return True


def seen_from_here(diagnostics: list[Diagnostic], root: Path) -> list[Diagnostic]:
    """Diagnostics whose paths open from the folder the command runs in.

    Paths are relative to the repository; `summit check tests/data/invalid/CASE`
    run from above it names `tests/data/invalid/CASE/content/…`, and `summit check`
    run in `content/states/` names `../sources/…`, so that a terminal or an editor
    opens the file with a click. A repository beside the current folder keeps its
    repository-relative paths."""
    from dataclasses import replace

    try:
        here, top = Path.cwd().resolve(), root.resolve()
    except OSError:  # the current folder is gone
        return diagnostics
    if here == top or not (here.is_relative_to(top) or top.is_relative_to(here)):
        return diagnostics
    return [
        replace(d, position=replace(d.position, path=_from(here, top, d.position.path)))
        for d in diagnostics
    ]


def _from(here: Path, top: Path, path: str) -> str:
    return Path(os.path.relpath(top / path, here)).as_posix()
