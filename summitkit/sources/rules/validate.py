"""Validate: raw records → typed corpus plus every problem, each with its rule id.

Schema errors come from the declarative models in `summitkit.sources.schema`; rules
that span records (references, duplicates, clause ids, conflicting claims) are
the functions below, one rule id each.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from summitkit.sources.core.diagnostics import Diagnostic, error, warning
from summitkit.sources.core.layout import KIND_FOLDERS
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.records.raw import Loaded, RawRecord
from summitkit.sources.records.references import references as references
from summitkit.sources.records.schema_errors import field_path, schema_diagnostics
from summitkit.sources.rules.assessments import check_divergence, check_ratings, check_scales
from summitkit.sources.rules.comments import check_comments
from summitkit.sources.rules.field_rules import check_field_labels, check_hidden_characters
from summitkit.sources.rules.hand_pages import check_hand_pages
from summitkit.sources.rules.negotiation_rules import (
    check_brackets,
    check_change_numbers,
    check_clause_status,
    check_proposals,
)
from summitkit.sources.rules.placeholders import (
    check_empty_proposals,
    check_placeholders,
    is_placeholder,
    may_hold_placeholder,
)
from summitkit.sources.rules.safety import check_markup, check_page_markup
from summitkit.sources.rules.sponsors import check_action_item_owners
from summitkit.sources.rules.translations import check_translations
from summitkit.sources.schema import KINDS, Document, Record, Signatory

RecordValidator = Callable[[RawRecord], tuple[Record | None, list[Diagnostic]]]


def validate(
    loaded: Loaded,
    root: Path,
    validate_one: RecordValidator | None = None,
    *,
    pages: bool = True,
    partial: frozenset[str] | None = None,
) -> tuple[Corpus, list[Diagnostic]]:
    """Check every record against its schema (through `validate_one`, if given) and
    every rule between records; with `pages`, also the hand-written pages under `root`.
    `partial` names the files that count in a corpus of some records (`Corpus.partial`)."""
    validate_one = validate_one or validate_record
    corpus = Corpus(root, partial=partial)
    diagnostics = list(loaded.diagnostics)
    failed = set(loaded.failed)
    for raw in loaded.records:
        record, problems = validate_one(raw)
        diagnostics.extend(problems)
        if record is None:
            failed.add((raw.kind, raw.path.stem))
            continue
        if record.id in corpus.records.get(record.kind, {}):
            first = corpus.origins[(record.kind, record.id)]
            diagnostics.append(
                error(
                    raw.position(("id",)),
                    f"{record.kind} id '{record.id}' is already used by {first.display}; "
                    "give one of them another id (and file name)",
                    "id/duplicate",
                )
            )
            continue
        corpus.add(record, raw)
    corpus.failed = failed
    for rule in (*RULES, *PAGE_RULES) if pages else RULES:
        diagnostics.extend(rule(corpus))
    return corpus, diagnostics


def validate_record(raw: RawRecord) -> tuple[Record | None, list[Diagnostic]]:
    model = KINDS[raw.kind]
    try:
        record = model.model_validate(raw.data)
    except ValidationError as exc:
        moved = _misplaced_kind(raw)
        if moved:
            return None, [
                error(
                    raw.position(),
                    f"this looks like a {moved} record; move it to {KIND_FOLDERS[moved]}/",
                    "layout/wrong-folder",
                )
            ]
        return None, schema_diagnostics(raw, model, exc.errors())
    problems = []
    if raw.path.stem != record.id:
        problems.append(
            error(
                raw.position(("id",)),
                f"id '{record.id}' does not match the file name '{raw.path.name}'; "
                f"name the file {record.id}.yaml",
                "layout/id-filename",
            )
        )
    return record, problems


def _misplaced_kind(raw: RawRecord) -> str | None:
    for kind, model in KINDS.items():
        if kind == raw.kind:
            continue
        try:
            model.model_validate(raw.data)
        except ValidationError:
            continue
        return kind
    return None


# -- references --------------------------------------------------------------


def check_references(corpus: Corpus) -> Iterator[Diagnostic]:
    for record in corpus:
        raw = corpus.origins[(record.kind, record.id)]
        if corpus.partial is not None and raw.display not in corpus.partial:
            continue  # cited only for names: what it cites in turn was not loaded
        for loc, target, kinds in references(record):
            if target in corpus.records.get(kinds[0], ()) or (
                len(kinds) > 1 and any(target in corpus.records.get(k, ()) for k in kinds)
            ):
                continue  # most references: one kind, and the record is there
            if any((kind, target) in corpus.failed for kind in kinds):
                continue  # the target's own file is broken and reported already
            if is_placeholder(target):
                continue  # a skeleton's 'todo-summit-id': placeholder_references says so
            hint = _reference_hint(corpus, record, target, kinds)
            yield error(
                raw.position(loc),
                f"unknown {_one_of(kinds)} '{target}'{hint}",
                f"ref/unknown-{_rule_kind(kinds)}",
            )


def _rule_kind(kinds: tuple[str, ...]) -> str:
    if len(kinds) == 1:
        return kinds[0]
    return "document" if set(kinds) == {"statement", "basket"} else "party"


def placeholder_references(corpus: Corpus, *, blocking: bool = False) -> Iterator[Diagnostic]:
    """References that still hold a skeleton's placeholder ('todo-summit-id'): a
    warning for check, and (`blocking`) an error for a build, which has no record to
    draw on."""
    report = error if blocking else warning
    for record in corpus:
        raw = corpus.origins[(record.kind, record.id)]
        if not may_hold_placeholder(raw):
            continue
        for loc, target, kinds in references(record):
            if is_placeholder(target):
                yield report(
                    raw.position(loc),
                    f"{field_path(raw.data, loc)} still holds the placeholder '{target}'; "
                    f"give the id of a {_one_of(kinds)} record",
                    "content/placeholder",
                )


def _one_of(kinds: tuple[str, ...]) -> str:
    return kinds[0] if len(kinds) == 1 else f"{', '.join(kinds[:-1])} or {kinds[-1]}"


def _reference_hint(corpus: Corpus, record: Record, target: str, kinds: tuple[str, ...]) -> str:
    """What to do about a dangling reference: the id meant, or the record to add."""
    known = sorted(
        i
        for kind in kinds
        for i in corpus.records.get(kind, {})
        if (kind, i) != (record.kind, record.id)  # a record is not its own parent
    )
    guess = difflib.get_close_matches(target, known, n=1)
    if guess:
        return f"; did you mean '{guess[0]}'?"
    if len(kinds) > 1:
        return "; use the id of a record of one of these kinds"
    hint = f"; add {KIND_FOLDERS[kinds[0]]}/{target}.yaml"
    if 0 < len(known) <= 8:
        hint += f" or use one of: {', '.join(known)}"
    return hint


# -- documents -----------------------------------------------------------------


def check_clauses(corpus: Corpus) -> Iterator[Diagnostic]:
    for document in corpus.documents.values():
        raw = corpus.origins[(document.kind, document.id)]
        seen: dict[str, int] = {}
        for index, clause in enumerate(document.clauses):
            loc = ("clauses", index, "id")
            if clause.id in seen:
                yield error(
                    raw.position(loc),
                    f"clause id '{clause.id}' is already used by clause {seen[clause.id] + 1}; "
                    "clause ids are unique within a document",
                    "clause/duplicate-id",
                )
            elif clause.id in document.retired_ids:
                yield error(
                    raw.position(loc),
                    f"clause id '{clause.id}' was retired and may not be reused; choose a new id",
                    "clause/retired-id",
                )
            seen.setdefault(clause.id, index)


def check_signatories(corpus: Corpus) -> Iterator[Diagnostic]:
    for document in corpus.documents.values():
        raw = corpus.origins[(document.kind, document.id)]
        seen: set[str] = set()
        for index, signatory in enumerate(document.signatories):
            if signatory.party in seen:
                yield error(
                    raw.position(("signatories", index)),
                    f"'{signatory.party}' is listed twice among the signatories; remove one",
                    "signatory/duplicate",
                )
            seen.add(signatory.party)


def check_lineage(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rule lineage/cycle: following `follows` from a document never leads back to it.
    Each document in a cycle is reported at its own `follows`; a document that only
    leads into a cycle is not."""
    documents = corpus.documents
    for document in documents.values():
        chain = [document.id]
        current: Document | None = document
        while current is not None and current.follows and current.follows not in chain:
            chain.append(current.follows)
            current = documents.get(current.follows)
        if current is not None and current.follows == document.id:
            raw = corpus.origins[(document.kind, document.id)]
            cycle = " → ".join([*chain, document.id])
            yield error(
                raw.position(("follows",)),
                f"'{document.id}' follows itself ({cycle}); a document follows an earlier one",
                "lineage/cycle",
            )


