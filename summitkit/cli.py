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
from summitkit.schema import TLP

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
