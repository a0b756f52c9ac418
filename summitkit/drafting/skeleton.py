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

from summitkit.drafting.fmt import record_key_order
from summitkit.sources.check.project import check
from summitkit.sources.core.files import write_file
from summitkit.sources.core.layout import KIND_FOLDERS
from summitkit.sources.records.corpus import Corpus
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


def write_skeleton(root: Path, kind: str, record_id: str) -> Path:
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
    if kind == "proposal":
        known |= _taking_part(corpus, known)
    documents = [*known.get("statement", []), *known.get("basket", [])]
    if documents:  # a comment's clause: one of the document its skeleton names
        known["clause"] = [c.id for c in corpus.documents[documents[-1]].clauses]
    text = skeleton_text(kind, record_id, known)
    folder.mkdir(parents=True, exist_ok=True)
    write_file(target, text)
    return target


def _taking_part(corpus: Corpus, known: dict[str, list[str]]) -> dict[str, list[str]]:
    """The states and organizations that take part in the round of the document a
    proposal skeleton names (the last one, as for any reference), so that its
    proponent is one the check accepts."""
    documents = [*known.get("statement", []), *known.get("basket", [])]
    document = corpus.documents.get(documents[-1]) if documents else None
    summit = corpus.records.get("summit", {}).get(document.round) if document else None
    if summit is None:
        return {}
    parties = {*getattr(summit, "participants", []), *getattr(summit, "organizations", [])}
    return {k: [i for i in known.get(k, []) if i in parties] for k in ("state", "organization")}


def skeleton_text(kind: str, record_id: str, known: dict[str, list[str]]) -> str:
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
        return (known.get("clause") or ["TODO-clause-id"])[0]
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
