"""CLI: the `summit` command line declares commands and calls one function per verb.

One module per stage (`summitkit.cli.sources`, `.deliverables`, `.diff`,
`.progress`, `.drafting`, `.exchange`, `.negotiation`), each command a declaration that calls
one function of that stage; the command table is here. It may import every stage.
"""

from __future__ import annotations

import atexit
import os
import sys
import threading
from typing import NoReturn

import click

from summitkit import __version__
from summitkit.cli import (
    deliverables,
    diff,
    drafting,
    exchange,
    negotiation,
    progress,
    review,
    sources,
)
from summitkit.cli.base import SummitGroup


@click.group(cls=SummitGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summit")
def main() -> None:
    """summitkit: check, build and compare summit deliverables kept in git.

    \b
    Example:
      summit check && summit build
    """


for command in (
    sources.check,
    sources.schema,
    deliverables.build,
    deliverables.serve,
    diff.diff,
    negotiation.compile_,
    negotiation.accept,
    negotiation.reject,
    progress.report,
    drafting.new,
    drafting.init,
    drafting.sign,
    drafting.unsign,
    drafting.fmt,
    drafting.merge_driver,
    review.comments,
    drafting.release,
    drafting.versions,
    exchange.export,
    exchange.import_,
):
    main.add_command(command)


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
