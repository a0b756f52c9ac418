"""Progress reports: measures against hand counts, charts, CSV exports that round-trip."""

from __future__ import annotations

import csv
import io
import json
import shutil
import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from summitkit.cli import main
from summitkit.progress.charts import category_chart, label_every, participation_chart, status_chart
from summitkit.sources.check.project import check

MINI = Path(__file__).parent / "data" / "mini"


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return check(MINI).corpus


def test_measures_match_hand_counts() -> None:
    # In the mini corpus, as of The Hague 2014 in Northeast Asia:
    # Japan's commitment was substantial at Seoul and limited at The Hague (down);
    # Korea's has no assessment (no evidence, stayed); China has no commitment.
    result = CliRunner().invoke(main, ["report", "mini-report", str(MINI), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["previous_round"] == "seoul-2012"
    scope = data["scope"]
    assert scope["commitments"] == 2
    assert scope["complete"] == 0
    assert scope["substantial_or_complete"] == 0
    assert (scope["moved_up"], scope["moved_down"], scope["stayed"]) == (0, 1, 1)
    assert scope["statuses"]["no evidence"] == 1
    assert scope["statuses"]["limited"] == 1
    assert data["states"]["chn"]["commitments"] == 0
    assert data["states"]["jpn"]["moved_down"] == 1
    assert data["states"]["kor"]["statuses"]["no evidence"] == 1


def test_measures_as_of_the_earlier_round() -> None:
    runner = CliRunner()
    repo_report = MINI / "content" / "reports" / "mini-report.yaml"
    assert "as_of: hague-2014" in repo_report.read_text()
    corpus = check(MINI).corpus
    from summitkit.progress.measures import measure

    at_seoul = measure(corpus, list(corpus.commitments.values()), "seoul-2012")
    assert at_seoul.commitments == 2
    assert at_seoul.substantial_or_complete == 1
    assert at_seoul.share_substantial_or_complete == 0.5
    text = runner.invoke(main, ["report", "mini-report", str(MINI)])
    assert "Japan" in text.stdout and "down 1" in text.stdout


def test_unknown_report_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["report", "nope", str(MINI)])
    assert result.exit_code == 2
    assert "no report 'nope' (reports: mini-report)" in result.stderr


def test_charts_are_reproducible_and_described(corpus) -> None:  # type: ignore[no-untyped-def]
    report = corpus.reports["mini-report"]
    first, second = status_chart(corpus, report), status_chart(corpus, report)
    assert first.png == second.png
    assert first.png.startswith(b"\x89PNG")
    assert "limited" in first.alt and "Seoul" in first.alt
    categories = category_chart(corpus, report)
    assert "Centres of excellence and training: 2" in categories.alt


def test_a_participation_map_of_many_states_fits_a_page_and_names_what_fits(
    tmp_path: Path,
) -> None:
    """190 states and 100 documents: a map no taller than an A4 page's text block, 9.7
    inches (not 43 inches tall), whose labels stay apart; the table beside it names every
    state and document."""
    states = [f"State {i:03d}" for i in range(190)]
    documents = [f"statement-{i:03d}" for i in range(100)]
    cells = [["signed" if (r + c) % 3 == 0 else "" for c in range(100)] for r in range(190)]
    big = participation_chart(tmp_path, "p.png", "Joined", states, documents, cells)
    width, height = struct.unpack(">II", big.png[16:24])  # the PNG's header, in pixels
    assert width <= 9 * 120 and height <= 9.7 * 120  # drawn at 120 dots an inch
    assert big.table[0] == ("State", *documents) and len(big.table) == 191
    few = participation_chart(tmp_path, "q.png", "Joined", states[:3], documents[:2], cells[:3])
    few_width, few_height = struct.unpack(">II", few.png[16:24])
    assert few_width < width and few_height < height
    named = participation_chart(tmp_path, "r.png", "Joined", ["X" * 300], ["s1"], [["lead"]])
    assert struct.unpack(">II", named.png[16:24])[0] <= 9 * 120  # a long name is cut short
    assert named.table[1][0] == "X" * 300
    # Every label where each fits; else the smallest step that keeps 0.14 inch between them.
    assert label_every(3, 0.66) == 1
    for count in (37, 100, 190, 1000):
        step = label_every(count, 9.0)
        assert 9.0 / count * step >= 0.14 > 9.0 / count * (step - 1)


@pytest.mark.parametrize("what", ["commitments", "assessments", "signatures", "centres"])
def test_csv_exports_round_trip(what: str, corpus, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / f"{what}.csv"
    result = CliRunner().invoke(main, ["export", "csv", str(MINI), "--what", what, "-o", str(out)])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    if what == "commitments":
        assert {r["commitment"] for r in rows} == set(corpus.commitments)
        jpn = next(r for r in rows if r["commitment"] == "jpn-coe")
        assert (jpn["state"], jpn["made_on"], jpn["latest_status"]) == (
            "jpn", "2012-03-26", "limited",
        )  # fmt: skip
    elif what == "assessments":
        expected = {
            (c.id, a.status.value) for c in corpus.commitments.values() for a in c.assessments
        }
        assert {(r["commitment"], r["status"]) for r in rows} == expected
        assert {r["date"] for r in rows} == {"2012-03-27", "2014-03-25"}
    elif what == "signatures":
        expected = {(d.id, s.party) for d in corpus.documents.values() for s in d.signatories}
        assert {(r["document"], r["party"]) for r in rows} == expected
        un = next(r for r in rows if r["party"] == "un")
        assert un["party_kind"] == "organization"
    else:
        assert [r["centre"] for r in rows] == sorted(corpus.centres)
        assert rows[0]["networks"] == "net"


YEAR_OR_DATE = {  # file, field, value in YAML → (year, date, precision) cells
    ("centres/jpn-centre.yaml", "established"): ("2010", ("2010", "", "year")),
    ("centres/kor-centre.yaml", "established"): ("2014-02-19", ("2014", "2014-02-19", "day")),
    ("centres/chn-centre.yaml", "established"): (None, ("", "", "unknown")),
    ("commitments/jpn-coe.yaml", "target"): ("2016", ("2016", "", "year")),
    ("commitments/kor-coe.yaml", "target"): ("2018-12-31", ("2018", "2018-12-31", "day")),
}


@pytest.fixture
def dated_repo(tmp_path: Path) -> Path:
    """The mini corpus with a year, a day and nothing in the year-or-date fields."""
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    content = root / "content"
    template = (content / "centres" / "jpn-centre.yaml").read_text(encoding="utf-8")
    for state in ("kor", "chn"):
        text = template.replace("jpn", state).replace("Japan", state.upper())
        (content / "centres" / f"{state}-centre.yaml").write_text(text, encoding="utf-8")
    for (file, field), (value, _) in YEAR_OR_DATE.items():
        path = content / file
        lines = [
            line
            for line in path.read_text(encoding="utf-8").splitlines()
            if not line.startswith(f"{field}:")
        ]
        if value is not None:
            lines.insert(3, f"{field}: {value}")
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not check(root).errors
    return root


def export_csv(root: Path, what: str, out: Path) -> str:
    result = CliRunner().invoke(main, ["export", "csv", str(root), "--what", what, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8")


def test_year_or_date_fields_export_as_year_date_and_precision(
    dated_repo: Path, tmp_path: Path
) -> None:
    """A year is never written as a date nor a date as a year, and no year cell can read as
    a float: the year column holds whole numbers or nothing, the precision says which."""
    for what, key in (("centres", "centre"), ("commitments", "commitment")):
        rows = {
            r[key]: r
            for r in csv.DictReader(io.StringIO(export_csv(dated_repo, what, tmp_path / "t.csv")))
        }
        for (file, field), (_, cells) in YEAR_OR_DATE.items():
            if not file.startswith(what):
                continue
            row = rows[Path(file).stem]
            found = tuple(row[f"{field}_{part}"] for part in ("year", "date", "precision"))
            assert found == cells, f"{file}: {found}"
        for row in rows.values():
            year = row[f"{'target' if what == 'commitments' else 'established'}_year"]
            assert year == "" or year.isdigit(), row


def test_year_columns_read_as_integers_in_pandas(dated_repo: Path, tmp_path: Path) -> None:
    """The README's way of reading a year column: pandas' nullable integer, no 2010.0."""
    pd = pytest.importorskip("pandas")  # never installed for this test alone
    text = export_csv(dated_repo, "centres", tmp_path / "centres.csv")
    frame = pd.read_csv(io.StringIO(text), dtype={"established_year": "Int64"})
    years = dict(zip(frame["centre"], frame["established_year"], strict=True))
    assert years["jpn-centre"] == 2010 and years["kor-centre"] == 2014
    assert pd.isna(years["chn-centre"])
    assert str(frame["established_year"].dtype) == "Int64"


def test_report_page_shows_measures_tables_and_charts(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    result = CliRunner().invoke(main, ["build", str(root), "--format", "html"])
    assert result.exit_code == 0, result.output
    site = root / "build" / "clear" / "html"
    html = (site / "generated" / "reports" / "mini-report.html").read_text()
    assert "Headline measures" in html
    assert "Set up a training centre." in html and "Courses were suspended." in html
    assert "No commitments recorded." in html  # China
    assert 'alt="Stacked bar chart of commitment status by round.' in html
    images = {p.name for p in (site / "_images").glob("mini-report-*.png")}
    # No benchmarks in the mini corpus, so no trend chart; the participation heat map is there.
    assert images == {
        "mini-report-status.png", "mini-report-categories.png", "mini-report-participation.png",
    }  # fmt: skip


def test_export_json_includes_measures() -> None:
    result = CliRunner().invoke(main, ["export", "json", str(MINI)])
    data = json.loads(result.stdout)
    assert data["measures"]["mini-report"]["scope"]["commitments"] == 2


SECOND_JPN = """\
id: jpn-second
made_by: jpn
made_at: hague-2014
category: coe
text: Open the centre to the region.
assessments:
  - round: hague-2014
    status: complete
    evidence: The first regional course ran.
    sources: [facts]
sources: [facts]
"""


@pytest.fixture
def scoped(tmp_path: Path) -> Path:
    """The mini corpus with a second Japanese commitment that nothing cites, and the
    basket's action items citing Japan's first one as well as Korea's."""
    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    (root / "content" / "commitments" / "jpn-second.yaml").write_text(SECOND_JPN)
    basket = root / "gifts" / "mini-basket.yaml"
    basket.write_text(
        basket.read_text().replace("commitments: [kor-coe]", "commitments: [kor-coe, jpn-coe]")
    )
    return root


def write_report(root: Path, scope: str) -> None:
    (root / "content" / "reports" / "scoped.yaml").write_text(
        f"id: scoped\ntitle: Scoped progress\nas_of: hague-2014\nscope:\n{scope}"
    )


def scoped_json(root: Path) -> dict:  # type: ignore[type-arg]
    result = CliRunner().invoke(main, ["report", "scoped", str(root), "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_report_scoped_by_a_basket_counts_the_commitments_its_action_items_cite(
    scoped: Path,
) -> None:
    # By hand: the basket cites kor-coe (no evidence) and jpn-coe (limited at The Hague,
    # down from substantial); jpn-second is Japan's too but cited by nothing, so out.
    write_report(scoped, "  basket: mini-basket\n")
    data = scoped_json(scoped)
    assert data["scope"]["commitments"] == 2
    assert data["scope"]["statuses"]["limited"] == 1
    assert data["scope"]["statuses"]["no evidence"] == 1
    assert data["scope"]["complete"] == 0  # jpn-second's "complete" is not counted
    assert sorted(data["states"]) == ["jpn", "kor"]
    assert data["states"]["jpn"]["commitments"] == 1


def test_report_scoped_by_a_list_of_commitments_counts_those_only(scoped: Path) -> None:
    write_report(scoped, "  commitments: [jpn-second]\n")
    data = scoped_json(scoped)
    assert data["scope"]["commitments"] == 1
    assert data["scope"]["complete"] == 1
    assert list(data["states"]) == ["jpn"]
    # By states instead, Japan brings both its commitments.
    write_report(scoped, "  states: [jpn]\n")
    assert scoped_json(scoped)["scope"]["commitments"] == 2


def test_a_scoped_report_builds_with_its_commitments_only(scoped: Path) -> None:
    write_report(scoped, "  commitments: [jpn-second]\n")
    result = CliRunner().invoke(main, ["build", str(scoped), "--format", "html"])
    assert result.exit_code == 0, result.output
    page = (scoped / "build/clear/html/generated/reports/scoped.html").read_text("utf-8")
    assert "Open the centre to the region." in page
    assert "Set up a training centre." not in page  # jpn-coe: Japan's, but not chosen
    assert "1 chosen commitment" in page


def test_a_scope_naming_an_unknown_basket_is_a_reference_error(scoped: Path) -> None:
    write_report(scoped, "  basket: mini-baskit\n")
    errors = check(scoped).errors
    assert [d.rule for d in errors] == ["ref/unknown-basket"]
    assert "mini-basket" in errors[0].message  # the close match
