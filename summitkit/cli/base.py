"""What every command shares: the lazy command table's group, the request (repository,
audience, language), the options, failing once."""

from __future__ import annotations

import errno
import importlib
import os
import re
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from summitkit.cli.plain_check import seen_from_here
from summitkit.sources.audience.leak_found import LeakFound
from summitkit.sources.core.files import (
    UnsafePath,
    WriteError,
    output_folder_problem,
    output_problem,
    reason,
)
from summitkit.sources.core.scales import TLP

#: A record id, as the schema's SLUG_PATTERN has it (not imported: --help stays light).
ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"

if TYPE_CHECKING:  # the rest of sources is imported by the commands that use it
    from collections.abc import Iterable

    from summitkit.sources.audience.leaks import LeakGuard
    from summitkit.sources.check.project import Checked
    from summitkit.sources.core.diagnostics import Diagnostic
    from summitkit.sources.core.request import Request
    from summitkit.sources.records.corpus import Corpus

F = TypeVar("F", bound=Callable[..., Any])

PATH_ARG = click.Path(exists=True, file_okay=False, path_type=Path)


WRITE_ERRNOS = {errno.ENOSPC, errno.EROFS, errno.EDQUOT, errno.EACCES, errno.EPERM, errno.EFBIG}


class SummitGroup(click.Group):
    """The `summit` group. Its commands come from a table, name → (module, attribute),
    and a command's module is imported only when that command is asked for (pip's
    lazy command table). A write that failed, or a path refused, in any command is
    one diagnostic line and exit 1, never a traceback."""

    def __init__(
        self, *args: Any, table: Mapping[str, tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.table = dict(table or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        """The commands' names, in the table's order."""
        return list(self.table)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        """The command `cmd_name`, its module imported now; None for a name not in the table."""
        if cmd_name not in self.table:
            return None
        module, attribute = self.table[cmd_name]
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, click.Command), (module, attribute)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (WriteError, UnsafePath) as exc:
            click.echo(str(exc.diagnostic()), err=True)
            ctx.exit(1)
        except LeakFound as exc:
            click.echo(str(exc), err=True)
            ctx.exit(1)
        except OSError as exc:
            # A write deep in a library (Sphinx, WeasyPrint) that the disk refused.
            if exc.filename is None or exc.errno not in WRITE_ERRNOS:
                raise
            error = WriteError(Path(os.fsdecode(exc.filename)), reason(exc))
            click.echo(str(error.diagnostic()), err=True)
            ctx.exit(1)


class OutputFile(click.ParamType[Path, Any]):
    """An output file (`-o`), checked before any work: its folder exists, and it is
    not a folder, a link, a device, a FIFO or a socket (usage error otherwise)."""

    name = "file"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = value if isinstance(value, Path) else Path(value)
        if str(value) == "-":
            return path
        if problem := output_problem(path):
            self.fail(problem, param, ctx)
        return path


OUTPUT_FILE = OutputFile()


class OutputFolder(click.ParamType[Path, Any]):
    """An output folder (`-o`), made where missing: not under a file, not a link, not
    among a repository's sources (usage error otherwise)."""

    name = "folder"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        path = value if isinstance(value, Path) else Path(value)
        if problem := output_folder_problem(path):
            self.fail(problem, param, ctx)
        return path


OUTPUT_FOLDER = OutputFolder()


class RecordId(click.ParamType[str, Any]):
    """A record id argument: ids only (a lowercase slug), never a path or an option."""

    name = "id"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if not re.fullmatch(ID_PATTERN, text) or len(text) > 200:
            self.fail(
                f"{text!r} is not an id: ids are lowercase letters, digits and hyphens",
                param,
                ctx,
            )
        return text


RECORD_ID = RecordId()


class Language(click.ParamType[str, Any]):
    """A BCP 47 language tag (`fr`, `zh-Hant`), as the schema's `Lang` takes it: never
    a path (`fr/../../escape` names a build folder), so a usage error."""

    name = "tag"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value)
        if text and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8}){0,4}", text):
            self.fail(f"{text[:60]!r} is not a language tag (fr, zh-Hant, ...)", param, ctx)
        return text


LANGUAGE = Language()


