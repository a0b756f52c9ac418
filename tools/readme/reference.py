"""Reference documentation generated from the code: the record kinds and the commands.

`tools/refresh_docs.py` writes these into README.md between marker comments;
a test fails when the README and the code disagree.
"""

from __future__ import annotations

import inspect
import typing
from typing import Any

import click
from pydantic import BaseModel

from summitkit.sources.core.layout import KIND_FOLDERS
from summitkit.sources.rules.rulebook import rulebook
from summitkit.sources.schema import KINDS, describe_fields


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
            return annotation.__name__
        if hasattr(annotation, "__members__"):
            return " \\| ".join(f"`{m.value}`" for m in annotation)  # type: ignore[attr-defined]
        return {"str": "text", "int": "integer", "bool": "true/false", "date": "date"}.get(
            annotation.__name__, annotation.__name__
        )
    return str(annotation)


def _fields_table(model: type[BaseModel]) -> list[str]:
    rows = ["| field | type | required | meaning |", "| --- | --- | --- | --- |"]
    for name, info in model.model_fields.items():
        doc = " ".join((info.description or "").split()).replace("|", "\\|")
        required = "yes" if info.is_required() else ""
        rows.append(f"| `{name}` | {_type_name(info.annotation)} | {required} | {doc} |")
    return rows


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


def records_markdown() -> str:
    describe_fields()
    lines: list[str] = []
    shared: list[type[BaseModel]] = []
    for kind, model in KINDS.items():
        doc = " ".join((model.__doc__ or "").split())
        lines += [f"#### `{kind}` — `{KIND_FOLDERS[kind]}/`", "", doc, ""]
        lines += _fields_table(model)
        lines.append("")
        for nested in _nested_models(model):
            if nested not in shared:
                shared.append(nested)
    lines += ["#### Parts of records", ""]
    for nested in shared:
        doc = " ".join((nested.__doc__ or "").split())
        lines += [f"**{nested.__name__}**. {doc}", ""]
        lines += _fields_table(nested)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def commands_markdown(group: click.Group) -> str:
    lines: list[str] = []
    ctx = click.Context(group, info_name="summit")

    def visit(command: click.Command, path: list[str], parent: click.Context) -> None:
        sub = click.Context(command, info_name=path[-1], parent=parent)
        if isinstance(command, click.Group):
            for name in sorted(command.list_commands(sub)):
                child = command.get_command(sub, name)
                if child is not None and not child.hidden:
                    visit(child, [*path, name], sub)
            return
        usage = " ".join(command.collect_usage_pieces(sub))
        lines.append(f"#### `{' '.join(path)}`")
        lines.append("")
        lines.append("```")
        lines.append(f"{' '.join(path)} {usage}".rstrip())
        lines.append("```")
        lines.append("")
        for block in inspect.cleandoc(command.help or "").split("\n\n"):
            if block.startswith("\b"):
                lines.extend(["```", inspect.cleandoc(block.removeprefix("\b")), "```", ""])
            else:
                lines.extend([" ".join(block.split()), ""])
        options = [p for p in command.params if isinstance(p, click.Option)]
        if options:
            for option in options:
                record = option.get_help_record(sub)
                if record:
                    lines.append(f"- `{record[0]}`: {record[1]}")
            lines.append("")

    visit(group, ["summit"], ctx)
    return "\n".join(lines).rstrip() + "\n"


def rules_markdown() -> str:
    """A table of every rule id: severity and the first sentence of its explanation."""
    rows = ["| rule | severity | meaning |", "| --- | --- | --- |"]
    for rule in rulebook().values():
        meaning = " ".join(rule.summary().split()).replace("|", "\\|")
        rows.append(f"| `{rule.id}` | {rule.severity} | {meaning} |")
    return "\n".join(rows) + "\n"
