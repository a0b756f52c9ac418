"""The compilation text as one standalone HTML page (`summit compile --format html`),
the page the PDF and DOCX print: its deliverable sits in `<article class="sk-document">`,
and each proposal's change names its delegations and the day it was tabled
(`data-author`, `data-date`), which the DOCX printer turns into tracked changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from summitkit.deliverables.i18n import translator
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


def title_of(compiled: Compiled, lang: str = "en") -> str:
    """'Compilation text: TITLE' in the interface language `lang`."""
    from summitkit.negotiation.text import title_line

    return title_line(compiled.compilation, translator(lang))


def compilation_stamp(compiled: Compiled, version: Version, lang: str = "") -> Stamp:
    """The version line of a compilation: its document, round and `version`; the same
    stamp as the site's compilation page of that document carries. `lang`: the
    interface language ('' = the document's own)."""
    compilation = compiled.compilation
    return Stamp(
        id=compilation.id,
        title=title_of(compiled, lang or "en"),
        kind="compilation",
        round=compiled.round,
        status=DocumentStatus(compilation.status),
        revision=compilation.revision,
        commit=version.commit,
        built=version.date,
        audience=compiled.audience,
        language=lang or compilation.language,
    )


def compilation_html(compiled: Compiled, lang: str = "") -> str:
    """The standalone page; its labels in the interface language `lang` ('' = English,
    the document's own language on the page)."""
    from summitkit.deliverables.pages import environment
    from summitkit.negotiation import text
    from summitkit.negotiation.review import reviewer

    names = compiled.names
    say = translator(lang or "en")
    template = environment(lang=lang or "en").get_template(TEMPLATE)
    return template.render(
        title=title_of(compiled, lang or "en"),
        # The page's language is its labels' one; the clause text keeps its own.
        page_language=lang or compiled.compilation.language,
        source_language=(
            compiled.compilation.language if lang and lang != compiled.compilation.language else ""
        ),
        compilation=compiled.compilation,
        names=names,
        authors=ChangeAuthors.of(compiled.compilation, lambda p: names.get(p, p.upper())),
        audience=compiled.audience.value,
        marks=lambda paragraph: text.marks(paragraph, say),
        option_heading=lambda option: text.option_heading(option, say),
        alt=lambda label: text.alt_label(label, say),
        describe=lambda clash: text.clash_description(clash, say),
        meta_line=text.meta_line(compiled.compilation, say),
        totals_line=compiled.compilation.totals.line(say),
        rows=text.status_rows(compiled.compilation, say),
        status_header=text.status_header(say),
        proposal_details=lambda tabled: text.proposal_details(tabled, say),
        say=say,
        comments=compiled.comments,
        reviewer=lambda comment: reviewer(comment, compiled.names),
    )
