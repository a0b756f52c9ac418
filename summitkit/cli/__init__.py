"""CLI: the `summit` command line declares commands and calls one function per verb.

One module per stage (`summitkit.cli.sources`, `.deliverables`, `.diff`,
`.progress`, `.drafting`, `.exchange`, `.negotiation`, `.review`; `.chair` for the
chair's decisions), each command a
declaration that builds the run's one `Request` and calls one function of that
stage. The command table is here: a command's module is imported when that command
is asked for (pip's `commands_dict`), so laziness lives in one place. It may import
every stage.

The click group `main` is built when first asked for: `summit --help` on a
terminal of 80 columns or more is answered from its text, kept in
`summitkit.cli.help_text` (tests/test_startup.py holds it equal to what click
writes; tools/refresh_help.py writes it), without importing click or a command.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    import click

    main: click.Group  # the click group: built by `__getattr__` when first asked for

#: Every command: name → (module, attribute). `summit --help` lists them in this
#: order, which is the alphabetical one that click's own group used.
COMMANDS: dict[str, tuple[str, str]] = {
    "accept": ("summitkit.cli.chair", "accept"),
    "build": ("summitkit.cli.deliverables", "build"),
    "check": ("summitkit.cli.sources", "check"),
    "clause": ("summitkit.cli.chair", "clause"),
    "comments": ("summitkit.cli.review", "comments"),
    "compile": ("summitkit.cli.negotiation", "compile_"),
    "diff": ("summitkit.cli.diff", "diff"),
    "export": ("summitkit.cli.exchange", "export"),
    "fmt": ("summitkit.cli.drafting", "fmt"),
    "import": ("summitkit.cli.exchange", "import_"),
    "init": ("summitkit.cli.drafting", "init"),
    "merge-driver": ("summitkit.cli.drafting", "merge_driver"),
    "new": ("summitkit.cli.drafting", "new"),
    "proposal": ("summitkit.cli.chair", "proposal"),
    "reject": ("summitkit.cli.chair", "reject"),
    "release": ("summitkit.cli.drafting", "release"),
    "report": ("summitkit.cli.progress", "report"),
    "schema": ("summitkit.cli.sources", "schema"),
    "serve": ("summitkit.cli.deliverables", "serve"),
    "sign": ("summitkit.cli.drafting", "sign"),
    "unsign": ("summitkit.cli.drafting", "unsign"),
    "versions": ("summitkit.cli.drafting", "versions"),
}


def __getattr__(name: str) -> click.Group:
    """`summitkit.cli.main`, the click group, built when first asked for."""
    if name != "main":
        raise AttributeError(name)
    global main  # built once: from now on an attribute like any other
    main = _group()
    return main


def _group() -> click.Group:
    import click

    from summitkit import __version__
    from summitkit.cli.base import SummitGroup

    @click.group(
        cls=SummitGroup,
        table=COMMANDS,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
    @click.version_option(__version__, prog_name="summit")
    def main() -> None:
        """summitkit: check, build and compare summit deliverables kept in git.

        The documentation (a tutorial, how-to guides, the reference) is the Sphinx
        site in the docs/ folder of summitkit's repository: sphinx-build docs out.

        \b
        Example:
          summit check && summit build
        """

    return main


def run() -> NoReturn:
    """The `summit` program: run the command, then leave without tearing the heap down.

    A build or check holds hundreds of thousands of objects; freeing them one by one
    at interpreter exit costs more than half a second and changes nothing on disk. So
    once the command has returned, this does what exit does that matters (joins
    threads, runs the atexit handlers, flushes the output) and ends the process.
    Tests call `main` through click's runner and never reach this."""
    try:
        if sys.argv[1:] in (["--help"], ["-h"]) and _columns() >= HELP_COLUMNS:
            from summitkit.cli.help_text import HELP

            sys.stdout.write(HELP)
        elif sys.argv[1:2] == ["check"] and (checked := _without_click(sys.argv[1:])) is not None:
            sys.exit(checked)
        elif _for_git(sys.argv[1:]):  # once per file of a merge: no click, no command table
            from summitkit.drafting.merge_driver import main as merge_driver

            sys.exit(merge_driver(*sys.argv[2:6]))
        elif sys.argv[1:2] == ["diff"] and (answered := _quick_diff(sys.argv[2:])) is not None:
            sys.exit(answered)
        else:
            __getattr__("main").main(prog_name="summit")
        code = 0
    except SystemExit as done:
        code = 0 if done.code is None else done.code  # type: ignore[assignment]
        if not isinstance(code, int):  # sys.exit("message"): printed, exit 1, as Python does
            print(code, file=sys.stderr)
            code = 1
    for thread in threading.enumerate():
        if thread is not threading.current_thread() and not thread.daemon:
            thread.join()
    atexit._run_exitfuncs()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe: let Python report it as it always does
        sys.exit(code)
    os._exit(code)


def _without_click(args: list[str]) -> int | None:
    """`summit check [PATH]`'s exit code, run without click; None where click must run it."""
    from summitkit.cli.plain_check import plain_check

    return plain_check(args)


def _for_git(args: list[str]) -> bool:
    """Whether `args` are `merge-driver %O %A %B %P`, as git passes them (no option)."""
    return len(args) == 5 and args[0] == "merge-driver" and not any(a.startswith("-") for a in args)


def _quick_diff(args: list[str]) -> int | None:
    """A text diff of two revisions seen before, without click or the schema
    (`summitkit.diff.quick`); None where the command must run in full."""
    from summitkit.diff.quick import answer

    return answer(args)


HELP_COLUMNS = 80
"""click writes help at most 80 columns wide: from there on, the text is always the same."""


def _columns() -> int:
    """The terminal's width as click reads it (`shutil.get_terminal_size`)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or HELP_COLUMNS
