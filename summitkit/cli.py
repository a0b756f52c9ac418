"""The `summit` command line: declares commands and calls one function per verb."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from summitkit import __version__
from summitkit.diagnostics import FORMATTERS
from summitkit.loader import KIND_FOLDERS
from summitkit.project import Checked, NotARepository, find_root
from summitkit.schema import TLP, DocumentStatus

F = TypeVar("F", bound=Callable[..., Any])

PATH_ARG = click.Path(exists=True, file_okay=False, path_type=Path)


def audience_option(help: str) -> Callable[[F], F]:
    return click.option(
        "--audience",
        default=TLP.CLEAR.value,
        show_default=True,
        type=click.Choice([t.value for t in TLP]),
        help=help,
    )


def repository(path: Path | None) -> Path:
    try:
        return find_root(path or Path.cwd())
    except NotARepository as exc:
        raise click.UsageError(str(exc)) from None


def fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def checked_or_exit(
    root: Path, output_format: str = "text", strict: bool = False, *, to_stdout: bool = False
) -> Checked:
    """Run load → validate; print every diagnostic; exit 1 if the corpus fails.

    Diagnostics go to stderr, except for `summit check`, whose result they are.
    """
    from summitkit.project import check

    checked = check(root)
    if checked.diagnostics or (to_stdout and output_format == "json"):
        text = FORMATTERS[output_format](checked.diagnostics)
        click.echo(text, err=not to_stdout, nl=False)
    if checked.errors or (strict and checked.warnings):
        sys.exit(1)
    return checked


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="summit")
def main() -> None:
    """summitkit: check, build and compare summit deliverables kept in git.

    \b
    Example:
      summit check && summit build
    """


@main.command()
@click.argument("path", required=False, type=PATH_ARG)
@click.option("--strict", is_flag=True, help="Treat warnings as failures.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(sorted(FORMATTERS)),
    default="text",
    show_default=True,
    help="How to print diagnostics: text, json, or GitHub Actions annotations.",
)
def check(path: Path | None, strict: bool, output_format: str) -> None:
    """Validate every record and report every problem at once.

    Diagnostics read PATH:LINE:COL: error|warning: MESSAGE [RULE]. Exit 0 when
    the corpus is clean (warnings allowed unless --strict), 1 otherwise.

    \b
    Example:
      summit check --strict
    """
    root = repository(path)
    checked = checked_or_exit(root, output_format, strict, to_stdout=True)
    click.echo(f"ok: {checked.summary()}", err=True)


@main.command()
@click.argument("kind", type=click.Choice(sorted(KIND_FOLDERS)))
@click.argument("id")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def new(kind: str, id: str, path: Path | None) -> None:
    """Write a skeleton record of KIND with id ID, each field explained.

    \b
    Example:
      summit new statement seoul-2012-nstsc
    """
    from summitkit.skeleton import SkeletonError, write_skeleton

    root = repository(path)
    try:
        written = write_skeleton(root, kind, id)
    except SkeletonError as exc:
        fail(str(exc))
    click.echo(f"wrote {written.relative_to(root).as_posix()}")


@main.command()
@click.argument("kind", required=False, type=click.Choice(sorted(KIND_FOLDERS)))
def schema(kind: str | None) -> None:
    """Print the JSON Schema of one record KIND, or of all records.

    Point your editor's YAML support at it for completion and checks as you
    type (see the README, "Editor support").

    \b
    Example:
      summit schema statement > statement.schema.json
    """
    from summitkit.schema import document_schema

    click.echo(json.dumps(document_schema(kind), indent=2, ensure_ascii=False))


@main.group()
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
    from summitkit.audience import for_audience
    from summitkit.export import corpus_json

    root = repository(path)
    corpus = for_audience(checked_or_exit(root).corpus, TLP(audience))
    click.echo(corpus_json(corpus))


@export.command("csv")
@click.argument("path", required=False, type=PATH_ARG)
@click.option(
    "--what",
    type=click.Choice(["commitments", "assessments", "signatures", "centres"]),
    required=True,
    help="Which observations: one row each.",
)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File.")
@audience_option("Export only what this TLP audience may see.")
def export_csv(path: Path | None, what: str, output: Path | None, audience: str) -> None:
    """Write tidy CSV (one row per observation, ISO dates) for pandas or a spreadsheet.

    The columns of each export are listed in the README ("Exports").

    \b
    Example:
      summit export csv --what assessments -o assessments.csv
    """
    from summitkit.audience import for_audience
    from summitkit.export import corpus_csv

    root = repository(path)
    text = corpus_csv(for_audience(checked_or_exit(root).corpus, TLP(audience)), what)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")


@main.command()
@click.argument("report_id", metavar="ID")
@click.argument("path", required=False, type=PATH_ARG)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@audience_option("Compute the measures from what this TLP audience may see.")
def report(report_id: str, path: Path | None, output_format: str, audience: str) -> None:
    """Print a progress report's headline measures.

    \b
    Example:
      summit report northeast-asia-2014
    """
    from summitkit.audience import for_audience
    from summitkit.measures import report_measures

    root = repository(path)
    corpus = for_audience(checked_or_exit(root).corpus, TLP(audience))
    if report_id not in corpus.reports:
        known = ", ".join(sorted(corpus.reports)) or "none"
        raise click.BadParameter(f"no report '{report_id}' (reports: {known})", param_hint="ID")
    measures = report_measures(corpus, corpus.reports[report_id])
    if output_format == "json":
        click.echo(json.dumps(measures.as_dict(), indent=2, ensure_ascii=False))
        return
    previous = measures.previous or "the previous round"
    click.echo(f"{corpus.reports[report_id].title} — as of {measures.as_of}")
    header = f"{'':24} {'made':>5} {'complete':>12} {'subst.+compl.':>14}  since {previous}"
    click.echo(header)
    rows = [("All states in scope", measures.scope)]
    rows += [(corpus.party_name(s), m) for s, m in measures.states.items()]
    for name, m in rows:
        click.echo(
            f"{name[:24]:24} {m.commitments:>5} "
            f"{m.complete:>4} ({m.share_complete:>4.0%}) "
            f"{m.substantial_or_complete:>5} ({m.share_substantial_or_complete:>4.0%})  "
            f"up {m.moved_up}, down {m.moved_down}, same {m.stayed}"
        )


@main.command()
@click.argument("path", required=False, type=PATH_ARG)
@click.option(
    "--format",
    "formats",
    default="html,pdf,docx",
    show_default=True,
    help="Comma-separated output formats: html, pdf, docx.",
)
@click.option("--only", multiple=True, metavar="ID", help="Print only these deliverables.")
@audience_option("Build for this TLP audience; nothing above it reaches the output.")
@click.option(
    "-j", "--jobs", default=1, show_default=True, type=click.IntRange(1), help="Processes."
)
@click.option(
    "--lang",
    default="",
    metavar="TAG",
    help="Build every deliverable in this language (fr, zh, ja, ko, ...): its translations "
    "and interface text. Default: each document's source language.",
)
@click.option("-q", "--quiet", is_flag=True, help="Print nothing but problems.")
def build(
    path: Path | None,
    formats: str,
    only: tuple[str, ...],
    audience: str,
    jobs: int,
    lang: str,
    quiet: bool,
) -> None:
    """Build the deliverables: an HTML site, and a PDF and a DOCX per deliverable.

    Output lands in build/<audience>/ (html/, pdf/<id>.pdf, docx/<id>.docx). A
    failed build leaves the previous output as it was.

    \b
    Example:
      summit build --format html,pdf -j 2
    """
    from summitkit.build import FORMATS, BuildFailed
    from summitkit.build import build as run_build

    root = repository(path)
    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    if bad := [f for f in chosen if f not in FORMATS]:
        raise click.BadParameter(f"unknown format {', '.join(bad)}", param_hint="--format")
    if "html" not in chosen:
        chosen = ("html", *chosen)  # PDF and DOCX are printed from the HTML pages
    progress = (lambda line: None) if quiet else (lambda line: click.echo(line, err=True))
    try:
        result = run_build(root, chosen, only, TLP(audience), jobs, progress, lang)
    except BuildFailed as exc:
        if exc.diagnostics:
            click.echo(FORMATTERS["text"](exc.diagnostics), err=True, nl=False)
        fail(str(exc))
    if not quiet:
        where = result.output.relative_to(root).as_posix()
        click.echo(f"built {len(result.files)} files and the site in {where}/")


@main.command()
@click.argument("path", required=False, type=PATH_ARG)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@audience_option("Preview the site as this TLP audience sees it.")
def serve(path: Path | None, port: int, audience: str) -> None:
    """Preview the HTML site on 127.0.0.1, rebuilt on every save.

    Pages reload themselves in the browser after each successful rebuild.

    \b
    Example:
      summit serve --port 8000
    """
    from summitkit.serve import serve as run_serve

    root = repository(path)
    run_serve(root, port, TLP(audience), lambda line: click.echo(line, err=True))


@main.command()
@click.argument("old")
@click.argument("new", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "html", "pdf", "docx", "json"]),
    default="text",
    show_default=True,
    help="text (terminal), html (standalone page), pdf, docx (tracked changes) or json.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (needed for pdf and docx); default: standard output.",
)
@click.option(
    "--context",
    default=2,
    show_default=True,
    type=click.IntRange(0),
    help="Unchanged clauses shown around each change (text and html).",
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
    from summitkit.diff import command as run
    from summitkit.diff.sides import SideError, SideFailed
    from summitkit.git import GitError

    root = repository(path)
    if output_format in run.BINARY and output is None:
        raise click.UsageError(f"--format {output_format} writes a file: give -o PATH")
    try:
        comparison = run.compare(root, old, new, TLP(audience))
    except SideError as exc:
        raise click.UsageError(str(exc)) from None
    except SideFailed as exc:
        click.echo("".join(f"{line}\n" for line in exc.lines), err=True, nl=False)
        fail(str(exc))
    except GitError as exc:
        fail(str(exc))
    if output is not None and output_format in run.BINARY:
        run.write_binary(comparison, output_format, output)
        click.echo(f"wrote {output}", err=True)
        return
    use_color = run.wants_color(color, output is not None)
    text = run.render_text(comparison, output_format, context, use_color)
    if output is None:
        click.echo(text, nl=False, color=use_color)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)


@main.command()
@click.argument("record_id", metavar="ID")
@click.option("--rev", "revision", required=True, type=click.IntRange(0), help="Revision N.")
@click.option(
    "--status",
    type=click.Choice([s.value for s in DocumentStatus]),
    help="Also set the status (default: keep it).",
)
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def release(record_id: str, revision: int, status: str | None, path: Path | None) -> None:
    """Name a version: set the record's revision (and status), commit, tag ID/revN.

    Only the record's `revision:` and `status:` lines change. Refuses a dirty
    working tree and an existing tag. The one command that writes to git.

    \b
    Example:
      summit release seoul-2012-nstsc --rev 2 --status circulated
    """
    from summitkit.git import GitError
    from summitkit.release import ReleaseRefused, UnknownRecord
    from summitkit.release import release as run_release

    root = repository(path)
    try:
        done = run_release(root, record_id, revision, DocumentStatus(status) if status else None)
    except UnknownRecord as exc:
        raise click.BadParameter(str(exc), param_hint="ID") from None
    except ReleaseRefused as exc:
        click.echo(FORMATTERS["text"](exc.diagnostics), err=True, nl=False)
        fail(str(exc))
    except GitError as exc:
        fail(str(exc))
    what = f"committed {done.path} and tagged" if done.committed else "tagged"
    click.echo(f"{what} {done.tag} ({done.status})")


@main.command()
@click.argument("record_id", metavar="ID")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def versions(record_id: str, path: Path | None) -> None:
    """List a record's named versions (tags ID/revN) with their dates and authors.

    Compare two of them with 'summit diff ID/rev1 ID/rev2'.

    \b
    Example:
      summit versions seoul-2012-nstsc
    """
    from summitkit.git import GitError
    from summitkit.release import UnknownRecord, record_path
    from summitkit.release import versions as list_versions

    root = repository(path)
    try:
        found = list_versions(root, record_id)
    except GitError as exc:
        fail(str(exc))
    if not found:
        try:
            record_path(root, record_id)
        except UnknownRecord as exc:
            raise click.BadParameter(str(exc), param_hint="ID") from None
        click.echo(f"no named versions of {record_id} (make one with 'summit release')", err=True)
        return
    for tag in found:
        click.echo(f"{tag.name}\t{tag.date}\t{tag.author}\t{tag.commit}\t{tag.subject}")


@export.command("akn")
@click.argument("ids", nargs=-1, metavar="[ID]...")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder to write to (default: build/akn/ in the repository).",
)
@audience_option("Export only what this TLP audience may see; clauses above it are left out.")
def export_akn(ids: tuple[str, ...], path: Path | None, output: Path | None, audience: str) -> None:
    """Write statements and gift baskets as Akoma Ntoso 3.0 XML, one DIR/<id>.xml each.

    Every statement and basket when no ID is given. The FRBR URIs, the element
    that holds each field and how reST markup is kept are documented in
    summitkit/akn/__init__.py; `summit import akn` reads the files back.

    \b
    Example:
      summit export akn seoul-2012-nstsc -o build/akn
    """
    from summitkit.akn import AknError
    from summitkit.akn.export import UnknownDocument, write_akn
    from summitkit.audience import for_audience

    root = repository(path)
    corpus = for_audience(checked_or_exit(root).corpus, TLP(audience))
    folder = output if output is not None else root / "build" / "akn"
    try:
        written = write_akn(corpus, ids, folder, TLP(audience))
    except UnknownDocument as exc:
        raise click.BadParameter(str(exc), param_hint="ID") from None
    except AknError as exc:
        fail(str(exc))
    shown = folder.relative_to(root) if folder.is_relative_to(root) else folder
    click.echo(f"wrote {len(written)} Akoma Ntoso files to {shown.as_posix()}/")


@main.group("import")
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
    from summitkit.akn.importer import ImportFailed
    from summitkit.akn.importer import import_akn as run_import

    root = repository(path)
    try:
        imported = run_import(file, root, force)
    except ImportFailed as exc:
        if exc.diagnostics:
            click.echo(FORMATTERS["text"](exc.diagnostics), err=True, nl=False)
        fail(str(exc))
    if imported.warnings:
        click.echo(FORMATTERS["text"](imported.warnings), err=True, nl=False)
    click.echo(f"wrote {imported.path.relative_to(root).as_posix()}")


@main.command()
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--example",
    is_flag=True,
    help="Add a small sourced example: the Seoul 2012 summit, three states, the IAEA "
    "and a draft statement to practise on.",
)
def init(directory: Path, example: bool) -> None:
    """Create a drafting repository in DIR, a new or empty folder.

    It holds content/ with its record folders, gifts/, templates/, conf.py, a
    README for drafters, editor support (.vscode/, .summit-schema.json),
    pre-commit hooks and a GitHub Actions workflow. Runs 'git init' when DIR
    is not inside a git repository already.

    \b
    Example:
      summit init nss-drafts --example && cd nss-drafts && summit check
    """
    from summitkit.init import InitRefused
    from summitkit.init import init as run_init

    try:
        done = run_init(directory, example)
    except InitRefused as exc:
        fail(str(exc))
    if done.git_initialised:
        click.echo(f"ran 'git init' in {directory}: it was not in a git repository", err=True)
    click.echo(f"created a drafting repository in {directory} ({len(done.files)} files)")


def _signature(state: str, organization: bool, date: Any = None) -> Any:
    from summitkit.sign import Signature

    return Signature(state, organization, date.date() if date is not None else None)


@main.command()
@click.argument("document_id", metavar="DOC")
@click.argument("party", metavar="STATE")
@click.option(
    "--date",
    type=click.DateTime(["%Y-%m-%d"]),
    help="When it joined (YYYY-MM-DD), where later than the document.",
)
@click.option("--organization", is_flag=True, help="STATE is an organization id (iaea, un).")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def sign(document_id: str, party: str, date: Any, organization: bool, path: Path | None) -> None:
    """Add STATE to the signatories of statement or gift basket DOC.

    One line is added to the record, in the order 'summit fmt' keeps (states by
    id, then organizations); comments and everything else stay as they were.
    If the record would no longer pass 'summit check', it is left unchanged.

    \b
    Example:
      summit sign seoul-2012-nstsc kor --date 2012-04-02
    """
    from summitkit.sign import SignRefused
    from summitkit.sign import sign as run_sign

    root = repository(path)
    try:
        edited = run_sign(root, document_id, _signature(party, organization, date))
    except SignRefused as exc:
        click.echo(FORMATTERS["text"](exc.diagnostics), err=True, nl=False)
        fail(str(exc))
    click.echo(f"{party} signed {document_id} ({edited})")


@main.command()
@click.argument("document_id", metavar="DOC")
@click.argument("party", metavar="STATE")
@click.option("--organization", is_flag=True, help="STATE is an organization id (iaea, un).")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def unsign(document_id: str, party: str, organization: bool, path: Path | None) -> None:
    """Remove STATE from the signatories of statement or gift basket DOC.

    Only the signatory's line is removed; if it was the last one, the list
    becomes 'signatories: []'.

    \b
    Example:
      summit unsign seoul-2012-nstsc kor
    """
    from summitkit.sign import SignRefused
    from summitkit.sign import unsign as run_unsign

    root = repository(path)
    try:
        edited = run_unsign(root, document_id, _signature(party, organization))
    except SignRefused as exc:
        click.echo(FORMATTERS["text"](exc.diagnostics), err=True, nl=False)
        fail(str(exc))
    click.echo(f"{party} no longer signs {document_id} ({edited})")


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@click.option(
    "--check", "check_only", is_flag=True, help="Write nothing; exit 1 if a file would change."
)
def fmt(path: Path | None, check_only: bool) -> None:
    """Lay out records the one canonical way: small diffs, clean merges.

    Keys in the schema's order, one sentence per line in clause text,
    signatories, participants and members sorted one a line. Values never
    change; comments stay with their keys. PATH is a record file or a folder
    (default: the whole repository). Lists the files changed, or with --check
    the files that would change.

    \b
    Example:
      summit fmt --check
    """
    from summitkit.fmt import format_tree

    target = path.resolve() if path is not None else None
    root = repository(None if target is None else target if target.is_dir() else target.parent)
    done = format_tree(root, target, write=not check_only)
    click.echo(FORMATTERS["text"](done.problems), err=True, nl=False)
    for name in done.changed:
        click.echo(name)
    if check_only and done.changed:
        click.echo(
            f"{len(done.changed)} of {done.files} files would change; run 'summit fmt'", err=True
        )
        sys.exit(1)
    verb = "would change" if check_only else "changed"
    click.echo(f"{len(done.changed)} of {done.files} files {verb}", err=True)
    if done.problems:
        sys.exit(1)
