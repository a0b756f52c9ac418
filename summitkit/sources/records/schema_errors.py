"""Schema errors → diagnostics: pydantic's errors, placed and worded for the person
who wrote the YAML.

pydantic reports one error per failed check, in its own terms: union members
(`established: int | date`) each fail separately, nested models are named by
class, and locations mention union members and dictionary keys. This module
turns them into one diagnostic per problem, at the line and column of the value
(or key) at fault, with what to write instead.
"""

from __future__ import annotations

import difflib
import re
import typing
from typing import Any

from pydantic import BaseModel
from pydantic_core import ErrorDetails

from summitkit.sources.core.diagnostics import Diagnostic, error
from summitkit.sources.records.raw import Path_, RawRecord, describe
from summitkit.sources.schema import SLUG_PATTERN, TLP

#: Error types that say "this value has the wrong shape" → what was expected.
_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping (key: value lines)",
    "model_type": "a mapping (key: value lines)",
    "model_attributes_type": "a mapping (key: value lines)",
}
_DATE = "a date (YYYY-MM-DD)"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

#: What a pattern means, for the patterns the schema uses.
_PATTERNS = {
    SLUG_PATTERN: "is not a valid id: use lowercase letters, digits and hyphens",
    r"^[A-Z]{3}$": "is not an ISO 3166-1 alpha-3 code: write three capital letters (JPN)",
    r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$": "is not a language tag: write a BCP 47 tag "
    "such as en, fr or zh-Hans",
}

#: Rule ids (schema/...) for pydantic error types whose own names read poorly.
_RULES = {
    "string_pattern_mismatch": "pattern",
    "string_too_short": "empty",
    "too_short": "too-few",
    "greater_than_equal": "too-small",
}

#: Labels of TLP 1.0 that TLP 2.0 renamed.
_RENAMED = {"TLP:WHITE": TLP.CLEAR.value}


def schema_diagnostics(
    raw: RawRecord, model: type[BaseModel], errors: list[ErrorDetails]
) -> list[Diagnostic]:
    """One diagnostic per problem in `errors` (pydantic's, for `raw.data`)."""
    found = [(_data_loc(raw.data, e), e) for e in errors]
    # A type error at a value whose members have errors of their own comes from
    # another member of a union (Translation | text): the value's shape chose the member.
    found = [(loc, e) for loc, e in found if not (_is_type_error(e) and _has_inner(loc, found))]
    suggested = _suggestions(raw, model, found)
    diagnostics: list[Diagnostic] = []
    grouped: dict[Path_, list[ErrorDetails]] = {}
    for loc, e in found:
        if _is_type_error(e):
            grouped.setdefault(loc, []).append(e)
        elif e["type"] == "missing" and loc in suggested.values():
            continue  # an unknown field nearby is this one misspelt: say that instead
        else:
            diagnostics.append(_diagnostic(raw, model, loc, e, suggested))
    for loc, group in grouped.items():
        diagnostics.append(_type_diagnostic(raw, loc, group))
    return diagnostics


def _has_inner(loc: Path_, found: list[tuple[Path_, ErrorDetails]]) -> bool:
    return any(len(other) > len(loc) and other[: len(loc)] == loc for other, _ in found)


def _is_type_error(e: ErrorDetails) -> bool:
    return e["type"] in _EXPECTED or e["type"].startswith("date")


def _where(data: Any, loc: Path_) -> str:
    """The field at fault as a drafter reads it (`clauses[op3] (paragraph 2).text: `)."""
    return f"{field_path(data, loc)}: " if loc else ""


