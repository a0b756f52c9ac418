"""Validate: raw records → typed corpus plus every problem, each with its rule id.

Schema errors come from the declarative models in `summitkit.schema`; rules
that span records (references, duplicates, clause ids, conflicting claims) are
the functions below, one rule id each.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from summitkit.corpus import Corpus
from summitkit.diagnostics import Diagnostic, error, warning
from summitkit.loader import KIND_FOLDERS, Loaded, Path_, RawRecord
from summitkit.safety import check_markup
from summitkit.translations import check_translations
from summitkit.schema import KINDS, Document, Record, Ref, Signatory


def validate(loaded: Loaded, root: Path) -> tuple[Corpus, list[Diagnostic]]:
    """Check every record against its schema and every rule between records."""
    corpus = Corpus(root)
    diagnostics = list(loaded.diagnostics)
    failed = set(loaded.failed)
    for raw in loaded.records:
        record, problems = validate_record(raw)
        diagnostics.extend(problems)
        if record is None:
            failed.add((raw.kind, raw.path.stem))
            continue
        if record.id in corpus.records.get(record.kind, {}):
            first = corpus.origins[(record.kind, record.id)]
            diagnostics.append(
                error(
                    raw.position(("id",)),
                    f"{record.kind} id '{record.id}' is already used by {first.display}",
                    "id/duplicate",
                )
            )
            continue
        corpus.add(record, raw)
    corpus.failed = failed
    for rule in RULES:
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
        return None, [_schema_diagnostic(raw, model, e) for e in exc.errors()]
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


_MESSAGES = {
    "missing": "required field '{field}' is missing",
    "string_pattern_mismatch": "'{input}' is not a valid id: use lowercase letters, digits "
    "and hyphens",
    "date_from_datetime_parsing": "'{input}' is not a date (write YYYY-MM-DD)",
    "date_parsing": "'{input}' is not a date (write YYYY-MM-DD)",
    "date_type": "'{input}' is not a date (write YYYY-MM-DD)",
    "enum": "'{input}' is not one of: {expected}",
}


def _schema_diagnostic(raw: RawRecord, model: type[BaseModel], e: ErrorDetails) -> Diagnostic:
    loc = _data_loc(raw.data, e["loc"])
    kind = e["type"]
    field = str(loc[-1]) if loc else raw.kind
    if kind == "extra_forbidden":
        allowed = _allowed_fields(model, loc[:-1], raw.data)
        guess = difflib.get_close_matches(field, allowed, n=1)
        hint = f"; did you mean '{guess[0]}'?" if guess else f"; known fields: {', '.join(allowed)}"
        return error(
            raw.position(loc, key=True), f"unknown field '{field}'{hint}", "schema/unknown-field"
        )
    if kind == "missing":
        message = _MESSAGES[kind].format(field=field)
        return error(raw.position(loc[:-1]), message, "schema/missing")
    template = _MESSAGES.get(kind)
    ctx = e.get("ctx", {})
    if kind.startswith("date") and isinstance(e.get("input"), str):
        template = "'{input}' is not a date that exists (write YYYY-MM-DD)"
    if template:
        message = template.format(input=e.get("input"), expected=ctx.get("expected", ""))
    else:
        message = e["msg"].replace("Value error, ", "")
    where = f"{'.'.join(map(str, loc))}: " if loc else ""
    return error(raw.position(loc), f"{where}{message}", f"schema/{kind.replace('_', '-')}")


def _data_loc(data: Any, loc: tuple[int | str, ...]) -> Path_:
    """Keep the parts of a pydantic error location that index into the data
    (pydantic adds union members and validator names)."""
    kept: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            kept.append(part)
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            kept.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part[:1].islower() and (
            "[" not in part
        ):
            kept.append(part)  # a missing or unknown key
            node = None
    return tuple(kept)


def _allowed_fields(model: type[BaseModel], loc: Path_, data: Any) -> list[str]:
    """Field names of the (nested) model at `loc`."""
    current: Any = model
    for part in loc:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part) if _is_model(current) else None
        if info is None:
            return []
        current = _inner_model(info.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _inner_model(annotation: Any) -> Any:
    if _is_model(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


# -- references --------------------------------------------------------------


@cache
def _ref_fields(model: type[BaseModel]) -> tuple[tuple[str, tuple[str, ...] | None], ...]:
    """(field, referenced kinds) for reference fields, (field, None) for nested models."""
    table = []
    for name, info in model.model_fields.items():
        ref = next((m for m in info.metadata if isinstance(m, Ref)), None) or _find_ref(
            info.annotation
        )
        if ref is not None:
            table.append((name, ref.kinds))
        elif _inner_model(info.annotation) is not None:
            table.append((name, None))
    return tuple(table)


def _find_ref(annotation: Any) -> Ref | None:
    for arg in typing.get_args(annotation):
        if isinstance(arg, Ref):
            return arg
        found = _find_ref(arg)
        if found is not None:
            return found
    return None


def references(value: BaseModel, loc: Path_ = ()) -> Iterator[tuple[Path_, str, tuple[str, ...]]]:
    """Every reference in a record: (location, id, kinds it may name)."""
    for name, kinds in _ref_fields(type(value)):
        field_value = getattr(value, name)
        items = (
            list(enumerate(field_value)) if isinstance(field_value, list) else [(None, field_value)]
        )
        if isinstance(field_value, dict):
            items = [(k, v) for k, v in field_value.items()]
        for index, item in items:
            here = (*loc, name) if index is None else (*loc, name, index)
            if item is None:
                continue
            if kinds is None:
                if isinstance(item, BaseModel):
                    yield from references(item, here)
            elif isinstance(item, str):
                yield here, item, kinds


def check_references(corpus: Corpus) -> Iterator[Diagnostic]:
    for record in corpus:
        raw = corpus.origins[(record.kind, record.id)]
        for loc, target, kinds in references(record):
            if any(target in corpus.records.get(kind, {}) for kind in kinds):
                continue
            if any((kind, target) in corpus.failed for kind in kinds):
                continue  # the target's own file is broken and reported already
            known = [i for kind in kinds for i in corpus.records.get(kind, {})]
            guess = difflib.get_close_matches(target, known, n=1)
            hint = f"; did you mean '{guess[0]}'?" if guess else ""
            what = " or ".join(kinds)
            yield error(
                raw.position(loc),
                f"unknown {what} '{target}'{hint}",
                f"ref/unknown-{kinds[0] if len(kinds) == 1 else 'party'}",
            )


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
                    f"clause id '{clause.id}' was retired and may not be reused; "
                    "choose a new id",
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
                    f"'{signatory.party}' is listed twice among the signatories",
                    "signatory/duplicate",
                )
            seen.add(signatory.party)


def check_lineage(corpus: Corpus) -> Iterator[Diagnostic]:
    documents = corpus.documents
    for document in documents.values():
        seen = {document.id}
        current: Document | None = document
        while current is not None and current.follows:
            if current.follows in seen:
                raw = corpus.origins[(document.kind, document.id)]
                yield error(
                    raw.position(("follows",)),
                    f"'{document.id}' follows itself through '{current.follows}'",
                    "lineage/cycle",
                )
                break
            seen.add(current.follows)
            current = documents.get(current.follows)


def check_assessments(corpus: Corpus) -> Iterator[Diagnostic]:
    for commitment in corpus.commitments.values():
        raw = corpus.origins[("commitment", commitment.id)]
        made = corpus.summits.get(commitment.made_at)
        for index, assessment in enumerate(commitment.assessments):
            if made is None or assessment.round not in corpus.summits:
                continue
            if corpus.summits[assessment.round].end < made.start:
                yield error(
                    raw.position(("assessments", index, "round")),
                    f"assessment at '{assessment.round}' comes before the commitment was made "
                    f"at '{commitment.made_at}'",
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
                    f"claim is about '{claim.field}', which this {record.kind} does not have",
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


RULES = (
    check_markup,
    check_translations,
    check_references,
    check_clauses,
    check_signatories,
    check_lineage,
    check_assessments,
    check_claims,
)
