"""A file that `summit check` reads is a file the editing commands can edit: the
loader, `fmt`, `sign` and the merge driver parse with one YAML parser. Proved over
the shipped corpus and every hostile and invalid case, whatever parser is chosen."""

from __future__ import annotations

from pathlib import Path

import pytest

from summitkit.drafting.fmt import compose, format_text
from summitkit.drafting.yaml_comments import find_notes
from summitkit.sources.core.layout import FOLDERS
from summitkit.sources.records.loader import load_bytes

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data"


def record_files() -> list[tuple[Path, str]]:
    """Every record file of the shipped corpus and of the test cases, with its kind."""
    found = []
    for top in (ROOT, *sorted((DATA / "hostile").iterdir()), *sorted((DATA / "invalid").iterdir())):
        for folder, kind in FOLDERS.items():
            where = top / folder
            if where.is_dir() and not where.is_symlink():
                found += [(p, kind) for p in sorted(where.glob("*.yaml")) if p.is_file()]
    return found


FILES = record_files()


def test_the_cases_cover_hostile_and_invalid_files() -> None:
    tops = {p.relative_to(DATA).parts[0] for p, _ in FILES if p.is_relative_to(DATA)}
    assert tops == {"hostile", "invalid"}
    assert len(FILES) > 300


@pytest.mark.parametrize(
    "path, kind", FILES, ids=lambda v: str(v)[-60:] if isinstance(v, Path) else v
)
def test_what_check_reads_fmt_can_edit(path: Path, kind: str) -> None:
    raw = path.read_bytes()
    record, _ = load_bytes(raw, path, kind, path.name)
    if record is None:
        return  # check refuses the file: nothing to edit
    text = raw.decode("utf-8").removeprefix("\ufeff")
    root = compose(text)
    assert root is not None
    find_notes(text, root)
    format_text(text, kind)
