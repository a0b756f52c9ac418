"""Rebuilds do only the work that changed: no page rendered, no chart drawn, no file
copied when nothing changed, and every PDF and DOCX reused after a README commit."""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import pytest
from conftest import summit
from gitkit import git

from summitkit.deliverables.printed.printer import PACKAGE_REFERENCE

MINI = Path(__file__).parent / "data" / "mini"
PAGE = "build/clear/html/generated/statements/mini-2014.html"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The mini corpus, committed in a throwaway git repository, built once."""
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    (root / ".gitignore").write_text("build/\ncontent/generated/\n")
    (root / "README.md").write_text("# Mini corpus\n")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "mini corpus")
    html_build(root)
    return root


def html_build(root: Path) -> None:
    result = summit("build", root, "--format", "html", "-q")
    assert result.exit_code == 0, result.output


def charts(root: Path) -> list[Path]:
    return sorted((root / ".summit-cache" / "charts").glob("*.png"))


def test_a_no_op_build_renders_no_page_and_draws_no_chart(repo: Path) -> None:
    drawn = charts(repo)
    assert len(drawn) == 3  # the report's three charts: status, categories, participation
    for chart in drawn:
        chart.unlink()  # a build that drew them again would put them back
    inputs = repo / "content" / "generated" / ".inputs.json"
    written = inputs.stat().st_mtime_ns

    html_build(repo)

    assert charts(repo) == []
    assert inputs.stat().st_mtime_ns == written
    assert (repo / "build/clear/html/generated/reports/mini-report.html").is_file()


def files_as_left(root: Path) -> dict[str, tuple[int, int, int]]:
    """Every file the build writes or publishes: its inode, size and modification time."""
    found = {}
    for top in (root / "build", root / "content" / "generated"):
        for path in top.rglob("*"):
            if path.is_file():
                info = path.stat()
                found[path.relative_to(root).as_posix()] = (
                    info.st_ino, info.st_size, info.st_mtime_ns
                )  # fmt: skip
    return found


@pytest.fixture
def unversioned(tmp_path: Path) -> Path:
    """The mini corpus outside git, built once. (In a repository that git has just
    committed, git rewrites its index at each status while files and index share a
    second, and the index is one of the build's inputs: the next build would run.)"""
    root = tmp_path / "unversioned"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    html_build(root)
    return root


def test_a_no_op_build_writes_no_file_at_all(unversioned: Path) -> None:
    repo = unversioned
    before = files_as_left(repo)
    assert "build/clear/html/generated/statements/mini-2014.html" in before

    result = summit("build", repo, "--format", "html")

    assert result.exit_code == 0, result.output
    # One line says so: no "0 pages read", no file listed as unchanged, no "built".
    assert result.output == "nothing changed since the last build: build/clear/ is up to date\n"
    assert files_as_left(repo) == before  # not one file written, replaced or removed
    assert not (repo / "build" / ".clear.staging").exists()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(
            lambda root: (root / "conf.py").write_text(
                (root / "conf.py").read_text(encoding="utf-8") + "\n# tuned\n", encoding="utf-8"
            ),
            id="conf.py",
        ),
        pytest.param(
            lambda root: (root / "content" / "note.txt").write_text("new file"), id="new-file"
        ),
        pytest.param(lambda root: (root / PAGE).unlink(), id="published-page-removed"),
        pytest.param(
            lambda root: (root / PAGE).write_text("tampered", encoding="utf-8"),
            id="published-page-changed",
        ),
        pytest.param(
            lambda root: (root / "content/generated/statements/mini-2014.rst").unlink(),
            id="generated-page-removed",
        ),
        # The record of the last build is in .summit-cache/, which outlives build/.
        pytest.param(lambda root: shutil.rmtree(root / "build"), id="build-folder-deleted"),
    ],
)
def test_any_change_to_the_inputs_or_the_output_builds_again(
    unversioned: Path, change: object
) -> None:
    repo = unversioned
    assert callable(change)
    change(repo)

    result = summit("build", repo, "--format", "html")

    assert result.exit_code == 0, result.output
    assert "nothing changed" not in result.stderr
    assert "html: " in result.stderr
    assert "Share course" in (repo / PAGE).read_text(encoding="utf-8")
    assert "nothing changed" in summit("build", repo, "--format", "html").stderr


