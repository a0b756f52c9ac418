"""A deliverable's identity: record, round, status, revision, commit and build date.

The commit and the date come from the run's `Request.version`, read once through
the git wrapper; nothing here runs git.
"""

from __future__ import annotations

from dataclasses import dataclass

from summitkit.sources.core.scales import TLP, DocumentStatus


@dataclass(frozen=True)
class Stamp:
    """What every page and file of a deliverable carries about its version."""

    id: str
    title: str
    kind: str
    """statement, basket or report."""
    round: str
    """Round title, e.g. 'Seoul Nuclear Security Summit 2012'."""
    status: DocumentStatus
    revision: int
    commit: str
    """Short SHA, with '+dirty' for uncommitted changes, or 'unversioned'
    (`Version.commit`)."""
    built: str
    """Build date, ISO 8601, from SOURCE_DATE_EPOCH when set (`Version.date`)."""
    audience: TLP = TLP.CLEAR
    language: str = "en"
    compares: str = ""
    """For a redline: both sides' identity, which its version line prints instead."""
    unmarked: bool = False
    """No status of its own: a redline of the corpus, marked DRAFT only by `covers_draft`."""
    covers_draft: bool = False
    """A redline of the corpus that shows a document not yet adopted: marked DRAFT."""

    @property
    def draft(self) -> bool:
        """Anything not adopted carries a DRAFT mark, and so does a redline showing it."""
        if self.unmarked:
            return self.covers_draft
        return self.status is not DocumentStatus.ADOPTED

    @property
    def final(self) -> bool:
        """An agreed or adopted text, printed as it is signed: without the record's notes
        and research citations."""
        return not self.unmarked and self.status in (DocumentStatus.AGREED, DocumentStatus.ADOPTED)

    @property
    def signed(self) -> bool:
        """An adopted text: its identity and commit go to the properties and a colophon,
        not on every page."""
        return self.final and not self.draft and not self.compares

    def gettext(self, message: str) -> str:
        """`message` in the stamp's language, from summitkit's message catalogues."""
        from summitkit.deliverables.i18n import translator

        return translator(self.language.split("-")[0]).gettext(message)

    @property
    def line(self) -> str:
        """The version line printed on every page, in the stamp's language."""
        _ = self.gettext
        if self.compares:
            return f"{self.compares} · {_('built')} {self.built}"
        return (
            f"{self.id} · {_('rev.')} {self.revision} · {_(self.status.value)} · "
            f"{_('commit')} {self.commit} · {_('built')} {self.built}"
        )

    @property
    def draft_word(self) -> str:
        """The DRAFT mark's word in the stamp's language ("PROJET", "초안")."""
        return self.gettext("DRAFT")

    @property
    def keywords(self) -> list[str]:
        if self.unmarked:  # a redline of the corpus has no revision or status of its own
            return [self.id, self.audience.value]
        return [self.id, f"rev{self.revision}", self.status.value, self.audience.value]
