"""Repository settings: `summitkit.toml` at the repository root (optional).

    default_sensitivity = "TLP:GREEN"   # label of unmarked material (default TLP:CLEAR)

    [word_authors]                      # Word author names → delegations, for
    "Ben Sherpa" = "jpn"                # `summit import docx` (state or organization ids)

A TOML file rather than conf.py, so that `summit check` and the exports never
execute code from the repository to learn a setting.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from summitkit.sources.diagnostics import Diagnostic, Position, error
from summitkit.sources.schema import TLP

FILENAME = "summitkit.toml"


@dataclass(frozen=True)
class Settings:
    default_sensitivity: TLP = TLP.CLEAR
    word_authors: dict[str, str] = field(default_factory=dict)
    """Who a Word author name stands for: a state or organization id, by name."""


def load_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    path = root / FILENAME
    if not path.is_file():
        return Settings(), []
    return parse_settings(path.read_bytes())


def parse_settings(raw: bytes) -> tuple[Settings, list[Diagnostic]]:
    """Settings from the bytes of a `summitkit.toml` (on disk or in a git revision)."""
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return Settings(), [error(Position(FILENAME), f"invalid TOML: {exc}", "settings/syntax")]
    problems = []
    for key in sorted(set(data) - {"default_sensitivity", "word_authors"}):
        problems.append(error(Position(FILENAME), f"unknown setting '{key}'", "settings/unknown"))
    label = data.get("default_sensitivity", TLP.CLEAR.value)
    try:
        default = TLP(label)
    except ValueError:
        known = ", ".join(t.value for t in TLP)
        problems.append(
            error(
                Position(FILENAME),
                f"default_sensitivity '{label}' is not one of: {known}",
                "settings/sensitivity",
            )
        )
        default = TLP.CLEAR
    authors = data.get("word_authors", {})
    if not isinstance(authors, dict) or not all(isinstance(v, str) for v in authors.values()):
        problems.append(
            error(
                Position(FILENAME),
                "word_authors is a table of Word author names and party ids, "
                'like "Ben Sherpa" = "jpn"',
                "settings/word-authors",
            )
        )
        authors = {}
    return Settings(default, dict(authors)), problems
