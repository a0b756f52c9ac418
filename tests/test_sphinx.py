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


SUMMIT_TABLE = """
.. summit-table:: Who joined
   :header-rows: 1
   :stub-columns: 1
   :class: sk-example
   :align: center

   ["State", "Joined", "Note"]
   ["*Not emphasis* `nor a link`_", "✓", ""]
   ["Republic of Korea", "2", "lead"]

.. summit-table::

   ["one", "two"]
   ["three"]

.. summit-table::
   :class: sk-numbers

   ["one", 2]
"""


def test_a_summit_table_holds_its_cells_as_text_and_refuses_a_ragged_row(
    tmp_path: Path,
) -> None:
    """The page templates' tables: the table list-table builds, but a cell that looks
    like markup stays text; a row that is not a JSON array like the first is an error."""
    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    index = srcdir / "index.rst"
    index.write_text(index.read_text() + SUMMIT_TABLE)
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        warnings = app._warning.getvalue()
        html = built(app, "index")
    finally:
        app.cleanup()
    table = html.split('<table class="sk-example docutils align-center')[1].split("</table>")[0]
    assert '<span class="caption-text">Who joined</span>' in table
    headers = re.findall(r'<th class="head[^"]*"><p>([^<]*)</p></th>', table)
    assert headers == ["State", "Joined", "Note"]
    assert "<p>*Not emphasis* `nor a link`_</p>" in table and "<em>" not in table
    assert "<td><p>2</p></td>" in table and "<td><p>lead</p></td>" in table
    assert '<th class="stub"><p>Republic of Korea</p></th>' in table  # :stub-columns: 1
    assert table.count("<tr") == 3
    lines = index.read_text().splitlines()
    ragged = lines.index(".. summit-table::") + 1
    assert f"index.rst:{ragged}: ERROR: summit-table: row 2 is not a JSON array" in warnings
    numbers = lines.index(".. summit-table::", ragged) + 1  # a cell is a string, not 2
    assert f"index.rst:{numbers}: ERROR: summit-table: row 1 is not a JSON array" in warnings
    assert "sk-numbers" not in html


def test_two_builds_in_one_process_each_read_the_records(tmp_path: Path) -> None:
    """A corpus belongs to one build: a second build of the same repository in the same
    process shows the records as they are now, and no corpus is kept after a build."""
    from summitkit.deliverables.sphinx import corpus

    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    statement = srcdir / "content" / "statements" / "mini-2012.yaml"
    # An app another test made and never built keeps its corpus until it is collected.
    held = len(corpus._CORPORA)
    shown = []
    for text in ("Share course material.", "Share course material and trainers."):
        statement.write_text(
            statement.read_text().replace("Share course material.", text), encoding="utf-8"
        )
        app = SphinxTestApp("html", srcdir=srcdir)
        try:
            app.build()
            assert app._warning.getvalue() == ""
            shown.append(built(app, "index"))
        finally:
            app.cleanup()
        assert len(corpus._CORPORA) == held, "a corpus outlived its build"
        assert corpus._handed is None
    assert "Share course material and trainers." not in shown[0]
    assert "Share course material and trainers." in shown[1]


OLD_LINE = 'extensions = ["summitkit.sphinx"]'
NEW_LINE = 'extensions = ["summitkit.deliverables.sphinx"]'


def with_old_name(repo: Path) -> Path:
    """`repo` with its conf.py naming the extension as repositories made before the
    move do; returns conf.py."""
    conf = repo / "conf.py"
    text = conf.read_text(encoding="utf-8")
    assert NEW_LINE in text
    conf.write_text(text.replace(NEW_LINE, OLD_LINE), encoding="utf-8")
    return conf


def test_the_old_extension_name_builds_and_names_the_new_line(tmp_path: Path) -> None:
    from summitkit.sphinx import RenamedExtensionWarning

    srcdir = tmp_path / "src"
    shutil.copytree(ROOT, srcdir)
    conf = with_old_name(srcdir)
    with pytest.warns(RenamedExtensionWarning) as caught:
        app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        assert app._warning.getvalue() == ""
        html = built(app, "index")
        assert app.extensions["summitkit.deliverables.sphinx"].parallel_read_safe is True
        assert app.extensions["summitkit.sphinx"].parallel_read_safe is True
    finally:
        app.cleanup()
    assert "Share course material." in html and "United States (lead)" in html
    [warning] = caught
    assert (warning.filename, warning.lineno) == (str(conf), 1)
    assert f"write in conf.py: {NEW_LINE}" in str(warning.message)


def test_summit_build_builds_a_repository_with_the_old_extension_name(tmp_path: Path) -> None:
    from conftest import copy_repo, summit

    from summitkit.sphinx import RenamedExtensionWarning

    repo = copy_repo(Path(__file__).parent / "data" / "mini", tmp_path / "repo")
    conf = with_old_name(repo)
    line = conf.read_text(encoding="utf-8").splitlines().index(OLD_LINE) + 1
    with pytest.warns(RenamedExtensionWarning, match=r"write in conf\.py") as caught:
        result = summit("build", "--format", "html", repo)
    assert result.exit_code == 0, result.output
    assert "site in build/clear/" in result.stdout
    page = repo / "build" / "clear" / "html" / "generated" / "statements" / "mini-2012.html"
    assert "Share course material." in page.read_text(encoding="utf-8")
    assert [(w.filename, w.lineno) for w in caught] == [(str(conf), line)]
