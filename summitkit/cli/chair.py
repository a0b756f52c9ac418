"""The chair's decisions: `summit proposal …`, `summit clause …`, and `summit accept` /
`summit reject` (the same commands as `summit proposal accept` / `reject`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from summitkit.cli.base import PATH_ARG, echo_problems, fail, request_for

F = TypeVar("F", bound=Callable[..., Any])
T = TypeVar("T")

DATE = click.DateTime(formats=["%Y-%m-%d"])


def _path(command: F) -> F:
    return click.option(
        "--path", "path", type=PATH_ARG, help="Repository (default: the current one)."
    )(command)


def _date(command: F) -> F:
    return click.option("--date", type=DATE, help="The date to record (default: today).")(command)


def _day(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def _decided(decide: Callable[[], T]) -> T:
    """What `decide` returns; a refused decision as its diagnostics and error line
    (exit 1), the sources untouched."""
    from summitkit.drafting.accept import DecisionRefused

    try:
        return decide()
    except DecisionRefused as exc:
        echo_problems(exc.diagnostics)
        fail(str(exc))


# -- proposals ----------------------------------------------------------------------------


@click.group()
def proposal() -> None:
    """Table, support, oppose, withdraw, accept or reject a proposal.

    Every decision is appended to the proposal's history (who, when, on
    which commit, why) and never rewrites an earlier one.

    \b
    Example:
      summit proposal new js-2014 --by jpn --replace op1 "each summit round" "every round"
      summit proposal support jpn-1 --by kor
      summit proposal accept jpn-1 --reason "Agreed in the plenary."
    """


@proposal.command(name="new")
@click.argument("document")
@click.option("--by", "by", multiple=True, required=True, help="Proposing delegation (repeat).")
@click.option(
    "--replace",
    nargs=3,
    multiple=True,
    metavar="CLAUSE OLD NEW",
    help="Replace words OLD in CLAUSE by NEW ('' strikes them out).",
)
@click.option(
    "--substitute", nargs=2, multiple=True, metavar="CLAUSE TEXT", help="A whole new wording."
)
@click.option(
    "--insert", nargs=3, multiple=True, metavar="AFTER ID TEXT", help="A new clause after AFTER."
)
@click.option("--delete", multiple=True, metavar="CLAUSE", help="Leave a clause out.")
@click.option("--note", help="The delegation's explanation.")
@_date
@_path
def proposal_new(
    document: str,
    by: tuple[str, ...],
    replace: tuple[tuple[str, str, str], ...],
    substitute: tuple[tuple[str, str], ...],
    insert: tuple[tuple[str, str, str], ...],
    delete: tuple[str, ...],
    note: str | None,
    date: dt.datetime | None,
    path: Path | None,
) -> None:
    """Table a proposal of a delegation to DOCUMENT, as content/proposals/PARTY-N.yaml.

    The changes are written in this order: replacements, substitutes,
    insertions, deletions. Each clause a change touches is recorded with a
    digest of its current text (`against`): accepting the change after the
    clause has moved on is refused.

    \b
    Example:
      summit proposal new js-2014 --by chn --substitute op2 "The centres will meet yearly."
    """
    from summitkit.drafting.chair.tabling import table
    from summitkit.sources.schema.negotiation import Change

    fields = ("clause", "old", "new")
    changes = [
        Change.model_validate({"replace": dict(zip(fields, r, strict=True))}) for r in replace
    ]
    changes += [
        Change.model_validate({"substitute": {"clause": c, "text": t}}) for c, t in substitute
    ]
    changes += [
        Change.model_validate({"insert": {"after": a, "id": i, "text": t}}) for a, i, t in insert
    ]
    changes += [Change.model_validate({"delete": c}) for c in delete]
    if not changes:
        raise click.UsageError(
            "give at least one change (--replace, --substitute, --insert, --delete)"
        )
    request = request_for(path)
    written = _decided(lambda: table(request.root, document, list(by), changes, note, _day(date)))
    click.echo(f"tabled {written.id} ({written.path})")


@proposal.command(name="withdraw")
@click.argument("proposal_id", metavar="PROPOSAL")
@click.option("--by", help="The proposing delegation that withdraws it (if there are several).")
@click.option("--reason", help="Why, recorded in the proposal's history.")
@_date
@_path
def proposal_withdraw(
    proposal_id: str,
    by: str | None,
    reason: str | None,
    date: dt.datetime | None,
    path: Path | None,
) -> None:
    """Record PROPOSAL as withdrawn by its delegation.

    \b
    Example:
      summit proposal withdraw chn-1 --reason "Overtaken by jpn-1."
    """
    from summitkit.drafting.chair import proposals

    request = request_for(path)
    decided = _decided(
        lambda: proposals.withdraw(request.root, proposal_id, by, reason, _day(date))
    )
    click.echo(f"withdrew {proposal_id} ({', '.join(decided.files)})")


def _stance_command(stance: str) -> click.Command:
    verb = "Support" if stance == "support" else "Oppose"

    @click.argument("proposal_id", metavar="PROPOSAL")
    @click.option("--by", "by", required=True, help="The delegation taking the position.")
    @click.option("--change", type=click.IntRange(1), help="Only change N of the proposal.")
    @click.option("--note", help="The delegation's explanation.")
    @_date
    @_path
    def command(
        proposal_id: str,
        by: str,
        change: int | None,
        note: str | None,
        date: dt.datetime | None,
        path: Path | None,
    ) -> None:
        from summitkit.drafting.chair.tabling import take_position
        from summitkit.sources.schema.negotiation import Stance

        request = request_for(path)
        written = _decided(
            lambda: take_position(
                request.root, proposal_id, by, Stance(stance), change, note, _day(date)
            )
        )
        click.echo(f"{by} {stance}s {proposal_id} ({written.path})")

    command.__doc__ = (
        f"{verb} PROPOSAL for a delegation: a position record of its own in\n"
        "content/positions/, so that no one edits another delegation's file.\n\n"
        f"\b\nExample:\n  summit proposal {stance} jpn-1 --by kor\n"
    )
    return click.command(name=stance)(command)


proposal.add_command(_stance_command("support"))
proposal.add_command(_stance_command("oppose"))


@click.command()
@click.argument("proposal_id", metavar="PROPOSAL")
@click.option(
    "--change",
    type=click.IntRange(1),
    help="Accept only change N of the proposal (numbered from 1); the rest stay tabled.",
)
@click.option(
    "--supersede",
    is_flag=True,
    help="Mark the rival changes tabled on the same clause superseded by this proposal.",
)
@click.option("--reason", help="Why it was accepted, recorded in the proposal's history.")
@click.option("--by", "by", default="chair", show_default=True, help="Who decides.")
@_date
@_path
def accept(
    proposal_id: str,
    change: int | None,
    supersede: bool,
    reason: str | None,
    by: str,
    date: dt.datetime | None,
    path: Path | None,
) -> None:
    """Fold tabled PROPOSAL (or one change of it) into its document.

    The document's file is edited as text, as 'summit sign' does: a
    replacement rewrites one clause's text, an insertion adds one clause, a
    deletion removes one and retires its id; comments and every other line
    stay. Refused, with every file left as it was, when the clause has moved
    on since the proposal was written against it, when a rival change is
    tabled on the same clause (give --supersede), or when the result would not
    pass 'summit check'.

    \b
    Example:
      summit proposal accept kor-1 --change 2 --reason "Agreed in the plenary."
      summit accept jpn-1 --supersede
    """
    from summitkit.drafting.chair import proposals

    request = request_for(path)
    decider = proposals.Decider(by, _day(date))
    decided = _decided(
        lambda: proposals.accept(request.root, proposal_id, change, reason, supersede, decider)
    )
    numbers = ", ".join(map(str, decided.changes))
    click.echo(
        f"accepted {proposal_id} (change{'s' if len(decided.changes) != 1 else ''} {numbers}); "
        f"it is {decided.status.value} ({', '.join(decided.files[:2])})"
    )
    for rival in decided.superseded:
        click.echo(f"superseded {rival} by {proposal_id}")


@click.command()
@click.argument("proposal_id", metavar="PROPOSAL")
@click.option("--change", type=click.IntRange(1), help="Reject only change N of the proposal.")
@click.option("--reason", help="Why it was rejected, recorded in the proposal's history.")
@click.option("--by", "by", default="chair", show_default=True, help="Who decides.")
@_date
@_path
def reject(
    proposal_id: str,
    change: int | None,
    reason: str | None,
    by: str,
    date: dt.datetime | None,
    path: Path | None,
) -> None:
    """Record tabled PROPOSAL (or one change of it) as rejected; its document is not touched.

    \b
    Example:
      summit proposal reject chn-1 --reason "No consensus."
    """
    from summitkit.drafting.chair import proposals

    request = request_for(path)
    decider = proposals.Decider(by, _day(date))
    decided = _decided(lambda: proposals.reject(request.root, proposal_id, change, reason, decider))
    files = ", ".join(decided.files)
    if change is None:
        click.echo(f"rejected {proposal_id} ({files})")
    else:
        click.echo(
            f"rejected {proposal_id} change {change}; it is {decided.status.value} ({files})"
        )


proposal.add_command(accept, "accept")
proposal.add_command(reject, "reject")


# -- clauses ------------------------------------------------------------------------------


@click.group()
def clause() -> None:
    """Agree a clause, agree it ad ref, reopen it, enter or lift a reservation,
    choose one alternative wording.

    \b
    Example:
      summit clause reserve js-2014 op2 --by chn --reason "Awaiting instructions."
      summit clause lift js-2014 op2 --by chn
      summit clause agree js-2014 op2
    """


def _status_command(name: str, status: str, doc: str) -> click.Command:
    @click.argument("document")
    @click.argument("clause_id", metavar="CLAUSE")
    @_path
    def command(document: str, clause_id: str, path: Path | None) -> None:
        from summitkit.drafting.chair.clauses import set_status
        from summitkit.sources.schema import ClauseStatus

        request = request_for(path)
        done = _decided(lambda: set_status(request.root, document, clause_id, ClauseStatus(status)))
        click.echo(f"{done.said} ({done.path})")

    command.__doc__ = f"{doc}\n\n\b\nExample:\n  summit clause {name} js-2014 op3\n"
    return click.command(name=name)(command)


clause.add_command(
    _status_command(
        "agree",
        "agreed",
        "Mark CLAUSE of DOCUMENT agreed (status: agreed).\n\nRefused while a reservation, a "
        "span bracket, an alternative wording or a tabled proposal on it is left.",
    )
)
clause.add_command(
    _status_command(
        "ad-ref",
        "ad-ref",
        "Mark CLAUSE of DOCUMENT agreed ad referendum, subject to capitals (status: ad-ref).",
    )
)
clause.add_command(
    _status_command("reopen", "open", "Open CLAUSE of DOCUMENT again (status: open).")
)


@clause.command(name="reserve")
@click.argument("document")
@click.argument("clause_id", metavar="CLAUSE")
@click.option("--by", "by", required=True, help="The delegation holding the reservation.")
@click.option("--reason", help="Why; kept in the clause's note, never published.")
@_date
@_path
def clause_reserve(
    document: str,
    clause_id: str,
    by: str,
    reason: str | None,
    date: dt.datetime | None,
    path: Path | None,
) -> None:
    """Enter a delegation's reservation on CLAUSE of DOCUMENT.

    \b
    Example:
      summit clause reserve js-2014 op2 --by chn --reason "Awaiting instructions."
    """
    from summitkit.drafting.chair.clauses import reserve

    request = request_for(path)
    done = _decided(lambda: reserve(request.root, document, clause_id, by, reason, _day(date)))
    click.echo(f"{done.said} on {clause_id} ({done.path})")


@clause.command(name="lift")
@click.argument("document")
@click.argument("clause_id", metavar="CLAUSE")
@click.option("--by", "by", required=True, help="The delegation lifting its reservation.")
@_path
def clause_lift(document: str, clause_id: str, by: str, path: Path | None) -> None:
    """Lift a delegation's reservation on CLAUSE of DOCUMENT.

    \b
    Example:
      summit clause lift js-2014 op2 --by chn
    """
    from summitkit.drafting.chair.clauses import lift

    request = request_for(path)
    done = _decided(lambda: lift(request.root, document, clause_id, by))
    click.echo(f"{done.said} on {clause_id} ({done.path})")


@clause.command(name="choose")
@click.argument("document")
@click.argument("clause_id", metavar="CLAUSE")
@click.argument("alternative", metavar="ALT")
@_path
def clause_choose(document: str, clause_id: str, alternative: str, path: Path | None) -> None:
    """Choose wording ALT of CLAUSE (1 is its text, 2… its alternatives, as the
    compilation labels them); the others are kept in its note as not retained.

    \b
    Example:
      summit clause choose js-2014 op4 2
    """
    from summitkit.drafting.chair.clauses import choose

    number = alternative.lower().removeprefix("alt").strip(" -")
    if not number.isdigit():
        raise click.UsageError(
            f"ALT is a number as the compilation prints it (2 for Alt 2), not '{alternative}'"
        )
    request = request_for(path)
    done = _decided(lambda: choose(request.root, document, clause_id, int(number)))
    click.echo(f"{clause_id}: {done.said} ({done.path})")
