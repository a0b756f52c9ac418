"""Review: `summit comments`, the comments on a document's clauses."""

from __future__ import annotations

from pathlib import Path

import click

from summitkit.cli.base import PATH_ARG, checked_or_exit, request_for


@click.command()
@click.argument("document_id", metavar="DOC")
@click.option("--open", "open_only", is_flag=True, help="Only comments not yet resolved.")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def comments(document_id: str, open_only: bool, path: Path | None) -> None:
    """List the review comments on statement or gift basket DOC, clause by clause.

    Comments are records in content/comments/ (one file each: document,
    clause, quote, by, author, date, text, resolved). They are never part of a
    deliverable. Each prints as CLAUSE DATE BY (AUTHOR) open|resolved LABEL
    FILE, then the quoted words and the text.

    \b
    Example:
      summit comments seoul-2012-nstsc --open
    """
    from summitkit.negotiation.review import UnknownDocument, comments_in_order, describe
    from summitkit.sources.core.diagnostics import display_path

    request = request_for(path)
    root = request.root
    corpus = checked_or_exit(request).corpus
    try:
        found = comments_in_order(corpus, document_id, open_only)
    except UnknownDocument as exc:
        raise click.BadParameter(str(exc), param_hint="DOC") from None
    for comment in found:
        click.echo(describe(comment, display_path(corpus.path_of(comment), root)))
    which = "open comments" if open_only else "comments"
    click.echo(f"{len(found)} {which} on {document_id}", err=True)
