"""Commands of the negotiation: `summit compile`, `summit accept`, `summit reject`."""

from __future__ import annotations

from pathlib import Path

import click

from summitkit.cli.base import (
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
    """
    from summitkit.deliverables import compilation as printers
    from summitkit.negotiation.circulated import circulated_clauses
    from summitkit.negotiation.command import UnknownDocument, compile_for
    from summitkit.sources.audience.leaks import LeakGuard

    request = request_for(path, audience)
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
        guard.check(str(output), printers.render_text(compiled, "html"))
        from summitkit.deliverables.printed.printer import reference_document

        try:
            reference = reference_document(request.root)
            printers.write_binary(compiled, output_format, output, request.version, reference)
        except OSError as exc:
            fail(f"cannot write {output}: {exc.strerror or exc}")
        click.echo(f"wrote {output}", err=True)
        return
    text = printers.render_text(compiled, output_format)
    guard.check(str(output or "standard output"), text)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_file(output, text)
        click.echo(f"wrote {output}", err=True)


@click.command()
@click.argument("proposal")
@click.option(
    "--change",
    type=click.IntRange(1),
    help="Accept only change N of the proposal (numbered from 1); the rest stay tabled.",
)
@click.option("--reason", help="Why it was accepted, recorded in the proposal.")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def accept(proposal: str, change: int | None, reason: str | None, path: Path | None) -> None:
    """Fold tabled PROPOSAL into its document and mark it accepted.

    The document's file is edited as text, as 'summit sign' does: a
    replacement rewrites one clause's text, an insertion adds one clause, a
    deletion removes one and retires its id; comments and every other line
    stay. Refused, with both files left as they were, when the base text no
    longer matches what the proposal expects or the result would not pass
    'summit check'.

    \b
    Example:
      summit accept kor-2014-cjk-1 --change 2
    """
    from summitkit.drafting import accept as deciding

    request = request_for(path)
    try:
        decided = deciding.accept(request.root, proposal, change, reason)
    except deciding.DecisionRefused as exc:
        echo_problems(exc.diagnostics)
        fail(str(exc))
    numbers = ", ".join(map(str, decided.changes))
    click.echo(
        f"accepted {proposal} (change{'s' if len(decided.changes) != 1 else ''} {numbers}); "
        f"it is {decided.status.value} ({', '.join(decided.files)})"
    )


@click.command()
@click.argument("proposal")
@click.option("--reason", help="Why it was rejected, recorded in the proposal.")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def reject(proposal: str, reason: str | None, path: Path | None) -> None:
    """Mark tabled PROPOSAL rejected; its document is not touched.

    \b
    Example:
      summit reject chn-2014-cjk-1 --reason "No consensus."
    """
    from summitkit.drafting import accept as deciding

    request = request_for(path)
    try:
        decided = deciding.reject(request.root, proposal, reason)
    except deciding.DecisionRefused as exc:
        echo_problems(exc.diagnostics)
        fail(str(exc))
    click.echo(f"rejected {proposal} ({', '.join(decided.files)})")
