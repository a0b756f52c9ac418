"""`summit serve`: rebuild the HTML site on save and reload the browser.

A small polling watcher (no extra dependency) rebuilds through the same
`summitkit.deliverables.build.build` as `summit build`; the server, bound to 127.0.0.1,
adds a tiny script to each page that reloads it when a new build lands.

Each page's download bar links to ``pdf/NAME.pdf`` and ``docx/NAME.docx`` beside the
site, as a build publishes them. Serve builds the HTML only, so it prints a file when
its link is followed (through the same build, for that deliverable alone, reusing the
print cache), once per build of the site.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from summitkit.deliverables.build import BuildFailed, audience_folder, build
from summitkit.deliverables.stages import page_deliverables
from summitkit.sources.audience.visible import for_audience
from summitkit.sources.check.project import check
from summitkit.sources.core.request import Request
from summitkit.sources.core.scales import TLP

RELOAD_PATH = "/__summit_build"
PRINTED = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
"""The formats of the download bar's links, with their media types."""
_PRINTED_PATH = re.compile(r"^/(?P<fmt>pdf|docx)/(?P<name>[a-z0-9][a-z0-9-]*)\.(?P=fmt)$")
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
    """The number of the last good build, which pages poll; one build at a time."""

    def __init__(self) -> None:
        self.generation = 0
        self.lock = threading.Lock()
        self.printed: dict[tuple[str, str], int] = {}
        """(format, deliverable id) → the generation of the site it was last printed from."""
        self.print: Callable[[str, str], Path | None] = lambda fmt, name: None


class Handler(http.server.SimpleHTTPRequestHandler):
    state: State

    def host_allowed(self) -> bool:
        """Only a Host of this loopback server itself: a page elsewhere cannot read the
        preview through a name that resolves to 127.0.0.1 (DNS rebinding)."""
        address = self.server.server_address
        port = address[1] if isinstance(address, tuple) else ""
        return self.headers.get("Host", "") in (f"127.0.0.1:{port}", f"localhost:{port}")

    def do_HEAD(self) -> None:
        if not self.host_allowed():
            self.send_error(421, "Misdirected Request")
            return
        super().do_HEAD()

    def do_GET(self) -> None:
        if not self.host_allowed():
            self.send_error(
                421, "Misdirected Request", "serve answers only 127.0.0.1 and localhost"
            )
            return
        if self.path == RELOAD_PATH:
            body = str(self.state.generation).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Cache-Control", "no-store")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        printed = _PRINTED_PATH.match(self.path.split("?", 1)[0])
        if printed:
            self.send_printed(printed["fmt"], printed["name"])
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

    def send_printed(self, fmt: str, name: str) -> None:
        try:
            path = self.state.print(fmt, name)
        except BuildFailed as exc:
            self.send_error(500, f"printing {name}.{fmt} failed: {exc}")
            return
        if path is None:
            self.send_error(404, f"no deliverable is printed as {name}.{fmt}")
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Type", PRINTED[fmt])
        self.send_header("Content-Disposition", f'attachment; filename="{name}.{fmt}"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class PortUnavailable(Exception):
    """The port cannot be listened on (another program uses it, or it is not allowed)."""

    def __init__(self, port: int, why: str) -> None:
        super().__init__(
            f"cannot serve on 127.0.0.1:{port}: {why}; the port is in use or not allowed "
            "(choose another with --port, or --port 0 for any free one)"
        )


def serve(
    request: Request,
    echo: Callable[[str], None],
    *,
    port: int = 8000,
    interval: float = 0.5,
    stop: threading.Event | None = None,
) -> None:
    """Build once, serve on 127.0.0.1:port, rebuild whenever a watched file changes.

    Each build reads the version again (`request.but(stamp=None)`): an edit since
    the last one makes the commit '+dirty' on the pages, as `summit build` would."""
    root, audience = request.root, request.audience
    state = State()
    output = root / "build" / audience_folder(audience)
    site = output / "html"

    def rebuild() -> None:
        try:
            with state.lock:
                build(request.but(stamp=None), formats=("html",))
        except BuildFailed as exc:
            echo(f"build failed: {exc}")
            for diagnostic in exc.diagnostics:
                echo(str(diagnostic))
            return
        state.generation += 1
        echo(f"rebuilt ({state.generation})")

    def print_on_demand(fmt: str, name: str) -> Path | None:
        """The file NAME.FMT of this generation of the site, printed now if need be. The
        build that prints it prints again what this generation printed before (from the
        print cache), since publishing replaces the whole output."""
        target = output / fmt / f"{name}.{fmt}"
        with state.lock:
            owner = deliverable_id(root, name, audience)
            if owner is None:
                return None
            if target.is_file() and state.printed.get((fmt, owner)) == state.generation:
                return target
            wanted = {key for key, seen in state.printed.items() if seen == state.generation}
            wanted.add((fmt, owner))
            formats = sorted({f for f, _ in wanted})
            owners = sorted({o for _, o in wanted})
            build(request.but(stamp=None), formats=("html", *formats), only=tuple(owners))
            state.printed.update(
                dict.fromkeys(((f, o) for f in formats for o in owners), state.generation)
            )
            echo(f"printed {name}.{fmt}")
            return target if target.is_file() else None

    state.print = print_on_demand

    handler = type("BoundHandler", (Handler,), {"state": state})
    try:  # first: a port in use is said before a whole build is spent
        server = http.server.ThreadingHTTPServer(
            ("127.0.0.1", port), functools.partial(handler, directory=str(site))
        )
    except OSError as exc:
        raise PortUnavailable(port, exc.strerror or str(exc)) from None
    rebuild()
    site.mkdir(parents=True, exist_ok=True)
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


def deliverable_id(root: Path, name: str, audience: TLP) -> str | None:
    """The statement, basket, report or page (a cover note) a printed file's NAME belongs
    to: its id, or the id a page variant adds to (``ID-parallel``); the longest when
    several fit. None for a name that no deliverable of the audience's build has."""
    corpus = for_audience(check(root).corpus, audience)
    ids = [*corpus.documents, *corpus.reports, *page_deliverables(root)]
    owners = [i for i in ids if name == i or name.startswith(f"{i}-")]
    return max(owners, key=len, default=None)
