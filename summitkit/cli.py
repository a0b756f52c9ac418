"""The `summit` command line: declares commands and calls one function per verb."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import NoReturn

import click

from summitkit import __version__
from summitkit.diagnostics import FORMATTERS
from summitkit.loader import KIND_FOLDERS
from summitkit.project import Checked, NotARepository, find_root

PATH_ARG = click.Path(exists=True, file_okay=False, path_type=Path)


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
    counts = ", ".join(f"{len(v)} {k}" for k, v in sorted(checked.corpus.records.items()))
    summary = f"{len(checked.files)} files, {counts}"
    problems = f"{len(checked.errors)} errors, {len(checked.warnings)} warnings"
    click.echo(f"ok: {summary}; {problems}", err=True)


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
def export_json(path: Path | None) -> None:
    """Print the validated corpus as JSON: what the renderers see.

    \b
    Example:
      summit export json | jq '.statement | length'
    """
    from summitkit.export import corpus_json

    root = repository(path)
    checked = checked_or_exit(root)
    click.echo(corpus_json(checked.corpus))
