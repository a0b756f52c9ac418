"""One request per run: the command line parses the audience once and hands the
request down; the version is read once, through the git wrapper, never by a
deliverable; the Sphinx extension reads the request's fields from its config."""

from __future__ import annotations

import ast
import shutil
from pathlib import Path

import pytest
from gitkit import git
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from summitkit.sources.core.scales import TLP

PACKAGE = Path(__file__).resolve().parents[1] / "summitkit"
DIRECTIVES = Path(__file__).parent / "roots" / "test-directives"
GIT_WRAPPER = "summitkit.sources.core.git"


def tlp_calls(path: Path) -> list[str]:
    """The functions of `path` that call TLP(...), one entry per call ('<module>' outside one)."""
    found: list[str] = []

    def visit(node: ast.AST, function: str) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "TLP":
            found.append(function)
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(path.read_text(encoding="utf-8")), "<module>")
    return found


def test_the_command_line_turns_the_audience_into_a_tlp_in_one_place() -> None:
    calls = {
        f"{path.relative_to(PACKAGE).as_posix()}:{function}"
        for path in sorted((PACKAGE / "cli").rglob("*.py"))
        for function in tlp_calls(path)
    }
    assert calls == {"cli/base.py:request_for"}


def test_the_scanner_sees_a_call_in_a_nested_function(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("def outer():\n    def inner():\n        return TLP('TLP:RED')\n")
    assert tlp_calls(module) == ["inner"]


def test_no_function_below_the_command_line_takes_the_audience_as_a_string() -> None:
    as_string = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.relative_to(PACKAGE).parts[0] == "cli":
            continue  # click hands the option over as text; the request parses it
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            arguments = [*node.args.posonlyargs, *node.args.args, *node.args.kwonlyargs]
            for argument in arguments:
                annotation = argument.annotation
                if argument.arg == "audience" and ast.unparse(annotation or ast.Pass()) != "TLP":
                    as_string.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {node.name}")
    assert as_string == []


def imports_git_wrapper(path: Path) -> bool:
    """Whether `path` imports the git wrapper anywhere, at module level or in a function."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            if any(alias.name.startswith(GIT_WRAPPER) for alias in node.names):
                return True
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module.startswith(GIT_WRAPPER):
                return True
            if any(f"{node.module}.{alias.name}" == GIT_WRAPPER for alias in node.names):
                return True
    return False


def test_no_deliverable_module_imports_the_git_wrapper() -> None:
    found = {
        path.relative_to(PACKAGE).as_posix()
        for path in sorted((PACKAGE / "deliverables").rglob("*.py"))
        if imports_git_wrapper(path)
    }
    assert found == set()


@pytest.mark.parametrize(
    "source",
    [
        "from summitkit.sources.core import git\n",
        "def f():\n    from summitkit.sources.core.git import run\n",
        "import summitkit.sources.core.git as wrapper\n",
    ],
)
def test_the_import_check_sees_every_way_of_importing_it(tmp_path: Path, source: str) -> None:
    module = tmp_path / "m.py"
    module.write_text(source)
    assert imports_git_wrapper(module)
    module.write_text("from summitkit.sources.core.request import Version\n")
    assert not imports_git_wrapper(module)


@pytest.fixture
def plain_sphinx(tmp_path: Path) -> Path:
    """The extension's test project as its own git repository, one commit."""
    srcdir = tmp_path / "src"
    shutil.copytree(DIRECTIVES, srcdir)
    git(srcdir, "init", "-q")
    git(srcdir, "add", "-A")
    git(srcdir, "commit", "-q", "-m", "first")
    return srcdir


def test_plain_sphinx_build_reads_the_audience_once_and_stamps_the_commit(
    plain_sphinx: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without `summit build`, the extension makes the request's fields itself: the
    audience from conf.py, parsed once into a TLP, and the version from git."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1395619200")  # 2014-03-24
    app = SphinxTestApp(
        "html", srcdir=plain_sphinx, confoverrides={"summitkit_audience": "TLP:GREEN"}
    )
    try:
        app.build()
        page = (Path(app.outdir) / "index.html").read_text(encoding="utf-8")
        audience, stamp = app.config.summitkit_audience, app.config.summitkit_stamp
    finally:
        app.cleanup()

    head = git(plain_sphinx, "rev-parse", "--short", "HEAD")
    assert audience is TLP.GREEN
    assert stamp == {"commit": head, "built": "2014-03-24"}
    assert f"from commit {head} on 2014-03-24" in page
    assert '<span class="sk-tlp">TLP:GREEN</span>' in page


def test_an_audience_that_is_no_tlp_label_is_a_configuration_error(plain_sphinx: Path) -> None:
    with pytest.raises(ConfigError, match="summitkit_audience 'TLP:BLUE' is not one of"):
        SphinxTestApp("html", srcdir=plain_sphinx, confoverrides={"summitkit_audience": "TLP:BLUE"})
