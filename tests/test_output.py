"""Printing a deliverable: one page of the site to PDF (WeasyPrint) and DOCX (pandoc).

The fixture `tests/data/output/statement.html` is a statement page as the theme
writes it: masthead, article with version line and DRAFT mark, 3 preambular and
12 operative paragraphs, two docutils footnotes, a 24-row table, a figure, a
Korean sentence and a signatory list.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import importlib.util
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Length
from docx.text.paragraph import Paragraph
from pypdf import PdfReader

from summitkit.deliverables.printed import OutputError
from summitkit.deliverables.printed.docx import write_docx
from summitkit.deliverables.printed.pdf import check_fonts, write_pdf
from summitkit.deliverables.version import Stamp
from summitkit.sources.schema import TLP, DocumentStatus

FIXTURE = Path(__file__).parent / "data" / "output"
REFERENCE = Path(__file__).parents[1] / "templates" / "reference.docx"
TOOL = Path(__file__).parents[1] / "tools" / "make_reference_docx.py"

STAMP = Stamp(
    id="cjk-coe-statement",
    title="Joint Statement on Collaboration among Nuclear Security Centres of Excellence",
    kind="statement",
    round="Nuclear Security Summit 2014",
    status=DocumentStatus.DRAFT,
    revision=3,
    commit="1a2b3c4",
    built="2014-03-01",
    audience=TLP.CLEAR,
)
BUILT = dt.datetime(2014, 3, 1, tzinfo=dt.UTC)

PREAMBULAR = ["Recalling the commitments made", "Recognising that China", "Noting that summit"]
OPERATIVE = [
    "Decide to establish a working group of the three centres",
    "Agree that each centre names a contact person",
    "Resolve to share non-sensitive information on curricula",
    "Invite the International Atomic Energy Agency",
    "Commit to agree, before the next summit, a small set of definable benchmarks",
    "Task the working group with preparing a first regional progress report",
    "Encourage the centres to offer places on their courses",
    "Welcome the cooperation of the regional secretariat for Southeast Asia",
    "Note with appreciation the assistance the three centres receive",
    "Propose that the centre of Japan take the lead on training",
    "Request the working group to meet at least once a year",
    "Decide to review this statement at the next summit",
]
# (words just before the footnote's call, the footnote's opening words)
FOOTNOTES = [
    ("strengthen nuclear security culture through training", "Source: Washington Communiqué"),
    ("as set out in the Seoul work plan", "Source: Seoul work plan of the trilateral"),
]
KOREAN = "핵안보 우수센터 간 협력을 다룬다"


def squash(text: str) -> str:
    """Text without spaces, line breaks and hyphens, so that line breaking and
    hyphenation in the PDF do not matter when looking for a phrase."""
    return re.sub(r"[\s\u00ad\u2010-]+", "", text)


def copy_site(where: Path) -> Path:
    """The fixture site copied to `where`; returns its statement page."""
    shutil.copytree(FIXTURE, where)
    return where / "statement.html"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = copy_site(tmp_path_factory.mktemp("site") / "html")
    target = tmp_path_factory.mktemp("pdf") / "statement.pdf"
    write_pdf(page, target, STAMP)
    return target


@pytest.fixture(scope="module")
def pages(pdf: Path) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(pdf).pages]


@pytest.fixture(scope="module")
def word(tmp_path_factory: pytest.TempPathFactory) -> Path:
    page = copy_site(tmp_path_factory.mktemp("site") / "html")
    target = tmp_path_factory.mktemp("docx") / "statement.docx"
    write_docx(page, target, STAMP, REFERENCE)
    return target


def style(paragraph: Paragraph) -> str:
    assert paragraph.style is not None
    return str(paragraph.style.name)


def numbering(paragraph: Paragraph) -> Any:
    """The numbering (w:numPr) that applies to the paragraph: its own, else its style's."""
    properties = paragraph._p.pPr
    if properties is not None and properties.numPr is not None:
        return properties.numPr
    style = paragraph.style
    own = None if style is None else style.element.pPr
    return None if own is None else own.numPr