def check_assessments(corpus: Corpus) -> Iterator[Diagnostic]:
    for commitment in corpus.commitments.values():
        raw = corpus.origins[("commitment", commitment.id)]
        made = corpus.summits.get(commitment.made_at)
        if made is None:
            continue
        for index, assessment in enumerate(commitment.assessments):
            if assessment.round is not None:
                summit = corpus.summits.get(assessment.round)
                if summit is None or summit.end >= made.start:
                    continue
                where, when = "round", f"at '{assessment.round}'"
            elif assessment.date is not None and assessment.date < made.start:
                where, when = "date", f"dated {assessment.date.isoformat()}"
            else:
                continue
            yield error(
                raw.position(("assessments", index, where)),
                f"assessment {when} comes before the commitment was made at "
                f"'{commitment.made_at}'; assess it at that round or later",
                "assessment/before-commitment",
            )


# -- claims ----------------------------------------------------------------------


_MISSING = object()


def resolve_field(record: Record, path: str) -> Any:
    """The value a record holds at a claim's field path, or _MISSING."""
    value: Any = record
    parts = path.split(".")
    for depth, part in enumerate(parts):
        if isinstance(value, list) and value and isinstance(value[0], Signatory):
            return any(s.party == part for s in value) if depth == len(parts) - 1 else _MISSING
        if isinstance(value, BaseModel) and part in type(value).model_fields:
            value = getattr(value, part)
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            return _MISSING
    return value.model_dump(mode="json") if isinstance(value, BaseModel) else value


