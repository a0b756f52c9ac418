"""Akoma Ntoso: every statement and basket exports to XML that validates against the
OASIS schema, and export → import → export gives the same bytes."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import summit
from lxml import etree

from summitkit.exchange.akn import AKN_NS, fill_inline, read_inline, text_of
from summitkit.sources.check.project import check
from summitkit.sources.schema import ClauseKind

ROOT = Path(__file__).resolve().parents[1]
MINI = Path(__file__).parent / "data" / "mini"
#: The OASIS schema (CC BY 4.0) and the W3C one it imports, shipped beside the tests.
XSD = Path(__file__).parent / "data" / "akn" / "akomantoso30.xsd"
NS = {"a": AKN_NS}

EDGE = """\
id: edge-2014
title: "Edge cases: markup, order, translations"
type: action-plan
round: hague-2014
status: adopted
revision: 3
date: 2014-03-25
lead: [kor, jpn]
signatories:
  - kor
  - {state: jpn, sources: [other]}
  - {organization: un, date: 2014-06-01}
  - {state: chn, date: 2014-05-02, sources: [facts, {source: other, locator: p. 3}]}
follows: mini-2014
summary: |
  Line one.
  Line two with trailing spaces   \n\
languages: [fr, en]
retired_ids: [op9]
changes_annex: true
hosted_by: [kor]
field_sensitivity:
  summary: TLP:GREEN
clauses:
  - id: op1
    text: |
      *Emphasis*, **strong** and ``literal *not emphasis*`` text.
      An escaped \\*star\\*, 2*3*4 arithmetic, and <angle> & "quotes".
    translations:
      en: Emphasis, strong and literal.
      zh-Hant: {text: 中文, source_hash: abc123}
    sources: [facts]
    note: NEVER-PUBLISHED drafter's note
  - id: pp1
    kind: preambular
    text: "  Leading spaces and two trailing newlines.\\n\\n"
  - id: heading-a
    kind: heading
    text: A *heading*
  - id: op2
    sensitivity: TLP:GREEN
    text: Only for green eyes.
claims:
  - field: title
    value: {nested: [1, 2.5, true, null, "2014"]}
    sources: [other]
    note: A claim with a structured value.
sources: [facts]
"""
"""A statement that exercises what a plain corpus may not: markup, clause order,
translations, dated and sourced signatories, labels, typed claim values."""


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD)))


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    root = tmp_path / "mini"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    (root / "content" / "statements" / "edge-2014.yaml").write_text(EDGE, encoding="utf-8")
    return root


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """The repository's own corpus, as it stands now, in a folder of its own."""
    root = tmp_path / "repo"
    root.mkdir()
    for folder in ("content", "gifts"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder)
    if (ROOT / "summitkit.toml").is_file():
        shutil.copy(ROOT / "summitkit.toml", root)
    return root


@pytest.fixture(params=["mini", "corpus"])
def repo(request: pytest.FixtureRequest) -> Path:
    root: Path = request.getfixturevalue("mini" if request.param == "mini" else "corpus_copy")
    return root


def export(root: Path, out: Path, *args: str) -> dict[str, bytes]:
    result = summit("export", "akn", "--path", str(root), "-o", str(out), *args)
    assert result.exit_code == 0, result.output
    return {p.stem: p.read_bytes() for p in sorted(out.glob("*.xml"))}


def test_every_statement_and_basket_validates(
    repo: Path, tmp_path: Path, schema: etree.XMLSchema
) -> None:
    documents = check(repo).corpus.documents
    files = export(repo, tmp_path / "akn", "--audience", "TLP:RED")
    assert files and set(files) == set(documents)
    for name, data in files.items():
        tree = etree.fromstring(data)
        assert schema.validate(tree), f"{name}: {schema.error_log}"
        assert tree.tag == f"{{{AKN_NS}}}akomaNtoso"
        assert tree[0].tag == f"{{{AKN_NS}}}statement"


@pytest.mark.parametrize("audience", ["TLP:CLEAR", "TLP:GREEN"])
def test_export_import_export_is_byte_identical(repo: Path, tmp_path: Path, audience: str) -> None:
    first = export(repo, tmp_path / "first", "--audience", audience)
    assert first
    for name in first:
        result = summit(
            "import", "akn", str(tmp_path / "first" / f"{name}.xml"), "--path", str(repo), "--force"
        )
        assert result.exit_code == 0, result.output
    assert summit("check", str(repo)).exit_code == 0
    second = export(repo, tmp_path / "second", "--audience", audience)
    for name, data in first.items():
        assert second[name] == data, f"{name} changed on the way through import"