def mm(length: Length | None) -> int:
    assert length is not None
    return round(float(length.mm))


def page_with(pages: list[str], phrase: str) -> int:
    found = [number for number, text in enumerate(pages) if squash(phrase) in squash(text)]
    assert len(found) == 1, f"{phrase!r} is on pages {found}"
    return found[0]


# PDF


def test_pdf_carries_every_clause_in_order_with_operative_numbers(pages: list[str]) -> None:
    text = squash("".join(pages))
    positions = [text.find(squash(clause)) for clause in PREAMBULAR + OPERATIVE]
    assert -1 not in positions
    assert positions == sorted(positions)
    for number, clause in enumerate(OPERATIVE, start=1):
        assert squash(f"{number}.{clause}") in text


def test_pdf_has_a_few_a4_pages_without_the_sites_masthead(pdf: Path, pages: list[str]) -> None:
    reader = PdfReader(pdf)
    assert len(pages) >= 3  # the table breaks across pages
    for page in reader.pages:
        assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)
    text = "".join(pages)
    assert "Gift baskets" not in text  # the site's navigation
    assert "¶" not in text  # permalinks


def test_every_pdf_page_carries_the_stamp(pages: list[str]) -> None:
    for number, text in enumerate(pages, start=1):
        assert squash(STAMP.line) in squash(text), f"page {number}"
        assert text.count("TLP:CLEAR") >= 2, f"page {number}: header and footer"
        assert "DRAFT" in text, f"page {number}"
        assert f"page {number} of {len(pages)}" in text


def test_pdf_metadata_comes_from_the_stamp(pdf: Path) -> None:
    metadata = PdfReader(pdf).metadata
    assert metadata is not None
    assert metadata.title == STAMP.title
    assert metadata.subject == "Statement, Nuclear Security Summit 2014"
    assert str(metadata["/Keywords"]) == "cjk-coe-statement, rev3, draft, TLP:CLEAR"
    assert metadata.author == "summitkit"
    assert metadata.creation_date == BUILT
    assert metadata.modification_date == BUILT


def test_footnotes_are_printed_at_the_foot_of_the_page_that_calls_them(pages: list[str]) -> None:
    called_on = [page_with(pages, call) for call, _ in FOOTNOTES]
    assert called_on[0] != called_on[1], "the fixture should call its footnotes on two pages"
    for (call, note), page in zip(FOOTNOTES, called_on, strict=True):
        assert page_with(pages, note) == page, f"footnote {note!r}"
        # At the foot, after the line that calls it, numbered as on the site.
        lines = [squash(line) for line in pages[page].splitlines()]
        at = next(i for i, line in enumerate(lines) if squash(note) in line)
        called = next(i for i, line in enumerate(lines) if squash(call)[-20:] in line)
        assert at > called
        number = FOOTNOTES.index((call, note)) + 1
        assert lines[at].startswith(f"{number}.") or lines[at - 1] == f"{number}."


def test_a_table_broken_across_pages_repeats_its_header(pages: list[str]) -> None:
    with_rows = [n for n, text in enumerate(pages) if "Outreach plan" in text]
    assert len(with_rows) >= 2
    for number in with_rows:
        assert squash("Action Owner Deliverable Due") in squash(pages[number])


def test_korean_text_is_printed_with_a_korean_font(pdf: Path, pages: list[str]) -> None:
    assert squash(KOREAN) in squash("".join(pages))
    fonts = set()
    for page in PdfReader(pdf).pages:
        resources: Any = page["/Resources"]
        for font in resources["/Font"].values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert any("NotoSerifCJKKR" in squash(name) for name in fonts), fonts


def test_an_adopted_text_has_no_draft_mark(tmp_path: Path) -> None:
    adopted = dataclasses.replace(STAMP, status=DocumentStatus.ADOPTED)
    write_pdf(copy_site(tmp_path / "html"), tmp_path / "adopted.pdf", adopted)
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "adopted.pdf").pages)
    assert "DRAFT" not in text
    assert squash(adopted.line) in squash(text)


