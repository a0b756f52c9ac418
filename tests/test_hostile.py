"""Hostile inputs: each folder of tests/data/hostile/ is a tiny drafting repository
(conf.py, content/index.rst, a source, two states, a summit, one statement) with
one hostile thing in it, and `expected.txt` says what must come of it:

- the exact diagnostic lines `summit check` prints; then `summit build` must fail
  with exit 1 and write no output at all; or
- `escaped: TEXT` on the first line: the input is accepted and TEXT stands in a
  built HTML page as written there (HTML-escaped where needed). More `escaped:`
  lines may follow; `absent: TEXT` lines name markup that no HTML file of the output
  may hold; `check: LINE` lines are the warnings `summit check` must print (none
  when there is no such line). In TEXT, `\\uXXXX` stands for that character.

The search index (searchindex.js) is left out of the `absent:` check: it holds page
titles as JSON data, and Sphinx's search page escapes them before showing them
(asserted below wherever a case's absent markup is in the index).

Every case also runs with a sentinel file next to the repository, outside it
(`outside-secret.txt`, which the hostile paths name), and no file the build writes
may hold its text, nor that of /etc/passwd.

A second test switches check's rules for clause text off and builds the clause
cases anyway: the build must still reduce them to plain words (defence in depth).

Some hostile bits are made at test time (GENERATORS) instead of being committed: a
50 MB file, 10,000 nested lists, symbolic links (git carries them, but not every
checkout and archive tool keeps them) and file names with control characters. Their
folders hold the repository without the bit and a `generated.txt` that says what
the test adds.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import summit

CASES = Path(__file__).parent / "data" / "hostile"
#: The repository a case without its own content/ builds on: its files are laid
#: over this one, `page.rst` is added to the end of content/index.rst and
#: `clause.yaml` replaces the statement's one clause text (YAML lines, indented).
BASE = Path(__file__).parent / "data" / "hostile-base"
SHORTHANDS = ("page.rst", "clause.yaml")
MINI_CONF = Path(__file__).parent / "data" / "mini" / "conf.py"
NAMES = sorted(
    p.name
    for p in CASES.iterdir()
    if p.is_dir()
    # Cases that run other commands: tests/test_hostile_commands.py.
    and not (p / "expected.txt").read_text(encoding="utf-8").startswith("run: ")
)
TOKEN = "OUTSIDE-SECRET-7f3c9a51e2"
STATEMENT = Path("content") / "statements" / "joint.yaml"
CLAUSE = "    text: Work together through the network.\n"


def _replace_clause(root: Path, clause: str) -> None:
    path = root / STATEMENT
    text = path.read_text(encoding="utf-8")
    assert CLAUSE in text
    path.write_text(text.replace(CLAUSE, clause), encoding="utf-8")


def _huge_string(root: Path, outside: Path) -> None:
    _replace_clause(root, "    text: " + "x" * 50_000_000 + "\n")


def _deep_nesting(root: Path, outside: Path) -> None:
    _replace_clause(root, CLAUSE + "    note: " + "[" * 10_000 + "]" * 10_000 + "\n")


def _long_line_over_limit(root: Path, outside: Path) -> None:
    _replace_clause(root, "    text: " + "Long " + "abcdefghi " * 10_000 + "end.\n")


def _symlink_yaml(root: Path, outside: Path) -> None:
    (root / "content" / "sources" / "leak.yaml").symlink_to(outside / "outside-secret.yaml")


def _symlink_rst(root: Path, outside: Path) -> None:
    (root / "content" / "leak.rst").symlink_to(outside / "outside-secret.txt")


def _symlink_dir(root: Path, outside: Path) -> None:
    pages = outside / "outside-pages"
    pages.mkdir()
    (pages / "notes.rst").write_text(f"Notes\n=====\n\n{TOKEN}\n", encoding="utf-8")
    (root / "content" / "notes").symlink_to(pages, target_is_directory=True)


def _file_name_control_characters(root: Path, outside: Path) -> None:
    name = "note\ncontent:1:1: error: forged line [x]\x1b[31m.yaml"
    shutil.copy(root / STATEMENT, root / "content" / "statements" / name)


def _fifo(relative: str) -> Callable[[Path, Path], None]:
    return lambda root, outside: os.mkfifo(root / relative)


def _fifo_link(root: Path, outside: Path) -> None:
    os.mkfifo(root / "fifo")
    (root / "content" / "sources" / "pipe.yaml").symlink_to("../../fifo")


def _device_link(root: Path, outside: Path) -> None:
    (root / "content" / "sources" / "zero.yaml").symlink_to(os.devnull)


def _socket(root: Path, outside: Path) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(root / "content" / "notes.rst"))


def _link(relative: str, target: str) -> Callable[[Path, Path], None]:
    return lambda root, outside: (root / relative).symlink_to(target, target_is_directory=True)


def _unreadable(relative: str) -> Callable[[Path, Path], None]:
    return lambda root, outside: os.chmod(root / relative, 0)


GENERATORS: dict[str, Callable[[Path, Path], None]] = {
    "unreadable-folder": _unreadable("content/sources"),
    "unreadable-record": _unreadable("content/states/kor.yaml"),
    "unreadable-page": _unreadable("content/index.rst"),
    "unreadable-gifts": _unreadable("gifts"),
    "fifo-yaml": _fifo("content/sources/pipe.yaml"),
    "fifo-rst": _fifo("content/pipe.rst"),
    "fifo-template": _fifo("templates/page.html"),
    "fifo-link": _fifo_link,
    "device-link": _device_link,
    "socket-rst": _socket,
    "generated-link-root": _link("content/generated", ".."),
    "generated-link-gifts": _link("content/generated", "../gifts"),
    "build-link-content": _link("build", "content"),
    "cache-link-content": _link(".summit-cache", "content"),
    "cache-link-outside": _link(".summit-cache", ".."),
    "huge-string": _huge_string,
    "deep-nesting": _deep_nesting,
    "long-line-over-limit": _long_line_over_limit,
    "symlink-yaml-outside": _symlink_yaml,
    "symlink-rst-outside": _symlink_rst,
    "symlink-dir-outside": _symlink_dir,
    "file-name-control-characters": _file_name_control_characters,
}


def prepare(name: str, tmp_path: Path) -> Path:
    """The case as a repository at tmp_path/repo, the sentinel files next to it."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    (tmp_path / "outside-secret.txt").write_text(f"{TOKEN}\n", encoding="utf-8")
    (tmp_path / "outside-secret.yaml").write_text(f"id: leak\ntitle: {TOKEN}\n", encoding="utf-8")
    root = tmp_path / "repo"
    case = CASES / name
    if not (case / "content" / "summits").is_dir():
        shutil.copytree(BASE, root)
    shutil.copytree(
        case,
        root,
        symlinks=True,
        dirs_exist_ok=True,
        ignore=shutil.ignore_patterns(
            "expected.txt",
            "generated.txt",
            "build",
            "generated",
            ".summit-cache",
            "incoming",
            *SHORTHANDS,
        ),
    )
    if (case / "page.rst").is_file():
        with open(root / "content" / "index.rst", "a", encoding="utf-8", newline="") as index:
            index.write("\n" + (case / "page.rst").read_text(encoding="utf-8"))
    if (case / "clause.yaml").is_file():
        _replace_clause(root, (case / "clause.yaml").read_text(encoding="utf-8"))
    # Every case builds with the same Sphinx configuration as the mini corpus.
    shutil.copy(MINI_CONF, root / "conf.py")
    if name in GENERATORS:
        (root / "templates").mkdir(exist_ok=True)
        GENERATORS[name](root, tmp_path)
    return root