def test_other_settings_build_again(unversioned: Path) -> None:
    """The record is of one build's settings: another audience or format is built."""
    repo = unversioned
    amber = summit("build", repo, "--format", "html", "--audience", "TLP:AMBER")
    assert amber.exit_code == 0 and "nothing changed" not in amber.stderr
    # The amber build rendered its own pages into content/generated/: built again.
    assert "nothing changed" not in summit("build", repo, "--format", "html").stderr
    assert "nothing changed" in summit("build", repo, "--format", "html").stderr
    printed = summit("build", repo, "--format", "html,docx")
    assert printed.exit_code == 0 and "nothing changed" not in printed.stderr
    again = summit("build", repo, "--format", "html,docx")
    assert "nothing changed" in again.stderr
    assert "(unchanged)" not in again.output  # one line for the build, no file listed
    assert (repo / "build" / "clear" / "docx" / "mini-2014.docx").is_file()


def test_a_corrupt_build_record_only_builds_again(unversioned: Path) -> None:
    repo = unversioned
    record = repo / ".summit-cache" / "work" / "clear" / "last-build.pickle"
    assert record.is_file()
    record.write_bytes(b"not a pickle")

    result = summit("build", repo, "--format", "html")

    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "nothing changed" not in result.stderr
    assert "nothing changed" in summit("build", repo, "--format", "html").stderr


def test_an_edited_record_renders_the_pages_again(repo: Path) -> None:
    statement = repo / "content" / "statements" / "mini-2014.yaml"
    statement.write_text(statement.read_text().replace("Share course", "Pool course"))

    html_build(repo)

    assert "Pool course" in (repo / PAGE).read_text(encoding="utf-8")
    assert len(charts(repo)) == 3  # same data: the same three charts, not drawn anew


def test_a_generated_page_changed_by_hand_is_rendered_again(repo: Path) -> None:
    generated = repo / "content" / "generated" / "statements" / "mini-2014.rst"
    original = generated.read_text(encoding="utf-8")
    generated.write_text(original + "\nTampered with.\n", encoding="utf-8")

    html_build(repo)

    assert generated.read_text(encoding="utf-8") == original
    assert "Tampered" not in (repo / PAGE).read_text(encoding="utf-8")


def test_unchanged_files_are_linked_into_the_new_output_not_copied(repo: Path) -> None:
    before = (repo / PAGE).stat().st_ino

    html_build(repo)

    assert (repo / PAGE).stat().st_ino == before
    assert not (repo / "build" / ".clear.staging").exists()


def printed(root: Path) -> list[str]:
    result = summit("build", root, "--format", "pdf,docx", "--only", "mini-2014")
    assert result.exit_code == 0, result.output
    return re.findall(r"^(?:pdf|docx): mini-2014.*$", result.stderr, re.M)


def test_a_commit_that_changes_no_record_reuses_every_pdf_and_docx(repo: Path) -> None:
    first = printed(repo)
    assert len(first) == 2 and not any("unchanged" in line for line in first)
    (repo / "README.md").write_text("# Mini corpus\n\nHow to build it.\n")
    git(repo, "commit", "-q", "-am", "README only")

    again = printed(repo)

    assert again == ["pdf: mini-2014 (unchanged)", "docx: mini-2014 (unchanged)"]
    statement = repo / "content" / "statements" / "mini-2014.yaml"
    statement.write_text(statement.read_text().replace("Share course", "Pool course"))
    git(repo, "commit", "-q", "-am", "a clause edited")
    assert not any("unchanged" in line for line in printed(repo))


