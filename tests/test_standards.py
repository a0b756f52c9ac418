"""The shipped corpus's deliverables checked by outside tools, as a reader's tools see them:
the Nu Html Checker (errors and warnings), axe-core in headless Chromium, the page
at a phone's width, the PDFs' text and structure tree, the DOCX files' XML.

One full build of the shipped corpus is shared by every test in this module.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import docx
import pikepdf
import pytest
from chromium import Browser, axe_violations, browser, page_width
from click.testing import CliRunner
from conftest import copy_repo
from gitkit import git
from lxml import etree
from lxml import html as lxml_html
from nu import nu_problems
from PIL import Image
from pypdf import PdfReader

from summitkit.cli import main
from summitkit.deliverables.printed import cjk_languages

#: The Nu checker, axe in Chromium and a full build of the shipped corpus: every test.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
EPOCH = {"SOURCE_DATE_EPOCH": "1395619200"}  # 2014-03-24
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

#: The pages a reader of each kind of deliverable opens, and the site's front page.
PAGES = {
    "index": "index.html",
    "statement": "generated/statements/washington-2016-nstsc.html",
    "basket": "generated/baskets/cjk-coe-collaboration-2014.html",
    "parallel": "generated/baskets/cjk-coe-collaboration-2014-parallel.html",
    "report": "generated/reports/summit-wide-2016.html",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped corpus built into a copy of the repository: HTML, PDF and DOCX."""
    repo = copy_repo(ROOT, tmp_path_factory.mktemp("shipped") / "repo")
    # One process: pytest-xdist keeps every core busy already, and no test here is about -j.
    result = CliRunner().invoke(main, ["build", str(repo), "-q"], env=EPOCH)
    assert result.exit_code == 0, result.output
    return repo / "build" / "clear"