@dataclass
class Expected:
    diagnostics: list[str] = field(default_factory=list)
    escaped: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    check: list[str] = field(default_factory=list)


def _unescape(text: str) -> str:
    return re.sub(r"\\u([0-9A-Fa-f]{4})", lambda m: chr(int(m[1], 16)), text)


def expected_of(name: str) -> Expected:
    lines = (CASES / name / "expected.txt").read_text(encoding="utf-8").splitlines()
    assert lines, f"{name}: expected.txt is empty"
    if not lines[0].startswith("escaped: "):
        return Expected(diagnostics=lines)
    expected = Expected()
    for line in lines:
        kind, _, text = line.partition(": ")
        assert kind in {"escaped", "absent", "check"}, f"{name}: {line!r}"
        getattr(expected, kind).append(text if kind == "check" else _unescape(text))
    return expected


def outside_text() -> list[str]:
    """Text that must never reach the output: the sentinel, and a line of /etc/passwd."""
    texts = [TOKEN]
    passwd = Path("/etc/passwd")
    if passwd.is_file():
        texts += [line for line in passwd.read_text().splitlines() if line.startswith("root:")]
    return texts


def written_files(root: Path) -> list[Path]:
    """Every file summitkit may have written as output: build/ and content/generated/
    (the caches live beside them, in .summit-cache/), links not followed (a link the
    case placed would lead out by design)."""
    found = []
    for top in (root / "build", root / "content" / "generated"):
        if top.is_symlink():
            continue  # a case's own link: summitkit must refuse it, not write through it
        for folder, _dirs, names in os.walk(top):
            found += [Path(folder) / n for n in names if not (Path(folder) / n).is_symlink()]
    return found