def document_formats(help: str) -> Callable[[F], F]:
    """`--format text|html|pdf|docx|json` and `-o FILE`, for the commands that print a
    document (a redline, a compilation); pdf and docx need -o."""

    def apply(command: F) -> F:
        output = click.option(
            "-o",
            "--output",
            type=OUTPUT_FILE,
            help="Write to this file (needed for pdf and docx); default: standard output.",
        )
        chosen = click.option(
            "--format",
            "output_format",
            type=click.Choice(["text", "html", "pdf", "docx", "json"]),
            default="text",
            show_default=True,
            help=help,
        )
        return chosen(output(command))

    return apply


def audience_option(help: str) -> Callable[[F], F]:
    return click.option(
        "--audience",
        default=TLP.CLEAR.value,
        show_default=True,
        type=click.Choice([t.value for t in TLP]),
        help=help,
    )


def request_for(
    path: Path | None,
    audience: str = TLP.CLEAR.value,
    *,
    language: str = "",
    jobs: int = 1,
) -> Request:
    """The one request of a command: the repository that holds `path` (default: the
    current folder), and the audience parsed once from its option. Every stage below
    the command line takes this request, or the field of it it needs."""
    # Here: `summit --help` imports this module, and the request's git wrapper (with
    # subprocess) would add a tenth to its time.
    from summitkit.sources.core.request import Request

    return Request(repository(path), TLP(audience), language=language, jobs=jobs)


def repository(path: Path | None) -> Path:
    from summitkit.sources.check.project import NotARepository, find_root

    try:
        return find_root(path or Path.cwd())
    except NotARepository as exc:
        raise click.UsageError(str(exc)) from None


def echo_problems(diagnostics: Iterable[Diagnostic]) -> None:
    """Diagnostics on stderr, one `path:line:col: severity: message [rule]` line each."""
    from summitkit.sources.core.diagnostics import format_text

    click.echo(format_text(diagnostics), err=True, nl=False)


def fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(1)


def audience_corpus(request: Request) -> tuple[Corpus, LeakGuard]:
    """The corpus filtered once for the request's audience, and the leak check that every
    output a command makes of it goes through before it is printed or written."""
    from summitkit.sources.audience.leaks import LeakGuard
    from summitkit.sources.audience.visible import for_audience

    checked = checked_or_exit(request)
    audience = request.audience
    return for_audience(checked.corpus, audience), LeakGuard(audience, checked.corpus)


def checked_or_exit(
    request: Request,
    output_format: str = "text",
    strict: bool = False,
    *,
    to_stdout: bool = False,
    verify_attribution: bool = False,
    corpus_needed: bool = True,
) -> Checked:
    """Run load → validate; print every diagnostic; exit 1 if the corpus fails.

    Diagnostics go to stderr, except for `summit check`, whose result they are.
    `verify_attribution` adds the signature check of proposals and comments. A
    caller that reads only the diagnostics and counts says so (`corpus_needed=False`).
    """
    from summitkit.sources.check.project import check
    from summitkit.sources.core.diagnostics import FORMATTERS

    checked = check(request.root, corpus_needed=corpus_needed or verify_attribution)
    if verify_attribution:
        from summitkit.sources.core.diagnostics import sort_diagnostics
        from summitkit.sources.rules.attribution import verify_attribution as verify

        settings = checked.settings
        parties, chair = (settings.parties, settings.chair) if settings else ({}, None)
        found = verify(request.root, checked.corpus, parties, chair)
        checked.diagnostics = sort_diagnostics([*checked.diagnostics, *found.diagnostics])
        if output_format == "text":  # how each record is attested, beside the verdict
            click.echo(
                "".join(f"attribution: {line}\n" for line in found.provenance), err=True, nl=False
            )
    if checked.diagnostics or (to_stdout and output_format == "json"):
        shown = checked.diagnostics
        if output_format == "text":  # JSON and GitHub's annotations stay repository-relative
            shown = seen_from_here(shown, request.root)
        text = FORMATTERS[output_format](shown)
        click.echo(text, err=not to_stdout, nl=False)
    if checked.errors or (strict and checked.warnings):
        sys.exit(1)
    return checked