def _field_hint(record: Record, path: str) -> str:
    """'; did you mean ...?' for a field path that names nothing, where a close one exists."""
    parts = path.split(".")
    for depth in range(len(parts)):
        if resolve_field(record, ".".join(parts[: depth + 1])) is not _MISSING:
            continue
        parent = resolve_field(record, ".".join(parts[:depth])) if depth else record
        if isinstance(parent, BaseModel):
            names = list(type(parent).model_fields)
        elif isinstance(parent, dict):
            names = [str(key) for key in parent]
        elif isinstance(parent, list) and parent and isinstance(parent[0], Signatory):
            names = [s.party for s in parent]
        else:
            return ""
        guess = difflib.get_close_matches(parts[depth], names, n=1)
        return (
            f"; did you mean '{'.'.join([*parts[:depth], guess[0], *parts[depth + 1 :]])}'?"
            if guess
            else ""
        )
    return ""


def _cited(record: Record, path: str) -> list[str]:
    """Sources that back the record's own value at a field path."""
    head, _, tail = path.partition(".")
    if head == "signatories" and isinstance(record, Document):
        for signatory in record.signatories:
            if signatory.party == tail and signatory.sources:
                return [c.source for c in signatory.sources]
    return [c.source for c in record.sources]


def check_claims(corpus: Corpus) -> Iterator[Diagnostic]:
    for record in corpus:
        raw = corpus.origins[(record.kind, record.id)]
        for index, claim in enumerate(record.claims):
            held = resolve_field(record, claim.field)
            loc = ("claims", index)
            if held is _MISSING:
                yield error(
                    raw.position((*loc, "field")),
                    f"claim is about '{claim.field}', which this {record.kind} does not have"
                    f"{_field_hint(record, claim.field)}",
                    "claim/unknown-field",
                )
                continue
            if _normalise(held) == _normalise(claim.value):
                continue
            ours = ", ".join(_cited(record, claim.field)) or "the record itself"
            theirs = ", ".join(c.source for c in claim.sources)
            yield warning(
                raw.position(loc),
                f"sources disagree about {claim.field}: {ours} gives {_show(held)}, "
                f"{theirs} gives {_show(claim.value)}",
                "claim/conflict",
            )


def _normalise(value: Any) -> Any:
    if isinstance(value, list):
        return sorted(map(str, value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):
        return value.value
    return value


def _show(value: Any) -> str:
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return repr(_normalise(value))


#: The kinds each printed as `pdf/ID.pdf` and `docx/ID.docx` (and a page `ID`).
PRINTED_KINDS = ("statement", "basket", "report")


def check_output_names(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rule id/output-clash: two deliverables of different kinds with one id would
    print to the same files, the second replacing the first without a word."""
    first: dict[str, str] = {}
    for kind in PRINTED_KINDS:
        for id in sorted(corpus.records.get(kind, {})):
            if id in first:
                raw = corpus.origins[(kind, id)]
                yield error(
                    raw.position(("id",)),
                    f"{kind} '{id}' would print to the same files as {first[id]} "
                    f"(pdf/{id}.pdf, docx/{id}.docx); give one of them another id",
                    "id/output-clash",
                )
            else:
                first[id] = corpus.origins[(kind, id)].display


RULES = (
    check_markup,
    check_hidden_characters,
    check_field_labels,
    check_translations,
    check_references,
    check_clauses,
    check_signatories,
    check_action_item_owners,
    check_lineage,
    check_assessments,
    check_claims,
    check_ratings,
    check_scales,
    check_output_names,
    check_divergence,
    check_proposals,
    check_change_numbers,
    check_clause_status,
    check_brackets,
    placeholder_references,
    check_placeholders,
    check_empty_proposals,
    check_comments,
)
#: Rules over the working tree's hand-written pages rather than the records: a check
#: of some records (`sources.subset`, for a diff) has no use for them.
PAGE_RULES = (check_page_markup, check_hand_pages)
