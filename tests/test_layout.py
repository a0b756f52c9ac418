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
STAGES = [
    "sources",
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
    """-1 for the package root, else the position of the module's folder in STAGES."""
    parts = name.split(".")
    if len(parts) == 1 or parts[1] in ("__main__",):
        return -1 if parts[-1] != "__main__" else len(STAGES)
    return STAGES.index(parts[1])


GRAPH = {name: imports_of(name) for name in MODULES}


def test_every_folder_is_a_stage_with_a_docstring() -> None:
    folders = {p.parent.name for p in PACKAGE.glob("*/__init__.py")}
    assert folders == set(STAGES)
    for folder in STAGES:
        tree = ast.parse((PACKAGE / folder / "__init__.py").read_text(encoding="utf-8"))
        doc = ast.get_docstring(tree) or ""
        summary = doc.split("\n\n")[0]
        assert summary.lower().startswith(folder), f"{folder}/__init__.py: say what it holds"
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
    source = "def f():\n    from summitkit.cli import main\nfrom .. import deliverables\n"
    found = imports_of("summitkit.sources.loader", source)
    assert {"summitkit.cli", "summitkit.deliverables"} <= found
    assert stage("summitkit.cli") > stage("summitkit.sources.loader")
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert find_cycle(graph) == ["a", "b", "c", "a"]


def test_no_module_over_450_lines() -> None:
    long = {
        name: n
        for name, path in MODULES.items()
        if (n := len(path.read_text(encoding="utf-8").splitlines())) > 450
    }
    assert not long
