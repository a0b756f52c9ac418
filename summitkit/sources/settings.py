"""Repository settings: `summitkit.toml` at the repository root (optional).

    default_sensitivity = "TLP:GREEN"   # label of unmarked material (default TLP:CLEAR)

A TOML file rather than conf.py, so that `summit check` and the exports never
execute code from the repository to learn a setting.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from summitkit.sources.diagnostics import Diagnostic, Position, error
from summitkit.sources.schema import TLP

FILENAME = "summitkit.toml"


@dataclass(frozen=True)
class Settings:
    default_sensitivity: TLP = TLP.CLEAR


def load_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    path = root / FILENAME
    if not path.is_file():
        return Settings(), []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return Settings(), [error(Position(FILENAME), f"invalid TOML: {exc}", "settings/syntax")]
    problems = []
    for key in sorted(set(data) - {"default_sensitivity"}):
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
    return Settings(default), problems
