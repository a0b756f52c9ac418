"""`summit new`: a skeleton record that validates, with every field explained."""

from __future__ import annotations

import datetime as dt
import re
import textwrap
import typing
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo

from summitkit.drafting.layout.fmt import record_key_order
from summitkit.sources.check.project import check
from summitkit.sources.core.files import write_file
from summitkit.sources.core.layout import KIND_FOLDERS
from summitkit.sources.schema import KINDS, SLUG_PATTERN, Ref, describe_fields

#: The one clause a statement or basket skeleton shows, to be rewritten.
EXAMPLE_CLAUSE = [
    "clauses:",
    "  - id: op1",
    "    kind: operative",
    "    text: |",
    "      TODO: the first operative paragraph, one sentence per line.",
    "    status: open",
]


class SkeletonError(Exception):
    """Raised when a skeleton cannot be written."""


class BadOption(SkeletonError):
    """`--document` or `--by` names nothing, or the kind has no such field (a usage error)."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


#: Fields that say whose record it is and what it is about: never guessed (the first
#: document or party on file would check cleanly and be wrong), but given with
#: `--document` and `--by`, else left as placeholders that `summit check` warns about.
OWNERSHIP = ("document", "by")


def write_skeleton(
    root: Path,
    kind: str,
    record_id: str,
    document: str | None = None,
    by: str | None = None,
) -> Path:
    """Write the skeleton of a `kind` record; `document` and `by` fill those fields
    (a proposal's, a comment's, a position's) when given."""
    model = KINDS[kind]
    for name, value in (("document", document), ("by", by)):
        if value is not None and name not in model.model_fields:
            raise BadOption(name, f"a {kind} record has no '{name}' field; leave it out")
        if value is not None and not re.fullmatch(SLUG_PATTERN, value):
            raise BadOption(name, f"'{value}' is not a record id")
    if not re.fullmatch(SLUG_PATTERN, record_id):
        raise SkeletonError(
            f"'{record_id}' is not a valid id: use lowercase letters, digits and hyphens"
        )
    if kind == "state" and not re.fullmatch(r"[a-z]{3}", record_id):
        raise SkeletonError(
            f"'{record_id}' is not a state id: use the ISO 3166-1 alpha-3 code in lowercase (jpn)"
        )
    folder = root / KIND_FOLDERS[kind]
    target = folder / f"{record_id}.yaml"
    if target.exists():
        raise SkeletonError(f"{target.relative_to(root).as_posix()} exists already")
    corpus = check(root).corpus
    known = {k: sorted(corpus.records.get(k, {})) for k in KINDS}
    if document is not None:
        if document not in corpus.documents:
            raise BadOption("document", f"there is no statement or basket '{document}'")
        # a comment's clause: the first of the document it names, to be changed
        known["clause"] = [c.id for c in corpus.documents[document].clauses]
    if by is not None and not any(by in corpus.records.get(k, {}) for k in _PARTIES):
        raise BadOption("by", f"there is no state or organization '{by}'")
    given = {"document": document, "by": by}
    text = skeleton_text(kind, record_id, known, given)
    folder.mkdir(parents=True, exist_ok=True)
    write_file(target, text)
    return target


_PARTIES = ("state", "organization")


def skeleton_text(
    kind: str,
    record_id: str,
    known: dict[str, list[str]],
    given: dict[str, str | None] | None = None,
) -> str:
    describe_fields()
    model = KINDS[kind]
    lines = [
        f"# {'An' if kind[0] in 'aeiou' else 'A'} {kind} record. {_first_line(model.__doc__)}",
        "# Required fields are filled with placeholders; optional ones are commented out.",
        "# Check it with: summit check",
        "",
    ]
    # In the order `summit fmt` writes, so that a new record needs no reformatting.
    for name in (n for n in record_key_order(kind) if n in model.model_fields):
        info = model.model_fields[name]
        doc = info.description or ""
        choices = _choices(info.annotation)
        if choices:
            doc += f" One of: {', '.join(choices)}."
        for line in textwrap.wrap(doc.strip(), 76, break_on_hyphens=False):
            lines.append(f"# {line}")
        if name == "id":
            lines.append(f"id: {record_id}")
        elif name == "clauses":
            lines.extend(EXAMPLE_CLAUSE)
        elif name in _EXAMPLES:
            lines.extend(f"# {line}" for line in _EXAMPLES[name])
        elif name in OWNERSHIP and (given or {}).get(name):
            value = str((given or {})[name])
            lines.append(f"{name}: [{value}]" if _is_list(info) else f"{name}: {value}")
        elif name in OWNERSHIP and info.is_required():
            ref = _ref(info)
            value = f"todo-{ref.kinds[0] if ref else name}-id"  # warns until replaced
            lines.append(f"{name}: [{value}]" if _is_list(info) else f"{name}: {value}")
        elif info.is_required():
            value = _placeholder(name, info, known, record_id)
            lines.append(f"{name}:{value}" if value.startswith("\n") else f"{name}: {value}")
        else:
            lines.append(f"# {name}: {_example(info)}".rstrip())
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


#: Commented examples for optional fields whose shape a default cannot show.
_EXAMPLES = {
    "changes": [
        "changes:",
        "  - insert: {after: op2, id: op2bis, kind: operative, text: A new paragraph.}",
        "  - delete: op3",
        '  - replace: {clause: op1, old: "commit to making", new: "will work to make"}',
        "  - substitute: {clause: op4, text: Another wording of the whole paragraph.}",
    ],
}


def _choices(annotation: Any) -> list[str]:
    """The values of the enumeration in an annotation (TLP | None, list[PolicyRole])."""
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return [str(member.value) for member in annotation]
    for arg in typing.get_args(annotation):
        found = _choices(arg)
        if found:
            return found
    return []


def _is_list(info: FieldInfo) -> bool:
    return typing.get_origin(info.annotation) is list


def _first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc else ""


def _ref(info: FieldInfo) -> Ref | None:
    found = next((m for m in info.metadata if isinstance(m, Ref)), None)
    return found or _find(info.annotation)


def _find(annotation: Any) -> Ref | None:
    for arg in typing.get_args(annotation):
        if isinstance(arg, Ref):
            return arg
        inner = _find(arg)
        if inner:
            return inner
    return None


def _placeholder(name: str, info: FieldInfo, known: dict[str, list[str]], rid: str) -> str:
    ref = _ref(info)
    if ref is not None:
        ids = [i for kind in ref.kinds for i in known.get(kind, [])]
        # A slug, so that only content/placeholder speaks of it until it is replaced.
        value = ids[-1] if ids else f"todo-{ref.kinds[0]}-id"
        return f"[{value}]" if typing.get_origin(info.annotation) is list else value
    annotation = info.annotation
    choices = _choices(annotation)
    if choices:
        return choices[0]
    if annotation is dt.date:
        return dt.date.today().isoformat()
    if name == "iso3":
        return rid.upper()
    if name == "clause":
        # a slug, valid until --document names the document and so its first clause
        return (known.get("clause") or ["todo-clause-id"])[0]
    if name == "scope":
        return "\n  all: true"
    # A benchmark's required parts: its sources, a published weight, a scale of two levels.
    if name == "sources":
        ids = known.get("source", [])
        return f"[{ids[-1] if ids else 'todo-source-id'}]"
    if name == "weight":
        return "1"
    if name == "scale":
        return (
            "\n  version: 1\n  levels:"
            '\n    - id: none\n      title: None\n      definition: "TODO: definition"'
            '\n    - id: met\n      title: Met\n      definition: "TODO: definition"'
        )
    return f'"TODO: {name.replace("_", " ")}"'


def _example(info: FieldInfo) -> str:
    origin = typing.get_origin(info.annotation)
    default = info.get_default(call_default_factory=True)
    if origin is list:
        return f"[{', '.join(str(getattr(v, 'value', v)) for v in default or [])}]"
    if origin is dict:
        return "{}"
    if hasattr(default, "value"):
        return str(default.value)
    return (
        ""
        if default is None
        else str(default).lower()
        if isinstance(default, bool)
        else str(default)
    )