def test_the_same_page_and_stamp_print_the_same_pdf_bytes(pdf: Path, tmp_path: Path) -> None:
    """Built elsewhere (another folder, another run), the file is byte for byte the same."""
    again = tmp_path / "again.pdf"
    write_pdf(copy_site(tmp_path / "elsewhere"), again, STAMP)
    assert again.read_bytes() == pdf.read_bytes()


def test_missing_cjk_font_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Simulates a machine without CJK fonts: the font check is monkeypatched to find none.
    The patch only stands in for fontconfig's answer; the check and the error are real."""
    monkeypatch.setattr("summitkit.deliverables.printed.pdf.fonts_for", lambda lang: ())
    target = tmp_path / "statement.pdf"
    with pytest.raises(OutputError) as raised:
        write_pdf(copy_site(tmp_path / "html"), target, STAMP)
    assert "Korean" in str(raised.value)
    assert "Noto Serif CJK KR" in str(raised.value)
    assert "fonts-noto-cjk" in str(raised.value)
    assert not target.exists()
    check_fonts("A statement in English only.")  # Latin text needs no CJK font


def test_cjk_font_check_names_the_language_of_the_script(monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulates missing fonts (monkeypatched font check), one language at a time."""
    monkeypatch.setattr("summitkit.deliverables.printed.pdf.fonts_for", lambda lang: ())
    for text, language in (
        ("核安全", "Chinese"),
        ("核セキュリティ", "Japanese"),
        ("핵안보", "Korean"),
    ):
        with pytest.raises(OutputError, match=language):
            check_fonts(text)


def test_only_the_sites_own_files_are_read(tmp_path: Path) -> None:
    """An image from the network or from outside the site is printed as its alt text."""
    page = copy_site(tmp_path / "html")
    (tmp_path / "secret.png").write_bytes((FIXTURE / "_images" / "progress.png").read_bytes())
    html = page.read_text(encoding="utf-8").replace(
        "3 states:</p>",
        '3 states: <img alt="remote logo" src="https://example.invalid/logo.png" />'
        ' <img alt="outside file" src="../secret.png" /></p>',
    )
    page.write_text(html, encoding="utf-8")
    write_pdf(page, tmp_path / "out.pdf", STAMP)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "out.pdf").pages)
    assert "[remote logo]" in text
    assert "[outside file]" in text
    write_docx(page, tmp_path / "out.docx", STAMP, REFERENCE)
    with zipfile.ZipFile(tmp_path / "out.docx") as archive:
        images = [name for name in archive.namelist() if name.startswith("word/media/")]
        assert len(images) == 1  # the figure of the site, nothing else


def small_page(folder: Path, body: str) -> Path:
    """A page of the site holding only `body` in its deliverable's article."""
    folder.mkdir()
    page = folder / "small.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en" data-content_root="./"><head><title>t</title></head>'
        '<body><main><article class="sk-document" data-id="small" data-status="draft"'
        f' data-revision="1"><section><h1>Small</h1>{body}</section></article></main>'
        "</body></html>",
        encoding="utf-8",
    )
    return page


