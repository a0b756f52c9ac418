"""Finding a drafting repository and running the load → validate stages on it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from summitkit.corpus import Corpus
from summitkit.diagnostics import Diagnostic, sort_diagnostics
from summitkit.loader import load_tree
from summitkit.settings import load_settings
from summitkit.validate import validate


class NotARepository(Exception):
    """Raised when no drafting repository is found."""


def find_root(start: Path) -> Path:
    """The drafting repository that holds `start`: the nearest folder with content/."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "content").is_dir():
            return folder
    raise NotARepository(
        f"no drafting repository at {start}: expected a folder with content/ "
        "(create one with 'summit init')"
    )


@dataclass
class Checked:
    corpus: Corpus
    diagnostics: list[Diagnostic]
    files: list[Path]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.is_error]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if not d.is_error]


def check(root: Path) -> Checked:
    """Load and validate a repository: the first two stages of every command."""
    settings, problems = load_settings(root)
    loaded = load_tree(root)
    corpus, diagnostics = validate(loaded, root)
    corpus.default_sensitivity = settings.default_sensitivity
    return Checked(corpus, sort_diagnostics([*problems, *diagnostics]), loaded.files)