def test_import_restores_the_record(mini: Path, tmp_path: Path) -> None:
    before = check(mini).corpus.statements["edge-2014"]
    export(mini, tmp_path / "akn", "--audience", "TLP:GREEN", "edge-2014")
    result = summit(
        "import", "akn", str(tmp_path / "akn" / "edge-2014.xml"), "--path", str(mini), "--force"
    )
    assert result.exit_code == 0, result.output
    assert "wrote content/statements/edge-2014.yaml" in result.stdout
    after = check(mini).corpus.statements["edge-2014"]
    published = [c.model_copy(update={"note": None}) for c in before.clauses]
    assert after.clauses == published  # notes are never exported; the rest comes back
    assert after.model_dump(exclude={"clauses"}) == before.model_dump(exclude={"clauses"})


def test_eids_derive_from_clause_ids(mini: Path, tmp_path: Path) -> None:
    document = check(mini).corpus.statements["edge-2014"]
    tree = etree.fromstring(export(mini, tmp_path, "--audience", "TLP:GREEN")["edge-2014"])
    prefixes = {
        ClauseKind.PREAMBULAR: ("recital", "rec"),
        ClauseKind.OPERATIVE: ("paragraph", "para"),
        ClauseKind.HEADING: ("hcontainer", "hcontainer"),
    }
    number = 0
    for clause in document.clauses:
        element, prefix = prefixes[clause.kind]
        (found,) = tree.iterfind(f".//a:{element}[@wId='{clause.id}']", NS)
        assert found.get("eId") == f"{prefix}_{clause.id}"
        if clause.kind is ClauseKind.OPERATIVE:
            number += 1
            assert found.findtext("a:num", namespaces=NS) == f"{number}."
    assert tree.find(".//a:preamble/a:recitals/a:recital", NS) is not None
    assert tree.find(".//a:mainBody/a:hcontainer[@name='heading']/a:heading", NS) is not None


def frbr(tree: etree._Element, level: str) -> tuple[str, str, str]:
    """(FRBRthis, FRBRuri, FRBRdate) of one FRBR level of an exported file."""
    node = tree.find(f".//a:identification/a:FRBR{level}", NS)
    assert node is not None
    this, uri = node.find("a:FRBRthis", NS), node.find("a:FRBRuri", NS)
    date = node.find("a:FRBRdate", NS)
    assert this is not None and uri is not None and date is not None
    return this.get("value", ""), uri.get("value", ""), date.get("date", "")


def test_frbr_uris_follow_the_documented_scheme(mini: Path, tmp_path: Path) -> None:
    files = export(mini, tmp_path)

    def values(name: str, level: str) -> tuple[str, str]:
        return frbr(etree.fromstring(files[name]), level)[:2]

    # Naming Convention 1.0, section 4.4: jurisdiction, type, actor, date, number
    work = "/akn/aa-nss/statement/nss-seoul-2012/2012-03-27/mini-2012"
    assert values("mini-2012", "Work") == (f"{work}/!main", work)
    # adopted without a date: versioned by revision
    assert values("mini-2012", "Expression") == (f"{work}/eng@rev2/!main", f"{work}/eng@rev2")
    assert values("mini-2012", "Manifestation") == (
        f"{work}/eng@rev2/!main.xml",
        f"{work}/eng@rev2.akn",
    )
    # adopted and dated: versioned by date, in its first authentic language (fr → fra)
    edge = "/akn/aa-nss/statement/nss-hague-2014/2014-03-25/edge-2014/fra@2014-03-25"
    assert values("edge-2014", "Expression") == (f"{edge}/!main", edge)
    tree = etree.fromstring(files["edge-2014"])
    assert tree.find(".//a:FRBRlanguage", NS).get("language") == "fra"  # type: ignore[union-attr]
    assert tree.find(".//a:FRBRdate", NS).get("date") == "2014-03-25"  # type: ignore[union-attr]
    basket = etree.fromstring(files["mini-basket"])
    assert basket[0].get("name") == "gift-basket"
    # no document date: the round's last day
    assert basket.find(".//a:FRBRdate", NS).get("date") == "2014-03-25"  # type: ignore[union-attr]