def test_numbering_from_a_start_and_a_footnote_called_twice(tmp_path: Path) -> None:
    """Operative numbers follow the list's start; a footnote called twice is printed once
    in the PDF (the second call shows its number) and once in Word, where the second call is
    a NOTEREF cross-reference to the first."""
    fragment = FIXTURE / "footnote-called-twice.fragment.html"
    page = small_page(tmp_path / "html", fragment.read_text(encoding="utf-8"))
    write_pdf(page, tmp_path / "small.pdf", STAMP)
    text = "".join(p.extract_text() for p in PdfReader(tmp_path / "small.pdf").pages)
    assert "4. Fourth paragraph1." in text
    assert "5. Fifth paragraph1." in text
    assert text.count("Shared source note.") == 1
    assert "Its second paragraph." in text
    assert "(1,2)" not in squash(text)  # the back-references stay on the site
    write_docx(page, tmp_path / "small.docx", STAMP)
    with zipfile.ZipFile(tmp_path / "small.docx") as archive:
        notes = re.sub(r"<[^>]+>", "", archive.read("word/footnotes.xml").decode())
        body = archive.read("word/document.xml").decode()
    assert notes.count("Shared source note.") == 1
    assert body.count("<w:footnoteReference ") == 1
    assert re.search(r'w:instr=" NOTEREF _RefFootnote1 \\f \\h "', body)
    assert 'w:name="_RefFootnote1"' in body


