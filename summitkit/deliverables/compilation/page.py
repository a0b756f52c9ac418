"""The compilation text as one standalone HTML page (`summit compile --format html`),
the page the PDF and DOCX print: its deliverable sits in `<article class="sk-document">`,
and each proposal's change names its delegations and the day it was tabled
(`data-author`, `data-date`), which the DOCX printer turns into tracked changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from summitkit.deliverables.version import Stamp
from summitkit.negotiation.command import Compiled
from summitkit.negotiation.model import Compilation
from summitkit.sources.core.request import Version
from summitkit.sources.schema import DocumentStatus

TEMPLATE = "compilation/compilation.html"


@dataclass(frozen=True)
class ChangeAuthors:
    """Who made a proposal's changes and when, as a tracked change names them."""

    name_of: Callable[[str], str]
    """A delegation's name by its id."""
    dates: dict[str, str]
    """The day each proposal was tabled, by proposal id."""

    @classmethod
    def of(cls, compilation: Compilation, name_of: Callable[[str], str]) -> ChangeAuthors:
        return cls(name_of, {t.id: t.date for t in compilation.tabled})

    def author(self, by: tuple[str, ...]) -> str:
        return ", ".join(self.name_of(party) for party in by)

    def date(self, proposal: str | None) -> str:
        return self.dates.get(proposal or "", "")


def title_of(compiled: Compiled) -> str:
    kind = "Clean text" if compiled.compilation.clean else "Compilation text"
    return f"{kind}: {compiled.compilation.title}"


def compilation_stamp(compiled: Compiled, version: Version) -> Stamp:
    """The version line of a compilation: its document, round and `version`; the same
    stamp as the site's compilation page of that document carries."""
    compilation = compiled.compilation
    return Stamp(
        id=compilation.id,
        title=title_of(compiled),
        kind="compilation",
        round=compiled.round,
        status=DocumentStatus(compilation.status),
        revision=compilation.revision,
        commit=version.commit,
        built=version.date,
        audience=compiled.audience,
        language=compilation.language,
    )


def compilation_html(compiled: Compiled) -> str:
    from summitkit.deliverables.pages import environment
    from summitkit.negotiation import text
    from summitkit.negotiation.review import reviewer

    names = compiled.names
    template = environment().get_template(TEMPLATE)
    return template.render(
        title=title_of(compiled),
        compilation=compiled.compilation,
        names=names,
        authors=ChangeAuthors.of(compiled.compilation, lambda p: names.get(p, p.upper())),
        audience=compiled.audience.value,
        marks=text.marks,
        option_heading=text.option_heading,
        rows=text.status_rows(compiled.compilation),
        status_header=text.STATUS_HEADER,
        proposal_details=text.proposal_details,
        comments=compiled.comments,
        reviewer=lambda comment: reviewer(comment, compiled.names),
    )
