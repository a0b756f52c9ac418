"""`summit serve`: a live preview on loopback that rebuilds on save."""

from __future__ import annotations

import io
import re
import shutil
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from pypdf import PdfReader

from summitkit.deliverables.serve import RELOAD_PATH, serve
from summitkit.sources.core.request import Request

MINI = Path(__file__).parent / "data" / "mini"


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode("utf-8"))


@contextmanager
def served(root: Path, wait: float) -> Iterator[tuple[str, list[str]]]:
    """`summit serve` on a free loopback port in a thread: its base URL and the lines
    it prints; stopped on leaving."""
    lines: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(
        target=serve,
        args=(Request(root), lines.append),
        kwargs={"port": 0, "interval": 0.1, "stop": stop},
        daemon=True,
    )
    thread.start()
    try:
        deadline = time.monotonic() + wait
        while not any(line.startswith("serving") for line in lines):
            assert time.monotonic() < deadline, lines
            time.sleep(0.1)
        yield next(line for line in lines if line.startswith("serving")).split()[1], lines
    finally:
        stop.set()
        thread.join(timeout=10)


def test_serve_rebuilds_on_save_and_tells_pages_to_reload(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    deadline = time.monotonic() + 60
    with served(root, 60) as (base, lines):
        assert base.startswith("http://127.0.0.1:")
        html = fetch(base + "generated/statements/mini-2014.html")
        assert "Share course material and trainers." in html
        assert RELOAD_PATH in html  # the reload script is added when serving
        assert fetch(base.rstrip("/") + RELOAD_PATH) == "1"
        assert fetch(base.replace("127.0.0.1", "localhost") + "index.html")
        port = base.rstrip("/").rsplit(":", 1)[1]
        for host in ("evil.example", f"evil.example:{port}", "127.0.0.1", "127.0.0.1:1"):
            request = urllib.request.Request(base + "index.html", headers={"Host": host})
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(request, timeout=5)
            assert refused.value.code == 421, host

        path = root / "content" / "statements" / "mini-2014.yaml"
        path.write_text(path.read_text().replace("and trainers", "and instructors"))
        while fetch(base.rstrip("/") + RELOAD_PATH) != "2":
            assert time.monotonic() < deadline, lines
            time.sleep(0.1)
        assert "and instructors" in fetch(base + "generated/statements/mini-2014.html")
    # The reload script exists only in what is served, never in the built files.
    built = root / "build" / "clear" / "html" / "generated" / "statements" / "mini-2014.html"
    assert RELOAD_PATH not in built.read_text()


def test_serve_prints_what_the_download_bar_links_to(tmp_path: Path) -> None:
    """The PDF and DOCX links of a served page lead to files, printed when first asked
    for and again after a rebuild; a name no deliverable has is a 404."""
    root = tmp_path / "repo"
    shutil.copytree(MINI, root)
    deadline = time.monotonic() + 120
    with served(root, 120) as (base, lines):
        page = base + "generated/statements/mini-2014.html"
        links = re.findall(r'<a href="([^"]+)" type="([^"]+)" download>', fetch(page))
        assert [urllib.parse.urljoin(page, href).removeprefix(base) for href, _ in links] == [
            "pdf/mini-2014.pdf", "docx/mini-2014.docx",
        ]  # fmt: skip
        for href, media_type in links:
            with urllib.request.urlopen(urllib.parse.urljoin(page, href), timeout=120) as got:
                assert got.headers["Content-Type"] == media_type
                data = got.read()
            assert data.startswith(b"%PDF-" if href.endswith(".pdf") else b"PK\x03\x04")
        assert PdfReader(io.BytesIO(fetch_bytes(base + "pdf/mini-2014.pdf"))).pages
        printed = [line for line in lines if line.startswith("printed")]
        assert len(printed) == 2  # one print per format; the third request was served as is

        path = root / "content" / "statements" / "mini-2014.yaml"
        path.write_text(path.read_text().replace("and trainers", "and instructors"))
        while fetch(base.rstrip("/") + RELOAD_PATH) != "2":
            assert time.monotonic() < deadline, lines
            time.sleep(0.1)
        text = PdfReader(io.BytesIO(fetch_bytes(base + "pdf/mini-2014.pdf"))).pages[0]
        assert "and instructors" in text.extract_text()

        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "pdf/no-such-document.pdf", timeout=10)
        assert missing.value.code == 404


def fetch_bytes(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=120) as response:
        return bytes(response.read())