def test_a_page_without_a_deliverable_is_refused(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    page.write_text("<html><body><main><p>Welcome</p></main></body></html>", encoding="utf-8")
    with pytest.raises(OutputError, match="sk-document"):
        write_pdf(page, tmp_path / "index.pdf", STAMP)
    with pytest.raises(OutputError, match="sk-document"):
        write_docx(page, tmp_path / "index.docx", STAMP)


# DOCX


def test_docx_carries_every_clause_with_operative_numbering(word: Path) -> None:
    document = docx.Document(str(word))
    paragraphs = document.paragraphs
    texts = [p.text for p in paragraphs]
    for clause in PREAMBULAR:
        paragraph = next(p for p in paragraphs if p.text.startswith(clause))
        assert style(paragraph) == "Preambular"
        assert numbering(paragraph) is None
    numbered = [p for p in paragraphs if numbering(p) is not None]
    operative = [p for p in numbered if any(p.text.startswith(c) for c in OPERATIVE)]
    assert [p.text[: len(c)] for p, c in zip(operative, OPERATIVE, strict=True)] == OPERATIVE
    assert texts.index(operative[0].text) < texts.index(operative[-1].text)
    # Numbered by the reference document's list style, not by direct formatting.
    assert {style(p) for p in operative} == {"Operative Paragraph"}
    assert all(p._p.pPr.numPr is None for p in operative)
    # One list, numbered 1., 2., ... by Word: decimal with a period, starting at 1.
    num_ids = {numbering(p).numId.val for p in operative}
    assert len(num_ids) == 1
    num_id = num_ids.pop()
    definitions = document.part.numbering_part.element
    num = next(n for n in definitions.num_lst if n.numId == num_id)
    abstract = next(
        a
        for a in definitions.findall(qn("w:abstractNum"))
        if a.get(qn("w:abstractNumId")) == str(num.abstractNumId.val)
    )
    level = abstract.find(qn("w:lvl"))
    assert level.find(qn("w:numFmt")).get(qn("w:val")) == "decimal"
    assert level.find(qn("w:lvlText")).get(qn("w:val")) == "%1."
    start = level.find(qn("w:start"))
    assert start is None or start.get(qn("w:val")) == "1"


def test_docx_opens_with_title_version_line_and_draft_mark(word: Path) -> None:
    paragraphs = docx.Document(str(word)).paragraphs
    assert (style(paragraphs[0]), paragraphs[0].text) == ("Title", STAMP.title)
    assert (style(paragraphs[1]), paragraphs[1].text) == (
        "Version Line",
        f"{STAMP.line} · TLP:CLEAR",
    )
    assert (style(paragraphs[2]), paragraphs[2].text) == ("Draft Mark", "DRAFT")
    assert all("¶" not in p.text for p in paragraphs)


def test_docx_header_and_footer_carry_the_stamp(word: Path) -> None:
    section = docx.Document(str(word)).sections[0]
    header = " ".join(p.text for p in section.header.paragraphs)
    footer = " ".join(p.text for p in section.footer.paragraphs)
    assert f"DRAFT · {STAMP.title}" in header
    assert "TLP:CLEAR" in header
    assert STAMP.line in footer
    assert "TLP:CLEAR" in footer
    fields = [f.get(qn("w:instr")) for f in section.footer._element.iter(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)


def test_docx_keeps_the_table_with_a_repeating_header_row(word: Path) -> None:
    tables = docx.Document(str(word)).tables
    # The action items, and the signatories laid out in three columns.
    assert len(tables) == 2
    rows = tables[0].rows
    assert [c.text for c in rows[0].cells] == ["Action", "Owner", "Deliverable", "Due"]
    assert len(tables[1].columns) == 3
    assert len(rows) == 25
    header_row: Any = rows[0]._tr.trPr
    assert header_row.find(qn("w:tblHeader")) is not None


def test_a_table_with_a_title_stays_a_table_in_word(tmp_path: Path) -> None:
    """A report's titled tables (benchmark levels, assessment axes, a chart's data) are
    Word tables, under their title, not a paragraph per cell."""
    table = (
        '<table class="docutils align-default sk-card-axes" id="id1"><caption>'
        '<span class="caption-text">Assessment axes</span><a class="headerlink" '
        'href="#id1">¶</a></caption><thead><tr><th><p>Commitment</p></th><th><p>When</p>'
        "</th></tr></thead><tbody><tr><td><p>kor-join-nstsc-2016</p></td><td><p>Nuclear "
        "Security Summit 2016</p></td></tr></tbody></table>"
    )
    page = small_page(tmp_path / "html", table)
    write_docx(page, tmp_path / "axes.docx", STAMP)

    document = docx.Document(str(tmp_path / "axes.docx"))
    assert len(document.tables) == 1
    assert [c.text for c in document.tables[0].rows[1].cells] == [
        "kor-join-nstsc-2016",
        "Nuclear Security Summit 2016",
    ]
    assert "Assessment axes" in [p.text for p in document.paragraphs]
    assert "kor-join-nstsc-2016" not in [p.text for p in document.paragraphs]


def test_docx_footnotes_are_word_footnotes(word: Path) -> None:
    with zipfile.ZipFile(word) as archive:
        footnotes = archive.read("word/footnotes.xml").decode()
        body = archive.read("word/document.xml").decode()
    text = re.sub(r"<[^>]+>", "", footnotes)
    for _, note in FOOTNOTES:
        assert note in text
        assert note not in re.sub(r"<[^>]+>", "", body)
    assert body.count("<w:footnoteReference ") == len(FOOTNOTES)


def test_docx_marks_korean_text_as_korean(word: Path) -> None:
    document = docx.Document(str(word))
    run = next(r for p in document.paragraphs for r in p.runs if KOREAN in r.text)
    properties: Any = run._r.rPr
    language = properties.find(qn("w:lang"))
    assert language.get(qn("w:val")) == "ko"
    assert language.get(qn("w:eastAsia")) == "ko-KR"


def test_docx_properties_come_from_the_stamp(word: Path) -> None:
    properties = docx.Document(str(word)).core_properties
    assert properties.title == STAMP.title
    assert properties.subject == "Statement, Nuclear Security Summit 2014"
    assert properties.keywords == "cjk-coe-statement, rev3, draft, TLP:CLEAR"
    assert properties.author == "summitkit"
    assert properties.content_status == "draft"
    assert properties.created == BUILT
    assert properties.modified == BUILT


def test_the_same_page_and_stamp_print_the_same_docx_bytes(word: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.docx"
    write_docx(copy_site(tmp_path / "elsewhere"), again, STAMP, REFERENCE)
    assert again.read_bytes() == word.read_bytes()
    with zipfile.ZipFile(word) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2014, 3, 1, 0, 0, 0)}
        assert archive.namelist()[0] == "[Content_Types].xml"


def test_docx_without_a_reference_document_still_gets_a4_and_the_stamp(tmp_path: Path) -> None:
    target = tmp_path / "plain.docx"
    write_docx(copy_site(tmp_path / "html"), target, STAMP)
    section = docx.Document(str(target)).sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert STAMP.line in section.footer.paragraphs[0].text
    with pytest.raises(OutputError, match="does not exist"):
        write_docx(copy_site(tmp_path / "again"), target, STAMP, tmp_path / "missing.docx")


def test_reference_document_is_the_generated_one() -> None:
    """templates/reference.docx is what tools/make_reference_docx.py writes; when pandoc's
    own reference document changes, run the tool again and review the new file."""
    spec = importlib.util.spec_from_file_location("make_reference_docx", TOOL)
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.reference_docx() == REFERENCE.read_bytes()
    document = docx.Document(str(REFERENCE))
    styles = document.styles
    assert {"Version Line", "Draft Mark", "Preambular"} <= {s.name for s in styles}
    assert mm(document.sections[0].page_width) == 210
    with zipfile.ZipFile(REFERENCE) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2014, 3, 24, 0, 0, 0)}


