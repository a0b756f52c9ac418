"""The Sphinx extension through sphinx.testing: directives on a hand-written page."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

ROOT = Path(__file__).parent / "roots" / "test-directives"


@pytest.fixture
def app(tmp_path: Path) -> SphinxTestApp:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    app = SphinxTestApp("html", srcdir=srcdir)
    yield app
    app.cleanup()


def built(app: SphinxTestApp, docname: str) -> str:
    return (Path(app.outdir) / f"{docname}.html").read_text(encoding="utf-8")


def test_directives_render_on_a_hand_written_page(app: SphinxTestApp) -> None:
    app.build()
    assert app._warning.getvalue() == ""
    html = built(app, "index")
    signatories = re.findall(r"<li><p>([^<]+)</p></li>", html.split("sk-signatories")[1])
    assert signatories[:4] == [
        "United States (lead)",
        "Japan",
        "Republic of Korea",
        "United Nations",
    ]
    assert "Share course material." in html
    table = html.split("sk-commitments")[1].split("</table>")[0]
    assert "Set up a training centre." in table
    assert "limited" in table  # the latest assessment at or before 2014
    assert "Build a centre of excellence." not in table  # Korea's, out of scope
    assert "Test centre, Japan" in html
    assert "Best practices" in html


def test_pages_record_yaml_dependencies(app: SphinxTestApp) -> None:
    app.build()
    deps = app.env.dependencies
    statement = Path(app.srcdir) / "content" / "statements" / "mini-2012.yaml"
    assert any(Path(app.srcdir, d) == statement or Path(d) == statement for d in deps["index"])
    assert any(
        Path(app.srcdir, d) == statement or Path(d) == statement
        for d in deps["generated/statements/mini-2012"]
    )


def test_unknown_ids_are_errors_at_the_directive_line(tmp_path: Path) -> None:
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    index = srcdir / "index.rst"
    index.write_text(index.read_text() + "\n.. clause:: mini-2012/op9\n")
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        warnings = app._warning.getvalue()
    finally:
        app.cleanup()
    line = index.read_text().splitlines().index(".. clause:: mini-2012/op9") + 1
    assert f"index.rst:{line}: ERROR: unknown clause 'mini-2012/op9'" in warnings


def test_extension_declares_parallel_safety(app: SphinxTestApp) -> None:
    extension = app.extensions["summitkit.deliverables.sphinx"]
    assert extension.parallel_read_safe is True
    assert extension.parallel_write_safe is True
