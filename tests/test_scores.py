"""Benchmark scores on a corpus of four invented states, worked out by hand.

tests/data/scores: weights centre 2, network 1, training 1 (sum 4); scales of
4, 2 and 3 levels, so a level's value is its position / 3, / 1 and / 2.

At second-2014, published assessments only:
- Northland: operating (3/3), network yes (1), training full (2/2) → 100.
- Southland: built (2/3), network yes, no training → (2·2/3 + 1) / 4 = 58.33.
  Its preliminary assessment (operating) counts only when asked: (2 + 1) / 4 = 75.
- Eastland: its self-report says operating, the agency's published assessment
  says announced; the independent one holds → 2·1/3 / 4 = 16.67.
- Westland: no commitment, no evidence → 0.
At first-2012: Northland announced and some training → (2/3 + 1/2) / 4 = 29.17;
Southland built → (4/3) / 4 = 33.33.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import summit

from summitkit.progress.scorecard import participation, roll_up, scorecards, starred, themes
from summitkit.progress.scores import ScoreTable, ranking, score, sensitivity
from summitkit.sources.check.project import check

SCORES = Path(__file__).parent / "data" / "scores"
STATES = ["xea", "xna", "xso", "xwe"]


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return check(SCORES).corpus


def rounded(scores: dict[str, float]) -> dict[str, float]:
    return {state: round(value, 2) for state, value in scores.items()}


def test_scores_match_the_hand_computation(corpus) -> None:  # type: ignore[no-untyped-def]
    table = ScoreTable(corpus)
    assert rounded(table.scores(STATES, "second-2014")) == {
        "xea": 16.67, "xna": 100.0, "xso": 58.33, "xwe": 0.0,
    }  # fmt: skip
    assert rounded(table.scores(STATES, "first-2012")) == {
        "xea": 0.0, "xna": 29.17, "xso": 33.33, "xwe": 0.0,
    }  # fmt: skip
    held = table.held("xea", "second-2014")["centre"]
    assert (held.level, held.by, held.sources) == ("announced", "agency", ("handbook",))
    assert table.held("xwe", "second-2014")["centre"].level is None


def test_preliminary_assessments_count_only_when_asked(corpus) -> None:  # type: ignore[no-untyped-def]
    assert round(ScoreTable(corpus).scores(["xso"], "second-2014")["xso"], 2) == 58.33
    with_preliminary = ScoreTable(corpus, include_preliminary=True)
    assert round(with_preliminary.scores(["xso"], "second-2014")["xso"], 2) == 75.0
    assert with_preliminary.held("xso", "second-2014")["centre"].review == "preliminary"


def test_the_scoring_function_and_ranking() -> None:
    assert score({"a": 1.0, "b": 0.5}, {"a": 3, "b": 1}) == pytest.approx(87.5)
    assert score({}, {"a": 1}) == 0.0
    assert ranking({"x": 50.0, "y": 50.001, "z": 10.0}) == {"x": 1, "y": 1, "z": 3}


def test_sensitivity_view(corpus) -> None:  # type: ignore[no-untyped-def]
    variants = {v.name: v for v in sensitivity(ScoreTable(corpus), STATES, "second-2014")}
    assert list(variants) == [
        "published weights", "equal weights", "without centre", "without network",
        "without training",
    ]  # fmt: skip
    # Equal weights: Southland (2/3 + 1) / 3, Eastland (1/3) / 3.
    assert rounded(variants["equal weights"].scores) == {
        "xea": 11.11, "xna": 100.0, "xso": 55.56, "xwe": 0.0,
    }  # fmt: skip
    # Without the centre benchmark Eastland has nothing left and ties Westland.
    assert variants["without centre"].ranks == {"xna": 1, "xso": 2, "xea": 3, "xwe": 3}
    assert round(variants["without training"].scores["xso"], 2) == 77.78
    assert variants["published weights"].ranks == {"xna": 1, "xso": 2, "xea": 3, "xwe": 4}


def test_report_prints_scores_trend_and_sensitivity() -> None:
    result = summit("report", "scores-report", SCORES)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    northland = next(line for line in lines if line.strip().startswith("1  Northland"))
    assert northland.split()[2:6] == ["100.00", "+70.83", "operating", "yes"]
    assert any("58.33" in line and "Southland" in line for line in lines)
    assert "  without centre: Westland 4→3" in lines
    data = json.loads(summit("report", "scores-report", SCORES, "--format", "json").stdout)
    assert data["scores"]["states"]["xso"]["score"] == 58.33
    assert data["scores"]["states"]["xna"]["previous"] == 29.17
    preliminary = summit("report", "scores-report", SCORES, "--format", "json",
                         "--include-preliminary")  # fmt: skip
    assert json.loads(preliminary.stdout)["scores"]["states"]["xso"]["score"] == 75.0


def test_divergence_warnings_name_both_sources(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SCORES)  # paths as the repository names them
    result = summit("check")
    assert result.exit_code == 0
    warnings = [line for line in result.stdout.splitlines() if "[assessment/divergence]" in line]
    # One self-report, two independent assessments of the same round, two axes each.
    assert len(warnings) == 4
    assert (
        "content/commitments/xea-centre.yaml:9:13: warning: self-report and independent "
        "assessment of second-2014 disagree about completion: the self-report (own-report) "
        "gives 'complete', assessment 2 by agency (handbook) gives 'limited'; they are more "
        "than one level apart [assessment/divergence]"
    ) in warnings
    assert any("benchmark 'centre'" in w and "'operating'" in w and "'announced'" in w
               for w in warnings)  # fmt: skip
    assert summit("check", "--strict").exit_code == 1


def test_participation_matrix_roll_up_themes_and_stars(corpus) -> None:  # type: ignore[no-untyped-def]
    documents, rows = participation(corpus, STATES, "second-2014")
    assert documents == ["js-2012", "centres-basket"]
    assert dict(zip(STATES, rows, strict=True)) == {
        "xea": ["", "lead"], "xna": ["lead", "signed"], "xso": ["signed", ""], "xwe": ["", ""],
    }  # fmt: skip
    assert participation(corpus, STATES, "first-2012")[0] == ["js-2012"]
    cards = scorecards(corpus, "second-2014", STATES)
    groups = {(r.kind, r.group): r for r in roll_up(corpus, cards.cards)}
    assert round(groups[("region", "lakes")].mean, 2) == 79.17  # (100 + 58.33) / 2
    assert round(groups[("region", "hills")].mean, 2) == 8.33  # (16.67 + 0) / 2
    network = groups[("network", "Illustrative centres network")]
    assert (network.states, round(network.mean, 2)) == (2, 58.33)  # Northland, Eastland
    assert groups[("region", "hills")].rated == 1
    assert themes(corpus, STATES, "second-2014") == [{
        "theme": "Centres of excellence and training", "commitments": 3, "states": 3,
        "substantial_or_complete": 2, "starred": 1,
    }]  # fmt: skip
    assert [c.id for c, _ in starred(corpus, STATES, "second-2014")] == ["xna-centre"]
    assert cards.trends["xna"] == pytest.approx([29.1667, 100.0], abs=1e-3)


def read_csv(*args: str | Path) -> list[dict[str, str]]:
    result = summit("export", "csv", SCORES, *args)
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_csv_exports_of_scores_benchmarks_and_axes() -> None:
    scores = {(r["state"], r["round"]): r for r in read_csv("--what", "scores")}
    assert scores[("xso", "second-2014")]["score"] == "58.33"
    assert scores[("xso", "second-2014")]["year"] == "2014"
    assert scores[("xna", "second-2014")]["trend"] == "70.83"
    assert scores[("xna", "first-2012")]["trend"] == ""
    preliminary = read_csv("--what", "scores", "--include-preliminary")
    assert {(r["state"], r["round"], r["score"]) for r in preliminary} >= {
        ("xso", "second-2014", "75.0")
    }
    levels = read_csv("--what", "benchmarks")
    assert [r["level"] for r in levels if r["benchmark"] == "centre"] == [
        "none", "announced", "built", "operating",
    ]  # fmt: skip
    assert {r["scale_version"] for r in levels if r["benchmark"] == "centre"} == {"2"}
    axes = read_csv("--what", "axes")
    assert {r["review"] for r in axes} == {"published"}
    eastland = [r for r in axes if r["commitment"] == "xea-centre"]
    assert {(r["by"], r["axis"], r["value"]) for r in eastland} == {
        ("self-report", "completion", "complete"), ("self-report", "benchmark:centre", "operating"),
        ("agency", "completion", "limited"), ("agency", "benchmark:centre", "announced"),
    }  # fmt: skip
    assert {r["date"] for r in eastland} == {"2014-03-25"}
    everything = read_csv("--what", "axes", "--include-preliminary")
    assert {r["review"] for r in everything} == {"published", "preliminary", "reviewed-by-state"}


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("xlsx") / "scores.xlsx"
    result = summit("export", "xlsx", SCORES, "-o", out)
    assert result.exit_code == 0, result.output
    assert "6 sheets: scores, levels, weights, benchmarks, axes, sensitivity" in result.stdout
    return out


def test_xlsx_recomputes_each_score_from_its_sheets(workbook: Path) -> None:
    from openpyxl import load_workbook

    book = load_workbook(workbook)
    assert book.sheetnames == ["scores", "levels", "weights", "benchmarks", "axes", "sensitivity"]
    weights_sheet = list(book["weights"].iter_rows(values_only=True))
    weights = dict(zip(weights_sheet[0][1:], weights_sheet[1][1:], strict=True))
    assert weights == {"centre": 2, "network": 1, "training": 1}
    levels = list(book["levels"].iter_rows(values_only=True))
    header = levels[0]
    scores = list(book["scores"].iter_rows(values_only=True))
    assert scores[0][:5] == ("state", "name", "round", "year", "score")
    printed = {(r["state"], r["round"]): float(r["score"]) for r in read_csv("--what", "scores")}
    assert len(scores) - 1 == len(levels) - 1 == len(printed) == 8
    for score_row, level_row in zip(scores[1:], levels[1:], strict=True):
        assert score_row[0] == level_row[0] and score_row[2] == level_row[1]
        values = dict(zip(header[2:], level_row[2:], strict=True))
        recomputed = 100 * sum(weights[b] * values[b] for b in weights) / sum(weights.values())
        assert round(recomputed, 2) == score_row[4] == printed[(score_row[0], score_row[2])]
        assert isinstance(score_row[3], int)
        assert str(score_row[-1]).startswith("=100*SUMPRODUCT(levels!C")
    axes = list(book["axes"].iter_rows(values_only=True))
    assert axes[0][3] == "date" and isinstance(axes[1][3], dt.datetime)
    assert isinstance(axes[1][4], int)


@pytest.mark.slow  # LibreOffice
def test_libreoffice_recomputes_the_scores(workbook: Path, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; tools/setup.sh --test installs it")
    # Every sheet as CSV (the last filter option, -1; LibreOffice 7.2 or later).
    every_sheet = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
         "--convert-to", every_sheet, "--outdir", str(tmp_path), str(workbook)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    converted = tmp_path / "scores-scores.csv"
    if not converted.exists():
        pytest.skip("this LibreOffice has no Calc (libreoffice-calc-nogui) to open XLSX")
    rows = list(csv.DictReader(io.StringIO(converted.read_text(encoding="utf-8"))))
    assert len(rows) == 8
    for row in rows:
        assert round(float(row["recomputed"]), 2) == float(row["score"]), row
    southland = next(r for r in rows if (r["state"], r["round"]) == ("xso", "second-2014"))
    assert southland["score"] == "58.33"


# -- the progress report as a reader opens it ------------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The scores corpus built as HTML, with a second report that counts preliminary
    assessments, and the progress report printed as PDF (the one PDF a test reads)."""
    repo = tmp_path_factory.mktemp("scores") / "repo"
    shutil.copytree(
        SCORES, repo, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    report = (repo / "content" / "reports" / "scores-report.yaml").read_text(encoding="utf-8")
    (repo / "content" / "reports" / "scores-preliminary.yaml").write_text(
        report.replace("id: scores-report", "id: scores-preliminary")
        + "include_preliminary: true\n",
        encoding="utf-8",
    )
    epoch = {"SOURCE_DATE_EPOCH": "1395619200"}
    result = summit("build", repo, "--format", "html,pdf", "--only", "scores-report", env=epoch)
    assert result.exit_code == 0, result.output
    return repo / "build" / "clear"


def html_table(html: Path, css_class: str, first: str | None = None) -> list[list[str]]:
    """The rows of the first table with this class (whose first cell is `first`, if
    given), each cell's text."""
    from lxml import html as lxml_html

    tree = lxml_html.parse(str(html))
    tables = [
        [
            [" ".join(cell.text_content().split()) for cell in row.xpath("./th|./td")]
            for row in table.xpath(".//tr")
        ]
        for table in tree.xpath(f"//table[contains(concat(' ', @class, ' '), ' {css_class} ')]")
    ]
    return next(rows for rows in tables if first is None or rows[0][0] == first)


def test_report_html_shows_scorecard_roll_up_and_matrix(built: Path) -> None:
    page = built / "html" / "generated" / "reports" / "scores-report.html"
    scorecard = {row[0]: row[1:] for row in html_table(page, "sk-scorecard")}
    assert scorecard["Southland"][:3] == ["58.33", "+25.00", "2"]
    assert scorecard["Northland"] == ["100.00", "+70.83", "1", "Operating", "Member",
                                      "Full programme"]  # fmt: skip
    assert scorecard["Westland"][3:] == ["no evidence"] * 3
    roll = {row[0]: row[1:] for row in html_table(page, "sk-roll-up")}
    assert roll["lakes"] == ["2", "2", "79.17", "58.33", "100.00"]
    assert roll["Illustrative centres network (network)"][2] == "58.33"
    matrix = html_table(page, "sk-participation")
    assert matrix[0][1:] == ["1", "2"]  # short column labels, and a key beneath
    key = page.read_text(encoding="utf-8").split('class="arabic simple sk-matrix-key">')[1]
    assert key.index("Joint statement on training centres (illustration)") < key.index(
        "Gift basket on centre collaboration (illustration)"
    )
    assert {row[0]: row[1:] for row in matrix[1:]} == {
        "Eastland": ["", "lead"], "Northland": ["lead", "✓"], "Southland": ["✓", ""],
        "Westland": ["", ""],
    }  # fmt: skip
    sensitivity = {row[0]: row[1:] for row in html_table(page, "sk-sensitivity")}
    assert sensitivity["Westland"] == ["4", "4", "3", "4", "4"]
    assert html_table(page, "sk-themes")[1] == [
        "Centres of excellence and training", "3", "3", "2", "1",
    ]  # fmt: skip
    assert html_table(page, "sk-starred")[1][:3] == [
        "Northland", "Northland will set up a regional training centre.", "complete",
    ]  # fmt: skip
    text = page.read_text(encoding="utf-8")
    assert "Eastland maintains that the centre opened in January" in text
    assert 'alt="Line chart of benchmark scores by round. Northland: Lakeside 2012 29' in text
    assert 'alt="Heat map of which states joined which joint statements' in text
    data = html_table(page, "sk-chart-data", first="State")  # the trend's, beside it
    assert data[0] == ["State", "Lakeside 2012", "Hilltop 2014"]
    assert ["Southland", "33.33", "58.33"] in data
    images = {p.name for p in (built / "html" / "_images").glob("scores-report-*.png")}
    assert {"scores-report-scores.png", "scores-report-participation.png"} <= images


def test_the_heat_map_s_data_is_the_matrix_printed_once(built: Path) -> None:
    """The participation matrix is the heat map's data; it is not printed again below
    the chart (in a corpus of 1,000 statements that second table doubled the page)."""
    from lxml import html as lxml_html

    page = built / "html" / "generated" / "reports" / "scores-report.html"
    tables = lxml_html.parse(str(page)).xpath("//table")
    # Rows by first cell, each row's cells: one table per state and document, whatever
    # it calls the documents (titles above, ids in a chart's data table).
    shapes = [
        sorted((row[0].text_content().strip(), len(row)) for row in t.xpath(".//tr[td]"))
        for t in tables
    ]
    matrix = html_table(page, "sk-participation")
    shape = sorted((row[0], len(row)) for row in matrix[1:])
    assert len(matrix[0]) == 3 and shapes.count(shape) == 1


def test_report_counts_preliminary_assessments_only_when_the_record_says_so(built: Path) -> None:
    page = built / "html" / "generated" / "reports" / "scores-preliminary.html"
    scorecard = {row[0]: row[1:] for row in html_table(page, "sk-scorecard")}
    assert scorecard["Southland"][:1] == ["75.00"]
    assert "Preliminary and reviewed-by-state assessments count too" in page.read_text()


def test_report_pdf_shows_scorecard_roll_up_and_matrix(built: Path) -> None:
    from pypdf import PdfReader

    reader = PdfReader(built / "pdf" / "scores-report.pdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for heading in (
        "Scorecard",
        "How much the weights decide",
        "Regional roll-up",
        "Participation in joint statements and gift baskets",
        "Starred commitments",
    ):
        assert heading in text, heading
    assert "58.33" in text and "79.17" in text and "+70.83" in text
    assert sum(len(page.images) for page in reader.pages) >= 4


def test_a_benchmark_above_the_audience_is_left_out_of_scores_and_exports(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(
        SCORES, repo, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    training = repo / "content" / "benchmarks" / "training.yaml"
    training.write_text(training.read_text() + "sensitivity: TLP:AMBER\n")

    def southland(*audience: str) -> str:
        result = summit("export", "csv", repo, "--what", "scores", *audience)
        assert result.exit_code == 0, result.output
        rows = csv.DictReader(io.StringIO(result.stdout))
        return next(r["score"] for r in rows if (r["state"], r["round"]) == ("xso", "second-2014"))

    # Without training the weights are centre 2, network 1: (2·2/3 + 1) / 3.
    assert southland() == "77.78"
    assert southland("--audience", "TLP:AMBER") == "58.33"
    levels = summit("export", "csv", repo, "--what", "benchmarks").stdout
    assert "training" not in levels and "centre" in levels
    axes = summit("export", "csv", repo, "--what", "axes").stdout
    assert "benchmark:training" not in axes


def test_a_diff_keeps_a_self_report_and_an_independent_assessment_apart() -> None:
    from summitkit.diff import compare_records
    from summitkit.sources.schema import Commitment

    def commitment(own: str, agency: str) -> Commitment:
        return Commitment.model_validate({
            "id": "c", "made_by": "xea", "made_at": "second-2014", "category": "coe",
            "text": "T.", "assessments": [
                {"round": "second-2014", "status": own, "evidence": "E.", "sources": ["own"],
                 "by": "self-report"},
                {"round": "second-2014", "status": agency, "evidence": "E.",
                 "sources": ["handbook"], "by": "agency",
                 "benchmarks": [{"benchmark": "centre", "level": "announced"}]},
            ],
        })  # fmt: skip

    change = compare_records(
        commitment("complete", "limited"), commitment("complete", "substantial")
    )
    assert [(a.at, a.old, a.new) for a in change.assessments] == [
        ("second-2014 by agency", "limited", "substantial")
    ]
