"""Commands of the negotiation: `summit compile` (the chair's decisions are in
`summitkit.cli.chair`)."""

from __future__ import annotations

from pathlib import Path

import click

from summitkit.cli.base import (
    LANGUAGE,
    PATH_ARG,
    audience_option,
    checked_or_exit,
    document_formats,
    echo_problems,
    fail,
    request_for,
)
from summitkit.sources.core.files import write_file


@click.command(name="compile")
@click.argument("document")
@document_formats("text, html (standalone page), pdf, docx (proposals as tracked changes) or json.")
@click.option("--clean", is_flag=True, help="Only the agreed text; open material is omitted.")
@audience_option("Compile only what this TLP audience may see.")
@click.option(
    "--lang",
    default="",
    metavar="TAG",
    type=LANGUAGE,
    help="Print the labels (status, Alt, headings, totals) in this language (fr, zh, ja, "
    "ko, ...); the text stays as negotiated, and JSON stays English. Default: English.",
)
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def compile_(
    document: str,
    output_format: str,
    output: Path | None,
    clean: bool,
    audience: str,
    lang: str,
    path: Path | None,
) -> None:
    """Print the compilation text of DOCUMENT: every tabled proposal inline.

    Each change is bracketed and attributed to its delegations, inserted
    paragraphs (and paragraphs added since the last circulated version) are
    numbered after their anchor (2bis, 2ter), whole alternative
    wordings are Alt 1, Alt 2…, and each paragraph shows its status (open, ad
    ref, agreed) and reservations; a status table and totals follow. --clean
    prints only what is agreed. In DOCX every proposal is a Word tracked change
    whose author is the delegation.

    \b
    Example:
      summit compile cjk-coe-collaboration-2014
      summit compile cjk-coe-collaboration-2014 --format docx -o compilation.docx
      summit compile cjk-coe-collaboration-2014 --lang ko
    """
    from summitkit.deliverables import compilation as printers
    from summitkit.negotiation.circulated import circulated_clauses
    from summitkit.negotiation.command import UnknownDocument, compile_for
    from summitkit.sources.audience.leaks import LeakGuard

    request = request_for(path, audience, language=lang)
    if output_format in printers.BINARY and output is None:
        raise click.UsageError(f"--format {output_format} writes a file: give -o PATH")
    checked = checked_or_exit(request)
    record = checked.corpus.documents.get(document)
    circulated = None
    if record is not None:
        path = checked.corpus.path_of(record)
        circulated, problems = circulated_clauses(request.root, document, record.kind, path)
        if problems:
            echo_problems(problems)
            fail(
                f"the named versions of {document} cannot be read, so the paragraphs added "
                "since the last circulated one cannot be numbered (bis, ter); nothing compiled"
            )
    try:
        compiled = compile_for(
            checked.corpus, document, request.audience, clean=clean, circulated=circulated
        )
    except UnknownDocument as exc:
        raise click.UsageError(str(exc)) from None
    guard = LeakGuard(request.audience, checked.corpus)
    if output is not None and output_format in printers.BINARY:
        guard.check(str(output), printers.render_text(compiled, "html", lang))
        from summitkit.deliverables.printed.printer import reference_document

        try:
            reference = reference_document(request.root)
            printers.write_binary(compiled, output_format, output, request.version, reference, lang)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
        click.echo(f"wrote {output}", err=True)
        return
    text = printers.render_text(compiled, output_format, lang)
    guard.check(str(output or "standard output"), text)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_file(output, text)
        click.echo(f"wrote {output}", err=True)
