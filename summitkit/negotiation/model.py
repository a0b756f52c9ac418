"""The compilation text's model: what `summitkit.negotiation.compilation` builds and
every printer reads (text and JSON in `summitkit.negotiation.text`, HTML, PDF and
DOCX in `summitkit.deliverables.compilation`)."""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from typing import Literal, Protocol

from summitkit.sources.schema import ClauseKind, ClauseStatus


class Say(Protocol):
    """What the printers need of a gettext translations object: the words summitkit
    writes itself, in the reader's language."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


#: The words as written: English.
ENGLISH: Say = gettext.NullTranslations()

SpanKind = Literal["text", "bracket", "replace", "alternatives", "omitted"]


@dataclass(frozen=True)
class Proposed:
    """Who proposes a change: the proposal, its delegations and supporters."""

    proposal: str
    by: tuple[str, ...]
    supported_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class Variant:
    """One wording of a passage that colliding proposals change at once: Alt 1 is the
    clause's own words, Alt 2, Alt 3… each proposal's."""

    label: str
    text: str
    by: tuple[str, ...] = ()
    proposal: str | None = None


@dataclass(frozen=True)
class Span:
    """A piece of a paragraph's text."""

    kind: SpanKind
    """text (as written), bracket (a span bracket in the clause), replace (a
    proposal's new words for old ones), alternatives (a passage colliding proposals
    replace: every wording of it), omitted (left out of the clean text)."""
    text: str
    """The words as the clause has them (for a replace: the old words)."""
    new: str = ""
    """For a replace: the proposed words ('' strikes the old ones out)."""
    parties: tuple[str, ...] = ()
    """Who holds the bracket or proposes the replacement."""
    proposal: str | None = None
    alternatives: tuple[Variant, ...] = ()
    """For alternatives: Alt 1 (the clause's words, `text`), then each proposal's."""


@dataclass(frozen=True)
class Clash:
    """Two tabled proposals whose changes collide on one paragraph: the compilation
    prints both (`summitkit.sources.records.collisions` says what collides)."""

    kind: str
    """same-words, deleted-clause, two-substitutes or substitute-and-amendment."""
    clause: str
    number: str
    """The paragraph's printed number."""
    proposals: tuple[str, str]
    """The two proposals, the one tabled first first."""
    changes: tuple[int, int]
    """Each one's colliding change (numbered from 1)."""
    by: tuple[tuple[str, ...], tuple[str, ...]]
    """Each one's delegations."""
    passage: str
    """For same-words: the clause's words both replacements cover between them."""
    description: str
    types: tuple[str, str] = ("", "")
    """Each one's change type (insert, delete, replace, substitute), so that a printer
    can word the description in another language; not in the JSON."""


@dataclass(frozen=True)
class Option:
    """A competing wording of a whole paragraph: Alt 2, Alt 3…"""

    label: str
    text: str
    by: tuple[str, ...]
    proposal: str | None = None
    """The substitute proposal it comes from; None for an alternative in the clause."""
    author: str | None = None
    note: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the compilation text."""

    id: str
    number: str
    """Printed number: PP1 for preambular, 1 for operative, 2bis after an insertion,
    '' for a heading."""
    kind: ClauseKind
    status: ClauseStatus
    spans: tuple[Span, ...]
    reserved_by: tuple[str, ...] = ()
    inserted: Proposed | None = None
    """Set when a proposal inserts the paragraph."""
    deleted: tuple[Proposed, ...] = ()
    """Proposals to leave the paragraph out."""
    options: tuple[Option, ...] = ()
    """Alt 2, Alt 3…; Alt 1 is the paragraph's own text."""
    proposals: tuple[str, ...] = ()
    """Tabled proposals that change this paragraph."""
    collisions: tuple[Clash, ...] = ()
    """Colliding proposals on this paragraph; every one of them is printed."""

    @property
    def brackets(self) -> int:
        return sum(1 for s in self.spans if s.kind == "bracket")

    @property
    def settled(self) -> bool:
        """Agreed, with nothing left open on it."""
        return (
            self.status == ClauseStatus.AGREED
            and not (self.proposals or self.reserved_by or self.brackets or self.options)
            and self.inserted is None
        )


@dataclass(frozen=True)
class Decided:
    """One entry of a proposal's decision history, as the compilation prints it."""

    fate: str
    """tabled, accepted, rejected, superseded or withdrawn."""
    change: int | None
    """The change decided on; None for the whole proposal."""
    by: str
    date: str
    reason: str | None = None
    superseded_by: str | None = None