def test_work_iris_carry_a_jurisdiction_code_and_the_work_date(
    repo: Path, tmp_path: Path, schema: etree.XMLSchema
) -> None:
    """Every file, in the mini corpus and the shipped one: each FRBR level's IRI starts
    with the Work IRI, whose date is the Work's FRBRdate and whose jurisdiction is the
    FRBRcountry, an ISO 3166 shaped code (never ``int``); and the file stays valid."""
    corpus = check(repo).corpus
    files = export(repo, tmp_path / "akn", "--audience", "TLP:RED")
    assert files
    shape = re.compile(
        r"^/akn/(?P<country>[a-z]{2}(?:-[a-z0-9]+)?)/statement/nss-(?P<round>[a-z0-9-]+)"
        r"/(?P<date>\d{4}-\d{2}-\d{2})/(?P<number>[a-z0-9][a-z0-9-]*)$"
    )
    for name, data in files.items():
        tree = etree.fromstring(data)
        assert schema.validate(tree), f"{name}: {schema.error_log}"
        this, work, date = frbr(tree, "Work")
        match = shape.match(work)
        assert match, f"{name}: {work}"
        document = corpus.documents[name]
        assert match["number"] == name and match["round"] == document.round
        assert match["date"] == date == corpus.summits[document.round].end.isoformat()
        country = tree.find(".//a:FRBRWork/a:FRBRcountry", NS)
        assert country is not None and country.get("value") == match["country"] != "int"
        assert this == f"{work}/!main"
        expression = frbr(tree, "Expression")
        manifestation = frbr(tree, "Manifestation")
        assert expression[1].startswith(f"{work}/") and "@" in expression[1]
        assert expression[0] == f"{expression[1]}/!main"
        assert manifestation == (
            f"{expression[1]}/!main.xml",
            f"{expression[1]}.akn",
            expression[2],
        )
        original = tree.find(".//a:references/a:original", NS)
        assert original is not None and original.get("href") == expression[1]


def test_import_records_the_iri_it_came_from(mini: Path, tmp_path: Path) -> None:
    export(mini, tmp_path / "akn", "mini-2012")
    result = summit(
        "import", "akn", str(tmp_path / "akn" / "mini-2012.xml"), "--path", str(mini), "--force"
    )
    assert result.exit_code == 0, result.output
    written = (mini / "content" / "statements" / "mini-2012.yaml").read_text(encoding="utf-8")
    expression = "/akn/aa-nss/statement/nss-seoul-2012/2012-03-27/mini-2012/eng@rev2"
    assert written.startswith(f"# Imported with 'summit import akn' from {expression}\n")


def test_people_and_status_have_their_akn_places(mini: Path, tmp_path: Path) -> None:
    tree = etree.fromstring(export(mini, tmp_path)["edge-2014"])
    proponents = tree.iterfind(".//a:preface//a:docProponent", NS)
    assert [p.get("refersTo") for p in proponents] == ["#kor", "#jpn"]
    un = tree.find(".//a:references/a:TLCOrganization[@eId='un']", NS)
    assert un is not None and un.get("showAs") == "United Nations"
    assert un.get("href") == "/akn/ontology/organizations/int/organization.un"
    kor = tree.find(".//a:references/a:TLCOrganization[@eId='kor']", NS)
    assert kor is not None and kor.get("href", "").endswith("/state.kor")
    parties = [p.get("refersTo") for p in tree.iterfind(".//a:conclusions//a:party", NS)]
    assert parties == ["#kor", "#jpn", "#un", "#chn"]
    step = tree.find(".//a:workflow/a:step", NS)
    assert step is not None and step.get("refersTo") == "#status_adopted"
    assert tree.find(".//a:references/a:TLCConcept[@eId='status_adopted']", NS) is not None
    assert tree.find(".//a:FRBRversionNumber", NS).get("value") == "3"  # type: ignore[union-attr]


def test_markup_becomes_akn_inline_elements(mini: Path, tmp_path: Path) -> None:
    data = export(mini, tmp_path)["edge-2014"]
    tree = etree.fromstring(data)
    (p,) = tree.iterfind(".//a:paragraph[@wId='op1']/a:content/a:p", NS)
    assert [(etree.QName(e).localname, e.text) for e in p] == [
        ("i", "Emphasis"),
        ("b", "strong"),
        ("span", "literal *not emphasis*"),
    ]
    assert r"An escaped \*star\*, 2*3*4 arithmetic" in text_of(p)
    assert b"NEVER-PUBLISHED" not in data


