"""Commands that read and check the sources: `summit check`, `summit schema`."""

from __future__ import annotations

from pathlib import Path

import click

from summitkit.cli.base import PATH_ARG, checked_or_exit, request_for
from summitkit.sources.core.layout import KIND_FOLDERS

#: The names of `sources.diagnostics.FORMATTERS`, written out so that `--help` does
#: not import the diagnostics (tests/test_cli.py keeps the two equal).
OUTPUT_FORMATS = ("github", "json", "text")


@click.command()
@click.argument("path", required=False, type=PATH_ARG)
@click.option("--strict", is_flag=True, help="Treat warnings as failures.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(OUTPUT_FORMATS),
    default="text",
    show_default=True,
    help="How to print diagnostics: text, json, or GitHub Actions annotations.",
)
@click.option(
    "--verify-attribution",
    is_flag=True,
    help="Also check in git history that every commit of each proposal, position and "
    "comment was signed by a key that [parties] in summitkit.toml lists for its "
    "delegation (or [chair], for decisions and Word returns), and that every party it "
    "names signed it.",
)
@click.option(
    "--explain",
    metavar="RULE",
    help="Print what the rule id RULE (the [...] at the end of a diagnostic) means and "
    "an example fix, and check nothing.",
)
def check(
    path: Path | None,
    strict: bool,
    output_format: str,
    verify_attribution: bool,
    explain: str | None,
) -> None:
    """Validate every record and report every problem at once.

    Diagnostics read PATH:LINE:COL: error|warning: MESSAGE [RULE]. Exit 0 when
    the corpus is clean (warnings allowed unless --strict), 1 otherwise.
    With --verify-attribution, git verifies the signature of every commit that
    touched each proposal, position and comment against the delegations' keys,
    and each record's parties are shown with how they signed it (on stderr).
    --explain RULE says what a rule means and how to fix what it reports.

    \b
    Example:
      summit check --strict
      summit check --explain load/yaml-syntax
    """
    if explain is not None:
        click.echo(explained(explain), nl=False)
        return
    checked = checked_or_exit(
        request_for(path),
        output_format,
        strict,
        to_stdout=True,
        verify_attribution=verify_attribution,
        corpus_needed=False,
    )
    click.echo(f"ok: {checked.summary()}", err=True)


@click.command()
@click.argument("kind", required=False, type=click.Choice(sorted(KIND_FOLDERS)))
def schema(kind: str | None) -> None:
    """Print the JSON Schema of one record KIND, or of all records.

    Point your editor's YAML support at it for completion and checks as you
    type (see the docs, "Set up your editor").

    \b
    Example:
      summit schema statement > statement.schema.json
    """
    import json  # here: `summit --help` imports this module

    from summitkit.sources.schema import document_schema

    click.echo(json.dumps(document_schema(kind), indent=2, ensure_ascii=False))


def explained(rule_id: str) -> str:
    """The rule book's entry for `rule_id`; a usage error naming close ids if none."""
    from summitkit.sources.rules.rulebook import close_rules, rulebook  # not for `summit --help`

    rule = rulebook().get(rule_id.strip("[]"))
    if rule is not None:
        return rule.explain()
    guesses = close_rules(rule_id.strip("[]"))
    hint = f"; did you mean {', '.join(guesses)}?" if guesses else "; see the docs' rule table"
    raise click.BadParameter(f"unknown rule '{rule_id}'{hint}", param_hint="'--explain'")
