"""`summit serve`: a live preview on loopback that rebuilds on save."""

from __future__ import annotations

import shutil
import threading
import time
import urllib.request
from pathlib import Path

from summitkit.deliverables.serve import RELOAD_PATH, serve
from summitkit.sources.schema import TLP

MINI = Path(__file__).parent / "data" / "mini"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


def test_serve_rebuilds_on_save_and_tells_pages_to_reload(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=serve, args=(root, 0, TLP.CLEAR, lines.append, 0.1, stop), daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while not any(line.startswith("serving") for line in lines):
            assert time.monotonic() < deadline, lines
            time.sleep(0.1)
        base = next(line for line in lines if line.startswith("serving")).split()[1]
        assert base.startswith("http://127.0.0.1:")
        html = fetch(base + "generated/statements/mini-2014.html")
        assert "Share course material and trainers." in html
        assert RELOAD_PATH in html  # the reload script is added when serving
        assert fetch(base.rstrip("/") + RELOAD_PATH) == "1"

        path = root / "content" / "statements" / "mini-2014.yaml"
        path.write_text(path.read_text().replace("and trainers", "and instructors"))
        while fetch(base.rstrip("/") + RELOAD_PATH) != "2":
            assert time.monotonic() < deadline, lines
            time.sleep(0.1)
        assert "and instructors" in fetch(base + "generated/statements/mini-2014.html")
    finally:
        stop.set()
        thread.join(timeout=10)
    # The reload script exists only in what is served, never in the built files.
    built = root / "build" / "clear" / "html" / "generated" / "statements" / "mini-2014.html"
    assert RELOAD_PATH not in built.read_text()