@dataclass(frozen=True)
class Unplaced:
    """A proposal's change that no longer applies to the text (see `summit check`)."""

    proposal: str
    change: int

    def words(self, say: Say = ENGLISH) -> str:
        """'jpn-1 change 2', through `say`."""
        return f"{self.proposal} {say.gettext('change %(n)s') % {'n': self.change}}"


@dataclass(frozen=True)
class Standing:
    """Where a proposal stands, as parts a printer words in the reader's language."""

    status: str = "tabled"
    """tabled, accepted, rejected, superseded or withdrawn."""
    accepted: tuple[int, ...] = ()
    """The changes accepted one at a time."""
    others: tuple[tuple[int, str], ...] = ()
    """Of a tabled proposal: the other changes decided one at a time, with their fate."""

    def words(self, say: Say = ENGLISH) -> str:
        """'accepted in part (change 2; the rest rejected)', 'tabled; change 1
        superseded' …, through `say` (English by default)."""
        g = say.gettext
        numbers = ", ".join(map(str, self.accepted))
        changes = say.ngettext("change %(numbers)s", "changes %(numbers)s", len(self.accepted))
        changes %= {"numbers": numbers}
        if self.status == "tabled":
            parts = [g("accepted in part (%(changes)s)") % {"changes": changes}] if numbers else []
            parts = parts or [g("tabled")]
            parts += [
                g("change %(n)s %(fate)s") % {"n": n, "fate": g(fate)} for n, fate in self.others
            ]
            return "; ".join(parts)
        if numbers:
            return g("accepted in part (%(changes)s; the rest %(fate)s)") % {
                "changes": changes,
                "fate": g(self.status),
            }
        return g(self.status)


@dataclass(frozen=True)
class Tabled:
    """A proposal as the compilation lists it: tabled, or decided already."""

    id: str
    by: tuple[str, ...]
    supported_by: tuple[str, ...]
    """Its supporters: those the record names, and those who recorded support."""
    date: str
    changes: int
    note: str | None = None
    opposed_by: tuple[str, ...] = ()
    """Delegations that recorded opposition (`position` records)."""
    state: str = "tabled"
    """tabled, accepted in part (change 2), accepted, rejected, superseded, withdrawn:
    `standing` in English words."""
    standing: Standing = Standing()
    decisions: tuple[Decided, ...] = ()
    """Its decision history, oldest first."""
    reason: str | None = None
    """Why it was decided as it was, as the record says (beside an older record's
    empty history)."""
    amends: str | None = None
    """The proposal whose change it amends (an amendment to an amendment)."""


@dataclass(frozen=True)
class Totals:
    paragraphs: int
    agreed: int
    ad_ref: int
    proposals: int
    brackets: int
    reservations: int

    def line(self, say: Say = ENGLISH) -> str:
        """'9 of 12 paragraphs agreed, 1 ad ref; 3 proposals open', in the language of
        `say` (a gettext translations object)."""
        n = say.ngettext
        text = n("%(agreed)d of %(n)d paragraph agreed", "%(agreed)d of %(n)d paragraphs agreed",
                 self.paragraphs) % {"agreed": self.agreed, "n": self.paragraphs}  # fmt: skip
        if self.ad_ref:
            text += say.gettext(", %(n)d ad ref") % {"n": self.ad_ref}
        counts = (
            (self.proposals, "; %(n)d proposal open", "; %(n)d proposals open"),
            (self.brackets, "; %(n)d bracket", "; %(n)d brackets"),
            (self.reservations, "; %(n)d reservation", "; %(n)d reservations"),
        )
        for index, (count, singular, plural) in enumerate(counts):
            if count or index == 0:  # open proposals are always counted
                text += n(singular, plural, count) % {"n": count}
        return text


@dataclass(frozen=True)
class Compilation:
    """A document's compilation text (or its clean text)."""

    id: str
    kind: str
    title: str
    status: str
    revision: int
    language: str
    clean: bool
    paragraphs: tuple[Paragraph, ...]
    tabled: tuple[Tabled, ...]
    totals: Totals
    unplaced: tuple[Unplaced, ...] = ()
    """Changes that no longer apply to the text (`summit check` reports them)."""
    collisions: tuple[Clash, ...] = ()
    """Every collision among the tabled proposals, in paragraph order."""
    decided: tuple[Tabled, ...] = ()
    """The document's proposals no longer tabled (accepted, rejected, withdrawn),
    with their decisions, as a marshalled list records each amendment's fate."""
