"""The package's layout holds: each stage imports only from the stages before it,
and no module imports itself back through another.

Every `import` counts, at module level or inside a function (a lazy import is
still a dependency). The order is the one README's "For developers" lists.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "summitkit"

#: The pipeline, first stage first; a folder may import from itself and earlier ones.
#: `sources` is staged within: its sub-folders are listed in their own order.
STAGES = [
    "sources.core",
    "sources.schema",
    "sources.records",
    "sources.audience",
    "sources.rules",
    "sources.check",
    "negotiation",
    "progress",
    "diff",
    "deliverables",
    "drafting",
    "exchange",
    "cli",
]


def module_name(path: Path) -> str:
    parts = ["summitkit", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py")) if "starter" not in p.parts}


def imports_of(name: str, source: str | None = None) -> set[str]:
    """The summitkit modules `name` imports, anywhere in its file (or in `source`)."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    text = path.read_text(encoding="utf-8") if source is None else source
    for node in ast.walk(ast.parse(text)):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # `from summitkit.x import y` names module x.y when y is a module
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        found.update(t for t in targets if t in MODULES and t != name)
    return found


def stage(name: str) -> int:
    """-1 for the package root (and `summitkit.sources` itself, which holds only its
    docstring), else the position in STAGES of the deepest stage holding the module."""
    parts = name.split(".")
    if parts[-1] == "__main__":
        return len(STAGES)
    for depth in (3, 2):
        if ".".join(parts[1:depth]) in STAGES:
            return STAGES.index(".".join(parts[1:depth]))
    return -1


GRAPH = {name: imports_of(name) for name in MODULES}


def test_every_folder_is_a_stage_with_a_docstring() -> None:
    folders = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    staged = {p.parent.parent.name + "." + p.parent.name for p in PACKAGE.glob("*/*/__init__.py")}
    assert folders == {stage.split(".")[0] for stage in STAGES}
    assert {s for s in staged if s.startswith("sources.")} == {
        s for s in STAGES if s.startswith("sources.")
    }
    for folder in [*STAGES, "sources"]:
        path = PACKAGE.joinpath(*folder.split("."), "__init__.py")
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
        summary = doc.split("\n\n")[0]
        name = folder.rpartition(".")[2]
        assert summary.lower().startswith(name), f"{folder}/__init__.py: say what it holds"
        assert "import" in doc.lower(), f"{folder}/__init__.py: say what it may import"


@pytest.mark.parametrize("name", sorted(MODULES))
def test_imports_only_from_earlier_stages(name: str) -> None:
    later = sorted(i for i in GRAPH[name] if stage(i) > stage(name))
    assert not later, f"{name} imports from later stages: {later}"


def find_cycle(graph: dict[str, set[str]]) -> list[str]:
    """One import cycle in `graph` (a → b → a), or [] when there is none."""
    done: set[str] = set()
    path: list[str] = []

    def visit(name: str) -> list[str]:
        if name in path:
            return [*path[path.index(name) :], name]
        if name in done:
            return []
        path.append(name)
        for target in sorted(graph[name]):
            if cycle := visit(target):
                return cycle
        path.pop()
        done.add(name)
        return []

    for name in sorted(graph):
        if cycle := visit(name):
            return cycle
    return []


def test_no_import_cycle() -> None:
    assert find_cycle(GRAPH) == []


def test_the_walker_finds_wrong_way_imports_and_cycles() -> None:
    """The checks themselves: a lazy import of cli inside sources, a relative import, a cycle."""
    source = "def f():\n    from summitkit.cli import main\nfrom ... import deliverables\n"
    found = imports_of("summitkit.sources.records.loader", source)
    assert {"summitkit.cli", "summitkit.deliverables"} <= found
    assert stage("summitkit.cli") > stage("summitkit.sources.records.loader")
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]


def test_no_folder_over_15_modules() -> None:
    """A folder a person can survey: at most 15 modules besides its `__init__`."""
    crowded = {
        str(folder.relative_to(PACKAGE)): n
        for folder in {p.parent for p in MODULES.values()}
        if (n := sum(1 for p in folder.glob("*.py") if p.name != "__init__.py")) > 15
    }
    assert not crowded


def test_no_module_over_450_lines() -> None:
    long = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert not long
