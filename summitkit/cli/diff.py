"""`summit diff`: a redline between two versions of the corpus or two records."""

from __future__ import annotations

from pathlib import Path

import click

from summitkit.cli.base import PATH_ARG, audience_option, document_formats, fail, request_for
from summitkit.sources.core.files import write_file


@click.command()
@click.argument("old")
@click.argument("new", required=False)
@document_formats("text (terminal), html (standalone page), pdf, docx (tracked changes) or json.")
@click.option(
    "--context",
    default=2,
    show_default=True,
    type=click.IntRange(0),
    help="Unchanged clauses shown around each change (text).",
)
@click.option(
    "--changed-only",
    is_flag=True,
    help="html, pdf, docx: print only changed paragraphs, with one on each side for context.",
)
@click.option(
    "--color/--no-color",
    default=None,
    help="Colour the text redline (default: on a terminal, unless NO_COLOR is set).",
)
@audience_option("Compare only what this TLP audience may see.")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def diff(
    old: str,
    new: str | None,
    output_format: str,
    output: Path | None,
    context: int,
    changed_only: bool,
    color: bool | None,
    audience: str,
    path: Path | None,
) -> None:
    """Compare two versions of the corpus, or two records, as a redline.

    OLD and NEW are each a git revision (HEAD~2, a tag, a branch: the whole
    corpus), a record ID in the working tree, REV:ID (the record at a
    revision), or ID/revN (a named version made by 'summit release'). NEW
    defaults to the working tree; 'summit diff ID' compares ID at HEAD with
    the working tree. Old revisions are read from git without touching the
    working tree, the index or HEAD. Like a build, a redline shows only what
    its --audience may see; drafters' notes never appear.

    Exit 0 whether or not there are differences; 1 when a side's corpus does
    not validate or git fails; 2 when a side names nothing or is ambiguous.

    \b
    Example:
      summit diff seoul-2012-nstsc washington-2016-nstsc
      summit diff HEAD~1 --format html -o redline.html
      summit diff seoul-2012-nstsc/rev1 seoul-2012-nstsc/rev2 --format docx -o r.docx
    """
    from summitkit.sources.check.cache import paused_collection

    # What these imports make lives as long as the process: collecting garbage
    # among it would only walk it (about a twentieth of their time, 16 of 352 ms).
    with paused_collection():
        from summitkit.deliverables import redline
        from summitkit.diff import command as run
        from summitkit.diff.sides import SideError, SideFailed
        from summitkit.sources.core.git import GitError

    request = request_for(path, audience)
    if output_format in redline.BINARY and output is None:
        raise click.UsageError(f"--format {output_format} writes a file: give -o PATH")
    try:
        comparison = run.compare(request, old, new)
    except SideError as exc:
        raise click.UsageError(str(exc)) from None
    except SideFailed as exc:
        click.echo("".join(f"{line}\n" for line in exc.lines), err=True, nl=False)
        fail(str(exc))
    except GitError as exc:
        fail(str(exc))
    # The commit a working-tree side stands on, for the pages and files that print it.
    version = request.version if output_format in ("html", *redline.BINARY) else None
    if output is not None and output_format in redline.BINARY and version is not None:
        from summitkit.deliverables.printed.printer import reference_document

        page = redline.render_text(comparison, "html", context, False, changed_only, version)
        comparison.guard.check(str(output), page)
        reference = reference_document(request.root)
        redline.write_binary(comparison, output_format, output, changed_only, version, reference)
        click.echo(f"wrote {output}", err=True)
        return
    use_color = run.wants_color(color, output is not None)
    text = redline.render_text(comparison, output_format, context, use_color, changed_only, version)
    comparison.guard.check(str(output or "standard output"), text)
    if output is None:
        click.echo(text, nl=False, color=use_color)
    else:
        write_file(output, text)
        click.echo(f"wrote {output}", err=True)
