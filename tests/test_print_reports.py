"""Reports printed so that they cannot be misread: a label and its entries stay together."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from test_output import STAMP, small_page

from summitkit.deliverables.printed.pdf import write_pdf

SIGNED = [
    ("Tunisia", "Joint Statement on Nuclear Terrorism (Seoul 2012)"),
    ("Türkiye", "Joint Statement on Transport Security (Seoul 2012); Joint Statement on "
                "Countering Nuclear Smuggling (The Hague 2014)"),
    ("United Republic of Tanzania", "none recorded"),
    ("Thailand", "Joint Statement on Nuclear Security Training and Support Centres "
                 "(Seoul 2012)"),
    ("United Kingdom of Great Britain and Northern Ireland", "Joint Statement on Insider "
     "Threat Mitigation (Washington 2016)"),
    ("Ukraine", "none recorded"),
]  # fmt: skip


def field_list(rows: list[tuple[str, str]]) -> str:
    """A field list as docutils writes the report's "Joint statements signed"."""
    items = "".join(
        f'<dt class="field-odd">{name}<span class="colon">:</span></dt>'
        f'<dd class="field-odd"><p>{titles}</p></dd>'
        for name, titles in rows
    )
    return f'<dl class="field-list simple">{items}</dl>'


def test_each_state_of_a_field_list_prints_on_the_line_of_its_own_entries(
    tmp_path: Path,
) -> None:
    page = small_page(tmp_path / "html", "<h2>Joint statements signed</h2>" + field_list(SIGNED))
    target = tmp_path / "signed.pdf"
    write_pdf(page, target, STAMP)
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = text.splitlines()
    at = 0
    for name, titles in SIGNED:
        # The line where the state's name starts, after the previous state's, also
        # starts its entries.
        at = next(n for n in range(at, len(lines)) if lines[n].lstrip().startswith(name.split()[0]))
        assert titles.split()[0] in lines[at], (name, lines[at])
        at += 1
    # Tanzania's name (three lines in its column) does not take Thailand's entries.
    thailand = next(line for line in lines if line.lstrip().startswith("Thailand"))
    assert "Training and Support" in thailand or "Joint Statement" in thailand


def footnoted_paragraphs(count: int) -> str:
    """Operative paragraphs whose footnote call falls at every place along a line."""
    items = []
    for n in range(count):
        words = " ".join(["alpha", "beta", "gamma"][k % 3] + str(k) for k in range(n))
        items.append(
            f'<li id="op{n}"><p>{words} target{n}\n'
            f'<a class="footnote-reference brackets" href="#f{n}" id="c{n}" role="doc-noteref">'
            f'<span class="fn-bracket">[</span>{n + 1}<span class="fn-bracket">]</span></a>'
            " and more words after the call to fill the line, and a second line after"
            " it, so that the paragraph runs on.</p></li>"
        )
    notes = "".join(
        f'<aside class="footnote brackets" id="f{n}" role="doc-footnote"><span class="label">'
        f'<span class="fn-bracket">[</span>{n + 1}<span class="fn-bracket">]</span></span>'
        f"<p>Note {n}.</p></aside>"
        for n in range(count)
    )
    return (
        f'<ol class="arabic simple sk-operative">{"".join(items)}</ol>'
        f'<aside class="footnote-list brackets">{notes}</aside>'
    )


def test_a_footnote_call_stays_with_its_word(tmp_path: Path) -> None:
    page = small_page(tmp_path / "html", footnoted_paragraphs(24))
    target = tmp_path / "notes.pdf"
    write_pdf(page, target, STAMP)
    text = subprocess.run(
        ["pdftotext", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    for n in range(24):
        # The word and its call on one line: "target5" and its call "6" read "target56".
        assert any(f"target{n}{n + 1}" in line.replace(" ", "") for line in lines), n
    assert "\u2060" not in text


def test_a_long_field_list_keeps_its_heading_and_each_label_whole_across_pages(
    tmp_path: Path,
) -> None:
    body = (
        "<p>Introduction.</p>" * 30 + "<h2>Joint statements signed</h2>" + field_list(SIGNED * 12)
    )
    page = small_page(tmp_path / "html", body)
    target = tmp_path / "long.pdf"
    write_pdf(page, target, STAMP)
    from pypdf import PdfReader

    pages = [p.extract_text() for p in PdfReader(target).pages]
    assert len(pages) >= 3
    heading = next(text for text in pages if "Joint statements signed" in text)
    assert "Tunisia" in heading  # not left alone at the foot of a page
    for text in pages:
        # A label's lines and its entries on one page: Tanzania's whole name with "none".
        # (Each name's lines come out as lines of their own: count single words.)
        assert text.count("Republic") == text.count("Tanzania")
        assert text.count("Kingdom") == text.count("Ireland") == text.count("Insider")


def test_a_state_with_the_same_scores_as_another_still_shows_in_the_trend_chart() -> None:
    """China's line drawn exactly under the Republic of Korea's was invisible: both
    colours show on the plot, and one label names both states."""
    import io

    from PIL import Image

    from summitkit.progress.charts import TREND_COLOURS, _draw_trend

    rounds = ["Washington 2010", "Seoul 2012", "The Hague 2014", "Washington 2016"]
    series = {"Japan": [17, 33, 50, 75], "China": [17, 17, 33, 46], "Korea": [17, 17, 33, 46]}
    image = Image.open(io.BytesIO(_draw_trend("Scores", rounds, series))).convert("RGB")
    plot = image.crop((0, 0, image.width, int(image.height * 0.75)))  # above the legend

    def pixels(colour: str) -> int:
        wanted = tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))
        width, height = plot.size
        found = (plot.getpixel((x, y)) for x in range(width) for y in range(height))
        return sum(1 for pixel in found if pixel == wanted)

    china, korea = TREND_COLOURS[1], TREND_COLOURS[2]
    assert pixels(china) > 100 and pixels(korea) > 100