@pytest.fixture(scope="module")
def redlines(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The HTML redlines a reader opens: two records of the shipped corpus side by side,
    and a git revision against an edited working tree (a reworded clause, a signatory
    gone), each whole and with --changed-only."""
    folder = tmp_path_factory.mktemp("redlines")
    repo = folder / "repo"
    copy_repo(ROOT, repo)
    (repo / ".gitignore").write_text("build/\ncontent/generated/\n", encoding="utf-8")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the shipped corpus")
    statement = repo / "content" / "statements" / "washington-2016-nstsc.yaml"
    text = statement.read_text(encoding="utf-8")
    edited = text.replace("The signatories commit to", "The signatories resolve to", 1)
    edited = edited.replace("\n  - aus\n", "\n", 1)
    assert edited.count("\n") == text.count("\n") - 1
    statement.write_text(edited, encoding="utf-8")
    sides = {"pair": ("seoul-2012-nstsc", "washington-2016-nstsc"), "revision": ("HEAD",)}
    pages = {}
    for name, args in sides.items():
        for extra in ((), ("--changed-only",)):
            page = folder / f"{name}{''.join(extra)}.html"
            result = CliRunner().invoke(
                main,
                ["diff", *args, "--format", "html", "-o", str(page), "--path", str(repo), *extra],
            )
            assert result.exit_code == 0, result.output
            pages[page.stem] = page
    assert "resolve" in pages["revision"].read_text(encoding="utf-8")
    return pages


@pytest.fixture(scope="module")
def tab() -> Iterator[Browser]:
    with browser() as opened:
        yield opened


def small_page(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>t</title>'
        f'<meta name="viewport" content="width=device-width"></head><body>{body}</body></html>',
        encoding="utf-8",
    )
    return page


@pytest.fixture(scope="module")
def nu_report(
    built: Path, redlines: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, list[str]]:
    """The Nu checker's errors and warnings from one run over the site, the redlines and
    a page it must warn about, by what was checked (a line naming none goes to each)."""
    folder = tmp_path_factory.mktemp("nu-warned")
    warned = small_page(folder, "<main><article><p>no heading</p></article></main>")
    checked = {"site": [built / "html"], "redlines": sorted(redlines.values()), "warned": [warned]}
    problems = nu_problems([path for paths in checked.values() for path in paths])

    def about(line: str) -> set[str]:
        return {name for name, paths in checked.items() if any(str(p) in line for p in paths)}

    return {name: [line for line in problems if name in about(line) or not about(line)]
            for name in checked}  # fmt: skip


def test_every_page_passes_the_nu_html_checker_without_a_warning(
    built: Path, nu_report: dict[str, list[str]]
) -> None:
    pages = list((built / "html").rglob("*.html"))
    assert len(pages) > 20
    assert nu_report["site"] == []


def test_the_nu_checker_reports_warnings_too(nu_report: dict[str, list[str]]) -> None:
    warned = nu_report["warned"]
    assert any("warning: Article lacks heading" in line for line in warned), warned


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_axe_finds_no_violation_of_any_impact(built: Path, tab: Browser, kind: str) -> None:
    assert axe_violations(tab, built / "html" / PAGES[kind]) == []


def test_every_redline_passes_the_nu_html_checker_without_a_warning(
    nu_report: dict[str, list[str]],
) -> None:
    assert nu_report["redlines"] == []


@pytest.mark.parametrize(
    "kind", ["pair", "pair--changed-only", "revision", "revision--changed-only"]
)
def test_axe_finds_no_violation_on_a_redline(
    redlines: dict[str, Path], tab: Browser, kind: str
) -> None:
    assert axe_violations(tab, redlines[kind]) == []
    assert page_width(tab, redlines[kind], 390) <= 390


def test_axe_reports_what_it_finds(tmp_path: Path, tab: Browser) -> None:
    page = small_page(tmp_path, '<main><h1>t</h1><img src="x.png"></main>')
    found = axe_violations(tab, page)
    assert any(line.startswith("image-alt (critical)") for line in found), found


@pytest.mark.parametrize("kind", ["report", "basket", "parallel"])
def test_pages_are_no_wider_than_a_phone(built: Path, tab: Browser, kind: str) -> None:
    assert page_width(tab, built / "html" / PAGES[kind], 390) <= 390


def test_the_width_measure_sees_a_page_that_overflows(tmp_path: Path, tab: Browser) -> None:
    page = small_page(tmp_path, '<main><h1>t</h1><div style="width:700px">wide</div></main>')
    assert page_width(tab, page, 390) >= 700


def test_shipped_corpus_builds_and_lists_the_2016_signatories(built: Path) -> None:
    html = (built / "html" / PAGES["statement"]).read_text(encoding="utf-8")
    assert "28 states and 2 organizations:" in html
    listed = html.split('class="sk-signatories')[1].split("</ul>")[0]
    names = re.findall(r"<li><p>([^<]+)</p></li>", listed)
    assert len(names) == 30
    assert names[-2:] == ["International Criminal Police Organization", "United Nations"]
    assert "Republic of Korea" in names and "China" in names


def test_a_deliverable_page_has_one_main_landmark_and_links_its_printed_files(
    built: Path,
) -> None:
    html = (built / "html" / PAGES["parallel"]).read_text(encoding="utf-8")
    assert html.count("<main") == 1 and 'role="main"' not in html
    name = "cjk-coe-collaboration-2014-parallel"
    for fmt in ("pdf", "docx"):
        link = f'href="../../../{fmt}/{name}.{fmt}"'
        assert link in html
        # The link resolves from the page to the file the build printed.
        page = built / "html" / PAGES["parallel"]
        assert (page.parent / f"../../../{fmt}/{name}.{fmt}").resolve().is_file()


def pdf_lines(path: Path) -> list[str]:
    return [line for page in PdfReader(path).pages for line in page.extract_text().splitlines()]


def test_no_pdf_breaks_a_word_with_an_automatic_hyphen(built: Path) -> None:
    pdfs = sorted((built / "pdf").glob("*.pdf"))
    assert len(pdfs) >= 10
    broken = [
        f"{pdf.name}: {line}" for pdf in pdfs for line in pdf_lines(pdf) if line.endswith("\u2010")
    ]
    assert broken == []


def structure_elements(pdf: pikepdf.Pdf) -> Iterator[pikepdf.Dictionary]:
    """Every element of the PDF's structure tree, depth first."""
    pending: list[object] = [pdf.Root.StructTreeRoot]
    while pending:
        node = pending.pop()
        if isinstance(node, pikepdf.Array):
            pending.extend(reversed(list(node)))
        elif isinstance(node, pikepdf.Dictionary):
            if "/S" in node:
                yield node
            if "/K" in node:
                pending.append(node.K)


def test_parallel_pdf_tags_each_language_in_the_structure_tree(built: Path) -> None:
    with pikepdf.open(built / "pdf" / "cjk-coe-collaboration-2014-parallel.pdf") as pdf:
        assert str(pdf.Root.Lang) == "en"
        tagged = Counter(
            str(e.Lang) for e in structure_elements(pdf) if e.S == "/P" and "/Lang" in e
        )
    # A heading and one cell per clause in each language.
    assert set(tagged) == {"en", "ko", "ja", "zh", "fr"}
    assert len(set(tagged.values())) == 1 and tagged["zh"] > 5


def test_pdfs_are_pdf_ua_with_alt_text_and_table_headers(built: Path) -> None:
    with pikepdf.open(built / "pdf" / "summit-wide-2016.pdf") as pdf:
        assert pdf.Root.MarkInfo.Marked
        assert b'pdfuaid:part="1"' in pdf.Root.Metadata.read_bytes()
        assert pdf.Root.ViewerPreferences.DisplayDocTitle
        elements = list(structure_elements(pdf))
    figures = [e for e in elements if e.S == "/Figure"]
    alts = [str(f.get("/Alt", "")) for f in figures]
    assert len(figures) >= 2 and all(alt.strip() for alt in alts), alts
    assert any(alt.startswith("Stacked bar chart of commitment status") for alt in alts)
    assert any(alt.startswith("Bar chart of commitments by category") for alt in alts)
    assert sum(e.S == "/Table" for e in elements) >= 5
    assert sum(e.S == "/TH" for e in elements) >= 5 * 3


def test_a_footnote_call_keeps_to_the_word_before_it(built: Path) -> None:
    # A draft prints its source notes: each call a bare number after a word, never
    # alone on a line.
    lines = pdf_lines(built / "pdf" / "cjk-coe-collaboration-2014.pdf")
    assert [line for line in lines if re.search(r"[a-z][.,;]?\d$", line.rstrip())]
    assert not [line for line in lines if line.strip().isdigit() and len(line.strip()) <= 2]
    # An adopted statement prints none: its citations stay on the site's record page.
    adopted = pdf_lines(built / "pdf" / "washington-2016-nstsc.pdf")
    assert not [line for line in adopted if line.rstrip().endswith("stronger.1")]
    assert "stronger." in " ".join(adopted)


def squeezed(text: str) -> str:
    """Text without any whitespace: a cell's or a note's words, however the PDF wraps them."""
    return "".join(text.split())


def source_notes(page: Path) -> dict[str, tuple[str, str]]:
    """Each footnote of a built page: its label → (its text, the text of the element that
    first calls it: the table cell, else the paragraph)."""
    tree = lxml_html.parse(str(page))
    found = {}
    for call in tree.iterfind('.//a[@role="doc-noteref"]'):
        note_id = (call.get("href") or "").lstrip("#")
        (note,) = tree.xpath(f'//aside[@id="{note_id}"]')
        label = squeezed("".join(call.itertext())).strip("[]")
        if label in found:
            continue
        text = " ".join(" ".join(p.itertext()) for p in note.iterfind("p"))
        holder = next(call.iterancestors("td", "p"))
        before = "".join(holder.itertext()).split("[")[0]  # the words before the call
        found[label] = (squeezed(text), squeezed(before)[:60])
    return found


def test_an_adopted_statement_prints_no_source_note(built: Path) -> None:
    """Its citations are on the site's record page, not in the signed text."""
    notes = source_notes(built / "html" / PAGES["statement"])
    assert notes
    pdf = built / "pdf" / "washington-2016-nstsc.pdf"
    printed = squeezed(" ".join(p.extract_text() for p in PdfReader(pdf).pages))
    assert not [label for label, (text, _) in notes.items() if text in printed]
    assert "DoneatWashington" in printed


@pytest.mark.parametrize("kind", ["parallel", "basket"])
def test_every_source_note_is_printed_on_the_page_of_its_call(built: Path, kind: str) -> None:
    """A note called from a table cell (the parallel text) as well as from a paragraph: its
    text is on the PDF page where the passage that calls it is printed."""
    page = built / "html" / PAGES[kind]
    notes = source_notes(page)
    assert notes
    pdf = built / "pdf" / f"{page.stem}.pdf"
    pages = [squeezed(p.extract_text()) for p in PdfReader(pdf).pages]
    for label, (text, caller) in notes.items():
        called = [i for i, text_of_page in enumerate(pages, 1) if caller in text_of_page]
        printed = [i for i, text_of_page in enumerate(pages, 1) if text in text_of_page]
        assert called, f"note {label}: its call's passage is not in the PDF"
        assert printed == called[:1], f"note {label}: called on {called}, printed on {printed}"


def test_the_parallel_docx_keeps_every_source_note(built: Path) -> None:
    page = built / "html" / PAGES["parallel"]
    notes = docx_part(built / "docx" / f"{page.stem}.docx", "word/footnotes.xml")
    printed = {squeezed(text_of(note)) for note in notes.iterfind(W + "footnote")}
    for label, (text, _) in source_notes(page).items():
        assert any(text in note for note in printed), f"note {label} is not in the DOCX"


def docx_part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def text_of(element: etree._Element) -> str:
    return "".join(element.itertext())


@pytest.mark.parametrize(
    "name", ["cjk-coe-collaboration-2014", "cjk-coe-collaboration-2014-parallel"]
)
def test_docx_writes_each_source_footnote_once_and_points_back_to_it(
    built: Path, name: str
) -> None:
    path = built / "docx" / f"{name}.docx"
    notes = [
        " ".join(text_of(note).split())
        for note in docx_part(path, "word/footnotes.xml").iterfind(W + "footnote")
        if int(note.get(W + "id", "0")) > 0  # 0 and -1 are Word's separators
    ]
    assert notes and len(notes) == len(set(notes)), notes
    body = docx_part(path, "word/document.xml")
    calls = body.findall(f".//{W}footnoteReference")
    assert len(calls) == len(notes)
    bookmarks = {b.get(W + "name") for b in body.iter(W + "bookmarkStart")}
    for field in body.iter(W + "fldSimple"):
        instruction = field.get(W + "instr", "").split()
        if instruction and instruction[0] == "NOTEREF":
            assert instruction[1] in bookmarks


def test_a_source_cited_again_is_one_footnote_and_references_to_it(built: Path) -> None:
    """Each note once, at its first call; each later call a NOTEREF to it. An adopted
    statement has none: its citations stay on the site's record page."""
    page = lxml_html.parse(str(built / "html" / PAGES["basket"]))
    calls = len(page.findall('.//a[@role="doc-noteref"]'))
    notes = len(page.findall('.//aside[@role="doc-footnote"]'))
    assert calls > notes > 0
    body = docx_part(built / "docx" / "cjk-coe-collaboration-2014.docx", "word/document.xml")
    references = [
        f.get(W + "instr", "").split()[0]
        for f in body.iter(W + "fldSimple")
        if "NOTEREF" in str(f.get(W + "instr"))
    ]
    assert len(body.findall(f".//{W}footnoteReference")) == notes
    assert references == ["NOTEREF"] * (calls - notes)
    adopted = docx_part(built / "docx" / "washington-2016-nstsc.docx", "word/document.xml")
    assert not adopted.findall(f".//{W}footnoteReference")


def test_docx_operative_paragraphs_are_in_the_reference_list_style(built: Path) -> None:
    document = docx.Document(str(built / "docx" / "washington-2016-nstsc.docx"))
    operative = [
        p
        for p in document.paragraphs
        if p.text.startswith(("The signatories commit", "Signatories whose", "They see"))
    ]
    assert len(operative) == 3
    for paragraph in operative:
        assert paragraph.style is not None and paragraph.style.name == "Operative Paragraph"
        assert paragraph._p.pPr.numPr is None  # the number is the style's, not pasted on
    numbered = operative[0].style.element.pPr.numPr
    assert numbered is not None and numbered.numId.val == 10
    # The style exists in the reference document a user edits, with its numbering.
    reference = docx.Document(str(ROOT / "templates" / "reference.docx"))
    assert reference.styles["Operative Paragraph"].element.pPr.numPr.numId.val == 10
    assert (ROOT / "templates/reference.docx").read_bytes() == (
        ROOT / "summitkit/deliverables/templates/reference.docx"
    ).read_bytes()


def test_docx_signatories_of_an_adopted_text_are_a_formal_list(built: Path) -> None:
    """One name to a paragraph, as they sign, not the draft's table of three columns."""
    document = docx.Document(str(built / "docx" / "washington-2016-nstsc.docx"))
    assert not document.tables
    texts = [p.text for p in document.paragraphs]
    first = texts.index("Argentina")
    names = texts[first : texts.index("United Nations") + 1]
    assert len(names) == 30 and texts[first - 1] == "Signatories"


def test_docx_cjk_runs_carry_their_language(built: Path) -> None:
    body = docx_part(
        built / "docx" / "cjk-coe-collaboration-2014-parallel.docx", "word/document.xml"
    )
    languages: Counter[str] = Counter()
    for run in body.iter(W + "r"):
        text = text_of(run)
        needed = cjk_languages(text)
        if not needed:
            continue
        language = run.find(f"{W}rPr/{W}lang")
        assert language is not None, text
        assert language.get(W + "eastAsia") in ("ja-JP", "ko-KR", "zh-CN"), text
        languages[language.get(W + "eastAsia")] += 1
    assert set(languages) == {"ja-JP", "ko-KR", "zh-CN"}
    # Footnotes survive in the parallel text too.
    assert body.findall(f".//{W}footnoteReference")


def ink_on_the_edge(png: bytes) -> list[str]:
    """Which edges of an image have anything but the white background on them."""
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    edges = {
        "left": [(0, y) for y in range(height)],
        "right": [(width - 1, y) for y in range(height)],
        "top": [(x, 0) for x in range(width)],
        "bottom": [(x, height - 1) for x in range(width)],
    }
    return [edge for edge, pixels in edges.items() if min(map(image.getpixel, pixels)) < 200]


def test_chart_titles_and_labels_stay_inside_the_figure(built: Path) -> None:
    charts = sorted((built / "html" / "_images").glob("*.png"))
    assert len(charts) >= 4
    assert {chart.name: ink_on_the_edge(chart.read_bytes()) for chart in charts} == {
        chart.name: [] for chart in charts
    }


def test_the_edge_check_sees_a_clipped_title() -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot

    figure, axes = pyplot.subplots(figsize=(3, 2))
    axes.set_title("A title far too long to fit in a figure this narrow, clipped")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=60)
    pyplot.close(figure)
    assert "left" in ink_on_the_edge(buffer.getvalue())
