"""`summit export` and `summit import`: the corpus to and from other tools."""

from __future__ import annotations

from pathlib import Path

import click

from summitkit.cli.base import (
    OUTPUT_FILE,
    OUTPUT_FOLDER,
    PATH_ARG,
    RECORD_ID,
    audience_corpus,
    audience_option,
    checked_or_exit,
    echo_problems,
    fail,
    request_for,
)
from summitkit.sources.core.files import write_file


@click.group()
def export() -> None:
    """Export the validated corpus for other tools.

    \b
    Example:
      summit export json > corpus.json
    """


@export.command("json")
@click.argument("path", required=False, type=PATH_ARG)
@audience_option("Export only what this TLP audience may see.")
def export_json(path: Path | None, audience: str) -> None:
    """Print the validated corpus as JSON: what the renderers see.

    \b
    Example:
      summit export json | jq '.statement | length'
    """
    from summitkit.exchange.export import corpus_json

    corpus, guard = audience_corpus(request_for(path, audience))
    text = corpus_json(corpus)
    guard.check("standard output", text)
    click.echo(text)


@export.command("csv")
@click.argument("path", required=False, type=PATH_ARG)
@click.option(
    "--what",
    type=click.Choice(
        ["commitments", "assessments", "signatures", "centres", "scores", "benchmarks", "axes"]
    ),
    required=True,
    help="Which observations: one row each.",
)
@click.option("-o", "--output", type=OUTPUT_FILE, help="File.")
@click.option(
    "--include-preliminary",
    is_flag=True,
    help="scores and axes: count preliminary and reviewed-by-state assessments too.",
)
@audience_option("Export only what this TLP audience may see.")
def export_csv(
    path: Path | None, what: str, output: Path | None, include_preliminary: bool, audience: str
) -> None:
    """Write tidy CSV (one row per observation, ISO dates) for pandas or a spreadsheet.

    The columns of each export are listed in the docs ("Exports").

    \b
    Example:
      summit export csv --what assessments -o assessments.csv
    """
    from summitkit.exchange.export import corpus_csv

    corpus, guard = audience_corpus(request_for(path, audience))
    text = corpus_csv(corpus, what, include_preliminary)
    guard.check(str(output or "standard output"), text)
    if output is None:
        click.echo(text, nl=False)
    else:
        write_file(output, text)


@export.command("xlsx")
@click.argument("path", required=False, type=PATH_ARG)
@click.option(
    "-o",
    "--output",
    type=OUTPUT_FILE,
    required=True,
    help="Workbook to write.",
)
@click.option(
    "--include-preliminary",
    is_flag=True,
    help="Count preliminary and reviewed-by-state assessments in the scores too.",
)
@audience_option("Export only what this TLP audience may see.")
def export_xlsx(path: Path | None, output: Path, include_preliminary: bool, audience: str) -> None:
    """Write the scores, benchmark levels, weights, scales and assessment axes as
    one XLSX workbook, one sheet per table.

    The weights sheet lines up with the levels sheet, and each score has beside
    it the formula that recomputes it, so the model can be re-run in a
    spreadsheet with other weights.

    \b
    Example:
      summit export xlsx -o scores.xlsx
    """
    from summitkit.exchange.xlsx import SHEETS, workbook
    from summitkit.sources.audience.leaks import office_text

    corpus, guard = audience_corpus(request_for(path, audience))
    data = workbook(corpus, include_preliminary)
    guard.check(str(output), office_text(data))
    write_file(output, data)
    click.echo(f"wrote {output} ({len(SHEETS)} sheets: {', '.join(SHEETS)})")


@export.command("akn")
@click.argument("ids", nargs=-1, metavar="[ID]...", type=RECORD_ID)
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
@click.option(
    "-o",
    "--output",
    type=OUTPUT_FOLDER,
    help="Folder to write to (default: build/akn/ in the repository).",
)
@audience_option("Export only what this TLP audience may see; clauses above it are left out.")
def export_akn(ids: tuple[str, ...], path: Path | None, output: Path | None, audience: str) -> None:
    """Write statements and gift baskets as Akoma Ntoso 3.0 XML, one DIR/<id>.xml each.

    Every statement and basket when no ID is given. The FRBR URIs, the element
    that holds each field and how reST markup is kept are documented in
    summitkit/exchange/akn/__init__.py; `summit import akn` reads the files back.

    \b
    Example:
      summit export akn seoul-2012-nstsc -o build/akn
    """
    from summitkit.exchange.akn import AknError
    from summitkit.exchange.akn.export import UnknownDocument, write_akn

    request = request_for(path, audience)
    root = request.root
    corpus, guard = audience_corpus(request)
    folder = output if output is not None else root / "build" / "akn"
    try:
        written = write_akn(corpus, ids, folder, request.audience, guard.check)
    except UnknownDocument as exc:
        raise click.BadParameter(str(exc), param_hint="ID") from None
    except AknError as exc:
        fail(str(exc))
    shown = folder.relative_to(root) if folder.is_relative_to(root) else folder
    click.echo(f"wrote {len(written)} Akoma Ntoso files to {shown.as_posix()}/")


