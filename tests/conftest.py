"""Shared helpers: a minimal valid drafting repository, and running `summit` as a user would."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

# The suite starts many Python processes (two workers, and `summit`, Sphinx and
# faultkit run as a user would): with PYTHONDONTWRITEBYTECODE set, as some CI
# images do, each would compile summitkit's modules and the test modules anew
# (a worker's collection alone: 4.6 CPU-s, 1.8 with bytecode). Python's default
# is to keep the bytecode, in __pycache__ folders that git ignores.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
sys.dont_write_bytecode = False


def _ram_disk(folder: str = "/dev/shm", room: int = 4 << 30) -> str | None:
    """`folder` when it is a writable RAM disk with `room` bytes free, else None."""
    try:
        found = os.statvfs(folder)
    except OSError:
        return None
    free = found.f_bavail * found.f_frsize
    return folder if free >= room and os.access(folder, os.W_OK) else None


# Every test writes its repositories and builds under the temporary folder, and
# summitkit makes each write durable (fsync of the file and of its folder): on a
# disk that is several milliseconds of waiting per file, seconds per test file,
# for a durability these tests do not test (test_faults mounts its own tmpfs for the
# write errors). Where the machine has a RAM disk with room, the temporary folders
# (pytest's, and those of every process the tests start) go there.
if "TMPDIR" not in os.environ and (ram := _ram_disk()):
    os.environ["TMPDIR"] = ram
    tempfile.tempdir = None  # read again from TMPDIR

import pytest  # noqa: E402
from click.testing import CliRunner, Result  # noqa: E402

from summitkit.cli import main  # noqa: E402

#: What a copy of a repository leaves out: outputs, git, environments, bytecode and
#: the tests, so that only the corpus and its settings are copied.
NOT_COPIED = shutil.ignore_patterns(
    "build",
    "generated",
    ".summit-cache",
    ".git",
    ".venv",
    ".axe",
    "tests",
    "*.egg-info",
    "__pycache__",
)


def copy_repo(source: Path, target: Path) -> Path:
    """A copy of the repository at `source` (its corpus and settings) at `target`."""
    shutil.copytree(source, target, ignore=NOT_COPIED)
    return target


#: The smallest repository every kind of record can refer into: one source, two
#: states, one summit round, one category. `summit check` passes on it.
MINIMAL_RECORDS = {
    "content/sources/fact-sheet.yaml": "id: fact-sheet\ntitle: Seoul summit fact sheet\n",
    "content/states/jpn.yaml": "id: jpn\niso3: JPN\nname: Japan\nshort_name: Japan\n",
    "content/states/kor.yaml": (
        "id: kor\niso3: KOR\nname: Republic of Korea\nshort_name: Korea, Republic of\n"
    ),
    "content/summits/seoul-2012.yaml": (
        "id: seoul-2012\n"
        "title: Seoul Nuclear Security Summit\n"
        "city: Seoul\n"
        "start: 2012-03-26\n"
        "end: 2012-03-27\n"
        "host: kor\n"
        "participants: [jpn, kor]\n"
        "sources: [fact-sheet]\n"
    ),
    "content/categories/coe.yaml": "id: coe\ntitle: Centres of excellence and training\n",
}


def write_minimal_repo(root: Path, extra: dict[str, str] | None = None) -> Path:
    """Write MINIMAL_RECORDS (plus `extra`, relative path → text) under `root`."""
    for relative, text in {**MINIMAL_RECORDS, **(extra or {})}.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def minimal_repo(tmp_path: Path) -> Path:
    """A minimal valid drafting repository in a fresh folder."""
    return write_minimal_repo(tmp_path / "repo")


def summit(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """Run `summit ARGS` through click's test runner (stdout and stderr kept apart)."""
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="summit", env=env)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with slow tests first, each file's tests together and in their order.

    The suite runs on every core, a file at a time per worker (`--dist loadfile`,
    with xdist's own reordering by test count turned off): a long file started last
    would leave the other cores idle while it runs, so the long ones start first."""
    slow_files = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow_files)