def _type_diagnostic(raw: RawRecord, loc: Path_, group: list[ErrorDetails]) -> Diagnostic:
    """One message for a value of the wrong type, whatever the members of its union."""
    value = group[0].get("input")
    dates = [e for e in group if e["type"].startswith("date")]
    rule = "schema/type"
    if dates and isinstance(value, str) and _ISO_DATE.match(value):
        message = f"'{value}' is not a date that exists"
        rule = "schema/date"
    else:
        expected = list(dict.fromkeys(_DATE if e in dates else _EXPECTED[e["type"]] for e in group))
        message = f"expected {' or '.join(expected)}, found {describe(value)}"
        if isinstance(value, bool | int | float) and "text" in expected:
            message += "; put the value in quotes to keep it as text"
        elif isinstance(value, list) and "text" in expected and "a list" not in expected:
            message += _bracket_hint(loc, value)
    if len(dates) == len(group):
        rule = "schema/date"
    return error(raw.position(loc), f"{_where(raw.data, loc)}{message}", rule)


def _bracket_hint(loc: Path_, value: list[Any]) -> str:
    """`text: [The participating states …]` is a list in YAML; say how to write it as text."""
    hint = "; square brackets make a YAML list: put a text that begins with '[' in quotes"
    if not all(isinstance(item, str | int | float) for item in value):
        return hint
    written = "[" + ", ".join(map(str, value)) + "]"
    written = written if len(written) <= 60 else written[:57].rstrip() + " …"
    key = loc[-1] if loc and isinstance(loc[-1], str) else "text"
    return f'{hint} ({key}: "{written}")'


def _diagnostic(
    raw: RawRecord,
    model: type[BaseModel],
    loc: Path_,
    e: ErrorDetails,
    suggested: dict[Path_, Path_],
) -> Diagnostic:
    kind = e["type"]
    ctx = e.get("ctx", {})
    value = e.get("input")
    where = _where(raw.data, loc)
    if kind == "extra_forbidden":
        field = str(loc[-1])
        if loc in suggested:
            hint = f"; did you mean '{suggested[loc][-1]}'?"
        else:
            allowed = allowed_fields(model, loc[:-1])
            hint = f"; known fields: {', '.join(allowed)}" if allowed else ""
        return error(
            raw.position(loc, key=True), f"unknown field '{field}'{hint}", "schema/unknown-field"
        )
    if kind == "missing":
        field = str(loc[-1]) if loc else raw.kind
        return error(
            raw.position(loc[:-1]), f"required field '{field}' is missing", "schema/missing"
        )
    if kind == "string_pattern_mismatch":
        pattern = ctx.get("pattern", "")
        message = f"'{value}' {_PATTERNS.get(pattern, f'does not match {pattern}')}"
        slug = re.sub(r"[^a-z0-9]+", "-", str(value).lower()).strip("-")
        if pattern == SLUG_PATTERN and slug:
            message += f" ('{slug}')"
    elif kind == "enum":
        message = f"'{value}' is not one of: {ctx.get('expected', '')}{_enum_hint(value, e)}"
    elif kind == "string_too_short":
        message = "may not be empty"
    elif kind == "string_too_long":
        limit = ctx.get("max_length", 0)
        message = f"is {len(str(value)):,} characters long, over the limit of {limit:,}; split it"
    elif kind == "too_short":
        message = f"needs at least {ctx.get('min_length')} item(s)"
    elif kind == "greater_than_equal":
        message = f"must be {ctx.get('ge')} or more, found {value}"
    else:
        message = e["msg"].removeprefix("Value error, ")
    key = "[key]" in e["loc"]  # a dictionary key (a language tag, a field name) is at fault
    return error(
        raw.position(loc, key=key),
        f"{where}{message}",
        f"schema/{_RULES.get(kind, kind.replace('_', '-'))}",
    )


def _enum_hint(value: Any, e: ErrorDetails) -> str:
    if not isinstance(value, str):
        return ""
    if value.upper() in _RENAMED:
        return f"; TLP 2.0 renamed {value.upper()} to {_RENAMED[value.upper()]}"
    choices = re.findall(r"'([^']*)'", e.get("ctx", {}).get("expected", ""))
    folded = {choice.casefold(): choice for choice in choices}
    guess = difflib.get_close_matches(value.casefold(), list(folded), n=1)
    return f"; did you mean '{folded[guess[0]]}'?" if guess else ""


