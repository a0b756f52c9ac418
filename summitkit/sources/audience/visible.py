"""Audience: the part of a corpus that one TLP audience may see."""

from __future__ import annotations

from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import TLP, Document, Record


def visible(label: TLP | None, audience: TLP, default: TLP = TLP.CLEAR) -> bool:
    """Unmarked material has the repository's default label (TLP:CLEAR unless set)."""
    return (label or default).rank <= audience.rank


def for_audience(corpus: Corpus, audience: TLP) -> Corpus:
    """A corpus with every record, clause and field above the audience removed.

    A record placed at a summit the audience may not see goes too: every page,
    table and export places it by that summit's dates and title.
    """
    from summitkit.sources.records.references import references

    default = corpus.default_sensitivity
    hidden_summits = {
        s.id for s in corpus.summits.values() if not visible(s.sensitivity, audience, default)
    }
    filtered = Corpus(corpus.root, default_sensitivity=default, fingerprint=corpus.fingerprint)
    for record in corpus:
        if not visible(record.sensitivity, audience, default):
            continue
        record = _strip(record, audience, default)
        if hidden_summits and any(
            kinds == ("summit",) and target in hidden_summits
            for _, target, kinds in references(record)
        ):
            continue
        filtered.add(record, corpus.origins[(record.kind, record.id)])
    return filtered


def _strip(record: Record, audience: TLP, default: TLP) -> Record:
    # A field or clause is marked explicitly; unmarked ones share the record's fate.
    hidden = {
        name for name, label in record.field_sensitivity.items() if not visible(label, audience)
    }
    update: dict[str, object] = {}
    fields = type(record).model_fields
    for name in hidden:  # check refuses an unknown or required field name (sensitivity/field)
        if name in fields and not fields[name].is_required():
            update[name] = fields[name].get_default(call_default_factory=True)
    # A claim about a hidden field would carry the field's value: it goes too.
    claims = [c for c in record.claims if c.field.split(".")[0] not in hidden]
    if len(claims) != len(record.claims):
        update["claims"] = claims
    if isinstance(record, Document) and "clauses" not in hidden:
        label = record.sensitivity or default
        update["clauses"] = [c for c in record.clauses if visible(c.sensitivity or label, audience)]
        # A hidden field's translations say what it says: they go with it.
        translated = hidden & {"title", "summary", "objective"}
        if translated and record.translations:
            update["translations"] = {
                lang: t.model_copy(update=dict.fromkeys(translated))
                for lang, t in record.translations.items()
            }
    return record.model_copy(update=update) if update else record
