"""Interrupted builds: Ctrl-C in the middle of `summit build` leaves the last good
output as it was, and no half-made staging folder behind.

(A build killed with SIGKILL is tested in test_build.py.)
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import summit

MINI = Path(__file__).parent / "data" / "mini"


def snapshot(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def mtime(path: Path) -> int:
    return path.stat().st_mtime_ns if path.exists() else 0


def sphinx_is_writing(repo: Path) -> Callable[[], bool]:
    """True once Sphinx has re-read the edited statement: it is writing pages now."""
    doctree = repo / "build" / ".work" / "clear" / "doctrees" / "generated" / "statements"
    before = mtime(doctree / "mini-2014.doctree")
    return lambda: mtime(doctree / "mini-2014.doctree") != before


def staging_exists(repo: Path) -> Callable[[], bool]:
    """True once the new output is being put together next to the old one."""
    return (repo / "build" / ".clear.staging").exists


@pytest.mark.parametrize("moment", [sphinx_is_writing, staging_exists])
def test_ctrl_c_leaves_the_previous_output_intact(
    tmp_path: Path, moment: Callable[[Path], Callable[[], bool]]
) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(MINI, repo, ignore=shutil.ignore_patterns("build", "generated"))
    assert summit("build", repo, "--format", "html").exit_code == 0
    site = repo / "build" / "clear"
    before = snapshot(site)
    path = repo / "content" / "statements" / "mini-2014.yaml"
    path.write_text(path.read_text().replace("Share course material", "Pool course material"))
    reached = moment(repo)

    build = subprocess.Popen(
        [sys.executable, "-m", "summitkit", "build", str(repo), "--format", "html"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not reached() and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    os.kill(build.pid, signal.SIGINT)  # what Ctrl-C in a terminal sends
    _, stderr = build.communicate(timeout=60)

    assert build.returncode == 1, f"the build finished before Ctrl-C reached it:\n{stderr}"
    assert "Aborted!" in stderr
    assert "Traceback" not in stderr
    assert snapshot(site) == before
    assert not (repo / "build" / ".clear.staging").exists()
    # The next build publishes the edit and leaves no staging folder either.
    assert summit("build", repo, "--format", "html").exit_code == 0
    page = site / "html" / "generated" / "statements" / "mini-2014.html"
    assert "Pool course material" in page.read_text(encoding="utf-8")
    assert sorted(p.name for p in (repo / "build").iterdir()) == [
        ".cache",
        ".lock",
        ".work",
        "clear",
    ]
