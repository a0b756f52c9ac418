"""The documentation site in docs/: built once per run with warnings as errors, then
read back as a reader gets it — every command documented, every internal link and
anchor resolving, and no error or warning from the Nu Html Checker."""

from __future__ import annotations

import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from nu import nu_problems
from test_docs import all_commands

from summitkit.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The site as `sphinx-build -W` writes it: a warning fails the build."""
    out = tmp_path_factory.mktemp("docs") / "html"
    options = ["-W", "--keep-going", "-q", "-b", "html", "-d", str(out.parent / "doctrees")]
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", *options, str(ROOT / "docs"), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return out


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        for name in ("href", "src"):
            value = found.get(name)
            if value and not (tag == "link" and found.get("rel") == "preload"):
                self.links.append(value)


def _parse(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path) -> list[str]:
    """Every link from one page of the site to a file or an anchor that is not there."""
    pages = {page: _parse(page) for page in site.rglob("*.html")}
    broken = []
    for page, parsed in pages.items():
        for link in parsed.links:
            parts = urlparse(link)
            if parts.scheme or parts.netloc or link.startswith(("mailto:", "data:")):
                continue  # outside the site
            target_path, anchor = parts.path, parts.fragment  # no ?v= cache buster
            target = (page.parent / unquote(target_path)).resolve() if target_path else page
            if not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link}: no such file")
            elif anchor and target.suffix == ".html":
                ids = pages[target].ids if target in pages else _parse(target).ids
                if unquote(anchor) not in ids:
                    broken.append(f"{page.relative_to(site)}: {link}: no such anchor")
    return broken


def test_the_site_has_the_four_kinds_of_page(site: Path) -> None:
    for page in ("tutorial/negotiation", "howto/index", "reference/index", "explanation/index"):
        assert (site / f"{page}.html").is_file(), page
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "furo" in index  # the theme readers of Python documentation know


def test_every_command_is_in_the_built_command_reference(site: Path) -> None:
    ids = _parse(site / "reference" / "commands.html").ids
    for name in all_commands(main):
        assert name.replace(" ", "-") in ids, f"{name} is missing from the command reference"


def test_the_record_and_rule_references_are_drawn_from_the_code(site: Path) -> None:
    from summitkit.sources.rules.rulebook import rulebook
    from summitkit.sources.schema import KINDS

    records = _parse(site / "reference" / "records.html").ids
    assert {f"record-{kind}" for kind in KINDS} <= records
    rules = (site / "reference" / "rules.html").read_text(encoding="utf-8")
    for rule in rulebook():
        assert f">{rule}<" in rules, rule


def test_howto_and_explanation_pages_join_their_index_by_glob(site: Path) -> None:
    """Another page dropped into docs/howto/ or docs/explanation/ needs no index edit."""
    for section in ("howto", "explanation"):
        index = (site / section / "index.html").read_text(encoding="utf-8")
        for page in (ROOT / "docs" / section).glob("*.rst"):
            if page.stem != "index":
                assert f'href="{page.stem}.html"' in index, f"{section}/{page.name}"


def test_every_internal_link_and_anchor_resolves(site: Path) -> None:
    assert broken_links(site) == []


def test_the_link_check_finds_a_broken_link(site: Path, tmp_path: Path) -> None:
    """The check above can fail: a page that links to a missing page and anchor."""
    (tmp_path / "a.html").write_text(
        '<a href="b.html">b</a> <a href="a.html#nowhere">x</a> <a id="here" href="#here">h</a>'
    )
    assert broken_links(tmp_path) == [
        "a.html: b.html: no such file",
        "a.html: a.html#nowhere: no such anchor",
    ]


@pytest.mark.slow  # the Nu checker
def test_the_site_has_no_errors_or_warnings_under_the_nu_html_checker(site: Path) -> None:
    assert nu_problems([site]) == []
