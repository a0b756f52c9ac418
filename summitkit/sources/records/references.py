"""The references in a record: every field that names another record, found by
walking the schema's reference markers (`schema.Ref`) through nested models."""

from __future__ import annotations

import typing
from collections.abc import Iterable
from functools import cache
from typing import Any

from pydantic import BaseModel

from summitkit.sources.records.raw import Path_
from summitkit.sources.records.schema_errors import inner_model
from summitkit.sources.schema import Ref

Reference = tuple[Path_, str, tuple[str, ...]]
"""(location in the record, id, kinds of record it may name)."""


@cache
def _ref_fields(model: type[BaseModel]) -> tuple[tuple[str, Ref | None], ...]:
    """(field, its reference marker) for reference fields, (field, None) for nested models
    that hold references (a translation holds none: not walked)."""
    table: list[tuple[str, Ref | None]] = []
    _being_read.add(model)
    try:
        for name, info in model.model_fields.items():
            ref = next((m for m in info.metadata if isinstance(m, Ref)), None) or _find_ref(
                info.annotation
            )
            if ref is not None:
                table.append((name, ref))
            elif (inner := inner_model(info.annotation)) is not None and (
                inner in _being_read or _ref_fields(inner)  # a model inside itself: walked
            ):
                table.append((name, None))
    finally:
        _being_read.discard(model)
    return tuple(table)


_being_read: set[type[BaseModel]] = set()


def _find_ref(annotation: Any) -> Ref | None:
    for arg in typing.get_args(annotation):
        if isinstance(arg, Ref):
            return arg
        found = _find_ref(arg)
        if found is not None:
            return found
    return None


def references(value: BaseModel, loc: Path_ = ()) -> list[Reference]:
    """Every reference in a record: (location, id, kinds it may name)."""
    found: list[Reference] = []
    _collect_references(value, loc, found)
    return found


def _collect_references(value: BaseModel, loc: Path_, found: list[Reference]) -> None:
    # Appends to one list rather than yielding: a generator per nested model (each
    # clause, each assessment) was most of the reference rule's time.
    values = value.__dict__
    for name, ref in _ref_fields(type(value)):
        field_value = values[name]
        if not field_value:
            continue  # None, or an empty list or mapping: most fields of most records
        if isinstance(field_value, list):
            items: Iterable[tuple[Any, Any]] = enumerate(field_value)
        elif isinstance(field_value, dict):
            items = field_value.items()
        else:
            items = ((None, field_value),)
        for index, item in items:
            if item is None:
                continue
            here = (*loc, name) if index is None else (*loc, name, index)
            if ref is None:
                if isinstance(item, BaseModel):
                    _collect_references(item, here, found)
            elif isinstance(item, str) and item not in ref.literals:
                found.append((here, item, ref.kinds))
