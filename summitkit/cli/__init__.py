"""CLI: the `summit` command line declares commands and calls one function per verb.

One module per stage (`summitkit.cli.sources`, `.deliverables`, `.diff`,
`.progress`, `.drafting`, `.exchange`, `.negotiation`), each command a declaration that calls
one function of that stage; the command table is here. It may import every stage.
"""

from __future__ import annotations

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