def sources_of(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder` but what summitkit writes, by path: links are
    not followed and special files not opened."""
    found = {}
    for parent, dirs, names in os.walk(folder):
        here = Path(parent)
        dirs[:] = [d for d in dirs if d not in ("build", "generated", ".summit-cache", ".git")]
        for name in names:
            path = here / name
            if not path.is_symlink() and path.is_file():
                found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


def assert_nothing_from_outside(root: Path) -> None:
    needles = [t.encode() for t in outside_text()]
    for path in written_files(root):
        data = path.read_bytes()
        for needle in needles:
            assert needle not in data, f"{path.relative_to(root)} holds text from outside"


def test_there_are_enough_cases() -> None:
    assert len(NAMES) >= 25
    for name in NAMES:  # each can be built (conf.py comes from the mini corpus)
        own = (CASES / name / "content" / "index.rst").is_file()
        assert own or not (CASES / name / "content" / "summits").exists(), name
        assert (CASES / name / "generated.txt").is_file() == (name in GENERATORS), name


@pytest.mark.parametrize("name", NAMES)
def test_hostile_input_is_refused_or_escaped(name: str, tmp_path: Path) -> None:
    root = prepare(name, tmp_path)
    expected = expected_of(name)
    before = sources_of(root), sources_of(tmp_path)

    checked = summit("check", root)

    assert "Traceback" not in checked.output
    assert checked.exception is None or isinstance(checked.exception, SystemExit)
    built = summit("build", root, "--format", "html")
    assert "Traceback" not in built.output
    assert built.exception is None or isinstance(built.exception, SystemExit)
    assert_nothing_from_outside(root)
    assert (sources_of(root), sources_of(tmp_path)) == before, "a source file changed"
    if expected.diagnostics:
        assert checked.stdout.splitlines() == expected.diagnostics
        assert checked.exit_code == 1
        assert built.exit_code == 1
        assert built.stderr.splitlines() == [
            *expected.diagnostics,
            "error: the corpus has errors; nothing was built",
        ]
        assert written_files(root) == [], "a refused build wrote output"
    else:
        assert checked.stdout.splitlines() == expected.check
        assert checked.exit_code == 0, checked.output
        assert built.exit_code == 0, built.output
        assert_escaped(root / "build" / "clear" / "html", expected)


def assert_escaped(site: Path, expected: Expected) -> None:
    pages = {p: p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    for text in expected.escaped:
        assert any(text in page for page in pages.values()), f"not in any page: {text!r}"
    for text in expected.absent:
        holding = [p.relative_to(site).as_posix() for p, page in pages.items() if text in page]
        assert holding == [], f"{text!r} stands as markup in {holding}"
    index = (site / "searchindex.js").read_text(encoding="utf-8")
    if any(text in index for text in expected.absent):
        # Titles in the index are data: the search page escapes them before showing them.
        search = (site / "_static" / "searchtools.js").read_text(encoding="utf-8")
        assert "linkEl.innerHTML = _escapeHTML(title)" in search


#: Cases that `summit check` refuses for their clause text alone.
CLAUSE_CASES = [
    "csv-table-file",
    "download-outside",
    "download-suffix-role",
    "image-etc",
    "include-etc-passwd",
    "link-data",
    "link-javascript",
    "link-javascript-spaced",
    "link-relative-path",
    "raw-html-script",
]


@pytest.mark.parametrize("name", CLAUSE_CASES)
def test_the_build_defangs_what_check_would_refuse(
    name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second line of defence: with check's rules for clause text switched off,
    the build still parses clauses as inline text and reduces links, downloads and
    images to their words."""
    from summitkit.sources.rules import safety

    monkeypatch.setattr(safety, "text_problems", lambda text: iter(()))
    root = prepare(name, tmp_path)

    built = summit("build", root, "--format", "html")

    assert built.exit_code == 0, built.output
    assert_nothing_from_outside(root)
    site = root / "build" / "clear" / "html"
    assert not (site / "_downloads").exists()
    assert not (site / "_images").exists()
    page = (site / "generated" / "statements" / "joint.html").read_text(encoding="utf-8")
    clause = re.search(r'<li id="op1">.*?</li>', page, re.S)
    assert clause, "the clause is not on its page"
    # Only the footnote reference after the clause's words is a link.
    assert clause[0].count("<a ") == 1 and 'href="#summit-source-joint-op1"' in clause[0]
    for markup in ("<script", "<img", "<table", "<pre"):
        assert markup not in clause[0]


def test_the_build_defangs_a_page_link_check_would_refuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second line of defence for pages: with check's page rule switched off, a
    link of the page keeps its words and loses an address whose scheme is not http,
    https or mailto."""
    from summitkit.sources.rules import rst_check

    monkeypatch.setattr(rst_check, "page_problems", lambda *args: [])
    root = prepare("page-link-javascript", tmp_path)

    built = summit("build", root, "--format", "html")

    assert built.exit_code == 0, built.output
    index = (root / "build" / "clear" / "html" / "index.html").read_text(encoding="utf-8")
    assert "click" in index and "javascript:" not in index.lower()


def test_the_build_stops_on_a_toctree_entry_check_would_refuse(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Sphinx draws toctree entries as links in the page and in every page's
    navigation; with check's page rule switched off, the build leaves such an entry
    out, says so, and stops before writing anything."""
    from summitkit.sources.rules import rst_check

    monkeypatch.setattr(rst_check, "page_problems", lambda *args: [])
    root = prepare("page-toctree-javascript", tmp_path)

    built = summit("build", root, "--format", "html")

    assert built.exit_code == 1
    assert "content/index.rst:13: WARNING: toctree entry with a refused link left out" in (
        built.output
    )
    written = [p for p in (root / "build").rglob("*") if p.is_file()]
    assert all(b"javascript:" not in p.read_bytes().lower() for p in written)
