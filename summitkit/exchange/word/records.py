"""The proposal files an import writes: YAML in the corpus's style, validated with the
repository as it is before a byte is written."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from summitkit.sources.core.diagnostics import Diagnostic, display_path, sort_diagnostics
from summitkit.sources.records.loader import load_file, load_tree
from summitkit.sources.rules.validate import validate

FOLDER = "content/proposals"
POSITIONS = "content/positions"


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar(
        "tag:yaml.org,2002:str", value, style="|" if "\n" in value else None
    )


_Dumper.add_representer(str, _represent_str)


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=10_000)


def validate_staged(root: Path, files: list[tuple[Path, str]]) -> list[Diagnostic]:
    """The diagnostics of the new files, validated with the repository as it is."""
    loaded = load_tree(root)
    shown = {display_path(path, root) for path, _ in files}
    with tempfile.TemporaryDirectory(prefix="summit-import-") as folder:
        for path, text in files:
            staged = Path(folder) / path.name
            staged.write_text(text, encoding="utf-8")
            kind = "position" if path.parent.name == "positions" else "proposal"
            raw, problems = load_file(staged, kind, display_path(path, root))
            if raw is not None:
                loaded.records.append(raw)
            loaded.diagnostics.extend(problems)
        _, diagnostics = validate(loaded, root)
    return sort_diagnostics(
        d for d in [*loaded.diagnostics, *diagnostics] if d.position.path in shown
    )
