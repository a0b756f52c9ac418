"""Headless Chromium for the tests, driven over the DevTools protocol on a pipe.

`--remote-debugging-pipe` makes Chromium read commands from file descriptor 3
and write answers to 4, each message JSON ended by a NUL byte, so the standard
library is all the client needs. The tests use it to run axe-core in a page
(`axe_violations`) and to measure a page at a phone's width (`page_width`).

axe-core is the npm package, installed by `sh tools/setup.sh --test` into
`.axe/node_modules/axe-core/` (or named by `SUMMITKIT_AXE`); Chromium is
Debian's `chromium`.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
AXE = Path(os.environ.get("SUMMITKIT_AXE", ROOT / ".axe/node_modules/axe-core/axe.min.js"))

#: No first-run dialogs, no network of its own, no GPU; --no-sandbox because CI runs as root.
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--remote-debugging-pipe",
)


def chromium_or_skip() -> str:
    """Chromium's path; the test fails in CI (where setup.sh installs it) and skips elsewhere."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        missing("headless Chromium (Debian: chromium)")
    return str(found)


def axe_or_skip() -> Path:
    if not AXE.is_file():
        missing("axe-core (sh tools/setup.sh --test installs it into .axe/)")
    return AXE


def missing(what: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing, and CI must run this test")
    pytest.skip(f"{what} is not installed")


class Browser:
    """One Chromium process and one tab in it."""

    def __init__(self, process: subprocess.Popen[bytes], commands: Any, answers: Any) -> None:
        self.process = process
        self.commands = commands
        self.answers = answers
        self.buffer = b""
        self.next_id = 0
        self.session = ""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.call("Target.attachToTarget", targetId=target, flatten=True)[
            "sessionId"
        ]
        self.call("Page.enable")

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        """Send one command and wait for its answer (events in between are dropped)."""
        self.next_id += 1
        message: dict[str, Any] = {"id": self.next_id, "method": method, "params": params}
        if self.session:
            message["sessionId"] = self.session
        self.commands.write(json.dumps(message).encode() + b"\0")
        self.commands.flush()
        while True:
            answer = self.read()
            if answer.get("id") == self.next_id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer.get("result", {})  # type: ignore[no-any-return]

    def read(self) -> dict[str, Any]:
        while b"\0" not in self.buffer:
            chunk = self.answers.read1(65536)
            if not chunk:
                raise RuntimeError("Chromium closed the pipe")
            self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        return json.loads(message)  # type: ignore[no-any-return]

    def open(self, page: Path, width: int = 1280, height: int = 900) -> None:
        """Load a file at a window size, and wait until it has loaded."""
        self.call(
            "Emulation.setDeviceMetricsOverride",
            width=width,
            height=height,
            deviceScaleFactor=1,
            mobile=width < 600,
        )
        self.call("Page.navigate", url=page.resolve().as_uri())
        self.evaluate(
            "new Promise(done => document.readyState === 'complete' ? done() :"
            " addEventListener('load', () => done()))"
        )

    def evaluate(self, expression: str) -> Any:
        result = self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression[:60]}: {result['exceptionDetails']}")
        return result["result"].get("value")


@contextmanager
def browser() -> Iterator[Browser]:
    """A fresh headless Chromium with its own profile folder, closed afterwards."""
    executable = chromium_or_skip()
    with tempfile.TemporaryDirectory(prefix="summitkit-chromium-") as profile:
        to_browser_r, to_browser_w = high_pipe()
        from_browser_r, from_browser_w = high_pipe()

        def on_fds_3_and_4() -> None:
            # Chromium reads its commands on fd 3 and writes its answers to fd 4;
            # dup2 leaves the copies inheritable, so they survive the exec.
            os.dup2(to_browser_r, 3)
            os.dup2(from_browser_w, 4)

        process = subprocess.Popen(
            [executable, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=False,
            preexec_fn=on_fds_3_and_4,
        )
        os.close(to_browser_r)
        os.close(from_browser_w)
        commands = os.fdopen(to_browser_w, "wb")
        answers = os.fdopen(from_browser_r, "rb")
        try:
            yield Browser(process, commands, answers)
        finally:
            commands.close()
            answers.close()
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def high_pipe() -> tuple[int, int]:
    """A pipe whose two ends are above fd 9 and close on exec, so that moving them to
    3 and 4 in the child cannot overwrite one with the other."""
    ends = []
    for end in os.pipe():
        ends.append(fcntl.fcntl(end, fcntl.F_DUPFD_CLOEXEC, 10))
        os.close(end)
    return ends[0], ends[1]


def axe_violations(tab: Browser, page: Path) -> list[str]:
    """axe-core's violations on `page` (every impact), one line each: rule, impact, where."""
    tab.open(page)
    tab.evaluate(axe_or_skip().read_text(encoding="utf-8"))
    found = tab.evaluate(
        "axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v =>"
        " `${v.id} (${v.impact}): ${v.help} at`"
        " + v.nodes.map(n => ' ' + n.target.join(' ')).join(',')))"
    )
    return list(found)


def page_width(tab: Browser, page: Path, width: int) -> int:
    """How wide the document lays out, in CSS pixels, in a window `width` pixels wide."""
    tab.open(page, width=width, height=844)
    return int(tab.evaluate("document.documentElement.scrollWidth"))
