"""Commands of the negotiation: `summit compile`, `summit accept`, `summit reject`."""

from __future__ import annotations

from pathlib import Path

import click

from summitkit.cli.base import PATH_ARG, audience_option, checked_or_exit, fail, repository
from summitkit.sources.schema import TLP


@click.command(name="compile")
@click.argument("document")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "html", "pdf", "docx", "json"]),
    default="text",
    show_default=True,
    help="text, html (standalone page), pdf, docx (proposals as tracked changes) or json.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (needed for pdf and docx); default: standard output.",
)
@click.option("--clean", is_flag=True, help="Only the agreed text; open material is omitted.")
@audience_option("Compile only what this TLP audience may see.")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def compile_(
    document: str,
    output_format: str,
    output: Path | None,
    clean: bool,
    audience: str,
    path: Path | None,
) -> None:
    """Print the compilation text of DOCUMENT: every tabled proposal inline.

    Each change is bracketed and attributed to its delegations, inserted
    paragraphs are numbered after their anchor (2bis, 2ter), whole alternative
    wordings are Alt 1, Alt 2…, and each paragraph shows its status (open, ad
    ref, agreed) and reservations; a status table and totals follow. --clean
    prints only what is agreed. In DOCX every proposal is a Word tracked change
    whose author is the delegation.

    \b
    Example:
      summit compile cjk-coe-collaboration-2014
      summit compile cjk-coe-collaboration-2014 --format docx -o compilation.docx
    """
    from summitkit.deliverables import compilation as printers
    from summitkit.negotiation.command import UnknownDocument, compile_for

    root = repository(path)
    if output_format in printers.BINARY and output is None:
        raise click.UsageError(f"--format {output_format} writes a file: give -o PATH")
    checked = checked_or_exit(root)
    try:
        compiled = compile_for(checked.corpus, document, TLP(audience), clean)
    except UnknownDocument as exc:
        raise click.UsageError(str(exc)) from None
    if output is not None and output_format in printers.BINARY:
        try:
            printers.write_binary(compiled, output_format, output)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
        click.echo(f"wrote {output}", err=True)
        return
    text = printers.render_text(compiled, output_format)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
