"""Interrupted builds: Ctrl-C in the middle of `summit build` leaves the last good
output as it was, and no half-made staging folder behind.

(A build killed with SIGKILL is tested in test_build.py.)
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest
from buildkit import build_stopped_at
from conftest import summit

MINI = Path(__file__).parent / "data" / "mini"


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize(
    "moment",
    [
        "writing-pages",  # Sphinx has read the edited statement and starts writing pages
        "staged",  # the new output is put together next to the old one
    ],
)
def test_ctrl_c_leaves_the_previous_output_intact(tmp_path: Path, moment: str) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(
        MINI, repo, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    assert summit("build", repo, "--format", "html").exit_code == 0
    site = repo / "build" / "clear"
    before = snapshot(site)
    path = repo / "content" / "statements" / "mini-2014.yaml"
    path.write_text(path.read_text().replace("Share course material", "Pool course material"))

    staging = repo / "build" / ".clear.staging"
    with build_stopped_at(moment, repo, tmp_path / "logs") as build:
        assert staging.is_dir() == (moment == "staged")
        build.send_signal(signal.SIGINT)  # what Ctrl-C in a terminal sends
    stderr = (tmp_path / "logs" / "build.stderr").read_text(encoding="utf-8")

    assert build.returncode == 1, stderr
    assert "Aborted!" in stderr
    assert "Traceback" not in stderr
    assert snapshot(site) == before
    assert not staging.exists()
    # The next build publishes the edit and leaves no staging folder either.
    assert summit("build", repo, "--format", "html").exit_code == 0
    page = site / "html" / "generated" / "statements" / "mini-2014.html"
    assert "Pool course material" in page.read_text(encoding="utf-8")
    assert sorted(p.name for p in (repo / "build").iterdir()) == [
        ".lock",
        "clear",
    ]
