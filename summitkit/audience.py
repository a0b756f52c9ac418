"""Audience: the part of a corpus that one TLP audience may see."""

from __future__ import annotations

from summitkit.corpus import Corpus
from summitkit.schema import TLP, Document, Record


def visible(label: TLP | None, audience: TLP) -> bool:
    """Unmarked material is TLP:CLEAR."""
    return (label or TLP.CLEAR).rank <= audience.rank


def for_audience(corpus: Corpus, audience: TLP) -> Corpus:
    """A corpus with every record, clause and field above the audience removed."""
    filtered = Corpus(corpus.root)
    for record in corpus:
        if not visible(record.sensitivity, audience):
            continue
        filtered.add(_strip(record, audience), corpus.origins[(record.kind, record.id)])
    return filtered


def _strip(record: Record, audience: TLP) -> Record:
    hidden = {
        name for name, label in record.field_sensitivity.items() if not visible(label, audience)
    }
    update: dict[str, object] = {}
    for name in hidden:
        update[name] = type(record).model_fields[name].get_default()
    if isinstance(record, Document):
        update["clauses"] = [c for c in record.clauses if visible(c.sensitivity, audience)]
    return record.model_copy(update=update) if update else record
