"""CLI: the `summit` command line declares commands and calls one function per verb.

One module per stage (`summitkit.cli.sources`, `.deliverables`, `.diff`,
`.progress`, `.drafting`, `.exchange`, `.negotiation`, `.review`; `.chair` for the
chair's decisions), each command a
declaration that builds the run's one `Request` and calls one function of that
stage. The command table is here: a command's module is imported when that command
is asked for (pip's `commands_dict`), so laziness lives in one place. It may import
every stage.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

import click

from summitkit import __version__
from summitkit.cli.base import SummitGroup

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


def run() -> NoReturn:
    """The `summit` program: run the command, then leave without tearing the heap down.

    A build or check holds hundreds of thousands of objects; freeing them one by one
    at interpreter exit costs more than half a second and changes nothing on disk. So
    once the command has returned, this does what exit does that matters (joins
    threads, runs the atexit handlers, flushes the output) and ends the process.
    Tests call `main` through click's runner and never reach this."""
    try:
        main.main(prog_name="summit")
        code = 0
    except SystemExit as done:
        code = 0 if done.code is None else done.code
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
