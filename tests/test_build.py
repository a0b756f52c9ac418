"""`summit build`: the HTML site, versions on every page, incremental and safe rebuilds."""

from __future__ import annotations

import hashlib
import itertools
import re
import shutil
from pathlib import Path

import pytest
from buildkit import build_stopped_at
from click.testing import Result
from conftest import summit
from gitkit import git
from lxml import etree
from lxml import html as lxml_html

MINI = Path(__file__).parent / "data" / "mini"


def committed_mini(root: Path) -> Path:
    """The mini corpus at `root`, committed in a throwaway git repository."""
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    (root / ".gitignore").write_text("build/\ncontent/generated/\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "mini corpus")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The mini corpus, committed in a throwaway git repository."""
    return committed_mini(tmp_path / "repo")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The committed mini corpus built once as HTML (dated 2014-03-24), for the tests
    that only read its pages."""
    root = committed_mini(tmp_path_factory.mktemp("built") / "repo")
    html_build(root, env={"SOURCE_DATE_EPOCH": "1395619200"})
    return root


def html_build(repo: Path, env: dict[str, str] | None = None) -> Result:
    result = summit("build", str(repo), "--format", "html", env=env)
    assert result.exit_code == 0, result.output
    return result


def page(repo: Path, docname: str) -> str:
    return (repo / "build" / "clear" / "html" / f"{docname}.html").read_text(encoding="utf-8")


def article(html: str) -> str:
    """The deliverable on a page (its element classed sk-document), as HTML."""
    found = lxml_html.document_fromstring(html).find_class("sk-document")
    assert found, "page has no deliverable"
    return etree.tostring(found[0], encoding="unicode", method="html")


def test_site_has_index_and_one_page_per_deliverable(built: Path) -> None:
    site = built / "build" / "clear" / "html"
    assert (site / "index.html").is_file()
    for docname in (
        "generated/statements/mini-2012",
        "generated/statements/mini-2014",
        "generated/baskets/mini-basket",
        "generated/reports/mini-report",
        "generated/directory",
    ):
        assert (site / f"{docname}.html").is_file(), docname
    index = page(built, "generated/statements/index")
    assert "Joint statement on training centres, second round" in index


def test_statement_numbers_operative_paragraphs_and_orders_signatories(built: Path) -> None:
    text = article(page(built, "generated/statements/mini-2014"))
    # Preambular unnumbered, operative paragraphs numbered 1., 2. after the heading.
    assert re.search(r'<p id="pp1">Recognising the value of <em>training</em>', text)
    operative = re.search(r'<ol class="[^"]*sk-operative[^"]*">(.*?)</ol>', text, re.S)
    assert operative is not None
    assert re.findall(r'<li id="(op\d)">', operative.group(1)) == ["op1", "op2"]
    # Lead first, then states by English short name, then organizations.
    signatories = text.split('class="sk-signatories')[1].split("</ul>")[0]
    names = re.findall(r"<li><p>([^<]+)</p></li>", signatories)
    assert names == ["United States (lead)", "Austria", "China", "Japan"]
    assert "4 states:" in text


def test_every_deliverable_page_carries_its_version(built: Path) -> None:
    sha = git(built, "rev-parse", "--short", "HEAD")
    draft = article(page(built, "generated/statements/mini-2014"))
    assert f"mini-2014 · rev. 1 · draft · commit {sha} · built 2014-03-24" in draft
    assert "sk-draft-mark" in draft
    adopted = article(page(built, "generated/statements/mini-2012"))
    assert f"mini-2012 · rev. 2 · adopted · commit {sha}" in adopted
    assert "sk-draft-mark" not in adopted


def test_uncommitted_changes_mark_the_commit_dirty(repo: Path) -> None:
    path = repo / "content" / "statements" / "mini-2014.yaml"
    path.write_text(path.read_text().replace("trainers", "instructors"))
    html_build(repo)
    assert "+dirty" in article(page(repo, "generated/statements/mini-2014"))
    assert "instructors" in page(repo, "generated/statements/mini-2014")


def test_noop_rebuild_reads_and_rewrites_no_page(repo: Path) -> None:
    html_build(repo)
    generated = repo / "content" / "generated"
    before = {p: p.stat().st_mtime_ns for p in generated.rglob("*.rst")}
    result = html_build(repo)
    assert "nothing changed since the last build" in result.stderr
    assert {p: p.stat().st_mtime_ns for p in generated.rglob("*.rst")} == before


def test_editing_one_clause_rereads_only_the_pages_that_show_it(repo: Path) -> None:
    html_build(repo)
    path = repo / "content" / "statements" / "mini-2014.yaml"
    path.write_text(path.read_text().replace("Share course material", "Pool course material"))
    result = html_build(repo)
    # The statement's own page, and the hand-written index that quotes one of its clauses.
    assert "html: 2 pages read" in result.stderr
    assert "Pool course material" in page(repo, "generated/statements/mini-2014")
    assert "Pool course material" not in page(repo, "generated/statements/mini-2012")


def test_same_commit_and_date_build_identical_html(repo: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(repo, other)
    env = {"SOURCE_DATE_EPOCH": "1395619200"}
    html_build(repo, env)
    html_build(other, env)

    def digests(root: Path) -> dict[str, str]:
        site = root / "build" / "clear" / "html"
        return {
            p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*"))
            if p.is_file()
        }

    assert digests(repo) == digests(other)


def test_failed_build_leaves_the_previous_output_intact(repo: Path) -> None:
    html_build(repo)
    site = repo / "build" / "clear" / "html"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    broken = repo / "content" / "states" / "jpn.yaml"
    broken.write_text("id: jpn\niso3: [JPN\n")
    result = summit("build", str(repo), "--format", "html")
    assert result.exit_code == 1
    assert "content/states/jpn.yaml:2:7: error: malformed YAML" in result.stderr
    assert "gave up at line 3, column 1" in result.stderr
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(
    "conf, message",
    [
        (None, "no Sphinx configuration; 'summit init' writes one (or copy the starter's) "
               "[build/no-config]"),
        ("extensions = [\n", "There is a syntax error in your configuration file: '[' was "
                             "never closed (conf.py, line 1) [build/config]"),
        ('extensions = ["nosuchext"]\n', "Could not import extension nosuchext (exception: "
                                         "No module named 'nosuchext') [build/config]"),
    ],
)  # fmt: skip
def test_a_missing_or_broken_conf_py_is_one_error_not_a_traceback(
    repo: Path, conf: str | None, message: str
) -> None:
    html_build(repo)
    site = repo / "build" / "clear" / "html"
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    if conf is None:
        (repo / "conf.py").unlink()
    else:
        (repo / "conf.py").write_text(conf, encoding="utf-8")
    result = summit("build", str(repo), "--format", "html")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-2:] == [
        f"conf.py:1:1: error: {message}",
        "error: nothing was built",
    ]
    assert "Traceback" not in result.output
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_content_markup_is_escaped_not_executed(repo: Path) -> None:
    path = repo / "content" / "statements" / "mini-2014.yaml"
    text = path.read_text()
    text = text.replace(
        "title: Joint statement on training centres, second round",
        "title: <script>alert(1)</script> statement",
    )
    text = text.replace(
        "text: Share course material and trainers.",
        "text: 'Share .. raw:: html <b>bold</b> and {{ 7*7 }}'",
    )
    path.write_text(text)
    html_build(repo)
    html = page(repo, "generated/statements/mini-2014")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; statement" in html
    assert "<b>bold</b>" not in html
    assert "{{ 7*7 }}" in html


def test_pages_are_html5_with_language_title_and_ordered_headings(built: Path) -> None:
    site = built / "build" / "clear" / "html"
    for path in site.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert re.search(r'<html lang="en"', html), path
        assert re.search(r"<title>[^<]+</title>", html), path
        levels = [int(n) for n in re.findall(r"<h([1-6])[ >]", html)]
        if levels:
            assert levels[0] == 1, path
            assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), path


def test_unknown_deliverable_in_only_is_an_error(repo: Path) -> None:
    result = summit("build", str(repo), "--only", "nope")
    assert result.exit_code == 1
    assert "no deliverable with id nope" in result.stderr


def test_risky_inline_markup_is_refused_by_check_and_defanged_by_the_build(repo: Path) -> None:
    path = repo / "content" / "statements" / "mini-2014.yaml"
    secret = repo.parent / "secret.txt"
    secret.write_text("top secret\n")
    path.write_text(
        path.read_text().replace(
            "text: Share course material and trainers.",
            "text: 'See :download:`../../../../secret.txt` and `click <javascript:alert(1)>`_'",
        )
    )
    result = summit("check", str(repo))
    assert result.exit_code == 1
    assert "role ':download:' is not allowed in content text [rst/forbidden]" in result.stdout
    assert "link to 'javascript:alert(1)' is not allowed" in result.stdout

    # Sphinx run directly (without summit check first) still copies no file and links nowhere.
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace

    out = repo / "sphinx-out"
    with docutils_namespace():
        app = Sphinx(
            repo / "content", repo, out, out / ".doctrees", "html",
            status=None, warning=None, keep_going=True,
        )  # fmt: skip
        app.build()
    assert not [p for p in out.rglob("*") if p.is_file() and p.read_bytes() == b"top secret\n"]
    html = (out / "generated" / "statements" / "mini-2014.html").read_text()
    assert 'href="javascript' not in html
    assert "click" in html


def test_a_killed_build_leaves_the_previous_output_intact(repo: Path, tmp_path: Path) -> None:
    import signal

    html_build(repo)
    site = repo / "build" / "clear"
    before = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    path = repo / "content" / "statements" / "mini-2014.yaml"
    path.write_text(path.read_text().replace("Share course material", "Pool course material"))
    # Kill it while it writes: once the new output stands in the staging folder.
    staging = repo / "build" / ".clear.staging"
    with build_stopped_at("staged", repo, tmp_path / "logs") as build:
        assert staging.is_dir()
        build.send_signal(signal.SIGKILL)
    assert build.returncode == -signal.SIGKILL
    after = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert after == before
    # The next build cleans up and publishes the edit.
    html_build(repo)
    assert "Pool course material" in page(repo, "generated/statements/mini-2014")
    assert not staging.exists()


def test_a_second_build_at_the_same_time_is_told_to_wait(repo: Path) -> None:
    import fcntl

    (repo / "build").mkdir()
    with open(repo / "build" / ".lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)  # as a running build holds it
        result = summit("build", str(repo), "--format", "html")
    assert result.exit_code == 1
    assert "another summit build is running in this repository" in result.stderr
    html_build(repo)  # and once the first is done, building works


def test_clauses_citing_the_same_source_share_one_footnote(built: Path) -> None:
    text = article(page(built, "generated/statements/mini-2014"))
    assert text.count('role="doc-footnote"') == 1
    assert text.count('role="doc-noteref"') == 3  # pp1, op1 and op2 cite the facts sheet
    assert "Source: Test facts sheet." in text


def test_a_statement_that_follows_another_can_carry_a_changes_annex(built: Path) -> None:
    text = article(page(built, "generated/statements/mini-2014"))
    assert "Changes since the previous round" in text
    assert "Compared with Joint statement on training centres (mini-2012)." in text
    assert "Joined: China, Austria" in text
    assert "Left: Republic of Korea, United Nations" in text
    op2 = '<strong>op2 (modified): </strong>Share course material<span class="sk-ins">'
    assert op2 + " and trainers</span>." in text
    # The earlier statement has no annex: it follows nothing and does not ask for one.
    assert "Changes since" not in article(page(built, "generated/statements/mini-2012"))


def test_a_document_with_tabled_proposals_has_a_compilation_page(repo: Path) -> None:
    basket = repo / "gifts" / "mini-basket.yaml"
    basket.write_text(
        basket.read_text().replace(
            "Set up a working group of the centres.",
            "Set up a working group :bracket:`of the centres <jpn>`.",
        )
    )
    proposals = repo / "content" / "proposals"
    proposals.mkdir()
    (proposals / "chn-1.yaml").write_text(
        "id: chn-1\ndocument: mini-basket\nby: [chn]\nsupported_by: [kor]\ndate: 2014-02-01\n"
        "note: An illustration.\nchanges:\n"
        "  - replace: {clause: op1, old: Set up, new: Consider}\n"
        "  - insert: {after: op1, id: op1bis, text: Train together.}\n"
    )
    html_build(repo)
    text = article(page(repo, "generated/baskets/mini-basket-compilation"))
    assert "Compilation text: Gift basket on centre collaboration" in text
    # Each change names who proposed it and when: the DOCX makes it their tracked change.
    by_china = 'data-author="China" data-date="2014-02-01"'
    assert (
        f'[<span class="sk-del" {by_china}>Set up</span> '
        f'<span class="sk-ins" {by_china}>Consider</span> — CHN (chn-1)]'
    ) in text
    assert '<span class="sk-bracket">[of the centres — JPN]</span>' in text
    assert "<strong>1bis</strong>" in text
    assert "chn-1 — CHN, supported by KOR, 2014-02-01</p>" in text
    assert "<li><p>An illustration.</p></li>" in text  # the proposal's note, beneath it
    assert "0 of 2 paragraphs agreed; 1 proposal open; 1 bracket" in text
    basket_page = article(page(repo, "generated/baskets/mini-basket"))
    assert '<span class="sk-bracket">[of the centres — JPN]</span>' in basket_page
    assert "Consider" not in basket_page
    listing = page(repo, "generated/baskets/index")
    assert "Compilation text: Gift basket on centre collaboration" in listing
    # a statement without tabled proposals has no compilation page
    assert not (repo / "build/clear/html/generated/statements/mini-2012-compilation.html").exists()
