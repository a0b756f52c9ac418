"""The corpus of a Sphinx build: validated once, filtered for the build's audience,
shared by every directive (and handed over by a `summit build` that has it).

A corpus belongs to one build: it is kept against that build's `Config` (the one
object every directive reaches, the same in the processes of a parallel read) and
let go when the build finishes, so that two builds in one process never share a
corpus (the second would show the records as the first read them) and nothing
piles up in a long-lived process.
"""

from __future__ import annotations

import weakref
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import TLP

logger = logging.getLogger(__name__)

_CORPORA: weakref.WeakKeyDictionary[Config, Corpus] = weakref.WeakKeyDictionary()
"""The corpus of each build under way, by its configuration."""

_handed: tuple[tuple[Path, str], Corpus] | None = None
"""A corpus `summit build` validated for the next build: one at most, taken by the
first build of the same repository and audience."""


def repository_root(config: Config) -> Path:
    return Path(config.summitkit_root).resolve()


def corpus_for(config: Config) -> Corpus:
    """The corpus of this build: loaded once, shared by every directive (and by a
    `summit build` that already loaded it)."""
    global _handed
    if config in _CORPORA:
        return _CORPORA[config]
    root = repository_root(config)
    audience: TLP = config.summitkit_audience  # parsed once, as the config was read
    if _handed is not None and _handed[0] == (root, audience.value):
        corpus = _handed[1]
    else:
        corpus = _checked(root, audience)
    _handed = None
    _CORPORA[config] = corpus
    return corpus


def _checked(root: Path, audience: TLP) -> Corpus:
    """Load and validate the repository, its problems logged as Sphinx warnings."""
    from summitkit.sources.audience.visible import for_audience
    from summitkit.sources.check.project import check

    checked = check(root)
    for problem in checked.diagnostics:
        log = logger.error if problem.is_error else logger.warning
        log(
            "%s [%s]",
            problem.message,
            problem.rule,
            location=(str(root / problem.position.path), problem.position.line),
        )
    return for_audience(checked.corpus, audience)


def remember_corpus(root: Path, audience: TLP, corpus: Corpus) -> None:
    """Let a caller that has already validated the corpus hand it to the next build."""
    global _handed
    _handed = ((root.resolve(), audience.value), corpus)


def forget_corpus(app: Sphinx, exception: BaseException | None) -> None:
    """build-finished: the build's corpus is let go (a later build reads the records again)."""
    _CORPORA.pop(app.config, None)
