"""Diagnostics: every problem the tool finds, with where it is and which rule it broke.

Stages collect diagnostics instead of raising, so that a user sees every problem
at once; only the command-line edge prints them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import StrEnum
from pathlib import Path

#: How diagnostics name a file git left unmerged, and what to do about it.
MERGE_CONFLICT = "unresolved merge conflict from git"
MERGE_HINT = "resolve it or run 'git mergetool'"

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Position:
    """A place in a source file; line and column count from 1. Line 0 stands for
    the file as a whole (a write that failed), printed as the path alone."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}" if self.line else self.path


@dataclass(frozen=True)
class Diagnostic:
    position: Position
    severity: Severity
    message: str
    rule: str

    def __str__(self) -> str:
        # One line per diagnostic, whatever a quoted value holds: a value with a line
        # break must not print as a second, forged diagnostic (nor colour a terminal).
        text = f"{self.position}: {self.severity.value}: {self.message} [{self.rule}]"
        return _CONTROL.sub(lambda m: repr(m[0])[1:-1], text)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


def error(position: Position, message: str, rule: str) -> Diagnostic:
    return Diagnostic(position, Severity.ERROR, message, rule)


def warning(position: Position, message: str, rule: str) -> Diagnostic:
    return Diagnostic(position, Severity.WARNING, message, rule)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda d: (d.position, d.rule, d.message))


def format_text(diagnostics: Iterable[Diagnostic]) -> str:
    return "".join(f"{d}\n" for d in diagnostics)


def format_github(diagnostics: Iterable[Diagnostic]) -> str:
    """GitHub Actions workflow commands, shown as annotations on a pull request."""
    lines = []
    for d in diagnostics:
        message = _github_escape(f"{d.message} [{d.rule}]")
        p = d.position
        where = f"file={_github_escape(p.path, True)},line={p.line},col={p.col}"
        lines.append(f"::{d.severity.value} {where}::{message}\n")
    return "".join(lines)


def _github_escape(text: str, property: bool = False) -> str:
    """Escape for a workflow command: its message, or (more strictly) a property value."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property else text


def format_json(diagnostics: Iterable[Diagnostic]) -> str:
    rows = []
    for d in diagnostics:
        row = asdict(d.position)
        row.update(severity=d.severity.value, message=d.message, rule=d.rule)
        rows.append(row)
    import json  # here: every command imports this module, few print JSON

    return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


FORMATTERS = {"text": format_text, "json": format_json, "github": format_github}


def display_path(path: Path, root: Path) -> str:
    """A path as the user should read it: relative to the repository when inside it."""
    # The folder is resolved, not the file: a symbolic link is shown where it is.
    try:
        return (path.parent.resolve() / path.name).relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()
