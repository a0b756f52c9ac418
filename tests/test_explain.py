"""`summit check --explain RULE`: every rule id a diagnostic can carry has an
explanation and an example fix in the rule book, and the book holds no rule the
code does not use.

The rule ids are read from the code itself: the rule argument of every `error(...)`
and `warning(...)` call (and the constants it may be passed through), the
`ref/unknown-KIND` ids the reference walker makes from the schema's references,
and the `schema/...` ids made from pydantic's error types.
"""

from __future__ import annotations

import ast
import re
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import summit

from summitkit.sources.core.layout import KIND_FOLDERS
from summitkit.sources.records.schema_errors import _RULES
from summitkit.sources.rules.rulebook import rulebook
from summitkit.sources.rules.validate import _rule_kind
from summitkit.sources.schema import KINDS
from summitkit.sources.schema.base import Ref

PACKAGE = Path(__file__).resolve().parents[1] / "summitkit"
DATA = Path(__file__).parent / "data"
RULE_ID = re.compile(r"^[a-z][a-z-]*/[a-z0-9][a-z0-9-]*$")
NOT_RULES = {*KIND_FOLDERS.values(), "text/plain", "content/generated"}  # folders, a MIME type
PYDANTIC_CONSTRAINTS = {"schema/enum", "schema/string-too-long", "schema/greater-than"}
"""pydantic's own error types that the schema's constraints raise (StrEnum fields,
max_length, gt=0) and that schema_errors names after the type."""


def _calls() -> Iterator[tuple[str, ast.expr]]:
    """(error | warning | report, rule argument) of every diagnostic made in the package."""
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and len(node.args) >= 3:
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                if name in ("error", "warning", "report"):
                    yield name, node.args[2]


def _constants() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.add(node.value)
    return found


def _custom_schema_errors() -> set[str]:
    found = set()
    for path in (PACKAGE / "sources" / "schema").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "PydanticCustomError":
                first = node.args[0]
                assert isinstance(first, ast.Constant)
                found.add(f"schema/{str(first.value).replace('_', '-')}")
    return found


def _refs(annotation: Any) -> Iterator[Ref]:
    for arg in typing.get_args(annotation):
        if isinstance(arg, Ref):
            yield arg
        else:
            yield from _refs(arg)
    metadata = getattr(annotation, "__metadata__", ())
    yield from (m for m in metadata if isinstance(m, Ref))


def _reference_rules() -> set[str]:
    seen: set[type] = set()
    found: set[str] = set()

    def visit(model: Any) -> None:
        if model in seen or not hasattr(model, "model_fields"):
            return
        seen.add(model)
        for info in model.model_fields.values():
            refs = [*_refs(info.annotation), *(m for m in info.metadata if isinstance(m, Ref))]
            found.update(f"ref/unknown-{_rule_kind(ref.kinds)}" for ref in refs)
            for inner in _models(info.annotation):
                visit(inner)

    for model in KINDS.values():
        visit(model)
    return found


def _models(annotation: Any) -> Iterator[Any]:
    if hasattr(annotation, "model_fields"):
        yield annotation
    for arg in typing.get_args(annotation):
        yield from _models(arg)


def rules_in_code() -> set[str]:
    literal = {a.value for _, a in _calls() if isinstance(a, ast.Constant)}
    families = {rule.partition("/")[0] for rule in literal}
    passed_on = {  # rule ids kept in a variable before the call
        value
        for value in _constants()
        if RULE_ID.match(value) and value.partition("/")[0] in families and value not in NOT_RULES
    }
    schema = {f"schema/{name}" for name in _RULES.values()} | PYDANTIC_CONSTRAINTS
    return literal | passed_on | schema | _custom_schema_errors() | _reference_rules()


def rules_in_cases() -> set[str]:
    found = set()
    for expected in DATA.glob("*/*/expected.txt"):
        found.update(re.findall(r"\[([a-z-]+/[a-z0-9-]+)\]$", expected.read_text(), re.M))
    return found


def test_every_rule_the_code_reports_is_in_the_rule_book() -> None:
    missing = sorted(rules_in_code() - set(rulebook()))
    assert missing == [], f"add an entry to summitkit/sources/rules/rules.toml for: {missing}"


def test_the_rule_book_holds_no_rule_the_code_does_not_report() -> None:
    stale = sorted(set(rulebook()) - rules_in_code())
    assert stale == [], f"no code reports these; remove them from rules.toml: {stale}"


def test_every_rule_of_the_invalid_and_hostile_cases_is_explained() -> None:
    cases = rules_in_cases()
    assert len(cases) > 40
    assert sorted(cases - set(rulebook())) == []


def test_a_rule_only_ever_reported_as_a_warning_is_a_warning_in_the_book() -> None:
    made: dict[str, set[str]] = {}
    for call, argument in _calls():
        if isinstance(argument, ast.Constant):
            made.setdefault(argument.value, set()).add(call)
    book = rulebook()
    for rule_id, calls in made.items():
        expected = "error" if calls == {"error"} else "warning"  # report(): error or warning
        assert book[rule_id].severity == expected, rule_id


@pytest.mark.parametrize("rule_id", sorted(rulebook()))
def test_explain_prints_the_meaning_and_an_example_fix(rule_id: str) -> None:
    rule = rulebook()[rule_id]
    assert rule.severity in ("error", "warning")
    assert len(rule.explanation.split()) >= 5, "say what the rule means"
    assert rule.example.strip(), "show a fix"
    result = summit("check", "--explain", rule_id)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{rule_id} ({rule.severity})"
    assert " ".join(rule.explanation.split()) in " ".join(result.stdout.split())
    assert "Example fix:" in lines
    example = lines[lines.index("Example fix:") + 1 :]
    assert example == [f"  {line}" for line in rule.example.strip("\n").splitlines()]


def test_explain_accepts_the_rule_as_printed_in_brackets() -> None:
    result = summit("check", "--explain", "[claim/conflict]")
    assert result.exit_code == 0
    assert result.stdout.startswith("claim/conflict (warning)\n")


def test_an_unknown_rule_is_a_usage_error_naming_close_rules() -> None:
    misspelt = summit("check", "--explain", "load/yaml-sintax")
    assert misspelt.exit_code == 2
    assert "unknown rule 'load/yaml-sintax'; did you mean load/yaml-syntax" in misspelt.stderr
    family = summit("check", "--explain", "release/zzz")
    assert family.exit_code == 2
    assert "release/open-clause" in family.stderr and "release/bracket" in family.stderr
    nothing = summit("check", "--explain", "zzz")
    assert nothing.exit_code == 2
    assert "see the docs' rule table" in nothing.stderr
    assert misspelt.stdout == family.stdout == nothing.stdout == ""
