"""Commands that edit sources for a person: new, init, sign, unsign, fmt, release, versions,
merge-driver."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from summitkit.cli.base import PATH_ARG, RECORD_ID, echo_problems, fail, request_for
from summitkit.sources.core.layout import KIND_FOLDERS
from summitkit.sources.core.scales import DocumentStatus


@click.command()
@click.argument("kind", type=click.Choice(sorted(KIND_FOLDERS)))
@click.argument("id")
@click.option(
    "--document",
    metavar="DOC",
    help="The statement or basket a proposal, comment or position is about.",
)
@click.option(
    "--by", "by", metavar="PARTY", help="The delegation (state or organization id) it is by."
)
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def new(kind: str, id: str, document: str | None, by: str | None, path: Path | None) -> None:
    """Write a skeleton record of KIND with id ID, each field explained.

    Required fields hold placeholders (TODO …, todo-…-id) that 'summit check'
    warns about until they are replaced; a proposal's document and delegation
    come from --document and --by, and are never guessed.

    \b
    Example:
      summit new statement seoul-2012-nstsc
      summit new proposal jpn-2 --document seoul-2012-nstsc --by jpn
    """
    from summitkit.drafting import skeleton

    root = request_for(path).root
    try:
        written = skeleton.write_skeleton(root, kind, id, document=document, by=by)
    except skeleton.BadOption as exc:
        raise click.BadParameter(str(exc), param_hint=f"--{exc.option}") from None
    except skeleton.SkeletonError as exc:
        fail(str(exc))
    click.echo(f"wrote {written.relative_to(root).as_posix()}")


@click.command()
@click.argument(
    "directory", metavar="DIR", required=False, type=click.Path(file_okay=False, path_type=Path)
)
@click.option(
    "--example",
    is_flag=True,
    help="Add a small sourced example: the Seoul 2012 summit, three states, the IAEA "
    "and a draft statement to practise on.",
)
@click.option(
    "--hooks",
    is_flag=True,
    help="In an existing repository (DIR, default the current one): only register the "
    "merge driver for records. Safe to run again.",
)
@click.option("--commit", is_flag=True, help="Commit the new files as the first commit.")
def init(directory: Path | None, example: bool, hooks: bool, commit: bool) -> None:
    """Create a drafting repository in DIR, a new or empty folder.

    It holds content/ with its record folders, gifts/, templates/, conf.py, a
    README for drafters, editor support (.vscode/, .summit-schema.json),
    pre-commit hooks, a GitHub Actions workflow and, in vendor/, a wheel of this
    summitkit that the README and the workflow install. Runs 'git init' when
    DIR is not inside a git repository already, and registers 'summit
    merge-driver' for the record files (git config and .gitattributes) by the
    full path of the summit that runs init, so that git finds it when the
    virtual environment is not activated; 'init --hooks' registers it again
    (in a clone, or after summitkit moved).

    
    Example:
      summit init nss-drafts --example --commit && cd nss-drafts && summit check
      summit init --hooks    # an existing repository: register the merge driver
    """
    if hooks:
        _register_hooks(directory or Path.cwd())
        return
    if directory is None:
        raise click.UsageError("give the folder to create (or --hooks in an existing repository)")
    from summitkit.drafting import init as starting

    try:
        done = starting.init(directory, example, commit)
    except starting.InitRefused as exc:
        fail(str(exc))
    if done.git_initialised:
        click.echo(f"ran 'git init' in {directory}: it was not in a git repository", err=True)
    click.echo(f"created a drafting repository in {directory} ({len(done.files)} files)")
    if done.committed:
        click.echo(f"committed them on branch {done.branch}")


def _register_hooks(root: Path) -> None:
    from summitkit.drafting.merge_driver import register
    from summitkit.sources.core.git import GitError, is_repository

    if not is_repository(root):
        fail(f"{root} is not in a git repository; run 'git init' first")
    try:
        done = register(root)
    except GitError as exc:
        fail(str(exc))
    changed = [*done.config, *(f".gitattributes: {line}" for line in done.attributes)]
    for line in changed:
        click.echo(f"set {line}")
    click.echo("merge driver registered" if changed else "merge driver already registered")


@click.command("merge-driver")
@click.argument("base", metavar="BASE", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("ours", metavar="OURS", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("theirs", metavar="THEIRS", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("path", metavar="PATH")
def merge_driver(base: Path, ours: Path, theirs: Path, path: str) -> None:
    """Merge a record file by meaning; git runs this, registered by 'summit init'.

    BASE, OURS and THEIRS are git's %O %A %B, PATH its %P; the result is
    written over OURS. Different signatories, clauses and fields merge
    cleanly; one clause reworded on both branches becomes an open clause with
    both wordings as alternatives. A field changed differently on both
    branches is written between conflict markers (exit 1), which 'summit
    check' reports.

    \b
    Example:
      git config merge.summit.driver "summit merge-driver %O %A %B %P"
    """
    from summitkit.drafting.merge_driver import main

    code = main(str(base), str(ours), str(theirs), path)
    if code:
        sys.exit(code)


ROLES = ("signatory", "co-sponsor", "lead")
AS_OPTION = click.option(
    "--as",
    "role",
    type=click.Choice(ROLES),
    default="signatory",
    show_default=True,
    help="The list to edit: signatories, co-sponsors (gift baskets) or lead states.",
)
#: What the command prints once the edit is made, by role: signed and unsigned.
DONE = {
    "signatory": ("{party} signed {doc}", "{party} no longer signs {doc}"),
    "co-sponsor": ("{party} co-sponsors {doc}", "{party} no longer co-sponsors {doc}"),
    "lead": ("{party} leads {doc}", "{party} no longer leads {doc}"),
}


@click.command()
@click.argument("document_id", metavar="DOC", type=RECORD_ID)
@click.argument("party", metavar="STATE")
@AS_OPTION
@click.option(
    "--date",
    type=click.DateTime(["%Y-%m-%d"]),
    help="When it joined (YYYY-MM-DD), where later than the document.",
)
@click.option("--organization", is_flag=True, help="STATE is an organization id (iaea, un).")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def sign(
    document_id: str,
    party: str,
    role: str,
    date: dt.datetime | None,
    organization: bool,
    path: Path | None,
) -> None:
    """Add STATE to the signatories (or co-sponsors, or lead) of statement or gift basket DOC.

    One line is added to the record, in the order 'summit fmt' keeps (states by
    id, then organizations; a lead state after the others, as leads are printed
    in the order given); comments and everything else stay as they were. If the
    record would no longer pass 'summit check', it is left unchanged.

    \b
    Example:
      summit sign seoul-2012-nstsc kor --date 2012-04-02
      summit sign cjk-coe-collaboration-2014 jpn --as co-sponsor
    """
    from summitkit.drafting import sign as signing

    request = request_for(path)
    signature = signing.Signature(party, organization, date.date() if date else None)
    try:
        edited = signing.sign(request.root, document_id, signature, signing.Role(role))
    except signing.SignRefused as exc:
        echo_problems(exc.diagnostics)
        fail(str(exc))
    click.echo(DONE[role][0].format(party=party, doc=document_id) + f" ({edited})")


@click.command()
@click.argument("document_id", metavar="DOC", type=RECORD_ID)
@click.argument("party", metavar="STATE")
@AS_OPTION
@click.option("--organization", is_flag=True, help="STATE is an organization id (iaea, un).")
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def unsign(document_id: str, party: str, role: str, organization: bool, path: Path | None) -> None:
    """Remove STATE from the signatories (or co-sponsors, or lead) of statement or gift basket DOC.

    Only the state's line is removed; if it was the last one, the list
    becomes '[]'.

    \b
    Example:
      summit unsign seoul-2012-nstsc kor
      summit unsign cjk-coe-collaboration-2014 jpn --as co-sponsor
    """
    from summitkit.drafting import sign as signing

    request = request_for(path)
    signature = signing.Signature(party, organization)
    try:
        edited = signing.unsign(request.root, document_id, signature, signing.Role(role))
    except signing.SignRefused as exc:
        echo_problems(exc.diagnostics)
        fail(str(exc))
    click.echo(DONE[role][1].format(party=party, doc=document_id) + f" ({edited})")


@click.command()
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
    from summitkit.drafting.layout.fmt import format_tree

    target = path.resolve() if path is not None else None
    request = request_for(None if target is None else target if target.is_dir() else target.parent)
    done = format_tree(request.root, target, write=not check_only)
    echo_problems(done.problems)
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


@click.command()
@click.argument("record_id", metavar="ID", type=RECORD_ID)
@click.option("--rev", "revision", required=True, type=click.IntRange(0), help="Revision N.")
@click.option(
    "--status",
    type=click.Choice([s.value for s in DocumentStatus]),
    help="Also set the status (default: keep it).",
)
@click.option(
    "--date",
    "date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="The date it was agreed or adopted (YYYY-MM-DD): the printed 'Done at' line's.",
)
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def release(
    record_id: str, revision: int, status: str | None, date: dt.datetime | None, path: Path | None
) -> None:
    """Name a version: set the record's revision (and status), commit, tag ID/revN.

    Only the record's `revision:`, `status:` and `date:` lines change. Refuses a dirty
    working tree and an existing tag. The one command that writes to git.
    As agreed or adopted, refuses while a clause is open or ad-ref, a span
    bracket, reservation or alternative remains, or a proposal is tabled (one
    diagnostic each); at adoption prints the concordance of renumbered
    paragraphs.

    \b
    Example:
      summit release seoul-2012-nstsc --rev 2 --status circulated
      summit release seoul-2012-nstsc --rev 3 --status adopted --date 2012-03-27
    """
    from summitkit.drafting import release as releasing
    from summitkit.sources.core.git import GitError

    request = request_for(path)
    chosen = DocumentStatus(status) if status else None
    try:
        adopted_on = date.date() if date is not None else None
        done = releasing.release(request.root, record_id, revision, chosen, adopted_on)
    except releasing.UnknownRecord as exc:
        raise click.BadParameter(str(exc), param_hint="ID") from None
    except releasing.ReleaseRefused as exc:
        echo_problems(exc.diagnostics)
        fail(str(exc))
    except GitError as exc:
        fail(str(exc))
    what = f"committed {done.path} and tagged" if done.committed else "tagged"
    click.echo(f"{what} {done.tag} ({done.status})")
    if done.concordance:
        click.echo("concordance (negotiation → final number):")
        for clause, old, new in done.concordance:
            click.echo(f"  {clause}: {old} → {new}")


@click.command()
@click.argument("record_id", metavar="ID", type=RECORD_ID)
@click.option("--path", "path", type=PATH_ARG, help="Repository (default: the current one).")
def versions(record_id: str, path: Path | None) -> None:
    """List a record's named versions (tags ID/revN) with their dates and authors.

    Compare two of them with 'summit diff ID/rev1 ID/rev2'.

    \b
    Example:
      summit versions seoul-2012-nstsc
    """
    from summitkit.drafting import release as releasing
    from summitkit.sources.core.git import GitError

    request = request_for(path)
    try:
        found = releasing.versions(request.root, record_id)
    except GitError as exc:
        fail(str(exc))
    if not found:
        try:
            releasing.record_path(request.root, record_id)
        except releasing.UnknownRecord as exc:
            raise click.BadParameter(str(exc), param_hint="ID") from None
        click.echo(f"no named versions of {record_id} (make one with 'summit release')", err=True)
        return
    for tag in found:
        click.echo(f"{tag.name}\t{tag.date}\t{tag.author}\t{tag.commit}\t{tag.subject}")
