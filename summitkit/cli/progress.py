"""`summit report`: a progress report's headline measures."""

from __future__ import annotations

from pathlib import Path

import click

from summitkit.cli.base import PATH_ARG, RECORD_ID, audience_corpus, audience_option, request_for


@click.command()
@click.argument("report_id", metavar="ID", type=RECORD_ID)
@click.argument("path", required=False, type=PATH_ARG)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--include-preliminary",
    is_flag=True,
    help="Count preliminary and reviewed-by-state assessments in the scores too.",
)
@audience_option("Compute the measures from what this TLP audience may see.")
def report(
    report_id: str, path: Path | None, output_format: str, include_preliminary: bool, audience: str
) -> None:
    """Print a progress report's headline measures and, where the corpus has
    benchmarks, each state's score with the ranking under other weights.

    Scores count published assessments only, unless --include-preliminary
    (or the report record's include_preliminary) says otherwise.

    \b
    Example:
      summit report northeast-asia-2014
    """
    from summitkit.progress.measures import report_measures
    from summitkit.progress.scorecard import report_scorecards
    from summitkit.progress.terminal import scorecards_text

    corpus, guard = audience_corpus(request_for(path, audience))
    lines: list[str] = []
    if report_id not in corpus.reports:
        known = ", ".join(sorted(corpus.reports)) or "none"
        raise click.BadParameter(f"no report '{report_id}' (reports: {known})", param_hint="ID")
    chosen = corpus.reports[report_id]
    measures = report_measures(corpus, chosen)
    cards = None
    if corpus.benchmarks:
        cards = report_scorecards(corpus, chosen, include_preliminary or chosen.include_preliminary)
    if output_format == "json":
        data = measures.as_dict()
        data["scores"] = cards.as_dict() if cards else None
        import json  # here: `summit --help` imports this module

        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        guard.check("standard output", text)
        click.echo(text, nl=False)
        return
    previous = measures.previous or "the previous round"
    lines.append(f"{corpus.reports[report_id].title} — as of {measures.as_of}\n")
    header = f"{'':24} {'made':>5} {'complete':>12} {'subst.+compl.':>14}  since {previous}"
    lines.append(header + "\n")
    rows = [("All states in scope", measures.scope)]
    rows += [(corpus.party_name(s), m) for s, m in measures.states.items()]
    for name, m in rows:
        lines.append(
            f"{name[:24]:24} {m.commitments:>5} "
            f"{m.complete:>4} ({m.share_complete:>4.0%}) "
            f"{m.substantial_or_complete:>5} ({m.share_substantial_or_complete:>4.0%})  "
            f"up {m.moved_up}, down {m.moved_down}, same {m.stayed}\n"
        )
    if cards is not None:
        lines += ["\n", scorecards_text(corpus, cards)]
    guard.check("standard output", "".join(lines))
    click.echo("".join(lines), nl=False)