def test_a_changed_printer_input_prints_again_and_an_unchanged_one_is_reused(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The print cache's key holds the print CSS (PDF) and the reference document (DOCX),
    not only the page: a new stylesheet prints the PDF again, and reaches it."""
    from pypdf import PdfReader

    from summitkit.deliverables import printed as printer

    first = printed(repo)
    assert len(first) == 2 and not any("unchanged" in line for line in first)
    pdf = repo / "build" / "clear" / "pdf" / "mini-2014.pdf"
    assert round(float(PdfReader(pdf).pages[0].mediabox.width)) == 595  # A4

    letter = tmp_path / "print.css"
    css = printer.PRINT_CSS.read_text(encoding="utf-8")
    letter.write_text(css.replace("size: A4;", "size: letter;", 1), encoding="utf-8")
    monkeypatch.setattr(printer, "PRINT_CSS", letter)
    assert printed(repo) == ["pdf: mini-2014", "docx: mini-2014 (unchanged)"]
    assert round(float(PdfReader(pdf).pages[0].mediabox.width)) == 612  # US letter

    reference = repo / "templates" / "reference.docx"
    reference.parent.mkdir(exist_ok=True)
    shutil.copy(PACKAGE_REFERENCE, reference)
    with reference.open("ab") as handle:  # same styles, different bytes: still a zip file
        handle.write(b"\0")
    assert printed(repo) == ["pdf: mini-2014 (unchanged)", "docx: mini-2014"]
    assert printed(repo) == []  # nothing changed at all: one line says so, no file listed


CHARTS_TWICE = """
import sys
from pathlib import Path
from summitkit.progress.charts import participation_chart, trend_chart
root, series = Path(sys.argv[1]), {"Japan": [0.0, 50.0], "Korea": [float(sys.argv[2]), 75.0]}
trend = trend_chart(root, "t.png", "Scores", ["Seoul 2012", "Rome 2014"], series)
cells = [["signed", "lead"], ["", "signed"]]
heat = participation_chart(root, "p.png", "Joined", ["Japan", "Korea"], ["s1", "b1"], cells)
sys.stdout.buffer.write(trend.png + heat.png)
print("matplotlib" in sys.modules)
"""


def test_trend_and_heat_map_charts_are_drawn_once_per_data(tmp_path: Path) -> None:
    """The scorecards' charts come from the chart cache like the others: the same data
    a second time imports no matplotlib and gives the same bytes; other data, a new chart."""
    import subprocess
    import sys

    def draw(korea: str) -> tuple[bytes, bool]:
        out = subprocess.run(
            [sys.executable, "-c", CHARTS_TWICE, str(tmp_path), korea],
            capture_output=True,
            check=True,
        ).stdout
        imported = out.endswith(b"True\n")
        return out.removesuffix(b"True\n").removesuffix(b"False\n"), imported

    first, drew = draw("25")
    again, drew_again = draw("25")
    other, drew_other = draw("30")

    assert drew and not drew_again and drew_other
    assert again == first and other != first
    assert first.count(b"\x89PNG") == 2
    assert len(charts(tmp_path)) == 3  # two charts, then one new trend


def pages_read(root: Path) -> int:
    result = summit("build", root, "--format", "html")
    assert result.exit_code == 0, result.output
    found = re.search(r"html: (\d+) pages read", result.stderr)
    assert found, result.stderr
    return int(found[1])


def test_an_edited_clause_re_reads_only_the_pages_that_show_it(tmp_path: Path) -> None:
    """README: "Editing one clause re-reads only the pages that show it"."""
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    everything = pages_read(root)
    statement = root / "content" / "statements" / "mini-2014.yaml"
    statement.write_text(statement.read_text().replace("Share course", "Pool course"))

    edited = pages_read(root)

    assert 0 < edited < everything / 2
    assert "Pool course" in (root / PAGE).read_text(encoding="utf-8")


def test_an_edited_clause_rewrites_the_small_contents_page_not_the_listing(
    unversioned: Path,
) -> None:
    """Sphinx rewrites a page whenever a page in its toctree changes. The listing (a row
    per deliverable) keeps no toctree: its pages hang from a contents page of their own.
    (Outside git: a commit stamp that changes rewrites every page, as it should.)"""
    repo = unversioned
    html = repo / ".summit-cache" / "work" / "clear" / "html" / "generated" / "statements"
    written = [html / "index.html", html / "contents.html", html / "mini-2014.html"]
    later = time.time() + 10_000  # newer than any source: none looks outdated to Sphinx
    for path in written:
        os.utime(path, (later, later))
    statement = repo / "content" / "statements" / "mini-2014.yaml"
    statement.write_text(statement.read_text().replace("Share course", "Pool course"))

    html_build(repo)

    assert [path.stat().st_mtime < later for path in written] == [False, True, True]
    listing = (repo / "build/clear/html/generated/statements/index.html").read_text()
    assert "mini-2014.html" in listing and 'href="contents.html"' not in listing.split("<main")[1]


def test_a_chart_drawn_anew_prints_its_report_again(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The print cache's key holds the images a page shows, not only its HTML: a chart
    drawn differently under the same name (by a new matplotlib, say) prints its report
    again, although the report's page is byte for byte the same."""
    from summitkit.progress import charts
    from summitkit.sources.core.scales import Status

    def report_printed() -> list[str]:
        result = summit("build", repo, "--format", "pdf", "--only", "mini-report")
        assert result.exit_code == 0, result.output
        return re.findall(r"^pdf: mini-report.*$", result.stderr, re.M)

    assert report_printed() == ["pdf: mini-report"]
    page = next((repo / "build" / "clear" / "html").rglob("mini-report.html")).read_bytes()
    assert report_printed() == []  # nothing changed: the build says so in one line

    monkeypatch.setattr(charts, "_drawn_by", lambda: (b"", "a matplotlib to come"))
    monkeypatch.setitem(charts.STATUS_COLOURS, Status.LIMITED, "#000000")
    work = repo / ".summit-cache" / "work" / "clear"  # a build from nothing but the print cache
    for built in (work / "doctrees", work / "html", repo / "content" / "generated"):
        shutil.rmtree(built)
    (work / "last-build.pickle").unlink()

    assert report_printed() == ["pdf: mini-report"]
    assert next((repo / "build" / "clear" / "html").rglob("mini-report.html")).read_bytes() == page


def test_a_new_matplotlib_makes_the_pages_and_draws_the_charts_again(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build made with other packages is another build, page by page: after an upgrade
    (of matplotlib, say) with no record changed, the report is made and its charts drawn
    again, not kept from the build before."""
    from summitkit.deliverables import pages, unchanged

    for chart in charts(repo):
        chart.unlink()
    html_build(repo)
    assert charts(repo) == []  # nothing changed: nothing drawn

    installed = pages.installed_distributions()
    upgraded = [name for name in installed if not name.startswith("matplotlib-")]
    upgraded.append("matplotlib-99.0.dist-info")
    for module in (pages, unchanged):
        monkeypatch.setattr(module, "installed_distributions", lambda: upgraded)
    html_build(repo)

    assert len(charts(repo)) == 3


def test_a_chart_is_drawn_once_per_process_and_kept_in_each_repository(tmp_path: Path) -> None:
    """Two repositories with the same data in one process (`summit serve`, a build of
    several audiences): the chart is drawn once, and each repository's cache holds it."""
    from summitkit.progress.charts import cached_png

    drawn: list[str] = []

    def draw() -> bytes:
        drawn.append("drawn")
        return b"\x89PNG a chart"

    shown = ("a chart only this test draws", str(tmp_path))
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        assert cached_png(tmp_path / name, shown, draw) == b"\x89PNG a chart"
        assert len(charts(tmp_path / name)) == 1
    assert drawn == ["drawn"]