def _suggestions(
    raw: RawRecord, model: type[BaseModel], found: list[tuple[Path_, ErrorDetails]]
) -> dict[Path_, Path_]:
    """Unknown field → the missing (or else known) field it most likely misspells."""
    missing = {loc for loc, e in found if e["type"] == "missing"}
    suggested: dict[Path_, Path_] = {}
    for loc, e in found:
        if e["type"] != "extra_forbidden":
            continue
        parent = loc[:-1]
        absent = [str(m[-1]) for m in missing if m[:-1] == parent]
        for candidates in (absent, allowed_fields(model, parent)):
            guess = difflib.get_close_matches(str(loc[-1]), candidates, n=1)
            if guess:
                suggested[loc] = (*parent, guess[0])
                break
    return suggested


def _data_loc(data: Any, e: ErrorDetails) -> Path_:
    """Keep the parts of a pydantic error location that index into the data
    (pydantic adds union members, validator names and `[key]`)."""
    kept: list[str | int] = []
    node = data
    parts = e["loc"]
    for index, part in enumerate(parts):
        inside_dict = isinstance(node, dict) and part in node
        inside_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if inside_dict or inside_list:
            node = node[part]
            kept.append(part)
        elif (
            index == len(parts) - 1
            and isinstance(node, dict)
            and e["type"] in ("missing", "extra_forbidden")
        ):
            kept.append(part)  # a missing or unknown key
    return tuple(kept)


def allowed_fields(model: type[BaseModel], loc: Path_) -> list[str]:
    """Field names of the (nested) model at `loc` in a record of `model`."""
    current: Any = model
    dict_key_next = False
    for part in loc:
        if isinstance(part, int) or dict_key_next:
            dict_key_next = False
            continue  # a list index or a dictionary key: the model stays the same
        info = current.model_fields.get(part) if _is_model(current) else None
        if info is None:
            return []
        dict_key_next = _is_dict(info.annotation)
        current = inner_model(info.annotation)
    return list(current.model_fields) if _is_model(current) else []


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _is_dict(annotation: Any) -> bool:
    if typing.get_origin(annotation) is dict:
        return True
    return any(_is_dict(arg) for arg in typing.get_args(annotation))


def inner_model(annotation: Any) -> Any:
    """The model inside an annotation (list[Clause], Translation | str), or None."""
    if _is_model(annotation):
        return annotation
    for arg in typing.get_args(annotation):
        found = inner_model(arg)
        if found is not None:
            return found
    return None


def field_path(data: Any, loc: Path_) -> str:
    """A location as a drafter reads it: list items by id where they have one, clauses
    with their printed number too, other items counted from 1.

    `clauses[op3] (paragraph 2).text`, `action_items[train].due`, `participants (item 3)`.
    """
    text = ""
    node = data
    for index, part in enumerate(loc):
        if isinstance(part, int) and isinstance(node, list):
            item = node[part] if 0 <= part < len(node) else None
            ident = item.get("id") if isinstance(item, dict) else None
            if isinstance(ident, str) and ident:
                text += f"[{ident}]"
                if index > 0 and loc[index - 1] == "clauses":
                    text += f" ({_printed_number(node, part)})"
            else:
                text += f" (item {part + 1})"
            node = item
        else:
            text += f".{part}" if text else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return text


def _printed_number(clauses: list[Any], index: int) -> str:
    """How the deliverable numbers a clause: operative paragraphs 1, 2, … in order."""

    def kind(item: Any) -> Any:
        return item.get("kind", "operative") if isinstance(item, dict) else "operative"

    own = kind(clauses[index])
    if own == "heading":
        return "a heading"
    same = sum(1 for item in clauses[: index + 1] if kind(item) == own)
    return f"paragraph {same}" if own == "operative" else f"preambular paragraph {same}"
