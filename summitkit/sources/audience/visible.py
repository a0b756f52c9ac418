"""Audience: the part of a corpus that one TLP audience may see."""

from __future__ import annotations

from summitkit.sources.records.corpus import Corpus
from summitkit.sources.schema import TLP, Comment, Document, Position, Proposal, Record

COMMENT_DEFAULT = TLP.AMBER
"""The label of a comment that has none (summitkit.toml's comment_sensitivity default)."""


def visible(label: TLP | None, audience: TLP, default: TLP = TLP.CLEAR) -> bool:
    """Unmarked material has the repository's default label (TLP:CLEAR unless set)."""
    return (label or default).rank <= audience.rank


def for_audience(corpus: Corpus, audience: TLP) -> Corpus:
    """A corpus with every record, clause and field above the audience removed.

    A record placed at a summit the audience may not see goes too: every page,
    table and export places it by that summit's dates and title. So does what hangs
    on a document or clause the audience may not see, whatever its own label: a
    proposal or comment names the clause and says what it would change or what it
    quotes, and a position or an amendment belongs to its proposal.
    """
    from summitkit.sources.records.references import references

    default = corpus.default_sensitivity
    hidden_summits = {
        s.id for s in corpus.summits.values() if not visible(s.sensitivity, audience, default)
    }
    kept: list[Record] = []
    for record in corpus:
        if not visible(_label(record), audience, default):
            continue
        record = _strip(record, audience, default)
        if hidden_summits and any(
            kinds == ("summit",) and target in hidden_summits
            for _, target, kinds in references(record)
        ):
            continue
        kept.append(record)
    kept = _attached_to_visible(kept, corpus)
    filtered = Corpus(corpus.root, default_sensitivity=default, fingerprint=corpus.fingerprint)
    for record in kept:
        filtered.add(record, corpus.origins[(record.kind, record.id)])
    return filtered


def _label(record: Record) -> TLP | None:
    # A comment nobody labelled (a corpus loaded without summitkit.toml's
    # comment_sensitivity, as a redline's side may be) is restricted, not public.
    if isinstance(record, Comment) and record.sensitivity is None:
        return COMMENT_DEFAULT
    return record.sensitivity


def _clauses_named(record: Proposal | Comment) -> set[str]:
    """The existing clauses a proposal or comment names (not a clause it inserts)."""
    if isinstance(record, Comment):
        return {record.clause}
    named = set(record.against)
    for change in record.changes:
        if change.insert is not None:
            named.add(change.insert.after)
        if change.delete is not None:
            named.add(change.delete)
        if change.replace is not None:
            named.add(change.replace.clause)
        if change.substitute is not None:
            named.add(change.substitute.clause)
    return named


def _attached_to_visible(kept: list[Record], corpus: Corpus) -> list[Record]:
    # Proposals and comments on a hidden document or clause, then (until nothing
    # changes: amendments chain) positions and amendments on a dropped proposal.
    shown = {r.id: {c.id for c in r.clauses} for r in kept if isinstance(r, Document)}
    hidden_clauses = {
        d.id: {c.id for c in d.clauses} - shown.get(d.id, set()) for d in corpus.documents.values()
    }

    def on_hidden(record: Record) -> bool:
        if not isinstance(record, Proposal | Comment):
            return False
        if record.document not in shown:
            return record.document in hidden_clauses  # a dangling id is check's business
        return bool(_clauses_named(record) & hidden_clauses[record.document])

    kept = [r for r in kept if not on_hidden(r)]
    while True:
        dropped = set(corpus.proposals) - {r.id for r in kept if isinstance(r, Proposal)}
        remaining = [
            r
            for r in kept
            if not (isinstance(r, Position) and r.proposal in dropped)
            and not (isinstance(r, Proposal) and r.amends in dropped)
        ]
        if len(remaining) == len(kept):
            return kept
        kept = remaining


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
        shown = [c for c in record.clauses if visible(c.sensitivity or label, audience)]
        if len(shown) != len(record.clauses):  # unchanged, no copy: most documents
            update["clauses"] = shown
        # A hidden field's translations say what it says: they go with it.
        translated = hidden & {"title", "summary", "objective"}
        if translated and record.translations:
            update["translations"] = {
                lang: t.model_copy(update=dict.fromkeys(translated))
                for lang, t in record.translations.items()
            }
    return record.model_copy(update=update) if update else record
