"""Rules over every field of a record: field labels that name real, optional fields,
and characters that hide or reorder text, wherever they stand."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from summitkit.sources.core.diagnostics import Diagnostic, error, warning
from summitkit.sources.records.corpus import Corpus
from summitkit.sources.records.raw import BIDI_OVERRIDES, ZERO_WIDTH, Path_
from summitkit.sources.schema import KINDS

#: Fields a label cannot hide: without them the record is no record.
ENVELOPE = frozenset({"id", "sensitivity", "field_sensitivity"})


def check_field_labels(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rule sensitivity/field: each `field_sensitivity` key is a field of the record's
    kind that may be left out (a required field cannot be hidden from an audience)."""
    for record in corpus:
        raw = corpus.origins[(record.kind, record.id)]
        fields = KINDS[record.kind].model_fields
        for name in record.field_sensitivity:
            where = raw.position(("field_sensitivity", name), key=True)
            info = fields.get(name)
            if info is None or name in ENVELOPE:
                known = ", ".join(
                    sorted(
                        n for n, f in fields.items() if n not in ENVELOPE and not f.is_required()
                    )
                )
                yield error(
                    where,
                    f"'{name}' is not a field of a {record.kind} that a label can hide "
                    f"(one of: {known})",
                    "sensitivity/field",
                )
            elif info.is_required():
                yield error(
                    where,
                    f"'{name}' is required in a {record.kind}, so a label cannot hide it; "
                    "label the whole record instead (sensitivity:)",
                    "sensitivity/field",
                )


def check_hidden_characters(corpus: Corpus) -> Iterator[Diagnostic]:
    """Rules text/bidi-override and text/zero-width: a warning for characters that
    reorder or hide what a reader sees, in every text value of every record."""
    for record in corpus:
        raw = corpus.origins[(record.kind, record.id)]
        if not raw.may_hide_text:
            continue
        for loc, text in _texts(raw.data, ()):
            for char in sorted(set(text) & BIDI_OVERRIDES.keys()):
                yield warning(
                    raw.position(loc),
                    f"U+{ord(char):04X} {BIDI_OVERRIDES[char]} shows the text in another "
                    "order than it is stored; remove it (use U+200E/U+200F marks or "
                    "isolates for right-to-left text)",
                    "text/bidi-override",
                )
            for char in sorted(set(text) & ZERO_WIDTH.keys()):
                yield warning(
                    raw.position(loc),
                    f"U+{ord(char):04X} {ZERO_WIDTH[char]} is invisible: the text differs "
                    "from what a reader sees; remove it",
                    "text/zero-width",
                )


def _texts(value: Any, loc: Path_) -> Iterator[tuple[Path_, str]]:
    if isinstance(value, str):
        yield loc, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))