@click.group("import")
def import_() -> None:
    """Import records written by other tools into the repository.

    \b
    Example:
      summit import akn received/seoul-2012-nstsc.xml
    """


@import_.command("akn")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
@click.option("--force", is_flag=True, help="Replace a record that has the same id.")
def import_akn(file: Path, path: Path | None, force: bool) -> None:
    """Read an Akoma Ntoso statement back into a record, to draft on.

    The record goes to content/statements/<id>.yaml, or gifts/<id>.yaml for a
    gift basket. It is written only if it validates in the repository: the
    states, organizations, round and sources it names must exist there.

    \b
    Example:
      summit import akn build/akn/seoul-2012-nstsc.xml --force
    """
    from summitkit.exchange.akn import importer

    root = request_for(path).root
    try:
        imported = importer.import_akn(file, root, force=force)
    except importer.ImportFailed as exc:
        if exc.diagnostics:
            echo_problems(exc.diagnostics)
        fail(str(exc))
    if imported.warnings:
        echo_problems(imported.warnings)
    click.echo(f"wrote {imported.path.relative_to(root).as_posix()}")


@import_.command("docx")
@click.argument(
    "files",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, path_type=Path),
    metavar="FILE...",
)
@click.option(
    "--as",
    "as_party",
    metavar="PARTY",
    help="Attribute every change and comment to this delegation (state or organization id).",
)
@click.option(
    "--document", metavar="ID", help="Refuse a file unless it is a DOCX of this document."
)
@click.option("--dry-run", is_flag=True, help="Print the records instead of writing them.")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
@audience_option("With --dry-run: refuse to print text above this TLP audience.")
def import_docx(
    files: tuple[Path, ...],
    as_party: str | None,
    document: str | None,
    dry_run: bool,
    path: Path | None,
    audience: str,
) -> None:
    """Bring a round of edited Word files back as proposals, one per delegation.

    Each FILE is a DOCX that summitkit printed (summit build) and someone
    edited in Word or LibreOffice; a FOLDER stands for every .docx in it. A
    file's base is the record at the commit it was built from, read from git.
    Tracked changes are attributed to their Word author (summitkit.toml's
    [word_authors] table, or --as), untracked edits to the file's last editor;
    new paragraphs become inserts, comments the proposal's note, words one
    delegation deleted from another's insertion a position against it. Every
    record says which file it was received in. Each file and each delegation
    stands alone: a change that cannot be proposed is reported at its
    paragraph and the rest is imported. The document itself is never changed.

    \b
    Example:
      summit import docx received/ --dry-run
      summit import docx back-from-tokyo.docx back-from-seoul.docx
    """
    from summitkit.drafting.layout.fmt import format_text
    from summitkit.exchange.word.base import ImportFailed
    from summitkit.exchange.word.returns import import_docx as run_import

    request = request_for(path, audience)
    root = request.root
    guard = None
    # One check of the repository serves every file: what each file's import writes
    # is added to its corpus for the next.
    if dry_run:
        from summitkit.sources.audience.leaks import LeakGuard

        checked = checked_or_exit(request)
        guard = LeakGuard(request.audience, checked.corpus)
    else:
        from summitkit.sources.check.project import check

        checked = check(root)
    listed = [
        found
        for given in files
        for found in (sorted(given.glob("*.docx")) if given.is_dir() else [given])
        if not found.name.startswith("~$")  # Word's lock files
    ]
    if not listed:
        raise click.BadParameter("no .docx file in the folder(s) given", param_hint="FILE...")
    taken: set[str] = set()
    failed = 0
    for file in listed:
        try:
            imported = run_import(
                file,
                root,
                as_party=as_party,
                document=document,
                dry_run=dry_run,
                taken=taken,
                layout=format_text,
                checked=checked,
            )
        except ImportFailed as exc:
            echo_problems(exc.diagnostics)
            click.echo(f"{file.name}: nothing imported", err=True)
            failed += 1
            continue
        problems = [*imported.warnings, *imported.refused]
        if guard is not None:  # printed, so checked like every output: messages quote text
            guard.check("standard error", "\n".join(d.message for d in problems))
            for record in imported.proposals:
                guard.check("standard output", record.text)
        echo_problems(problems)
        failed += bool(imported.refused)
        records = imported.proposals
        summary = (
            f"{len(records)} record{'s' if len(records) != 1 else ''}"
            if records
            else "nothing imported"
            if imported.refused
            else "no changes"
        )
        click.echo(f"{file.name}: {summary} against {imported.document} at {imported.commit}")
        for record in records:
            shown = record.path.relative_to(root).as_posix()
            if dry_run:
                click.echo(f"# would write {shown}\n{record.text}")
                continue
            if record.kind == "position":
                click.echo(f"  wrote {shown} ({record.party}: {record.stance}s)")
                continue
            changes = f"{record.changes} change{'s' if record.changes != 1 else ''}"
            notes = f", {record.notes} note{'s' if record.notes != 1 else ''}" * bool(record.notes)
            click.echo(f"  wrote {shown} ({record.party}: {changes}{notes})")
    if failed:
        fail(f"{failed} of {len(listed)} file{'s' if len(listed) != 1 else ''} not fully imported")
