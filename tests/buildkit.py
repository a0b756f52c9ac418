"""Interrupt `summit build` at a chosen moment, the same way on an idle or a loaded machine.

The build stops itself (SIGSTOP) at the moment that SUMMITKIT_TEST_STOP_AT names
(`summitkit.deliverables.build.stop_for_test`): "writing-pages" once Sphinx starts
writing the pages, "staged" once the new site stands in the staging folder beside the
published one. The test waits until the kernel reports the build stopped (`waitpid`
with WUNTRACED: no polling for a folder), sends its signal, and lets it go on
(SIGCONT): the signal lands at that moment, and a build cannot finish first.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

STOP_AT = "SUMMITKIT_TEST_STOP_AT"
#: Seconds a build may take to reach its moment: generous, for a loaded machine.
TIMEOUT = 300


@contextlib.contextmanager
def build_stopped_at(moment: str, repo: Path, logs: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`summit build --format html` of `repo` in a child process, stopped at `moment`.

    Inside the block the build is stopped there; on leaving, it goes on and is
    waited for. Its output is in `logs` (build.stdout, build.stderr)."""
    logs.mkdir(parents=True, exist_ok=True)
    with (
        open(logs / "build.stdout", "wb") as stdout,
        open(logs / "build.stderr", "wb") as stderr,
        ctrl_c_delivered(),
    ):
        build = subprocess.Popen(
            [sys.executable, "-m", "summitkit", "build", str(repo), "--format", "html"],
            stdout=stdout,
            stderr=stderr,
            env={**os.environ, STOP_AT: moment},
        )
    try:
        wait_until_stopped(build, moment, logs / "build.stderr")
        yield build
        build.send_signal(signal.SIGCONT)  # nothing is sent to a build already gone
        build.wait(timeout=TIMEOUT)
    finally:
        if build.returncode is None:  # the test failed: leave no stopped process behind
            build.kill()
            build.wait()


@contextlib.contextmanager
def ctrl_c_delivered() -> Iterator[None]:
    """A child started inside acts on Ctrl-C as in a terminal, even when this process
    ignores SIGINT (as a background job of a script does, `cmd &`): a child inherits
    an ignored signal, and Python then installs no KeyboardInterrupt for it."""
    ignored = signal.getsignal(signal.SIGINT) == signal.SIG_IGN
    if ignored:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    try:
        yield
    finally:
        if ignored:
            signal.signal(signal.SIGINT, signal.SIG_IGN)


def wait_until_stopped(build: subprocess.Popen[bytes], moment: str, stderr: Path) -> None:
    """Return once `build` has stopped itself at `moment`; fail, saying why, when it
    ended before it or did not reach it within TIMEOUT seconds."""
    watchdog = threading.Timer(TIMEOUT, build.kill)
    watchdog.start()
    try:
        _, status = os.waitpid(build.pid, os.WUNTRACED)
    finally:
        watchdog.cancel()
    if os.WIFSTOPPED(status):
        return
    build.returncode = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    if build.returncode == -signal.SIGKILL:
        pytest.fail(f"the build did not reach {moment!r} within {TIMEOUT} s")
    said = stderr.read_text(encoding="utf-8", errors="replace")
    pytest.fail(f"the build ended ({build.returncode}) before {moment!r}:\n{said}")
