"""The corpus of a Sphinx build: validated once, filtered for the build's audience,
shared by every directive (and handed over by a `summit build` that has it)."""

from __future__ import annotations

from pathlib import Path

from sphinx.config import Config
from sphinx.util import logging

from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import TLP

logger = logging.getLogger(__name__)

_CORPORA: dict[tuple[Path, str], Corpus] = {}


def repository_root(config: Config) -> Path:
    return Path(config.summitkit_root).resolve()


def corpus_for(config: Config) -> Corpus:
    """The corpus of this build: loaded once, shared by every directive (and by a
    `summit build` that already loaded it)."""
    root = repository_root(config)
    audience: TLP = config.summitkit_audience  # parsed once, as the config was read
    key = (root, audience.value)
    if key not in _CORPORA:
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
        _CORPORA[key] = for_audience(checked.corpus, audience)
    return _CORPORA[key]


def remember_corpus(root: Path, audience: TLP, corpus: Corpus) -> None:
    """Let a caller that has already validated the corpus hand it to the extension."""
    _CORPORA[(root.resolve(), audience.value)] = corpus