def _text_right_edges(page: Any) -> list[float]:
    """Where each run of text the page shows ends on the right, in points."""
    edges: list[float] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            edges.append(x + 0.5 * size * len(text) * cm[0] * tm[0])  # half an em a glyph

    page.extract_text(visitor_text=visit)
    return edges


def test_the_participation_matrix_prints_every_column_on_the_page(tmp_path: Path) -> None:
    """A column per joint statement and gift basket, headed by its title: a dozen of them
    must fit the width of an A4 page (the heat map below it prints no table of its own)."""
    titles = [f"Joint Statement on Strengthening Implementation number {n}" for n in range(12)]
    head = "".join(f"<th><p>{title}</p></th>" for title in titles)
    row = "".join("<td><p>✓</p></td>" for _ in titles)
    table = (
        '<table class="docutils align-default sk-participation"><thead><tr><th><p>State</p>'
        f"</th>{head}</tr></thead><tbody><tr><td><p>Republic of Korea</p></td>{row}</tr>"
        "</tbody></table>"
    )
    page = small_page(tmp_path / "html", table)
    write_pdf(page, tmp_path / "matrix.pdf", STAMP)

    printed = PdfReader(tmp_path / "matrix.pdf").pages[0]
    edges = _text_right_edges(printed)
    assert len(edges) > 12
    assert max(edges) < float(printed.mediabox.width)
    assert squash(titles[-1][-6:]) in squash(printed.extract_text())


def test_a_heat_map_of_every_state_prints_within_the_page(tmp_path: Path) -> None:
    """The participation heat map of 190 states and a dozen documents, printed: a tall
    narrow picture that fits between the page's header and footer, not over the footer."""
    from summitkit.progress.charts import participation_chart

    states = [f"State {i:03d}" for i in range(190)]
    documents = [f"washington-2016-statement-{i:02d}" for i in range(12)]
    cells = [["lead" if (r * c) % 7 == 1 else "" for c in range(12)] for r in range(190)]
    chart = participation_chart(tmp_path, "p.png", "Joined", states, documents, cells)
    page = small_page(tmp_path / "html", '<figure><img src="p.png" alt="map"></figure>')
    (tmp_path / "html" / "p.png").write_bytes(chart.png)
    write_pdf(page, tmp_path / "map.pdf", STAMP)

    drawn: list[tuple[float, float]] = []  # each image's bottom and top, in points

    def visit(operator: bytes, args: Any, cm: list[float], tm: list[float]) -> None:
        if operator == b"Do":
            drawn.append((cm[5], cm[5] + cm[3]))

    reader = PdfReader(tmp_path / "map.pdf")
    for printed in reader.pages:
        printed.extract_text(visitor_operand_before=visit)
    bottom, top = max(drawn, key=lambda extent: extent[1] - extent[0])  # not the watermark
    assert top - bottom > 400
    height = float(reader.pages[0].mediabox.height)
    margin = 24 / 25.4 * 72  # print.css: 24 mm above and below the text block
    assert margin - 1 <= bottom < top <= height - margin + 1
