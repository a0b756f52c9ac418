"""Validate: schema errors worded for the person who wrote the YAML, references found
wherever they are nested, and the rules between records."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import write_minimal_repo

from summitkit.sources.check.project import Checked, check
from summitkit.sources.rules.validate import _MISSING, references, resolve_field
from summitkit.sources.schema import Basket, Commitment, Statement

STATEMENT = """\
id: js
title: Joint statement
round: seoul-2012
lead: [kor]
signatories: [kor, {state: jpn, sources: [fact-sheet]}]
field_sensitivity: {summary: TLP:AMBER}
clauses:
  - id: op1
    text: Work together.
    sources: [fact-sheet]
claims:
  - field: signatories.jpn
    value: false
    sources: [{source: press, locator: p. 2}]
sources: [fact-sheet]
"""
PRESS = "id: press\ntitle: Press report\n"


def checked(tmp_path: Path, extra: dict[str, str]) -> Checked:
    return check(write_minimal_repo(tmp_path, extra))


def lines(result: Checked) -> list[str]:
    return [str(d) for d in result.diagnostics]


def statement(tmp_path: Path, text: str = STATEMENT) -> Statement:
    result = checked(
        tmp_path, {"content/statements/js.yaml": text, "content/sources/press.yaml": PRESS}
    )
    return result.corpus.statements["js"]


# -- resolve_field and claims --------------------------------------------------------


def test_resolve_field_reads_fields_dotted_paths_and_signatories(tmp_path: Path) -> None:
    js = statement(tmp_path)
    assert resolve_field(js, "title") == "Joint statement"
    assert resolve_field(js, "lead") == ["kor"]
    assert resolve_field(js, "field_sensitivity.summary") == "TLP:AMBER"
    assert resolve_field(js, "clauses") == js.clauses
    assert resolve_field(js, "signatories.jpn") is True
    assert resolve_field(js, "signatories.chn") is False  # a claim may say it signed


@pytest.mark.parametrize(
    "path", ["signatory", "signatories.jpn.date", "title.text", "field_sensitivity.title"]
)
def test_resolve_field_says_when_a_path_names_nothing(tmp_path: Path, path: str) -> None:
    assert resolve_field(statement(tmp_path), path) is _MISSING


def test_a_conflicting_claim_is_a_warning_naming_both_sides(tmp_path: Path) -> None:
    text = STATEMENT
    result = checked(
        tmp_path, {"content/statements/js.yaml": text, "content/sources/press.yaml": PRESS}
    )
    assert lines(result) == [
        "content/statements/js.yaml:12:5: warning: sources disagree about signatories.jpn: "
        "fact-sheet gives yes, press gives no [claim/conflict]"
    ]


@pytest.mark.parametrize(
    ("field", "value"),
    [("lead", "[kor]"), ("title", "Joint statement"), ("signatories.jpn", "true")],
)
def test_an_agreeing_claim_is_silent(tmp_path: Path, field: str, value: str) -> None:
    text = STATEMENT.replace(
        "field: signatories.jpn\n    value: false", f"field: {field}\n    value: {value}"
    )
    result = checked(
        tmp_path, {"content/statements/js.yaml": text, "content/sources/press.yaml": PRESS}
    )
    assert lines(result) == []


def test_a_claim_about_a_misspelt_field_suggests_the_right_one(tmp_path: Path) -> None:
    text = STATEMENT.replace("field: signatories.jpn", "field: signatorys.jpn")
    result = checked(
        tmp_path, {"content/statements/js.yaml": text, "content/sources/press.yaml": PRESS}
    )
    assert lines(result) == [
        "content/statements/js.yaml:12:12: error: claim is about 'signatorys.jpn', which this "
        "statement does not have; did you mean 'signatories.jpn'? [claim/unknown-field]"
    ]


# -- references ------------------------------------------------------------------------


def test_references_finds_citations_nested_in_assessments() -> None:
    commitment = Commitment.model_validate(
        {
            "id": "kor-coe",
            "made_by": "kor",
            "made_at": "seoul-2012",
            "category": "coe",
            "text": "Build a centre.",
            "assessments": [
                {"round": "seoul-2012", "status": "no evidence", "evidence": "None yet."},
                {
                    "date": "2013-01-01",
                    "status": "limited",
                    "evidence": "Planned.",
                    "sources": ["fact-sheet", {"source": "press", "locator": "p. 2"}],
                },
            ],
        }
    )
    assert set(references(commitment)) == {
        (("made_by",), "kor", ("state",)),
        (("made_at",), "seoul-2012", ("summit",)),
        (("category",), "coe", ("category",)),
        (("assessments", 0, "round"), "seoul-2012", ("summit",)),
        (("assessments", 1, "sources", 0, "source"), "fact-sheet", ("source",)),
        (("assessments", 1, "sources", 1, "source"), "press", ("source",)),
    }


def test_references_finds_delegations_in_clauses_and_skips_what_is_empty() -> None:
    """Clauses are walked for their citations, reservations and alternatives' delegations;
    empty lists, None and translations (which name no record) hold nothing to find."""
    statement = Statement.model_validate(
        {
            "id": "s", "title": "S", "type": "joint-statement", "round": "seoul-2012",
            "signatories": ["kor"], "translations": {"fr": {"title": "S (fr)"}},
            "clauses": [
                {"id": "c1", "text": "One.", "sources": [], "alternatives": []},
                {"id": "c2", "text": "Two.", "reserved_by": ["jpn"],
                 "translations": {"fr": "Deux."},
                 "alternatives": [{"text": "Deux.", "by": ["chn", "eu"]}]},
            ],
        }
    )  # fmt: skip
    assert set(references(statement)) == {
        (("round",), "seoul-2012", ("summit",)),
        (("signatories", 0, "state"), "kor", ("state",)),
        (("clauses", 1, "reserved_by", 0), "jpn", ("state", "organization")),
        (("clauses", 1, "alternatives", 0, "by", 0), "chn", ("state", "organization")),
        (("clauses", 1, "alternatives", 0, "by", 1), "eu", ("state", "organization")),
    }


def test_references_finds_action_item_owners_and_their_commitments() -> None:
    basket = Basket.model_validate(
        {
            "id": "coe-basket",
            "title": "Centre collaboration",
            "round": "seoul-2012",
            "objective": "Train together.",
            "signatories": [{"organization": "iaea"}],
            "action_items": [
                {
                    "id": "wg",
                    "title": "Working group",
                    "owner": "kor-coe-centre",
                    "deliverable": "Terms of reference",
                    "commitments": ["kor-coe"],
                }
            ],
            "claims": [{"field": "title", "value": "x", "sources": ["press"]}],
        }
    )
    found = set(references(basket))
    assert (
        ("action_items", 0, "owner"),
        "kor-coe-centre",
        ("state", "centre", "network", "organization"),
    ) in found
    assert (("action_items", 0, "commitments", 0), "kor-coe", ("commitment",)) in found
    assert (("signatories", 0, "organization"), "iaea", ("organization",)) in found
    assert (("claims", 0, "sources", 0, "source"), "press", ("source",)) in found


def test_a_reference_to_a_broken_record_is_not_reported_twice(tmp_path: Path) -> None:
    result = checked(tmp_path, {"content/states/jpn.yaml": "id: jpn\niso3: JPN\nname: [Japan\n"})
    assert [d.rule for d in result.diagnostics] == ["load/yaml-syntax"]


def test_unknown_reference_suggests_a_close_id(tmp_path: Path) -> None:
    text = STATEMENT.replace("lead: [kor]", "lead: [korea]")
    result = checked(
        tmp_path, {"content/statements/js.yaml": text, "content/sources/press.yaml": PRESS}
    )
    assert (
        "content/statements/js.yaml:4:8: error: unknown state 'korea'; did you mean 'kor'? "
        "[ref/unknown-state]" in lines(result)
    )


# -- schema errors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            {"content/networks/net.yaml": "id: net\nname: Net\nestablished: soon\n"},
            "content/networks/net.yaml:3:14: error: established: expected a whole number or a "
            "date (YYYY-MM-DD), found text ('soon') [schema/type]",
        ),
        (
            {"content/networks/net.yaml": "id: net\nname: Net\nestablished: 2012-02-30\n"},
            "content/networks/net.yaml:3:14: error: established: '2012-02-30' is not a date "
            "that exists [schema/date]",
        ),
        (
            {"content/sources/s.yaml": "id: s\ntitle: yes\n"},
            "content/sources/s.yaml:2:8: error: title: expected text, found a yes/no value; "
            "put the value in quotes to keep it as text [schema/type]",
        ),
        (
            {"content/sources/s.yaml": "id: s\ntitle: ''\n"},
            "content/sources/s.yaml:2:8: error: title: may not be empty [schema/empty]",
        ),
        (
            {"content/states/jpn.yaml": "id: jpn\niso3: Jpn\nname: Japan\nshort_name: Japan\n"},
            "content/states/jpn.yaml:2:7: error: iso3: 'Jpn' is not an ISO 3166-1 alpha-3 code: "
            "write three capital letters (JPN) [schema/pattern]",
        ),
        (
            {"content/sources/s.yaml": "id: s\ntitle: t\nsensitivity: tlp:amber\n"},
            "content/sources/s.yaml:3:14: error: sensitivity: 'tlp:amber' is not one of: "
            "'TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT' or 'TLP:RED'; "
            "did you mean 'TLP:AMBER'? [schema/enum]",
        ),
    ],
)
def test_schema_errors_say_what_to_write(
    tmp_path: Path, extra: dict[str, str], expected: str
) -> None:
    assert lines(checked(tmp_path, extra)) == [expected]


def test_a_union_member_does_not_report_errors_of_the_other(tmp_path: Path) -> None:
    """`translations` values are a mapping (Translation) or text: a mapping with a
    misspelt field is reported as that, not also as "expected text"."""
    text = STATEMENT.replace(
        "    text: Work together.\n",
        "    text: Work together.\n    translations:\n      fr: {txt: Travailler ensemble.}\n",
    )
    result = checked(
        tmp_path, {"content/statements/js.yaml": text, "content/sources/press.yaml": PRESS}
    )
    assert lines(result) == [
        "content/statements/js.yaml:11:12: error: unknown field 'txt'; did you mean 'text'? "
        "[schema/unknown-field]"
    ]


def test_a_bad_dictionary_key_is_reported_at_the_key(tmp_path: Path) -> None:
    text = STATEMENT.replace(
        "    text: Work together.\n",
        "    text: Work together.\n    translations:\n      French: Travailler ensemble.\n",
    )
    result = checked(
        tmp_path, {"content/statements/js.yaml": text, "content/sources/press.yaml": PRESS}
    )
    assert [(d.position.line, d.position.col, d.rule) for d in result.diagnostics] == [
        (11, 7, "schema/pattern")
    ]


# -- rules between records ------------------------------------------------------------------


def test_a_document_leading_into_a_cycle_is_not_itself_reported(tmp_path: Path) -> None:
    def js(name: str, follows: str) -> str:
        return f"id: {name}\ntitle: Statement {name}\nround: seoul-2012\nfollows: {follows}\n"

    result = checked(
        tmp_path,
        {
            "content/statements/a.yaml": js("a", "b"),
            "content/statements/b.yaml": js("b", "a"),
            "content/statements/c.yaml": js("c", "a"),
        },
    )
    assert [(d.position.path, d.rule) for d in result.diagnostics] == [
        ("content/statements/a.yaml", "lineage/cycle"),
        ("content/statements/b.yaml", "lineage/cycle"),
    ]


def test_a_dated_assessment_before_the_commitment_is_an_error(tmp_path: Path) -> None:
    commitment = (
        "id: kor-coe\nmade_by: kor\nmade_at: seoul-2012\ncategory: coe\ntext: Build it.\n"
        "assessments:\n  - date: 2011-06-01\n    status: no evidence\n    evidence: None.\n"
        "  - date: 2012-03-27\n    status: no evidence\n    evidence: None.\n"
    )
    result = checked(tmp_path, {"content/commitments/kor-coe.yaml": commitment})
    assert lines(result) == [
        "content/commitments/kor-coe.yaml:7:11: error: assessment dated 2011-06-01 comes before "
        "the commitment was made at 'seoul-2012'; assess it at that round or later "
        "[assessment/before-commitment]"
    ]


def test_a_record_that_fits_another_folder_is_told_where_to_go(tmp_path: Path) -> None:
    result = checked(
        tmp_path,
        {"content/sources/fra.yaml": "id: fra\niso3: FRA\nname: France\nshort_name: France\n"},
    )
    assert lines(result) == [
        "content/sources/fra.yaml:1:1: error: this looks like a state record; "
        "move it to content/states/ [layout/wrong-folder]"
    ]


MINI = Path(__file__).parent / "data" / "mini"


@pytest.mark.parametrize(
    ("owner", "co_sponsors", "warned"),
    [
        ("jpn-centre", "[jpn, chn]", None),  # a co-sponsor's centre
        ("net", "[jpn, chn]", None),  # a network of the lead and a co-sponsor only
        ("net", "[chn]", "'net' (of jpn)"),  # the network has a member outside
        ("jpn-centre", "[chn]", "'jpn-centre' (of jpn)"),  # another state's centre
        ("un", "[jpn, chn]", "'un'"),  # an organization
        ("usa", "[jpn, chn]", "'usa'"),
    ],
)
def test_action_item_owner_outside_the_sponsors_is_a_warning(
    tmp_path: Path, owner: str, co_sponsors: str, warned: str | None
) -> None:
    import shutil

    root = tmp_path / "repo"
    shutil.copytree(
        MINI, root, ignore=shutil.ignore_patterns("build", "generated", ".summit-cache")
    )
    basket = root / "gifts" / "mini-basket.yaml"
    text = basket.read_text(encoding="utf-8")
    text = text.replace("    owner: kor\n", f"    owner: {owner}\n")
    basket.write_text(text.replace("co_sponsors: [jpn, chn]", f"co_sponsors: {co_sponsors}"))
    checked = check(root)
    found = [d for d in checked.diagnostics if d.rule == "basket/owner-not-sponsor"]
    if warned is None:
        assert found == []
        return
    assert [d.position.path for d in found] == ["gifts/mini-basket.yaml"]
    assert f"action item 'wg' is owned by {warned}, which is neither" in found[0].message
    fix = "make jpn a co-sponsor" if "jpn" in warned else "make usa a co-sponsor"
    assert (fix in found[0].message) == (warned != "'un'")
