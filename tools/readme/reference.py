"""Reference documentation generated from the code: the record kinds and the rules.

The docs site's directives (`docs/_ext/summitdocs.py`) parse this reST when the
site is built; the commands are documented by sphinx-click from the click objects.
"""

from __future__ import annotations

import re
import typing
from typing import Any

from pydantic import BaseModel

from summitkit.sources.core.layout import KIND_FOLDERS
from summitkit.sources.rules.rulebook import rulebook
from summitkit.sources.schema import KINDS, describe_fields


def escape(text: str) -> str:
    """Prose from a docstring, as reST that shows it as written (no markup, no links)."""
    flat = " ".join(text.split())
    return re.sub(r"([\\`*_|])", r"\\\1", flat)


def _type_name(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin in (list, tuple):
        return f"list of {_type_name(args[0])}" if args else "list"
    if origin is dict:
        return f"map of {_type_name(args[1])}" if len(args) == 2 else "map"
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        return " or ".join(_type_name(a) for a in args)
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return f":ref:`{annotation.__name__} <part-{annotation.__name__.lower()}>`"
        if hasattr(annotation, "__members__"):
            return " or ".join(f"``{m.value}``" for m in annotation)  # type: ignore[attr-defined]
        return {"str": "text", "int": "integer", "bool": "true/false", "date": "date"}.get(
            annotation.__name__, annotation.__name__
        )
    return escape(str(annotation))


def _fields_table(model: type[BaseModel]) -> list[str]:
    rows = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 20 25 10 45",
        "",
        "   * - field",
        "     - type",
        "     - required",
        "     - meaning",
    ]
    for name, info in model.model_fields.items():
        rows += [
            f"   * - ``{name}``",
            f"     - {_type_name(info.annotation)}",
            f"     - {'yes' if info.is_required() else ''}".rstrip(),
            f"     - {escape(info.description or '')}".rstrip(),
        ]
    return [*rows, ""]


def _nested_models(model: type[BaseModel]) -> list[type[BaseModel]]:
    found: list[type[BaseModel]] = []

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            if annotation not in found:
                found.append(annotation)
                for info in annotation.model_fields.values():
                    visit(info.annotation)
            return
        for arg in typing.get_args(annotation):
            visit(arg)

    for info in model.model_fields.values():
        visit(info.annotation)
    return found


def _heading(title: str, underline: str) -> list[str]:
    return [title, underline * len(title), ""]


def records_rst() -> str:
    """Every record kind: its folder, what it is, and a table of its fields; then the
    parts records share (a clause, a source note …)."""
    describe_fields()
    lines: list[str] = []
    shared: list[type[BaseModel]] = []
    for kind, model in KINDS.items():
        lines += [f".. _record-{kind}:", ""]
        lines += _heading(f"{kind} — {KIND_FOLDERS[kind]}/", "-")
        lines += [escape(model.__doc__ or ""), ""]
        lines += _fields_table(model)
        for nested in _nested_models(model):
            if nested not in shared:
                shared.append(nested)
    lines += _heading("Parts of records", "-")
    for nested in shared:
        lines += [f".. _part-{nested.__name__.lower()}:", ""]
        lines += _heading(nested.__name__, "~")
        lines += [escape(nested.__doc__ or ""), ""]
        lines += _fields_table(nested)
    return "\n".join(lines).rstrip() + "\n"


def rules_rst() -> str:
    """A table of every rule id: severity and the first sentence of its explanation."""
    rows = [
        ".. list-table::",
        "   :header-rows: 1",
        "   :widths: 30 10 60",
        "",
        "   * - rule",
        "     - severity",
        "     - meaning",
    ]
    for rule in rulebook().values():
        rows += [
            f"   * - ``{rule.id}``",
            f"     - {rule.severity}",
            f"     - {escape(rule.summary())}",
        ]
    return "\n".join(rows) + "\n"