def test_the_participation_matrix_has_numbered_columns_a_key_and_a_check_mark(
    tmp_path: Path,
) -> None:
    import shutil

    from conftest import summit
    from pypdf import PdfReader

    root = tmp_path / "repo"
    mini = Path(__file__).parent / "data" / "mini"
    shutil.copytree(
        mini, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    result = summit("build", str(root), "--format", "html,pdf", "--only", "mini-report")
    assert result.exit_code == 0, result.output
    page = (root / "build/clear/html/generated/reports/mini-report.html").read_text()
    matrix = page.split('class="sk-participation')[1].split("</table>")[0]
    headers = re.findall(r'<th class="head"><p>(.*?)</p>', matrix)
    assert headers == ["State", "1", "2", "3"]
    key = page.split('class="arabic simple sk-matrix-key">')[1].split("</ol>")[0]
    assert "<li><p>Joint statement on training centres (Seoul Nuclear Security Summit)" in key
    text = "".join(
        p.extract_text() for p in PdfReader(root / "build/clear/pdf/mini-report.pdf").pages
    )
    assert "✓" in text and "\u221a" not in text


def test_a_heat_map_of_many_states_comes_in_parts_that_name_every_row(tmp_path: Path) -> None:
    """190 states on one map named only every fifth row: in parts of at most 40 states,
    each row of each part has room for its name, and the columns are numbered as the
    matrix's key numbers them."""
    import struct

    from summitkit.progress import charts

    states = [f"State {i:03d}" for i in range(190)]
    titles = [f"Joint statement number {i}" for i in range(12)]
    cells = [["signed" if (r + c) % 3 == 0 else "" for c in range(12)] for r in range(190)]
    numbers = [str(n) for n in range(1, 13)]
    parts = charts.participation_charts(tmp_path, "p", "Joined", states, titles, cells, numbers)
    assert [c.name for c in parts] == [f"p-{n}.png" for n in range(1, 6)]
    assert [len(c.table) - 1 for c in parts] == [38, 38, 38, 38, 38]
    assert [c.table[1][0] for c in parts] == ["State 000", "State 038", "State 076",
                                             "State 114", "State 152"]  # fmt: skip
    for part in parts:
        height = struct.unpack(">II", part.png[16:24])[1] / 120  # inches, at 120 dpi
        assert height <= 9.7
        # Every row labelled: the map's rows are further apart than two labels need.
        rows = len(part.table) - 1
        assert charts.label_every(rows, min(rows * charts._CELL_HEIGHT, height - 1.0)) == 1
        assert "Joint statement number 11:" in part.alt  # the alt names the documents
    one = charts.participation_charts(tmp_path, "q", "Joined", states[:5], titles, cells[:5])
    assert [c.name for c in one] == ["q.png"]


def test_each_chart_of_a_report_has_its_data_table_beside_it(tmp_path: Path) -> None:
    """What a reader cannot make out of a chart on a phone or in print, the table beside
    it says: the status and category charts carry their counts."""
    import shutil

    from conftest import summit

    root = tmp_path / "repo"
    mini = Path(__file__).parent / "data" / "mini"
    shutil.copytree(
        mini, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    result = summit("build", str(root), "--format", "html", "--only", "mini-report")
    assert result.exit_code == 0, result.output
    page = (root / "build/clear/html/generated/reports/mini-report.html").read_text()
    tables = page.split('class="sk-chart-data')[1:]
    assert len(tables) == 2
    status, categories = (re.findall(r"<p>(.*?)</p>", t.split("</table>")[0]) for t in tables)
    assert status[:6] == ["Round", "no evidence", "not started", "limited", "substantial",
                          "complete"]  # fmt: skip
    assert status[6:12] == ["Seoul Nuclear Security Summit", "1", "0", "0", "1", "0"]
    assert categories == ["Category", "Commitments", "Centres of excellence and training", "2"]
