"""Translations of clauses: which are stale.

A translation may record `source_hash`, the hash of the source-language text it
was made from (`source_hash` below). When the source clause changes,
the hash no longer matches and `summit check` warns, so translators see what to
update. A translation without a hash is not tracked.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from summitkit.sources.corpus import Corpus
from summitkit.sources.diagnostics import Diagnostic, warning
from summitkit.sources.schema import Clause


def source_hash(text: str) -> str:
    """The hash a translation stores of the source text it was made from."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:12]


def stale_translations(clause: Clause) -> list[str]:
    """Languages whose translation of the clause was made from another source text."""
    current = source_hash(clause.text)
    return [
        lang
        for lang, translation in clause.translations.items()
        if not isinstance(translation, str)
        and translation.source_hash is not None
        and translation.source_hash != current
    ]


def check_translations(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rule translation/stale (warning): the source clause changed after translation."""
    for document in corpus.documents.values():
        raw = corpus.origins[(document.kind, document.id)]
        for index, clause in enumerate(document.clauses):
            for lang in stale_translations(clause):
                yield warning(
                    raw.position(("clauses", index, "translations", lang)),
                    f"the {lang} translation of clause '{clause.id}' was made from an earlier "
                    f"text; update it and set its source_hash to {source_hash(clause.text)}",
                    "translation/stale",
                )
