"""Commands that build what people read: `summit build`, `summit serve`."""

from __future__ import annotations

from pathlib import Path

import click

from summitkit.cli.base import LANGUAGE, PATH_ARG, audience_option, echo_problems, fail, request_for


@click.command()
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
    type=LANGUAGE,
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
    from summitkit.deliverables import build as building

    request = request_for(path, audience, language=lang, jobs=jobs)
    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    if bad := [f for f in chosen if f not in building.FORMATS]:
        raise click.BadParameter(f"unknown format {', '.join(bad)}", param_hint="--format")
    if "html" not in chosen:
        chosen = ("html", *chosen)  # PDF and DOCX are printed from the HTML pages
    progress = (lambda line: None) if quiet else (lambda line: click.echo(line, err=True))
    try:
        result = building.build(request, formats=chosen, only=only, progress=progress)
    except building.BuildFailed as exc:
        if exc.diagnostics:
            echo_problems(exc.diagnostics)
        fail(str(exc))
    if result.warnings:
        echo_problems(result.warnings)
    if not quiet and not result.unchanged:  # a no-op build said so, in one line
        where = result.output.relative_to(request.root).as_posix()
        click.echo(f"built {len(result.files)} files and the site in {where}/")


@click.command()
@click.argument("path", required=False, type=PATH_ARG)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@audience_option("Preview the site as this TLP audience sees it.")
def serve(path: Path | None, port: int, audience: str) -> None:
    """Preview the HTML site on 127.0.0.1, rebuilt on every save.

    Pages reload themselves in the browser after each successful rebuild. The
    PDF and DOCX links of each page work too: a file is printed when its link is
    first followed after a rebuild.

    \b
    Example:
      summit serve --port 8000
    """
    from summitkit.deliverables.serve import PortUnavailable
    from summitkit.deliverables.serve import serve as run_serve

    request = request_for(path, audience)
    try:
        run_serve(request, lambda line: click.echo(line, err=True), port=port)
    except PortUnavailable as exc:
        fail(str(exc))
