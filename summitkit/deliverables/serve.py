"""`summit serve`: rebuild the HTML site on save and reload the browser.

A small polling watcher (no extra dependency) rebuilds through the same
`summitkit.deliverables.build.build` as `summit build`; the server, bound to 127.0.0.1,
adds a tiny script to each page that reloads it when a new build lands.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from summitkit.deliverables.build import BuildFailed, audience_folder, build
from summitkit.sources.schema import TLP

RELOAD_PATH = "/__summit_build"
_RELOAD_SCRIPT = (
    "<script>(function(){{var seen={generation};setInterval(function(){{"
    "fetch('{path}').then(function(r){{return r.text()}}).then(function(t){{"
    "if(+t!==seen){{location.reload()}}}}).catch(function(){{}})}},1000)}})()</script>"
)


def watched_files(root: Path) -> Iterator[Path]:
    for folder in ("content", "gifts", "templates"):
        for path in (root / folder).rglob("*"):
            if path.is_file() and "generated" not in path.relative_to(root).parts:
                yield path
    if (root / "conf.py").is_file():
        yield root / "conf.py"


def snapshot(root: Path) -> dict[Path, int]:
    return {path: path.stat().st_mtime_ns for path in watched_files(root)}


class State:
    """The number of the last good build, which pages poll."""

    def __init__(self) -> None:
        self.generation = 0


class Handler(http.server.SimpleHTTPRequestHandler):
    state: State

    def do_GET(self) -> None:
        if self.path == RELOAD_PATH:
            body = str(self.state.generation).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            script = _RELOAD_SCRIPT.format(generation=self.state.generation, path=RELOAD_PATH)
            body = path.read_bytes().replace(b"</body>", script.encode() + b"</body>", 1)
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(
    root: Path,
    port: int,
    audience: TLP,
    echo: Callable[[str], None],
    interval: float = 0.5,
    stop: threading.Event | None = None,
) -> None:
    """Build once, serve on 127.0.0.1:port, rebuild whenever a watched file changes."""
    state = State()
    site = root / "build" / audience_folder(audience) / "html"

    def rebuild() -> None:
        try:
            build(root, ("html",), audience=audience)
        except BuildFailed as exc:
            echo(f"build failed: {exc}")
            for diagnostic in exc.diagnostics:
                echo(str(diagnostic))
            return
        state.generation += 1
        echo(f"rebuilt ({state.generation})")

    rebuild()
    site.mkdir(parents=True, exist_ok=True)
    handler = type("BoundHandler", (Handler,), {"state": state})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", port), functools.partial(handler, directory=str(site))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    echo(f"serving http://127.0.0.1:{server.server_address[1]}/ (Ctrl-C to stop)")
    stop = stop or threading.Event()
    seen = snapshot(root)
    try:
        while not stop.wait(interval):
            now = snapshot(root)
            if now != seen:
                seen = now
                rebuild()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        server.server_close()