@pytest.mark.parametrize(
    "text",
    [
        "plain",
        "*a* **b** ``c``",
        "**a*b** and *x* y* z",
        "2*3*4 and a*b*c",
        r"\*escaped\* and :term:`centre` and `link <https://example.org>`_",
        "``*`` ``**`` ****",
        "(*paren*) '*quoted*' *end*.",
        "line one\nline two *across\nlines*\n\n",
        "  leading and trailing  ",
        "<tag> & ]]> \"'",
    ],
)
def test_inline_markup_round_trips_exactly(text: str) -> None:
    p = etree.Element(f"{{{AKN_NS}}}p")
    fill_inline(p, text)
    again = etree.fromstring(etree.tostring(p))
    assert read_inline(again) == text


def test_output_is_deterministic(
    mini: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    first = export(mini, tmp_path / "a")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "2000000000")
    assert export(mini, tmp_path / "b") == first


def test_default_output_is_build_akn(mini: Path) -> None:
    result = summit("export", "akn", "mini-basket", "--path", str(mini))
    assert result.exit_code == 0, result.output
    assert "wrote 1 Akoma Ntoso files to build/akn/" in result.stdout
    assert [p.name for p in (mini / "build" / "akn").iterdir()] == ["mini-basket.xml"]


def test_clauses_above_the_audience_are_left_out(mini: Path, tmp_path: Path) -> None:
    clear = export(mini, tmp_path / "clear", "edge-2014")["edge-2014"]
    green = export(mini, tmp_path / "green", "edge-2014", "--audience", "TLP:GREEN")["edge-2014"]
    assert b"Only for green eyes." not in clear
    assert b'wId="op2"' not in clear
    assert b"Line one." not in clear  # the summary is marked green as well
    assert b"Only for green eyes." in green and b"Line one." in green
    # the label travels with the clause, so an import keeps it marked
    assert b"TLP:GREEN" in green


def test_unknown_id_is_a_usage_error(mini: Path, tmp_path: Path) -> None:
    result = summit("export", "akn", "no-such", "--path", str(mini), "-o", str(tmp_path))
    assert result.exit_code == 2
    assert "no-such" in result.output and "mini-2012" in result.output


def test_import_refuses_to_overwrite(mini: Path, tmp_path: Path) -> None:
    export(mini, tmp_path, "mini-basket")
    target = mini / "gifts" / "mini-basket.yaml"
    before = target.read_bytes()
    result = summit("import", "akn", str(tmp_path / "mini-basket.xml"), "--path", str(mini))
    assert result.exit_code == 1
    assert "gifts/mini-basket.yaml exists already; use --force" in result.stderr
    assert target.read_bytes() == before


def test_import_refuses_unknown_states(mini: Path, tmp_path: Path) -> None:
    export(mini, tmp_path, "mini-2014")
    (mini / "content" / "statements" / "mini-2014.yaml").unlink()
    (mini / "content" / "states" / "aut.yaml").unlink()
    result = summit("import", "akn", str(tmp_path / "mini-2014.xml"), "--path", str(mini))
    assert result.exit_code == 1
    assert "unknown state 'aut'" in result.stderr
    assert "unknown state: aut (add their records to content/states/ first)" in result.stderr
    assert not (mini / "content" / "statements" / "mini-2014.yaml").exists()


def test_import_writes_a_new_record_that_checks(mini: Path, tmp_path: Path) -> None:
    export(mini, tmp_path, "mini-basket")
    (mini / "gifts" / "mini-basket.yaml").unlink()
    result = summit("import", "akn", str(tmp_path / "mini-basket.xml"), "--path", str(mini))
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote gifts/mini-basket.yaml\n"
    assert summit("check", str(mini)).exit_code == 0


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<html/>", "expected <akomaNtoso"),
        (b"not xml", "not well-formed XML"),
        (f'<akomaNtoso xmlns="{AKN_NS}"><act/></akomaNtoso>'.encode(), "no <statement>"),
        (
            b'<!DOCTYPE a [<!ENTITY e "x">]><akomaNtoso xmlns="'
            + AKN_NS.encode()
            + b'">&e;</akomaNtoso>',
            "DOCTYPE is not allowed",
        ),
    ],
)
def test_import_explains_what_it_cannot_read(
    mini: Path, tmp_path: Path, content: bytes, message: str
) -> None:
    file = tmp_path / "received.xml"
    file.write_bytes(content)
    result = summit("import", "akn", str(file), "--path", str(mini))
    assert result.exit_code == 1
    assert message in result.stderr
    assert "Traceback" not in result.output
